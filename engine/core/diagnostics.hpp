// Diagnostics: problems found while loading or checking files, each tied to a file position and JSON path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cp {

enum class Severity { Error, Warning };

// Where in a source file something is. line and column are 1-based; 0 means "unknown".
struct SourceLoc {
    std::string file;       // path as given by the user
    int line = 0;           // 1-based line
    int column = 0;         // 1-based column, counted in bytes
    std::string json_path;  // JSON Pointer, e.g. "/nodes/3/choices/0/next"
};

struct Diagnostic {
    Severity severity = Severity::Error;
    SourceLoc where;
    std::string message;
};

// Formats as "file:line:col: error: message [/json/path]" (the compiler convention editors understand),
// with control characters stripped (file names and messages quote what files contain).
std::string format_diagnostic(const Diagnostic& d);

// `text` without C0 and C1 control characters (U+0000-U+001F except tab and newline, U+007F, U+0080-U+009F),
// so text from a file cannot send escape sequences to a learner's terminal. Works on UTF-8 code points:
// every other character, including the bytes 0x80-0x9F inside multi-byte characters, passes unchanged.
// Used on everything the terminal tools print from files (text reports, the player, diagnostics).
std::string strip_control_chars(std::string_view text);
// Where the first character strip_control_chars removes starts; npos when there is none (most text), so a
// caller can use the text as it is without a copy.
std::size_t first_control_char(std::string_view text, std::size_t from = 0);

// Collects diagnostics; loaders and checks append here instead of throwing.
class Diagnostics {
  public:
    void error(SourceLoc where, std::string message);
    void warning(SourceLoc where, std::string message);
    void add(Diagnostic d) { items_.push_back(std::move(d)); }

    const std::vector<Diagnostic>& items() const { return items_; }
    int error_count() const;
    int warning_count() const;
    bool has_errors() const { return error_count() > 0; }

    // Orders by file, line, column so output reads top to bottom.
    void sort();

  private:
    std::vector<Diagnostic> items_;
};

}  // namespace cp
