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
