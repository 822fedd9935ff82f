// counterpart list: the scenarios in every library folder (bundled, the user's own, added in Settings), each
// under the folder it comes from, with scenarios sharing an id reported rather than one silently preferred.
#include <algorithm>
#include <ostream>

#include "cli.hpp"
#include "library.hpp"

namespace cp::cli {

int list_scenarios(const Args& args, std::ostream& out, std::ostream& err) {
    bool ids_only = false;
    std::vector<ScenarioFolder> folders;
    for (const auto& a : args) {
        if (a == "--ids") {
            ids_only = true;
        } else if (!a.empty() && a[0] == '-') {
            err << "counterpart list: unknown option " << a << "\n";
            return 2;
        } else {
            folders.push_back({FolderKind::Given, a});
        }
    }
    if (folders.empty()) folders = default_scenario_folders();
    auto lib = load_library(folders);
    if (ids_only) {  // for shell completion: one id per line, each once
        std::vector<std::string> seen;
        for (const auto& s : lib.scenarios)
            if (std::find(seen.begin(), seen.end(), s->id) == seen.end()) {
                seen.push_back(s->id);
                out << s->id << "\n";
            }
        return lib.scenarios.empty() ? 1 : 0;
    }
    if (lib.scenarios.empty()) {
        err << "counterpart list: " << empty_library_message(lib, false);
        return 1;
    }
    for (std::size_t f = 0; f < lib.folders.size(); ++f) {
        const ScenarioFolder& folder = lib.folders[f];
        std::size_t count = 0;
        for (std::size_t i = 0; i < lib.scenarios.size(); ++i) count += lib.folder_of[i] == f;
        out << (f ? "\n" : "") << "== " << folder_kind_label(folder.kind) << ": " << folder.path << " ("
            << count << (count == 1 ? " scenario" : " scenarios") << ")\n";
        for (std::size_t i = 0; i < lib.scenarios.size(); ++i) {
            if (lib.folder_of[i] != f) continue;
            const Scenario& s = *lib.scenarios[i];
            std::string topics;
            for (const auto& t : s.topics) topics += (topics.empty() ? "" : ", ") + t;
            out << s.id << "\n  " << s.title << "\n  " << topics << "; " << s.difficulty << "; about "
                << s.estimated_minutes << " minutes; customer: " << s.customers.front().name << "\n";
            for (std::size_t other : lib.same_id_as(i))
                out << "  ! SAME ID as " << lib.scenarios[other]->file << " ("
                    << folder_kind_label(lib.folder(other).kind) << "); play this one by its path: " << s.file
                    << "\n";
        }
    }
    auto clashes = lib.id_clashes();
    if (!clashes.empty()) {
        err << "counterpart list: scenarios share an id; `counterpart play ID` takes the first folder's, so "
               "rename one:\n";
        for (const auto& c : clashes) err << "  " << c << "\n";
    }
    if (lib.diagnostics.has_errors())
        err << "counterpart list: some files have errors and are not listed (run counterpart lint FOLDER)\n";
    return 0;
}

}  // namespace cp::cli
