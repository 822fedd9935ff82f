// counterpart_bench_analysis: speed and memory of the exhaustive analysis (counterpart analyze), with its
// proofs (choice grades, knowledge-free strategies, the random guesser's exact odds), on every shipped
// scenario together and on a generated scenario of 10,000 nodes with 10 boolean variables; and of lint on
// that scenario (lint takes the analysis's findings: there is one exploration).
// Reported figures, not pass/fail tests. Each case runs in a child process so its peak memory is its own.
//
//   build/release/tests/bench/counterpart_bench_analysis [--quick]
//
// --quick (the ctest smoke run) analyses the shipped scenarios once and a 1,000-node scenario with 4
// variables, so the benchmark keeps building and working without taking long.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "checks.hpp"
#include "child_process.hpp"
#include "generated_scenario.hpp"
#include "library.hpp"
#include "loader.hpp"

using namespace cp;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double peak_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Every shipped scenario, analysed `repeats` times over; the median total is reported.
void measure_shipped(int repeats) {
    LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    std::vector<double> totals;
    std::size_t states = 0;
    int errors = 0;
    for (int r = 0; r < repeats; ++r) {
        states = 0;
        errors = 0;
        auto t0 = Clock::now();
        for (const auto& s : lib.scenarios) {
            AnalysisReport report = analyze_scenario(*s);
            states += report.states;
            errors += report.errors();
        }
        totals.push_back(ms_since(t0));
    }
    if (lib.scenarios.empty()) bench::fail_case("no shipped scenario loaded");
    std::sort(totals.begin(), totals.end());
    double ms = totals[totals.size() / 2];
    std::printf("| all %zu shipped scenarios | %11zu | %9.1f | %12.0f | %8.1f | %d errors; proofs included "
                "(5.7 ms before them)\n",
                lib.scenarios.size(), states, ms, static_cast<double>(states) / (ms / 1000.0), peak_mib(),
                errors);
    std::fflush(stdout);
}

// A generated scenario (three choices per node, `variables` booleans set and tested by choices).
void measure_generated(int nodes, int variables) {
    std::string text = bench::generate_scenario_json(nodes, variables);
    PolicyLibrary lib;
    Diagnostics d;
    lib.load_directory(COUNTERPART_BENCH_POLICIES, d);
    auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
    auto scenario = load_scenario(*doc, lib, d);
    if (!scenario) {
        bench::fail_case("the generated scenario did not load");
    }
    AnalysisOptions options;
    options.state_limit = 200'000'000;
    auto t0 = Clock::now();
    AnalysisReport r = analyze_scenario(*scenario, options);
    double ms = ms_since(t0);
    std::printf(
        "| generated, %d nodes, %d booleans | %11zu | %9.1f | %12.0f | %8.1f | %zu control states, "
        "%zu-digit path count%s\n",
        nodes, variables, r.states, ms, static_cast<double>(r.states) / (ms / 1000.0), peak_mib(),
        r.control_states, r.paths.size(), r.limit_hit ? ", LIMIT HIT" : "");
    std::fflush(stdout);
}

// Lint (check_scenario) of the same generated scenario: the file's own checks and the analysis findings.
void measure_lint_generated(int nodes, int variables) {
    std::string text = bench::generate_scenario_json(nodes, variables);
    PolicyLibrary lib;
    Diagnostics d;
    lib.load_directory(COUNTERPART_BENCH_POLICIES, d);
    auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
    if (!doc) bench::fail_case("the generated scenario is not valid JSON");
    auto scenario = load_scenario(*doc, lib, d);
    if (!scenario) bench::fail_case("the generated scenario did not load");
    Diagnostics found;
    CheckOptions options;
    options.state_limit = 200'000'000;
    auto t0 = Clock::now();
    CheckSummary summary = check_scenario(*scenario, found, options);
    double ms = ms_since(t0);
    std::printf("| lint, generated, %d nodes, %d booleans | %11zu | %9.1f | %12.0f | %8.1f | %d errors, %d "
                "warnings (about 24 s with lint's own search)\n",
                nodes, variables, summary.states_explored, ms,
                static_cast<double>(summary.states_explored) / (ms / 1000.0), peak_mib(), found.error_count(),
                found.warning_count());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::printf("Exhaustive analysis (counterpart analyze), one core, release build:\n\n");
    std::printf("| case | states | total ms | states per s | peak MiB | notes\n");
    std::printf("|------|--------|----------|--------------|----------|------\n");
    bench::in_child([&] { measure_shipped(quick ? 1 : 9); });
    if (quick) {
        bench::in_child([&] { measure_generated(1000, 4); });
        bench::in_child([&] { measure_lint_generated(1000, 4); });
    } else {
        bench::in_child([&] { measure_generated(10000, 10); });
        bench::in_child([&] { measure_lint_generated(10000, 10); });
    }
    return bench::exit_status();
}
