// Small widgets shared by the screens: wrapped buttons that also answer Enter, conversation bubbles,
// verdict badges (icon and word, never colour alone), cards and headings. Backend-agnostic key helpers.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

#include "rubric.hpp"
#include "theme.hpp"

namespace cp::ui {

// Keys through ImGui's key map, so screens need no GLFW.
bool key_pressed(ImGuiKey key);
// A digit 1..9 typed this frame while no text field has focus; 0 if none.
int typed_digit();
// A letter typed this frame (lower case) while no text field has focus; 0 if none.
char typed_letter();

// True when '/' was typed while no text field has focus (jump to a search box).
bool typed_slash();

// The palette of the theme in use (set by the app each frame).
const Palette& colours();
void set_colours(ThemeKind kind);
// A grade by name ("best", "acceptable", "poor", "unsafe") in the theme in use; anything else is muted.
ImVec4 grade_colour(std::string_view grade);

// A full-width button whose label wraps. Activated by click, or Enter/Space while it has keyboard focus.
// `number` > 0 draws a numbered key hint ("1") on its left.
bool wrapped_button(const char* id, std::string_view label, float width, int number = 0,
                    bool primary = false);
// A normal button that also answers Enter while focused.
bool button(const char* label, bool primary = false, ImVec2 size = ImVec2(0, 0));

// A speech bubble: `align_right` for the learner; `name` is drawn above the text.
void bubble(std::string_view name, std::string_view text, const ImVec4& bg, bool align_right,
            float max_width);
// A verdict as icon and word in its colour ("✓ KEPT").
void verdict_badge(Verdict v);
const char* verdict_icon(Verdict v);
ImVec4 verdict_colour(Verdict v);

// A rounded toggle button; selected chips show a check mark as well as the accent colour.
bool chip(const char* label, bool selected);

void heading(ImFont* font, std::string_view text);
void muted_text(std::string_view text);
void wrapped_text(std::string_view text);

// A card whose height follows its content (drawn behind a group); `width` is its outer width. Do not nest.
void begin_panel(float width, const ImVec4* background = nullptr);
void end_panel();

// A bordered card (child window) with the card background; pair with end_card().
void begin_card(const char* id, ImVec2 size = ImVec2(0, 0));
void end_card();

// A one-line text field with a hint (imgui_stdlib's std::string input); true when its text changed. A click
// target under `label`.
bool text_field(const char* label, const char* hint, std::string& text, float width);
// A multi-line text field `lines` lines high; true when its text changed. A click target under `label`.
bool text_area(const char* label, std::string& text, float width, float lines);

// Click targets: scripted runs and tests click a widget by its label, as a mouse would. button(), chip(),
// wrapped_button() (by id), text_field() and text_area() note where they were drawn when visible, and so
// does every studio inspector control, under its name (studio_forms.hpp's remember()). One registry for both.
void note_click_target(std::string_view label);  // the last item drawn, under `label`
// The centre of the widget labelled `label` as drawn, visible, in the last frame; false when it was not.
bool find_click_target(std::string_view label, ImVec2& centre);
// The same widget's whole rectangle, for a click away from its centre (a caret at the start of a text).
bool find_click_target(std::string_view label, ImVec2& min, ImVec2& max);
// When the widget was drawn in the last frame but scrolled out of view: scrolls its window to it the next
// time it is drawn (as a user would scroll) and returns true; false when it was not drawn at all.
bool reveal_click_target(std::string_view label);

}  // namespace cp::ui
