#include <catch2/catch.hpp>

#include "checks.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;

namespace {
json choice(const std::string& id, const std::string& next) {
    return {{"id", id},        {"text", "Go on."},           {"feedback", "Fine."},
            {"grade", "poor"}, {"grade_reason", "Fixture."}, {"next", next}};
}
}  // namespace

TEST_CASE("lint is silent on a sound scenario", "[checks][unit]") {
    auto loaded = load(mini_json());
    INFO(dump(loaded.diags));
    CHECK(loaded.diags.items().empty());
}

TEST_CASE("lint finds dead ends", "[checks][unit]") {
    json j = mini_json();
    j["nodes"].push_back({{"id", "n-dead"}, {"lines", json::array()}, {"choices", json::array()}});
    j["nodes"][0]["choices"][0]["next"] = "n-dead";
    auto loaded = load(j);
    CHECK(
        has(loaded.diags, Severity::Error, "dead end: node 'n-dead' is not an ending and offers no choice"));
}

TEST_CASE("the structural checks alone find a dead end, an orphan node and an orphan ending without the analysis",
          "[checks][unit]") {
    json j = mini_json();
    j["nodes"].push_back({{"id", "n-dead"}, {"lines", json::array()}, {"choices", json::array()}});
    j["nodes"][0]["choices"][0]["next"] = "n-dead";
    j["nodes"].push_back(
        {{"id", "n-orphan"}, {"lines", json::array()}, {"choices", {choice("c-orphan", "end-good")}}});
    j["endings"].push_back({{"id", "end-orphan"}, {"title", "Never"}, {"text", "Never reached."}});
    auto loaded = load(j, mini_policies(), false);
    REQUIRE(loaded.scenario);
    Diagnostics d;
    check_structure(*loaded.scenario, d);
    CHECK(has(d, Severity::Error, "dead end: node 'n-dead' is not an ending and offers no choice"));
    CHECK(has(d, Severity::Warning, "unreachable node: nothing leads to 'n-orphan'"));
    CHECK(has(d, Severity::Warning, "unreachable ending: nothing leads to 'end-orphan'"));
}

TEST_CASE("lint finds unreachable nodes and endings", "[checks][unit]") {
    json j = mini_json();
    j["nodes"].push_back(
        {{"id", "n-orphan"}, {"lines", json::array()}, {"choices", {choice("c-orphan", "end-good")}}});
    j["endings"].push_back({{"id", "end-orphan"}, {"title", "Never"}, {"text", "Never reached."}});
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Warning, "no path reaches node 'n-orphan'"));
    CHECK(has(loaded.diags, Severity::Warning, "no path ends at 'end-orphan'"));
}

TEST_CASE("lint finds loops with no way to an ending", "[checks][unit]") {
    json j = mini_json();
    j["nodes"].push_back(
        {{"id", "n-loop-a"}, {"lines", json::array()}, {"choices", {choice("c-loop-a", "n-loop-b")}}});
    j["nodes"].push_back(
        {{"id", "n-loop-b"}, {"lines", json::array()}, {"choices", {choice("c-loop-b", "n-loop-a")}}});
    j["nodes"][2]["choices"][1]["next"] = "n-loop-a";
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Error,
              "the learner is at node 'n-loop-a' and every route from there loops without reaching an ending"));
}

TEST_CASE("lint finds choice sets whose conditions can all be false, with an example path",
          "[checks][unit]") {
    json j = mini_json();
    j["nodes"][3]["choices"][2]["condition"] = "verified and not ('bsl_interpreter' in customer.needs)";
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Error, "stuck: every choice at node 'n4' is hidden after the path"));
    CHECK(has(loaded.diags, Severity::Error, "(customer 'hearing')"));
}

TEST_CASE("lint finds rules no path can decide", "[checks][unit]") {
    SECTION("an action no choice performs") {
        json j = mini_json();
        j["nodes"][3]["choices"].erase(1);  // c-family: the only use of use_family_interpreter
        auto loaded = load(j);
        CHECK(has(loaded.diags, Severity::Error, "rule FX-03 (fixture-policy) can never be decided"));
    }
    SECTION("a condition that never holds") {
        json j = mini_json();
        j["customers"].erase(1);  // nobody needs an interpreter now
        j["nodes"][3]["choices"][0].erase("condition");
        j["nodes"][3]["choices"][1].erase("condition");
        auto loaded = load(j);
        CHECK(has(loaded.diags, Severity::Error, "rule FX-05 (fixture-policy) can never be decided"));
        CHECK(has(loaded.diags, Severity::Error, "never holds when it could be judged"));
    }
}

TEST_CASE("lint warns about choices without feedback and choices never offered", "[checks][unit]") {
    json j = mini_json();
    j["nodes"][0]["choices"][0].erase("feedback");
    j["nodes"][0]["choices"].push_back({{"id", "c-never"},
                                        {"text", "x"},
                                        {"feedback", "y"},
                                        {"grade", "poor"},
                                        {"grade_reason", "Fixture."},
                                        {"condition", "verified"},
                                        {"next", "n2"}});
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Warning, "choice 'c-log' has no feedback"));
    CHECK(has(loaded.diags, Severity::Warning, "choice 'c-never' is never offered"));
}

TEST_CASE("lint rejects a best path that does not pass or cannot be played", "[checks][unit]") {
    SECTION("fails") {
        json j = mini_json();
        j["best_path"] = {"c-disclose-now", "c-verify", "c-promise-ok", "c-finish"};
        CHECK(has(load(j).diags, Severity::Error, "best_path does not pass"));
    }
    SECTION("not playable") {
        json j = mini_json();
        j["best_path"] = {"c-log", "c-promise-ok"};
        CHECK(has(load(j).diags, Severity::Error, "best_path: choice 'c-promise-ok' is not offered"));
    }
}

TEST_CASE("lint reports the state limit instead of cutting silently", "[checks][unit]") {
    auto loaded = load(mini_json(), mini_policies(), false);
    REQUIRE(loaded.scenario);
    Diagnostics d;
    CheckSummary summary = check_scenario(*loaded.scenario, d, {2});
    CHECK(summary.state_limit_hit);
    CHECK(has(d, Severity::Warning, "so nothing about this scenario is proven"));
    CHECK_FALSE(d.has_errors());  // nothing is claimed from a partial exploration
}

TEST_CASE("lint falls back on the node graph when the analysis stops at its limit", "[checks][unit]") {
    json j = mini_json();
    j["nodes"].push_back(
        {{"id", "n-orphan"}, {"lines", json::array()}, {"choices", {choice("c-orphan", "end-good")}}});
    auto loaded = load(j, mini_policies(), false);
    REQUIRE(loaded.scenario);
    Diagnostics d;
    check_scenario(*loaded.scenario, d, {2});
    CHECK(has(d, Severity::Warning, "unreachable node: nothing leads to 'n-orphan'"));
}

TEST_CASE("lint takes the analysis findings by check code: the grade proofs are errors, the teaching checks "
          "stay with analyze",
          "[checks][unit]") {
    CHECK(lint_reports(AnalysisCheck::UnsafeChoicePasses));
    CHECK(lint_reports(AnalysisCheck::GuessPassTooLikely));
    CHECK(lint_reports(AnalysisCheck::LengthCue));
    CHECK_FALSE(lint_reports(AnalysisCheck::NoPleasantButWrong));
    CHECK_FALSE(lint_reports(AnalysisCheck::NoUncomfortableButRight));
    json j = mini_json();
    j["guess_pass_limit"] = 0.0;  // random guessing always has some chance here
    auto loaded = load(j);
    CHECK(has(loaded.diags, Severity::Error, "a learner choosing at random passes with probability"));
}
