// Briefing: the learner's role, the setting, what the customer came for, the policies in scope, and the
// choice of practice mode (feedback after each choice) or assessment mode (feedback only at the end).
#include "app.hpp"
#include "text_report.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {
void customer_card(const CustomerProfile& c, float width) {
    begin_panel(width);
    heading(nullptr, c.name);
    std::string line = "Address as " + c.address_as;
    if (!c.pronouns.empty()) line += "  \u00b7  " + c.pronouns;
    if (c.age > 0) line += "  \u00b7  aged " + std::to_string(c.age);
    muted_text(line);
    wrapped_text("Language: " + c.language);
    if (!c.needs.empty()) wrapped_text("Needs: " + needs_text(c));
    if (!c.acts_for.empty()) wrapped_text("Acting for: " + c.acts_for);
    if (!c.about.empty()) wrapped_text(c.about);
    end_panel();
}
}  // namespace

void draw_briefing(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    if (app.selected_scenario() < 0) return;
    const Scenario& s = *app.scenarios()[static_cast<std::size_t>(app.selected_scenario())];
    draw_top_bar(app, out, true);
    if (button("\u2190 Back to library (Esc)")) out.push_back({Intent::Kind::BackToLibrary});
    heading(app.fonts().heading, s.title);
    muted_text("About " + std::to_string(s.estimated_minutes) + " minutes  \u00b7  " + s.difficulty +
               "  \u00b7  pass mark " + std::to_string(s.pass_mark) + "%, and no critical rule broken");
    ImGui::Spacing();

    float avail = ImGui::GetContentRegionAvail().x;
    float left_w = avail * 0.58f;
    float bottom = ImGui::GetFrameHeightWithSpacing() * 4.2f;
    ImGui::BeginChild("brief-left", ImVec2(left_w, -bottom), false);
    heading(app.fonts().bold, "Your role");
    wrapped_text(s.role);
    ImGui::Spacing();
    heading(app.fonts().bold, "Setting");
    wrapped_text(s.setting);
    ImGui::Spacing();
    heading(app.fonts().bold, "What the customer has come about");
    wrapped_text(s.brief);
    ImGui::Spacing();
    heading(app.fonts().bold, "Policies in scope");
    for (const auto& policy : s.policies) {
        int rules = 0;
        for (const auto& r : s.rules) rules += r.policy == policy.get();
        ImGui::Bullet();
        ImGui::SameLine();
        wrapped_text(policy->title + " (version " + policy->version + ", " + std::to_string(rules) +
                     (rules == 1 ? " rule" : " rules") + " in this scenario)");
    }
    muted_text(
        "The policy handbook is open beside the conversation: look rules up whenever you are unsure. "
        "Consulting it is recorded as evidence that you checked.");
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("brief-right", ImVec2(0, -bottom), false);
    heading(app.fonts().bold,
            s.customers.size() > 1 ? "The customer (one of these will come to you)" : "The customer");
    for (const auto& c : s.customers) {
        customer_card(c, ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize);
        ImGui::Spacing();
    }
    ImGui::EndChild();

    ImGui::Separator();
    heading(app.fonts().bold, "How do you want to play?");
    if (chip("Practice: feedback after each choice (P)", view.briefing_mode == "practice"))
        view.briefing_mode = "practice";
    ImGui::SameLine();
    if (chip("Assessment: feedback only at the end (A)", view.briefing_mode == "assessment"))
        view.briefing_mode = "assessment";
    char letter = typed_letter();
    if (letter == 'p') view.briefing_mode = "practice";
    if (letter == 'a') view.briefing_mode = "assessment";
    if (view.focus_first) {
        ImGui::SetKeyboardFocusHere();
        view.focus_first = false;
    }
    if (button("Start the role-play (Enter)", true) ||
        (key_pressed(ImGuiKey_Enter) && !ImGui::GetIO().WantTextInput))
        out.push_back({Intent::Kind::StartSession, -1, view.briefing_mode});
    if (key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::BackToLibrary});
}

}  // namespace cp::ui
