// Settings: the name or pseudonym written into records, font scale, theme, default mode. Saved to
// $XDG_CONFIG_HOME/counterpart/settings.json.
#include <cstring>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

void draw_settings(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    Settings& draft = app.draft_settings();
    draw_top_bar(app, out, false);
    heading(app.fonts().heading, "Settings");
    ImGui::Spacing();

    heading(app.fonts().bold, "Your name or pseudonym");
    muted_text(
        "Written into every session record, so an assessor can tell whose evidence it is. A pseudonym is "
        "fine.");
    static char name[128];
    static const Settings* bound = nullptr;
    if (bound != &draft || view.focus_first) {
        std::strncpy(name, draft.learner.c_str(), sizeof name - 1);
        name[sizeof name - 1] = '\0';
        bound = &draft;
    }
    if (view.focus_first) {
        ImGui::SetKeyboardFocusHere();
        view.focus_first = false;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::InputText("##learner", name, sizeof name)) draft.learner = name;

    ImGui::Spacing();
    heading(app.fonts().bold, "Text size");
    int percent = static_cast<int>(draft.font_scale * 100.0f + 0.5f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::SliderInt("##scale", &percent, 75, 200, "%d%%"))
        draft.font_scale = static_cast<float>(percent) / 100.0f;
    muted_text(
        "Use the arrow keys while the slider has focus. The window also follows your monitor's scaling.");

    ImGui::Spacing();
    heading(app.fonts().bold, "Theme");
    if (chip("Light", draft.theme == ThemeKind::Light)) draft.theme = ThemeKind::Light;
    ImGui::SameLine();
    if (chip("Dark", draft.theme == ThemeKind::Dark)) draft.theme = ThemeKind::Dark;
    ImGui::SameLine();
    if (chip("High contrast", draft.theme == ThemeKind::HighContrast)) draft.theme = ThemeKind::HighContrast;

    ImGui::Spacing();
    heading(app.fonts().bold, "Mode offered first");
    if (chip("Practice (feedback after each choice)", draft.default_mode == "practice"))
        draft.default_mode = "practice";
    ImGui::SameLine();
    if (chip("Assessment (feedback only at the end)", draft.default_mode == "assessment"))
        draft.default_mode = "assessment";

    ImGui::Spacing();
    ImGui::Separator();
    if (button("Save (Enter)", true) || (key_pressed(ImGuiKey_Enter) && !ImGui::GetIO().WantTextInput))
        out.push_back({Intent::Kind::SaveSettings});
    ImGui::SameLine();
    if (button("Cancel (Esc)") || key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::CancelSettings});
}

}  // namespace cp::ui
