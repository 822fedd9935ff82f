// Helpers shared by the tests: fixture paths, loading JSON text as a scenario, finding diagnostics.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "checks.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"
#include "runtime.hpp"

namespace cp::test {

std::string fixture(const std::string& relative);
std::string shipped(const std::string& relative);
std::string read_file(const std::string& path);
nlohmann::json read_json(const std::string& path);
// A fresh empty folder under the system temp folder.
std::string temp_dir();

struct Loaded {
    Diagnostics diags;
    std::shared_ptr<const Scenario> scenario;
    std::string text;  // the JSON text as loaded (pretty-printed), for position checks
};

// The policy library of the mini fixture.
const PolicyLibrary& mini_policies();
// The mini fixture scenario as JSON, to mutate in tests.
nlohmann::json mini_json();
// The mini fixture scenario, loaded once and checked.
std::shared_ptr<const Scenario> mini_scenario();
// Loads scenario JSON (pretty-printed first, so positions are meaningful) against `policies`; runs checks
// too.
Loaded load_text(const std::string& text, const PolicyLibrary& policies, bool run_checks = true);
Loaded load(const nlohmann::json& scenario, const PolicyLibrary& policies = mini_policies(),
            bool run_checks = true);

// True when some diagnostic of `severity` contains `needle` in its message.
bool has(const Diagnostics& d, Severity severity, const std::string& needle);
std::string dump(const Diagnostics& d);

// Plays choice ids in order; fails the test if one is not offered.
std::unique_ptr<Session> play_path(std::shared_ptr<const Scenario> s, const std::vector<std::string>& choices,
                                   int customer = 0, std::uint64_t seed = 1);

}  // namespace cp::test
