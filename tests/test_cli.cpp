#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
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

// The numbers to type to make `choices` in a session of the mini fixture with this seed and customer: the
// options are shuffled per session, so position 1 is not the same option in every run.
std::string typed(const std::vector<std::string>& choices, std::uint64_t seed, int customer) {
    Session session(mini_scenario(), {seed, customer, true});
    std::string input;
    for (const auto& id : choices) {
        int c = mini_scenario()->find_choice(id);
        const auto& offered = session.offered();
        auto pos = std::find(offered.begin(), offered.end(), c);
        REQUIRE(pos != offered.end());
        input += std::to_string(pos - offered.begin() + 1) + "\n";
        session.choose(c);
    }
    return input;
}



// A library folder holding the mini fixture, as the bundled library for one test.
std::string mini_library() {
    std::string dir = temp_dir();
    std::filesystem::copy(fixture("mini"), dir, std::filesystem::copy_options::recursive);
    return dir;
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

    Run rep = replay({record, "--scenario", fixture("mini/mini.json"), "--width", "400"});
    INFO(rep.err);
    CHECK(rep.status == 0);
    CHECK(rep.out.find("Verified as complete: hash chain unbroken") != std::string::npos);
    // What the chain proves is said plainly: not authenticity.
    CHECK(rep.out.find("hash chain intact") == std::string::npos);
    CHECK(rep.out.find("What this proves: The hash chain detects accidental damage and casual edits. It is "
                       "unkeyed SHA-256, not a signature") != std::string::npos);
    CHECK(rep.out.find("learning record store and the assessor's signed sign-off") != std::string::npos);
    CHECK(rep.out.find("File used: " + fixture("mini/mini.json") +
                       " (given with --scenario); its fingerprint matches the record's.") != std::string::npos);
    CHECK(rep.out.find("[Consulted the handbook: FX-02]") != std::string::npos);
    CHECK(rep.out.find("[KEPT: FX-01 Log the request]") != std::string::npos);
    CHECK(rep.out.find("Result: PASS") != std::string::npos);
}

TEST_CASE("assessment mode gives no feedback until the debrief", "[cli][play][e2e]") {
    Run r = play({fixture("mini/mini.json"), "--customer", "hearing", "--mode", "assessment", "--no-record",
                  "--seed", "3"},
                 typed({"c-disclose-now", "c-skip", "c-promise-late", "c-finish"}, 3, 0));
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
    Run first = play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "5"},
                     typed({"c-log", "c-verify"}, 5, 0));
    CHECK(first.status == 3);
    CHECK(first.out.find("Input ended before the scenario did") != std::string::npos);
    RecordFile partial = read_record(record);
    REQUIRE(partial.ok);
    CHECK_FALSE(partial.finished());

    std::string rest = typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 5, 0);
    rest = rest.substr(4);  // the last two steps
    Run resumed = play({"--resume", record, fixture("mini/mini.json")}, rest);
    INFO(resumed.out << resumed.err);
    CHECK(resumed.status == 0);
    CHECK(resumed.out.find("Resuming after step 2, ") != std::string::npos);
    CHECK(resumed.out.find("Result: PASS") != std::string::npos);
    RecordFile done = read_record(record);
    REQUIRE(done.ok);
    CHECK(done.finished());
    Run rep = replay({record, "--scenario", fixture("mini/mini.json")});
    CHECK(rep.status == 0);
    CHECK(rep.out.find("Resumed at step 2 after a gap of ") != std::string::npos);
    CHECK(rep.out.find("[Resumed here after a gap of ") != std::string::npos);
}

TEST_CASE("replay names the first bad line of an altered record", "[cli][replay][tamper][e2e]") {
    std::string record = temp_dir() + "/t.jsonl";
    REQUIRE(play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "2"},
                 typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 2, 0))
                .status == 0);
    std::string text = read_file(record);
    auto pos = text.find("\"mood\":45");
    REQUIRE(pos != std::string::npos);
    text[pos + 8] = '9';  // 45 -> 49
    std::ofstream(record, std::ios::binary | std::ios::trunc) << text;
    Run r = replay({record, "--scenario", fixture("mini/mini.json")});
    CHECK(r.status == 1);
    CHECK(r.err.find(record + ":2: error:") != std::string::npos);
}

TEST_CASE("lint reports in compiler format with the documented exit codes", "[cli][lint][e2e]") {
    Run good = lint({fixture("mini/mini.json"), fixture("mini/policies/fixture-policy.json")});
    INFO(good.out);
    CHECK(good.status == 0);
    CHECK(good.out.find("2 files checked: 0 errors") != std::string::npos);

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

TEST_CASE("a second play in the same second gets -2, as in the window app", "[cli][play][naming][regression]") {
    std::string data = temp_dir();
    ScopedEnv env("XDG_DATA_HOME", data);
    std::string input = typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 4, 0);
    Run a = play({fixture("mini/mini.json"), "--customer", "hearing", "--seed", "4"}, input);
    Run b = play({fixture("mini/mini.json"), "--customer", "hearing", "--seed", "4"}, input);
    CHECK(a.status == 0);
    INFO(b.err);
    CHECK(b.status == 0);
    CHECK(b.err.find("already exists") == std::string::npos);
    std::size_t records = 0;
    for (const auto& e : std::filesystem::directory_iterator(data + "/counterpart/sessions"))
        records += e.path().extension() == ".jsonl";
    CHECK(records == 2);
}

TEST_CASE("play with --record /dev/null plays without a record and says so", "[cli][play][regression]") {
    Run r = play({fixture("mini/mini.json"), "--customer", "hearing", "--record", "/dev/null", "--seed", "4"},
                 typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 4, 0));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("/dev/null is a device, not a file: this session is not recorded.") != std::string::npos);
    CHECK(r.out.find("Session record saved") == std::string::npos);
}

TEST_CASE("play --no-record stopped early promised a record to resume that does not exist",
          "[cli][play][regression]") {
    Run r = play({fixture("mini/mini.json"), "--customer", "hearing", "--no-record", "--seed", "5"},
                 typed({"c-log"}, 5, 0));
    CHECK(r.status == 3);
    CHECK(r.out.find("No record was written") != std::string::npos);
    CHECK(r.out.find("--resume") == std::string::npos);
}

TEST_CASE("input that ends early names the record to resume", "[cli][play][resume]") {
    std::string record = temp_dir() + "/named.jsonl";
    Run r = play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "5",
                  "--width", "400"},  // no wrapping inside the path
                 typed({"c-log"}, 5, 0));
    CHECK(r.status == 3);
    CHECK(r.out.find("counterpart play --resume " + record) != std::string::npos);
}

TEST_CASE("play --resume on a record another session is writing is refused, naming the record",
          "[cli][play][lock][regression]") {
    std::string record = temp_dir() + "/locked.jsonl";
    play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "4"},
         typed({"c-log"}, 4, 0));
    std::string error;
    auto holder = RecordWriter::open_existing(record, error);
    REQUIRE(holder);
    Run r = play({"--resume", record, fixture("mini/mini.json")}, "");
    CHECK(r.status == 2);
    CHECK(r.err.find("the record " + record + " is being written by another Counterpart session") !=
          std::string::npos);
}

TEST_CASE("replay uses the library's scenario by id and fingerprint, never the file the record names",
          "[cli][replay][doctored][regression]") {
    std::string library = mini_library();
    ScopedEnv env("COUNTERPART_SCENARIOS", library);
    std::string dir = temp_dir();
    std::string record = dir + "/r.jsonl";
    REQUIRE(play({library + "/mini.json", "--customer", "hearing", "--record", record, "--seed", "6", "--mode",
                  "assessment"},
                 typed({"c-disclose-now", "c-verify", "c-promise-ok", "c-finish"}, 6, 0))
                .status == 0);
    // A doctored copy that turns the FAIL into a PASS, and a private file; the record is made to name each.
    auto doctored = mini_json();
    for (auto& node : doctored["nodes"])
        for (auto& c : node["choices"])
            if (c["id"] == "c-disclose-now") c.erase("actions");
    std::filesystem::create_directories(dir + "/doctored");
    std::filesystem::copy(fixture("mini/policies"), dir + "/doctored/policies");
    std::ofstream(dir + "/doctored/mini.json") << doctored.dump(2);
    std::ofstream(dir + "/private.txt") << "SECRET-CONTENT\n";
    for (std::string named : {dir + "/doctored/mini.json", dir + "/private.txt"}) {
        reseal_record_file(record, [&](auto& lines) { lines[0]["scenario"]["file"] = named; });
        Run r = replay({record, "--width", "400"});
        INFO(r.out << r.err);
        CHECK(r.status == 0);
        CHECK(r.out.find("File used: " + library + "/mini.json (the library's scenario 'mini'); its fingerprint "
                         "matches the record's.") != std::string::npos);
        CHECK(r.out.find("Result: FAIL") != std::string::npos);
        CHECK((r.out + r.err).find("SECRET-CONTENT") == std::string::npos);
    }
    // Given explicitly, the doctored file is named, and its fingerprint does not match: an error.
    Run forced = replay({record, "--scenario", dir + "/doctored/mini.json"});
    CHECK(forced.status == 1);
    CHECK(forced.err.find("scenario file used: " + dir + "/doctored/mini.json (given with --scenario); its "
                          "fingerprint does not match the record's") != std::string::npos);
    CHECK(forced.out.find("Result: PASS") == std::string::npos);
}

TEST_CASE("replay of a record cut off before its end says so and never 'Verified'",
          "[cli][replay][integrity][regression]") {
    std::string record = temp_dir() + "/cut.jsonl";
    REQUIRE(play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "7"},
                 typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 7, 0))
                .status == 0);
    std::string text = read_file(record);
    text.pop_back();  // the final newline
    std::ofstream(record, std::ios::binary | std::ios::trunc) << text;
    Run r = replay({record, "--scenario", fixture("mini/mini.json"), "--width", "400"});
    CHECK(r.status == 1);
    CHECK(r.out.find("Cut off after step 4: no end event (the last line is whole but its final newline is "
                     "missing") != std::string::npos);
    CHECK(r.out.find("Verified") == std::string::npos);
    CHECK(r.err == record + ": not complete: cut off after step 4: no end event\n");
}

TEST_CASE("replay prints a 64-bit seed as the unsigned number it is", "[cli][replay][regression]") {
    std::string record = temp_dir() + "/seed.jsonl";
    REQUIRE(play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed",
                  "18446744073709551615"},
                 typed({"c-log", "c-verify", "c-promise-ok", "c-finish"}, 18446744073709551615ull, 0))
                .status == 0);
    Run r = replay({record, "--scenario", fixture("mini/mini.json"), "--width", "400"});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("Seed: 18446744073709551615.") != std::string::npos);
}

TEST_CASE("a record with a field of the wrong type is reported by replay with file, line and field",
          "[cli][replay][hardening][regression]") {
    std::string record = temp_dir() + "/typed.jsonl";
    REQUIRE(play({fixture("mini/mini.json"), "--customer", "hearing", "--record", record, "--seed", "8"},
                 typed({"c-log"}, 8, 0))
                .status == 3);
    reseal_record_file(record, [](auto& lines) { lines[0].erase("scenario"); });
    Run r = replay({record});
    CHECK(r.status == 1);
    CHECK(r.err == record + ":1: error: field /scenario is missing\n");
    Run resumed = play({"--resume", record}, "");
    CHECK(resumed.status == 2);
    CHECK(resumed.err.find(record + ":1: error: field /scenario is missing") != std::string::npos);
}
