// counterpart_bench_studio: how quickly the tutor's studio opens the largest shipped scenario and how long
// after an edit its live checks (lint with the exhaustive analysis, on a background thread) are updated.
// Reported figures, not pass/fail tests (the goal for edit-to-checks is under 100 ms).
//
//   build/release/tests/bench/counterpart_bench_studio [--quick]
//
// "Largest" is the shipped scenario with the most nodes plus choices. Edit to checks is measured from the
// edit (ScenarioDocument::set) to the publication of that revision's result, with the checker's debounce
// (30 ms, the studio's setting) and with none, so the cost of the checks themselves is visible.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "library.hpp"
#include "live_checks.hpp"
#include "scenario_document.hpp"

using namespace cp;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    int edits = quick ? 3 : 40;
    LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    if (lib.scenarios.empty()) {
        std::fprintf(stderr, "no shipped scenarios found\n");
        return 2;
    }
    auto largest = *std::max_element(lib.scenarios.begin(), lib.scenarios.end(), [](const auto& a, const auto& b) {
        return a->nodes.size() + a->choices.size() < b->nodes.size() + b->choices.size();
    });
    std::string file = largest->file;
    std::printf("largest shipped scenario: %s (%zu nodes, %zu choices)\n", largest->id.c_str(),
                largest->nodes.size(), largest->choices.size());

    // Opening: the document (parse, positions, layout, recovery check) and then its first checks.
    std::vector<double> open_ms, first_checks_ms;
    for (int i = 0; i < (quick ? 1 : 10); ++i) {
        auto t0 = Clock::now();
        Diagnostics diags;
        auto doc = ScenarioDocument::open(file, diags);
        if (!doc) return 2;
        open_ms.push_back(ms_since(t0));
        LiveChecker checker(default_policy_dir(file), std::chrono::milliseconds(0));
        checker.submit(doc->revision(), doc->text(), file);
        if (!checker.wait_for(doc->revision(), std::chrono::seconds(120))) return 2;
        first_checks_ms.push_back(ms_since(t0));
    }
    std::printf("open document: median %.2f ms; open to first checks: median %.1f ms\n", percentile(open_ms, 0.5),
                percentile(first_checks_ms, 0.5));

    for (int debounce : {30, 0}) {
        Diagnostics diags;
        auto doc = ScenarioDocument::open(file, diags);
        LiveChecker checker(default_policy_dir(file), std::chrono::milliseconds(debounce));
        std::string choice = largest->choices.front().id;
        std::string pointer = doc->choice_pointer(choice) + "/text";
        std::vector<double> ms, run_ms;
        for (int i = 0; i < edits; ++i) {
            auto t0 = Clock::now();
            doc->set(pointer, largest->choices.front().text + (i % 2 ? " " : ""));
            checker.submit(doc->revision(), doc->text(), file);
            if (!checker.wait_for(doc->revision(), std::chrono::seconds(120))) return 2;
            ms.push_back(ms_since(t0));
            run_ms.push_back(checker.latest()->milliseconds);
        }
        std::printf("edit to updated checks, debounce %d ms: median %.1f ms, p95 %.1f ms, max %.1f ms "
                    "(checks alone: median %.1f ms) over %d edits\n",
                    debounce, percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0),
                    percentile(run_ms, 0.5), edits);
    }
    return 0;
}
