// The debrief model: what a finished (or replayed) session earned, computed once from the session so the
// terminal player, the window app's debrief screen, replay and reports all show the same thing.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "runtime.hpp"

namespace cp {

// One rule's verdict, with what a reader needs beside it.
struct DebriefRow {
    int rule = -1;  // index into Scenario::rules
    RuleVerdict verdict;
    bool critical = false;        // as judged in this scenario
    RuleSeverity severity = RuleSeverity::Major;
    std::string severity_note;    // "lowered from critical by this scenario: <reason>", or empty
    std::string source;           // the rule's source (law, guidance, policy section)
};

// One choice the learner made, with the author's grade of it.
struct GradedChoice {
    int step = 0;    // 1-based
    int choice = -1; // index into Scenario::choices
    ChoiceGrade grade = ChoiceGrade::Ungraded;
    std::string text;    // what the learner said (rendered)
    std::string reason;  // the author's one-line reason for the grade
};

struct DebriefModel {
    bool passed = false;
    std::string reason;
    int score = 0;
    int pass_mark = 0;
    std::vector<DebriefRow> rows;     // critical breaches first, then breaches, kept, pending, n/a
    std::vector<GradedChoice> grades; // every unsafe choice first, then poor, acceptable, best; by step within
    int grade_counts[5] = {0, 0, 0, 0, 0};  // by ChoiceGrade
    bool graded = false;              // the scenario grades its options (format 2)
    std::vector<int> mood;            // start, then after each step (not scored)
    std::vector<int> scores;          // adherence after each step
    std::vector<std::string> marking_points;              // "PS-MP-INTERPRET: Accessing and interpreting ..."
    std::vector<std::pair<std::string, bool>> best_path;  // choice text, whether the learner chose it too
    std::string ending_title;
    std::string ending_text;
};

// Text of a marking point by id (empty when unknown): the library's marking-points.json.
using MarkingPointText = std::function<std::string(const std::string& id)>;

// Builds the model. `score_history` is the adherence after each step (RecordedSession and replay keep it);
// `marking_point_text` may be empty.
DebriefModel make_debrief(const Session& session, const std::vector<int>& score_history,
                          const MarkingPointText& marking_point_text = {});

// "The scenario made this rule minor (the policy says critical): <reason>", or empty when unchanged.
std::string severity_note(const ScopedRule& rule);

}  // namespace cp
