// The products: for each control state, the rubric summaries that reach it.
//
// Index: [Products]
#include "analysis_internal.hpp"

#include <deque>
#include <queue>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Products]
//-----------------------------------------------------------------------------------------------------------

u32 Analyzer::gather_one(Gathered& g, u32 id, u32 depth, int lo, int hi, Ref lo_ref, Ref hi_ref) {
    std::size_t n = g.size();
    u32 at = kNone;
    u64 key = id;
    if (g.indexed) {
        auto [index, inserted] = g.index.insert(&key, static_cast<u32>(n), g.sums.data());
        if (!inserted) at = index;
    } else {
        for (std::size_t i = 0; i < n; ++i)
            if (g.sums[i] == key) {
                at = static_cast<u32>(i);
                break;
            }
    }
    if (at == kNone) {
        g.sums.push_back(key);
        g.depth.push_back(depth);
        g.lo.push_back(static_cast<std::uint8_t>(lo));
        g.hi.push_back(static_cast<std::uint8_t>(hi));
        g.lo_ref.push_back(lo_ref);
        g.hi_ref.push_back(hi_ref);
        if (!g.indexed && g.size() > 32) {  // a much-visited state (an ending reached from everywhere)
            g.indexed = true;
            for (u32 i = 0; i < g.size(); ++i) g.index.insert(&g.sums[i], i, g.sums.data());
        }
        return static_cast<u32>(n);
    }
    g.depth[at] = std::min(g.depth[at], depth);
    if (hi > g.hi[at]) {
        g.hi[at] = static_cast<std::uint8_t>(hi);
        g.hi_ref[at] = hi_ref;
    }
    if (lo < g.lo[at]) {
        g.lo[at] = static_cast<std::uint8_t>(lo);
        g.lo_ref[at] = lo_ref;
    }
    return at;
}

// Every summary reaching control state `c` from products already made (its predecessors, in earlier
// components), and the start of the session if `c` is where a customer's session begins.
void Analyzer::gather(u32 c, Gathered& g, bool from_other_components) {
    g.sums.clear();
    g.depth.clear();
    g.lo.clear();
    g.hi.clear();
    g.lo_ref.clear();
    g.hi_ref.clear();
    g.in.clear();
    if (g.indexed) g.index.clear();
    g.indexed = false;
    std::vector<u64> next(sw_);
    u32 customer = customer_of(c);
    if (initial_[customer] == c) {
        initial_summary(next.data(), c);
        int mood = start_mood_[customer];
        gather_one(g, intern(next.data()), 0, mood, mood, {}, {});
    }
    for (u32 r = roff_[c]; r < roff_[c + 1]; ++r) {
        u32 from = rsrc_[r], ch = rchoice_[r];
        if (from_other_components && comp_of(from) == comp_of(c)) continue;
        for (u32 q = pbeg_[from]; q < pbeg_[from] + pcnt_[from]; ++q) {
            u32 at = gather_one(g, step_id(pid_[q], ch, from, c), pdepth_[q] + 1, edge_mood(plo_[q], from, ch),
                                edge_mood(phi_[q], from, ch), {q, from, ch}, {q, from, ch});
            g.in.push_back({q, at, ch});
        }
    }
}

bool Analyzer::process_single(u32 c) {
    Gathered& g = gathered_;
    gather(c, g, false);
    pbeg_[c] = static_cast<u32>(pdepth_.size());
    pcnt_[c] = static_cast<u32>(g.size());
    for (const auto& in : g.in) add_product_edge(in.from, pbeg_[c] + in.at, in.choice);
    for (u64 id : g.sums) pid_.push_back(static_cast<u32>(id));
    pdepth_.insert(pdepth_.end(), g.depth.begin(), g.depth.end());
    plo_.insert(plo_.end(), g.lo.begin(), g.lo.end());
    phi_.insert(phi_.end(), g.hi.begin(), g.hi.end());
    return pdepth_.size() <= options_.state_limit;
}

bool Analyzer::process_loop(u32 comp) {
    // Local states (control, summary) of this component, keyed by [control, summary words].
    constexpr std::size_t kw = 2;  // [control, summary id]
    KeyTable table(kw);
    std::vector<u64> keys;
    std::vector<u32> depth;
    std::vector<int> lo, hi;  // -1: not reached yet
    std::vector<u32> lo_entry, hi_entry;
    std::vector<u32> loff, lto, lchoice;
    u64 key[kw];
    auto local = [&](u32 control, u32 id) {
        key[0] = control;
        key[1] = id;
        auto [index, inserted] = table.insert(key, static_cast<u32>(depth.size()), keys.data());
        if (inserted) {
            keys.insert(keys.end(), key, key + kw);
            depth.push_back(kNone);
            lo.push_back(-1);
            hi.push_back(-1);
            lo_entry.push_back(kNone);
            hi_entry.push_back(kNone);
        }
        return index;
    };
    auto entry = [&](const Ref& ref) {
        LogEntry e;
        if (ref.pred != kNone) e = {LogEntry::Product, ref.pred, ref.ctrl, ref.choice};
        log_.push_back(e);
        return static_cast<u32>(log_.size() - 1);
    };
    // Seeds: what arrives from earlier components (and the start).
    Gathered& g = gathered_;
    struct Arrival {  // a product edge from an earlier component into local state `to`
        u32 from, to, choice;
    };
    std::vector<Arrival> arrivals;
    std::vector<u32> local_of;
    for (u32 m = comp_begin(comp); m < comp_end(comp); ++m) {
        u32 c = member(m);
        gather(c, g, true);
        local_of.clear();
        for (std::size_t i = 0; i < g.size(); ++i) local_of.push_back(local(c, static_cast<u32>(g.sums[i])));
        for (const auto& in : g.in) arrivals.push_back({in.from, local_of[in.at], in.choice});
        for (std::size_t i = 0; i < g.size(); ++i) {
            u32 l = local_of[i];
            depth[l] = g.depth[i];
            hi[l] = g.hi[i];
            lo[l] = g.lo[i];
            hi_entry[l] = entry(g.hi_ref[i]);
            lo_entry[l] = entry(g.lo_ref[i]);
        }
    }
    // Closure: every local state reachable inside the component, with its local edges.
    for (u32 i = 0; i < depth.size(); ++i) {
        loff.push_back(static_cast<u32>(lto.size()));
        auto c = static_cast<u32>(keys[i * kw]);
        for (u32 e = eoff_[c]; e < eoff_[c + 1]; ++e) {
            u32 to = eto_[e];
            if (comp_of(to) != comp) continue;
            u32 j = local(to, step_id(static_cast<u32>(keys[i * kw + 1]), echoice_[e], c, to));
            lto.push_back(j);
            lchoice.push_back(echoice_[e]);
        }
        if (pdepth_.size() + depth.size() > options_.state_limit) return false;
    }
    loff.push_back(static_cast<u32>(lto.size()));
    auto n = static_cast<u32>(depth.size());
    // Shortest depths: Dijkstra from the seeds' depths (every edge counts one choice).
    using Item = std::pair<u32, u32>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (u32 i = 0; i < n; ++i)
        if (depth[i] != kNone) heap.push({depth[i], i});
    while (!heap.empty()) {
        auto [d, i] = heap.top();
        heap.pop();
        if (d != depth[i]) continue;
        for (u32 e = loff[i]; e < loff[i + 1]; ++e)
            if (depth[lto[e]] == kNone || d + 1 < depth[lto[e]]) {
                depth[lto[e]] = d + 1;
                heap.push({d + 1, lto[e]});
            }
    }
    // Mood extremes: relax to a fixpoint (at most 101 improvements per state), logging each improvement.
    auto relax = [&](std::vector<int>& value, std::vector<u32>& entries, bool highest) {
        std::deque<u32> work;
        std::vector<std::uint8_t> queued(n, 0);
        for (u32 i = 0; i < n; ++i)
            if (value[i] >= 0) {
                work.push_back(i);
                queued[i] = 1;
            }
        while (!work.empty()) {
            u32 i = work.front();
            work.pop_front();
            queued[i] = 0;
            for (u32 e = loff[i]; e < loff[i + 1]; ++e) {
                u32 j = lto[e];
                int v = edge_mood(value[i], static_cast<u32>(keys[i * kw]), lchoice[e]);
                if (value[j] >= 0 && (highest ? v <= value[j] : v >= value[j])) continue;
                value[j] = v;
                log_.push_back({LogEntry::Earlier, entries[i], kNone, lchoice[e]});
                entries[j] = static_cast<u32>(log_.size() - 1);
                if (!queued[j]) {
                    queued[j] = 1;
                    work.push_back(j);
                }
            }
        }
    };
    relax(hi, hi_entry, true);
    relax(lo, lo_entry, false);
    // Products, grouped by control state.
    std::vector<u32> order(n);
    for (u32 i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](u32 a, u32 b) { return keys[a * kw] < keys[b * kw]; });
    std::vector<u32> product_of(n);
    auto first_product = static_cast<u32>(pdepth_.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        u32 i = order[k];
        auto c = static_cast<u32>(keys[i * kw]);
        if (k == 0 || keys[order[k - 1] * kw] != c) pbeg_[c] = static_cast<u32>(pdepth_.size());
        auto p = static_cast<u32>(pdepth_.size());
        product_of[i] = p;
        pid_.push_back(static_cast<u32>(keys[i * kw + 1]));
        pdepth_.push_back(depth[i]);
        plo_.push_back(static_cast<std::uint8_t>(lo[i]));
        phi_.push_back(static_cast<std::uint8_t>(hi[i]));
        ++pcnt_[c];
        plog_[p] = {hi_entry[i], lo_entry[i]};
    }
    for (const Arrival& a : arrivals) add_product_edge(a.from, product_of[a.to], a.choice);
    for (u32 i = 0; i < n; ++i)
        for (u32 e = loff[i]; e < loff[i + 1]; ++e) add_product_edge(product_of[i], product_of[lto[e]], lchoice[e]);
    loop_blocks_.push_back({first_product, static_cast<u32>(pdepth_.size())});
    return true;
}

bool Analyzer::explore_products() {
    auto n = static_cast<u32>(cnode_.size());
    gathered_.index = KeyTable(1);
    sum_table_ = std::make_unique<KeyTable>(sw_);
    // With routes a choice's step also depends on where it lands, which the memo's key does not hold.
    memo_on_ = !when_per_state_ && !routes_;
    if (memo_on_) memo_.assign(std::size_t{1} << 12, Memo{});
    pbeg_.assign(n, 0);
    pcnt_.assign(n, 0);
    build_reverse();
    for (std::size_t k = 0; k < order_size(); ++k) {
        u32 comp = order_at(k);
        bool ok = cyclic(comp) ? process_loop(comp) : process_single(member(comp_begin(comp)));
        if (!ok) {
            limit_hit_ = true;
            return false;
        }
    }
    return true;
}

}  // namespace cp::analysis_detail
