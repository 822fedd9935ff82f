// Topic tests for the issue 9 "Library v2" seed topics written by content helper a: agreeing an internal
// service standard up front (internal-service-charter), peer review as a monitoring tool
// (peer-review-casework) and supporting a colleague (colleague-after-abusive-call). Each loads the shipped
// scenario and asserts that its topic is SCORED (the rule that carries it is kept on some complete path and
// broken on another), that its trap (the pleasant path) fails and its uncomfortable-but-right path passes,
// and that every analyzer proof holds. Every case fails on the library before these scenarios existed
// ("no shipped scenario ...").
//
// Index: [Helpers] [internal-service-charter] [peer-review-casework] [colleague-after-abusive-call]
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
LoadedLibrary& a_library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

// The shipped scenario with this id (the test fails when there is none).
std::shared_ptr<const Scenario> a_scenario(const std::string& id) {
    for (const auto& s : a_library().scenarios)
        if (s->id == id) return s;
    FAIL("no shipped scenario " << id);
    return nullptr;
}

// The outcome of one complete path: whether it passed, its score, the final mood and each rule's verdict.
struct AOutcome {
    bool ended = false;
    bool passed = false;
    int score = 0;
    int mood = 0;
    int start_mood = 0;
    std::shared_ptr<const Scenario> scenario;
    std::vector<RuleVerdict> verdicts;

    // The verdict code of a rule ("kept", "broken", ...; "not in scope" when the scenario lacks it).
    std::string verdict(const std::string& rule) const {
        int i = scenario->find_rule(rule);
        if (i < 0) return "not in scope";
        return verdict_code(verdicts[static_cast<std::size_t>(i)].verdict);
    }
};

// Plays choice ids in order for the first customer profile (the test fails if a choice is not offered).
AOutcome a_play(const std::string& id, const std::vector<std::string>& choices) {
    AOutcome out;
    out.scenario = a_scenario(id);
    out.start_mood = out.scenario->customers.front().initial_mood;
    auto session = play_path(out.scenario, choices, 0);
    out.ended = session->state() == SessionState::Ended;
    RubricResult r = session->rubric().result();
    out.passed = r.passed;
    out.score = r.score;
    out.mood = session->mood();
    out.verdicts = session->rubric().verdicts();
    return out;
}

// A topic is scored when its rule is in scope and the analysis finds a complete path that keeps it and one
// that breaks it (so the rubric, not just a line of text, decides it).
void a_check_topic_scored(const std::string& id, const std::string& rule) {
    auto s = a_scenario(id);
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
void a_check_analysis_clean(const std::string& id) {
    auto s = a_scenario(id);
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
// [internal-service-charter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("agreeing an internal standard up front is scored: internal-service-charter decides SC-CH-01 to SC-CH-05",
          "[content][content-a]") {
    for (const char* rule : {"SC-CH-01", "SC-CH-02", "SC-CH-03", "SC-CH-04", "SC-CH-05", "IS-07", "IS-08"})
        a_check_topic_scored("internal-service-charter", rule);
}

TEST_CASE("internal-service-charter: 'whenever you can' on a handshake fails however pleased the team leader is",
          "[content][content-a]") {
    auto o = a_play("internal-service-charter",
                    {"c-me-whenever", "c-st-sameday", "c-ca-manage", "c-re-handshake", "c-mo-complaints"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SC-CH-02") == "broken");  // a standard nobody can measure
    CHECK(o.verdict("SC-CH-04") == "broken");  // same-day promised without checking capacity
    CHECK(o.verdict("IS-07") == "broken");     // the capacity clash absorbed, not escalated
    CHECK(o.verdict("IS-08") == "broken");     // nothing written down
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.start_mood);
}

TEST_CASE("internal-service-charter: copying another team's SLA instead of agreeing one fails", "[content][content-a]") {
    auto o = a_play("internal-service-charter",
                    {"c-me-copy", "c-st-propose", "c-ca-farida", "c-re-write", "c-mo-measure"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("SC-CH-03") == "broken");
}

TEST_CASE("internal-service-charter: checking capacity, agreeing measurable standards, escalating and writing it up passes",
          "[content][content-a]") {
    auto o = a_play("internal-service-charter",
                    {"c-me-needs", "c-st-propose", "c-ca-farida", "c-re-write", "c-mo-measure"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < o.start_mood);  // Owen wanted same-day and no paperwork: the uncomfortable path
}

TEST_CASE("internal-service-charter: every analyzer proof holds", "[content][content-a]") {
    a_check_analysis_clean("internal-service-charter");
}

//-----------------------------------------------------------------------------------------------------------
// [peer-review-casework]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("peer review as a monitoring tool is scored: peer-review-casework decides PR-01 to PR-05",
          "[content][content-a]") {
    for (const char* rule : {"PR-01", "PR-02", "PR-03", "PR-04", "PR-05", "IS-11", "IP-09", "IP-11"})
        a_check_topic_scored("peer-review-casework", rule);
}

TEST_CASE("peer-review-casework: a friendly 'looks fine' sign-off fails", "[content][content-a]") {
    auto o = a_play("peer-review-casework", {"c-sa-tick"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("PR-01") == "broken");  // the sample was never checked
    CHECK(o.verdict("PR-02") == "broken");  // signed off unchecked
    CHECK(o.verdict("PR-04") == "broken");  // the claimant on chemotherapy is never found
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.start_mood);
}

TEST_CASE("peer-review-casework: leaving the awkward finding off the form fails", "[content][content-a]") {
    auto o = a_play("peer-review-casework", {"c-sa-review", "c-fi-leave", "c-cl-now", "c-fb-private", "c-da-pattern"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("IS-11") == "broken");
    CHECK(o.verdict("PR-03") == "broken");
}

TEST_CASE("peer-review-casework: checking every case, recording it and acting on the claimant's risk passes",
          "[content][content-a]") {
    auto o = a_play("peer-review-casework", {"c-sa-review", "c-fi-record", "c-cl-now", "c-fb-private", "c-da-pattern"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < o.start_mood);  // Callum wanted five ticks: the uncomfortable path
}

TEST_CASE("peer-review-casework: every analyzer proof holds", "[content][content-a]") {
    a_check_analysis_clean("peer-review-casework");
}

//-----------------------------------------------------------------------------------------------------------
// [colleague-after-abusive-call]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("supporting a colleague is scored: colleague-after-abusive-call decides SUP-01 to SUP-08 and AG-08",
          "[content][content-a]") {
    for (const char* rule :
         {"SUP-01", "SUP-02", "SUP-03", "SUP-04", "SUP-05", "SUP-06", "SUP-07", "SUP-08", "AG-08"})
        a_check_topic_scored("colleague-after-abusive-call", rule);
}

TEST_CASE("colleague-after-abusive-call: covering for her silently and clearing her callbacks falsely fails",
          "[content][content-a]") {
    auto o = a_play("colleague-after-abusive-call", {"c-ca-login", "c-se-promise", "c-cb-close", "c-af-forget"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("AG-08") == "broken");   // the threat never reaches the team leader
    CHECK(o.verdict("SUP-02") == "broken");  // agreed to keep it quiet
    CHECK(o.verdict("SUP-03") == "broken");  // worked under her login
    CHECK(o.verdict("SUP-06") == "broken");  // callbacks closed as 'no answer' without ringing
    CHECK(o.mood >= 60);
    CHECK(o.mood > o.start_mood);
}

TEST_CASE("colleague-after-abusive-call: keeping the threat quiet fails even when everything else is right",
          "[content][content-a]") {
    auto o = a_play("colleague-after-abusive-call", {"c-ca-check", "c-se-promise", "c-cb-open", "c-af-eap"});
    REQUIRE(o.ended);
    CHECK_FALSE(o.passed);
    CHECK(o.verdict("AG-08") == "broken");
    CHECK(o.verdict("SUP-02") == "broken");
}

TEST_CASE("colleague-after-abusive-call: reporting with her, helping openly and signposting support passes",
          "[content][content-a]") {
    auto o = a_play("colleague-after-abusive-call", {"c-ca-check", "c-se-report", "c-ke-facts", "c-cb-open", "c-af-eap"});
    REQUIRE(o.ended);
    CHECK(o.passed);
    CHECK(o.score == 100);
    CHECK(o.mood < o.start_mood);  // she asked you not to tell: the uncomfortable path
}

TEST_CASE("colleague-after-abusive-call: every analyzer proof holds", "[content][content-a]") {
    a_check_analysis_clean("colleague-after-abusive-call");
}
