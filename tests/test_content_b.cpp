// Content tests for helper content-b (issue 9): the DWP complaint and reconsideration rules in a policy of
// their own, and the scenarios added for domestic abuse at the jobcentre and non-verbal communication. Each
// case loads the shipped library and asserts what a learner would notice: which policy judges them, and that
// the pleasant trap fails while the uncomfortable right path passes.
//
// Index: [DWP policy split] [uc-domestic-abuse-disclosure] [nonverbal-counter-cues]
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [DWP policy split]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the council's complaints procedure holds no DWP rules or actions any more", "[content][b]") {
    auto council = shipped_library().policies.find("complaints-procedure");
    REQUIRE(council);
    REQUIRE(council->rules.size() > 10);
    for (const auto& rule : council->rules) {
        INFO("rule " << rule.id << ": " << rule.title);
        CHECK(rule.title.rfind("DWP", 0) != 0);
        CHECK(rule.statement.find("Jobcentre") == std::string::npos);
        for (int n = 20; n <= 27; ++n) CHECK(rule.id != "CP-" + std::to_string(n));
    }
    for (const auto& action : council->actions) {
        INFO("action " << action.id);
        CHECK(action.label.rfind("DWP", 0) != 0);
    }
}

TEST_CASE("the DWP policy keeps the moved rule ids, so old records' verdicts still name them",
          "[content][b]") {
    auto dwp = shipped_library().policies.find("dwp-complaints-and-reconsideration");
    REQUIRE(dwp);
    CHECK(dwp->organisation.find("Department for Work and Pensions") != std::string::npos);
    std::set<std::string> ids;
    for (const auto& rule : dwp->rules) ids.insert(rule.id);
    for (int n = 20; n <= 27; ++n) CHECK(ids.count("CP-" + std::to_string(n)) == 1);
    // Its own rule for complaints about staff cites DWP's procedure, not the LGSCO Code.
    REQUIRE(ids.count("DWP-01") == 1);
    for (const auto& rule : dwp->rules) {
        INFO("rule " << rule.id);
        CHECK(rule.source.find("LGSCO") == std::string::npos);
        CHECK(rule.source.find("domain reference") != std::string::npos);
    }
}

TEST_CASE("the jobcentre scenarios are judged by the DWP policy, not the council's", "[content][b]") {
    for (const char* id : {"complaint-benefit-decision", "jobseeker-barriers"}) {
        auto s = bundled_scenario(id);
        REQUIRE(s);
        INFO("scenario " << id);
        bool dwp_in_scope = false;
        for (const auto& policy : s->policies) {
            CHECK(policy->id != "complaints-procedure");
            if (policy->id == "dwp-complaints-and-reconsideration") dwp_in_scope = true;
        }
        CHECK(dwp_in_scope);
        for (const char* rule :
             {"CP-20", "CP-21", "CP-22", "CP-23", "CP-24", "CP-25", "CP-26", "CP-27", "DWP-01"}) {
            INFO("rule " << rule);
            int i = s->find_rule(rule);
            REQUIRE(i >= 0);
            CHECK(s->rules[static_cast<std::size_t>(i)].policy->id == "dwp-complaints-and-reconsideration");
        }
        // No council complaint rule (LGSCO Code) judges a jobcentre complaint.
        CHECK(s->find_rule("CP-13") < 0);
    }
    // Turning away Kai's complaint about the desk officer is still seen, now by DWP's own rule.
    auto o = play_shipped("complaint-benefit-decision",
                          {"c-arr-helpline", "c-push-recover", "c-not-mr", "c-long-correct", "c-comp-offer",
                           "c-money-limits", "c-log-correct", "c-close-summary"});
    REQUIRE(o.ended);
    CHECK(o.verdict("DWP-01") == "broken");
    CHECK(o.verdict("CP-21") == "kept");
}

//-----------------------------------------------------------------------------------------------------------
// [uc-domestic-abuse-disclosure]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("uc-domestic-abuse-disclosure: letters to the flat and the standard commitment fail",
          "[content][b]") {
    auto s = bundled_scenario("uc-domestic-abuse-disclosure");
    REQUIRE(s);
    REQUIRE(s->customers.size() == 2);
    for (int customer = 0; customer < 2; ++customer) {
        INFO("customer " << s->customers[static_cast<std::size_t>(customer)].id);
        // The pleasant path: what the claimant asked for ("send it to the flat like before"), the commitment
        // left as it was with a private promise not to check.
        auto pleasant = play_shipped(
            "uc-domestic-abuse-disclosure",
            {"c-open-move-on", "c-dis-secret", "c-con-flat", "c-com-easy", "c-sup-card", "c-rec-journal"},
            customer);
        REQUIRE(pleasant.ended);
        CHECK_FALSE(pleasant.passed);
        CHECK(pleasant.verdict("DA-05") == "broken");
        CHECK(pleasant.verdict("DA-06") == "broken");
        // Doing everything else right does not rescue letters posted to the abuser's address...
        auto letters = play_shipped("uc-domestic-abuse-disclosure",
                                    {"c-open-private", "c-dis-safety", "c-con-flat", "c-com-easement",
                                     "c-sup-lead", "c-rec-restricted"},
                                    customer);
        CHECK_FALSE(letters.passed);
        CHECK(letters.verdict("DA-05") == "broken");
        // ... nor fewer hours in place of the easement the law allows.
        auto fewer_hours = play_shipped(
            "uc-domestic-abuse-disclosure",
            {"c-open-private", "c-dis-safety", "c-con-safe", "c-com-cut", "c-sup-lead", "c-rec-restricted"},
            customer);
        CHECK_FALSE(fewer_hours.passed);
        CHECK(fewer_hours.verdict("ES-03") == "kept");
        CHECK(fewer_hours.verdict("DA-06") == "broken");
    }
}

TEST_CASE("uc-domestic-abuse-disclosure: safe contact, the easement and a safe record pass", "[content][b]") {
    for (int customer = 0; customer < 2; ++customer) {
        auto right = play_shipped("uc-domestic-abuse-disclosure",
                                  {"c-open-private", "c-dis-safety", "c-con-safe", "c-com-easement",
                                   "c-sup-lead", "c-rec-restricted"},
                                  customer);
        REQUIRE(right.ended);
        CHECK(right.passed);
        CHECK(right.score == 100);
        for (const char* rule : {"DA-02", "DA-04", "DA-06", "DA-07", "DA-08", "DA-09", "DA-10"}) {
            INFO("rule " << rule);
            CHECK(right.verdict(rule) == "kept");
        }
    }
    // The easement's rule cites the regulation and the reference section it rests on.
    auto s = bundled_scenario("uc-domestic-abuse-disclosure");
    int i = s->find_rule("DA-06");
    REQUIRE(i >= 0);
    const std::string& source = s->rules[static_cast<std::size_t>(i)].rule->source;
    CHECK(source.find("reg 98") != std::string::npos);
    CHECK(source.find("domain reference 6.1") != std::string::npos);
    // The rules are the jobcentre's own domestic abuse procedure, not the council's safeguarding policy.
    CHECK(s->rules[static_cast<std::size_t>(i)].policy->id == "dwp-domestic-abuse");
    CHECK(s->find_rule("SG-11") < 0);
}

//-----------------------------------------------------------------------------------------------------------
// [nonverbal-counter-cues]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("nonverbal-counter-cues: a 'yes' the body contradicts is not agreement", "[content][b]") {
    auto s = bundled_scenario("nonverbal-counter-cues");
    REQUIRE(s);
    REQUIRE(s->customers.size() == 2);
    for (int customer = 0; customer < 2; ++customer) {
        INFO("customer " << s->customers[static_cast<std::size_t>(customer)].id);
        // The learner who reads only the words: greets while looking at the screen, takes the nod as a yes,
        // and closes with "does that make sense?". Pleasant, quick, and a fail.
        auto words_only = play_shipped(
            "nonverbal-counter-cues",
            {"c-arr-screen", "c-exp-sign", "c-ada-room", "c-con-closed", "c-rec-none"}, customer);
        REQUIRE(words_only.ended);
        CHECK_FALSE(words_only.passed);
        CHECK(words_only.verdict("NV-01") == "broken");
        CHECK(words_only.verdict("NV-02") == "broken");
        // Taking the nod as a yes fails even when every other step is right, and a later check does not
        // put right an arrangement already agreed.
        auto nod =
            play_shipped("nonverbal-counter-cues",
                         {"c-arr-face", "c-exp-sign", "c-ada-room", "c-con-teach", "c-rec-ask"}, customer);
        CHECK_FALSE(nod.passed);
        CHECK(nod.verdict("NV-02") == "broken");
        // Louder is not an adjustment, and it tells the queue about the arrears.
        auto louder =
            play_shipped("nonverbal-counter-cues",
                         {"c-arr-face", "c-exp-louder", "c-ada-room", "c-con-teach", "c-rec-ask"}, customer);
        CHECK_FALSE(louder.passed);
        CHECK(louder.verdict("NV-04") == "broken");
    }
}

TEST_CASE("nonverbal-counter-cues: reading the cues, adapting and checking back passes", "[content][b]") {
    for (int customer = 0; customer < 2; ++customer) {
        auto right =
            play_shipped("nonverbal-counter-cues",
                         {"c-arr-face", "c-exp-ask", "c-ada-room", "c-con-teach", "c-rec-ask"}, customer);
        REQUIRE(right.ended);
        CHECK(right.passed);
        CHECK(right.score == 100);
        for (const char* rule : {"NV-01", "NV-02", "NV-03", "NV-04", "NV-05", "RA-01", "RA-06", "RA-17"}) {
            INFO("rule " << rule);
            CHECK(right.verdict(rule) == "kept");
        }
    }
    // The cues are in the text a learner reads: the narrator describes what the customer does.
    auto s = bundled_scenario("nonverbal-counter-cues");
    int explain = s->find_node("explain");
    REQUIRE(explain >= 0);
    std::string said;
    for (const auto& line : s->nodes[static_cast<std::size_t>(explain)].lines) said += line.text + "\n";
    CHECK(said.find("eyes on your mouth") != std::string::npos);
    CHECK(said.find("Yes, that's fine") != std::string::npos);
    int nv02 = s->find_rule("NV-02");
    REQUIRE(nv02 >= 0);
    CHECK(s->rules[static_cast<std::size_t>(nv02)].policy->id == "customer-communication");
}

TEST_CASE("marriage and civil partnership is scored: employer-discriminatory-request keeps and breaks its rule",
          "[content][b]") {
    check_topic_scored("employer-discriminatory-request", "EP-11");
    // The rule is a work rule (s8, s13, s55), not a services one: its source says so.
    auto s = bundled_scenario("employer-discriminatory-request");
    const std::string text = rule_text(s, "EP-11");
    CHECK(text.find("s8") != std::string::npos);
    CHECK(text.find("s55") != std::string::npos);
    // Holding back newly-weds and civil partners from the shortlist fails the attempt.
    auto sift = play_shipped("employer-discriminatory-request",
                             {"c-call-challenge", "c-re-criteria", "c-rp-report", "c-sl-married", "c-cl-firm"});
    REQUIRE(sift.ended);
    CHECK_FALSE(sift.passed);
    CHECK(sift.verdict("EP-11") == "broken");
    // Agreeing it 'halfway' on the call fails too.
    auto halfway = play_shipped("employer-discriminatory-request",
                                {"c-call-challenge", "c-re-married", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(halfway.ended);
    CHECK_FALSE(halfway.passed);
    CHECK(halfway.verdict("EP-11") == "broken");
    // Submitting everyone keeps the rule and passes.
    auto right = play_shipped("employer-discriminatory-request",
                              {"c-call-challenge", "c-re-criteria", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(right.ended);
    CHECK(right.passed);
    CHECK(right.score == 100);
    CHECK(right.verdict("EP-11") == "kept");
}
