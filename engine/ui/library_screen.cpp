// Library: scenario cards with search and topic filter, best result so far, where each scenario comes from
// (bundled, the user's folder, a folder added in Settings; a shared id is marked on both cards), unfinished
// sessions to resume, and, when nothing was found, every folder searched and how to add one.
#include <algorithm>
#include <cctype>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool matches(const Scenario& s, const std::string& query, const std::string& topic) {
    if (!topic.empty() && std::find(s.topics.begin(), s.topics.end(), topic) == s.topics.end()) return false;
    if (query.empty()) return true;
    std::string hay = s.title + " " + s.setting + " " + s.brief + " " + s.id;
    for (const auto& t : s.topics) hay += " " + t;
    for (const auto& c : s.customers) hay += " " + c.name;
    return lower(hay).find(lower(query)) != std::string::npos;
}

std::string topic_label(const std::string& topic) {
    std::string out = topic;
    std::replace(out.begin(), out.end(), '-', ' ');
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

// One card: the whole card is a button (click, or Enter while focused).
bool scenario_card(const App& app, const Scenario& s, int index, float width, float height) {
    const Palette& p = colours();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushID(index);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::InvisibleButton("card", ImVec2(width, height));
    bool focused = ImGui::IsItemFocused(), hovered = ImGui::IsItemHovered();
    if (focused && key_pressed(ImGuiKey_Enter)) pressed = true;
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 end(pos.x + width, pos.y + height);
    dl->AddRectFilled(pos, end, ImGui::GetColorU32(hovered || focused ? p.button : p.card_bg),
                      style.ChildRounding);
    dl->AddRect(pos, end, ImGui::GetColorU32(focused ? p.focus : p.border), style.ChildRounding, 0,
                focused ? 2.5f : 1.0f);
    dl->PushClipRect(pos, end, true);
    float pad = style.WindowPadding.x, line = ImGui::GetTextLineHeightWithSpacing();
    float wrap = width - 2 * pad;
    ImVec2 at(pos.x + pad, pos.y + style.WindowPadding.y);
    ImFont* bold = app.fonts().bold ? app.fonts().bold : ImGui::GetFont();
    ImVec2 title_size = bold->CalcTextSizeA(ImGui::GetFontSize() * 1.08f, FLT_MAX, wrap, s.title.c_str());
    dl->AddText(bold, ImGui::GetFontSize() * 1.08f, at, ImGui::GetColorU32(p.heading), s.title.c_str(),
                nullptr, wrap);
    at.y += title_size.y + style.ItemSpacing.y * 0.6f;
    std::string topics;
    for (const auto& t : s.topics) topics += (topics.empty() ? "" : "  \u00b7  ") + topic_label(t);
    dl->AddText(at, ImGui::GetColorU32(p.text_muted), topics.c_str());
    at.y += line;
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, ImGui::GetColorU32(p.text), s.setting.c_str(),
                nullptr, wrap);
    at.y += ImGui::CalcTextSize(s.setting.c_str(), nullptr, false, wrap).y + style.ItemSpacing.y * 0.4f;
    std::string customer = "Customer: " + s.customers.front().name;
    if (s.customers.size() > 1) customer += " or " + std::to_string(s.customers.size() - 1) + " other";
    dl->AddText(at, ImGui::GetColorU32(p.text), customer.c_str());
    at.y += line;
    // Where it comes from: said only for scenarios outside the bundled library, and always when another
    // scenario shares its id (with an icon and a word, not colour alone).
    const LoadedLibrary& lib = app.library();
    auto here = static_cast<std::size_t>(index);
    FolderKind kind = lib.folder(here).kind;
    bool clash = !lib.same_id_as(here).empty();
    if (kind != FolderKind::Bundled || clash) {
        std::string origin = std::string("From ") + folder_kind_label(kind);
        if (clash) origin = "! SAME ID as another scenario \u00b7 " + origin;
        dl->AddText(at, ImGui::GetColorU32(clash ? p.broken : p.text_muted), origin.c_str());
    }
    // Footer: length, difficulty, best result.
    ImVec2 foot(pos.x + pad, end.y - style.WindowPadding.y - line);
    std::string meta = "About " + std::to_string(s.estimated_minutes) + " min  \u00b7  " + s.difficulty;
    dl->AddText(foot, ImGui::GetColorU32(p.text_muted), meta.c_str());
    BestResult best = app.best_result(s.id);
    std::string result = best.any ? std::string("Best: ") + std::to_string(best.score) + "%  " +
                                        (best.passed ? "\u2713 PASS" : "\u2717 FAIL")
                                  : "Not tried yet";
    ImVec4 colour = best.any ? (best.passed ? p.kept : p.broken) : p.text_muted;
    float rw = ImGui::CalcTextSize(result.c_str()).x;
    dl->AddText(ImVec2(end.x - pad - rw, foot.y), ImGui::GetColorU32(colour), result.c_str());
    dl->PopClipRect();
    return pressed;
}

}  // namespace

void draw_top_bar(App& app, std::vector<Intent>& out, bool show_settings) {
    const Palette& p = colours();
    ImGui::PushFont(app.fonts().title ? app.fonts().title : ImGui::GetFont());
    ImGui::PushStyleColor(ImGuiCol_Text, p.heading);
    ImGui::TextUnformatted("Counterpart");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SameLine();
    std::string who =
        "Learner: " + (app.settings().learner.empty() ? std::string("not set") : app.settings().learner);
    float settings_w =
        show_settings ? ImGui::CalcTextSize("Settings").x + ImGui::GetStyle().FramePadding.x * 2 : 0;
    // The assessor's workspace is a mode of the same app, chosen from the start screen.
    const char* assess = "Assessor's workspace";
    bool show_assess = show_settings && app.screen() == Screen::Library;
    if (show_assess)
        settings_w += ImGui::CalcTextSize(assess).x + ImGui::GetStyle().FramePadding.x * 2 +
                      ImGui::GetStyle().ItemSpacing.x;
    float who_w = ImGui::CalcTextSize(who.c_str()).x;
    float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SetCursorPosX(right - who_w - settings_w - ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(who.c_str());
    ImGui::PopStyleColor();
    if (show_assess) {
        ImGui::SameLine();
        if (button(assess)) out.push_back({Intent::Kind::OpenWorkspace});
    }
    if (show_settings) {
        ImGui::SameLine();
        if (button("Settings")) out.push_back({Intent::Kind::OpenSettings});
    }
    ImGui::Separator();
}

void draw_library(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    const Palette& p = colours();
    draw_top_bar(app, out, true);
    // The studio is a mode of the library: with it on, a card opens its scenario for editing.
    if (chip(app.studio_mode() ? "Studio: a card opens its scenario for editing" : "Studio: write scenarios",
             app.studio_mode()))
        out.push_back({Intent::Kind::StudioMode, app.studio_mode() ? 0 : 1});
    muted_text(
        "Role-play practice for public-service customer service. Every choice is judged against procedure "
        "and the law, not against how pleased the customer is.");
    if (!app.status_message().empty()) wrapped_text(app.status_message());
    // Statements waiting for the learning record store (or a reason they cannot be sent) are not kept quiet.
    if (std::string lrs = app.lrs_status(); !lrs.empty() && lrs != kLrsAllSent)
        wrapped_text("Learning record store: " + lrs);
    if (app.library_problems().has_errors())
        muted_text(
            "Some scenario files have errors and are not shown. A tutor can list them with: counterpart "
            "lint");
    for (const auto& clash : app.library().id_clashes())
        wrapped_text("! Two scenarios share an id, so records cannot tell them apart; rename one. The " +
                     clash);

    if (!app.unfinished().empty()) {
        ImGui::Spacing();
        heading(app.fonts().bold, "Unfinished sessions");
        int i = 0;
        for (const auto& u : app.unfinished()) {
            ImGui::PushID(i);
            std::string label = "Resume: " + u.scenario_title + "  (" + u.mode + ", " +
                                std::to_string(u.steps) + (u.steps == 1 ? " step" : " steps") +
                                " done, started " + u.started_at.substr(0, 10) + ")";
            if (wrapped_button("resume", label, ImGui::GetContentRegionAvail().x))
                out.push_back({Intent::Kind::ResumeSession, i});
            ImGui::PopID();
            ++i;
        }
    }

    ImGui::Spacing();
    heading(app.fonts().bold, "Scenarios");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Search");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(
        std::min(360.0f * ImGui::GetFontSize() / 17.0f, ImGui::GetContentRegionAvail().x * 0.4f));
    if (typed_slash()) ImGui::SetKeyboardFocusHere();
    bool search_enter = ImGui::InputTextWithHint(
        "##search", "title, topic, customer (press /)", view.search, sizeof view.search,
        ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    ImGui::SameLine();
    ImGui::TextUnformatted("  Topic");
    auto topics = app.topics();
    ImGui::SameLine();
    if (chip("All", view.topic_filter < 0)) view.topic_filter = -1;
    for (std::size_t t = 0; t < topics.size(); ++t) {
        std::string label = topic_label(topics[t]);
        float w = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetFontSize() * 2 +
                  ImGui::GetStyle().FramePadding.x * 2;
        if (ImGui::GetItemRectMax().x + w < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
        if (chip(label.c_str(), view.topic_filter == static_cast<int>(t)))
            view.topic_filter = static_cast<int>(t);
    }

    ImGui::Spacing();
    ImGui::BeginChild("cards", ImVec2(0, 0), false);
    std::string topic = view.topic_filter >= 0 && view.topic_filter < static_cast<int>(topics.size())
                            ? topics[static_cast<std::size_t>(view.topic_filter)]
                            : "";
    float avail = ImGui::GetContentRegionAvail().x;
    float min_card = 360.0f * ImGui::GetFontSize() / 17.0f;
    int columns = std::max(1, static_cast<int>(avail / min_card));
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float card_w = (avail - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float card_h = ImGui::GetTextLineHeightWithSpacing() * 8.2f;
    int shown = 0;
    for (std::size_t i = 0; i < app.scenarios().size(); ++i) {
        const Scenario& s = *app.scenarios()[i];
        if (!matches(s, view.search, topic)) continue;
        if (shown % columns != 0) ImGui::SameLine();
        if (view.focus_first && shown == 0) {
            ImGui::SetKeyboardFocusHere();
            view.focus_first = false;
        }
        bool open = scenario_card(app, s, static_cast<int>(i), card_w, card_h);
        if (open || (search_enter && shown == 0))
            out.push_back({Intent::Kind::OpenScenario, static_cast<int>(i)});
        ++shown;
    }
    if (shown == 0 && app.scenarios().empty()) {
        wrapped_text(empty_library_message(app.library(), true));
        if (view.focus_first) {
            ImGui::SetKeyboardFocusHere();
            view.focus_first = false;
        }
        if (button("Add a scenario folder in Settings")) out.push_back({Intent::Kind::OpenSettings});
    } else if (shown == 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        wrapped_text("No scenario matches the search.");
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
}

}  // namespace cp::ui
