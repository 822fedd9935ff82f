// The format gaps scenario writers hit (issue 9): a `next` that branches on state, effects on entering a
// node, done('action') in conditions, deadlines from a dated fact and in hours, what `advance` does across a
// weekend, and which customer needs switch which rules on. Each test fails on the engine before them.
//
// Index: [Helpers] [next lists] [on_enter] [done()] [Deadlines] [Advance across a weekend] [Rules by need]
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "analysis.hpp"
#include "cli.hpp"
#include "needs.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

json routes_json() {
    return read_json(fixture("format-gaps/routes.json"));
}

std::shared_ptr<const Scenario> load_ok(const json& j) {
    Loaded loaded = load(j, analysis_policies(), false);
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

json& node(json& s, const std::string& id) {
    for (auto& n : s["nodes"])
        if (n["id"] == id) return n;
    FAIL("no node " << id);
    return s;
}

json& choice(json& s, const std::string& id) {
    for (auto& n : s["nodes"])
        if (n.contains("choices"))
            for (auto& c : n["choices"])
                if (c["id"] == id) return c;
    FAIL("no choice " << id);
    return s;
}

// The node ids a session entered, in order.
std::vector<std::string> entered(const Session& session) {
    std::vector<std::string> out;
    for (int n : session.entered()) out.push_back(session.scenario().nodes[static_cast<std::size_t>(n)].id);
    return out;
}

bool offered(const Session& session, const std::string& id) {
    return session.is_offered(session.scenario().find_choice(id));
}

// The diagnostic whose message contains `needle`, formatted (file:line:col: ... [pointer]); "" if none.
std::string diagnostic(const Diagnostics& d, const std::string& needle) {
    for (const auto& item : d.items())
        if (item.message.find(needle) != std::string::npos) return format_diagnostic(item);
    return "";
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [next lists]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a next list takes the first entry whose condition holds, else the final entry", "[format-gaps]") {
    auto s = load_ok(routes_json());
    // A choice-less node's list reads the customer: only the Polish speaker goes through the interpreter node.
    auto ana = play_path(s, {}, 0);
    CHECK(entered(*ana) == std::vector<std::string>{"n-start", "n-ask"});
    auto ben = play_path(s, {}, 1);
    CHECK(entered(*ben) == std::vector<std::string>{"n-start", "n-interp"});
    // A choice's list reads the state after its own effects: c-log goes to n-close while warnings < 2 ...
    auto logged = play_path(s, {"c-log"}, 0);
    CHECK(logged->current_node() == s->find_node("n-close"));
    // ... and to n-warn once the warnings reach 2 (n-start's on_enter adds one; here one more first).
    json j = routes_json();
    j["variables"][0]["initial"] = 1;
    auto warned = play_path(load_ok(j), {"c-log"}, 0);
    CHECK(warned->current_node() == warned->scenario().find_node("n-warn"));
    // An entry can lead to an ending.
    auto bad = play_path(s, {"c-book", "c-promise", "c-summary"}, 1);
    REQUIRE(bad->state() == SessionState::Ended);
    CHECK(s->endings[static_cast<std::size_t>(bad->ending())].id == "end-bad");
}

TEST_CASE("a next list without a final entry, or with an entry after the final one, is an error",
          "[format-gaps]") {
    json missing = routes_json();
    node(missing, "n-start")["next"] = json::array({{{"if", "customer.language != 'English'"}, {"to", "n-interp"}}});
    Loaded a = load(missing, analysis_policies(), false);
    CHECK_FALSE(a.scenario);
    std::string d = diagnostic(a.diags, "the final entry of 'next' must have no \"if\"");
    CHECK(d.find("test.json:") == 0);
    CHECK(d.find("[/nodes/0/next/0]") != std::string::npos);

    json early = routes_json();
    choice(early, "c-log")["next"] = json::array({{{"to", "n-close"}}, {{"if", "warnings >= 2"}, {"to", "n-warn"}}});
    Loaded b = load(early, analysis_policies(), false);
    CHECK_FALSE(b.scenario);
    CHECK(diagnostic(b.diags, "can never be taken").find("[/nodes/2/choices/0/next/0]") != std::string::npos);
    CHECK(has(b.diags, Severity::Error, "the final entry of 'next' must have no \"if\""));
}

TEST_CASE("an unknown target or condition in a next list is reported at the entry", "[format-gaps]") {
    json j = routes_json();
    choice(j, "c-promise")["next"][0]["to"] = "n-nowhere";
    choice(j, "c-log")["next"][0]["if"] = "warnigns >= 2";
    Loaded loaded = load(j, analysis_policies(), false);
    CHECK_FALSE(loaded.scenario);
    CHECK(diagnostic(loaded.diags, "'n-nowhere', which is no node or ending")
              .find("[/nodes/2/choices/1/next/0/to]") != std::string::npos);
    CHECK(diagnostic(loaded.diags, "undefined variable 'warnigns'").find("[/nodes/2/choices/0/next/0/if]") !=
          std::string::npos);
}

TEST_CASE("a node only a next list's entry leads to is reachable, and one nothing leads to is not",
          "[format-gaps]") {
    // n-interp is reached only through n-start's conditional entry: no unreachable-node warning for it.
    auto s = load_ok(routes_json());
    AnalysisReport r = analyze_scenario(*s);
    for (const auto& f : r.findings) CHECK_FALSE((f.check == AnalysisCheck::UnreachableNode && f.node == 1));
    // With no Polish speaker no state takes that entry: the analysis says the node is unreachable.
    json j = routes_json();
    j["customers"].erase(1);
    AnalysisReport alone = analyze_scenario(*load_ok(j));
    CHECK(std::any_of(alone.findings.begin(), alone.findings.end(), [](const AnalysisFinding& f) {
        return f.check == AnalysisCheck::UnreachableNode && f.node == 1;
    }));
}

//-----------------------------------------------------------------------------------------------------------
// [on_enter]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("on_enter changes variables, mood and the clock as the node is entered", "[format-gaps]") {
    auto s = load_ok(routes_json());
    auto ben = play_path(s, {}, 1);
    // n-start: mood +5 (40 -> 45), warnings +1; n-interp: mood -10 and 15 minutes pass.
    CHECK(ben->mood() == 35);
    CHECK(ben->mood_history() == std::vector<int>{35});
    CHECK(ben->variables()[0] == 1);
    CHECK(ben->now().clock_text() == "16:45");
    // n-warn's on_enter (mood -20, warnings +1) applies after c-shrug's own mood -5.
    auto ana = play_path(s, {"c-shrug"}, 0);
    CHECK(ana->mood() == 55 - 5 - 20);
    CHECK(ana->variables()[0] == 2);
}

TEST_CASE("on_enter applies again on every revisit", "[format-gaps]") {
    json j = routes_json();
    // A way back to n-warn from itself: each visit adds a warning and costs 20 mood.
    node(j, "n-warn")["choices"].push_back({{"id", "c-again"}, {"text", "Ask them to start again."},
                                             {"feedback", "Feedback."}, {"grade", "poor"},
                                             {"grade_reason", "Fixture."}, {"next", "n-warn"}});
    auto s = load_ok(j);
    auto once = play_path(s, {"c-shrug"}, 0);
    auto twice = play_path(s, {"c-shrug", "c-again"}, 0);
    CHECK(twice->variables()[0] == once->variables()[0] + 1);
    CHECK(twice->mood() == once->mood() - 20);
}

TEST_CASE("on_enter rejects what is not an effect, with its pointer", "[format-gaps]") {
    json j = routes_json();
    node(j, "n-warn")["on_enter"]["actions"] = json::array({"log_request"});
    node(j, "n-interp")["on_enter"]["advance"] = "soon";
    Loaded loaded = load(j, analysis_policies(), false);
    CHECK_FALSE(loaded.scenario);
    CHECK(diagnostic(loaded.diags, "unknown field 'actions' in 'on_enter'").find("[/nodes/3/on_enter/actions]") !=
          std::string::npos);
    CHECK(diagnostic(loaded.diags, "found 'soon'").find("[/nodes/1/on_enter/advance]") != std::string::npos);
}

TEST_CASE("the analysis counts on_enter mood on the way: its mood extremes match play", "[format-gaps]") {
    auto s = load_ok(routes_json());
    AnalysisReport r = analyze_scenario(*s);
    auto done = std::find_if(r.endings.begin(), r.endings.end(),
                             [&](const EndingOutcomes& e) { return e.ending == s->find_ending("end-done"); });
    REQUIRE(done != r.endings.end());
    // ben: 40 +5 (n-start) -10 (n-interp) +0 (c-book) -5 (c-shrug) -20 (n-warn) +0 = 10.
    CHECK(done->min_mood == 10);
    REQUIRE(done->lowest_mood);
    CHECK(play_path(s, [&] {
              std::vector<std::string> ids;
              for (int c : done->lowest_mood->choices) ids.push_back(s->choices[static_cast<std::size_t>(c)].id);
              return ids;
          }(), done->lowest_mood->customer)
              ->mood() == 10);
}

//-----------------------------------------------------------------------------------------------------------
// [done()]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("done('action') holds once the learner has taken that action", "[format-gaps]") {
    auto s = load_ok(routes_json());
    // c-summary-w needs done('log_request'): offered at n-warn after logging, not without it.
    json j = routes_json();
    j["variables"][0]["initial"] = 1;
    auto logged = play_path(load_ok(j), {"c-log"}, 0);
    CHECK(offered(*logged, "c-summary-w"));
    auto shrugged = play_path(s, {"c-shrug"}, 0);
    CHECK_FALSE(offered(*shrugged, "c-summary-w"));
    // A rule's `when` can read it too: FG-01 applies only once an outcome was promised.
    int fg01 = s->find_rule("FG-01");
    REQUIRE(fg01 >= 0);
    auto promised = play_path(s, {"c-promise", "c-refer"}, 0);
    CHECK(promised->rubric().verdicts()[static_cast<std::size_t>(fg01)].verdict == Verdict::Kept);
    auto plain = play_path(s, {"c-log", "c-summary"}, 0);
    CHECK(plain->rubric().verdicts()[static_cast<std::size_t>(fg01)].verdict == Verdict::NotApplicable);
}

TEST_CASE("done() tracks only the actions some condition names", "[format-gaps]") {
    auto s = load_ok(routes_json());
    std::vector<std::string> tracked;
    for (const auto& v : s->variables)
        if (v.done_action >= 0) tracked.push_back(s->actions[static_cast<std::size_t>(v.done_action)].id);
    std::sort(tracked.begin(), tracked.end());
    CHECK(tracked == std::vector<std::string>{"book_interpreter", "log_request", "promise_outcome"});
}

TEST_CASE("done() with an unknown action is an error that suggests the nearest", "[format-gaps]") {
    json j = routes_json();
    choice(j, "c-summary-w")["condition"] = "done('log_reqest')";
    Loaded loaded = load(j, analysis_policies(), false);
    CHECK_FALSE(loaded.scenario);
    std::string d = diagnostic(loaded.diags, "done('log_reqest') names unknown action 'log_reqest'");
    CHECK(d.find("did you mean 'log_request'?") != std::string::npos);
    CHECK(d.find("[/nodes/3/choices/0/condition]") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Deadlines]
//-----------------------------------------------------------------------------------------------------------

namespace {

json timed_json() {
    return read_json(fixture("format-gaps/timed-deadlines.json"));
}

const RuleVerdict& verdict(const Session& session, const std::string& rule) {
    int i = session.scenario().find_rule(rule);
    REQUIRE(i >= 0);
    return session.rubric().verdicts()[static_cast<std::size_t>(i)];
}

}  // namespace

TEST_CASE("a deadline counts from a dated fact before the session", "[format-gaps]") {
    auto s = load_ok(timed_json());
    // Decision letter Friday 20 November 2026 + 1 calendar month = Sunday 20 December -> Monday 21 December.
    auto ok = play_path(s, {"c-ack-now", "c-promise-ok"});
    CHECK(verdict(*ok, "FG-10").verdict == Verdict::Kept);
    CHECK(verdict(*ok, "FG-10").detail.find("due by Monday 21 December 2026") != std::string::npos);
    CHECK(verdict(*ok, "FG-10").detail.find("'decision_letter', Friday 20 November 2026") != std::string::npos);
    auto late = play_path(s, {"c-ack-now", "c-promise-late"});
    CHECK(verdict(*late, "FG-10").verdict == Verdict::Broken);
}

TEST_CASE("a deadline in hours judges when the action is done", "[format-gaps]") {
    auto s = load_ok(timed_json());
    // Start Friday 13:30: acknowledged at 13:30 is within 4 hours; at 17:35 it is not.
    CHECK(verdict(*play_path(s, {"c-ack-now"}), "FG-11").verdict == Verdict::Kept);
    auto late = play_path(s, {"c-wait", "c-ack-late"});
    CHECK(verdict(*late, "FG-11").verdict == Verdict::Broken);
    CHECK(verdict(*late, "FG-11").detail == "done Friday 27 November 2026, 17:35; due by Friday 27 November 2026, "
                                             "17:30 (4 hours from Friday 27 November 2026, 13:30)");
}

TEST_CASE("by the end of the working day counts from an action, across a weekend", "[format-gaps]") {
    auto s = load_ok(timed_json());
    // Logged Friday 14:00, referred at 16:00 the same day: kept.
    CHECK(verdict(*play_path(s, {"c-ack-now", "c-log", "c-refer"}), "FG-12").verdict == Verdict::Kept);
    // Logged Friday 17:35, after working hours: due at the end of Monday, so Monday 17:35 is late...
    auto monday = play_path(s, {"c-wait", "c-log-late", "c-promise-ok", "c-refer-monday", "c-refer-late"});
    CHECK(verdict(*monday, "FG-12").verdict == Verdict::Broken);
    CHECK(verdict(*monday, "FG-12").detail.find("due by Monday 30 November 2026, 17:00") != std::string::npos);
    // ... and referring on Friday evening, right after logging, is in time.
    CHECK(verdict(*play_path(s, {"c-wait", "c-log-late", "c-promise-ok", "c-refer"}), "FG-12").verdict ==
          Verdict::Kept);
}

TEST_CASE("deadline units and dated facts are checked with clear errors", "[format-gaps]") {
    json unknown = timed_json();
    unknown["rules"][0]["from"] = "decision_leter";
    Loaded a = load(unknown, analysis_policies(), false);
    CHECK_FALSE(a.scenario);
    CHECK(has(a.diags, Severity::Error,
              "counts from 'decision_leter', which is neither an action nor a date in the calendar's 'dates'; did "
              "you mean 'decision_letter'?"));
    json hours_from_date = timed_json();
    hours_from_date["rules"][1]["from"] = "decision_letter";
    CHECK(has(load(hours_from_date, analysis_policies(), false).diags, Severity::Error, "which has no time of day"));
    json bad_date = timed_json();
    bad_date["calendar"]["dates"]["decision_letter"] = "2026-11-31";
    CHECK(diagnostic(load(bad_date, analysis_policies(), false).diags, "expected a date like 2026-11-20")
              .find("[/calendar/dates/decision_letter]") != std::string::npos);
    json bad_unit = timed_json();
    bad_unit["rules"][1]["within"] = {{"end_of_working_day", 1}};
    CHECK(has(load(bad_unit, analysis_policies(), false).diags, Severity::Error, "'end_of_working_day' must be true"));
}

//-----------------------------------------------------------------------------------------------------------
// [Advance across a weekend]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("advance across a weekend and a bank holiday, as the guide says", "[format-gaps]") {
    WorkCalendar cal;
    cal.add_bank_holiday(*Date::parse("2026-11-30"));  // a Monday
    DateTime friday = *DateTime::parse("2026-11-27T16:00");
    auto after = [&](DateTime t, Advance a) { return advance_time(t, a, cal).iso(); };
    CHECK(after(friday, {0, 1, 0}) == "2026-11-28T16:00");   // "1d": Saturday, the time of day kept
    CHECK(after(friday, {0, 0, 1}) == "2026-12-01T16:00");   // "1wd": Monday is a bank holiday, so Tuesday
    CHECK(after(*DateTime::parse("2026-11-28T10:00"), {0, 0, 1}) == "2026-12-01T10:00");  // from a Saturday
    CHECK(after(*DateTime::parse("2026-11-27T23:50"), {20, 0, 0}) == "2026-11-28T00:10");  // past midnight
    CHECK(after(friday, {120, 0, 0}) == "2026-11-27T18:00");  // "2h": hours ignore working hours
    WorkCalendar plain;
    CHECK(advance_time(friday, {0, 0, 1}, plain).iso() == "2026-11-30T16:00");  // no holiday: Monday
}

//-----------------------------------------------------------------------------------------------------------
// [Rules by need]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("counterpart rules says which customer needs switch which rules on", "[format-gaps][cli]") {
    std::ostringstream out, err;
    int status = cli::rules_by_need_command({fixture("analysis")}, out, err);
    INFO(err.str());
    CHECK(status == 0);
    // AN-07 is conditional on 'bsl_interpreter' in customer.needs; no other analysis rule tests a need.
    CHECK(out.str().find("bsl_interpreter (1 rule)\n  AN-07 ") != std::string::npos);
    CHECK(out.str().find("spoken_interpreter") == std::string::npos);
    std::ostringstream md, md_err;
    CHECK(cli::rules_by_need_command({fixture("analysis/policies"), "--markdown"}, md, md_err) == 0);
    CHECK(md.str().find("| `bsl_interpreter` | AN-07 ") != std::string::npos);
    std::ostringstream none, none_err;
    CHECK(cli::rules_by_need_command({temp_dir()}, none, none_err) == 2);
    CHECK(none_err.str().find("no policies found") != std::string::npos);
}

TEST_CASE("the needs a condition tests are read from either quote, each once", "[format-gaps]") {
    CHECK(needs_in_condition("'easy_read' in customer.needs or \"large_print\"  in customer.needs or "
                             "'easy_read' in customer.needs") == std::vector<std::string>{"easy_read", "large_print"});
    CHECK(needs_in_condition("customer.language != 'English'").empty());
}
