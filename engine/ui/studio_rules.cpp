// The studio's rule editor: the scenario's own rules or a shared policy's, in forms (kind, window, severity,
// weight, source, feedback with placeholders), every edit undoable; for a shared policy, which scenarios use
// it and what their analysis becomes, worked out by ImpactJob off the frame thread.
//
// Index: [Impact job] [Intents] [Forms] [Panel]
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>

#include "app.hpp"
#include "json_document.hpp"
#include "loader.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Impact job]
//-----------------------------------------------------------------------------------------------------------

void ImpactJob::want(std::uint64_t revision, std::string scenarios_dir, std::string policies_dir,
                     std::string policy_id, std::string text) {
    if (has_result_ && result_revision_ == revision && !running_.valid()) return;
    wanted_ = Request{revision, std::move(scenarios_dir), std::move(policies_dir), std::move(policy_id), std::move(text)};
    poll();
}

bool ImpactJob::poll() {
    using namespace std::chrono_literals;
    if (running_.valid() && running_.wait_for(0ms) == std::future_status::ready) {
        result_ = running_.get();
        result_revision_ = running_revision_;
        has_result_ = true;
    }
    if (!running_.valid() && wanted_) {
        Request r = std::move(*wanted_);
        wanted_.reset();
        running_revision_ = r.revision;
        running_ = std::async(std::launch::async, [r]() {
            return policy_impact(r.scenarios_dir, r.policies_dir, r.policy_id, r.text);
        });
    }
    return running_.valid() || wanted_.has_value();
}

void ImpactJob::wait() {
    while (poll())
        if (running_.valid()) running_.wait();
}

void ImpactJob::reset() {
    if (running_.valid()) running_.wait();
    running_ = {};
    wanted_.reset();
    result_.clear();
    result_revision_ = 0;
    has_result_ = false;
}

ImpactJob::~ImpactJob() {
    if (running_.valid()) running_.wait();  // an analysis in progress finishes; its result is not needed
}

//-----------------------------------------------------------------------------------------------------------
// [Intents]
//-----------------------------------------------------------------------------------------------------------

namespace {

// The document whose rules are being edited: the open policy, or the scenario itself.
EditableJson& rule_target(Studio& st) {
    if (st.rules.policy) return *st.rules.policy;
    return st.doc;
}

std::string policies_dir_of(const Studio& st) {
    return default_policy_dir(st.doc.path());
}

void want_impact(Studio& st) {
    if (!st.rules.policy) return;
    const PolicyDocument& p = *st.rules.policy;
    std::string scenarios_dir = fs::path(st.doc.path()).parent_path().string();
    st.rules.impact.want(p.revision(), scenarios_dir.empty() ? "." : scenarios_dir, policies_dir_of(st),
                         st.rules.target, p.text());
}

}  // namespace

bool apply_studio_rules(App&, Studio& st, const Intent& intent) {
    StudioRules& r = st.rules;
    std::string error;
    if (intent.kind == Intent::Kind::StudioRuleTarget) {
        if (r.policy && r.policy->dirty() && intent.text != r.target) {
            st.status = "Save or undo the edits of policy '" + r.target + "' first.";
            return true;
        }
        r.selected_rule.clear();
        if (intent.text.empty()) {
            r.policy.reset();
            r.target.clear();
            return true;
        }
        std::string path = (fs::path(policies_dir_of(st)) / (intent.text + ".json")).string();
        Diagnostics diags;
        auto policy = PolicyDocument::open(path, diags);
        if (!policy) {
            st.status = "Cannot open the policy: " +
                        (diags.items().empty() ? path : format_diagnostic(diags.items().front()));
            return true;
        }
        r.policy = std::move(*policy);
        r.target = intent.text;
        r.impact.reset();
        want_impact(st);
        return true;
    }
    // StudioRuleEdit: text is the operation, value its arguments.
    OrderedJson v = OrderedJson::parse(intent.value.empty() ? "{}" : intent.value, nullptr, false);
    if (!v.is_object()) v = OrderedJson::object();
    std::string rule = v.value("rule", std::string());
    EditableJson& doc = rule_target(st);
    std::uint64_t before = doc.revision();
    bool ok = true;
    const std::string& op = intent.text;
    if (op == "select") {
        r.selected_rule = rule;
        st.view.drafts.clear();
        return true;
    } else if (op == "add") {
        ok = add_rule(doc, rule, v.value("kind", std::string("required")), error);
        if (ok) r.selected_rule = rule;
    } else if (op == "remove") {
        ok = remove_rule(doc, rule, error);
    } else if (op == "kind") {
        ok = set_rule_kind(doc, rule, v.value("kind", std::string()), error);
    } else if (op == "window") {
        ok = set_rule_window(doc, rule, v.value("window", std::string("none")), v.value("value", OrderedJson()), error);
    } else if (op == "set") {
        ok = doc.set(v.value("pointer", std::string()), v.value("value", OrderedJson()));
        if (!ok) error = doc.last_error();
    } else if (op == "remove-field") {
        ok = doc.remove(v.value("pointer", std::string()));
        if (!ok) error = doc.last_error();
    } else if (op == "undo" && r.policy) {
        ok = r.policy->undo();
    } else if (op == "redo" && r.policy) {
        ok = r.policy->redo();
    } else if (op == "save" && r.policy) {
        ok = r.policy->save(error);
        if (ok) st.policies_changed();  // the open scenario's checks and palette use the saved rules
        st.status = ok ? "Saved policy " + r.policy->path() + "; the checks now use it."
                       : "Could not save the policy: " + error;
    }
    if (!ok && !error.empty()) st.status = error;
    if (doc.revision() != before) {
        st.view.drafts.clear();
        if (r.policy)
            want_impact(st);
        else
            st.submit_checks();
    }
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Forms]
//-----------------------------------------------------------------------------------------------------------

namespace {

void emit(std::vector<Intent>& out, const char* op, OrderedJson args) {
    Intent i(Intent::Kind::StudioRuleEdit, -1, op);
    i.value = args.dump();
    out.push_back(std::move(i));
}

std::string as_text(const OrderedJson& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto& e : v) out += (out.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
        return out;
    }
    return v.is_null() ? "" : v.dump();
}

// "a, b" -> ["a", "b"]; "a" -> "a" (action fields take one id or a list meaning any of them).
OrderedJson ids_from_text(const std::string& text) {
    OrderedJson list = OrderedJson::array();
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t comma = text.find(',', at);
        std::string part = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (!part.empty()) list.push_back(part);
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    if (list.size() == 1) return list[0];
    return list;
}

// A text field for the value at `pointer`; the edit is one undoable step when the field is left (as the
// inspector's fields do). `ids`: the text is one action id or several separated by commas.
void text_field(Studio& st, const char* label, const std::string& pointer, const OrderedJson& current,
                std::vector<Intent>& out, bool multiline = false, bool ids = false) {
    auto& drafts = st.view.drafts;
    std::string shown = as_text(current);
    auto it = drafts.find(pointer);
    if (it == drafts.end()) it = drafts.emplace(pointer, shown).first;
    std::string& draft = it->second;
    std::vector<char> buffer(draft.begin(), draft.end());
    buffer.resize(draft.size() + 4096, '\0');
    ImGui::PushID(pointer.c_str());
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    bool changed = multiline ? ImGui::InputTextMultiline("##field", buffer.data(), buffer.size(),
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 3.6f))
                             : ImGui::InputText("##field", buffer.data(), buffer.size());
    if (changed) draft = buffer.data();
    if (ImGui::IsItemDeactivatedAfterEdit() && draft != shown)
        emit(out, "set", {{"pointer", pointer}, {"value", ids ? ids_from_text(draft) : OrderedJson(draft)}});
    if (!ImGui::IsItemActive()) drafts.erase(pointer);  // not typing: show the document (after undo)
    ImGui::PopID();
}

void combo_field(const char* label, const std::string& current, const std::vector<std::string>& options,
                 const std::function<void(const std::string&)>& chosen) {
    ImGui::SetNextItemWidth(160);
    if (ImGui::BeginCombo(label, current.empty() ? "(none)" : current.c_str())) {
        for (const auto& o : options)
            if (ImGui::Selectable(o.c_str(), o == current)) chosen(o);
        ImGui::EndCombo();
    }
}

// The window of a required rule (or a conditional rule's then).
void window_form(Studio& st, const std::string& rule, const OrderedJson& body, std::vector<Intent>& out) {
    std::string kind = "none";
    OrderedJson value;
    if (body.contains("window") && body["window"].is_object() && !body["window"].empty()) {
        kind = body["window"].begin().key();
        value = body["window"].begin().value();
    }
    combo_field("window##kind", kind, rule_window_kinds(), [&](const std::string& k) {
        OrderedJson initial = k == "steps" ? OrderedJson(2) : k == "none" ? OrderedJson() : OrderedJson("");
        if (k == "before_leaving") {
            const OrderedJson& start = st.doc.json().value("start", OrderedJson(""));
            initial = start.is_string() ? start : OrderedJson("");
        }
        if (k == "before") initial = "end_call";
        emit(out, "window", {{"rule", rule}, {"window", k}, {"value", initial}});
    });
    if (kind == "steps") {
        int steps = value.is_number_integer() ? value.get<int>() : 1;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        if (ImGui::InputInt("steps##window", &steps) && steps >= 1)
            emit(out, "window", {{"rule", rule}, {"window", "steps"}, {"value", steps}});
    } else if (kind != "none") {
        ImGui::SameLine();
        muted_text(kind == "before" ? "action:" : "node:");
        ImGui::SameLine();
        muted_text(as_text(value));
    }
    muted_text(kind == "none" ? "Kept if done at any point before the end."
               : kind == "steps" ? "Broken at the step the window closes; doing it later does not put it right."
               : kind == "before" ? "Must be done before that action is performed."
                                  : "Must be done before the learner leaves that node (scenario rules only).");
}

void rule_form(Studio& st, const std::string& pointer, const OrderedJson& rule, std::vector<Intent>& out) {
    std::string id = rule.value("id", std::string());
    std::string kind = rule.value("kind", OrderedJson()).is_string() ? rule["kind"].get<std::string>() : "";
    text_field(st, "Title", pointer + "/title", rule.value("title", OrderedJson("")), out);
    text_field(st, "Statement (as the handbook shows it)", pointer + "/statement", rule.value("statement", OrderedJson("")), out, true);
    text_field(st, "Source (the clause; mark organisation policy as (ORG POLICY))", pointer + "/source",
               rule.value("source", OrderedJson("")), out);
    std::string severity = rule.value("severity", OrderedJson()).is_string() ? rule["severity"].get<std::string>() : "";
    combo_field("severity", severity, rule_severities(), [&](const std::string& s) {
        emit(out, "set", {{"pointer", pointer + "/severity"}, {"value", s}});
    });
    ImGui::SameLine();
    int weight = rule.value("weight", OrderedJson(5)).is_number_integer() ? rule["weight"].get<int>() : 5;
    ImGui::SetNextItemWidth(120);
    if (ImGui::InputInt("weight (1-10)", &weight) && weight >= 1 && weight <= 10)  // one undo step per click
        emit(out, "set", {{"pointer", pointer + "/weight"}, {"value", weight}});
    if (severity == "critical") muted_text("A broken critical rule fails the attempt whatever the score.");

    combo_field("kind", kind, rule_kinds(), [&](const std::string& k) { emit(out, "kind", {{"rule", id}, {"kind", k}}); });
    if (kind == "required" || kind == "forbidden") {
        text_field(st, "Action (one id, or several separated by commas: any of them)", pointer + "/action",
                   rule.value("action", OrderedJson("")), out, false, true);
        if (kind == "required") window_form(st, id, rule, out);
    } else if (kind == "before") {
        text_field(st, "First (action ids)", pointer + "/first", rule.value("first", OrderedJson("")), out, false, true);
        text_field(st, "Then (action ids)", pointer + "/then", rule.value("then", OrderedJson("")), out, false, true);
    } else if (kind == "deadline") {
        text_field(st, "Action (the promise)", pointer + "/action", rule.value("action", OrderedJson("")), out, false, true);
        text_field(st, "From (start, an action id or a calendar date's name)", pointer + "/from",
                   rule.value("from", OrderedJson("start")), out);
        muted_text("Within: " + rule.value("within", OrderedJson::object()).dump());
    } else if (kind == "conditional") {
        text_field(st, "When (a condition: 'bsl_interpreter' in customer.needs)", pointer + "/when",
                   rule.value("when", OrderedJson("")), out);
        const OrderedJson& then = rule.value("then", OrderedJson::object());
        if (then.is_object() && then.value("kind", OrderedJson()) == "required") {
            text_field(st, "Then: required action", pointer + "/then/action", then.value("action", OrderedJson("")), out, false, true);
            window_form(st, id, then, out);
        } else {
            muted_text("Then: " + then.dump());
        }
    }

    ImGui::Spacing();
    ImGui::TextUnformatted("Feedback");
    muted_text("Placeholders, filled in for each session's customer:");
    const OrderedJson& fb = rule.value("feedback", OrderedJson::object());
    if (!fb.is_object()) return;
    for (const auto& ph : rule_feedback_placeholders()) {
        ImGui::SameLine();
        if (chip(ph.c_str(), false))  // appended to the broken feedback, one undoable edit
            emit(out, "set", {{"pointer", pointer + "/feedback/broken"},
                              {"value", as_text(fb.value("broken", OrderedJson(""))) + ph}});
    }
    text_field(st, "When kept", pointer + "/feedback/kept", fb.value("kept", OrderedJson("")), out, true);
    text_field(st, "When broken", pointer + "/feedback/broken", fb.value("broken", OrderedJson("")), out, true);
}

// Which scenarios use the open policy and whether their proofs pass before and after the edit.
void impact_list(Studio& st) {
    ImpactJob& job = st.rules.impact;
    bool busy = job.poll();
    ImGui::TextUnformatted("Scenarios that use this policy");
    if (!job.has_result()) {
        muted_text("Working out which scenarios use it and analysing them...");
        return;
    }
    if (busy) muted_text("Analysing the latest edit...");
    if (job.result().empty()) muted_text("No scenario in this folder uses it.");
    for (const auto& i : job.result()) {
        bool worse = i.sound_before && !i.sound_after;
        bool better = !i.sound_before && i.sound_after;
        ImVec4 colour = worse ? colours().broken : better ? colours().kept : colours().text;
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        wrapped_text(describe_impact(i));
        ImGui::PopStyleColor();
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Panel]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_rules(App&, Studio& st, std::vector<Intent>& out) {
    using K = Intent::Kind;
    StudioRules& r = st.rules;
    // Whose rules: the scenario's own, or a policy in its scope.
    std::vector<std::string> targets = {""};
    for (const auto& p : st.doc.json().value("policies", OrderedJson::array()))
        if (p.is_object() && p.value("id", OrderedJson()).is_string()) targets.push_back(p["id"].get<std::string>());
    auto name = [](const std::string& t) { return t.empty() ? std::string("Rules of this scenario") : "Policy: " + t; };
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##rule-target", name(r.target).c_str())) {
        for (const auto& t : targets)
            if (ImGui::Selectable(name(t).c_str(), t == r.target)) out.emplace_back(K::StudioRuleTarget, -1, t);
        ImGui::EndCombo();
    }
    EditableJson& doc = r.policy ? static_cast<EditableJson&>(*r.policy) : static_cast<EditableJson&>(st.doc);
    if (r.policy) {
        muted_text("Shared: an edit here changes every scenario that uses it. " + r.policy->path());
        ImGui::BeginDisabled(!r.policy->can_undo());
        if (button("Undo##policy")) emit(out, "undo", {});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(!r.policy->can_redo());
        if (button("Redo##policy")) emit(out, "redo", {});
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (button(r.policy->dirty() ? "Save policy *" : "Save policy", r.policy->dirty())) emit(out, "save", {});
        impact_list(st);
        ImGui::Separator();
    }

    // The rule list.
    const OrderedJson& rules = doc.json().value("rules", OrderedJson::array());
    if (!rules.is_array() || rules.empty()) muted_text(r.policy ? "This policy has no rules yet." : "This scenario has no rules of its own; its policies bring theirs.");
    ImGui::BeginChild("rule-list", ImVec2(0, std::min(160.0f, 24.0f * static_cast<float>(rules.size() + 1))), false);
    for (std::size_t i = 0; rules.is_array() && i < rules.size(); ++i) {
        const OrderedJson& rule = rules[i];
        if (!rule.is_object()) continue;
        std::string id = rule.value("id", OrderedJson()).is_string() ? rule["id"].get<std::string>() : "?";
        std::string label = id + "  " + as_text(rule.value("title", OrderedJson(""))) + "  (" +
                            as_text(rule.value("kind", OrderedJson(""))) + ", " +
                            as_text(rule.value("severity", OrderedJson(""))) + ")";
        if (ImGui::Selectable((label + "##" + std::to_string(i)).c_str(), id == r.selected_rule))
            emit(out, "select", {{"rule", id}});
    }
    ImGui::EndChild();
    ImGui::SetNextItemWidth(120);
    ImGui::InputTextWithHint("##new-rule", "new rule id", r.new_rule_id, sizeof r.new_rule_id);
    ImGui::SameLine();
    if (button("Add rule")) emit(out, "add", {{"rule", std::string(r.new_rule_id)}, {"kind", "required"}});
    if (!r.selected_rule.empty()) {
        ImGui::SameLine();
        if (button("Remove rule")) emit(out, "remove", {{"rule", r.selected_rule}});
    }
    ImGui::Separator();
    std::string pointer = rule_pointer(doc, r.selected_rule);
    if (pointer.empty()) {
        muted_text("Select a rule to edit it.");
        return;
    }
    rule_form(st, pointer, doc.json().at(OrderedJson::json_pointer(pointer)), out);
}

}  // namespace cp::ui
