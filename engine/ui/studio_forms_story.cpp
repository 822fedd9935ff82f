// The inspector's forms for the story: a node (its lines with speaker, text and condition; the document the
// learner can open; where it goes next or its choices), a choice (text, grade and reason, next, condition,
// pin, mood, time, feedback, actions with their parameters from the palette, variable effects) and an ending.
//
// Index: [Helpers] [Actions and palette] [Variable effects] [Next] [Choice] [Node] [Ending]
#include <algorithm>
#include <cctype>

#include "studio_forms.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

using K = Intent::Kind;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A member as text for a field: a string as is, anything else as JSON ("" when absent).
std::string value_string(const OrderedJson& obj, const std::string& key) {
    if (!obj.is_object() || !obj.contains(key)) return "";
    return obj[key].is_string() ? obj[key].get<std::string>() : obj[key].dump();
}


// A section that collapses; open at first.
bool section(const char* title) {
    ImGui::Spacing();
    bool open = ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen);
    std::string name = title;
    remember("section:" + (name.find("###") != std::string::npos ? name.substr(name.find("###") + 3) : name));
    return open;
}

//-----------------------------------------------------------------------------------------------------------
// [Actions and palette]
//-----------------------------------------------------------------------------------------------------------

// The parameter names action `id` declares (a policy's, or the scenario's own).
std::vector<std::string> action_params(Studio& st, const std::string& id) {
    std::vector<std::string> out;
    for (const auto& [pid, policy] : forms_state(st).library.all())
        for (const auto& a : policy->actions)
            if (a.id == id)
                for (const auto& p : a.params) out.push_back(p.name);
    for (const auto& a : array_at(st.doc.json(), "actions"))
        if (string_at(a, "id") == id && a.contains("params") && a["params"].is_object())
            for (const auto& [name, type] : a["params"].items()) out.push_back(name);
    return out;
}

const PaletteAction* palette_entry(Studio& st, const std::string& id) {
    for (const auto& a : st.palette())
        if (a.id == id) return &a;
    return nullptr;
}

void rules_note(const PaletteAction& a) {
    if (a.rules.empty()) {
        muted_text("No rule judges it.");
        return;
    }
    std::string text = "Judged by ";
    for (std::size_t i = 0; i < a.rules.size(); ++i) text += (i ? "; " : "") + a.rules[i];
    muted_text(text);
}

void action_palette(Studio& st, const std::string& p, const OrderedJson& actions, std::vector<Intent>& out) {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##palette", "search actions and the rules that judge them", st.view.palette_search,
                             sizeof st.view.palette_search);
    remember("palette:search");
    std::string query = lower(st.view.palette_search);
    std::string group;
    bool open = false;
    int shown = 0;
    for (const auto& a : st.palette()) {
        std::string hay = a.id + " " + a.label + " " + a.origin;
        for (const auto& r : a.rules) hay += " " + r;
        if (!query.empty() && lower(hay).find(query) == std::string::npos) continue;
        if (a.origin != group) {
            if (open && !group.empty()) ImGui::TreePop();
            group = a.origin;
            std::string title = a.origin == "scenario" ? std::string("This scenario's own actions") : "Policy: " + a.origin;
            if (auto pol = forms_state(st).library.find(a.origin)) title = pol->title + "  (" + a.origin + ")";
            if (!query.empty()) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
            open = ImGui::TreeNodeEx(("palette-group:" + group).c_str(), ImGuiTreeNodeFlags_SpanAvailWidth, "%s", title.c_str());
            remember("palette-group:" + group);
        }
        if (!open) continue;
        ++shown;
        ImGui::PushID((a.origin + "/" + a.id).c_str());
        bool already = std::any_of(actions.begin(), actions.end(), [&](const OrderedJson& x) {
            return (x.is_string() && x == a.id) || string_at(x, "id") == a.id;
        });
        ImGui::BeginDisabled(already);
        if (ImGui::SmallButton(already ? "added" : "+ add")) {
            OrderedJson next = actions.is_array() ? actions : OrderedJson::array();
            std::vector<std::string> params = action_params(st, a.id);
            if (params.empty()) {
                next.push_back(a.id);
            } else {
                OrderedJson with{{"id", a.id}};
                for (const auto& name : params) with[name] = "";
                next.push_back(with);
            }
            out.push_back(set_intent(p + "/actions", next));
        }
        ImGui::EndDisabled();
        remember("palette:" + a.id);
        ImGui::SameLine();
        ImGui::BeginGroup();
        wrapped_text(a.label.empty() ? a.id : a.label);
        ImGui::PushTextWrapPos(0);
        rules_note(a);
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        ImGui::PopID();
    }
    if (open && !group.empty()) ImGui::TreePop();
    if (shown == 0 && !query.empty()) muted_text("No action or rule matches \"" + std::string(st.view.palette_search) + "\".");
}

void actions_section(Studio& st, const std::string& p, const OrderedJson& c, std::vector<Intent>& out) {
    const OrderedJson& actions = array_at(c, "actions");
    if (!section(("Actions (" + std::to_string(actions.size()) + ")###actions").c_str())) return;
    if (actions.empty()) muted_text("This choice performs no action: no rule sees it.");
    for (std::size_t i = 0; i < actions.size(); ++i) {
        std::string ap = p + "/actions/" + std::to_string(i);
        std::string id = actions[i].is_string() ? actions[i].get<std::string>() : string_at(actions[i], "id");
        ImGui::PushID(static_cast<int>(i));
        remove_button(ap, out, "Remove this action from the choice");
        ImGui::SameLine();
        const PaletteAction* entry = palette_entry(st, id);
        ImGui::BeginGroup();
        wrapped_text((entry && !entry->label.empty() ? entry->label : id) + "   [" + id + "]");
        if (entry) rules_note(*entry);
        ImGui::EndGroup();
        std::vector<std::string> params = action_params(st, id);
        if (actions[i].is_object()) {
            for (const auto& [name, value] : actions[i].items())
                if (name != "id" && std::find(params.begin(), params.end(), name) == params.end()) params.push_back(name);
            for (const auto& name : params)
                text_field(st, name.c_str(), ap + "/" + name, value_string(actions[i], name), TextKind::Line, out, false,
                           name == "date" ? "2026-03-02, or +20wd from today" : "");
        } else if (!params.empty()) {
            field_label("");
            if (ImGui::SmallButton("Give its parameters")) {
                OrderedJson with{{"id", id}};
                for (const auto& name : params) with[name] = "";
                out.push_back(set_intent(ap, with));
            }
        }
        field_problems(st, ap, true);
        ImGui::PopID();
    }
    ImGui::Spacing();
    muted_text("Add an action (grouped by policy):");
    action_palette(st, p, actions, out);
}

//-----------------------------------------------------------------------------------------------------------
// [Variable effects]
//-----------------------------------------------------------------------------------------------------------

void effects_section(Studio& st, const std::string& p, const OrderedJson& c, std::vector<Intent>& out) {
    const OrderedJson& vars = array_at(st.doc.json(), "variables");
    const OrderedJson& set = object_at(c, "set");
    if (!section(("Variable effects (" + std::to_string(set.is_object() ? set.size() : 0) + ")###effects").c_str())) return;
    if (vars.empty()) {
        muted_text("The scenario has no variables (add them in the scenario's settings).");
        return;
    }
    auto var_of = [&](const std::string& id) -> const OrderedJson* {
        for (const auto& v : vars)
            if (string_at(v, "id") == id) return &v;
        return nullptr;
    };
    if (set.is_object())
        for (const auto& [key, value] : set.items()) {
            std::string vp = p + "/set/" + key;
            ImGui::PushID(key.c_str());
            const OrderedJson* v = var_of(key);
            std::string type = v ? string_at(*v, "type") : "";
            if (type == "bool") {
                field_label(key.c_str());
                bool b = value.is_boolean() && value.get<bool>();
                if (ImGui::Checkbox(b ? "becomes true" : "becomes false", &b))
                    out.push_back(set.size() == 1 ? set_intent(p + "/set", OrderedJson{{key, b}}) : set_intent(vp, b));
                remember("effect:" + key);
            } else if (type == "enum") {
                std::vector<std::string> values;
                for (const auto& e : array_at(*v, "values"))
                    if (e.is_string()) values.push_back(e.get<std::string>());
                combo_field(st, key.c_str(), vp, value.is_string() ? value.get<std::string>() : "", values, out);
            } else {
                // int: "+1" / "-1" change it, a number sets it.
                text_field(st, key.c_str(), vp, value.is_string() ? value.get<std::string>() : value.dump(), TextKind::Line,
                           out, false, "+1 adds one; 3 sets it");
            }
            ImGui::SameLine();
            remove_button(vp, out, "Remove this effect");
            ImGui::PopID();
        }
    std::vector<std::string> free;
    for (const auto& v : vars) {
        std::string id = string_at(v, "id");
        if (!id.empty() && !(set.is_object() && set.contains(id))) free.push_back(id);
    }
    if (free.empty()) return;
    field_label("Add");
    ImGui::SetNextItemWidth(-1);
    bool open = ImGui::BeginCombo("##add-effect", "set a variable...");
    remember("effect-add");
    if (open) {
        for (const auto& id : free) {
            if (ImGui::Selectable(id.c_str())) {
                const OrderedJson* v = var_of(id);
                std::string type = string_at(*v, "type");
                const OrderedJson& values = array_at(*v, "values");
                OrderedJson value = type == "int"    ? OrderedJson("+1")
                                    : type == "enum" ? (values.empty() ? OrderedJson("") : values.front())
                                                     : OrderedJson(true);
                if (set.is_object() && c.contains("set"))
                    out.push_back(set_intent(p + "/set/" + id, value));
                else
                    out.push_back(set_intent(p + "/set", OrderedJson{{id, value}}));
            }
            remember("effect-add:" + id);
        }
        ImGui::EndCombo();
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Next]
//-----------------------------------------------------------------------------------------------------------

// Where a choice or a node goes: one target, or a list of entries tried in order ({"if", "to"}, last "to").
void next_field(Studio& st, const char* label, const std::string& p, const OrderedJson& owner, std::vector<Intent>& out) {
    const OrderedJson& next = owner.value("next", OrderedJson());
    std::vector<std::string> targets = target_ids(st.doc.json());
    if (!next.is_array()) {
        combo_field(st, label, p + "/next", next.is_string() ? next.get<std::string>() : "", targets, out);
        field_label("");
        if (ImGui::SmallButton("Branch on state...")) {
            std::string to = next.is_string() ? next.get<std::string>() : "";
            out.push_back(set_intent(p + "/next", OrderedJson::array({{{"if", ""}, {"to", to}}, {{"to", to}}})));
        }
        remember("branch:" + p);
        return;
    }
    field_label(label);
    muted_text("the first entry whose condition holds");
    for (std::size_t i = 0; i < next.size(); ++i) {
        std::string ep = p + "/next/" + std::to_string(i);
        ImGui::PushID(static_cast<int>(i));
        bool last = i + 1 == next.size();
        if (!last) condition_field(st, ("if (" + std::to_string(i + 1) + ")").c_str(), ep + "/if", string_at(next[i], "if"), out);
        combo_field(st, last ? "otherwise to" : "go to", ep + "/to", string_at(next[i], "to"), targets, out);
        if (!last && next.size() > 2) {
            field_label("");
            remove_button(ep, out, "Remove this branch");
        }
        ImGui::PopID();
    }
    field_label("");
    if (ImGui::SmallButton("Add a branch")) {
        OrderedJson list = next;
        list.insert(list.end() - 1, OrderedJson{{"if", ""}, {"to", string_at(next.back(), "to")}});
        out.push_back(set_intent(p + "/next", list));
    }
    field_problems(st, p + "/next");
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Choice]
//-----------------------------------------------------------------------------------------------------------

void choice_form(Studio& st, const std::string& p, const OrderedJson& c, std::vector<Intent>& out) {
    std::string id = string_at(c, "id");
    heading(nullptr, "Choice " + id);
    if (auto checks = st.checks()) {
        if (const ChoiceOutcomes* o = checks->choice(id)) {
            std::string line = !o->offered ? "Never offered on any path."
                               : !o->ends  ? "Offered, but no path through it ends."
                                           : std::string(o->can_pass ? "\xE2\x9C\x93 Paths through it can pass" : "\xE2\x9C\x97 No path through it passes") +
                                                 "; scores " + std::to_string(o->min_score) + "% to " +
                                                 std::to_string(o->max_score) + "%.";
            ImGui::PushStyleColor(ImGuiCol_Text, o->can_pass ? colours().kept : colours().broken);
            wrapped_text(line);
            ImGui::PopStyleColor();
        } else if (!checks->loaded) {
            muted_text("Live outcomes appear when the scenario loads without errors.");
        }
    }
    field_problems(st, p);
    if (section("What the officer says")) {
        text_field(st, "Text", p + "/text", string_at(c, "text"), TextKind::Multiline, out, true);
        combo_field(st, "Grade", p + "/grade", string_at(c, "grade"), {"best", "acceptable", "poor", "unsafe"}, out);
        text_field(st, "Why", p + "/grade_reason", string_at(c, "grade_reason"), TextKind::Line, out, false,
                   "one line: why this grade (the debrief shows it)");
        next_field(st, "Next", p, c, out);
        condition_field(st, "Offered when", p + "/condition", string_at(c, "condition"), out);
        combo_field(st, "Pin", p + "/pin", string_at(c, "pin"), {"first", "last"}, out, "(shuffled)");
    }
    if (section("Effects and feedback")) {
        field_label("Mood");
        int mood = c.value("mood", OrderedJson(0)).is_number_integer() ? c.value("mood", 0) : 0;
        ImGui::SetNextItemWidth(-1);
        ImGui::PushID((p + "/mood").c_str());
        ImGui::SliderInt("##mood", &mood, -100, 100, "%+d (never scored)");
        remember("mood:" + p);
        if (ImGui::IsItemDeactivatedAfterEdit()) out.push_back(set_intent(p + "/mood", mood));
        ImGui::PopID();
        field_problems(st, p + "/mood");
        text_field(st, "Time passes", p + "/advance", string_at(c, "advance"), TextKind::Line, out, false,
                   "1m (default); 5m, 2h, 1d, 3wd");
        text_field(st, "Feedback", p + "/feedback", string_at(c, "feedback"), TextKind::Multiline, out, true);
    }
    actions_section(st, p, c, out);
    effects_section(st, p, c, out);
}

//-----------------------------------------------------------------------------------------------------------
// [Node]
//-----------------------------------------------------------------------------------------------------------

namespace {

void exhibit_section(Studio& st, const std::string& p, const OrderedJson& n, std::vector<Intent>& out) {
    if (!section("Document the learner can open")) return;
    std::string ep = p + "/exhibit";
    if (!n.contains("exhibit") || !n["exhibit"].is_object()) {
        muted_text("None: an email, letter, form, ID document or table the learner reads before choosing.");
        if (ImGui::SmallButton("Add a document"))
            out.push_back(set_intent(ep, OrderedJson{{"title", ""}, {"kind", "note"}, {"text", ""}}));
        remember("exhibit-add");
        return;
    }
    const OrderedJson& ex = n["exhibit"];
    text_field(st, "Title", ep + "/title", string_at(ex, "title"), TextKind::Line, out);
    combo_field(st, "Kind", ep + "/kind", string_at(ex, "kind"),
                {"email", "letter", "form", "id_document", "table", "note", "report", "survey", "sla", "record",
                 "procedure", "message"},
                out);
    text_field(st, "Text", ep + "/text", string_at(ex, "text"), TextKind::Multiline, out, true);
    const OrderedJson& table = array_at(ex, "table");
    field_label("Table");
    if (table.empty()) {
        if (ImGui::SmallButton("Add a table"))
            out.push_back(set_intent(ep + "/table", OrderedJson::array({{"Field", "Value"}, {"", ""}})));
    } else {
        muted_text("the first row is its header");
        std::size_t columns = 0;
        for (const auto& row : table) columns = std::max(columns, row.is_array() ? row.size() : 0);
        float cell = (ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 2) / static_cast<float>(std::max<std::size_t>(1, columns));
        for (std::size_t r = 0; r < table.size(); ++r) {
            if (!table[r].is_array()) continue;
            ImGui::PushID(static_cast<int>(r));
            ImGui::PushItemWidth(cell - ImGui::GetStyle().ItemSpacing.x);
            for (std::size_t k = 0; k < table[r].size(); ++k) {
                if (k) ImGui::SameLine();
                std::string cp = ep + "/table/" + std::to_string(r) + "/" + std::to_string(k);
                text_field(st, nullptr, cp, table[r][k].is_string() ? table[r][k].get<std::string>() : "", TextKind::Line, out);
            }
            ImGui::PopItemWidth();
            ImGui::SameLine();
            remove_button(ep + "/table/" + std::to_string(r), out, "Remove this row");
            ImGui::PopID();
        }
        if (ImGui::SmallButton("Add a row")) {
            OrderedJson t = table;
            t.push_back(OrderedJson::array());
            for (std::size_t k = 0; k < columns; ++k) t.back().push_back("");
            out.push_back(set_intent(ep + "/table", t));
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Add a column")) {
            OrderedJson t = table;
            for (auto& row : t)
                if (row.is_array()) row.push_back("");
            out.push_back(set_intent(ep + "/table", t));
        }
    }
    field_problems(st, ep, true);
    if (ImGui::SmallButton("Remove the document")) out.emplace_back(K::StudioRemove, -1, ep);
}

}  // namespace

void node_form(Studio& st, const std::string& p, const OrderedJson& n, std::vector<Intent>& out) {
    std::string id = string_at(n, "id");
    heading(nullptr, "Node " + id);
    field_problems(st, p);
    auto& rename = st.view.drafts["rename:" + id];
    std::vector<char> buffer(rename.begin(), rename.end());
    buffer.resize(rename.size() + 128, '\0');
    field_label("Id");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::InputTextWithHint("##rename", id.c_str(), buffer.data(), buffer.size())) rename = buffer.data();
    ImGui::SameLine();
    if (button("Rename") && !rename.empty()) {
        Intent i(K::StudioRename, -1, id);
        i.value = OrderedJson(rename).dump();
        out.push_back(i);
    }
    const OrderedJson& lines = array_at(n, "lines");
    if (section(("Lines (" + std::to_string(lines.size()) + ")###lines").c_str())) {
        std::vector<std::string> speakers = {"narrator", "customer"};
        for (const auto& c : array_at(st.doc.json(), "cast")) speakers.push_back(string_at(c, "id"));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::string lp = p + "/lines/" + std::to_string(i);
            ImGui::PushID(static_cast<int>(i));
            if (i) ImGui::Separator();
            combo_field(st, ("Line " + std::to_string(i + 1)).c_str(), lp + "/speaker", string_at(lines[i], "speaker"), speakers, out);
            text_field(st, "Says", lp + "/text", string_at(lines[i], "text"), TextKind::Multiline, out, true);
            condition_field(st, "Said when", lp + "/condition", string_at(lines[i], "condition"), out);
            if (lines.size() > 1) {
                field_label("");
                remove_button(lp, out, "Remove this line");
            }
            ImGui::PopID();
        }
        if (button("Add a line")) {
            Intent i(K::StudioAddLine, -1, id);
            i.value = R"({"speaker": "customer", "text": ""})";
            out.push_back(i);
        }
    }
    exhibit_section(st, p, n, out);
    if (section("On entering (every visit)")) {
        const OrderedJson& enter = object_at(n, "on_enter");
        if (!n.contains("on_enter")) {
            muted_text("Nothing happens on entering: no variable changes, no time passes.");
            if (ImGui::SmallButton("Add effects on entering")) out.push_back(set_intent(p + "/on_enter", OrderedJson::object()));
            remember("on-enter-add");
        } else {
            std::string ep = p + "/on_enter";
            text_field(st, "Mood", ep + "/mood", enter.contains("mood") ? enter["mood"].dump() : "", TextKind::Number, out, false,
                       "", true);
            text_field(st, "Time passes", ep + "/advance", string_at(enter, "advance"), TextKind::Line, out, false, "15m");
            effects_section(st, ep, enter, out);
            if (ImGui::SmallButton("Remove the effects on entering")) out.emplace_back(K::StudioRemove, -1, ep);
        }
    }
    if (n.contains("next")) {
        if (section("Goes on to")) next_field(st, "Next", p, n, out);
    } else if (section("Choices")) {
        const OrderedJson& choices = array_at(n, "choices");
        for (const auto& c : choices) {
            std::string cid = string_at(c, "id");
            std::string label = "[" + string_at(c, "grade") + "]  " + string_at(c, "text");
            if (ImGui::Selectable((label + "##" + cid).c_str(), st.doc.selection.choice == cid)) {
                Intent i(K::StudioSelect, -1, id);
                i.value = OrderedJson(cid).dump();
                out.push_back(i);
            }
            remember("choice:" + cid);
        }
        if (button("Add a choice")) {
            std::string new_id = "c-" + id + "-" + std::to_string(choices.size() + 1);
            Intent i(K::StudioAddChoice, -1, id);
            i.value = OrderedJson{{"id", new_id}, {"text", ""}, {"next", id}}.dump();
            out.push_back(i);
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    if (button("Remove this node")) out.emplace_back(K::StudioRemove, -1, p);
}

//-----------------------------------------------------------------------------------------------------------
// [Ending]
//-----------------------------------------------------------------------------------------------------------

void ending_form(Studio& st, const std::string& p, const OrderedJson& e, std::vector<Intent>& out) {
    heading(nullptr, "Ending " + string_at(e, "id"));
    field_problems(st, p);
    text_field(st, "Title", p + "/title", string_at(e, "title"), TextKind::Line, out);
    text_field(st, "What happens next", p + "/text", string_at(e, "text"), TextKind::Multiline, out, true);
}

}  // namespace cp::ui
