// libcurl loaded on first use (engine/core/curl_library.hpp), checked on the built `counterpart` binary run as
// a child process: a launch loads no libcurl, and with libcurl missing the LRS commands fail with a message
// naming the library and the loader's reason, keep the statements queued and do not crash. A child process
// because the load happens once per process: this test process may already have loaded libcurl.
//
// Index: [Helpers] [Start-up] [libcurl missing]
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "lrs.hpp"
#include "lrs_outbox.hpp"
#include "support.hpp"

extern char** environ;

using namespace cp;
using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {

// What one run of the binary came to.
struct ChildRun {
    bool exited = false;  // ended by exit, not by a signal (a crash)
    int status = -1;      // its exit status when `exited`
    std::string output;   // standard output and standard error, interleaved
};

// Runs the built `counterpart` with `args`, this process's environment plus `env` ("NAME=value", replacing
// any variable of that name), and collects what it writes.
ChildRun run_counterpart(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    std::vector<std::string> argv_text{COUNTERPART_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) {
        std::string entry = *e;
        bool replaced = false;
        for (const auto& mine : env)
            replaced = replaced || entry.compare(0, mine.find('=') + 1, mine, 0, mine.find('=') + 1) == 0;
        if (!replaced) env_text.push_back(entry);
    }
    env_text.insert(env_text.end(), env.begin(), env.end());
    // Built before fork: the child of a threaded process may only call async-signal-safe functions.
    std::vector<char*> argv, envp;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    ChildRun run;
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(pipe_fds[1], 1);
        ::dup2(pipe_fds[1], 2);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        run.output.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    run.exited = WIFEXITED(status);
    run.status = run.exited ? WEXITSTATUS(status) : -1;
    return run;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Start-up]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("Bug: every launch loaded libcurl and its ~30 libraries before main, though only the LRS uses it",
          "[curl]") {
    // The dynamic loader's own trace of what it loads (LD_DEBUG=files, glibc) during `counterpart --version`:
    // libcurl was in the binary's DT_NEEDED, so it and GnuTLS, Kerberos, LDAP, ... were loaded, relocated and
    // initialised on every start of the terminal player and the window app.
    ChildRun run = run_counterpart({"--version"}, {"LD_DEBUG=files"});
    std::string needed;  // on failure, which library pulled in which ("file=X; needed by Y")
    std::istringstream lines(run.output);
    for (std::string line; std::getline(lines, line);)
        if (contains(line, "needed by")) needed += line + "\n";
    INFO(needed);
    REQUIRE(run.exited);
    CHECK(run.status == 0);
    CHECK(contains(run.output, "counterpart "));
    // The trace is there (so its silence about libcurl means something): the C++ runtime's load is in it.
    REQUIRE(contains(run.output, "file=libstdc++.so.6"));
    CHECK_FALSE(contains(run.output, "file=libcurl"));
    CHECK_FALSE(contains(run.output, "file=libgnutls"));
}

//-----------------------------------------------------------------------------------------------------------
// [libcurl missing]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("With libcurl missing, LRS commands name the library and the loader's reason, keep the statements "
          "queued, and do not crash",
          "[curl][outbox]") {
    const std::string dir = test::temp_dir();
    const std::string outbox = dir + "/outbox";
    const std::string missing = dir + "/no-such-libcurl.so.4";  // README: the COUNTERPART_LIBCURL knob
    std::string error;
    json statement = {{"id", "6f1c2a4e-1b7d-5a3e-9c2f-0a1b2c3d4e5f"},
                      {"actor", {{"name", "Ann"}, {"mbox", "mailto:ann@example.org"}}},
                      {"verb", {{"id", "http://adlnet.gov/expapi/verbs/answered"}}},
                      {"object", {{"id", "https://counterpart.example/xapi/scenarios/x"}}}};
    REQUIRE(outbox_enqueue(outbox, "session-a", {statement}, "test", error));
    const std::vector<std::string> env = {"COUNTERPART_LIBCURL=" + missing, "XDG_DATA_HOME=" + dir + "/data",
                                          "XDG_CONFIG_HOME=" + dir + "/config",
                                          std::string(kLrsPasswordEnv) + "=secret"};
    // A port nobody serves: were libcurl loaded after all, the answer would be "connection refused" instead.
    const std::vector<std::string> lrs = {"--lrs", "http://127.0.0.1:9/xAPI", "--user", "key"};

    SECTION("outbox --send: nothing sent, the statement stays with the reason, no retries") {
        std::vector<std::string> args = {"outbox", "--send", "--outbox", outbox};
        args.insert(args.end(), lrs.begin(), lrs.end());
        ChildRun run = run_counterpart(args, env);
        INFO(run.output);
        REQUIRE(run.exited);
        CHECK(run.status == 1);
        CHECK(contains(run.output, missing + " could not be loaded (" + missing +
                                       ": cannot open shared object file: No such file or directory)"));
        CHECK(contains(run.output, "install libcurl4"));
        CHECK(contains(run.output, "1 statement stays in the outbox"));
        CHECK_FALSE(contains(run.output, "retr"));  // retrying cannot load a library
        OutboxStatus status = outbox_status(outbox);
        CHECK(status.statements_pending == 1);
        CHECK(contains(status.last_error, missing + " could not be loaded"));
    }

    SECTION("verify --lrs: the witness check says why it could not ask the LRS") {
        test::ScopedEnv scenarios("COUNTERPART_SCENARIOS", std::string(COUNTERPART_SHIPPED_SCENARIOS));
        test::ScopedEnv data("XDG_DATA_HOME", dir + "/data");
        test::ScopedEnv config("XDG_CONFIG_HOME", dir + "/config");
        const std::string record = dir + "/session.jsonl";
        {
            std::istringstream in("1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n");
            std::ostringstream out, err;
            REQUIRE(cli::play({"complaint-counter", "--learner", "Ann", "--record", record, "--seed", "1"}, in, out,
                              err) == 0);
        }
        std::vector<std::string> args = {"verify", record};
        args.insert(args.end(), lrs.begin(), lrs.end());
        ChildRun run = run_counterpart(args, env);
        INFO(run.output);
        REQUIRE(run.exited);
        CHECK(run.status == 1);  // "1 any problem" (verify --help)
        CHECK(contains(run.output, "counterpart verify: cannot ask the LRS at http://127.0.0.1:9/xAPI: "));
        CHECK(contains(run.output, missing + " could not be loaded (" + missing + ": cannot open shared object file"));
    }
}
