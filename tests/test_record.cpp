// Session records: writing, the hash chain, the reader's checks of every field, format 1 compatibility,
// cut-off records, locks and naming. Each regression test is named after the finding it pins (issue 12).
//
// Index: [Helpers] [Round trip and tampering] [Reader hardening] [Cut off, never verified] [Format 2]
// [Writing: locks, names, temporary files]
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "record.hpp"
#include "sha256.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------
namespace {
std::shared_ptr<const Scenario> mini() {
    return mini_scenario();
}

// Plays `path` while recording, the way the players do; returns the record's file name.
std::string record_session(const std::vector<std::string>& path, bool finish = true, int customer = 1) {
    std::string file = temp_dir() + "/session.jsonl";
    Session session(mini(), {42, customer, true});
    std::string error;
    auto writer = RecordWriter::create(
        file, make_header_event(session, "Tess Learner", "assessment", "2026-11-24T09:00:00Z", true), error);
    REQUIRE(writer);
    for (const auto& id : path) {
        if (id == "consult:FX-02") {
            REQUIRE(writer->append(make_policy_consulted_event(session, mini()->find_rule("FX-02")), error));
            continue;
        }
        std::vector<int> shown = session.offered();
        StepResult step = session.choose(mini()->find_choice(id));
        REQUIRE(writer->append(make_choice_event(session, step, shown, 1500), error));
    }
    if (finish && session.state() == SessionState::Ended)
        REQUIRE(writer->append(make_ended_event(session), error));
    REQUIRE(writer->finish(error));
    return file;
}

const std::vector<std::string> kPath = {"c-log", "consult:FX-02", "c-verify", "c-promise-ok", "c-book"};

// Re-seals edited lines into a valid chain, as anyone with the file can.
std::string reseal(const std::vector<json>& lines) {
    std::string out, prev = kGenesisHash;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string hash;
        out += seal_record_line(lines[i], static_cast<int>(i), prev, &hash) + "\n";
        prev = hash;
    }
    return out;
}

std::vector<json> values_of(const RecordFile& record) {
    std::vector<json> out;
    for (const auto& line : record.lines) out.push_back(line.value);
    return out;
}

void write_text(const std::string& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Round trip and tampering]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a record round-trips: written, verified, replayed to the same result", "[record][unit]") {
    std::string file = record_session(kPath);
    RecordFile record = read_record(file);
    INFO(record.error);
    REQUIRE(record.ok);
    CHECK(record.lines.size() == 7);  // header, 4 choices, 1 consultation, ended
    CHECK(record.finished());
    const auto& h = record.header();
    CHECK(h["learner"] == "Tess Learner");
    CHECK(h["mode"] == "assessment");
    CHECK(h["seed"] == 42);
    CHECK(h["record_format"] == kRecordFormatVersion);
    CHECK(h["shuffled"] == true);
    CHECK(h["scenario"]["sha256"] == mini()->sha256);
    CHECK(h["policies"][0]["id"] == "fixture-policy");
    CHECK(record.info.seed == 42);
    CHECK(record.info.shuffled);

    ReplayResult replay = replay_record(record, mini());
    INFO(replay.error);
    REQUIRE(replay.ok);
    CHECK(replay.session->rubric().result().passed);
    CHECK(replay.consulted_rules == std::vector<int>{mini()->find_rule("FX-02")});
    CHECK(replay.score_history.size() == 4);
    CHECK(assess_integrity(record, &replay).status == RecordIntegrity::Status::Complete);
    CHECK(std::filesystem::exists(file));
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
}

TEST_CASE("flipping any single byte of a record is detected", "[record][tamper]") {
    // Detected means: the record is not reported as a verified, complete session. A flipped final newline
    // leaves the last line unterminated, which is a cut-off record, not a verified one.
    std::string file = record_session(kPath);
    const std::string original = read_file(file);
    std::size_t undetected = 0;
    for (std::size_t i = 0; i < original.size(); ++i) {
        std::string changed = original;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        RecordFile record = read_record_text(changed, file);
        ReplayResult replay = replay_record(record, mini());
        if (assess_integrity(record, &replay).status == RecordIntegrity::Status::Complete) ++undetected;
    }
    CHECK(original.size() > 1000);
    CHECK(undetected == 0);
}

TEST_CASE("tampering names the first bad line", "[record][tamper][unit]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    auto pos = text.find("\"c-verify\"", text.find("\"chosen\""));
    REQUIRE(pos != std::string::npos);
    text.replace(pos, 10, "\"c-skip\"  ");
    write_text(file, text);
    RecordFile record = read_record(file);
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line >= 2);
    CHECK(record.error.rfind("line " + std::to_string(record.bad_line) + ":", 0) == 0);
    CHECK(record.message().rfind(file + ":" + std::to_string(record.bad_line) + ": error: ", 0) == 0);
}

TEST_CASE("a re-sealed record whose verdicts were edited is caught by re-running", "[record][tamper][unit]") {
    // Anyone who recomputes every hash still cannot change what the rubric says about the choices.
    std::string file = record_session(kPath);
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    auto lines = values_of(record);
    lines.back()["score"] = 99;
    write_text(file, reseal(lines));
    RecordFile forged = read_record(file);
    REQUIRE(forged.ok);
    ReplayResult replay = replay_record(forged, mini());
    CHECK_FALSE(replay.ok);
    CHECK(replay.bad_line == 7);
    CHECK(replay.error.find("recorded score 99%") != std::string::npos);
}

TEST_CASE("sealing dumps a line once and writes the same text as dumping it twice", "[record][unit]") {
    json event = {{"type", "choice"}, {"a", 1}, {"zeta", "z"}, {"hash", "stale"}, {"verdicts", json::array()}};
    std::string hash;
    std::string line = seal_record_line(event, 3, kGenesisHash, &hash);
    json body = event;
    body.erase("hash");
    body["seq"] = 3;
    body["prev"] = kGenesisHash;
    CHECK(hash == sha256_hex(body.dump()));
    body["hash"] = hash;
    CHECK(line == body.dump());
    // Keys only after "hash", and only before it.
    for (json e : {json{{"type", "x"}}, json{{"a", 1}}}) {
        std::string h2;
        std::string l2 = seal_record_line(e, 0, kGenesisHash, &h2);
        json b2 = e;
        b2["seq"] = 0;
        b2["prev"] = kGenesisHash;
        CHECK(h2 == sha256_hex(b2.dump()));
        b2["hash"] = h2;
        CHECK(l2 == b2.dump());
    }
}

TEST_CASE("a record made with a different scenario version is refused by fingerprint", "[record][unit]") {
    std::string file = record_session(kPath);
    auto changed_json = mini_json();
    changed_json["nodes"][0]["lines"][1]["text"] = "Different words.";
    auto changed = load(changed_json);
    REQUIRE(changed.scenario);
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    CHECK(compare_fingerprints(record.header(), *mini()).empty());
    CHECK(compare_fingerprints(record.header(), *changed.scenario)
              .find("has changed since the record was made") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Reader hardening]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a record line with a string seq is reported with its line and field, not thrown",
          "[record][hardening][regression]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    auto pos = text.find("\"seq\":0");
    REQUIRE(pos != std::string::npos);
    text.replace(pos, 7, "\"seq\":\"0\"");
    RecordFile record;
    REQUIRE_NOTHROW(record = read_record_text(text, file));
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line == 1);
    CHECK(record.field == "/seq");
    CHECK(record.message() == file + ":1: error: field /seq must be a whole number, but it is a string");
}

TEST_CASE("a resealed record field of the wrong type is reported with its line and field, not thrown",
          "[record][hardening][regression]") {
    std::string file = record_session(kPath);
    RecordFile good = read_record(file);
    REQUIRE(good.ok);
    auto lines = values_of(good);
    REQUIRE(lines[1]["type"] == "choice");
    lines[1]["verdicts"] = json::array({{{"rule", "FX-01"}, {"verdict", "kept"}, {"step", "1"}}});
    RecordFile record;
    REQUIRE_NOTHROW(record = read_record_text(reseal(lines), file));
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line == 2);
    CHECK(record.field == "/verdicts/0/step");
    CHECK(record.error.find("must be a whole number, but it is a string") != std::string::npos);
}

TEST_CASE("a chained header with no scenario key is reported, not a crash", "[record][hardening][regression]") {
    std::string file = record_session(kPath);
    RecordFile good = read_record(file);
    REQUIRE(good.ok);
    auto lines = values_of(good);
    lines[0].erase("scenario");
    write_text(file, reseal(lines));
    RecordFile record = read_record(file);
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line == 1);
    CHECK(record.field == "/scenario");
    CHECK(record.error == "line 1: field /scenario is missing");
    // compare_fingerprints is public and takes any JSON: it must not touch a missing key either.
    CHECK(compare_fingerprints(lines[0], *mini()) == "the record's header names no scenario");
}

TEST_CASE("a record line of 100,000 nested arrays is reported, not a stack overflow",
          "[record][hardening][regression]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    text += std::string(100000, '[') + std::string(100000, ']') + "\n";
    RecordFile record = read_record_text(text, file);
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line == 8);
    CHECK(record.error.find("nests arrays or objects more than") != std::string::npos);
}

TEST_CASE("60 MB of NULs is reported as NUL bytes, not as an empty record", "[record][hardening][regression]") {
    std::string file = temp_dir() + "/nuls.jsonl";
    {
        std::ofstream out(file, std::ios::binary);
        std::string chunk(1 << 20, '\0');
        for (int i = 0; i < 60; ++i) out << chunk;
    }
    RecordFile record = read_record(file);
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line == 1);
    CHECK(record.error.find("empty") == std::string::npos);
    CHECK(record.error.find("holds only NUL bytes") != std::string::npos);
    // An empty file is what "empty" is for.
    CHECK(read_record_text("", file).error == "line 1: the record is empty");
}

TEST_CASE("a record line of a binary blob or of no object is reported with its line", "[record][hardening]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    for (std::string bad : {std::string("[1,2,3]"), std::string("\"x\""), std::string("{\"a\":1e999}"),
                            std::string("{\"seq\":7,\"prev\":1,\"hash\":2}"), std::string(2 << 20, 'x')}) {
        RecordFile record = read_record_text(text + bad + "\n", file);
        INFO(bad.substr(0, 40));
        CHECK_FALSE(record.ok);
        CHECK(record.bad_line == 8);
    }
}

TEST_CASE("record header scenario ids with path separators or .. are refused", "[record][hardening]") {
    std::string file = record_session(kPath);
    auto lines = values_of(read_record(file));
    for (const char* id : {"../etc/passwd", "a/b", "..", "x\\y", ""}) {
        lines[0]["scenario"]["id"] = id;
        RecordFile record = read_record_text(reseal(lines), file);
        INFO(id);
        CHECK_FALSE(record.ok);
        CHECK(record.field == "/scenario/id");
    }
    CHECK(valid_scenario_id("sar-phone"));
    CHECK(valid_scenario_id("v1.2_x"));
}

//-----------------------------------------------------------------------------------------------------------
// [Cut off, never verified]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a finished record whose last line is deleted replays as cut off, never verified",
          "[record][integrity][regression]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    text.erase(text.rfind('\n', text.size() - 2) + 1);  // delete the ended line, keep the rest whole
    RecordFile record = read_record_text(text, file);
    REQUIRE(record.ok);
    ReplayResult replay = replay_record(record, mini());
    REQUIRE(replay.ok);
    RecordIntegrity integrity = assess_integrity(record, &replay);
    CHECK(integrity.status == RecordIntegrity::Status::CutOff);
    std::string said = integrity_text(integrity);
    CHECK(said.rfind("Cut off after step 4: no end event", 0) == 0);
    CHECK(said.find("Verified") == std::string::npos);
}

TEST_CASE("a finished record whose final newline is missing is cut off, never verified",
          "[record][integrity][regression]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    text.pop_back();
    RecordFile record = read_record_text(text, file);
    REQUIRE(record.ok);
    CHECK(record.partial_tail);
    CHECK(record.final_newline_missing);
    CHECK_FALSE(record.finished());
    ReplayResult replay = replay_record(record, mini());
    RecordIntegrity integrity = assess_integrity(record, &replay);
    CHECK(integrity.status == RecordIntegrity::Status::CutOff);
    CHECK(integrity_text(integrity).find("its final newline is missing") != std::string::npos);
}

TEST_CASE("a crash mid-write loses only the step in progress, and the session resumes",
          "[record][crash][unit]") {
    std::string file = record_session({"c-log", "c-verify"}, false);
    // Simulate a power cut while the third line was being written.
    std::ofstream(file, std::ios::binary | std::ios::app) << "{\"chosen\":\"c-prom";
    auto writer_error = std::string();
    auto writer = RecordWriter::open_existing(file, writer_error);
    REQUIRE(writer);
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    CHECK(record.partial_tail);
    CHECK_FALSE(record.final_newline_missing);
    CHECK(record.lines.size() == 3);
    CHECK_FALSE(record.finished());

    ReplayResult replay = replay_record(record, mini());
    REQUIRE(replay.ok);
    Session& session = *replay.session;
    CHECK(session.steps_taken() == 2);

    std::string error;
    REQUIRE(writer->continue_after(record, error));
    REQUIRE(writer->append(make_resumed_event(session, 3600, record.last_hash, true), error));
    for (const char* id : {"c-promise-ok", "c-book"}) {
        std::vector<int> shown = session.offered();
        StepResult step = session.choose(mini()->find_choice(id));
        REQUIRE(writer->append(make_choice_event(session, step, shown, 900), error));
    }
    REQUIRE(writer->append(make_ended_event(session), error));
    REQUIRE(writer->finish(error));
    RecordFile finished = read_record(file);
    INFO(finished.error);
    REQUIRE(finished.ok);
    CHECK_FALSE(finished.partial_tail);
    CHECK(finished.finished());
    ReplayResult again = replay_record(finished, mini());
    REQUIRE(again.ok);
    REQUIRE(again.resumes.size() == 1);
    CHECK(again.resumes[0].step == 2);
    std::string said = integrity_text(assess_integrity(finished, &again));
    CHECK(said.find("Resumed at step 2 after a gap of 1 h 0 min, torn line discarded: yes.") !=
          std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Format 2]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a format 1 record (no shuffle, no grades) still replays exactly", "[record][format][unit]") {
    // tests/fixtures/records/format1/record.jsonl was written in record format 1: no "shuffled" key (options in
    // file order) and no grades. Replay must not shuffle it.
    PolicyLibrary policies;
    Diagnostics diags;
    policies.load_directory(fixture("records/format1/policies"), diags);
    Loaded old = load(read_json(fixture("records/format1/mini.json")), policies);
    REQUIRE(old.scenario);
    auto mini = [&] { return old.scenario; };
    RecordFile record = read_record(fixture("records/format1/record.jsonl"));
    INFO(record.error);
    REQUIRE(record.ok);
    CHECK(compare_fingerprints(record.header(), *old.scenario).empty());
    CHECK(record.info.record_format == 1);
    CHECK_FALSE(record.info.shuffled);
    CHECK_FALSE(record.header().contains("shuffled"));
    ReplayResult replay = replay_record(record, mini());
    INFO(replay.error);
    REQUIRE(replay.ok);
    CHECK(replay.session->state() == SessionState::Ended);
    CHECK(assess_integrity(record, &replay).status == RecordIntegrity::Status::Complete);
    // The fixture's seed shuffles differently from file order, so replaying it shuffled would fail.
    RecordFile as_if_shuffled = record;
    as_if_shuffled.info.shuffled = true;
    CHECK_FALSE(replay_record(as_if_shuffled, mini()).ok);
}

TEST_CASE("a format 2 header without shuffled, or a choice without grade, is reported", "[record][format]") {
    std::string file = record_session(kPath);
    auto lines = values_of(read_record(file));
    auto no_shuffle = lines;
    no_shuffle[0].erase("shuffled");
    RecordFile a = read_record_text(reseal(no_shuffle), file);
    CHECK(a.error == "line 1: field /shuffled is missing");
    auto no_grade = lines;
    no_grade[1].erase("grade");
    RecordFile b = read_record_text(reseal(no_grade), file);
    CHECK(b.error == "line 2: field /grade is missing");
}

TEST_CASE("the choice event records the chosen option's grade and replay checks it", "[record][format]") {
    auto graded_json = mini_json();
    for (auto& node : graded_json["nodes"])
        for (auto& c : node["choices"]) {
            c["grade"] = c["id"] == "c-disclose-now" ? "unsafe" : "best";
            c["grade_reason"] = "Fixture.";
        }
    graded_json["format_version"] = 2;
    auto graded = load(graded_json);
    INFO(dump(graded.diags));
    REQUIRE(graded.scenario);
    std::string file = temp_dir() + "/graded.jsonl";
    Session session(graded.scenario, {5, 0, true});
    std::string error;
    auto writer = RecordWriter::create(file, make_header_event(session, "T", "practice", utc_now_iso(), true), error);
    REQUIRE(writer);
    std::vector<int> shown = session.offered();
    StepResult step = session.choose(graded.scenario->find_choice("c-disclose-now"));
    REQUIRE(writer->append(make_choice_event(session, step, shown, 10), error));
    REQUIRE(writer->finish(error));
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    CHECK(record.lines[1].value["grade"] == "unsafe");
    REQUIRE(replay_record(record, graded.scenario).ok);
    auto lines = values_of(record);
    lines[1]["grade"] = "best";
    ReplayResult forged = replay_record(read_record_text(reseal(lines), file), graded.scenario);
    CHECK_FALSE(forged.ok);
    CHECK(forged.bad_line == 2);
    CHECK(forged.error.find("graded 'best', but the scenario grades it 'unsafe'") != std::string::npos);
}

TEST_CASE("a resumed event that claims the wrong step is caught by re-running", "[record][format]") {
    std::string file = record_session({"c-log", "c-verify"}, false);
    auto lines = values_of(read_record(file));
    Session s(mini(), {42, 1, true});
    lines.push_back(make_resumed_event(s, 10, "", false));  // claims step 0 after two choices
    std::string text = reseal(lines);
    // last_hash must be the line before; set it and reseal.
    RecordFile first = read_record_text(text, file);
    REQUIRE_FALSE(first.ok);
    CHECK(first.field == "/last_hash");
    lines.back()["last_hash"] = read_record(file).last_hash;
    RecordFile record = read_record_text(reseal(lines), file);
    REQUIRE(record.ok);
    ReplayResult replay = replay_record(record, mini());
    CHECK_FALSE(replay.ok);
    CHECK(replay.bad_line == 4);
    CHECK(replay.error.find("resumed at step 0, but 2 steps had been recorded") != std::string::npos);
}

TEST_CASE("a 64-bit seed is read as the unsigned number it is", "[record][unit][regression]") {
    std::string file = record_session(kPath);
    auto lines = values_of(read_record(file));
    lines[0]["seed"] = std::uint64_t{18446744073709551615ull};
    RecordFile record = read_record_text(reseal(lines), file);
    REQUIRE(record.ok);
    CHECK(record.info.seed == 18446744073709551615ull);
}

//-----------------------------------------------------------------------------------------------------------
// [Writing: locks, names, temporary files]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a new record never overwrites an existing one", "[record][unit]") {
    std::string file = record_session(kPath);
    Session session(mini(), {1, 0});
    std::string error;
    CHECK_FALSE(RecordWriter::create(file, make_header_event(session, "x", "practice", "t", true), error));
    CHECK(error == "a record already exists at " + file);
}

TEST_CASE("a second writer on a record is refused with a message naming the record",
          "[record][lock][regression]") {
    std::string file = record_session({"c-log"}, false);
    std::string error;
    auto first = RecordWriter::open_existing(file, error);
    REQUIRE(first);
    auto second = RecordWriter::open_existing(file, error);
    CHECK_FALSE(second);
    CHECK(error.find("the record " + file + " is being written by another Counterpart session") !=
          std::string::npos);
    first.reset();  // the lock goes with the writer
    CHECK(RecordWriter::open_existing(file, error));
}

TEST_CASE("a new record is locked from its first line", "[record][lock]") {
    std::string dir = temp_dir();
    Session session(mini(), {1, 0});
    std::string error;
    auto writer = RecordWriter::create(dir + "/r.jsonl", make_header_event(session, "x", "practice", "t", true), error);
    REQUIRE(writer);
    CHECK_FALSE(RecordWriter::open_existing(dir + "/r.jsonl", error));
}

TEST_CASE("two sessions started in the same second get -2, never an error", "[record][naming][regression]") {
    std::string dir = temp_dir();
    Session session(mini(), {1, 0});
    json header = make_header_event(session, "x", "practice", "t", true);
    std::string error;
    auto a = RecordWriter::create_unique(dir, "mini-2026-11-24T09-00-00Z", header, error);
    auto b = RecordWriter::create_unique(dir, "mini-2026-11-24T09-00-00Z", header, error);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->path() == dir + "/mini-2026-11-24T09-00-00Z.jsonl");
    CHECK(b->path() == dir + "/mini-2026-11-24T09-00-00Z-2.jsonl");
}

TEST_CASE("a stale R.tmp left by a kill is removed when R is next created", "[record][regression]") {
    std::string dir = temp_dir();
    std::string file = dir + "/r.jsonl";
    std::ofstream(file + ".tmp") << "{\"half\":";
    Session session(mini(), {1, 0});
    std::string error;
    auto writer = RecordWriter::create(file, make_header_event(session, "x", "practice", "t", true), error);
    REQUIRE(writer);
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        CHECK(entry.path().filename() == "r.jsonl");  // no temporary file of our own left either
}

TEST_CASE("finish() waits until every line written is synced", "[record][durability]") {
    std::string file = record_session(kPath);
    std::string error;
    auto writer = RecordWriter::open_existing(file, error);
    REQUIRE(writer);
    RecordFile record = read_record(file);
    REQUIRE(writer->continue_after(record, error));
    Session s(mini(), {42, 1, true});
    for (int i = 0; i < 50; ++i) REQUIRE(writer->append(make_policy_consulted_event(s, 0), error));
    REQUIRE(writer->finish(error));
    CHECK(read_record(file).lines.size() == record.lines.size() + 50);
}
