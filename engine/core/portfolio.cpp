// Index: [Building] [Consistency] [Text]
#include "portfolio.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "text_report.hpp"

namespace cp {

namespace {
template <class T>
void add_unique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}
std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Building]
//-----------------------------------------------------------------------------------------------------------

Portfolio build_portfolio(const std::string& learner, const std::vector<const ReviewedRecord*>& records,
                          const std::vector<MarkingPoint>& points) {
    Portfolio out;
    out.learner = learner;
    // Counted sessions, oldest first (UTC timestamps sort as text).
    std::vector<const ReviewedRecord*> counted;
    for (const ReviewedRecord* r : records) {
        if (!r || !r->record.ok || r->record.info.learner != learner) continue;
        if (r->record.info.mode != "assessment")
            out.not_counted.emplace_back(r->path, "a practice session: practice is not assessed");
        else if (!r->verified() || !r->replay.session || !r->debrief)
            out.not_counted.emplace_back(r->path, r->problems.empty() ? "not verified" : r->problems.front());
        else
            counted.push_back(r);
    }
    std::stable_sort(counted.begin(), counted.end(), [](const ReviewedRecord* a, const ReviewedRecord* b) {
        return a->record.info.started_at < b->record.info.started_at;
    });

    std::map<std::string, std::size_t> row_of;
    auto row = [&](const std::string& id) -> PortfolioRow& {
        auto it = row_of.find(id);
        if (it != row_of.end()) return out.rows[it->second];
        row_of[id] = out.rows.size();
        out.rows.push_back({});
        out.rows.back().id = id;
        return out.rows.back();
    };
    for (const auto& p : points) {
        PortfolioRow& r = row(p.id);
        r.kind = p.kind;
        r.text = p.text;
        r.portfolio_only = p.portfolio_only();
    }
    if (!row_of.count(kConsistencyPoint)) {  // judged here whether or not the list names it
        PortfolioRow& r = row(kConsistencyPoint);
        r.kind = "marking_point";
        r.portfolio_only = true;
    }

    std::map<std::string, std::size_t> track_of;
    for (std::size_t i = 0; i < counted.size(); ++i) {
        const ReviewedRecord& r = *counted[i];
        const Session& session = *r.replay.session;
        const Scenario& s = session.scenario();
        PortfolioSession ps{r.path, s.id, s.title, r.record.info.started_at, r.record.info.mode,
                            r.debrief->passed, r.debrief->score, ""};
        if (r.signed_off())
            for (const auto& e : r.assessment.entries)
                if (!e.decision.empty()) ps.decision = e.decision;  // the latest word (a moderation wins)
        out.sessions.push_back(ps);
        int index = static_cast<int>(i);
        for (const auto& [id, hows] : marking_point_evidence(session)) {
            PortfolioRow& pr = row(id);
            if (pr.portfolio_only) continue;  // one session never shows consistency
            for (const auto& how : hows) pr.evidence.push_back({index, how});
            add_unique(pr.scenarios, s.id);
        }
        const auto& verdicts = session.rubric().verdicts();
        for (std::size_t k = 0; k < verdicts.size() && k < s.rules.size(); ++k) {
            Verdict v = verdicts[k].verdict;
            if (v != Verdict::Kept && v != Verdict::Broken) continue;
            std::string id = s.rules[k].id();
            auto it = track_of.find(id);
            if (it == track_of.end()) {
                it = track_of.emplace(id, out.rules.size()).first;
                out.rules.push_back({id, s.rules[k].rule->title, {}, {}, {}});
            }
            RuleTrack& t = out.rules[it->second];
            (v == Verdict::Kept ? t.kept : t.broken).push_back(index);
            add_unique(t.scenarios, s.id);
        }
    }

    //-------------------------------------------------------------------------------------------------------
    // [Consistency]
    //-------------------------------------------------------------------------------------------------------
    PortfolioRow& consistent = row(kConsistencyPoint);
    std::vector<const RuleTrack*> qualifying;
    const RuleTrack* closest = nullptr;
    for (const auto& t : out.rules) {
        std::set<std::string> kept_in;
        for (int k : t.kept) kept_in.insert(out.sessions[static_cast<std::size_t>(k)].scenario_id);
        bool ok = t.broken.empty() && static_cast<int>(t.kept.size()) >= kConsistentSessions &&
                  static_cast<int>(kept_in.size()) >= kConsistentScenarios;
        if (ok) {
            qualifying.push_back(&t);
            for (int k : t.kept) consistent.evidence.push_back({k, "kept " + t.rule});
            for (const auto& sc : kept_in) add_unique(consistent.scenarios, sc);
        } else if (!closest || t.kept.size() > closest->kept.size()) {
            closest = &t;
        }
    }
    consistent.met = !qualifying.empty();
    auto describe = [&](const RuleTrack& t) {
        std::string text = t.rule + " " + t.title + ": kept in " + plural(t.kept.size(), "session", "sessions");
        std::set<std::string> kept_in;
        for (int k : t.kept) kept_in.insert(out.sessions[static_cast<std::size_t>(k)].scenario_id);
        text += " across " + plural(kept_in.size(), "scenario", "scenarios");
        text += t.broken.empty() ? ", never broken" : ", broken in " + plural(t.broken.size(), "session", "sessions");
        return text;
    };
    if (consistent.met) {
        consistent.judgement = "Met: the same rule kept, and never broken, in " + std::to_string(kConsistentSessions) +
                               " or more sessions across " + std::to_string(kConsistentScenarios) +
                               " or more scenarios: ";
        for (std::size_t i = 0; i < qualifying.size(); ++i)
            consistent.judgement += (i ? "; " : "") + describe(*qualifying[i]);
        consistent.judgement += ".";
    } else {
        consistent.judgement = "Not yet shown: no rule is kept, and never broken, in " +
                               std::to_string(kConsistentSessions) + " or more sessions across " +
                               std::to_string(kConsistentScenarios) + " or more scenarios" +
                               (closest ? "; closest: " + describe(*closest) : std::string()) + ".";
    }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Text]
//-----------------------------------------------------------------------------------------------------------

std::string portfolio_text(const Portfolio& p, std::size_t width) {
    std::string out = "Portfolio: " + p.learner + "\n";
    std::set<std::string> scenarios;
    for (const auto& s : p.sessions) scenarios.insert(s.scenario_id);
    out += wrap_text("Sessions counted as evidence (verified assessment sessions): " +
                         std::to_string(p.sessions.size()) + ", across " +
                         plural(scenarios.size(), "scenario", "scenarios") +
                         (p.sessions.empty() ? std::string(".")
                                             : ", from " + p.sessions.front().started_at + " to " +
                                                   p.sessions.back().started_at + "."),
                     width);
    for (std::size_t i = 0; i < p.sessions.size(); ++i) {
        const auto& s = p.sessions[i];
        out += wrap_text(std::to_string(i + 1) + ". " + s.scenario_title + " (" + s.scenario_id + "), " +
                             s.started_at + ": " + (s.passed ? "PASS " : "FAIL ") + std::to_string(s.score) + "%" +
                             (s.decision.empty() ? ", not signed off" : ", signed off: " + decision_label(s.decision)) +
                             ". " + std::filesystem::path(s.path).filename().string(),
                         width, "  ");
    }
    if (!p.not_counted.empty()) {
        out += "Not counted:\n";
        for (const auto& [path, why] : p.not_counted)
            out += wrap_text(std::filesystem::path(path).filename().string() + ": " + why, width, "  ");
    }
    out += "\nMarking points and key concepts:\n";
    for (const auto& r : p.rows) {
        std::string head = r.id + (r.text.empty() ? "" : ": " + r.text);
        out += wrap_text(head, width, "  ");
        if (r.portfolio_only) {
            out += wrap_text("[Judged across sessions] " + r.judgement, width, "      ");
            continue;
        }
        if (r.evidence.empty()) {
            out += "      Not yet evidenced.\n";
            continue;
        }
        std::set<int> sessions;
        for (const auto& e : r.evidence) sessions.insert(e.session);
        std::string line = "Evidenced in " + plural(sessions.size(), "session", "sessions") + " (" +
                           plural(r.scenarios.size(), "scenario", "scenarios") + "): ";
        for (std::size_t i = 0; i < r.evidence.size(); ++i)
            line += (i ? "; " : "") + std::string("session ") + std::to_string(r.evidence[i].session + 1) + ", " +
                    r.evidence[i].how;
        out += wrap_text(line + ".", width, "      ");
    }
    return out;
}

}  // namespace cp
