// Replay: one record exactly as the learner saw it. The integrity banner first (verified; altered at line N;
// cut off after step N, saying when the final newline or last line is missing; resumed after a gap; scenario
// version not available), then a timeline to jump to any step (click, or Left, Right, Home, End), the
// conversation up to that step, and beside it the step itself: the options in the order shown with the one
// chosen and its grade, the time taken, the handbook rules consulted, and the verdicts with their sources,
// with the assessor's comment on the step. The sign-off pane shows the signed entries read-only (who, when,
// key fingerprint, whether the signature verifies) and the assessor's draft: judgement per marking point,
// decision, overall comment, moderation, and Sign. Exports: the evidence report and the learner's portfolio.
//
// Index: [Banner] [Timeline] [Conversation] [Step] [Sign-off] [Exports] [Screen]
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app.hpp"
#include "signing.hpp"
#include "transcript_view.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
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
    if (!v.witness.empty()) wrapped_text("\u25cb " + v.witness);
    ImGui::PopStyleColor();
    end_panel();
}

// The draft's comment on `step`, or null.
const StepComment* draft_comment(const App& app, int step) {
    for (const auto& c : app.sign_off().draft.entry.comments)
        if (c.step == step) return &c;
    return nullptr;
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
        const StepComment* comment = draft_comment(app, i + 1);
        if (comment)  // a comment on the step: a small square above its marker
            dl->AddRectFilled(ImVec2(x - 2.5f, y - r - 8), ImVec2(x + 2.5f, y - r - 3), ImGui::GetColorU32(p.accent));
        ImGui::SetCursorScreenPos(ImVec2(x - pitch * 0.5f, origin.y));
        ImGui::PushID(i);
        if (ImGui::InvisibleButton("step", ImVec2(std::max(pitch, 4.0f), h)))
            out.push_back({Intent::Kind::ReplayStep, i + 1});
        // Only under the pointer: keyboard focus landing here (Home, End) must not pop a tooltip.
        if (ImGui::IsItemHovered() && ImGui::IsMousePosValid())
            ImGui::SetTooltip("Step %d: %s%s%s%s", i + 1, capitalised(s.grade).c_str(), has_breach ? ", a rule broken" : "",
                              comment ? "\nYour comment: " : "", comment ? comment->text.c_str() : "");
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
// The assessor's comment on the step (the draft's, editable), and the comments signed on it (read-only).
void draw_step_comment(App& app, int step, float width, std::vector<Intent>& out) {
    auto& view = app.view();
    const App::SignOff& so = app.sign_off();
    for (const auto& e : so.check.entries)
        for (const auto& c : e.comments)
            if (c.step == step)
                wrapped_text("\u270e Signed comment (entry " + std::to_string(e.seq + 1) + ", " + e.assessor + "): " + c.text);
    if (so.draft_path.empty()) return;  // a record that does not verify is not annotated
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(("Your comment on step " + std::to_string(step)).c_str());
    if (app.fonts().bold) ImGui::PopFont();
    ImGui::SameLine();
    muted_text("(saved as you type; signed in the sign-off)");
    if (text_area("##step-comment", view.step_comment, width, 3))
        out.push_back({Intent::Kind::DraftComment, step, view.step_comment});
}

void draw_step(App& app, const ReplayView& v, const ReplayStep& step, std::vector<Intent>& out) {
    const Palette& p = colours();
    float fs = ImGui::GetFontSize();
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    heading(app.fonts().heading, "Step " + std::to_string(step.step));
    long long seconds = (step.time_on_step_ms + 500) / 1000;
    muted_text("At node " + step.node + "  \u00b7  " + gap_text(seconds) + " to decide  \u00b7  customer mood " +
               std::to_string(step.mood) + " (not scored)");
    if (!step.resumed.empty()) wrapped_text("\u21bb " + step.resumed);
    ImGui::Spacing();
    draw_step_comment(app, step.step, width, out);
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

//-----------------------------------------------------------------------------------------------------------
// [Sign-off]
//-----------------------------------------------------------------------------------------------------------
// A signed entry, read-only: who, when, the key's fingerprint, whether its signature verifies, what it says.
void draw_entry(App& app, const AssessmentEntry& e, bool signature_ok, float width, std::vector<Intent>& out) {
    const Palette& p = colours();
    begin_panel(width);
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    std::string title = "Entry " + std::to_string(e.seq + 1) + "  \u00b7  " +
                        (e.kind == EntryKind::Moderation ? "Moderation" : "Assessment") + " by " + e.assessor;
    ImGui::TextUnformatted(title.c_str());
    if (app.fonts().bold) ImGui::PopFont();
    muted_text("Signed " + e.at + "  \u00b7  key " + key_fingerprint(e.public_key));
    if (signature_ok)
        ImGui::TextColored(p.kept, "\u2713 Signature verifies");
    else
        ImGui::TextColored(p.broken, "\u2717 Signature does not verify");
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::TextUnformatted(("Decision: " + decision_label(e.decision)).c_str());
    if (!e.comment.empty()) wrapped_text("\u201c" + e.comment + "\u201d");
    if (!e.points.empty()) {
        int met = static_cast<int>(std::count_if(e.points.begin(), e.points.end(), [](const PointJudgement& j) { return j.met; }));
        std::string points;
        for (const auto& j : e.points) points += (points.empty() ? "" : ", ") + j.id + (j.met ? " met" : " not met");
        wrapped_text("Marking points: " + std::to_string(met) + " met, " + std::to_string(e.points.size() - static_cast<std::size_t>(met)) +
                     " not met (" + points + ")");
    }
    if (!e.comments.empty()) {
        std::string steps;
        for (const auto& c : e.comments) steps += (steps.empty() ? "" : ", ") + std::to_string(c.step);
        muted_text("Comments on step" + std::string(e.comments.size() == 1 ? " " : "s ") + steps);
    }
    std::string again = "New version from entry " + std::to_string(e.seq + 1);
    if (button(again.c_str())) out.push_back({Intent::Kind::DraftFromEntry, e.seq});
    end_panel();
}

// One marking point in the draft: its id and text, whether this session evidences it, and Met / Not met.
void draw_point(App& app, const MarkingPoint& mp, const PointJudgement* judged, bool evidenced, float width,
                std::vector<Intent>& out) {
    const Palette& p = colours();
    ImGui::PushID(mp.id.c_str());
    std::string met = "Met##" + mp.id, not_met = "Not met##" + mp.id;
    if (chip(met.c_str(), judged && judged->met))
        out.push_back({Intent::Kind::DraftPoint, -1, mp.id + (judged && judged->met ? "=" : "=met")});
    ImGui::SameLine();
    if (chip(not_met.c_str(), judged && !judged->met))
        out.push_back({Intent::Kind::DraftPoint, -1, mp.id + (judged && !judged->met ? "=" : "=not-met")});
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.8f);
    ImGui::BeginGroup();
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(mp.id.c_str());
    if (app.fonts().bold) ImGui::PopFont();
    if (evidenced) {
        ImGui::SameLine();
        ImGui::TextColored(p.kept, "\u2713 evidenced in this session");
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(width - ImGui::GetCursorPosX(), ImGui::GetFontSize() * 10));
    muted_text(mp.text);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::PopID();
    ImGui::Spacing();
}

void draw_sign_off(App& app, const ReplayView& v, std::vector<Intent>& out) {
    const Palette& p = colours();
    auto& view = app.view();
    const App::SignOff& so = app.sign_off();
    const NewEntry& draft = so.draft.entry;
    float fs = ImGui::GetFontSize();
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;

    heading(app.fonts().heading, "Sign-off");
    if (!so.check.problems.empty()) {
        ImVec4 bg = p.fail_bg;
        begin_panel(width, &bg);
        ImGui::PushStyleColor(ImGuiCol_Text, p.banner_text);
        wrapped_text("\u2717 The sign-off file has problems, so it is not extended:");
        for (const auto& problem : so.check.problems) wrapped_text(problem);
        ImGui::PopStyleColor();
        end_panel();
    }
    if (so.check.entries.empty()) muted_text("Not signed off yet.");
    for (std::size_t i = 0; i < so.check.entries.size(); ++i)
        draw_entry(app, so.check.entries[i], i < so.signature_ok.size() && so.signature_ok[i], width, out);
    ImGui::Spacing();
    if (so.draft_path.empty()) {
        wrapped_text("This record cannot be signed off: " + v.headline + ".");
        return;
    }

    // The draft: a new entry. The Sign button is on its title line, so it is in view however long the list.
    ImGui::Separator();
    ImGui::Spacing();
    const char* sign = "Sign with your key";
    float sign_w = ImGui::CalcTextSize(sign).x + ImGui::GetStyle().FramePadding.x * 2;
    heading(app.fonts().bold, so.check.entries.empty() ? "Your draft" : "Your draft: a new entry after those signed");
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), width - sign_w));
    if (button(sign, true)) out.push_back({Intent::Kind::SignAssessment});
    muted_text("Saved as you type; nothing is signed until you press Sign. Signing uses your Ed25519 key "
               "(created on first use) and adds an entry chained to the record; a signed entry never changes.");
    ImGui::Spacing();

    float label_w = fs * 7.5f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Assessor");
    ImGui::SameLine(label_w);
    if (text_field("##assessor", "Your name", view.assessor_name, std::min(fs * 18, width - label_w)))
        out.push_back({Intent::Kind::DraftAssessor, -1, view.assessor_name});

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Decision");
    ImGui::SameLine(label_w);
    for (const char* d : {"competent", "not-yet-competent", "referred"}) {
        std::string label = decision_label(d);
        if (chip(label.c_str(), draft.decision == d)) out.push_back({Intent::Kind::DraftDecision, -1, draft.decision == d ? "" : d});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    bool decided = std::any_of(so.check.entries.begin(), so.check.entries.end(),
                               [](const AssessmentEntry& e) { return !e.decision.empty(); });
    if (decided) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("Role");
        ImGui::SameLine(label_w);
        bool moderation = draft.kind == EntryKind::Moderation;
        if (chip("First marker", !moderation)) out.push_back({Intent::Kind::DraftModeration, 0});
        ImGui::SameLine();
        if (chip("Second marker (moderation)", moderation)) out.push_back({Intent::Kind::DraftModeration, 1});
    }
    ImGui::TextUnformatted("Overall comment");
    if (text_area("##overall-comment", view.overall_comment, width, 3))
        out.push_back({Intent::Kind::DraftOverall, -1, view.overall_comment});

    ImGui::Spacing();
    heading(app.fonts().bold, "Comments on steps");
    if (draft.comments.empty()) muted_text("None yet: write them beside each step (the This step pane).");
    for (const auto& c : draft.comments) {
        std::string label = "Step " + std::to_string(c.step);
        if (ImGui::SmallButton((label + "##goto").c_str())) {
            out.push_back({Intent::Kind::ReplayStep, c.step});
            view.replay_pane = 0;
        }
        ImGui::SameLine();
        wrapped_text(c.text);
    }

    ImGui::Spacing();
    heading(app.fonts().bold, "Marking points");
    muted_text("Judge each point this session shows; leave the rest unjudged. Points judged across sessions "
               "(consistency) are in the portfolio.");
    ImGui::Spacing();
    const auto& evidenced = v.debrief ? v.debrief->marking_points : std::vector<std::string>{};
    for (const auto& mp : app.marking_point_list()) {
        if (mp.portfolio_only()) continue;
        auto it = std::find_if(draft.points.begin(), draft.points.end(), [&](const PointJudgement& j) { return j.id == mp.id; });
        bool shown = std::any_of(evidenced.begin(), evidenced.end(),
                                 [&](const std::string& line) { return line.rfind(mp.id, 0) == 0; });
        draw_point(app, mp, it == draft.points.end() ? nullptr : &*it, shown, width, out);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Exports]
//-----------------------------------------------------------------------------------------------------------
// Where exports go (a file or a folder; empty: the exports folder), the two exports, and the status line.
void draw_exports(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    float fs = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    muted_text("Export to");
    ImGui::SameLine();
    text_field("##export-path", "the exports folder (or type a folder or file)", view.report_path, fs * 24);
    ImGui::SameLine();
    if (button("Export evidence report", true)) out.push_back({Intent::Kind::ExportReport, -1, view.report_path});
    ImGui::SameLine();
    if (button("Export portfolio")) out.push_back({Intent::Kind::ExportPortfolio, -1, view.report_path});
    if (!app.status_message().empty()) wrapped_text(app.status_message());
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
    if (key_pressed(ImGuiKey_Escape) && !ImGui::GetIO().WantTextInput) out.push_back({Intent::Kind::ShowSessions});
    // The text fields take the draft's text when it is replaced, and the step's comment when the step changes.
    const App::SignOff& so = app.sign_off();
    if (view.draft_seen != so.generation || view.comment_step != app.replay_step()) {
        if (view.draft_seen != so.generation) {
            view.overall_comment = so.draft.entry.comment;
            view.assessor_name = so.draft.entry.assessor;
        }
        const StepComment* c = draft_comment(app, app.replay_step());
        view.step_comment = c ? c->text : "";
        view.draft_seen = so.generation;
        view.comment_step = app.replay_step();
    }

    const RecordHeader& h = v->record.info;
    std::string who = h.learner.empty() ? std::filesystem::path(v->path).filename().string() : h.learner;
    heading(app.fonts().heading, who + (v->scenario_title.empty() ? "" : "  \u00b7  " + v->scenario_title));
    if (v->record.ok)
        muted_text(h.scenario_id + " version " + h.scenario_version + "  \u00b7  " + capitalised(h.mode) +
                   "  \u00b7  started " + h.started_at + "  \u00b7  " + v->path);
    else
        muted_text(v->path);
    draw_exports(app, out);
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
    ImGui::BeginGroup();
    // The right pane: the step (with the assessor's comment on it), or the sign-off.
    if (chip("This step", view.replay_pane == 0)) view.replay_pane = 0;
    ImGui::SameLine();
    if (chip("Sign-off", view.replay_pane == 1)) view.replay_pane = 1;
    ImGui::SameLine(0, fs);
    ImGui::AlignTextToFramePadding();
    if (!so.check.entries.empty()) {
        const AssessmentEntry& last = so.check.entries.back();
        muted_text("Signed by " + last.assessor + ": " + decision_label(last.decision));
    } else {
        muted_text("Not signed off yet");
    }
    ImGui::BeginChild("replay-step", ImVec2(0, 0), false, ImGuiWindowFlags_NoNav);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - fs);
    if (view.replay_pane == 1)
        draw_sign_off(app, *v, out);
    else
        draw_step(app, *v, step, out);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::EndGroup();
}

}  // namespace cp::ui
