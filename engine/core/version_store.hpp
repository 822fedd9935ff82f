// The scenario version store: every scenario and policy file a recorded session used, kept by the SHA-256
// fingerprint its record's header carries, so an old session replays with its own text after the scenario
// has been edited. Content-addressed and append-only: a version, once kept, is never rewritten.
//
// Layout under the store folder (default $XDG_DATA_HOME/counterpart/versions):
//   scenarios/<scenario id>/<sha256>.json    the scenario file as it was
//   policies/<policy id>/<sha256>.json       each policy file it used
// The fingerprint is of the canonical JSON (sorted keys, no spaces), as the loader computes it, so a stored
// file is checked against its name before it is used: a damaged or doctored copy is never loaded.
//
// Index: [Store] [Finding the scenario a record was made with]
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "library.hpp"
#include "model.hpp"
#include "record.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Store]
//-----------------------------------------------------------------------------------------------------------

enum class VersionKind { Scenario, Policy };

class VersionStore {
  public:
    explicit VersionStore(std::string dir) : dir_(std::move(dir)) {}
    // The user's store: versions_dir() (library.hpp).
    static VersionStore user();
    const std::string& dir() const { return dir_; }

    // Where the version of `id` with `sha256` is (or would be) kept; empty when the id or fingerprint is not
    // valid (path separators, "..", not 64 hex digits), so a record can never point outside the store.
    std::string path_of(VersionKind kind, const std::string& id, const std::string& sha256) const;
    // The kept file for that version, checked against its fingerprint; empty when absent or damaged (then
    // `problem` says which, when given).
    std::string find(VersionKind kind, const std::string& id, const std::string& sha256,
                     std::string* problem = nullptr) const;
    // Keeps the file at `source` as version `sha256` of `id`, after checking that its canonical JSON has that
    // fingerprint (the file may have been edited since it was loaded). Nothing is written when the version
    // is already kept. Atomic. False with a reason.
    bool keep_file(VersionKind kind, const std::string& id, const std::string& sha256, const std::string& source,
                   std::string& error) const;
    // Keeps the scenario file and every policy file it uses (rules written in the scenario itself travel with
    // it). False with the first reason; the others are still tried.
    bool keep_scenario(const Scenario& scenario, std::string& error) const;

  private:
    std::string dir_;
};

// The canonical fingerprint of a JSON file's content, as the loader computes it; empty (with `error`) when
// the file cannot be read or parsed.
std::string json_file_fingerprint(const std::string& path, std::string& error);

//-----------------------------------------------------------------------------------------------------------
// [Finding the scenario a record was made with]
//-----------------------------------------------------------------------------------------------------------

struct RecordScenario {
    std::shared_ptr<const Scenario> scenario;  // null when not found (see error)
    std::string used;                          // which file and where from, for people
    bool from_store = false;                   // the library has another version; the store's was used
    bool unavailable = false;                  // neither the library nor the store has this version
    std::string error;
};

// The scenario (and policy versions) a record's header names, by id and SHA-256: the library's scenario of
// that id when its fingerprint matches, else the version store's; never another version, and never the file
// the header names. When the library has the version, it (and its policies) are kept in the store too, so
// the record still replays after the library changes. "scenario version not available" when neither has it.
RecordScenario find_record_scenario(const RecordHeader& header, const std::vector<ScenarioFolder>& folders,
                                    const VersionStore& store);
// The same over the user's library (default_scenario_folders()) and store.
RecordScenario find_record_scenario(const RecordHeader& header);

// The words every tool uses when a record's scenario version cannot be found.
inline constexpr const char* kScenarioVersionUnavailable = "scenario version not available";

}  // namespace cp
