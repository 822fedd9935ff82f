// Loading: files -> validated, indexed model. Loading and checking are separate from running: a scenario
// that loads without errors is safe to run; deeper checks (reachability, soundness) live in checks.hpp.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "diagnostics.hpp"
#include "json_document.hpp"
#include "model.hpp"

namespace cp {

// Policies by id, loaded from a folder of policy files.
class PolicyLibrary {
  public:
    // Loads every *.json file in `dir`. Problems go to `diags`; a policy with errors is left out.
    // Returns false when the folder cannot be read.
    bool load_directory(const std::string& dir, Diagnostics& diags);
    void add(std::shared_ptr<const Policy> policy);
    std::shared_ptr<const Policy> find(const std::string& id) const;
    const std::map<std::string, std::shared_ptr<const Policy>>& all() const { return by_id_; }
    const std::string& directory() const { return dir_; }

  private:
    std::map<std::string, std::shared_ptr<const Policy>> by_id_;
    std::string dir_;
};

// The policy of actions every scenario and policy may use without declaring them (consulting policy or a
// supervisor, ...): one declaration instead of seven that drift apart. Found as <policies>/common-actions.json.
inline constexpr const char* kCommonActionsPolicy = "common-actions";

// Parses a policy document. `common` is the common-actions policy, whose actions the rules may name.
// Returns nullptr when it has errors (all reported in `diags`).
std::shared_ptr<const Policy> load_policy(const JsonDocument& doc, Diagnostics& diags,
                                          const Policy* common = nullptr);
std::shared_ptr<const Policy> load_policy_file(const std::string& path, Diagnostics& diags,
                                               bool* unreadable = nullptr, const Policy* common = nullptr);

// Parses a scenario document and links it to its policies. Returns nullptr when it has errors.
std::shared_ptr<const Scenario> load_scenario(const JsonDocument& doc, const PolicyLibrary& policies,
                                              Diagnostics& diags);
std::shared_ptr<const Scenario> load_scenario_file(const std::string& path, const PolicyLibrary& policies,
                                                   Diagnostics& diags, bool* unreadable = nullptr);

// The policies folder that belongs to a scenario file: "<scenario folder>/policies".
std::string default_policy_dir(const std::string& scenario_path);

// True when a JSON document looks like a policy (it has "rules") rather than a scenario.
bool looks_like_policy(const JsonDocument& doc);

}  // namespace cp
