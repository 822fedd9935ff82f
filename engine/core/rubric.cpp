#include "rubric.hpp"

#include <algorithm>

namespace cp {

const char* to_string(Verdict v) {
    switch (v) {
        case Verdict::Pending:
            return "not yet decided";
        case Verdict::Kept:
            return "kept";
        case Verdict::Broken:
            return "broken";
        case Verdict::NotApplicable:
            return "not applicable";
    }
    return "?";
}

const char* verdict_code(Verdict v) {
    switch (v) {
        case Verdict::Pending:
            return "pending";
        case Verdict::Kept:
            return "kept";
        case Verdict::Broken:
            return "broken";
        case Verdict::NotApplicable:
            return "not_applicable";
    }
    return "?";
}

std::optional<Verdict> verdict_from_code(std::string_view code) {
    if (code == "pending") return Verdict::Pending;
    if (code == "kept") return Verdict::Kept;
    if (code == "broken") return Verdict::Broken;
    if (code == "not_applicable") return Verdict::NotApplicable;
    return std::nullopt;
}

Rubric::Rubric(const Scenario& scenario)
    : scenario_(scenario),
      inner_(scenario.rules.size()),
      activated_step_(scenario.rules.size(), -1),
      first_step_(scenario.actions.size(), -1),
      first_time_(scenario.actions.size()),
      public_(scenario.rules.size()) {
    for (std::size_t i = 0; i < scenario.rules.size(); ++i)
        if (!scenario.rules[i].when) activated_step_[i] = 0;
}

void Rubric::refresh_public() {
    // Assigned in place, so a verdict's detail reuses its string at every step instead of a new copy.
    before_.resize(public_.size());
    for (std::size_t i = 0; i < public_.size(); ++i) {
        before_[i] = public_[i].verdict;
        if (activated_step_[i] >= 0)
            public_[i] = inner_[i];
        else if (finished_)
            public_[i] = {Verdict::NotApplicable, inner_[i].step, "its condition never held"};
        else
            public_[i] = {};
    }
}

std::vector<RuleChange> Rubric::diff() const {
    std::vector<RuleChange> changes;
    for (std::size_t i = 0; i < public_.size(); ++i)
        if (public_[i].verdict != before_[i]) changes.push_back({static_cast<int>(i), public_[i]});
    return changes;
}

void Rubric::activate(const EvalContext& ctx, int step) {
    for (std::size_t i = 0; i < scenario_.rules.size(); ++i) {
        const auto& when = scenario_.rules[i].when;
        if (activated_step_[i] < 0 && when && when->evaluate(ctx)) activated_step_[i] = step;
    }
}

std::vector<RuleChange> Rubric::begin(const EvalContext& ctx) {
    activate(ctx, 0);
    refresh_public();
    return diff();
}

namespace {
bool contains(const std::vector<int>& v, int x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

void Rubric::judge_action(std::size_t i, int step, const PerformedAction& a, DateTime now) {
    Date today = now.date;
    const ScopedRule& rule = scenario_.rules[i];
    RuleVerdict& v = inner_[i];
    if (v.verdict != Verdict::Pending) return;
    const std::string& action_label = scenario_.actions[static_cast<std::size_t>(a.action)].label;
    switch (rule.rule->body.kind) {
        case RuleKind::Required:
            if (contains(rule.actions, a.action))
                v = {Verdict::Kept, step, "done at step " + std::to_string(step) + ": " + action_label};
            else if (a.action == rule.window_action && activated_step_[i] >= 0)
                v = {Verdict::Broken, step,
                     "\"" + action_label + "\" at step " + std::to_string(step) + " came before it was done (" +
                         describe_window(rule.window) + ")"};
            break;
        case RuleKind::Forbidden:
            if (contains(rule.actions, a.action))
                v = {Verdict::Broken, step, "done at step " + std::to_string(step) + ": " + action_label};
            break;
        case RuleKind::Before:
            if (contains(rule.then, a.action)) {
                int earliest = -1;
                for (int f : rule.first) {
                    int s = first_step_[static_cast<std::size_t>(f)];
                    if (s >= 0 && (earliest < 0 || s < earliest)) earliest = s;
                }
                if (earliest >= 0)
                    v = {Verdict::Kept, step,
                         "step " + std::to_string(earliest) + " came before \"" + action_label +
                             "\" at step " + std::to_string(step)};
                else
                    v = {Verdict::Broken, step,
                         "\"" + action_label + "\" at step " + std::to_string(step) +
                             " came before the step it requires"};
            }
            break;
        case RuleKind::Deadline:
            if (contains(rule.actions, a.action) && rule.rule->body.within.timed()) {
                // Same-day deadlines judge when the action is done, counted from the start or an action.
                DateTime from = scenario_.start_time;
                if (rule.from_action >= 0) {
                    int s = first_step_[static_cast<std::size_t>(rule.from_action)];
                    from = s >= 0 ? first_time_[static_cast<std::size_t>(rule.from_action)] : now;
                }
                DateTime due = scenario_.calendar.due_time(from, rule.rule->body.within);
                v = {now <= due ? Verdict::Kept : Verdict::Broken, step,
                     "done " + now.long_text() + "; due by " + due.long_text() + " (" +
                         describe_span(rule.rule->body.within) + " from " + from.long_text() + ")"};
            } else if (contains(rule.actions, a.action)) {
                Date from = scenario_.start_time.date;
                std::string from_text = "the day of receipt, " + from.long_text();
                if (rule.from_date) {
                    from = *rule.from_date;
                    from_text = "'" + rule.rule->body.from + "', " + from.long_text();
                } else if (rule.from_action >= 0) {
                    int s = first_step_[static_cast<std::size_t>(rule.from_action)];
                    from = s >= 0 ? first_time_[static_cast<std::size_t>(rule.from_action)].date : today;
                    from_text = from.long_text();
                }
                Date due = scenario_.calendar.due_date(from, rule.rule->body.within);
                if (!a.date) break;  // the loader guarantees a date; nothing to judge otherwise
                std::string detail = "promised " + a.date->long_text() + "; due by " + due.long_text() +
                                     " (" + describe_span(rule.rule->body.within) + " from " + from_text +
                                     ")";
                v = {*a.date <= due ? Verdict::Kept : Verdict::Broken, step, detail};
            }
            break;
    }
}

std::vector<RuleChange> Rubric::record_step(int step, const std::vector<PerformedAction>& actions, DateTime now,
                                            const EvalContext& after, StepPlace place) {
    for (const auto& a : actions) {
        for (std::size_t i = 0; i < scenario_.rules.size(); ++i) judge_action(i, step, a, now);
        auto ai = static_cast<std::size_t>(a.action);
        if (first_step_[ai] < 0) {
            first_step_[ai] = step;
            first_time_[ai] = now;
        }
    }
    activate(after, step);
    close_windows(step, place);
    refresh_public();
    return diff();
}

void Rubric::close_windows(int step, StepPlace place) {
    for (std::size_t i = 0; i < scenario_.rules.size(); ++i) {
        const ScopedRule& rule = scenario_.rules[i];
        RuleVerdict& v = inner_[i];
        if (v.verdict != Verdict::Pending || activated_step_[i] < 0 ||
            rule.rule->body.kind != RuleKind::Required)
            continue;
        if (rule.window.kind == RuleWindow::Kind::Steps && step - activated_step_[i] >= rule.window.steps) {
            int due = activated_step_[i] + rule.window.steps;
            v = {Verdict::Broken, step,
                 "not done " + describe_window(rule.window) +
                     (activated_step_[i] == 0 ? "" : " of applying at step " + std::to_string(activated_step_[i])) +
                     " (due by step " + std::to_string(due) + ")"};
        } else if (rule.window.kind == RuleWindow::Kind::BeforeLeaving && place.from_node == rule.window_node &&
                   place.to_node != rule.window_node) {
            v = {Verdict::Broken, step, "not done before leaving '" + rule.window.node + "' at step " +
                                            std::to_string(step)};
        }
    }
}

std::vector<RuleChange> Rubric::finish(int last_step) {
    for (std::size_t i = 0; i < scenario_.rules.size(); ++i) {
        RuleVerdict& v = inner_[i];
        if (v.verdict != Verdict::Pending) continue;
        switch (scenario_.rules[i].rule->body.kind) {
            case RuleKind::Required:
                v = {Verdict::Broken, last_step, "never done before the end"};
                break;
            case RuleKind::Forbidden:
                v = {Verdict::Kept, last_step, "never done"};
                break;
            case RuleKind::Before:
                v = {Verdict::NotApplicable, last_step, "the later step never happened"};
                break;
            case RuleKind::Deadline:
                v = {Verdict::NotApplicable, last_step, "no date was promised"};
                break;
        }
    }
    finished_ = true;
    refresh_public();
    return diff();
}

namespace {
// Whole percent kept of the applicable weight, rounded down; 100 when nothing applicable is decided yet.
int adherence(int kept_weight, int applicable_weight) {
    return applicable_weight == 0 ? 100 : (100 * kept_weight) / applicable_weight;
}
}  // namespace

int Rubric::score() const {
    int kept = 0, applicable = 0;
    for (std::size_t i = 0; i < public_.size(); ++i) {
        Verdict v = public_[i].verdict;
        if (v != Verdict::Kept && v != Verdict::Broken) continue;
        int weight = scenario_.rules[i].rule->weight;
        applicable += weight;
        if (v == Verdict::Kept) kept += weight;
    }
    return adherence(kept, applicable);
}

RubricResult Rubric::result() const {
    RubricResult r;
    r.finished = finished_;
    for (std::size_t i = 0; i < public_.size(); ++i) {
        const auto& rule = *scenario_.rules[i].rule;  // weight is the policy's; severity the scenario's
        if (public_[i].verdict == Verdict::Kept) {
            r.kept_weight += rule.weight;
            r.applicable_weight += rule.weight;
        } else if (public_[i].verdict == Verdict::Broken) {
            r.applicable_weight += rule.weight;
            if (scenario_.rules[i].severity == RuleSeverity::Critical) r.critical_breaches.push_back(static_cast<int>(i));
        }
    }
    r.score = adherence(r.kept_weight, r.applicable_weight);
    bool score_ok = r.score >= scenario_.pass_mark;
    r.passed = r.critical_breaches.empty() && score_ok;
    std::string score_text = std::to_string(r.score) + "%";
    std::string mark_text = std::to_string(scenario_.pass_mark) + "%";
    if (!r.critical_breaches.empty()) {
        const auto& first = scenario_.rules[static_cast<std::size_t>(r.critical_breaches.front())];
        r.reason = "a critical rule was broken: " + first.id() + " " + first.rule->title + " (step " +
                   std::to_string(public_[static_cast<std::size_t>(r.critical_breaches.front())].step) + ")";
        if (r.critical_breaches.size() > 1)
            r.reason += ", and " + std::to_string(r.critical_breaches.size() - 1) + " more";
        r.reason += "; a critical breach fails the attempt whatever the score";
    } else if (!score_ok) {
        r.reason = "adherence " + score_text + " is below the pass mark of " + mark_text;
    } else {
        r.reason = "no critical rule was broken and adherence " + score_text + " meets the pass mark of " +
                   mark_text;
    }
    return r;
}

}  // namespace cp
