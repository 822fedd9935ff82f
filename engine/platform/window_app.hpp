// The window: GLFW, an OpenGL 3.3 context through glad, the ImGui backends, and the frame loop. The loop is
// event driven: after input it draws a few frames, then sleeps in glfwWaitEvents until the next event, so an
// untouched app draws nothing and uses no CPU.
#pragma once

#include <string>
#include <vector>

namespace cp::platform {

// Runs the window app. `args` are the command-line arguments after the program name; a first argument
// "assess" opens the assessor's workspace on the folders that follow it (default: the user's sessions):
//   --script FILE         drive the app from a script of key presses (see the README), then quit
//   --screenshot-dir DIR  save a PNG of every screen the script visits, and of "screenshot NAME" commands
//   --bench-report FILE   write frame-time, idle and start-up figures as JSON when the app closes
//   --idle-seconds N      after the script, stay idle N seconds and count frames drawn (for the report)
//   --scenarios DIR       scenario folder (default: the bundled library)
//   --size WxH            window size in pixels
//   --seed N              seed for every session (default: random)
// Returns the process exit status: 0 on a normal close, 1 when a script check failed, 2 when no window could
// be opened (for example no display; the message names `counterpart play`).
int run_window_app(const std::vector<std::string>& args);

}  // namespace cp::platform
