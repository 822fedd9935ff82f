// The exhaustive analysis (counterpart analyze): each check fires on a fixture built to trip it, with the
// right shortest example path, and stays silent on a sound scenario; whole reports agree with brute-force
// enumeration through the real runtime; every example path replays to what the report says about it.
//
// Index: [Helpers: fixtures, brute force, replay] [Sound] [Each check] [Agreement] [Paths, limits, loops]
//        [Proofs] [Windows] [Random playthroughs] [Shipped scenarios] [Command line]
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

// A format-1 fixture (choices ungraded) is otherwise silent: its one finding says the grade proofs cannot run.
bool only_ungraded_warning(const AnalysisReport& r) {
    return r.findings.size() == 1 && r.findings[0].check == AnalysisCheck::UngradedChoices &&
           r.findings[0].severity == Severity::Warning;
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
    // For the proofs.
    std::map<int, double> guess_pass;        // by customer: the mass of passing paths, 1/options per step
    std::map<int, double> guess_unfinished;  // by customer: the mass of paths cut at max_depth
    std::set<int> pass_through, clean_through;  // choices on some passing path / path ending with nothing broken
    std::map<int, std::set<int>> strategy_passes;  // by strategy: the customers it can pass for
    std::set<int> best_imperfect;                  // customers with a best-only path that is not a 100% pass
    std::set<int> no_best_nodes;                   // nodes where some reachable decision offers no best option
};

// Whether taking `c` among `offered` is consistent with knowledge-free strategy `k` (ties: all of them).
bool strategy_picks(const Scenario& s, int k, const std::vector<int>& offered, int c) {
    auto key = [&](int x) -> long {
        const Choice& ch = s.choices[static_cast<std::size_t>(x)];
        auto len = static_cast<long>(text_length(ch.text));
        switch (static_cast<Strategy>(k)) {
            case Strategy::Longest:
                return len;
            case Strategy::Shortest:
                return -len;
            case Strategy::MostPleasant:
                return ch.mood;
            case Strategy::LeastPleasant:
                return -ch.mood;
            case Strategy::MostActions:
                return static_cast<long>(ch.actions.size());
        }
        return 0;
    };
    long best = key(offered.front());
    for (int x : offered) best = std::max(best, key(x));
    return key(c) == best;
}

Brute brute_force(const std::shared_ptr<const Scenario>& s, int max_depth) {
    Brute b;
    for (std::size_t k = 0; k < s->customers.size(); ++k) {
        int customer = static_cast<int>(k);
        std::vector<int> path;
        std::function<void(const Session&, int, double, unsigned, bool)> walk = [&](const Session& at, int depth,
                                                                                     double weight, unsigned
                                                                                         strategies,
                                                                                     bool best_only) {
            if (at.state() == SessionState::Ended) {
                ++b.paths;
                RubricResult r = at.rubric().result();
                const auto& verdicts = at.rubric().verdicts();
                bool clean = std::none_of(verdicts.begin(), verdicts.end(),
                                          [](const RuleVerdict& v) { return v.verdict == Verdict::Broken; });
                for (int c : path) {
                    if (r.passed) b.pass_through.insert(c);
                    if (clean) b.clean_through.insert(c);
                }
                if (r.passed) {
                    b.guess_pass[customer] += weight;
                    for (int st = 0; st < kStrategies; ++st)
                        if (strategies & (1u << st)) b.strategy_passes[st].insert(customer);
                }
                if (best_only && !(r.passed && r.score == 100)) b.best_imperfect.insert(customer);
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
                b.guess_unfinished[customer] += weight;
                return;
            }
            const std::vector<int>& offered = at.offered();
            if (std::none_of(offered.begin(), offered.end(), [&](int c) {
                    return s->choices[static_cast<std::size_t>(c)].grade == ChoiceGrade::Best;
                }))
                b.no_best_nodes.insert(at.current_node());
            for (int c : offered) {
                Session next(at);
                next.choose(c);
                unsigned consistent = 0;
                for (int st = 0; st < kStrategies; ++st)
                    if ((strategies & (1u << st)) && strategy_picks(*s, st, offered, c)) consistent |= 1u << st;
                path.push_back(c);
                walk(next, depth + 1, weight / static_cast<double>(offered.size()), consistent,
                     best_only && s->choices[static_cast<std::size_t>(c)].grade == ChoiceGrade::Best);
                path.pop_back();
            }
        };
        b.guess_pass[customer] = 0;
        walk(Session(s, {1, customer}), 0, 1.0, (1u << kStrategies) - 1, true);
    }
    return b;
}

// The proofs against brute force: the guesser's odds (exactly, or within what the cut paths could add), the
// strategies, and for a graded scenario exactly the choices, customers and nodes each proof reports.
void check_proofs_agree(const std::shared_ptr<const Scenario>& s, const AnalysisReport& r, const Brute& b) {
    REQUIRE(r.proofs_run);
    double mean = 0;
    for (const auto& c : r.customers) {
        INFO("customer " << s->customers[static_cast<std::size_t>(c.customer)].id);
        double passed = b.guess_pass.at(c.customer);
        double cut = b.guess_unfinished.contains(c.customer) ? b.guess_unfinished.at(c.customer) : 0.0;
        CHECK(c.guess.low >= passed - 1e-12);
        CHECK(c.guess.high <= passed + cut + 1e-12);
        if (!b.truncated) {
            CHECK(c.guess.exact);
            CHECK(c.guess.probability == Approx(passed).margin(1e-12));
        }
        mean += c.guess.probability / static_cast<double>(r.customers.size());
        REQUIRE(c.strategy_pass.size() == static_cast<std::size_t>(kStrategies));
        for (int k = 0; k < kStrategies; ++k) {
            INFO("strategy " << strategy_code(static_cast<Strategy>(k)));
            bool brute = b.strategy_passes.contains(k) && b.strategy_passes.at(k).contains(c.customer);
            bool found = c.strategy_pass[static_cast<std::size_t>(k)].has_value();
            if (brute) CHECK(found);
            if (!b.truncated) CHECK(found == brute);
        }
    }
    CHECK(r.guess.probability == Approx(mean).margin(1e-12));
    if (!r.graded || b.truncated) return;
    std::set<int> unsafe_passes, wrong_unseen, imperfect, no_best;
    for (int c : b.pass_through)
        if (s->choices[static_cast<std::size_t>(c)].grade == ChoiceGrade::Unsafe) unsafe_passes.insert(c);
    for (int c : b.clean_through) {
        ChoiceGrade g = s->choices[static_cast<std::size_t>(c)].grade;
        if (g == ChoiceGrade::Poor || g == ChoiceGrade::Unsafe) wrong_unseen.insert(c);
    }
    std::set<int> found_unsafe, found_unseen, found_imperfect, found_no_best;
    for (const auto& f : r.findings) {
        if (f.check == AnalysisCheck::UnsafeChoicePasses) found_unsafe.insert(f.choice);
        if (f.check == AnalysisCheck::WrongChoiceUnseen) found_unseen.insert(f.choice);
        if (f.check == AnalysisCheck::BestPathNotPerfect) found_imperfect.insert(f.customer);
        if (f.check == AnalysisCheck::NoBestOption) found_no_best.insert(f.node);
    }
    CHECK(found_unsafe == unsafe_passes);
    CHECK(found_unseen == wrong_unseen);
    CHECK(found_imperfect == b.best_imperfect);
    CHECK(found_no_best == b.no_best_nodes);
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
    for (const auto& entry : b.endings) {
        int ending = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
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
    check_proofs_agree(s, r, b);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Sound]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("analysis is silent on a sound scenario and reports its outcomes", "[analysis][unit]") {
    auto s = load_fixture("sound");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(only_ungraded_warning(r));
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
            return json{{"id", id},           {"text", "Go on."},         {"feedback", "Fine."},
                        {"grade", "poor"},    {"grade_reason", "A loop."}, {"next", next}};
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

// Routes that depend on the state (`next` lists, "on_enter" effects, done('action') terms, deadlines from a
// dated fact or counted in hours): the analysis still agrees with playing every path through the runtime.
TEST_CASE("analysis agrees with the runtime on state-dependent routes, on_enter and done()",
          "[analysis][format-gaps]") {
    for (const std::string name : {"routes", "timed-deadlines"}) {
        auto s = load_json_scenario(read_json(fixture("format-gaps/" + name + ".json")));
        AnalysisReport r = analyze_scenario(*s);
        check_agrees(s, r, brute_force(s, 40));
        check_all_examples(s, r);
    }
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
    CHECK(only_ungraded_warning(r));
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
// [Proofs]
//-----------------------------------------------------------------------------------------------------------

namespace {
// The findings of one check, with their examples replayed through the runtime.
std::vector<const AnalysisFinding*> proof_findings(const std::shared_ptr<const Scenario>& s,
                                                   const AnalysisReport& r, AnalysisCheck check) {
    std::vector<const AnalysisFinding*> out;
    for (const auto& f : r.findings)
        if (f.check == check) {
            out.push_back(&f);
            if (f.example) check_replays(s, *f.example);
        }
    return out;
}
}  // namespace

TEST_CASE("a graded scenario whose rubric agrees with its author passes every proof", "[analysis][proofs]") {
    auto s = load_fixture("graded");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(r.graded);
    CHECK(r.findings.empty());
    // Three decision points with 3, 3 and 2 options and one passing option each: 1/18.
    CHECK(r.guess.probability == Approx(1.0 / 18).margin(1e-15));
    CHECK(r.guess.exact);
    for (const auto& p : r.customers.at(0).strategy_pass) CHECK_FALSE(p);
    CHECK(r.length_cue.decision_points == 3);
    CHECK(r.length_cue.best_longest == 1);  // c-summary, by less than the wide margin
    CHECK(r.length_cue.chance == Approx(1.0 / 3 + 1.0 / 3 + 1.0 / 2));
    check_agrees(s, r, brute_force(s, 20));
}

TEST_CASE("an unsafe choice on a passing path is an error, with that path", "[analysis][proofs]") {
    auto s = load_fixture("unsafe-passes");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    auto found = proof_findings(s, r, AnalysisCheck::UnsafeChoicePasses);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::Error);
    CHECK(s->choices[static_cast<std::size_t>(found[0]->choice)].id == "c-brusque");
    REQUIRE(found[0]->example);
    CHECK(ids(*s, found[0]->example->choices) == std::vector<std::string>{"c-log", "c-verify", "c-brusque"});
    CHECK(found[0]->example->passed);
    check_agrees(s, r, brute_force(s, 20));
}

TEST_CASE("a poor choice after which no rule is broken is an error: the rubric cannot see it",
          "[analysis][proofs]") {
    auto s = load_fixture("wrong-unseen");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    auto found = proof_findings(s, r, AnalysisCheck::WrongChoiceUnseen);
    REQUIRE(found.size() == 1);
    CHECK(s->choices[static_cast<std::size_t>(found[0]->choice)].id == "c-chat");
    REQUIRE(found[0]->example);
    CHECK(ids(*s, found[0]->example->choices) == std::vector<std::string>{"c-chat", "c-verify", "c-summary"});
    auto session = play_path(s, ids(*s, found[0]->example->choices));
    for (const auto& v : session->rubric().verdicts()) CHECK(v.verdict != Verdict::Broken);
    check_agrees(s, r, brute_force(s, 20));
}

TEST_CASE("best-only play must pass at 100%, and every decision needs a best option", "[analysis][proofs]") {
    SECTION("a best choice that breaks a rule") {
        auto s = load_fixture("best-not-perfect");
        AnalysisReport r = analyze_scenario(*s);
        INFO(findings_text(*s, r));
        auto found = proof_findings(s, r, AnalysisCheck::BestPathNotPerfect);
        REQUIRE(found.size() == 1);
        REQUIRE(found[0]->example);
        CHECK(ids(*s, found[0]->example->choices) ==
              std::vector<std::string>{"c-log", "c-verify", "c-brusque"});
        CHECK(found[0]->example->score == 83);
        check_agrees(s, r, brute_force(s, 20));
    }
    SECTION("a decision point with no best option") {
        auto s = load_fixture("no-best");
        AnalysisReport r = analyze_scenario(*s);
        INFO(findings_text(*s, r));
        auto found = proof_findings(s, r, AnalysisCheck::NoBestOption);
        REQUIRE(found.size() == 1);
        CHECK(s->nodes[static_cast<std::size_t>(found[0]->node)].id == "n-close");
        REQUIRE(found[0]->example);
        CHECK(ids(*s, found[0]->example->choices) == std::vector<std::string>{"c-log", "c-verify"});
        check_agrees(s, r, brute_force(s, 20));
    }
}

TEST_CASE("a strategy that needs no knowledge must fail: always the longest option passes here",
          "[analysis][proofs]") {
    auto s = load_fixture("strategy-passes");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    auto found = proof_findings(s, r, AnalysisCheck::KnowledgeFreeStrategyPasses);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->message.find("always picks the longest option text") != std::string::npos);
    REQUIRE(found[0]->example);
    CHECK(ids(*s, found[0]->example->choices) == std::vector<std::string>{"c-log", "c-verify", "c-summary"});
    const auto& by = r.customers.at(0).strategy_pass;
    CHECK(by[static_cast<std::size_t>(Strategy::Longest)]);
    CHECK_FALSE(by[static_cast<std::size_t>(Strategy::Shortest)]);
    check_agrees(s, r, brute_force(s, 20));
}

TEST_CASE("strategies with tied options count every tied pick", "[analysis][proofs]") {
    // Two options of the same length at the start: the longest-text strategy may take either, and one of
    // them leads to a pass, so the strategy can pass.
    json j = fixture_json("graded");
    j["nodes"][0]["choices"][2]["text"] = "Log the request on the case system first.";  // as long as c-log
    j["nodes"][0]["choices"][2]["actions"] = json::array({"tell_third_party"});
    auto s = load_json_scenario(j);
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    CHECK(text_length(s->choices[0].text) == text_length(s->choices[2].text));
    CHECK_FALSE(r.customers.at(0).strategy_pass[static_cast<std::size_t>(Strategy::Longest)]);  // verify is not longest
    j["nodes"][1]["choices"][0]["text"] = "Ask for photo ID, and check it carefully against the record.";  // longest
    j["nodes"][2]["choices"][1]["text"] = "Hang up.";
    auto tied = load_json_scenario(j);
    AnalysisReport t = analyze_scenario(*tied);
    REQUIRE(t.customers.at(0).strategy_pass[static_cast<std::size_t>(Strategy::Longest)]);
    CHECK(ids(*tied, t.customers.at(0).strategy_pass[0]->choices) ==
          std::vector<std::string>{"c-log", "c-verify", "c-summary"});
    check_agrees(tied, t, brute_force(tied, 20));
}

TEST_CASE("the random guesser's pass probability is exact and checked against the scenario's limit",
          "[analysis][proofs]") {
    auto s = load_fixture("guess-too-likely");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    auto found = proof_findings(s, r, AnalysisCheck::GuessPassTooLikely);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->message.find("5.56%, above the limit of 1.00%") != std::string::npos);
    CHECK(r.guess_pass_limit == 0.01);
    SECTION("two customer profiles: the mean, each exact against playing every path") {
        auto sound = load_fixture("sound");
        AnalysisReport rs = analyze_scenario(*sound);
        check_agrees(sound, rs, brute_force(sound, 20));
        CHECK(rs.customers.at(0).guess.probability != rs.customers.at(1).guess.probability);
    }
    SECTION("inside a loop: the linear system, within what the paths cut at 60 choices could add") {
        auto loop = load_fixture("loop");
        AnalysisReport rl = analyze_scenario(*loop);
        REQUIRE(rl.paths_infinite);
        Brute b = brute_force(loop, 60);
        REQUIRE(b.truncated);
        check_proofs_agree(loop, rl, b);
        CHECK(rl.guess.exact);
        CHECK(rl.guess.probability > 0);
    }
}

TEST_CASE("the length cue warns where the best option is the longest by a wide margin", "[analysis][proofs]") {
    auto s = load_fixture("length-cue");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    auto found = proof_findings(s, r, AnalysisCheck::LengthCue);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::Warning);
    CHECK(s->choices[static_cast<std::size_t>(found[0]->choice)].id == "c-verify");
    CHECK(r.length_cue.wide_margin == 1);
    CHECK(r.length_cue.best_longest == 2);
    CHECK(r.errors() == 0);
}

TEST_CASE("a format-1 scenario says its choices carry no grades and runs no grade proof", "[analysis][proofs]") {
    auto s = load_fixture("sound");
    AnalysisReport r = analyze_scenario(*s);
    CHECK_FALSE(r.graded);
    auto found = proof_findings(s, r, AnalysisCheck::UngradedChoices);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::Warning);
    CHECK(found[0]->message.find("set \"format_version\": 2") != std::string::npos);
    CHECK(r.errors() == 0);  // its guess probability is far above 1%, but that is reported, not enforced
    CHECK(r.guess.probability > 0.01);
}

//-----------------------------------------------------------------------------------------------------------
// [Windows]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("rule windows and severity overrides: the analysis agrees with playing every path",
          "[analysis][windows]") {
    auto s = load_fixture("windows");
    AnalysisReport r = analyze_scenario(*s);
    INFO(findings_text(*s, r));
    check_agrees(s, r, brute_force(s, 20));
    check_all_examples(s, r);
    auto verdict = [&](const std::vector<std::string>& path, const char* rule, int customer = 0) {
        return play_path(s, path, customer)->rubric().verdicts()[static_cast<std::size_t>(s->find_rule(rule))].verdict;
    };
    // Each window closes in the runtime as the analysis assumes: late compliance is broken.
    CHECK(verdict({"c-log", "c-verify", "c-sum-here", "c-disclose"}, "AN-01") == Verdict::Kept);
    CHECK(verdict({"c-complain", "c-log-late", "c-sum-here", "c-disclose"}, "AN-01") == Verdict::Broken);
    CHECK(verdict({"c-log", "c-verify", "c-move", "c-sum-late"}, "AN-08") == Verdict::Broken);
    CHECK(verdict({"c-log", "c-verify", "c-hold", "c-sum-here", "c-disclose"}, "AN-08") == Verdict::Kept);
    CHECK(verdict({"c-log", "c-verify", "c-sum-here", "c-disclose-book"}, "AN-07", 1) == Verdict::Broken);
    CHECK(verdict({"c-log", "c-verify", "c-sum-here", "c-book-disclose"}, "AN-07", 1) == Verdict::Kept);
    CHECK(verdict({"c-log", "c-complain-late", "c-refer-late", "c-disclose"}, "AN-09") == Verdict::Kept);
    CHECK(verdict({"c-complain", "c-verify", "c-move", "c-refer-end"}, "AN-09") == Verdict::Broken);
    // The analysis sees the same: each of those rules can end kept and broken.
    for (const char* rule : {"AN-01", "AN-07", "AN-08", "AN-09"}) {
        INFO(rule);
        const RuleOutcomes& ro = r.rules[static_cast<std::size_t>(s->find_rule(rule))];
        CHECK(ro.kept);
        CHECK(ro.broken);
    }
    // AN-08 raised to critical here: no path that breaks it passes; AN-03 lowered to major: telling can pass.
    const RuleOutcomes& an03 = r.rules[static_cast<std::size_t>(s->find_rule("AN-03"))];
    CHECK(an03.broken);
    CHECK_FALSE(find(r, AnalysisCheck::CriticalBrokenPasses));
    auto told = play_path(s, {"c-tell", "c-verify", "c-sum-here", "c-disclose"});
    CHECK(told->rubric().result().passed);  // a major breach only costs weight
    CHECK(told->rubric().result().critical_breaches.empty());
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
    CHECK(sound.out.find("1 scenario analysed: 0 errors, 1 warning;") != std::string::npos);  // ungraded

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
    CHECK(json::parse(folder.out)["scenarios"].size() == 18);
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
    CHECK(sound.out.find("0 errors, 1 warnings") != std::string::npos);
    CHECK(sound.out.find("warning: choices carry no grades") != std::string::npos);

    Run graded = lint_cli({fixture("analysis/graded.json")});
    INFO(graded.out);
    CHECK(graded.status == 0);
    CHECK(graded.out.find("0 errors, 0 warnings") != std::string::npos);
    // Each proof is a lint error, each cue a lint warning.
    Run unsafe = lint_cli({fixture("analysis/unsafe-passes.json")});
    CHECK(unsafe.status == 1);
    CHECK(unsafe.out.find("error: choice 'c-brusque' is graded unsafe, yet a complete path through it passes") !=
          std::string::npos);
    CHECK(lint_cli({fixture("analysis/wrong-unseen.json")}).out.find("error: choice 'c-chat' is graded poor") !=
          std::string::npos);
    CHECK(lint_cli({fixture("analysis/best-not-perfect.json")}).out.find("error: a path made only of choices") !=
          std::string::npos);
    CHECK(lint_cli({fixture("analysis/no-best.json")}).out.find("error: node 'n-close' offers no option graded best") !=
          std::string::npos);
    CHECK(lint_cli({fixture("analysis/strategy-passes.json")}).out.find("error: a learner who always picks the longest") !=
          std::string::npos);
    CHECK(lint_cli({fixture("analysis/guess-too-likely.json")}).out.find("error: a learner choosing at random passes") !=
          std::string::npos);
    Run cue = lint_cli({fixture("analysis/length-cue.json")});
    CHECK(cue.status == 0);
    CHECK(cue.out.find("warning: at node 'n-id' the best option 'c-verify' is the longest by a wide margin") !=
          std::string::npos);
}
