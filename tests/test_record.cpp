#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "record.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace {
std::shared_ptr<const Scenario> mini() {
    return mini_scenario();
}

// Plays `path` while recording, the way the players do; returns the record's file name.
std::string record_session(const std::vector<std::string>& path, bool finish = true, int customer = 1) {
    std::string file = temp_dir() + "/session.jsonl";
    Session session(mini(), {42, customer});
    std::string error;
    auto writer = RecordWriter::create(
        file, make_header_event(session, "Tess Learner", "assessment", "2026-11-24T09:00:00Z"), error);
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
    return file;
}

const std::vector<std::string> kPath = {"c-log", "consult:FX-02", "c-verify", "c-promise-ok", "c-book"};
}  // namespace

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
    CHECK(h["scenario"]["sha256"] == mini()->sha256);
    CHECK(h["policies"][0]["id"] == "fixture-policy");
    CHECK(record.lines[1].value["shown"] == nlohmann::json::array({"c-log", "c-disclose-now"}));

    ReplayResult replay = replay_record(record, mini());
    INFO(replay.error);
    REQUIRE(replay.ok);
    CHECK(replay.session->rubric().result().passed);
    CHECK(replay.consulted_rules == std::vector<int>{mini()->find_rule("FX-02")});
    CHECK(std::filesystem::exists(file));
    CHECK_FALSE(std::filesystem::exists(file + ".tmp"));
}

TEST_CASE("flipping any single byte of a record is detected", "[record][tamper]") {
    std::string file = record_session(kPath);
    const std::string original = read_file(file);
    std::size_t undetected = 0;
    for (std::size_t i = 0; i < original.size(); ++i) {
        std::string changed = original;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << changed;
        }
        RecordFile record = read_record(file);
        bool detected = !record.ok || record.partial_tail || !replay_record(record, mini()).ok;
        if (!detected) ++undetected;
    }
    CHECK(undetected == 0);
}

TEST_CASE("tampering names the first bad line", "[record][tamper][unit]") {
    std::string file = record_session(kPath);
    std::string text = read_file(file);
    auto pos = text.find("\"c-verify\"", text.find("\"chosen\""));
    REQUIRE(pos != std::string::npos);
    text.replace(pos, 10, "\"c-skip\"  ");
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    RecordFile record = read_record(file);
    CHECK_FALSE(record.ok);
    CHECK(record.bad_line >= 2);
    CHECK(record.error.rfind("line " + std::to_string(record.bad_line) + ":", 0) == 0);
}

TEST_CASE("a re-sealed record whose verdicts were edited is caught by re-running", "[record][tamper][unit]") {
    // An attacker who recomputes every hash still cannot change what the rubric says about the choices.
    std::string file = record_session(kPath);
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    std::string rebuilt, prev = kGenesisHash;
    for (std::size_t i = 0; i < record.lines.size(); ++i) {
        nlohmann::json ev = record.lines[i].value;
        if (ev["type"] == "ended") ev["score"] = 99;
        std::string hash;
        rebuilt += seal_record_line(ev, static_cast<int>(i), prev, &hash) + "\n";
        prev = hash;
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << rebuilt;
    RecordFile forged = read_record(file);
    REQUIRE(forged.ok);
    ReplayResult replay = replay_record(forged, mini());
    CHECK_FALSE(replay.ok);
    CHECK(replay.bad_line == 7);
    CHECK(replay.error.find("recorded score 99%") != std::string::npos);
}

TEST_CASE("a crash mid-write loses only the step in progress, and the session resumes",
          "[record][crash][unit]") {
    std::string file = record_session({"c-log", "c-verify"}, false);
    // Simulate a power cut while the third line was being written.
    std::string text = read_file(file);
    std::ofstream(file, std::ios::binary | std::ios::app) << "{\"chosen\":\"c-prom";
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    CHECK(record.partial_tail);
    CHECK(record.lines.size() == 3);
    CHECK_FALSE(record.finished());

    ReplayResult replay = replay_record(record, mini());
    REQUIRE(replay.ok);
    Session& session = *replay.session;
    CHECK(session.steps_taken() == 2);

    std::string error;
    auto writer = RecordWriter::resume(file, record.last_hash, static_cast<int>(record.lines.size()),
                                       record.valid_bytes, error);
    REQUIRE(writer);
    for (const char* id : {"c-promise-ok", "c-book"}) {
        std::vector<int> shown = session.offered();
        StepResult step = session.choose(mini()->find_choice(id));
        REQUIRE(writer->append(make_choice_event(session, step, shown, 900), error));
    }
    REQUIRE(writer->append(make_ended_event(session), error));
    RecordFile finished = read_record(file);
    INFO(finished.error);
    REQUIRE(finished.ok);
    CHECK_FALSE(finished.partial_tail);
    CHECK(finished.finished());
    CHECK(replay_record(finished, mini()).ok);
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

TEST_CASE("a new record never overwrites an existing one", "[record][unit]") {
    std::string file = record_session(kPath);
    Session session(mini(), {1, 0});
    std::string error;
    CHECK_FALSE(RecordWriter::create(file, make_header_event(session, "x", "practice", "t"), error));
    CHECK(error.find("already exists") != std::string::npos);
}
