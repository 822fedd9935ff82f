// Topic tests for the issue 9 "Library v2" breadth scenarios written by content helper n2: each loads the
// shipped scenario and asserts that its topic is SCORED (a rule in scope decides it, kept on some complete
// path and broken on another), that the pleasant-but-wrong path fails and the uncomfortable-but-right path
// passes, and that `counterpart analyze` proves it clean. Every case fails on the library before these
// scenarios existed ("no shipped scenario ..."), and each topic case fails if its rule is taken out of scope.
//
// Index: [employer-discriminatory-request] [breach-wrong-envelope] [stage2-persistent-complainant]
//        [relay-call-foi]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [employer-discriminatory-request]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("age, sex, religion or belief and race are scored: employer-discriminatory-request decides EP-02 to EP-05",
          "[content][n2]") {
    for (const char* rule : {"EP-02", "EP-03", "EP-04", "EP-05"})
        check_topic_scored("employer-discriminatory-request", rule);
    // Instructing and knowingly helping discrimination are scored too, and the rules say where the law is.
    check_topic_scored("employer-discriminatory-request", "EP-01");
    check_topic_scored("employer-discriminatory-request", "EP-08");
    auto s = bundled_scenario("employer-discriminatory-request");
    CHECK(rule_text(s, "EP-01").find("s111") != std::string::npos);
    CHECK(rule_text(s, "EP-04").find("s19") != std::string::npos);
    CHECK(rule_text(s, "EP-08").find("s112") != std::string::npos);
}

TEST_CASE("employer-discriminatory-request: quietly pre-selecting young men with English names fails", "[content][n2]") {
    auto o = play_shipped("employer-discriminatory-request",
                          {"c-call-agree", "c-rp-report", "c-sl-quiet", "c-cl-wink"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    for (const char* rule : {"EP-01", "EP-02", "EP-03", "EP-04", "EP-05", "EP-08"}) {
        INFO(rule);
        CHECK(o.verdict(rule) == "broken");
    }
    CHECK(o.mood >= 60);  // the recruiter is delighted: the pleasant path
}

TEST_CASE("employer-discriminatory-request: meeting him 'halfway' with an age limit still fails", "[content][n2]") {
    auto o = play_shipped("employer-discriminatory-request",
                          {"c-call-challenge", "c-re-age", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EP-02") == "broken");
    CHECK(o.verdict("EP-04") == "kept");
}

TEST_CASE("employer-discriminatory-request: challenging, agreeing job criteria, reporting and a full list passes",
          "[content][n2]") {
    auto o = play_shipped("employer-discriminatory-request",
                          {"c-call-challenge", "c-re-criteria", "c-rp-report", "c-sl-all", "c-cl-refer"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 55);  // less happy than he started: the uncomfortable path
}

TEST_CASE("employer-discriminatory-request: threatening to drop the employer is not the front line's call",
          "[content][n2]") {
    auto o = play_shipped("employer-discriminatory-request",
                          {"c-call-threaten", "c-re-criteria", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EP-01") == "kept");
    CHECK(o.verdict("EP-09") == "broken");
}

TEST_CASE("employer-discriminatory-request: every analyzer proof holds", "[content][n2]") {
    check_analysis_clean("employer-discriminatory-request");
}

//-----------------------------------------------------------------------------------------------------------
// [breach-wrong-envelope]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the learner's own data breach is scored: breach-wrong-envelope decides containment, reporting and honesty",
          "[content][n2]") {
    for (const char* rule : {"DB-01", "DB-02", "DB-03", "DB-04", "DB-06", "DB-07", "DB-08", "DB-09"})
        check_topic_scored("breach-wrong-envelope", rule);
    auto s = bundled_scenario("breach-wrong-envelope");
    CHECK(rule_text(s, "DB-09").find("72 hours") != std::string::npos);
    CHECK(rule_text(s, "DB-09").find("Article 34") != std::string::npos);
}

TEST_CASE("breach-wrong-envelope: asking her to bin it and keeping it quiet fails", "[content][n2]") {
    auto o = play_shipped("breach-wrong-envelope", {"c-ca-bin", "c-hl-reassure", "c-ac-fix", "c-cb-noico"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("DB-01") == "broken");
    CHECK(o.verdict("DB-02") == "broken");
    CHECK(o.verdict("DB-03") == "broken");
    CHECK(o.verdict("DB-07") == "broken");
    CHECK(o.mood >= 60);  // she rings off reassured: the pleasant path
}

TEST_CASE("breach-wrong-envelope: reporting it but recording 'no sensitive data' fails", "[content][n2]") {
    auto o = play_shipped("breach-wrong-envelope",
                          {"c-ca-retrieve", "c-hl-honest", "c-ac-minimise", "c-dp-check", "c-cb-explain"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("DB-02") == "kept");
    CHECK(o.verdict("DB-06") == "broken");
}

TEST_CASE("breach-wrong-envelope: containing, reporting at once, checking the batch and explaining passes",
          "[content][n2]") {
    auto o = play_shipped("breach-wrong-envelope",
                          {"c-ca-shred", "c-hl-honest", "c-ac-report", "c-dp-check", "c-cb-explain"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 50);  // she is left less comfortable than she rang: the uncomfortable path
}

TEST_CASE("breach-wrong-envelope: every analyzer proof holds", "[content][n2]") {
    check_analysis_clean("breach-wrong-envelope");
}

//-----------------------------------------------------------------------------------------------------------
// [stage2-persistent-complainant]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("stage 2, unreasonable persistence and an MP's enquiry are scored: stage2-persistent-complainant decides them",
          "[content][n2]") {
    for (const char* rule : {"CE-01", "CE-02", "CE-03", "CE-04", "CE-05", "CE-06", "CE-07", "CE-08", "CP-15"})
        check_topic_scored("stage2-persistent-complainant", rule);
    auto s = bundled_scenario("stage2-persistent-complainant");
    // Sending her back to the stage 1 officer fails the attempt here, not just costs score.
    int cp15 = s->find_rule("CP-15");
    REQUIRE(cp15 >= 0);
    CHECK(s->rules[static_cast<std::size_t>(cp15)].severity == RuleSeverity::Critical);
}

TEST_CASE("stage2-persistent-complainant: letting the same officer 'have another look' fails", "[content][n2]") {
    auto o = play_shipped("stage2-persistent-complainant",
                          {"c-ca-another", "c-pr-wrong", "c-pe-soothe", "c-mp-promise", "c-om-now"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-01") == "broken");
    CHECK(o.verdict("CP-15") == "broken");
    CHECK(o.verdict("CP-03") == "broken");
    CHECK(o.mood >= 60);  // she is pleased with the visit she's promised: the pleasant path
}

TEST_CASE("stage2-persistent-complainant: refusing a stage 2 request because it came by phone fails",
          "[content][n2]") {
    auto o = play_shipped("stage2-persistent-complainant",
                          {"c-ca-email", "c-pr-dates", "c-pe-explain", "c-mp-log", "c-om-route"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-02") == "broken");
    CHECK(o.verdict("CE-01") == "broken");
}

TEST_CASE("stage2-persistent-complainant: escalating, holding the arrangement and answering the MP passes",
          "[content][n2]") {
    auto o = play_shipped("stage2-persistent-complainant",
                          {"c-ca-log", "c-pr-dates", "c-pe-explain", "c-mp-log", "c-om-route"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.verdict("CE-04") == "kept");  // Tuesday 23 June is 5 working days after Tuesday 16 June
    CHECK(o.mood < 50);                   // she's told it takes weeks and the arrangement stays: uncomfortable
}

TEST_CASE("stage2-persistent-complainant: sending the MP the whole file fails", "[content][n2]") {
    auto o = play_shipped("stage2-persistent-complainant",
                          {"c-ca-log", "c-pr-dates", "c-pe-explain", "c-mp-file", "c-om-route"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-07") == "broken");
    CHECK(o.verdict("CE-06") == "kept");
}

TEST_CASE("stage2-persistent-complainant: every analyzer proof holds", "[content][n2]") {
    check_analysis_clean("stage2-persistent-complainant");
}

//-----------------------------------------------------------------------------------------------------------
// [relay-call-foi]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("relay calls and FOI requests are scored: relay-call-foi decides RL-01, RL-02 and FI-01 to FI-06",
          "[content][n2]") {
    for (const char* rule : {"RL-01", "RL-02", "FI-01", "FI-02", "FI-03", "FI-04", "FI-05", "FI-06"})
        check_topic_scored("relay-call-foi", rule);
    auto s = bundled_scenario("relay-call-foi");
    CHECK(rule_text(s, "FI-01").find("s8") != std::string::npos);
    CHECK(rule_text(s, "FI-01").find("s16") != std::string::npos);
    CHECK(rule_text(s, "FI-04").find("s10") != std::string::npos);
}

TEST_CASE("relay-call-foi: hanging up on the relay introduction fails", "[content][n2]") {
    auto o = play_shipped("relay-call-foi", {"c-in-hangup"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RL-01") == "broken");
}

TEST_CASE("relay-call-foi: answering it off the record instead of a written request fails", "[content][n2]") {
    auto o = play_shipped("relay-call-foi",
                          {"c-in-greet", "c-rq-myself", "c-re-forward", "c-cf-month", "c-cl-fine"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("FI-01") == "broken");
    CHECK(o.verdict("FI-04") == "broken");  // a calendar month is the subject access limit, not FOI's
    CHECK(o.mood >= 60);                    // she's delighted to be spared the paperwork: the pleasant path
}

TEST_CASE("relay-call-foi: helping her put it in writing and giving 8 July passes", "[content][n2]") {
    auto o =
        play_shipped("relay-call-foi", {"c-in-greet", "c-rq-write", "c-re-forward", "c-cf-date", "c-cl-bye"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.verdict("FI-04") == "kept");  // Wednesday 8 July is the 20th working day after Wednesday 10 June
    CHECK(o.mood < 50);
}

TEST_CASE("relay-call-foi: every analyzer proof holds", "[content][n2]") {
    check_analysis_clean("relay-call-foi");
}
