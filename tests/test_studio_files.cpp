// The tutor's studio, files and rules ([studio]): new scenarios from templates, duplicate, rename, version
// bumps, the policy document and the impact of a shared policy edit on the scenarios that use it.
//
// Index: [Templates] [Duplicate and rename] [Versions] [Policy document] [Impact]
#include <catch2/catch.hpp>

#include <filesystem>

#include "atomic_file.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "policy_document.hpp"
#include "scenario_files.hpp"
#include "support.hpp"
#include "version_store.hpp"

using namespace cp;
using namespace cp::test;

namespace fs = std::filesystem;

namespace {

// A fresh folder holding copies of `files` from the shipped scenarios (and its policies when asked).
std::string folder_with(const std::vector<std::string>& files, bool policies) {
    std::string dir = temp_dir();
    for (const auto& f : files) fs::copy_file(shipped(f), fs::path(dir) / f);
    if (policies) fs::copy(shipped("policies"), fs::path(dir) / "policies");
    return dir;
}

std::string id_in(const std::string& file) {
    return read_json(file).value("id", std::string());
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Templates]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("studio files: each template loads, and a new scenario from one is written with its own id",
          "[studio][files]") {
    auto templates = list_templates(shipped("templates"));
    std::vector<std::string> names;
    for (const auto& t : templates) names.push_back(t.name);
    REQUIRE(names == std::vector<std::string>{"blank", "complaint", "data-protection-request"});
    for (const auto& t : templates) {
        Diagnostics diags;
        auto loaded = load_scenario_file(t.path, shipped_library().policies, diags);
        INFO(t.path << "\n" << dump(diags));
        CHECK(loaded != nullptr);
        CHECK(diags.error_count() == 0);
        CHECK(!t.title.empty());
    }

    std::string dir = folder_with({}, true);
    std::string error;
    std::string made = create_from_template(templates[1].path, dir, "my-complaint", "Rent arrears complaint", error);
    REQUIRE(error.empty());
    CHECK(made == (fs::path(dir) / "my-complaint.json").string());
    auto j = read_json(made);
    CHECK(j["id"] == "my-complaint");
    CHECK(j["title"] == "Rent arrears complaint");
    CHECK(j["version"] == "0.1.0");
    CHECK(j["$schema"] == "../assets/scenario.schema.json");  // one folder up from the templates folder
    Diagnostics diags;
    PolicyLibrary policies;
    policies.load_directory(dir + "/policies", diags);
    CHECK(load_scenario_file(made, policies, diags) != nullptr);
    CHECK(diags.error_count() == 0);

    // The same id again is refused, with the file named, and nothing is overwritten.
    std::string before = read_file(made);
    CHECK(create_from_template(templates[0].path, dir, "my-complaint", "", error).empty());
    CHECK_THAT(error, Catch::Contains("my-complaint.json is already in"));
    CHECK(read_file(made) == before);
    CHECK(create_from_template(templates[0].path, dir, "has space", "", error).empty());
    CHECK_THAT(error, Catch::Contains("not a valid scenario id"));
}

//-----------------------------------------------------------------------------------------------------------
// [Duplicate and rename]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("studio files: duplicate and rename write the files and ids expected, and refuse a clash",
          "[studio][files]") {
    std::string dir = folder_with({"complaint-counter.json", "sar-phone.json"}, false);
    std::string original = dir + "/complaint-counter.json";
    std::string original_text = read_file(original);
    std::string error;
    REQUIRE(atomic_write_file(layout_path_for(original), "{\"positions\": {\"greeting\": [10, 20]}}\n", error));

    std::string copy = duplicate_scenario(original, "counter-practice", error);
    REQUIRE(error.empty());
    CHECK(copy == dir + "/counter-practice.json");
    CHECK(id_in(copy) == "counter-practice");
    CHECK(read_json(copy)["title"] == read_json(original)["title"].get<std::string>() + " (copy)");
    CHECK(read_file(layout_path_for(copy)) == read_file(layout_path_for(original)));
    CHECK(read_file(original) == original_text);  // the original is untouched

    // Rename: the file name and the id change together; every other byte stays; the layout follows.
    std::string copy_text = read_file(copy);
    VersionStore store(temp_dir());
    RenameResult renamed = rename_scenario(copy, "counter-evening", &store);
    REQUIRE(renamed.error.empty());
    CHECK(renamed.new_path == dir + "/counter-evening.json");
    CHECK(!fs::exists(copy));
    CHECK(!fs::exists(layout_path_for(copy)));
    CHECK(fs::exists(layout_path_for(renamed.new_path)));
    std::string expected = copy_text;
    expected.replace(expected.find("\"counter-practice\""), 18, "\"counter-evening\"");
    CHECK(read_file(renamed.new_path) == expected);
    // The old version is in the store under its old id, so records of 'counter-practice' still replay.
    CHECK_THAT(renamed.note, Catch::Contains("Records made under 'counter-practice' keep that id"));
    CHECK_THAT(renamed.note, Catch::Contains("version store"));
    std::vector<std::string> kept;
    for (const auto& e : fs::directory_iterator(store.dir() + "/scenarios/counter-practice")) kept.push_back(e.path().string());
    REQUIRE(kept.size() == 1);
    CHECK(read_file(kept[0]) == copy_text);

    // Clashes: a file of that name, or another scenario (under another file name) with that id.
    RenameResult clash = rename_scenario(renamed.new_path, "sar-phone", &store);
    CHECK(clash.new_path.empty());
    CHECK_THAT(clash.error, Catch::Contains("sar-phone.json is already in"));
    fs::copy_file(shipped("sar-phone.json"), dir + "/elsewhere.json");
    fs::remove(dir + "/sar-phone.json");
    clash = rename_scenario(renamed.new_path, "sar-phone", &store);
    CHECK(clash.new_path.empty());
    CHECK_THAT(clash.error, Catch::Contains("elsewhere.json already has the id 'sar-phone'"));
    CHECK(read_file(renamed.new_path) == expected);  // refused: nothing changed
    CHECK(duplicate_scenario(original, "counter-evening", error).empty());
    CHECK_THAT(error, Catch::Contains("counter-evening.json is already in"));
}

//-----------------------------------------------------------------------------------------------------------
// [Versions]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("studio files: a version bump is one undoable edit with its note, and an unbumped change warns",
          "[studio][files]") {
    CHECK(bumped_version("1.2.3", VersionPart::Patch) == "1.2.4");
    CHECK(bumped_version("1.2.3", VersionPart::Minor) == "1.3.0");
    CHECK(bumped_version("1.2.3", VersionPart::Major) == "2.0.0");
    CHECK(!bumped_version("1.2", VersionPart::Patch));
    CHECK(!bumped_version("1.2.3-draft", VersionPart::Patch));

    std::string dir = folder_with({"complaint-counter.json"}, false);
    Diagnostics diags;
    auto doc = ScenarioDocument::open(dir + "/complaint-counter.json", diags);
    REQUIRE(doc);
    std::string version = doc->json()["version"];
    CHECK(unbumped_save_warning(*doc).empty());  // nothing changed
    REQUIRE(doc->set("/estimated_minutes", 97));
    CHECK_THAT(unbumped_save_warning(*doc), Catch::Contains("without raising the version (still " + version + ")"));
    CHECK_THAT(unbumped_save_warning(*doc), Catch::Contains("replay from the version store"));

    std::string error;
    CHECK(!bump_version(*doc, VersionPart::Minor, "  ", error));
    CHECK_THAT(error, Catch::Contains("say what changed"));
    std::size_t depth = doc->undo_depth();
    REQUIRE(bump_version(*doc, VersionPart::Minor, "Longer estimate after the pilot", error));
    CHECK(doc->undo_depth() == depth + 1);
    std::string raised = *bumped_version(version, VersionPart::Minor);
    CHECK(doc->json()["version"] == raised);
    CHECK(version_note(*doc) == "Longer estimate after the pilot");
    CHECK(unbumped_save_warning(*doc).empty());
    REQUIRE(doc->undo());
    CHECK(doc->json()["version"] == version);
    CHECK(version_note(*doc).empty());
    REQUIRE(doc->redo());

    REQUIRE(add_changelog_entry(doc->path(), raised, "2026-12-05", "Longer estimate after the pilot", error));
    REQUIRE(add_changelog_entry(doc->path(), "9.0.0", "2026-12-06", "Second", error));
    std::string log = read_file(changelog_path_for(doc->path()));
    CHECK(log.rfind("# Changes to complaint-counter.json\n\n## 9.0.0 (2026-12-06)\n\nSecond\n\n## " + raised, 0) == 0);
}

//-----------------------------------------------------------------------------------------------------------
// [Policy document]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("studio rules: policy edits through the rule operations, undone, save the identical bytes",
          "[studio][rules]") {
    std::string dir = temp_dir();
    std::string path = dir + "/complaints-procedure.json";
    fs::copy_file(shipped("policies/complaints-procedure.json"), path);
    std::string original = read_file(path);
    Diagnostics diags;
    auto doc = PolicyDocument::open(path, diags);
    REQUIRE(doc);
    CHECK(doc->id() == "complaints-procedure");
    CHECK(doc->text() == original);  // untouched: byte for byte

    std::string error;
    REQUIRE(set_rule_kind(*doc, "CP-02", "before", error));
    std::string p = rule_pointer(*doc, "CP-02");
    CHECK(doc->json().at(OrderedJson::json_pointer(p + "/first")) == "");
    CHECK(!doc->json().at(OrderedJson::json_pointer(p)).contains("action"));
    REQUIRE(doc->set(p + "/severity", "critical"));
    REQUIRE(doc->set(p + "/feedback/broken", "You sent {customer.name} away."));
    REQUIRE(set_rule_window(*doc, "CP-04", "steps", 2, error));
    CHECK(doc->json().at(OrderedJson::json_pointer(rule_pointer(*doc, "CP-04") + "/window/steps")) == 2);
    CHECK(!set_rule_window(*doc, "CP-02", "steps", 2, error));  // a before rule has no window
    CHECK_THAT(error, Catch::Contains("only a required rule"));
    REQUIRE(add_rule(*doc, "CP-20", "conditional", error));
    REQUIRE(set_rule_window(*doc, "CP-20", "before", "end_call", error));
    CHECK(rule_window_pointer(*doc, "CP-20") == rule_pointer(*doc, "CP-20") + "/then/window");
    CHECK(!add_rule(*doc, "CP-20", "required", error));
    CHECK_THAT(error, Catch::Contains("already used"));
    CHECK(doc->dirty());

    // The edited text keeps every untouched rule exactly as written.
    std::size_t cp01_at = original.find("\"CP-01\"");
    REQUIRE(cp01_at != std::string::npos);
    std::string cp01 = original.substr(cp01_at, 300);
    CHECK(doc->text().find(cp01) != std::string::npos);

    while (doc->can_undo()) REQUIRE(doc->undo());
    CHECK(doc->text() == original);
    REQUIRE(doc->save(error));
    CHECK(read_file(path) == original);

    // Redone and saved, it loads as a policy with the edits.
    while (doc->can_redo()) REQUIRE(doc->redo());
    REQUIRE(remove_rule(*doc, "CP-20", error));
    REQUIRE(doc->set(rule_pointer(*doc, "CP-02") + "/first", "offer_complaint"));
    REQUIRE(doc->set(rule_pointer(*doc, "CP-02") + "/then", "log_complaint"));
    REQUIRE(doc->save(error));
    Diagnostics load;
    auto policy = load_policy_file(path, load);
    INFO(dump(load));
    REQUIRE(policy);
    CHECK(doc->text() == read_file(path));
}

//-----------------------------------------------------------------------------------------------------------
// [Impact]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("studio rules: editing a shared policy names the scenarios that use it and their proofs before and after",
          "[studio][rules]") {
    std::string dir = folder_with({"complaint-counter.json", "sar-phone.json"}, true);
    std::string error;
    REQUIRE(!create_from_template(shipped("templates/data-protection-request.json"), dir, "sar-draft", "", error).empty());

    Diagnostics diags;
    auto doc = PolicyDocument::open(dir + "/policies/subject-access.json", diags);
    REQUIRE(doc);
    // Recognising the request becomes a forbidden action: the best path of the draft now breaks a rule.
    REQUIRE(set_rule_kind(*doc, "SAR-01", "forbidden", error));
    REQUIRE(doc->set(rule_pointer(*doc, "SAR-01") + "/action", "recognise_sar"));

    auto impact = policy_impact(dir, dir + "/policies", "subject-access", doc->text());
    std::vector<std::string> named;
    for (const auto& i : impact) named.push_back(i.scenario_id);
    std::sort(named.begin(), named.end());
    CHECK(named == std::vector<std::string>{"sar-draft", "sar-phone"});  // not complaint-counter
    for (const auto& i : impact) {
        INFO(describe_impact(i));
        CHECK(i.changed());
        CHECK(!i.sound_after);
        CHECK(std::find(i.failing_after.begin(), i.failing_after.end(), "best-path-not-perfect") != i.failing_after.end());
    }
    // The shipped scenario is proven sound as it is, and the edit breaks its proofs.
    auto phone = std::find_if(impact.begin(), impact.end(), [](const PolicyImpact& i) { return i.scenario_id == "sar-phone"; });
    REQUIRE(phone != impact.end());
    CHECK(phone->sound_before);
    CHECK_THAT(describe_impact(*phone), Catch::StartsWith("sar-phone: proofs pass -> fail ("));

    // An edit that breaks the policy file itself is named as such for every scenario.
    auto broken = policy_impact(dir, dir + "/policies", "subject-access", "{\"id\": \"subject-access\"");
    REQUIRE(broken.size() == 2);
    CHECK_THAT(broken[0].failing_after.front(), Catch::Contains("the edited policy does not load"));
}
