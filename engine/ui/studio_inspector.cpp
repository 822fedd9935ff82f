// The studio's inspector: forms, not JSON, for what is selected on the graph. A node: its id (renamed with
// every reference), its lines (speaker and text), where it goes next or its choices, and adding a line or a
// choice. A choice: text, grade and reason, next, condition, mood, feedback, and actions picked from a
// searchable palette grouped by policy, each with the rules that judge it; with the live checks' verdict on
// paths through it (can pass, best and worst score). An ending: title and text.
//
// Index: [Fields] [Choice] [Node] [Panel]
#include <cctype>
#include <cstring>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

using K = Intent::Kind;

Intent set_intent(const std::string& pointer, const OrderedJson& value) {
    Intent i(K::StudioSet, -1, pointer);
    i.value = value.dump();
    return i;
}

std::string string_at(const OrderedJson& obj, const char* key) {
    return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : std::string();
}

//-----------------------------------------------------------------------------------------------------------
// [Fields]
//-----------------------------------------------------------------------------------------------------------

// A text field bound to `pointer`: its draft lives in the view while the tutor types, and one StudioSet goes
// out when they leave the field (so one undo step per field edit, not per keystroke).
void text_field(Studio& st, const char* label, const std::string& pointer, const std::string& current,
                bool multiline, std::vector<Intent>& out) {
    auto& drafts = st.view.drafts;
    auto it = drafts.find(pointer);
    if (it == drafts.end()) it = drafts.emplace(pointer, current).first;
    std::string& draft = it->second;
    std::vector<char> buffer(draft.begin(), draft.end());
    buffer.resize(draft.size() + 4096, '\0');
    ImGui::PushID(pointer.c_str());
    ImGui::TextUnformatted(label);
    bool highlighted = st.view.jump_to == pointer;
    if (highlighted) {
        ImGui::PushStyleColor(ImGuiCol_FrameBg, colours().pending);
        ImGui::SetScrollHereY();
        ImGui::SetKeyboardFocusHere();
        st.view.jump_to.clear();
    }
    bool changed = multiline ? ImGui::InputTextMultiline("##field", buffer.data(), buffer.size(),
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 4))
                             : (ImGui::SetNextItemWidth(-1), ImGui::InputText("##field", buffer.data(), buffer.size()));
    if (highlighted) ImGui::PopStyleColor();
    if (changed) draft = buffer.data();
    if (ImGui::IsItemDeactivatedAfterEdit() && draft != current)
        out.push_back(set_intent(pointer, draft));
    if (!ImGui::IsItemActive()) drafts.erase(pointer);  // not typing: show the document (after undo, reload)
    ImGui::PopID();
}

// A combo over `options`, bound to `pointer`.
void combo_field(const char* label, const std::string& pointer, const std::string& current,
                 const std::vector<std::string>& options, std::vector<Intent>& out) {
    ImGui::PushID(pointer.c_str());
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##combo", current.empty() ? "(none)" : current.c_str())) {
        for (const auto& o : options)
            if (ImGui::Selectable(o.c_str(), o == current) && o != current) out.push_back(set_intent(pointer, o));
        ImGui::EndCombo();
    }
    ImGui::PopID();
}

std::vector<std::string> targets(const OrderedJson& j) {
    std::vector<std::string> out;
    for (const char* list : {"nodes", "endings"})
        for (const auto& n : j.value(list, OrderedJson::array())) {
            std::string id = string_at(n, "id");
            if (!id.empty()) out.push_back(id);
        }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Choice]
//-----------------------------------------------------------------------------------------------------------

void action_palette(Studio& st, const std::string& pointer, const OrderedJson& actions, std::vector<Intent>& out) {
    ImGui::TextUnformatted("Add an action");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##palette", "search actions and rules", st.view.palette_search,
                             sizeof st.view.palette_search);
    std::string query = st.view.palette_search;
    for (auto& c : query) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string group;
    bool open = false;
    for (const auto& a : st.palette()) {
        std::string hay = a.id + " " + a.label + " " + a.origin;
        for (const auto& r : a.rules) hay += " " + r;
        for (auto& c : hay) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!query.empty() && hay.find(query) == std::string::npos) continue;
        if (a.origin != group) {
            group = a.origin;
            open = ImGui::TreeNodeEx(("policy: " + group).c_str(),
                                     ImGuiTreeNodeFlags_NoTreePushOnOpen | (query.empty() ? 0 : ImGuiTreeNodeFlags_DefaultOpen));
        }
        if (!open) continue;
        ImGui::PushID((a.origin + a.id).c_str());
        if (ImGui::SmallButton("+")) {
            OrderedJson next = actions.is_array() ? actions : OrderedJson::array();
            next.push_back(a.id);
            out.push_back(set_intent(pointer + "/actions", next));
        }
        ImGui::SameLine();
        ImGui::TextWrapped("%s: %s", a.id.c_str(), a.label.c_str());
        if (!a.rules.empty() && ImGui::IsItemHovered()) {
            std::string tip = "Judged by:";
            for (const auto& r : a.rules) tip += "\n  " + r;
            ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::PopID();
    }
}

void choice_form(Studio& st, const std::string& p, const OrderedJson& c, std::vector<Intent>& out) {
    std::string id = string_at(c, "id");
    heading(nullptr, "Choice " + id);
    if (auto checks = st.checks()) {
        if (const ChoiceOutcomes* o = checks->choice(id)) {
            std::string line = !o->offered ? "Never offered on any path."
                               : !o->ends  ? "Offered, but no path through it ends."
                                           : std::string(o->can_pass ? "Paths through it can pass" : "No path through it passes") +
                                                 "; scores " + std::to_string(o->min_score) + "% to " +
                                                 std::to_string(o->max_score) + "%.";
            ImGui::PushStyleColor(ImGuiCol_Text, o->can_pass ? colours().kept : colours().broken);
            wrapped_text(line);
            ImGui::PopStyleColor();
        } else if (!checks->loaded) {
            muted_text("Live outcomes appear when the scenario loads without errors.");
        }
    }
    text_field(st, "Text (what the officer says or does)", p + "/text", string_at(c, "text"), true, out);
    combo_field("Grade", p + "/grade", string_at(c, "grade"), {"best", "acceptable", "poor", "unsafe"}, out);
    text_field(st, "Why this grade", p + "/grade_reason", string_at(c, "grade_reason"), false, out);
    combo_field("Next", p + "/next", string_at(c, "next"), targets(st.doc.json()), out);
    text_field(st, "Condition (offered only when it holds)", p + "/condition", string_at(c, "condition"), false, out);
    ImGui::TextUnformatted("Mood change (never scored)");
    int mood = c.value("mood", OrderedJson(0)).is_number_integer() ? c.value("mood", 0) : 0;
    ImGui::SetNextItemWidth(-1);
    ImGui::PushID((p + "/mood").c_str());
    ImGui::SliderInt("##mood", &mood, -100, 100);
    if (ImGui::IsItemDeactivatedAfterEdit()) out.push_back(set_intent(p + "/mood", mood));
    ImGui::PopID();
    text_field(st, "Feedback (practice mode shows it after the choice)", p + "/feedback", string_at(c, "feedback"), true, out);
    ImGui::TextUnformatted("Actions");
    const OrderedJson& actions = c.value("actions", OrderedJson::array());
    for (std::size_t i = 0; i < actions.size(); ++i) {
        std::string name = actions[i].is_string() ? actions[i].get<std::string>() : string_at(actions[i], "id");
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("x")) {
            Intent remove(K::StudioRemove, -1, p + "/actions/" + std::to_string(i));
            out.push_back(remove);
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(actions[i].is_string() ? name.c_str() : (name + " " + actions[i].dump()).c_str());
        ImGui::PopID();
    }
    action_palette(st, p, actions, out);
}

//-----------------------------------------------------------------------------------------------------------
// [Node]
//-----------------------------------------------------------------------------------------------------------

void node_form(Studio& st, const std::string& p, const OrderedJson& n, std::vector<Intent>& out) {
    std::string id = string_at(n, "id");
    heading(nullptr, "Node " + id);
    auto& rename = st.view.drafts["rename:" + id];
    std::vector<char> buffer(rename.begin(), rename.end());
    buffer.resize(rename.size() + 128, '\0');
    ImGui::SetNextItemWidth(200);
    if (ImGui::InputTextWithHint("##rename", "new id", buffer.data(), buffer.size())) rename = buffer.data();
    ImGui::SameLine();
    if (button("Rename") && !rename.empty()) {
        Intent i(K::StudioRename, -1, id);
        i.value = OrderedJson(rename).dump();
        out.push_back(i);
    }
    const OrderedJson& lines = n.value("lines", OrderedJson::array());
    std::vector<std::string> speakers = {"narrator", "customer"};
    for (const auto& c : st.doc.json().value("cast", OrderedJson::array())) speakers.push_back(string_at(c, "id"));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string lp = p + "/lines/" + std::to_string(i);
        combo_field(("Line " + std::to_string(i + 1) + ": speaker").c_str(), lp + "/speaker",
                    string_at(lines[i], "speaker"), speakers, out);
        text_field(st, "Text", lp + "/text", string_at(lines[i], "text"), true, out);
    }
    if (button("Add a line")) {
        Intent i(K::StudioAddLine, -1, id);
        i.value = R"({"speaker": "customer", "text": ""})";
        out.push_back(i);
    }
    if (n.contains("next")) {
        combo_field("Goes straight on to", p + "/next", string_at(n, "next"), targets(st.doc.json()), out);
    } else {
        ImGui::TextUnformatted("Choices");
        const OrderedJson& choices = n.value("choices", OrderedJson::array());
        for (const auto& c : choices) {
            std::string cid = string_at(c, "id");
            if (ImGui::Selectable(("[" + string_at(c, "grade") + "] " + cid).c_str(), st.doc.selection.choice == cid)) {
                Intent i(K::StudioSelect, -1, id);
                i.value = OrderedJson(cid).dump();
                out.push_back(i);
            }
        }
        if (button("Add a choice")) {
            std::string new_id = "c-" + id + "-" + std::to_string(choices.size() + 1);
            Intent i(K::StudioAddChoice, -1, id);
            i.value = OrderedJson{{"id", new_id}, {"text", ""}, {"next", id}}.dump();
            out.push_back(i);
        }
    }
    if (button("Remove this node")) out.emplace_back(K::StudioRemove, -1, p);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Panel]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_inspector(App& app, Studio& st, std::vector<Intent>& out) {
    (void)app;
    const ScenarioDocument& doc = st.doc;
    const StudioSelection& sel = doc.selection;
    if (!sel.choice.empty()) {
        std::string p = doc.choice_pointer(sel.choice);
        if (!p.empty()) {
            if (button("< node")) {
                Intent i(K::StudioSelect, -1, sel.node);
                i.value = "null";
                out.push_back(i);
            }
            choice_form(st, p, doc.json().at(OrderedJson::json_pointer(p)), out);
            return;
        }
    }
    if (!sel.node.empty()) {
        if (std::string p = doc.node_pointer(sel.node); !p.empty()) {
            node_form(st, p, doc.json().at(OrderedJson::json_pointer(p)), out);
            return;
        }
        if (std::string p = doc.ending_pointer(sel.node); !p.empty()) {
            const OrderedJson& e = doc.json().at(OrderedJson::json_pointer(p));
            heading(nullptr, "Ending " + sel.node);
            text_field(st, "Title", p + "/title", string_at(e, "title"), false, out);
            text_field(st, "What happens next", p + "/text", string_at(e, "text"), true, out);
            return;
        }
    }
    heading(nullptr, "Scenario");
    muted_text("Select a node or an ending on the graph to edit it.");
    text_field(st, "Title", "/title", string_at(doc.json(), "title"), false, out);
    text_field(st, "Brief", "/brief", string_at(doc.json(), "brief"), true, out);
    auto& new_id = st.view.drafts["new-node"];
    std::vector<char> buffer(new_id.begin(), new_id.end());
    buffer.resize(new_id.size() + 128, '\0');
    ImGui::SetNextItemWidth(200);
    if (ImGui::InputTextWithHint("##newnode", "new node id", buffer.data(), buffer.size())) new_id = buffer.data();
    ImGui::SameLine();
    if (button("Add node") && !new_id.empty()) out.emplace_back(K::StudioAddNode, -1, new_id);
    ImGui::SameLine();
    if (button("Add ending") && !new_id.empty()) {
        Intent i(K::StudioAddEnding, -1, new_id);
        i.value = OrderedJson(new_id).dump();
        out.push_back(i);
    }
}

}  // namespace cp::ui
