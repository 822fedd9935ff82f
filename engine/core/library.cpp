#include "library.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#ifndef COUNTERPART_SCENARIO_DIR
#define COUNTERPART_SCENARIO_DIR "scenarios"
#endif

namespace cp {

namespace fs = std::filesystem;

namespace {
std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}
std::string home() {
    return env_or("HOME", ".");
}
}  // namespace

std::string bundled_scenario_dir() {
    return env_or("COUNTERPART_SCENARIOS", COUNTERPART_SCENARIO_DIR);
}

std::string sessions_dir() {
    return (fs::path(env_or("XDG_DATA_HOME", home() + "/.local/share")) / "counterpart" / "sessions")
        .string();
}

std::string config_dir() {
    return (fs::path(env_or("XDG_CONFIG_HOME", home() + "/.config")) / "counterpart").string();
}

std::vector<std::string> scenario_files_in(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        if (entry.path().filename() == "marking-points.json") continue;
        files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

LoadedLibrary load_library(const std::string& dir) {
    LoadedLibrary lib;
    lib.policies.load_directory((fs::path(dir) / "policies").string(), lib.diagnostics);
    for (const auto& file : scenario_files_in(dir)) {
        auto scenario = load_scenario_file(file, lib.policies, lib.diagnostics);
        if (scenario) lib.scenarios.push_back(scenario);
    }
    return lib;
}

std::string resolve_scenario_path(const std::string& arg) {
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) return arg;
    auto bundled = fs::path(bundled_scenario_dir()) / (arg + ".json");
    if (fs::is_regular_file(bundled, ec)) return bundled.string();
    return {};
}

}  // namespace cp
