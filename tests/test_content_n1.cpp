// Topic tests for the issue 9 "Library v2" breadth scenarios written by content helper n1: each loads the
// shipped scenario and asserts that its topic is SCORED (a rule in scope decides it, kept on the best path
// and broken on a path that fails), that the pleasant-but-wrong path fails and the uncomfortable-but-right
// path passes, and that `counterpart analyze` proves it clean (every proof of the rubric, no warnings). Every
// case fails on the library before these scenarios existed ("no shipped scenario ...").
//
// Index: [breastfeeding-waiting-area] [title-change-counter] [youth-desk-disclosure]
//        [lone-visit-secure-door]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [breastfeeding-waiting-area]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("pregnancy and maternity is scored: breastfeeding-waiting-area decides EQ-01 on its paths", "[content][n1]") {
    check_topic_scored("breastfeeding-waiting-area", "EQ-01");
    auto s = bundled_scenario("breastfeeding-waiting-area");
    const std::string text = rule_text(s, "EQ-01");
    CHECK(text.find("s17") != std::string::npos);
    CHECK(text.find("26 weeks") != std::string::npos);
}

TEST_CASE("breastfeeding-waiting-area: offering her 'somewhere more private' by the toilets fails", "[content][n1]") {
    for (int customer = 0; customer < 2; ++customer) {
        auto o =
            play_shipped("breastfeeding-waiting-area",
                         {"c-wa-private", "c-ga-smooth", "c-ob-warn", "c-mo-quiet", "c-af-drop"}, customer);
        REQUIRE(o.ended);
        CHECK_FALSE(o.passed);
        CHECK(o.verdict("EQ-01") == "broken");
        CHECK(o.step("EQ-01") == 1);
        CHECK(o.mood >= 60);  // she leaves pleased: the pleasant path
    }
}

TEST_CASE("breastfeeding-waiting-area: welcoming her, challenging the guard and logging her complaint passes",
          "[content][n1]") {
    auto o = play_shipped(
        "breastfeeding-waiting-area",
        {"c-wa-welcome", "c-ga-explain", "c-ob-seat", "c-mo-complaint", "c-de-words", "c-af-form"}, 1);
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.verdict("EQ-01") == "kept");
    CHECK(o.verdict("EQ-03") == "kept");
    CHECK(o.mood < 45);  // less happy than she came in: the uncomfortable path
}

TEST_CASE("breastfeeding-waiting-area: a public dressing-down of the guard is not the challenge the policy asks for",
          "[content][n1]") {
    auto o = play_shipped("breastfeeding-waiting-area", {"c-wa-welcome", "c-ga-public", "c-ob-explain",
                                                         "c-mo-complaint", "c-de-words", "c-af-form"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EQ-03") == "broken");
    CHECK(o.step("EQ-03") == 2);
}

TEST_CASE("breastfeeding-waiting-area: every analyzer proof holds", "[content][n1]") {
    check_analysis_clean("breastfeeding-waiting-area");
}

//-----------------------------------------------------------------------------------------------------------
// [title-change-counter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("gender reassignment is scored: title-change-counter decides EQ-06 and EQ-08 on its paths",
          "[content][n1]") {
    check_topic_scored("title-change-counter", "EQ-06");
    check_topic_scored("title-change-counter", "EQ-08");
    auto s = bundled_scenario("title-change-counter");
    CHECK(rule_text(s, "EQ-06").find("Gender Recognition Certificate") != std::string::npos);
    CHECK(rule_text(s, "EQ-08").find("s26") != std::string::npos);
}

TEST_CASE("sexual orientation is scored: title-change-counter decides EQ-09 on its paths", "[content][n1]") {
    check_topic_scored("title-change-counter", "EQ-09");
    // Her partner recorded as a 'friend', everything else right: fails at that step.
    auto o = play_shipped("title-change-counter",
                          {"c-rq-change", "c-tr-challenge", "c-pa-friend", "c-ap-offer", "c-af-form"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EQ-09") == "broken");
    CHECK(o.step("EQ-09") == 3);
}

TEST_CASE("title-change-counter: politely asking her for 'legal proof' of her title fails", "[content][n1]") {
    auto o = play_shipped("title-change-counter",
                          {"c-rq-proof", "c-tr-joke", "c-pa-partner", "c-ap-quiet", "c-af-drop"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EQ-06") == "broken");
    CHECK(o.mood >= 60);  // she leaves pleased: the pleasant path
}

TEST_CASE("title-change-counter: challenging the old name and offering the complaint passes, though she is less happy",
          "[content][n1]") {
    auto o = play_shipped("title-change-counter",
                          {"c-rq-change", "c-tr-challenge", "c-pa-partner", "c-ap-offer", "c-af-form"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 50);
}

TEST_CASE("title-change-counter: correcting a colleague by telling him she is trans fails", "[content][n1]") {
    auto o = play_shipped("title-change-counter",
                          {"c-rq-change", "c-tr-explain", "c-pa-partner", "c-ap-offer", "c-af-form"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EQ-03") == "kept");
    CHECK(o.verdict("EQ-08") == "broken");
}

TEST_CASE("title-change-counter: every analyzer proof holds", "[content][n1]") {
    check_analysis_clean("title-change-counter");
}

//-----------------------------------------------------------------------------------------------------------
// [youth-desk-disclosure]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a child's disclosure is scored: youth-desk-disclosure decides SG-02, CS-01, CS-02 and CS-03", "[content][n1]") {
    for (const char* rule : {"SG-02", "CS-01", "CS-02", "CS-03"}) check_topic_scored("youth-desk-disclosure", rule);
    auto s = bundled_scenario("youth-desk-disclosure");
    for (const auto& c : s->customers) CHECK(c.age < 18);  // CS-02 applies to a child (customer.age < 18)
}

TEST_CASE("youth-desk-disclosure: promising a fourteen-year-old secrecy fails", "[content][n1]") {
    for (int customer = 0; customer < 2; ++customer) {
        auto o = play_shipped("youth-desk-disclosure",
                              {"c-de-promise", "c-di-listen", "c-sa-mate", "c-re-email", "c-lv-bye",
                               "c-rc-words", "c-st-private-late"},
                              customer);
        REQUIRE(o.ended);
        CHECK_FALSE(o.passed);
        CHECK(o.verdict("SG-02") == "broken");
        CHECK(o.step("SG-02") == 1);
        CHECK(o.ending == "end-left");
        CHECK(o.mood >= 60);  // the child leaves happier: the pleasant path
    }
}

TEST_CASE("youth-desk-disclosure: private-not-secret and a call to the DSL while they are still there passes",
          "[content][n1]") {
    auto o = play_shipped(
        "youth-desk-disclosure",
        {"c-de-honest", "c-di-listen", "c-sa-check", "c-re-ring", "c-rc-words", "c-st-private"}, 1);
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 40);
}

TEST_CASE("youth-desk-disclosure: a same-day report made after the child has left still fails (CS-02 window)",
          "[content][n1]") {
    auto o = play_shipped("youth-desk-disclosure", {"c-de-honest", "c-di-listen", "c-sa-check", "c-re-email",
                                                    "c-lv-after", "c-rc-words", "c-st-private"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-08") == "kept");    // reported the same day
    CHECK(o.verdict("CS-02") == "broken");  // but not while the child was there
    CHECK(o.step("CS-02") == 5);
}

TEST_CASE("youth-desk-disclosure: ringing the child's mum fails", "[content][n1]") {
    auto o = play_shipped("youth-desk-disclosure", {"c-de-honest", "c-di-listen", "c-sa-mum", "c-re-ring",
                                                    "c-rc-words", "c-st-private"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CS-01") == "broken");
}

TEST_CASE("youth-desk-disclosure: every analyzer proof holds", "[content][n1]") {
    check_analysis_clean("youth-desk-disclosure");
}

//-----------------------------------------------------------------------------------------------------------
// [lone-visit-secure-door]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("health and safety beyond aggression is scored: s8, s7, lone working and RIDDOR rules decide paths",
          "[content][n1]") {
    for (const char* rule : {"HS-01", "HS-02", "HS-03", "HS-04", "HS-05", "HS-06", "HS-07", "HS-08"})
        check_topic_scored("lone-visit-secure-door", rule);
    auto s = bundled_scenario("lone-visit-secure-door");
    CHECK(rule_text(s, "HS-01").find("s8") != std::string::npos);
    CHECK(rule_text(s, "HS-02").find("s7") != std::string::npos);
    CHECK(rule_text(s, "HS-06").find("15 days") != std::string::npos);
    CHECK(rule_text(s, "HS-06").find("reg 4(2)") != std::string::npos);
}

TEST_CASE("lone-visit-secure-door: leaving the door propped and skipping her call-in fails", "[content][n1]") {
    auto o = play_shipped("lone-visit-secure-door", {"c-do-leave", "c-vi-skip", "c-mi-home", "c-ri-report"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("HS-01") == "broken");
    CHECK(o.verdict("HS-04") == "broken");
    CHECK(o.verdict("HS-05") == "broken");
    CHECK(o.mood >= 60);  // Lorraine is pleased: the pleasant path
}

TEST_CASE("lone-visit-secure-door: closing the door, keeping the call-in and flagging RIDDOR passes", "[content][n1]") {
    auto o =
        play_shipped("lone-visit-secure-door", {"c-do-close", "c-vi-log", "c-mi-escalate", "c-ri-report"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 55);
}

TEST_CASE("lone-visit-secure-door: a logged visit nobody will chase fails", "[content][n1]") {
    auto o = play_shipped("lone-visit-secure-door",
                          {"c-do-close", "c-vi-halfway", "c-mi-escalate", "c-ri-report"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("HS-03") == "kept");
    CHECK(o.verdict("HS-04") == "broken");
}

TEST_CASE("lone-visit-secure-door: 'RIDDOR is only for assaults' is seen and fails", "[content][n1]") {
    auto o =
        play_shipped("lone-visit-secure-door", {"c-do-close", "c-vi-log", "c-mi-escalate", "c-ri-assault"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("HS-07") == "broken");
    CHECK(o.verdict("HS-06") == "broken");
    CHECK(o.verdict("HS-08") == "broken");
}

TEST_CASE("lone-visit-secure-door: every analyzer proof holds", "[content][n1]") {
    check_analysis_clean("lone-visit-secure-door");
}
