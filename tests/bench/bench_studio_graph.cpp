// counterpart_bench_studio_graph: the studio with a generated 2,000-node scenario on screen. Frame CPU time
// (median, p95, max) while the canvas sits still, pans and zooms, drawn by the app's own studio screen into an
// ImGui context without a window (the draw lists are built exactly as on screen; the GPU's share is not
// counted), and the time from an edit to that revision's live checks on the same scenario.
// Reported figures, not pass/fail tests (the goal: p99 frame under 4 ms on this machine).
//
//   build/release/tests/bench/counterpart_bench_studio_graph [--quick] [--nodes N]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "widgets.hpp"
#include "atomic_file.hpp"
#include "fonts.hpp"
#include "generated_scenario.hpp"
#include "theme.hpp"

using namespace cp;
using namespace cp::ui;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

struct Phase {
    const char* name;
    std::vector<double> cpu_ms;
    int drawn = 0;  // nodes drawn after culling, last frame
};

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    int nodes = 2000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) quick = true;
        if (std::strcmp(argv[i], "--nodes") == 0 && i + 1 < argc) nodes = std::atoi(argv[++i]);
    }
    int frames = quick ? 10 : 400;

    // A folder with the generated scenario and the policy it is written against.
    fs::path dir = fs::temp_directory_path() / ("counterpart-bench-graph-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "policies");
    for (const auto& e : fs::directory_iterator(COUNTERPART_BENCH_POLICIES)) fs::copy_file(e.path(), dir / "policies" / e.path().filename());
    std::string file = (dir / "generated.json").string(), error;
    if (!atomic_write_file(file, bench::generate_scenario_json(nodes, 4), error)) {
        std::fprintf(stderr, "cannot write the scenario: %s\n", error.c_str());
        return 2;
    }

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 720);
    io.DeltaTime = 1.0f / 60.0f;
    Fonts fonts;
    if (!build_fonts(*io.Fonts, 1.0f, fonts, error)) {
        std::fprintf(stderr, "fonts: %s\n", error.c_str());
        return 2;
    }
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.FontDefault = fonts.body;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    apply_theme(ThemeKind::Light, 1.0f);
    set_colours(ThemeKind::Light);
    {
        App app(AppConfig{dir.string(), (dir / "sessions").string(), (dir / "config").string(), 7});
        app.set_fonts(fonts);
        auto t0 = Clock::now();
        app.apply(Intent(Intent::Kind::OpenStudio, -1, file));
        Studio* st = app.studio();
        if (!st) {
            std::fprintf(stderr, "the studio did not open: %s\n", app.status_message().c_str());
            return 2;
        }
        double open_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::printf("generated scenario: %d nodes, %zu bytes; open in the studio (with auto-layout) %.0f ms\n", nodes,
                    fs::file_size(file), open_ms);
        auto frame = [&](Phase& phase) {
            double c0 = thread_cpu_ms();
            ImGui::NewFrame();
            app.frame();
            ImGui::Render();
            phase.cpu_ms.push_back(thread_cpu_ms() - c0);
            phase.drawn = st->view.nodes_drawn;
        };
        std::vector<Phase> phases = {{"still, zoom 1", {}, 0}, {"panning, zoom 1", {}, 0}, {"zooming 0.1 to 2", {}, 0},
                                     {"whole graph, zoom 0.05", {}, 0}};
        for (int i = 0; i < 20; ++i) frame(phases[0]);  // warm-up: fonts, first layout
        phases[0].cpu_ms.clear();
        for (int i = 0; i < frames; ++i) frame(phases[0]);
        for (int i = 0; i < frames; ++i) {
            st->view.pan.x -= 37.0f;
            st->view.pan.y -= static_cast<float>((i % 40) - 20);
            frame(phases[1]);
        }
        for (int i = 0; i < frames; ++i) {
            float t = static_cast<float>(i % 100) / 99.0f;
            st->view.zoom = 0.1f + 1.9f * (i / 100 % 2 ? 1.0f - t : t);
            frame(phases[2]);
        }
        st->view.pan = ImVec2(20, 20);
        st->view.zoom = 0.05f;
        for (int i = 0; i < frames; ++i) frame(phases[3]);
        std::printf("\n| canvas | frames | nodes drawn | median ms | p95 ms | max ms |\n|---|---|---|---|---|---|\n");
        for (const auto& p : phases)
            std::printf("| %s | %zu | %d | %.2f | %.2f | %.2f |\n", p.name, p.cpu_ms.size(), p.drawn,
                        percentile(p.cpu_ms, 0.5), percentile(p.cpu_ms, 0.95), percentile(p.cpu_ms, 1.0));

        // Edit to checks: change a choice's text, then wait for that revision's published result.
        std::vector<double> latency;
        st->checker.wait_for(st->doc.revision(), std::chrono::minutes(5));
        std::string pointer = st->doc.choice_pointer(st->doc.json()["nodes"][nodes / 2]["choices"][0]["id"].get<std::string>());
        int edits = quick ? 2 : 10;
        for (int i = 0; i < edits; ++i) {
            auto e0 = Clock::now();
            st->doc.set(pointer + "/text", "Edited text " + std::to_string(i));
            st->submit_checks();
            if (!st->checker.wait_for(st->doc.revision(), std::chrono::minutes(5))) {
                std::fprintf(stderr, "checks did not arrive\n");
                return 1;
            }
            latency.push_back(std::chrono::duration<double, std::milli>(Clock::now() - e0).count());
        }
        auto checks = st->checks();
        std::printf("\nedit to checks (%d edits, 30 ms debounce): median %.0f ms, max %.0f ms; the checks alone %.0f ms "
                    "(%d errors, %d warnings)\n",
                    edits, percentile(latency, 0.5), percentile(latency, 1.0), checks ? checks->milliseconds : 0.0,
                    checks ? checks->errors : 0, checks ? checks->warnings : 0);
    }
    ImGui::DestroyContext();
    fs::remove_all(dir);
    return 0;
}
