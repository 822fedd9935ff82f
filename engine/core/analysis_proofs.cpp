// The proofs that the rubric agrees with the author's grades, and what a learner without knowledge can do.
//
// Index: [Proofs]
#include "analysis_internal.hpp"

#include <climits>
#include <cmath>
#include <cstdio>
#include <deque>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Proofs]
//-----------------------------------------------------------------------------------------------------------
// The grade proofs, the knowledge-free strategies and the random guesser's odds, all on the product graph
// (control state x rubric summary): a product's future depends only on it, so "some complete path through
// this edge passes" is "the edge's target can reach a passing end", found by one backward search per goal.

void Analyzer::build_product_graph() {
    std::size_t np = pdepth_.size();
    pctrl_.assign(np, 0);
    for (u32 c = 0; c < cnode_.size(); ++c)
        for (u32 p = pbeg_[c]; p < pbeg_[c] + pcnt_[c]; ++p) pctrl_[p] = c;
    group_edges(pe_from_, pout_off_, pout_edge_);  // the edges by target are grouped when first needed
}

void Analyzer::group_edges(const Big<u32>& key, Big<u32>& off, Big<u32>& edges) {
    std::size_t np = pdepth_.size(), ne = pe_from_.size();
    off.assign(np + 1, 0);
    for (std::size_t e = 0; e < ne; ++e) ++off[key[e] + 1];
    for (std::size_t i = 0; i < np; ++i) off[i + 1] += off[i];
    edges.assign(ne, 0);
    Big<u32> fill(off.begin(), off.end() - 1);
    for (std::size_t e = 0; e < ne; ++e) edges[fill[key[e]]++] = static_cast<u32>(e);
}

bool Analyzer::summary_is(u32 id, std::uint8_t which) {
    if (sum_flags_.size() <= id) sum_flags_.resize(sums_.size() / sw_, 0);
    std::uint8_t& f = sum_flags_[id];
    if (!(f & kKnown)) {
        Outcome o = outcome(&sums_[id * sw_]);
        bool clean =
            std::none_of(o.verdicts.begin(), o.verdicts.end(), [](Verdict v) { return v == Verdict::Broken; });
        f = static_cast<std::uint8_t>(kKnown | (o.passed ? kPass : 0) | (o.passed && o.score == 100 ? kPerfect : 0) |
                                      (clean ? kClean : 0));
    }
    return (f & which) != 0;
}

template <class Good, class Allowed>
std::vector<u32> Analyzer::distance_to(Good good, Allowed allowed) {
    std::size_t np = pdepth_.size();
    if (pin_off_.empty()) group_edges(pe_to_, pin_off_, pin_edge_);
    std::vector<u32> dist(np, kNone);
    std::deque<u32> queue;
    for (u32 p = 0; p < np; ++p)
        if (terminal(pctrl_[p]) && good(pid_[p])) {
            dist[p] = 0;
            queue.push_back(p);
        }
    for (; !queue.empty(); queue.pop_front()) {
        u32 p = queue.front();
        for (u32 i = pin_off_[p]; i < pin_off_[p + 1]; ++i) {
            u32 e = pin_edge_[i];
            u32 q = pe_from_[e];
            if (dist[q] != kNone || !allowed(e)) continue;
            dist[q] = dist[p] + 1;
            queue.push_back(q);
        }
    }
    return dist;
}

ExamplePath Analyzer::product_path_example(const std::vector<int>& choices, u32 last) {
    return example(pctrl_[last], choices, sum_of(last));
}

ExamplePath Analyzer::path_through(u32 e, const std::vector<u32>& dist) {
    u32 q = pe_from_[e];
    std::vector<int> choices = shortest_path(pctrl_[q], q);
    choices.push_back(static_cast<int>(pe_choice_[e]));
    u32 p = pe_to_[e];
    while (dist[p] > 0 && dist[p] != kNone) {
        bool found = false;
        for (u32 i = pout_off_[p]; i < pout_off_[p + 1] && !found; ++i) {
            u32 f = pout_edge_[i];
            if (dist[pe_to_[f]] + 1 != dist[p]) continue;
            choices.push_back(static_cast<int>(pe_choice_[f]));
            p = pe_to_[f];
            found = true;
        }
        if (!found) break;  // cannot happen: a product at distance d > 0 has a successor at d - 1
    }
    return product_path_example(choices, p);
}

template <class Good, class Allowed>
std::vector<std::optional<ExamplePath>> Analyzer::forward_search(Good good, Allowed allowed) {
    std::size_t np = pdepth_.size(), nc = s_.customers.size();
    std::vector<std::optional<ExamplePath>> out(nc);
    std::vector<u32> via(np, kNone);  // the edge a product was first reached by
    std::vector<std::uint8_t> seen(np, 0);
    std::deque<u32> queue;
    for (u32 k = 0; k < nc; ++k)
        for (u32 p = pbeg_[initial_[k]]; p < pbeg_[initial_[k]] + pcnt_[initial_[k]]; ++p)
            if (pdepth_[p] == 0) {
                seen[p] = 1;
                queue.push_back(p);
            }
    for (; !queue.empty(); queue.pop_front()) {
        u32 p = queue.front();
        u32 k = customer_of(pctrl_[p]);
        if (out[k]) continue;
        if (terminal(pctrl_[p])) {
            if (!good(pid_[p])) continue;
            std::vector<int> choices;
            for (u32 at = p; via[at] != kNone; at = pe_from_[via[at]]) choices.push_back(static_cast<int>(pe_choice_[via[at]]));
            std::reverse(choices.begin(), choices.end());
            out[k] = product_path_example(choices, p);
            continue;
        }
        for (u32 i = pout_off_[p]; i < pout_off_[p + 1]; ++i) {
            u32 e = pout_edge_[i];
            u32 t = pe_to_[e];
            if (seen[t] || !allowed(e)) continue;
            seen[t] = 1;
            via[t] = e;
            queue.push_back(t);
        }
    }
    return out;
}

std::vector<std::uint8_t> Analyzer::strategy_reach(const std::vector<std::vector<long>>& keys,
                                                    std::uint8_t best_bit) {
    std::size_t np = pdepth_.size();
    std::vector<std::uint8_t> reach(np, 0);
    for (u32 k = 0; k < s_.customers.size(); ++k)
        for (u32 p = pbeg_[initial_[k]]; p < pbeg_[initial_[k]] + pcnt_[initial_[k]]; ++p)
            if (pdepth_[p] == 0) reach[p] = static_cast<std::uint8_t>((best_bit << 1) - 1);
    std::vector<long> most(keys.size());
    // Pushes what `q` is reached by along the edges each strategy allows; true if anything grew.
    auto push = [&](u32 q) {
        if (!reach[q] || terminal(pctrl_[q])) return false;
        std::fill(most.begin(), most.end(), LONG_MIN);
        for (u32 i = pout_off_[q]; i < pout_off_[q + 1]; ++i)
            for (std::size_t k = 0; k < keys.size(); ++k)
                most[k] = std::max(most[k], keys[k][pe_choice_[pout_edge_[i]]]);
        bool grew = false;
        for (u32 i = pout_off_[q]; i < pout_off_[q + 1]; ++i) {
            u32 e = pout_edge_[i], ch = pe_choice_[e];
            std::uint8_t allowed = s_.choices[ch].grade == ChoiceGrade::Best ? best_bit : 0;
            for (std::size_t k = 0; k < keys.size(); ++k)
                if (keys[k][ch] == most[k]) allowed = static_cast<std::uint8_t>(allowed | (1u << k));
            std::uint8_t& to = reach[pe_to_[e]];
            auto next = static_cast<std::uint8_t>(to | (reach[q] & allowed));
            grew = grew || next != to;
            to = next;
        }
        return grew;
    };
    // Products are numbered so that edges go forwards, except inside process_loop's blocks, which are swept
    // until nothing grows (each product's bits only grow, so this ends).
    std::size_t block = 0;
    for (u32 q = 0; q < np;) {
        while (block < loop_blocks_.size() && loop_blocks_[block].second <= q) ++block;
        if (block < loop_blocks_.size() && loop_blocks_[block].first == q) {
            auto [b, e] = loop_blocks_[block];
            for (bool grew = true; grew;) {
                grew = false;
                for (u32 x = b; x < e; ++x) grew = push(x) || grew;
            }
            q = e;
            continue;
        }
        push(q++);
    }
    return reach;
}

void Analyzer::proofs(AnalysisReport& r) {
    build_product_graph();
    std::size_t nc = s_.customers.size();
    r.graded = !s_.choices.empty() && std::none_of(s_.choices.begin(), s_.choices.end(), [](const Choice& c) {
        return c.grade == ChoiceGrade::Ungraded;
    });
    auto flag = [&](u32 id, std::uint8_t which) { return summary_is(id, which); };
    auto passes = [&](u32 id) { return flag(id, kPass); };
    auto any_edge = [](u32) { return true; };
    auto grade_of = [&](u32 e) { return s_.choices[pe_choice_[e]].grade; };
    auto who = [&](const ExamplePath& ex) {
        return nc == 1 ? std::string() : " (customer '" + s_.customers[sz(ex.customer)].id + "')";
    };
    auto outcome_text = [&](const ExamplePath& ex) {
        std::string end = ex.ending >= 0 ? s_.endings[sz(ex.ending)].id : std::string("stuck");
        return " -> " + end + ", " + std::to_string(ex.score) + "%, " + (ex.passed ? "pass" : "fail");
    };

    // The knowledge-free strategies: at each decision the options whose key is the highest offered.
    std::vector<std::vector<long>> keys(kStrategies, std::vector<long>(s_.choices.size()));
    for (std::size_t c = 0; c < s_.choices.size(); ++c) {
        const Choice& ch = s_.choices[c];
        auto len = static_cast<long>(text_length(ch.text));
        keys[0][c] = len;
        keys[1][c] = -len;
        keys[2][c] = ch.mood;
        keys[3][c] = -ch.mood;
        keys[4][c] = static_cast<long>(ch.actions.size());
    }
    for (auto& co : r.customers) co.strategy_pass.assign(kStrategies, std::nullopt);
    // One forward pass finds what each strategy (bits 0-4) and best-only play (bit 5) can reach; a search for
    // an example path runs only for what fails its proof.
    constexpr std::uint8_t kBestOnly = 1u << kStrategies;
    std::vector<std::uint8_t> reach = strategy_reach(keys, kBestOnly);
    std::vector<std::uint8_t> strategy_passes(nc, 0), best_imperfect(nc, 0);
    for (u32 p = 0; p < reach.size(); ++p) {
        if (!reach[p] || !terminal(pctrl_[p])) continue;
        u32 k = customer_of(pctrl_[p]);
        if (summary_is(pid_[p], kPass)) strategy_passes[k] = static_cast<std::uint8_t>(strategy_passes[k] | (reach[p] & (kBestOnly - 1)));
        if ((reach[p] & kBestOnly) && !summary_is(pid_[p], kPerfect)) best_imperfect[k] = 1;
    }
    for (int k = 0; k < kStrategies; ++k) {
        if (std::none_of(strategy_passes.begin(), strategy_passes.end(),
                         [&](std::uint8_t m) { return (m >> k) & 1; }))
            continue;
        const std::vector<long>& key = keys[sz(k)];
        auto picks = [&](u32 e) {
            u32 q = pe_from_[e];
            long best = LONG_MIN;
            for (u32 i = pout_off_[q]; i < pout_off_[q + 1]; ++i) best = std::max(best, key[pe_choice_[pout_edge_[i]]]);
            return key[pe_choice_[e]] == best;
        };
        auto found = forward_search(passes, picks);
        std::optional<ExamplePath> shortest;
        std::string customers;
        for (std::size_t c = 0; c < nc; ++c) {
            r.customers[c].strategy_pass[sz(k)] = found[c];
            if (!found[c]) continue;
            customers += (customers.empty() ? "'" : ", '") + s_.customers[c].id + "'";
            if (!shortest || found[c]->choices.size() < shortest->choices.size()) shortest = found[c];
        }
        if (!shortest || !r.graded) continue;
        static const char* const kWhat[kStrategies] = {
            "the longest option text", "the shortest option text", "the most pleasant option (highest mood effect)",
            "the least pleasant option (lowest mood effect)", "the option with the most actions"};
        add(r, Severity::Error, AnalysisCheck::KnowledgeFreeStrategyPasses, s_.header_where,
            std::string("a learner who always picks ") + kWhat[k] + " can pass without knowing the procedure" +
                (nc > 1 ? " (customer " + customers + ")" : "") + ": " + path_text(*shortest) +
                outcome_text(*shortest) +
                " (where options tie, each is a possible pick); make the right option read like the others, or "
                "make the strategy's picks break a rule",
            shortest);
        r.findings.back().customer = shortest->customer;
    }

    guess_odds(r);
    if (r.graded && r.guess.probability > s_.guess_pass_limit) {
        char text[160];
        std::snprintf(text, sizeof text, "a learner choosing at random passes with probability %.2f%%%s, above the limit of %.2f%%",
                      100.0 * r.guess.probability, r.guess.exact ? "" : " (bounded, not exact)", 100.0 * s_.guess_pass_limit);
        std::string per;
        if (nc > 1)
            for (std::size_t c = 0; c < nc; ++c) {
                char one[64];
                std::snprintf(one, sizeof one, "%.2f%%", 100.0 * r.customers[c].guess.probability);
                per += (per.empty() ? " (" : ", ") + s_.customers[c].id + " " + one;
            }
        if (!per.empty()) per += ")";
        add(r, Severity::Error, AnalysisCheck::GuessPassTooLikely, s_.header_where,
            std::string(text) + per +
                "; add decision points that matter, make wrong options break rules that fail the attempt, or "
                "raise 'pass_mark'");
    }

    if (!r.graded) {
        std::size_t ungraded = static_cast<std::size_t>(std::count_if(
            s_.choices.begin(), s_.choices.end(), [](const Choice& c) { return c.grade == ChoiceGrade::Ungraded; }));
        char odds[64];
        std::snprintf(odds, sizeof odds, "%.2f%%", 100.0 * r.guess.probability);
        add(r, Severity::Warning, AnalysisCheck::UngradedChoices, s_.header_where,
            "choices carry no grades (" + std::to_string(ungraded) + " of " + std::to_string(s_.choices.size()) +
                " ungraded): these proofs cannot run: unsafe choices never pass, wrong choices are seen by a "
                "rule, best play passes at 100%, no knowledge-free strategy passes, random guessing passes at "
                "most 'guess_pass_limit' (now " + odds + "); to proceed, set \"format_version\": 2 and give "
                "every choice a \"grade\" (best, acceptable, poor or unsafe) and a one-line \"grade_reason\"");
        return;
    }

    // Unsafe choices never pass; poor and unsafe ones are seen by a rule.
    auto through = [&](AnalysisCheck check, const std::vector<u32>& dist, auto graded_wrong, const char* what,
                       const char* fix) {
        std::vector<u32> best(s_.choices.size(), kNone);
        auto length = [&](u32 e) { return pdepth_[pe_from_[e]] + 1 + dist[pe_to_[e]]; };
        for (u32 e = 0; e < pe_from_.size(); ++e)
            if (graded_wrong(grade_of(e)) && dist[pe_to_[e]] != kNone &&
                (best[pe_choice_[e]] == kNone || length(e) < length(best[pe_choice_[e]])))
                best[pe_choice_[e]] = e;
        for (std::size_t c = 0; c < s_.choices.size(); ++c) {
            if (best[c] == kNone) continue;
            ExamplePath ex = path_through(best[c], dist);
            const Choice& ch = s_.choices[c];
            add(r, Severity::Error, check, ch.where,
                "choice '" + ch.id + "' is graded " + to_string(ch.grade) + ", yet " + what + ": " + path_text(ex) +
                    outcome_text(ex) + "; " + fix,
                ex);
            r.findings.back().choice = static_cast<int>(c);
            r.findings.back().customer = ex.customer;
        }
    };
    through(AnalysisCheck::UnsafeChoicePasses, distance_to(passes, any_edge),
            [](ChoiceGrade g) { return g == ChoiceGrade::Unsafe; }, "a complete path through it passes",
            "make what it does break a critical rule (so any path through it fails), or regrade it");
    through(AnalysisCheck::WrongChoiceUnseen, distance_to([&](u32 id) { return flag(id, kClean); }, any_edge),
            [](ChoiceGrade g) { return g == ChoiceGrade::Poor || g == ChoiceGrade::Unsafe; },
            "a complete path through it ends with no rule broken, so the rubric never sees what is wrong with it",
            "give it an action (or a missing one) that a rule in scope judges as broken, or regrade it");

    // Best play: every path of best choices only passes at 100%, and every decision offers a best option.
    auto best_only = [&](u32 e) { return grade_of(e) == ChoiceGrade::Best; };
    std::vector<std::optional<ExamplePath>> imperfect(nc);
    if (std::any_of(best_imperfect.begin(), best_imperfect.end(), [](std::uint8_t b) { return b != 0; }))
        imperfect = forward_search([&](u32 id) { return !flag(id, kPerfect); }, best_only);
    for (std::size_t c = 0; c < nc; ++c) {
        if (!imperfect[c]) continue;
        const ExamplePath& ex = *imperfect[c];
        add(r, Severity::Error, AnalysisCheck::BestPathNotPerfect, s_.header_where,
            "a path made only of choices graded best does not pass at 100%" + who(ex) + ": " + path_text(ex) +
                outcome_text(ex) + "; regrade a choice on it, or make the rubric agree",
            ex);
        r.findings.back().customer = ex.customer;
    }
    std::vector<u32> no_best(s_.nodes.size(), kNone);
    for (u32 c = 0; c < cnode_.size(); ++c) {
        if (terminal(c) || pcnt_[c] == 0) continue;
        u32 q = pbeg_[c];
        bool any = false;
        for (u32 i = pout_off_[q]; i < pout_off_[q + 1] && !any; ++i) any = grade_of(pout_edge_[i]) == ChoiceGrade::Best;
        u32& at = no_best[sz(cnode_[c])];
        if (!any && (at == kNone || pdepth_[shallowest(c)] < pdepth_[shallowest(at)])) at = c;
    }
    for (std::size_t n = 0; n < s_.nodes.size(); ++n) {
        if (no_best[n] == kNone) continue;
        ExamplePath ex = path_to(no_best[n]);
        add(r, Severity::Error, AnalysisCheck::NoBestOption, s_.nodes[n].where,
            "node '" + s_.nodes[n].id + "' offers no option graded best after the path " + path_text(ex) +
                " (reached " + (ex.choices.empty() ? "at the start" : "that way") +
                "); every decision needs a right answer: grade the right option best, or offer one",
            ex);
        r.findings.back().node = static_cast<int>(n);
    }
}

void Analyzer::guess_odds(AnalysisReport& r) {
    // P(pass) at a product is the mean over its offered choices of P(pass) at the product each leads to.
    // Products are numbered so that every edge goes forwards, except inside the blocks process_loop made:
    // from the last product back, each value is final when reached; a loop's block is solved as a linear
    // system (elimination when small, otherwise iterated from below and above to a proven bound).
    std::size_t np = pdepth_.size();
    std::vector<double> lo(np, 0), hi(np, 0);
    std::vector<std::uint8_t> approx(np, 0);
    auto degree = [&](u32 p) { return pout_off_[p + 1] - pout_off_[p]; };
    auto pass_value = [&](u32 p) { return summary_is(pid_[p], kPass) ? 1.0 : 0.0; };
    std::vector<u32> reach;  // filled lazily: products that can reach a passing end
    auto direct = [&](u32 p) {
        if (terminal(pctrl_[p])) {
            lo[p] = hi[p] = pass_value(p);
            return;
        }
        double l = 0, h = 0;
        bool a = false;
        for (u32 i = pout_off_[p]; i < pout_off_[p + 1]; ++i) {
            u32 t = pe_to_[pout_edge_[i]];
            l += lo[t];
            h += hi[t];
            a = a || approx[t];
        }
        lo[p] = l / degree(p);
        hi[p] = h / degree(p);
        approx[p] = a;
    };
    std::size_t block = loop_blocks_.size();
    for (std::size_t p = np; p-- > 0;) {
        while (block > 0 && loop_blocks_[block - 1].first > p) --block;
        bool in_block = block > 0 && p >= loop_blocks_[block - 1].first && p < loop_blocks_[block - 1].second;
        if (!in_block) {
            direct(static_cast<u32>(p));
            continue;
        }
        u32 b = loop_blocks_[block - 1].first, e = loop_blocks_[block - 1].second;  // captured below
        if (reach.empty()) reach = distance_to([&](u32 id) { return summary_is(id, kPass); }, [](u32) { return true; });
        // Unknowns: the block's products that can reach a pass (the others stay 0).
        std::vector<u32> var_of(e - b, kNone), vars;
        for (u32 q = b; q < e; ++q)
            if (reach[q] != kNone) {
                var_of[q - b] = static_cast<u32>(vars.size());
                vars.push_back(q);
            }
        std::size_t n = vars.size();
        std::vector<double> rhs_lo(n, 0), rhs_hi(n, 0);
        bool outside_approx = false;
        for (std::size_t i = 0; i < n; ++i) {
            u32 q = vars[i];
            double d = degree(q);
            for (u32 k = pout_off_[q]; k < pout_off_[q + 1]; ++k) {
                u32 t = pe_to_[pout_edge_[k]];
                if (t >= b && t < e) continue;
                rhs_lo[i] += lo[t] / d;
                rhs_hi[i] += hi[t] / d;
                outside_approx = outside_approx || approx[t];
            }
        }
        auto inside = [&](std::size_t i, auto&& visit) {  // (unknown j, weight) for each edge inside
            u32 q = vars[i];
            double w = 1.0 / degree(q);
            for (u32 k = pout_off_[q]; k < pout_off_[q + 1]; ++k) {
                u32 t = pe_to_[pout_edge_[k]];
                if (t >= b && t < e && var_of[t - b] != kNone) visit(var_of[t - b], w);
            }
        };
        std::vector<double> x_lo(n, 0), x_hi(n, 1);
        bool iterated = false;
        constexpr std::size_t kEliminate = 600;  // n^3 / 3 operations: well under a second
        if (n <= kEliminate) {
            // (I - A) x = rhs, Gaussian elimination with partial pivoting, both right-hand sides at once.
            std::vector<double> m(n * n, 0);
            for (std::size_t i = 0; i < n; ++i) {
                m[i * n + i] += 1;
                inside(i, [&](u32 j, double w) { m[i * n + j] -= w; });
            }
            x_lo = rhs_lo;
            x_hi = rhs_hi;
            for (std::size_t col = 0; col < n; ++col) {
                std::size_t piv = col;
                for (std::size_t i = col + 1; i < n; ++i)
                    if (std::abs(m[i * n + col]) > std::abs(m[piv * n + col])) piv = i;
                if (piv != col) {
                    for (std::size_t j = 0; j < n; ++j) std::swap(m[col * n + j], m[piv * n + j]);
                    std::swap(x_lo[col], x_lo[piv]);
                    std::swap(x_hi[col], x_hi[piv]);
                }
                double d = m[col * n + col];
                for (std::size_t i = col + 1; i < n; ++i) {
                    double f = m[i * n + col] / d;
                    if (f == 0) continue;
                    for (std::size_t j = col; j < n; ++j) m[i * n + j] -= f * m[col * n + j];
                    x_lo[i] -= f * x_lo[col];
                    x_hi[i] -= f * x_hi[col];
                }
            }
            for (std::size_t i = n; i-- > 0;) {
                for (std::size_t j = i + 1; j < n; ++j) {
                    x_lo[i] -= m[i * n + j] * x_lo[j];
                    x_hi[i] -= m[i * n + j] * x_hi[j];
                }
                x_lo[i] = std::clamp(x_lo[i] / m[i * n + i], 0.0, 1.0);
                x_hi[i] = std::clamp(x_hi[i] / m[i * n + i], 0.0, 1.0);
            }
        } else {
            // Gauss-Seidel from 0 rises to the value and from 1 falls to it (the value is the system's only
            // solution, as every unknown can leave the block towards a pass): both are proven bounds.
            iterated = true;
            for (int sweep = 0; sweep < 1'000'000; ++sweep) {
                double gap = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    double l = rhs_lo[i], h = rhs_hi[i];
                    inside(i, [&](u32 j, double w) {
                        l += w * x_lo[j];
                        h += w * x_hi[j];
                    });
                    x_lo[i] = l;
                    x_hi[i] = std::min(h, 1.0);
                    gap = std::max(gap, x_hi[i] - x_lo[i]);
                }
                if (gap < 1e-12) break;
            }
        }
        for (u32 q = b; q < e; ++q) {
            u32 v = var_of[q - b];
            lo[q] = v == kNone ? 0 : x_lo[v];
            hi[q] = v == kNone ? 0 : x_hi[v];
            approx[q] = iterated || outside_approx;
        }
        p = b;  // the loop's decrement moves on to the product before the block
    }
    double sum_lo = 0, sum_hi = 0;
    bool exact = true;
    for (std::size_t k = 0; k < s_.customers.size(); ++k) {
        u32 c = initial_[k];
        u32 start = kNone;
        for (u32 p = pbeg_[c]; p < pbeg_[c] + pcnt_[c]; ++p)
            if (pdepth_[p] == 0) start = p;
        GuessOdds& g = r.customers[k].guess;
        g.low = lo[start];
        g.high = hi[start];
        g.exact = !approx[start];
        g.probability = g.exact ? g.low : (g.low + g.high) / 2;
        sum_lo += g.low;
        sum_hi += g.high;
        exact = exact && g.exact;
    }
    double n = static_cast<double>(s_.customers.size());
    r.guess = {exact ? sum_lo / n : (sum_lo + sum_hi) / (2 * n), sum_lo / n, sum_hi / n, exact};
}

void Analyzer::length_cue(AnalysisReport& r) {
    LengthCueStats& st = r.length_cue;
    for (const Node& node : s_.nodes) {
        if (node.choices.size() < 2) continue;
        std::size_t best_len = 0, other_len = 0, bests = 0;
        int longest_best = -1;
        for (int c : node.choices) {
            const Choice& ch = s_.choices[sz(c)];
            std::size_t len = text_length(ch.text);
            if (ch.grade == ChoiceGrade::Best) {
                ++bests;
                if (longest_best < 0 || len > best_len) {
                    best_len = len;
                    longest_best = c;
                }
            } else {
                other_len = std::max(other_len, len);
            }
        }
        if (bests == 0 || bests == node.choices.size()) continue;
        ++st.decision_points;
        st.chance += static_cast<double>(bests) / static_cast<double>(node.choices.size());
        if (best_len <= other_len) continue;
        ++st.best_longest;
        if (static_cast<double>(best_len) < 1.3 * static_cast<double>(other_len) || best_len < other_len + 40) continue;
        ++st.wide_margin;
        const Choice& ch = s_.choices[sz(longest_best)];
        add(r, Severity::Warning, AnalysisCheck::LengthCue, ch.where,
            "at node '" + node.id + "' the best option '" + ch.id + "' is the longest by a wide margin (" +
                std::to_string(best_len) + " characters against at most " + std::to_string(other_len) +
                " for the others; the warning is for 1.3 times and 40 characters longer or more): a learner "
                "can pick it by its length; make the options read alike");
        r.findings.back().choice = longest_best;
        r.findings.back().node = node.choices.empty() ? -1 : s_.choices[sz(longest_best)].node;
    }
}

// Per choice, a shortest complete path through it that passes and one that fails (the studio plays them):
// the edge whose shortest completion to the goal is shortest overall.
void Analyzer::choice_examples(AnalysisReport& r) {
    if (r.choices.size() != s_.choices.size()) return;
    for (int goal = 0; goal < 2; ++goal) {
        std::vector<u32> dist =
            distance_to([&](u32 id) { return summary_is(id, kPass) == (goal == 0); }, [](u32) { return true; });
        std::vector<u32> best(s_.choices.size(), kNone);
        auto length = [&](u32 e) { return pdepth_[pe_from_[e]] + 1 + dist[pe_to_[e]]; };
        for (u32 e = 0; e < pe_from_.size(); ++e)
            if (dist[pe_to_[e]] != kNone && (best[pe_choice_[e]] == kNone || length(e) < length(best[pe_choice_[e]])))
                best[pe_choice_[e]] = e;
        for (std::size_t c = 0; c < s_.choices.size(); ++c)
            if (best[c] != kNone) (goal == 0 ? r.choices[c].a_pass : r.choices[c].a_fail) = path_through(best[c], dist);
    }
}

}  // namespace cp::analysis_detail
