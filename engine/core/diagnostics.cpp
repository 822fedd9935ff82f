#include "diagnostics.hpp"

#include <algorithm>
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

std::string strip_control_chars(std::string_view text) {
    auto c0 = [](unsigned char b) { return (b < 0x20 && b != '\n' && b != '\t') || b == 0x7F; };
    // C1 code points are encoded as 0xC2 0x80..0x9F; a lone byte in that range is part of another character.
    auto c1_at = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (c0(static_cast<unsigned char>(text[i]))) continue;
        if (c1_at(i)) {
            ++i;
            continue;
        }
        out += text[i];
    }
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
