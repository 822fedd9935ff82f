// counterpart_bench_sessions: the assessor's workspace on a large folder. Opening a folder of generated
// records with the session index (time to the first rows, time to the complete table, peak memory of the
// process doing it) and opening a 200-step record for replay, then moving to any step. Reported figures, not
// pass/fail tests. Goal: first rows within 100 ms.
//
//   build/release/tests/bench/counterpart_bench_sessions [--quick]
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "cohort.hpp"
#include "generated_scenario.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "recorded_session.hpp"
#include "replay_view.hpp"
#include "session_index.hpp"

using namespace cp;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// CPU time this thread has used, ms: a frame's own work, apart from the time the scheduler gave to others.
double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double peak_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::shared_ptr<const Scenario> generated(int nodes) {
    PolicyLibrary lib;
    Diagnostics d;
    lib.load_directory(COUNTERPART_BENCH_POLICIES, d);
    std::string text = bench::generate_scenario_json(nodes, 2);
    auto doc = parse_json_document(text, "generated.json", d, JsonDom::skip);
    auto scenario = doc ? load_scenario(*doc, lib, d) : nullptr;
    if (!scenario) bench::fail_case("the generated scenario did not load");
    return scenario;
}

// Plays up to `steps` choices (or to the end) into a record in `dir`; returns its path.
std::string play_record(const std::shared_ptr<const Scenario>& scenario, const std::string& dir, int steps,
                        std::uint64_t seed) {
    NewSession options;
    options.scenario = scenario;
    options.learner = "bench";
    options.mode = SessionMode::Assessment;
    options.seed = seed;
    options.customer = 0;
    options.sessions_dir = dir;
    std::string error;
    auto rs = RecordedSession::start(options, error);
    if (!rs) bench::fail_case("cannot start a recorded session");
    std::uint64_t rng = seed;
    for (int i = 0; i < steps && rs->session().state() == SessionState::AwaitingChoice; ++i) {
        rng = mix_seed(rng);
        const auto& offered = rs->session().offered();
        rs->choose(offered[rng % offered.size()]);
    }
    if (!rs->flush(error)) bench::fail_case("cannot flush the record");
    return rs->record_path();
}

// Writes `count` records to `dir`: copies of one real record with their own learner and start time, resealed
// so every chain verifies (what a college's shared drive holds after a term).
void write_folder(const std::string& dir, int count) {
    fs::create_directories(dir);
    std::string source = play_record(generated(30), dir + "-src", 12, 7);
    RecordFile record = read_record(source);
    if (!record.ok) bench::fail_case("the source record does not verify");
    for (int n = 0; n < count; ++n) {
        std::string out, prev = kGenesisHash;
        for (std::size_t i = 0; i < record.lines.size(); ++i) {
            nlohmann::json ev = record.lines[i].value;
            ev.erase("hash");
            if (i == 0) {
                ev["learner"] = "learner-" + std::to_string(n % 400);
                char when[32];
                std::snprintf(when, sizeof when, "2026-%02d-%02dT%02d:%02d:00Z", 1 + n % 12, 1 + n % 28, n % 24,
                              n % 60);
                ev["started_at"] = when;
            }
            out += seal_record_line(ev, static_cast<int>(i), prev, &prev) + "\n";
        }
        char name[64];
        std::snprintf(name, sizeof name, "/session-%05d.jsonl", n);
        std::ofstream(dir + name, std::ios::binary) << out;
    }
}

void measure_open_folder(const std::string& dir, int count) {
    auto t0 = Clock::now();
    SessionIndex index({dir});
    double first = -1;
    std::vector<double> polls, cpu;
    std::vector<int> order;
    SessionQuery query;
    while (true) {
        auto p0 = Clock::now();
        double c0 = thread_cpu_ms();
        // What a frame does with new rows: take them and merge them into the table's order, as the app does.
        if (index.poll()) {
            if (index.last_poll_only_added())
                extend_query_rows(index.rows(), index.first_added(), query, order);
            else
                order = query_rows(index.rows(), query);
        }
        polls.push_back(ms_since(p0));
        cpu.push_back(thread_cpu_ms() - c0);
        if (first < 0 && !index.rows().empty()) first = ms_since(t0);
        if (!index.busy()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(16));  // one frame at 60 Hz
    }
    index.poll();
    double complete = ms_since(t0);
    if (static_cast<int>(index.rows().size()) != count || order != query_rows(index.rows(), query))
        bench::fail_case("the table is not complete, or not in order");
    // The cohort view's numbers over the whole table: what a cohort frame recomputed after every poll while
    // loading, until it was limited to four times a second.
    auto k0 = Clock::now();
    CohortModel cohort = make_cohort(index.rows(), order);
    double cohort_ms = ms_since(k0);
    if (cohort.sessions != count) bench::fail_case("the cohort does not count every session");
    std::sort(polls.begin(), polls.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("| %7d | %13.1f | %14.1f | %12.2f | %13.2f | %13.2f | %8.1f |\n", count, first, complete,
                polls[polls.size() / 2], polls.back(), cpu.back(), peak_mib());
    std::printf("|         | cohort over all %d rows: %.1f ms |\n", count, cohort_ms);
}

void measure_replay(int steps, int repeats) {
    std::string dir = "/tmp/counterpart-bench-replay-" + std::to_string(::getpid());
    auto scenario = generated(steps + 50);
    std::string path = play_record(scenario, dir, steps, 11);
    std::vector<double> open_ms, seek_us;
    std::size_t made = 0;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = Clock::now();
        ReplayView v = build_replay_view(path, scenario);
        open_ms.push_back(ms_since(t0));
        made = v.steps.size();
        if (v.banner != ReplayView::Banner::CutOff && v.banner != ReplayView::Banner::Verified)
            bench::fail_case("the 200-step record does not verify");
        // A seek: the step's facts and the transcript up to it, as the screen reads them.
        for (std::size_t k = 0; k < v.steps.size(); k += 7) {
            auto s0 = Clock::now();
            const ReplayStep& step = v.steps[k];
            std::size_t chars = 0;
            for (std::size_t i = 0; i < step.transcript_end && v.session; ++i) chars += v.session->transcript()[i].text.size();
            for (const auto& o : step.shown) chars += o.text.size();
            seek_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
            if (chars == 0) bench::fail_case("an empty step");
        }
    }
    std::sort(open_ms.begin(), open_ms.end());
    std::sort(seek_us.begin(), seek_us.end());
    std::printf("\nReplay of a %zu-step record (generated scenario): open and re-run %.1f ms (median of %d); "
                "seek to a step %.1f us median, %.1f us worst; peak %.1f MiB\n",
                made, open_ms[open_ms.size() / 2], repeats, seek_us[seek_us.size() / 2], seek_us.back(), peak_mib());
    fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    std::string root = "/tmp/counterpart-bench-sessions-" + std::to_string(::getpid());
    std::printf("Opening a folder of records with the session index (a 12-step record each; the table polled "
                "once per 16 ms frame and new rows merged into the sorted table):\n\n");
    // "slowest CPU": the most CPU time one frame's poll and merge used; wall time above it is the scheduler.
    std::printf("| records | first rows ms | whole table ms | frame median | frame slowest | slowest CPU   | peak MiB |\n");
    std::printf("|---------|---------------|----------------|--------------|---------------|---------------|----------|\n");
    for (int count : quick ? std::vector<int>{200} : std::vector<int>{1000, 10000}) {
        std::string dir = root + "/" + std::to_string(count);
        bench::in_child([&] { write_folder(dir, count); });
        bench::in_child([&] { measure_open_folder(dir, count); });
    }
    bench::in_child([&] { measure_replay(quick ? 50 : 200, quick ? 2 : 10); });
    fs::remove_all(root);
    return bench::exit_status();
}
