// Format 2: choice grades, pinned options and the per-session shuffle, required-rule windows, and scenario
// severity overrides (issue "Scores an assessor can trust").
#include <catch2/catch.hpp>

#include <set>

#include "rubric.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
constexpr int kHearing = 0;
constexpr int kDeaf = 1;  // offered all four options at n4

// The mini fixture in format 2: every choice graded, plus a second chance to log the request at n2 so that
// lateness can be tested.
nlohmann::json mini_v2() {
    auto j = mini_json();
    j["format_version"] = 2;
    for (auto& node : j["nodes"])
        for (auto& c : node["choices"]) {
            c["grade"] = "acceptable";
            c["grade_reason"] = "fixture";
        }
    nlohmann::json late = {{"id", "c-log-late"},
                           {"text", "Log the request now."},
                           {"actions", {"log_request"}},
                           {"grade", "acceptable"},
                           {"grade_reason", "late but done"},
                           {"next", "n3"}};
    for (auto& node : j["nodes"])
        if (node["id"] == "n2") node["choices"].push_back(late);
    return j;
}

std::shared_ptr<const Scenario> load_ok(const nlohmann::json& j) {
    auto loaded = load(j, mini_policies(), false);
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    REQUIRE_FALSE(loaded.diags.has_errors());
    return loaded.scenario;
}

nlohmann::json with_override(nlohmann::json j, const std::string& rule, nlohmann::json value) {
    j["policies"][0]["overrides"][rule] = std::move(value);
    return j;
}

RuleVerdict verdict(const Session& session, const char* rule) {
    int i = session.scenario().find_rule(rule);
    REQUIRE(i >= 0);
    return session.rubric().verdicts()[static_cast<std::size_t>(i)];
}

std::vector<std::string> shown_ids(const Session& s) {
    std::vector<std::string> out;
    for (int c : s.offered()) out.push_back(s.scenario().choices[static_cast<std::size_t>(c)].id);
    return out;
}

// Plays to n4, where the Deaf profile is offered three options.
std::unique_ptr<Session> at_n4(std::shared_ptr<const Scenario> s, std::uint64_t seed, bool shuffle = true) {
    auto session = std::make_unique<Session>(s, SessionOptions{seed, kDeaf, shuffle});
    for (const char* id : {"c-log", "c-verify", "c-promise-ok"}) session->choose(s->find_choice(id));
    return session;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// Grades
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("format 2: every choice needs a grade and a reason", "[format2][grades]") {
    auto j = mini_v2();
    j["nodes"][0]["choices"][0].erase("grade");
    j["nodes"][0]["choices"][1].erase("grade_reason");
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "'grade'"));
    CHECK(has(loaded.diags, Severity::Error, "'grade_reason'"));
}

TEST_CASE("format 2: an unknown grade names the four grades", "[format2][grades]") {
    auto j = mini_v2();
    j["nodes"][0]["choices"][0]["grade"] = "excellent";
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "best, acceptable, poor or unsafe"));
}

TEST_CASE("format 2: grades load onto the choices", "[format2][grades]") {
    auto j = mini_v2();
    j["nodes"][0]["choices"][1]["grade"] = "unsafe";
    j["nodes"][0]["choices"][1]["grade_reason"] = "discloses before verifying";
    auto s = load_ok(j);
    const Choice& c = s->choices[static_cast<std::size_t>(s->find_choice("c-disclose-now"))];
    CHECK(c.grade == ChoiceGrade::Unsafe);
    CHECK(c.grade_reason == "discloses before verifying");
}

TEST_CASE("format 1 files still load, ungraded", "[format2][grades]") {
    auto j = mini_json();
    j["format_version"] = 1;
    for (auto& node : j["nodes"])
        for (auto& c : node["choices"]) {
            c.erase("grade");
            c.erase("grade_reason");
        }
    auto s = load_ok(j);
    CHECK(s->format_version == 1);
    for (const Choice& c : s->choices) CHECK(c.grade == ChoiceGrade::Ungraded);
}

//-----------------------------------------------------------------------------------------------------------
// Shuffle and pins
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("shuffle: the same seed shows the same order", "[format2][shuffle]") {
    auto s = load_ok(mini_v2());
    for (std::uint64_t seed : {1ull, 7ull, 123456789ull}) {
        auto a = at_n4(s, seed), b = at_n4(s, seed);
        CHECK(shown_ids(*a) == shown_ids(*b));
    }
}

TEST_CASE("shuffle: different seeds show different orders, so position is no cue", "[format2][shuffle]") {
    auto s = load_ok(mini_v2());
    std::set<std::vector<std::string>> orders;
    std::set<std::string> first_shown;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        auto session = at_n4(s, seed);
        orders.insert(shown_ids(*session));
        first_shown.insert(shown_ids(*session).front());
    }
    CHECK(orders.size() == 6u);       // three options (the Deaf profile): all 3! orders occur
    CHECK(first_shown.size() == 3u);  // every option is shown first for some seed
}

TEST_CASE("shuffle: off gives file order (records made before format 2)", "[format2][shuffle]") {
    auto s = load_ok(mini_v2());
    auto session = at_n4(s, 99, false);
    CHECK(shown_ids(*session) == std::vector<std::string>{"c-book", "c-family", "c-disclose"});
}

TEST_CASE("shuffle: a pinned option keeps its place for every seed", "[format2][shuffle][pin]") {
    auto j = mini_v2();
    for (auto& node : j["nodes"])
        if (node["id"] == "n4") {
            node["choices"][0]["pin"] = "last";  // c-book
        }
    auto s = load_ok(j);
    std::set<std::vector<std::string>> orders;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        auto ids = shown_ids(*at_n4(s, seed));
        REQUIRE(ids.size() == 3u);
        CHECK(ids.back() == "c-book");
        orders.insert(ids);
    }
    CHECK(orders.size() == 2u);  // the two unpinned options still swap
}

TEST_CASE("shuffle: an unknown pin is an error", "[format2][pin]") {
    auto j = mini_v2();
    j["nodes"][0]["choices"][0]["pin"] = "middle";
    auto loaded = load(j, mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "'pin' must be \"first\" or \"last\""));
}

//-----------------------------------------------------------------------------------------------------------
// Rule windows
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("window: required without a window is kept late (the old behaviour, still the default)",
          "[format2][window]") {
    auto s = load_ok(mini_v2());
    auto session = play_path(s, {"c-disclose-now", "c-log-late"}, kHearing);
    CHECK(verdict(*session, "FX-01").verdict == Verdict::Kept);
}

TEST_CASE("window steps: doing the required thing late does not erase the failure", "[format2][window]") {
    auto s = load_ok(with_override(mini_v2(), "FX-01", {{"window", {{"steps", 1}}}}));
    auto session = play_path(s, {"c-disclose-now"}, kHearing);
    CHECK(verdict(*session, "FX-01").verdict == Verdict::Broken);
    CHECK(verdict(*session, "FX-01").step == 1);
    session->choose(s->find_choice("c-log-late"));
    CHECK(verdict(*session, "FX-01").verdict == Verdict::Broken);
    CHECK(verdict(*session, "FX-01").detail.find("due by step 1") != std::string::npos);

    auto in_time = play_path(s, {"c-log"}, kHearing);
    CHECK(verdict(*in_time, "FX-01").verdict == Verdict::Kept);
}

TEST_CASE("window before_leaving: broken when the node is left without it, kept when done there",
          "[format2][window]") {
    auto s = load_ok(with_override(mini_v2(), "FX-01", {{"window", {{"before_leaving", "n2"}}}}));
    auto left = play_path(s, {"c-disclose-now", "c-verify"}, kHearing);
    CHECK(verdict(*left, "FX-01").verdict == Verdict::Broken);
    CHECK(verdict(*left, "FX-01").step == 2);
    CHECK(verdict(*left, "FX-01").detail.find("before leaving 'n2'") != std::string::npos);

    auto done_there = play_path(s, {"c-disclose-now", "c-log-late"}, kHearing);
    CHECK(verdict(*done_there, "FX-01").verdict == Verdict::Kept);
}

TEST_CASE("window before an action: broken when that action comes first", "[format2][window]") {
    auto s = load_ok(with_override(mini_v2(), "FX-01", {{"window", {{"before", "verify_identity"}}}}));
    auto session = play_path(s, {"c-disclose-now", "c-verify"}, kHearing);
    CHECK(verdict(*session, "FX-01").verdict == Verdict::Broken);
    CHECK(verdict(*session, "FX-01").step == 2);
    auto kept = play_path(s, {"c-log", "c-verify"}, kHearing);
    CHECK(verdict(*kept, "FX-01").verdict == Verdict::Kept);
}

TEST_CASE("window: names of undefined nodes and actions are errors with their position", "[format2][window]") {
    auto a = load(with_override(mini_v2(), "FX-01", {{"window", {{"before_leaving", "nowhere"}}}}),
                  mini_policies(), false);
    CHECK(has(a.diags, Severity::Error, "undefined node 'nowhere'"));
    auto b = load(with_override(mini_v2(), "FX-01", {{"window", {{"before", "no_such_action"}}}}),
                  mini_policies(), false);
    CHECK(has(b.diags, Severity::Error, "undefined action 'no_such_action'"));
    auto c = load(with_override(mini_v2(), "FX-03", {{"window", {{"steps", 2}}}}), mini_policies(), false);
    CHECK(has(c.diags, Severity::Error, "only a required rule has a window"));
}

//-----------------------------------------------------------------------------------------------------------
// Severity overrides
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("severity: a scenario may not lower a rule's severity without a reason", "[format2][severity]") {
    auto loaded = load(with_override(mini_v2(), "FX-03", {{"severity", "major"}}), mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "lowers rule FX-03 from critical"));
    CHECK(has(loaded.diags, Severity::Error, "without a 'reason'"));
}

TEST_CASE("severity: lowered with a reason, the rule is judged at the scenario's severity",
          "[format2][severity]") {
    auto j = with_override(mini_v2(), "FX-03",
                           {{"severity", "major"}, {"reason", "the family member is a trained interpreter"}});
    auto s = load_ok(j);
    const ScopedRule& r = s->rules[static_cast<std::size_t>(s->find_rule("FX-03"))];
    CHECK(r.severity == RuleSeverity::Major);
    CHECK(r.severity_lowered());
    CHECK(r.severity_reason == "the family member is a trained interpreter");
    auto session = play_path(s, {"c-log", "c-verify", "c-promise-ok", "c-family"}, 1);
    CHECK(verdict(*session, "FX-03").verdict == Verdict::Broken);
    CHECK(session->rubric().result().critical_breaches.empty());
}

TEST_CASE("severity: raising needs no reason and makes the breach critical", "[format2][severity]") {
    auto s = load_ok(with_override(mini_v2(), "FX-01", {{"severity", "critical"}}));
    auto session = play_path(s, {"c-disclose-now", "c-verify", "c-promise-ok", "c-finish"}, kHearing);
    auto result = session->rubric().result();
    CHECK_FALSE(result.passed);
    REQUIRE(result.critical_breaches.size() >= 1u);
}

TEST_CASE("severity: an override for a rule not in scope is an error", "[format2][severity]") {
    auto loaded = load(with_override(mini_v2(), "ZZ-99", {{"severity", "critical"}}), mini_policies(), false);
    CHECK(has(loaded.diags, Severity::Error, "override for rule 'ZZ-99'"));
}

//-----------------------------------------------------------------------------------------------------------
// Advance across a weekend (the authoring guide, section 6, states these exactly)
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("advance: working days skip the weekend and bank holidays and keep the time of day",
          "[format2][advance][calendar]") {
    auto j = mini_v2();
    j["calendar"]["start"] = "2026-04-17T16:00";  // a Friday
    j["calendar"]["bank_holidays"] = {"2026-04-20"};  // the Monday after
    for (auto& node : j["nodes"])
        for (auto& c : node["choices"]) {
            if (c["id"] == "c-log") c["advance"] = "1wd";
            if (c["id"] == "c-disclose-now") c["advance"] = "1d";
            if (c["id"] == "c-verify") c["advance"] = "20m";
            if (c["id"] == "c-log-late") c["advance"] = "1wd";
        }
    auto s = load_ok(j);
    auto working = play_path(s, {"c-log"}, kHearing);
    CHECK(working->now().iso() == "2026-04-21T16:00");  // Monday is a bank holiday: Tuesday, same time
    auto calendar = play_path(s, {"c-disclose-now"}, kHearing);
    CHECK(calendar->now().iso() == "2026-04-18T16:00");  // a plain day: Saturday
    auto from_saturday = play_path(s, {"c-disclose-now", "c-log-late"}, kHearing);
    CHECK(from_saturday->now().iso() == "2026-04-21T16:00");  // Saturday + 1wd: the next working day
}
