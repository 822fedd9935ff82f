// Sessions: the assessor's table of records from one or more folders, read on the index's own thread so the
// table grows while the window stays responsive. Sort by any column, filter by mode, result, integrity and
// marking, search by learner, scenario or file, export what is shown as CSV, open a row to replay it.
// Also the workspace's title bar with its tabs (Sessions, Replay, Cohort), shared by the three screens.
//
// Index: [Workspace bar] [Filters] [Table] [Screen]
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

std::string with_commas(std::size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Workspace bar]
//-----------------------------------------------------------------------------------------------------------
void draw_workspace_bar(App& app, std::vector<Intent>& out) {
    const Palette& p = colours();
    ImGui::PushFont(app.fonts().title ? app.fonts().title : ImGui::GetFont());
    ImGui::PushStyleColor(ImGuiCol_Text, p.heading);
    ImGui::TextUnformatted("Counterpart");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
    ImGui::TextUnformatted("Assessor's workspace");
    ImGui::PopStyleColor();
    ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
    // Tabs, also by letter (S, R, C) while no text field has focus.
    char letter = typed_letter();
    if (chip("Sessions (S)", app.screen() == Screen::Sessions) || letter == 's')
        out.push_back({Intent::Kind::ShowSessions});
    ImGui::SameLine();
    if (app.replay()) {
        if ((chip("Replay (R)", app.screen() == Screen::Replay) || letter == 'r') && app.screen() != Screen::Replay)
            out.push_back({Intent::Kind::ShowReplay});
        ImGui::SameLine();
    }
    if (chip("Cohort (C)", app.screen() == Screen::Cohort) || letter == 'c') out.push_back({Intent::Kind::ShowCohort});
    const char* back = "Back to practice";
    float back_w = ImGui::CalcTextSize(back).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_w);
    if (button(back)) out.push_back({Intent::Kind::BackToLibrary});
    ImGui::Separator();
}

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Filters]
//-----------------------------------------------------------------------------------------------------------
void draw_filters(App& app, std::vector<Intent>& out) {
    auto& view = app.view();
    const SessionQuery& q = app.session_query();
    float fs = ImGui::GetFontSize();
    if (typed_slash()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(fs * 20);
    // Enter in the search box opens the highlighted (first) match.
    if (ImGui::InputTextWithHint("##search", "Search learner, scenario or file  ( / )", view.session_search,
                                 sizeof view.session_search, ImGuiInputTextFlags_EnterReturnsTrue))
        view.open_selected = true;
    ImGui::SameLine(0, fs * 1.2f);
    ImGui::AlignTextToFramePadding();
    muted_text("Mode");
    ImGui::SameLine();
    if (chip("All modes", q.mode.empty())) out.push_back({Intent::Kind::FilterSessions, -1, "mode="});
    ImGui::SameLine();
    if (chip("Assessment", q.mode == "assessment"))
        out.push_back({Intent::Kind::FilterSessions, -1, "mode=assessment"});
    ImGui::SameLine();
    if (chip("Practice", q.mode == "practice"))
        out.push_back({Intent::Kind::FilterSessions, -1, "mode=practice"});
    ImGui::SameLine(0, fs * 1.2f);
    ImGui::AlignTextToFramePadding();
    muted_text("Result");
    for (const char* r : {"", "pass", "fail", "unfinished"}) {
        ImGui::SameLine();
        std::string label = *r ? std::string(1, static_cast<char>(r[0] - 32)) + (r + 1) : "Any";
        if (chip(label.c_str(), q.result == r))
            out.push_back({Intent::Kind::FilterSessions, -1, std::string("result=") + r});
    }
    if (chip("Integrity problems only", q.only_problems))
        out.push_back({Intent::Kind::FilterSessions, -1, q.only_problems ? "problems=off" : "problems=on"});
    ImGui::SameLine();
    if (chip("Not yet marked", q.only_unmarked))
        out.push_back({Intent::Kind::FilterSessions, -1, q.only_unmarked ? "unmarked=off" : "unmarked=on"});
    ImGui::SameLine();
    if (button("Clear filters")) out.push_back({Intent::Kind::FilterSessions, -1, "clear"});
    float right = ImGui::GetWindowContentRegionMax().x;
    float pad = ImGui::GetStyle().FramePadding.x * 2, gap = ImGui::GetStyle().ItemSpacing.x;
    float export_w = ImGui::CalcTextSize("Export CSV").x + pad;
    float rescan_w = ImGui::CalcTextSize("Rescan").x + pad;
    float portfolio_w = ImGui::CalcTextSize("Portfolio of highlighted").x + pad;
    ImGui::SameLine(right - export_w - rescan_w - portfolio_w - 2 * gap);
    if (button("Rescan")) out.push_back({Intent::Kind::RescanSessions});
    ImGui::SameLine();
    // The highlighted row's learner: every record of theirs in these folders (written to the exports folder).
    if (button("Portfolio of highlighted"))
        out.push_back({Intent::Kind::ExportPortfolio, view.session_selected});
    ImGui::SameLine();
    if (button("Export CSV", true)) out.push_back({Intent::Kind::ExportSessions, -1, view.export_path});
}

//-----------------------------------------------------------------------------------------------------------
// [Table]
//-----------------------------------------------------------------------------------------------------------
ImVec4 integrity_colour(RecordIntegrity::Status s) {
    const Palette& p = colours();
    switch (s) {
        case RecordIntegrity::Status::Complete:
            return p.kept;
        case RecordIntegrity::Status::CutOff:
            return p.pending;
        default:
            return p.broken;
    }
}

const char* integrity_icon(RecordIntegrity::Status s) {
    switch (s) {
        case RecordIntegrity::Status::Complete:
            return "\u2713";
        case RecordIntegrity::Status::CutOff:
            return "\u2702";
        default:
            return "\u2717";
    }
}

void draw_table(App& app, std::vector<Intent>& out) {
    const SessionIndex& index = *app.session_index();
    const auto& rows = index.rows();
    const auto& order = app.session_order();
    auto& view = app.view();
    const Palette& p = colours();
    float fs = ImGui::GetFontSize();
    int count = static_cast<int>(order.size());
    view.session_selected = std::clamp(view.session_selected, 0, std::max(0, count - 1));
    bool typing = ImGui::GetIO().WantTextInput;
    bool moved = false;
    if (!typing && count > 0) {
        if (key_pressed(ImGuiKey_DownArrow)) view.session_selected = std::min(count - 1, view.session_selected + 1), moved = true;
        if (key_pressed(ImGuiKey_UpArrow)) view.session_selected = std::max(0, view.session_selected - 1), moved = true;
        if (key_pressed(ImGuiKey_Enter)) view.open_selected = true;
        if (key_pressed(ImGuiKey_Escape)) out.push_back({Intent::Kind::FilterSessions, -1, "clear"});
    }
    if (view.open_selected && count > 0)
        out.push_back({Intent::Kind::OpenReplay, -1,
                       rows[static_cast<std::size_t>(order[static_cast<std::size_t>(view.session_selected)])].path});
    view.open_selected = false;

    ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_BordersOuter | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_SizingStretchProp;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(fs * 0.5f, fs * 0.35f));
    bool open = ImGui::BeginTable("sessions", kSessionColumns, flags, ImVec2(0, 0));
    ImGui::PopStyleVar();
    if (!open) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    auto col = [&](SessionColumn c, float weight, ImGuiTableColumnFlags extra = 0) {
        ImGui::TableSetupColumn(column_title(c), extra | ImGuiTableColumnFlags_WidthStretch, weight,
                                static_cast<ImGuiID>(c));
    };
    col(SessionColumn::Learner, 2.2f);
    col(SessionColumn::Scenario, 2.6f);
    col(SessionColumn::Date, 2.0f, ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending);
    col(SessionColumn::Mode, 1.3f);
    col(SessionColumn::Result, 1.3f);
    col(SessionColumn::Score, 0.9f, ImGuiTableColumnFlags_PreferSortDescending);
    col(SessionColumn::Integrity, 2.8f);
    col(SessionColumn::Marking, 1.4f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
            bool descending = s.SortDirection == ImGuiSortDirection_Descending;
            if (static_cast<int>(s.ColumnUserID) != static_cast<int>(app.session_query().sort) ||
                descending != app.session_query().descending)
                out.push_back({Intent::Kind::SortSessions, static_cast<int>(s.ColumnUserID),
                               descending ? "descending" : "ascending"});
        }
        specs->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(count);
    if (moved) clipper.ForceDisplayRangeByIndices(view.session_selected, view.session_selected + 1);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const SessionRow& r = rows[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushID(i);
            bool selected = i == view.session_selected;
            if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
            std::string learner = (r.learner.empty() ? "(unknown)" : r.learner) + "##row";
            if (ImGui::Selectable(learner.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
                view.session_selected = i;
                out.push_back({Intent::Kind::OpenReplay, -1, r.path});
            }
            if (app.fonts().bold) ImGui::PopFont();
            if (selected && moved) ImGui::SetScrollHereY(0.5f);
            ImGui::TableSetColumnIndex(1);
            std::string scenario = r.scenario_id.empty() ? "?" : r.scenario_id;
            ImGui::TextUnformatted(scenario.c_str());
            if (!r.scenario_version.empty()) {
                ImGui::SameLine();
                muted_text("v" + r.scenario_version);
            }
            ImGui::TableSetColumnIndex(2);
            std::string date = r.started_at.size() >= 16 ? r.started_at.substr(0, 10) + "  " + r.started_at.substr(11, 5)
                                                           : r.started_at;
            ImGui::TextUnformatted(date.c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(r.mode == "assessment" ? "Assessment" : r.mode == "practice" ? "Practice" : "?");
            ImGui::TableSetColumnIndex(4);
            switch (r.result) {
                case SessionRow::Result::Pass:
                    ImGui::TextColored(p.kept, "\u2713 Pass");
                    break;
                case SessionRow::Result::Fail:
                    ImGui::TextColored(p.broken, "\u2717 Fail");
                    break;
                case SessionRow::Result::Unfinished:
                    ImGui::TextColored(p.pending, "\u2026 Unfinished");
                    break;
                case SessionRow::Result::Unreadable:
                    ImGui::TextColored(p.text_muted, "\u2013");
                    break;
            }
            ImGui::TableSetColumnIndex(5);
            ImGui::TextUnformatted(r.score >= 0 ? (std::to_string(r.score) + "%").c_str() : "\u2013");
            ImGui::TableSetColumnIndex(6);
            ImGui::TextColored(integrity_colour(r.integrity), "%s", integrity_icon(r.integrity));
            ImGui::SameLine();
            ImGui::TextUnformatted(r.integrity_summary.c_str());
            if (ImGui::IsItemHovered() && ImGui::IsMousePosValid() && r.integrity_summary.size() > 40) ImGui::SetTooltip("%s", r.integrity_summary.c_str());
            ImGui::TableSetColumnIndex(7);
            if (r.marked)
                ImGui::TextColored(p.kept, "\u2713 Marked");
            else
                muted_text("Not marked");
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Screen]
//-----------------------------------------------------------------------------------------------------------
void draw_sessions(App& app, std::vector<Intent>& out) {
    draw_workspace_bar(app, out);
    const SessionIndex* index = app.session_index();
    if (!index) return;
    draw_filters(app, out);

    // Where the rows come from and how far the reading has got.
    std::string folders;
    for (const auto& f : index->folders()) folders += (folders.empty() ? "" : ", ") + f;
    std::string progress;
    if (index->busy() && index->files_found() > 0)
        progress = "Reading " + with_commas(index->files_done()) + " of " + with_commas(index->files_found()) +
                   " records\u2026  ";
    std::size_t shown = app.session_order().size(), total = index->rows().size();
    std::string counts = with_commas(shown) + (shown == total ? "" : " of " + with_commas(total)) +
                         (total == 1 ? " session" : " sessions");
    ImGui::AlignTextToFramePadding();
    if (app.fonts().bold) ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(counts.c_str());
    if (app.fonts().bold) ImGui::PopFont();
    ImGui::SameLine();
    muted_text(progress + "in " + folders + ".  Click a row, or press Enter, to replay it; Esc clears the filters.");
    for (const auto& problem : index->problems()) wrapped_text("! " + problem);
    if (!app.status_message().empty()) wrapped_text(app.status_message());
    if (total == 0 && !index->busy()) {
        ImGui::Spacing();
        wrapped_text("No session records (*.jsonl) in these folders yet. Records appear here as learners finish "
                     "sessions; the folders are looked at again every few seconds.");
        return;
    }
    draw_table(app, out);
}

}  // namespace cp::ui
