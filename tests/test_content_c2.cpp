// Regression tests for the re-marked equality, safeguarding, employment-support and public-service-values
// scenarios (issue 8 item 6 and the issue 9 corrections that fall in them): each loads the shipped scenario,
// plays the path that used to pass, or measures what used to be too easy, and asserts what a learner now
// sees. Every case failed on the format 1 content.
//
// Index: [safeguarding-disclosure] [adjustment-anxiety] [adjustment-limited-english]
//        [jobseeker-barriers] [partner-referral-consent] [values-gift-offer]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [safeguarding-disclosure]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("safeguarding-disclosure: telling her to have a word with her grandson fails", "[content][c2]") {
    // Format 1 passed this path at 100%: suggesting she confronts the man who hurt her broke no rule.
    auto o =
        play_shipped("safeguarding-disclosure", {"c-ar-open", "c-di-minimise", "c-sa-check", "c-wi-consult",
                                                 "c-un-refer", "c-cl-safe", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-11") == "broken");
    CHECK(o.step("SG-11") == 2);
}

TEST_CASE("safeguarding-disclosure: a letter to the home the abuser controls fails", "[content][c2]") {
    // Format 1 passed this path at 100%.
    auto o =
        play_shipped("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-check", "c-wi-consult",
                                                 "c-un-refer", "c-cl-letter", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-11") == "broken");
}

TEST_CASE("safeguarding-disclosure: the standard arrears script is seen by a rule", "[content][c2]") {
    // Format 1 passed this path at 100%, though the feedback calls the script wrong for her.
    auto o =
        play_shipped("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-check", "c-wi-consult",
                                                 "c-un-plan", "c-cl-safe", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK(o.verdict("SG-12") == "broken");
    CHECK(o.score < 100);
}

TEST_CASE("safeguarding-disclosure: moving on without a safety check fails at that step", "[content][c2]") {
    auto o =
        play_shipped("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-skip", "c-wi-consult",
                                                 "c-un-refer", "c-cl-safe", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-05") == "broken");
    CHECK(o.step("SG-05") == 3);
}

//-----------------------------------------------------------------------------------------------------------
// [adjustment-anxiety]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("adjustment-anxiety: a random guesser passes at most 1% of the time", "[content][c2]") {
    // Format 1: 5.3%.
    auto s = bundled_scenario("adjustment-anxiety");
    for (int c = 0; c < static_cast<int>(s->customers.size()); ++c) {
        INFO("customer " << s->customers[static_cast<std::size_t>(c)].id);
        CHECK(guess_pass_probability(s, c) <= 0.01);
    }
}

TEST_CASE("adjustment-anxiety: the quiet room recorded only at the end does not erase RA-11", "[content][c2]") {
    // Format 1 passed this path at 100%: RA-11 was kept by the adjustment recorded at the very end, though she
    // was kept at the counter she asked to leave for the whole visit.
    auto o = play_shipped("adjustment-anxiety", {"c-ar-quick", "c-cr-reassure", "c-ct-slow", "c-ph-check",
                                                 "c-rec-full", "c-er-escalate", "c-cl-teachback"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RA-11") == "broken");
    CHECK(o.step("RA-11") == 3);
}

TEST_CASE("adjustment-anxiety: promising no more letters is seen as untrue", "[content][c2]") {
    auto o = play_shipped("adjustment-anxiety", {"c-ar-ask", "c-nd-room", "c-qr-slow", "c-ph-promise",
                                                 "c-rec-guess", "c-er-escalate", "c-cl-teachback"});
    REQUIRE(o.ended);
    CHECK(o.verdict("PV-07") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [jobseeker-barriers]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("jobseeker-barriers: ES-03 teaches school hours for a child under 13 as law, not discretion",
          "[content][c2]") {
    // Format 1 called the limit on a lone parent's hours "discretion"; it is UC Regulations 2013, reg 88.
    auto s = bundled_scenario("jobseeker-barriers");
    std::string es03 = rule_text(s, "ES-03");
    CHECK(es03.find("reg 88") != std::string::npos);
    CHECK(es03.find("reg 98") != std::string::npos);
    CHECK(es03.find("school hours") != std::string::npos);
    int i = s->find_rule("ES-03");
    REQUIRE(i >= 0);
    CHECK(s->rules[static_cast<std::size_t>(i)].rule->feedback_kept.find("discretion exists for") == std::string::npos);
    const auto& tailored = s->choices[static_cast<std::size_t>(s->find_choice("c-cc-tailor-checked"))];
    CHECK(tailored.text.find("the law requires") != std::string::npos);
    CHECK(tailored.text.find("easement on her job search hours") == std::string::npos);
}

TEST_CASE("jobseeker-barriers: explaining reconsideration without hardship payments is seen and fails",
          "[content][c2]") {
    // Format 1 had no rule for hardship payments after a sanction.
    auto o = play_shipped("jobseeker-barriers", {"c-pr-read", "c-ar-welcome", "c-op-explore", "c-st-lmi",
                                                 "c-lmi-match", "c-he-check", "c-cc-tailor-checked",
                                                 "c-de-mr-only", "c-co-take", "c-ac-plan", "c-cl-plan"});
    REQUIRE(o.ended);
    CHECK(o.verdict("ES-16") == "broken");
    CHECK_FALSE(o.passed);
    auto best = play_shipped("jobseeker-barriers", {"c-pr-read", "c-ar-welcome", "c-op-explore", "c-st-lmi",
                                                    "c-lmi-match", "c-he-check", "c-cc-tailor-checked",
                                                    "c-de-mr", "c-co-take", "c-ac-plan", "c-cl-plan"});
    CHECK(best.verdict("ES-16") == "kept");
    CHECK(best.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [adjustment-limited-english]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("adjustment-limited-english: interpreting rests on s149 and policy, not the s20 disability duty",
          "[content][c2]") {
    // Format 1 showed the Equality Act s20/s21 reasonable-adjustment rules (RA-03, RA-05, RA-07, RA-09, ...) to a
    // customer who is not disabled.
    auto s = bundled_scenario("adjustment-limited-english");
    for (const auto& r : s->rules) {
        INFO("rule " << r.id() << ": " << r.rule->source);
        CHECK(r.rule->source.find("s20(") == std::string::npos);
        CHECK(r.rule->source.find("ss20") == std::string::npos);
        CHECK(r.rule->source.find("s20 and") == std::string::npos);
        CHECK(r.rule->source.find("s21") == std::string::npos);
    }
    CHECK(s->find_rule("RA-03") < 0);  // the BSL interpreter rule (s20(5)) is for disability
    std::string interpreter = rule_text(s, "RA-15");
    CHECK(interpreter.find("s149") != std::string::npos);
    CHECK(interpreter.find("not a disability adjustment") != std::string::npos);
    auto o = play_shipped("adjustment-limited-english",
                          {"c-arr-card", "c-lc-check", "c-pr-phone", "c-wt-wait", "c-io-direct", "c-cw-refer",
                           "c-rn-record", "c-wi-translate", "c-cl-teachback"});
    CHECK(o.passed);
    CHECK(o.verdict("RA-15") == "kept");
}

TEST_CASE("adjustment-limited-english: shouting at a customer with limited English fails", "[content][c2]") {
    // Format 1 passed this path at 100%: no rule in scope saw the shouting.
    auto o = play_shipped("adjustment-limited-english",
                          {"c-arr-loud", "c-es-card", "c-lc-phone", "c-wt-wait", "c-io-direct", "c-cw-refer",
                           "c-rn-record", "c-wi-translate", "c-cl-teachback"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RA-17") == "broken");
}
