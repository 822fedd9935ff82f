// Cohort: over the sessions the table shows (its filters and search apply), which rules are broken most and
// by how many learners, where they are broken (scenario, node, choice), by whom, how scores and breaches move
// over attempts, and which options learners pick at each node: bars and small multiples drawn with the draw
// list, each bar labelled with its number so nothing depends on colour or length alone.
//
// Index: [Bars] [Panels] [Screen]
#include <algorithm>
#include <cstdio>

#include "app.hpp"
#include "cohort.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Bars]
//-----------------------------------------------------------------------------------------------------------
// A labelled horizontal bar: label on the left (clipped to label_w), bar scaled to `max`, the value written
// after the bar.
void hbar(const std::string& label, double value, double max, const std::string& value_text, const ImVec4& colour,
          float width, float label_w, float value_w = 0) {
    const Palette& p = colours();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 at = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    if (value_w <= 0) value_w = ImGui::CalcTextSize("0000 (00)").x;
    float bar_w = std::max(10.0f, width - label_w - value_w - 12);
    ImGui::PushClipRect(at, ImVec2(at.x + label_w - 6, at.y + h + 4), true);
    dl->AddText(at, ImGui::GetColorU32(p.text), label.c_str());
    ImGui::PopClipRect();
    float x0 = at.x + label_w;
    dl->AddRectFilled(ImVec2(x0, at.y + 2), ImVec2(x0 + bar_w, at.y + h - 1), ImGui::GetColorU32(p.panel_bg), 3);
    float w = max > 0 ? bar_w * static_cast<float>(value / max) : 0;
    dl->AddRectFilled(ImVec2(x0, at.y + 2), ImVec2(x0 + std::max(w, 2.0f), at.y + h - 1), ImGui::GetColorU32(colour), 3);
    dl->AddText(ImVec2(x0 + bar_w + 8, at.y), ImGui::GetColorU32(p.text), value_text.c_str());
    ImGui::Dummy(ImVec2(width, h + 4));
    if (ImGui::IsItemHovered() && ImGui::IsMousePosValid()) ImGui::SetTooltip("%s: %s", label.c_str(), value_text.c_str());
}

//-----------------------------------------------------------------------------------------------------------
// [Panels]
//-----------------------------------------------------------------------------------------------------------
// A rule's title from any library scenario that brings it into scope (empty when none does).
std::string rule_title(App& app, const std::string& id) {
    for (const auto& s : app.scenarios())
        if (int r = s->find_rule(id); r >= 0) return s->rules[static_cast<std::size_t>(r)].rule->title;
    return {};
}

void rules_panel(App& app, const CohortModel& m, float width) {
    const Palette& p = colours();
    heading(app.fonts().bold, "Rules broken most");
    if (m.rules.empty()) muted_text("No rule broken in these sessions.");
    int max = m.rules.empty() ? 0 : m.rules.front().breaches;
    float value_w = ImGui::CalcTextSize("000 by 00 learners").x;
    for (std::size_t i = 0; i < std::min<std::size_t>(m.rules.size(), 8); ++i) {
        const CohortRule& r = m.rules[i];
        hbar(r.rule + "  " + rule_title(app, r.rule), r.breaches, max,
             std::to_string(r.breaches) + " by " + std::to_string(r.learners) + (r.learners == 1 ? " learner" : " learners"),
             p.broken, width, width * 0.42f, value_w);
    }
}

void places_panel(App& app, const CohortModel& m, float width) {
    const Palette& p = colours();
    heading(app.fonts().bold, "Where they are broken");
    if (m.places.empty()) muted_text("Nowhere yet.");
    int max = m.places.empty() ? 0 : m.places.front().breaches;
    for (std::size_t i = 0; i < std::min<std::size_t>(m.places.size(), 8); ++i) {
        const CohortPlace& pl = m.places[i];
        std::string where = pl.node.empty() ? pl.scenario + ": at the end" : pl.scenario + " \u203a " + pl.node + " \u203a " + pl.choice;
        hbar(pl.rule + "  " + where, pl.breaches, max, std::to_string(pl.breaches), p.broken, width, width * 0.68f);
    }
}

void learners_panel(App& app, const CohortModel& m, float width) {
    const Palette& p = colours();
    heading(app.fonts().bold, "By whom");
    int max = 0;
    for (const auto& l : m.by_learner) max = std::max(max, l.breaches);
    for (std::size_t i = 0; i < std::min<std::size_t>(m.by_learner.size(), 8); ++i) {
        const CohortLearner& l = m.by_learner[i];
        std::string v = std::to_string(l.breaches) + " in " + std::to_string(l.sessions);
        hbar(l.learner.empty() ? "(unknown)" : l.learner, l.breaches, max, v, p.pending, width, width * 0.34f);
    }
    if (m.by_learner.size() > 8) muted_text("and " + std::to_string(m.by_learner.size() - 8) + " more learners");
}

// Mean score per attempt as columns, with the mean number of rules broken as a line over them.
void trend_panel(App& app, const CohortModel& m, float width) {
    const Palette& p = colours();
    heading(app.fonts().bold, "Trend over attempts");
    if (m.trend.empty()) {
        muted_text("No finished sessions yet.");
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float fs = ImGui::GetFontSize();
    ImVec2 o = ImGui::GetCursorScreenPos();
    float h = fs * 8;
    float label_w = ImGui::CalcTextSize("100%").x + 6;
    ImVec2 pmin(o.x + label_w, o.y + 4), pmax(o.x + width - 8, o.y + h);
    dl->AddRectFilled(pmin, pmax, ImGui::GetColorU32(p.card_bg));
    for (int v : {0, 50, 100}) {
        float y = pmax.y - (pmax.y - pmin.y) * static_cast<float>(v) / 100.0f;
        dl->AddLine(ImVec2(pmin.x, y), ImVec2(pmax.x, y), ImGui::GetColorU32(p.border));
        std::string t = std::to_string(v) + "%";
        dl->AddText(ImVec2(o.x, y - fs * 0.5f), ImGui::GetColorU32(p.text_muted), t.c_str());
    }
    std::size_t n = std::min<std::size_t>(m.trend.size(), 10);
    float slot = (pmax.x - pmin.x) / static_cast<float>(n);
    double max_breaches = 1;
    for (std::size_t i = 0; i < n; ++i) max_breaches = std::max(max_breaches, m.trend[i].mean_breaches);
    ImVec2 prev;
    for (std::size_t i = 0; i < n; ++i) {
        const CohortAttempt& a = m.trend[i];
        float cx = pmin.x + slot * (static_cast<float>(i) + 0.5f);
        float top = pmax.y - (pmax.y - pmin.y) * static_cast<float>(a.mean_score / 100.0);
        dl->AddRectFilled(ImVec2(cx - slot * 0.28f, top), ImVec2(cx + slot * 0.28f, pmax.y), ImGui::GetColorU32(p.score_line), 3);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f%%", a.mean_score);
        float tw = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(cx - tw * 0.5f, std::min(top + 4, pmax.y - fs - 2)), ImGui::GetColorU32(p.accent_text), buf);
        ImVec2 pt(cx, pmax.y - (pmax.y - pmin.y) * static_cast<float>(a.mean_breaches / max_breaches) * 0.9f);
        if (i > 0) dl->AddLine(prev, pt, ImGui::GetColorU32(p.broken), 2.5f);
        dl->AddTriangleFilled(ImVec2(pt.x, pt.y - 5), ImVec2(pt.x - 5, pt.y + 4), ImVec2(pt.x + 5, pt.y + 4), ImGui::GetColorU32(p.broken));
        prev = pt;
        std::string label = "Attempt " + std::to_string(a.attempt) + " (" + std::to_string(a.sessions) + ")";
        float lw = ImGui::CalcTextSize(label.c_str()).x;
        dl->AddText(ImVec2(cx - lw * 0.5f, pmax.y + 4), ImGui::GetColorU32(p.text_muted), label.c_str());
    }
    ImGui::Dummy(ImVec2(width, h + fs + 8));
    ImGui::TextColored(p.score_line, "\u25a0 Mean score");
    ImGui::SameLine(0, fs);
    ImGui::TextColored(p.broken, "\u25b2 Rules broken per session (%.1f at most)", max_breaches);
}

// One small chart per node: each option's share of the picks, coloured and labelled by grade.
void picks_panel(App& app, const CohortModel& m, float width) {
    const Palette& p = colours();
    float fs = ImGui::GetFontSize();
    heading(app.fonts().bold, "Which options learners pick, node by node");
    muted_text("An option nobody picks is a distractor nobody believes; a popular unsafe option is a lesson to teach.");
    if (m.nodes.empty()) return;
    const Scenario* scenario = nullptr;
    int columns = std::max(1, static_cast<int>(width / (fs * 19)));
    float cell = (width - ImGui::GetStyle().ItemSpacing.x * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    int shown = 0;
    for (const auto& node : m.nodes) {
        if (shown >= 12) break;
        for (const auto& s : app.scenarios())
            if (s->id == node.scenario) scenario = s.get();
        if (shown % columns != 0) ImGui::SameLine();
        ImGui::BeginGroup();
        ImVec4 bg = p.panel_bg;
        begin_panel(cell, &bg);
        if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
        std::string title = node.scenario + " \u203a " + node.node;
        ImGui::PushClipRect(ImGui::GetCursorScreenPos(), ImVec2(ImGui::GetCursorScreenPos().x + cell - fs * 1.5f, ImGui::GetCursorScreenPos().y + fs * 2), true);
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopClipRect();
        if (app.fonts().bold) ImGui::PopFont();
        std::vector<CohortChoice> choices = node.choices;
        // Options the scenario offers here that nobody picked.
        if (scenario && scenario->id == node.scenario) {
            int n = scenario->find_node(node.node);
            if (n >= 0)
                for (int c : scenario->nodes[static_cast<std::size_t>(n)].choices) {
                    const Choice& ch = scenario->choices[static_cast<std::size_t>(c)];
                    if (std::none_of(choices.begin(), choices.end(), [&](const CohortChoice& x) { return x.choice == ch.id; }))
                        choices.push_back({ch.id, to_string(ch.grade), 0});
                }
        }
        for (std::size_t i = 0; i < std::min<std::size_t>(choices.size(), 5); ++i) {
            const CohortChoice& c = choices[i];
            int pct = node.picks > 0 ? c.picks * 100 / node.picks : 0;
            hbar(c.choice, c.picks, node.picks, std::to_string(pct) + "% " + c.grade, grade_colour(c.grade),
                 cell - fs * 1.6f, (cell - fs * 1.6f) * 0.36f, ImGui::CalcTextSize("100% acceptable").x);
        }
        end_panel();
        ImGui::EndGroup();
        ++shown;
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------
void draw_cohort(App& app, std::vector<Intent>& out) {
    draw_workspace_bar(app, out);
    const SessionIndex* index = app.session_index();
    if (!index) return;
    if (key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::ShowSessions});
    const CohortModel& m = app.cohort();
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    ImGui::Text("%d sessions by %d learners", m.sessions, m.learners);
    if (app.fonts().bold) ImGui::PopFont();
    ImGui::SameLine();
    muted_text("The sessions table's filters and search apply here." +
               (m.left_out ? "  " + std::to_string(m.left_out) + " altered or unreadable records are left out." : std::string()));
    ImGui::BeginChild("cohort", ImVec2(0, 0), false);
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    begin_panel(half);
    rules_panel(app, m, half - ImGui::GetStyle().WindowPadding.x * 2);
    end_panel();
    ImGui::SameLine();
    begin_panel(half);
    places_panel(app, m, half - ImGui::GetStyle().WindowPadding.x * 2);
    end_panel();
    begin_panel(half);
    trend_panel(app, m, half - ImGui::GetStyle().WindowPadding.x * 2);
    end_panel();
    ImGui::SameLine();
    begin_panel(half);
    learners_panel(app, m, half - ImGui::GetStyle().WindowPadding.x * 2);
    end_panel();
    ImGui::Spacing();
    picks_panel(app, m, width);
    ImGui::EndChild();
}

}  // namespace cp::ui
