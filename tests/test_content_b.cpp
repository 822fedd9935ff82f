// Content tests for helper content-b (issue 9): the DWP complaint and reconsideration rules in a policy of
// their own, and the scenarios added for domestic abuse at the jobcentre and non-verbal communication. Each
// case loads the shipped library and asserts what a learner would notice: which policy judges them, and that
// the pleasant trap fails while the uncomfortable right path passes.
//
// Index: [Helpers] [DWP policy split]
#include <catch2/catch.hpp>

#include <set>
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
LoadedLibrary& b_library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

std::shared_ptr<const Scenario> b_scenario(const std::string& id) {
    for (const auto& s : b_library().scenarios)
        if (s->id == id) return s;
    FAIL("no shipped scenario " << id);
    return nullptr;
}

// The outcome of one complete path: ended, passed, score and each rule's verdict code by id.
struct BOutcome {
    bool ended = false;
    bool passed = false;
    int score = 0;
    std::shared_ptr<const Scenario> scenario;
    std::vector<RuleVerdict> verdicts;

    std::string verdict(const std::string& rule) const {
        int i = scenario->find_rule(rule);
        if (i < 0) return "not in scope";
        return verdict_code(verdicts[static_cast<std::size_t>(i)].verdict);
    }
};

// Plays choice ids in order for one customer profile (the test fails if a choice is not offered).
BOutcome b_play(const std::string& id, const std::vector<std::string>& choices, int customer = 0) {
    BOutcome out;
    out.scenario = b_scenario(id);
    auto session = play_path(out.scenario, choices, customer);
    out.ended = session->state() == SessionState::Ended;
    RubricResult r = session->rubric().result();
    out.passed = r.passed;
    out.score = r.score;
    out.verdicts = session->rubric().verdicts();
    return out;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [DWP policy split]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the council's complaints procedure holds no DWP rules or actions any more", "[content][b]") {
    auto council = b_library().policies.find("complaints-procedure");
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

TEST_CASE("the DWP policy keeps the moved rule ids, so old records' verdicts still name them", "[content][b]") {
    auto dwp = b_library().policies.find("dwp-complaints-and-reconsideration");
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
        auto s = b_scenario(id);
        REQUIRE(s);
        INFO("scenario " << id);
        bool dwp_in_scope = false;
        for (const auto& policy : s->policies) {
            CHECK(policy->id != "complaints-procedure");
            if (policy->id == "dwp-complaints-and-reconsideration") dwp_in_scope = true;
        }
        CHECK(dwp_in_scope);
        for (const char* rule : {"CP-20", "CP-21", "CP-22", "CP-23", "CP-24", "CP-25", "CP-26", "CP-27", "DWP-01"}) {
            INFO("rule " << rule);
            int i = s->find_rule(rule);
            REQUIRE(i >= 0);
            CHECK(s->rules[static_cast<std::size_t>(i)].policy->id == "dwp-complaints-and-reconsideration");
        }
        // No council complaint rule (LGSCO Code) judges a jobcentre complaint.
        CHECK(s->find_rule("CP-13") < 0);
    }
    // Turning away Kai's complaint about the desk officer is still seen, now by DWP's own rule.
    auto o = b_play("complaint-benefit-decision",
                    {"c-arr-helpline", "c-push-recover", "c-not-mr", "c-long-correct", "c-comp-offer",
                     "c-money-limits", "c-log-correct", "c-close-summary"});
    REQUIRE(o.ended);
    CHECK(o.verdict("DWP-01") == "broken");
    CHECK(o.verdict("CP-21") == "kept");
}

