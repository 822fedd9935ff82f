// counterpart_bench: load + check time and peak memory for generated scenarios, and the cost of one runtime
// step. Reported figures, not pass/fail tests. Each size runs in a child process so its peak memory is its
// own.
//
//   build/release/tests/bench/counterpart_bench [--quick]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "checks.hpp"
#include "child_process.hpp"
#include "generated_scenario.hpp"
#include "loader.hpp"
#include "runtime.hpp"

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
    std::vector<double> parse_ms, load_ms, check_ms;
    std::size_t states = 0;
    for (int r = 0; r < repeats; ++r) {
        Diagnostics d;
        auto t0 = Clock::now();
        auto doc = parse_json_document(text, "generated.json", d);
        auto t1 = Clock::now();
        auto scenario = load_scenario(*doc, lib, d);
        auto t2 = Clock::now();
        auto summary = check_scenario(*scenario, d);
        auto t3 = Clock::now();
        states = summary.states_explored;
        parse_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        load_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        check_ms.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("| %6d | %9.1f KiB | %8.2f | %8.2f | %8.2f | %9.2f | %8zu | %8.1f |\n", nodes,
                static_cast<double>(text.size()) / 1024.0, median(parse_ms), median(load_ms),
                median(check_ms), median(parse_ms) + median(load_ms) + median(check_ms), states,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
}

void measure_step(int steps) {
    std::string text = bench::generate_scenario_json(1000, 2);
    PolicyLibrary lib = policies();
    Diagnostics d;
    auto doc = parse_json_document(text, "generated.json", d);
    std::shared_ptr<const Scenario> scenario = load_scenario(*doc, lib, d);
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

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf(
        "Load + check of generated scenarios (3 choices per node, 2 bool variables), median of runs:\n\n");
    std::printf(
        "| nodes  | file size     | parse ms | load ms  | check ms | total ms  | states   | peak MiB |\n");
    std::printf(
        "|--------|---------------|----------|----------|----------|-----------|----------|----------|\n");
    for (int nodes : {100, 1000, 10000})
        bench::in_child([&] { measure_load(nodes, quick ? 1 : (nodes >= 10000 ? 5 : 15)); });
    bench::in_child([&] { measure_step(quick ? 2000 : 100000); });
    return 0;
}
