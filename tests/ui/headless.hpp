// The headless ImGui set-up every screen test shares: a context with no backend, no ini file, the real font
// atlas built (so text has its true size), keys mapped as the GLFW backend maps them, the light theme.
#pragma once

#include <string>

#include <catch2/catch.hpp>
#include <imgui.h>

#include "fonts.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace cp::ui::test {

// Key indices as the GLFW backend uses them (any distinct values work; these keep it familiar).
inline constexpr int kEnter = 257, kEscape = 256, kTab = 258, kDown = 264, kUp = 265, kSpace = 32;
inline constexpr int kHome = 268, kEnd = 269, kLeft = 263;

// Builds the fonts at 100% into the current context's atlas, as the window would before its first frame.
inline Fonts headless_fonts() {
    Fonts fonts;
    std::string error;
    INFO(error);
    REQUIRE(build_fonts(*ImGui::GetIO().Fonts, 1.0f, fonts, error));
    ImGui::GetIO().FontDefault = fonts.body;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    return fonts;
}

// A fresh ImGui context of `size` pixels with keyboard navigation, the keys above and the fonts; returns them
// for App::set_fonts. Destroy it with ImGui::DestroyContext().
inline Fonts start_headless_imgui(ImVec2 size) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = size;
    io.DeltaTime = 1.0f / 60.0f;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Home] = kHome;
    io.KeyMap[ImGuiKey_End] = kEnd;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    Fonts fonts = headless_fonts();
    apply_theme(ThemeKind::Light, 1.0f);
    set_colours(ThemeKind::Light);
    return fonts;
}

}  // namespace cp::ui::test
