#include "diagnostics.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <tuple>

namespace cp {

std::string format_diagnostic(const Diagnostic& d) {
    std::string out = d.where.file;
    if (d.where.line > 0) {
        out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column);
    }
    out += d.severity == Severity::Error ? ": error: " : ": warning: ";
    out += d.message;
    if (!d.where.json_path.empty()) out += " [" + d.where.json_path + ']';
    return strip_control_chars(out);
}

std::size_t first_control_char(std::string_view text, std::size_t from) {
    for (std::size_t i = from; i < text.size(); ++i) {
        // Eight bytes at a time while none is below 0x20, 0x7F or 0xC2 (the only bytes that may start a
        // control character): exact tests for "some byte is less than n / equal to v" on a 64-bit word.
        while (i + 8 <= text.size()) {
            std::uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
            if (((w - ones * 0x20) & ~w & highs) || has_zero(w ^ (ones * 0x7F)) || has_zero(w ^ (ones * 0xC2)))
                break;
            i += 8;
        }
        if (i >= text.size()) break;
        auto b = static_cast<unsigned char>(text[i]);
        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) return i;
        // C1 code points are encoded as 0xC2 0x80..0x9F; a lone byte in that range is part of another character.
        if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9F)
            return i;
    }
    return std::string_view::npos;
}

std::string strip_control_chars(std::string_view text) {
    // Copies the runs between control characters at once: nearly all text has none.
    std::string out;
    out.reserve(text.size());
    std::size_t kept_from = 0;
    for (std::size_t at = first_control_char(text); at != std::string_view::npos;
         at = first_control_char(text, kept_from)) {
        out.append(text.substr(kept_from, at - kept_from));
        kept_from = at + (static_cast<unsigned char>(text[at]) == 0xC2 ? 2 : 1);  // a C1 character is two bytes
    }
    out.append(text.substr(kept_from));
    return out;
}

void Diagnostics::error(SourceLoc where, std::string message) {
    items_.push_back({Severity::Error, std::move(where), std::move(message)});
}

void Diagnostics::warning(SourceLoc where, std::string message) {
    items_.push_back({Severity::Warning, std::move(where), std::move(message)});
}

int Diagnostics::error_count() const {
    return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

int Diagnostics::warning_count() const {
    return static_cast<int>(items_.size()) - error_count();
}

void Diagnostics::sort() {
    std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
}

}  // namespace cp
