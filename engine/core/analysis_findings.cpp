// What the products say: outcomes per ending and rule, rubric soundness, teaching checks, reachability.
//
// Index: [Outcomes] [Reachability]
#include "analysis_internal.hpp"

#include <deque>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Outcomes]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::outcomes(AnalysisReport& r) {
    struct Pick {  // a product chosen as an example: the best by some key, then the shallowest
        u32 c = kNone, p = kNone;
        int key = 0;
        u32 depth = kNone;
        bool set() const { return p != kNone; }
        void offer(u32 cc, u32 pp, int k, u32 d, bool prefer_greater) {
            bool better = !set() || (prefer_greater ? k > key : k < key) || (k == key && d < depth);
            if (better) *this = {cc, pp, k, d};
        }
    };
    struct EndingPicks {
        Pick low_score, high_score, low_mood, high_mood, pass, fail;
        std::size_t states = 0;
    };
    std::size_t ne = s_.endings.size();
    std::vector<EndingPicks> ends(ne + 1);  // the last one is "stuck"
    std::size_t nr = rules_.size(), nc = s_.customers.size();
    std::vector<Pick> kept(nr), broken(nr), na(nr), broken_on_pass(nr), breach_pass(nr), critical_pass(nr);
    std::vector<Pick> pleasant(nc), uncomfortable(nc), can_pass(nc), best_score(nc);

    for (u32 c = 0; c < cnode_.size(); ++c) {
        if (!terminal(c)) continue;
        std::size_t e = cnode_[c] < 0 ? sz(-1 - cnode_[c]) : ne;
        u32 cust = customer_of(c);
        for (u32 p = pbeg_[c]; p < pbeg_[c] + pcnt_[c]; ++p) {
            Outcome o = outcome(sum_of(p));
            u32 d = pdepth_[p];
            EndingPicks& ep = ends[e];
            ++ep.states;
            ep.low_score.offer(c, p, o.score, d, false);
            ep.high_score.offer(c, p, o.score, d, true);
            ep.low_mood.offer(c, p, plo_[p], d, false);
            ep.high_mood.offer(c, p, phi_[p], d, true);
            (o.passed ? ep.pass : ep.fail).offer(c, p, 0, d, true);
            for (std::size_t i = 0; i < nr; ++i) {
                Verdict v = o.verdicts[i];
                (v == Verdict::Kept ? kept : v == Verdict::Broken ? broken : na)[i].offer(c, p, 0, d, true);
                if (o.passed && v == Verdict::Broken && rules_[i].kind == RuleKind::Required)
                    broken_on_pass[i].offer(c, p, 0, d, true);
            }
            best_score[cust].offer(c, p, o.score, d, true);
            if (o.passed) {
                can_pass[cust].offer(c, p, 0, d, true);
                uncomfortable[cust].offer(c, p, plo_[p], d, false);
                if (o.masked_breach >= 0) breach_pass[sz(o.masked_breach)].offer(c, p, 0, d, true);
                for (std::size_t i = 0; i < nr; ++i)
                    if (o.verdicts[i] == Verdict::Broken && rules_[i].critical)
                        (rules_[i].kind == RuleKind::Required ? critical_pass : breach_pass)[i].offer(
                            c, p, 0, d, true);
            } else {
                pleasant[cust].offer(c, p, phi_[p], d, true);
            }
        }
    }

    // Per ending: the range of outcomes with an example of each extreme.
    for (std::size_t e = 0; e <= ne; ++e) {
        EndingPicks& ep = ends[e];
        if (e == ne && ep.states == 0) break;  // "stuck" is listed only when it happens
        EndingOutcomes out;
        out.ending = e == ne ? -1 : static_cast<int>(e);
        out.states = ep.states;
        out.reached = ep.states > 0;
        if (out.reached) {
            out.min_score = ep.low_score.key;
            out.max_score = ep.high_score.key;
            out.min_mood = ep.low_mood.key;
            out.max_mood = ep.high_mood.key;
            out.can_pass = ep.pass.set();
            out.can_fail = ep.fail.set();
            out.lowest_score = product_example(ep.low_score.c, ep.low_score.p, 0);
            out.highest_score = product_example(ep.high_score.c, ep.high_score.p, 0);
            out.lowest_mood = product_example(ep.low_mood.c, ep.low_mood.p, 2);
            out.highest_mood = product_example(ep.high_mood.c, ep.high_mood.p, 1);
            if (ep.pass.set()) out.a_pass = product_example(ep.pass.c, ep.pass.p, 0);
            if (ep.fail.set()) out.a_fail = product_example(ep.fail.c, ep.fail.p, 0);
        }
        r.endings.push_back(std::move(out));
    }

    // Per rule: which verdicts it can end with.
    for (std::size_t i = 0; i < nr; ++i) {
        RuleOutcomes ro;
        ro.rule = static_cast<int>(i);
        if (kept[i].set()) ro.kept = product_example(kept[i].c, kept[i].p, 0);
        if (broken[i].set()) ro.broken = product_example(broken[i].c, broken[i].p, 0);
        if (na[i].set()) ro.not_applicable = product_example(na[i].c, na[i].p, 0);
        if (broken_on_pass[i].set())
            ro.broken_on_pass = product_example(broken_on_pass[i].c, broken_on_pass[i].p, 0);
        r.rules.push_back(std::move(ro));
    }

    // Rubric soundness.
    for (std::size_t i = 0; i < nr; ++i) {
        const ScopedRule& sr = s_.rules[i];
        std::string name = "critical rule " + sr.id() + " (" + sr.rule->title + ")";
        // A rule that no path decides is reported as such below; its masked breaches are a consequence.
        if (breach_pass[i].set() && (kept[i].set() || broken[i].set())) {
            ExamplePath ex = product_example(breach_pass[i].c, breach_pass[i].p, 0);
            bool counted = outcome(sum_of(breach_pass[i].p)).verdicts[i] == Verdict::Broken;
            std::string why = counted ? "the breach was counted, yet the rubric passed the attempt"
                                      : "its condition '" + sr.rule->when +
                                            "' never held afterwards, so the breach "
                                            "was not counted";
            add(r, Severity::Error, AnalysisCheck::CriticalBreachPasses, sr.scope_where,
                "a learner can pass after breaching " + name + ": on the path " + path_text(ex) + " " + why +
                    "; make the rule unconditional, or its condition hold whenever the breach is possible",
                ex);
            r.findings.back().rule = static_cast<int>(i);
        }
        if (critical_pass[i].set()) {
            ExamplePath ex = product_example(critical_pass[i].c, critical_pass[i].p, 0);
            add(r, Severity::Error, AnalysisCheck::CriticalBrokenPasses, sr.scope_where,
                name + " is broken at a passing end (path " + path_text(ex) +
                    "); a broken critical rule must fail the attempt",
                ex);
            r.findings.back().rule = static_cast<int>(i);
        }
    }
    bool nobody = std::none_of(can_pass.begin(), can_pass.end(), [](const Pick& p) { return p.set(); });
    for (std::size_t k = 0; k < nc; ++k) {
        if (can_pass[k].set() || (nobody && k > 0)) continue;
        std::string who = nobody || nc == 1 ? "" : " for customer '" + s_.customers[k].id + "'";
        std::string best;
        std::optional<ExamplePath> ex;
        if (nobody) {  // the best over every customer
            for (const Pick& b : best_score)
                if (b.set() && (!ex || b.key > ex->score)) ex = product_example(b.c, b.p, 0);
        } else if (best_score[k].set()) {
            ex = product_example(best_score[k].c, best_score[k].p, 0);
        }
        if (ex)
            best = "; the best adherence any path reaches is " + std::to_string(ex->score) + "% (pass mark " +
                   std::to_string(s_.pass_mark) + "%): " + path_text(*ex);
        add(r, Severity::Error, AnalysisCheck::NoPassingPath, s_.header_where, "no path passes" + who + best,
            ex);
        if (!nobody) r.findings.back().customer = static_cast<int>(k);
    }
    // A rule the learner cannot decide: no choice ever offered performs what it judges (so its verdict is
    // the same whatever the learner does), or it is not applicable on every path.
    std::vector<bool> performed(s_.actions.size(), false);
    for (std::size_t c = 0; c < s_.choices.size(); ++c)
        if (choice_shown_[c])
            for (const ActionUse& use : s_.choices[c].actions) performed[sz(use.action)] = true;
    for (std::size_t i = 0; i < nr; ++i) {
        const ScopedRule& sr = s_.rules[i];
        const std::vector<int>& judged = rules_[i].kind == RuleKind::Before ? sr.then : sr.actions;
        std::string untested;
        for (int a : judged)
            if (!performed[sz(a)]) untested += (untested.empty() ? "" : " or ") + s_.actions[sz(a)].id;
        bool never_performed =
            !judged.empty() && std::none_of(judged.begin(), judged.end(), [&](int a) { return performed[sz(a)]; });
        if (!never_performed && (kept[i].set() || broken[i].set())) continue;
        std::string why;
        std::optional<ExamplePath> ex;
        if (never_performed) {
            static const char* const kSo[] = {"so it is always broken", "so it is always kept", "so it never applies",
                                              "so no date is ever judged"};
            why = "no choice a learner can be offered performs " + untested + ", " + kSo[static_cast<int>(rules_[i].kind)];
        } else {
            if (na[i].set()) ex = product_example(na[i].c, na[i].p, 0);
            why = "it is not applicable on every path" +
                  (sr.when ? " (its condition '" + sr.rule->when + "' never holds when it could be judged)" : std::string()) +
                  (ex ? "; for example " + path_text(*ex) : std::string());
        }
        add(r, Severity::Error, AnalysisCheck::RuleNeverDecided, sr.scope_where,
            "rule " + sr.id() + " (" + sr.policy->id + ") can never be decided by the learner: " + why +
                "; remove it from this scenario's policy 'rules' list or add a choice that tests it",
            ex);
        r.findings.back().rule = static_cast<int>(i);
    }

    // Teaching checks, per customer profile.
    for (std::size_t k = 0; k < nc; ++k) {
        CustomerOutcomes co;
        co.customer = static_cast<int>(k);
        co.can_pass = can_pass[k].set();
        int initial = clamp_mood(s_.customers[k].initial_mood);
        std::string who = nc == 1 ? "" : " for customer '" + s_.customers[k].id + "'";
        std::optional<ExamplePath> happiest_fail, unhappiest_pass;
        if (pleasant[k].set()) happiest_fail = product_example(pleasant[k].c, pleasant[k].p, 1);
        if (uncomfortable[k].set())
            unhappiest_pass = product_example(uncomfortable[k].c, uncomfortable[k].p, 2);
        if (happiest_fail && happiest_fail->mood >= options_.pleasant_mood && happiest_fail->mood > initial) {
            co.pleasant_but_wrong = happiest_fail;
        } else {
            std::string closest = happiest_fail ? "; the happiest failing path ends at mood " +
                                                      std::to_string(happiest_fail->mood) + ": " +
                                                      path_text(*happiest_fail)
                                                : "; no path fails";
            add(r, Severity::Warning, AnalysisCheck::NoPleasantButWrong, s_.header_where,
                "no pleasant-but-wrong path" + who + ": no failing path ends with the customer's mood at " +
                    std::to_string(options_.pleasant_mood) + " or more and above where it started (" +
                    std::to_string(initial) + ")" + closest,
                happiest_fail);
            r.findings.back().customer = static_cast<int>(k);
        }
        if (unhappiest_pass && unhappiest_pass->mood < initial) {
            co.uncomfortable_but_right = unhappiest_pass;
        } else {
            std::string closest = unhappiest_pass ? "; the unhappiest passing path ends at mood " +
                                                        std::to_string(unhappiest_pass->mood) + ": " +
                                                        path_text(*unhappiest_pass)
                                                  : "; no path passes";
            add(r, Severity::Warning, AnalysisCheck::NoUncomfortableButRight, s_.header_where,
                "no uncomfortable-but-right path" + who +
                    ": no passing path leaves the customer less happy than "
                    "they arrived (mood " +
                    std::to_string(initial) + ")" + closest,
                unhappiest_pass);
            r.findings.back().customer = static_cast<int>(k);
        }
        r.customers.push_back(std::move(co));
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Reachability]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::reachability(AnalysisReport& r) {
    std::size_t n = cnode_.size();
    // Per state the length of a shortest path to it, and per node the state reached soonest.
    std::vector<u32> depth(n);
    for (u32 c = 0; c < n; ++c) depth[c] = pdepth_[shallowest(c)];
    std::vector<u32> first_at(s_.nodes.size(), kNone);
    std::vector<bool> ending_reached(s_.endings.size(), false);
    for (u32 c = 0; c < n; ++c) {
        if (cnode_[c] >= 0) {
            u32& f = first_at[sz(cnode_[c])];
            if (f == kNone || depth[c] < depth[f]) f = c;
        }
        if (cnode_[c] < 0) ending_reached[sz(-1 - cnode_[c])] = true;
    }
    auto reached_text = [&](const ExamplePath& ex) {
        return ex.choices.empty() ? std::string("at the start") : "after " + path_text(ex);
    };
    // A hidden way in: the first state at a node offering a (hidden) choice that leads to `wanted`, and the
    // sentence that explains it.
    auto hidden_way_in = [&](const std::function<bool(const Landing&)>& wanted,
                             std::string& why) -> std::optional<ExamplePath> {
        u32 best = kNone;
        std::size_t via = 0;
        for (std::size_t ch = 0; ch < s_.choices.size(); ++ch) {
            u32 at = first_at[sz(s_.choices[ch].node)];
            if (at != kNone && wanted(landing_[ch]) && (best == kNone || depth[at] < depth[best])) {
                best = at;
                via = ch;
            }
        }
        if (best == kNone) return std::nullopt;
        ExamplePath ex = path_to(best);
        why = "; the way in, choice '" + s_.choices[via].id + "' at node '" +
              s_.nodes[sz(s_.choices[via].node)].id + "', is never offered (that node is first reached " +
              reached_text(ex) + ")";
        return ex;
    };

    // Stuck states and traps: states from which no end (an ending, or getting stuck) can be reached.
    build_reverse();
    std::vector<std::uint8_t>& can_end = can_end_;
    can_end.assign(n, 0);
    std::deque<u32> queue;
    for (u32 c = 0; c < n; ++c)
        if (terminal(c)) {
            can_end[c] = 1;
            queue.push_back(c);
        }
    while (!queue.empty()) {
        u32 c = queue.front();
        queue.pop_front();
        for (u32 i = roff_[c]; i < roff_[c + 1]; ++i) {
            u32 from = rsrc_[i];
            if (!can_end[from]) {
                can_end[from] = 1;
                queue.push_back(from);
            }
        }
    }
    // The node graph alone (conditions ignored): can each node reach an ending?
    std::vector<bool> graph_can_end(s_.nodes.size(), false);
    {
        std::vector<std::vector<int>> preds(s_.nodes.size());
        std::deque<int> todo;
        auto link = [&](std::size_t from, Target t) {
            if (t.kind == Target::Kind::Node)
                preds[sz(t.index)].push_back(static_cast<int>(from));
            else if (!graph_can_end[from]) {
                graph_can_end[from] = true;
                todo.push_back(static_cast<int>(from));
            }
        };
        for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
            if (s_.nodes[i].next)
                for (Target t : next_targets(s_.nodes[i].branches, *s_.nodes[i].next)) link(i, t);
            for (int c : s_.nodes[i].choices)
                for (Target t : next_targets(s_.choices[sz(c)].branches, s_.choices[sz(c)].next)) link(i, t);
        }
        for (; !todo.empty(); todo.pop_front())
            for (int p : preds[sz(todo.front())])
                if (!graph_can_end[sz(p)]) {
                    graph_can_end[sz(p)] = true;
                    todo.push_back(p);
                }
    }
    std::vector<bool> stuck_reported(s_.nodes.size(), false), trap_reported(s_.nodes.size(), false);
    std::vector<u32>
        by_depth;  // states with a problem, shallowest first: each is shown where it is met first
    for (u32 c = 0; c < n; ++c)
        if (cstuck_[c] || !can_end[c] || (cyclic(comp_of(c)) && can_end[c])) by_depth.push_back(c);
    std::stable_sort(by_depth.begin(), by_depth.end(), [&](u32 a, u32 b) { return depth[a] < depth[b]; });
    std::vector<std::uint8_t> in_reported_trap(n, 0);
    for (u32 c : by_depth) {
        if (cnode_[c] < 0) continue;
        auto node = sz(cnode_[c]);
        const Node& nd = s_.nodes[node];
        if (cstuck_[c] && !stuck_reported[node]) {
            stuck_reported[node] = true;
            ExamplePath ex = path_to(c);
            add(r, Severity::Error, AnalysisCheck::Stuck, nd.where,
                "stuck: every choice at node '" + nd.id + "' is hidden after the path " + path_text(ex) +
                    ", so the learner can go no further",
                ex);
            r.findings.back().node = static_cast<int>(node);
        }
        if (can_end[c] || in_reported_trap[c]) continue;
        // A way into a trap: everything reachable from here is trapped too, and belongs to this finding.
        std::deque<u32> trap{c};
        in_reported_trap[c] = 1;
        for (; !trap.empty(); trap.pop_front())
            for (u32 e = eoff_[trap.front()]; e < eoff_[trap.front() + 1]; ++e)
                if (!in_reported_trap[eto_[e]]) {
                    in_reported_trap[eto_[e]] = 1;
                    trap.push_back(eto_[e]);
                }
        if (trap_reported[node]) continue;
        trap_reported[node] = true;
        ExamplePath ex = path_to(c);
        bool graph = !graph_can_end[node];
        add(r, Severity::Error, graph ? AnalysisCheck::Trap : AnalysisCheck::TrapByConditions, nd.where,
            "trap: after the path " + path_text(ex) + " the learner is at node '" + nd.id +
                "' and every route from there loops without reaching an ending" +
                (graph ? "" : " (the ways out are hidden by their conditions)"),
            ex);
        r.findings.back().node = static_cast<int>(node);
    }

    for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
        if (node_entered_[i]) continue;
        std::string why;
        auto ex = hidden_way_in(
            [&](const Landing& l) {
                return std::find(l.entered.begin(), l.entered.end(), static_cast<int>(i)) != l.entered.end();
            },
            why);
        add(r, Severity::Warning, AnalysisCheck::UnreachableNode, s_.nodes[i].where,
            "no path reaches node '" + s_.nodes[i].id + "'" + why, ex);
        r.findings.back().node = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < s_.endings.size(); ++i) {
        if (ending_reached[i]) continue;
        std::string why;
        auto ex = hidden_way_in(
            [&](const Landing& l) {
                return std::find(l.targets.begin(), l.targets.end(), static_cast<u32>(s_.nodes.size() + i)) !=
                       l.targets.end();
            },
            why);
        add(r, Severity::Warning, AnalysisCheck::UnreachableEnding, s_.endings[i].where,
            "no path ends at '" + s_.endings[i].id + "'" + why, ex);
        r.findings.back().ending = static_cast<int>(i);
    }
    for (std::size_t i = 0; i < s_.choices.size(); ++i) {
        if (choice_shown_[i]) continue;
        const Choice& ch = s_.choices[i];
        u32 at = first_at[sz(ch.node)];
        if (at == kNone) continue;  // its node is unreachable, reported above
        ExamplePath ex = path_to(at);
        std::string cond =
            ch.condition ? " its condition '" + ch.condition->source() + "' is false" : " it is hidden";
        add(r, Severity::Warning, AnalysisCheck::ChoiceNeverShown, ch.where,
            "choice '" + ch.id + "' is never offered:" + cond + " every time node '" +
                s_.nodes[sz(ch.node)].id + "' is reached (first " + reached_text(ex) + ")",
            ex);
        r.findings.back().choice = static_cast<int>(i);
    }

    // Loops that can be left make the number of paths infinite; show the shortest way once round one.
    for (u32 c : by_depth) {
        if (!cyclic(comp_of(c)) || !can_end[c]) continue;
        r.paths_infinite = true;
        std::vector<u32> parent(n, kNone), via(n, kNone);
        std::deque<u32> q{c};
        u32 back = kNone, back_via = kNone;
        while (!q.empty() && back == kNone) {
            u32 v = q.front();
            q.pop_front();
            for (u32 e = eoff_[v]; e < eoff_[v + 1]; ++e) {
                u32 w = eto_[e];
                if (comp_of(w) != comp_of(c)) continue;
                if (w == c) {
                    back = v;
                    back_via = echoice_[e];
                    break;
                }
                if (parent[w] == kNone) {
                    parent[w] = v;
                    via[w] = echoice_[e];
                    q.push_back(w);
                }
            }
        }
        std::vector<int> loop;
        if (back != kNone) {
            loop.push_back(static_cast<int>(back_via));
            for (u32 v = back; v != c; v = parent[v]) loop.push_back(static_cast<int>(via[v]));
            std::reverse(loop.begin(), loop.end());
        }
        ExamplePath ex = path_to(c);
        ex.choices.insert(ex.choices.end(), loop.begin(), loop.end());
        r.loop = example(c, ex.choices, nullptr);
        break;
    }
}

}  // namespace cp::analysis_detail
