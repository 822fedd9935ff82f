// Conversation: the transcript as a conversation with the simulated clock, the choices as numbered buttons
// (keys 1-9, arrows and Enter), the customer card with mood labelled "not scored", the searchable policy
// handbook (opening a rule is recorded), and in practice mode a feedback card after each choice.
//
// Index: [Feedback] [Choices] [Side panel: customer, mood, handbook] [Screen]
#include <algorithm>
#include <cctype>

#include "app.hpp"
#include "text_report.hpp"
#include "transcript_view.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

//-----------------------------------------------------------------------------------------------------------
// [Choices]
//-----------------------------------------------------------------------------------------------------------
void draw_choices(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    const Session& session = *app.session();
    const Scenario& s = session.scenario();
    const auto& offered = session.offered();
    heading(app.fonts().bold, "What do you do?");
    int digit = typed_digit();
    for (std::size_t i = 0; i < offered.size(); ++i) {
        int c = offered[i];
        ImGui::PushID(c);
        if (view.focus_first && i == 0) {
            ImGui::SetKeyboardFocusHere();
            view.focus_first = false;
        }
        std::string label = session.render(s.choices[static_cast<std::size_t>(c)].text);
        int number = i < 9 ? static_cast<int>(i) + 1 : 0;
        if (wrapped_button("choice", label, ImGui::GetContentRegionAvail().x, number) ||
            (number > 0 && digit == number))
            out.push_back({Intent::Kind::ChooseOption, c});
        ImGui::PopID();
    }
    muted_text("Press 1\u2013" + std::to_string(std::min<std::size_t>(9, offered.size())) +
               ", or move with the arrow keys and press Enter. Esc saves and returns to the library.");
}

//-----------------------------------------------------------------------------------------------------------
// [Side panel: customer, mood, handbook]
//-----------------------------------------------------------------------------------------------------------
void draw_mood(const Session& session, float width) {
    const Palette& p = colours();
    int mood = session.mood();
    ImGui::TextUnformatted("Customer mood");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("\u2014 not scored");
    ImGui::PopStyleColor();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFontSize() * 0.8f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), ImGui::GetColorU32(p.button), h * 0.5f);
    dl->AddRectFilled(pos, ImVec2(pos.x + width * static_cast<float>(mood) / 100.0f, pos.y + h),
                      ImGui::GetColorU32(p.mood_line), h * 0.5f);
    dl->AddRect(pos, ImVec2(pos.x + width, pos.y + h), ImGui::GetColorU32(p.border), h * 0.5f);
    ImGui::Dummy(ImVec2(width, h));
    wrapped_text(std::string(mood_word(mood)) + " (" + std::to_string(mood) +
                 " of 100). How the customer feels is not how you are judged.");
}

void draw_handbook(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    const Session& session = *app.session();
    const Scenario& s = session.scenario();
    heading(app.fonts().bold, "Policy handbook");
    ImGui::SetNextItemWidth(-1);
    if (typed_slash()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##handbook-search", "Search the rules (press /)", view.handbook_search,
                             sizeof view.handbook_search);
    std::string q = lower(view.handbook_search);
    for (std::size_t i = 0; i < s.rules.size(); ++i) {
        const ScopedRule& r = s.rules[i];
        const PolicyRule& rule = *r.rule;
        if (!q.empty() &&
            lower(rule.id + " " + rule.title + " " + rule.statement + " " + rule.source).find(q) ==
                std::string::npos)
            continue;
        ImGui::PushID(static_cast<int>(i));
        bool open = view.open_rule == static_cast<int>(i);
        std::string label = std::string(open ? "\u25be " : "\u25b8 ") + rule.id + "  " + rule.title +
                            (rule.severity == RuleSeverity::Critical ? "  (critical)" : "");
        if (ImGui::Selectable(label.c_str(), open) ||
            (ImGui::IsItemFocused() && key_pressed(ImGuiKey_Enter))) {
            if (open)
                view.open_rule = -1;
            else
                out.push_back({Intent::Kind::ConsultRule, static_cast<int>(i)});
        }
        if (open) {
            ImGui::Indent();
            wrapped_text(rule.statement);
            if (rule.conditional) muted_text("Applies when: " + rule.when);
            muted_text("Source: " + rule.source);
            muted_text(std::string("Severity: ") + to_string(rule.severity) + ", weight " +
                       std::to_string(rule.weight) + ". From: " + r.policy->title + ".");
            ImGui::Unindent();
        }
        ImGui::PopID();
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------
void draw_conversation(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    if (!app.session()) return;
    const Session& session = *app.session();
    const Scenario& s = session.scenario();
    const Palette& p = colours();

    // Header: scenario, mode, clock.
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(s.title.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    std::string info = std::string(app.practice() ? "Practice mode" : "Assessment mode") + "  \u00b7  " +
                       session.now().long_text();
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(info.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(info.c_str());
    ImGui::PopStyleColor();
    if (!app.status_message().empty()) muted_text(app.status_message());
    ImGui::Separator();

    float avail = ImGui::GetContentRegionAvail().x;
    float side_w = std::clamp(avail * 0.32f, 280.0f, 520.0f);
    float main_w = avail - side_w - ImGui::GetStyle().ItemSpacing.x;

    ImGui::BeginChild("main", ImVec2(main_w, 0), false, ImGuiWindowFlags_NoScrollbar);
    bool ended = session.state() == SessionState::Ended;
    // Choices take what they need (up to half the height); the transcript scrolls above them.
    float choices_h = 0;
    {
        float wrap = main_w - ImGui::GetStyle().FramePadding.x * 3 - ImGui::GetFontSize() * 2;
        for (int c : session.offered())
            choices_h +=
                ImGui::CalcTextSize(session.render(s.choices[static_cast<std::size_t>(c)].text).c_str(),
                                    nullptr, false, wrap)
                    .y +
                ImGui::GetStyle().FramePadding.y * 2.6f + ImGui::GetStyle().ItemSpacing.y;
        choices_h += ImGui::GetTextLineHeightWithSpacing() * 3.6f;
        if (ended) choices_h = ImGui::GetFrameHeightWithSpacing() * 2.2f;
        choices_h = std::min(choices_h, ImGui::GetContentRegionAvail().y * 0.55f);
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
    ImGui::BeginChild("transcript", ImVec2(0, -choices_h), true);
    draw_transcript(app, *app.session(), app.session()->transcript().size(), "", main_w * 0.78f);
    if (app.practice() && app.last_step())
        draw_step_feedback(app, *app.session(), *app.last_step(), "Feedback on your last choice",
                           ImGui::GetContentRegionAvail().x);
    if (view.scroll_to_bottom) {
        ImGui::SetScrollHereY(1.0f);
        view.scroll_to_bottom = false;
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::BeginChild("choices", ImVec2(0, 0), false);
    if (ended) {
        if (view.focus_first) {
            ImGui::SetKeyboardFocusHere();
            view.focus_first = false;
        }
        if (button("See your debrief (Enter)", true) ||
            (key_pressed(ImGuiKey_Enter) && !ImGui::GetIO().WantTextInput))
            out.push_back({Intent::Kind::ShowDebrief});
    } else if (session.stuck()) {
        wrapped_text(
            "This scenario offers no choice here; it is a fault in the scenario file. Please tell your "
            "tutor.");
    } else {
        draw_choices(app, out);
    }
    ImGui::EndChild();
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("side", ImVec2(0, 0), false);
    const CustomerProfile& c = session.customer();
    begin_panel(side_w - ImGui::GetStyle().ScrollbarSize);
    muted_text("The customer");
    heading(app.fonts().bold, c.name);
    wrapped_text("Address as " + c.address_as + (c.pronouns.empty() ? "" : "  \u00b7  " + c.pronouns));
    wrapped_text("Language: " + c.language);
    if (!c.needs.empty()) wrapped_text("Needs: " + needs_text(c));
    if (!c.acts_for.empty()) wrapped_text("Acting for: " + c.acts_for);
    ImGui::Spacing();
    draw_mood(session, side_w - ImGui::GetStyle().ScrollbarSize - 2 * ImGui::GetStyle().WindowPadding.x);
    end_panel();
    ImGui::Spacing();
    ImGui::BeginChild("handbook", ImVec2(0, 0), false);
    draw_handbook(app, out);
    ImGui::EndChild();
    ImGui::EndChild();

    if (key_pressed(ImGuiKey_Escape) && !ImGui::GetIO().WantTextInput)
        out.push_back({Intent::Kind::BackToLibrary});
}

}  // namespace cp::ui
