// Example paths, rebuilt backwards from the states a finding is about.
//
// Index: [Example paths]
#include "analysis_internal.hpp"


namespace cp::analysis_detail {

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
                if (edge_mood(highest ? phi_[q] : plo_[q], from, ch) != want) continue;
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
    ex.mood = path_mood(static_cast<u32>(ex.customer), choices);
    ex.choices = std::move(choices);
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

}  // namespace cp::analysis_detail
