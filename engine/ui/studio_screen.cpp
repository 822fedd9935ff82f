// The studio screen: a toolbar (undo, redo, save, layout, close), the recovery offer, and the three panels
// (graph, inspector, problems). Also App::apply_studio, the one place studio intents change anything.
//
// Index: [Intents] [Screen]
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app.hpp"
#include "studio_playtest.hpp"
#include "widgets.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Intents]
//-----------------------------------------------------------------------------------------------------------

namespace {

OrderedJson parse_value(const std::string& text) {
    try {
        return text.empty() ? OrderedJson() : OrderedJson::parse(text);
    } catch (const nlohmann::json::exception&) {
        return OrderedJson();
    }
}

// The node (or ending) and choice a JSON pointer is inside, by id.
StudioSelection selection_at(const ScenarioDocument& doc, const std::string& pointer) {
    StudioSelection sel;
    const OrderedJson& j = doc.json();
    unsigned n = 0, c = 0;
    char list[16] = "";
    int got = std::sscanf(pointer.c_str(), "/%15[a-z]/%u/choices/%u", list, &n, &c);
    std::string which = list;
    if (got >= 2 && (which == "nodes" || which == "endings") && j.contains(which) && n < j[which].size()) {
        sel.node = j[which][n].value("id", std::string());
        if (got == 3 && which == "nodes") {
            const auto& choices = j[which][n].value("choices", OrderedJson::array());
            if (c < choices.size()) sel.choice = choices[c].value("id", std::string());
        }
    }
    return sel;
}

}  // namespace

void App::apply_studio(const Intent& intent) {
    using K = Intent::Kind;
    if (intent.kind == K::StudioMode) {
        studio_mode_ = intent.index == 1;
        return;
    }
    if (intent.kind == K::OpenStudio) {
        std::string path = intent.text;
        if (path.empty() && selected_ >= 0) path = library_.scenarios[static_cast<std::size_t>(selected_)]->file;
        std::string error;
        auto studio = Studio::open(path, error);
        if (!studio) {
            status_ = "Cannot open the scenario in the studio: " + error;
            return;
        }
        studio_ = std::move(studio);
        go(Screen::Studio);
        status_ = studio_->status;
        return;
    }
    if (apply_studio_files(*this, intent)) return;  // files and rules: studio_files.cpp
    if (!studio_) return;
    if (apply_playtest(intent)) return;
    Studio& st = *studio_;
    ScenarioDocument& doc = st.doc;
    OrderedJson value = parse_value(intent.value);
    std::uint64_t before = doc.revision();
    bool ok = true;
    switch (intent.kind) {
        case K::CloseStudio: {
            std::string error;
            doc.autosave(error);  // unsaved edits survive in the recovery file
            studio_.reset();
            load_scenarios();
            rescan_sessions();
            go(Screen::Library);
            return;
        }
        case K::StudioSet:
            ok = doc.set(intent.text, value);
            break;
        case K::StudioRemove:
            ok = doc.remove(intent.text);
            break;
        case K::StudioAddNode:
            ok = doc.add_node(intent.text);
            if (ok) doc.selection = {intent.text, ""};
            break;
        case K::StudioAddEnding:
            ok = doc.add_ending(intent.text, value.is_string() ? value.get<std::string>() : intent.text);
            if (ok) doc.selection = {intent.text, ""};
            break;
        case K::StudioAddChoice:
            ok = value.is_object() && doc.add_choice(intent.text, value.value("id", ""), value.value("text", ""),
                                                     value.value("next", ""));
            if (ok) doc.selection = {intent.text, value.value("id", "")};
            break;
        case K::StudioAddLine:
            ok = value.is_object() && doc.add_line(intent.text, value.value("speaker", "narrator"), value.value("text", ""));
            break;
        case K::StudioRename:
            ok = value.is_string() && doc.rename_node(intent.text, value.get<std::string>());
            break;
        case K::StudioSelect:
            doc.selection = {intent.text, value.is_string() ? value.get<std::string>() : std::string()};
            st.view.drafts.clear();
            return;
        case K::StudioJump:
            doc.selection = selection_at(doc, intent.text);
            st.view.jump_to = intent.text;
            st.view.drafts.clear();
            return;
        case K::StudioMoveNode:
            if (value.is_array() && value.size() == 2 && value[0].is_number() && value[1].is_number())
                doc.layout().positions[intent.text] = {value[0].get<float>(), value[1].get<float>()};
            return;
        case K::StudioUndo:
            ok = doc.undo();
            break;
        case K::StudioRedo:
            ok = doc.redo();
            break;
        case K::StudioSave:
            ok = save_studio(st);  // studio_files.cpp: warns of an unbumped change, notes a bump in the changelog
            break;
        case K::StudioRecover: {
            std::string error;
            ok = doc.recover(error);
            st.status = ok ? "Recovered the unsaved edits (undo takes them back)." : error;
            break;
        }
        case K::StudioDiscardRecovery:
            doc.discard_recovery();
            st.status.clear();
            return;
        case K::StudioReload: {
            std::string error;
            ok = doc.reload(error);
            st.status = ok ? "Reloaded the file from disk (undo brings your version back)." : "Could not reload: " + error;
            break;
        }
        case K::StudioAutoLayout:
            doc.layout().positions.clear();
            st.auto_layout();
            return;
        default:
            return;
    }
    if (!ok && !doc.last_error().empty()) st.status = doc.last_error();
    if (doc.revision() != before) {
        st.view.drafts.clear();
        st.auto_layout();  // new nodes get a place
        st.submit_checks();
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------

void draw_studio(App& app, std::vector<Intent>& out) {
    Studio* st = app.studio();
    if (!st) return;
    using K = Intent::Kind;
    st->tick(std::chrono::steady_clock::now());
    // Drawn inside the app's window, like every screen.
    ScenarioDocument& doc = st->doc;
    // Toolbar.
    if (button("Close")) out.emplace_back(K::CloseStudio);
    ImGui::SameLine();
    ImGui::BeginDisabled(!doc.can_undo());
    if (button("Undo")) out.emplace_back(K::StudioUndo);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!doc.can_redo());
    if (button("Redo")) out.emplace_back(K::StudioRedo);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (button(doc.dirty() || doc.layout_dirty() ? "Save *" : "Save", doc.dirty())) out.emplace_back(K::StudioSave);
    ImGui::SameLine();
    if (button("Lay out again")) out.emplace_back(K::StudioAutoLayout);
    ImGui::SameLine();
    draw_studio_playtest_buttons(app, *st, out);
    std::string title = doc.json().value("title", std::string()) + "  (" + doc.path() + ")";
    muted_text(title);
    ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && !io.WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z))) out.emplace_back(io.KeyShift ? K::StudioRedo : K::StudioUndo);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y))) out.emplace_back(K::StudioRedo);
        if (ImGui::IsKeyPressed('S')) out.emplace_back(K::StudioSave);  // GLFW's key code for S is 'S'
    }
    if (doc.recovery_offered()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours().broken);
        wrapped_text("Unsaved edits from an earlier session were found for this scenario.");
        ImGui::PopStyleColor();
        if (button("Recover them", true)) out.emplace_back(K::StudioRecover);
        ImGui::SameLine();
        if (button("Discard them")) out.emplace_back(K::StudioDiscardRecovery);
    } else if (!st->status.empty()) {
        muted_text(st->status);
        if (st->status.rfind("The file changed on disk while", 0) == 0) {
            ImGui::SameLine();
            if (button("Reload from disk")) out.emplace_back(K::StudioReload);
        }
    }
    float inspector_width = std::max(360.0f, ImGui::GetContentRegionAvail().x * (studio_playtest_open(*st) ? 0.42f : 0.32f));
    float problems_height = std::max(140.0f, ImGui::GetContentRegionAvail().y * 0.24f);
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("graph", ImVec2(avail.x - inspector_width - 8, avail.y - problems_height - 8), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    draw_studio_graph(app, *st, out);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("inspector", ImVec2(inspector_width, avail.y - problems_height - 8), true);
    if (studio_playtest_open(*st))
        draw_studio_playtest(app, *st, out);
    else
        draw_studio_side(app, *st, out);  // the inspector, the rules or the file actions
    ImGui::EndChild();
    ImGui::BeginChild("problems", ImVec2(avail.x, problems_height), true);
    draw_studio_checks_tabs(app, *st, out);
    ImGui::EndChild();
}

}  // namespace cp::ui
