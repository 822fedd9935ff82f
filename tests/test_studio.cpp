// The tutor's studio: graph export ([graph]), the editing model ([studio]) and live checks ([studio]).
//
// Index: [Graph export] [Editing model] [Saving, recovery and the disk] [Live checks]
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "atomic_file.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "live_checks.hpp"
#include "scenario_document.hpp"
#include "scenario_graph.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Graph export]
//-----------------------------------------------------------------------------------------------------------

namespace {

struct GraphRun {
    int status;
    std::string out, err;
};

GraphRun run_graph(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::graph(args, out, err);
    return {status, out.str(), err.str()};
}

// The DOT statement (one line) that contains `needle`.
std::string dot_line(const std::string& dot, const std::string& needle) {
    std::size_t at = dot.find(needle);
    if (at == std::string::npos) return {};
    std::size_t begin = dot.rfind('\n', at) + 1, end = dot.find('\n', at);
    return dot.substr(begin, end - begin);
}


}  // namespace

TEST_CASE("shorten_text cuts long text at a character boundary with an ellipsis", "[graph]") {
    CHECK(shorten_text("short", 10) == "short");
    CHECK(shorten_text("exactly ten", 11) == "exactly ten");
    CHECK(shorten_text("Siobhán Ní Bhriain rang again", 9) == "Siobhán…");
    CHECK(shorten_text("ŁŁŁŁŁ", 3) == "ŁŁ…");
}

TEST_CASE("graph DOT draws endings apart, labels edges with text and grade, dashes conditional ones", "[graph]") {
    auto s = mini_scenario();
    std::string dot = scenario_to_dot(*s);
    REQUIRE(dot.rfind("digraph ", 0) == 0);
    // Every ending is a double octagon; no node is.
    for (std::size_t e = 0; e < s->endings.size(); ++e) {
        std::string line = dot_line(dot, "\"ending:" + std::to_string(e) + "\" [");
        CHECK(line.find("doubleoctagon") != std::string::npos);
    }
    for (std::size_t n = 0; n < s->nodes.size(); ++n)
        CHECK(dot_line(dot, "\"node:" + std::to_string(n) + "\" [").find("doubleoctagon") == std::string::npos);
    // One edge per choice, with its grade spelled out and dashed exactly when it has a condition.
    int conditional = 0;
    for (const Choice& c : s->choices) {
        std::string line = dot_line(dot, "tooltip=\"" + c.id + "\"");
        INFO(c.id);
        REQUIRE(!line.empty());
        CHECK(line.find(std::string("[") + to_string(c.grade) + "]") != std::string::npos);
        CHECK(line.find(shorten_text(c.text, 40).substr(0, 10)) != std::string::npos);
        CHECK((line.find("style=dashed") != std::string::npos) == c.condition.has_value());
        conditional += c.condition.has_value();
    }
    CHECK(conditional > 0);  // the fixture exercises the dashed case
}

TEST_CASE("graph DOT escapes quotes and backslashes in scenario text", "[graph]") {
    auto j = mini_json();
    j["nodes"][0]["choices"][0]["text"] = "Say \"no\" \\ leave";
    auto loaded = load(j, mini_policies(), false);
    REQUIRE(loaded.scenario);
    std::string dot = scenario_to_dot(*loaded.scenario);
    CHECK(dot.find("Say \\\"no\\\" \\\\ leave") != std::string::npos);
}

TEST_CASE("counterpart graph writes DOT for a shipped scenario and SVG through Graphviz", "[graph]") {
    std::string file = shipped("complaint-counter.json");
    auto dot = run_graph({file});
    REQUIRE(dot.status == 0);
    CHECK(dot.out.find("\"ending:0\"") != std::string::npos);

    std::string out = temp_dir() + "/g.svg";
    auto svg = run_graph({file, "--format", "svg", "-o", out});
    INFO(svg.err);
    REQUIRE(svg.status == 0);
    std::string text = read_file(out);
    CHECK(text.find("<svg") != std::string::npos);
    CHECK(text.find("END: ") != std::string::npos);
}

TEST_CASE("counterpart graph --format svg without Graphviz says how to get it", "[graph]") {
    ScopedEnv path("PATH", temp_dir());  // an empty folder: no dot anywhere
    auto r = run_graph({shipped("complaint-counter.json"), "--format", "svg"});
    CHECK(r.status == 2);
    CHECK(r.err.find("'dot' program was not found") != std::string::npos);
    CHECK(r.err.find("apt-get install graphviz") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("counterpart graph refuses an unknown format and a missing scenario", "[graph]") {
    CHECK(run_graph({shipped("complaint-counter.json"), "--format", "pdf"}).status == 2);
    auto r = run_graph({"no-such-scenario"});
    CHECK(r.status == 2);
    CHECK(r.err.find("no-such-scenario") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Editing model]
//-----------------------------------------------------------------------------------------------------------

namespace {

// A copy of a shipped scenario in a fresh folder, to edit.
std::string scratch_copy(const std::string& name = "complaint-counter.json") {
    std::string dir = temp_dir();
    fs::copy_file(shipped(name), dir + "/" + name);
    return dir + "/" + name;
}

ScenarioDocument open_doc(const std::string& path) {
    Diagnostics diags;
    auto doc = ScenarioDocument::open(path, diags);
    INFO(dump(diags));
    REQUIRE(doc);
    return std::move(*doc);
}

// The lines of `a` that differ from `b` (same number of lines expected).
int changed_lines(const std::string& a, const std::string& b) {
    std::istringstream x(a), y(b);
    std::string l1, l2;
    int changed = 0;
    while (true) {
        bool more1 = static_cast<bool>(std::getline(x, l1)), more2 = static_cast<bool>(std::getline(y, l2));
        if (!more1 && !more2) break;
        changed += !more1 || !more2 || l1 != l2;
    }
    return changed;
}

const OrderedJson& at(const ScenarioDocument& d, const std::string& pointer) {
    return d.json().at(OrderedJson::json_pointer(pointer));
}

}  // namespace

TEST_CASE("every shipped scenario and policy opens and saves byte-identical without edits", "[studio]") {
    std::vector<std::string> files;
    Diagnostics d;
    REQUIRE(list_files(shipped(""), ".json", files, d));
    REQUIRE(list_files(shipped("policies"), ".json", files, d));
    REQUIRE(files.size() > 40);
    std::string dir = temp_dir();
    for (const auto& file : files) {
        INFO(file);
        std::string copy = dir + "/" + fs::path(file).filename().string();
        fs::copy_file(file, copy, fs::copy_options::overwrite_existing);
        auto doc = open_doc(copy);
        CHECK(!doc.dirty());
        std::string error;
        REQUIRE(doc.save(error));
        CHECK(read_file(copy) == read_file(file));
    }
}

TEST_CASE("an edit changes only the lines of the value it touches", "[studio]") {
    std::string path = scratch_copy();
    std::string before = read_file(path);
    auto doc = open_doc(path);
    std::string choice = doc.choice_pointer("c-counter-rush");
    REQUIRE(!choice.empty());
    REQUIRE(doc.set(choice + "/text", "Ask for her address first."));
    CHECK(doc.dirty());
    CHECK(changed_lines(doc.text(), before) == 1);
    CHECK(doc.text().find("\"text\": \"Ask for her address first.\",") != std::string::npos);
}

TEST_CASE("new values are written in the shipped files' style", "[studio]") {
    OrderedJson original = OrderedJson::parse(R"({"a": 1})");
    OrderedJson edited = original;
    edited["needs"] = {"large_print", "quiet_space"};
    edited["cast"] = OrderedJson::array({{{"id", "sam"}, {"name", "Sam Okafor"}}});
    edited["lines"] = OrderedJson::array({{{"speaker", "customer"}, {"text", std::string(130, 'x')}}});
    std::string text = format_preserving(edited, original, "{\"a\": 1}\n");
    CHECK(text == "{\n  \"a\": 1,\n  \"needs\": [\"large_print\", \"quiet_space\"],\n"
                  "  \"cast\": [{\"id\": \"sam\", \"name\": \"Sam Okafor\"}],\n  \"lines\": [\n    {\n"
                  "      \"speaker\": \"customer\",\n      \"text\": \"" + std::string(130, 'x') + "\"\n    }\n  ]\n}\n");
}

TEST_CASE("node operations: add, rename with every reference, remove", "[studio]") {
    auto doc = open_doc(scratch_copy());
    REQUIRE(doc.add_node("follow-up"));
    std::string p = doc.node_pointer("follow-up");
    REQUIRE(!p.empty());
    CHECK(at(doc, p + "/lines/0/speaker") == "narrator");
    CHECK(!doc.add_node("follow-up"));  // ids are unique
    CHECK(doc.last_error().find("already used") != std::string::npos);
    CHECK(!doc.add_node("Bad id!"));
    CHECK(doc.last_error().find("not a valid id") != std::string::npos);

    // Rename the start node: the start and every next that named it follow.
    std::string start = doc.json()["start"];
    int references = 0;
    for (const auto& n : doc.json()["nodes"])
        for (const auto& c : n.value("choices", OrderedJson::array())) references += c.value("next", "") == start;
    doc.selection.node = start;
    REQUIRE(doc.rename_node(start, "opening"));
    CHECK(doc.json()["start"] == "opening");
    CHECK(doc.node_pointer(start).empty());
    CHECK(!doc.node_pointer("opening").empty());
    CHECK(doc.selection.node == "opening");
    int after = 0, stale = 0;
    for (const auto& n : doc.json()["nodes"])
        for (const auto& c : n.value("choices", OrderedJson::array())) {
            after += c.value("next", "") == "opening";
            stale += c.value("next", "") == start;
        }
    CHECK(after == references);
    CHECK(stale == 0);
    // A window that closes on leaving a renamed node follows it too.
    REQUIRE(doc.rename_node("log_explain", "log-and-explain"));
    CHECK(at(doc, "/policies/0/overrides/CP-01/window/before_leaving") == "log-and-explain");

    std::size_t nodes = doc.json()["nodes"].size();
    REQUIRE(doc.remove_node("follow-up"));
    CHECK(doc.json()["nodes"].size() == nodes - 1);
    CHECK(!doc.remove_node("follow-up"));
}

TEST_CASE("choice operations: add, grade, set next, move, remove", "[studio]") {
    auto doc = open_doc(scratch_copy());
    std::string start = doc.json()["start"];
    std::size_t count = at(doc, doc.node_pointer(start) + "/choices").size();
    REQUIRE(doc.add_ending("end-sent-away", "She is sent away"));
    CHECK(!doc.ending_pointer("end-sent-away").empty());
    REQUIRE(doc.add_choice(start, "c-new", "Tell her to come back tomorrow.", "end-sent-away"));
    std::string c = doc.choice_pointer("c-new");
    CHECK(c == doc.node_pointer(start) + "/choices/" + std::to_string(count));
    CHECK(at(doc, c + "/next") == "end-sent-away");
    CHECK(!doc.add_choice(start, "c-new", "again", "end-sent-away"));

    REQUIRE(doc.set_grade("c-new", "poor", "Sends her away without hearing the complaint"));
    CHECK(at(doc, c + "/grade") == "poor");
    CHECK(at(doc, c + "/grade_reason") == "Sends her away without hearing the complaint");
    CHECK(!doc.set_grade("c-new", "terrible", ""));
    REQUIRE(doc.set_grade("c-counter-rush", "poor", "Rushes"));
    CHECK(at(doc, doc.choice_pointer("c-counter-rush") + "/grade") == "poor");

    REQUIRE(doc.set_next("c-new", start));
    CHECK(at(doc, c + "/next") == start);
    CHECK(!doc.set_next(start, "end-sent-away"));  // a node with choices has no next of its own

    REQUIRE(doc.move_choice("c-new", 0));
    CHECK(doc.choice_pointer("c-new") == doc.node_pointer(start) + "/choices/0");
    CHECK(!doc.move_choice("c-new", count + 5));

    REQUIRE(doc.add_line(start, "customer", "I'm not leaving."));
    CHECK(at(doc, doc.node_pointer(start) + "/lines").back()["text"] == "I'm not leaving.");

    REQUIRE(doc.remove_choice("c-new"));
    CHECK(doc.choice_pointer("c-new").empty());
    CHECK(at(doc, doc.node_pointer(start) + "/choices").size() == count);
}

TEST_CASE("set and remove by JSON pointer add members, replace values and refuse nowhere", "[studio]") {
    auto doc = open_doc(scratch_copy());
    REQUIRE(doc.set("/pass_mark", 90));
    CHECK(doc.json()["pass_mark"] == 90);
    REQUIRE(doc.set("/guess_pass_limit", 0.02));
    CHECK(doc.json()["guess_pass_limit"] == 0.02);
    CHECK(!doc.set("/no/such/place", 1));
    CHECK(doc.last_error().find("/no/such/place") != std::string::npos);
    CHECK(!doc.set("not a pointer", 1));
    REQUIRE(doc.remove("/guess_pass_limit"));
    CHECK(!doc.json().contains("guess_pass_limit"));
    CHECK(!doc.remove("/guess_pass_limit"));
}

TEST_CASE("undo and redo every operation round trip to the identical bytes", "[studio]") {
    std::string path = scratch_copy();
    std::string original = read_file(path);
    auto doc = open_doc(path);
    std::string start = doc.json()["start"];
    REQUIRE(doc.add_node("n-extra"));
    REQUIRE(doc.add_line("n-extra", "customer", "Hello?"));
    REQUIRE(doc.add_ending("end-extra", "Extra ending"));
    REQUIRE(doc.add_choice(start, "c-extra", "Extra", "n-extra"));
    REQUIRE(doc.set_grade("c-extra", "acceptable", "fine"));
    REQUIRE(doc.move_choice("c-extra", 0));
    REQUIRE(doc.rename_node(start, "opening"));
    REQUIRE(doc.set_next("c-extra", "end-extra"));
    REQUIRE(doc.set("/pass_mark", 80));
    REQUIRE(doc.remove("/cast"));
    REQUIRE(doc.remove_choice("c-counter-rush"));
    REQUIRE(doc.remove_node("n-extra"));
    std::string edited = doc.text();
    REQUIRE(edited != original);
    int edits = 0;
    while (doc.undo()) ++edits;
    CHECK(edits == 12);
    CHECK(doc.text() == original);
    CHECK(!doc.dirty());
    while (doc.redo()) {
    }
    CHECK(doc.text() == edited);
    // A new edit after undo drops the redo branch.
    REQUIRE(doc.undo());
    REQUIRE(doc.set("/pass_mark", 70));
    CHECK(!doc.can_redo());
}

TEST_CASE("layout is kept in a sidecar file and never changes the scenario's bytes", "[studio]") {
    std::string path = scratch_copy();
    std::string original = read_file(path);
    auto doc = open_doc(path);
    doc.layout().positions["counter"] = {120, 48};
    CHECK(doc.layout_dirty());
    CHECK(!doc.dirty());
    std::string error;
    REQUIRE(doc.save(error));
    CHECK(read_file(path) == original);
    REQUIRE(fs::exists(layout_path_for(path)));
    auto again = open_doc(path);
    CHECK(again.layout().positions.at("counter").x == 120);
    CHECK(again.layout().positions.at("counter").y == 48);
    // Folder walks do not take the layout for a scenario.
    auto files = scenario_files_in(fs::path(path).parent_path().string());
    CHECK(files == std::vector<std::string>{path});
}

//-----------------------------------------------------------------------------------------------------------
// [Saving, recovery and the disk]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a kill -9 during save never leaves a broken scenario file", "[studio]") {
    std::string path = scratch_copy();
    std::string original = read_file(path);
    // Two versions a saving child alternates between; the file must always be exactly one of them. (The long
    // brief stays under the loader's 64 KiB limit for one string, or the edited version could not be opened.)
    std::string edited;
    {
        auto doc = open_doc(path);
        REQUIRE(doc.set("/brief", std::string(60000, 'b')));
        edited = doc.text();
    }
    for (int round = 0; round < 8; ++round) {
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            Diagnostics d;
            auto doc = ScenarioDocument::open(path, d);
            if (!doc) ::_exit(3);
            std::string error;
            for (int i = 0;; ++i) {
                if (i % 2 == 0)
                    doc->set("/brief", std::string(60000, 'b'));
                else
                    doc->undo();
                if (!doc->save(error)) ::_exit(4);
            }
        }
        ::usleep(static_cast<useconds_t>(20000 + round * 7000));
        REQUIRE(::kill(child, SIGKILL) == 0);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        REQUIRE(WIFSIGNALED(status));  // it was still saving when killed, not failed early
        std::string now = read_file(path);
        INFO("round " << round);
        CHECK((now == original || now == edited));
        Diagnostics d;
        CHECK(ScenarioDocument::open(path, d).has_value());
    }
}

TEST_CASE("after a crash, reopening offers the autosaved recovery", "[studio]") {
    std::string path = scratch_copy();
    std::string original = read_file(path);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        Diagnostics d;
        auto doc = ScenarioDocument::open(path, d);
        std::string error;
        if (!doc || !doc->set("/title", "Recovered title") || !doc->autosave(error)) ::_exit(3);
        ::raise(SIGKILL);  // the studio dies with the edit unsaved
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(read_file(path) == original);  // the crash lost nothing on disk

    auto doc = open_doc(path);
    REQUIRE(doc.recovery_offered());
    CHECK(doc.json()["title"] != "Recovered title");  // offered, not imposed
    std::string error;
    REQUIRE(doc.recover(error));
    CHECK(doc.json()["title"] == "Recovered title");
    CHECK(doc.dirty());
    REQUIRE(doc.undo());  // recovering is an edit like any other
    CHECK(doc.text() == original);
    REQUIRE(doc.redo());
    REQUIRE(doc.save(error));
    CHECK(!fs::exists(recovery_path_for(path)));  // saved: nothing left to recover
    CHECK(!open_doc(path).recovery_offered());
}

TEST_CASE("a recovery file can be discarded, and none is offered when it matches the file", "[studio]") {
    std::string path = scratch_copy();
    {
        auto doc = open_doc(path);
        std::string error;
        REQUIRE(doc.set("/title", "Draft"));
        REQUIRE(doc.autosave(error));
    }
    auto doc = open_doc(path);
    REQUIRE(doc.recovery_offered());
    doc.discard_recovery();
    CHECK(!fs::exists(recovery_path_for(path)));
    CHECK(!open_doc(path).recovery_offered());
    std::string error;
    REQUIRE(atomic_write_file(recovery_path_for(path), read_file(path), error));
    CHECK(!open_doc(path).recovery_offered());
}

TEST_CASE("a file changed on disk is reloaded keeping the selection, and unsaved edits are not overwritten", "[studio]") {
    std::string path = scratch_copy();
    auto doc = open_doc(path);
    doc.selection = {"counter", "c-counter-rush"};
    CHECK(doc.check_disk() == DiskChange::Unchanged);

    // A tutor edits the file in another editor.
    std::string text = read_file(path);
    std::string changed = text;
    changed.replace(changed.find("\"pass_mark\": 95"), 15, "\"pass_mark\": 90");
    std::string error;
    REQUIRE(atomic_write_file(path, changed, error));
    CHECK(doc.check_disk() == DiskChange::Reloaded);
    CHECK(doc.json()["pass_mark"] == 90);
    CHECK(doc.selection == StudioSelection{"counter", "c-counter-rush"});
    CHECK(!doc.dirty());
    CHECK(doc.text() == changed);

    // With unsaved edits, a change on disk is a conflict and nothing is lost.
    REQUIRE(doc.set("/title", "Mine"));
    REQUIRE(atomic_write_file(path, text, error));
    CHECK(doc.check_disk() == DiskChange::Conflict);
    CHECK(doc.json()["title"] == "Mine");
    CHECK(doc.json()["pass_mark"] == 90);
    // A reload that removes the selected choice clears only that part of the selection.
    auto j = OrderedJson::parse(text);
    j["nodes"][0]["choices"].erase(0);
    REQUIRE(atomic_write_file(path, j.dump(2) + "\n", error));
    REQUIRE(doc.reload(error));
    CHECK(doc.selection == StudioSelection{"counter", ""});
}

TEST_CASE("opening a broken file gives file, line and column", "[studio]") {
    std::string dir = temp_dir();
    std::string error;
    REQUIRE(atomic_write_file(dir + "/bad.json", "{\n  \"id\": \"x\",\n  \"nodes\": [1,, 2]\n}\n", error));
    Diagnostics d;
    CHECK(!ScenarioDocument::open(dir + "/bad.json", d));
    REQUIRE(d.has_errors());
    CHECK(d.items().front().where.line == 3);
    CHECK(!ScenarioDocument::open(dir + "/missing.json", d));
}

//-----------------------------------------------------------------------------------------------------------
// [Live checks]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("live checks on a shipped scenario: clean, with per-choice outcomes that agree with play", "[studio]") {
    std::string file = shipped("complaint-counter.json");
    PolicyLibrary policies;
    Diagnostics d;
    policies.load_directory(shipped("policies"), d);
    LiveCheckResult r = run_live_checks(read_file(file), file, policies, 7);
    CHECK(r.revision == 7);
    REQUIRE(r.loaded);
    INFO((r.problems.empty() ? std::string() : format_diagnostic(r.problems.front())));
    CHECK(r.errors == 0);
    auto scenario = load_scenario_file(file, policies, d);
    REQUIRE(scenario);
    REQUIRE(r.choices.size() == scenario->choices.size());
    int unsafe = 0;
    for (std::size_t c = 0; c < scenario->choices.size(); ++c) {
        const Choice& ch = scenario->choices[c];
        const ChoiceOutcomes* o = r.choice(ch.id);
        INFO(ch.id);
        REQUIRE(o);
        CHECK(o->offered);
        // The proofs hold for this scenario, so the live view must say what they say.
        if (ch.grade == ChoiceGrade::Unsafe) {
            CHECK(!o->can_pass);
            ++unsafe;
        }
        CHECK(r.choice_pointers[c] == ScenarioDocument::open(file, d)->choice_pointer(ch.id));
    }
    CHECK(unsafe > 0);
    // Every choice on the best path can reach the score the best path ends with.
    auto session = play_path(scenario, [&] {
        std::vector<std::string> ids;
        for (int c : scenario->best_path) ids.push_back(scenario->choices[static_cast<std::size_t>(c)].id);
        return ids;
    }());
    int score = session->rubric().result().score;
    CHECK(score == 100);
    for (int c : scenario->best_path) {
        const ChoiceOutcomes& o = r.choices[static_cast<std::size_t>(c)];
        CHECK(o.min_score <= score);
        CHECK(o.max_score >= score);
        CHECK(o.can_pass);
    }
}

TEST_CASE("the live checker reports a broken reference at its JSON pointer after an edit", "[studio]") {
    std::string path = scratch_copy();
    fs::create_directory_symlink(shipped("policies"), fs::path(path).parent_path() / "policies");
    auto doc = open_doc(path);
    LiveChecker checker(default_policy_dir(path), std::chrono::milliseconds(0));
    checker.submit(doc.revision(), doc.text(), doc.path());
    REQUIRE(checker.wait_for(doc.revision(), std::chrono::seconds(60)));
    REQUIRE(checker.latest()->errors == 0);

    REQUIRE(doc.set_next("c-counter-rush", "nowhere"));
    checker.submit(doc.revision(), doc.text(), doc.path());
    REQUIRE(checker.wait_for(doc.revision(), std::chrono::seconds(60)));
    auto result = checker.latest();
    CHECK(result->revision == doc.revision());
    CHECK(!result->loaded);
    std::string pointer = doc.choice_pointer("c-counter-rush") + "/next";
    bool found = std::any_of(result->problems.begin(), result->problems.end(), [&](const Diagnostic& p) {
        return p.severity == Severity::Error && p.where.json_path == pointer && p.where.line > 0 &&
               p.message.find("nowhere") != std::string::npos;
    });
    CHECK(found);

    REQUIRE(doc.undo());
    checker.submit(doc.revision(), doc.text(), doc.path());
    REQUIRE(checker.wait_for(doc.revision(), std::chrono::seconds(60)));
    CHECK(checker.latest()->errors == 0);
}

TEST_CASE("the live checker debounces quick edits into one run of the newest", "[studio]") {
    std::string file = shipped("complaint-counter.json");
    std::string text = read_file(file);
    LiveChecker checker(shipped("policies"), std::chrono::milliseconds(500));
    for (std::uint64_t revision = 1; revision <= 5; ++revision) checker.submit(revision, text, file);
    REQUIRE(checker.wait_for(5, std::chrono::seconds(60)));
    CHECK(checker.latest()->revision == 5);
    CHECK(checker.runs() == 1);
    CHECK(!checker.pending());
}

TEST_CASE("studio: a saved policy reaches the open scenario's checks (they used the policies read when the "
          "studio opened until it was reopened)",
          "[studio][regression]") {
    std::string dir = temp_dir() + "/mini";
    fs::copy(COUNTERPART_TEST_FIXTURES "/mini", dir, fs::copy_options::recursive);
    std::string file = dir + "/mini.json", policy = dir + "/policies/fixture-policy.json";
    std::string text = read_file(file);
    LiveChecker checker(dir + "/policies", std::chrono::milliseconds(0));
    checker.submit(1, text, file);
    REQUIRE(checker.wait_for(1, std::chrono::seconds(60)));
    REQUIRE(checker.latest()->errors == 0);

    // The tutor renames an action in the policy and saves it: the scenario still performs the old name.
    std::string renamed = read_file(policy);
    for (std::size_t at; (at = renamed.find("\"log_request\"")) != std::string::npos;)
        renamed.replace(at, 13, "\"log_the_request\"");
    std::string error;
    REQUIRE(atomic_write_file(policy, renamed, error));
    checker.reload_policies();
    checker.submit(1, text, file);  // the scenario itself is unchanged
    REQUIRE(checker.wait_for(1, std::chrono::seconds(60)));
    auto result = checker.latest();
    CHECK(result->errors > 0);
    bool names_it = std::any_of(result->problems.begin(), result->problems.end(), [](const Diagnostic& d) {
        return d.severity == Severity::Error && d.message.find("log_request") != std::string::npos;
    });
    CHECK(names_it);
}
