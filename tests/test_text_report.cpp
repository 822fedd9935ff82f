// Wrapping as the terminal player prints it. wrap_text takes shortcuts for the common shapes of text (one line
// that fits; single-spaced ASCII words); each case here sits on an edge of a shortcut and fails if the
// shortcut gives other bytes than the word-by-word wrap.
#include <catch2/catch.hpp>

#include <string>

#include "text_report.hpp"

using namespace cp;

TEST_CASE("wrap: text exactly the width stays on one line, one column more wraps", "[wrap][unit]") {
    CHECK(wrap_text("abcde fghij", 11) == "abcde fghij\n");
    CHECK(wrap_text("abcde fghij", 10) == "abcde\nfghij\n");
    // The indent counts: two columns, then two more on the lines after the first.
    CHECK(wrap_text("abcde fghij", 13, "  ") == "  abcde fghij\n");
    CHECK(wrap_text("abcde fghij", 12, "  ") == "  abcde\n    fghij\n");
    // Longer than eight bytes, so the test runs eight at a time and then byte by byte.
    CHECK(wrap_text("1. Option 2 at 159: letter account", 35, "  ") == "  1. Option 2 at 159: letter\n    account\n");
    CHECK(wrap_text("1. Option 2 at 159: letter account", 36, "  ") == "  1. Option 2 at 159: letter account\n");
}

TEST_CASE("wrap: a newline starts a new line with the indent", "[wrap][unit]") {
    CHECK(wrap_text("one two\nthree", 80, "  ") == "  one two\n  three\n");
    CHECK(wrap_text("one two three four\nfive", 80, "  ") == "  one two three four\n  five\n");
    CHECK(wrap_text("a\n\nb", 80, "  ") == "  a\n  \n  b\n");
}

TEST_CASE("wrap: the width counts characters, not UTF-8 bytes", "[wrap][unit]") {
    // 11 characters, 12 bytes: fits 11 columns.
    CHECK(wrap_text("Zo\xc3\xab Adeyemi said hello", 11) == "Zo\xc3\xab Adeyemi\nsaid hello\n");
    // The same with the two-byte character in the second eight bytes.
    CHECK(wrap_text("Adeyemi Zo\xc3\xab said hello", 11) == "Adeyemi Zo\xc3\xab\nsaid hello\n");
    // Fits by characters, not by bytes: still one line.
    CHECK(wrap_text("Zo\xc3\xab Zo\xc3\xab", 7) == "Zo\xc3\xab Zo\xc3\xab\n");
    CHECK(wrap_text("Zo\xc3\xab Zo\xc3\xab", 6) == "Zo\xc3\xab\nZo\xc3\xab\n");
    // A pound sign (0xC2 0xA3) is kept and is one column.
    // 22 characters, 23 bytes.
    CHECK(wrap_text("a refund of \xc2\xa3" "50 is due", 22) == "a refund of \xc2\xa3" "50 is due\n");
    CHECK(wrap_text("a refund of \xc2\xa3" "50 is due", 21) == "a refund of \xc2\xa3" "50 is\ndue\n");
    CHECK(wrap_text("a refund of \xc2\xa3" "50 is due", 15) == "a refund of \xc2\xa3" "50\nis due\n");
}

TEST_CASE("wrap: runs of spaces become one, leading spaces go", "[wrap][unit]") {
    CHECK(wrap_text("a  b", 80) == "a b\n");
    CHECK(wrap_text("ab  cdefghij", 80) == "ab cdefghij\n");   // two spaces within eight bytes
    CHECK(wrap_text("abcdefg  hij", 80) == "abcdefg hij\n");   // across the eighth and ninth byte
    CHECK(wrap_text("abcdefg  hijklmnopq", 80) == "abcdefg hijklmnopq\n");
    CHECK(wrap_text("abcdefghijklmno  pqrstuvwxyz", 80) == "abcdefghijklmno pqrstuvwxyz\n");  // 16th and 17th
    CHECK(wrap_text(" ab", 80) == "ab\n");
    // One space at the end stays, as the word-by-word wrap has always done; a run of them becomes one.
    CHECK(wrap_text("ab ", 80) == "ab \n");
    CHECK(wrap_text("ab   ", 80) == "ab \n");
    CHECK(wrap_text("", 80, "  ") == "  \n");
}

TEST_CASE("wrap: control characters go, inside the first eight bytes or after them", "[wrap][unit]") {
    CHECK(wrap_text("abcdefgh\xc2\x85ijklmnop", 80) == "abcdefghijklmnop\n");  // C1 NEL
    CHECK(wrap_text("ab\x7f" "cd", 80) == "abcd\n");                              // DEL
    CHECK(wrap_text("abcdefgh\x7f" "ijklmnop", 80) == "abcdefghijklmnop\n");
    CHECK(wrap_text("abcdefghij\x1b[2Jk", 80) == "abcdefghij[2Jk\n");            // ESC
}

TEST_CASE("wrap: several lines of plain words break at the last space that fits", "[wrap][unit]") {
    CHECK(wrap_text("aaaa bbbb cccc", 9) == "aaaa bbbb\ncccc\n");
    CHECK(wrap_text("aaaa bbbb cccc", 8) == "aaaa\nbbbb\ncccc\n");
    // A word wider than the line has a line of its own.
    CHECK(wrap_text("a verylongwordthatdoesnotfit b", 10) == "a\nverylongwordthatdoesnotfit\nb\n");
    CHECK(wrap_text("a verylongwordthatdoesnotfit b", 10, "  ") == "  a\n    verylongwordthatdoesnotfit\n    b\n");
    // An indent as wide as the line: one word a line.
    CHECK(wrap_text("ab cd ef", 4, "    ") == "    ab\n      cd\n      ef\n");
    CHECK(wrap_text("Node 159: review account benefit notice form notice review form officer letter rent form "
                    "complaint customer.",
                    80) ==
          "Node 159: review account benefit notice form notice review form officer letter\n"
          "rent form complaint customer.\n");
}

TEST_CASE("append_wrapped adds to what the buffer holds", "[wrap][unit]") {
    std::string page = "> 1\n";
    append_wrapped(page, "You: one two", 80);
    append_wrapped(page, "aaaa bbbb cccc", 9, "");
    CHECK(page == "> 1\nYou: one two\naaaa bbbb\ncccc\n");
}
