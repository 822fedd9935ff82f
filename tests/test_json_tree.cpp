// JsonTree, the one-pass reader every scenario and policy is loaded through, against nlohmann::json::parse: the
// same verdict on every text and the same content when both accept it, so moving the loader onto it changed no
// file's meaning, no message and no fingerprint.
//
// Index: [Same verdict, same content] [Fingerprints] [Values]
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "json_differential.hpp"
#include "json_document.hpp"
#include "loader.hpp"
#include "sha256.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {

// Every JSON file the project ships or tests with.
std::vector<std::string> project_json_files() {
    std::vector<std::string> files;
    for (const std::string& root : {shipped(""), fixture("")})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
            if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    return files;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Same verdict, same content]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("JsonTree and nlohmann agree on crafted edge cases of numbers, strings, UTF-8 and structure",
          "[json][tree]") {
    const std::vector<std::string> cases = {
        // structure
        "", " ", "{}", "[]", "[[[[]]]]", "{,}", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{1:2}",
        "[1 2]", "{} x", "{}\n\t\r ", "[", "{\"a\":[1,{\"b\":null}]}", "\"abc",
        std::string("[1,\0 2]", 7), std::string("{}\0", 3), std::string("{} \0 x", 6),
        // literals
        "true", "tru", "truex", "null", "nul", "false", "[true,false,null]",
        // numbers: signed, unsigned and floating as nlohmann stores them; overflow refused, underflow is 0
        "1", "-0", "-0.0", "0.1", "01", "1.", "1.e5", ".5", "-", "+1", "1e", "1e+", "1E-7", "1e999", "-1e999",
        "1e-400", "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "[1e308, 2.5e-308, 4.9e-324, 1.7976931348623157e308]",
        // strings: escapes, surrogates, control characters
        "\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83dx\"", "\"\\ud83d\\u0041\"",
        "\"\\u12\"", "\"\\x\"", "\"a\tb\"", "\"\x7f\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
        "[\"\\u00e9\", \"\\uD834\\uDD1E\"]", "{\"\\u0000\":1}", std::string("\"a\0b\"", 5),
        // UTF-8: well-formed, overlong, surrogate, past U+10FFFF, cut short; a byte-order mark
        "\"\xc3\xa9\"", "\"\xc3\"", "\"\xe0\x80\x80\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
        "\"\xf0\x9f\x98\x80\"", "\"\xc0\xaf\"", "\"\xff\"", "\"\xe2\x82\"", "\xef\xbb\xbf{}", "\xef\xbb{}",
        // repeated keys: the last counts; members come out sorted
        "{\"a\":1,\"a\":2,\"b\":[{\"z\":1,\"y\":2,\"z\":3}]}", "{\"b\":1,\"a\":2,\"c\":{\"y\":[],\"x\":{}}}",
    };
    for (const std::string& text : cases) {
        INFO("text: " << text);
        CHECK(json_readers_disagree(text).empty());
    }
}

TEST_CASE("the canonical text escapes a quote, backslash or control character wherever it falls in a word",
          "[json][tree][fingerprint]") {
    // The escape scan reads eight bytes at a time: put each special byte at every offset of two words, beside
    // plain ASCII and beside multi-byte UTF-8.
    int checked = 0;
    for (const std::string special : {"\\\"", "\\\\", "\\n", "\\u0001", "\\u001f", "\x7f"})
        for (const std::string around : {"a", "\xc3\xa9"})
            for (int at = 0; at < 17; ++at) {
                std::string text = "\"";
                for (int k = 0; k < at; ++k) text += around;
                text += special;
                for (int k = 0; k < 9; ++k) text += around;
                text += "\"";
                INFO("text: " << text);
                CHECK(json_readers_disagree(text).empty());
                ++checked;
            }
    CHECK(checked == 6 * 2 * 17);
}

TEST_CASE("JsonTree and nlohmann agree on every JSON file the project ships or tests with", "[json][tree]") {
    auto files = project_json_files();
    REQUIRE(files.size() > 50);
    for (const auto& file : files) {
        INFO(file);
        CHECK(json_readers_disagree(read_file(file)).empty());
    }
}

TEST_CASE("JsonTree and nlohmann agree on a scenario cut short at every byte and with bytes changed",
          "[json][tree]") {
    std::string text = read_file(shipped("complaint-benefit-decision.json"));
    REQUIRE(text.size() > 1000);
    int disagreements = 0;
    for (std::size_t cut = 0; cut < text.size(); cut += 7)
        if (!json_readers_disagree(text.substr(0, cut)).empty()) ++disagreements;
    std::mt19937 random(12);
    const std::string bytes = "{}[]\",:\\/u0123456789-+.eEtrufalsn \t\n\x01\x7f\xc3\xa9\xed\xa0\xf4\xff";
    for (int i = 0; i < 3000; ++i) {
        std::string changed = text;
        for (int k = 0; k < 3; ++k)
            changed[random() % changed.size()] = bytes[random() % bytes.size()];
        std::string why = json_readers_disagree(changed);
        if (!why.empty()) {
            ++disagreements;
            UNSCOPED_INFO(why << " on: " << changed);
        }
    }
    CHECK(disagreements == 0);
}

//-----------------------------------------------------------------------------------------------------------
// [Fingerprints]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("every shipped scenario's fingerprint is still SHA-256 of nlohmann's dump, so old records match",
          "[json][tree][fingerprint]") {
    int compared = 0;
    for (const auto& file : project_json_files()) {
        if (file.find("/scenarios/") == std::string::npos || file.find("/policies/") != std::string::npos) continue;
        Diagnostics d;
        PolicyLibrary policies;
        policies.load_directory((std::filesystem::path(file).parent_path() / "policies").string(), d);
        auto scenario = load_scenario_file(file, policies, d);
        if (!scenario) continue;
        ++compared;
        INFO(file);
        CHECK(scenario->sha256 == sha256_hex(nlohmann::json::parse(read_file(file)).dump()));
    }
    CHECK(compared >= 19);
}

TEST_CASE("a fingerprint hashed in pieces equals SHA-256 of the whole canonical text", "[json][tree][fingerprint]") {
    nlohmann::json big = nlohmann::json::array();
    for (int i = 0; i < 3000; ++i)  // about 200 KiB of canonical text: several 32 KiB pieces
        big.push_back({{"id", "n" + std::to_string(i)}, {"text", "caf\xc3\xa9 \"quoted\" line\n" + std::string(i % 40, 'x')}});
    auto tree = JsonTree::parse(big.dump(2), kMaxJsonDepth, kMaxJsonStringBytes);
    REQUIRE(tree);
    std::string whole = json_dump(tree->root());
    REQUIRE(whole.size() > 100 * 1024);
    CHECK(json_fingerprint(tree->root()) == sha256_hex(whole));
    CHECK(json_fingerprint(tree->root()) == sha256_hex(big.dump()));
}

//-----------------------------------------------------------------------------------------------------------
// [Values]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("JsonTree values: members by key, elements by index, and a missing member reads as null",
          "[json][tree]") {
    auto tree = JsonTree::parse(R"({"b": [10, -2, 2.5, "x\u00e9"], "a": {"k": true}, "a": {"k": false}})", 64,
                                kMaxJsonStringBytes);
    REQUIRE(tree);
    const JsonValue& root = tree->root();
    REQUIRE(root.is_object());
    CHECK(root.size() == 2);
    CHECK(root.begin().key() == "a");  // sorted, as nlohmann iterates
    CHECK(root["a"]["k"].get<bool>() == false);
    CHECK(root["missing"].is_null());
    CHECK_FALSE(root.contains("missing"));
    const JsonValue& list = root["b"];
    REQUIRE(list.size() == 4);
    CHECK(list[0].is_number_unsigned());
    CHECK(list[1].get<int>() == -2);
    CHECK(list[2].is_number_float());
    CHECK(list[3].str() == "x\xc3\xa9");
    CHECK_THROWS(list[4]);
    CHECK_THROWS(list[3].get<int>());
    CHECK(list[0].offset() == 7);
    CHECK(root.dump() == R"({"a":{"k":false},"b":[10,-2,2.5,"xé"]})");
}
