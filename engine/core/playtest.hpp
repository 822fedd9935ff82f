// The studio's playtest, without any window: a session of the one session layer (RecordedSession) started
// at any node with chosen variable values and customer, never recorded; and saving a finished playtest as a
// golden path (tests/golden/<id>.paths.json, the format in scenarios/README.md).
//
// Index: [Starting] [Golden paths]
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "recorded_session.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Starting]
//-----------------------------------------------------------------------------------------------------------

// What the tutor chose before a playtest (defaults: the scenario's start, first customer, initial values).
struct PlaytestSetup {
    int start_node = -1;         // index into Scenario::nodes; -1: the scenario's start
    int customer = 0;            // index into Scenario::customers
    std::vector<int> variables;  // one per Scenario::variables; empty: their initial values
    std::uint64_t seed = 1;      // the option order (as `counterpart play --seed`)

    // True when the playtest starts where a learner's session does (so it can become a golden path).
    bool from_the_start(const Scenario& s) const;
};

// Starts a practice-mode session of `scenario` as `setup` says, with no record and nothing kept in the
// version store. Null with a reason (a bad node, customer or variable value).
std::unique_ptr<RecordedSession> start_playtest(std::shared_ptr<const Scenario> scenario, const PlaytestSetup& setup,
                                                std::string& error);

//-----------------------------------------------------------------------------------------------------------
// [Golden paths]
//-----------------------------------------------------------------------------------------------------------

// Where the golden paths of the scenario at `scenario_path` live: "<repo>/tests/golden/<id>.paths.json"
// when a tests/golden folder is found beside or above the scenario's folder, else "<folder>/golden/...".
std::string golden_file_for(const std::string& scenario_path, const std::string& scenario_id);

// True for a golden path name: lower-case letters and digits in words joined by single hyphens.
bool valid_golden_name(const std::string& name);

// The golden-path entry for a finished session: name, customer, choices by id, and what it ended with
// (passed, ending, score, mood_final, every rule's verdict).
nlohmann::ordered_json golden_entry(const Session& session, const std::string& name);

// Adds the finished playtest as path `name` to the golden file `file` (created when missing), atomically;
// the rest of the file is kept byte for byte. False with a reason: the session has not ended, it did not
// start at the start with the initial values, the name is invalid or taken, the file is for another
// scenario or is not a golden file (reported with file:line:col).
bool save_golden_path(const std::string& file, const PlaytestSetup& setup, const Session& session,
                      const std::string& name, std::string& error);

}  // namespace cp
