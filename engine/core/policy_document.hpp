// Rules in the tutor's studio: a shared policy file open for editing (PolicyDocument, an EditableJson like
// ScenarioDocument: undo, redo, byte-identical saves of untouched values), typed operations on a rule list
// that work on a policy and on a scenario's own rules alike, and what an edit of a shared policy does to the
// scenarios that use it (their analysis before and after).
//
// Index: [PolicyDocument] [Rule operations] [Impact of a policy edit]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "editable_json.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [PolicyDocument]
//-----------------------------------------------------------------------------------------------------------

class PolicyDocument : public EditableJson {
  public:
    // Opens a policy file (any JSON object; the loader judges it). Null with file:line:col when it cannot.
    static std::optional<PolicyDocument> open(const std::string& path, Diagnostics& diags);
    // Saves atomically (temp file, fsync, rename). False with a reason.
    bool save(std::string& error) { return write_file(error); }
    std::string id() const { return json().value("id", OrderedJson()).is_string() ? json()["id"].get<std::string>() : ""; }

  private:
    const char* what() const override { return "policy"; }
};

//-----------------------------------------------------------------------------------------------------------
// [Rule operations] on any document whose "/rules" is a list of rules: a policy, or a scenario's own rules.
// Each is one undoable edit; false with last_error() (or `error`) and nothing changed when it cannot apply.
//-----------------------------------------------------------------------------------------------------------

// The rule kinds, severities and windows the format knows (scenarios/README.md, section 3).
const std::vector<std::string>& rule_kinds();       // required, forbidden, before, deadline, conditional
const std::vector<std::string>& rule_severities();  // critical, major, minor
const std::vector<std::string>& rule_window_kinds();  // none, steps, before, before_leaving
// The placeholders a rule's feedback may use, filled in for each session's customer.
const std::vector<std::string>& rule_feedback_placeholders();

// "/rules/3" for rule `id` ("" when absent).
std::string rule_pointer(const EditableJson& doc, const std::string& id);
// Where a rule's window lives: "/rules/3/window", or "/rules/3/then/window" for a conditional rule.
std::string rule_window_pointer(const EditableJson& doc, const std::string& id);
// Adds a rule of `kind` with every field the kind needs (empty where the author must write something).
bool add_rule(EditableJson& doc, const std::string& id, const std::string& kind, std::string& error);
bool remove_rule(EditableJson& doc, const std::string& id, std::string& error);
// Changes a rule's kind: drops the old kind's own fields and adds the new kind's, keeping id, title,
// statement, source, severity, weight, evidences and feedback.
bool set_rule_kind(EditableJson& doc, const std::string& id, const std::string& kind, std::string& error);
// Sets (or with `window_kind` "none" removes) a required rule's window: steps takes a number, before an
// action id, before_leaving a node id (scenario rules only).
bool set_rule_window(EditableJson& doc, const std::string& id, const std::string& window_kind,
                     const OrderedJson& value, std::string& error);

//-----------------------------------------------------------------------------------------------------------
// [Impact of a policy edit]
//-----------------------------------------------------------------------------------------------------------

// One scenario that uses an edited policy: is it sound (it loads, and the analysis finds no error: the
// grade proofs and soundness checks pass) with the policy as saved, and with the edit?
struct PolicyImpact {
    std::string scenario_id, file;
    bool sound_before = false, sound_after = false;
    std::vector<std::string> failing_before, failing_after;  // check codes ("unsafe-choice-passes") or load errors
    bool changed() const { return sound_before != sound_after || failing_before != failing_after; }
};

// The scenario files among `files` that bring policy `policy_id` into scope (every scenario uses the
// common-actions policy).
std::vector<std::string> scenarios_using_policy(const std::vector<std::string>& files, const std::string& policy_id);
// For every scenario in `scenarios_dir` that uses policy `policy_id`: its analysis with the policies in
// `policies_dir` as they are, and with that policy replaced by `edited_text`. Slow (full analyses): run it
// off the frame thread.
std::vector<PolicyImpact> policy_impact(const std::string& scenarios_dir, const std::string& policies_dir,
                                        const std::string& policy_id, const std::string& edited_text,
                                        const AnalysisOptions& options = {});
// "complaint-counter: proofs pass -> fail (unsafe-choice-passes)".
std::string describe_impact(const PolicyImpact& impact);

}  // namespace cp
