#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.hpp"
#include "record.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
struct Run {
    int status;
    std::string out, err;
};

Run play(const std::vector<std::string>& args, const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out, err;
    int status = cli::play(args, in, out, err);
    return {status, out.str(), err.str()};
}

Run lint(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::lint(args, out, err);
    return {status, out.str(), err.str()};
}

Run replay(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::replay(args, out, err);
    return {status, out.str(), err.str()};
}

std::string count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return std::to_string(n);
}
}  // namespace

TEST_CASE("the terminal player plays to a debrief from piped choices and writes a record",
          "[cli][play][e2e]") {
    std::string record = temp_dir() + "/play.jsonl";
    Run r = play({fixture("mini/mini.json"), "--customer", "deaf", "--learner", "Tess", "--record", record,
                  "--seed", "9"},
                 "1\nh\nh 2\nzzz\n1\n1\n1\n");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("The customer: Łukasz Wójcik, addressed as Mr Wójcik.") != std::string::npos);
    CHECK(r.out.find("1. I'll log your request now.") != std::string::npos);
    CHECK(r.out.find("Feedback: Logging starts the clock.") != std::string::npos);  // practice mode
    CHECK(r.out.find("Policy handbook: the rules in scope.") != std::string::npos);
    CHECK(r.out.find("FX-02 Verify before disclosing (critical, weight 3") != std::string::npos);
    CHECK(r.out.find("Please type a number from 1 to 2") != std::string::npos);
    CHECK(r.out.find("Result: PASS") != std::string::npos);
    CHECK(r.out.find("Customer mood across the session (not scored)") != std::string::npos);
    CHECK(r.out.find("KEPT: FX-05 Book an interpreter") != std::string::npos);

    RecordFile file = read_record(record);
    REQUIRE(file.ok);
    CHECK(file.finished());
    CHECK(file.header()["learner"] == "Tess");
    CHECK(file.header()["customer"] == "deaf");
    bool consulted = false;
    for (const auto& line : file.lines) consulted = consulted || line.value["type"] == "policy_consulted";
    CHECK(consulted);

    Run rep = replay({record});
    INFO(rep.err);
    CHECK(rep.status == 0);
    CHECK(rep.out.find("hash chain intact") != std::string::npos);
    CHECK(rep.out.find("[Consulted the handbook: FX-02]") != std::string::npos);
    CHECK(rep.out.find("[KEPT: FX-01 Log the request]") != std::string::npos);
    CHECK(rep.out.find("Result: PASS") != std::string::npos);
}

TEST_CASE("assessment mode gives no feedback until the debrief", "[cli][play][e2e]") {
    Run r = play({fixture("mini/mini.json"), "--customer", "hearing", "--mode", "assessment", "--no-record"},
                 "2\n2\n2\n1\n");
    CHECK(r.status == 0);
    CHECK(r.out.find("Feedback:") == std::string::npos);
    CHECK(r.out.find("Rules decided by this step") == std::string::npos);
    CHECK(r.out.find("Result: FAIL") != std::string::npos);
    CHECK(r.out.find("Why: a critical rule was broken: FX-02") != std::string::npos);
    // Critical breaches are listed first.
    CHECK(r.out.find("BROKEN: FX-02") < r.out.find("KEPT:"));
}

TEST_CASE("input that ends early keeps the record, and the session resumes", "[cli][play][resume][e2e]") {
    std::string record = temp_dir() + "/early.jsonl";
    Run first = play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record}, "1\n1\n");
    CHECK(first.status == 3);
    CHECK(first.out.find("Input ended before the scenario did") != std::string::npos);
    RecordFile partial = read_record(record);
    REQUIRE(partial.ok);
    CHECK_FALSE(partial.finished());

    Run resumed = play({"--resume", record}, "1\n1\n");
    INFO(resumed.out << resumed.err);
    CHECK(resumed.status == 0);
    CHECK(resumed.out.find("Resuming after step 2") != std::string::npos);
    CHECK(resumed.out.find("Result: PASS") != std::string::npos);
    RecordFile done = read_record(record);
    REQUIRE(done.ok);
    CHECK(done.finished());
    CHECK(replay({record}).status == 0);
}

TEST_CASE("replay names the first bad line of an altered record", "[cli][replay][tamper][e2e]") {
    std::string record = temp_dir() + "/t.jsonl";
    REQUIRE(play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record}, "1\n1\n1\n1\n")
                .status == 0);
    std::string text = read_file(record);
    auto pos = text.find("\"mood\":45");
    REQUIRE(pos != std::string::npos);
    text[pos + 8] = '9';  // 45 -> 49
    std::ofstream(record, std::ios::binary | std::ios::trunc) << text;
    Run r = replay({record});
    CHECK(r.status == 1);
    CHECK(r.err.find(record + ":2: error:") != std::string::npos);
}

TEST_CASE("lint reports in compiler format with the documented exit codes", "[cli][lint][e2e]") {
    Run good = lint({fixture("mini/mini.json"), fixture("mini/policies/fixture-policy.json")});
    INFO(good.out);
    CHECK(good.status == 0);
    CHECK(good.out.find("2 files checked: 0 errors, 0 warnings") != std::string::npos);

    std::string dir = temp_dir();
    std::filesystem::create_directories(dir + "/policies");
    std::filesystem::copy_file(fixture("mini/policies/fixture-policy.json"),
                               dir + "/policies/fixture-policy.json");
    auto j = mini_json();
    j["nodes"][0]["choices"][0]["next"] = "n-missing";
    std::ofstream(dir + "/broken.json") << j.dump(2);
    Run bad = lint({dir + "/broken.json"});
    CHECK(bad.status == 1);
    CHECK(bad.out.find(dir + "/broken.json:") != std::string::npos);
    CHECK(
        bad.out.find(
            ": error: 'next' refers to 'n-missing', which is no node or ending [/nodes/0/choices/0/next]") !=
        std::string::npos);

    std::ofstream(dir + "/garbled.json") << "{ \"format_version\": 1,, }";
    Run garbled = lint({dir + "/garbled.json"});
    CHECK(garbled.status == 2);
    CHECK(garbled.out.find(dir + "/garbled.json:1:") != std::string::npos);
    CHECK(lint({dir + "/absent.json"}).status == 2);
}

TEST_CASE("play refuses bad arguments and broken scenarios clearly", "[cli][play][errors]") {
    CHECK(play({fixture("mini/mini.json"), "--mode", "exam"}, "").status == 2);
    CHECK(play({"no-such-scenario"}, "").err.find("no scenario file or bundled scenario called") !=
          std::string::npos);
    std::string dir = temp_dir();
    std::filesystem::create_directories(dir + "/policies");
    std::filesystem::copy_file(fixture("mini/policies/fixture-policy.json"),
                               dir + "/policies/fixture-policy.json");
    auto j = mini_json();
    j["start"] = "n-missing";
    std::ofstream(dir + "/s.json") << j.dump(2);
    Run r = play({dir + "/s.json", "--no-record"}, "");
    CHECK(r.status == 2);
    CHECK(r.err.find("has errors and cannot be used") != std::string::npos);
    CHECK(count(r.err, "error:") != "0");
}
