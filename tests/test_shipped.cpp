// Tests over the bundled library: every file lints clean, every golden path gives its recorded verdicts and
// transcript, and every scenario teaches the product's principle (the happiest path fails; an unhappy one passes).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "cli.hpp"
#include "library.hpp"
#include "support.hpp"
#include "text_report.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

namespace {
LoadedLibrary& library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

std::shared_ptr<const Scenario> shipped_scenario(const std::string& id) {
    for (const auto& s : library().scenarios)
        if (s->id == id) return s;
    return nullptr;
}

// Every complete path of a scenario, depth first; each branch copies the session so a path is played once.
void for_each_path(const std::shared_ptr<const Scenario>& s, int customer,
                   const std::function<void(const Session&)>& visit) {
    std::function<void(const Session&, int)> walk = [&](const Session& at, int depth) {
        if (at.state() == SessionState::Ended || depth > 60) {
            visit(at);
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
}  // namespace

TEST_CASE("the bundled library has scenarios and they all load", "[shipped][library]") {
    INFO(dump(library().diagnostics));
    CHECK_FALSE(library().diagnostics.has_errors());
    CHECK(library().scenarios.size() >= 3);
}

TEST_CASE("every shipped scenario and policy passes lint with no errors and no warnings", "[shipped][lint]") {
    std::ostringstream out, err;
    int status = cli::lint({COUNTERPART_SHIPPED_SCENARIOS}, out, err);
    INFO(out.str() << err.str());
    CHECK(status == 0);
    CHECK(out.str().find(" 0 errors, 0 warnings") != std::string::npos);
}

TEST_CASE("every shipped scenario teaches adherence over happiness", "[shipped][principle]") {
    for (const auto& s : library().scenarios) {
        for (std::size_t customer = 0; customer < s->customers.size(); ++customer) {
            INFO(s->id << " customer " << s->customers[customer].id);
            int best_mood = -1;
            bool best_mood_passes = true;  // true until a happiest path that fails is found
            bool unhappy_pass = false;
            std::size_t paths = 0;
            int start_mood = s->customers[customer].initial_mood;
            for_each_path(s, static_cast<int>(customer), [&](const Session& session) {
                ++paths;
                RubricResult r = session.rubric().result();
                if (session.mood() > best_mood) {
                    best_mood = session.mood();
                    best_mood_passes = r.passed;
                } else if (session.mood() == best_mood) {
                    best_mood_passes = best_mood_passes && r.passed;
                }
                if (r.passed && session.mood() < start_mood) unhappy_pass = true;
            });
            CHECK(paths > 1);
            CHECK_FALSE(best_mood_passes);  // the path that pleases the customer most fails
            CHECK(unhappy_pass);            // a path that leaves them less happy than they came in passes
        }
    }
}

TEST_CASE("golden paths give their recorded results and transcripts", "[shipped][golden]") {
    const bool update = std::getenv("COUNTERPART_UPDATE_GOLDEN") != nullptr;
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(COUNTERPART_TEST_GOLDEN)) {
        if (entry.path().string().size() < 11 || entry.path().string().substr(entry.path().string().size() - 11) != ".paths.json")
            continue;
        ++files;
        auto golden = read_json(entry.path().string());
        auto s = shipped_scenario(golden["scenario"]);
        INFO(entry.path().string());
        REQUIRE(s);
        CHECK(golden["paths"].size() >= 2);
        for (const auto& path : golden["paths"]) {
            std::string name = path["name"];
            INFO("path " << name);
            int customer = 0;
            if (path.contains("customer")) customer = static_cast<int>(
                std::find_if(s->customers.begin(), s->customers.end(), [&](const CustomerProfile& c) { return c.id == path["customer"]; }) -
                s->customers.begin());
            std::vector<std::string> choices = path["choices"];
            auto session = play_path(s, choices, customer);
            REQUIRE(session->state() == SessionState::Ended);
            RubricResult r = session->rubric().result();
            const auto& expect = path["expect"];
            CHECK(r.passed == expect["passed"].get<bool>());
            CHECK(s->endings[static_cast<std::size_t>(session->ending())].id == expect["ending"].get<std::string>());
            if (expect.contains("score")) CHECK(r.score == expect["score"].get<int>());
            if (expect.contains("mood_final")) CHECK(session->mood() == expect["mood_final"].get<int>());
            if (expect.contains("verdicts"))
                for (const auto& [rule, verdict] : expect["verdicts"].items()) {
                    INFO("rule " << rule);
                    int i = s->find_rule(rule);
                    REQUIRE(i >= 0);
                    CHECK(verdict_code(session->rubric().verdicts()[static_cast<std::size_t>(i)].verdict) == verdict.get<std::string>());
                }

            // The transcript a learner sees in assessment mode, compared with the stored golden file.
            std::string input;
            std::vector<std::string> offered_numbers;
            Session replaying(s, {1, customer});
            for (const auto& id : choices) {
                int c = s->find_choice(id);
                auto pos = std::find(replaying.offered().begin(), replaying.offered().end(), c);
                input += std::to_string(pos - replaying.offered().begin() + 1) + "\n";
                replaying.choose(c);
            }
            std::istringstream in(input);
            std::ostringstream out, err;
            int status = cli::play({s->file, "--no-record", "--mode", "assessment", "--learner", "Golden",
                                    "--customer", s->customers[static_cast<std::size_t>(customer)].id},
                                   in, out, err);
            CHECK(status == 0);
            fs::path txt = entry.path().parent_path() / (s->id + "." + name + ".txt");
            if (update) {
                std::ofstream(txt) << out.str();
            } else {
                INFO("missing golden transcript " << txt << " (run with COUNTERPART_UPDATE_GOLDEN=1 to create it)");
                REQUIRE(fs::exists(txt));
                CHECK(read_file(txt.string()) == out.str());
            }
        }
    }
    CHECK(files >= library().scenarios.size());
}
