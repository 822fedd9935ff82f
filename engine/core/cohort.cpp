#include "cohort.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace cp {

CohortModel make_cohort(const std::vector<SessionRow>& rows, const std::vector<int>& order) {
    CohortModel m;
    std::map<std::string, std::pair<int, std::set<std::string>>> rules;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, int> places;
    std::map<std::string, CohortLearner> learners;
    std::map<std::pair<std::string, std::string>, std::vector<const SessionRow*>> attempts;  // learner, scenario
    std::map<std::pair<std::string, std::string>, std::map<std::string, CohortChoice>> nodes;
    for (int i : order) {
        const SessionRow& r = rows[static_cast<std::size_t>(i)];
        if (r.integrity == RecordIntegrity::Status::Altered || r.integrity == RecordIntegrity::Status::Unreadable) {
            ++m.left_out;
            continue;
        }
        ++m.sessions;
        CohortLearner& l = learners[r.learner];
        l.learner = r.learner;
        ++l.sessions;
        l.breaches += static_cast<int>(r.breaches.size());
        for (const auto& b : r.breaches) {
            auto& rule = rules[b.rule];
            ++rule.first;
            rule.second.insert(r.learner);
            ++places[{b.rule, r.scenario_id, b.node, b.choice}];
        }
        for (const auto& pick : r.picks) {
            CohortChoice& c = nodes[{r.scenario_id, pick.node}][pick.choice];
            c.choice = pick.choice;
            c.grade = pick.grade;
            ++c.picks;
        }
        if (r.result == SessionRow::Result::Pass || r.result == SessionRow::Result::Fail)
            attempts[{r.learner, r.scenario_id}].push_back(&r);
    }
    m.learners = static_cast<int>(learners.size());
    for (auto& [id, v] : rules) m.rules.push_back({id, v.first, static_cast<int>(v.second.size())});
    std::stable_sort(m.rules.begin(), m.rules.end(),
                     [](const CohortRule& a, const CohortRule& b) { return a.breaches > b.breaches; });
    for (auto& [key, n] : places)
        m.places.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), n});
    std::stable_sort(m.places.begin(), m.places.end(),
                     [](const CohortPlace& a, const CohortPlace& b) { return a.breaches > b.breaches; });

    std::map<int, std::tuple<int, long long, long long, int>> by_attempt;  // sessions, score sum, breaches, passes
    for (auto& [key, list] : attempts) {
        std::stable_sort(list.begin(), list.end(), [](const SessionRow* a, const SessionRow* b) {
            return std::tie(a->started_at, a->path) < std::tie(b->started_at, b->path);
        });
        for (std::size_t n = 0; n < list.size(); ++n) {
            auto& [count, score, breaches, passes] = by_attempt[static_cast<int>(n) + 1];
            ++count;
            score += list[n]->score;
            breaches += static_cast<long long>(list[n]->breaches.size());
            passes += list[n]->result == SessionRow::Result::Pass;
        }
        CohortLearner& l = learners[key.first];
        l.passed += static_cast<int>(std::count_if(list.begin(), list.end(), [](const SessionRow* r) {
            return r->result == SessionRow::Result::Pass;
        }));
    }
    for (auto& [learner, l] : learners) {
        const SessionRow* latest = nullptr;
        for (const auto& [key, list] : attempts)
            if (key.first == learner && !list.empty() && (!latest || list.back()->started_at > latest->started_at))
                latest = list.back();
        if (latest) l.last_score = latest->score;
        m.by_learner.push_back(l);
    }
    std::stable_sort(m.by_learner.begin(), m.by_learner.end(),
                     [](const CohortLearner& a, const CohortLearner& b) { return a.breaches > b.breaches; });
    for (auto& [n, v] : by_attempt) {
        auto [count, score, breaches, passes] = v;
        double c = static_cast<double>(count);
        m.trend.push_back({n, count, static_cast<double>(score) / c, static_cast<double>(breaches) / c,
                           static_cast<double>(passes) / c});
    }
    for (auto& [key, choices] : nodes) {
        CohortNode node{key.first, key.second, 0, {}};
        for (auto& [id, c] : choices) {
            node.picks += c.picks;
            node.choices.push_back(c);
        }
        std::stable_sort(node.choices.begin(), node.choices.end(),
                         [](const CohortChoice& a, const CohortChoice& b) { return a.picks > b.picks; });
        m.nodes.push_back(std::move(node));
    }
    std::stable_sort(m.nodes.begin(), m.nodes.end(), [](const CohortNode& a, const CohortNode& b) {
        return a.scenario != b.scenario ? a.scenario < b.scenario : a.picks > b.picks;
    });
    return m;
}

}  // namespace cp
