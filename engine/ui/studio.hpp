// The tutor's studio in the app: a scenario open for editing (cp::ScenarioDocument), its live checks on a
// background thread (cp::LiveChecker), and what the three panels keep between frames. Panels draw and emit
// Intents; App::apply() alone edits the document (see app.hpp).
//
// Index: [Studio] [Panels]
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "live_checks.hpp"
#include "loader.hpp"
#include "scenario_document.hpp"
#include "studio_rules.hpp"

namespace cp::ui {

class App;
struct Intent;
struct FormsState;  // studio_forms.hpp: the inspector forms' own state
struct StudioPlay;  // studio_playtest.hpp

//-----------------------------------------------------------------------------------------------------------
// [Studio]
//-----------------------------------------------------------------------------------------------------------

// An action the palette offers: its id and label, the policy that declares it, and the rules that judge it.
struct PaletteAction {
    std::string id, label, origin;  // origin: policy id, or "scenario"
    std::vector<std::string> rules;  // "CP-01 Recognise a complaint"
};

class Studio {
  public:
    // Opens `path` for editing with the policies beside it. Null with a reason.
    static std::unique_ptr<Studio> open(const std::string& path, std::string& error);

    ScenarioDocument doc;
    LiveChecker checker;
    std::string status;  // the last thing the studio wants the tutor to know (saved, conflict, ...)
    std::shared_ptr<StudioPlay> play;  // the playtest panel and pass-mark slider (studio_playtest.cpp)

    // Hands the current document to the live checker (after every edit, undo, redo and reload).
    void submit_checks();
    // A policy in the scenario's policy folder was saved: the checks and the action palette read it again.
    void policies_changed();
    std::shared_ptr<const LiveCheckResult> checks() const { return checker.latest(); }
    // Places every node and ending that has no position, in layers from the start (breadth first).
    void auto_layout();
    // Once a frame: autosave every few seconds, and look for changes on disk every second.
    void tick(std::chrono::steady_clock::time_point now);
    // The actions a choice may perform, grouped by policy, each with the rules that judge it.
    const std::vector<PaletteAction>& palette() const { return palette_; }

    // What the panels keep between frames (screen-local view state, not the document).
    struct View {
        ImVec2 pan{40, 40};
        float zoom = 1.0f;
        std::string dragging;            // node id being dragged
        bool box_selecting = false;
        ImVec2 box_start{0, 0};          // canvas coordinates
        std::set<std::string> box_selected;
        std::map<std::string, std::string> drafts;  // text fields being edited, by JSON pointer
        char palette_search[64] = "";
        std::string jump_to;  // a JSON pointer the inspector should scroll to and highlight
        int nodes_drawn = 0;  // after culling, last frame (tests and benchmarks)
    } view;
    std::shared_ptr<FormsState> forms;  // made by the inspector on first use (studio_forms.hpp)
    StudioRules rules;  // file actions and the rule editor (studio_files.cpp, studio_rules.cpp)

  private:
    Studio(ScenarioDocument d, const std::string& policies_dir);
    void load_palette(const std::string& policies_dir);

    std::vector<PaletteAction> palette_;
    std::string policies_dir_;
    std::chrono::steady_clock::time_point last_autosave_{}, last_disk_check_{};
};

// Node size on the canvas, in canvas units (before zoom).
inline constexpr float kStudioNodeWidth = 210.0f;
inline constexpr float kStudioNodeHeight = 64.0f;

//-----------------------------------------------------------------------------------------------------------
// [Panels] one file each; each draws its panel and appends the intents the tutor expressed
//-----------------------------------------------------------------------------------------------------------

void draw_studio(App& app, std::vector<Intent>& out);             // studio_screen.cpp: the three panels
void draw_studio_graph(App& app, Studio& studio, std::vector<Intent>& out);      // studio_graph.cpp
void draw_studio_inspector(App& app, Studio& studio, std::vector<Intent>& out);  // studio_inspector.cpp
void draw_studio_problems(App& app, Studio& studio, std::vector<Intent>& out);   // studio_problems.cpp
void draw_studio_rules(App& app, Studio& studio, std::vector<Intent>& out);      // studio_rules.cpp
void draw_studio_files(App& app, Studio& studio, std::vector<Intent>& out);      // studio_files.cpp
// The right-hand panel: the panel switch, then the inspector, the rules or the file actions (studio_files.cpp).
void draw_studio_side(App& app, Studio& studio, std::vector<Intent>& out);
// Applies the file and rule intents (studio_files.cpp, studio_rules.cpp); false for any other intent.
bool apply_studio_files(App& app, const Intent& intent);
bool apply_studio_rules(App& app, Studio& studio, const Intent& intent);
// Saves the scenario; the status warns of a change saved without a version bump, and a bump's note goes to
// the changelog beside the file (studio_files.cpp).
bool save_studio(Studio& studio);

}  // namespace cp::ui
