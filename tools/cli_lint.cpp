// counterpart lint: loads scenario and policy files and prints every problem in compiler format.
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "checks.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "marking_points.hpp"

namespace cp::cli {

namespace fs = std::filesystem;

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
        auto doc = load_json_file(file, diags, &unreadable, JsonDom::skip);
        if (!doc) {
            cannot_check = true;
            continue;
        }
        if (looks_like_policy(*doc)) {
            // A policy's rules may name the common actions declared beside it.
            load_policy(*doc, diags, library_for(fs::path(file).parent_path().string()).find(kCommonActionsPolicy).get());
            continue;
        }
        if (const JsonValue& c = doc->content(); c.is_object() && c.contains("items") && !c.contains("nodes")) {
            load_marking_points(file, diags);  // a marking-points file
            continue;
        }
        std::string dir = policies_dir.empty() ? default_policy_dir(file) : policies_dir;
        auto scenario = load_scenario(*doc, library_for(dir), diags);
        if (scenario) {
            check_scenario(*scenario, diags);  // the file's shape and the analysis findings, by check code
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
