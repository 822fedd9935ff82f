// JsonDocument's faster paths keep what users see: the parse's error pointers (spelt out from a stack of keys
// and indices only when an error happens), positions (read off the tree's offsets), and json_dump (the bytes
// every content fingerprint is the SHA-256 of).
//
// Index: [Error pointers] [Positions] [Fingerprint bytes]
#include <catch2/catch.hpp>

#include <filesystem>

#include "json_document.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {

const Diagnostic& only_error(const Diagnostics& d) {
    REQUIRE(d.items().size() == 1);
    return d.items()[0];
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Error pointers]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a syntax error's pointer names escaped keys and indices of nested arrays and objects",
          "[json][errors]") {
    Diagnostics in_array;
    CHECK_FALSE(parse_json_document(R"({"a/b": [[1, 2], {"c~d": [tru]}]})", "e1.json", in_array));
    CHECK(only_error(in_array).where.json_path == "/a~1b/1/c~0d/0");
    CHECK(only_error(in_array).where.column == 30);

    Diagnostics after_member;  // the member read last, not the one that is malformed
    CHECK_FALSE(parse_json_document(R"({"a": {"b": 1 "c": 2}})", "e2.json", after_member));
    CHECK(only_error(after_member).where.json_path == "/a/b");

    Diagnostics after_element;  // the element that would come next
    CHECK_FALSE(parse_json_document("[1, 2 3]", "e3.json", after_element));
    CHECK(only_error(after_element).where.json_path == "/2");

    Diagnostics overflow;
    CHECK_FALSE(parse_json_document(R"({"x": [[1, 2], {"y": 1e999}]})", "e4.json", overflow));
    CHECK(only_error(overflow).where.json_path == "/x/1/y");
    CHECK(only_error(overflow).where.column == 22);
}

TEST_CASE("an over-long key names its object and an over-long string its element", "[json][limits]") {
    std::string long_text(kMaxJsonStringBytes + 1, 'k');
    Diagnostics key;
    CHECK_FALSE(parse_json_document(nlohmann::json{{"x", {{{long_text, 1}}}}}.dump(), "key.json", key));
    CHECK(only_error(key).where.json_path == "/x/0");
    CHECK(only_error(key).where.column == 7);

    Diagnostics element;
    CHECK_FALSE(parse_json_document(R"({"x": [["a", ")" + long_text + "\"]]}", "string.json", element));
    CHECK(only_error(element).where.json_path == "/x/0/1");
    CHECK(only_error(element).where.column == 14);
}

//-----------------------------------------------------------------------------------------------------------
// [Positions]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("positions: a repeated key is located where the value that counts (the last) appears, escaped keys and "
          "copies locate",
          "[json][positions]") {
    std::string text = "{\n  \"a/b\": {\n    \"k\": 1,\n    \"k\": 2\n  },\n  \"list\": [10,\n    20, {\"m~n\": true}]\n}\n";
    Diagnostics d;
    auto parsed = parse_json_document(text, "pos.json", d);
    REQUIRE(parsed);
    JsonDocument copy = *parsed;
    parsed.reset();  // the copy owns its index

    // nlohmann (and so every reader of `root`) keeps the last "k": a message about it points there.
    REQUIRE(copy.content()["a/b"]["k"].get<int>() == 2);
    SourceLoc counted = copy.loc("/a~1b/k");
    CHECK(counted.file == "pos.json");
    CHECK(counted.line == 4);
    CHECK(counted.column == 10);
    CHECK(counted.json_path == "/a~1b/k");
    CHECK(copy.key_loc("/a~1b/k").line == 4);
    CHECK(copy.key_loc("/a~1b/k").column == 5);

    CHECK(copy.loc("/list/1").line == 7);
    CHECK(copy.loc("/list/1").column == 5);
    CHECK(copy.loc("/list/2/m~0n").column == 17);
    CHECK(copy.key_loc("/list/2/m~0n").column == 10);

    // A pointer to nothing falls back to the nearest enclosing value, but keeps the pointer asked for.
    SourceLoc missing = copy.loc("/list/2/absent/deeper");
    CHECK(missing.line == 7);
    CHECK(missing.column == 9);
    CHECK(missing.json_path == "/list/2/absent/deeper");
    CHECK(copy.loc("").line == 1);
    CHECK(copy.loc("").column == 1);
}

TEST_CASE("positions of a large document: every element of a long list is found at its own line",
          "[json][positions]") {
    std::string text = "[\n";
    const int count = 5000;  // enough for the table to grow many times
    for (int i = 0; i < count; ++i) text += "  {\"id\": \"n" + std::to_string(i) + "\"}" + (i + 1 < count ? ",\n" : "\n");
    text += "]\n";
    Diagnostics d;
    auto doc = parse_json_document(text, "many.json", d);
    REQUIRE(doc);
    int wrong = 0;
    for (int i = 0; i < count; ++i) {
        SourceLoc at = doc->loc("/" + std::to_string(i) + "/id");
        if (at.line != i + 2 || at.column != 10) ++wrong;
        if (doc->key_loc("/" + std::to_string(i) + "/id").column != 4) ++wrong;
    }
    CHECK(wrong == 0);
}

//-----------------------------------------------------------------------------------------------------------
// [Fingerprint bytes]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("json_dump writes exactly nlohmann's dump() bytes, so content fingerprints do not change",
          "[json][fingerprint]") {
    std::string controls;
    for (int c = 1; c < 0x20; ++c) controls += static_cast<char>(c);
    nlohmann::json crafted = {
        {"plain", "text"},
        {"escapes", "quote \" backslash \\ slash / tab\tnew\nline" + controls + "\x7f end"},
        {"unicode", "caf\xc3\xa9 \xe2\x80\x99quoted\xe2\x80\x99 \xf0\x9f\x98\x80"},
        {"ke\"y\\\n", {{"caf\xc3\xa9", 1}}},
        {"numbers", {0, -1, 42, INT64_MIN, INT64_MAX, UINT64_MAX, 0.1, -0.0, 1e-7, 1e300, 2.5, 100.0}},
        {"empty", {{"object", nlohmann::json::object()}, {"array", nlohmann::json::array()}, {"text", ""}}},
        {"literals", {true, false, nullptr}},
    };
    CHECK(json_dump(crafted) == crafted.dump());
    CHECK(json_dump(nlohmann::json("\x01")) == "\"\\u0001\"");

    // Every JSON file the project ships or tests with, as the loader reads it.
    int compared = 0, differing = 0;
    for (const std::string& root : {shipped(""), fixture("")})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
            if (entry.path().extension() != ".json") continue;
            Diagnostics d;
            auto doc = parse_json_document(read_file(entry.path().string()), entry.path().string(), d);
            if (!doc) continue;
            ++compared;
            if (json_dump(doc->root) != doc->root.dump()) {
                ++differing;
                UNSCOPED_INFO("differs: " << entry.path().string());
            }
        }
    CHECK(compared > 50);
    CHECK(differing == 0);
}
