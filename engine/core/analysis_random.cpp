// Seeded random playthroughs, played by the real runtime.
//
// Index: [Random playthroughs]
#include "analysis_internal.hpp"
#include "runtime.hpp"

namespace cp {

using analysis_detail::land;
using analysis_detail::sz;

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
    std::uint64_t rng = mix_seed(options.seed);
    for (std::size_t run = 0; run < options.runs; ++run) {
        rng = mix_seed(rng);
        Session session(shared, {rng, -1});
        ++r.runs;
        ++r.customer_runs[sz(session.customer_index())];
        int steps = 0;
        while (session.state() == SessionState::AwaitingChoice && steps < options.max_steps) {
            rng = mix_seed(rng);
            const auto& offered = session.offered();
            int c = offered[static_cast<std::size_t>(rng % offered.size())];
            ++r.choice_hits[sz(c)];
            session.choose(c);
            ++steps;
        }
        for (int n : session.entered()) ++r.node_hits[sz(n)];  // nodes passed through by `next` links too
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
