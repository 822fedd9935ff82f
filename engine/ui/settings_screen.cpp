// Settings: the name or pseudonym written into records, font scale, theme, default mode, the scenario
// folders added to the library, and the learning record store (address, user, password, connection
// test). Saved to $XDG_CONFIG_HOME/counterpart/settings.json (the LRS password to its own 0600 file).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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
    heading(app.fonts().bold, "Scenario folders");
    muted_text(
        "The library shows the scenarios in each folder below. Add a folder of scenario files, such as one "
        "on a college's shared drive, with its policies in a policies folder inside it.");
    namespace fs = std::filesystem;
    auto missing = [](const std::string& path) {
        std::error_code ec;
        return fs::is_directory(path, ec) ? "" : "  (missing)";
    };
    for (const auto& folder : app.library().folders)
        if (folder.kind != FolderKind::Added)
            wrapped_text(std::string(folder_kind_label(folder.kind)) + ": " + folder.path + missing(folder.path));
    for (std::size_t i = 0; i < draft.scenario_folders.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(("added: " + draft.scenario_folders[i] + missing(draft.scenario_folders[i])).c_str());
        ImGui::SameLine();
        bool remove = button("Remove");
        ImGui::PopID();
        if (remove) {
            draft.scenario_folders.erase(draft.scenario_folders.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    static char folder[1024] = "";
    static std::string folder_message;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    bool add = ImGui::InputTextWithHint("##folder", "folder to add, e.g. /mnt/shared/scenarios", folder,
                                        sizeof folder, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    add = button("Add folder") || add;
    if (add) {
        std::string path = folder;
        path.erase(0, path.find_first_not_of(" \t"));
        path.erase(path.find_last_not_of(" \t") + 1);
        const char* home = std::getenv("HOME");
        if (path.rfind("~/", 0) == 0 && home) path = home + path.substr(1);
        std::error_code ec;
        if (path.empty()) {
            folder_message = "Type the folder's path first.";
        } else if (!fs::is_directory(path, ec)) {
            folder_message = "There is no folder at " + path + ".";
        } else if (std::find(draft.scenario_folders.begin(), draft.scenario_folders.end(), path) !=
                   draft.scenario_folders.end()) {
            folder_message = path + " is already in the list.";
        } else {
            draft.scenario_folders.push_back(path);
            folder_message = "Added " + path + ". Save to load its scenarios.";
            folder[0] = '\0';
        }
    }
    if (!folder_message.empty()) wrapped_text(folder_message);

    ImGui::Spacing();
    heading(app.fonts().bold, "Learning record store");
    muted_text(
        "Your college's LRS (xAPI), if it has one: finished sessions are sent there in the background, and "
        "in assessment mode each step as it happens. Leave the address empty to send nothing.");
    static char lrs_url[512], lrs_user[256], lrs_password[256];
    // Edits go straight into the draft, so a buffer differs from it only when the draft was reset (opened
    // again, cancelled): then the buffer follows the draft.
    if (draft.lrs_url != lrs_url) std::snprintf(lrs_url, sizeof lrs_url, "%s", draft.lrs_url.c_str());
    if (draft.lrs_user != lrs_user) std::snprintf(lrs_user, sizeof lrs_user, "%s", draft.lrs_user.c_str());
    if (draft.lrs_password != lrs_password)
        std::snprintf(lrs_password, sizeof lrs_password, "%s", draft.lrs_password.c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    if (ImGui::InputTextWithHint("Address##lrs", "https://lrs.college.example/xAPI", lrs_url, sizeof lrs_url))
        draft.lrs_url = lrs_url;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    if (ImGui::InputText("Key (user)##lrs", lrs_user, sizeof lrs_user)) draft.lrs_user = lrs_user;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    // Shown masked; saved in its own file only you can read (mode 0600), never in settings.json.
    if (ImGui::InputText("Secret (password)##lrs", lrs_password, sizeof lrs_password, ImGuiInputTextFlags_Password))
        draft.lrs_password = lrs_password;
    if (button("Test connection")) out.push_back({Intent::Kind::TestLrsConnection});
    if (std::string check = app.lrs_check_message(); !check.empty()) wrapped_text(check);
    if (std::string sending = app.lrs_status(); !sending.empty()) muted_text(sending);

    ImGui::Spacing();
    ImGui::Separator();
    if (button("Save (Enter)", true) || (key_pressed(ImGuiKey_Enter) && !ImGui::GetIO().WantTextInput))
        out.push_back({Intent::Kind::SaveSettings});
    ImGui::SameLine();
    if (button("Cancel (Esc)") || key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::CancelSettings});
}

}  // namespace cp::ui
