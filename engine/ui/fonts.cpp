#include "fonts.hpp"

#include <filesystem>

#include <imgui.h>
#include <imgui_freetype.h>

namespace cp::ui {

namespace {

std::string first_existing(std::initializer_list<const char*> candidates) {
    std::error_code ec;
    for (const char* c : candidates)
        if (std::filesystem::exists(c, ec)) return c;
    return {};
}

// Built once (a thread-safe static: the start-up thread may be first) and kept for every later rebuild.
const ImWchar* glyph_ranges(ImFontAtlas& atlas) {
    static const ImVector<ImWchar> ranges = [&atlas] {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(atlas.GetGlyphRangesDefault());  // Basic Latin, Latin-1 (£, é, ë)
        static const ImWchar extra[] = {
            0x0100, 0x024F,  // Latin Extended-A and -B (Ł, ő, ş, ț)
            0x0300, 0x036F,  // combining diacritics
            0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese: ễ, ữ)
            0x2000, 0x206F,  // punctuation: – — ‘ ’ “ ” • …
            0x20A0, 0x20CF,  // currency (€)
            0x2190, 0x21FF,  // arrows
            0x25A0, 0x25FF,  // geometric shapes (▸ ▾)
            0x2700, 0x27BF,  // dingbats (✓ ✗)
            0,
        };
        b.AddRanges(extra);
        ImVector<ImWchar> built;
        b.BuildRanges(&built);
        return built;
    }();
    return ranges.Data;
}

}  // namespace

bool build_fonts(ImFontAtlas& atlas, float scale, Fonts& out, std::string& error) {
    std::string regular = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                                          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    std::string bold = first_existing({"/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                                       "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
    std::string symbols = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
    if (regular.empty()) {
        error = "no font found: install fonts-noto-core or fonts-dejavu-core";
        return false;
    }
    if (bold.empty()) bold = regular;
    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    auto add = [&](const std::string& file, float px) {
        ImFontConfig cfg;
        cfg.OversampleH = 1;
        cfg.OversampleV = 1;
        ImFont* font = atlas.AddFontFromFileTTF(file.c_str(), px, &cfg, glyph_ranges(atlas));
        if (font && !symbols.empty() && symbols != file) {
            // Noto Sans has no check marks or crosses; take those from DejaVu Sans.
            ImFontConfig merge;
            merge.MergeMode = true;
            merge.OversampleH = 1;
            merge.OversampleV = 1;
            static const ImWchar symbol_ranges[] = {0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0};
            atlas.AddFontFromFileTTF(symbols.c_str(), px, &merge, symbol_ranges);
        }
        return font;
    };
    float body = kBodyPixels * scale;
    out.body = add(regular, body);
    out.bold = add(bold, body);
    out.heading = add(bold, body * 1.3f);
    out.title = add(bold, body * 1.6f);
    if (!out.body || !atlas.Build()) {
        error = "could not build the font atlas from " + regular;
        return false;
    }
    return true;
}

}  // namespace cp::ui
