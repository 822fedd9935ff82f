// Limits on what a file may ask of Counterpart, so a hostile or broken file gets a clear error instead of
// exhausting memory or the stack. Each is far above anything a real scenario, policy or record needs
// (the shipped files: under 60 KB each, nesting 8 levels, strings under 2 KB, conditions under 120 bytes).
// Documented for authors in scenarios/README.md ("Limits").
#pragma once

#include <cstddef>

namespace cp {

// Bytes in one JSON file read whole: keeps a load from taking all memory (the largest shipped file is ~50 KB).
inline constexpr std::size_t kMaxJsonFileBytes = 16u * 1024u * 1024u;
// Arrays and objects inside each other: the position scanner recurses once per level.
inline constexpr int kMaxJsonDepth = 64;
// Bytes in one JSON string (text or key): a node's text is a few paragraphs, never a book.
inline constexpr std::size_t kMaxJsonStringBytes = 64u * 1024u;
// Bytes in one condition: a condition is one line of logic; this also bounds its node count.
inline constexpr std::size_t kMaxConditionBytes = 4096;
// Brackets and `not`s inside each other in a condition: parsing and evaluation recurse once per level.
inline constexpr int kMaxConditionDepth = 64;

}  // namespace cp
