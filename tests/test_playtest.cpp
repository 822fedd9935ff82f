// The studio's playtest without a window: sessions started at any node with chosen values (the one session
// layer), the analysis's per-choice example paths, the pass-mark table against brute-force play, and saving a
// playtest as a golden path that the golden-path test machinery accepts.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

#include "analysis.hpp"
#include "playtest.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

namespace {

int choice_index(const Scenario& s, const std::string& id) {
    int c = s.find_choice(id);
    REQUIRE(c >= 0);
    return c;
}

}  // namespace

TEST_CASE("playtest: a session starts at a chosen node with chosen variable values and reaches its ending",
          "[studio][playtest]") {
    auto s = mini_scenario();
    PlaytestSetup setup;
    setup.start_node = s->find_node("n4");
    setup.customer = 0;  // hearing: the interpreter options are hidden
    setup.variables = s->initial_variables();
    setup.variables[0] = 1;  // verified: the disclosure option shows
    std::string error;
    auto play = start_playtest(s, setup, error);
    INFO(error);
    REQUIRE(play);
    CHECK(play->record_path().empty());
    CHECK_FALSE(play->recording());
    const Session& session = play->session();
    CHECK(session.current_node() == s->find_node("n4"));
    CHECK(session.is_offered(choice_index(*s, "c-disclose")));
    CHECK_FALSE(session.is_offered(choice_index(*s, "c-book")));
    REQUIRE(play->choose(choice_index(*s, "c-disclose")));
    REQUIRE(session.state() == SessionState::Ended);
    CHECK(s->endings[static_cast<std::size_t>(session.ending())].id == "end-good");
    CHECK(session.transcript().front().node == s->find_node("n4"));  // n1..n3 were never played
    CHECK_FALSE(setup.from_the_start(*s));

    // From the start with the initial values, the same option is not offered at n4.
    PlaytestSetup plain;
    auto from_start = start_playtest(s, plain, error);
    REQUIRE(from_start);
    CHECK(from_start->session().current_node() == s->start_node);
    CHECK(plain.from_the_start(*s));
}

TEST_CASE("playtest: bad start nodes and variable values are refused with a reason, and nothing is recorded",
          "[studio][playtest]") {
    auto s = mini_scenario();
    std::string error;
    PlaytestSetup bad_node;
    bad_node.start_node = 99;
    CHECK_FALSE(start_playtest(s, bad_node, error));
    CHECK(error.find("start node") != std::string::npos);
    PlaytestSetup bad_value;
    bad_value.variables = {7};  // a bool
    CHECK_FALSE(start_playtest(s, bad_value, error));
    CHECK(error.find("verified") != std::string::npos);
    // The session layer refuses to record a session that does not start where a record replays from.
    NewSession recorded;
    recorded.scenario = s;
    recorded.start_node = s->find_node("n2");
    recorded.sessions_dir = temp_dir();
    CHECK_FALSE(RecordedSession::start(recorded, error));
    CHECK(error.find("cannot be recorded") != std::string::npos);
    CHECK(fs::is_empty(recorded.sessions_dir));
}

TEST_CASE("playtest: the analysis gives each choice a passing and a failing example path that replay as stated",
          "[studio][playtest]") {
    auto s = mini_scenario();
    AnalysisReport r = analyze_scenario(*s);
    REQUIRE(r.choices.size() == s->choices.size());
    int examples = 0;
    for (std::size_t c = 0; c < s->choices.size(); ++c) {
        for (const auto* ex : {&r.choices[c].a_pass, &r.choices[c].a_fail}) {
            if (!*ex) continue;
            ++examples;
            const ExamplePath& path = **ex;
            INFO(s->choices[c].id << ": " << describe_path(*s, path));
            CHECK(std::find(path.choices.begin(), path.choices.end(), static_cast<int>(c)) != path.choices.end());
            PlaytestSetup setup;
            setup.customer = path.customer;
            std::string error;
            auto play = start_playtest(s, setup, error);
            REQUIRE(play);
            for (int step : path.choices) REQUIRE(play->choose(step));
            REQUIRE(play->session().state() == SessionState::Ended);
            RubricResult result = play->session().rubric().result();
            CHECK(result.passed == (ex == &r.choices[c].a_pass));
            CHECK(result.score == path.score);
        }
        if (r.choices[c].can_pass) CHECK(r.choices[c].a_pass);
        if (r.choices[c].can_fail) CHECK(r.choices[c].a_fail);
    }
    CHECK(examples >= static_cast<int>(s->choices.size()));  // each choice has at least one
}

namespace {

// Every complete path of `s` by brute force: its final score (or -1 for a critical breach), its probability
// for a learner choosing uniformly (customer uniform too), and which grades every choice on it kept to.
struct BrutePath {
    int score = 0;
    double probability = 0;
    bool best = true, acceptable = true, safe = true;
};

std::vector<BrutePath> brute_force(const std::shared_ptr<const Scenario>& s) {
    std::vector<BrutePath> out;
    std::function<void(const Session&, BrutePath)> walk = [&](const Session& at, BrutePath so_far) {
        if (at.state() == SessionState::Ended) {
            RubricResult r = at.rubric().result();
            so_far.score = r.critical_breaches.empty() ? r.score : -1;
            CHECK(r.passed == (so_far.score >= 0 && so_far.score >= s->pass_mark));
            out.push_back(so_far);
            return;
        }
        for (int c : at.offered()) {
            BrutePath next = so_far;
            next.probability /= static_cast<double>(at.offered().size());
            ChoiceGrade g = s->choices[static_cast<std::size_t>(c)].grade;
            next.best = next.best && g == ChoiceGrade::Best;
            next.acceptable = next.acceptable && (g == ChoiceGrade::Best || g == ChoiceGrade::Acceptable);
            next.safe = next.safe && g != ChoiceGrade::Unsafe;
            Session copy(at);
            copy.choose(c);
            walk(copy, next);
        }
    };
    for (std::size_t k = 0; k < s->customers.size(); ++k) {
        BrutePath start;
        start.probability = 1.0 / static_cast<double>(s->customers.size());
        walk(Session(s, {1, static_cast<int>(k)}), start);
    }
    return out;
}

void check_pass_marks_against_brute_force(const std::shared_ptr<const Scenario>& s) {
    INFO("scenario " << s->id);
    PassMarkTable t = analyze_scenario(*s).pass_marks;
    REQUIRE(t.counted);
    std::vector<BrutePath> paths = brute_force(s);
    REQUIRE(paths.size() > 2);
    CHECK(t.paths_total() == static_cast<double>(paths.size()));
    for (int mark = 0; mark <= 100; ++mark) {
        INFO("pass mark " << mark);
        double passing = 0, random = 0;
        int verdict[kLearnerGrades] = {-1, -1, -1};  // -1 none yet; then 2 all pass, 1 some, 0 none
        for (const BrutePath& p : paths) {
            bool passes = p.score >= 0 && p.score >= mark;
            passing += passes ? 1 : 0;
            random += passes ? p.probability : 0;
            bool keeps[kLearnerGrades] = {p.best, p.acceptable, p.safe};
            for (int g = 0; g < kLearnerGrades; ++g) {
                if (!keeps[g]) continue;
                int& v = verdict[g];
                int one = passes ? 2 : 0;
                v = v < 0 ? one : v == one ? v : 1;
            }
        }
        CHECK(t.paths_passing(mark) == passing);
        CHECK(t.random_passes(mark) == Approx(random).margin(1e-12));
        for (int g = 0; g < kLearnerGrades; ++g) {
            INFO("learner " << learner_grade_text(static_cast<LearnerGrade>(g)));
            CHECK(t.learner_passes(static_cast<LearnerGrade>(g), mark) == std::max(0, verdict[g]));
        }
    }
}

}  // namespace

TEST_CASE("playtest: the pass-mark slider's counts match brute-force play at every mark", "[studio][playtest]") {
    check_pass_marks_against_brute_force(mini_scenario());
    check_pass_marks_against_brute_force(bundled_scenario("breach-wrong-envelope"));
}

TEST_CASE("playtest: a finished playtest saves as a golden path that the golden-path test replays",
          "[studio][playtest]") {
    auto s = bundled_scenario("breach-wrong-envelope");
    std::string dir = temp_dir();
    fs::path file = fs::path(dir) / "breach-wrong-envelope.paths.json";
    fs::copy_file(fs::path(COUNTERPART_TEST_GOLDEN) / file.filename(), file);
    std::string before = read_file(file.string());

    PlaytestSetup setup;
    std::string error;
    auto play = start_playtest(s, setup, error);
    REQUIRE(play);
    // Not finished yet: refused.
    CHECK_FALSE(save_golden_path(file.string(), setup, play->session(), "studio-made", error));
    CHECK(error.find("not reached an ending") != std::string::npos);
    for (const char* id : {"c-ca-retrieve", "c-hl-honest", "c-ac-report", "c-dp-check", "c-cb-explain"})
        REQUIRE(play->choose(choice_index(*s, id)));
    REQUIRE(play->session().state() == SessionState::Ended);
    CHECK_FALSE(save_golden_path(file.string(), setup, play->session(), "Not A Name", error));
    CHECK_FALSE(save_golden_path(file.string(), setup, play->session(), "exemplary", error));  // taken
    CHECK(error.find("already") != std::string::npos);
    REQUIRE(save_golden_path(file.string(), setup, play->session(), "studio-made", error));
    INFO(error);

    std::string after = read_file(file.string());
    CHECK(after.substr(0, before.rfind("}\n  ]")) == before.substr(0, before.rfind("}\n  ]")));  // the rest kept
    auto golden = read_json(file.string());
    CHECK(golden["paths"].back()["name"] == "studio-made");
    CHECK(golden["paths"].back()["expect"]["verdicts"].size() == s->rules.size());
    // The normal machinery: result, ending, score, mood and every verdict, then the transcript it writes.
    check_golden_path(file, "studio-made", true);
    CHECK(fs::exists(fs::path(dir) / "breach-wrong-envelope.studio-made.txt"));
    check_golden_path(file, "studio-made", false);
    // A playtest from a chosen node cannot become a golden path.
    PlaytestSetup mid;
    mid.start_node = s->find_node(s->nodes.back().id);
    CHECK_FALSE(save_golden_path(file.string(), mid, play->session(), "mid-graph", error));
    CHECK(error.find("from the start") != std::string::npos);
}

TEST_CASE("playtest: the golden file is found in the repository's tests/golden, else beside the scenario",
          "[studio][playtest]") {
    std::string in_repo = golden_file_for(shipped("complaint-counter.json"), "complaint-counter");
    CHECK(fs::equivalent(fs::path(in_repo).parent_path(), COUNTERPART_TEST_GOLDEN));
    CHECK(fs::path(in_repo).filename() == "complaint-counter.paths.json");
    std::string dir = temp_dir();
    CHECK(fs::path(golden_file_for(dir + "/x.json", "x")) == fs::path(dir) / "golden" / "x.paths.json");
    CHECK(valid_golden_name("kind-but-wrong"));
    CHECK_FALSE(valid_golden_name("kind--wrong"));
    CHECK_FALSE(valid_golden_name("Kind"));
}
