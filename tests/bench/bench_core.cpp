// counterpart_bench: load + check time and peak memory for generated scenarios, and the cost of one runtime
// step. Reported figures, not pass/fail tests. Each size runs in a child process so its peak memory is its
// own.
//
//   build/release/tests/bench/counterpart_bench [--quick]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <filesystem>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "checks.hpp"
#include "child_process.hpp"
#include "generated_scenario.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "recorded_session.hpp"
#include "runtime.hpp"
#include "sha256.hpp"

using namespace cp;
using Clock = std::chrono::steady_clock;

namespace {

PolicyLibrary policies() {
    PolicyLibrary lib;
    Diagnostics d;
    lib.load_directory(COUNTERPART_BENCH_POLICIES, d);
    return lib;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Runs in a child: loads and checks a generated scenario `repeats` times and prints the figures.
void measure_load(int nodes, int repeats) {
    std::string text = bench::generate_scenario_json(nodes, 2);
    PolicyLibrary lib = policies();
    std::vector<double> bare_ms, parse_ms, load_ms, structure_ms, check_ms, ratio;
    std::size_t states = 0;
    for (int r = 0; r < repeats; ++r) {
        Diagnostics d;
        auto tb = Clock::now();
        {
            // The yardstick of issue 12's goal (load within 1.5x of it): nlohmann's own parse of the same bytes.
            nlohmann::json bare = nlohmann::json::parse(text);
            if (bare.is_discarded()) bench::fail_case("the generated scenario is not valid JSON");
            bare_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - tb).count());
        }
        auto t0 = Clock::now();
        auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
        auto t1 = Clock::now();
        if (!doc) bench::fail_case("the generated scenario is not valid JSON");
        auto scenario = load_scenario(*doc, lib, d);
        auto t2 = Clock::now();
        if (!scenario) bench::fail_case("the generated scenario did not load");
        Diagnostics structure;
        check_structure(*scenario, structure);  // what "check" meant when issue 12 set its goal
        auto t3 = Clock::now();
        auto summary = check_scenario(*scenario, d);
        auto t4 = Clock::now();
        states = summary.states_explored;
        parse_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        load_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        structure_ms.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
        // Each repeat's own ratio: the two sides run back to back, so a busy spell on a shared machine slows
        // both, and the median of ratios is steadier than a ratio of medians.
        ratio.push_back(std::chrono::duration<double, std::milli>(t3 - t0).count() / bare_ms.back());
        check_ms.push_back(std::chrono::duration<double, std::milli>(t4 - t3).count());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("| %6d | %9.1f KiB | %8.2f | %8.2f | %8.2f | %8.2f | %5.2fx | %9.2f | %8zu | %8.1f |\n", nodes,
                static_cast<double>(text.size()) / 1024.0, median(bare_ms), median(parse_ms), median(load_ms),
                median(structure_ms), median(ratio), median(check_ms), states,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
}

void measure_step(int steps) {
    std::string text = bench::generate_scenario_json(1000, 2);
    PolicyLibrary lib = policies();
    Diagnostics d;
    auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
    if (!doc) bench::fail_case("the generated scenario is not valid JSON");
    std::shared_ptr<const Scenario> scenario = load_scenario(*doc, lib, d);
    if (!scenario) bench::fail_case("the generated scenario did not load");
    std::vector<double> ns;
    std::uint64_t rng = 7;
    int done = 0;
    while (done < steps) {
        Session session(scenario, {rng, 0});
        while (session.state() == SessionState::AwaitingChoice && done < steps) {
            rng = mix_seed(rng);
            int c = session.offered()[rng % session.offered().size()];
            auto t0 = Clock::now();
            session.choose(c);
            auto t1 = Clock::now();
            ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
            ++done;
        }
    }
    std::sort(ns.begin(), ns.end());
    std::printf("\nRuntime step (choose + rubric + transcript), %d steps on a 1,000-node scenario:\n", steps);
    std::printf("  median %.2f us, 99th percentile %.2f us\n", ns[ns.size() / 2] / 1000.0,
                ns[ns.size() * 99 / 100] / 1000.0);
}

// Runs in a child: a recorded session's step on the 1,000-node scenario, without a record, with one (write at
// once, background group-commit fdatasync), and as records were written before (the event sealed by dumping
// it twice, then fsync per line), plus the cost of sealing one line each way.
void measure_recorded_step(int steps) {
    std::string text = bench::generate_scenario_json(1000, 2);
    PolicyLibrary lib = policies();
    Diagnostics d;
    auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
    std::shared_ptr<const Scenario> scenario = doc ? load_scenario(*doc, lib, d) : nullptr;
    if (!scenario) {
        std::fprintf(stderr, "the generated scenario did not load\n");
        std::exit(1);
    }
    std::string dir = "/tmp/counterpart-bench-" + std::to_string(::getpid());
    auto run = [&](const char* label, int mode) {  // 0 no record, 1 record, 2 fsync per line (before)
        std::uint64_t rng = 7;
        int done = 0, sessions = 0;
        std::string error;
        auto t0 = Clock::now();
        while (done < steps) {
            NewSession options;
            options.scenario = scenario;
            options.seed = rng;
            options.customer = 0;
            if (mode == 1) options.sessions_dir = dir;
            auto rs = RecordedSession::start(options, error);
            int fd = -1;
            std::string prev(64, '0');
            if (mode == 2) fd = ::open((dir + "/before-" + std::to_string(sessions) + ".jsonl").c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
            ++sessions;
            while (rs->session().state() == SessionState::AwaitingChoice && done < steps) {
                rng = mix_seed(rng);
                const auto& offered = rs->session().offered();
                std::vector<int> shown = offered;
                auto step = rs->choose(offered[rng % offered.size()]);
                if (mode == 2) {
                    // The old writer: build the event, dump it to hash, dump it again, write, fsync.
                    nlohmann::json ev = make_choice_event(rs->session(), *step, shown, 10);
                    ev["seq"] = done;
                    ev["prev"] = prev;
                    prev = sha256_hex(ev.dump());
                    ev["hash"] = prev;
                    std::string line = ev.dump() + "\n";
                    if (::write(fd, line.data(), line.size()) < 0 || ::fsync(fd) != 0) std::exit(1);
                }
                ++done;
            }
            if (!rs->flush(error)) std::exit(1);
            if (fd >= 0) ::close(fd);
        }
        double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / steps;
        std::printf("  %-52s %8.2f us per step\n", label, us);
        return us;
    };
    std::filesystem::create_directories(dir);
    std::printf("\nRecorded session step, %d steps on a 1,000-node scenario (mean, wall clock):\n", steps);
    double none = run("no record (no record line is built)", 0);
    double now = run("record: write at once, background fdatasync (now)", 1);
    double before = run("record: event dumped twice, fsync per line (before)", 2);
    std::printf("  record costs %.1fx no record now; %.1fx before\n", now / none, before / none);
    std::filesystem::remove_all(dir);

    // Sealing one choice line: dump twice (before) and once (now).
    Session session(scenario, {3, 0});
    std::vector<int> shown = session.offered();
    StepResult step = session.choose(shown.front());
    nlohmann::json ev = make_choice_event(session, step, shown, 10);
    const int n = 20000;
    std::string prev(64, '0'), sink;
    auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
        nlohmann::json e = ev;
        e["seq"] = i;
        e["prev"] = prev;
        std::string h = sha256_hex(e.dump());
        e["hash"] = h;
        sink = e.dump();
    }
    auto t1 = Clock::now();
    for (int i = 0; i < n; ++i) sink = seal_record_line(ev, i, prev, nullptr);
    auto t2 = Clock::now();
    std::printf("  sealing one choice line: %.2f us dumping twice (before), %.2f us dumping once (now)\n",
                std::chrono::duration<double, std::micro>(t1 - t0).count() / n,
                std::chrono::duration<double, std::micro>(t2 - t1).count() / n);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf(
        "Load + check of generated scenarios (3 choices per node, 2 bool variables), median of runs (the ratio: the "
        "median of each run's own ratio):\n\n");
    std::printf(
        "| nodes  | file size     | bare parse ms | parse ms | load ms  | structural checks ms | parse+load+structure / bare "
        "| analysis checks ms | states   | peak MiB |\n");
    std::printf(
        "|--------|---------------|----------|----------|----------|----------|--------|-----------|----------|----------|\n");
    for (int nodes : {100, 1000, 10000})
        bench::in_child([&] { measure_load(nodes, quick ? 1 : (nodes >= 10000 ? 7 : nodes >= 1000 ? 21 : 61)); });
    bench::in_child([&] { measure_step(quick ? 2000 : 100000); });
    bench::in_child([&] { measure_recorded_step(quick ? 500 : 20000); });
    return bench::exit_status();
}
