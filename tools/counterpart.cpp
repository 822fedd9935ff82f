// counterpart: the window app (no arguments) and the command-line tools (play, lint, replay, list).
#include <iostream>

#include "cli.hpp"
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
    if (command == "sessions") return sessions(rest, std::cout, std::cerr);
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
