// The inspector's forms for the scenario as a whole (shown when nothing is selected on the graph): its
// settings, customers and their needs (picked from the known list, each with the rules it switches on), the
// policies in scope and their rules (picked from the library), variables, and the simulated calendar.
//
// Index: [Helpers] [Settings] [Customers] [Policies] [Variables] [Calendar] [Form]
#include <algorithm>

#include "studio_forms.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

using K = Intent::Kind;


// Appends `value` to the array at `pointer` (creating it when the member is absent): one undoable edit.
Intent append_intent(const OrderedJson& parent, const char* key, const std::string& pointer, const OrderedJson& value) {
    OrderedJson list = parent.is_object() && parent.contains(key) && parent[key].is_array() ? parent[key] : OrderedJson::array();
    list.push_back(value);
    return set_intent(pointer, list);
}

// An id not used yet in `list`: "customer-2", "customer-3", ...
std::string fresh_id(const OrderedJson& list, const std::string& stem) {
    for (int n = static_cast<int>(list.size()) + 1;; ++n) {
        std::string id = stem + "-" + std::to_string(n);
        if (std::none_of(list.begin(), list.end(), [&](const OrderedJson& x) { return string_at(x, "id") == id; })) return id;
    }
}

// A field with a draft and an "Add" button (a new need, bank holiday, ...).
bool add_row(Studio& st, const char* label, const std::string& name, const char* hint, std::string& value) {
    auto& draft = forms_state(st).adding[name];
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s", draft.c_str());
    field_label(label);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::InputTextWithHint(("##" + name).c_str(), hint, buf, sizeof buf)) draft = buf;
    remember("add-field:" + name);
    ImGui::SameLine();
    ImGui::BeginDisabled(draft.empty());
    bool clicked = ImGui::SmallButton(("Add##" + name).c_str());
    ImGui::EndDisabled();
    remember("add:" + name);
    if (!clicked) return false;
    value = draft;
    draft.clear();
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Settings]
//-----------------------------------------------------------------------------------------------------------

void settings_section(Studio& st, std::vector<Intent>& out) {
    const OrderedJson& j = st.doc.json();
    bool open_section = ImGui::CollapsingHeader("Settings", ImGuiTreeNodeFlags_DefaultOpen);
    remember("section:settings");
    if (!open_section) return;
    text_field(st, "Title", "/title", string_at(j, "title"), TextKind::Line, out);
    field_label("Id");
    muted_text(string_at(j, "id") + "   (read-only here: ids are renamed safely, before any session cites them)");
    text_field(st, "Version", "/version", string_at(j, "version"), TextKind::Line, out, false, "1.0.0");
    text_field(st, "Pass mark %", "/pass_mark", j.contains("pass_mark") ? j["pass_mark"].dump() : "", TextKind::Number, out);
    combo_field(st, "Difficulty", "/difficulty", string_at(j, "difficulty"), {"introductory", "intermediate", "advanced"}, out);
    text_field(st, "Minutes", "/estimated_minutes", j.contains("estimated_minutes") ? j["estimated_minutes"].dump() : "",
               TextKind::Number, out);
    combo_field(st, "Starts at", "/start", string_at(j, "start"), target_ids(j), out);
    text_field(st, "Setting", "/setting", string_at(j, "setting"), TextKind::Line, out, false, "Riverside Borough Council, front counter");
    text_field(st, "Learner's role", "/role", string_at(j, "role"), TextKind::Multiline, out);
    text_field(st, "Brief", "/brief", string_at(j, "brief"), TextKind::Multiline, out, true);
    // Topics: the guide's list, and any the file already has.
    std::vector<std::string> topics = {"complaints",         "data-protection",     "equality",
                                       "safety",             "safeguarding",        "internal-customers",
                                       "employment-services", "public-service-values"};
    const OrderedJson& have = array_at(j, "topics");
    for (const auto& t : have)
        if (t.is_string() && std::find(topics.begin(), topics.end(), t.get<std::string>()) == topics.end())
            topics.push_back(t.get<std::string>());
    field_label("Topics");
    ImGui::BeginGroup();
    float right = ImGui::GetContentRegionAvail().x;
    float used = 0;
    for (const auto& t : topics) {
        bool on = std::find(have.begin(), have.end(), OrderedJson(t)) != have.end();
        float w = ImGui::CalcTextSize(t.c_str()).x + ImGui::GetFontSize() * 2.2f;
        if (used > 0 && used + w < right) ImGui::SameLine();
        else used = 0;
        used += w + ImGui::GetStyle().ItemSpacing.x;
        if (chip(t.c_str(), on)) {
            OrderedJson next = OrderedJson::array();
            for (const auto& x : topics) {
                bool keep = std::find(have.begin(), have.end(), OrderedJson(x)) != have.end();
                if ((x == t) != keep) next.push_back(x);
            }
            out.push_back(set_intent("/topics", next));
        }
        remember("topic:" + t);
    }
    ImGui::EndGroup();
    field_problems(st, "/topics", true);
}

//-----------------------------------------------------------------------------------------------------------
// [Customers]
//-----------------------------------------------------------------------------------------------------------

// "RA-03 Book a professional interpreter (critical, reasonable-adjustments)" for each rule a need switches on.
std::vector<std::string> rules_switched_on(FormsState& fs, const std::string& need) {
    std::vector<std::string> out;
    for (const auto& n : fs.need_rules)
        if (n.need == need)
            for (const auto& r : n.rules)
                out.push_back(r.rule->id + " " + r.rule->title + " (" + to_string(r.rule->severity) + ", " + r.policy->id +
                              (r.only_this ? "" : ", when " + r.rule->when) + ")");
    return out;
}

void needs_field(Studio& st, const std::string& cp, const OrderedJson& customer, std::vector<Intent>& out) {
    FormsState& fs = forms_state(st);
    const OrderedJson& needs = array_at(customer, "needs");
    field_label("Needs");
    ImGui::BeginGroup();
    if (needs.empty()) muted_text("none");
    for (std::size_t k = 0; k < needs.size(); ++k) {
        std::string need = needs[k].is_string() ? needs[k].get<std::string>() : needs[k].dump();
        ImGui::PushID(static_cast<int>(k));
        remove_button(cp + "/needs/" + std::to_string(k), out, "Remove this need");
        ImGui::SameLine();
        ImGui::TextUnformatted(need.c_str());
        auto rules = rules_switched_on(fs, need);
        ImGui::Indent(ImGui::GetFontSize() * 1.5f);
        if (rules.empty()) muted_text("switches on no rule in the library");
        for (const auto& r : rules) muted_text("switches on " + r);
        ImGui::Unindent(ImGui::GetFontSize() * 1.5f);
        field_problems(st, cp + "/needs/" + std::to_string(k));
        ImGui::PopID();
    }
    std::vector<std::string> known = documented_needs();
    for (const auto& n : fs.need_rules)
        if (std::find(known.begin(), known.end(), n.need) == known.end()) known.push_back(n.need);
    ImGui::SetNextItemWidth(-1);
    bool open = ImGui::BeginCombo("##add-need", "add a need...");
    remember("need-add:" + cp);
    if (open) {
        for (const auto& n : known) {
            if (std::find(needs.begin(), needs.end(), OrderedJson(n)) != needs.end()) continue;
            auto rules = rules_switched_on(fs, n);
            std::string label = n + (rules.empty() ? "" : "   (switches on " + std::to_string(rules.size()) + " rule" +
                                                              (rules.size() == 1 ? ")" : "s)"));
            if (ImGui::Selectable(label.c_str())) out.push_back(append_intent(customer, "needs", cp + "/needs", n));
            remember("need-add:" + cp + ":" + n);
            if (!rules.empty() && ImGui::IsItemHovered()) {
                std::string tip;
                for (const auto& r : rules) tip += (tip.empty() ? "" : "\n") + r;
                ImGui::SetTooltip("%s", tip.c_str());
            }
        }
        ImGui::EndCombo();
    }
    ImGui::EndGroup();
}

void customers_section(Studio& st, std::vector<Intent>& out) {
    const OrderedJson& j = st.doc.json();
    const OrderedJson& customers = array_at(j, "customers");
    bool open_section = ImGui::CollapsingHeader(("Customers (" + std::to_string(customers.size()) + ")###customers").c_str());
    remember("section:customers");
    if (!open_section) return;
    muted_text("Each session plays one profile, chosen by its seed; the best path is played with the first.");
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const OrderedJson& c = customers[i];
        std::string cp = "/customers/" + std::to_string(i);
        std::string title = string_at(c, "name").empty() ? string_at(c, "id") : string_at(c, "name") + "  (" + string_at(c, "id") + ")";
        ImGui::PushID(static_cast<int>(i));
        bool open = ImGui::TreeNodeEx("customer", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", title.c_str());
        remember("customer:" + std::to_string(i));
        if (open) {
            text_field(st, "Id", cp + "/id", string_at(c, "id"), TextKind::Line, out);
            text_field(st, "Name", cp + "/name", string_at(c, "name"), TextKind::Line, out);
            text_field(st, "Address as", cp + "/address_as", string_at(c, "address_as"), TextKind::Line, out, false, "Mr Wójcik");
            text_field(st, "Pronouns", cp + "/pronouns", string_at(c, "pronouns"), TextKind::Line, out, false, "optional: she/her");
            text_field(st, "Age", cp + "/age", c.contains("age") ? c["age"].dump() : "", TextKind::Number, out, false, "", true);
            text_field(st, "Language", cp + "/language", string_at(c, "language"), TextKind::Line, out, false, "English");
            needs_field(st, cp, c, out);
            text_field(st, "Acts for", cp + "/acts_for", string_at(c, "acts_for"), TextKind::Line, out, false, "optional");
            text_field(st, "About", cp + "/about", string_at(c, "about"), TextKind::Multiline, out);
            text_field(st, "Mood at start", cp + "/initial_mood", c.contains("initial_mood") ? c["initial_mood"].dump() : "",
                       TextKind::Number, out, false, "", true);
            field_problems(st, cp);
            if (customers.size() > 1 && ImGui::SmallButton("Remove this customer")) out.emplace_back(K::StudioRemove, -1, cp);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    if (ImGui::SmallButton("Add a customer"))
        out.push_back(append_intent(j, "customers", "/customers",
                                    OrderedJson{{"id", fresh_id(customers, "customer")}, {"name", ""}, {"address_as", ""}, {"language", "English"}}));
    remember("customer-add");
}

//-----------------------------------------------------------------------------------------------------------
// [Policies]
//-----------------------------------------------------------------------------------------------------------

void policies_section(Studio& st, std::vector<Intent>& out) {
    FormsState& fs = forms_state(st);
    const OrderedJson& j = st.doc.json();
    const OrderedJson& refs = array_at(j, "policies");
    bool open_section = ImGui::CollapsingHeader(("Policies in scope (" + std::to_string(refs.size()) + ")###policies").c_str());
    remember("section:policies");
    if (!open_section) return;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        std::string pp = "/policies/" + std::to_string(i);
        std::string id = string_at(refs[i], "id");
        auto policy = fs.library.find(id);
        ImGui::PushID(static_cast<int>(i));
        remove_button(pp, out, "Take this policy out of scope");
        ImGui::SameLine();
        bool open = ImGui::TreeNodeEx("policy", ImGuiTreeNodeFlags_SpanAvailWidth, "%s",
                                      (policy ? policy->title + "  (" + id + ")" : id + "  (not in the library)").c_str());
        remember("policy:" + id);
        if (open) {
            const OrderedJson& only = refs[i].value("rules", OrderedJson());
            muted_text(only.is_array() ? "Only the ticked rules apply here." : "All its rules apply here; untick one to leave it out.");
            if (policy)
                for (const auto& r : policy->rules) {
                    bool on = !only.is_array() || std::find(only.begin(), only.end(), OrderedJson(r.id)) != only.end();
                    std::string label = r.id + "  " + r.title + "  (" + to_string(r.severity) + ")";
                    if (ImGui::Checkbox(label.c_str(), &on)) {
                        OrderedJson next = OrderedJson::array();
                        for (const auto& q : policy->rules) {
                            bool was = !only.is_array() || std::find(only.begin(), only.end(), OrderedJson(q.id)) != only.end();
                            if (q.id == r.id ? on : was) next.push_back(q.id);
                        }
                        bool all = next.size() == policy->rules.size();
                        if (all && only.is_array())
                            out.emplace_back(K::StudioRemove, -1, pp + "/rules");
                        else
                            out.push_back(set_intent(pp + "/rules", next));
                    }
                    remember("policy-rule:" + r.id);
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", r.statement.c_str(), r.source.c_str());
                }
            field_problems(st, pp, true);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(-1);
    bool open = ImGui::BeginCombo("##add-policy", "bring a policy from the library into scope...");
    remember("policy-add");
    if (open) {
        for (const auto& [key, policy] : fs.library.all()) {
            const std::string& id = key;  // a lambda may not capture a structured binding (clang 14)
            if (std::any_of(refs.begin(), refs.end(), [&](const OrderedJson& r) { return string_at(r, "id") == id; })) continue;
            std::string label = policy->title + "  (" + id + ", " + std::to_string(policy->rules.size()) + " rules)";
            if (ImGui::Selectable(label.c_str())) out.push_back(append_intent(j, "policies", "/policies", OrderedJson{{"id", id}}));
            remember("policy-add:" + id);
        }
        ImGui::EndCombo();
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Variables]
//-----------------------------------------------------------------------------------------------------------

void variables_section(Studio& st, std::vector<Intent>& out) {
    const OrderedJson& j = st.doc.json();
    const OrderedJson& vars = array_at(j, "variables");
    bool open_section = ImGui::CollapsingHeader(("Variables (" + std::to_string(vars.size()) + ")###variables").c_str());
    remember("section:variables");
    if (!open_section) return;
    muted_text("State the story carries: choices set them, conditions read them.");
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const OrderedJson& v = vars[i];
        std::string vp = "/variables/" + std::to_string(i);
        std::string type = string_at(v, "type");
        ImGui::PushID(static_cast<int>(i));
        if (i) ImGui::Separator();
        text_field(st, "Name", vp + "/id", string_at(v, "id"), TextKind::Line, out);
        field_label("Type");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        bool open = ImGui::BeginCombo("##type", type.c_str());
        remember("variable-type:" + std::to_string(i));
        if (open) {
            for (const char* t : {"bool", "int", "enum"}) {
                if (ImGui::Selectable(t, type == t) && type != t) {
                    OrderedJson next{{"id", string_at(v, "id")}, {"type", t}};
                    if (std::string(t) == "bool") next["initial"] = false;
                    if (std::string(t) == "int") next["initial"] = 0;
                    if (std::string(t) == "enum") next["values"] = {"a", "b"}, next["initial"] = "a";
                    out.push_back(set_intent(vp, next));
                }
                remember("variable-type:" + std::to_string(i) + ":" + t);
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        remove_button(vp, out, "Remove this variable");
        if (type == "bool") {
            field_label("Starts");
            bool b = v.value("initial", OrderedJson(false)).is_boolean() && v["initial"].get<bool>();
            if (ImGui::Checkbox(b ? "true" : "false", &b)) out.push_back(set_intent(vp + "/initial", b));
            remember("variable-initial:" + std::to_string(i));
        } else if (type == "int") {
            text_field(st, "Starts at", vp + "/initial", v.contains("initial") ? v["initial"].dump() : "", TextKind::Number, out);
            text_field(st, "Lowest", vp + "/min", v.contains("min") ? v["min"].dump() : "", TextKind::Number, out, false, "", true);
            text_field(st, "Highest", vp + "/max", v.contains("max") ? v["max"].dump() : "", TextKind::Number, out, false, "", true);
        } else if (type == "enum") {
            std::vector<std::string> values;
            std::string joined;
            for (const auto& e : array_at(v, "values"))
                if (e.is_string()) values.push_back(e.get<std::string>()), joined += (joined.empty() ? "" : ", ") + e.get<std::string>();
            combo_field(st, "Starts as", vp + "/initial", string_at(v, "initial"), values, out);
            // The values as one comma-separated line: committed as a list.
            std::string vals_ptr = vp + "/values";
            auto& drafts = st.view.drafts;
            std::string key = "values:" + vals_ptr;
            if (!drafts.count(key)) drafts[key] = joined;
            char buf[512];
            std::snprintf(buf, sizeof buf, "%s", drafts[key].c_str());
            field_label("Values");
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputTextWithHint("##values", "phone, email, letter", buf, sizeof buf)) drafts[key] = buf;
            remember("field:" + vals_ptr);
            if (ImGui::IsItemDeactivatedAfterEdit()) {
                OrderedJson list = OrderedJson::array();
                std::string item;
                for (char ch : drafts[key] + ",") {
                    if (ch != ',') {
                        item += ch;
                        continue;
                    }
                    auto a = item.find_first_not_of(' '), b = item.find_last_not_of(' ');
                    if (a != std::string::npos) list.push_back(item.substr(a, b - a + 1));
                    item.clear();
                }
                if (list != array_at(v, "values")) out.push_back(set_intent(vals_ptr, list));
            }
            if (!ImGui::IsItemActive()) drafts.erase(key);
            field_problems(st, vals_ptr);
        }
        field_problems(st, vp);
        ImGui::PopID();
    }
    if (ImGui::SmallButton("Add a variable"))
        out.push_back(append_intent(j, "variables", "/variables",
                                    OrderedJson{{"id", fresh_id(vars, "variable")}, {"type", "bool"}, {"initial", false}}));
    remember("variable-add");
}

//-----------------------------------------------------------------------------------------------------------
// [Calendar]
//-----------------------------------------------------------------------------------------------------------

void calendar_section(Studio& st, std::vector<Intent>& out) {
    const OrderedJson& j = st.doc.json();
    bool open_section = ImGui::CollapsingHeader("Calendar");
    remember("section:calendar");
    if (!open_section) return;
    const OrderedJson& cal = object_at(j, "calendar");
    if (!j.contains("calendar")) {
        muted_text("No calendar yet: the clock and deadlines need one.");
        if (ImGui::SmallButton("Add a calendar")) out.push_back(set_intent("/calendar", OrderedJson{{"start", "2026-03-03T10:00"}}));
        return;
    }
    text_field(st, "Starts", "/calendar/start", string_at(cal, "start"), TextKind::Line, out, false, "2026-03-03T10:15");
    // Working days: seven toggles, written in week order.
    static const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const OrderedJson& wd = cal.value("working_days", OrderedJson::array({"mon", "tue", "wed", "thu", "fri"}));
    field_label("Working days");
    ImGui::BeginGroup();
    float right = ImGui::GetContentRegionAvail().x, used = 0;
    for (int d = 0; d < 7; ++d) {
        bool on = std::find(wd.begin(), wd.end(), OrderedJson(days[d])) != wd.end();
        float w = ImGui::CalcTextSize("\xE2\x9C\x93 mon").x + ImGui::GetFontSize() * 1.6f;  // wrap as the chips fill the row
        if (used > 0 && used + w < right) ImGui::SameLine(0, 4);
        else used = 0;
        used += w + 4;
        if (chip(days[d], on)) {
            OrderedJson next = OrderedJson::array();
            for (int e = 0; e < 7; ++e) {
                bool keep = std::find(wd.begin(), wd.end(), OrderedJson(days[e])) != wd.end();
                if ((e == d) != keep) next.push_back(days[e]);
            }
            out.push_back(set_intent("/calendar/working_days", next));
        }
        remember(std::string("working-day:") + days[d]);
    }
    ImGui::EndGroup();
    field_problems(st, "/calendar/working_days", true);
    const OrderedJson& hours = object_at(cal, "working_hours");
    if (cal.contains("working_hours")) {
        text_field(st, "Opens", "/calendar/working_hours/start", string_at(hours, "start"), TextKind::Line, out, false, "09:00");
        text_field(st, "Closes", "/calendar/working_hours/end", string_at(hours, "end"), TextKind::Line, out, false, "17:00");
    } else {
        field_label("Hours");
        muted_text("09:00 to 17:00 (the default)");
        ImGui::SameLine();
        if (ImGui::SmallButton("Change"))
            out.push_back(set_intent("/calendar/working_hours", OrderedJson{{"start", "09:00"}, {"end", "17:00"}}));
    }
    const OrderedJson& holidays = array_at(cal, "bank_holidays");
    field_label("Bank holidays");
    ImGui::BeginGroup();
    if (holidays.empty()) muted_text("none");
    for (std::size_t k = 0; k < holidays.size(); ++k) {
        ImGui::PushID(static_cast<int>(k));
        remove_button("/calendar/bank_holidays/" + std::to_string(k), out, "Remove this bank holiday");
        ImGui::SameLine();
        ImGui::TextUnformatted(holidays[k].is_string() ? holidays[k].get<std::string>().c_str() : "?");
        ImGui::PopID();
    }
    ImGui::EndGroup();
    field_problems(st, "/calendar/bank_holidays", true);
    std::string day;
    if (add_row(st, "", "bank-holiday", "2026-04-06", day))
        out.push_back(append_intent(cal, "bank_holidays", "/calendar/bank_holidays", day));
    const OrderedJson& dates = object_at(cal, "dates");
    field_label("Dated facts");
    muted_text(dates.empty() ? "none (a deadline may count from one)" : "a deadline may count from these");
    if (dates.is_object())
        for (const auto& [name, value] : dates.items()) {
            ImGui::PushID(name.c_str());
            text_field(st, name.c_str(), "/calendar/dates/" + name, value.is_string() ? value.get<std::string>() : "",
                       TextKind::Line, out, false, "2026-02-20");
            ImGui::SameLine();
            remove_button("/calendar/dates/" + name, out, "Remove this dated fact");
            ImGui::PopID();
        }
    std::string fact;
    if (add_row(st, "", "dated-fact", "decision_letter", fact)) {
        if (cal.contains("dates"))
            out.push_back(set_intent("/calendar/dates/" + fact, "2026-01-01"));
        else
            out.push_back(set_intent("/calendar/dates", OrderedJson{{fact, "2026-01-01"}}));
    }
    field_problems(st, "/calendar", false);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Form]
//-----------------------------------------------------------------------------------------------------------

void scenario_form(Studio& st, std::vector<Intent>& out) {
    heading(nullptr, "Scenario");
    muted_text("Select a node, choice or ending on the graph to edit it.");
    settings_section(st, out);
    customers_section(st, out);
    policies_section(st, out);
    variables_section(st, out);
    calendar_section(st, out);
    if (ImGui::CollapsingHeader("Add a node or an ending", ImGuiTreeNodeFlags_DefaultOpen)) {
        auto& new_id = st.view.drafts["new-node"];
        std::vector<char> buffer(new_id.begin(), new_id.end());
        buffer.resize(new_id.size() + 128, '\0');
        field_label("New id");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
        if (ImGui::InputTextWithHint("##newnode", "n-check-id", buffer.data(), buffer.size())) new_id = buffer.data();
        ImGui::SameLine();
        if (button("Add node") && !new_id.empty()) out.emplace_back(K::StudioAddNode, -1, new_id);
        ImGui::SameLine();
        if (button("Add ending") && !new_id.empty()) {
            Intent i(K::StudioAddEnding, -1, new_id);
            i.value = OrderedJson(new_id).dump();
            out.push_back(i);
        }
    }
}

}  // namespace cp::ui
