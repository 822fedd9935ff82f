// The scenario library: finding the bundled scenarios, loading a folder of them with its policies, and the
// per-user folders where records and settings live (XDG base directories).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "loader.hpp"
#include "model.hpp"

namespace cp {

// $COUNTERPART_SCENARIOS if set, else the folder the build was configured with.
std::string bundled_scenario_dir();
// $XDG_DATA_HOME/counterpart/sessions (default ~/.local/share/counterpart/sessions).
std::string sessions_dir();
// $XDG_CONFIG_HOME/counterpart (default ~/.config/counterpart).
std::string config_dir();

// Scenario files in `dir` (*.json, not the marking-points file), sorted by name.
std::vector<std::string> scenario_files_in(const std::string& dir);

struct LoadedLibrary {
    std::vector<std::shared_ptr<const Scenario>> scenarios;
    PolicyLibrary policies;
    Diagnostics diagnostics;  // problems with files left out
};

// Loads every scenario in `dir` with the policies in `dir`/policies. Files with errors are left out.
LoadedLibrary load_library(const std::string& dir);

// Resolves a scenario argument: an existing path, or the id of a bundled scenario. Empty if neither.
std::string resolve_scenario_path(const std::string& arg);

}  // namespace cp
