#include <catch2/catch.hpp>

#include <string>

#include "json_document.hpp"
#include "loader.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;

namespace {
const Diagnostic* first_error(const Diagnostics& d) {
    for (const auto& item : d.items())
        if (item.severity == Severity::Error) return &item;
    return nullptr;
}
}  // namespace

TEST_CASE("the mini fixture loads into an indexed model", "[loader][unit]") {
    auto loaded = load(mini_json());
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    CHECK(loaded.diags.items().empty());
    const Scenario& s = *loaded.scenario;
    CHECK(s.nodes.size() == 4);
    CHECK(s.choices.size() == 10);
    CHECK(s.rules.size() == 5);
    CHECK(s.customers[1].name == "Łukasz Wójcik");
    CHECK(s.nodes[0].lines[1].id == "n1.2");
    CHECK(s.sha256.size() == 64);
    CHECK(s.choices[static_cast<std::size_t>(s.find_choice("c-promise-ok"))].actions[0].date->iso() ==
          "2026-03-02");
}

TEST_CASE("the content fingerprint ignores layout but not content", "[loader][unit]") {
    auto a = load(mini_json());
    auto b = load_text(mini_json().dump(), mini_policies());  // same content, no indentation
    json changed = mini_json();
    changed["title"] = "Another title";
    auto c = load(changed);
    REQUIRE(a.scenario);
    REQUIRE(b.scenario);
    REQUIRE(c.scenario);
    CHECK(a.scenario->sha256 == b.scenario->sha256);
    CHECK(a.scenario->sha256 != c.scenario->sha256);
}

TEST_CASE("syntax errors name line and column", "[loader][errors][unit]") {
    Diagnostics d;
    auto doc = parse_json_document("{\n  \"id\": \"x\",\n  \"title\": oops\n}\n", "bad.json", d);
    CHECK_FALSE(doc);
    const Diagnostic* e = first_error(d);
    REQUIRE(e);
    CHECK(e->where.file == "bad.json");
    CHECK(e->where.line == 3);
    CHECK(e->where.column >= 12);
    CHECK(e->message.find("invalid JSON") != std::string::npos);
    CHECK(format_diagnostic(*e).rfind("bad.json:3:", 0) == 0);
}

TEST_CASE("wrong types and missing fields name the JSON path and position", "[loader][errors][unit]") {
    json j = mini_json();
    j["pass_mark"] = "seventy";
    j["nodes"][1]["choices"][0].erase("next");
    auto loaded = load(j);
    CHECK_FALSE(loaded.scenario);
    bool saw_type = false, saw_missing = false;
    for (const auto& item : loaded.diags.items()) {
        if (item.where.json_path == "/pass_mark") {
            saw_type = true;
            CHECK(item.message.find("must be a whole number, found a string") != std::string::npos);
            CHECK(item.where.line > 1);
            // The column points at the value in the pretty-printed text.
            std::size_t line_start = 0;
            for (int l = 1; l < item.where.line; ++l) line_start = loaded.text.find('\n', line_start) + 1;
            CHECK(loaded.text.substr(line_start + static_cast<std::size_t>(item.where.column) - 1, 9) ==
                  "\"seventy\"");
        }
        if (item.where.json_path == "/nodes/1/choices/0") {
            saw_missing = true;
            CHECK(item.message.find("missing required field 'next'") != std::string::npos);
        }
    }
    CHECK(saw_type);
    CHECK(saw_missing);
}

// The schema rejects unknown fields; the loader used to only warn, so the two definitions disagreed.
TEST_CASE("unknown fields are errors that point at the key, as in the schema", "[loader][errors][unit]") {
    json j = mini_json();
    j["nodes"][0]["colour"] = "blue";
    auto loaded = load(j);
    CHECK_FALSE(loaded.scenario);
    CHECK(has(loaded.diags, Severity::Error, "unknown field 'colour'"));
}

TEST_CASE("x- author extensions are allowed on any object, as in the schema", "[loader][unit]") {
    json j = mini_json();
    j["x-reviewed-by"] = "a tutor";
    j["nodes"][0]["x-colour"] = json::object({{"name", "blue"}});
    auto loaded = load(j);
    INFO(dump(loaded.diags));
    CHECK(loaded.scenario);
    CHECK(loaded.diags.items().empty());
}

TEST_CASE("a newer format_version is refused with a message that says so", "[loader][errors][unit]") {
    json j = mini_json();
    j["format_version"] = kFormatVersion + 1;
    auto loaded = load(j);
    CHECK_FALSE(loaded.scenario);
    CHECK(has(loaded.diags, Severity::Error, "newer than this version of Counterpart understands"));
}

TEST_CASE("references to nothing are errors", "[loader][errors][unit]") {
    SECTION("next") {
        json j = mini_json();
        j["nodes"][0]["choices"][0]["next"] = "n-nowhere";
        CHECK(
            has(load(j).diags, Severity::Error, "'next' refers to 'n-nowhere', which is no node or ending"));
    }
    SECTION("variable in a condition, with the column inside the condition") {
        json j = mini_json();
        j["nodes"][3]["choices"][3]["condition"] = "verified and cheked";
        auto loaded = load(j);
        CHECK(has(loaded.diags, Severity::Error, "undefined variable 'cheked'"));
    }
    SECTION("variable in an effect") {
        json j = mini_json();
        j["nodes"][1]["choices"][0]["set"] = {{"verifed", true}};
        CHECK(has(load(j).diags, Severity::Error, "undefined variable 'verifed'"));
    }
    SECTION("action") {
        json j = mini_json();
        j["nodes"][0]["choices"][0]["actions"] = {"log_reqest"};
        CHECK(has(load(j).diags, Severity::Error, "undefined action 'log_reqest'"));
    }
    SECTION("policy") {
        json j = mini_json();
        j["policies"] = {{{"id", "no-such-policy"}}};
        CHECK(has(load(j).diags, Severity::Error, "undefined policy 'no-such-policy'"));
    }
    SECTION("rule") {
        json j = mini_json();
        j["policies"] = {{{"id", "fixture-policy"}, {"rules", {"FX-01", "FX-99"}}}};
        CHECK(has(load(j).diags, Severity::Error, "undefined rule 'FX-99'"));
    }
    SECTION("speaker") {
        json j = mini_json();
        j["nodes"][0]["lines"][0]["speaker"] = "manager";
        CHECK(has(load(j).diags, Severity::Error, "unknown speaker 'manager'"));
    }
}

TEST_CASE("duplicate ids are errors", "[loader][errors][unit]") {
    json j = mini_json();
    j["nodes"][1]["choices"][1]["id"] = "c-verify";
    j["nodes"][2]["id"] = "n1";
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Error, "duplicate choice id 'c-verify'"));
    CHECK(has(loaded.diags, Severity::Error, "duplicate id 'n1'"));
}

TEST_CASE("hostile input fails cleanly, never crashes or hangs", "[loader][errors][robustness]") {
    Diagnostics d;
    SECTION("invalid UTF-8") {
        std::string text = "{\"format_version\": 1, \"title\": \"caf\xC3\x28\"}";
        CHECK_FALSE(parse_json_document(text, "utf8.json", d));
        CHECK(has(d, Severity::Error, "UTF-8"));
    }
    SECTION("deep nesting") {
        std::string text(100000, '[');
        CHECK_FALSE(parse_json_document(text, "deep.json", d));
        CHECK(has(d, Severity::Error, "nests arrays and objects more than"));
    }
    SECTION("truncated file") {
        std::string text = mini_json().dump(2);
        text.resize(text.size() / 2);
        CHECK_FALSE(parse_json_document(text, "cut.json", d));
        CHECK(d.has_errors());
    }
    SECTION("not an object") {
        auto loaded = load_text("[1, 2, 3]", mini_policies());
        CHECK_FALSE(loaded.scenario);
        CHECK(has(loaded.diags, Severity::Error, "expected a scenario (a JSON object)"));
    }
    SECTION("every field of the wrong type") {
        json j = mini_json();
        for (auto& [key, value] : j.items())
            if (key != "format_version") value = json::array({json::object()});
        auto loaded = load(j);
        CHECK_FALSE(loaded.scenario);
        CHECK(loaded.diags.error_count() > 5);
    }
    SECTION("a large but valid file loads") {
        json j = mini_json();
        for (int i = 0; i < 2000; ++i)
            j["endings"].push_back({{"id", "extra-" + std::to_string(i)}, {"title", "t"}, {"text", "x"}});
        auto loaded = load(j, mini_policies(), false);
        CHECK(loaded.scenario);
    }
    SECTION("a missing file") {
        bool unreadable = false;
        CHECK_FALSE(load_json_file("/nonexistent/file.json", d, &unreadable));
        CHECK(unreadable);
        CHECK(has(d, Severity::Error, "cannot read the file"));
    }
}

TEST_CASE("policy files are checked too", "[loader][errors][unit]") {
    json p = read_json(fixture("mini/policies/fixture-policy.json"));
    p["rules"][3]["within"] = {{"fortnights", 2}};
    p["rules"][0]["severity"] = "serious";
    p["rules"][1]["first"] = "verify_identiy";
    Diagnostics d;
    auto doc = parse_json_document(p.dump(2), "policy.json", d);
    REQUIRE(doc);
    CHECK_FALSE(load_policy(*doc, d));
    CHECK(has(d, Severity::Error, "unknown unit 'fortnights'"));
    CHECK(has(d, Severity::Error, "severity must be critical, major or minor"));
    CHECK(has(d, Severity::Error, "names action 'verify_identiy'"));
}
