// counterpart graph: a scenario as Graphviz DOT, or rendered to SVG by Graphviz, for handouts and the README.
#include <fstream>
#include <iostream>

#include "atomic_file.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "scenario_graph.hpp"

namespace cp::cli {

int graph(const Args& args, std::ostream& out, std::ostream& err) {
    std::string path, format = "dot", output, policies;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--format") {
            if (!option_value(args, i, format, err)) return 2;
        } else if (a == "-o" || a == "--output") {
            if (!option_value(args, i, output, err)) return 2;
        } else if (a == "--policies") {
            if (!option_value(args, i, policies, err)) return 2;
        } else if (a.rfind("-", 0) == 0) {
            err << "counterpart graph: unknown option '" << a << "'\n\n" << usage("graph");
            return 2;
        } else if (path.empty()) {
            path = a;
        } else {
            err << "counterpart graph: one scenario at a time ('" << a << "' is one too many)\n";
            return 2;
        }
    }
    if (format != "dot" && format != "svg") {
        err << "counterpart graph: --format is dot or svg, not '" << format << "'\n";
        return 2;
    }
    if (path.empty()) {
        err << "counterpart graph: which scenario? (a file or a bundled scenario id)\n\n" << usage("graph");
        return 2;
    }
    std::string file = resolve_scenario_path(path);
    if (file.empty()) {
        err << "counterpart graph: no scenario file or bundled scenario called '" << path << "'\n";
        return 2;
    }
    auto scenario = load_scenario_for("graph", file, policies, err);
    if (!scenario) return 2;
    std::string text = scenario_to_dot(*scenario);
    if (format == "svg") {
        std::string svg, error;
        if (!render_dot(text, "svg", svg, error)) {
            err << "counterpart graph: " << error << "\n";
            return 2;
        }
        text = std::move(svg);
    }
    if (output.empty() || output == "-") {
        out << text;
        return out ? 0 : 2;
    }
    std::string error;
    if (!atomic_write_file(output, text, error)) {
        err << "counterpart graph: cannot write " << output << ": " << error << "\n";
        return 2;
    }
    return 0;
}

}  // namespace cp::cli
