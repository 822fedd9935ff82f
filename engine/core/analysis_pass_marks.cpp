// The pass-mark slider's numbers, from the product graph the proofs already built (nothing is explored
// again): complete paths per final score, what learners keeping to a grade can end with, and a random
// learner's chance of each final score.
//
// Index: [Pass mark table] [Pass marks]
#include "analysis_internal.hpp"

#include <cmath>

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Pass mark table]
//-----------------------------------------------------------------------------------------------------------

const char* learner_grade_text(LearnerGrade g) {
    switch (g) {
        case LearnerGrade::Best:
            return "always best";
        case LearnerGrade::BestOrAcceptable:
            return "best or acceptable";
        case LearnerGrade::NotUnsafe:
            return "anything but unsafe";
    }
    return "?";
}

double PassMarkTable::paths_total() const {
    double total = paths_critical;
    for (double n : paths_at_score) total += n;
    return total;
}

double PassMarkTable::paths_passing(int mark) const {
    double n = 0;
    for (std::size_t s = static_cast<std::size_t>(std::max(0, mark)); s < paths_at_score.size(); ++s) n += paths_at_score[s];
    return n;
}

double PassMarkTable::random_passes(int mark) const {
    double p = 0;
    for (std::size_t s = static_cast<std::size_t>(std::max(0, mark)); s < random_at_score.size(); ++s) p += random_at_score[s];
    return p;
}

int PassMarkTable::learner_passes(LearnerGrade g, int mark) const {
    auto k = static_cast<std::size_t>(g);
    if (k >= learners.size()) return 0;
    const Learner& l = learners[k];
    bool clean = l.reaches_end && l.min_score <= l.max_score;  // some path with no critical rule broken
    if (!clean || l.max_score < mark) return 0;
    return !l.critical && l.min_score >= mark ? 2 : 1;
}

namespace analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Pass marks]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::pass_marks(AnalysisReport& r) {
    PassMarkTable& t = r.pass_marks;
    std::size_t np = pdepth_.size();
    if (np == 0 || pout_off_.empty()) return;
    t.paths_at_score.assign(101, 0);
    t.random_at_score.assign(101, 0);
    t.learners.assign(kLearnerGrades, {});

    // What a terminal summary ends with, once per distinct summary: its score, or -1 for a critical breach.
    std::vector<int> ends_with(sums_.size() / sw_, -2);
    auto final_score = [&](u32 p) {
        int& v = ends_with[pid_[p]];
        if (v == -2) {
            Outcome o = outcome(sum_of(p));
            v = o.critical_broken >= 0 ? -1 : std::clamp(o.score, 0, 100);
        }
        return v;
    };
    auto can_end = [&](u32 p) { return can_end_.empty() || can_end_[pctrl_[p]] != 0; };
    auto degree = [&](u32 p) { return static_cast<double>(pout_off_[p + 1] - pout_off_[p]); };
    double customers = static_cast<double>(s_.customers.size());

    // Forward over products: edges go forwards except inside process_loop's blocks.
    std::vector<double> count(np, 0), mass(np, 0);
    std::vector<std::uint8_t> reach(np, 0);
    constexpr std::uint8_t kAll = (1u << kLearnerGrades) - 1;
    for (u32 k = 0; k < s_.customers.size(); ++k)
        for (u32 p = pbeg_[initial_[k]]; p < pbeg_[initial_[k]] + pcnt_[initial_[k]]; ++p)
            if (pdepth_[p] == 0) {
                count[p] = 1;
                mass[p] = 1 / customers;
                reach[p] = kAll;
            }
    auto allowed = [&](u32 choice) {
        ChoiceGrade g = s_.choices[choice].grade;
        return static_cast<std::uint8_t>((g == ChoiceGrade::Best ? 1 : 0) |
                                         (g == ChoiceGrade::Best || g == ChoiceGrade::Acceptable ? 2 : 0) |
                                         (g != ChoiceGrade::Unsafe ? 4 : 0));
    };
    // Pushes a product's count, mass and reach along its edges; `skip_block` leaves targets in [b, e) alone
    // (a loop's inside is solved separately). True if some reach bit grew.
    auto push = [&](u32 q, u32 b, u32 e, bool skip_block) {
        if (terminal(pctrl_[q]) || !can_end(q)) return false;
        bool grew = false;
        for (u32 i = pout_off_[q]; i < pout_off_[q + 1]; ++i) {
            u32 edge = pout_edge_[i], to = pe_to_[edge];
            bool inside = to >= b && to < e;
            if (skip_block && inside) continue;
            if (!skip_block) {
                count[to] += count[q];
                mass[to] += mass[q] / degree(q);
            } else {
                mass[to] += mass[q] / degree(q);  // counts leave loops only when paths are finite (never)
            }
            auto next = static_cast<std::uint8_t>(reach[to] | (reach[q] & allowed(pe_choice_[edge])));
            grew = grew || next != reach[to];
            reach[to] = next;
        }
        return grew;
    };
    if (pin_off_.empty()) group_edges(pe_to_, pin_off_, pin_edge_);
    std::size_t block = 0;
    bool converged = true;
    for (u32 q = 0; q < np;) {
        while (block < loop_blocks_.size() && loop_blocks_[block].second <= q) ++block;
        if (!(block < loop_blocks_.size() && loop_blocks_[block].first == q)) {
            push(q++, 0, 0, false);
            continue;
        }
        auto [b, e] = loop_blocks_[block];
        if (can_end(b)) {
            // The random learner's mass inside a loop that can be left: x = in + (mass arriving from the
            // block's own products), Gauss-Seidel until it settles (the loop is left with probability 1).
            std::vector<double> in(mass.begin() + b, mass.begin() + e);
            for (int sweep = 0; sweep < 1'000'000; ++sweep) {
                double change = 0;
                for (u32 x = b; x < e; ++x) {
                    double v = in[x - b];
                    for (u32 i = pin_off_[x]; i < pin_off_[x + 1]; ++i) {
                        u32 from = pe_from_[pin_edge_[i]];
                        if (from >= b && from < e && !terminal(pctrl_[from])) v += mass[from] / degree(from);
                    }
                    change = std::max(change, std::abs(v - mass[x]));
                    mass[x] = v;
                }
                if (change < 1e-13) break;
                if (sweep + 1 == 1'000'000) converged = false;
            }
        }
        // Reach bits only grow: sweep the block until they stop, then push everything out of it.
        for (bool grew = true; grew;) {
            grew = false;
            for (u32 x = b; x < e; ++x) {
                if (terminal(pctrl_[x]) || !can_end(x)) continue;
                for (u32 i = pout_off_[x]; i < pout_off_[x + 1]; ++i) {
                    u32 edge = pout_edge_[i], to = pe_to_[edge];
                    if (to < b || to >= e) continue;
                    auto next = static_cast<std::uint8_t>(reach[to] | (reach[x] & allowed(pe_choice_[edge])));
                    grew = grew || next != reach[to];
                    reach[to] = next;
                }
            }
        }
        for (u32 x = b; x < e; ++x) push(x, b, e, true);
        q = e;
    }

    for (u32 p = 0; p < np; ++p) {
        if (!terminal(pctrl_[p])) continue;
        int score = final_score(p);
        if (!r.paths_infinite) {
            if (score < 0)
                t.paths_critical += count[p];
            else
                t.paths_at_score[static_cast<std::size_t>(score)] += count[p];
        }
        if (score >= 0) t.random_at_score[static_cast<std::size_t>(score)] += mass[p];
        for (int g = 0; g < kLearnerGrades; ++g) {
            if (!((reach[p] >> g) & 1)) continue;
            PassMarkTable::Learner& l = t.learners[static_cast<std::size_t>(g)];
            l.reaches_end = true;
            if (score < 0) {
                l.critical = true;
            } else {
                l.min_score = std::min(l.min_score, score);
                l.max_score = std::max(l.max_score, score);
            }
        }
    }
    t.counted = !r.paths_infinite && converged;
}

}  // namespace analysis_detail
}  // namespace cp
