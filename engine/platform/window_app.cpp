// Index: [Options] [Script] [Screenshots] [Frame loop] [Report]
#include "window_app.hpp"

// glad must come before any other OpenGL header.
#include <glad/gl.h>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>
#include <sys/resource.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "atomic_file.hpp"
#include "fonts.hpp"
#include "library.hpp"
#include "widgets.hpp"

namespace cp::platform {

namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point kProcessStart = Clock::now();

//-----------------------------------------------------------------------------------------------------------
// [Options]
//-----------------------------------------------------------------------------------------------------------
struct Options {
    std::string script;
    std::string screenshot_dir;
    std::string bench_report;
    std::string scenarios;
    double idle_seconds = 0;
    std::vector<std::string> assess_folders;  // `counterpart assess FOLDER...`
    bool assess = false;
    int width = 0, height = 0;
    std::uint64_t seed = 0;
};

bool parse_options(const std::vector<std::string>& args, Options& o) {
    std::size_t first = 0;
    if (!args.empty() && args[0] == "assess") {
        // The assessor's workspace, on the folders named before the first option.
        o.assess = true;
        for (first = 1; first < args.size() && args[first].rfind("--", 0) != 0; ++first)
            o.assess_folders.push_back(args[first]);
    }
    for (std::size_t i = first; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
            return args[++i];
        };
        try {
            if (a == "--script")
                o.script = value();
            else if (a == "--screenshot-dir")
                o.screenshot_dir = value();
            else if (a == "--bench-report")
                o.bench_report = value();
            else if (a == "--scenarios")
                o.scenarios = value();
            else if (a == "--idle-seconds")
                o.idle_seconds = std::stod(value());
            else if (a == "--seed")
                o.seed = std::stoull(value());
            else if (a == "--size") {
                std::string v = value();
                if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 ||
                    o.height < 240)
                    throw std::invalid_argument("--size needs WIDTHxHEIGHT, for example 1280x720");
            } else
                throw std::invalid_argument("unknown option " + a);
        } catch (const std::exception& e) {
            std::cerr << "counterpart: " << e.what() << " (see counterpart --help)\n";
            return false;
        }
    }
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Script]
//-----------------------------------------------------------------------------------------------------------
// One command per line: key NAME | type TEXT | choose CHOICE-ID (types its number key) | wait FRAMES |
// screenshot NAME | wait-sessions (until the workspace has read every record) | expect-screen NAME | theme NAME | font-scale X | resize W H | quit. # starts a comment.
struct Script {
    std::deque<std::pair<int, std::string>> lines;  // line number, text
    std::string file;
    bool failed = false;

    bool load(const std::string& path) {
        file = path;
        std::ifstream in(path);
        if (!in) return false;
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            auto b = line.find_first_not_of(" \t\r");
            if (b == std::string::npos || line[b] == '#') continue;
            auto e = line.find_last_not_of(" \t\r");
            lines.push_back({n, line.substr(b, e - b + 1)});
        }
        return true;
    }
};

int glfw_key(const std::string& name) {
    static const std::map<std::string, int> keys = {
        {"Enter", GLFW_KEY_ENTER},    {"Escape", GLFW_KEY_ESCAPE}, {"Tab", GLFW_KEY_TAB},
        {"Space", GLFW_KEY_SPACE},    {"Up", GLFW_KEY_UP},         {"Down", GLFW_KEY_DOWN},
        {"Left", GLFW_KEY_LEFT},      {"Right", GLFW_KEY_RIGHT},   {"Backspace", GLFW_KEY_BACKSPACE},
        {"Home", GLFW_KEY_HOME},      {"End", GLFW_KEY_END},       {"PageDown", GLFW_KEY_PAGE_DOWN},
        {"PageUp", GLFW_KEY_PAGE_UP},
    };
    auto it = keys.find(name);
    return it == keys.end() ? -1 : it->second;
}

//-----------------------------------------------------------------------------------------------------------
// [Screenshots]
//-----------------------------------------------------------------------------------------------------------
// Reads the back buffer (before the swap) and writes it as PNG.
bool save_screenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    std::vector<unsigned char> flipped(pixels.size());
    std::size_t row = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row,
                    flipped.data() + static_cast<std::size_t>(y) * row);
    for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    return stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)) != 0;
}

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

//-----------------------------------------------------------------------------------------------------------
// [Report]
//-----------------------------------------------------------------------------------------------------------
nlohmann::json summarise(std::vector<double> ms) {
    if (ms.empty()) return {{"frames", 0}};
    std::sort(ms.begin(), ms.end());
    return {{"frames", ms.size()},
            {"median_ms", ms[ms.size() / 2]},
            {"p99_ms", ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]},
            {"max_ms", ms.back()}};
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Frame loop]
//-----------------------------------------------------------------------------------------------------------
int run_window_app(const std::vector<std::string>& args) {
    Options opt;
    if (!parse_options(args, opt)) return 2;
    Script script;
    if (!opt.script.empty() && !script.load(opt.script)) {
        std::cerr << "counterpart: cannot read the script " << opt.script << "\n";
        return 2;
    }
    glfwSetErrorCallback([](int, const char* description) {
        std::cerr << "counterpart: window system: " << description << "\n";
    });
    if (!glfwInit()) {
        std::cerr << "counterpart: no display to open a window on (is DISPLAY set?).\n"
                     "Play in the terminal instead, which also works with a screen reader:\n"
                     "  counterpart play              pick a scenario from the library\n"
                     "  counterpart play sar-phone    play one by id\n";
        return 2;
    }

    ui::AppConfig config;
    config.scenario_dir = opt.scenarios.empty() ? bundled_scenario_dir() : opt.scenarios;
    config.user_scenario_dir = user_scenario_dir();
    config.sessions_dir = sessions_dir();
    config.config_dir = config_dir();
    config.seed = opt.seed;
    config.assess_folders = opt.assess_folders;
    if (opt.assess && config.assess_folders.empty()) config.assess_folders.push_back(config.sessions_dir);
    ui::App app(config);
    int width = opt.width > 0 ? opt.width : app.settings().window_width;
    int height = opt.height > 0 ? opt.height : app.settings().window_height;

    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(width, height, "Counterpart", nullptr, nullptr);
    if (!window) {
        std::cerr << "counterpart: could not open a window with OpenGL 3.3. Play in the terminal instead: "
                     "counterpart play\n";
        glfwTerminate();
        return 2;
    }
    glfwSetWindowSizeLimits(window, 640, 480, GLFW_DONT_CARE, GLFW_DONT_CARE);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::cerr << "counterpart: could not load OpenGL functions. Play in the terminal instead: "
                     "counterpart play\n";
        glfwDestroyWindow(window);
        glfwTerminate();
        return 2;
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    std::string ini = (std::filesystem::path(config.config_dir) / "imgui.ini").string();
    std::error_code ec;
    std::filesystem::create_directories(config.config_dir, ec);
    io.IniFilename =
        script.file.empty() ? ini.c_str() : nullptr;  // scripted runs leave the user's layout alone
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");

    // Figures for the report.
    std::map<std::string, std::vector<double>> frame_ms;
    double first_frame_ms = -1;
    int screenshot_count = 0;
    ui::Screen last_screen = app.screen();
    bool screen_changed = true;
    std::string pending_shot;
    int frames_left = 3;  // frames still to draw before sleeping
    int wait_frames = 0;
    std::vector<int> keys_to_release;
    int status = 0;
    float content_scale = 1.0f;

    auto rebuild_style = [&] {
        float xs = 1, ys = 1;
        glfwGetWindowContentScale(window, &xs, &ys);
        content_scale = std::max(1.0f, std::max(xs, ys));
        float scale = app.settings().font_scale * content_scale;
        ui::Fonts fonts;
        std::string error;
        if (!ui::build_fonts(scale, fonts, error)) std::cerr << "counterpart: " << error << "\n";
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        app.set_fonts(fonts);
        ui::apply_theme(app.settings().theme, scale);
        ui::set_colours(app.settings().theme);
    };
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float, float) {
        // Handled on the next frame: the style is rebuilt when the scale changes.
        glfwSetWindowUserPointer(w, reinterpret_cast<void*>(1));
    });

    // Runs script commands until one needs frames to pass.
    auto run_script = [&] {
        while (wait_frames == 0 && !script.lines.empty()) {
            // Plain variables, not a structured binding: clang 14 cannot capture bindings in the lambda below.
            const int number = script.lines.front().first;
            const std::string line = script.lines.front().second;
            script.lines.pop_front();
            std::istringstream words(line);
            std::string cmd, arg;
            words >> cmd;
            std::getline(words, arg);
            if (!arg.empty() && arg[0] == ' ') arg.erase(0, 1);
            auto fail = [&](const std::string& why) {
                std::cerr << script.file << ":" << number << ": " << why << "\n";
                script.failed = true;
                script.lines.clear();
            };
            if (cmd == "key") {
                int k = glfw_key(arg);
                if (k < 0) return fail("unknown key '" + arg + "'");
                io.KeysDown[k] = true;
                keys_to_release.push_back(k);
                wait_frames = 3;
            } else if (cmd == "type") {
                for (char c : arg) io.AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
                wait_frames = 3;
            } else if (cmd == "choose") {
                // Types the number key of the option with this id, as a learner would.
                const Session* session = app.session();
                if (!session) return fail("choose: no session is running");
                int wanted = session->scenario().find_choice(arg);
                const auto& offered = session->offered();
                auto it = std::find(offered.begin(), offered.end(), wanted);
                if (it == offered.end()) return fail("choose: '" + arg + "' is not on offer now");
                auto index = it - offered.begin();
                if (index >= 9) return fail("choose: '" + arg + "' has no number key");
                io.AddInputCharacter(static_cast<unsigned>('1' + index));
                wait_frames = 3;
            } else if (cmd == "wait") {
                wait_frames = std::max(1, std::atoi(arg.c_str()));
            } else if (cmd == "screenshot") {
                pending_shot = arg;
                wait_frames = 1;
            } else if (cmd == "wait-sessions") {
                // Until the workspace's index has read every record (a scripted run's screenshots need them).
                if (!app.session_index()) return fail("wait-sessions: the workspace is not open");
                if (app.wants_frames() || app.session_index()->busy()) {
                    script.lines.push_front({number, line});
                    wait_frames = 2;
                }
            } else if (cmd == "expect-screen") {
                if (arg != ui::screen_name(app.screen()))
                    return fail(std::string("expected the ") + arg + " screen, but the " +
                                ui::screen_name(app.screen()) + " screen is showing");
            } else if (cmd == "theme" || cmd == "font-scale") {
                ui::Screen back = app.screen();
                app.apply({ui::Intent::Kind::OpenSettings});
                auto& draft = app.draft_settings();
                if (cmd == "theme")
                    draft.theme = ui::theme_from_name(arg);
                else
                    draft.font_scale = static_cast<float>(std::atof(arg.c_str()));
                app.apply({ui::Intent::Kind::SaveSettings});
                if (app.screen() != back) return fail("could not apply settings");
                wait_frames = 3;
            } else if (cmd == "resize") {
                int w = 0, h = 0;
                if (std::sscanf(arg.c_str(), "%d %d", &w, &h) != 2) return fail("resize needs WIDTH HEIGHT");
                glfwSetWindowSize(window, w, h);
                wait_frames = 5;
            } else if (cmd == "quit") {
                glfwSetWindowShouldClose(window, GLFW_TRUE);
            } else {
                return fail("unknown command '" + cmd + "'");
            }
        }
    };

    bool scripted = !script.file.empty();
    Clock::time_point idle_start{};
    double idle_cpu_start = 0;
    int idle_frames = -1;  // >= 0 while measuring idle after a script (--idle-seconds)
    while (!glfwWindowShouldClose(window)) {
        bool script_running = scripted && (!script.lines.empty() || wait_frames > 0);
        if (script_running) {
            glfwPollEvents();
            frames_left = std::max(frames_left, 1);
        } else if (scripted && opt.idle_seconds > 0) {
            if (idle_frames < 0 && frames_left == 0) {
                idle_frames = 0;
                idle_start = Clock::now();
                idle_cpu_start = cpu_seconds();
            }
            if (idle_frames >= 0) {
                double remaining =
                    opt.idle_seconds - std::chrono::duration<double>(Clock::now() - idle_start).count();
                if (remaining <= 0) break;
                if (frames_left == 0) {
                    glfwWaitEventsTimeout(remaining);  // the same wait the interactive loop uses
                    if (std::chrono::duration<double>(Clock::now() - idle_start).count() < opt.idle_seconds)
                        frames_left = 3;
                    continue;
                }
            }
            glfwPollEvents();
        } else if (scripted) {
            if (frames_left == 0 && !app.wants_frames()) break;  // script done and its last frames drawn
            glfwPollEvents();
        } else if (frames_left == 0 && app.wants_frames()) {
            glfwWaitEventsTimeout(1.0 / 30);  // the session index is still reading: let the table grow
            frames_left = 1;
        } else if (frames_left == 0 && app.wake_after_seconds() > 0) {
            // The workspace looks for new records every few seconds; draw then to show them.
            glfwWaitEventsTimeout(app.wake_after_seconds());
            frames_left = 3;
        } else if (frames_left == 0) {
            glfwWaitEvents();  // idle: nothing is drawn and no CPU is used until something happens
            frames_left = 3;
        } else {
            glfwPollEvents();
        }
        if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {
            frames_left = 0;
            continue;
        }
        if (glfwGetWindowUserPointer(window)) {
            glfwSetWindowUserPointer(window, nullptr);
            app.draft_settings() = app.settings();
            app.apply({ui::Intent::Kind::OpenSettings});
            app.apply({ui::Intent::Kind::CancelSettings});
            rebuild_style();
        }
        if (app.take_style_change()) rebuild_style();
        if (scripted && wait_frames == 0) run_script();

        double cpu_before = cpu_seconds();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // Scripts drive the keyboard only: wherever the pointer happens to rest must not hover or show tooltips
        // in screenshots.
        if (scripted) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("Counterpart", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
        app.frame();
        ImGui::End();
        ImGui::Render();
        int fb_w = 0, fb_h = 0;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        const ImVec4 bg = ui::colours().window_bg;
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        double cpu_ms = (cpu_seconds() - cpu_before) * 1000.0;
        frame_ms[ui::screen_name(app.screen())].push_back(cpu_ms);
        if (idle_frames >= 0) ++idle_frames;

        if (!opt.screenshot_dir.empty()) {
            // A screen that has just opened is captured once it has settled (focus and layout take a frame).
            if (app.screen() != last_screen) {
                last_screen = app.screen();
                screen_changed = true;
            } else if (screen_changed && wait_frames <= 1) {
                char name[64];
                std::snprintf(name, sizeof name, "%02d-%s.png", ++screenshot_count,
                              ui::screen_name(app.screen()));
                save_screenshot((std::filesystem::path(opt.screenshot_dir) / name).string(), fb_w, fb_h);
                screen_changed = false;
            }
            if (!pending_shot.empty() && wait_frames <= 1) {
                save_screenshot(
                    (std::filesystem::path(opt.screenshot_dir) / (pending_shot + ".png")).string(), fb_w,
                    fb_h);
                pending_shot.clear();
            }
        }
        glfwSwapBuffers(window);
        if (first_frame_ms < 0)
            first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - kProcessStart).count();
        for (int k : keys_to_release) io.KeysDown[k] = false;
        keys_to_release.clear();
        if (wait_frames > 0) --wait_frames;
        if (frames_left > 0) --frames_left;
        if (app.wants_quit()) glfwSetWindowShouldClose(window, GLFW_TRUE);
    }

    if (script.failed) status = 1;
    if (!opt.bench_report.empty()) {
        nlohmann::json report;
        for (const auto& [screen, ms] : frame_ms) report["frame_cpu_ms"][screen] = summarise(ms);
        report["launch_to_first_frame_ms"] = first_frame_ms;
        if (idle_frames >= 0) {
            double cpu = cpu_seconds() - idle_cpu_start;
            report["idle"] = {
                {"seconds", opt.idle_seconds}, {"frames_drawn", idle_frames}, {"cpu_seconds", cpu}};
        }
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        report["peak_memory_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
        std::string error;
        if (!atomic_write_file(opt.bench_report, report.dump(2) + "\n", error))
            std::cerr << "counterpart: " << error << "\n";
    }
    if (!scripted) {
        // Remember the window size for next time.
        int w = 0, h = 0;
        glfwGetWindowSize(window, &w, &h);
        ui::Settings s = app.settings();
        if (w > 0 && h > 0 && (w != s.window_width || h != s.window_height)) {
            s.window_width = static_cast<int>(static_cast<float>(w) / content_scale);
            s.window_height = static_cast<int>(static_cast<float>(h) / content_scale);
            std::string error;
            s.save(config.config_dir, error);
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

}  // namespace cp::platform
