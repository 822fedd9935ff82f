// Checks over a loaded scenario (the "lint" of tutors' files): graph shape, reachable states, rules that no
// path can decide, missing feedback and an exemplary path that does not pass.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace cp {

struct CheckOptions {
    std::size_t state_limit = 200000;  // reachable (node, variables, customer) states explored at most
};

struct CheckSummary {
    std::size_t states_explored = 0;
    bool state_limit_hit = false;
};

// Appends every problem found to `diags` (errors and warnings) with the file position of the item concerned.
CheckSummary check_scenario(const Scenario& scenario, Diagnostics& diags, const CheckOptions& options = {});

// Formats a path of choice indices as "c-greet > c-listen > c-log".
std::string format_path(const Scenario& scenario, const std::vector<int>& choices);

}  // namespace cp
