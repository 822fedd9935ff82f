// The qualification's key concepts and examiner marking points (scenarios/marking-points.json), and which
// scenarios evidence each: through the scenario's own `evidences` or the rules it brings into scope.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace cp {

struct MarkingPoint {
    std::string id;
    std::string source;  // which seed document ("PS", "IC")
    std::string kind;    // "key_concept" or "marking_point"
    std::string text;
    SourceLoc where;
};

// Loads a marking-points file; problems go to `diags`. Returns an empty list if the file cannot be used.
std::vector<MarkingPoint> load_marking_points(const std::string& path, Diagnostics& diags);

// Every marking-point id a scenario evidences: its own `evidences` and those of its rules in scope.
std::set<std::string> scenario_marking_points(const Scenario& scenario);

// Reports `evidences` ids (on the scenario and on its rules) that are not in `points`.
void check_marking_point_ids(const Scenario& scenario, const std::vector<MarkingPoint>& points,
                             Diagnostics& diags);

struct CoverageRow {
    const MarkingPoint* point = nullptr;
    std::vector<std::string> scenarios;  // ids
};
std::vector<CoverageRow> marking_point_coverage(const std::vector<std::shared_ptr<const Scenario>>& scenarios,
                                                const std::vector<MarkingPoint>& points);

}  // namespace cp
