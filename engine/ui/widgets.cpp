#include "widgets.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "text_report.hpp"

namespace cp::ui {

namespace {
ThemeKind g_theme = ThemeKind::Light;
}

bool key_pressed(ImGuiKey key) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false);
}

int typed_digit() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return 0;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        ImWchar c = io.InputQueueCharacters[i];
        if (c >= '1' && c <= '9') return c - '0';
    }
    return 0;
}

char typed_letter() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return 0;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        ImWchar c = io.InputQueueCharacters[i];
        if (c >= 'a' && c <= 'z') return static_cast<char>(c);
        if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    }
    return 0;
}

bool typed_slash() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '/') return true;
    return false;
}

const Palette& colours() {
    return palette(g_theme);
}
void set_colours(ThemeKind kind) {
    g_theme = kind;
}
ImVec4 grade_colour(std::string_view grade) {
    return grade_colour(colours(), parse_grade(grade).value_or(ChoiceGrade::Ungraded));
}

bool wrapped_button(const char* id, std::string_view label, float width, int number, bool primary) {
    const Palette& p = colours();
    const ImGuiStyle& style = ImGui::GetStyle();
    float pad_x = style.FramePadding.x * 1.4f, pad_y = style.FramePadding.y * 1.3f;
    float hint_w = number > 0 ? ImGui::GetFontSize() * 2.0f : 0.0f;
    float text_w = width - 2 * pad_x - hint_w;
    ImVec2 text_size = ImGui::CalcTextSize(label.data(), label.data() + label.size(), false, text_w);
    ImVec2 size(width, text_size.y + 2 * pad_y);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::InvisibleButton(id, size);
    note_click_target(id);
    bool focused = ImGui::IsItemFocused();
    if (focused && (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter))) pressed = true;
    bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    ImVec4 bg = primary ? (held      ? p.accent_active
                           : hovered ? p.accent_hover
                                     : p.accent)
                        : (held                   ? p.button_active
                           : (hovered || focused) ? p.button_hover
                                                  : p.button);
    ImVec4 fg = primary ? p.accent_text : p.text;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, ImGui::GetColorU32(bg), style.FrameRounding);
    if (focused) dl->AddRect(pos, end, ImGui::GetColorU32(p.focus), style.FrameRounding, 0, 2.0f);
    if (number > 0) {
        std::string n = std::to_string(number);
        ImVec2 box_min(pos.x + pad_x * 0.6f, pos.y + pad_y * 0.7f);
        ImVec2 box_max(box_min.x + hint_w * 0.7f, box_min.y + ImGui::GetFontSize() + pad_y * 0.6f);
        dl->AddRect(box_min, box_max, ImGui::GetColorU32(fg), 4.0f, 0, 1.5f);
        ImVec2 nsize = ImGui::CalcTextSize(n.c_str());
        dl->AddText(
            ImVec2((box_min.x + box_max.x - nsize.x) * 0.5f, (box_min.y + box_max.y - nsize.y) * 0.5f),
            ImGui::GetColorU32(fg), n.c_str());
    }
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + pad_x + hint_w, pos.y + pad_y),
                ImGui::GetColorU32(fg), label.data(), label.data() + label.size(), text_w);
    return pressed;
}

bool button(const char* label, bool primary, ImVec2 size) {
    const Palette& p = colours();
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, p.accent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.accent_hover);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.accent_active);
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent_text);
    }
    bool pressed = ImGui::Button(label, size);
    note_click_target(label);
    if (ImGui::IsItemFocused() && (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter)))
        pressed = true;
    if (primary) ImGui::PopStyleColor(4);
    return pressed;
}

void bubble(std::string_view name, std::string_view text, const ImVec4& bg, bool align_right,
            float max_width) {
    const Palette& p = colours();
    const ImGuiStyle& style = ImGui::GetStyle();
    float pad = style.FramePadding.x * 1.3f;
    float avail = ImGui::GetContentRegionAvail().x;
    float wrap = std::min(max_width, avail) - 2 * pad;
    ImVec2 text_size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, wrap);
    ImVec2 name_size = ImGui::CalcTextSize(name.data(), name.data() + name.size());
    float w = std::max(text_size.x, name_size.x) + 2 * pad;
    float h = name_size.y + style.ItemInnerSpacing.y + text_size.y + 2 * pad * 0.8f;
    ImVec2 start = ImGui::GetCursorScreenPos();
    if (align_right) start.x += avail - w;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(start, ImVec2(start.x + w, start.y + h), ImGui::GetColorU32(bg),
                      style.ChildRounding + 4);
    if (p.border.x > 0.9f && p.window_bg.x < 0.1f)  // high contrast: outline every bubble
        dl->AddRect(start, ImVec2(start.x + w, start.y + h), ImGui::GetColorU32(p.border),
                    style.ChildRounding + 4);
    ImVec2 at(start.x + pad, start.y + pad * 0.8f);
    dl->AddText(at, ImGui::GetColorU32(p.heading), name.data(), name.data() + name.size());
    at.y += name_size.y + style.ItemInnerSpacing.y;
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, ImGui::GetColorU32(p.text), text.data(),
                text.data() + text.size(), wrap);
    ImGui::Dummy(ImVec2(avail, h));
}

const char* verdict_icon(Verdict v) {
    switch (v) {
        case Verdict::Kept:
            return "\u2713";
        case Verdict::Broken:
            return "\u2717";
        case Verdict::Pending:
            return "\u2026";
        case Verdict::NotApplicable:
            return "\u2013";
    }
    return "?";
}

ImVec4 verdict_colour(Verdict v) {
    const Palette& p = colours();
    switch (v) {
        case Verdict::Kept:
            return p.kept;
        case Verdict::Broken:
            return p.broken;
        case Verdict::Pending:
            return p.pending;
        case Verdict::NotApplicable:
            return p.not_applicable;
    }
    return p.text;
}

void verdict_badge(Verdict v) {
    std::string label = std::string(verdict_icon(v)) + " " + verdict_label(v);
    ImGui::TextColored(verdict_colour(v), "%s", label.c_str());
}

void heading(ImFont* font, std::string_view text) {
    if (font) ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, colours().heading);
    wrapped_text(text);
    ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

void muted_text(std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colours().text_muted);
    wrapped_text(text);
    ImGui::PopStyleColor();
}

// Wraps at the enclosing wrap position if a panel set one, else at the window edge.
void wrapped_text(std::string_view text) {
    bool own = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
    if (own) ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    if (own) ImGui::PopTextWrapPos();
}

bool chip(const char* label, bool selected) {
    const Palette& p = colours();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ImGui::GetFrameHeight() * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Button, selected ? p.accent : p.button);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? p.accent_hover : p.button_hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, selected ? p.accent_active : p.button_active);
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? p.accent_text : p.text);
    std::string text = std::string(selected ? "\u2713 " : "") + label;
    bool pressed = ImGui::Button((text + "###" + label).c_str());
    note_click_target(label);
    if (ImGui::IsItemFocused() && key_pressed(ImGuiKey_Enter)) pressed = true;
    ImGui::PopStyleColor(4);
    ImGui::PopStyleVar();
    return pressed;
}

namespace {
struct PanelFrame {
    ImVec2 start;
    float width;
    ImVec4 bg;
};
std::vector<PanelFrame> g_panels;
}  // namespace

void begin_panel(float width, const ImVec4* background) {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    PanelFrame f{ImGui::GetCursorScreenPos(), width, background ? *background : colours().card_bg};
    g_panels.push_back(f);
    ImGui::SetCursorScreenPos(ImVec2(f.start.x + style.WindowPadding.x, f.start.y + style.WindowPadding.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * style.WindowPadding.x);
}

void end_panel() {
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    PanelFrame f = g_panels.back();
    g_panels.pop_back();
    ImVec2 max = ImGui::GetItemRectMax();
    ImVec2 end(f.start.x + f.width, max.y + style.WindowPadding.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(f.start, end, ImGui::GetColorU32(f.bg), style.ChildRounding);
    dl->AddRect(f.start, end, ImGui::GetColorU32(colours().border), style.ChildRounding);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(f.start);
    ImGui::Dummy(ImVec2(f.width, end.y - f.start.y));
}

void begin_card(const char* id, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colours().card_bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y));
    ImGui::BeginChild(id, size, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
}

void end_card() {
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

bool text_field(const char* label, const char* hint, std::string& text, float width) {
    ImGui::SetNextItemWidth(width);
    bool changed = ImGui::InputTextWithHint(label, hint, &text);
    note_click_target(label);
    return changed;
}

bool text_area(const char* label, std::string& text, float width, float lines) {
    float h = ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2;
    bool changed = ImGui::InputTextMultiline(label, &text, ImVec2(width, h));
    note_click_target(label);
    return changed;
}

namespace {
struct ClickTarget {
    int frame = -1;
    bool visible = false;
    ImVec2 min, max;  // the item's rectangle
};
// By label; std::less<> finds by string_view without building a string each frame.
std::map<std::string, ClickTarget, std::less<>> g_targets;
std::string g_reveal;  // a target to scroll into view when next drawn
}  // namespace

void note_click_target(std::string_view label) {
    // Visible enough to click: its centre in view, not just a sliver of it (a click on the centre of a button
    // scrolled half out of its pane lands on the pane's neighbour).
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImVec2 centre((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
    bool visible = ImGui::IsItemVisible() && ImGui::IsRectVisible(ImVec2(centre.x - 1, centre.y - 1),
                                                                  ImVec2(centre.x + 1, centre.y + 1));
    if (!visible && g_reveal != label) {
        auto it = g_targets.find(label);
        if (it != g_targets.end()) it->second.visible = false;
        if (it == g_targets.end()) g_targets.emplace(std::string(label), ClickTarget{ImGui::GetFrameCount(), false, {}, {}});
        else it->second.frame = ImGui::GetFrameCount();
        return;
    }
    if (!visible) {
        ImGui::SetScrollHereY(0.5f);  // the item just drawn, to the middle of its window
        g_reveal.clear();
    }
    auto it = g_targets.find(label);
    if (it == g_targets.end()) it = g_targets.emplace(std::string(label), ClickTarget{}).first;
    it->second = {ImGui::GetFrameCount(), visible, a, b};
}

bool find_click_target(std::string_view label, ImVec2& min, ImVec2& max) {
    auto it = g_targets.find(label);
    // Drawn in the frame just finished (or this one, before NewFrame has counted the next).
    if (it == g_targets.end() || !it->second.visible || it->second.frame < ImGui::GetFrameCount() - 1) return false;
    min = it->second.min;
    max = it->second.max;
    return true;
}

bool find_click_target(std::string_view label, ImVec2& centre) {
    ImVec2 min, max;
    if (!find_click_target(label, min, max)) return false;
    centre = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    return true;
}

bool reveal_click_target(std::string_view label) {
    auto it = g_targets.find(label);
    if (it == g_targets.end() || it->second.frame < ImGui::GetFrameCount() - 1) return false;
    g_reveal = std::string(label);
    return true;
}

}  // namespace cp::ui
