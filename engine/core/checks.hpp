// Checks over a loaded scenario (the "lint" of tutors' files): the file's own shape (dead ends, missing
// feedback, a best path that does not pass) plus the findings of the exhaustive analysis (analysis.hpp),
// taken by check code: reachability, stuck states and traps, rubric soundness and the grade proofs. There is
// one exploration of the state space, the analyzer's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "diagnostics.hpp"
#include "model.hpp"

namespace cp {

struct CheckOptions {
    std::size_t state_limit = AnalysisOptions{}.state_limit;  // analysis states explored at most
    AnalysisReport* report = nullptr;  // when set, receives the analysis the checks ran (the studio shows it)
};

struct CheckSummary {
    std::size_t states_explored = 0;
    bool state_limit_hit = false;
};

// Appends every problem found to `diags` (errors and warnings) with the file position of the item concerned.
CheckSummary check_scenario(const Scenario& scenario, Diagnostics& diags, const CheckOptions& options = {});

// Only the checks that explore no states: dead ends, the node graph with conditions ignored (unreachable
// nodes and endings, traps), missing feedback and the best path. check_scenario runs these too (the graph
// check only when the analysis stopped short, which otherwise says it more precisely); the engine benchmark
// reports them apart from the analysis.
void check_structure(const Scenario& scenario, Diagnostics& diags);

// Whether lint reports an analysis finding, and how: the teaching checks (a pleasant-but-wrong and an
// uncomfortable-but-right path) stay with `counterpart analyze`; everything else is lint's too.
bool lint_reports(AnalysisCheck check);

// Formats a path of choice indices as "c-greet > c-listen > c-log".
std::string format_path(const Scenario& scenario, const std::vector<int>& choices);

}  // namespace cp
