// Importing a Twine 2 story written in Twee 3 as a Counterpart scenario draft: passages become nodes, links
// become choices, passages without links become endings, passage positions go to the studio's layout
// sidecar. The draft has no grades and no rules (the tutor adds them; lint says how), and everything the
// importer could not map (macros, scripts, stylesheets, links to missing passages, unknown tags, duplicate
// passages) is listed with the Twee file's line and column.
//
// Index: [Limits] [Result] [Import]
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "scenario_document.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Limits] Far above any real story (a large Twine story has a few thousand passages of a few KB each).
//-----------------------------------------------------------------------------------------------------------

inline constexpr std::size_t kMaxTweeFileBytes = 16u * 1024u * 1024u;  // one Twee file read whole
inline constexpr std::size_t kMaxTweePassages = 20000;                  // passages in one story
inline constexpr std::size_t kMaxTweeNameBytes = 1024;               // a passage name, link target or story title
inline constexpr int kMaxTweeNesting = 64;  // Harlowe macros and hooks inside each other (the scanner counts)

//-----------------------------------------------------------------------------------------------------------
// [Result]
//-----------------------------------------------------------------------------------------------------------

// One thing in the story the draft does not carry, where it is in the Twee file.
struct TweeUnmapped {
    int line = 0;        // 1-based
    int column = 0;      // 1-based, in bytes
    std::string kind;    // macro, script, stylesheet, missing-link, unknown-tag, duplicate-passage, ...
    std::string message;
};

// A successful import: the draft scenario, its layout, and what could not be mapped.
struct TweeImport {
    OrderedJson scenario;                 // format_version 1 (ungraded), no rules: a draft for the tutor
    Layout layout;                        // passage positions, by node or ending id
    std::vector<TweeUnmapped> unmapped;   // in file order
    std::string story_title;              // StoryTitle, or the file name when none
    std::string ifid;                     // StoryData's ifid ("" when none)
    std::size_t passages = 0, nodes = 0, endings = 0, choices = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Import]
//-----------------------------------------------------------------------------------------------------------

// Parses Twee 3 `text` (named `file` in messages) into a draft. Errors (invalid UTF-8, an unterminated link,
// comment, macro or tag block, bad StoryData or metadata JSON, nesting or size past the limits above, no
// passages) go to `diags` with file:line:col and give nullopt.
std::optional<TweeImport> import_twee(std::string_view text, const std::string& file, Diagnostics& diags);
// Reads `path` (at most kMaxTweeFileBytes) and imports it.
std::optional<TweeImport> import_twee_file(const std::string& path, Diagnostics& diags);

// The report a tutor reads: what was made, then each unmapped thing as "file:line:col: not mapped: ...".
std::string twee_import_report(const TweeImport& result, const std::string& file);

}  // namespace cp
