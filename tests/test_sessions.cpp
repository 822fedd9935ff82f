// The assessor's session index: summaries of good and damaged records, files that appear, change and go while
// the index is open, queries, CSV export (quoting and formula injection) and `counterpart sessions`.
//
// Index: [Helpers] [Summaries] [Rescans] [Queries] [CSV] [Command line] [Cohort]
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.hpp"
#include "cohort.hpp"
#include "recorded_session.hpp"
#include "session_index.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------
namespace {

// Plays the mini fixture as `learner` into `dir`; returns the record's path.
std::string make_record(const std::string& dir, const std::string& learner, const std::vector<std::string>& ids,
                        SessionMode mode = SessionMode::Assessment, const std::string& file = "") {
    NewSession o;
    o.scenario = mini_scenario();
    o.learner = learner;
    o.mode = mode;
    o.seed = 42;
    o.customer = 1;
    if (file.empty())
        o.sessions_dir = dir;
    else
        o.record_path = (fs::path(dir) / file).string();
    std::string error;
    auto rs = RecordedSession::start(o, error);
    REQUIRE(rs);
    for (const auto& id : ids) REQUIRE(rs->choose(rs->scenario().find_choice(id)));
    REQUIRE(rs->flush(error));
    return rs->record_path();
}

const std::vector<std::string> kPassing = {"c-log", "c-verify", "c-promise-ok", "c-book"};

std::string slurp(const std::string& path) { return read_file(path); }

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

const SessionRow* row_for(const SessionIndex& index, const std::string& path) {
    for (const auto& r : index.rows())
        if (r.path == path) return &r;
    return nullptr;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Summaries]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a finished record is summarised with learner, scenario, mode, result, score and verified chain",
          "[sessions]") {
    std::string dir = temp_dir();
    std::string path = make_record(dir, "Priya", kPassing);
    SessionRow row = summarise_record(path);
    CHECK(row.learner == "Priya");
    CHECK(row.scenario_id == mini_scenario()->id);
    CHECK(row.mode == "assessment");
    CHECK(!row.started_at.empty());
    CHECK(row.steps == 4);
    CHECK(row.integrity == RecordIntegrity::Status::Complete);
    CHECK(row.integrity_summary == "Chain verified");
    CHECK((row.result == SessionRow::Result::Pass || row.result == SessionRow::Result::Fail));
    CHECK(row.score >= 0);
    CHECK_FALSE(row.marked);
    REQUIRE(row.picks.size() == 4);
    CHECK(row.picks[0].node == "n1");
    CHECK(row.picks[0].choice == "c-log");
}

TEST_CASE("damaged records are named for what is wrong, and still say whose they are", "[sessions]") {
    std::string dir = temp_dir();
    std::string path = make_record(dir, "Sam", kPassing);
    std::string text = slurp(path);

    SECTION("an edited line: altered at that line") {
        auto second = text.find('\n') + 1;
        auto pos = text.find("\"mood\":", second);
        REQUIRE(pos != std::string::npos);
        text[pos + 7] = text[pos + 7] == '9' ? '8' : '9';
        write(path, text);
        SessionRow row = summarise_record(path);
        CHECK(row.integrity == RecordIntegrity::Status::Altered);
        CHECK(row.integrity_summary.rfind("Altered at line ", 0) == 0);
        CHECK(row.learner == "Sam");  // the intact header still names the learner
        CHECK(row.result == SessionRow::Result::Unreadable);
        CHECK(row.score == -1);
    }
    SECTION("the last line removed: cut off after the last step, no result") {
        text.pop_back();
        text.erase(text.rfind('\n') + 1);
        write(path, text);
        SessionRow row = summarise_record(path);
        CHECK(row.integrity == RecordIntegrity::Status::CutOff);
        CHECK(row.integrity_summary == "Cut off after step 4");
        CHECK(row.result == SessionRow::Result::Unfinished);
    }
    SECTION("only the final newline missing: cut off, and it says so instead of verified") {
        text.pop_back();
        write(path, text);
        SessionRow row = summarise_record(path);
        CHECK(row.integrity == RecordIntegrity::Status::CutOff);
        CHECK(row.integrity_summary == "Cut off after step 4 (final newline missing)");
    }
    SECTION("a file that is not a record at all") {
        write(path, "not json\n\x01\x02");
        SessionRow row = summarise_record(path);
        CHECK(row.integrity != RecordIntegrity::Status::Complete);
        CHECK(row.learner.empty());
        CHECK(row.result == SessionRow::Result::Unreadable);
    }
    SECTION("an empty file") {
        write(path, "");
        SessionRow row = summarise_record(path);
        CHECK(row.integrity != RecordIntegrity::Status::Complete);
        CHECK(row.result == SessionRow::Result::Unreadable);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Rescans]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the index picks up a record that appears, changes or goes while it is open", "[sessions]") {
    std::string a = temp_dir(), b = temp_dir();
    std::string first = make_record(a, "Ana", kPassing);
    SessionIndex index({a, b});
    index.wait_until_idle();
    REQUIRE(index.rows().size() == 1);
    CHECK(index.files_found() == 1);

    std::string later = make_record(b, "Ben", {"c-log", "c-verify"}, SessionMode::Practice);
    index.rescan();
    index.wait_until_idle();
    REQUIRE(index.rows().size() == 2);
    const SessionRow* ben = row_for(index, later);
    REQUIRE(ben);
    CHECK(ben->result == SessionRow::Result::Unfinished);
    CHECK(ben->mode == "practice");

    SECTION("marking an assessment shows as marked") {
        write(assessment_path(first), "{}");
        index.rescan();
        index.wait_until_idle();
        REQUIRE(row_for(index, first));
        CHECK(row_for(index, first)->marked);
    }
    SECTION("a record that is damaged after it was read is read again") {
        std::string text = slurp(first);
        text.pop_back();  // same mtime granularity is not relied on: the size changes too
        write(first, text);
        index.rescan();
        index.wait_until_idle();
        REQUIRE(row_for(index, first));
        CHECK(row_for(index, first)->integrity == RecordIntegrity::Status::CutOff);
        CHECK(index.rows().size() == 2);
    }
    SECTION("a record that is removed leaves the table") {
        fs::remove(later);
        index.rescan();
        index.wait_until_idle();
        CHECK(index.rows().size() == 1);
        CHECK_FALSE(row_for(index, later));
    }
}

TEST_CASE("a folder that does not exist is reported, not fatal", "[sessions]") {
    std::string dir = temp_dir();
    make_record(dir, "Ana", kPassing);
    SessionIndex index({dir, dir + "/missing"});
    index.wait_until_idle();
    CHECK(index.rows().size() == 1);
    REQUIRE(index.problems().size() == 1);
    CHECK(index.problems()[0].find("missing") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Queries]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("sessions are sorted, filtered and searched", "[sessions]") {
    std::vector<SessionRow> rows(4);
    rows[0].learner = "zoe", rows[0].started_at = "2026-01-02T00:00:00Z", rows[0].score = 40,
    rows[0].mode = "practice", rows[0].integrity = RecordIntegrity::Status::Complete;
    rows[1].learner = "Adam", rows[1].started_at = "2026-01-01T00:00:00Z", rows[1].score = 90,
    rows[1].mode = "assessment", rows[1].integrity = RecordIntegrity::Status::CutOff, rows[1].marked = true;
    rows[2].learner = "mia", rows[2].started_at = "2026-01-03T00:00:00Z", rows[2].score = 70,
    rows[2].mode = "assessment", rows[2].integrity = RecordIntegrity::Status::Complete;
    rows[3].learner = "Adamson", rows[3].started_at = "2026-01-04T00:00:00Z", rows[3].score = 10,
    rows[3].mode = "assessment", rows[3].integrity = RecordIntegrity::Status::Altered;
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].path = "/r/" + std::to_string(i) + ".jsonl";

    SessionQuery q;
    CHECK(query_rows(rows, q) == std::vector<int>{3, 2, 0, 1});  // newest first by default
    q.sort = SessionColumn::Learner;
    q.descending = false;
    CHECK(query_rows(rows, q) == std::vector<int>{1, 3, 2, 0});  // case folded
    q.sort = SessionColumn::Score;
    q.descending = true;
    CHECK(query_rows(rows, q) == std::vector<int>{1, 2, 0, 3});
    q.search = "ADAM";
    CHECK(query_rows(rows, q) == std::vector<int>{1, 3});
    q.search.clear();
    q.mode = "assessment";
    q.only_problems = true;
    CHECK(query_rows(rows, q) == std::vector<int>{1, 3});
    q.only_unmarked = true;
    CHECK(query_rows(rows, q) == std::vector<int>{3});
}

TEST_CASE("rows merged into a sorted view as they arrive give the same order as sorting them all",
          "[sessions]") {
    std::vector<SessionRow> rows;
    for (int i = 0; i < 60; ++i) {
        SessionRow r;
        r.learner = std::string(1, static_cast<char>('a' + (i * 7) % 26));
        r.started_at = "2026-01-" + std::to_string(10 + (i * 13) % 20);
        r.score = (i * 37) % 101;
        r.mode = i % 3 ? "assessment" : "practice";
        r.path = "/r/" + std::to_string(i);
        rows.push_back(r);
    }
    for (SessionColumn column : {SessionColumn::Learner, SessionColumn::Date, SessionColumn::Score}) {
        SessionQuery q;
        q.sort = column;
        q.mode = "assessment";
        std::vector<int> merged;
        std::vector<SessionRow> arrived;
        for (std::size_t from = 0; from < rows.size(); from += 7) {
            std::size_t before = arrived.size();
            for (std::size_t i = from; i < std::min(rows.size(), from + 7); ++i) arrived.push_back(rows[i]);
            extend_query_rows(arrived, before, q, merged);
        }
        CHECK(merged == query_rows(rows, q));
        CHECK(merged.size() == 40);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [CSV]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("CSV fields are quoted as RFC 4180 says and formulas are written as text", "[sessions][csv]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("Smith, Jo") == "\"Smith, Jo\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field("+44 1234") == "'+44 1234");
    CHECK(csv_field("-2+3") == "'-2+3");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("") == "");
}

TEST_CASE("the sessions CSV has a header, one CRLF line per record, and a hostile learner name is inert",
          "[sessions][csv]") {
    std::string dir = temp_dir();
    make_record(dir, "=cmd|' /C calc'!A0, \"x\"", kPassing);
    SessionIndex index({dir});
    index.wait_until_idle();
    std::string csv = sessions_csv(index.rows(), query_rows(index.rows(), {}));
    CHECK(csv.rfind("Learner,Scenario,Scenario version,Date,Mode,Result,Score,Steps,Integrity,Marking,Record\r\n",
                    0) == 0);
    CHECK(csv.find("\r\n\"'=cmd|' /C calc'!A0, \"\"x\"\"\",") != std::string::npos);
    CHECK(csv.find(",Chain verified,not marked,") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Command line]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("counterpart sessions lists records, writes CSV, and exits 1 when one is altered",
          "[sessions][cli]") {
    std::string dir = temp_dir();
    std::string good = make_record(dir, "Ana", kPassing);
    std::ostringstream out, err;
    CHECK(cli::sessions({dir}, out, err) == 0);
    CHECK(out.str().find("Ana") != std::string::npos);
    CHECK(out.str().find("Chain verified") != std::string::npos);
    CHECK(out.str().find("1 record\n") != std::string::npos);

    std::string bad = make_record(dir, "Bo", kPassing, SessionMode::Assessment, "bo.jsonl");
    std::string text = slurp(bad);
    text[text.find("\"learner\":\"Bo\"") + 12] = 'X';  // the header edited: the chain breaks at line 1
    write(bad, text);
    std::ostringstream out2, err2;
    CHECK(cli::sessions({dir, "--csv"}, out2, err2) == 1);
    CHECK(out2.str().find("Altered at line 1") != std::string::npos);

    std::ostringstream out3, err3;
    CHECK(cli::sessions({dir + "/nope"}, out3, err3) == 2);
    CHECK(err3.str().find("does not exist") != std::string::npos);
    CHECK(cli::sessions({}, out3, err3) == 2);
}

//-----------------------------------------------------------------------------------------------------------
// [Cohort]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("the cohort counts breaches by rule, place and learner, attempts in order, and picks per node",
          "[sessions][cohort]") {
    auto row = [](std::string learner, std::string at, int score, std::vector<SessionBreach> breaches,
                  std::vector<SessionPick> picks) {
        SessionRow r;
        r.learner = std::move(learner);
        r.scenario_id = "s";
        r.started_at = std::move(at);
        r.path = r.learner + r.started_at;
        r.score = score;
        r.result = score >= 50 ? SessionRow::Result::Pass : SessionRow::Result::Fail;
        r.integrity = RecordIntegrity::Status::Complete;
        r.breaches = std::move(breaches);
        r.picks = std::move(picks);
        return r;
    };
    std::vector<SessionRow> rows = {
        row("ann", "2026-01-02", 40, {{"R1", 1, "n1", "bad"}, {"R2", 2, "n2", "x"}}, {{"n1", "bad", "unsafe"}}),
        row("ann", "2026-01-01", 20, {{"R1", 1, "n1", "bad"}}, {{"n1", "bad", "unsafe"}}),
        row("bob", "2026-01-01", 80, {{"R1", 1, "n1", "bad"}}, {{"n1", "good", "best"}}),
        row("cat", "2026-01-03", 90, {}, {{"n1", "good", "best"}}),
    };
    rows.push_back(rows[3]);
    rows.back().integrity = RecordIntegrity::Status::Altered;  // left out
    rows.back().breaches = {{"R9", 1, "n1", "bad"}};
    CohortModel m = make_cohort(rows, {0, 1, 2, 3, 4});
    CHECK(m.sessions == 4);
    CHECK(m.learners == 3);
    CHECK(m.left_out == 1);
    REQUIRE(m.rules.size() == 2);
    CHECK(m.rules[0].rule == "R1");
    CHECK(m.rules[0].breaches == 3);
    CHECK(m.rules[0].learners == 2);
    REQUIRE_FALSE(m.places.empty());
    CHECK(m.places[0].node == "n1");
    CHECK(m.places[0].choice == "bad");
    CHECK(m.places[0].breaches == 3);
    CHECK(m.by_learner[0].learner == "ann");
    CHECK(m.by_learner[0].breaches == 3);
    CHECK(m.by_learner[0].last_score == 40);  // the later attempt, though listed first
    REQUIRE(m.trend.size() == 2);
    CHECK(m.trend[0].sessions == 3);             // everyone's first attempt
    CHECK(m.trend[0].mean_score == Approx((20 + 80 + 90) / 3.0));
    CHECK(m.trend[1].sessions == 1);             // ann's second
    CHECK(m.trend[1].mean_score == Approx(40));
    REQUIRE(m.nodes.size() == 1);
    CHECK(m.nodes[0].picks == 4);
    CHECK(m.nodes[0].choices[0].picks == 2);
}
