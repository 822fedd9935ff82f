// Helpers shared by the tests: fixture paths, loading JSON text as a scenario, finding diagnostics, and
// playing and analysing the shipped scenarios.
//
// Index: [Fixtures and loading] [Shipped content]
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checks.hpp"
#include "diagnostics.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "runtime.hpp"

namespace cp::test {

//-----------------------------------------------------------------------------------------------------------
// [Fixtures and loading]
//-----------------------------------------------------------------------------------------------------------

std::string fixture(const std::string& relative);
std::string shipped(const std::string& relative);
std::string read_file(const std::string& path);
nlohmann::json read_json(const std::string& path);
// A fresh empty folder under the system temp folder.
std::string temp_dir();

// Sets an environment variable for one scope (unsets it when `value` is null) and puts the old value back.
struct ScopedEnv {
    ScopedEnv(std::string name, const char* value);
    ScopedEnv(std::string name, const std::string& value) : ScopedEnv(std::move(name), value.c_str()) {}
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv();

  private:
    std::string name_;
    std::optional<std::string> old_;
};

struct Loaded {
    Diagnostics diags;
    std::shared_ptr<const Scenario> scenario;
    std::string text;  // the JSON text as loaded (pretty-printed), for position checks
};

// The policy library of the mini fixture.
const PolicyLibrary& mini_policies();
// The policy library of the analysis fixtures (tests/fixtures/analysis/policies), loaded once.
const PolicyLibrary& analysis_policies();
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

// Rewrites a record file with its lines edited by `edit` and the hash chain resealed, as anyone with the file
// can (the chain is unkeyed). Fails the test when the record does not read.
void reseal_record_file(const std::string& file, const std::function<void(std::vector<nlohmann::json>&)>& edit);

// Plays choice ids in order; fails the test if one is not offered.
std::unique_ptr<Session> play_path(std::shared_ptr<const Scenario> s, const std::vector<std::string>& choices,
                                   int customer = 0, std::uint64_t seed = 1);

//-----------------------------------------------------------------------------------------------------------
// [Shipped content]
//-----------------------------------------------------------------------------------------------------------

// The bundled library (scenarios/), loaded once for the whole test run.
const LoadedLibrary& shipped_library();
// The shipped scenario with this id; fails the test when there is none. (Not named shipped_scenario:
// test_shipped.cpp has a private one of that name that returns null, and the two would be ambiguous.)
std::shared_ptr<const Scenario> bundled_scenario(const std::string& id);

// The outcome of one played path: whether it ended and passed, its score, the final mood, the ending reached
// and each rule's verdict.
struct PathOutcome {
    bool ended = false;   // the session ended (an ending was reached, or it got stuck)
    bool passed = false;  // the rubric's pass/fail
    int score = 0;        // the rubric's score, 0-100
    int mood = 0;         // the customer's mood at the end
    std::string ending;   // the id of the ending reached ("" while running or when stuck)
    std::shared_ptr<const Scenario> scenario;
    std::vector<RuleVerdict> verdicts;  // per rule in scope, in Scenario::rules order

    // The verdict code of a rule ("kept", "broken", ...; "not in scope" when the scenario lacks it).
    std::string verdict(const std::string& rule) const;
    // The 1-based step that decided a rule (0 = before any choice; -1 when the scenario lacks it).
    int step(const std::string& rule) const;
};

// The outcome of `session`, played on `s`, as it stands.
PathOutcome outcome_of(const std::shared_ptr<const Scenario>& s, const Session& session);
// Plays choice ids of shipped scenario `id` in order for one customer profile (the test fails if a choice is
// not offered).
PathOutcome play_shipped(const std::string& id, const std::vector<std::string>& choices, int customer = 0);
// Plays a learner who always takes the option with the longest text, as the analyzer counts it (Unicode code
// points), for the first customer profile. Appends the ids taken to `taken`; a tie at any point with more
// than one option fails the test, because then the strategy is not one path.
PathOutcome play_always_longest(const std::string& id, std::vector<std::string>& taken);

// Every text a learner can read in a scenario: lines, exhibits, choices, feedback and endings.
std::string all_text(const Scenario& s);
// The statement and source a learner reads for a rule in this scenario ("" when it is not in scope).
std::string rule_text(const std::shared_ptr<const Scenario>& s, const std::string& rule);

// Checks that a topic is scored: its rule is in scope and the analysis finds a complete path that keeps it
// and one that breaks it (so the rubric, not just a line of text, decides it).
void check_topic_scored(const std::string& id, const std::string& rule);
// Checks that every proof of `counterpart analyze` holds with no warning: unsafe never passes, wrong choices
// are seen, best play is perfect, no knowledge-free strategy passes, random guessing passes at most 1%.
void check_analysis_clean(const std::string& id);
// The exact probability that a learner choosing uniformly at random among the offered options passes, for
// one customer profile, found by walking every path (the shipped scenarios are small enough).
double guess_pass_probability(const std::shared_ptr<const Scenario>& s, int customer);

// Plays path `name` of the golden file `file` (a bundled scenario's) and checks its result, verdicts and
// transcript; `write_transcript` writes the transcript beside the file instead of comparing (test_shipped.cpp).
void check_golden_path(const std::filesystem::path& file, const std::string& name, bool write_transcript);

}  // namespace cp::test
