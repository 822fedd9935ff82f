// The conversation as the learner saw it: date and clock stamps, narrator lines, bubbles for the customer, the
// cast and the officer, documents with their tables, and the ending. One home for the learner's conversation
// screen and the assessor's replay, so the replay shows exactly what was on the learner's screen.
#include "transcript_view.hpp"

#include <algorithm>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

void draw_exhibit(App& app, const Session& session, const Exhibit& ex, float width) {
    const Palette& p = colours();
    begin_panel(width);
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted(("Document" + (ex.kind.empty() ? std::string() : " \u00b7 " + ex.kind)).c_str());
    ImGui::PopStyleColor();
    heading(app.fonts().bold, session.render(ex.title));
    if (!ex.text.empty()) wrapped_text(session.render(ex.text));
    if (!ex.table.empty()) {
        int cols = 0;
        for (const auto& row : ex.table) cols = std::max(cols, static_cast<int>(row.size()));
        if (cols > 0 && ImGui::BeginTable("exhibit-table", cols,
                                          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                              ImGuiTableFlags_SizingStretchProp,
                                          ImVec2(width - 2 * ImGui::GetStyle().WindowPadding.x, 0))) {
            for (std::size_t r = 0; r < ex.table.size(); ++r) {
                ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
                for (int c = 0; c < cols; ++c) {
                    ImGui::TableSetColumnIndex(c);
                    std::string cell = c < static_cast<int>(ex.table[r].size())
                                           ? ex.table[r][static_cast<std::size_t>(c)]
                                           : "";
                    if (r == 0 && app.fonts().bold) ImGui::PushFont(app.fonts().bold);
                    wrapped_text(cell);
                    if (r == 0 && app.fonts().bold) ImGui::PopFont();
                }
            }
            ImGui::EndTable();
        }
    }
    end_panel();
}

void draw_transcript(App& app, const Session& session, std::size_t end, const std::string& learner,
                     float bubble_width) {
    const Palette& p = colours();
    const Scenario& s = session.scenario();
    const auto& transcript = session.transcript();
    end = std::min(end, transcript.size());
    DateTime last{};
    bool first = true;
    for (std::size_t i = 0; i < end; ++i) {
        const TranscriptEntry& e = transcript[i];
        if (first || e.time.date != last.date ||
            (e.kind != TranscriptEntry::Kind::Officer && e.time.minute_of_day != last.minute_of_day)) {
            std::string stamp = first || e.time.date != last.date ? e.time.long_text() : e.time.clock_text();
            float w = ImGui::CalcTextSize(stamp.c_str()).x;
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - w) * 0.5f);
            ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
            ImGui::TextUnformatted(stamp.c_str());
            ImGui::PopStyleColor();
            last = e.time;
            first = false;
        }
        switch (e.kind) {
            case TranscriptEntry::Kind::Line:
                if (e.speaker == SpeakerKind::Narrator) {
                    ImGui::PushStyleColor(ImGuiCol_Text, p.narrator_text);
                    ImGui::PushFont(app.fonts().body);
                    wrapped_text(e.text);
                    ImGui::PopFont();
                    ImGui::PopStyleColor();
                } else {
                    std::string name =
                        e.speaker_name +
                        (e.speaker == SpeakerKind::Customer ? "" : " (" + e.speaker_role + ")");
                    bubble(name, e.text,
                           e.speaker == SpeakerKind::Customer ? p.customer_bubble : p.colleague_bubble, false,
                           bubble_width);
                }
                break;
            case TranscriptEntry::Kind::Officer:
                bubble(learner.empty() ? std::string("You") : learner + " (step " + std::to_string(e.step) + ")",
                       e.text, p.officer_bubble, true, bubble_width);
                break;
            case TranscriptEntry::Kind::Exhibit:
                draw_exhibit(app, session, *s.nodes[static_cast<std::size_t>(e.node)].exhibit,
                             std::min(bubble_width * 1.15f, ImGui::GetContentRegionAvail().x));
                break;
            case TranscriptEntry::Kind::Ending: {
                if (session.ending() < 0) break;
                const Ending& ending = s.endings[static_cast<std::size_t>(session.ending())];
                begin_panel(ImGui::GetContentRegionAvail().x);
                muted_text("The role-play has ended");
                heading(app.fonts().bold, ending.title);
                wrapped_text(session.render(ending.text));
                end_panel();
                break;
            }
        }
        ImGui::Spacing();
    }
}

void draw_step_feedback(App& app, const Session& session, const StepResult& step, const std::string& title,
                        float width) {
    const Scenario& s = session.scenario();
    const Choice& choice = s.choices[static_cast<std::size_t>(step.choice)];
    begin_panel(width);
    heading(app.fonts().bold, title);
    if (!choice.feedback.empty()) wrapped_text(session.render(choice.feedback));
    bool any = false;
    for (const auto& c : step.changes) {
        if (c.now.verdict != Verdict::Kept && c.now.verdict != Verdict::Broken) continue;
        any = true;
        const ScopedRule& r = s.rules[static_cast<std::size_t>(c.rule)];
        verdict_badge(c.now.verdict);
        ImGui::SameLine();
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        wrapped_text(r.id() + " " + r.rule->title);
        if (app.fonts().bold) ImGui::PopFont();
        std::string why = session.render(c.now.verdict == Verdict::Broken ? r.rule->feedback_broken
                                                                          : r.rule->feedback_kept);
        if (!why.empty()) wrapped_text(why);
        muted_text("Source: " + r.rule->source);
    }
    if (!any) muted_text("No rule was decided by this choice.");
    if (step.mood_after != step.mood_before)
        muted_text("Customer mood (not scored): " + std::to_string(step.mood_before) + " \u2192 " +
                   std::to_string(step.mood_after) + ".");
    end_panel();
}


}  // namespace cp::ui
