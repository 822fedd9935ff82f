// The test runner. Before any test runs, the user's own folders are swapped for a fresh temporary home
// (XDG data, config and state), so no test, and no process a test starts, can write into the real
// ~/.local/share/counterpart (sessions, the version store) or read the tester's own settings.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>

int main(int argc, char* argv[]) {
    char home[] = "/tmp/counterpart-tests-XXXXXX";
    if (!::mkdtemp(home)) return 2;
    for (const char* name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"}) {
        std::string dir = std::string(home) + "/" + name;
        std::filesystem::create_directories(dir);
        ::setenv(name, dir.c_str(), 1);
    }
    int status = Catch::Session().run(argc, argv);
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
    return status;
}
