// counterpart: the window app (no arguments) and the command-line tools (play, lint, replay, list).
#include <iostream>

#include "cli.hpp"
#include "library.hpp"
#include "model.hpp"

#ifdef COUNTERPART_HAVE_GUI
#include "window_app.hpp"
#endif

int main(int argc, char** argv) {
    using namespace cp::cli;
    Args args(argv + 1, argv + argc);
    if (args.empty()) {
#ifdef COUNTERPART_HAVE_GUI
        return cp::platform::run_window_app(args);
#else
        std::cerr << "counterpart: this build has no window app; playing in the terminal.\n";
        return play({}, std::cin, std::cout, std::cerr);
#endif
    }
    const std::string command = args.front();
    Args rest(args.begin() + 1, args.end());
    bool wants_help = !rest.empty() && (rest.front() == "--help" || rest.front() == "-h");
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << usage(rest.empty() ? "" : rest.front());
        return 0;
    }
    if (command == "--version") {
        std::cout << "counterpart " << cp::kEngineVersion << " (scenario format " << cp::kFormatVersion
                  << ")\n";
        return 0;
    }
    if (wants_help) {
        std::cout << usage(command);
        return 0;
    }
    if (command == "play") return play(rest, std::cin, std::cout, std::cerr);
    if (command == "lint") return lint(rest, std::cout, std::cerr);
    if (command == "replay") return replay(rest, std::cout, std::cerr);
    if (command == "list") return list_scenarios(rest, std::cout, std::cerr);
    if (command == "coverage") return coverage(rest, std::cout, std::cerr);
    if (command == "analyze") return analyze(rest, std::cout, std::cerr);
    if (command == "sign") return sign(rest, std::cout, std::cerr);
    if (command == "verify") return verify(rest, std::cout, std::cerr);
    if (command == "report") return report(rest, std::cout, std::cerr);
    if (command == "portfolio") return portfolio(rest, std::cout, std::cerr);
    if (command == "rules") return rules_by_need_command(rest, std::cout, std::cerr);
    if (command == "graph") return graph(rest, std::cout, std::cerr);
    if (command == "import-twine") return import_twine(rest, std::cout, std::cerr);
    if (command == "edit") {
#ifdef COUNTERPART_HAVE_GUI
        // The window app's options pass through (each takes a value); the one other word is the scenario.
        Args window = {"--studio"};
        bool have_scenario = false;
        for (std::size_t i = 0; i < rest.size(); ++i) {
            if (rest[i].rfind("--", 0) == 0) {
                window.push_back(rest[i]);
                if (i + 1 < rest.size()) window.push_back(rest[++i]);
                continue;
            }
            std::string file = cp::resolve_scenario_path(rest[i]);
            if (file.empty() || have_scenario) {
                std::cerr << "counterpart edit: no scenario file or bundled scenario called '" << rest[i] << "'\n";
                return 2;
            }
            have_scenario = true;
            window.push_back("--edit");
            window.push_back(file);
        }
        return cp::platform::run_window_app(window);
#else
        std::cerr << "counterpart edit: this build has no window app (the studio needs one)\n";
        return 2;
#endif
    }
    if (command == "sessions") return sessions(rest, std::cout, std::cerr);
    if (command == "outbox") return outbox(rest, std::cout, std::cerr);
    if (command == "xapi") return xapi(rest, std::cout, std::cerr);
#ifdef COUNTERPART_HAVE_GUI
    if (command == "assess") return cp::platform::run_window_app(args);
    if (command.rfind("--", 0) == 0) return cp::platform::run_window_app(args);
#endif
#ifndef COUNTERPART_HAVE_GUI
    if (command == "assess") {
        std::cerr << "counterpart: this build has no window app; list session records with: counterpart "
                     "sessions DIR\n";
        return 2;
    }
#endif
    std::cerr << "counterpart: unknown command '" << command << "'\n\n" << usage();
    return 2;
}
