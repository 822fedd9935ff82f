#include "script_runner.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "studio_playtest.hpp"
#include "session_index.hpp"
#include "studio_forms.hpp"
#include "runtime.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace cp::platform {

namespace {

// Key names a script may use, mapped to the codes the GLFW backend puts in io.KeysDown.
int key_code(const std::string& name) {
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

}  // namespace

bool ScriptRunner::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return false;
    file_ = path;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        auto b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos || line[b] == '#') continue;
        auto e = line.find_last_not_of(" \t\r");
        lines_.push_back({n, line.substr(b, e - b + 1)});
    }
    return true;
}

void ScriptRunner::fail(int line, const std::string& why) {
    std::cerr << file_ << ":" << line << ": " << why << "\n";
    failed_ = true;
    lines_.clear();
}

void ScriptRunner::before_frame(ui::App& app, const ScriptWindow& window) {
    ImGuiIO& io = ImGui::GetIO();
    while (wait_frames_ == 0 && !lines_.empty()) {
        const int number = lines_.front().first;
        const std::string line = lines_.front().second;
        lines_.pop_front();
        std::istringstream words(line);
        std::string cmd, arg;
        words >> cmd;
        std::getline(words, arg);
        if (!arg.empty() && arg[0] == ' ') arg.erase(0, 1);
        if (cmd == "key") {
            int k = key_code(arg);
            if (k < 0) return fail(number, "unknown key '" + arg + "'");
            io.KeysDown[k] = true;
            keys_down_.push_back(k);
            wait_frames_ = 3;
        } else if (cmd == "type") {
            for (char c : arg) io.AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
            wait_frames_ = 3;
        } else if (cmd == "choose") {
            // Types the number key of the option with this id, as a learner would.
            const Session* session = app.session();
            if (!session) return fail(number, "choose: no session is running");
            int wanted = session->scenario().find_choice(arg);
            const auto& offered = session->offered();
            auto it = std::find(offered.begin(), offered.end(), wanted);
            if (it == offered.end()) return fail(number, "choose: '" + arg + "' is not on offer now");
            auto index = it - offered.begin();
            if (index >= 9) return fail(number, "choose: '" + arg + "' has no number key");
            io.AddInputCharacter(static_cast<unsigned>('1' + index));
            wait_frames_ = 3;
        } else if (cmd == "wait") {
            wait_frames_ = std::max(1, std::atoi(arg.c_str()));
        } else if (cmd == "screenshot") {
            pending_shot_ = arg;
            wait_frames_ = 1;
        } else if (cmd == "expect-screen") {
            if (arg != ui::screen_name(app.screen()))
                return fail(number, std::string("expected the ") + arg + " screen, but the " +
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
            if (app.screen() != back) return fail(number, "could not apply settings");
            wait_frames_ = 3;
        } else if (cmd == "resize") {
            int w = 0, h = 0;
            if (std::sscanf(arg.c_str(), "%d %d", &w, &h) != 2) return fail(number, "resize needs WIDTH HEIGHT");
            window.resize(w, h);
            wait_frames_ = 5;
        } else if (cmd == "studio-select") {
            // Selects a node (and optionally one of its choices) in the studio, as a click would.
            if (!app.studio()) return fail(number, "studio-select: the studio is not open");
            std::istringstream ids(arg);
            std::string node, choice;
            ids >> node >> choice;
            ui::Intent select(ui::Intent::Kind::StudioSelect, -1, node);
            select.value = choice.empty() ? "null" : nlohmann::json(choice).dump();
            app.apply(select);
            wait_frames_ = 3;
        } else if (cmd == "click" || cmd == "studio-click") {
            // Clicks the widget as drawn in the last frame, as a mouse would: by label, or a studio inspector
            // control by its name ("studio-click", the older spelling, is the same command).
            ImVec2 at;
            if (!ui::find_click_target(arg, at)) {
                // Drawn but scrolled out of view: scrolled to, as a user would, then tried again (twice at most).
                if (reveal_attempts_ < 2 && ui::reveal_click_target(arg)) {
                    ++reveal_attempts_;
                    lines_.push_front({number, line});
                    wait_frames_ = 2;
                    continue;
                }
                reveal_attempts_ = 0;
                return fail(number, "click: no widget labelled '" + arg + "' is on screen");
            }
            reveal_attempts_ = 0;
            pointer_x_ = at.x;
            pointer_y_ = at.y;
            click_frames_ = 3;
            wait_frames_ = 4;  // and one frame for the intents it produced to show
        } else if (cmd == "expect-status") {
            if (app.status_message().find(arg) == std::string::npos)
                return fail(number, "expected the status line to say '" + arg + "', but it says '" +
                                        app.status_message() + "'");
        } else if (cmd == "studio-wait-checks") {
            // Until the live checks describe the document as it is now (off the UI thread, so frames go on).
            if (!app.studio()) return fail(number, "studio-wait-checks: the studio is not open");
            auto checks = app.studio()->checks();
            if (!checks || checks->revision != app.studio()->doc.revision()) {
                lines_.push_front({number, line});
                wait_frames_ = 2;
                continue;
            }
            wait_frames_ = 2;
        } else if (cmd == "studio-playtest" || cmd == "studio-example" || cmd == "studio-step" ||
                   cmd == "studio-tab" || cmd == "studio-pass-mark") {
            // The playtest panel and the checks tabs, as the buttons would: studio-playtest [NODE [setup]]
            // (the setup page, then play with its defaults unless "setup"), studio-example CHOICE pass|fail, studio-step [N] (steps of the example),
            // studio-tab problems|pass-mark|example-paths, studio-pass-mark N (moves the slider).
            if (!app.studio()) return fail(number, cmd + ": the studio is not open");
            using K = ui::Intent::Kind;
            std::istringstream args(arg);
            std::string first, second;
            args >> first >> second;
            if (cmd == "studio-playtest") {
                app.apply({K::StudioPlaytestSetup, -1, first});
                if (second != "setup") app.apply({K::StudioPlaytestStart});
            } else if (cmd == "studio-example") {
                ui::Intent example(K::StudioPlaytestExample, -1, first);
                example.value = nlohmann::json(second.empty() ? "pass" : second).dump();
                app.apply(example);
            } else if (cmd == "studio-step") {
                for (int k = 0, n = first.empty() ? 1 : std::atoi(first.c_str()); k < n; ++k)
                    app.apply({K::StudioPlaytestStep});
            } else if (cmd == "studio-tab") {
                if (!app.studio()->play) app.studio()->play = std::make_shared<ui::StudioPlay>();
                app.studio()->play->select_tab = first;
            } else {
                app.apply({K::StudioPreviewPassMark, std::atoi(first.c_str())});
            }
            wait_frames_ = 3;
        } else if (cmd == "studio") {
            // Applies a studio intent by name: studio NAME [TEXT] [-- JSON VALUE] (see studio_intent_named).
            if (!app.studio()) return fail(number, "studio: the studio is not open");
            std::string rest = arg, value;
            if (auto sep = rest.find(" -- "); sep != std::string::npos) {
                value = rest.substr(sep + 4);
                rest.erase(sep);
            }
            std::istringstream parts(rest);
            std::string name, text;
            parts >> name;
            std::getline(parts, text);
            if (!text.empty() && text[0] == ' ') text.erase(0, 1);
            ui::Intent::Kind kind{};
            if (!ui::studio_intent_named(name, kind)) return fail(number, "studio: unknown intent '" + name + "'");
            ui::Intent intent(kind, -1, text);
            intent.value = value;
            app.apply(intent);
            wait_frames_ = 3;
        } else if (cmd == "wait-sessions") {
            // Until the workspace's index has read every record (a scripted run's screenshots need them).
            if (!app.session_index()) return fail(number, "wait-sessions: the workspace is not open");
            if (app.wants_frames() || app.session_index()->busy()) {
                lines_.push_front({number, line});
                wait_frames_ = 2;
            }
        } else if (cmd == "quit") {
            window.quit();
        } else {
            return fail(number, "unknown command '" + cmd + "'");
        }
    }
}

void ScriptRunner::apply_pointer() const {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = click_frames_ > 0 ? ImVec2(pointer_x_, pointer_y_) : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = click_frames_ == 2;  // down on the second frame, up (a click) on the third
}

void ScriptRunner::after_frame() {
    for (int k : keys_down_) ImGui::GetIO().KeysDown[k] = false;
    keys_down_.clear();
    if (click_frames_ > 0) --click_frames_;
    if (wait_frames_ > 0) --wait_frames_;
}

std::string ScriptRunner::take_screenshot_request() {
    if (pending_shot_.empty() || wait_frames_ > 1) return {};
    return std::exchange(pending_shot_, {});
}

}  // namespace cp::platform
