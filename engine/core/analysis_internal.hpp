// The analyzer's private parts, shared by the analysis_*.cpp files (not part of the engine's interface).
// What each file holds:
//   analysis.cpp            codes, names and the entry point (Analyzer::run)
//   analysis_rubric.cpp     [Time] [Setup] [Rubric steps]: the rubric summary and how a step changes it
//   analysis_graph.cpp      [Control graph] [Components]
//   analysis_products.cpp   [Products]: control state x rubric summary
//   analysis_paths.cpp      [Example paths]
//   analysis_findings.cpp   [Outcomes] [Reachability]: endings, rules, soundness, teaching and reachability
//   analysis_numbers.cpp    [Big numbers] [Path counting]
//   analysis_proofs.cpp     [Proofs]: the grade proofs, strategies, the random guesser's odds, length cue
//   analysis_random.cpp     [Random playthroughs]
//   analysis_pass_marks.cpp [Pass marks]: paths and learners per final score, for the pass-mark slider
//
// Index: [Memory] [Bit packing] [Key table] [Time] [Setup] [The analyser]
//
// How it works, in three passes:
//  1. The control graph: every reachable (node, customer, variables). The rubric never changes which choices
//     are offered or where they lead, so this graph alone answers reachability, stuck states, loops and
//     traps, and the number of paths (two paths differ exactly when their choices differ). When the story
//     has no loop it is built node by node in a topological order, each node's states deduplicated in a
//     small table of their own; otherwise breadth first with one table.
//  2. An order of its strongly connected components in which every edge between components goes forward
//     (Kahn's algorithm, which keeps the set of half-finished states small). Built node by node, the states
//     are already numbered in such an order and no state is on a loop.
//  3. The products: for each control state, the rubric summaries that reach it, each with its shortest depth
//     and its lowest and highest mood, gathered from its predecessors' products. A state's values are final
//     once every component before it is done, so each product is made once; inside a loop (a cyclic
//     component) they are iterated to a fixpoint. Distinct summaries are few, so products hold an id.
// Splitting the rubric off the control state means the expensive part (hashing variables, evaluating
// conditions) is done once per control state, not once per rubric summary.
//
// Why tracking only the lowest and highest mood per state is exact: the mood never feeds back into the
// story (conditions cannot read it) and each choice maps it through clamp(m + delta, 0, 100), which never
// decreases when m increases. So the highest mood reachable at a state is the step function applied to the
// highest mood of some predecessor, and likewise for the lowest; nothing in between needs tracking.
//
// Example paths are rebuilt backwards from the few states a finding needs: a predecessor one step shallower
// (shortest paths), or one whose mood maps onto this state's mood (mood extremes). Both terminate: depth
// falls at every step, and mood predecessors come from earlier components. Inside loops, where mood can be
// raised by going round, the fixpoint keeps a log of each improvement instead, which is followed backwards.
//
// The proofs (analysis_proofs.cpp) work on the product graph: one edge per (product, offered choice),
// recorded as the products are made. A product's future depends only on the product, so "some complete path
// through this edge passes" is "the edge's target can reach a passing end": one backward search per goal.
#pragma once

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis.hpp"
#include "rubric.hpp"

namespace cp::analysis_detail {

using u64 = std::uint64_t;
using u32 = std::uint32_t;
constexpr u32 kNone = 0xFFFFFFFFu;

inline std::size_t sz(int i) {
    return static_cast<std::size_t>(i);
}

//-----------------------------------------------------------------------------------------------------------
// [Memory]
//-----------------------------------------------------------------------------------------------------------

// The large arrays (millions of states). The analysis is bound by memory, not arithmetic: on a virtual
// machine the first touch of a page is the single largest cost. So on Linux a large array lives in its own
// mapping that grows with mremap, which moves page tables instead of copying pages: each page is touched
// once rather than once per doubling. It also asks for transparent huge pages (512 times fewer faults and
// address translations). Elsewhere, and for small arrays, plain realloc. Only for trivially copyable
// elements; only the operations the analysis uses.
template <class T>
class Big {
    static_assert(std::is_trivially_copyable_v<T>);

  public:
    Big() = default;
    template <class It>
    Big(It first, It last) {
        insert(end(), first, last);
    }
    Big(const Big&) = delete;
    Big& operator=(const Big&) = delete;
    Big(Big&& other) noexcept { swap(other); }
    Big& operator=(Big&& other) noexcept {
        Big gone(std::move(*this));
        swap(other);
        return *this;
    }
    ~Big() { release(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    T& operator[](std::size_t i) { return data_[i]; }
    const T& operator[](std::size_t i) const { return data_[i]; }
    T& back() { return data_[size_ - 1]; }

    void clear() { size_ = 0; }
    void reserve(std::size_t n) {
        if (n > capacity_) grow(n);
    }
    void push_back(const T& v) {
        if (size_ == capacity_) grow(size_ + 1);
        data_[size_++] = v;
    }
    // Appends [first, last) (only at the end, which is all the analysis needs).
    template <class It>
    void insert(T* /*at the end*/, It first, It last) {
        auto n = static_cast<std::size_t>(std::distance(first, last));
        reserve(size_ + n);
        std::copy(first, last, data_ + size_);
        size_ += n;
    }
    void resize(std::size_t n, const T& v = T{}) {
        reserve(n);
        if (n > size_) std::fill(data_ + size_, data_ + n, v);
        size_ = n;
    }
    void assign(std::size_t n, const T& v) {
        size_ = 0;
        resize(n, v);
    }

  private:
    void swap(Big& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        std::swap(capacity_, other.capacity_);
        std::swap(mapped_, other.mapped_);
    }
    void release() {
#ifdef __linux__
        if (mapped_) {
            munmap(data_, capacity_ * sizeof(T));
            return;
        }
#endif
        std::free(data_);
    }
    void grow(std::size_t need) {
        std::size_t cap = std::max<std::size_t>({need, capacity_ * 2, 64});
#ifdef __linux__
        constexpr std::size_t kHuge = std::size_t{1} << 21;
        if (cap * sizeof(T) >= kHuge / 2) {
            std::size_t bytes = (cap * sizeof(T) + kHuge - 1) / kHuge * kHuge;
            void* p = mapped_
                          ? mremap(data_, capacity_ * sizeof(T), bytes, MREMAP_MAYMOVE)
                          : mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            madvise(p, bytes, MADV_HUGEPAGE);
            if (!mapped_) {
                if (size_ > 0) std::memcpy(p, data_, size_ * sizeof(T));
                std::free(data_);
            }
            data_ = static_cast<T*>(p);
            capacity_ = bytes / sizeof(T);
            mapped_ = true;
            return;
        }
#endif
        void* p = std::realloc(data_, cap * sizeof(T));
        if (!p) throw std::bad_alloc();
        data_ = static_cast<T*>(p);
        capacity_ = cap;
    }

    T* data_ = nullptr;
    std::size_t size_ = 0, capacity_ = 0;
    bool mapped_ = false;
};

//-----------------------------------------------------------------------------------------------------------
// [Bit packing]
//-----------------------------------------------------------------------------------------------------------

// A field of a packed state: `width` bits at `shift` in word `word` (never straddling two words).
struct Field {
    std::uint32_t word = 0;
    std::uint32_t shift = 0;
    std::uint32_t width = 0;  // 0: the field always reads 0 (nothing to store)
};

inline u64 field_mask(Field f) {
    return f.width == 0 ? 0 : f.width >= 64 ? ~0ull : ((1ull << f.width) - 1);
}
inline u64 get(const u64* w, Field f) {
    return (w[f.word] >> f.shift) & field_mask(f);
}
inline void put(u64* w, Field f, u64 v) {
    u64 m = field_mask(f);
    if (m == 0) return;
    w[f.word] = (w[f.word] & ~(m << f.shift)) | ((v & m) << f.shift);
}

// Bits needed to store `values` distinct values 0..values-1.
inline std::uint32_t bits_for(u64 values) {
    std::uint32_t b = 0;
    while (b < 64 && (1ull << b) < values) ++b;
    return b;
}

class Layout {
  public:
    Field add(std::uint32_t width) {
        if (width == 0) return {0, 0, 0};
        if (used_ == 0 || used_ + width > 64) {
            ++words_;
            used_ = 0;
        }
        Field f{static_cast<std::uint32_t>(words_ - 1), used_, width};
        used_ += width;
        return f;
    }
    std::size_t words() const { return std::max<std::size_t>(1, words_); }

  private:
    std::size_t words_ = 0;
    std::uint32_t used_ = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Key table]
//-----------------------------------------------------------------------------------------------------------

inline u64 mix64(u64 x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

inline u64 hash_words(const u64* k, std::size_t n) {
    u64 h = 0x9E3779B97F4A7C15ull ^ n;
    for (std::size_t i = 0; i < n; ++i) h = mix64(h ^ k[i]) + i;
    return h;
}

// Open addressing over state indices; the keys live in the caller's flat word array, and each slot also
// keeps the first key word and a hash so that most probes never touch that array (one cache miss, not two).
class KeyTable {
  public:
    explicit KeyTable(std::size_t words, std::size_t capacity = 1024) : words_(words) {
        slots_.assign(capacity, Slot{0, kNone, 0});  // capacity: a power of two
    }

    // Empties the table for reuse (back to its smallest size if one large set made it grow).
    void clear() {
        if (slots_.size() > 1024)
            slots_.assign(1024, Slot{0, kNone, 0});
        else
            std::fill(slots_.begin(), slots_.end(), Slot{0, kNone, 0});
        count_ = 0;
    }

    u32 hash(const u64* key) const { return static_cast<u32>(hash_words(key, words_) >> 32); }
    void prefetch(u32 h) const { __builtin_prefetch(&slots_[h & (slots_.size() - 1)]); }

    // Finds `key`, or records it under `fresh` (which the caller then appends to `store`).
    std::pair<u32, bool> insert(const u64* key, u32 fresh, const u64* store) {
        return insert(key, hash(key), fresh, store);
    }
    std::pair<u32, bool> insert(const u64* key, u32 h, u32 fresh, const u64* store) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.index == kNone) {
                s = {key[0], fresh, h};
                ++count_;
                return {fresh, true};
            }
            if (s.hash == h && s.first == key[0] &&
                (words_ == 1 || std::equal(key + 1, key + words_, store + s.index * words_ + 1)))
                return {s.index, false};
        }
    }

  private:
    struct Slot {
        u64 first;
        u32 index;
        u32 hash;
    };
    void grow() {
        Big<Slot> old = std::move(slots_);
        slots_.assign(old.size() * 2, Slot{0, kNone, 0});
        std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.index == kNone) continue;
            std::size_t i = s.hash & mask;
            while (slots_[i].index != kNone) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }
    std::size_t words_;
    Big<Slot> slots_;
    std::size_t count_ = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Time: when the date matters] (analysis_rubric.cpp)
//-----------------------------------------------------------------------------------------------------------

// The latest date the clock can show at any decision, over the node graph (conditions ignored, so an upper
// bound); nullopt when a loop can be reached: the clock is then unbounded.
std::optional<Date> latest_date(const Scenario& s);
// Whether a deadline rule's verdict, for some use of its action, differs between two days on which it could
// be judged. If not, the date can be left out of the state for this rule.
bool deadline_depends_on_date(const Scenario& s, const ScopedRule& r, Date lo, std::optional<Date> hi);
// The day (counted from the start) from which a dated rule's verdicts no longer change, or -1 if none.
int deadline_horizon(const Scenario& s, const ScopedRule& r);

//-----------------------------------------------------------------------------------------------------------
// [Setup]
//-----------------------------------------------------------------------------------------------------------

// Inner verdicts as stored: the rule body's verdict, whether or not the rule applies yet (Rubric::inner_).
constexpr u64 kPending = 0, kKept = 1, kBroken = 2, kNotApplicable = 3;

inline Verdict to_verdict(u64 v) {
    switch (v) {
        case kKept:
            return Verdict::Kept;
        case kBroken:
            return Verdict::Broken;
        case kNotApplicable:
            return Verdict::NotApplicable;
        default:
            return Verdict::Pending;
    }
}

struct RuleInfo {
    const ScopedRule* scoped = nullptr;
    RuleKind kind = RuleKind::Required;
    bool critical = false;
    int weight = 1;
    int when_bit = -1;                  // index of its condition among the control state's condition bits
    bool when_reads_variables = false;  // false: the condition is about the customer only, fixed per session
    bool dated = false;                 // a deadline rule whose verdict can depend on the day it is judged
    Field inner, active;
    // A required rule's window (rubric.cpp, Rubric::close_windows and judge_action): for "within N steps",
    // the steps since it applied while it is still pending (0..N).
    RuleWindow::Kind window = RuleWindow::Kind::None;
    Field steps_since;
};

// Where a step lands: the node where the next choice is made (or where the learner is stuck), or an ending.
struct Place {
    int node = -1;
    int ending = -1;
    bool stuck = false;  // a loop of `next` links (kept finite like the runtime)
};

// Where a choice leads once `next` links are followed, over the node graph. With `next` lists (conditional
// entries) the place is that of the final entries and the rest is over every entry: what a route can pass
// through and where it can land; which entry is taken depends on the state (see successors()).
struct Landing : Place {
    std::vector<int> entered;  // every node a route can pass through
    std::vector<u32> targets;  // every place it can land: a node index, or nodes.size() + ending index
};

Landing land(const Scenario& s, Target t);  // analysis_rubric.cpp

// What a terminal rubric summary means: the public verdicts and the rubric's result.
struct Outcome {
    std::vector<Verdict> verdicts;
    int score = 100;
    bool passed = false;
    int critical_broken = -1;  // a critical rule whose public verdict is broken (the rubric then fails)
    int masked_breach = -1;    // a critical rule breached but not counted (its condition never held)
};

//-----------------------------------------------------------------------------------------------------------
// The analyser
//-----------------------------------------------------------------------------------------------------------

class Analyzer {
  public:
    Analyzer(const Scenario& s, const AnalysisOptions& options);
    AnalysisReport run();

  private:
    // [Setup]
    void setup();
    bool dead(u32 customer, std::size_t rule) const { return dead_[customer * rules_.size() + rule]; }
    // [Rubric steps]
    void initial_summary(u64* sum, u32 control) const;
    void step(u64* sum, int choice, u32 from, u32 to) const;
    // step() on interned summaries. When no condition reads a variable, the step is a function of
    // (summary, choice, customer, whether `to` ends the session), and the same few summaries meet the same
    // choices at every state of a node, so a small cache answers almost every step.
    u32 step_id(u32 id, u32 choice, u32 from, u32 to);
    void finish(u64* sum, u32 customer) const;
    void normalize(u64* sum, u32 customer) const;
    Outcome outcome(const u64* sum) const;
    // [Control graph]
    void encode_control(const Place& at, u32 customer, const std::vector<int>& vars, u64* key) const;
    void append_control(const u64* key, int node, int ending, bool stuck);
    u32 add_control(const u64* key, u32 hash, const Place& at);
    void decode_vars(const u64* key, std::vector<int>& vars) const;
    // Expands state `i`: the keys of the successors it offers go to `out` (cw_ words each), with the choice
    // taken and where it lands. Marks the choices shown and nodes entered; marks `i` stuck if none is
    // offered.
    void successors(u32 i, std::vector<int>& vars, std::vector<u64>& out, std::vector<int>& taken,
                    std::vector<Place>& places);
    // With routes (`next` lists, "on_enter"): follows choice `choice` from state `from` as the runtime does,
    // applying the mood and clock changes on the way to `mood` and `clock` (either may be null).
    Arrival follow(u32 from, u32 choice, std::vector<int>& vars, int* mood, DateTime* clock) const;
    // The mood after taking `choice` from state `from` with mood `mood` (its own change, then the "on_enter"
    // changes of the nodes entered). Monotone in `mood`, which keeps the mood extremes exact.
    int edge_mood(int mood, u32 from, u32 choice) const {
        mood = clamp_mood(mood + s_.choices[choice].mood);
        if (!enter_mood_) return mood;
        std::vector<int> vars;
        follow(from, choice, vars, &mood, nullptr);
        return mood;
    }
    // The mood at the end of a path of choices from customer `customer`'s start.
    int path_mood(u32 customer, const std::vector<int>& choices) const;
    std::vector<u32> landing_order() const;
    bool explore_controls();
    bool explore_controls_by_node(const std::vector<u32>& order);
    bool terminal(u32 c) const { return cnode_[c] < 0 || cstuck_[c] != 0; }
    u32 customer_of(u32 c) const { return static_cast<u32>(get(&ckey_[c * cw_], customer_field_)); }
    // Which conditions hold at a state: stored per state only when some condition reads a variable.
    const u64* when_mask(u32 c) const {
        return when_per_state_ ? &cwhen_[c * ww_] : &customer_when_[customer_of(c) * ww_];
    }
    // [Components]
    void components();
    // Without loops every state is its own component (nothing is stored for that case).
    u32 comp_of(u32 v) const { return acyclic_ ? v : comp_[v]; }
    u32 comp_begin(u32 c) const { return acyclic_ ? c : comp_off_[c]; }
    u32 comp_end(u32 c) const { return acyclic_ ? c + 1 : comp_off_[c + 1]; }
    u32 member(u32 m) const { return acyclic_ ? m : comp_members_[m]; }
    bool cyclic(u32 c) const { return !acyclic_ && comp_cyclic_[c] != 0; }
    // [Products]
    struct Ref {  // the predecessor product, its control state and the choice an extreme mood came through
        u32 pred = kNone, ctrl = kNone, choice = kNone;
    };
    // The summaries reaching one control state, each with its shallowest depth and mood extremes.
    struct Gathered {
        std::vector<u64> sums;  // summary ids (as words, so the index can hold them)
        std::vector<u32> depth;
        std::vector<std::uint8_t> lo, hi;
        std::vector<Ref> lo_ref, hi_ref;
        struct In {  // a product edge into this state: from product `from` to gathered summary `at`
            u32 from, at, choice;
        };
        std::vector<In> in;
        KeyTable index{1};  // used once the set is too large to search through
        bool indexed = false;
        std::size_t size() const { return depth.size(); }
    };
    struct LogEntry {
        enum Kind : std::uint8_t { Start, Product, Earlier } kind = Start;
        u32 prev = kNone;  // Product: the predecessor product; Earlier: an earlier log entry
        u32 ctrl = kNone;  // Product: its control state
        u32 choice = kNone;
    };
    void gather(u32 c, Gathered& g, bool from_other_components);
    u32 gather_one(Gathered& g, u32 id, u32 depth, int lo, int hi, Ref lo_ref, Ref hi_ref);  // its index
    u32 intern(const u64* sum);
    const u64* sum_of(u32 p) const { return &sums_[pid_[p] * sw_]; }
    bool explore_products();
    bool process_single(u32 c);
    bool process_loop(u32 comp);
    void add_product_edge(u32 from, u32 to, u32 choice) {
        pe_from_.push_back(from);
        pe_to_.push_back(to);
        pe_choice_.push_back(choice);
    }
    // [Proofs]
    void build_product_graph();
    void choice_outcomes(AnalysisReport& r);  // analysis_choices.cpp
    void pass_marks(AnalysisReport& r);       // analysis_pass_marks.cpp
    void choice_examples(AnalysisReport& r);  // analysis_proofs.cpp: a passing and a failing path per choice
    void group_edges(const Big<u32>& key, Big<u32>& off, Big<u32>& edges);  // edge indices grouped by key
    void proofs(AnalysisReport& r);
    void guess_odds(AnalysisReport& r);
    void length_cue(AnalysisReport& r);
    // Products from which a terminal product with `good(summary id)` can be reached, with the distance in
    // choices (kNone: cannot), following only edges `allowed(edge)`. (Templates: defined and used in
    // analysis_proofs.cpp only; a call per edge of millions is too many for std::function.)
    template <class Good, class Allowed>
    std::vector<u32> distance_to(Good good, Allowed allowed);
    // A shortest path from a session's start through product edges allowed by `allowed` to a terminal
    // product with `good`, per customer (nullopt: none).
    template <class Good, class Allowed>
    std::vector<std::optional<ExamplePath>> forward_search(Good good, Allowed allowed);
    // A shortest complete path that takes product edge `e` and then follows `dist` (any edge) to its goal.
    ExamplePath path_through(u32 e, const std::vector<u32>& dist);
    // Per product, which of the strategies (bit k: always the option with the highest keys[k]) and, bit
    // `best_bit`, best-only play can reach it from a session's start.
    std::vector<std::uint8_t> strategy_reach(const std::vector<std::vector<long>>& keys, std::uint8_t best_bit);
    // What a terminal summary means to the proofs, worked out once per distinct summary.
    static constexpr std::uint8_t kKnown = 1, kPass = 2, kPerfect = 4, kClean = 8;
    bool summary_is(u32 id, std::uint8_t which);
    std::vector<std::uint8_t> sum_flags_;
    ExamplePath product_path_example(const std::vector<int>& choices, u32 last_product);
    // [Example paths]
    void build_reverse();
    u32 shallowest(u32 c) const;  // the product of `c` with the shortest path
    ExamplePath path_to(u32 c);   // a shortest path to control state `c`
    std::vector<int> shortest_path(u32 c, u32 p);
    std::vector<int> mood_path(u32 c, u32 p, bool highest);
    ExamplePath example(u32 c, std::vector<int> choices, const u64* terminal_sum) const;
    ExamplePath product_example(u32 c, u32 p, int kind);  // 0 shortest, 1 highest mood, 2 lowest mood
    // [Outcomes] [Reachability] [Path counting]
    void outcomes(AnalysisReport& r);
    void reachability(AnalysisReport& r);
    void count_paths(AnalysisReport& r);
    void add(AnalysisReport& r, Severity sev, AnalysisCheck check, SourceLoc where, std::string message,
             std::optional<ExamplePath> example = std::nullopt);
    std::string path_text(const ExamplePath& p) const;

    const Scenario& s_;
    AnalysisOptions options_;
    bool limit_hit_ = false;

    // Rules and summaries.
    std::vector<RuleInfo> rules_;
    std::vector<int> when_rules_;                    // rules with a condition, in bit order
    std::vector<std::vector<int>> rules_by_action_;  // rules an action can decide
    std::vector<Field> performed_, first_date_;      // per action (width 0 when not tracked)
    std::vector<std::vector<int>> needed_by_;  // per tracked action: rules that read whether it was done
    std::vector<int> tracked_;                 // the actions tracked
    std::vector<int> dated_rules_;             // the deadline rules that keep the date in the state
    std::vector<int> steps_rules_;             // required rules with a "within N steps" window
    std::vector<int> leaving_rules_;           // required rules with a "before leaving a node" window
    bool active(const u64* sum, const RuleInfo& ri) const { return ri.when_bit < 0 || get(sum, ri.active) != 0; }
    std::vector<char> dead_;                   // [customer][rule]: its customer-only condition is false
    bool clock_ = false;
    Field clock_day_, clock_minute_;
    // From this day on (counted from the start) no dated verdict can change, so every later clock is the
    // same to the rubric and is recorded as that day at midnight: a loop that moves the clock on then meets
    // itself again instead of making new states for ever. kNoHorizon when some dated rule has no such day.
    static constexpr int kNoHorizon = -1;
    int horizon_ = 0;
    void put_clock(u64* sum, int day, int minute) const;
    std::size_t sw_ = 1;  // words per summary
    Date start_date_;

    // Control states.
    Layout control_layout_;
    Field node_field_, customer_field_;
    std::vector<Field> var_fields_;
    std::size_t cw_ = 1, ww_ = 1;   // words per control key, per condition mask
    std::vector<Landing> landing_;  // per choice
    Landing start_landing_;
    bool routes_ = false;       // the scenario has `next` lists or "on_enter": landings depend on the state
    bool enter_mood_ = false;   // some "on_enter" changes the mood
    bool enter_clock_ = false;  // some "on_enter" moves the clock
    // Per customer: the start as the runtime reaches it (after the start's "on_enter", and its `next`).
    std::vector<Place> start_place_;
    std::vector<std::vector<int>> start_vars_;
    std::vector<int> start_mood_;
    std::vector<DateTime> start_clock_;
    Big<u64> ckey_, cwhen_;
    bool when_per_state_ = false;
    std::vector<u64> customer_when_;  // per customer, when no condition reads a variable
    Big<std::int32_t> cnode_;         // node index, or -1 - ending index
    Big<std::uint8_t> cstuck_;
    // Edges: explored breadth first (when the story can loop) the forward edges are kept, for the components
    // and loops; explored node by node only the reverse edges are, built as each node's states are made.
    Big<u32> eoff_, eto_, echoice_;
    std::vector<u32> initial_;  // per customer: its first control state
    std::vector<bool> node_entered_, choice_shown_;
    std::vector<CustomerView> views_;
    std::unique_ptr<KeyTable> ctable_;  // while exploring breadth first

    // Components, in processing order.
    bool acyclic_ = false;
    bool numbered_in_order_ = false;  // states were numbered in a topological order: no order stored
    std::size_t order_size() const { return numbered_in_order_ ? cnode_.size() : comp_order_.size(); }
    u32 order_at(std::size_t k) const { return numbered_in_order_ ? static_cast<u32>(k) : comp_order_[k]; }
    Big<u32> comp_, comp_off_, comp_members_, comp_order_;
    Big<std::uint8_t> comp_cyclic_;

    // Products.
    // The distinct rubric summaries (sw_ words each), few even when products are millions: products hold
    // the id of theirs.
    std::vector<u64> sums_;
    std::unique_ptr<KeyTable> sum_table_;
    Big<u32> pid_;
    Big<u32> pdepth_;
    Big<std::uint8_t> plo_, phi_;
    Big<u32> pbeg_, pcnt_;
    Gathered gathered_;
    // The product graph: one edge per (product, offered choice). Built with the products, then arranged by
    // source (out) and by target (in) for the proofs.
    Big<u32> pe_from_, pe_to_, pe_choice_;
    Big<u32> pout_off_, pout_edge_, pin_off_, pin_edge_;  // edge indices grouped by source / by target
    Big<u32> pctrl_;                                       // per product: its control state
    std::vector<std::pair<u32, u32>> loop_blocks_;         // product ranges made by process_loop
    std::unordered_map<u32, std::pair<u32, u32>> plog_;  // product in a loop -> (highest, lowest) log entry
    std::vector<LogEntry> log_;

    // Per state its incoming edges (source state and choice): what products and example paths are built from.
    Big<u32> roff_, rsrc_, rchoice_;
    std::vector<std::uint8_t> can_end_;  // per state: an end (ending or stuck) can be reached from it

    struct Memo {
        u32 in = kNone, choice = kNone, context = kNone, out = kNone;
    };
    std::vector<Memo> memo_;
    bool memo_on_ = false;

    // Scratch space reused by the hot loops (no allocation per state).
    std::vector<u64> key_scratch_, when_scratch_, next_scratch_;
    std::vector<int> vars_scratch_, route_scratch_;
};

}  // namespace cp::analysis_detail
