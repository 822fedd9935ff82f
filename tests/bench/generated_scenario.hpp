// Generates large synthetic scenarios (against the mini fixture policy) for benchmarks and stress tests.
#pragma once

#include <cstdint>
#include <string>

namespace cp::bench {

// A scenario of `nodes` decision points, three choices each, `bool_variables` flags toggled and tested by
// choices, every rule kind exercised. Deterministic for a given seed.
std::string generate_scenario_json(int nodes, int bool_variables, std::uint64_t seed = 1);

}  // namespace cp::bench
