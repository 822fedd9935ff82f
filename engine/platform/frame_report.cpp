#include "frame_report.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>

#include "atomic_file.hpp"

namespace cp::platform {

namespace {

using Clock = std::chrono::steady_clock;
// Set while the program's static objects are constructed: as close to exec as a C++ program can see.
const Clock::time_point kProcessStart = Clock::now();

double since_start_ms() { return std::chrono::duration<double, std::milli>(Clock::now() - kProcessStart).count(); }

// Resident set size now, from /proc/self/statm (pages).
double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    if (!(statm >> size >> resident)) return -1;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double peak_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

nlohmann::json summarise(std::vector<double> ms) {
    if (ms.empty()) return {{"frames", 0}};
    std::sort(ms.begin(), ms.end());
    return {{"frames", ms.size()},
            {"median_ms", ms[ms.size() / 2]},
            {"p99_ms", ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]},
            {"max_ms", ms.back()}};
}

}  // namespace

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void FrameReport::checkpoint(const std::string& stage) {
    stages_.push_back({{"stage", stage},
                       {"wall_ms", since_start_ms()},
                       {"cpu_ms", process_cpu_seconds() * 1000.0},
                       {"resident_mib", resident_mib()}});
}

void FrameReport::frame(const std::string& screen, double cpu_ms) {
    frame_ms_[screen].push_back(cpu_ms);
    if (first_frame_ms_ < 0) {
        first_frame_ms_ = since_start_ms();
        first_frame_cpu_ms_ = process_cpu_seconds() * 1000.0;
        checkpoint("first frame shown");
    }
}

void FrameReport::start_idle(double seconds) {
    idle_seconds_ = seconds;
    idle_frames_ = 0;
    idle_cpu_start_ = process_cpu_seconds();
}

bool FrameReport::write(const std::string& path, std::string& error) const {
    nlohmann::json report;
    for (const auto& [screen, ms] : frame_ms_) report["frame_cpu_ms"][screen] = summarise(ms);
    report["launch_to_first_frame_ms"] = first_frame_ms_;
    report["launch_cpu_ms"] = first_frame_cpu_ms_;
    report["startup"] = stages_;
    for (const auto& [key, value] : notes_.items()) report[key] = value;
    if (idle_frames_ >= 0)
        report["idle"] = {{"seconds", idle_seconds_},
                          {"frames_drawn", idle_frames_},
                          {"cpu_seconds", process_cpu_seconds() - idle_cpu_start_}};
    report["peak_memory_mib"] = peak_mib();
    return atomic_write_file(path, report.dump(2) + "\n", error);
}

}  // namespace cp::platform
