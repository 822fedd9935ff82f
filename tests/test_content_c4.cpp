// Regression tests for the re-marked adjustment-bsl, values-gift-offer and partner-referral-consent
// scenarios (issue 8 item 6, and the issue 9 corrections in adjustment-bsl): each loads the shipped
// scenario, plays the path that used to pass (or analyses what used to be wrong) and asserts what a learner
// now sees. Every case failed on the format 1 content.
//
// Index: [values-gift-offer] [partner-referral-consent] [adjustment-bsl]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [values-gift-offer]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("values-gift-offer: a learner guessing at random passes at most 1% of the time", "[content][c4]") {
    // Format 1: a uniform random guesser passed 2.55% of the time (pass mark 90, ungraded choices).
    AnalysisReport report = analyze_scenario(*bundled_scenario("values-gift-offer"));
    REQUIRE(report.proofs_run);
    CHECK(report.graded);
    CHECK(report.guess.probability <= 0.01);
}

TEST_CASE("values-gift-offer: always picking the longest option fails", "[content][c4]") {
    // Format 1: the right option was the longest at every decision point, so this path passed at 100%.
    std::vector<std::string> taken;
    auto o = play_always_longest("values-gift-offer", taken);
    INFO("longest path: " << ::Catch::Detail::stringify(taken));
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
}

TEST_CASE("values-gift-offer: 'I'll see what I can do' about a favour you can't do fails", "[content][c4]") {
    // Format 1 passed this path at 92% (pass mark 90): a deliberately vague promise cost only PV-07.
    auto o = play_shipped("values-gift-offer",
                          {"c-gf-decline-warm", "c-tn-check", "c-gt-accept", "c-fv-vague", "c-in-route",
                           "c-gb-warm", "c-ga-challenge", "c-di-declare", "c-wr-clean"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("PV-07") == "broken");
}

//-----------------------------------------------------------------------------------------------------------
// [partner-referral-consent]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("partner-referral-consent: every choice is graded and every proof holds", "[content][c4]") {
    // Format 1 carried no grades, so the analyzer could not prove that wrong choices are seen, that best play
    // scores 100%, or that no knowledge-free strategy passes.
    AnalysisReport report = analyze_scenario(*bundled_scenario("partner-referral-consent"));
    REQUIRE(report.proofs_run);
    CHECK(report.graded);
    CHECK(report.errors() == 0);
    CHECK(report.guess.probability <= 0.01);
}

TEST_CASE("partner-referral-consent: a blanket 'share all records' consent tick fails, even when replaced later",
          "[content][c4]") {
    // Format 1 passed the blanket tick put right after asking Grace (95% with a late referral, pass mark 85):
    // the tick itself was seen by no rule. ES-18 now sees it when it is made.
    auto o = play_shipped("partner-referral-consent",
                          {"c-su-explain", "c-wo-honest", "c-dc-blanket", "c-dn-consult",
                           "c-fm-own-words-fix", "c-sd-secure", "c-db-ask", "c-cl-next"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("ES-18") == "broken");
    CHECK(o.verdict("ES-11") == "kept");
}

TEST_CASE("partner-referral-consent: sending the referral a fortnight after consent fails", "[content][c4]") {
    // Format 1 passed this path at 95% (pass mark 85): missing the two working days cost only ES-15.
    auto o = play_shipped("partner-referral-consent",
                          {"c-su-explain", "c-wo-honest", "c-dc-record", "c-dn-consult", "c-fm-own-words",
                           "c-sd-later", "c-db-ask", "c-cl-next"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("ES-15") == "broken");
}

//-----------------------------------------------------------------------------------------------------------
// [adjustment-bsl]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("adjustment-bsl: a council tenant's housing complaint goes to the Housing Ombudsman, not the LGSCO",
          "[content][c4]") {
    // Format 1 told this council tenant that "the LGSCO Code says" she must be offered a complaint, and had no
    // rule that could tell a housing complaint (Housing Ombudsman's Code, then the Housing Ombudsman) from
    // another council complaint (LGSCO). Giving her the LGSCO route now fails.
    auto s = bundled_scenario("adjustment-bsl");
    CHECK(all_text(*s).find("LGSCO Code") == std::string::npos);
    auto wrong_route = play_shipped("adjustment-bsl",
                                    {"c-arr-ask", "c-wr-video", "c-vb-supervisor", "c-tz-wait", "c-vc-direct",
                                     "c-cm-record", "c-si-escalate", "c-rb-confirm", "c-cl-lgsco"});
    REQUIRE(wrong_route.ended);
    CHECK_FALSE(wrong_route.passed);
    CHECK(wrong_route.verdict("CP-19") == "broken");
    CHECK(wrong_route.verdict("CP-18") == "broken");
    auto right_route = play_shipped("adjustment-bsl",
                                    {"c-arr-ask", "c-wr-video", "c-vb-supervisor", "c-tz-wait", "c-vc-direct",
                                     "c-cm-record", "c-si-escalate", "c-rb-confirm", "c-cl-offer"});
    REQUIRE(right_route.ended);
    CHECK(right_route.passed);
    CHECK(right_route.score == 100);
    CHECK(right_route.verdict("CP-17") == "kept");
    CHECK(right_route.verdict("CP-18") == "kept");
}

TEST_CASE("adjustment-bsl: mould in an asthmatic child's bedroom is a damp and mould hazard (Awaab's Law)",
          "[content][c4]") {
    // Format 1 rewarded raising the mould as an 'urgent' repair on the repairs team's own target: no rule knew
    // the statutory timescales for social landlords in force since 27 October 2025. Now the hazard must be
    // investigated within 10 working days (HR-03), and the 'urgent' queue fails (HR-02).
    auto urgent =
        play_shipped("adjustment-bsl", {"c-arr-ask", "c-wr-video", "c-vb-thursday", "c-th-direct",
                                        "c-cm-record", "c-si-escalate", "c-rb-routine", "c-cl-offer"});
    REQUIRE(urgent.ended);
    CHECK_FALSE(urgent.passed);
    CHECK(urgent.verdict("HR-02") == "broken");
    auto hazard =
        play_shipped("adjustment-bsl", {"c-arr-ask", "c-wr-video", "c-vb-thursday", "c-th-direct",
                                        "c-cm-record", "c-si-escalate", "c-rb-urgent", "c-cl-offer"});
    REQUIRE(hazard.ended);
    CHECK(hazard.passed);
    CHECK(hazard.verdict("HR-03") == "kept");
    CHECK(hazard.verdict("HR-02") == "kept");
}

TEST_CASE("adjustment-bsl: writing notes instead of the interpreter she asked for is seen", "[content][c4]") {
    // Format 1 passed this path at 100%: offering notes to a BSL user who had asked for an interpreter
    // performed no action any rule judged, as long as the video service was started afterwards.
    auto o = play_shipped("adjustment-bsl",
                          {"c-arr-ask", "c-wr-notes", "c-ns-video", "c-vb-supervisor", "c-tz-wait",
                           "c-vc-direct", "c-cm-record", "c-si-escalate", "c-rb-confirm", "c-cl-offer"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RA-07") == "broken");
}
