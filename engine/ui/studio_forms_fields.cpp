// The inspector's field rows: an aligned label column, the control, and lint's live problems at the field's
// JSON pointer beneath it. Text fields keep a draft while the tutor types and send one StudioSet when they
// leave the field, so every field edit is one undo step.
//
// Index: [State] [Helpers] [Problems] [Text fields] [Combos]
#include <algorithm>
#include <cfloat>
#include <cstdlib>

#include "studio_forms.hpp"
#include "widgets.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [State]
//-----------------------------------------------------------------------------------------------------------

FormsState& forms_state(Studio& st) {
    if (!st.forms) {
        st.forms = std::make_shared<FormsState>();
        st.forms->policies_dir = default_policy_dir(st.doc.path());
        Diagnostics ignored;  // lint reports broken policy files; the forms offer what loads
        st.forms->library.load_directory(st.forms->policies_dir, ignored);
        st.forms->need_rules = rules_by_need(st.forms->library);
    }
    return *st.forms;
}

const std::vector<PlaceholderInfo>& text_placeholders() {
    // What Session::render substitutes (runtime.cpp); lint warns about any other {name}.
    static const std::vector<PlaceholderInfo> list = {
        {"customer.name", "the customer's full name"},
        {"customer.address_as", "how the customer likes to be addressed"},
        {"date", "the simulated date (Tuesday 3 March 2026)"},
        {"time", "the simulated time of day"},
    };
    return list;
}

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

Intent set_intent(const std::string& pointer, const OrderedJson& value) {
    Intent i(Intent::Kind::StudioSet, -1, pointer);
    i.value = value.dump();
    return i;
}

std::string string_at(const OrderedJson& obj, const char* key) {
    return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : std::string();
}

const OrderedJson& array_at(const OrderedJson& obj, const char* key) {
    static const OrderedJson empty = OrderedJson::array();
    if (!obj.is_object()) return empty;
    auto it = obj.find(key);
    return it != obj.end() && it->is_array() ? *it : empty;
}

const OrderedJson& object_at(const OrderedJson& obj, const char* key) {
    static const OrderedJson empty = OrderedJson::object();
    if (!obj.is_object()) return empty;
    auto it = obj.find(key);
    return it != obj.end() && it->is_object() ? *it : empty;
}

void remember(const std::string& name) { note_click_target(name); }

bool remove_button(const std::string& pointer, std::vector<Intent>& out, const char* tip) {
    ImGui::PushID(("remove" + pointer).c_str());
    bool clicked = ImGui::SmallButton("\xE2\x9C\x95");  // ✕
    remember("remove:" + pointer);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    if (clicked) out.emplace_back(Intent::Kind::StudioRemove, -1, pointer);
    ImGui::PopID();
    return clicked;
}

void field_label(const char* label) {
    float start = ImGui::GetCursorPosX();
    float column = std::max(ImGui::GetFontSize() * 8.5f, start + ImGui::GetFontSize() * 5.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, colours().text_muted);
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
    // A label too long for the column (a long variable name) keeps its line; the control goes under it.
    if (ImGui::GetItemRectSize().x > column - start - ImGui::GetStyle().ItemSpacing.x)
        ImGui::SetCursorPosX(column);
    else
        ImGui::SameLine(column);
}

std::vector<std::string> target_ids(const OrderedJson& j) {
    std::vector<std::string> out;
    for (const char* list : {"nodes", "endings"})
        for (const auto& n : array_at(j, list)) {
            std::string id = string_at(n, "id");
            if (!id.empty()) out.push_back(id);
        }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Problems]
//-----------------------------------------------------------------------------------------------------------

void field_problems(Studio& st, const std::string& pointer, bool below) {
    auto checks = st.checks();
    // Only a result about this very revision: older ones may point at fields that have moved since.
    if (!checks || checks->revision != st.doc.revision()) return;
    for (const auto& p : checks->problems) {
        const std::string& at = p.where.json_path;
        bool here = at == pointer || (below && at.size() > pointer.size() && at.compare(0, pointer.size(), pointer) == 0 &&
                                      at[pointer.size()] == '/');
        if (!here) continue;
        bool error = p.severity == Severity::Error;
        ImGui::Indent(ImGui::GetFontSize() * 1.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, error ? colours().broken : colours().pending);
        wrapped_text(std::string(error ? "\xE2\x9C\x97 " : "! ") + p.message);  // ✗ or !, never colour alone
        ImGui::PopStyleColor();
        ImGui::Unindent(ImGui::GetFontSize() * 1.0f);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Text fields]
//-----------------------------------------------------------------------------------------------------------

namespace {

int keep_cursor(ImGuiInputTextCallbackData* data) {
    *static_cast<int*>(data->UserData) = data->CursorPos;
    return 0;
}

// The placeholder button beside a text field: inserts at the caret last seen in that field.
void placeholder_button(Studio& st, const std::string& pointer, const std::string& current, std::vector<Intent>& out) {
    FormsState& fs = forms_state(st);
    if (ImGui::SmallButton("{ }")) ImGui::OpenPopup("placeholders");
    remember("placeholders:" + pointer);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Insert a placeholder at the cursor");
    if (ImGui::BeginPopup("placeholders")) {
        muted_text("Filled in for each session:");
        for (const auto& ph : text_placeholders()) {
            std::string token = std::string("{") + ph.key + "}";
            if (ImGui::Selectable((token + "   " + ph.meaning).c_str())) {
                auto it = fs.cursor.find(pointer);
                std::size_t at = it == fs.cursor.end() ? current.size()
                                                       : std::min<std::size_t>(static_cast<std::size_t>(std::max(0, it->second)), current.size());
                std::string next = current;
                next.insert(at, token);
                fs.cursor[pointer] = static_cast<int>(at + token.size());
                out.push_back(set_intent(pointer, next));
            }
            remember("placeholder:" + pointer + ":" + ph.key);
        }
        ImGui::EndPopup();
    }
}

}  // namespace

void text_field(Studio& st, const char* label, const std::string& pointer, const std::string& current, TextKind kind,
                std::vector<Intent>& out, bool placeholders, const char* hint, bool optional) {
    FormsState& fs = forms_state(st);
    auto& drafts = st.view.drafts;
    auto it = drafts.find(pointer);
    if (it == drafts.end()) it = drafts.emplace(pointer, current).first;
    std::string& draft = it->second;
    std::vector<char> buffer(draft.begin(), draft.end());
    buffer.resize(draft.size() + 4096, '\0');
    ImGui::PushID(pointer.c_str());
    if (label) field_label(label);  // none: a table cell, sized by the caller's PushItemWidth
    bool highlighted = st.view.jump_to == pointer;
    if (highlighted) {
        ImGui::PushStyleColor(ImGuiCol_FrameBg, colours().pending);
        ImGui::SetScrollHereY();
        ImGui::SetKeyboardFocusHere();
        st.view.jump_to.clear();
    }
    float button_w = placeholders ? ImGui::CalcTextSize("{ }").x + ImGui::GetStyle().FramePadding.x * 2 +
                                        ImGui::GetStyle().ItemSpacing.x
                                  : 0.0f;
    float width = placeholders ? -button_w : -FLT_MIN;  // to the right edge (0 would mean ImGui's default width)
    int& caret = fs.cursor[pointer];
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackAlways;
    if (kind == TextKind::Number) flags |= ImGuiInputTextFlags_CharsDecimal;
    bool changed;
    if (kind == TextKind::Multiline) {
        changed = ImGui::InputTextMultiline("##field", buffer.data(), buffer.size(),
                                            ImVec2(width, ImGui::GetTextLineHeight() * 3.6f), flags, keep_cursor, &caret);
    } else {
        if (label) ImGui::SetNextItemWidth(kind == TextKind::Number ? ImGui::GetFontSize() * 6 : width);
        changed = ImGui::InputTextWithHint("##field", hint, buffer.data(), buffer.size(), flags, keep_cursor, &caret);
    }
    remember("field:" + pointer);
    if (highlighted) ImGui::PopStyleColor();
    if (changed) draft = buffer.data();
    if (ImGui::IsItemDeactivatedAfterEdit() && draft != current) {
        if (kind != TextKind::Number) {
            out.push_back(set_intent(pointer, draft));
        } else if (draft.empty()) {
            if (optional) out.emplace_back(Intent::Kind::StudioRemove, -1, pointer);
        } else {
            char* end = nullptr;
            long n = std::strtol(draft.c_str(), &end, 10);
            if (end && *end == '\0' && n > -1000000000L && n < 1000000000L) out.push_back(set_intent(pointer, n));
        }
    }
    if (!ImGui::IsItemActive()) drafts.erase(pointer);  // not typing: show the document (after undo, reload)
    if (placeholders) {
        ImGui::SameLine();
        placeholder_button(st, pointer, current, out);
    }
    ImGui::PopID();
    field_problems(st, pointer);
}

//-----------------------------------------------------------------------------------------------------------
// [Combos]
//-----------------------------------------------------------------------------------------------------------

void combo_field(Studio& st, const char* label, const std::string& pointer, const std::string& current,
                 const std::vector<std::string>& options, std::vector<Intent>& out, const char* none) {
    ImGui::PushID(pointer.c_str());
    field_label(label);
    ImGui::SetNextItemWidth(-1);
    std::string shown = current.empty() ? (none ? none : "(none)") : current;
    bool open = ImGui::BeginCombo("##combo", shown.c_str());
    remember("combo:" + pointer);
    if (open) {
        if (none) {
            if (ImGui::Selectable(none, current.empty()) && !current.empty())
                out.emplace_back(Intent::Kind::StudioRemove, -1, pointer);
            remember("option:" + pointer + ":");
        }
        for (const auto& o : options) {
            if (ImGui::Selectable(o.c_str(), o == current) && o != current) out.push_back(set_intent(pointer, o));
            remember("option:" + pointer + ":" + o);
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    field_problems(st, pointer);
}

}  // namespace cp::ui
