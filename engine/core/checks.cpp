// Index: [Graph shape] [Reachable states] [Rules] [Feedback and best path]
#include "checks.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>

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

namespace {

std::vector<Target> successors(const Scenario& s, const Node& n) {
    std::vector<Target> out;
    if (n.next) out.push_back(*n.next);
    for (int c : n.choices) out.push_back(s.choices[static_cast<std::size_t>(c)].next);
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Graph shape]
//-----------------------------------------------------------------------------------------------------------
void check_graph(const Scenario& s, Diagnostics& diags) {
    std::size_t n = s.nodes.size();
    for (const Node& node : s.nodes)
        if (!node.next && node.choices.empty())
            diags.error(node.where, "dead end: node '" + node.id + "' is not an ending and offers no choice");

    // Forward reachability from the start, ignoring conditions.
    std::vector<bool> reached(n, false), ending_reached(s.endings.size(), false);
    std::deque<int> queue{s.start_node};
    reached[static_cast<std::size_t>(s.start_node)] = true;
    while (!queue.empty()) {
        int i = queue.front();
        queue.pop_front();
        for (const Target& t : successors(s, s.nodes[static_cast<std::size_t>(i)])) {
            if (t.kind == Target::Kind::Ending)
                ending_reached[static_cast<std::size_t>(t.index)] = true;
            else if (!reached[static_cast<std::size_t>(t.index)]) {
                reached[static_cast<std::size_t>(t.index)] = true;
                queue.push_back(t.index);
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!reached[i])
            diags.warning(s.nodes[i].where, "unreachable node: nothing leads to '" + s.nodes[i].id + "'");
    for (std::size_t i = 0; i < s.endings.size(); ++i)
        if (!ending_reached[i])
            diags.warning(s.endings[i].where,
                          "unreachable ending: nothing leads to '" + s.endings[i].id + "'");

    // Backward reachability from endings: a reachable node that cannot reach any ending traps the learner.
    std::vector<std::vector<int>> preds(n);
    std::vector<bool> can_end(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        for (const Target& t : successors(s, s.nodes[i])) {
            if (t.kind == Target::Kind::Ending) {
                if (!can_end[i]) {
                    can_end[i] = true;
                    queue.push_back(static_cast<int>(i));
                }
            } else {
                preds[static_cast<std::size_t>(t.index)].push_back(static_cast<int>(i));
            }
        }
    }
    while (!queue.empty()) {
        int i = queue.front();
        queue.pop_front();
        for (int p : preds[static_cast<std::size_t>(i)])
            if (!can_end[static_cast<std::size_t>(p)]) {
                can_end[static_cast<std::size_t>(p)] = true;
                queue.push_back(p);
            }
    }
    for (std::size_t i = 0; i < n; ++i)
        if (reached[i] && !can_end[i] && (s.nodes[i].next || !s.nodes[i].choices.empty()))
            diags.error(s.nodes[i].where, "trap: from node '" + s.nodes[i].id +
                                              "' every route loops without reaching an ending");
}

//-----------------------------------------------------------------------------------------------------------
// [Reachable states]
//-----------------------------------------------------------------------------------------------------------
struct StateKey {
    std::string bytes;
    bool operator==(const StateKey&) const = default;
};
struct StateKeyHash {
    std::size_t operator()(const StateKey& k) const { return std::hash<std::string>{}(k.bytes); }
};

struct Explored {
    std::vector<bool> choice_offered;
    std::vector<bool> action_performed;
    std::vector<bool> condition_held;  // per rule: its `when` held in some reached state
    std::size_t states = 0;
    bool limit_hit = false;
};

Explored explore(const Scenario& s, Diagnostics& diags, const CheckOptions& options) {
    Explored ex;
    ex.choice_offered.assign(s.choices.size(), false);
    ex.action_performed.assign(s.actions.size(), false);
    ex.condition_held.assign(s.rules.size(), false);

    struct State {
        int node;
        int customer;
        std::vector<int> vars;
        int parent;
        int via;  // choice taken to get here
    };
    std::vector<State> states;
    std::unordered_map<StateKey, int, StateKeyHash> seen;
    std::vector<CustomerView> views;
    for (const auto& c : s.customers) views.push_back(c.view());

    auto key_of = [](int node, int customer, const std::vector<int>& vars) {
        StateKey k;
        k.bytes.resize(sizeof(int) * (2 + vars.size()));
        auto* p = k.bytes.data();
        std::memcpy(p, &node, sizeof node);
        std::memcpy(p + sizeof(int), &customer, sizeof customer);
        if (!vars.empty()) std::memcpy(p + 2 * sizeof(int), vars.data(), sizeof(int) * vars.size());
        return k;
    };
    auto path_to = [&](int state) {
        std::vector<int> path;
        for (int i = state; i >= 0 && states[static_cast<std::size_t>(i)].via >= 0;
             i = states[static_cast<std::size_t>(i)].parent)
            path.push_back(states[static_cast<std::size_t>(i)].via);
        std::reverse(path.begin(), path.end());
        return path;
    };
    auto note_conditions = [&](int customer, const std::vector<int>& vars) {
        EvalContext ctx{vars, &views[static_cast<std::size_t>(customer)]};
        for (std::size_t r = 0; r < s.rules.size(); ++r)
            if (!ex.condition_held[r] && s.rules[r].when && s.rules[r].when->evaluate(ctx))
                ex.condition_held[r] = true;
    };
    // Follows "next" links to the node where a choice is made (or an ending); -1 when it is an ending.
    auto settle = [&](Target t) {
        for (std::size_t hops = 0; hops <= s.nodes.size() && t.kind == Target::Kind::Node; ++hops) {
            const Node& node = s.nodes[static_cast<std::size_t>(t.index)];
            if (!node.next) return t.index;
            t = *node.next;
        }
        return -1;
    };
    auto push = [&](int node, int customer, std::vector<int> vars, int parent, int via) {
        if (node < 0) return;
        auto key = key_of(node, customer, vars);
        if (seen.contains(key)) return;
        if (states.size() >= options.state_limit) {
            ex.limit_hit = true;
            return;
        }
        seen.emplace(std::move(key), static_cast<int>(states.size()));
        note_conditions(customer, vars);
        states.push_back({node, customer, std::move(vars), parent, via});
    };

    for (std::size_t c = 0; c < s.customers.size(); ++c)
        push(settle({Target::Kind::Node, s.start_node}), static_cast<int>(c), s.initial_variables(), -1, -1);
    std::vector<bool> stuck_reported(s.nodes.size(), false);
    for (std::size_t i = 0; i < states.size(); ++i) {
        State st = states[i];  // copy: `states` grows below
        const Node& node = s.nodes[static_cast<std::size_t>(st.node)];
        EvalContext ctx{st.vars, &views[static_cast<std::size_t>(st.customer)]};
        bool any = false;
        for (int c : node.choices) {
            const Choice& choice = s.choices[static_cast<std::size_t>(c)];
            if (choice.condition && !choice.condition->evaluate(ctx)) continue;
            any = true;
            ex.choice_offered[static_cast<std::size_t>(c)] = true;
            for (const auto& a : choice.actions)
                ex.action_performed[static_cast<std::size_t>(a.action)] = true;
            std::vector<int> vars = st.vars;
            for (const Effect& e : choice.effects) {
                const VariableDef& def = s.variables[static_cast<std::size_t>(e.variable)];
                int& v = vars[static_cast<std::size_t>(e.variable)];
                v = std::clamp(e.add ? v + e.value : e.value, def.min, def.max);
            }
            note_conditions(st.customer, vars);
            push(settle(choice.next), st.customer, std::move(vars), static_cast<int>(i), c);
        }
        if (!any && !node.choices.empty() && !stuck_reported[static_cast<std::size_t>(st.node)]) {
            stuck_reported[static_cast<std::size_t>(st.node)] = true;
            std::string who =
                s.customers.size() > 1
                    ? " for customer '" + s.customers[static_cast<std::size_t>(st.customer)].id + "'"
                    : "";
            diags.error(node.where, "every choice at node '" + node.id + "' can be false at once" + who +
                                        ", leaving the learner stuck; example path: " +
                                        format_path(s, path_to(static_cast<int>(i))));
        }
    }
    ex.states = states.size();
    return ex;
}

//-----------------------------------------------------------------------------------------------------------
// [Rules]
//-----------------------------------------------------------------------------------------------------------
void check_rules(const Scenario& s, const Explored& ex, Diagnostics& diags) {
    if (s.rules.empty()) diags.warning(s.header_where, "no rules are in scope, so nothing is scored");
    auto any_performed = [&](const std::vector<int>& actions) {
        return std::any_of(actions.begin(), actions.end(),
                           [&](int a) { return ex.action_performed[static_cast<std::size_t>(a)]; });
    };
    auto names = [&](const std::vector<int>& actions) {
        std::string out;
        for (int a : actions) out += (out.empty() ? "" : " or ") + s.actions[static_cast<std::size_t>(a)].id;
        return out;
    };
    for (std::size_t i = 0; i < s.rules.size(); ++i) {
        const ScopedRule& r = s.rules[i];
        const RuleBodySpec& body = r.rule->body;
        std::string problem;
        switch (body.kind) {
            case RuleKind::Required:
                if (!any_performed(r.actions))
                    problem = "no reachable choice performs " + names(r.actions) + ", so it is always broken";
                break;
            case RuleKind::Forbidden:
                if (!any_performed(r.actions))
                    problem = "no reachable choice performs " + names(r.actions) + ", so it is always kept";
                break;
            case RuleKind::Before:
                if (!any_performed(r.then))
                    problem = "no reachable choice performs " + names(r.then) + ", so it never applies";
                break;
            case RuleKind::Deadline:
                if (!any_performed(r.actions))
                    problem =
                        "no reachable choice performs " + names(r.actions) + ", so no date is ever judged";
                break;
        }
        if (problem.empty() && r.when && !ex.condition_held[i] && !ex.limit_hit)
            problem = "its condition '" + r.rule->when + "' never holds on any path";
        if (!problem.empty()) {
            diags.error(
                r.scope_where,
                "rule " + r.id() + " (" + r.policy->id + ") can never be decided by the learner: " + problem +
                    "; remove it from this scenario's policy 'rules' list or add a choice that tests it");
        }
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Feedback and best path]
//-----------------------------------------------------------------------------------------------------------
void check_choices(const Scenario& s, const Explored& ex, Diagnostics& diags) {
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
        const Choice& c = s.choices[i];
        if (c.feedback.empty())
            diags.warning(c.where,
                          "choice '" + c.id + "' has no feedback; practice mode will have nothing to teach");
        if (!ex.choice_offered[i] && !ex.limit_hit)
            diags.warning(
                c.where,
                "choice '" + c.id + "' is never offered on any path (its condition never holds where it is)");
    }
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

CheckSummary check_scenario(const Scenario& s, Diagnostics& diags, const CheckOptions& options) {
    CheckSummary summary;
    if (s.start_node < 0 || s.customers.empty()) return summary;
    check_graph(s, diags);
    Explored ex = explore(s, diags, options);
    summary.states_explored = ex.states;
    summary.state_limit_hit = ex.limit_hit;
    if (ex.limit_hit)
        diags.warning(s.header_where,
                      "stopped after " + std::to_string(ex.states) +
                          " reachable states; checks that need every state were only partly done");
    check_rules(s, ex, diags);
    check_choices(s, ex, diags);
    check_best_path(s, diags);
    return summary;
}

}  // namespace cp
