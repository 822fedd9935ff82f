// Regression tests for the re-marked data-request and internal-customer scenarios (issue 8 item 6 and the
// wrong-but-passing choices it lists): each loads the shipped scenario, plays the path that used to pass and
// asserts what a learner now sees. Every case failed on the format 1 content.
//
// Index: [third-party-relative] [third-party-police] [sar-phone] [internal-referral-sla]
//        [internal-bypass-request] [internal-survey-loop] [internal-team-complaint]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [third-party-relative]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("third-party-relative: promising a daughter secrecy about suspected financial abuse fails",
          "[content][c3]") {
    // Format 1 passed this path at 86%: TP-08 was major here while the safeguarding policy makes it critical.
    auto o = play_shipped("third-party-relative", {"c-arr-private", "c-check-verify", "c-scope-within",
                                                   "c-con-secret", "c-route-explain", "c-close-record"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("TP-08") == "broken");
    CHECK(o.verdict("SG-02") == "broken");
}

TEST_CASE("third-party-relative: calling the concern a family matter fails", "[content][c3]") {
    auto o = play_shipped("third-party-relative", {"c-arr-private", "c-check-verify", "c-scope-within",
                                                   "c-con-notours", "c-route-explain", "c-close-record"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("TP-08") == "broken");
}

TEST_CASE("third-party-relative: withholding what a live consent covers is seen and fails", "[content][c3]") {
    // Format 1: "You've broken no rule" and a pass at 100% for refusing help the claimant had authorised.
    auto o = play_shipped("third-party-relative", {"c-arr-private", "c-check-verify", "c-scope-nothing",
                                                   "c-con-report", "c-route-explain", "c-close-record"});
    REQUIRE(o.ended);
    CHECK(o.verdict("TP-13") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [third-party-police]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("third-party-police: confirming the tenancy of a tenant with a domestic-abuse flag fails",
          "[content][c3]") {
    // Format 1 passed this path at 88%: TP-02 was major although the record says never confirm her tenancy.
    auto o = play_shipped("third-party-police", {"c-call-confirm", "c-pres-hold", "c-urg-escalate",
                                                 "c-ent-correct", "c-ref-ig", "c-rec-full"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("TP-02") == "broken");
}

TEST_CASE("third-party-police: promising the data once the caller is verified is seen", "[content][c3]") {
    // Format 1 let the promise pass unseen at 100% once the learner corrected it.
    auto o =
        play_shipped("third-party-police", {"c-call-neutral", "c-pres-callback", "c-cb-route",
                                            "c-urg-escalate", "c-ent-correct", "c-ref-ig", "c-rec-full"});
    REQUIRE(o.ended);
    CHECK(o.verdict("TP-11") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [sar-phone]
//-----------------------------------------------------------------------------------------------------------

namespace {
// The exemplary route with one step swapped, to see what a single poor choice costs.
std::vector<std::string> sar_best_with(const std::string& from, const std::string& to) {
    std::vector<std::string> path{"c-open-accept", "c-sec-proportionate", "c-want-record", "c-who-confirm-own",
                                  "c-del-supervisor", "c-adv-log", "c-time-correct", "c-fee-free",
                                  "c-hand-ig", "c-wrap-summary"};
    for (auto& c : path)
        if (c == from) c = to;
    return path;
}
}  // namespace

TEST_CASE("sar-phone: leaving the request for IG until Monday fails (SAR-10)", "[content][c3]") {
    // Format 1 passed this path at 93% (pass mark 80): a learner could leave SAR-10 broken and pass.
    auto o = play_shipped("sar-phone", sar_best_with("c-hand-ig", "c-hand-monday"));
    REQUIRE(o.ended);
    CHECK(o.verdict("SAR-10") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("sar-phone: skipping the security check is seen and fails", "[content][c3]") {
    // Format 1 called it "risky" in feedback and passed it at 100%.
    auto o = play_shipped("sar-phone",
                          {"c-open-accept", "c-sec-skip", "c-want-record", "c-who-decline", "c-del-log",
                           "c-time-correct", "c-fee-free", "c-hand-ig", "c-wrap-summary"});
    REQUIRE(o.ended);
    CHECK(o.verdict("SAR-13") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("sar-phone: telling him there is nothing he can do about the note is seen and fails", "[content][c3]") {
    auto o = play_shipped("sar-phone",
                          {"c-open-accept", "c-sec-proportionate", "c-want-record", "c-who-confirm-own",
                           "c-del-flat", "c-time-correct", "c-fee-free", "c-hand-ig", "c-wrap-summary"});
    REQUIRE(o.ended);
    CHECK(o.verdict("SAR-14") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("sar-phone: a breach can be reported, and hiding it is a critical breach of its own", "[content][c3]") {
    auto hidden = play_shipped(
        "sar-phone", {"c-open-accept", "c-sec-proportionate", "c-want-record", "c-who-tell", "c-del-log",
                      "c-time-correct", "c-fee-free", "c-hand-ig", "c-wrap-secret"});
    REQUIRE(hidden.ended);
    CHECK(hidden.verdict("SAR-15") == "broken");
    auto reported = play_shipped(
        "sar-phone", {"c-open-accept", "c-sec-proportionate", "c-want-record", "c-who-tell", "c-del-log",
                      "c-time-correct", "c-fee-free", "c-hand-ig", "c-wrap-report"});
    REQUIRE(reported.ended);
    CHECK(reported.ending == "end-breach-reported");
    CHECK(reported.verdict("SAR-15") == "kept");
    CHECK_FALSE(reported.passed);  // the disclosure itself still fails the attempt (SAR-06)
}

//-----------------------------------------------------------------------------------------------------------
// [internal-referral-sla]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("internal-referral-sla: a missed SLA reported a day late stays broken (IS-05 window)", "[content][c3]") {
    // Format 1 let the Thursday message keep IS-05, so promising Friday unchecked passed at 91%.
    auto o = play_shipped("internal-referral-sla", {"c-desk-confirm", "c-sq-yes", "c-th-tell", "c-hm-partial",
                                                    "c-pv-minimum", "c-dl-check", "c-kpi-honest"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IS-05") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-referral-sla: saying nothing on Thursday leaves the clash unescalated in time (IS-07 window)",
          "[content][c3]") {
    // Format 1: escalating on Friday, after the SLA date, kept IS-07.
    auto o = play_shipped("internal-referral-sla",
                          {"c-desk-confirm", "c-sq-silent", "c-th-silent", "c-fc-apologise", "c-pv-minimum",
                           "c-dl-check", "c-kpi-honest"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IS-07") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-referral-sla: closing without asking the work coach how it went fails (IS-09)", "[content][c3]") {
    // Format 1 passed this path at 93% (pass mark 80).
    auto o =
        play_shipped("internal-referral-sla", {"c-desk-confirm", "c-sq-tell", "c-pr-hamish", "c-hm-partial",
                                               "c-pv-minimum", "c-dl-done", "c-kpi-honest"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IS-09") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [internal-bypass-request]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("internal-bypass-request: guessing what the data instruction allows instead of checking fails",
          "[content][c3]") {
    // Format 1 passed this path at 87%: the feedback said "you guessed", and the learner still passed.
    auto o = play_shipped("internal-bypass-request", {"c-rq-clarify", "c-pr-explain", "c-ck-phone",
                                                      "c-fv-decline", "c-bd-decline", "c-mo-warm"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IS-14") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-bypass-request: a flat refusal that never asks what is needed fails", "[content][c3]") {
    // Format 1 passed this path at 87%.
    auto o =
        play_shipped("internal-bypass-request", {"c-rq-refuse", "c-pr-explain", "c-ck-sean", "c-sn-follow",
                                                 "c-fv-decline", "c-bd-decline", "c-mo-warm"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IS-03") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [internal-survey-loop]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("internal-survey-loop: reporting on the headline before finding the cause fails (IP-05 window)",
          "[content][c3]") {
    // Format 1 passed this path at 100%: analysing at the forum, after the district report, kept IP-05.
    auto o =
        play_shipped("internal-survey-loop", {"c-rs-headline", "c-rp-honest", "c-fm-listen", "c-au-check",
                                              "c-ma-explain", "c-im-do", "c-lp-all", "c-mn-check"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IP-05") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-survey-loop: quoting comments tagged by team in the update fails (IP-13)", "[content][c3]") {
    // Format 1 passed this path at 93% although the feedback says it exposed the respondents.
    auto o = play_shipped("internal-survey-loop", {"c-rs-dig", "c-rp-honest", "c-fm-agree", "c-au-check",
                                                   "c-ma-explain", "c-im-do", "c-lp-quotes", "c-mn-check"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IP-13") == "broken");
    CHECK_FALSE(o.passed);
}

//-----------------------------------------------------------------------------------------------------------
// [internal-team-complaint]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("internal-team-complaint: promising findings outside the 10 working days fails (IP-16)", "[content][c3]") {
    // Format 1 passed this path at 94%: a learner could leave IP-16 broken and pass.
    auto o = play_shipped("internal-team-complaint", {"c-in-ack-late", "c-tk-process", "c-pp-check",
                                                      "c-iv-root", "c-ag-plan", "c-fu-check"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IP-16") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-team-complaint: a defensive reply to a formal complaint fails even when put right",
          "[content][c3]") {
    // Format 1 passed this path at 93% (pass mark 90).
    auto o = play_shipped("internal-team-complaint", {"c-in-defend", "c-ht-recover", "c-tk-process",
                                                      "c-pp-check", "c-iv-root", "c-ag-firm", "c-fu-check"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IP-02") == "broken");
    CHECK_FALSE(o.passed);
}

TEST_CASE("internal-team-complaint: investigating only after a reminder was sent stays broken (IP-05 window)",
          "[content][c3]") {
    // Format 1 had no way back after the reminder; the new honest option must not erase the skipped investigation.
    auto o = play_shipped("internal-team-complaint", {"c-in-ack", "c-tk-process", "c-pp-check",
                                                      "c-iv-reminder", "c-ag-dig", "c-fu-chase"});
    REQUIRE(o.ended);
    CHECK(o.verdict("IP-05") == "broken");
    CHECK_FALSE(o.passed);
}
