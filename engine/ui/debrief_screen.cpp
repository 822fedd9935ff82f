// Debrief: pass or fail with the reason first (critical breaches on top), the adherence score, every rule
// with its verdict and the step that decided it, mood drawn beside adherence to show they differ, the
// best-practice path, the marking points evidenced, then retry or back to the library.
//
// Index: [Chart] [Rules table] [Screen]
#include <algorithm>
#include <cctype>

#include "app.hpp"
#include "text_report.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Chart]
//-----------------------------------------------------------------------------------------------------------
// Mood (circles, "not scored") and adherence (squares) per step on one 0-100 scale. Shapes and labels, not
// only colours, tell the two lines apart.
void draw_chart(const std::vector<int>& mood, const std::vector<int>& score, ImVec2 size) {
    const Palette& p = colours();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float label_w = ImGui::CalcTextSize("100").x + 8;
    ImVec2 plot_min(origin.x + label_w, origin.y + 6);
    ImVec2 plot_max(origin.x + size.x - 8, origin.y + size.y - ImGui::GetTextLineHeightWithSpacing() - 4);
    dl->AddRectFilled(plot_min, plot_max, ImGui::GetColorU32(p.card_bg));
    for (int v : {0, 50, 100}) {
        float y = plot_max.y - (plot_max.y - plot_min.y) * static_cast<float>(v) / 100.0f;
        dl->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), ImGui::GetColorU32(p.border));
        std::string t = std::to_string(v);
        dl->AddText(ImVec2(origin.x, y - ImGui::GetFontSize() * 0.5f), ImGui::GetColorU32(p.text_muted),
                    t.c_str());
    }
    std::size_t steps = std::max<std::size_t>(mood.size(), score.size() + 1);
    auto x_at = [&](std::size_t i) {
        return steps <= 1 ? plot_min.x
                          : plot_min.x + (plot_max.x - plot_min.x) * static_cast<float>(i) /
                                             static_cast<float>(steps - 1);
    };
    auto y_at = [&](int v) {
        return plot_max.y - (plot_max.y - plot_min.y) * static_cast<float>(v) / 100.0f;
    };
    float r = ImGui::GetFontSize() * 0.22f;
    for (std::size_t i = 0; i < mood.size(); ++i) {
        ImVec2 pt(x_at(i), y_at(mood[i]));
        if (i > 0)
            dl->AddLine(ImVec2(x_at(i - 1), y_at(mood[i - 1])), pt, ImGui::GetColorU32(p.mood_line), 2.0f);
        dl->AddCircleFilled(pt, r, ImGui::GetColorU32(p.mood_line));
    }
    for (std::size_t i = 0; i < score.size(); ++i) {
        ImVec2 pt(x_at(i + 1), y_at(score[i]));
        if (i > 0)
            dl->AddLine(ImVec2(x_at(i), y_at(score[i - 1])), pt, ImGui::GetColorU32(p.score_line), 2.0f);
        dl->AddRectFilled(ImVec2(pt.x - r, pt.y - r), ImVec2(pt.x + r, pt.y + r),
                          ImGui::GetColorU32(p.score_line));
    }
    std::string axis = "Step 0 (start) to step " + std::to_string(steps - 1);
    dl->AddText(ImVec2(plot_min.x, plot_max.y + 4), ImGui::GetColorU32(p.text_muted), axis.c_str());
    ImGui::Dummy(size);
    // Legend.
    ImVec2 at = ImGui::GetCursorScreenPos();
    float fs = ImGui::GetFontSize();
    dl->AddCircleFilled(ImVec2(at.x + fs * 0.4f, at.y + fs * 0.55f), r, ImGui::GetColorU32(p.mood_line));
    ImGui::SetCursorScreenPos(ImVec2(at.x + fs, at.y));
    ImGui::TextColored(p.mood_line, "Customer mood (not scored)");
    ImGui::SameLine(0, fs * 1.5f);
    at = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(ImVec2(at.x + fs * 0.4f - r, at.y + fs * 0.55f - r),
                      ImVec2(at.x + fs * 0.4f + r, at.y + fs * 0.55f + r), ImGui::GetColorU32(p.score_line));
    ImGui::SetCursorScreenPos(ImVec2(at.x + fs, at.y));
    ImGui::TextColored(p.score_line, "Adherence score (what is judged)");
}

//-----------------------------------------------------------------------------------------------------------
// [Rules table]
//-----------------------------------------------------------------------------------------------------------
// The learner's choices with the author's grade, every unsafe one first; the grade is written as a word, so
// it never depends on colour.
void draw_grades(App& app, const DebriefModel& model) {
    ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("grades", 3, flags)) return;
    float fs = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Grade", ImGuiTableColumnFlags_WidthFixed, fs * 7.0f);
    ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthFixed, fs * 3.5f);
    ImGui::TableSetupColumn("What you said, and why it is graded so", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const auto& g : model.grades) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        std::string grade = to_string(g.grade);
        if (!grade.empty()) grade[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(grade[0])));
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        ImGui::TextUnformatted(grade.c_str());
        if (app.fonts().bold) ImGui::PopFont();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(std::to_string(g.step).c_str());
        ImGui::TableSetColumnIndex(2);
        wrapped_text(g.text);
        if (!g.reason.empty()) muted_text(g.reason);
    }
    ImGui::EndTable();
}

void draw_rules(App& app, const DebriefModel& model) {
    const Scenario& s = app.session()->scenario();
    ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("rules", 4, flags)) return;
    float fs = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Verdict", ImGuiTableColumnFlags_WidthFixed, fs * 9.5f);
    ImGui::TableSetupColumn("Rule", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthFixed, fs * 3.5f);
    ImGui::TableSetupColumn("Why, and the source", ImGuiTableColumnFlags_WidthStretch, 4.0f);
    ImGui::TableHeadersRow();
    for (const auto& row : model.rows) {
        const auto& v = row.verdict;
        const ScopedRule& r = s.rules[static_cast<std::size_t>(row.rule)];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        verdict_badge(v.verdict);
        if (row.critical) muted_text("critical");
        ImGui::TableSetColumnIndex(1);
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        wrapped_text(r.id() + " " + r.rule->title);
        if (app.fonts().bold) ImGui::PopFont();
        wrapped_text(r.rule->statement);
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(v.step > 0 ? std::to_string(v.step).c_str() : "\u2013");
        ImGui::TableSetColumnIndex(3);
        if (!v.detail.empty()) wrapped_text(v.detail);
        if (!row.severity_note.empty()) muted_text("Severity: " + row.severity_note);
        std::string why = app.session()->render(v.verdict == Verdict::Broken ? r.rule->feedback_broken
                                                                             : r.rule->feedback_kept);
        if (!why.empty() && (v.verdict == Verdict::Broken || v.verdict == Verdict::Kept)) wrapped_text(why);
        muted_text("Source: " + r.rule->source);
    }
    ImGui::EndTable();
}

}  // namespace

DebriefModel make_debrief_model(const App& app) {
    return app.recorded_session()->debrief([&](const std::string& id) { return app.marking_point_text(id); });
}

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------
void draw_debrief(App& app, std::vector<Intent>& out) {
    if (!app.session()) return;
    auto& view = app.view();
    const Session& session = *app.session();
    const Scenario& s = session.scenario();
    const Palette& p = colours();
    DebriefModel model = make_debrief_model(app);

    draw_top_bar(app, out, false);
    // Actions first, so keyboard users reach them at once.
    if (view.focus_first) {
        ImGui::SetKeyboardFocusHere();
        view.focus_first = false;
    }
    if (button("Try again (R)", true)) out.push_back({Intent::Kind::Retry});
    ImGui::SameLine();
    if (button("Back to the library (Esc)")) out.push_back({Intent::Kind::BackToLibrary});
    char letter = typed_letter();
    if (letter == 'r') out.push_back({Intent::Kind::Retry});
    if (key_pressed(ImGuiKey_Escape) || letter == 'b') out.push_back({Intent::Kind::BackToLibrary});

    ImGui::BeginChild("debrief", ImVec2(0, 0), false);
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    ImVec4 banner = model.passed ? p.pass_bg : p.fail_bg;
    begin_panel(width, &banner);
    ImGui::PushStyleColor(ImGuiCol_Text, p.banner_text);
    ImGui::PushFont(app.fonts().title ? app.fonts().title : ImGui::GetFont());
    ImGui::TextUnformatted(model.passed ? "\u2713 PASS" : "\u2717 FAIL");
    ImGui::PopFont();
    wrapped_text("Why: " + model.reason + ".");
    wrapped_text("Adherence score: " + std::to_string(model.score) + "% (pass mark " +
                 std::to_string(model.pass_mark) + "%). Mode: " + app.mode() + ". " + s.title + ".");
    ImGui::PopStyleColor();
    end_panel();

    ImGui::Spacing();
    float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::BeginGroup();
    heading(app.fonts().bold, "Mood and adherence are different things");
    draw_chart(model.mood, model.scores, ImVec2(half, ImGui::GetFontSize() * 11));
    muted_text("The customer ended " + std::string(mood_word(session.mood())) + " (" +
               std::to_string(session.mood()) + " of 100). Only the adherence score is judged.");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
    if (!model.ending_title.empty()) {
        heading(app.fonts().bold, "How it ended: " + model.ending_title);
        wrapped_text(model.ending_text);
        ImGui::Spacing();
    }
    heading(app.fonts().bold, "Marking points evidenced");
    if (model.marking_points.empty()) muted_text("None in this attempt.");
    for (const auto& mp : model.marking_points) {
        ImGui::Bullet();
        ImGui::SameLine();
        wrapped_text(mp);
    }
    if (!app.consulted_rules().empty()) {
        ImGui::Spacing();
        wrapped_text("You consulted the handbook " + std::to_string(app.consulted_rules().size()) +
                     (app.consulted_rules().size() == 1 ? " time." : " times."));
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    if (model.graded) {
        ImGui::Spacing();
        heading(app.fonts().bold, "Your choices, graded (unsafe first)");
        draw_grades(app, model);
    }

    ImGui::Spacing();
    heading(app.fonts().bold, "Every rule, with the step that decided it");
    draw_rules(app, model);

    if (!model.best_path.empty()) {
        ImGui::Spacing();
        heading(app.fonts().bold, "The best-practice path, for comparison");
        for (std::size_t i = 0; i < model.best_path.size(); ++i) {
            ImGui::TextUnformatted((std::to_string(i + 1) + ".").c_str());
            ImGui::SameLine();
            wrapped_text(model.best_path[i].first +
                         (model.best_path[i].second ? "  (\u2713 you chose this too)" : ""));
        }
    }
    if (!app.record_path().empty()) {
        ImGui::Spacing();
        muted_text("Session record: " + app.record_path() +
                   ". Assessors can verify and replay it with: counterpart replay " + app.record_path());
        // Where the college keeps an LRS, the learner sees whether this session reached it (Settings has more).
        if (app.lrs_sender().configured()) {
            std::string sent = app.lrs_status();
            muted_text("Learning record store: " + (sent.empty() ? std::string("this session is being sent") : sent));
        }
    }
    ImGui::EndChild();
}

}  // namespace cp::ui
