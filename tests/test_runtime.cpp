#include <catch2/catch.hpp>

#include <algorithm>

#include "runtime.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
std::shared_ptr<const Scenario> mini() {
    return mini_scenario();
}
}  // namespace

TEST_CASE("the session is a state machine the host drives", "[runtime][unit]") {
    auto s = mini();
    Session session(s, {7, 0});
    CHECK(session.state() == SessionState::AwaitingChoice);
    CHECK(s->nodes[static_cast<std::size_t>(session.current_node())].id == "n1");
    REQUIRE(session.offered().size() == 2);
    CHECK_THROWS_AS(session.choose(s->find_choice("c-verify")), std::invalid_argument);  // not offered here

    StepResult step = session.choose(s->find_choice("c-log"));
    CHECK(step.step == 1);
    CHECK(step.mood_before == 50);
    CHECK(step.mood_after == 45);
    CHECK_FALSE(step.ended);
    CHECK(session.now().iso() == "2026-01-31T10:01");

    session.choose(s->find_choice("c-verify"));
    session.choose(s->find_choice("c-promise-ok"));
    // Conditions: the hearing customer is not offered the interpreter choices; verified unlocks disclosure.
    std::vector<std::string> offered;
    for (int c : session.offered()) offered.push_back(s->choices[static_cast<std::size_t>(c)].id);
    std::sort(offered.begin(), offered.end());  // shown in a per-session order; here only which are offered
    CHECK(offered == std::vector<std::string>{"c-disclose", "c-finish"});
    StepResult last = session.choose(s->find_choice("c-finish"));
    CHECK(last.ended);
    CHECK(session.state() == SessionState::Ended);
    CHECK(s->endings[static_cast<std::size_t>(session.ending())].id == "end-good");
    CHECK(session.offered().empty());
    CHECK_THROWS_AS(session.choose(s->find_choice("c-finish")), std::invalid_argument);
    CHECK(session.mood_history() == std::vector<int>{50, 45, 40, 45, 45});
}

TEST_CASE("the transcript fills placeholders and names speakers", "[runtime][unit]") {
    auto s = mini();
    Session session(s, {1, 1});
    const auto& t = session.transcript();
    REQUIRE(t.size() >= 2);
    CHECK(t[0].text == "Łukasz Wójcik arrives on Saturday 31 January 2026.");
    CHECK(t[0].id == "n1.1");
    CHECK(t[1].speaker_name == "Łukasz Wójcik");
    CHECK(t[1].speaker_role == "customer");
}

TEST_CASE("the seed picks the customer profile deterministically", "[runtime][random][unit]") {
    auto s = mini();
    int seen[2] = {0, 0};
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
        Session a(s, {seed, -1});
        Session b(s, {seed, -1});
        CHECK(a.customer_index() == b.customer_index());
        ++seen[a.customer_index()];
    }
    CHECK(seen[0] > 0);
    CHECK(seen[1] > 0);
}

TEST_CASE("a line with a condition is said only when it holds", "[runtime][conditions][unit]") {
    auto j = mini_json();
    j["nodes"][3]["lines"] = {
        {{"speaker", "customer"}, {"text", "Thanks for checking my ID."}, {"condition", "verified"}},
        {{"speaker", "customer"},
         {"text", "You never even asked who I was."},
         {"condition", "not verified"}}};
    auto loaded = load(j);
    REQUIRE(loaded.scenario);
    auto last_line = [](const Session& s) { return s.transcript().back().text; };
    auto a = play_path(loaded.scenario, {"c-log", "c-verify", "c-promise-ok"});
    CHECK(last_line(*a) == "Thanks for checking my ID.");
    auto b = play_path(loaded.scenario, {"c-log", "c-skip", "c-promise-ok"});
    CHECK(last_line(*b) == "You never even asked who I was.");

    j["nodes"][3]["lines"][0]["condition"] = "verifed";
    CHECK(has(load(j).diags, Severity::Error, "undefined variable 'verifed'"));
}
