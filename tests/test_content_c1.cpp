// Regression tests for the re-marked complaint and safety scenarios (issue 8 item 6 and the issue 9
// corrections in complaint-counter, complaint-phone-staff, complaint-benefit-decision, abusive-phone-call,
// aggressive-counter and adjustment-bsl): each loads the shipped scenario, plays the path that used to pass
// (or the content that used to be wrong) and asserts what a learner now sees. Every case failed on the
// format 1 content.
//
// Index: [complaint-counter] [complaint-phone-staff] [complaint-benefit-decision]
//        [abusive-phone-call] [aggressive-counter] [adjustment-bsl]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [complaint-counter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("complaint-counter: telling her the complaints team will re-look at her Blue Badge refusal fails",
          "[content][c1]") {
    // Format 1 passed this path at 90%: CP-11 was major, so sending an eligibility decision down the
    // complaints route cost one rule's weight. The refusal has its own review, by a date on the letter.
    auto o = play_shipped(
        "complaint-counter",
        {"c-counter-listen", "c-story-offer", "c-worry-reassure", "c-details-full", "c-comp-limits",
         "c-another-look", "c-badge-lump", "c-log-correct", "c-esc-explain", "c-close-summary"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CP-11") == "broken");
}

//-----------------------------------------------------------------------------------------------------------
// [complaint-phone-staff]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("complaint-phone-staff: leaving her headscarf and accent allegation off the record fails",
          "[content][c1]") {
    // Format 1 passed this path at 90%: dropping the allegation cost only CP-14 and CP-05.
    auto o = play_shipped("complaint-phone-staff",
                          {"c-open-listen", "c-det-soften", "c-prac-fix", "c-prom-limits", "c-route-ask",
                           "c-ama-log", "c-time-correct", "c-esc-correct", "c-close-summary"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CP-16") == "broken");
}

TEST_CASE("complaint-phone-staff: routing her complaint to the manager she complained about fails",
          "[content][c1]") {
    // Format 1 passed both paths at 94%: CP-15 (no conflict of interest) was major.
    auto by_default = play_shipped("complaint-phone-staff",
                                   {"c-open-listen", "c-det-full", "c-prac-fix", "c-prom-limits",
                                    "c-route-default", "c-time-correct", "c-esc-correct", "c-close-summary"});
    REQUIRE(by_default.ended);
    CHECK_FALSE(by_default.passed);
    CHECK(by_default.verdict("CP-15") == "broken");
    auto against_advice = play_shipped(
        "complaint-phone-staff", {"c-open-listen", "c-det-full", "c-prac-fix", "c-prom-limits", "c-route-ask",
                                  "c-ama-ignore", "c-time-correct", "c-esc-correct", "c-close-summary"});
    REQUIRE(against_advice.ended);
    CHECK_FALSE(against_advice.passed);
    CHECK(against_advice.verdict("CP-15") == "broken");
}

//-----------------------------------------------------------------------------------------------------------
// [complaint-benefit-decision]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("complaint-benefit-decision: after a sanction, hardship payments are signposted", "[content][c1]") {
    // Format 1 had no rule about hardship payments: a sanctioned claimant with rent due could leave the desk
    // without hearing of them and the attempt still scored 100%.
    auto silent = play_shipped("complaint-benefit-decision",
                               {"c-arr-listen", "c-not-mr", "c-long-correct", "c-comp-offer", "c-money-blunt",
                                "c-log-correct", "c-close-summary"});
    REQUIRE(silent.ended);
    CHECK(silent.verdict("ES-16") == "broken");
    CHECK(silent.score < 100);
    auto signposted = play_shipped("complaint-benefit-decision",
                                   {"c-arr-listen", "c-not-mr", "c-long-correct", "c-comp-offer",
                                    "c-money-limits", "c-log-correct", "c-close-summary"});
    REQUIRE(signposted.ended);
    CHECK(signposted.passed);
    CHECK(signposted.verdict("ES-16") == "kept");
}

//-----------------------------------------------------------------------------------------------------------
// [aggressive-counter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("aggressive-counter: a first threat absorbed without help is not erased by the alarm later",
          "[content][c1]") {
    // Format 1 passed the boundary-then-alarm path at 100% and the silent one at 94%: AG-03 and AG-04 had no
    // window, so pressing the alarm once things got worse kept them.
    auto alone = play_shipped("aggressive-counter", {"c-ar-listen", "c-rr-boundary", "c-es-alarm",
                                                     "c-un-chase", "c-bq-check", "c-rp-now"});
    REQUIRE(alone.ended);
    CHECK_FALSE(alone.passed);
    CHECK(alone.verdict("AG-04") == "broken");
    auto silent = play_shipped("aggressive-counter", {"c-ar-listen", "c-rr-ignore", "c-es-alarm",
                                                      "c-un-chase", "c-bq-check", "c-rp-now"});
    REQUIRE(silent.ended);
    CHECK_FALSE(silent.passed);
    CHECK(silent.verdict("AG-03") == "broken");
    CHECK(silent.verdict("AG-04") == "broken");
}

TEST_CASE("aggressive-counter: guaranteeing a roofer tomorrow fails", "[content][c1]") {
    // Format 1 passed this path at 100%: no rule in scope saw the promise.
    auto o = play_shipped("aggressive-counter", {"c-ar-promise", "c-rr-boundary-help", "c-es-hold",
                                                 "c-un-chase", "c-bq-check", "c-rp-now"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CP-09") == "broken");
}

TEST_CASE("aggressive-counter: water through a light fitting is an emergency hazard, not a routine job",
          "[content][c1]") {
    // Format 1 taught the exhibit's 'routine (28 days)' as the job's priority and rewarded an 'urgent' date.
    auto routine = play_shipped("aggressive-counter", {"c-ar-listen", "c-rr-boundary-help", "c-es-hold",
                                                       "c-un-routine", "c-bq-check", "c-rp-now"});
    REQUIRE(routine.ended);
    CHECK_FALSE(routine.passed);
    CHECK(routine.verdict("HR-01") == "broken");
    CHECK(routine.verdict("HR-02") == "broken");
    auto best = play_shipped("aggressive-counter", {"c-ar-listen", "c-rr-boundary-help", "c-es-hold",
                                                    "c-un-chase", "c-bq-check", "c-rp-now"});
    REQUIRE(best.ended);
    CHECK(best.passed);
    CHECK(best.score == 100);
    CHECK(best.verdict("HR-01") == "kept");
    CHECK(all_text(*best.scenario).find("made safe within 24 hours") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [abusive-phone-call]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("abusive-phone-call: promising the refund tonight and nothing on her record fails", "[content][c1]") {
    // Format 1 passed this path: only AG-11 (major) saw it, and the promise of money today went unjudged.
    auto o = play_shipped("abusive-phone-call", {"c-co-listen", "c-ac-boundary", "c-ab-absorb",
                                                 "c-ca-promise", "c-af-urgent", "c-rc-report"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CP-09") == "broken");
    CHECK(o.verdict("AG-11") == "broken");
}

TEST_CASE("abusive-phone-call: abuse absorbed in silence is not erased by a boundary at the end",
          "[content][c1]") {
    // Format 1 kept AG-03 on this path because the boundary came after she calmed down.
    auto o = play_shipped("abusive-phone-call", {"c-co-listen", "c-ac-absorb", "c-ab-absorb", "c-ca-boundary",
                                                 "c-af-urgent", "c-rc-report"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("AG-03") == "broken");
}
