// RecordedSession: the one session layer both players use (naming, locks, resume and its trace, a record
// that cannot be written, devices as "no record"), and the shared debrief model.
//
// Index: [Helpers] [Naming and locks] [Resume and rollback] [A record that cannot be written] [Debrief]
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "debrief.hpp"
#include "record.hpp"
#include "recorded_session.hpp"
#include "support.hpp"
#include "text_report.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;
namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------
namespace {

NewSession options_in(const std::string& dir, SessionMode mode = SessionMode::Practice,
                      std::shared_ptr<const Scenario> scenario = mini_scenario()) {
    NewSession o;
    o.scenario = std::move(scenario);
    o.learner = "Tess";
    o.mode = mode;
    o.seed = 42;
    o.customer = 1;  // deaf: c-book is on offer at the end
    o.sessions_dir = dir;
    return o;
}

ScenarioFinder finds(std::shared_ptr<const Scenario> scenario) {
    return [scenario](const RecordHeader&, std::string&) { return scenario; };
}

void play_ids(RecordedSession& rs, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        INFO(id);
        REQUIRE(rs.choose(rs.scenario().find_choice(id)));
    }
}

// The mini fixture with grades (format 2) and a scenario override that lowers FX-05 with a reason.
std::shared_ptr<const Scenario> graded_mini() {
    static auto s = [] {
        auto j = mini_json();
        j["format_version"] = 2;
        for (auto& node : j["nodes"])
            for (auto& c : node["choices"]) {
                std::string id = c["id"];
                c["grade"] = id == "c-family" ? "unsafe" : id == "c-skip" ? "poor" : "best";
                c["grade_reason"] = "Because of " + id + ".";
            }
        j["policies"][0]["overrides"] = {
            {"FX-05", {{"severity", "minor"}, {"reason", "The interpreter is booked by another team here."}}}};
        auto loaded = load(j);
        INFO(dump(loaded.diags));
        REQUIRE(loaded.scenario);
        return loaded.scenario;
    }();
    return s;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Naming and locks]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a second session started in the same second gets -2, not 'a record already exists'",
          "[session][naming][regression]") {
    std::string dir = temp_dir();
    // Take the names of this second and the next few, so the test does not depend on the clock.
    std::time_t now = std::time(nullptr);
    for (int i = 0; i < 5; ++i) {
        std::time_t t = now + i;
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
        std::ofstream(dir + "/" + record_stem("mini", buf) + ".jsonl") << "taken\n";
    }
    std::string error;
    auto rs = RecordedSession::start(options_in(dir), error);
    INFO(error);
    REQUIRE(rs);
    CHECK(rs->record_path().size() > 8);
    CHECK(rs->record_path().substr(rs->record_path().size() - 8) == "-2.jsonl");
    CHECK(read_record(rs->record_path()).ok);
}

TEST_CASE("resuming a record another session is writing is refused with a message naming it",
          "[session][lock][regression]") {
    std::string error;
    auto writing = RecordedSession::start(options_in(temp_dir()), error);
    REQUIRE(writing);
    play_ids(*writing, {"c-log"});
    auto second = RecordedSession::resume(writing->record_path(), finds(mini_scenario()), error);
    CHECK_FALSE(second);
    CHECK(error.find("the record " + writing->record_path() +
                     " is being written by another Counterpart session") != std::string::npos);
    // Once the first is closed, the record can be resumed.
    std::string path = writing->record_path();
    writing.reset();
    CHECK(RecordedSession::resume(path, finds(mini_scenario()), error));
}

TEST_CASE("a record path that is a character device means no record, and says so",
          "[session][regression]") {
    NewSession o = options_in("");
    o.record_path = "/dev/null";
    std::string error;
    auto rs = RecordedSession::start(o, error);
    INFO(error);
    REQUIRE(rs);
    CHECK_FALSE(rs->recording());
    CHECK(rs->record_path().empty());
    CHECK(rs->record_notice() == "/dev/null is a device, not a file: this session is not recorded.");
    play_ids(*rs, {"c-log", "c-verify", "c-promise-ok", "c-book"});
    CHECK(rs->session().state() == SessionState::Ended);
}

TEST_CASE("an explicit record path that exists is refused", "[session]") {
    std::string dir = temp_dir();
    std::ofstream(dir + "/r.jsonl") << "x\n";
    NewSession o = options_in("");
    o.record_path = dir + "/r.jsonl";
    std::string error;
    CHECK_FALSE(RecordedSession::start(o, error));
    CHECK(error == "cannot start the session record: a record already exists at " + dir + "/r.jsonl");
}

TEST_CASE("the session records documents shown, handbook look-ups and the end, once each", "[session]") {
    std::string error;
    auto rs = RecordedSession::start(options_in(temp_dir()), error);
    REQUIRE(rs);
    CHECK(rs->consult(rs->scenario().find_rule("FX-02")));
    CHECK_FALSE(rs->consult(999));
    CHECK_FALSE(rs->choose(rs->scenario().find_choice("c-book")));  // not on offer: nothing happens
    play_ids(*rs, {"c-log", "c-verify", "c-promise-ok", "c-book"});
    CHECK_FALSE(rs->choose(rs->scenario().find_choice("c-log")));   // ended
    REQUIRE(rs->flush(error));
    RecordFile record = read_record(rs->record_path());
    REQUIRE(record.ok);
    std::vector<std::string> types;
    for (const auto& line : record.lines) types.push_back(line.value["type"]);
    CHECK(types == std::vector<std::string>{"header", "policy_consulted", "choice", "choice", "choice", "choice",
                                            "ended"});
    CHECK(rs->score_history().size() == 4);
    CHECK(replay_record(record, mini_scenario()).ok);
}

//-----------------------------------------------------------------------------------------------------------
// [Resume and rollback]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("rolling back a failed assessment and resuming does not give a clean verified pass",
          "[session][rollback][regression]") {
    std::string error;
    auto first = RecordedSession::start(options_in(temp_dir(), SessionMode::Assessment), error);
    REQUIRE(first);
    play_ids(*first, {"c-disclose-now", "c-verify", "c-promise-ok", "c-book"});
    REQUIRE_FALSE(first->debrief().passed);
    std::string path = first->record_path();
    first.reset();
    // Delete every line after the header: the breach is gone, and so is the end.
    std::string text = read_file(path);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text.substr(0, text.find('\n') + 1);

    auto again = RecordedSession::resume(path, finds(mini_scenario()), error);
    INFO(error);
    REQUIRE(again);
    REQUIRE(again->resumption());
    CHECK(again->resumption()->step == 0);
    CHECK_FALSE(again->resumption()->torn_line_discarded);
    CHECK(again->mode() == SessionMode::Assessment);
    play_ids(*again, {"c-log", "c-verify", "c-promise-ok", "c-book"});
    CHECK(again->debrief().passed);
    again.reset();

    RecordFile record = read_record(path);
    REQUIRE(record.ok);
    CHECK(record.lines[1].value["type"] == "resumed");
    ReplayResult replay = replay_record(record, mini_scenario());
    REQUIRE(replay.ok);
    RecordIntegrity integrity = assess_integrity(record, &replay);
    REQUIRE(integrity.resumes.size() == 1);
    std::string said = integrity_text(integrity);
    CHECK(said.find("Resumed at step 0 after a gap of ") != std::string::npos);
    CHECK(said.find("torn line discarded: no.") != std::string::npos);
}

TEST_CASE("resuming after a torn last line says the line was discarded", "[session][resume][crash]") {
    std::string error;
    auto first = RecordedSession::start(options_in(temp_dir()), error);
    REQUIRE(first);
    play_ids(*first, {"c-log", "c-verify"});
    std::string path = first->record_path();
    first.reset();
    std::ofstream(path, std::ios::binary | std::ios::app) << "{\"chosen\":\"c-pro";
    auto again = RecordedSession::resume(path, finds(mini_scenario()), error);
    INFO(error);
    REQUIRE(again);
    CHECK(again->resumption()->step == 2);
    CHECK(again->resumption()->torn_line_discarded);
    CHECK(again->score_history().size() == 2);
    play_ids(*again, {"c-promise-ok", "c-book"});
    again.reset();
    RecordFile record = read_record(path);
    REQUIRE(record.ok);
    CHECK_FALSE(record.partial_tail);
    ReplayResult replay = replay_record(record, mini_scenario());
    REQUIRE(replay.ok);
    CHECK(integrity_text(assess_integrity(record, &replay)).find("torn line discarded: yes") != std::string::npos);
}

TEST_CASE("a finished record cannot be resumed", "[session][resume]") {
    std::string error;
    auto first = RecordedSession::start(options_in(temp_dir()), error);
    REQUIRE(first);
    play_ids(*first, {"c-log", "c-verify", "c-promise-ok", "c-book"});
    std::string path = first->record_path();
    first.reset();
    CHECK_FALSE(RecordedSession::resume(path, finds(mini_scenario()), error));
    CHECK(error == path + " is a finished session; use counterpart replay to review it");
}

//-----------------------------------------------------------------------------------------------------------
// [A record that cannot be written]
//-----------------------------------------------------------------------------------------------------------
namespace {
// Makes further writes past the record's current size fail (EFBIG), as a full disk would; restores on exit.
struct FileSizeLimit {
    rlimit old{};
    explicit FileSizeLimit(const std::string& path) {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit now = old;
        now.rlim_cur = static_cast<rlim_t>(fs::file_size(path));
        setrlimit(RLIMIT_FSIZE, &now);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &old); }
};
}  // namespace

TEST_CASE("an assessment whose record can no longer be written stops with a clear message",
          "[session][assessment][regression]") {
    std::string error;
    auto rs = RecordedSession::start(options_in(temp_dir(), SessionMode::Assessment), error);
    REQUIRE(rs);
    play_ids(*rs, {"c-log"});
    {
        FileSizeLimit full(rs->record_path());
        rs->choose(rs->scenario().find_choice("c-verify"));
    }
    CHECK(rs->stopped());
    CHECK_FALSE(rs->recording());
    CHECK(rs->record_notice().find("The session record " + rs->record_path() + " can no longer be written") == 0);
    CHECK(rs->record_notice().find("An assessment that is not recorded is not evidence, so this session has "
                                   "stopped") != std::string::npos);
    CHECK_FALSE(rs->choose(rs->scenario().find_choice("c-promise-ok")));  // no further choice is taken
    CHECK(rs->session().steps_taken() == 2);
}

TEST_CASE("practice whose record can no longer be written goes on, and says so", "[session][regression]") {
    std::string error;
    auto rs = RecordedSession::start(options_in(temp_dir(), SessionMode::Practice), error);
    REQUIRE(rs);
    play_ids(*rs, {"c-log"});
    {
        FileSizeLimit full(rs->record_path());
        rs->choose(rs->scenario().find_choice("c-verify"));
    }
    CHECK_FALSE(rs->stopped());
    CHECK(rs->record_notice().find("practice goes on, unrecorded") != std::string::npos);
    play_ids(*rs, {"c-promise-ok", "c-book"});
    CHECK(rs->session().state() == SessionState::Ended);
}

//-----------------------------------------------------------------------------------------------------------
// [Debrief]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the debrief lists the learner's choices by grade, every unsafe one first", "[session][debrief]") {
    std::string error;
    auto rs = RecordedSession::start(options_in(temp_dir(), SessionMode::Assessment, graded_mini()), error);
    REQUIRE(rs);
    play_ids(*rs, {"c-log", "c-skip", "c-promise-ok", "c-family"});
    DebriefModel m = rs->debrief();
    CHECK(m.graded);
    REQUIRE(m.grades.size() == 4);
    CHECK(m.grades[0].grade == ChoiceGrade::Unsafe);
    CHECK(m.grades[0].step == 4);
    CHECK(m.grades[0].reason == "Because of c-family.");
    CHECK(m.grades[1].grade == ChoiceGrade::Poor);
    CHECK(m.grades[1].step == 2);
    CHECK(m.grades[2].grade == ChoiceGrade::Best);
    CHECK(m.grades[2].step == 1);
    CHECK(m.grade_counts[static_cast<int>(ChoiceGrade::Best)] == 2);
    std::string text = debrief_text(m, rs->session(), 100);
    auto unsafe = text.find("UNSAFE, step 4: Your son can interpret.");
    auto poor = text.find("POOR, step 2: No need for ID.");
    REQUIRE(unsafe != std::string::npos);
    REQUIRE(poor != std::string::npos);
    CHECK(unsafe < poor);
    CHECK(text.find("Why: Because of c-skip.") != std::string::npos);
}

TEST_CASE("the debrief shows a lowered severity with the scenario's reason beside the rule",
          "[session][debrief]") {
    std::string error;
    auto rs = RecordedSession::start(options_in(temp_dir(), SessionMode::Practice, graded_mini()), error);
    REQUIRE(rs);
    play_ids(*rs, {"c-log", "c-verify", "c-promise-ok", "c-family"});
    DebriefModel m = rs->debrief();
    const Scenario& s = rs->scenario();
    auto row = std::find_if(m.rows.begin(), m.rows.end(),
                            [&](const DebriefRow& r) { return s.rules[static_cast<std::size_t>(r.rule)].id() == "FX-05"; });
    REQUIRE(row != m.rows.end());
    CHECK(row->severity == RuleSeverity::Minor);
    CHECK(row->severity_note.find("The interpreter is booked by another team here.") != std::string::npos);
    CHECK(debrief_text(m, rs->session(), 200).find("Severity: this scenario makes it minor") != std::string::npos);
}
