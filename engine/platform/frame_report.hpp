// The figures `--bench-report FILE` writes when the app closes: frame CPU time per screen, launch time (wall
// and CPU, so a busy machine does not hide what the app itself spends), memory at each stage of start-up, and
// the frames drawn and CPU used while idle.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cp::platform {

class FrameReport {
  public:
    // Records resident memory and CPU time so far under `stage` ("library loaded", "window open", ...).
    void checkpoint(const std::string& stage);
    // One drawn frame: its CPU time on `screen`. The first call also marks the launch as complete.
    void frame(const std::string& screen, double cpu_ms);
    // Starts counting idle frames and CPU (after a script, for --idle-seconds).
    void start_idle(double seconds);
    bool idling() const { return idle_frames_ >= 0; }
    void idle_frame() { ++idle_frames_; }
    // A figure read off the drawn window, such as the font texture's inked pixels after the first frame.
    void note(const std::string& key, long value) { notes_[key] = value; }
    // Writes the report as JSON (atomically). False with `error` set when it cannot be written.
    bool write(const std::string& path, std::string& error) const;

  private:
    std::map<std::string, std::vector<double>> frame_ms_;
    nlohmann::json stages_ = nlohmann::json::array();
    double first_frame_ms_ = -1, first_frame_cpu_ms_ = -1;
    double idle_seconds_ = 0, idle_cpu_start_ = 0;
    int idle_frames_ = -1;
    nlohmann::json notes_ = nlohmann::json::object();
};

double process_cpu_seconds();  // CPU time this process has used, user and system

}  // namespace cp::platform
