// counterpart lint: loads scenario and policy files and prints every problem in compiler format.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "analysis.hpp"
#include "checks.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "marking_points.hpp"

namespace cp::cli {

namespace fs = std::filesystem;

namespace {
// The rubric soundness errors of the exhaustive analysis (counterpart analyze), leaving out what
// check_scenario already reports in its own words: stuck states, loops in the node graph, rules whose
// action no reachable choice performs. Its reachability and teaching warnings stay with analyze.
void add_soundness_findings(const Scenario& scenario, Diagnostics& diags) {
    AnalysisReport report = analyze_scenario(scenario);
    for (const auto& f : report.findings) {
        switch (f.check) {
            case AnalysisCheck::StateLimit:
                diags.warning(f.where, "soundness analysis: " + f.message);
                break;
            case AnalysisCheck::RuleNeverDecided: {
                const std::string& id = scenario.rules[static_cast<std::size_t>(f.rule)].id();
                bool known =
                    std::any_of(diags.items().begin(), diags.items().end(), [&](const Diagnostic& d) {
                        return d.where.file == f.where.file && d.message.rfind("rule " + id + " (", 0) == 0;
                    });
                if (!known) diags.error(f.where, f.message);
                break;
            }
            case AnalysisCheck::CriticalBreachPasses:
            case AnalysisCheck::CriticalBrokenPasses:
            case AnalysisCheck::NoPassingPath:
            case AnalysisCheck::TrapByConditions:
            case AnalysisCheck::UnsafeChoicePasses:  // the grade proofs
            case AnalysisCheck::WrongChoiceUnseen:
            case AnalysisCheck::BestPathNotPerfect:
            case AnalysisCheck::NoBestOption:
            case AnalysisCheck::KnowledgeFreeStrategyPasses:
            case AnalysisCheck::GuessPassTooLikely:
                diags.error(f.where, f.message);
                break;
            case AnalysisCheck::UngradedChoices:
            case AnalysisCheck::LengthCue:
                diags.warning(f.where, f.message);
                break;
            default:
                break;
        }
    }
}
}  // namespace

int lint(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> paths;
    std::string policies_dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--policies") {
            if (!option_value(args, i, policies_dir, err)) return 2;
        } else if (args[i].rfind("--", 0) == 0) {
            err << "counterpart lint: unknown option " << args[i] << "\n" << usage("lint");
            return 2;
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty()) {
        err << usage("lint");
        return 2;
    }
    // Expand folders: their scenarios and, if present, their policies/ folder. Entries that cannot be
    // examined (a symlink loop, say) are skipped with a warning in `diags`.
    Diagnostics diags;
    bool cannot_check = false;
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::size_t before = files.size();
            for (const auto& f : scenario_files_in(p, &diags)) files.push_back(f);
            std::string policies = (fs::path(p) / "policies").string();
            // A missing policies/ is fine; one that cannot be examined is reported by scenario_files_in.
            if (fs::exists(policies, ec) || ec)
                for (const auto& f : scenario_files_in(policies, &diags)) files.push_back(f);
            if (files.size() == before) {  // "0 files checked" would read as a pass
                err << "counterpart lint: nothing to check in " << p
                    << ": it holds no scenario or policy files (*.json)\n";
                cannot_check = true;
            }
        } else {
            files.push_back(p);
        }
    }

    std::set<std::string> linted_policy_files;
    std::map<std::string, PolicyLibrary> libraries;  // by folder, loaded once
    auto library_for = [&](const std::string& dir) -> PolicyLibrary& {
        auto it = libraries.find(dir);
        if (it != libraries.end()) return it->second;
        Diagnostics library_diags;  // problems in policy files are reported when those files are linted
        PolicyLibrary& lib = libraries[dir];
        lib.load_directory(dir, library_diags);
        return lib;
    };

    std::map<std::string, std::vector<MarkingPoint>> marking_points_by_file;
    std::size_t checked = 0;
    for (const auto& file : files) {
        ++checked;
        bool unreadable = false;
        int errors_before = diags.error_count();
        auto doc = load_json_file(file, diags, &unreadable);
        if (!doc) {
            cannot_check = true;
            continue;
        }
        if (looks_like_policy(*doc)) {
            load_policy(*doc, diags);
            continue;
        }
        if (doc->root.is_object() && doc->root.contains("items") && !doc->root.contains("nodes")) {
            load_marking_points(file, diags);  // a marking-points file
            continue;
        }
        std::string dir = policies_dir.empty() ? default_policy_dir(file) : policies_dir;
        auto scenario = load_scenario(*doc, library_for(dir), diags);
        if (scenario) {
            check_scenario(*scenario, diags);
            add_soundness_findings(*scenario, diags);
            // Marking-point ids are checked against the marking-points file beside the scenario, if any.
            std::string mp = (fs::path(file).parent_path() / "marking-points.json").string();
            if (!marking_points_by_file.contains(mp)) {
                Diagnostics ignored;  // the file's own problems are reported when it is linted itself
                std::error_code ec;
                marking_points_by_file[mp] =
                    fs::exists(mp, ec) ? load_marking_points(mp, ignored) : std::vector<MarkingPoint>{};
            }
            if (!marking_points_by_file[mp].empty())
                check_marking_point_ids(*scenario, marking_points_by_file[mp], diags);
        } else if (diags.error_count() == errors_before)
            diags.error({file, 0, 0, ""}, "the scenario could not be loaded");
    }
    diags.sort();
    for (const auto& d : diags.items()) out << format_diagnostic(d) << "\n";
    if (files.empty()) return 2;  // nothing was checked: said above, per folder
    out << checked << (checked == 1 ? " file" : " files") << " checked: " << diags.error_count()
        << " errors, " << diags.warning_count() << " warnings\n";
    if (cannot_check) return 2;
    return diags.has_errors() ? 1 : 0;
}

}  // namespace cp::cli
