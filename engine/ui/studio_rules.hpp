// What the studio keeps for its file actions and its rule editor (studio_files.cpp, studio_rules.cpp): which
// right-hand panel shows, the shared policy open for editing, and the impact of its edit on the scenarios
// that use it, computed on a background thread so a frame never waits for an analysis.
//
// Index: [Panels] [Impact job] [StudioRules]
#pragma once

#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "policy_document.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Panels]
//-----------------------------------------------------------------------------------------------------------

// The right-hand panel of the studio: the inspector (studio_inspector.cpp), the rules, or the file actions.
enum class StudioPanel { Inspector, Rules, File };
const char* studio_panel_name(StudioPanel panel);  // "inspector", "rules", "file"

//-----------------------------------------------------------------------------------------------------------
// [Impact job]
//-----------------------------------------------------------------------------------------------------------

// The impact of the open policy's edit, worked out off the frame thread for one revision at a time.
class ImpactJob {
  public:
    // Starts a run for `revision` unless one for it is running or done; a newer revision waits for the run
    // in progress and then starts (poll() does that).
    void want(std::uint64_t revision, std::string scenarios_dir, std::string policies_dir, std::string policy_id,
              std::string text);
    // Once a frame: takes a finished run's result, starts the wanted one. True while work is outstanding.
    bool poll();
    // Blocks until the wanted revision's result is in (tests, benchmarks).
    void wait();
    const std::vector<PolicyImpact>& result() const { return result_; }
    std::uint64_t result_revision() const { return result_revision_; }
    bool has_result() const { return has_result_; }
    // Forgets everything (another policy was opened); a run in progress finishes first.
    void reset();
    ~ImpactJob();

  private:
    struct Request {
        std::uint64_t revision = 0;
        std::string scenarios_dir, policies_dir, policy_id, text;
    };
    std::optional<Request> wanted_;
    std::future<std::vector<PolicyImpact>> running_;
    std::uint64_t running_revision_ = 0;
    std::vector<PolicyImpact> result_;
    std::uint64_t result_revision_ = 0;
    bool has_result_ = false;
};

//-----------------------------------------------------------------------------------------------------------
// [StudioRules]
//-----------------------------------------------------------------------------------------------------------

struct StudioRules {
    StudioPanel panel = StudioPanel::Inspector;
    std::string target;                    // "" the scenario's own rules; else the open policy's id
    std::optional<PolicyDocument> policy;  // the shared policy open for editing
    std::string selected_rule;             // rule id in the target
    std::string status;                    // what the last file or rule action said
    ImpactJob impact;
    // Form fields (text being typed before an action takes it).
    char new_rule_id[32] = "";
    char new_scenario_id[64] = "";
    char new_scenario_title[128] = "";
    char rename_id[64] = "";
    char duplicate_id[64] = "";
    char version_note[256] = "";
    int template_index = 0;
    int version_part = 0;  // VersionPart
};

}  // namespace cp::ui
