// Topic tests for the issue 9 "Library v2" breadth scenarios written by content helper n2: each loads the
// shipped scenario and asserts that its topic is SCORED (a rule in scope decides it, kept on some complete
// path and broken on another), that the pleasant-but-wrong path fails and the uncomfortable-but-right path
// passes, and that `counterpart analyze` proves it clean. Every case fails on the library before these
// scenarios existed ("no shipped scenario ..."), and each topic case fails if its rule is taken out of scope.
//
// Index: [Helpers] [employer-discriminatory-request] [breach-wrong-envelope] [stage2-persistent-complainant]
//        [relay-call-foi]
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analysis.hpp"
#include "library.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {
// The bundled library, loaded once for this file.
LoadedLibrary& n2_library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

// The shipped scenario with this id (the test fails when there is none).
std::shared_ptr<const Scenario> n2_scenario(const std::string& id) {
    for (const auto& s : n2_library().scenarios)
        if (s->id == id) return s;
    FAIL("no shipped scenario " << id);
    return nullptr;
}

// The outcome of one complete path: whether it passed, its score, the final mood and each rule's verdict.
struct N2Outcome {
    bool ended = false;
    bool passed = false;
    int score = 0;
    int mood = 0;
    std::shared_ptr<const Scenario> scenario;
    std::vector<RuleVerdict> verdicts;

    // The verdict code of a rule ("kept", "broken", ...; "not in scope" when the scenario lacks it).
    std::string verdict(const std::string& rule) const {
        int i = scenario->find_rule(rule);
        if (i < 0) return "not in scope";
        return verdict_code(verdicts[static_cast<std::size_t>(i)].verdict);
    }
};

// Plays choice ids in order for one customer profile (the test fails if a choice is not offered).
N2Outcome n2_play(const std::string& id, const std::vector<std::string>& choices, int customer = 0) {
    N2Outcome out;
    out.scenario = n2_scenario(id);
    auto session = play_path(out.scenario, choices, customer);
    out.ended = session->state() == SessionState::Ended;
    RubricResult r = session->rubric().result();
    out.passed = r.passed;
    out.score = r.score;
    out.mood = session->mood();
    out.verdicts = session->rubric().verdicts();
    return out;
}

// The statement and source a learner reads for a rule in this scenario ("" when it is not in scope).
std::string n2_rule_text(const std::shared_ptr<const Scenario>& s, const std::string& rule) {
    int i = s->find_rule(rule);
    if (i < 0) return "";
    const auto& r = *s->rules[static_cast<std::size_t>(i)].rule;
    return r.statement + " | " + r.source;
}

// A topic is scored when its rule is in scope and the analysis finds a complete path that keeps it and one
// that breaks it (so the rubric, not just a line of text, decides it).
void n2_check_topic_scored(const std::string& id, const std::string& rule) {
    auto s = n2_scenario(id);
    INFO(id << " rule " << rule);
    int i = s->find_rule(rule);
    REQUIRE(i >= 0);
    AnalysisReport report = analyze_scenario(*s);
    REQUIRE(report.proofs_run);
    bool found = false;
    for (const auto& ro : report.rules) {
        if (ro.rule != i) continue;
        found = true;
        CHECK(ro.kept.has_value());
        CHECK(ro.broken.has_value());
    }
    CHECK(found);
}

// Every proof of `counterpart analyze` holds with no warning: unsafe never passes, wrong choices are seen,
// best play is perfect, no knowledge-free strategy passes, random guessing passes at most 1%.
void n2_check_analysis_clean(const std::string& id) {
    auto s = n2_scenario(id);
    AnalysisReport report = analyze_scenario(*s);
    INFO(id);
    for (const auto& f : report.findings) INFO(f.message);
    CHECK(report.graded);
    CHECK(report.proofs_run);
    CHECK(report.errors() == 0);
    CHECK(report.warnings() == 0);
    CHECK(report.guess.probability <= 0.01);
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [employer-discriminatory-request]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("age, sex, religion or belief and race are scored: employer-discriminatory-request decides EP-02 to EP-05",
          "[content][n2]") {
    for (const char* rule : {"EP-02", "EP-03", "EP-04", "EP-05"}) n2_check_topic_scored("employer-discriminatory-request", rule);
    // Instructing and knowingly helping discrimination are scored too, and the rules say where the law is.
    n2_check_topic_scored("employer-discriminatory-request", "EP-01");
    n2_check_topic_scored("employer-discriminatory-request", "EP-08");
    auto s = n2_scenario("employer-discriminatory-request");
    CHECK(n2_rule_text(s, "EP-01").find("s111") != std::string::npos);
    CHECK(n2_rule_text(s, "EP-04").find("s19") != std::string::npos);
    CHECK(n2_rule_text(s, "EP-08").find("s112") != std::string::npos);
}

TEST_CASE("employer-discriminatory-request: quietly pre-selecting young men with English names fails", "[content][n2]") {
    auto o = n2_play("employer-discriminatory-request", {"c-call-agree", "c-rp-report", "c-sl-quiet", "c-cl-wink"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    for (const char* rule : {"EP-01", "EP-02", "EP-03", "EP-04", "EP-05", "EP-08"}) {
        INFO(rule);
        CHECK(o.verdict(rule) == "broken");
    }
    CHECK(o.mood >= 60);  // the recruiter is delighted: the pleasant path
}

TEST_CASE("employer-discriminatory-request: meeting him 'halfway' with an age limit still fails", "[content][n2]") {
    auto o = n2_play("employer-discriminatory-request",
                     {"c-call-challenge", "c-re-age", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EP-02") == "broken");
    CHECK(o.verdict("EP-04") == "kept");
}

TEST_CASE("employer-discriminatory-request: challenging, agreeing job criteria, reporting and a full list passes",
          "[content][n2]") {
    auto o = n2_play("employer-discriminatory-request",
                     {"c-call-challenge", "c-re-criteria", "c-rp-report", "c-sl-all", "c-cl-refer"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 55);  // less happy than he started: the uncomfortable path
}

TEST_CASE("employer-discriminatory-request: threatening to drop the employer is not the front line's call",
          "[content][n2]") {
    auto o = n2_play("employer-discriminatory-request",
                     {"c-call-threaten", "c-re-criteria", "c-rp-report", "c-sl-all", "c-cl-firm"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("EP-01") == "kept");
    CHECK(o.verdict("EP-09") == "broken");
}

TEST_CASE("employer-discriminatory-request: every analyzer proof holds", "[content][n2]") {
    n2_check_analysis_clean("employer-discriminatory-request");
}

//-----------------------------------------------------------------------------------------------------------
// [breach-wrong-envelope]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the learner's own data breach is scored: breach-wrong-envelope decides containment, reporting and honesty",
          "[content][n2]") {
    for (const char* rule : {"DB-01", "DB-02", "DB-03", "DB-04", "DB-06", "DB-07", "DB-08", "DB-09"})
        n2_check_topic_scored("breach-wrong-envelope", rule);
    auto s = n2_scenario("breach-wrong-envelope");
    CHECK(n2_rule_text(s, "DB-09").find("72 hours") != std::string::npos);
    CHECK(n2_rule_text(s, "DB-09").find("Article 34") != std::string::npos);
}

TEST_CASE("breach-wrong-envelope: asking her to bin it and keeping it quiet fails", "[content][n2]") {
    auto o = n2_play("breach-wrong-envelope", {"c-ca-bin", "c-hl-reassure", "c-ac-fix", "c-cb-noico"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("DB-01") == "broken");
    CHECK(o.verdict("DB-02") == "broken");
    CHECK(o.verdict("DB-03") == "broken");
    CHECK(o.verdict("DB-07") == "broken");
    CHECK(o.mood >= 60);  // she rings off reassured: the pleasant path
}

TEST_CASE("breach-wrong-envelope: reporting it but recording 'no sensitive data' fails", "[content][n2]") {
    auto o = n2_play("breach-wrong-envelope",
                     {"c-ca-retrieve", "c-hl-honest", "c-ac-minimise", "c-dp-check", "c-cb-explain"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("DB-02") == "kept");
    CHECK(o.verdict("DB-06") == "broken");
}

TEST_CASE("breach-wrong-envelope: containing, reporting at once, checking the batch and explaining passes",
          "[content][n2]") {
    auto o = n2_play("breach-wrong-envelope", {"c-ca-shred", "c-hl-honest", "c-ac-report", "c-dp-check", "c-cb-explain"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < 50);  // she is left less comfortable than she rang: the uncomfortable path
}

TEST_CASE("breach-wrong-envelope: every analyzer proof holds", "[content][n2]") {
    n2_check_analysis_clean("breach-wrong-envelope");
}

//-----------------------------------------------------------------------------------------------------------
// [stage2-persistent-complainant]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("stage 2, unreasonable persistence and an MP's enquiry are scored: stage2-persistent-complainant decides them",
          "[content][n2]") {
    for (const char* rule : {"CE-01", "CE-02", "CE-03", "CE-04", "CE-05", "CE-06", "CE-07", "CE-08", "CP-15"})
        n2_check_topic_scored("stage2-persistent-complainant", rule);
    auto s = n2_scenario("stage2-persistent-complainant");
    // Sending her back to the stage 1 officer fails the attempt here, not just costs score.
    int cp15 = s->find_rule("CP-15");
    REQUIRE(cp15 >= 0);
    CHECK(s->rules[static_cast<std::size_t>(cp15)].severity == RuleSeverity::Critical);
}

TEST_CASE("stage2-persistent-complainant: letting the same officer 'have another look' fails", "[content][n2]") {
    auto o = n2_play("stage2-persistent-complainant", {"c-ca-another", "c-pr-wrong", "c-pe-soothe", "c-mp-promise", "c-om-now"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-01") == "broken");
    CHECK(o.verdict("CP-15") == "broken");
    CHECK(o.verdict("CP-03") == "broken");
    CHECK(o.mood >= 60);  // she is pleased with the visit she's promised: the pleasant path
}

TEST_CASE("stage2-persistent-complainant: refusing a stage 2 request because it came by phone fails",
          "[content][n2]") {
    auto o = n2_play("stage2-persistent-complainant", {"c-ca-email", "c-pr-dates", "c-pe-explain", "c-mp-log", "c-om-route"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-02") == "broken");
    CHECK(o.verdict("CE-01") == "broken");
}

TEST_CASE("stage2-persistent-complainant: escalating, holding the arrangement and answering the MP passes",
          "[content][n2]") {
    auto o = n2_play("stage2-persistent-complainant", {"c-ca-log", "c-pr-dates", "c-pe-explain", "c-mp-log", "c-om-route"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.verdict("CE-04") == "kept");  // Tuesday 23 June is 5 working days after Tuesday 16 June
    CHECK(o.mood < 50);                   // she's told it takes weeks and the arrangement stays: uncomfortable
}

TEST_CASE("stage2-persistent-complainant: sending the MP the whole file fails", "[content][n2]") {
    auto o = n2_play("stage2-persistent-complainant", {"c-ca-log", "c-pr-dates", "c-pe-explain", "c-mp-file", "c-om-route"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("CE-07") == "broken");
    CHECK(o.verdict("CE-06") == "kept");
}

TEST_CASE("stage2-persistent-complainant: every analyzer proof holds", "[content][n2]") {
    n2_check_analysis_clean("stage2-persistent-complainant");
}

//-----------------------------------------------------------------------------------------------------------
// [relay-call-foi]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("relay calls and FOI requests are scored: relay-call-foi decides RL-01, RL-02 and FI-01 to FI-06",
          "[content][n2]") {
    for (const char* rule : {"RL-01", "RL-02", "FI-01", "FI-02", "FI-03", "FI-04", "FI-05", "FI-06"})
        n2_check_topic_scored("relay-call-foi", rule);
    auto s = n2_scenario("relay-call-foi");
    CHECK(n2_rule_text(s, "FI-01").find("s8") != std::string::npos);
    CHECK(n2_rule_text(s, "FI-01").find("s16") != std::string::npos);
    CHECK(n2_rule_text(s, "FI-04").find("s10") != std::string::npos);
}

TEST_CASE("relay-call-foi: hanging up on the relay introduction fails", "[content][n2]") {
    auto o = n2_play("relay-call-foi", {"c-in-hangup"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("RL-01") == "broken");
}

TEST_CASE("relay-call-foi: answering it off the record instead of a written request fails", "[content][n2]") {
    auto o = n2_play("relay-call-foi", {"c-in-greet", "c-rq-myself", "c-re-forward", "c-cf-month", "c-cl-fine"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("FI-01") == "broken");
    CHECK(o.verdict("FI-04") == "broken");  // a calendar month is the subject access limit, not FOI's
    CHECK(o.mood >= 60);                    // she's delighted to be spared the paperwork: the pleasant path
}

TEST_CASE("relay-call-foi: helping her put it in writing and giving 8 July passes", "[content][n2]") {
    auto o = n2_play("relay-call-foi", {"c-in-greet", "c-rq-write", "c-re-forward", "c-cf-date", "c-cl-bye"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.verdict("FI-04") == "kept");  // Wednesday 8 July is the 20th working day after Wednesday 10 June
    CHECK(o.mood < 50);
}

TEST_CASE("relay-call-foi: every analyzer proof holds", "[content][n2]") { n2_check_analysis_clean("relay-call-foi"); }
