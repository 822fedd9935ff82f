// counterpart coverage: the qualification's key concepts and marking points against the scenarios that
// evidence them; fails when any has no scenario.
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "library.hpp"
#include "marking_points.hpp"
#include "text_report.hpp"

namespace cp::cli {

int coverage(const Args& args, std::ostream& out, std::ostream& err) {
    std::string dir = args.empty() ? bundled_scenario_dir() : args.front();
    std::string file = (std::filesystem::path(dir) / "marking-points.json").string();
    Diagnostics diags;
    auto points = load_marking_points(file, diags);
    for (const auto& d : diags.items()) err << format_diagnostic(d) << "\n";
    if (points.empty()) {
        err << "counterpart coverage: no marking points in " << file << "\n";
        return 2;
    }
    // A damaged item is left out, so the table below would under-report: show it, but do not pass.
    bool damaged = diags.has_errors();
    if (damaged)
        err << "counterpart coverage: " << file << " has errors; the items with errors are left out\n";
    auto lib = load_library(dir);
    if (lib.diagnostics.has_errors())
        err << "counterpart coverage: some scenario files have errors and are not counted (run counterpart "
               "lint "
            << dir << ")\n";
    auto rows = marking_point_coverage(lib.scenarios, points);
    out << "Coverage of " << points.size() << " key concepts and marking points by " << lib.scenarios.size()
        << " scenarios\n\n";
    int uncovered = 0;
    for (const auto& row : rows) {
        const MarkingPoint& p = *row.point;
        std::string kind = p.kind == "marking_point" ? "marking point"
                           : p.kind == "key_concept" ? "key concept"
                                                     : p.kind;
        out << p.id << " (" << kind << ", " << row.scenarios.size()
            << (row.scenarios.size() == 1 ? " scenario" : " scenarios") << ")\n";
        out << wrap_text(p.text, 100, "  ");
        if (p.portfolio_only()) {
            // One session cannot show consistency across interactions; the assessor judges it from the
            // learner's portfolio of sessions, so no scenario claims it.
            out << "  Judged across sessions in the learner's portfolio, not by one scenario.\n";
            continue;
        }
        if (row.scenarios.size() < kMinScenariosPerPoint) {
            out << "  NOT COVERED ENOUGH: " << row.scenarios.size() << " of the " << kMinScenariosPerPoint
                << " scenarios needed evidence this through a rule or a choice.\n";
            ++uncovered;
        }
        if (!row.scenarios.empty()) {
            std::string list;
            for (const auto& s : row.scenarios) list += (list.empty() ? "" : ", ") + s;
            out << wrap_text("Scenarios: " + list, 100, "  ");
        }
    }
    out << "\n" << (rows.size() - static_cast<std::size_t>(uncovered)) << " of " << rows.size()
        << " covered by at least " << kMinScenariosPerPoint << " scenarios (or judged in the portfolio)";
    if (uncovered > 0) out << "; " << uncovered << " covered by fewer";
    out << ".\n";
    if (damaged) return 2;
    return uncovered > 0 ? 1 : 0;
}

}  // namespace cp::cli
