// Fonts: Noto Sans (or DejaVu Sans) from Debian's font packages, rasterised by ImGui's FreeType builder, with
// the glyphs UK public-service names and our icons need (Latin Extended, Vietnamese, ✓ ✗ ▸ ▾ → –).
#pragma once

#include <string>

#include "app.hpp"

namespace cp::ui {

// Base body size in pixels at 100% scale.
inline constexpr float kBodyPixels = 17.0f;

// Clears the atlas and adds body, bold, heading and title fonts at `scale` (font scale x monitor scale).
// Returns false with a reason when no usable font file exists. The caller uploads the atlas to the GPU.
bool build_fonts(float scale, Fonts& out, std::string& error);

}  // namespace cp::ui
