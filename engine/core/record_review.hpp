// One record as an assessor reviews it: read and verified, its own scenario version found (library, then
// version store), re-run, its integrity judged, its sign-off checked, and every step laid out as the learner
// saw it. `counterpart verify`, `report`, `portfolio` and the window app's workspace all read this, so they
// cannot disagree about what a record shows. Also re-scoring: the same choices under today's scenario.
//
// Index: [Steps as the learner saw them] [Reviewing a record] [Re-scoring]
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "assessment.hpp"
#include "debrief.hpp"
#include "record.hpp"
#include "version_store.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Steps as the learner saw them]
//-----------------------------------------------------------------------------------------------------------

struct StepVerdict {
    std::string rule;    // rule id
    std::string title;   // the rule's title
    Verdict verdict = Verdict::Pending;
    bool critical = false;
    std::string source;  // law, guidance or policy section
};

struct ReviewStep {
    int step = 0;                        // 1-based
    std::string node;                    // node id
    std::string sim_time;                // the scenario's clock, as the learner saw it
    std::vector<TranscriptEntry> before; // what the learner read before choosing (lines, documents)
    std::vector<std::string> shown;      // the options' texts, in the order shown
    std::vector<std::string> shown_ids;
    int chosen = -1;                     // index into `shown`
    ChoiceGrade grade = ChoiceGrade::Ungraded;
    std::string grade_reason;            // the author's one-line reason
    long long time_ms = 0;               // time taken on the step
    std::vector<std::string> consulted;  // handbook rules read before this choice: "FX-02 Verify before ..."
    std::vector<StepVerdict> verdicts;   // verdicts this step decided
    int score_after = 0;                 // adherence after the step
    int mood_after = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Reviewing a record]
//-----------------------------------------------------------------------------------------------------------

struct ReviewedRecord {
    std::string path;
    RecordFile record;
    RecordScenario scenario;  // the version it was made with, and where it was found
    ReplayResult replay;      // when the scenario was found
    RecordIntegrity integrity;
    AssessmentCheck assessment;           // the sign-off file beside it
    std::vector<ReviewStep> steps;        // when replayed
    std::vector<TranscriptEntry> closing; // what followed the last choice (the ending)
    std::unique_ptr<DebriefModel> debrief;  // when complete
    // Everything that makes the record unfit as evidence as it stands, in words: altered at line N, cut off
    // after step N, resumed, scenario version not available, sign-off broken or outdated. Empty: verified.
    std::vector<std::string> problems;

    bool verified() const { return problems.empty(); }
    bool signed_off() const;  // the sign-off holds an assessment decision and checks out
};

// Reviews the record at `path`; never throws. `marking_point_text` names marking points in the debrief.
ReviewedRecord review_record(const std::string& path, const std::vector<ScenarioFolder>& folders,
                             const VersionStore& store, const MarkingPointText& marking_point_text = {});
// The same over the user's library and version store.
ReviewedRecord review_record(const std::string& path, const MarkingPointText& marking_point_text = {});

// The steps of a replayed record as the learner saw them (re-run from the record's choices).
std::vector<ReviewStep> review_steps(const RecordFile& record, const ReplayResult& replay,
                                     std::vector<TranscriptEntry>* closing = nullptr);

// Marking points a (replayed) session shows, each with how: "kept FX-02 (step 2)" for a kept rule tagged
// with it, "chose 'c-ask' at step 1" for a chosen option tagged with it. The debrief's rule, with reasons.
std::map<std::string, std::vector<std::string>> marking_point_evidence(const Session& session);

//-----------------------------------------------------------------------------------------------------------
// [Re-scoring]
//-----------------------------------------------------------------------------------------------------------

struct RescoreStep {
    int step = 0;
    std::string chosen;                          // choice id
    std::string grade_then, grade_now;           // "best", "poor", ... ("" when not recorded)
    std::vector<std::string> verdicts_then, verdicts_now;  // "KEPT FX-02", "BROKEN FX-01" as decided at this step
    int score_then = -1, score_now = -1;         // adherence after the step; -1 unknown
    bool differs() const;
};

struct Rescore {
    bool ok = false;
    std::string error;                 // why re-scoring could not start
    std::string scenario_then, scenario_now;  // "version 1.0.0 (fingerprint ...)"
    std::vector<RescoreStep> steps;
    int stopped_at = 0;                // the step that cannot be re-run under today's scenario (0: none)
    std::string stop_reason;
    bool ended_then = false, ended_now = false;
    bool passed_then = false, passed_now = false;
    int score_then = -1, score_now = -1;
    std::string reason_now;
    bool changed() const;              // any step or the result differs
};

// Re-runs `record`'s choices under `current` (today's scenario and rubric) and sets each step's verdicts,
// grade and score beside those recorded. `original` (the record replayed under its own version) gives the
// recorded score after each step; it may be null.
Rescore rescore_record(const RecordFile& record, const ReplayResult* original,
                       std::shared_ptr<const Scenario> current);
// The difference as text: one line per step that changed, then the result then and now.
std::string rescore_text(const Rescore& rescore);

}  // namespace cp
