// The studio's problem list: what lint and the analysis say about the document as it is now, errors first,
// each with its line and JSON pointer; a click selects the node or choice concerned and jumps to the field.
// While checks run on the background thread the list says so and keeps showing the last result.
#include <cstdio>

#include "app.hpp"
#include "widgets.hpp"

namespace cp::ui {

void draw_studio_problems(App& app, Studio& st, std::vector<Intent>& out) {
    (void)app;
    auto checks = st.checks();
    if (!checks) {
        muted_text("Checking...");
        return;
    }
    bool stale = checks->revision != st.doc.revision();
    char head[160];
    std::snprintf(head, sizeof head, "%d error%s, %d warning%s%s   (checked in %.0f ms%s)", checks->errors,
                  checks->errors == 1 ? "" : "s", checks->warnings, checks->warnings == 1 ? "" : "s",
                  checks->loaded ? "" : " (the scenario does not load yet)", checks->milliseconds,
                  stale ? "; checking the latest edit..." : "");
    ImGui::PushStyleColor(ImGuiCol_Text, checks->errors ? colours().broken : colours().kept);
    ImGui::TextUnformatted(head);
    ImGui::PopStyleColor();
    if (checks->loaded && checks->errors == 0) {
        ImGui::SameLine();
        char guess[96];  // two decimals, as analyze prints it ("0.23%", "100.00%")
        std::snprintf(guess, sizeof guess, "  A random guesser passes %.2f%% of the time.", checks->guess_probability * 100);
        muted_text(guess);
    }
    ImGui::Separator();
    int row = 0;
    for (const auto& p : checks->problems) {
        ImGui::PushID(row++);
        bool error = p.severity == Severity::Error;
        ImGui::PushStyleColor(ImGuiCol_Text, error ? colours().broken : colours().pending);
        std::string label = std::string(error ? "error" : "warning") + "  " + std::to_string(p.where.line) + ":" +
                            std::to_string(p.where.column) + "  " + p.message;
        if (!p.where.json_path.empty()) label += "  [" + p.where.json_path + "]";
        // A long message wraps to the panel's width: a selectable as tall as the wrapped text, the text drawn on it.
        float wrap = ImGui::GetContentRegionAvail().x;
        ImVec2 size = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
        ImVec2 at = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##problem", false, 0, ImVec2(0, size.y)))
            out.emplace_back(Intent::Kind::StudioJump, -1, p.where.json_path);
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at,
                                            ImGui::GetColorU32(ImGuiCol_Text), label.c_str(), nullptr, wrap);
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
}

}  // namespace cp::ui
