// What a tutor's first try slipped past lint, and the format gaps scenario writers hit (issue "Library v2"):
// rules a scenario declares for itself, conflicting action declarations, literal placeholders, unknown exhibit
// kinds, misspelt needs, and a policy folder that cannot be found.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
int count_errors(const Diagnostics& d) {
    int n = 0;
    for (const auto& item : d.items()) n += item.severity == Severity::Error;
    return n;
}
}  // namespace

TEST_CASE("own rules: a scenario can declare a one-off rule without a policy file", "[authoring][own-rules]") {
    auto j = mini_json();
    j["rules"] = nlohmann::json::array({{{"id", "OWN-01"},
                                         {"title", "Offer to book"},
                                         {"statement", "Offer to book an interpreter."},
                                         {"source", "this college's practice"},
                                         {"severity", "major"},
                                         {"weight", 2},
                                         {"kind", "required"},
                                         {"action", "book_interpreter"}}});
    auto loaded = load(j, mini_policies(), false);
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    int r = loaded.scenario->find_rule("OWN-01");
    REQUIRE(r >= 0);
    const ScopedRule& rule = loaded.scenario->rules[static_cast<std::size_t>(r)];
    CHECK(rule.policy->id == "mini");
    auto played = play_path(loaded.scenario, {"c-log", "c-verify", "c-promise-ok", "c-book"}, 1);
    CHECK(played->rubric().verdicts()[static_cast<std::size_t>(r)].verdict == Verdict::Kept);
    auto missed = play_path(loaded.scenario, {"c-log", "c-verify", "c-promise-ok", "c-family"}, 1);
    CHECK(missed->rubric().verdicts()[static_cast<std::size_t>(r)].verdict == Verdict::Broken);
}

TEST_CASE("own rules: a scenario's own rule was refused a before_leaving window only its overrides could have",
          "[authoring][own-rules][regression]") {
    auto j = mini_json();
    j["rules"] = nlohmann::json::array({{{"id", "OWN-02"},
                                         {"title", "Log it at the counter"},
                                         {"statement", "Log the request before moving on from the greeting."},
                                         {"source", "this college's practice"},
                                         {"severity", "major"},
                                         {"weight", 2},
                                         {"kind", "required"},
                                         {"action", "log_request"},
                                         {"window", {{"before_leaving", "n1"}}}}});
    auto loaded = load(j, mini_policies(), false);
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    CHECK_FALSE(loaded.diags.has_errors());
    int r = loaded.scenario->find_rule("OWN-02");
    REQUIRE(r >= 0);
    CHECK(loaded.scenario->rules[static_cast<std::size_t>(r)].window_node == loaded.scenario->find_node("n1"));
    auto logged = play_path(loaded.scenario, {"c-log"}, 0);
    CHECK(logged->rubric().verdicts()[static_cast<std::size_t>(r)].verdict == Verdict::Kept);
    auto moved_on = play_path(loaded.scenario, {"c-disclose-now"}, 0);
    CHECK(moved_on->rubric().verdicts()[static_cast<std::size_t>(r)].verdict == Verdict::Broken);
}

TEST_CASE("own rules: an own rule may not reuse a policy rule's id", "[authoring][own-rules]") {
    auto j = mini_json();
    j["rules"] = nlohmann::json::array({{{"id", "FX-01"},
                                         {"title", "x"},
                                         {"statement", "x"},
                                         {"source", "x"},
                                         {"severity", "minor"},
                                         {"weight", 1},
                                         {"kind", "required"},
                                         {"action", "log_request"}}});
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "rule id 'FX-01' is already brought in"));
}

TEST_CASE("lint: an unknown placeholder is flagged, with the nearest known one", "[authoring][placeholders]") {
    auto j = mini_json();
    j["nodes"][0]["lines"][0]["text"] = "Hello {customer.first_name}, take a seat.";
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Warning, "unknown placeholder '{customer.first_name}'"));
    CHECK(has(loaded.diags, Severity::Warning, "did you mean 'customer.name'?"));
}

TEST_CASE("lint: the known placeholders raise nothing", "[authoring][placeholders]") {
    auto j = mini_json();
    j["nodes"][0]["lines"][0]["text"] = "{customer.name} ({customer.address_as}) on {date} at {time}.";
    auto loaded = load(j, mini_policies(), false);
    CHECK_FALSE(has(loaded.diags, Severity::Warning, "placeholder"));
}

TEST_CASE("lint: an unknown exhibit kind is an error naming the kinds", "[authoring][exhibit]") {
    auto j = mini_json();
    j["nodes"][0]["exhibit"] = {{"title", "A memo"}, {"kind", "memo"}, {"text", "Please call back."}};
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "unknown exhibit kind 'memo'"));
}

TEST_CASE("lint: a misspelt need suggests the nearest known one", "[authoring][needs]") {
    auto j = mini_json();
    j["customers"][0]["needs"] = {"large print"};
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Warning, "unknown need 'large print'"));
    CHECK(has(loaded.diags, Severity::Warning, "did you mean 'large_print'?"));
}

TEST_CASE("lint: a missing policy folder is one error that says where it looked", "[authoring][policies]") {
    PolicyLibrary empty;
    Diagnostics d;
    empty.load_directory(temp_dir() + "/no-such-policies", d);
    auto loaded = load(mini_json(), empty, false);
    CHECK_FALSE(loaded.scenario);
    CHECK(count_errors(loaded.diags) == 1);
    CHECK(has(loaded.diags, Severity::Error, "no policies were found"));
    CHECK(has(loaded.diags, Severity::Error, "--policies DIR"));
}
