// JSON documents with source positions: JsonTree reads the text in one pass and remembers where every value and
// key starts, so checks can name line and column; a text it refuses goes to nlohmann/json for the message, so a
// syntax error reads as it always has.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.hpp"
#include "json_tree.hpp"
#include "limits.hpp"

namespace cp {

// Whether parse_json_document also builds the content as nlohmann::json (`root`). The loaders read the tree
// (content()) and skip it; readers written against nlohmann::json ask for it.
enum class JsonDom { build, skip };

class JsonDocument {
  public:
    std::string file;     // path as given, used in diagnostics
    nlohmann::json root;  // parsed content as nlohmann::json; null when parsed with JsonDom::skip

    // The parsed content with positions (always present).
    const JsonValue& content() const { return tree_.root(); }

    // Location of the value at `pointer` (a JSON Pointer such as "/nodes/2/id"); falls back to the nearest
    // enclosing value that exists. The pointer is kept as given.
    SourceLoc loc(std::string_view pointer) const;
    // Location of the key that names the member at `pointer` (for "unknown field" messages).
    SourceLoc key_loc(std::string_view pointer) const;
    // Location of `value` (a value of this document), reported with `pointer`.
    SourceLoc loc(const JsonValue& value, std::string_view pointer) const {
        return at_offset(value.offset(), pointer);
    }

  private:
    friend std::optional<JsonDocument> parse_json_text(std::string&&, const std::string&, Diagnostics&, JsonDom);
    JsonDocument(std::string file_name, JsonTree tree);
    SourceLoc at_offset(std::uint32_t offset, std::string_view pointer) const;
    // The value at `pointer`, or the nearest enclosing one; `exact` tells which.
    const JsonValue& walk(std::string_view pointer, bool& exact, const JsonValue** parent = nullptr) const;
    JsonTree tree_;
    std::vector<std::uint32_t> line_starts_;
};

// Where arrays and objects first nest deeper than `limit` in `text` (brackets outside strings, whether or not
// the text is valid JSON): a scan, not a recursion, so every reader refuses a deep file before parsing it.
std::optional<std::size_t> json_nested_past(std::string_view text, int limit);

// Appends `key` to a JSON Pointer, escaping '~' and '/' as RFC 6901 requires.
std::string pointer_append(std::string_view pointer, std::string_view key);
std::string pointer_append(std::string_view pointer, std::size_t index);

// Parses `text` (the contents of `file`). On failure (bad syntax, a number too large to store, or a limit in
// limits.hpp exceeded) adds an error with line, column, JSON pointer and a plain message and returns nullopt.
// Never throws on any input.
std::optional<JsonDocument> parse_json_document(std::string_view text, const std::string& file,
                                                Diagnostics& diags, JsonDom dom = JsonDom::build);
// The same, keeping `text` instead of copying it.
std::optional<JsonDocument> parse_json_text(std::string&& text, const std::string& file, Diagnostics& diags,
                                            JsonDom dom = JsonDom::build);

// Reads and parses a file. `unreadable` is set when the file could not be read at all.
std::optional<JsonDocument> load_json_file(const std::string& path, Diagnostics& diags,
                                           bool* unreadable = nullptr, JsonDom dom = JsonDom::build);

// Reads a whole file into `out`; returns false (and leaves a reason in `error`) on failure.
bool read_text_file(const std::string& path, std::string& out, std::string& error,
                    std::size_t max_bytes = kMaxJsonFileBytes);

// The regular files directly in `dir` whose names end in `extension` (e.g. ".json"), sorted by name, added
// to `files`. An entry that cannot be examined (a symlink loop, a dangling link, no permission) is skipped
// with a warning naming it. Returns false if the folder cannot be read: with an error naming the folder,
// unless it does not exist at all (callers that mind say "missing" in their own words).
// Never throws: every directory walk in Counterpart goes through here.
bool list_files(const std::string& dir, std::string_view extension, std::vector<std::string>& files,
                Diagnostics& diags);

// Exactly the bytes of `value.dump()` (compact, keys in order), written faster: plain ASCII text is copied in
// runs instead of byte by byte through a UTF-8 decoder. Fingerprints are SHA-256 of these bytes and old records
// compare against them, so any text it cannot copy plainly (non-ASCII, numbers with a fraction) goes through
// nlohmann's own serializer.
std::string json_dump(const nlohmann::json& value);
void json_dump(const nlohmann::json& value, std::string& out);  // appends to `out`

// A JSON type name for messages ("a string", "a number", ...).
std::string json_type_phrase(const nlohmann::json& value);

}  // namespace cp
