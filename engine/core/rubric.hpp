// The procedure rubric: judges the trace of the officer's actions against the rules in scope.
// Mood is deliberately absent: nothing here can see it, so it cannot move the score.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model.hpp"

namespace cp {

enum class Verdict { Pending, Kept, Broken, NotApplicable };
const char* to_string(Verdict v);     // "not yet decided", "kept", "broken", "not applicable"
const char* verdict_code(Verdict v);  // "pending", "kept", "broken", "not_applicable" (records)
std::optional<Verdict> verdict_from_code(std::string_view code);

struct RuleVerdict {
    Verdict verdict = Verdict::Pending;
    int step = 0;        // the step that decided it (1-based; 0 = before any choice)
    std::string detail;  // why, in plain words ("performed at step 3", "promised 5 April; due by 2 April")
};

struct RuleChange {
    int rule = -1;  // index into Scenario::rules
    RuleVerdict now;
};

// An action the officer performed, with its date parameter already resolved.
struct PerformedAction {
    int action = -1;
    std::optional<Date> date;
};

struct RubricResult {
    int score = 100;  // whole percent, rounded down; 100 when nothing applicable is decided yet
    int kept_weight = 0;
    int applicable_weight = 0;  // kept + broken
    bool passed = false;
    bool finished = false;               // all rules decided
    std::vector<int> critical_breaches;  // rule indices
    std::string reason;                  // one sentence: why pass or fail
};

// Where a step happened: the node whose choice it was, and the node it led to (-1 when it led to an ending).
struct StepPlace {
    int from_node = -1;
    int to_node = -1;
};

class Rubric {
  public:
    explicit Rubric(const Scenario& scenario);

    // Before the first choice: conditional rules may already hold (for example a customer's needs).
    std::vector<RuleChange> begin(const EvalContext& ctx);
    // One step: the actions of the chosen option, in order, on the simulated `today`; `after` is the state
    // once the choice's effects are applied.
    // `place` says which node the step left and which it reached (for windows that close on leaving a node).
    // `now` is the simulated time at which the actions are done (its date is the day promises count from).
    std::vector<RuleChange> record_step(int step, const std::vector<PerformedAction>& actions, DateTime now,
                                        const EvalContext& after, StepPlace place = {});
    // The session ended after `last_step`: every rule still pending is decided.
    std::vector<RuleChange> finish(int last_step);

    const std::vector<RuleVerdict>& verdicts() const { return public_; }
    RubricResult result() const;
    // result().score alone, without building the reason (a player keeps the score after every step).
    int score() const;

  private:
    void refresh_public();  // public_ from inner_ and activation, remembering the verdicts before in before_
    std::vector<RuleChange> diff() const;  // the rules whose public verdict changed in refresh_public()
    void judge_action(std::size_t rule, int step, const PerformedAction& a, DateTime now);
    void activate(const EvalContext& ctx, int step);
    void close_windows(int step, StepPlace place);  // required rules whose window closed at this step

    const Scenario& scenario_;
    std::vector<RuleVerdict> inner_;   // the rule body's verdict, whether or not it applies yet
    std::vector<int> activated_step_;  // -1 = condition not yet held
    std::vector<int> first_step_;      // per action: first step performed, or -1
    std::vector<DateTime> first_time_;  // per action: simulated time of first performance
    std::vector<RuleVerdict> public_;
    std::vector<Verdict> before_;  // public verdicts before the last refresh_public()
    bool finished_ = false;
};

}  // namespace cp
