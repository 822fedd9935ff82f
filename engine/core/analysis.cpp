// Exhaustive scenario analysis: see analysis.hpp for what is reported and the definitions it uses.
//
// Index: [Memory] [Big numbers] [Bit packing] [Key table] [Time: when the date matters] [Setup]
//        [Rubric steps] [Control graph] [Components] [Products] [Example paths] [Outcomes] [Reachability]
//        [Path counting] [Proofs] [Entry point] [Random playthroughs]
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
#include "analysis.hpp"

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <type_traits>
#include <unordered_map>

#include "rubric.hpp"
#include "runtime.hpp"

namespace cp {

const char* check_code(AnalysisCheck check) {
    switch (check) {
        case AnalysisCheck::StateLimit:
            return "state-limit";
        case AnalysisCheck::UnreachableNode:
            return "unreachable-node";
        case AnalysisCheck::UnreachableEnding:
            return "unreachable-ending";
        case AnalysisCheck::ChoiceNeverShown:
            return "choice-never-shown";
        case AnalysisCheck::Stuck:
            return "stuck";
        case AnalysisCheck::Trap:
            return "trap";
        case AnalysisCheck::TrapByConditions:
            return "trap-by-conditions";
        case AnalysisCheck::CriticalBreachPasses:
            return "pass-after-critical-breach";
        case AnalysisCheck::CriticalBrokenPasses:
            return "pass-with-critical-rule-broken";
        case AnalysisCheck::NoPassingPath:
            return "no-passing-path";
        case AnalysisCheck::RuleNeverDecided:
            return "rule-never-decided";
        case AnalysisCheck::NoPleasantButWrong:
            return "no-pleasant-but-wrong";
        case AnalysisCheck::NoUncomfortableButRight:
            return "no-uncomfortable-but-right";
        case AnalysisCheck::UngradedChoices:
            return "ungraded-choices";
        case AnalysisCheck::UnsafeChoicePasses:
            return "unsafe-choice-passes";
        case AnalysisCheck::WrongChoiceUnseen:
            return "wrong-choice-unseen";
        case AnalysisCheck::BestPathNotPerfect:
            return "best-path-not-perfect";
        case AnalysisCheck::NoBestOption:
            return "no-best-option";
        case AnalysisCheck::KnowledgeFreeStrategyPasses:
            return "knowledge-free-strategy-passes";
        case AnalysisCheck::GuessPassTooLikely:
            return "guess-pass-too-likely";
        case AnalysisCheck::LengthCue:
            return "length-cue";
    }
    return "?";
}

const char* strategy_code(Strategy s) {
    switch (s) {
        case Strategy::Longest:
            return "longest";
        case Strategy::Shortest:
            return "shortest";
        case Strategy::MostPleasant:
            return "most-pleasant";
        case Strategy::LeastPleasant:
            return "least-pleasant";
        case Strategy::MostActions:
            return "most-actions";
    }
    return "?";
}

std::size_t text_length(const std::string& utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::vector<int> option_numbers(const Scenario& scenario, const ExamplePath& path, std::uint64_t seed) {
    auto shared = std::shared_ptr<const Scenario>(&scenario, [](const Scenario*) {});
    Session session(shared, {seed, path.customer});
    std::vector<int> out;
    for (int c : path.choices) {
        const auto& offered = session.offered();
        auto it = std::find(offered.begin(), offered.end(), c);
        if (session.state() != SessionState::AwaitingChoice || it == offered.end()) return {};
        out.push_back(static_cast<int>(it - offered.begin()) + 1);
        session.choose(c);
    }
    return out;
}

int AnalysisReport::errors() const {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const AnalysisFinding& f) {
        return f.severity == Severity::Error;
    }));
}

int AnalysisReport::warnings() const {
    return static_cast<int>(findings.size()) - errors();
}

std::string describe_path(const Scenario& scenario, const ExamplePath& path) {
    if (path.choices.empty()) return "(at the start)";
    std::string out;
    for (int c : path.choices) {
        if (!out.empty()) out += " > ";
        out += scenario.choices[static_cast<std::size_t>(c)].id;
    }
    return out;
}

namespace {

using u64 = std::uint64_t;
using u32 = std::uint32_t;
constexpr u32 kNone = 0xFFFFFFFFu;

std::size_t sz(int i) {
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
// [Big numbers]
//-----------------------------------------------------------------------------------------------------------

// An unsigned integer of any size; path counts grow exponentially with a scenario's length.
class BigCount {
  public:
    bool empty() const { return limbs_.empty(); }
    void set_one() { limbs_.assign(1, 1); }
    void clear() { limbs_.clear(); }
    void add(const BigCount& other) {
        // A 128-bit sum per limb compiles to add-with-carry; path counts of long scenarios have thousands
        // of digits, and this loop is most of the counting time.
        __extension__ using u128 = unsigned __int128;
        if (limbs_.size() < other.limbs_.size()) limbs_.resize(other.limbs_.size(), 0);
        u64 carry = 0;
        std::size_t i = 0;
        u64* a = limbs_.data();
        const u64* b = other.limbs_.data();
        for (std::size_t n = other.limbs_.size(); i < n; ++i) {
            u128 t = static_cast<u128>(a[i]) + b[i] + carry;
            a[i] = static_cast<u64>(t);
            carry = static_cast<u64>(t >> 64);
        }
        for (; carry != 0 && i < limbs_.size(); ++i) carry = ++limbs_[i] == 0 ? 1 : 0;
        if (carry != 0) limbs_.push_back(1);
    }
    // Becomes the sum of `parts` (and one more if `one`), in a single pass over the limbs: a state's count is
    // the sum of its predecessors' counts, and one pass writes each limb once instead of once per part.
    void assign_sum(const std::vector<const BigCount*>& parts, bool one) {
        __extension__ using u128 = unsigned __int128;
        std::size_t len = 0, common = parts.empty() ? 0 : SIZE_MAX;
        for (const BigCount* p : parts) {
            len = std::max(len, p->limbs_.size());
            common = std::min(common, p->limbs_.size());
        }
        limbs_.resize(len);
        u128 carry = one ? 1 : 0;
        std::size_t i = 0;
        if (parts.size() ==
            2) {  // the common case, without the inner loop: the limbs of both, then the carry
            const u64 *a = parts[0]->limbs_.data(), *b = parts[1]->limbs_.data();
            for (; i < common; ++i) {
                u128 t = carry + a[i] + b[i];
                limbs_[i] = static_cast<u64>(t);
                carry = t >> 64;
            }
        } else if (parts.size() == 3) {
            const u64 *a = parts[0]->limbs_.data(), *b = parts[1]->limbs_.data(),
                      *c = parts[2]->limbs_.data();
            for (; i < common; ++i) {
                u128 t = carry + a[i] + b[i] + c[i];
                limbs_[i] = static_cast<u64>(t);
                carry = t >> 64;
            }
        }
        for (; i < len; ++i) {
            u128 t = carry;
            for (const BigCount* p : parts)
                if (i < p->limbs_.size()) t += p->limbs_[i];
            limbs_[i] = static_cast<u64>(t);
            carry = t >> 64;
        }
        for (; carry != 0; carry >>= 64) limbs_.push_back(static_cast<u64>(carry));
    }
    std::string decimal() const {
        std::vector<u32> w;  // base 2^32, least significant first, so division by 10^9 fits in 64 bits
        for (u64 l : limbs_) {
            w.push_back(static_cast<u32>(l));
            w.push_back(static_cast<u32>(l >> 32));
        }
        while (!w.empty() && w.back() == 0) w.pop_back();
        if (w.empty()) return "0";
        std::vector<u32> chunks;  // base 10^9, least significant first
        while (!w.empty()) {
            u64 rem = 0;
            for (std::size_t i = w.size(); i-- > 0;) {
                u64 cur = (rem << 32) | w[i];
                w[i] = static_cast<u32>(cur / 1000000000u);
                rem = cur % 1000000000u;
            }
            chunks.push_back(static_cast<u32>(rem));
            while (!w.empty() && w.back() == 0) w.pop_back();
        }
        std::string out = std::to_string(chunks.back());
        for (std::size_t i = chunks.size() - 1; i-- > 0;) {
            std::string part = std::to_string(chunks[i]);
            out += std::string(9 - part.size(), '0') + part;
        }
        return out;
    }

  private:
    std::vector<u64> limbs_;
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

u64 field_mask(Field f) {
    return f.width == 0 ? 0 : f.width >= 64 ? ~0ull : ((1ull << f.width) - 1);
}
u64 get(const u64* w, Field f) {
    return (w[f.word] >> f.shift) & field_mask(f);
}
void put(u64* w, Field f, u64 v) {
    u64 m = field_mask(f);
    if (m == 0) return;
    w[f.word] = (w[f.word] & ~(m << f.shift)) | ((v & m) << f.shift);
}

// Bits needed to store `values` distinct values 0..values-1.
std::uint32_t bits_for(u64 values) {
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

u64 mix64(u64 x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

u64 hash_words(const u64* k, std::size_t n) {
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
// [Time: when the date matters]
//-----------------------------------------------------------------------------------------------------------

// The runtime's clock step (Session::advance_clock).
DateTime advance_time(DateTime t, const Advance& a, const WorkCalendar& calendar) {
    int minutes = t.minute_of_day + a.minutes;
    t.date = t.date.plus_days(minutes / 1440 + a.days);
    t.minute_of_day = minutes % 1440;
    if (a.working_days > 0) t.date = calendar.add_working_days(t.date, a.working_days);
    return t;
}

// The latest date the clock can show at any decision, over the node graph (conditions ignored, so an upper
// bound). Every clock step is monotone, so the latest time at a node is the latest over its predecessors.
// nullopt when a loop can be reached: the clock is then unbounded.
std::optional<Date> latest_date(const Scenario& s) {
    std::size_t n = s.nodes.size();
    std::vector<std::vector<std::pair<int, const Advance*>>> out(
        n);  // (target node, advance or null for next)
    for (std::size_t i = 0; i < n; ++i) {
        const Node& node = s.nodes[i];
        if (node.next && node.next->kind == Target::Kind::Node) out[i].push_back({node.next->index, nullptr});
        for (int c : node.choices) {
            const Choice& ch = s.choices[sz(c)];
            if (ch.next.kind == Target::Kind::Node) out[i].push_back({ch.next.index, &ch.advance});
        }
    }
    std::vector<bool> reached(n, false);
    std::vector<int> order{s.start_node};
    reached[sz(s.start_node)] = true;
    for (std::size_t i = 0; i < order.size(); ++i)
        for (auto [t, adv] : out[sz(order[i])])
            if (!reached[sz(t)]) {
                reached[sz(t)] = true;
                order.push_back(t);
            }
    std::vector<int> indegree(n, 0);
    for (int u : order)
        for (auto [t, adv] : out[sz(u)]) ++indegree[sz(t)];
    std::vector<std::optional<DateTime>> latest(n);
    latest[sz(s.start_node)] = s.start_time;
    std::deque<int> queue;
    for (int u : order)
        if (indegree[sz(u)] == 0) queue.push_back(u);
    std::size_t done = 0;
    Date last = s.start_time.date;
    while (!queue.empty()) {
        int u = queue.front();
        queue.pop_front();
        ++done;
        if (!latest[sz(u)]) continue;  // not reachable through an edge processed so far (cannot happen)
        last = std::max(last, latest[sz(u)]->date);
        for (auto [t, adv] : out[sz(u)]) {
            DateTime at = adv ? advance_time(*latest[sz(u)], *adv, s.calendar) : *latest[sz(u)];
            if (!latest[sz(t)] || *latest[sz(t)] < at) latest[sz(t)] = at;
            if (--indegree[sz(t)] == 0) queue.push_back(t);
        }
    }
    if (done < order.size()) return std::nullopt;
    return last;
}

// Whether a deadline rule's verdict, for some use of its action, differs between two days on which it could
// be judged. If not, the date can be left out of the state for this rule: any day gives the same verdict.
bool deadline_depends_on_date(const Scenario& s, const ScopedRule& r, Date lo, std::optional<Date> hi) {
    std::vector<const ActionUse*> uses;  // those whose verdict is not fixed in advance
    for (const Choice& ch : s.choices)
        for (const ActionUse& u : ch.actions)
            if (u.has_date && std::find(r.actions.begin(), r.actions.end(), u.action) != r.actions.end() &&
                !(u.date && r.from_action < 0))  // a fixed date against a fixed due date is
                uses.push_back(&u);
    if (uses.empty()) return false;
    // Beyond a year (or without bound, when the story can loop) every day is not tried: the date is kept.
    if (!hi || hi->days() - lo.days() > 366) return true;
    const DeadlineSpan& within = r.rule->body.within;
    for (const ActionUse* u : uses) {
        std::optional<bool> first;
        for (int t = lo.days(); t <= hi->days(); ++t) {
            Date today = Date::from_days(t);
            Date promised = u->date ? *u->date : today.plus_days(u->date_offset_days);
            int from_lo = r.from_action < 0 ? s.start_time.date.days() : lo.days();
            int from_hi = r.from_action < 0 ? from_lo : t;
            for (int f = from_lo; f <= from_hi; ++f) {
                bool kept = promised <= s.calendar.due_date(Date::from_days(f), within);
                if (!first)
                    first = kept;
                else if (*first != kept)
                    return true;
            }
        }
    }
    return false;
}

// The day (counted from the start) from which a dated rule's verdicts no longer change, or -1 if there is
// none. A deadline counted from the start with promises relative to the day is kept exactly while today is
// on or before (due date - offset) for each such promise; from the day after the last of those, every such
// promise is broken whatever the day. Deadlines counted from an action have no such day.
int deadline_horizon(const Scenario& s, const ScopedRule& r) {
    if (r.from_action >= 0) return -1;
    Date start = s.start_time.date;
    int last = -1;
    for (const Choice& ch : s.choices)
        for (const ActionUse& u : ch.actions)
            if (u.has_date && !u.date &&
                std::find(r.actions.begin(), r.actions.end(), u.action) != r.actions.end())
                last = std::max(last, s.calendar.due_date(start, r.rule->body.within).days() -
                                          u.date_offset_days - start.days());
    return std::max(0, last + 1);
}

//-----------------------------------------------------------------------------------------------------------
// [Setup]
//-----------------------------------------------------------------------------------------------------------

// Inner verdicts as stored: the rule body's verdict, whether or not the rule applies yet (Rubric::inner_).
constexpr u64 kPending = 0, kKept = 1, kBroken = 2, kNotApplicable = 3;

Verdict to_verdict(u64 v) {
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

// Where a choice leads once `next` links are followed, and the nodes it passes through on the way.
struct Landing {
    int node = -1;       // the node where the next choice is made (or where the learner is stuck)
    int ending = -1;     // or the ending reached
    bool stuck = false;  // a loop of `next` links (the loader refuses these; kept finite like the runtime)
    std::vector<int> entered;
};

Landing land(const Scenario& s, Target t) {
    Landing out;
    for (std::size_t hops = 0; hops <= s.nodes.size() + 1; ++hops) {
        if (t.kind == Target::Kind::Ending) {
            out.ending = t.index;
            return out;
        }
        out.node = t.index;
        out.entered.push_back(t.index);
        const Node& node = s.nodes[sz(t.index)];
        if (!node.next) return out;
        t = *node.next;
    }
    out.stuck = true;
    return out;
}

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
    void encode_control(const Landing& at, u32 customer, const std::vector<int>& vars, u64* key) const;
    void append_control(const u64* key, int node, int ending, bool stuck);
    u32 add_control(const u64* key, u32 hash, const Landing& at);
    void decode_vars(const u64* key, std::vector<int>& vars) const;
    // Expands state `i`: the keys of the successors it offers go to `out` (cw_ words each), with the choice
    // taken and where it lands. Marks the choices shown and nodes entered; marks `i` stuck if none is
    // offered.
    void successors(u32 i, std::vector<int>& vars, std::vector<u64>& out, std::vector<int>& taken);
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
    void proofs(AnalysisReport& r);
    void guess_odds(AnalysisReport& r);
    void length_cue(AnalysisReport& r);
    // Products from which a terminal product with `good(summary id)` can be reached, with the distance in
    // choices (kNone: cannot), following only edges `allowed(edge)`.
    std::vector<u32> distance_to(const std::function<bool(u32)>& good, const std::function<bool(u32)>& allowed);
    // A shortest path from a session's start through product edges allowed by `allowed` to a terminal
    // product with `good`, per customer (nullopt: none).
    std::vector<std::optional<ExamplePath>> forward_search(const std::function<bool(u32)>& good,
                                                           const std::function<bool(u32)>& allowed);
    // A shortest complete path that takes product edge `e` and then follows `dist` to its goal.
    ExamplePath path_through(u32 e, const std::vector<u32>& dist, const std::function<bool(u32)>& allowed);
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
    std::vector<int> vars_scratch_;
};

Analyzer::Analyzer(const Scenario& s, const AnalysisOptions& options) : s_(s), options_(options) {}

void Analyzer::setup() {
    start_date_ = s_.start_time.date;
    for (const auto& c : s_.customers) views_.push_back(c.view());
    std::optional<Date> last = latest_date(s_);

    // The summary: per rule its inner verdict and, if conditional, whether the condition has held.
    Layout layout;
    rules_.resize(s_.rules.size());
    rules_by_action_.resize(s_.actions.size());
    for (std::size_t i = 0; i < s_.rules.size(); ++i) {
        const ScopedRule& sr = s_.rules[i];
        RuleInfo& ri = rules_[i];
        ri.scoped = &sr;
        ri.kind = sr.rule->body.kind;
        ri.critical = sr.severity == RuleSeverity::Critical;
        ri.weight = sr.rule->weight;
        ri.inner = layout.add(2);
        if (sr.when) {
            ri.when_bit = static_cast<int>(when_rules_.size());
            when_rules_.push_back(static_cast<int>(i));
            ri.when_reads_variables = !sr.when->variables_used().empty();
            ri.active = layout.add(1);
        }
        std::vector<int> triggers = ri.kind == RuleKind::Before ? sr.then : sr.actions;
        if (ri.kind == RuleKind::Required) {
            ri.window = sr.window.kind;
            if (ri.window == RuleWindow::Kind::BeforeAction && sr.window_action >= 0)
                triggers.push_back(sr.window_action);  // breaks it when done first
            if (ri.window == RuleWindow::Kind::Steps) {
                ri.steps_since = layout.add(bits_for(static_cast<u64>(sr.window.steps) + 1));
                steps_rules_.push_back(static_cast<int>(i));
            }
            if (ri.window == RuleWindow::Kind::BeforeLeaving) leaving_rules_.push_back(static_cast<int>(i));
        }
        for (int a : triggers)
            if (std::find(rules_by_action_[sz(a)].begin(), rules_by_action_[sz(a)].end(),
                          static_cast<int>(i)) == rules_by_action_[sz(a)].end())
                rules_by_action_[sz(a)].push_back(static_cast<int>(i));
        if (ri.kind == RuleKind::Deadline) ri.dated = deadline_depends_on_date(s_, sr, start_date_, last);
    }
    // Whether an action has been done matters to `before` rules (any of `first` done?) and to dated
    // deadlines counted from an action (and then on which day it was first done).
    performed_.assign(s_.actions.size(), Field{});
    first_date_.assign(s_.actions.size(), Field{});
    needed_by_.assign(s_.actions.size(), {});
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        if (ri.kind == RuleKind::Before)
            for (int a : ri.scoped->first) needed_by_[sz(a)].push_back(static_cast<int>(i));
        if (ri.dated && ri.scoped->from_action >= 0)
            needed_by_[sz(ri.scoped->from_action)].push_back(static_cast<int>(i));
        if (ri.dated) {
            clock_ = true;
            dated_rules_.push_back(static_cast<int>(i));
            int h = deadline_horizon(s_, *ri.scoped);
            if (h < 0)
                horizon_ = kNoHorizon;
            else if (horizon_ != kNoHorizon)
                horizon_ = std::max(horizon_, h);
        }
    }
    for (std::size_t a = 0; a < s_.actions.size(); ++a) {
        if (needed_by_[a].empty()) continue;
        tracked_.push_back(static_cast<int>(a));
        performed_[a] = layout.add(1);
        bool dated_from = std::any_of(needed_by_[a].begin(), needed_by_[a].end(), [&](int r) {
            return rules_[sz(r)].dated && rules_[sz(r)].scoped->from_action == static_cast<int>(a);
        });
        if (dated_from) first_date_[a] = layout.add(16);  // days since the start
    }
    if (clock_) {
        clock_day_ = layout.add(16);
        clock_minute_ = layout.add(11);
    }
    sw_ = layout.words();

    // Rules whose condition is about the customer alone and false for a profile never apply to it.
    dead_.assign(s_.customers.size() * rules_.size(), 0);
    std::vector<int> vars = s_.initial_variables();
    for (std::size_t c = 0; c < s_.customers.size(); ++c)
        for (std::size_t i = 0; i < rules_.size(); ++i)
            if (s_.rules[i].when && !rules_[i].when_reads_variables &&
                !s_.rules[i].when->evaluate({vars, &views_[c]}))
                dead_[c * rules_.size() + i] = 1;

    // The control key: where, who, and the variables.
    node_field_ = control_layout_.add(bits_for(s_.nodes.size() + s_.endings.size()));
    customer_field_ = control_layout_.add(bits_for(s_.customers.size()));
    for (const VariableDef& v : s_.variables) {
        u64 values = 2;
        if (v.type == ValueType::Enum)
            values = std::max<u64>(1, v.enum_values.size());
        else if (v.type == ValueType::Int)
            values = static_cast<u64>(static_cast<std::int64_t>(v.max) - v.min) + 1;
        var_fields_.push_back(control_layout_.add(bits_for(values)));
    }
    cw_ = control_layout_.words();
    ww_ = std::max<std::size_t>(1, (when_rules_.size() + 63) / 64);

    when_per_state_ =
        std::any_of(rules_.begin(), rules_.end(), [](const RuleInfo& r) { return r.when_reads_variables; });
    customer_when_.assign(s_.customers.size() * ww_, 0);
    for (std::size_t c = 0; c < s_.customers.size(); ++c)
        for (std::size_t b = 0; b < when_rules_.size(); ++b)
            if (s_.rules[sz(when_rules_[b])].when->evaluate({vars, &views_[c]}))
                customer_when_[c * ww_ + b / 64] |= 1ull << (b % 64);
    landing_.reserve(s_.choices.size());
    for (const Choice& ch : s_.choices) landing_.push_back(land(s_, ch.next));
    start_landing_ = land(s_, {Target::Kind::Node, s_.start_node});
    node_entered_.assign(s_.nodes.size(), false);
    choice_shown_.assign(s_.choices.size(), false);
}

//-----------------------------------------------------------------------------------------------------------
// [Rubric steps]
//-----------------------------------------------------------------------------------------------------------
// These mirror Rubric (rubric.cpp) on the packed summary; tests replay every example path through the real
// runtime and compare, and compare whole scenarios against brute-force enumeration.

void Analyzer::initial_summary(u64* sum, u32 control) const {
    std::fill(sum, sum + sw_, 0);
    const u64* when = when_mask(control);
    for (int r : when_rules_) {  // Rubric::begin: conditions that already hold at the start
        int bit = rules_[sz(r)].when_bit;
        if ((when[bit / 64] >> (bit % 64)) & 1) put(sum, rules_[sz(r)].active, 1);
    }
    if (clock_) put_clock(sum, 0, s_.start_time.minute_of_day);
    if (terminal(control))
        finish(sum, customer_of(control));
    else
        normalize(sum, customer_of(control));
}

void Analyzer::step(u64* sum, int choice, u32 from, u32 to) const {
    const Choice& ch = s_.choices[sz(choice)];
    u32 customer = customer_of(from);
    // Without a dated rule any day in the scenario's window gives every verdict its value (setup proved
    // it), so the start date stands in for today.
    Date today = clock_ ? start_date_.plus_days(static_cast<int>(get(sum, clock_day_))) : start_date_;
    for (const ActionUse& use : ch.actions) {
        std::optional<Date> promised;
        if (use.has_date) promised = use.date ? *use.date : today.plus_days(use.date_offset_days);
        for (int r : rules_by_action_[sz(use.action)]) {
            const RuleInfo& ri = rules_[sz(r)];
            if (dead(customer, sz(r)) || get(sum, ri.inner) != kPending) continue;
            switch (ri.kind) {
                case RuleKind::Required:
                    if (std::find(ri.scoped->actions.begin(), ri.scoped->actions.end(), use.action) !=
                        ri.scoped->actions.end())
                        put(sum, ri.inner, kKept);
                    else if (active(sum, ri))  // the action its window closes on, done first
                        put(sum, ri.inner, kBroken);
                    break;
                case RuleKind::Forbidden:
                    put(sum, ri.inner, kBroken);
                    break;
                case RuleKind::Before: {
                    bool earlier = std::any_of(ri.scoped->first.begin(), ri.scoped->first.end(),
                                               [&](int f) { return get(sum, performed_[sz(f)]) != 0; });
                    put(sum, ri.inner, earlier ? kKept : kBroken);
                    break;
                }
                case RuleKind::Deadline: {
                    if (!promised) break;
                    Date from_date = start_date_;
                    int fa = ri.scoped->from_action;
                    if (fa >= 0) {
                        bool done = ri.dated && get(sum, performed_[sz(fa)]) != 0;
                        from_date =
                            done ? start_date_.plus_days(static_cast<int>(get(sum, first_date_[sz(fa)])))
                                 : today;
                    }
                    Date due = s_.calendar.due_date(from_date, ri.scoped->rule->body.within);
                    put(sum, ri.inner, *promised <= due ? kKept : kBroken);
                    break;
                }
            }
        }
        // Recorded after the rules have judged this action, as the rubric does.
        Field done = performed_[sz(use.action)];
        if (done.width != 0 && get(sum, done) == 0) {
            put(sum, done, 1);
            put(sum, first_date_[sz(use.action)], static_cast<u64>(today.days() - start_date_.days()));
        }
    }
    // A step passes for every "within N steps" rule that already applied (one applying now starts at 0).
    for (int r : steps_rules_) {
        const RuleInfo& ri = rules_[sz(r)];
        if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri))
            put(sum, ri.steps_since, get(sum, ri.steps_since) + 1);
    }
    const u64* when = when_mask(to);
    for (int r : when_rules_) {  // Rubric::activate on the variables after the choice
        int bit = rules_[sz(r)].when_bit;
        if ((when[bit / 64] >> (bit % 64)) & 1) put(sum, rules_[sz(r)].active, 1);
    }
    if (terminal(to)) {  // every pending required rule is broken at the end, window or not
        finish(sum, customer);
        return;
    }
    // Rubric::close_windows: a window that closes at this step breaks a rule still pending.
    for (int r : steps_rules_) {
        const RuleInfo& ri = rules_[sz(r)];
        if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri) &&
            get(sum, ri.steps_since) >= static_cast<u64>(ri.scoped->window.steps))
            put(sum, ri.inner, kBroken);
    }
    if (!leaving_rules_.empty()) {
        int from_node = cnode_[from];
        int to_node = cnode_[to];  // not terminal here, so a node
        for (int r : leaving_rules_) {
            const RuleInfo& ri = rules_[sz(r)];
            if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri) &&
                from_node == ri.scoped->window_node && to_node != ri.scoped->window_node)
                put(sum, ri.inner, kBroken);
        }
    }
    if (clock_) {
        DateTime t{start_date_.plus_days(static_cast<int>(get(sum, clock_day_))),
                   static_cast<int>(get(sum, clock_minute_))};
        t = advance_time(t, ch.advance, s_.calendar);
        put_clock(sum, t.date.days() - start_date_.days(), t.minute_of_day);
    }
    normalize(sum, customer);
}

void Analyzer::put_clock(u64* sum, int day, int minute) const {
    day = std::min(day, 65535);
    if (horizon_ != kNoHorizon && day >= horizon_) {
        day = horizon_;
        minute = 0;
    }
    put(sum, clock_day_, static_cast<u64>(day));
    put(sum, clock_minute_, static_cast<u64>(minute));
}

u32 Analyzer::intern(const u64* sum) {
    auto fresh = static_cast<u32>(sums_.size() / sw_);
    auto [id, inserted] = sum_table_->insert(sum, fresh, sums_.data());
    if (inserted) sums_.insert(sums_.end(), sum, sum + sw_);
    return id;
}

u32 Analyzer::step_id(u32 id, u32 choice, u32 from, u32 to) {
    Memo* m = nullptr;
    u32 context = customer_of(from) * 2 + (terminal(to) ? 1 : 0);
    if (memo_on_) {
        m = &memo_[mix64(id ^ (u64{choice} << 32) ^ (u64{context} << 20)) & (memo_.size() - 1)];
        if (m->in == id && m->choice == choice && m->context == context) return m->out;
    }
    std::vector<u64>& next = next_scratch_;
    next.assign(sums_.begin() + static_cast<std::ptrdiff_t>(id * sw_),
                sums_.begin() + static_cast<std::ptrdiff_t>((id + 1) * sw_));
    step(next.data(), static_cast<int>(choice), from, to);
    u32 out = intern(next.data());
    if (m) *m = {id, choice, context, out};
    return out;
}

void Analyzer::finish(u64* sum, u32 customer) const {
    // Rubric::finish, then only the verdicts and activations are kept: nothing else can matter any more.
    std::vector<u64> kept(sw_, 0);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        u64 v = get(sum, ri.inner);
        if (v == kPending && !dead(customer, i)) {
            switch (ri.kind) {
                case RuleKind::Required:
                    v = kBroken;
                    break;
                case RuleKind::Forbidden:
                    v = kKept;
                    break;
                case RuleKind::Before:
                case RuleKind::Deadline:
                    v = kNotApplicable;
                    break;
            }
        }
        put(kept.data(), ri.inner, v);
        put(kept.data(), ri.active, get(sum, ri.active));
    }
    std::copy(kept.begin(), kept.end(), sum);
}

void Analyzer::normalize(u64* sum, u32 customer) const {
    // Forgets what no rule still pending can read, so that paths differing only in that meet again.
    auto pending = [&](int r) { return !dead(customer, sz(r)) && get(sum, rules_[sz(r)].inner) == kPending; };
    for (int ai : tracked_) {
        auto a = sz(ai);
        if (get(sum, performed_[a]) == 0) continue;
        if (std::none_of(needed_by_[a].begin(), needed_by_[a].end(), pending)) {
            put(sum, performed_[a], 0);
            put(sum, first_date_[a], 0);
        }
    }
    for (int r : steps_rules_)
        if (!pending(r)) put(sum, rules_[sz(r)].steps_since, 0);
    if (clock_) {
        if (std::none_of(dated_rules_.begin(), dated_rules_.end(), pending)) {
            put(sum, clock_day_, 0);
            put(sum, clock_minute_, 0);
        }
    }
}

Outcome Analyzer::outcome(const u64* sum) const {
    // Rubric::result on the public verdicts: a rule whose condition never held is not applicable.
    Outcome o;
    int kept = 0, applicable = 0;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        u64 inner = get(sum, ri.inner);
        bool applies = ri.when_bit < 0 || get(sum, ri.active) != 0;
        Verdict v = applies ? to_verdict(inner) : Verdict::NotApplicable;
        if (v == Verdict::Pending) v = Verdict::NotApplicable;  // a rule never active for this customer
        o.verdicts.push_back(v);
        if (v == Verdict::Kept) {
            kept += ri.weight;
            applicable += ri.weight;
        } else if (v == Verdict::Broken) {
            applicable += ri.weight;
            if (ri.critical && o.critical_broken < 0) o.critical_broken = static_cast<int>(i);
        }
        if (!applies && ri.critical && ri.when_reads_variables && inner == kBroken &&
            ri.kind != RuleKind::Required && o.masked_breach < 0)
            o.masked_breach = static_cast<int>(i);
    }
    o.score = applicable == 0 ? 100 : (100 * kept) / applicable;
    o.passed = o.critical_broken < 0 && o.score >= s_.pass_mark;
    return o;
}

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

void Analyzer::encode_control(const Landing& at, u32 customer, const std::vector<int>& vars, u64* key) const {
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

u32 Analyzer::add_control(const u64* key, u32 hash, const Landing& at) {
    auto fresh = static_cast<u32>(cnode_.size());
    auto [index, inserted] = ctable_->insert(key, hash, fresh, ckey_.data());
    if (inserted) append_control(key, at.node, at.ending, at.stuck);
    return index;
}

void Analyzer::successors(u32 i, std::vector<int>& vars, std::vector<u64>& out, std::vector<int>& taken) {
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
        const Landing& at = landing_[sz(c)];
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
    auto id = [&](const Landing& l) {
        return l.ending >= 0 ? static_cast<u32>(s_.nodes.size() + sz(l.ending)) : static_cast<u32>(l.node);
    };
    if (start_landing_.stuck ||
        std::any_of(landing_.begin(), landing_.end(), [](const Landing& l) { return l.stuck; }))
        return {};
    std::vector<std::vector<u32>> out(n);
    for (std::size_t i = 0; i < s_.nodes.size(); ++i)
        for (int c : s_.nodes[i].choices) out[i].push_back(id(landing_[sz(c)]));
    std::vector<u32> order{id(start_landing_)};
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
    auto target_of = [&](const Landing& l) {
        return l.ending >= 0 ? static_cast<u32>(s_.nodes.size() + sz(l.ending)) : static_cast<u32>(l.node);
    };
    std::vector<int> vars = s_.initial_variables();
    std::vector<u64>& key = key_scratch_;
    key.resize(cw_);
    u32 start = target_of(start_landing_);
    for (int n : start_landing_.entered) node_entered_[sz(n)] = true;
    // The start is the only target nothing leads to, so it comes first and its states are numbered from 0.
    for (u32 c = 0; c < s_.customers.size(); ++c) {
        encode_control(start_landing_, c, vars, key.data());
        initial_.push_back(stage(start, key.data(), kNone, kNone));
    }
    std::vector<u64> out;
    std::vector<int> taken;
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
            successors(i, vars, out, taken);
            for (std::size_t k = 0; k < taken.size(); ++k)
                stage(target_of(landing_[sz(taken[k])]), &out[k * cw_], i, static_cast<u32>(taken[k]));
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
    for (int n : start_landing_.entered) node_entered_[sz(n)] = true;
    for (u32 c = 0; c < s_.customers.size(); ++c) {
        encode_control(start_landing_, c, vars, key.data());
        initial_.push_back(add_control(key.data(), ctable_->hash(key.data()), start_landing_));
    }
    // States are expanded in batches: first every successor's key, asking the memory for its table slot,
    // then the lookups in order (so numbering stays breadth first). The slot loads overlap instead of each
    // waiting for the last; on large scenarios the table is far bigger than any cache.
    constexpr u32 kBatch = 16;
    std::vector<u64> keys;  // the successors' keys of the batch
    std::vector<u32> hashes;
    std::vector<int> taken;
    std::vector<u32> ends;  // per state of the batch: where its successors end in `taken`
    for (u32 first = 0, last = 0; first < cnode_.size() && !limit_hit_; first = last) {
        last = static_cast<u32>(std::min<std::size_t>(cnode_.size(), first + kBatch));
        keys.clear();
        hashes.clear();
        taken.clear();
        ends.clear();
        for (u32 i = first; i < last; ++i) {
            std::size_t before = taken.size();
            if (!terminal(i)) successors(i, vars, keys, taken);
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
                eto_.push_back(add_control(&keys[k * cw_], hashes[k], landing_[sz(c)]));
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
        int mood = clamp_mood(s_.customers[customer].initial_mood);
        gather_one(g, intern(next.data()), 0, mood, mood, {}, {});
    }
    for (u32 r = roff_[c]; r < roff_[c + 1]; ++r) {
        u32 from = rsrc_[r], ch = rchoice_[r];
        if (from_other_components && comp_of(from) == comp_of(c)) continue;
        int delta = s_.choices[ch].mood;
        for (u32 q = pbeg_[from]; q < pbeg_[from] + pcnt_[from]; ++q) {
            u32 at = gather_one(g, step_id(pid_[q], ch, from, c), pdepth_[q] + 1, clamp_mood(plo_[q] + delta),
                                clamp_mood(phi_[q] + delta), {q, from, ch}, {q, from, ch});
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
                int v = clamp_mood(value[i] + s_.choices[lchoice[e]].mood);
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
    memo_on_ = !when_per_state_;
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

//-----------------------------------------------------------------------------------------------------------
// [Example paths]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::build_reverse() {
    if (!roff_.empty()) return;  // explored node by node: built on the way
    std::size_t n = cnode_.size();
    roff_.assign(n + 1, 0);
    for (u32 to : eto_) ++roff_[to + 1];
    for (std::size_t i = 0; i < n; ++i) roff_[i + 1] += roff_[i];
    rsrc_.assign(eto_.size(), 0);
    rchoice_.assign(eto_.size(), 0);
    Big<u32> fill(roff_.begin(), roff_.end() - 1);
    for (u32 c = 0; c < n; ++c)
        for (u32 e = eoff_[c]; e < eoff_[c + 1]; ++e) {
            u32 at = fill[eto_[e]]++;
            rsrc_[at] = c;
            rchoice_[at] = echoice_[e];
        }
}

u32 Analyzer::shallowest(u32 c) const {
    u32 best = kNone;
    for (u32 p = pbeg_[c]; p < pbeg_[c] + pcnt_[c]; ++p)
        if (best == kNone || pdepth_[p] < pdepth_[best]) best = p;
    return best;
}

ExamplePath Analyzer::path_to(u32 c) {
    u32 p = shallowest(c);
    return example(c, shortest_path(c, p), terminal(c) ? sum_of(p) : nullptr);
}

std::vector<int> Analyzer::shortest_path(u32 c, u32 p) {
    build_reverse();
    std::vector<int> path;
    std::vector<u64> next(sw_);
    while (pdepth_[p] > 0) {
        bool found = false;
        for (u32 r = roff_[c]; r < roff_[c + 1] && !found; ++r) {
            u32 from = rsrc_[r], ch = rchoice_[r];
            for (u32 q = pbeg_[from]; q < pbeg_[from] + pcnt_[from] && !found; ++q) {
                if (pdepth_[q] + 1 != pdepth_[p]) continue;
                if (step_id(pid_[q], ch, from, c) != pid_[p]) continue;
                path.push_back(static_cast<int>(ch));
                c = from;
                p = q;
                found = true;
            }
        }
        if (!found) break;  // cannot happen: a state at depth d > 0 has a predecessor at depth d - 1
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<int> Analyzer::mood_path(u32 c, u32 p, bool highest) {
    build_reverse();
    std::vector<int> path;
    std::vector<u64> next(sw_);
    for (std::size_t guard = 0; guard <= pdepth_.size() + log_.size(); ++guard) {
        if (auto it = plog_.find(p); it != plog_.end()) {
            u32 e = highest ? it->second.first : it->second.second;
            while (log_[e].kind == LogEntry::Earlier) {
                path.push_back(static_cast<int>(log_[e].choice));
                e = log_[e].prev;
            }
            if (log_[e].kind == LogEntry::Start) break;
            path.push_back(static_cast<int>(log_[e].choice));
            p = log_[e].prev;
            c = log_[e].ctrl;
            continue;
        }
        if (pdepth_[p] == 0) break;
        int want = highest ? phi_[p] : plo_[p];
        bool found = false;
        for (u32 r = roff_[c]; r < roff_[c + 1] && !found; ++r) {
            u32 from = rsrc_[r], ch = rchoice_[r];
            for (u32 q = pbeg_[from]; q < pbeg_[from] + pcnt_[from] && !found; ++q) {
                if (clamp_mood((highest ? phi_[q] : plo_[q]) + s_.choices[ch].mood) != want) continue;
                if (step_id(pid_[q], ch, from, c) != pid_[p]) continue;
                path.push_back(static_cast<int>(ch));
                c = from;
                p = q;
                found = true;
            }
        }
        if (!found) break;  // cannot happen: the extreme came from some predecessor's extreme
    }
    std::reverse(path.begin(), path.end());
    return path;
}

ExamplePath Analyzer::example(u32 c, std::vector<int> choices, const u64* terminal_sum) const {
    ExamplePath ex;
    ex.customer = static_cast<int>(customer_of(c));
    int mood = clamp_mood(s_.customers[sz(ex.customer)].initial_mood);
    for (int ch : choices) mood = clamp_mood(mood + s_.choices[sz(ch)].mood);
    ex.choices = std::move(choices);
    ex.mood = mood;
    if (terminal_sum && terminal(c)) {
        ex.ends = true;
        ex.ending = cnode_[c] < 0 ? -1 - cnode_[c] : -1;
        Outcome o = outcome(terminal_sum);
        ex.score = o.score;
        ex.passed = o.passed;
    }
    return ex;
}

ExamplePath Analyzer::product_example(u32 c, u32 p, int kind) {
    std::vector<int> path = kind == 0 ? shortest_path(c, p) : mood_path(c, p, kind == 1);
    return example(c, std::move(path), sum_of(p));
}

std::string Analyzer::path_text(const ExamplePath& p) const {
    std::string out = describe_path(s_, p);
    if (s_.customers.size() > 1) out += " (customer '" + s_.customers[sz(p.customer)].id + "')";
    return out;
}

void Analyzer::add(AnalysisReport& r, Severity sev, AnalysisCheck check, SourceLoc where, std::string message,
                   std::optional<ExamplePath> example) {
    AnalysisFinding f;
    f.severity = sev;
    f.check = check;
    f.where = std::move(where);
    f.message = std::move(message);
    f.example = std::move(example);
    r.findings.push_back(std::move(f));
}

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
    for (std::size_t i = 0; i < nr; ++i) {
        if (kept[i].set() || broken[i].set()) continue;
        const ScopedRule& sr = s_.rules[i];
        std::optional<ExamplePath> ex;
        if (na[i].set()) ex = product_example(na[i].c, na[i].p, 0);
        add(r, Severity::Error, AnalysisCheck::RuleNeverDecided, sr.scope_where,
            "rule " + sr.id() + " (" + sr.policy->id +
                ") is not applicable on every path, so no choice a learner "
                "makes ever decides it" +
                (ex ? "; for example " + path_text(*ex) : std::string()),
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
            if (s_.nodes[i].next) link(i, *s_.nodes[i].next);
            for (int c : s_.nodes[i].choices) link(i, s_.choices[sz(c)].next);
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
        auto ex = hidden_way_in([&](const Landing& l) { return l.ending == static_cast<int>(i); }, why);
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

//-----------------------------------------------------------------------------------------------------------
// [Path counting]
//-----------------------------------------------------------------------------------------------------------

void Analyzer::count_paths(AnalysisReport& r) {
    // Paths from the start to an end, counted over the control graph in topological order: a state's count
    // is the sum of its predecessors' (one for a session's first state), and a count is freed once every
    // successor has taken it, so only the states between "first input" and "all outputs" hold a number.
    std::size_t n = cnode_.size();
    std::vector<u32> waiting(n, 0);  // successors that still have to take the count
    for (u32 c = 0; c < n; ++c)
        if (can_end_[c])
            for (u32 i = roff_[c]; i < roff_[c + 1]; ++i) ++waiting[rsrc_[i]];
    std::vector<BigCount> pool;
    std::vector<u32> free_slots, slot(n, kNone);
    auto release = [&](u32 c) {
        pool[slot[c]].clear();
        free_slots.push_back(slot[c]);
        slot[c] = kNone;
    };
    std::vector<BigCount> total(s_.customers.size());
    std::vector<bool> initial(n, false);
    for (u32 c : initial_) initial[c] = true;
    std::vector<const BigCount*> parts;
    for (std::size_t k = 0; k < order_size(); ++k) {
        u32 c = member(comp_begin(order_at(k)));
        if (!can_end_[c])
            continue;  // a trap: no complete path passes here (and loops can only be traps here)
        if (free_slots.empty()) {
            free_slots.push_back(static_cast<u32>(pool.size()));
            pool.emplace_back();
        }
        slot[c] = free_slots.back();
        free_slots.pop_back();
        BigCount& mine = pool[slot[c]];
        parts.clear();
        for (u32 i = roff_[c]; i < roff_[c + 1]; ++i) parts.push_back(&pool[slot[rsrc_[i]]]);
        mine.assign_sum(parts, initial[c]);
        for (u32 i = roff_[c]; i < roff_[c + 1]; ++i)
            if (--waiting[rsrc_[i]] == 0) release(rsrc_[i]);
        if (terminal(c)) total[customer_of(c)].add(mine);
        if (waiting[c] == 0) release(c);
    }
    BigCount all;
    for (std::size_t k = 0; k < total.size(); ++k) {
        r.customers[k].paths = total[k].decimal();
        all.add(total[k]);
    }
    r.paths = all.decimal();
}

//-----------------------------------------------------------------------------------------------------------
// [Proofs]
//-----------------------------------------------------------------------------------------------------------
// The grade proofs, the knowledge-free strategies and the random guesser's odds, all on the product graph
// (control state x rubric summary): a product's future depends only on it, so "some complete path through
// this edge passes" is "the edge's target can reach a passing end", found by one backward search per goal.

void Analyzer::build_product_graph() {
    std::size_t np = pdepth_.size(), ne = pe_from_.size();
    pctrl_.assign(np, 0);
    for (u32 c = 0; c < cnode_.size(); ++c)
        for (u32 p = pbeg_[c]; p < pbeg_[c] + pcnt_[c]; ++p) pctrl_[p] = c;
    auto group = [&](const Big<u32>& key, Big<u32>& off, Big<u32>& edges) {
        off.assign(np + 1, 0);
        for (std::size_t e = 0; e < ne; ++e) ++off[key[e] + 1];
        for (std::size_t i = 0; i < np; ++i) off[i + 1] += off[i];
        edges.assign(ne, 0);
        Big<u32> fill(off.begin(), off.end() - 1);
        for (std::size_t e = 0; e < ne; ++e) edges[fill[key[e]]++] = static_cast<u32>(e);
    };
    group(pe_from_, pout_off_, pout_edge_);
    group(pe_to_, pin_off_, pin_edge_);
}

std::vector<u32> Analyzer::distance_to(const std::function<bool(u32)>& good,
                                       const std::function<bool(u32)>& allowed) {
    std::size_t np = pdepth_.size();
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

ExamplePath Analyzer::path_through(u32 e, const std::vector<u32>& dist, const std::function<bool(u32)>& allowed) {
    u32 q = pe_from_[e];
    std::vector<int> choices = shortest_path(pctrl_[q], q);
    choices.push_back(static_cast<int>(pe_choice_[e]));
    u32 p = pe_to_[e];
    while (dist[p] > 0 && dist[p] != kNone) {
        bool found = false;
        for (u32 i = pout_off_[p]; i < pout_off_[p + 1] && !found; ++i) {
            u32 f = pout_edge_[i];
            if (!allowed(f) || dist[pe_to_[f]] + 1 != dist[p]) continue;
            choices.push_back(static_cast<int>(pe_choice_[f]));
            p = pe_to_[f];
            found = true;
        }
        if (!found) break;  // cannot happen: a product at distance d > 0 has a successor at d - 1
    }
    return product_path_example(choices, p);
}

std::vector<std::optional<ExamplePath>> Analyzer::forward_search(const std::function<bool(u32)>& good,
                                                                 const std::function<bool(u32)>& allowed) {
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

void Analyzer::proofs(AnalysisReport& r) {
    build_product_graph();
    std::size_t nc = s_.customers.size();
    r.graded = !s_.choices.empty() && std::none_of(s_.choices.begin(), s_.choices.end(), [](const Choice& c) {
        return c.grade == ChoiceGrade::Ungraded;
    });
    // What a terminal summary means to the proofs, worked out once per distinct summary.
    constexpr std::uint8_t kKnown = 1, kPass = 2, kPerfect = 4, kClean = 8;
    std::vector<std::uint8_t> flags(sums_.size() / sw_, 0);
    auto flag = [&](u32 id, std::uint8_t which) {
        if (!(flags[id] & kKnown)) {
            Outcome o = outcome(&sums_[id * sw_]);
            bool clean = std::none_of(o.verdicts.begin(), o.verdicts.end(), [](Verdict v) { return v == Verdict::Broken; });
            flags[id] = static_cast<std::uint8_t>(kKnown | (o.passed ? kPass : 0) |
                                                  (o.passed && o.score == 100 ? kPerfect : 0) | (clean ? kClean : 0));
        }
        return (flags[id] & which) != 0;
    };
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
    for (int k = 0; k < kStrategies; ++k) {
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
            ExamplePath ex = path_through(best[c], dist, any_edge);
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
    auto imperfect = forward_search([&](u32 id) { return !flag(id, kPerfect); }, best_only);
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
    auto pass_value = [&](u32 p) { return outcome(sum_of(p)).passed ? 1.0 : 0.0; };
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
        if (reach.empty()) reach = distance_to([&](u32 id) { return outcome(&sums_[id * sw_]).passed; }, [](u32) { return true; });
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

//-----------------------------------------------------------------------------------------------------------
// [Entry point]
//-----------------------------------------------------------------------------------------------------------

AnalysisReport Analyzer::run() {
    AnalysisReport r;
    r.state_limit = options_.state_limit;
    r.guess_pass_limit = s_.guess_pass_limit;
    if (s_.start_node < 0 || s_.customers.empty()) return r;
    setup();
    r.clock_tracked = clock_;
    bool complete = explore_controls();
    r.control_states = cnode_.size();
    if (complete) {
        components();
        complete = explore_products();
    }
    r.states = pdepth_.size();
    r.limit_hit = !complete;
    if (!complete) {
        // Nothing that needs every state is claimed; what was found on the way (a stuck state) still holds,
        // but the partial graph is not worth reporting from: say clearly that the proof is incomplete.
        r.states = std::max(r.states, r.control_states);
        add(r, Severity::Error, AnalysisCheck::StateLimit, s_.header_where,
            "the analysis stopped after " + std::to_string(r.states) + " states (the limit is " +
                std::to_string(options_.state_limit) +
                "), so nothing about this scenario is proven; raise the "
                "limit or reduce the combinations of variable values");
        for (std::size_t k = 0; k < s_.customers.size(); ++k)
            r.customers.push_back({static_cast<int>(k), "", false, {}, {}, {}, {}});
        return r;
    }
    reachability(r);
    outcomes(r);
    if (!r.paths_infinite) count_paths(r);
    r.proofs_run = true;
    proofs(r);
    if (r.graded) length_cue(r);
    std::stable_sort(r.findings.begin(), r.findings.end(),
                     [](const AnalysisFinding& a, const AnalysisFinding& b) {
                         return a.severity == Severity::Error && b.severity != Severity::Error;
                     });
    return r;
}

}  // namespace

AnalysisReport analyze_scenario(const Scenario& scenario, const AnalysisOptions& options) {
    return Analyzer(scenario, options).run();
}

//-----------------------------------------------------------------------------------------------------------
// [Random playthroughs]
//-----------------------------------------------------------------------------------------------------------

RandomReport random_playthroughs(const Scenario& scenario, const RandomOptions& options) {
    RandomReport r;
    r.seed = options.seed;
    r.node_hits.assign(scenario.nodes.size(), 0);
    r.choice_hits.assign(scenario.choices.size(), 0);
    r.ending_hits.assign(scenario.endings.size(), 0);
    r.customer_runs.assign(scenario.customers.size(), 0);
    r.score_hits.assign(101, 0);
    r.mood_hits.assign(101, 0);
    if (scenario.start_node < 0 || scenario.customers.empty()) return r;
    auto shared = std::shared_ptr<const Scenario>(&scenario, [](const Scenario*) {});
    auto enter = [&](Target t) {  // counts the nodes entered, following `next` links as the runtime does
        for (int n : land(scenario, t).entered) ++r.node_hits[sz(n)];
    };
    std::uint64_t rng = mix_seed(options.seed);
    for (std::size_t run = 0; run < options.runs; ++run) {
        rng = mix_seed(rng);
        Session session(shared, {rng, -1});
        ++r.runs;
        ++r.customer_runs[sz(session.customer_index())];
        enter({Target::Kind::Node, scenario.start_node});
        int steps = 0;
        while (session.state() == SessionState::AwaitingChoice && steps < options.max_steps) {
            rng = mix_seed(rng);
            const auto& offered = session.offered();
            int c = offered[static_cast<std::size_t>(rng % offered.size())];
            ++r.choice_hits[sz(c)];
            session.choose(c);
            enter(scenario.choices[sz(c)].next);
            ++steps;
        }
        if (session.state() != SessionState::Ended) {
            ++r.cut_off;
            continue;
        }
        if (session.stuck())
            ++r.stuck;
        else
            ++r.ending_hits[sz(session.ending())];
        RubricResult result = session.rubric().result();
        ++(result.passed ? r.passed : r.failed);
        ++r.score_hits[sz(std::clamp(result.score, 0, 100))];
        ++r.mood_hits[sz(std::clamp(session.mood(), 0, 100))];
    }
    return r;
}

}  // namespace cp
