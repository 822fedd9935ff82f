// Index: [Options] [Start-up] [Frame loop]
// The window app: options, then a frame loop over three parts with a home each: the window backend
// (glfw_window), the scripted mode (script_runner) and the figures for --bench-report (frame_report).
#include "window_app.hpp"

#include <malloc.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>

#include <imgui.h>

#include "app.hpp"
#include "fonts.hpp"
#include "frame_report.hpp"
#include "glfw_window.hpp"
#include "library.hpp"
#include "script_runner.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace cp::platform {

namespace {

using Clock = std::chrono::steady_clock;

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
    bool studio = false;  // --studio: start in the studio (counterpart edit)
    std::string edit;     // --edit FILE: open this scenario in the studio
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
            else if (a == "--studio")
                o.studio = true;
            else if (a == "--edit")
                o.edit = value(), o.studio = true;
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
// [Start-up]
//-----------------------------------------------------------------------------------------------------------

// What the start-up thread makes while the main thread opens the window (GLFW must run there): the App, which
// reads the settings, loads and checks the library and indexes the sessions, and the font atlas, rasterised at
// the settings' font scale for a monitor scale of 1. On Mesa's software renderer opening the window takes about
// as long as both together, so the first frame comes after the longer of the two rather than after all three.
// No ImGui context exists until this is done, so the atlas's allocations race with nothing.
struct Prepared {
    std::unique_ptr<ui::App> app;
    std::unique_ptr<ImFontAtlas> atlas;
    ui::Fonts fonts;
    float atlas_scale = 0;  // the scale the atlas holds glyphs for; 0 when it holds none
    std::string font_error;
    double library_ms = 0, fonts_ms = 0;  // wall time of each, on the start-up thread
};

Prepared prepare(const ui::AppConfig& config) {
    Prepared p;
    auto t0 = Clock::now();
    p.app = std::make_unique<ui::App>(config);
    auto t1 = Clock::now();
    p.atlas = std::make_unique<ImFontAtlas>();
    const float scale = p.app->settings().font_scale;
    if (ui::build_fonts(*p.atlas, scale, p.fonts, p.font_error)) {
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        p.atlas->GetTexDataAsRGBA32(&pixels, &w, &h);  // the form the GPU upload takes, made here too
        p.atlas_scale = scale;
    }
    p.library_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    p.fonts_ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
    return p;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Frame loop]
//-----------------------------------------------------------------------------------------------------------
int run_window_app(const std::vector<std::string>& args) {
    Options opt;
    if (!parse_options(args, opt)) return 2;
    ScriptRunner script;
    if (!opt.script.empty() && !script.load(opt.script)) {
        std::cerr << "counterpart: cannot read the script " << opt.script << "\n";
        return 2;
    }
    const bool scripted = script.loaded();
    FrameReport report;

    ui::AppConfig config;
    config.scenario_dir = opt.scenarios.empty() ? bundled_scenario_dir() : opt.scenarios;
    config.user_scenario_dir = user_scenario_dir();
    config.sessions_dir = sessions_dir();
    config.config_dir = config_dir();
    config.seed = opt.seed;
    config.assess_folders = opt.assess_folders;
    if (opt.assess && config.assess_folders.empty()) config.assess_folders.push_back(config.sessions_dir);
    // One malloc arena for every thread: the start-up thread would otherwise get its own, and the memory the
    // font build frees there stays resident beside the main arena (6 MiB more at peak, measured). The app's
    // threads allocate little once running, so they do not contend.
    mallopt(M_ARENA_MAX, 1);
    std::future<Prepared> preparing = std::async(std::launch::async, prepare, std::cref(config));

    Window window;
    std::string error;
    const ui::Settings saved = ui::Settings::load(config.config_dir);  // the window's size, read beside the App's
    int width = opt.width > 0 ? opt.width : saved.window_width;
    int height = opt.height > 0 ? opt.height : saved.window_height;
    if (!window.open(width, height, "Counterpart", error)) {
        std::cerr << "counterpart: " << error << ".\n"
                  << "Play in the terminal instead, which also works with a screen reader:\n"
                     "  counterpart play              pick a scenario from the library\n"
                     "  counterpart play sar-phone    play one by id\n";
        return 2;
    }
    report.checkpoint("window open");
    Prepared prepared = preparing.get();
    ui::App& app = *prepared.app;
    report.checkpoint("library loaded and fonts built (beside the window)");
    report.note("startup_thread_library_ms", std::lround(prepared.library_ms));
    report.note("startup_thread_fonts_ms", std::lround(prepared.fonts_ms));
    if (opt.studio) app.apply({ui::Intent::Kind::StudioMode, 1});
    if (!opt.edit.empty()) {
        app.apply({ui::Intent::Kind::OpenStudio, -1, opt.edit});
        if (app.screen() != ui::Screen::Studio) {
            std::cerr << "counterpart edit: " << app.status_message() << "\n";
            return 2;
        }
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(prepared.atlas.get());  // the context uses the atlas made beside the window, not its own
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    std::string ini = (std::filesystem::path(config.config_dir) / "imgui.ini").string();
    std::error_code ec;
    std::filesystem::create_directories(config.config_dir, ec);
    io.IniFilename = scripted ? nullptr : ini.c_str();  // scripted runs leave the user's layout alone
    window.attach_imgui();

    float content_scale = 1.0f;
    bool atlas_on_gpu = false;
    if (prepared.atlas_scale == 0) std::cerr << "counterpart: " << prepared.font_error << "\n";
    auto rebuild_style = [&] {
        content_scale = window.content_scale();
        float scale = app.settings().font_scale * content_scale;
        // Fonts are rasterised again only for a new size (a monitor scale other than 1, a new font size); a new
        // theme keeps them. The GPU copy frees the atlas's pixels, so a rebuild always uploads.
        if (scale != prepared.atlas_scale) {
            ui::Fonts fonts;
            std::string font_error;
            if (ui::build_fonts(*io.Fonts, scale, fonts, font_error)) prepared.atlas_scale = scale;
            else std::cerr << "counterpart: " << font_error << "\n";
            prepared.fonts = fonts;
            atlas_on_gpu = false;
        }
        io.FontDefault = prepared.fonts.body;
        if (!atlas_on_gpu) {
            window.rebuild_font_texture();
            atlas_on_gpu = true;
        }
        app.set_fonts(prepared.fonts);
        ui::apply_theme(app.settings().theme, scale);
        ui::set_colours(app.settings().theme);
    };
    const ScriptWindow script_window{[&](int w, int h) { window.resize(w, h); },
                                     [&] { window.request_close(); }};

    int screenshot_count = 0;
    ui::Screen last_screen = app.screen();
    bool screen_changed = true;
    int frames_left = 3;  // frames still to draw before sleeping
    Clock::time_point idle_start{};
    bool style_built = false;
    long frames_drawn_total = 0;  // frames drawn since launch
    while (!window.should_close()) {
        if (scripted && script.running()) {
            window.poll();
            frames_left = std::max(frames_left, 1);
        } else if (scripted && opt.idle_seconds > 0) {
            if (!report.idling() && frames_left == 0) {
                report.start_idle(opt.idle_seconds);
                idle_start = Clock::now();
            }
            if (report.idling()) {
                double remaining =
                    opt.idle_seconds - std::chrono::duration<double>(Clock::now() - idle_start).count();
                if (remaining <= 0) break;
                if (frames_left == 0) {
                    window.wait(remaining);  // the same wait the interactive loop uses
                    if (std::chrono::duration<double>(Clock::now() - idle_start).count() < opt.idle_seconds)
                        frames_left = 3;
                    continue;
                }
            }
            window.poll();
        } else if (scripted) {
            if (frames_left == 0 && !app.wants_frames()) break;  // script done and its last frames drawn
            window.poll();
        } else if (frames_left == 0 && app.wants_frames()) {
            window.wait(1.0 / 30);  // the session index is still reading: let the table grow
            frames_left = 1;
        } else if (frames_left == 0 && app.wake_after_seconds() > 0) {
            // The workspace looks for new records every few seconds; draw then to show them.
            window.wait(app.wake_after_seconds());
            frames_left = 3;
        } else if (frames_left == 0) {
            window.wait();  // idle: nothing is drawn and no CPU is used until something happens
            frames_left = 3;
        } else {
            window.poll();
        }
        if (window.iconified()) {
            frames_left = 0;
            continue;
        }
        if (window.take_scale_change()) {
            app.draft_settings() = app.settings();
            app.apply({ui::Intent::Kind::OpenSettings});
            app.apply({ui::Intent::Kind::CancelSettings});
            rebuild_style();
        }
        if (app.take_style_change()) {
            rebuild_style();
            if (!style_built) report.checkpoint("fonts on the GPU, theme applied");
            style_built = true;
        }
        if (scripted) script.before_frame(app, script_window);

        double cpu_before = process_cpu_seconds();
        window.begin_frame();
        // Scripts drive the keyboard and their own clicks: wherever the real pointer happens to rest must not
        // hover or show tooltips in screenshots.
        if (scripted) script.apply_pointer();
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        window.render(ui::colours().window_bg);
        // What the GPU draws letters from, once the backend has made its objects: an empty texture here meant
        // every word on screen was noise (the font atlas uploaded after its pixels were freed).
        if (frames_drawn_total++ == 0 && !opt.bench_report.empty())
            report.note("font_texture_inked_pixels", window.font_texture_inked_pixels());
        report.frame(ui::screen_name(app.screen()), (process_cpu_seconds() - cpu_before) * 1000.0);
        if (report.idling()) report.idle_frame();

        if (!opt.screenshot_dir.empty()) {
            const std::filesystem::path dir(opt.screenshot_dir);
            // A screen that has just opened is captured once it has settled (focus and layout take a frame).
            if (app.screen() != last_screen) {
                last_screen = app.screen();
                screen_changed = true;
            } else if (screen_changed && script.wait_frames() <= 1) {
                char name[64];
                std::snprintf(name, sizeof name, "%02d-%s.png", ++screenshot_count,
                              ui::screen_name(app.screen()));
                window.screenshot((dir / name).string());
                screen_changed = false;
            }
            std::string shot = script.take_screenshot_request();
            if (!shot.empty()) window.screenshot((dir / (shot + ".png")).string());
        }
        window.swap();
        script.after_frame();
        if (frames_left > 0) --frames_left;
        if (app.wants_quit()) window.request_close();
    }

    // The texture as it stands after every change of theme or font size the session made (a new theme keeps
    // the uploaded atlas; a new size uploads a fresh one).
    if (!opt.bench_report.empty()) report.note("font_texture_inked_pixels_at_close", window.font_texture_inked_pixels());
    if (!opt.bench_report.empty() && !report.write(opt.bench_report, error))
        std::cerr << "counterpart: " << error << "\n";
    if (!scripted) {
        // Remember the window size for next time.
        int w = 0, h = 0;
        window.size(w, h);
        ui::Settings s = app.settings();
        if (w > 0 && h > 0 && (w != s.window_width || h != s.window_height)) {
            s.window_width = static_cast<int>(static_cast<float>(w) / content_scale);
            s.window_height = static_cast<int>(static_cast<float>(h) / content_scale);
            s.save(config.config_dir, error);
        }
    }
    window.detach_imgui();  // the backends shut down while the ImGui context still exists
    ImGui::DestroyContext();
    return script.failed() ? 1 : 0;
}

}  // namespace cp::platform
