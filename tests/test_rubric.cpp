#include <catch2/catch.hpp>

#include "rubric.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
constexpr int kHearing = 0;
constexpr int kDeaf = 1;

std::shared_ptr<const Scenario> mini() {
    return mini_scenario();
}

RuleVerdict verdict(const Session& session, const char* rule) {
    int i = session.scenario().find_rule(rule);
    REQUIRE(i >= 0);
    return session.rubric().verdicts()[static_cast<std::size_t>(i)];
}
}  // namespace

TEST_CASE("required: kept when done, broken at the end when not", "[rubric][required][unit]") {
    auto kept = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-finish"}, kHearing);
    CHECK(verdict(*kept, "FX-01").verdict == Verdict::Kept);
    CHECK(verdict(*kept, "FX-01").step == 1);

    auto broken = play_path(mini(), {"c-disclose-now", "c-verify"}, kHearing);
    CHECK(verdict(*broken, "FX-01").verdict == Verdict::Pending);  // could still be done
    broken = play_path(mini(), {"c-disclose-now", "c-verify", "c-promise-ok", "c-finish"}, kHearing);
    CHECK(verdict(*broken, "FX-01").verdict == Verdict::Broken);
    CHECK(verdict(*broken, "FX-01").step == 4);
}

TEST_CASE("before: broken when the later step comes first, kept in order, n/a if it never comes",
          "[rubric][before][unit]") {
    auto broken = play_path(mini(), {"c-disclose-now"}, kHearing);
    CHECK(verdict(*broken, "FX-02").verdict == Verdict::Broken);
    CHECK(verdict(*broken, "FX-02").step == 1);

    auto kept = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-disclose"}, kHearing);
    CHECK(verdict(*kept, "FX-02").verdict == Verdict::Kept);
    CHECK(verdict(*kept, "FX-02").step == 4);

    auto never = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-finish"}, kHearing);
    CHECK(verdict(*never, "FX-02").verdict == Verdict::NotApplicable);
}

TEST_CASE("forbidden: broken when done, kept at the end otherwise", "[rubric][forbidden][unit]") {
    auto broken = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-family"}, kDeaf);
    CHECK(verdict(*broken, "FX-03").verdict == Verdict::Broken);
    auto kept = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-book"}, kDeaf);
    CHECK(verdict(*kept, "FX-03").verdict == Verdict::Kept);
}

TEST_CASE("deadline: the promised date is judged on the simulated calendar", "[rubric][deadline][unit]") {
    // Received Saturday 31 January 2026: one calendar month -> 28 February, a Saturday -> Monday 2 March.
    auto kept = play_path(mini(), {"c-log", "c-verify", "c-promise-ok"}, kHearing);
    CHECK(verdict(*kept, "FX-04").verdict == Verdict::Kept);
    CHECK(verdict(*kept, "FX-04").detail.find("due by Monday 2 March 2026") != std::string::npos);

    auto broken = play_path(mini(), {"c-log", "c-verify", "c-promise-late"}, kHearing);
    CHECK(verdict(*broken, "FX-04").verdict == Verdict::Broken);
    CHECK(verdict(*broken, "FX-04").detail.find("promised Thursday 12 March 2026") != std::string::npos);
}

TEST_CASE("conditional: applies only when its condition holds", "[rubric][conditional][unit]") {
    auto hearing = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-finish"}, kHearing);
    CHECK(verdict(*hearing, "FX-05").verdict == Verdict::NotApplicable);

    auto kept = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-book"}, kDeaf);
    CHECK(verdict(*kept, "FX-05").verdict == Verdict::Kept);

    auto broken = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-family"}, kDeaf);
    CHECK(verdict(*broken, "FX-05").verdict == Verdict::Broken);
}

TEST_CASE("score is weighted adherence, and a critical breach fails whatever the score",
          "[rubric][score][unit]") {
    auto perfect = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-book"}, kDeaf);
    RubricResult r = perfect->rubric().result();
    CHECK(r.score == 100);
    CHECK(r.passed);

    // FX-01 kept (2), FX-03 broken critical (3), FX-04 broken (2), FX-05 broken (2), FX-02 n/a: 2/9 = 22%.
    auto bad = play_path(mini(), {"c-log", "c-verify", "c-promise-late", "c-family"}, kDeaf);
    r = bad->rubric().result();
    CHECK(r.kept_weight == 2);
    CHECK(r.applicable_weight == 9);
    CHECK(r.score == 22);
    CHECK(bad->rubric().score() == 22);  // the score alone, as the player keeps it after each step
    CHECK_FALSE(r.passed);
    CHECK(r.reason.find("critical rule was broken: FX-03") != std::string::npos);

    // Only a major rule broken: FX-04 (2 of 7 applicable) -> 71%, below the pass mark of 85: a fail without a
    // critical breach, and the reason says it is the score.
    auto minor = play_path(mini(), {"c-log", "c-verify", "c-promise-late", "c-finish"}, kHearing);
    r = minor->rubric().result();
    CHECK(r.score == 71);
    CHECK(minor->rubric().score() == 71);
    CHECK(r.critical_breaches.empty());
    CHECK_FALSE(r.passed);
    CHECK(r.reason.find("below the pass mark of 85%") != std::string::npos);

    // A critical breach with an otherwise high score still fails.
    auto critical = play_path(mini(), {"c-log", "c-verify", "c-promise-ok", "c-family"}, kDeaf);
    r = critical->rubric().result();
    CHECK_FALSE(r.passed);
    CHECK_FALSE(r.critical_breaches.empty());
}

TEST_CASE("mood never enters the score", "[rubric][mood][principle]") {
    // Rewrite every mood effect and the starting moods; every path must score exactly as before.
    auto flipped_json = mini_json();
    int k = 0;
    for (auto& node : flipped_json["nodes"])
        for (auto& choice : node["choices"]) choice["mood"] = (k++ % 2 == 0) ? 100 : -100;
    for (auto& c : flipped_json["customers"]) c["initial_mood"] = 0;
    auto flipped = load(flipped_json);
    REQUIRE(flipped.scenario);
    const std::vector<std::vector<std::string>> paths = {
        {"c-log", "c-verify", "c-promise-ok", "c-book"},
        {"c-disclose-now", "c-skip", "c-promise-late", "c-family"},
        {"c-log", "c-skip", "c-promise-ok", "c-book"},
        {"c-disclose-now", "c-verify", "c-promise-ok", "c-disclose"},
        {"c-log", "c-verify", "c-promise-late", "c-disclose"}};
    for (const auto& path : paths) {
        auto a = play_path(mini(), path, kDeaf);
        auto b = play_path(flipped.scenario, path, kDeaf);
        CHECK(a->mood() != b->mood());
        CHECK(a->rubric().result().score == b->rubric().result().score);
        CHECK(a->rubric().result().passed == b->rubric().result().passed);
        for (std::size_t i = 0; i < a->rubric().verdicts().size(); ++i)
            CHECK(a->rubric().verdicts()[i].verdict == b->rubric().verdicts()[i].verdict);
    }
}
