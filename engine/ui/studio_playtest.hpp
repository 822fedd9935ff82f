// The studio's playtest panel and pass-mark slider: what they keep between frames (Studio::play), and the
// functions other studio panels call. The playtest plays the document as it is in memory (the live checks'
// scenario of the current revision) through the one session layer (cp::start_playtest), never recorded.
//
// Index: [State] [Panels]
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "playtest.hpp"
#include "scenario_document.hpp"

namespace cp::ui {

class App;
class Studio;
struct Intent;

//-----------------------------------------------------------------------------------------------------------
// [State]
//-----------------------------------------------------------------------------------------------------------

struct StudioPlay {
    enum class Stage { Closed, Setup, Playing };
    Stage stage = Stage::Closed;
    PlaytestSetup setup;                         // chosen on the setup page
    std::string start_node_id;                   // "" the scenario's start
    std::shared_ptr<const Scenario> scenario;    // the revision being played
    std::unique_ptr<RecordedSession> session;    // null on the setup page
    std::optional<StepResult> last_step;         // the verdicts of the last choice
    std::vector<int> script;                     // an example path being replayed: its choices
    std::size_t script_at = 0;                   // choices of it taken so far
    std::string script_label;                    // "a passing path through c-log"
    char golden_name[64] = "";
    std::string message;                         // the panel's last message (saved, could not save, ...)
    int scrolled_to_step = -1;                   // the transcript was scrolled to show this step
    // Where the tutor was, restored by "Back to editor".
    StudioSelection return_selection;
    ImVec2 return_pan{0, 0};
    float return_zoom = 1.0f;
    // The pass-mark slider's preview (-1: the scenario's own mark).
    int preview_mark = -1;
    std::string select_tab;  // a checks tab to bring forward next frame ("problems", "pass-mark", "example-paths")
};

//-----------------------------------------------------------------------------------------------------------
// [Panels]
//-----------------------------------------------------------------------------------------------------------

// True while the playtest panel replaces the inspector.
bool studio_playtest_open(const Studio& st);
// The playtest side panel (setup page, or the conversation with verdicts, score and saving as golden).
void draw_studio_playtest(App& app, Studio& st, std::vector<Intent>& out);
// The pass-mark slider: paths and kinds of learner that pass at each mark; "Set pass mark" edits.
void draw_studio_pass_marks(App& app, Studio& st, std::vector<Intent>& out);
// Every choice's example paths (a pass, a fail), each played in the playtest panel with one click.
void draw_studio_examples(App& app, Studio& st, std::vector<Intent>& out);
// One choice's example path buttons, for the inspector's choice form (nothing when the checks have none).
void draw_choice_examples(App& app, Studio& st, const std::string& choice_id, std::vector<Intent>& out);
// The checks area under the graph: tabs for the problem list, the pass-mark slider and the example paths.
void draw_studio_checks_tabs(App& app, Studio& st, std::vector<Intent>& out);
// The toolbar's playtest buttons ("Playtest from start", "Playtest from here").
void draw_studio_playtest_buttons(App& app, Studio& st, std::vector<Intent>& out);

}  // namespace cp::ui
