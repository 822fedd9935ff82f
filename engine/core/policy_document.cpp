// Index: [PolicyDocument] [Rule operations] [Impact of a policy edit]
#include "policy_document.hpp"

#include <algorithm>
#include <filesystem>

#include "json_document.hpp"
#include "library.hpp"
#include "loader.hpp"

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [PolicyDocument]
//-----------------------------------------------------------------------------------------------------------

std::optional<PolicyDocument> PolicyDocument::open(const std::string& path, Diagnostics& diags) {
    PolicyDocument doc;
    if (!doc.read_file(path, diags)) return std::nullopt;
    return doc;
}

//-----------------------------------------------------------------------------------------------------------
// [Rule operations]
//-----------------------------------------------------------------------------------------------------------

const std::vector<std::string>& rule_kinds() {
    static const std::vector<std::string> kinds = {"required", "forbidden", "before", "deadline", "conditional"};
    return kinds;
}

const std::vector<std::string>& rule_severities() {
    static const std::vector<std::string> severities = {"critical", "major", "minor"};
    return severities;
}

const std::vector<std::string>& rule_window_kinds() {
    static const std::vector<std::string> windows = {"none", "steps", "before", "before_leaving"};
    return windows;
}

const std::vector<std::string>& rule_feedback_placeholders() {
    static const std::vector<std::string> placeholders = {"{customer.name}", "{customer.address_as}"};
    return placeholders;
}

namespace {

// The fields that belong to one kind of rule body (everything else is common to all rules).
const std::vector<std::string>& kind_fields() {
    static const std::vector<std::string> fields = {"action", "first", "then", "param", "from", "within", "when",
                                                    "window"};
    return fields;
}

// A new body of `kind`, with the author's blanks empty.
OrderedJson kind_body(const std::string& kind) {
    if (kind == "required" || kind == "forbidden") return {{"action", ""}};
    if (kind == "before") return {{"first", ""}, {"then", ""}};
    if (kind == "deadline") return {{"action", ""}, {"from", "start"}, {"within", {{"working_days", 5}}}};
    if (kind == "conditional") return {{"when", ""}, {"then", {{"kind", "required"}, {"action", ""}}}};
    return OrderedJson::object();
}

bool known(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
    return out;
}

bool refuse(std::string& error, std::string message) {
    error = std::move(message);
    return false;
}

bool applied(EditableJson& doc, Edit edit, std::string& error) {
    if (doc.apply(std::move(edit))) return true;
    error = doc.last_error();
    return false;
}

}  // namespace

std::string rule_pointer(const EditableJson& doc, const std::string& id) {
    const OrderedJson& j = doc.json();
    if (!j.contains("rules") || !j["rules"].is_array()) return {};
    for (std::size_t i = 0; i < j["rules"].size(); ++i)
        if (j["rules"][i].is_object() && j["rules"][i].value("id", OrderedJson()) == id) return "/rules/" + std::to_string(i);
    return {};
}

std::string rule_window_pointer(const EditableJson& doc, const std::string& id) {
    std::string p = rule_pointer(doc, id);
    if (p.empty()) return {};
    const OrderedJson& rule = doc.json().at(OrderedJson::json_pointer(p));
    return rule.value("kind", OrderedJson()) == "conditional" ? p + "/then/window" : p + "/window";
}

bool add_rule(EditableJson& doc, const std::string& id, const std::string& kind, std::string& error) {
    if (id.empty()) return refuse(error, "a rule needs an id (like CP-20)");
    if (!rule_pointer(doc, id).empty()) return refuse(error, "the rule id '" + id + "' is already used");
    if (!known(rule_kinds(), kind)) return refuse(error, "a rule's kind is one of " + join(rule_kinds()) + ", not '" + kind + "'");
    OrderedJson rule = {{"id", id}, {"title", ""}, {"statement", ""}, {"source", ""}, {"severity", "major"},
                        {"weight", 5}, {"kind", kind}};
    OrderedJson body = kind_body(kind);  // kept alive: items() does not own it
    for (auto it = body.begin(); it != body.end(); ++it) rule[it.key()] = it.value();
    rule["feedback"] = {{"kept", ""}, {"broken", ""}};
    Edit edit{"Add rule '" + id + "'", {}};
    if (!doc.json().contains("rules"))
        edit.changes.push_back({JsonChange::Kind::Insert, "/rules", {}, OrderedJson::array(), 0});
    edit.changes.push_back({JsonChange::Kind::Insert, "/rules/-", {}, rule, 0});
    return applied(doc, std::move(edit), error);
}

bool remove_rule(EditableJson& doc, const std::string& id, std::string& error) {
    std::string p = rule_pointer(doc, id);
    if (p.empty()) return refuse(error, "there is no rule '" + id + "'");
    if (doc.remove(p, "Remove rule '" + id + "'")) return true;
    error = doc.last_error();
    return false;
}

bool set_rule_kind(EditableJson& doc, const std::string& id, const std::string& kind, std::string& error) {
    std::string p = rule_pointer(doc, id);
    if (p.empty()) return refuse(error, "there is no rule '" + id + "'");
    if (!known(rule_kinds(), kind)) return refuse(error, "a rule's kind is one of " + join(rule_kinds()) + ", not '" + kind + "'");
    const OrderedJson& rule = doc.json().at(OrderedJson::json_pointer(p));
    if (rule.value("kind", OrderedJson()) == kind) return true;
    Edit edit{"Make rule '" + id + "' " + kind, {}};
    for (const auto& field : kind_fields())
        if (rule.contains(field)) edit.changes.push_back({JsonChange::Kind::Erase, p + "/" + field, {}, {}, 0});
    if (rule.contains("kind"))
        edit.changes.push_back({JsonChange::Kind::Replace, p + "/kind", {}, kind, 0});
    else
        edit.changes.push_back({JsonChange::Kind::Insert, p + "/kind", {}, kind, 0});
    OrderedJson body = kind_body(kind);  // kept alive: iterating a temporary's items() dangles
    for (auto it = body.begin(); it != body.end(); ++it)
        edit.changes.push_back({JsonChange::Kind::Insert, p + "/" + it.key(), {}, it.value(), 0});
    return applied(doc, std::move(edit), error);
}

bool set_rule_window(EditableJson& doc, const std::string& id, const std::string& window_kind,
                     const OrderedJson& value, std::string& error) {
    std::string p = rule_window_pointer(doc, id);
    if (p.empty()) return refuse(error, "there is no rule '" + id + "'");
    std::string body = p.substr(0, p.rfind('/'));
    const OrderedJson& rule = doc.json().at(OrderedJson::json_pointer(body));
    if (rule.value("kind", OrderedJson()) != "required")
        return refuse(error, "only a required rule (or the then of a conditional one) has a window");
    if (!known(rule_window_kinds(), window_kind))
        return refuse(error, "a window is one of " + join(rule_window_kinds()) + ", not '" + window_kind + "'");
    bool has = rule.contains("window");
    if (window_kind == "none") return !has || doc.remove(p, "Remove the window of rule '" + id + "'") || refuse(error, doc.last_error());
    if (window_kind == "steps" && !(value.is_number_integer() && value.get<long long>() >= 1))
        return refuse(error, "a steps window counts whole choices: 1 or more");
    if (window_kind != "steps" && !(value.is_string() && !value.get<std::string>().empty()))
        return refuse(error, std::string("a ") + window_kind + " window names " +
                                 (window_kind == "before" ? "an action id" : "a node id"));
    OrderedJson window = {{window_kind, value}};
    if (doc.set(p, window, "Set the window of rule '" + id + "'")) return true;
    error = doc.last_error();
    return false;
}

//-----------------------------------------------------------------------------------------------------------
// [Impact of a policy edit]
//-----------------------------------------------------------------------------------------------------------

std::vector<std::string> scenarios_using_policy(const std::vector<std::string>& files, const std::string& policy_id) {
    std::vector<std::string> out;
    for (const auto& f : files) {
        std::string text, why;
        if (!read_text_file(f, text, why)) continue;
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object()) continue;
        bool uses = policy_id == kCommonActionsPolicy;
        for (const auto& p : j.value("policies", nlohmann::json::array()))
            if (p.is_object() && p.value("id", nlohmann::json()) == policy_id) uses = true;
        if (uses) out.push_back(f);
    }
    return out;
}

namespace {

// Loads `file` against `policies` and analyses it: sound when it loads and no error is found.
void judge(const std::string& file, const PolicyLibrary& policies, const AnalysisOptions& options, bool& sound,
           std::vector<std::string>& failing, std::string& id) {
    Diagnostics diags;
    auto scenario = load_scenario_file(file, policies, diags);
    if (!scenario) {
        sound = false;
        for (const auto& d : diags.items())
            if (d.severity == Severity::Error) {
                failing.push_back("does not load: " + d.message);
                break;
            }
        return;
    }
    id = scenario->id;
    AnalysisReport report = analyze_scenario(*scenario, options);
    for (const auto& f : report.findings)
        if (f.severity == Severity::Error && !known(failing, check_code(f.check))) failing.push_back(check_code(f.check));
    sound = failing.empty();
}

}  // namespace

std::vector<PolicyImpact> policy_impact(const std::string& scenarios_dir, const std::string& policies_dir,
                                        const std::string& policy_id, const std::string& edited_text,
                                        const AnalysisOptions& options) {
    PolicyLibrary before;
    Diagnostics ignored;
    before.load_directory(policies_dir, ignored);
    PolicyLibrary after = before;
    std::string edit_problem;
    Diagnostics diags;
    std::string file = (fs::path(policies_dir) / (policy_id + ".json")).string();
    if (auto doc = parse_json_document(edited_text, file, diags, JsonDom::skip)) {
        auto common = before.find(kCommonActionsPolicy);
        if (auto edited = load_policy(*doc, diags, policy_id == kCommonActionsPolicy ? nullptr : common.get()))
            after.add(edited);
    }
    for (const auto& d : diags.items())
        if (d.severity == Severity::Error) {
            edit_problem = "the edited policy does not load: " + format_diagnostic(d);
            break;
        }
    std::vector<PolicyImpact> out;
    for (const auto& f : scenarios_using_policy(scenario_files_in(scenarios_dir), policy_id)) {
        PolicyImpact impact;
        impact.file = f;
        impact.scenario_id = fs::path(f).stem().string();
        judge(f, before, options, impact.sound_before, impact.failing_before, impact.scenario_id);
        if (!edit_problem.empty()) {
            impact.sound_after = false;
            impact.failing_after = {edit_problem};
        } else {
            judge(f, after, options, impact.sound_after, impact.failing_after, impact.scenario_id);
        }
        out.push_back(std::move(impact));
    }
    return out;
}

std::string describe_impact(const PolicyImpact& impact) {
    auto state = [](bool sound) { return sound ? "pass" : "fail"; };
    std::string out = impact.scenario_id + ": proofs " + state(impact.sound_before) + " -> " + state(impact.sound_after);
    if (!impact.failing_after.empty()) out += " (" + join(impact.failing_after) + ")";
    else if (!impact.changed()) out += " (unchanged)";
    return out;
}

}  // namespace cp
