// The assessor's workspace, headless: scenario versions kept by fingerprint, re-scoring, signed annotation
// and sign-off, verify, the evidence report and the portfolio (issue 10).
//
// Index: [Helpers] [Scenario versions] [Sign-off and verify] [Re-scoring] [Evidence report] [Portfolio]
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "assessment.hpp"
#include "cli.hpp"
#include "evidence_report.hpp"
#include "library.hpp"
#include "record.hpp"
#include "record_review.hpp"
#include "recorded_session.hpp"
#include "signing.hpp"
#include "support.hpp"
#include "version_store.hpp"

using namespace cp;
using namespace cp::test;
using nlohmann::json;
namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------
namespace {


// A user's machine for one test: a library holding the mini fixture (as the bundled library), and empty
// data and config folders, so the version store and the signing key are the test's own.
struct Machine {
    std::string library = temp_dir();
    std::string data = temp_dir();
    std::string config = temp_dir();
    ScopedEnv scenarios{"COUNTERPART_SCENARIOS", library};
    ScopedEnv data_home{"XDG_DATA_HOME", data};
    ScopedEnv config_home{"XDG_CONFIG_HOME", config};
    Machine() { fs::copy(fixture("mini"), library, fs::copy_options::recursive); }

    std::string scenario_file() const { return library + "/mini.json"; }
    std::string policy_file() const { return library + "/policies/fixture-policy.json"; }
    std::vector<ScenarioFolder> folders() const { return {{FolderKind::Bundled, library}}; }
    std::shared_ptr<const Scenario> load() const {
        Diagnostics diags;
        PolicyLibrary policies;
        policies.load_directory(library + "/policies", diags);
        auto s = load_scenario_file(scenario_file(), policies, diags);
        INFO(dump(diags));
        REQUIRE(s);
        return s;
    }
    // Edits the library's scenario file (as an author does).
    template <class Edit>
    void edit_scenario(Edit&& edit) const {
        json j = read_json(scenario_file());
        edit(j);
        std::ofstream(scenario_file(), std::ios::trunc) << j.dump(2);
    }
    template <class Edit>
    void edit_policy(Edit&& edit) const {
        json j = read_json(policy_file());
        edit(j);
        std::ofstream(policy_file(), std::ios::trunc) << j.dump(2);
    }
};

// Plays `choices` (ids) through the recorded-session layer, as both players do, into `record`.
void play_recorded(std::shared_ptr<const Scenario> scenario, const std::string& record,
                   const std::vector<std::string>& choices, const std::string& learner = "Tess Learner",
                   const std::string& customer = "hearing", std::optional<std::string> versions = std::nullopt) {
    NewSession options;
    options.scenario = scenario;
    options.learner = learner;
    options.mode = SessionMode::Assessment;
    options.seed = 5;
    for (std::size_t i = 0; i < scenario->customers.size(); ++i)
        if (scenario->customers[i].id == customer) options.customer = static_cast<int>(i);
    options.record_path = record;
    options.versions_dir = std::move(versions);
    std::string error;
    auto session = RecordedSession::start(options, error);
    REQUIRE(session);
    for (const auto& id : choices) {
        if (id.rfind("consult:", 0) == 0) {
            REQUIRE(session->consult(scenario->find_rule(id.substr(8))));
            continue;
        }
        REQUIRE(session->choose(scenario->find_choice(id)));
    }
    REQUIRE(session->flush(error));
}

const std::vector<std::string> kPass = {"c-log", "consult:FX-02", "c-verify", "c-promise-ok", "c-finish"};
const std::vector<std::string> kLate = {"c-log", "c-verify", "c-promise-late", "c-finish"};
const std::vector<std::string> kDeaf = {"c-log", "c-verify", "c-promise-ok", "c-book"};  // customer "deaf"

struct Run {
    int status = -1;
    std::string out, err;
};
template <class Command>
Run run(Command command, const cli::Args& args) {
    std::ostringstream out, err;
    Run r;
    r.status = command(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}
Run sign(const cli::Args& a) {
    return run(cli::sign, a);
}
Run verify(const cli::Args& a) {
    return run(cli::verify, a);
}
Run replay(const cli::Args& a) {
    return run(cli::replay, a);
}


bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Scenario versions]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a record replays with its own scenario version after the scenario file is edited",
          "[assessor][versions]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass);  // keeps the versions in the user's store (the default)
    std::string store = m.data + "/counterpart/versions";
    RecordFile r = read_record(record);
    REQUIRE(r.ok);
    CHECK(fs::is_regular_file(store + "/scenarios/mini/" + r.info.scenario_sha256 + ".json"));
    // The author rewrites an option and its customer's words; the library now has another version.
    m.edit_scenario([](json& j) {
        j["version"] = "1.1.0";
        j["nodes"][1]["choices"][0]["text"] = "Show me some ID, please.";
        j["nodes"][1]["lines"][0]["text"] = "And now?";
    });

    SECTION("the core finds the stored version, never the edited one") {
        RecordScenario found = find_record_scenario(r.info, m.folders(), VersionStore(store));
        INFO(found.error);
        REQUIRE(found.scenario);
        CHECK(found.from_store);
        CHECK(found.scenario->version == "1.0.0");
        CHECK(contains(found.used, "version store"));
        ReplayResult replayed = replay_record(r, found.scenario);
        REQUIRE(replayed.ok);
        auto steps = review_steps(r, replayed);
        REQUIRE(steps.size() == 4);
        CHECK(steps[1].shown[steps[1].chosen] == "Please show me your ID.");
    }
    SECTION("counterpart replay shows the learner's text and says where the version came from") {
        Run out = replay({record, "--width", "400"});
        INFO(out.out << out.err);
        CHECK(out.status == 0);
        CHECK(contains(out.out, "Please show me your ID."));
        CHECK(contains(out.out, "What next?"));
        CHECK_FALSE(contains(out.out, "Show me some ID, please."));
        CHECK(contains(out.out, "the version store's copy of scenario 'mini' version 1.0.0"));
        CHECK(contains(out.out, "Result: PASS"));
    }
    SECTION("without the stored version: 'scenario version not available', never another version") {
        fs::remove_all(store);
        Run out = replay({record});
        CHECK(out.status == 2);
        CHECK(contains(out.err, "scenario version not available: the record was made with scenario 'mini' "
                                "version 1.0.0"));
        CHECK(contains(out.err, "the library has another version of it"));
        Run checked = verify({record});
        CHECK(checked.status == 1);
        CHECK(contains(checked.out, "PROBLEM: scenario version not available"));
    }
    SECTION("a damaged copy in the store is not used") {
        std::string kept = store + "/scenarios/mini/" + r.info.scenario_sha256 + ".json";
        std::string text = read_file(kept);
        text.replace(text.find("Please show me your ID."), 23, "Please show me your id.");
        std::ofstream(kept, std::ios::trunc) << text;
        RecordScenario found = find_record_scenario(r.info, m.folders(), VersionStore(store));
        CHECK_FALSE(found.scenario);
        CHECK(found.unavailable);
        CHECK(contains(found.error, "is damaged"));
    }
}

TEST_CASE("replay fills the version store when the library has the record's version", "[assessor][versions]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass, "Tess Learner", "hearing", std::string());  // not kept at start
    std::string store = m.data + "/counterpart/versions";
    CHECK_FALSE(fs::exists(store));
    REQUIRE(replay({record}).status == 0);  // the library has it: kept now
    m.edit_policy([](json& j) { j["rules"][3]["title"] = "Reply within a month"; });
    m.edit_scenario([](json& j) { j["version"] = "2.0.0"; });
    Run out = replay({record, "--width", "400"});
    INFO(out.out << out.err);
    CHECK(out.status == 0);
    CHECK(contains(out.out, "policy 'fixture-policy' from the version store"));
}

TEST_CASE("a record naming an id with a path in it is refused by the version store", "[assessor][versions]") {
    VersionStore store(temp_dir());
    std::string sha(64, 'a');
    CHECK(store.path_of(VersionKind::Scenario, "../etc", sha).empty());
    CHECK(store.path_of(VersionKind::Scenario, "a/b", sha).empty());
    CHECK(store.path_of(VersionKind::Scenario, "mini", "abc").empty());
    CHECK_FALSE(store.path_of(VersionKind::Scenario, "mini", sha).empty());
}

//-----------------------------------------------------------------------------------------------------------
// [Sign-off and verify]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("sign-off: a signed entry beside the record, the key created on first use, verify lists it",
          "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass);
    std::string before = read_file(record);
    Run s = sign({record, "--assessor", "Ann Assessor", "--decision", "competent", "--comment-step", "2",
                  "Checked ID before disclosing.", "--point", "PS-MP-CONSISTENT=met", "--comment", "Sound work."});
    INFO(s.out << s.err);
    REQUIRE(s.status == 0);
    std::string key = m.config + "/counterpart/assessor-ed25519.pem";
    CHECK(contains(s.out, "Created your signing key " + key));
    struct stat st {};
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(read_file(record) == before);  // the learner's record is never modified
    json file = read_json(record + ".assessment.json");
    REQUIRE(file["entries"].size() == 1);
    CHECK(file["entries"][0]["comments"][0]["text"] == "Checked ID before disclosing.");
    CHECK(file["entries"][0]["points"][0]["judgement"] == "met");
    CHECK(file["entries"][0]["signature"]["algorithm"] == "Ed25519");

    Run v = verify({record});
    INFO(v.out << v.err);
    CHECK(v.status == 0);
    CHECK(contains(v.out, "Verified as complete"));
    CHECK(contains(v.out, "Sign-off: 1 entry, chained to this record, every signature valid"));
    CHECK(contains(v.out, "1. Assessment by Ann Assessor"));
    CHECK(contains(v.out, ": Competent. Key SHA256:"));

    // A second use of the key does not create another.
    Run again = sign({record, "--assessor", "Ann Assessor", "--comment", "Added later."});
    CHECK(again.status == 0);
    CHECK_FALSE(contains(again.out, "Created your signing key"));
    CHECK(verify({record}).status == 0);
}

TEST_CASE("an assessor's draft round-trips for its record, and a damaged draft is named with its place",
          "[assessor][sign][draft]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass);
    RecordFile r = read_record(record);
    REQUIRE(r.ok);
    std::string drafts = m.data + "/drafts";
    std::string path = assessment_draft_path(drafts, r);
    CHECK(path == drafts + "/" + r.header()["hash"].get<std::string>() + ".json");

    AssessmentDraft draft;
    draft.record_first_hash = r.header()["hash"];
    draft.entry.assessor = "Ann Assessor";
    draft.entry.kind = EntryKind::Moderation;
    draft.entry.comments = {{3, "Third."}, {1, "  "}, {2, "Second."}};
    draft.entry.points = {{"PS-MP-INTERPRET", false}};
    draft.entry.decision = "referred";
    std::string error;
    REQUIRE(save_assessment_draft(path, draft, error));
    AssessmentDraft back;
    REQUIRE(load_assessment_draft(path, back, error));
    CHECK(back.record_first_hash == draft.record_first_hash);
    CHECK(back.entry.assessor == "Ann Assessor");
    CHECK(back.entry.kind == EntryKind::Moderation);
    CHECK(back.entry.decision == "referred");
    REQUIRE(back.entry.points.size() == 1);
    CHECK_FALSE(back.entry.points[0].met);
    // What signing takes: blank comments dropped, the rest in step order.
    NewEntry to_sign = draft_entry_to_sign(back);
    REQUIRE(to_sign.comments.size() == 2);
    CHECK(to_sign.comments[0].step == 2);
    CHECK(to_sign.comments[1].step == 3);

    // Missing: false without an error. Damaged: the file, line, column and pointer of the first bad field.
    CHECK_FALSE(load_assessment_draft(drafts + "/none.json", back, error));
    CHECK(error.empty());
    std::string text = read_file(path);
    text.replace(text.find("\"referred\""), 10, "\"maybe\"");
    std::ofstream(path, std::ios::trunc) << text;
    CHECK_FALSE(load_assessment_draft(path, back, error));
    CHECK(contains(error, path + ":"));
    CHECK(contains(error, "unknown decision 'maybe' [/decision]"));
    std::ofstream(path, std::ios::trunc) << R"({"assessment_draft_format": 1, "record_first_hash": "x",
 "kind": "assessment", "assessor": "A", "comment": "", "decision": "", "comments": [{"step": "two"}], "points": []})";
    CHECK_FALSE(load_assessment_draft(path, back, error));
    CHECK(contains(error, path + ":2:"));
    CHECK(contains(error, "[/comments/0/step]"));
    std::ofstream(path, std::ios::trunc) << "{not json";
    CHECK_FALSE(load_assessment_draft(path, back, error));
    CHECK(contains(error, path + ":1:"));
}

TEST_CASE("verify names a tampered sign-off file: a changed decision, a removed entry", "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kLate);
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "not-yet-competent"}).status == 0);
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--comment", "See step 3."}).status == 0);
    std::string sidecar = record + ".assessment.json";
    json original = read_json(sidecar);

    SECTION("a changed decision") {
        json j = original;
        j["entries"][0]["decision"] = "competent";
        std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
        Run v = verify({record});
        INFO(v.out);
        CHECK(v.status == 1);
        CHECK(contains(v.out, "entry 1 (Ann Assessor) has been changed since it was signed"));
        CHECK(contains(v.out, "the signature does not verify"));
        CHECK(contains(v.out, sidecar + ":"));  // placed in the file, compiler style
    }
    SECTION("a removed entry") {
        json j = original;
        j["entries"].erase(0);
        std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
        Run v = verify({record});
        CHECK(v.status == 1);
        CHECK(contains(v.out, "an entry was removed or reordered"));
    }
    SECTION("not JSON at all") {
        std::ofstream(sidecar, std::ios::trunc) << "{\"entries\": [";
        Run v = verify({record});
        CHECK(v.status == 1);
        CHECK(contains(v.out, sidecar + ":1:"));
    }
    SECTION("a field of the wrong type") {
        json j = original;
        j["entries"][1]["comments"] = "none";
        std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
        Run v = verify({record});
        CHECK(v.status == 1);
        CHECK(contains(v.out, "\"comments\" must be a list [/entries/1/comments]"));
    }
    SECTION("sign refuses to extend a broken file") {
        json j = original;
        j["entries"][1]["comment"] = "Edited.";
        std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
        Run s = sign({record, "--assessor", "Ann Assessor", "--comment", "More."});
        CHECK(s.status == 1);
        CHECK(contains(s.err, "has problems, so it is not extended"));
    }
}

TEST_CASE("verify: a sign-off copied beside another record is for another record", "[assessor][sign]") {
    Machine m;
    std::string a = m.data + "/a.jsonl", b = m.data + "/b.jsonl";
    play_recorded(m.load(), a, kPass, "Tess Learner");
    play_recorded(m.load(), b, kDeaf, "Tess Learner", "deaf");  // another session (its header differs)
    REQUIRE(sign({a, "--assessor", "Ann Assessor", "--decision", "competent"}).status == 0);
    fs::copy_file(a + ".assessment.json", b + ".assessment.json");
    Run v = verify({b});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "this sign-off was made for another record"));
    CHECK(verify({a}).status == 0);
}

TEST_CASE("verify: a record changed after sign-off, even resealed, no longer matches its sign-off",
          "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kLate);
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "not-yet-competent"}).status == 0);
    // The chain is unkeyed: anyone can edit and reseal. The think-time of step 3 is made longer.
    reseal_record_file(record, [](std::vector<json>& lines) { lines[3]["time_on_step_ms"] = 60000; });
    REQUIRE(read_record(record).ok);
    Run v = verify({record});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "Verified as complete"));  // the chain alone cannot tell
    CHECK(contains(v.out, "the record has changed since it was signed off (entry 1 by Ann Assessor"));
}

TEST_CASE("verify: a signature made with another key than the one it carries is refused", "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass);
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "competent"}).status == 0);
    std::string sidecar = record + ".assessment.json";
    json j = read_json(sidecar);
    // Someone re-signs the entry with their own key but leaves Ann's public key in place.
    std::string error;
    auto mallory = SigningKey::load_or_create(temp_dir() + "/mallory.pem", error);
    REQUIRE(mallory);
    AssessmentCheck check = check_assessment(sidecar, read_record(record));
    REQUIRE(check.ok);
    j["entries"][0]["signature"]["value"] = mallory->sign_hex(entry_signed_text(check.entries[0]));
    std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
    Run v = verify({record});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "the signature does not verify with the key it carries"));
    // Swapping in their public key as well makes the signature valid but changes the entry's hash.
    j["entries"][0]["signature"]["public_key"] = mallory->public_key_hex();
    std::ofstream(sidecar, std::ios::trunc) << j.dump(2);
    Run w = verify({record});
    CHECK(w.status == 1);
    CHECK(contains(w.out, "has been changed since it was signed"));
}

TEST_CASE("sign: a key file others can read is refused, and a second marker must be someone else",
          "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kPass);
    std::string key = temp_dir() + "/k.pem";
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "competent", "--key", key}).status == 0);
    ::chmod(key.c_str(), 0644);
    Run loose = sign({record, "--assessor", "Ann Assessor", "--comment", "x", "--key", key});
    CHECK(loose.status == 2);
    CHECK(contains(loose.err, "can be read or changed by other users (mode 644)"));
    ::chmod(key.c_str(), 0600);
    Run same = sign({record, "--assessor", "Bob Marker", "--moderate", "--decision", "competent", "--key", key});
    CHECK(same.status == 1);
    CHECK(contains(same.err, "a second marker must be someone else"));
    Run other = sign({record, "--assessor", "Bob Marker", "--moderate", "--decision", "competent", "--key",
                      temp_dir() + "/bob.pem"});
    INFO(other.err);
    CHECK(other.status == 0);
    Run v = verify({record});
    CHECK(v.status == 0);
    CHECK(contains(v.out, "2. Moderation by Bob Marker"));
}

TEST_CASE("verify names each kind of record damage and exits 1", "[assessor][sign][integrity]") {
    Machine m;
    std::string dir = m.data + "/records";
    fs::create_directories(dir);
    std::string good = dir + "/good.jsonl", cut = dir + "/cut.jsonl", newline = dir + "/newline.jsonl",
                altered = dir + "/altered.jsonl";
    for (const auto& f : {good, cut, newline, altered}) play_recorded(m.load(), f, kPass);
    std::string text = read_file(cut);
    text.erase(text.rfind('\n', text.size() - 2) + 1);  // the end event's line is gone
    std::ofstream(cut, std::ios::binary | std::ios::trunc) << text;
    text = read_file(newline);
    text.pop_back();
    std::ofstream(newline, std::ios::binary | std::ios::trunc) << text;
    text = read_file(altered);
    text.replace(text.find("Tess Learner"), 12, "Tom Learner!");
    std::ofstream(altered, std::ios::binary | std::ios::trunc) << text;

    Run v = verify({dir});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "4 records checked; 3 with problems."));
    CHECK(contains(v.out, "PROBLEM: Altered or damaged at line 1"));
    CHECK(contains(v.out, "PROBLEM: Cut off after step 4: no end event (the last line is whole but its final "
                          "newline is missing"));
    CHECK(contains(v.out, "PROBLEM: Cut off after step 4: no end event. The lines"));
    CHECK(verify({good}).status == 0);
}

TEST_CASE("verify --trusted-keys: a sign-off re-made with someone else's key under the assessor's name is refused",
          "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/r.jsonl";
    play_recorded(m.load(), record, kLate);
    Run ann = sign({record, "--assessor", "Ann Assessor", "--decision", "not-yet-competent"});
    REQUIRE(ann.status == 0);
    // sign prints the line to add to a trusted keys file when it creates the key.
    std::string line = ann.out.substr(ann.out.rfind('\n', ann.out.size() - 2) + 1);
    REQUIRE(contains(line, " Ann Assessor"));
    std::string trusted = temp_dir() + "/trusted.txt";
    std::ofstream(trusted) << "# the centre's assessors\n" << line;
    CHECK(verify({record, "--trusted-keys", trusted}).status == 0);
    // A forger removes Ann's file and signs a "competent" under her name with a key of their own: every hash
    // and signature is valid, so only the list of trusted keys tells.
    fs::remove(record + ".assessment.json");
    Run forged = sign({record, "--assessor", "Ann Assessor", "--decision", "competent", "--key",
                       temp_dir() + "/forger.pem"});
    REQUIRE(forged.status == 0);
    CHECK(verify({record}).status == 0);
    Run v = verify({record, "--trusted-keys", trusted});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "entry 1 (Ann Assessor) is signed with key SHA256:"));
    CHECK(contains(v.out, "which is not among the trusted assessors' keys"));
    std::ofstream(trusted, std::ios::app) << "not-a-key Someone\n";
    Run bad = verify({record, "--trusted-keys", trusted});
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, trusted + ":3: error: expected a 64-digit"));
}

//-----------------------------------------------------------------------------------------------------------
// [Evidence report]
//-----------------------------------------------------------------------------------------------------------
namespace {
Run report(const cli::Args& a) {
    return run(cli::report, a);
}
// The text between `from` and the next `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to) {
    auto a = text.find(from);
    if (a == std::string::npos) return {};
    auto b = text.find(to, a + from.size());
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}
}  // namespace

TEST_CASE("the evidence report shows the transcript as the learner saw it, the map, the sign-off and what the "
          "record proves",
          "[assessor][report]") {
    Machine m;
    std::string record = m.data + "/tess-r1.jsonl";
    play_recorded(m.load(), record, kPass, "Tess <Learner> & Co");
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "competent", "--comment-step", "2",
                  "Asked for ID before disclosing anything.", "--point", "PS-MP-CONSISTENT=met"})
                .status == 0);
    std::string out = temp_dir() + "/reports";
    Run r = report({record, "-o", out});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    std::string html = read_file(out + "/tess-r1.html");
    // Self-contained: no script, nothing fetched.
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "http://"));
    CHECK_FALSE(contains(html, "https://"));
    CHECK(contains(html, "@media print"));
    // The learner's name is text, never markup.
    CHECK(contains(html, "Tess &lt;Learner&gt; &amp; Co"));
    CHECK_FALSE(contains(html, "<Learner>"));
    // Step 2: the options in the order they were shown, the chosen one marked, grade, time, consultation.
    RecordFile rec = read_record(record);
    json step2;
    for (const auto& l : rec.lines)
        if (l.value.value("type", "") == "choice" && l.value["step"] == 2) step2 = l.value;
    REQUIRE(step2.is_object());
    std::string section = between(html, "<h3>Step 2</h3>", "</section>");
    REQUIRE_FALSE(section.empty());
    auto scenario = m.load();
    std::size_t last = 0;
    for (const auto& id : step2["shown"]) {
        const Choice& c = scenario->choices[static_cast<std::size_t>(scenario->find_choice(id.get<std::string>()))];
        auto at = section.find(c.text);
        INFO(c.text);
        REQUIRE(at != std::string::npos);
        CHECK(at >= last);
        last = at;
    }
    CHECK(contains(section, "<li class=\"chosen\">Please show me your ID.<span class=\"tag\">Chosen</span>"));
    CHECK(contains(section, "<span class=\"pill g-best\">best</span> checks identity before anything is disclosed"));
    CHECK(contains(section, "<strong>Policies consulted:</strong> FX-02 Verify before disclosing"));
    CHECK(contains(section, "2 s to decide") == false);  // times are the record's own (the test took ~0 s)
    CHECK(contains(section, " s to decide"));
    CHECK(contains(section, "Asked for ID before disclosing anything."));
    // Verdicts with their sources, the rule table, the map, the sign-off and the integrity statement.
    CHECK(contains(html, "<strong>NOT APPLICABLE</strong></span> FX-02 Verify before disclosing <em>(critical)</em> — "
                         "<span class=\"muted\">Source: Fixture 2</span>"));
    CHECK(contains(html, "<h2>4. Marking-point map</h2>"));
    CHECK(contains(between(html, "<h2>4. Marking-point map</h2>", "</table>"), "kept FX-01 (step 1)"));
    CHECK(contains(html, "MET</strong></span> <span class=\"muted\">(Ann Assessor)"));
    CHECK(contains(html, "1. Assessment by Ann Assessor"));
    CHECK(contains(html, "Signed with Ed25519 key <strong>SHA256:"));
    CHECK(contains(html, "Verified as complete: hash chain unbroken, 5 steps") == false);
    CHECK(contains(html, "Verified as complete: hash chain unbroken, 4 steps re-run"));
    CHECK(contains(html, html_escape(kChainStatement)));
    CHECK(contains(html, "<span class=\"result pass\">PASS</span>"));
}

TEST_CASE("the evidence report of a damaged record lists its problems instead of 'Verified'", "[assessor][report]") {
    Machine m;
    std::string record = m.data + "/cut.jsonl";
    play_recorded(m.load(), record, kPass);
    std::string text = read_file(record);
    text.pop_back();
    std::ofstream(record, std::ios::binary | std::ios::trunc) << text;
    std::string out = temp_dir();
    Run r = report({record, "-o", out});
    CHECK(r.status == 1);
    std::string html = read_file(out + "/cut.html");
    CHECK(contains(html, "This record is not verified as it stands"));
    CHECK(contains(html, "Cut off after step 4: no end event (the last line is whole but its final newline is "
                         "missing"));
    CHECK_FALSE(contains(html, "Verified as complete"));
    CHECK(contains(html, "<span class=\"result none\">NO RESULT</span>"));
    CHECK(contains(html, "This record has not been signed off"));
}

TEST_CASE("the evidence report renders in headless Chromium to PDF and PNG", "[assessor][report][chromium]") {
    std::string chromium;
    for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
        if (fs::exists(c)) chromium = c;
    if (chromium.empty()) {
        WARN("SKIPPED: chromium is not installed (tools/setup installs it); the report was not rendered");
        return;
    }
    Machine m;
    std::string record = m.data + "/render.jsonl";
    play_recorded(m.load(), record, kLate);
    REQUIRE(sign({record, "--assessor", "Ann Assessor", "--decision", "not-yet-competent", "--comment-step", "3",
                  "Forty days is outside the statutory month."})
                .status == 0);
    std::string out = temp_dir();
    REQUIRE(report({record, "-o", out}).status == 0);
    std::string html = out + "/render.html", pdf = out + "/render.pdf", png = out + "/render.png";
    std::string flags = " --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=" + out +
                        "/profile ";
    std::string run_pdf = "timeout 120 " + chromium + flags + "--no-pdf-header-footer --print-to-pdf=" + pdf + " " +
                          html + " >/dev/null 2>&1";
    std::string run_png = "timeout 120 " + chromium + flags + "--window-size=1000,2400 --screenshot=" + png + " " +
                          html + " >/dev/null 2>&1";
    CHECK(std::system(run_pdf.c_str()) == 0);
    CHECK(std::system(run_png.c_str()) == 0);
    std::string pdf_text = read_file(pdf), png_text = read_file(png);
    CHECK(pdf_text.rfind("%PDF-", 0) == 0);
    CHECK(png_text.rfind("\x89PNG", 0) == 0);
    CHECK(png_text.size() > 50000);  // a rendered page of text, not a blank one
    if (const char* keep = std::getenv("COUNTERPART_KEEP_REPORT")) {  // to look at the pictures
        fs::copy_file(pdf, std::string(keep) + ".pdf", fs::copy_options::overwrite_existing);
        fs::copy_file(png, std::string(keep) + ".png", fs::copy_options::overwrite_existing);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Re-scoring]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("re-scoring under a changed rubric shows the difference step by step", "[assessor][rescore]") {
    Machine m;
    std::string record = m.data + "/late.jsonl";
    play_recorded(m.load(), record, kLate);  // promised a reply in forty days: FX-04 broken, FAIL
    Run same = replay({record, "--rescore", "--width", "400"});
    INFO(same.out << same.err);
    CHECK(same.status == 0);
    CHECK(contains(same.out, "Every step gets the same grade and verdicts as recorded."));
    CHECK(contains(same.out, "(unchanged)."));
    // The rubric changes: two months are allowed, and the forty-day promise is regraded acceptable.
    m.edit_policy([](json& j) { j["rules"][3]["within"] = {{"calendar_months", 2}}; });
    m.edit_scenario([](json& j) {
        j["version"] = "1.1.0";
        for (auto& c : j["nodes"][2]["choices"])
            if (c["id"] == "c-promise-late") c["grade"] = "acceptable";
    });

    SECTION("the API") {
        RecordFile r = read_record(record);
        RecordScenario original = find_record_scenario(r.info, m.folders(), VersionStore(m.data + "/counterpart/versions"));
        REQUIRE(original.scenario);
        ReplayResult then = replay_record(r, original.scenario);
        REQUIRE(then.ok);
        Rescore rs = rescore_record(r, &then, m.load());
        REQUIRE(rs.ok);
        REQUIRE(rs.steps.size() == 4);
        CHECK_FALSE(rs.steps[0].differs());
        CHECK(rs.steps[2].differs());
        CHECK(rs.steps[2].grade_then == "poor");
        CHECK(rs.steps[2].grade_now == "acceptable");
        CHECK(rs.steps[2].verdicts_then == std::vector<std::string>{"BROKEN FX-04"});
        CHECK(rs.steps[2].verdicts_now == std::vector<std::string>{"KEPT FX-04"});
        CHECK_FALSE(rs.passed_then);
        CHECK(rs.passed_now);
        CHECK(rs.changed());
    }
    SECTION("counterpart replay --rescore") {
        Run out = replay({record, "--rescore", "--width", "400"});
        INFO(out.out << out.err);
        CHECK(out.status == 1);
        CHECK(contains(out.out, "Step 3 (c-promise-late): grade poor -> acceptable; verdicts BROKEN FX-04 -> "
                                "KEPT FX-04; score 50% -> 100%."));
        CHECK(contains(out.out, "Step 4 (c-finish): score 71% -> 100%."));
        CHECK_FALSE(contains(out.out, "Step 1 ("));
        CHECK(contains(out.out, "Result: recorded FAIL 71%; today PASS 100%."));
        CHECK(contains(out.out, "recorded under version 1.0.0"));
        // Plain replay still shows the record under its own version.
        Run plain = replay({record, "--width", "400"});
        CHECK(plain.status == 0);
        CHECK(contains(plain.out, "Result: FAIL"));
    }
    SECTION("a choice no longer offered stops re-scoring there") {
        m.edit_scenario([](json& j) {
            auto& choices = j["nodes"][2]["choices"];
            for (std::size_t i = 0; i < choices.size(); ++i)
                if (choices[i]["id"] == "c-promise-late") choices.erase(i);
            j["best_path"] = {"c-log", "c-verify", "c-promise-ok", "c-finish"};
        });
        Run out = replay({record, "--rescore", "--width", "400"});
        INFO(out.out << out.err);
        CHECK(out.status == 1);
        CHECK(contains(out.out, "Step 3 (c-promise-late): cannot be re-run: option 'c-promise-late' is not in "
                                "today's scenario. Re-scoring stops here."));
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Portfolio]
//-----------------------------------------------------------------------------------------------------------
namespace {
Run portfolio(const cli::Args& a) {
    return run(cli::portfolio, a);
}

// A library of two scenarios sharing the fixture policy, with a marking-points list; FX-02 evidences
// PS-MP-INTERPRET.
struct PortfolioMachine : Machine {
    PortfolioMachine() {
        edit_policy([](json& j) { j["rules"][1]["evidences"] = {"PS-MP-INTERPRET"}; });
        json two = read_json(scenario_file());
        two["id"] = "mini-two";
        two["title"] = "Mini fixture, second room";
        std::ofstream(library + "/mini-two.json") << two.dump(2);
        json points = {
            {"format_version", 1},
            {"id", "marking-points"},
            {"title", "Test points"},
            {"sources", {{"PS", "Public services"}}},
            {"items",
             {{{"id", "PS-MP-INTERPRET"}, {"source", "PS"}, {"kind", "marking_point"}, {"text", "Interpreting policy."}},
              {{"id", "PS-MP-CONSISTENT"},
               {"source", "PS"},
               {"kind", "marking_point"},
               {"judged", "portfolio"},
               {"text", "Consistently applying standards."}},
              {{"id", "PS-KC-VALUES"}, {"source", "PS"}, {"kind", "key_concept"}, {"text", "Public service values."}}}}};
        std::ofstream(library + "/marking-points.json") << points.dump(2);
    }
    std::shared_ptr<const Scenario> load_two() const {
        Diagnostics diags;
        PolicyLibrary policies;
        policies.load_directory(library + "/policies", diags);
        auto s = load_scenario_file(library + "/mini-two.json", policies, diags);
        REQUIRE(s);
        return s;
    }
};
}  // namespace

TEST_CASE("a portfolio over several records: points with the sessions that evidence them, PS-MP-CONSISTENT "
          "judged across sessions and scenarios",
          "[assessor][portfolio]") {
    PortfolioMachine m;
    std::string dir = m.data + "/records";
    fs::create_directories(dir);
    // Tess: FX-01 (log the request) kept in every session; FX-02 kept where she disclosed after checking ID.
    const std::vector<std::string> kDisclose = {"c-log", "c-verify", "c-promise-ok", "c-disclose"};
    play_recorded(m.load(), dir + "/t1.jsonl", kDisclose);
    play_recorded(m.load(), dir + "/t2.jsonl", kLate);
    play_recorded(m.load(), dir + "/p1.jsonl", kPass);
    reseal_record_file(dir + "/p1.jsonl", [](std::vector<json>& lines) { lines[0]["mode"] = "practice"; });
    play_recorded(m.load(), dir + "/cut.jsonl", kPass);
    std::string text = read_file(dir + "/cut.jsonl");
    text.erase(text.rfind('\n', text.size() - 2) + 1);
    std::ofstream(dir + "/cut.jsonl", std::ios::binary | std::ios::trunc) << text;
    play_recorded(m.load(), dir + "/other.jsonl", kPass, "Someone Else");

    SECTION("two sessions of one scenario: consistency not yet shown, the closest rule named") {
        Run r = portfolio({"Tess Learner", dir, "--width", "400"});
        INFO(r.out << r.err);
        CHECK(r.status == 0);
        CHECK(contains(r.out, "Sessions counted as evidence (verified assessment sessions): 2, across 1 scenario"));
        CHECK(contains(r.out, "p1.jsonl: a practice session: practice is not assessed"));
        CHECK(contains(r.out, "cut.jsonl: Cut off after step 4: no end event"));
        CHECK_FALSE(contains(r.out, "other.jsonl"));
        CHECK(contains(r.out, "Evidenced in 1 session (1 scenario): session 1, kept FX-02 (step 4)."));
        CHECK(contains(r.out, "PS-KC-VALUES: Public service values.\n      Not yet evidenced."));
        CHECK(contains(r.out, "[Judged across sessions] Not yet shown: no rule is kept, and never broken, in 3 or "
                              "more sessions across 2 or more scenarios; closest: FX-01 Log the request: kept in 2 "
                              "sessions across 1 scenario, never broken."));
    }
    SECTION("a third session in another scenario: PS-MP-CONSISTENT met, by the rule kept throughout") {
        play_recorded(m.load_two(), dir + "/t3.jsonl", kDisclose);
        REQUIRE(sign({dir + "/t3.jsonl", "--assessor", "Ann Assessor", "--decision", "competent"}).status == 0);
        Run r = portfolio({"Tess Learner", dir, "--width", "400"});
        INFO(r.out << r.err);
        CHECK(r.status == 0);
        CHECK(contains(r.out, "Sessions counted as evidence (verified assessment sessions): 3, across 2 scenarios"));
        CHECK(contains(r.out, "Mini fixture, second room (mini-two), "));
        CHECK(contains(r.out, "signed off: Competent. t3.jsonl"));
        CHECK(contains(r.out, "Evidenced in 2 sessions (2 scenarios): session 1, kept FX-02 (step 4); session 3, "
                              "kept FX-02 (step 4)."));
        CHECK(contains(r.out, "[Judged across sessions] Met: the same rule kept, and never broken, in 3 or more "
                              "sessions across 2 or more scenarios: FX-01 Log the request: kept in 3 sessions "
                              "across 2 scenarios, never broken; "));
        // One session's report never claims the portfolio-only point.
        std::string out = temp_dir();
        REQUIRE(report({dir + "/t3.jsonl", "-o", out}).status == 0);
        std::string row = between(read_file(out + "/t3.html"), "<strong>PS-MP-CONSISTENT</strong>", "</tr>");
        CHECK(contains(row, "judged across sessions in the learner's portfolio, never by one session"));
        CHECK_FALSE(contains(row, "kept FX-01"));
        // FX-02 was kept twice but is not applicable in the third: not counted as consistent.
        CHECK_FALSE(contains(r.out, "FX-02 Verify before disclosing: kept in 3"));
    }
    SECTION("a learner with no verified assessment session") {
        Run r = portfolio({"Nobody", dir});
        CHECK(r.status == 1);
        CHECK(contains(r.err, "no verified assessment session of Nobody"));
    }
}

TEST_CASE("verify reports a resumed record as a problem to judge, naming the step and the gap",
          "[assessor][sign][integrity]") {
    Machine m;
    std::string record = m.data + "/resumed.jsonl";
    play_recorded(m.load(), record, {"c-log", "c-verify"});  // stopped after step 2
    auto scenario = m.load();
    std::string error;
    {
        auto resumed = RecordedSession::resume(
            record, [&](const RecordHeader&, std::string&) { return scenario; }, error);
        REQUIRE(resumed);
        REQUIRE(resumed->choose(scenario->find_choice("c-promise-ok")));
        REQUIRE(resumed->choose(scenario->find_choice("c-finish")));
        REQUIRE(resumed->flush(error));
    }
    Run v = verify({record});
    INFO(v.out);
    CHECK(v.status == 1);
    CHECK(contains(v.out, "Verified as complete"));
    CHECK(contains(v.out, "PROBLEM: Resumed at step 2 after a gap of "));
}

TEST_CASE("sign refuses a record a session is still writing", "[assessor][sign]") {
    Machine m;
    std::string record = m.data + "/open.jsonl";
    play_recorded(m.load(), record, {"c-log"});
    std::string error;
    auto writer = RecordWriter::open_existing(record, error);  // as a resumed session holds it
    REQUIRE(writer);
    Run s = sign({record, "--assessor", "Ann Assessor", "--comment", "Too early."});
    CHECK(s.status == 1);
    CHECK(contains(s.err, "is being written by a session, or another assessor is signing it"));
    CHECK_FALSE(fs::exists(record + ".assessment.json"));
    writer.reset();
    CHECK(sign({record, "--assessor", "Ann Assessor", "--comment", "Now."}).status == 0);
}
