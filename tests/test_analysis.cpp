// The exhaustive analysis (counterpart analyze): each check fires on a fixture built to trip it, with the
// right shortest example path, and stays silent on a sound scenario; whole reports agree with brute-force
// enumeration through the real runtime; every example path replays to what the report says about it.
//
// Index: [Helpers: fixtures, brute force, replay] [Sound] [Each check] [Agreement] [Paths, limits, loops]
//        [Random playthroughs] [Shipped scenarios] [Command line]
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "analysis.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Helpers: fixtures, brute force, replay]
//-----------------------------------------------------------------------------------------------------------

const PolicyLibrary& analysis_policies() {
    static PolicyLibrary lib = [] {
        PolicyLibrary l;
        Diagnostics d;
        l.load_directory(fixture("analysis/policies"), d);
        REQUIRE_FALSE(d.has_errors());
        return l;
    }();
    return lib;
}

json fixture_json(const std::string& name) {
    return read_json(fixture("analysis/" + name + ".json"));
}

std::shared_ptr<const Scenario> load_json_scenario(const json& j,
                                                   const PolicyLibrary& policies = analysis_policies()) {
    Loaded loaded = load(j, policies, false);
    INFO(dump(loaded.diags));
    REQUIRE(loaded.scenario);
    return loaded.scenario;
}

std::shared_ptr<const Scenario> load_fixture(const std::string& name) {
    return load_json_scenario(fixture_json(name));
}

std::vector<std::string> ids(const Scenario& s, const std::vector<int>& choices) {
    std::vector<std::string> out;
    for (int c : choices) out.push_back(s.choices[static_cast<std::size_t>(c)].id);
    return out;
}

const AnalysisFinding* find(const AnalysisReport& r, AnalysisCheck check) {
    for (const auto& f : r.findings)
        if (f.check == check) return &f;
    return nullptr;
}

std::string findings_text(const Scenario& s, const AnalysisReport& r) {
    std::string out;
    for (const auto& f : r.findings)
        out += std::string(f.severity == Severity::Error ? "error " : "warning ") + check_code(f.check) +
               ": " + f.message + (f.example ? " [" + describe_path(s, *f.example) + "]" : "") + "\n";
    return out;
}

// Plays an example path with the real runtime and checks everything the report claims about it.
void check_replays(const std::shared_ptr<const Scenario>& s, const ExamplePath& p) {
    INFO("example path " << describe_path(*s, p) << " for customer "
                         << s->customers[static_cast<std::size_t>(p.customer)].id);
    auto session = play_path(s, ids(*s, p.choices), p.customer);
    CHECK(session->mood() == p.mood);
    CHECK((session->state() == SessionState::Ended) == p.ends);
    if (p.ends) {
        CHECK(session->ending() == p.ending);
        RubricResult r = session->rubric().result();
        CHECK(r.score == p.score);
        CHECK(r.passed == p.passed);
    }
}

void check_all_examples(const std::shared_ptr<const Scenario>& s, const AnalysisReport& r) {
    auto each = [&](const std::optional<ExamplePath>& p) {
        if (p) check_replays(s, *p);
    };
    for (const auto& e : r.endings) {
        for (const auto* p :
             {&e.lowest_score, &e.highest_score, &e.lowest_mood, &e.highest_mood, &e.a_pass, &e.a_fail})
            each(*p);
        if (e.lowest_score) CHECK(e.lowest_score->score == e.min_score);
        if (e.highest_score) CHECK(e.highest_score->score == e.max_score);
        if (e.lowest_mood) CHECK(e.lowest_mood->mood == e.min_mood);
        if (e.highest_mood) CHECK(e.highest_mood->mood == e.max_mood);
        if (e.a_pass) CHECK(e.a_pass->passed);
        if (e.a_fail) CHECK_FALSE(e.a_fail->passed);
    }
    for (const auto& ro : r.rules) {
        std::size_t i = static_cast<std::size_t>(ro.rule);
        auto verdict_on = [&](const ExamplePath& p) {
            return play_path(s, ids(*s, p.choices), p.customer)->rubric().verdicts()[i].verdict;
        };
        if (ro.kept) CHECK(verdict_on(*ro.kept) == Verdict::Kept);
        if (ro.broken) CHECK(verdict_on(*ro.broken) == Verdict::Broken);
        if (ro.not_applicable) CHECK(verdict_on(*ro.not_applicable) == Verdict::NotApplicable);
        if (ro.broken_on_pass) {
            CHECK(verdict_on(*ro.broken_on_pass) == Verdict::Broken);
            CHECK(ro.broken_on_pass->passed);
        }
        for (const auto* p : {&ro.kept, &ro.broken, &ro.not_applicable, &ro.broken_on_pass}) each(*p);
    }
    for (const auto& c : r.customers) {
        each(c.pleasant_but_wrong);
        each(c.uncomfortable_but_right);
    }
    for (const auto& f : r.findings) each(f.example);
    each(r.loop);
}

// Everything reachable, found the slow and obvious way: every path played by the real runtime (depth first,
// copying the session at each branch), up to `max_depth` choices.
struct Range {
    int min_score = 101, max_score = -1, min_mood = 101, max_mood = -1;
    bool pass = false, fail = false;
};
struct Brute {
    std::map<int, Range> endings;               // by ending index, -1 for stuck
    std::map<int, std::set<Verdict>> verdicts;  // by rule
    std::map<int, bool> can_pass;               // by customer
    std::map<int, int> happiest_fail, unhappiest_pass;
    std::size_t paths = 0;
    bool truncated = false;
};

Brute brute_force(const std::shared_ptr<const Scenario>& s, int max_depth) {
    Brute b;
    for (std::size_t k = 0; k < s->customers.size(); ++k) {
        int customer = static_cast<int>(k);
        std::function<void(const Session&, int)> walk = [&](const Session& at, int depth) {
            if (at.state() == SessionState::Ended) {
                ++b.paths;
                RubricResult r = at.rubric().result();
                Range& e = b.endings[at.stuck() ? -1 : at.ending()];
                e.min_score = std::min(e.min_score, r.score);
                e.max_score = std::max(e.max_score, r.score);
                e.min_mood = std::min(e.min_mood, at.mood());
                e.max_mood = std::max(e.max_mood, at.mood());
                (r.passed ? e.pass : e.fail) = true;
                for (std::size_t i = 0; i < s->rules.size(); ++i)
                    b.verdicts[static_cast<int>(i)].insert(at.rubric().verdicts()[i].verdict);
                if (r.passed) {
                    b.can_pass[customer] = true;
                    auto it = b.unhappiest_pass.find(customer);
                    if (it == b.unhappiest_pass.end() || at.mood() < it->second)
                        b.unhappiest_pass[customer] = at.mood();
                } else {
                    auto it = b.happiest_fail.find(customer);
                    if (it == b.happiest_fail.end() || at.mood() > it->second)
                        b.happiest_fail[customer] = at.mood();
                }
                return;
            }
            if (depth >= max_depth) {
                b.truncated = true;
                return;
            }
            for (int c : at.offered()) {
                Session next(at);
                next.choose(c);
                walk(next, depth + 1);
            }
        };
        walk(Session(s, {1, customer}), 0);
    }
    return b;
}

// For a scenario without loops the report must equal brute force exactly.
void check_agrees(const std::shared_ptr<const Scenario>& s, const AnalysisReport& r, const Brute& b) {
    INFO("scenario " << s->id);
    REQUIRE_FALSE(b.truncated);
    REQUIRE_FALSE(r.limit_hit);
    CHECK(r.paths == std::to_string(b.paths));
    for (const auto& e : r.endings) {
        INFO("ending " << (e.ending >= 0 ? s->endings[static_cast<std::size_t>(e.ending)].id : "(stuck)"));
        auto it = b.endings.find(e.ending);
        CHECK(e.reached == (it != b.endings.end()));
        if (!e.reached || it == b.endings.end()) continue;
        CHECK(e.min_score == it->second.min_score);
        CHECK(e.max_score == it->second.max_score);
        CHECK(e.min_mood == it->second.min_mood);
        CHECK(e.max_mood == it->second.max_mood);
        CHECK(e.can_pass == it->second.pass);
        CHECK(e.can_fail == it->second.fail);
    }
    for (const auto& [ending, range] : b.endings) {
        bool listed = std::any_of(r.endings.begin(), r.endings.end(),
                                  [&](const EndingOutcomes& e) { return e.ending == ending && e.reached; });
        CHECK(listed);
    }
    for (const auto& ro : r.rules) {
        INFO("rule " << s->rules[static_cast<std::size_t>(ro.rule)].id());
        const auto& seen = b.verdicts.at(ro.rule);
        CHECK(ro.kept.has_value() == seen.contains(Verdict::Kept));
        CHECK(ro.broken.has_value() == seen.contains(Verdict::Broken));
        CHECK(ro.not_applicable.has_value() == seen.contains(Verdict::NotApplicable));
    }
    for (const auto& c : r.customers) {
        INFO("customer " << s->customers[static_cast<std::size_t>(c.customer)].id);
        CHECK(c.can_pass == b.can_pass.contains(c.customer));
        if (c.pleasant_but_wrong) CHECK(c.pleasant_but_wrong->mood == b.happiest_fail.at(c.customer));
        if (c.uncomfortable_but_right)
            CHECK(c.uncomfortable_but_right->mood == b.unhappiest_pass.at(c.customer));
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Sound]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("analysis is silent on a sound scenario and reports its outcomes", "[analysis][unit]") {
    auto s = load_fixture("sound");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.findings.empty());
    CHECK_FALSE(r.limit_hit);
    CHECK_FALSE(
        r.clock_tracked);  // AN-04's promises give the same verdict on every day the scenario can reach
    CHECK(r.paths == "60");
    CHECK(r.customers.at(0).paths == "24");
    CHECK(r.customers.at(1).paths == "36");  // only ben is offered c-book
    REQUIRE(r.endings.size() == 2);          // no "stuck" entry: nobody gets stuck
    const EndingOutcomes& done = r.endings[0];
    CHECK(done.reached);
    CHECK(done.can_pass);
    CHECK(done.can_fail);
    CHECK(done.max_score == 100);
    const EndingOutcomes& shared = r.endings[1];
    CHECK_FALSE(shared.can_pass);  // disclosing to an unverified customer breaks a critical rule
    CHECK(shared.max_mood == 95);
    // Both customer profiles have both teaching paths.
    for (const auto& c : r.customers) {
        REQUIRE(c.pleasant_but_wrong);
        CHECK_FALSE(c.pleasant_but_wrong->passed);
        CHECK(c.pleasant_but_wrong->mood >= 60);
        REQUIRE(c.uncomfortable_but_right);
        CHECK(c.uncomfortable_but_right->passed);
        CHECK(c.uncomfortable_but_right->mood < 50);
    }
    // A minor required rule a passing learner can skip is information for the tutor, not an error.
    const RuleOutcomes& summary = r.rules[static_cast<std::size_t>(s->find_rule("AN-08"))];
    REQUIRE(summary.broken_on_pass);
    CHECK(ids(*s, summary.broken_on_pass->choices) ==
          std::vector<std::string>{"c-log", "c-verify", "c-promise-ok", "c-disclose"});
    check_all_examples(s, r);
}

//-----------------------------------------------------------------------------------------------------------
// [Each check]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a pass after a critical breach is an error, with the shortest path that does it",
          "[analysis][unit]") {
    auto s = load_fixture("critical-masked");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    const AnalysisFinding* f = find(r, AnalysisCheck::CriticalBreachPasses);
    REQUIRE(f);
    CHECK(f->severity == Severity::Error);
    CHECK(s->rules[static_cast<std::size_t>(f->rule)].id() == "AN-05");
    REQUIRE(f->example);
    CHECK(ids(*s, f->example->choices) == std::vector<std::string>{"c-promise", "c-log", "c-summary"});
    CHECK(f->example->passed);
    CHECK(f->message.find("its condition 'complaint_made' never held afterwards") != std::string::npos);
    check_replays(s, *f->example);
    // The same breach is counted, and fails, when the complaint is logged afterwards.
    auto counted = play_path(s, {"c-promise", "c-log-complaint", "c-summary"});
    CHECK_FALSE(counted->rubric().result().passed);
    CHECK(r.errors() == 1);
}

TEST_CASE("unreachable nodes and endings and hidden choices are reported with the way in",
          "[analysis][unit]") {
    auto s = load_fixture("unreachable");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.errors() == 0);
    std::map<std::string, const AnalysisFinding*> by_item;
    for (const auto& f : r.findings) {
        if (f.check == AnalysisCheck::UnreachableNode)
            by_item["node " + s->nodes[static_cast<std::size_t>(f.node)].id] = &f;
        if (f.check == AnalysisCheck::UnreachableEnding)
            by_item["ending " + s->endings[static_cast<std::size_t>(f.ending)].id] = &f;
        if (f.check == AnalysisCheck::ChoiceNeverShown)
            by_item["choice " + s->choices[static_cast<std::size_t>(f.choice)].id] = &f;
    }
    REQUIRE(by_item.contains("node n-hidden"));
    CHECK(by_item["node n-hidden"]->severity == Severity::Warning);
    CHECK(by_item["node n-hidden"]->message.find("choice 'c-secret' at node 'n-start', is never offered") !=
          std::string::npos);
    REQUIRE(by_item["node n-hidden"]->example);
    CHECK(by_item["node n-hidden"]->example->choices.empty());  // hidden right at the start
    REQUIRE(by_item.contains("ending end-secret"));             // its only way in is the unreachable node
    CHECK_FALSE(by_item["ending end-secret"]->example);
    CHECK_FALSE(by_item.contains("ending end-hidden"));  // c-rude reaches it
    REQUIRE(by_item.contains("choice c-odd"));
    REQUIRE(by_item["choice c-odd"]->example);
    CHECK(ids(*s, by_item["choice c-odd"]->example->choices) == std::vector<std::string>{"c-log"});
    CHECK(by_item.contains("choice c-secret"));
    CHECK_FALSE(by_item.contains("choice c-hidden-go"));  // its node is unreachable: reported once, there
    CHECK_FALSE(r.endings[2].reached);
    check_all_examples(s, r);
}

TEST_CASE("a loop with no way out is an error, with the path into it", "[analysis][unit]") {
    SECTION("ways out hidden by conditions") {
        auto s = load_fixture("trap");
        AnalysisReport r = analyze_scenario(*s);
        INFO(findings_text(*s, r));
        const AnalysisFinding* f = find(r, AnalysisCheck::TrapByConditions);
        REQUIRE(f);
        CHECK(f->severity == Severity::Error);
        CHECK(s->nodes[static_cast<std::size_t>(f->node)].id == "n-queue");
        REQUIRE(f->example);
        CHECK(ids(*s, f->example->choices) == std::vector<std::string>{"c-log", "c-wait", "c-wait"});
        CHECK(r.paths == "2");  // the trapped loop never ends, so it adds no complete path
        CHECK_FALSE(r.paths_infinite);
        auto trapped = play_path(s, ids(*s, f->example->choices));
        CHECK(trapped->offered() == std::vector<int>{s->find_choice("c-wait")});
    }
    SECTION("no way out in the node graph itself") {
        json j = mini_json();
        auto choice = [](const std::string& id, const std::string& next) {
            return json{{"id", id}, {"text", "Go on."}, {"feedback", "Fine."}, {"next", next}};
        };
        j["nodes"].push_back(
            {{"id", "n-loop-a"}, {"lines", json::array()}, {"choices", {choice("c-loop-a", "n-loop-b")}}});
        j["nodes"].push_back(
            {{"id", "n-loop-b"}, {"lines", json::array()}, {"choices", {choice("c-loop-b", "n-loop-a")}}});
        j["nodes"][2]["choices"][1]["next"] = "n-loop-a";  // c-promise-late
        auto s = load_json_scenario(j, mini_policies());
        AnalysisReport r = analyze_scenario(*s);
        const AnalysisFinding* f = find(r, AnalysisCheck::Trap);
        REQUIRE(f);
        REQUIRE(f->example);
        CHECK(ids(*s, f->example->choices) ==
              std::vector<std::string>{"c-log", "c-verify", "c-promise-late"});
        CHECK_FALSE(find(r, AnalysisCheck::TrapByConditions));
    }
}

TEST_CASE("a state where every choice is hidden is an error, with the path there", "[analysis][unit]") {
    json j = mini_json();
    j["nodes"][3]["choices"][2]["condition"] = "verified and not ('bsl_interpreter' in customer.needs)";
    auto s = load_json_scenario(j, mini_policies());
    AnalysisReport r = analyze_scenario(*s);
    const AnalysisFinding* f = find(r, AnalysisCheck::Stuck);
    REQUIRE(f);
    REQUIRE(f->example);
    CHECK(ids(*s, f->example->choices) == std::vector<std::string>{"c-log", "c-skip", "c-promise-ok"});
    CHECK(f->example->customer == 0);
    CHECK(f->example->ends);  // the session ends there, stuck
    CHECK(f->example->ending == -1);
    bool stuck_listed =
        std::any_of(r.endings.begin(), r.endings.end(), [](const EndingOutcomes& e) { return e.ending < 0; });
    CHECK(stuck_listed);
    check_all_examples(s, r);
}

TEST_CASE("a rule no path decides is an error", "[analysis][unit]") {
    auto s = load_fixture("never-decided");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    const AnalysisFinding* f = find(r, AnalysisCheck::RuleNeverDecided);
    REQUIRE(f);
    CHECK(s->rules[static_cast<std::size_t>(f->rule)].id() == "AN-05");
    REQUIRE(f->example);
    CHECK(f->example->choices.size() == 2);
    // Its breaches are masked, but the rule never applying at all is the one problem reported.
    CHECK_FALSE(find(r, AnalysisCheck::CriticalBreachPasses));
    CHECK(r.errors() == 1);
    check_all_examples(s, r);
}

TEST_CASE("a scenario with no passing path is an error, with its best attempt", "[analysis][unit]") {
    auto s = load_fixture("no-pass");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    const AnalysisFinding* f = find(r, AnalysisCheck::NoPassingPath);
    REQUIRE(f);
    REQUIRE(f->example);
    CHECK(ids(*s, f->example->choices) == std::vector<std::string>{"c-log", "c-skip"});
    CHECK(f->example->score == 83);
    CHECK(f->message.find("83% (pass mark 100%)") != std::string::npos);
    CHECK_FALSE(r.customers[0].can_pass);
}

TEST_CASE("the teaching checks warn when a scenario has nothing to teach, with the closest paths",
          "[analysis][unit]") {
    auto s = load_fixture("no-teaching");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.errors() == 0);
    const AnalysisFinding* pleasant = find(r, AnalysisCheck::NoPleasantButWrong);
    REQUIRE(pleasant);
    CHECK(pleasant->severity == Severity::Warning);
    REQUIRE(pleasant->example);
    CHECK(ids(*s, pleasant->example->choices) ==
          std::vector<std::string>{"c-log", "c-bye"});  // fails at mood 50
    CHECK(pleasant->example->mood == 50);
    const AnalysisFinding* uncomfortable = find(r, AnalysisCheck::NoUncomfortableButRight);
    REQUIRE(uncomfortable);
    REQUIRE(uncomfortable->example);
    CHECK(ids(*s, uncomfortable->example->choices) ==
          std::vector<std::string>{"c-log", "c-summary"});  // passes at 65
    CHECK_FALSE(r.customers[0].pleasant_but_wrong);
    CHECK_FALSE(r.customers[0].uncomfortable_but_right);
    check_all_examples(s, r);
}

TEST_CASE("the pleasant threshold is an option", "[analysis][unit]") {
    auto s = load_fixture("no-teaching");
    AnalysisOptions options;
    options.pleasant_mood = 40;  // still above the initial mood is required: 50 is not above 50
    CHECK(find(analyze_scenario(*s, options), AnalysisCheck::NoPleasantButWrong));
    auto sound = load_fixture("sound");
    options.pleasant_mood = 96;  // the happiest failing path ends at 95
    CHECK(find(analyze_scenario(*sound, options), AnalysisCheck::NoPleasantButWrong));
}

//-----------------------------------------------------------------------------------------------------------
// [Agreement]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("analysis agrees with playing every path through the runtime", "[analysis][unit]") {
    for (const std::string name : {"sound", "critical-masked", "unreachable", "never-decided", "no-pass",
                                   "no-teaching", "deadline-clock"}) {
        auto s = load_fixture(name);
        AnalysisReport r = analyze_scenario(*s);
        check_agrees(s, r, brute_force(s, 40));
        check_all_examples(s, r);
    }
    AnalysisReport mini = analyze_scenario(*mini_scenario());
    check_agrees(mini_scenario(), mini, brute_force(mini_scenario(), 40));
    check_all_examples(mini_scenario(), mini);
}

TEST_CASE("the simulated date is part of the state only while a deadline depends on it", "[analysis][unit]") {
    auto s = load_fixture("deadline-clock");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.clock_tracked);
    // Acknowledging three days on, after a week's delay, misses five working days from the ID; promptly it
    // does not.
    const RuleOutcomes& ack = r.rules[static_cast<std::size_t>(s->find_rule("AN-06"))];
    REQUIRE(ack.broken);
    REQUIRE(ack.kept);
    auto late = play_path(s, {"c-receive", "c-busy", "c-ack-plus"});
    CHECK(late->rubric().verdicts()[static_cast<std::size_t>(s->find_rule("AN-06"))].verdict ==
          Verdict::Broken);
    auto prompt = play_path(s, {"c-receive", "c-quick", "c-ack-plus"});
    CHECK(prompt->rubric().verdicts()[static_cast<std::size_t>(s->find_rule("AN-06"))].verdict ==
          Verdict::Kept);
    CHECK(ids(*s, ack.broken->choices) ==
          std::vector<std::string>{"c-receive", "c-busy", "c-ack-plus", "c-summary"});
}

TEST_CASE("a loop that moves the clock on stays finite once no deadline verdict can change",
          "[analysis][unit]") {
    // Asking again takes a day; AN-04's promise relative to the day then depends on how often the learner
    // asked.
    json j = fixture_json("sound");
    j["nodes"][2]["choices"].push_back({{"id", "c-ask-again"},
                                        {"text", "Let me check again tomorrow."},
                                        {"feedback", "Delay."},
                                        {"advance", "1d"},
                                        {"mood", -5},
                                        {"next", "n-promise"}});
    j["nodes"][2]["choices"][1]["actions"] = {{{"id", "promise_reply_date"}, {"date", "+20d"}}};
    auto s = load_json_scenario(j);
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK_FALSE(r.limit_hit);
    CHECK(r.clock_tracked);
    CHECK(r.paths_infinite);
    REQUIRE(r.loop);
    CHECK(ids(*s, r.loop->choices).back() == "c-ask-again");
    // Started on 31 January with a reply due by 2 March: +20 days is in time on the tenth day, late on the
    // 11th.
    const RuleOutcomes& reply = r.rules[static_cast<std::size_t>(s->find_rule("AN-04"))];
    REQUIRE(reply.kept);
    REQUIRE(reply.broken);
    std::vector<std::string> path{"c-log", "c-verify"};
    for (int day = 0; day < 10; ++day) path.push_back("c-ask-again");
    auto on_time = play_path(s, path);
    on_time->choose(s->find_choice("c-promise-late"));
    CHECK(on_time->rubric().verdicts()[static_cast<std::size_t>(s->find_rule("AN-04"))].verdict ==
          Verdict::Kept);
    path.push_back("c-ask-again");
    path.push_back("c-promise-late");
    auto late = play_path(s, path);
    CHECK(late->rubric().verdicts()[static_cast<std::size_t>(s->find_rule("AN-04"))].verdict ==
          Verdict::Broken);
    check_all_examples(s, r);
    Brute b = brute_force(s, 16);  // what 16 choices reach lies within the analysis' ranges
    for (const auto& e : r.endings) {
        if (!b.endings.contains(e.ending)) continue;
        CHECK(e.min_score <= b.endings[e.ending].min_score);
        CHECK(e.max_score >= b.endings[e.ending].max_score);
        CHECK(e.min_mood <= b.endings[e.ending].min_mood);
        CHECK(e.max_mood >= b.endings[e.ending].max_mood);
    }
}

TEST_CASE("a deadline counted from an action inside a loop needs every date: the state limit says so",
          "[analysis][unit]") {
    json j = fixture_json("deadline-clock");
    j["nodes"][2]["choices"].push_back({{"id", "c-not-yet"},
                                        {"text", "Come back tomorrow."},
                                        {"feedback", "Delay."},
                                        {"advance", "1d"},
                                        {"next", "n-wait"}});
    auto s = load_json_scenario(j);
    AnalysisOptions options;
    options.state_limit = 5000;
    AnalysisReport r = analyze_scenario(*s, options);
    CHECK(r.limit_hit);
    REQUIRE(find(r, AnalysisCheck::StateLimit));
    CHECK(r.findings.size() == 1);
}

//-----------------------------------------------------------------------------------------------------------
// [Paths, limits, loops]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("path counts are exact, however large", "[analysis][unit]") {
    // 50 decisions of three choices each: 3^50 paths, beyond 64 bits.
    json j = fixture_json("no-teaching");
    j["policies"] = {{{"id", "analysis-policy"}, {"rules", {"AN-01"}}}};
    json nodes = json::array();
    for (int i = 0; i < 50; ++i) {
        std::string next = i + 1 < 50 ? "n" + std::to_string(i + 1) : "end-done";
        json choices = json::array();
        for (int k = 0; k < 3; ++k)
            choices.push_back({{"id", "c" + std::to_string(i) + "-" + std::to_string(k)},
                               {"text", "Option."},
                               {"feedback", "Fine."},
                               {"actions", k == 0 ? json{"log_request"} : json::array()},
                               {"mood", k - 1},
                               {"next", next}});
        nodes.push_back({{"id", "n" + std::to_string(i)}, {"lines", json::array()}, {"choices", choices}});
    }
    j["nodes"] = nodes;
    j["start"] = "n0";
    j["best_path"] = json::array();
    auto s = load_json_scenario(j);
    AnalysisReport r = analyze_scenario(*s);
    CHECK(r.paths == "717897987691852588770249");
    CHECK(r.customers[0].paths == r.paths);
    CHECK(r.states < 200);  // states grow with the scenario, not with its paths
    REQUIRE(r.endings[0].highest_mood);
    CHECK(r.endings[0].max_mood == 100);
    check_replays(s, *r.endings[0].highest_mood);
}

TEST_CASE("the state limit is reported, never a silent cut", "[analysis][unit]") {
    auto s = load_fixture("sound");
    AnalysisOptions options;
    options.state_limit = 10;
    AnalysisReport r = analyze_scenario(*s, options);
    CHECK(r.limit_hit);
    const AnalysisFinding* f = find(r, AnalysisCheck::StateLimit);
    REQUIRE(f);
    CHECK(f->severity == Severity::Error);
    CHECK(f->message.find("nothing about this scenario is proven") != std::string::npos);
    CHECK(r.findings.size() == 1);  // nothing that needs every state is claimed
    CHECK(r.paths.empty());
    CHECK(r.endings.empty());
}

TEST_CASE("loops: infinitely many paths, the loop shown once round, mood raised by going round",
          "[analysis][unit]") {
    auto s = load_fixture("loop");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.findings.empty());
    CHECK(r.paths_infinite);
    CHECK(r.paths.empty());
    REQUIRE(r.loop);
    CHECK(ids(*s, r.loop->choices) == std::vector<std::string>{"c-log", "c-chat", "c-more"});
    REQUIRE(r.endings[0].highest_mood);
    CHECK(r.endings[0].max_mood == 100);  // only by chatting round the loop more than once
    CHECK(r.endings[0].highest_mood->choices.size() > 5);
    check_all_examples(s, r);
    // What brute force finds within 14 choices lies within the analysis' ranges.
    Brute b = brute_force(s, 14);
    CHECK(b.truncated);
    const Range& e = b.endings.at(0);
    CHECK(r.endings[0].min_score <= e.min_score);
    CHECK(r.endings[0].max_score >= e.max_score);
    CHECK(r.endings[0].min_mood == e.min_mood);
    CHECK(r.endings[0].max_mood == e.max_mood);

    SECTION("starting inside the loop") {
        json j = fixture_json("loop");
        j["start"] = "n-chat";
        j["best_path"] = {"c-move-on", "c-summary"};
        auto inside = load_json_scenario(j);
        AnalysisReport in = analyze_scenario(*inside);
        CHECK(in.paths_infinite);
        CHECK(in.endings[0].max_mood == 100);
        REQUIRE(in.loop);
        CHECK(ids(*inside, in.loop->choices) == std::vector<std::string>{"c-chat", "c-more"});
        check_all_examples(inside, in);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Random playthroughs]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("random playthroughs are repeatable for a seed and add up", "[analysis][random]") {
    auto s = load_fixture("sound");
    RandomReport a = random_playthroughs(*s, {500, 7, 100});
    RandomReport b = random_playthroughs(*s, {500, 7, 100});
    RandomReport c = random_playthroughs(*s, {500, 8, 100});
    CHECK(a.choice_hits == b.choice_hits);
    CHECK(a.node_hits == b.node_hits);
    CHECK(a.score_hits == b.score_hits);
    CHECK(a.choice_hits != c.choice_hits);
    CHECK(a.runs == 500);
    CHECK(a.passed + a.failed + a.cut_off == 500);
    std::size_t ended = 0;
    for (auto n : a.ending_hits) ended += n;
    CHECK(ended + a.stuck == a.passed + a.failed);
    CHECK(a.node_hits[static_cast<std::size_t>(s->find_node("n-start"))] ==
          500);  // every playthrough starts there
    CHECK(a.customer_runs[0] + a.customer_runs[1] == 500);
    CHECK(a.customer_runs[0] > 0);
    CHECK(a.customer_runs[1] > 0);
    // Every score a random playthrough reaches lies within the exhaustive analysis' range.
    AnalysisReport r = analyze_scenario(*s);
    int lo = 100, hi = 0;
    for (const auto& e : r.endings) {
        lo = std::min(lo, e.min_score);
        hi = std::max(hi, e.max_score);
    }
    for (int score = 0; score <= 100; ++score)
        if (a.score_hits[static_cast<std::size_t>(score)] > 0) CHECK((score >= lo && score <= hi));
    CHECK(a.choice_hits[static_cast<std::size_t>(s->find_choice("c-book"))] > 0);  // only ben is offered it
}

TEST_CASE("random playthroughs stop runaway loops and count them", "[analysis][random]") {
    auto s = load_fixture("trap");
    RandomReport r = random_playthroughs(*s, {200, 3, 20});
    CHECK(r.cut_off > 0);  // some wander into the queue that cannot be left
    CHECK(r.passed + r.failed + r.cut_off == 200);
}

//-----------------------------------------------------------------------------------------------------------
// [Shipped scenarios]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("every shipped scenario is proven sound and agrees with playing every path",
          "[analysis][shipped]") {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    REQUIRE_FALSE(lib.scenarios.empty());
    for (const auto& s : lib.scenarios) {
        AnalysisReport r = analyze_scenario(*s);
        INFO(s->id << "\n" << findings_text(*s, r));
        CHECK(r.errors() == 0);
        CHECK_FALSE(r.limit_hit);
        if (!r.paths_infinite) check_agrees(s, r, brute_force(s, 60));
        check_all_examples(s, r);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Command line]
//-----------------------------------------------------------------------------------------------------------

namespace {
struct Run {
    int status;
    std::string out, err;
};
Run analyze_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::analyze(args, out, err);
    return {status, out.str(), err.str()};
}
Run lint_cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::lint(args, out, err);
    return {status, out.str(), err.str()};
}
}  // namespace

TEST_CASE("counterpart analyze reports in text and JSON with the documented exit codes",
          "[analysis][cli][e2e]") {
    Run sound = analyze_cli({fixture("analysis/sound.json")});
    INFO(sound.out << sound.err);
    CHECK(sound.status == 0);
    CHECK(sound.out.find("sound (") != std::string::npos);
    CHECK(sound.out.find("distinct paths") != std::string::npos);
    CHECK(sound.out.find("end-shared \"Data shared unchecked\": adherence") != std::string::npos);
    CHECK(sound.out.find("1 scenario analysed: 0 errors, 0 warnings") != std::string::npos);

    Run masked = analyze_cli({fixture("analysis/critical-masked.json")});
    CHECK(masked.status == 1);
    CHECK(masked.out.find("critical-masked.json:") != std::string::npos);
    CHECK(masked.out.find(": error: a learner can pass after breaching critical rule AN-05") !=
          std::string::npos);

    Run as_json =
        analyze_cli({fixture("analysis/critical-masked.json"), fixture("analysis/loop.json"), "--json"});
    CHECK(as_json.status == 1);
    json j = json::parse(as_json.out);
    REQUIRE(j["scenarios"].size() == 2);
    CHECK(j["errors"] == 1);
    const json& f = j["scenarios"][0]["findings"][0];
    CHECK(f["check"] == "pass-after-critical-breach");
    CHECK(f["rule"] == "AN-05");
    CHECK(f["example"]["choices"] == json({"c-promise", "c-log", "c-summary"}));
    CHECK(f["example"]["passed"] == true);
    CHECK(j["scenarios"][1]["paths"].is_null());
    CHECK(j["scenarios"][1]["paths_infinite"] == true);
    CHECK(j["scenarios"][1]["endings"][0]["mood"]["max"] == 100);

    Run limited = analyze_cli({fixture("analysis/sound.json"), "--state-limit", "5"});
    CHECK(limited.status == 1);
    CHECK(limited.out.find("INCOMPLETE") != std::string::npos);

    CHECK(analyze_cli({fixture("analysis/no-such.json")}).status == 2);
    CHECK(analyze_cli({fixture("analysis/sound.json"), "--state-limit", "many"}).status == 2);
    CHECK(analyze_cli({}).status == 2);
    // A folder: its scenarios, not its policies.
    Run folder = analyze_cli({fixture("analysis"), "--json"});
    CHECK(json::parse(folder.out)["scenarios"].size() == 9);
}

TEST_CASE("counterpart analyze --random is repeatable for a seed", "[analysis][cli][random]") {
    Run a = analyze_cli({fixture("analysis/sound.json"), "--random", "300", "--seed", "42", "--json"});
    Run b = analyze_cli({fixture("analysis/sound.json"), "--random", "300", "--seed", "42", "--json"});
    CHECK(a.status == 0);
    CHECK(a.out == b.out);
    json j = json::parse(a.out)["scenarios"][0];
    CHECK(j["runs"] == 300);
    CHECK(j["nodes"]["n-start"] == 300);
    Run text = analyze_cli({fixture("analysis/sound.json"), "--random", "50"});
    CHECK(text.out.find("50 random playthroughs, seed 1") != std::string::npos);
    CHECK(text.out.find("Choices (times taken): c-log ") != std::string::npos);
}

TEST_CASE("lint includes the soundness errors without repeating what its own checks say",
          "[analysis][cli][lint]") {
    Run masked = lint_cli({fixture("analysis/critical-masked.json")});
    CHECK(masked.status == 1);
    CHECK(masked.out.find("error: a learner can pass after breaching critical rule AN-05") !=
          std::string::npos);

    Run trap =
        lint_cli({fixture("analysis/trap.json")});  // the node graph has a way out; the conditions do not
    CHECK(trap.status == 1);
    CHECK(trap.out.find("error: trap: after the path c-log > c-wait > c-wait") != std::string::npos);

    Run never = lint_cli({fixture("analysis/never-decided.json")});
    CHECK(never.status == 1);
    std::size_t mentions = 0;
    for (auto pos = never.out.find("rule AN-05 ("); pos != std::string::npos;
         pos = never.out.find("rule AN-05 (", pos + 1))
        ++mentions;
    CHECK(mentions == 1);

    Run sound = lint_cli({fixture("analysis/sound.json")});
    INFO(sound.out);
    CHECK(sound.status == 0);
    CHECK(sound.out.find("0 errors, 0 warnings") != std::string::npos);
}
