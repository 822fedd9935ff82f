// Regression tests for the re-marked equality, safeguarding, employment-support and public-service-values
// scenarios (issue 8 item 6 and the issue 9 corrections that fall in them): each loads the shipped scenario,
// plays the path that used to pass, or measures what used to be too easy, and asserts what a learner now sees.
// Every case failed on the format 1 content.
//
// Index: [Helpers] [safeguarding-disclosure] [adjustment-anxiety] [adjustment-limited-english]
//        [jobseeker-barriers] [partner-referral-consent] [values-gift-offer]
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "library.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {
// The bundled library, loaded once for this file.
LoadedLibrary& c2_library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

std::shared_ptr<const Scenario> c2_scenario(const std::string& id) {
    for (const auto& s : c2_library().scenarios)
        if (s->id == id) return s;
    FAIL("no shipped scenario " << id);
    return nullptr;
}

// The outcome of one complete path: whether it passed, its score and each rule's verdict.
struct C2Outcome {
    bool ended = false;
    bool passed = false;
    int score = 0;
    std::string ending;
    std::shared_ptr<const Scenario> scenario;
    std::vector<RuleVerdict> verdicts;

    std::string verdict(const std::string& rule) const {
        int i = scenario->find_rule(rule);
        if (i < 0) return "not in scope";
        return verdict_code(verdicts[static_cast<std::size_t>(i)].verdict);
    }
    int step(const std::string& rule) const {
        int i = scenario->find_rule(rule);
        return i < 0 ? -1 : verdicts[static_cast<std::size_t>(i)].step;
    }
};

C2Outcome c2_play(const std::string& id, const std::vector<std::string>& choices, int customer = 0) {
    C2Outcome out;
    out.scenario = c2_scenario(id);
    auto session = play_path(out.scenario, choices, customer);
    out.ended = session->state() == SessionState::Ended;
    RubricResult r = session->rubric().result();
    out.passed = r.passed;
    out.score = r.score;
    if (out.ended) out.ending = out.scenario->endings[static_cast<std::size_t>(session->ending())].id;
    out.verdicts = session->rubric().verdicts();
    return out;
}

// The exact probability that a learner choosing uniformly at random among the offered options passes, for one
// customer profile, found by walking every path (the shipped scenarios are small enough).
double c2_guess_pass_probability(const std::shared_ptr<const Scenario>& s, int customer) {
    std::function<double(const Session&)> walk = [&](const Session& at) -> double {
        if (at.state() == SessionState::Ended) return at.rubric().result().passed ? 1.0 : 0.0;
        const auto& offered = at.offered();
        double sum = 0;
        for (int c : offered) {
            Session next(at);
            next.choose(c);
            sum += walk(next);
        }
        return sum / static_cast<double>(offered.size());
    };
    return walk(Session(s, {1, customer}));
}

// The statement and source a learner reads for a rule in this scenario.
std::string c2_rule_text(const std::shared_ptr<const Scenario>& s, const std::string& rule) {
    int i = s->find_rule(rule);
    if (i < 0) return "";
    const auto& r = *s->rules[static_cast<std::size_t>(i)].rule;
    return r.statement + " | " + r.source;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [safeguarding-disclosure]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("safeguarding-disclosure: telling her to have a word with her grandson fails", "[content][c2]") {
    // Format 1 passed this path at 100%: suggesting she confronts the man who hurt her broke no rule.
    auto o = c2_play("safeguarding-disclosure", {"c-ar-open", "c-di-minimise", "c-sa-check", "c-wi-consult",
                                                 "c-un-refer", "c-cl-safe", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-11") == "broken");
    CHECK(o.step("SG-11") == 2);
}

TEST_CASE("safeguarding-disclosure: a letter to the home the abuser controls fails", "[content][c2]") {
    // Format 1 passed this path at 100%.
    auto o = c2_play("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-check", "c-wi-consult",
                                                 "c-un-refer", "c-cl-letter", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SG-11") == "broken");
}

TEST_CASE("safeguarding-disclosure: the standard arrears script is seen by a rule", "[content][c2]") {
    // Format 1 passed this path at 100%, though the feedback calls the script wrong for her.
    auto o = c2_play("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-check", "c-wi-consult",
                                                 "c-un-plan", "c-cl-safe", "c-af-private", "c-rc-words"});
    REQUIRE(o.ended);
    CHECK(o.verdict("SG-12") == "broken");
    CHECK(o.score < 100);
}

TEST_CASE("safeguarding-disclosure: moving on without a safety check fails at that step", "[content][c2]") {
    auto o = c2_play("safeguarding-disclosure", {"c-ar-open", "c-di-honest", "c-sa-skip", "c-wi-consult",
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
    auto s = c2_scenario("adjustment-anxiety");
    for (int c = 0; c < static_cast<int>(s->customers.size()); ++c) {
        INFO("customer " << s->customers[static_cast<std::size_t>(c)].id);
        CHECK(c2_guess_pass_probability(s, c) <= 0.01);
    }
}

TEST_CASE("adjustment-anxiety: the quiet room recorded only at the end does not erase RA-11", "[content][c2]") {
    // Format 1 passed this path at 100%: RA-11 was kept by the adjustment recorded at the very end, though she
    // was kept at the counter she asked to leave for the whole visit.
    auto o = c2_play("adjustment-anxiety", {"c-ar-quick", "c-cr-reassure", "c-ct-slow", "c-ph-check", "c-rec-full",
                                            "c-er-escalate", "c-cl-teachback"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RA-11") == "broken");
    CHECK(o.step("RA-11") == 3);
}

TEST_CASE("adjustment-anxiety: promising no more letters is seen as untrue", "[content][c2]") {
    auto o = c2_play("adjustment-anxiety", {"c-ar-ask", "c-nd-room", "c-qr-slow", "c-ph-promise", "c-rec-guess",
                                            "c-er-escalate", "c-cl-teachback"});
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
    auto s = c2_scenario("jobseeker-barriers");
    std::string es03 = c2_rule_text(s, "ES-03");
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
    auto o = c2_play("jobseeker-barriers", {"c-pr-read", "c-ar-welcome", "c-op-explore", "c-st-lmi", "c-lmi-match",
                                            "c-he-check", "c-cc-tailor-checked", "c-de-mr-only", "c-co-take",
                                            "c-ac-plan", "c-cl-plan"});
    REQUIRE(o.ended);
    CHECK(o.verdict("ES-16") == "broken");
    CHECK_FALSE(o.passed);
    auto best = c2_play("jobseeker-barriers", {"c-pr-read", "c-ar-welcome", "c-op-explore", "c-st-lmi", "c-lmi-match",
                                               "c-he-check", "c-cc-tailor-checked", "c-de-mr", "c-co-take",
                                               "c-ac-plan", "c-cl-plan"});
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
    auto s = c2_scenario("adjustment-limited-english");
    for (const auto& r : s->rules) {
        INFO("rule " << r.id() << ": " << r.rule->source);
        CHECK(r.rule->source.find("s20(") == std::string::npos);
        CHECK(r.rule->source.find("ss20") == std::string::npos);
        CHECK(r.rule->source.find("s20 and") == std::string::npos);
        CHECK(r.rule->source.find("s21") == std::string::npos);
    }
    CHECK(s->find_rule("RA-03") < 0);  // the BSL interpreter rule (s20(5)) is for disability
    std::string interpreter = c2_rule_text(s, "RA-15");
    CHECK(interpreter.find("s149") != std::string::npos);
    CHECK(interpreter.find("not a disability adjustment") != std::string::npos);
    auto o = c2_play("adjustment-limited-english", {"c-arr-card", "c-lc-check", "c-pr-phone", "c-wt-wait",
                                                    "c-io-direct", "c-cw-refer", "c-rn-record", "c-wi-translate",
                                                    "c-cl-teachback"});
    CHECK(o.passed);
    CHECK(o.verdict("RA-15") == "kept");
}

TEST_CASE("adjustment-limited-english: shouting at a customer with limited English fails", "[content][c2]") {
    // Format 1 passed this path at 100%: no rule in scope saw the shouting.
    auto o = c2_play("adjustment-limited-english", {"c-arr-loud", "c-es-card", "c-lc-phone", "c-wt-wait",
                                                    "c-io-direct", "c-cw-refer", "c-rn-record", "c-wi-translate",
                                                    "c-cl-teachback"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RA-17") == "broken");
}
