// Per-choice outcomes for the studio: what complete paths through each choice can end with.
//
// Index: [Choice outcomes]
#include "analysis_internal.hpp"

#include <unordered_map>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Choice outcomes]
//-----------------------------------------------------------------------------------------------------------
// On the product graph a product's future depends only on the product, so the lowest and highest final
// score reachable from each product, and whether a pass or a fail is, are found by propagating backwards
// from the terminal products to a fixpoint (values only ever widen within 0..100, so loops terminate). A
// choice's outcomes are then the union over its edges of what the edge's target can reach.

void Analyzer::choice_outcomes(AnalysisReport& r) {
    std::size_t np = pdepth_.size();
    if (pin_off_.empty()) group_edges(pe_to_, pin_off_, pin_edge_);
    std::vector<std::uint8_t> lo(np, 101), hi(np, 0), reach(np, 0);  // reach: 1 pass, 2 fail, 4 some end
    std::unordered_map<u32, std::pair<int, bool>> by_summary;  // the outcome of each terminal summary, once
    std::vector<u32> work;
    for (u32 p = 0; p < np; ++p) {
        if (!terminal(pctrl_[p])) continue;
        auto found = by_summary.find(pid_[p]);
        if (found == by_summary.end()) {
            Outcome o = outcome(sum_of(p));
            found = by_summary.emplace(pid_[p], std::make_pair(o.score, o.passed)).first;
        }
        lo[p] = hi[p] = static_cast<std::uint8_t>(found->second.first);
        reach[p] = static_cast<std::uint8_t>(4 | (found->second.second ? 1 : 2));
        work.push_back(p);
    }
    while (!work.empty()) {
        u32 p = work.back();
        work.pop_back();
        for (u32 i = pin_off_[p]; i < pin_off_[p + 1]; ++i) {
            u32 q = pe_from_[pin_edge_[i]];
            bool changed = false;
            if (lo[p] < lo[q]) lo[q] = lo[p], changed = true;
            if (hi[p] > hi[q]) hi[q] = hi[p], changed = true;
            if ((reach[q] | reach[p]) != reach[q]) reach[q] |= reach[p], changed = true;
            if (changed) work.push_back(q);
        }
    }
    r.choices.assign(s_.choices.size(), ChoiceOutcomes{});
    for (std::size_t e = 0; e < pe_from_.size(); ++e) {
        ChoiceOutcomes& c = r.choices[pe_choice_[e]];
        u32 t = pe_to_[e];
        c.offered = true;
        if (!(reach[t] & 4)) continue;
        if (!c.ends) {
            c.min_score = lo[t];
            c.max_score = hi[t];
        }
        c.ends = true;
        c.min_score = std::min<int>(c.min_score, lo[t]);
        c.max_score = std::max<int>(c.max_score, hi[t]);
        c.can_pass = c.can_pass || (reach[t] & 1);
        c.can_fail = c.can_fail || (reach[t] & 2);
    }
}

}  // namespace cp::analysis_detail
