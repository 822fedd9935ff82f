// Replay: one record exactly as the learner saw it. The integrity banner first (verified; altered at line N;
// cut off after step N, saying when the final newline or last line is missing; resumed after a gap; scenario
// version not available), then a timeline to jump to any step (click, or Left, Right, Home, End), the
// conversation up to that step, and beside it the step itself: the options in the order shown with the one
// chosen and its grade, the time taken, the handbook rules consulted, and the verdicts with their sources.
//
// Index: [Banner] [Timeline] [Conversation] [Step] [Screen]
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app.hpp"
#include "transcript_view.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// A grade as a colour for the timeline and the option list (always drawn beside the word).
ImVec4 grade_colour(const std::string& grade) {
    const Palette& p = colours();
    if (grade == "best") return p.kept;
    if (grade == "acceptable") return p.score_line;
    if (grade == "poor") return p.pending;
    if (grade == "unsafe") return p.broken;
    return p.text_muted;
}

//-----------------------------------------------------------------------------------------------------------
// [Banner]
//-----------------------------------------------------------------------------------------------------------
void draw_banner(App& app, const ReplayView& v, float width) {
    const Palette& p = colours();
    bool good = v.banner == ReplayView::Banner::Verified && v.scenario_available;
    ImVec4 bg = good ? p.pass_bg : p.fail_bg;
    begin_panel(width, &bg);
    ImGui::PushStyleColor(ImGuiCol_Text, p.banner_text);
    ImGui::PushFont(app.fonts().heading ? app.fonts().heading : ImGui::GetFont());
    const char* icon = v.banner == ReplayView::Banner::Verified  ? "\u2713 "
                       : v.banner == ReplayView::Banner::CutOff ? "\u2702 "
                                                                 : "\u2717 ";
    ImGui::TextUnformatted((icon + v.headline).c_str());
    ImGui::PopFont();
    for (const auto& line : v.details) wrapped_text(line);
    ImGui::PopStyleColor();
    end_panel();
}

//-----------------------------------------------------------------------------------------------------------
// [Timeline]
//-----------------------------------------------------------------------------------------------------------
// One marker per step, its shape and colour by grade (the word is in the step panel and the tooltip), the
// current step ringed; a click jumps there.
void draw_timeline(App& app, const ReplayView& v, std::vector<Intent>& out) {
    const Palette& p = colours();
    int n = static_cast<int>(v.steps.size());
    int current = app.replay_step();
    float fs = ImGui::GetFontSize();
    if (button("\u25c0 Previous") && current > 1) out.push_back({Intent::Kind::ReplayStep, current - 1});
    ImGui::SameLine();
    if (button("Next \u25b6", true) && current < n) out.push_back({Intent::Kind::ReplayStep, current + 1});
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    ImGui::Text("Step %d of %d", current, n);
    if (app.fonts().bold) ImGui::PopFont();
    ImGui::SameLine(0, fs);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float avail = ImGui::GetContentRegionAvail().x - fs;
    float h = ImGui::GetFrameHeight();
    float y = origin.y + h * 0.5f;
    float pitch = n > 1 ? std::min(fs * 2.2f, avail / static_cast<float>(n)) : fs * 2.2f;
    float r = std::clamp(pitch * 0.32f, 2.0f, fs * 0.45f);
    float x0 = origin.x + r + 2;
    float x_end = x0 + pitch * static_cast<float>(std::max(0, n - 1));
    dl->AddLine(ImVec2(x0, y), ImVec2(x_end, y), ImGui::GetColorU32(p.border), 2.0f);
    for (int i = 0; i < n; ++i) {
        const ReplayStep& s = v.steps[static_cast<std::size_t>(i)];
        float x = x0 + pitch * static_cast<float>(i);
        ImU32 c = ImGui::GetColorU32(grade_colour(s.grade));
        bool has_breach = std::any_of(s.verdicts.begin(), s.verdicts.end(), [](const ReplayVerdict& rv) {
            return rv.verdict && *rv.verdict == Verdict::Broken;
        });
        if (s.grade == "unsafe" || s.grade == "poor")
            dl->AddTriangleFilled(ImVec2(x, y - r), ImVec2(x - r, y + r * 0.8f), ImVec2(x + r, y + r * 0.8f), c);
        else
            dl->AddCircleFilled(ImVec2(x, y), r, c);
        if (has_breach) dl->AddLine(ImVec2(x - r, y + r + 3), ImVec2(x + r, y + r + 3), ImGui::GetColorU32(p.broken), 2.0f);
        if (i + 1 == current) dl->AddCircle(ImVec2(x, y), r + 4, ImGui::GetColorU32(p.accent), 0, 2.5f);
        ImGui::SetCursorScreenPos(ImVec2(x - pitch * 0.5f, origin.y));
        ImGui::PushID(i);
        if (ImGui::InvisibleButton("step", ImVec2(std::max(pitch, 4.0f), h)))
            out.push_back({Intent::Kind::ReplayStep, i + 1});
        // Only under the pointer: keyboard focus landing here (Home, End) must not pop a tooltip.
        if (ImGui::IsItemHovered() && ImGui::IsMousePosValid())
            ImGui::SetTooltip("Step %d: %s%s", i + 1, capitalised(s.grade).c_str(), has_breach ? ", a rule broken" : "");
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + h + 4));
    ImGui::Dummy(ImVec2(0, 0));
    if (!ImGui::GetIO().WantTextInput && n > 0) {
        if (key_pressed(ImGuiKey_RightArrow) && current < n) out.push_back({Intent::Kind::ReplayStep, current + 1});
        if (key_pressed(ImGuiKey_LeftArrow) && current > 1) out.push_back({Intent::Kind::ReplayStep, current - 1});
        if (key_pressed(ImGuiKey_End)) out.push_back({Intent::Kind::ReplayStep, n});
        if (key_pressed(ImGuiKey_Home)) out.push_back({Intent::Kind::ReplayStep, 1});
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Conversation]
//-----------------------------------------------------------------------------------------------------------
void draw_conversation_until(App& app, const ReplayView& v, const ReplayStep* step, float bubble_width) {
    if (!v.session) {
        muted_text("The conversation cannot be shown: " +
                   std::string(v.scenario_available ? "the record does not replay against its scenario."
                                                    : "the scenario version this record was made with is not "
                                                      "in the library.") +
                   " The step panel shows what the record itself says.");
        return;
    }
    std::size_t end = step ? step->transcript_end : v.session->transcript().size();
    draw_transcript(app, *v.session, end, v.record.info.learner, bubble_width);
}

//-----------------------------------------------------------------------------------------------------------
// [Step]
//-----------------------------------------------------------------------------------------------------------
void draw_step(App& app, const ReplayView& v, const ReplayStep& step) {
    const Palette& p = colours();
    float fs = ImGui::GetFontSize();
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    heading(app.fonts().heading, "Step " + std::to_string(step.step));
    long long seconds = (step.time_on_step_ms + 500) / 1000;
    muted_text("At node " + step.node + "  \u00b7  " + gap_text(seconds) + " to decide  \u00b7  customer mood " +
               std::to_string(step.mood) + " (not scored)");
    if (!step.resumed.empty()) wrapped_text("\u21bb " + step.resumed);
    ImGui::Spacing();

    heading(app.fonts().bold, "Options shown, in the order shown");
    for (std::size_t i = 0; i < step.shown.size(); ++i) {
        const ReplayOption& o = step.shown[i];
        ImVec4 bg = o.chosen ? p.card_bg : p.panel_bg;
        begin_panel(width, &bg);
        ImGui::TextColored(p.text_muted, "%zu", i + 1);
        ImGui::SameLine();
        ImGui::BeginGroup();
        if (o.chosen) {
            if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
            ImGui::TextColored(p.accent, "\u2713 Chosen");
            if (app.fonts().bold) ImGui::PopFont();
            ImGui::SameLine();
            ImGui::TextColored(grade_colour(step.grade), "\u00b7 graded %s", step.grade.c_str());
        }
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - fs * 3);
        if (o.text.empty())
            muted_text(o.id);
        else
            wrapped_text(o.text);
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        end_panel();
        if (o.chosen) {
            ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(p.accent), ImGui::GetStyle().ChildRounding, 0, 2.0f);
        }
    }
    ImGui::Spacing();
    heading(app.fonts().bold, "Handbook consulted before choosing");
    if (step.consulted.empty()) muted_text("None.");
    for (const auto& rule : step.consulted) {
        ImGui::Bullet();
        ImGui::SameLine();
        wrapped_text(rule);
    }
    ImGui::Spacing();
    heading(app.fonts().bold, "Verdicts decided at this step");
    if (step.verdicts.empty()) muted_text("No rule was decided by this choice.");
    for (const auto& verdict : step.verdicts) {
        if (verdict.verdict)
            verdict_badge(*verdict.verdict);
        else
            ImGui::TextUnformatted("?");
        ImGui::SameLine();
        ImGui::BeginGroup();
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        wrapped_text(verdict.rule + (verdict.title.empty() ? "" : " " + verdict.title));
        if (app.fonts().bold) ImGui::PopFont();
        if (!verdict.source.empty()) muted_text("Source: " + verdict.source);
        ImGui::EndGroup();
    }
    if (v.debrief && step.step == static_cast<int>(v.steps.size())) {
        ImGui::Spacing();
        ImVec4 bg = v.debrief->passed ? p.pass_bg : p.fail_bg;
        begin_panel(width, &bg);
        ImGui::PushStyleColor(ImGuiCol_Text, p.banner_text);
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        ImGui::Text("%s  %d%% (pass mark %d%%)", v.debrief->passed ? "\u2713 PASS" : "\u2717 FAIL", v.debrief->score,
                    v.debrief->pass_mark);
        if (app.fonts().bold) ImGui::PopFont();
        wrapped_text("Why: " + v.debrief->reason + ".");
        ImGui::PopStyleColor();
        end_panel();
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------
void draw_replay(App& app, std::vector<Intent>& out) {
    draw_workspace_bar(app, out);
    const ReplayView* v = app.replay();
    if (!v) return;
    auto& view = app.view();
    float fs = ImGui::GetFontSize();
    if (key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::ShowSessions});

    const RecordHeader& h = v->record.info;
    std::string who = h.learner.empty() ? std::filesystem::path(v->path).filename().string() : h.learner;
    heading(app.fonts().heading, who + (v->scenario_title.empty() ? "" : "  \u00b7  " + v->scenario_title));
    if (v->record.ok)
        muted_text(h.scenario_id + " version " + h.scenario_version + "  \u00b7  " + capitalised(h.mode) +
                   "  \u00b7  started " + h.started_at + "  \u00b7  " + v->path);
    else
        muted_text(v->path);
    float width = ImGui::GetContentRegionAvail().x;
    draw_banner(app, *v, width);
    ImGui::Spacing();
    if (v->steps.empty()) {
        wrapped_text("There are no steps to replay in this record.");
        return;
    }
    draw_timeline(app, *v, out);
    const ReplayStep& step = v->steps[static_cast<std::size_t>(std::max(1, app.replay_step()) - 1)];

    float left = width * 0.55f;
    ImGui::BeginChild("replay-conversation", ImVec2(left, 0), true, ImGuiWindowFlags_NoNav);
    draw_conversation_until(app, *v, &step, left * 0.8f);
    if (view.replay_scroll) {
        ImGui::SetScrollHereY(1.0f);
        view.replay_scroll = false;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("replay-step", ImVec2(0, 0), false, ImGuiWindowFlags_NoNav);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - fs);
    draw_step(app, *v, step);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace cp::ui
