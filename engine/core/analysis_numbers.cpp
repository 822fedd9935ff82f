// Exact path counts, however large.
//
// Index: [Big numbers] [Path counting]
#include "analysis_internal.hpp"


namespace cp::analysis_detail {

namespace {

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

}  // namespace

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

}  // namespace cp::analysis_detail
