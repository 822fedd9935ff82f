// JSON documents with source positions: nlohmann/json parses and reports syntax errors; a small scanner over
// the validated text records where every value and key starts, so later checks can name line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.hpp"
#include "limits.hpp"

namespace cp {

class JsonDocument {
  public:
    std::string file;     // path as given, used in diagnostics
    nlohmann::json root;  // parsed content

    // Location of the value at `pointer` (a JSON Pointer such as "/nodes/2/id"); falls back to the nearest
    // enclosing value that has a known position.
    SourceLoc loc(std::string_view pointer) const;
    // Location of the key that names the member at `pointer` (for "unknown field" messages).
    SourceLoc key_loc(std::string_view pointer) const;

    // Builds the position index; `text` must already be valid JSON.
    void index_positions(std::string_view text);

  private:
    SourceLoc at_offset(std::uint32_t offset, std::string_view pointer) const;
    // Where each value (or key) starts, keyed by a 64-bit FNV-1a hash of its JSON Pointer, built incrementally
    // while scanning so indexing a large file allocates no strings. An open-addressing table (a power of two
    // of slots, at most half full, kNoOffset marks a free slot): a lookup is a probe or two, and building it
    // needs no sort. The first occurrence of a pointer wins, so a duplicated key reports where it first appeared.
    struct OffsetIndex {
        static constexpr std::uint32_t kNoOffset = UINT32_MAX;
        std::vector<std::pair<std::uint64_t, std::uint32_t>> slots;
        void build(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries);
        const std::uint32_t* find(std::uint64_t hash) const;
    };
    OffsetIndex value_offsets_;
    OffsetIndex key_offsets_;
    std::vector<std::uint32_t> line_starts_;
};

// FNV-1a over a JSON Pointer; `continue_from` lets a child's hash extend its parent's.
inline constexpr std::uint64_t kPointerHashSeed = 1469598103934665603ull;
inline std::uint64_t pointer_hash(std::string_view text, std::uint64_t continue_from = kPointerHashSeed) {
    std::uint64_t h = continue_from;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Appends `key` to a JSON Pointer, escaping '~' and '/' as RFC 6901 requires.
std::string pointer_append(std::string_view pointer, std::string_view key);
std::string pointer_append(std::string_view pointer, std::size_t index);

// Parses `text` (the contents of `file`). On failure (bad syntax, a number too large to store, or a limit in
// limits.hpp exceeded) adds an error with line, column, JSON pointer and a plain message and returns nullopt.
// Never throws on any input.
std::optional<JsonDocument> parse_json_document(std::string_view text, const std::string& file,
                                                Diagnostics& diags);

// Reads and parses a file. `unreadable` is set when the file could not be read at all.
std::optional<JsonDocument> load_json_file(const std::string& path, Diagnostics& diags,
                                           bool* unreadable = nullptr);

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
