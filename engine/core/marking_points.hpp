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
    std::string judged;  // "portfolio": shown across sessions (consistency), never by one session

    bool portfolio_only() const { return judged == "portfolio"; }
};

// A scenario evidences a point only where a learner's own path can show it: through a rule in scope that is
// tagged with it (claimed when the rule is kept) or a choice tagged with it (claimed when taken). The
// scenario's own top-level `evidences` are a description, not evidence, and are not counted.
inline constexpr std::size_t kMinScenariosPerPoint = 2;  // coverage fails below this many scenarios per item

// Loads a marking-points file; problems go to `diags`. Returns an empty list if the file cannot be used.
std::vector<MarkingPoint> load_marking_points(const std::string& path, Diagnostics& diags);

// Every marking-point id a learner can evidence in a scenario: its rules' in scope and its choices'.
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
