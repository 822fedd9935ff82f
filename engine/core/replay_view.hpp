// A session record laid out for an assessor, step by step: at each step the conversation as the learner saw
// it, the options in the order shown (with their text as rendered then), the one chosen and its grade, the
// time taken, the handbook rules consulted before choosing, and the verdicts decided there with their
// sources; and one integrity statement for the whole record. Built once (the whole replay), so moving to any
// step afterwards costs nothing. The window app's replay screen draws it; reports can print it.
//
// Index: [Steps] [Replay view] [Building]
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "debrief.hpp"
#include "record.hpp"
#include "runtime.hpp"
#include "version_store.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Steps]
//-----------------------------------------------------------------------------------------------------------

struct ReplayOption {
    std::string id;
    std::string text;  // as the learner read it (empty when the scenario version is not available)
    bool chosen = false;
};

struct ReplayVerdict {
    std::string rule;   // "PS-DP-01"
    std::string title;  // empty without the scenario
    std::optional<Verdict> verdict;
    std::string source;  // the rule's source (law, guidance, policy section)
};

struct ReplayStep {
    int step = 0;  // 1-based
    std::string node;
    std::vector<ReplayOption> shown;  // in the order shown
    std::string chosen;               // choice id
    std::string chosen_text;
    std::string grade;             // "best", "acceptable", "poor", "unsafe", "ungraded" (as recorded)
    long long time_on_step_ms = 0;
    int mood = 0;
    std::vector<std::string> consulted;  // "PS-DP-01 Check identity", read before this choice
    std::vector<ReplayVerdict> verdicts;  // decided by this choice
    std::string resumed;                  // "Resumed before this step after a gap of 2 h 5 min ..." or empty
    std::size_t transcript_end = 0;       // transcript entries seen up to and including this step's choice
};

//-----------------------------------------------------------------------------------------------------------
// [Replay view]
//-----------------------------------------------------------------------------------------------------------

struct ReplayView {
    std::string path;
    RecordFile record;
    RecordIntegrity integrity;
    // The integrity banner: one headline and its detail lines ("Verified", "Altered at line 4", "Cut off after
    // step 3 (final newline missing)", "Resumed at step 2 after a gap of ...", "Scenario version not available").
    enum class Banner { Verified, Altered, CutOff, Unreadable };
    Banner banner = Banner::Unreadable;
    std::string headline;
    std::vector<std::string> details;
    std::string witness;  // witness_statement(): whether a learning record store received the session
    std::string scenario_source;  // where the scenario version came from (library or version store), for people
    bool scenario_available = false;
    std::string scenario_title;
    std::unique_ptr<Session> session;  // the replayed session (the transcript), null without the scenario
    std::vector<ReplayStep> steps;
    std::optional<DebriefModel> debrief;  // when the record is complete and replayed
};

//-----------------------------------------------------------------------------------------------------------
// [Building]
//-----------------------------------------------------------------------------------------------------------

// Reads `path` and replays it against `scenario` (the version with the record's fingerprint; null when it is
// not available: the steps then show ids, grades and verdict codes from the record alone). Never throws.
ReplayView build_replay_view(const std::string& path, std::shared_ptr<const Scenario> scenario,
                             const MarkingPointText& marking_point_text = {});
// The same with the version find_record_scenario found (library, else version store), as `counterpart replay`
// and review_record find it; the banner then says where it came from, or why it is not available.
ReplayView build_replay_view(const std::string& path, const RecordScenario& found,
                             const MarkingPointText& marking_point_text = {});

// The banner's witness line: whether a learning record store received this session as it happened (a
// witness a learner cannot rewrite). One function, so the LRS client can fill it in; until then every record
// is "Unwitnessed: no learning record store configured".
std::string witness_statement(const RecordFile& record);

}  // namespace cp
