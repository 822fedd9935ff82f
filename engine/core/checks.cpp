// Index: [Graph shape] [Feedback and best path] [Analysis findings]
#include "checks.hpp"

#include <deque>

#include "runtime.hpp"

namespace cp {

std::string format_path(const Scenario& scenario, const std::vector<int>& choices) {
    if (choices.empty()) return "(at the start)";
    std::string out;
    for (int c : choices) {
        if (!out.empty()) out += " > ";
        out += scenario.choices[static_cast<std::size_t>(c)].id;
    }
    return out;
}

bool lint_reports(AnalysisCheck check) {
    return check != AnalysisCheck::NoPleasantButWrong && check != AnalysisCheck::NoUncomfortableButRight;
}

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Graph shape]
//-----------------------------------------------------------------------------------------------------------

void check_dead_ends(const Scenario& s, Diagnostics& diags) {
    for (const Node& node : s.nodes)
        if (!node.next && node.choices.empty())
            diags.error(node.where, "dead end: node '" + node.id + "' is not an ending and offers no choice");
}

// The node graph alone, conditions ignored: what can be said without exploring states. Used only when the
// analysis stopped at its state limit, so that a large file still hears about its plainly broken links.
void check_node_graph(const Scenario& s, Diagnostics& diags) {
    std::size_t n = s.nodes.size();
    auto targets = [&](const Node& node) {
        std::vector<Target> out;
        if (node.next) out = next_targets(node.branches, *node.next);
        for (int c : node.choices) {
            const Choice& ch = s.choices[static_cast<std::size_t>(c)];
            for (Target t : next_targets(ch.branches, ch.next)) out.push_back(t);
        }
        return out;
    };
    std::vector<bool> reached(n, false), ending_reached(s.endings.size(), false), can_end(n, false);
    std::deque<int> queue{s.start_node};
    reached[static_cast<std::size_t>(s.start_node)] = true;
    for (; !queue.empty(); queue.pop_front())
        for (const Target& t : targets(s.nodes[static_cast<std::size_t>(queue.front())])) {
            if (t.kind == Target::Kind::Ending)
                ending_reached[static_cast<std::size_t>(t.index)] = true;
            else if (!reached[static_cast<std::size_t>(t.index)]) {
                reached[static_cast<std::size_t>(t.index)] = true;
                queue.push_back(t.index);
            }
        }
    std::vector<std::vector<int>> preds(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const Target& t : targets(s.nodes[i])) {
            if (t.kind == Target::Kind::Node)
                preds[static_cast<std::size_t>(t.index)].push_back(static_cast<int>(i));
            else if (!can_end[i]) {
                can_end[i] = true;
                queue.push_back(static_cast<int>(i));
            }
        }
    for (; !queue.empty(); queue.pop_front())
        for (int p : preds[static_cast<std::size_t>(queue.front())])
            if (!can_end[static_cast<std::size_t>(p)]) {
                can_end[static_cast<std::size_t>(p)] = true;
                queue.push_back(p);
            }
    for (std::size_t i = 0; i < n; ++i) {
        if (!reached[i])
            diags.warning(s.nodes[i].where, "unreachable node: nothing leads to '" + s.nodes[i].id + "'");
        else if (!can_end[i] && (s.nodes[i].next || !s.nodes[i].choices.empty()))
            diags.error(s.nodes[i].where, "trap: from node '" + s.nodes[i].id +
                                              "' every route loops without reaching an ending");
    }
    for (std::size_t i = 0; i < s.endings.size(); ++i)
        if (!ending_reached[i])
            diags.warning(s.endings[i].where, "unreachable ending: nothing leads to '" + s.endings[i].id + "'");
}

//-----------------------------------------------------------------------------------------------------------
// [Feedback and best path]
//-----------------------------------------------------------------------------------------------------------

void check_feedback(const Scenario& s, Diagnostics& diags) {
    if (s.rules.empty()) diags.warning(s.header_where, "no rules are in scope, so nothing is scored");
    for (const Choice& c : s.choices)
        if (c.feedback.empty())
            diags.warning(c.where,
                          "choice '" + c.id + "' has no feedback; practice mode will have nothing to teach");
}

void check_best_path(const Scenario& s, Diagnostics& diags) {
    if (s.best_path.empty()) {
        diags.warning(s.header_where, "no best_path: the debrief cannot show the exemplary route");
        return;
    }
    auto shared = std::shared_ptr<const Scenario>(&s, [](const Scenario*) {});
    Session session(shared, {1, 0});
    for (std::size_t i = 0; i < s.best_path.size(); ++i) {
        int c = s.best_path[i];
        if (session.state() != SessionState::AwaitingChoice || !session.is_offered(c)) {
            SourceLoc at = s.best_path_where;
            at.json_path += "/" + std::to_string(i);
            diags.error(at, "best_path: choice '" + s.choices[static_cast<std::size_t>(c)].id +
                                "' is not offered at that point");
            return;
        }
        session.choose(c);
    }
    if (session.state() != SessionState::Ended) {
        diags.error(s.best_path_where, "best_path stops before an ending");
        return;
    }
    RubricResult r = session.rubric().result();
    if (!r.passed) diags.error(s.best_path_where, "best_path does not pass: " + r.reason);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Analysis findings]
//-----------------------------------------------------------------------------------------------------------

void check_structure(const Scenario& s, Diagnostics& diags) {
    if (s.start_node < 0 || s.customers.empty()) return;
    check_dead_ends(s, diags);
    check_node_graph(s, diags);
    check_feedback(s, diags);
    check_best_path(s, diags);
}

CheckSummary check_scenario(const Scenario& s, Diagnostics& diags, const CheckOptions& options) {
    CheckSummary summary;
    if (s.start_node < 0 || s.customers.empty()) return summary;
    check_dead_ends(s, diags);
    AnalysisOptions analysis;
    analysis.state_limit = options.state_limit;
    AnalysisReport report = analyze_scenario(s, analysis);
    summary.states_explored = report.states;
    summary.state_limit_hit = report.limit_hit;
    for (const AnalysisFinding& f : report.findings) {
        if (!lint_reports(f.check)) continue;
        if (f.check == AnalysisCheck::StateLimit)  // the file may be fine; the proof is incomplete
            diags.warning(f.where, f.message);
        else if (f.severity == Severity::Error)
            diags.error(f.where, f.message);
        else
            diags.warning(f.where, f.message);
    }
    if (report.limit_hit) check_node_graph(s, diags);
    check_feedback(s, diags);
    check_best_path(s, diags);
    if (options.report) *options.report = std::move(report);
    return summary;
}

}  // namespace cp
