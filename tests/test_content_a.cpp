// Topic tests for the issue 9 "Library v2" seed topics written by content helper a: agreeing an internal
// service standard up front (internal-service-charter), peer review as a monitoring tool
// (peer-review-casework) and supporting a colleague (colleague-after-abusive-call). Each loads the shipped
// scenario and asserts that its topic is SCORED (the rule that carries it is kept on some complete path and
// broken on another), that its trap (the pleasant path) fails and its uncomfortable-but-right path passes,
// and that every analyzer proof holds. Every case fails on the library before these scenarios existed
// ("no shipped scenario ...").
//
// Index: [internal-service-charter] [peer-review-casework] [colleague-after-abusive-call]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [internal-service-charter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE(
    "agreeing an internal standard up front is scored: internal-service-charter decides SC-CH-01 to SC-CH-05",
    "[content][content-a]") {
    for (const char* rule : {"SC-CH-01", "SC-CH-02", "SC-CH-03", "SC-CH-04", "SC-CH-05", "IS-07", "IS-08"})
        check_topic_scored("internal-service-charter", rule);
}

TEST_CASE(
    "internal-service-charter: 'whenever you can' on a handshake fails however pleased the team leader is",
    "[content][content-a]") {
    auto o = play_shipped("internal-service-charter", {"c-me-whenever", "c-st-sameday", "c-ca-manage",
                                                       "c-re-handshake", "c-mo-complaints"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SC-CH-02") == "broken");  // a standard nobody can measure
    CHECK(o.verdict("SC-CH-04") == "broken");  // same-day promised without checking capacity
    CHECK(o.verdict("IS-07") == "broken");     // the capacity clash absorbed, not escalated
    CHECK(o.verdict("IS-08") == "broken");     // nothing written down
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.scenario->customers.front().initial_mood);
}

TEST_CASE("internal-service-charter: copying another team's SLA instead of agreeing one fails",
          "[content][content-a]") {
    auto o = play_shipped("internal-service-charter",
                          {"c-me-copy", "c-st-propose", "c-ca-farida", "c-re-write", "c-mo-measure"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SC-CH-03") == "broken");
}

TEST_CASE(
    "internal-service-charter: checking capacity, agreeing measurable standards, escalating and writing it "
    "up passes",
    "[content][content-a]") {
    auto o = play_shipped("internal-service-charter",
                          {"c-me-needs", "c-st-propose", "c-ca-farida", "c-re-write", "c-mo-measure"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < o.scenario->customers.front()
                       .initial_mood);  // Owen wanted same-day and no paperwork: the uncomfortable path
}

TEST_CASE("internal-service-charter: every analyzer proof holds", "[content][content-a]") {
    check_analysis_clean("internal-service-charter");
}

//-----------------------------------------------------------------------------------------------------------
// [peer-review-casework]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("peer review as a monitoring tool is scored: peer-review-casework decides PR-01 to PR-05",
          "[content][content-a]") {
    for (const char* rule : {"PR-01", "PR-02", "PR-03", "PR-04", "PR-05", "IS-11", "IP-09", "IP-11"})
        check_topic_scored("peer-review-casework", rule);
}

TEST_CASE("peer-review-casework: a friendly 'looks fine' sign-off fails", "[content][content-a]") {
    auto o = play_shipped("peer-review-casework", {"c-sa-tick"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("PR-01") == "broken");  // the sample was never checked
    CHECK(o.verdict("PR-02") == "broken");  // signed off unchecked
    CHECK(o.verdict("PR-04") == "broken");  // the claimant on chemotherapy is never found
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.scenario->customers.front().initial_mood);
}

TEST_CASE("peer-review-casework: leaving the awkward finding off the form fails", "[content][content-a]") {
    auto o = play_shipped("peer-review-casework",
                          {"c-sa-review", "c-fi-leave", "c-cl-now", "c-fb-private", "c-da-pattern"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("IS-11") == "broken");
    CHECK(o.verdict("PR-03") == "broken");
}

TEST_CASE("peer-review-casework: checking every case, recording it and acting on the claimant's risk passes",
          "[content][content-a]") {
    auto o = play_shipped("peer-review-casework",
                          {"c-sa-review", "c-fi-record", "c-cl-now", "c-fb-private", "c-da-pattern"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood <
          o.scenario->customers.front().initial_mood);  // Callum wanted five ticks: the uncomfortable path
}

TEST_CASE("peer-review-casework: every analyzer proof holds", "[content][content-a]") {
    check_analysis_clean("peer-review-casework");
}

//-----------------------------------------------------------------------------------------------------------
// [colleague-after-abusive-call]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("supporting a colleague is scored: colleague-after-abusive-call decides SUP-01 to SUP-08 and AG-08",
          "[content][content-a]") {
    for (const char* rule :
         {"SUP-01", "SUP-02", "SUP-03", "SUP-04", "SUP-05", "SUP-06", "SUP-07", "SUP-08", "AG-08"})
        check_topic_scored("colleague-after-abusive-call", rule);
}

TEST_CASE("colleague-after-abusive-call: covering for her silently and clearing her callbacks falsely fails",
          "[content][content-a]") {
    auto o = play_shipped("colleague-after-abusive-call",
                          {"c-ca-login", "c-se-promise", "c-cb-close", "c-af-forget"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("AG-08") == "broken");   // the threat never reaches the team leader
    CHECK(o.verdict("SUP-02") == "broken");  // agreed to keep it quiet
    CHECK(o.verdict("SUP-03") == "broken");  // worked under her login
    CHECK(o.verdict("SUP-06") == "broken");  // callbacks closed as 'no answer' without ringing
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.scenario->customers.front().initial_mood);
}

TEST_CASE("colleague-after-abusive-call: keeping the threat quiet fails even when everything else is right",
          "[content][content-a]") {
    auto o =
        play_shipped("colleague-after-abusive-call", {"c-ca-check", "c-se-promise", "c-cb-open", "c-af-eap"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("AG-08") == "broken");
    CHECK(o.verdict("SUP-02") == "broken");
}

TEST_CASE("colleague-after-abusive-call: reporting with her, helping openly and signposting support passes",
          "[content][content-a]") {
    auto o = play_shipped("colleague-after-abusive-call",
                          {"c-ca-check", "c-se-report", "c-ke-facts", "c-cb-open", "c-af-eap"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood <
          o.scenario->customers.front().initial_mood);  // she asked you not to tell: the uncomfortable path
}

TEST_CASE("colleague-after-abusive-call: every analyzer proof holds", "[content][content-a]") {
    check_analysis_clean("colleague-after-abusive-call");
}
