// The control graph (node, customer, variables) and an order of its strongly connected components.
//
// Index: [Control graph] [Components]
#include "analysis_internal.hpp"

#include <deque>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Control graph]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::decode_vars(const u64* key, std::vector<int>& vars) const {
    vars.resize(s_.variables.size());
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const VariableDef& v = s_.variables[i];
        u64 raw = get(key, var_fields_[i]);
        vars[i] = v.type == ValueType::Int
                      ? static_cast<int>(static_cast<std::int64_t>(v.min) + static_cast<std::int64_t>(raw))
                      : static_cast<int>(raw);
    }
}

void Analyzer::encode_control(const Place& at, u32 customer, const std::vector<int>& vars, u64* key) const {
    std::fill(key, key + cw_, 0);
    put(key, node_field_, at.ending >= 0 ? s_.nodes.size() + sz(at.ending) : sz(at.node));
    put(key, customer_field_, customer);
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const VariableDef& v = s_.variables[i];
        u64 raw = v.type == ValueType::Int ? static_cast<u64>(static_cast<std::int64_t>(vars[i]) - v.min)
                                           : static_cast<u64>(vars[i]);
        put(key, var_fields_[i], raw);
    }
}

void Analyzer::append_control(const u64* key, int node, int ending, bool stuck) {
    auto customer = static_cast<u32>(get(key, customer_field_));  // kept in the key, not stored twice
    ckey_.insert(ckey_.end(), key, key + cw_);
    cnode_.push_back(ending >= 0 ? -1 - ending : node);
    cstuck_.push_back(stuck ? 1 : 0);
    if (when_per_state_) {
        std::vector<u64>& when = when_scratch_;
        when.assign(ww_, 0);
        std::vector<int>& vars = vars_scratch_;
        decode_vars(key, vars);
        EvalContext ctx{vars, &views_[customer]};
        for (std::size_t b = 0; b < when_rules_.size(); ++b)
            if (s_.rules[sz(when_rules_[b])].when->evaluate(ctx)) when[b / 64] |= 1ull << (b % 64);
        cwhen_.insert(cwhen_.end(), when.begin(), when.end());
    }
}

u32 Analyzer::add_control(const u64* key, u32 hash, const Place& at) {
    auto fresh = static_cast<u32>(cnode_.size());
    auto [index, inserted] = ctable_->insert(key, hash, fresh, ckey_.data());
    if (inserted) append_control(key, at.node, at.ending, at.stuck);
    return index;
}

Arrival Analyzer::follow(u32 from, u32 choice, std::vector<int>& vars, int* mood, DateTime* clock) const {
    const Choice& ch = s_.choices[choice];
    decode_vars(&ckey_[from * cw_], vars);
    apply_effects(s_, ch.effects, vars);
    const CustomerView* who = &views_[customer_of(from)];
    return arrive(s_, pick(ch.branches, ch.next, EvalContext{vars, who}), vars, who, mood, clock);
}

int Analyzer::path_mood(u32 customer, const std::vector<int>& choices) const {
    int mood = start_mood_[customer];
    if (!routes_) {
        for (int ch : choices) mood = clamp_mood(mood + s_.choices[sz(ch)].mood);
        return mood;
    }
    std::vector<int> vars = start_vars_[customer];
    const CustomerView* who = &views_[customer];
    for (int c : choices) {
        const Choice& ch = s_.choices[sz(c)];
        apply_effects(s_, ch.effects, vars);
        mood = clamp_mood(mood + ch.mood);
        arrive(s_, pick(ch.branches, ch.next, EvalContext{vars, who}), vars, who, &mood, nullptr);
    }
    return mood;
}

void Analyzer::successors(u32 i, std::vector<int>& vars, std::vector<u64>& out, std::vector<int>& taken,
                          std::vector<Place>& places) {
    const u64* key = &ckey_[i * cw_];
    decode_vars(key, vars);
    u32 customer = customer_of(i);
    EvalContext ctx{vars, &views_[customer]};
    bool any = false;
    for (int c : s_.nodes[sz(cnode_[i])].choices) {
        const Choice& ch = s_.choices[sz(c)];
        if (ch.condition && !ch.condition->evaluate(ctx)) continue;
        any = true;
        choice_shown_[sz(c)] = true;
        if (routes_) {  // where it lands and the variables there depend on the state: follow it
            std::vector<int>& after = route_scratch_;
            Arrival a = follow(i, static_cast<u32>(c), after, nullptr, nullptr);
            for (int n : a.entered) node_entered_[sz(n)] = true;
            Place at;
            at.stuck = a.stuck;
            (a.at.kind == Target::Kind::Ending && !a.stuck ? at.ending : at.node) = a.at.index;
            out.resize(out.size() + cw_);
            encode_control(at, customer, after, &out[out.size() - cw_]);
            places.push_back(at);
            taken.push_back(c);
            continue;
        }
        const Landing& at = landing_[sz(c)];
        places.push_back(at);
        for (int n : at.entered) node_entered_[sz(n)] = true;
        // The successor's key is this key with the place and the variables the choice sets changed.
        out.insert(out.end(), key, key + cw_);
        u64* next = &out[out.size() - cw_];
        put(next, node_field_, at.ending >= 0 ? s_.nodes.size() + sz(at.ending) : sz(at.node));
        for (const Effect& e : ch.effects) {
            const VariableDef& def = s_.variables[sz(e.variable)];
            // `set` is a JSON object, so each variable has one effect: all read the values before the choice.
            int v = std::clamp(e.add ? vars[sz(e.variable)] + e.value : e.value, def.min, def.max);
            u64 raw = def.type == ValueType::Int ? static_cast<u64>(static_cast<std::int64_t>(v) - def.min)
                                                 : static_cast<u64>(v);
            put(next, var_fields_[sz(e.variable)], raw);
        }
        taken.push_back(c);
    }
    if (!any) cstuck_[i] = 1;
}

// Where sessions can land (decision nodes, then endings as nodes.size() + ending), in an order where every
// choice leads forwards; empty when the story can loop back (then states are explored breadth first).
std::vector<u32> Analyzer::landing_order() const {
    std::size_t n = s_.nodes.size() + s_.endings.size();
    // One place to start from (the start's `next` list may send customers to different places; then the
    // states are explored breadth first, which numbers the starts first).
    if (start_landing_.stuck || start_landing_.targets.size() != 1 ||
        std::any_of(landing_.begin(), landing_.end(), [](const Landing& l) { return l.stuck; }))
        return {};
    std::vector<std::vector<u32>> out(n);
    for (std::size_t i = 0; i < s_.nodes.size(); ++i)
        for (int c : s_.nodes[i].choices)
            out[i].insert(out[i].end(), landing_[sz(c)].targets.begin(), landing_[sz(c)].targets.end());
    std::vector<u32> order{start_landing_.targets.front()};
    std::vector<bool> seen(n, false);
    seen[order[0]] = true;
    for (std::size_t k = 0; k < order.size(); ++k)
        for (u32 t : out[order[k]])
            if (!seen[t]) {
                seen[t] = true;
                order.push_back(t);
            }
    std::vector<u32> indegree(n, 0);
    for (u32 u : order)
        for (u32 t : out[u]) ++indegree[t];
    std::vector<u32> sorted;
    for (u32 u : order)
        if (indegree[u] == 0) sorted.push_back(u);
    for (std::size_t k = 0; k < sorted.size(); ++k)
        for (u32 t : out[sorted[k]])
            if (--indegree[t] == 0) sorted.push_back(t);
    if (sorted.size() < order.size()) return {};
    return sorted;
}

// Without loops in the story, states are made node by node in that order: each node's states are deduplicated
// in a small table of their own (which stays in the cache) instead of one table for the whole scenario, and
// the states come out numbered in a topological order, which the later passes use as it is.
bool Analyzer::explore_controls_by_node(const std::vector<u32>& order) {
    struct Incoming {
        u32 local, from, choice;
    };
    struct Staged {
        KeyTable table;
        std::vector<u64> keys;
        std::vector<Incoming> incoming;
        explicit Staged(std::size_t words) : table(words, 16) {}
    };
    std::size_t targets = s_.nodes.size() + s_.endings.size();
    std::vector<std::unique_ptr<Staged>> staged(targets);
    // Records a state reached at `target` (through `choice` from state `from`, unless it is a start).
    auto stage = [&](u32 target, const u64* key, u32 from, u32 choice) {
        if (!staged[target]) staged[target] = std::make_unique<Staged>(cw_);
        Staged& st = *staged[target];
        auto fresh = static_cast<u32>(st.keys.size() / cw_);
        auto [local, inserted] = st.table.insert(key, fresh, st.keys.data());
        if (inserted) st.keys.insert(st.keys.end(), key, key + cw_);
        if (from != kNone) st.incoming.push_back({local, from, choice});
        return local;
    };
    auto target_of = [&](const Place& l) {
        return l.ending >= 0 ? static_cast<u32>(s_.nodes.size() + sz(l.ending)) : static_cast<u32>(l.node);
    };
    std::vector<int> vars = s_.initial_variables();
    std::vector<u64>& key = key_scratch_;
    key.resize(cw_);
    // The start is the only target nothing leads to, so it comes first and its states are numbered from 0.
    for (u32 c = 0; c < s_.customers.size(); ++c) {
        encode_control(start_place_[c], c, start_vars_[c], key.data());
        initial_.push_back(stage(target_of(start_place_[c]), key.data(), kNone, kNone));
    }
    std::vector<u64> out;
    std::vector<int> taken;
    std::vector<Place> places;
    std::vector<u32> count;
    roff_.push_back(0);
    for (u32 t : order) {
        if (!staged[t]) continue;
        auto first = static_cast<u32>(cnode_.size());
        bool is_node = t < s_.nodes.size();
        std::unique_ptr<Staged> st = std::move(staged[t]);
        std::size_t made = st->keys.size() / cw_;
        for (std::size_t i = 0; i < st->keys.size(); i += cw_)
            append_control(&st->keys[i], is_node ? static_cast<int>(t) : -1,
                           is_node ? -1 : static_cast<int>(t - s_.nodes.size()), false);
        // Their incoming edges, grouped by state (a counting sort by local number).
        count.assign(made + 1, 0);
        for (const Incoming& in : st->incoming) ++count[in.local + 1];
        for (std::size_t i = 0; i < made; ++i) count[i + 1] += count[i];
        std::size_t at = rsrc_.size();
        rsrc_.resize(at + st->incoming.size());
        rchoice_.resize(at + st->incoming.size());
        for (std::size_t i = 0; i < made; ++i) roff_.push_back(static_cast<u32>(at + count[i + 1]));
        for (const Incoming& in : st->incoming) {
            std::size_t k = at + count[in.local]++;
            rsrc_[k] = in.from;
            rchoice_[k] = in.choice;
        }
        st.reset();
        if (!is_node) continue;
        for (auto i = first; i < cnode_.size(); ++i) {
            out.clear();
            taken.clear();
            places.clear();
            successors(i, vars, out, taken, places);
            for (std::size_t k = 0; k < taken.size(); ++k)
                stage(target_of(places[k]), &out[k * cw_], i, static_cast<u32>(taken[k]));
        }
        if (cnode_.size() > options_.state_limit) {
            limit_hit_ = true;
            return false;
        }
    }
    acyclic_ = true;
    numbered_in_order_ = true;
    return true;
}

bool Analyzer::explore_controls() {
    if (std::vector<u32> order = landing_order(); !order.empty()) return explore_controls_by_node(order);
    ctable_ = std::make_unique<KeyTable>(cw_);
    std::vector<int> vars = s_.initial_variables();
    std::vector<u64>& key = key_scratch_;
    key.resize(cw_);
    for (u32 c = 0; c < s_.customers.size(); ++c) {
        encode_control(start_place_[c], c, start_vars_[c], key.data());
        initial_.push_back(add_control(key.data(), ctable_->hash(key.data()), start_place_[c]));
    }
    // States are expanded in batches: first every successor's key, asking the memory for its table slot,
    // then the lookups in order (so numbering stays breadth first). The slot loads overlap instead of each
    // waiting for the last; on large scenarios the table is far bigger than any cache.
    constexpr u32 kBatch = 16;
    std::vector<u64> keys;  // the successors' keys of the batch
    std::vector<u32> hashes;
    std::vector<int> taken;
    std::vector<Place> places;
    std::vector<u32> ends;  // per state of the batch: where its successors end in `taken`
    for (u32 first = 0, last = 0; first < cnode_.size() && !limit_hit_; first = last) {
        last = static_cast<u32>(std::min<std::size_t>(cnode_.size(), first + kBatch));
        keys.clear();
        hashes.clear();
        taken.clear();
        places.clear();
        ends.clear();
        for (u32 i = first; i < last; ++i) {
            std::size_t before = taken.size();
            if (!terminal(i)) successors(i, vars, keys, taken, places);
            for (std::size_t k = before; k < taken.size(); ++k) {
                hashes.push_back(ctable_->hash(&keys[k * cw_]));
                ctable_->prefetch(hashes.back());
            }
            ends.push_back(static_cast<u32>(taken.size()));
        }
        std::size_t k = 0;
        for (u32 i = first; i < last; ++i) {
            eoff_.push_back(static_cast<u32>(eto_.size()));
            for (; k < ends[i - first]; ++k) {
                int c = taken[k];
                eto_.push_back(add_control(&keys[k * cw_], hashes[k], places[k]));
                echoice_.push_back(static_cast<u32>(c));
            }
        }
        if (cnode_.size() > options_.state_limit) limit_hit_ = true;
    }
    while (eoff_.size() <= cnode_.size()) eoff_.push_back(static_cast<u32>(eto_.size()));
    ctable_.reset();
    return !limit_hit_;
}

//-----------------------------------------------------------------------------------------------------------
// [Components]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::components() {
    if (numbered_in_order_) return;  // explored node by node: already in order, and without loops
    auto n = static_cast<u32>(cnode_.size());
    // Most scenarios have no loop: then Kahn's order over the states themselves is the whole answer, and
    // breadth first it keeps the states between "first input made" and "finished" few.
    {
        std::vector<u32> indegree(n, 0);
        for (u32 to : eto_) ++indegree[to];
        comp_order_.clear();
        comp_order_.reserve(n);
        for (u32 v = 0; v < n; ++v)
            if (indegree[v] == 0) comp_order_.push_back(v);
        for (std::size_t i = 0; i < comp_order_.size(); ++i) {
            u32 v = comp_order_[i];
            for (u32 e = eoff_[v]; e < eoff_[v + 1]; ++e)
                if (--indegree[eto_[e]] == 0) comp_order_.push_back(eto_[e]);
        }
        if (comp_order_.size() == n) {
            acyclic_ = true;
            return;
        }
    }
    // Otherwise Tarjan's algorithm, without recursion (a long scenario would overflow the call stack).
    std::vector<u32> index(n, kNone), low(n, 0), stack;
    std::vector<std::uint8_t> on_stack(n, 0);
    std::vector<std::pair<u32, u32>> calls;  // (state, next edge)
    comp_.assign(n, kNone);
    u32 counter = 0, comps = 0;
    for (u32 root = 0; root < n; ++root) {
        if (index[root] != kNone) continue;
        calls.push_back({root, eoff_[root]});
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = 1;
        while (!calls.empty()) {
            auto& [v, pos] = calls.back();
            if (pos < eoff_[v + 1]) {
                u32 w = eto_[pos++];
                if (index[w] == kNone) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    calls.push_back({w, eoff_[w]});
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            u32 done = v;
            calls.pop_back();
            if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
            if (low[done] == index[done]) {
                u32 w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    comp_[w] = comps;
                } while (w != done);
                ++comps;
            }
        }
    }
    comp_off_.assign(comps + 1, 0);
    for (u32 v = 0; v < n; ++v) ++comp_off_[comp_[v] + 1];
    for (u32 c = 0; c < comps; ++c) comp_off_[c + 1] += comp_off_[c];
    comp_members_.assign(n, 0);
    std::vector<u32> fill(comp_off_.begin(), comp_off_.end() - 1);
    for (u32 v = 0; v < n; ++v) comp_members_[fill[comp_[v]]++] = v;
    comp_cyclic_.assign(comps, 0);
    std::vector<u32> indegree(comps, 0);
    for (u32 v = 0; v < n; ++v)
        for (u32 e = eoff_[v]; e < eoff_[v + 1]; ++e) {
            if (comp_[eto_[e]] == comp_[v])
                comp_cyclic_[comp_[v]] = 1;
            else
                ++indegree[comp_[eto_[e]]];
        }
    // Kahn's order: breadth first over the component graph, so a state is finished soon after its inputs.
    std::deque<u32> ready;
    for (u32 c = 0; c < comps; ++c)
        if (indegree[c] == 0) ready.push_back(c);
    comp_order_.clear();
    while (!ready.empty()) {
        u32 c = ready.front();
        ready.pop_front();
        comp_order_.push_back(c);
        for (u32 m = comp_off_[c]; m < comp_off_[c + 1]; ++m) {
            u32 v = comp_members_[m];
            for (u32 e = eoff_[v]; e < eoff_[v + 1]; ++e)
                if (comp_[eto_[e]] != c && --indegree[comp_[eto_[e]]] == 0) ready.push_back(comp_[eto_[e]]);
        }
    }
}

}  // namespace cp::analysis_detail
