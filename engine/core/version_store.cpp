// Index: [Store] [Finding the scenario a record was made with]
#include "version_store.hpp"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "atomic_file.hpp"
#include "json_document.hpp"
#include "loader.hpp"
#include "sha256.hpp"

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Store]
//-----------------------------------------------------------------------------------------------------------
namespace {

bool valid_sha256(const std::string& sha) {
    return sha.size() == 64 &&
           std::all_of(sha.begin(), sha.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

const char* kind_folder(VersionKind kind) {
    return kind == VersionKind::Scenario ? "scenarios" : "policies";
}

std::string short_sha(const std::string& sha) {
    return sha.substr(0, 12);
}

}  // namespace

std::string json_file_fingerprint(const std::string& path, std::string& error) {
    std::string text;
    if (!read_text_file(path, text, error)) return {};
    Diagnostics diags;  // the loader's reader and limits, so the fingerprint is of what the loader reads
    auto doc = parse_json_document(text, path, diags, JsonDom::skip);
    if (!doc) {
        error = path + " is not valid JSON";
        return {};
    }
    return json_fingerprint(doc->content());
}

VersionStore VersionStore::user() {
    return VersionStore(versions_dir());
}

std::string VersionStore::path_of(VersionKind kind, const std::string& id, const std::string& sha256) const {
    if (!valid_scenario_id(id) || !valid_sha256(sha256)) return {};
    return (fs::path(dir_) / kind_folder(kind) / id / (sha256 + ".json")).string();
}

std::string VersionStore::find(VersionKind kind, const std::string& id, const std::string& sha256,
                               std::string* problem) const {
    std::string path = path_of(kind, id, sha256);
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec)) return {};
    std::string error;
    std::string actual = json_file_fingerprint(path, error);
    if (actual != sha256) {
        if (problem)
            *problem = "the version store's copy " + path + " is damaged (" +
                       (actual.empty() ? error : "its content has fingerprint " + short_sha(actual)) +
                       "), so it is not used";
        return {};
    }
    return path;
}

bool VersionStore::keep_file(VersionKind kind, const std::string& id, const std::string& sha256,
                             const std::string& source, std::string& error) const {
    std::string target = path_of(kind, id, sha256);
    if (target.empty()) {
        error = "'" + id + "' cannot be kept in the version store: not a valid id or fingerprint";
        return false;
    }
    if (!find(kind, id, sha256).empty()) return true;  // kept already (and intact)
    std::string text;
    if (!read_text_file(source, text, error)) return false;
    auto root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || sha256_hex(root.dump()) != sha256) {
        error = source + " has changed since it was loaded, so it is not kept as version " + short_sha(sha256) +
                " of '" + id + "'";
        return false;
    }
    return atomic_write_file(target, text, error);
}

bool VersionStore::keep_scenario(const Scenario& scenario, std::string& error) const {
    bool ok = keep_file(VersionKind::Scenario, scenario.id, scenario.sha256, scenario.file, error);
    for (const auto& policy : scenario.policies) {
        if (policy->file == scenario.file) continue;  // the scenario's own rules: inside the scenario file
        std::string why;
        if (!keep_file(VersionKind::Policy, policy->id, policy->sha256, policy->file, why) && ok) {
            error = why;
            ok = false;
        }
    }
    return ok;
}

//-----------------------------------------------------------------------------------------------------------
// [Finding the scenario a record was made with]
//-----------------------------------------------------------------------------------------------------------
namespace {

// The policies a scenario in `folder` sees: its own policies/, then the first folder's for ids it lacks (as
// load_library does).
PolicyLibrary folder_policies(const std::vector<ScenarioFolder>& folders, std::size_t folder, Diagnostics& diags) {
    PolicyLibrary own;
    if (folders.empty()) return own;
    own.load_directory((fs::path(folders[folder].path) / "policies").string(), diags);
    if (folder != 0) {
        PolicyLibrary first;
        first.load_directory((fs::path(folders[0].path) / "policies").string(), diags);
        for (const auto& [id, policy] : first.all())
            if (!own.find(id)) own.add(policy);
    }
    return own;
}

std::string version_words(const std::string& id, const std::string& version, const std::string& sha) {
    return "'" + id + "' version " + (version.empty() ? "?" : version) + " (fingerprint " + short_sha(sha) + ")";
}

}  // namespace

RecordScenario find_record_scenario(const RecordHeader& header, const std::vector<ScenarioFolder>& folders,
                                    const VersionStore& store) {
    RecordScenario out;
    const std::string& id = header.scenario_id;
    if (!valid_scenario_id(id)) {
        out.error = "the record names no valid scenario id";
        return out;
    }
    // The scenario file: the first library folder whose <id>.json has the recorded fingerprint, else the store.
    std::string scenario_path;
    std::size_t folder = 0;
    bool library_has_id = false;
    for (std::size_t f = 0; f < folders.size() && scenario_path.empty(); ++f) {
        std::string candidate = (fs::path(folders[f].path) / (id + ".json")).string();
        std::error_code ec;
        if (!fs::is_regular_file(candidate, ec)) continue;
        library_has_id = true;
        std::string error;
        if (json_file_fingerprint(candidate, error) == header.scenario_sha256) {
            scenario_path = candidate;
            folder = f;
            out.used = candidate + " (the library's scenario '" + id + "')";
        }
    }
    std::string store_problem;
    if (scenario_path.empty()) {
        scenario_path = store.find(VersionKind::Scenario, id, header.scenario_sha256, &store_problem);
        if (scenario_path.empty()) {
            out.unavailable = true;
            out.error = std::string(kScenarioVersionUnavailable) + ": the record was made with scenario " +
                        version_words(id, header.scenario_version, header.scenario_sha256) + "; " +
                        (library_has_id ? "the library has another version of it" : "the library does not have it") +
                        " and the version store (" + store.dir() + ") does not keep that one" +
                        (store_problem.empty() ? "" : " (" + store_problem + ")");
            return out;
        }
        out.from_store = true;
        out.used = scenario_path + " (the version store's copy of scenario " +
                   version_words(id, header.scenario_version, header.scenario_sha256) + ")";
    }

    // Its policies: the library's where the fingerprint matches, else the store's, never another version.
    Diagnostics diags;
    PolicyLibrary policies = folder_policies(folders, folder, diags);
    auto common = policies.find(kCommonActionsPolicy);  // the actions every policy may name
    for (const auto& ref : header.policies) {
        if (ref.id == id) continue;  // the scenario's own rules, inside the scenario file
        auto have = policies.find(ref.id);
        if (have && have->sha256 == ref.sha256) continue;
        std::string problem;
        std::string path = store.find(VersionKind::Policy, ref.id, ref.sha256, &problem);
        if (path.empty()) {
            out.unavailable = true;
            out.error = std::string(kScenarioVersionUnavailable) + ": the record was made with policy " +
                        version_words(ref.id, ref.version, ref.sha256) + ", which neither the library nor the " +
                        "version store (" + store.dir() + ") has" + (problem.empty() ? "" : " (" + problem + ")");
            return out;
        }
        auto policy = load_policy_file(path, diags, nullptr, common.get());
        if (!policy) {
            out.error = "the version store's copy of policy '" + ref.id + "' (" + path + ") cannot be loaded";
            return out;
        }
        policies.add(policy);
        out.from_store = true;
        out.used += "; policy '" + ref.id + "' from the version store";
    }
    auto scenario = load_scenario_file(scenario_path, policies, diags);
    if (!scenario) {
        diags.sort();
        std::string first;
        for (const auto& d : diags.items())
            if (d.severity == Severity::Error) {
                first = format_diagnostic(d);
                break;
            }
        out.error = "the scenario version the record was made with (" + scenario_path + ") cannot be loaded" +
                    (first.empty() ? "" : ": " + first);
        return out;
    }
    // Defence in depth: what was loaded is exactly what the record names.
    if (scenario->sha256 != header.scenario_sha256) {
        out.error = "the scenario loaded from " + scenario_path + " does not have the recorded fingerprint";
        return out;
    }
    for (const auto& ref : header.policies) {
        auto it = std::find_if(scenario->policies.begin(), scenario->policies.end(),
                               [&](const auto& p) { return p->id == ref.id; });
        if (it == scenario->policies.end() || (*it)->sha256 != ref.sha256) {
            out.error = std::string(kScenarioVersionUnavailable) + ": policy " +
                        version_words(ref.id, ref.version, ref.sha256) + " could not be matched";
            out.unavailable = true;
            return out;
        }
    }
    std::string ignored;  // a store that cannot be written (read-only home) does not stop a replay
    store.keep_scenario(*scenario, ignored);
    out.scenario = scenario;
    return out;
}

RecordScenario find_record_scenario(const RecordHeader& header) {
    return find_record_scenario(header, default_scenario_folders(), VersionStore::user());
}

}  // namespace cp
