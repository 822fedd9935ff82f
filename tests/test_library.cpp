// The scenario library's folders: the bundled library found without a baked path, the user's folder and the
// folders added in Settings, scenarios sharing an id reported (both kept), the empty-library message naming
// every folder searched, and directory walks that survive symlink loops.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <catch2/catch.hpp>

#include "library.hpp"
#include "support.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

namespace {


// A folder holding a copy of the mini fixture scenario (and, if asked, its policies).
std::string mini_folder(bool with_policies) {
    std::string dir = temp_dir();
    fs::copy_file(fixture("mini/mini.json"), fs::path(dir) / "mini.json");
    if (with_policies) fs::copy(fixture("mini/policies"), fs::path(dir) / "policies");
    return dir;
}

}  // namespace

TEST_CASE("the user's scenario folder and added folders follow the bundled library, each once",
          "[library][folders]") {
    std::string a = temp_dir(), b = temp_dir();
    auto folders = scenario_folders(a, b, {a + "/", b, "", temp_dir()});
    REQUIRE(folders.size() == 3);
    CHECK(folders[0].kind == FolderKind::Bundled);
    CHECK(folders[0].path == a);
    CHECK(folders[1].kind == FolderKind::User);
    CHECK(folders[2].kind == FolderKind::Added);

    ScopedEnv data("XDG_DATA_HOME", "/tmp/some-data-home");
    CHECK(user_scenario_dir() == "/tmp/some-data-home/counterpart/scenarios");
}

TEST_CASE("folders added in Settings are read from settings.json, and a damaged file adds none",
          "[library][folders]") {
    std::string config = temp_dir();
    std::ofstream(config + "/settings.json")
        << R"({"learner": "x", "scenario_folders": ["/mnt/shared/scenarios", 7, "", "/srv/more"]})";
    CHECK(added_scenario_folders(config) == std::vector<std::string>{"/mnt/shared/scenarios", "/srv/more"});
    std::ofstream(config + "/settings.json") << "{ \"scenario_folders\": [";
    CHECK(added_scenario_folders(config).empty());
    CHECK(added_scenario_folders(temp_dir()).empty());
}

TEST_CASE("the bundled library: COUNTERPART_SCENARIOS overrides, and a build-tree binary finds the source tree "
          "through the build's marker file",
          "[library][folders]") {
    {
        ScopedEnv env("COUNTERPART_SCENARIOS", "/somewhere/else");
        CHECK(bundled_scenario_dir() == "/somewhere/else");
    }
    ScopedEnv env("COUNTERPART_SCENARIOS", nullptr);
    // This test binary lives in the build tree, which has no share/counterpart beside it but has the marker.
    CHECK(fs::equivalent(bundled_scenario_dir(), COUNTERPART_SHIPPED_SCENARIOS));
    CHECK_FALSE(executable_path().empty());
}

TEST_CASE("a user scenario with the same id as a bundled one is kept and reported, not silently preferred",
          "[library][folders]") {
    std::string bundled = mini_folder(true);
    std::string user = mini_folder(false);  // cites the bundled folder's policies
    auto lib = load_library(scenario_folders(bundled, user, {}));
    INFO(dump(lib.diagnostics));
    REQUIRE(lib.scenarios.size() == 2);
    CHECK_FALSE(lib.diagnostics.has_errors());
    CHECK(lib.folder(0).kind == FolderKind::Bundled);
    CHECK(lib.folder(1).kind == FolderKind::User);
    CHECK(lib.same_id_as(0) == std::vector<std::size_t>{1});
    CHECK(lib.same_id_as(1) == std::vector<std::size_t>{0});
    auto clashes = lib.id_clashes();
    REQUIRE(clashes.size() == 1);
    CHECK_THAT(clashes[0], Catch::Contains("'mini'") && Catch::Contains("bundled (" + bundled) &&
                               Catch::Contains("your folder (" + user));
}

TEST_CASE("an added folder's own policies come first, and the bundled ones fill in", "[library][folders]") {
    std::string bundled = temp_dir();  // no scenarios, but the policies
    fs::copy(fixture("mini/policies"), fs::path(bundled) / "policies");
    std::string added = mini_folder(false);
    auto lib = load_library(scenario_folders(bundled, "", {added}));
    INFO(dump(lib.diagnostics));
    REQUIRE(lib.scenarios.size() == 1);
    CHECK(lib.folder(0).kind == FolderKind::Added);
    CHECK(lib.same_id_as(0).empty());
    CHECK(lib.id_clashes().empty());
}

TEST_CASE("an empty library names every folder it searched and how to add one", "[library][folders]") {
    std::string bundled = temp_dir();
    std::string added = temp_dir() + "/gone";
    auto lib = load_library(scenario_folders(bundled, "/nowhere/user", {added}));
    REQUIRE(lib.scenarios.empty());
    std::string app = empty_library_message(lib, true), cli = empty_library_message(lib, false);
    for (const auto& text : {app, cli}) {
        CHECK_THAT(text, Catch::Contains(bundled + "  (bundled)"));
        CHECK_THAT(text, Catch::Contains("/nowhere/user  (your folder, missing)"));
        CHECK_THAT(text, Catch::Contains(added + "  (added in Settings, missing)"));
    }
    CHECK_THAT(app, Catch::Contains("Settings"));
    CHECK_THAT(cli, Catch::Contains("COUNTERPART_SCENARIOS"));
}

TEST_CASE("a scenario folder with a symlink loop and a dangling link loads without throwing",
          "[library][folders][regression]") {
    std::string dir = mini_folder(true);
    fs::create_symlink("loop.json", fs::path(dir) / "loop.json");  // a link to itself: ELOOP
    fs::create_symlink("missing.json", fs::path(dir) / "dangling.json");
    LoadedLibrary lib;
    REQUIRE_NOTHROW(lib = load_library(dir));
    CHECK(lib.scenarios.size() == 1);
    CHECK(scenario_files_in(dir) == std::vector<std::string>{(fs::path(dir) / "mini.json").string()});
}
