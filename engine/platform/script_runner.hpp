// The scripted mode: a plain-text script of key presses and checks that drives the real app in its window,
// for end-to-end tests, screenshots and the GUI benchmark. Input goes through ImGui's IO exactly as the
// keyboard's would; the runner never calls App methods a learner could not reach, except to apply settings.
//
// One command per line: key NAME | type TEXT | choose CHOICE-ID (types its number key) | wait FRAMES |
// screenshot NAME | wait-sessions (until the workspace has read every record) | expect-screen NAME |
// theme NAME | font-scale X | resize W H | studio-select NODE [CHOICE] | click LABEL (moves the pointer to
// the widget with that label, scrolling to it if need be, and clicks it: hover, press, release) | expect-status TEXT
// (the status line contains TEXT) | studio-click NAME | studio-wait-checks | studio-playtest [NODE [setup]] |
// studio-example CHOICE pass|fail | studio-step [N] | studio-tab NAME | studio-pass-mark N | studio INTENT [TEXT] [-- JSON] |
// quit. # starts a comment.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cp::ui {
class App;
}

namespace cp::platform {

// What a script may ask of the window around the app.
struct ScriptWindow {
    std::function<void(int, int)> resize;  // resize W H
    std::function<void()> quit;            // quit
};

class ScriptRunner {
  public:
    // Reads the script; false when the file cannot be read.
    bool load(const std::string& path);
    bool loaded() const { return !file_.empty(); }
    // Commands are left to run, or frames to wait for.
    bool running() const { return !lines_.empty() || wait_frames_ > 0; }
    // A check failed or a command was malformed (reported on stderr as "file:line: why"); the script stopped.
    bool failed() const { return failed_; }
    // Frames still to draw before the next command.
    int wait_frames() const { return wait_frames_; }

    // Before a frame: runs commands until one needs frames to pass.
    void before_frame(ui::App& app, const ScriptWindow& window);
    // After a frame: releases the keys pressed for it and counts the wait down.
    void after_frame();
    // The name of a "screenshot NAME" to take once the frame has settled, or "" (cleared when taken).
    std::string take_screenshot_request();
    // Sets the pointer for the next frame (after the backend's own input): off the window unless a click
    // is in progress, so wherever the real pointer rests never hovers in screenshots.
    void apply_pointer() const;

  private:
    void fail(int line, const std::string& why);

    std::deque<std::pair<int, std::string>> lines_;  // line number, text
    std::string file_;
    bool failed_ = false;
    int wait_frames_ = 0;
    std::vector<int> keys_down_;
    std::string pending_shot_;
    float pointer_x_ = 0, pointer_y_ = 0;
    int click_frames_ = 0;  // frames of a click still to draw: 3 hover, 2 press, 1 release
    int reveal_attempts_ = 0;  // scrolls tried to bring the next click's widget into view
};

}  // namespace cp::platform
