#include "theme.hpp"

#include <cmath>

namespace cp::ui {

namespace {

ImVec4 rgb(unsigned hex) {
    return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f,
                  static_cast<float>((hex >> 8) & 0xFF) / 255.0f, static_cast<float>(hex & 0xFF) / 255.0f,
                  1.0f);
}

// Calm, warm light theme: near-black text on paper-like backgrounds, a deep blue accent.
const Palette kLight = {
    rgb(0xF3F1EC), rgb(0xFFFFFF), rgb(0xFFFFFF), rgb(0xC9C5BC), rgb(0x1D2125), rgb(0x50565E),
    rgb(0x14345A), rgb(0x1F5F8B), rgb(0x174E74), rgb(0x123F5E), rgb(0xFFFFFF), rgb(0xE7E4DD),
    rgb(0xDAD6CD), rgb(0xCBC6BB), rgb(0xFFFFFF), rgb(0xE4EDF5), rgb(0xE2F0E4), rgb(0xF1E9DA),
    rgb(0x4A4F57), rgb(0x1C6B33), rgb(0xA1221C), rgb(0x7A5A00), rgb(0x50565E), rgb(0x1C6B33),
    rgb(0xA1221C), rgb(0xFFFFFF), rgb(0x8A5A00), rgb(0x1F5F8B), rgb(0x1F5F8B),
};

// Dark theme: soft light text on blue-grey, no pure black or white glare.
const Palette kDark = {
    rgb(0x1A1D22), rgb(0x22262D), rgb(0x2A2F37), rgb(0x3D434D), rgb(0xE9E7E3), rgb(0xB3B9C1),
    rgb(0xBFD9F2), rgb(0x2E6A99), rgb(0x3679AD), rgb(0x255A82), rgb(0xFFFFFF), rgb(0x343A44),
    rgb(0x3F4652), rgb(0x4A5261), rgb(0x1F2329), rgb(0x27364A), rgb(0x263D2E), rgb(0x3B3428),
    rgb(0xC5CAD1), rgb(0x86E09B), rgb(0xFF9B91), rgb(0xF2CD5C), rgb(0xB3B9C1), rgb(0x1E6B35),
    rgb(0xA3261F), rgb(0xFFFFFF), rgb(0xF2CD5C), rgb(0x7FB8E6), rgb(0x7FB8E6),
};

// High contrast: black background, white text, yellow accent with black text, white borders.
const Palette kHighContrast = {
    rgb(0x000000), rgb(0x000000), rgb(0x0A0A0A), rgb(0xFFFFFF), rgb(0xFFFFFF), rgb(0xF0F0F0),
    rgb(0xFFFFFF), rgb(0xFFE600), rgb(0xFFF27A), rgb(0xFFD000), rgb(0x000000), rgb(0x1A1A1A),
    rgb(0x333333), rgb(0x4D4D4D), rgb(0x000000), rgb(0x001A33), rgb(0x002610), rgb(0x261A00),
    rgb(0xFFFFFF), rgb(0x7CFF9B), rgb(0xFFA8A8), rgb(0xFFE600), rgb(0xF0F0F0), rgb(0x005C1E),
    rgb(0x8F0000), rgb(0xFFFFFF), rgb(0xFFE600), rgb(0x7CC8FF), rgb(0xFFE600),
};

double channel(float c) {
    double v = c;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(const ImVec4& c) {
    return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}

}  // namespace

const char* theme_name(ThemeKind kind) {
    switch (kind) {
        case ThemeKind::Light:
            return "light";
        case ThemeKind::Dark:
            return "dark";
        case ThemeKind::HighContrast:
            return "high-contrast";
    }
    return "light";
}

ThemeKind theme_from_name(const std::string& name) {
    if (name == "dark") return ThemeKind::Dark;
    if (name == "high-contrast") return ThemeKind::HighContrast;
    return ThemeKind::Light;
}

const Palette& palette(ThemeKind kind) {
    switch (kind) {
        case ThemeKind::Dark:
            return kDark;
        case ThemeKind::HighContrast:
            return kHighContrast;
        default:
            return kLight;
    }
}

ImVec4 grade_colour(const Palette& p, ChoiceGrade grade) {
    switch (grade) {
        case ChoiceGrade::Best:
            return p.kept;
        case ChoiceGrade::Acceptable:
            return p.score_line;
        case ChoiceGrade::Poor:
            return p.pending;
        case ChoiceGrade::Unsafe:
            return p.broken;
        case ChoiceGrade::Ungraded:
            break;
    }
    return p.text_muted;
}

double contrast_ratio(const ImVec4& a, const ImVec4& b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

std::vector<ColourPair> text_colour_pairs(const Palette& p) {
    return {
        {"body text on the window background", p.text, p.window_bg},
        {"body text on panels", p.text, p.panel_bg},
        {"body text on cards", p.text, p.card_bg},
        {"secondary text on the window background", p.text_muted, p.window_bg},
        {"secondary text on panels", p.text_muted, p.panel_bg},
        {"secondary text on cards", p.text_muted, p.card_bg},
        {"headings on the window background", p.heading, p.window_bg},
        {"headings on cards", p.heading, p.card_bg},
        {"button text on primary buttons", p.accent_text, p.accent},
        {"button text on hovered primary buttons", p.accent_text, p.accent_hover},
        {"button text on pressed primary buttons", p.accent_text, p.accent_active},
        {"text on choice buttons", p.text, p.button},
        {"text on hovered choice buttons", p.text, p.button_hover},
        {"text on pressed choice buttons", p.text, p.button_active},
        {"text in input fields", p.text, p.frame_bg},
        {"the customer's lines", p.text, p.customer_bubble},
        {"the officer's lines", p.text, p.officer_bubble},
        {"a colleague's lines", p.text, p.colleague_bubble},
        {"narration", p.narrator_text, p.panel_bg},
        {"the word KEPT on cards", p.kept, p.card_bg},
        {"the word BROKEN on cards", p.broken, p.card_bg},
        {"NOT YET DECIDED on cards", p.pending, p.card_bg},
        {"NOT APPLICABLE on cards", p.not_applicable, p.card_bg},
        {"the word KEPT on panels", p.kept, p.panel_bg},
        {"an acceptable choice's grade on cards (studio graph labels)", p.score_line, p.card_bg},
        {"a poor choice's grade on panels (replay timeline)", p.pending, p.panel_bg},
        {"the word BROKEN on panels", p.broken, p.panel_bg},
        {"the PASS banner", p.banner_text, p.pass_bg},
        {"the FAIL banner", p.banner_text, p.fail_bg},
        {"the mood plot label on panels", p.mood_line, p.panel_bg},
        {"the adherence plot label on panels", p.score_line, p.panel_bg},
    };
}

void apply_theme(ThemeKind kind, float scale) {
    const Palette& p = palette(kind);
    ImGuiStyle style;  // start from defaults so repeated calls do not compound scaling
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 7);
    style.ItemSpacing = ImVec2(10, 9);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 16;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.GrabRounding = 6;
    style.ScrollbarRounding = 8;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = kind == ThemeKind::HighContrast ? 1.0f : 0.0f;
    style.ScaleAllSizes(scale);

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.text_muted;
    c[ImGuiCol_WindowBg] = p.window_bg;
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.panel_bg;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = p.frame_bg;
    c[ImGuiCol_FrameBgHovered] = p.frame_bg;
    c[ImGuiCol_FrameBgActive] = p.frame_bg;
    c[ImGuiCol_TitleBg] = p.panel_bg;
    c[ImGuiCol_TitleBgActive] = p.panel_bg;
    c[ImGuiCol_TitleBgCollapsed] = p.panel_bg;
    c[ImGuiCol_MenuBarBg] = p.panel_bg;
    c[ImGuiCol_ScrollbarBg] = p.window_bg;
    c[ImGuiCol_ScrollbarGrab] = p.button_hover;
    c[ImGuiCol_ScrollbarGrabHovered] = p.button_active;
    c[ImGuiCol_ScrollbarGrabActive] = p.accent;
    c[ImGuiCol_CheckMark] = p.accent;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accent_active;
    c[ImGuiCol_Button] = p.button;
    c[ImGuiCol_ButtonHovered] = p.button_hover;
    c[ImGuiCol_ButtonActive] = p.button_active;
    c[ImGuiCol_Header] = p.button;
    c[ImGuiCol_HeaderHovered] = p.button_hover;
    c[ImGuiCol_HeaderActive] = p.button_active;
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_SeparatorHovered] = p.accent;
    c[ImGuiCol_SeparatorActive] = p.accent;
    c[ImGuiCol_ResizeGrip] = p.button;
    c[ImGuiCol_ResizeGripHovered] = p.button_hover;
    c[ImGuiCol_ResizeGripActive] = p.accent;
    c[ImGuiCol_Tab] = p.button;
    c[ImGuiCol_TabHovered] = p.button_hover;
    c[ImGuiCol_TabActive] = p.button_active;
    c[ImGuiCol_TabUnfocused] = p.button;
    c[ImGuiCol_TabUnfocusedActive] = p.button_active;
    c[ImGuiCol_PlotLines] = p.mood_line;
    c[ImGuiCol_PlotLinesHovered] = p.accent;
    c[ImGuiCol_PlotHistogram] = p.score_line;
    c[ImGuiCol_PlotHistogramHovered] = p.accent;
    c[ImGuiCol_TableHeaderBg] = p.button;
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableBorderLight] = p.border;
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(p.button.x, p.button.y, p.button.z, 0.35f);
    c[ImGuiCol_TextSelectedBg] = ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.35f);
    c[ImGuiCol_DragDropTarget] = p.accent;
    c[ImGuiCol_NavHighlight] = p.focus;
    c[ImGuiCol_NavWindowingHighlight] = p.focus;
    c[ImGuiCol_NavWindowingDimBg] = ImVec4(0, 0, 0, 0.4f);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.4f);
    ImGui::GetStyle() = style;
}

}  // namespace cp::ui
