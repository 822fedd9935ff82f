// Fonts: Noto Sans (or DejaVu Sans) from Debian's font packages, rasterised by ImGui's FreeType builder, with
// the glyphs UK public-service names and our icons need (Latin Extended, Vietnamese, ✓ ✗ ▸ ▾ → –).
#pragma once

#include <string>

#include <imgui.h>

#include "app.hpp"

namespace cp::ui {

// Base body size in pixels at 100% scale.
inline constexpr float kBodyPixels = 17.0f;

// Clears `atlas` and adds body, bold, heading and title fonts at `scale` (font scale x monitor scale), then
// rasterises them. Returns false with a reason when no usable font file exists. Needs no ImGui context, so the
// window app builds the atlas on its start-up thread while the window opens; the caller makes `out.body` the
// default font and uploads the atlas to the GPU.
bool build_fonts(ImFontAtlas& atlas, float scale, Fonts& out, std::string& error);

}  // namespace cp::ui
