// The scenario library: where scenario folders are (the bundled library beside the installed binary, the
// user's own folder, folders added in Settings), loading them with their policies, and the per-user folders
// where records and settings live (XDG base directories).
//
// Index: [Folders on this machine] [Scenario folders] [Loading] [Finding one scenario]
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "diagnostics.hpp"
#include "loader.hpp"
#include "model.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Folders on this machine]
//-----------------------------------------------------------------------------------------------------------

// The running executable's own path (/proc/self/exe), empty if it cannot be read.
std::string executable_path();
// The bundled library: $COUNTERPART_SCENARIOS if set; else <exe>/../share/counterpart/scenarios when it
// exists (an installed binary); else, for a binary in a build tree, the source tree's scenarios/ named by
// the marker file kBuildTreeMarker beside the binary or up to two folders above it. No path is baked in.
std::string bundled_scenario_dir();
// Name of the file the build writes at the top of its build tree, holding the source scenarios folder.
inline constexpr const char* kBuildTreeMarker = "counterpart-build-tree";
// $XDG_DATA_HOME/counterpart/scenarios (default ~/.local/share/counterpart/scenarios): the user's own.
std::string user_scenario_dir();
// $XDG_DATA_HOME/counterpart/sessions (default ~/.local/share/counterpart/sessions).
std::string sessions_dir();
// $XDG_CONFIG_HOME/counterpart (default ~/.config/counterpart).
std::string config_dir();
// $XDG_DATA_HOME/counterpart/versions: every scenario and policy version a session used (version_store.hpp).
std::string versions_dir();

//-----------------------------------------------------------------------------------------------------------
// [Scenario folders]
//-----------------------------------------------------------------------------------------------------------

enum class FolderKind { Bundled, User, Added, Given };
// How a folder is named to the learner: "bundled", "your folder", "added in Settings", "given".
const char* folder_kind_label(FolderKind kind);

struct ScenarioFolder {
    FolderKind kind = FolderKind::Bundled;
    std::string path;
};

// The "scenario_folders" list of a settings.json object (strings only; anything else is ignored).
std::vector<std::string> scenario_folders_from_settings(const nlohmann::json& settings);
// The folders added in Settings, read from `config_dir`/settings.json (none if missing or damaged).
std::vector<std::string> added_scenario_folders(const std::string& config_dir);
// Bundled, then the user's folder, then each added folder; a folder listed twice is kept once (first
// kind wins) and empty paths are skipped.
std::vector<ScenarioFolder> scenario_folders(const std::string& bundled, const std::string& user,
                                             const std::vector<std::string>& added);
// The folders this user's library is made of: bundled_scenario_dir(), user_scenario_dir(), and the folders
// added in Settings (from config_dir()).
std::vector<ScenarioFolder> default_scenario_folders();

// Scenario files in `dir` (*.json, not the marking-points file), sorted by name. Never throws: an entry
// that cannot be examined (a broken link, a symlink loop) is skipped, and it and a folder that cannot be
// read are reported to `problems` if given (see list_files).
std::vector<std::string> scenario_files_in(const std::string& dir, Diagnostics* problems = nullptr);

//-----------------------------------------------------------------------------------------------------------
// [Loading]
//-----------------------------------------------------------------------------------------------------------

struct LoadedLibrary {
    std::vector<std::shared_ptr<const Scenario>> scenarios;
    PolicyLibrary policies;   // the first folder's policies (the bundled ones in a full library)
    Diagnostics diagnostics;  // problems with files left out
    std::vector<ScenarioFolder> folders;  // every folder searched, in order
    std::vector<std::size_t> folder_of;   // per scenario: index into `folders`

    // The folder scenario `index` came from.
    const ScenarioFolder& folder(std::size_t index) const { return folders[folder_of[index]]; }
    // Indexes of the other scenarios with the same id as scenario `index` (from another folder, or a copy).
    std::vector<std::size_t> same_id_as(std::size_t index) const;
    // One line per id found more than once: "id 'x' is in: bundled (/a/x.json), your folder (/b/x.json)".
    std::vector<std::string> id_clashes() const;
};

// Loads every scenario in `dir` with the policies in `dir`/policies. Files with errors are left out.
LoadedLibrary load_library(const std::string& dir);
// Loads every folder in turn. Each folder's scenarios use its own policies/ and, for policy ids it does
// not define, the first folder's (so a tutor's scenario can cite the bundled policies). Scenarios with the
// same id in several folders are all kept: callers show each with its folder and report the clash.
LoadedLibrary load_library(const std::vector<ScenarioFolder>& folders);

// What to say when `lib` has no scenarios: every folder searched and how to add one. `in_app` words the
// Settings route for the window app; otherwise for the command line.
std::string empty_library_message(const LoadedLibrary& lib, bool in_app);

//-----------------------------------------------------------------------------------------------------------
// [Finding one scenario]
//-----------------------------------------------------------------------------------------------------------

// Resolves a scenario argument: an existing path, or the id of a scenario in default_scenario_folders()
// (the first folder that has it: bundled, then the user's, then added). Empty if neither.
std::string resolve_scenario_path(const std::string& arg);

}  // namespace cp
