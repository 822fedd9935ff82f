// Themes: light, dark and high contrast. Every colour the screens use comes from a Palette, so the contrast
// test can check every text/background pair the user will ever see against WCAG AA (4.5:1).
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "model.hpp"

namespace cp::ui {

enum class ThemeKind { Light, Dark, HighContrast };

const char* theme_name(ThemeKind kind);  // "light", "dark", "high-contrast"
ThemeKind theme_from_name(const std::string& name);

struct Palette {
    ImVec4 window_bg;  // the app background
    ImVec4 panel_bg;   // side panels, cards
    ImVec4 card_bg;    // scenario cards, feedback cards, documents
    ImVec4 border;
    ImVec4 text;        // body text
    ImVec4 text_muted;  // secondary text (still AA on every background it sits on)
    ImVec4 heading;     // headings
    ImVec4 accent;      // primary buttons, selection
    ImVec4 accent_hover;
    ImVec4 accent_active;
    ImVec4 accent_text;  // text on accent backgrounds
    ImVec4 button;       // secondary buttons, choices
    ImVec4 button_hover;
    ImVec4 button_active;
    ImVec4 frame_bg;         // inputs
    ImVec4 customer_bubble;  // the customer's lines
    ImVec4 officer_bubble;   // the learner's lines
    ImVec4 colleague_bubble;
    ImVec4 narrator_text;
    ImVec4 kept;  // verdict words and icons (always shown with a word, never colour alone)
    ImVec4 broken;
    ImVec4 pending;
    ImVec4 not_applicable;
    ImVec4 pass_bg;  // result banner backgrounds
    ImVec4 fail_bg;
    ImVec4 banner_text;
    ImVec4 mood_line;   // the mood plot (not scored)
    ImVec4 score_line;  // the adherence plot
    ImVec4 focus;       // keyboard focus outline
};

const Palette& palette(ThemeKind kind);

// A choice's grade in palette `p`: best as kept, acceptable as the adherence line, poor as pending, unsafe as
// broken, ungraded muted. Always drawn beside the grade's word, never colour alone. The one home of grade
// colours on screen (the studio graph, the replay timeline, the cohort bars).
ImVec4 grade_colour(const Palette& p, ChoiceGrade grade);

// Applies `kind` to ImGui's style; `scale` multiplies spacing and rounding for DPI and font scale.
void apply_theme(ThemeKind kind, float scale);

// WCAG 2 contrast ratio between two opaque colours (1 to 21).
double contrast_ratio(const ImVec4& a, const ImVec4& b);

struct ColourPair {
    std::string what;  // "body text on the window background"
    ImVec4 foreground;
    ImVec4 background;
};
// Every text-on-background combination the screens draw, for the contrast test.
std::vector<ColourPair> text_colour_pairs(const Palette& p);

}  // namespace cp::ui
