// counterpart import-twine: a Twine 2 story (Twee 3) as a scenario draft, with a report of what did not map.
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "twee_import.hpp"

namespace cp::cli {

int import_twine(const Args& args, std::ostream& out, std::ostream& err) {
    std::string path, output;
    bool force = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-o" || a == "--output") {
            if (!option_value(args, i, output, err)) return 2;
        } else if (a == "--force") {
            force = true;
        } else if (a.rfind("-", 0) == 0) {
            err << "counterpart import-twine: unknown option '" << a << "'\n\n" << usage("import-twine");
            return 2;
        } else if (path.empty()) {
            path = a;
        } else {
            err << "counterpart import-twine: one story at a time ('" << a << "' is one too many)\n";
            return 2;
        }
    }
    if (path.empty()) {
        err << "counterpart import-twine: which Twee file? (in Twine: Library, Archive or Story > Details > "
               "Export As Twee)\n\n"
            << usage("import-twine");
        return 2;
    }
    if (output.empty()) output = std::filesystem::path(path).replace_extension(".json").string();
    std::error_code ec;
    if (!force && std::filesystem::exists(output, ec)) {
        err << "counterpart import-twine: " << output
            << " exists; choose another file with -o, or replace it with --force\n";
        return 2;
    }
    Diagnostics diags;
    auto result = import_twee_file(path, diags);
    if (!result) {
        for (const auto& d : diags.items()) err << format_diagnostic(d) << "\n";
        err << "counterpart import-twine: nothing written\n";
        return 1;
    }
    auto doc = ScenarioDocument::create(output, result->scenario);
    doc.layout() = result->layout;
    std::string error;
    if (!doc.save(error)) {
        err << "counterpart import-twine: cannot write " << output << ": " << error << "\n";
        return 2;
    }
    out << twee_import_report(*result, path);
    out << "Wrote " << output << (result->layout.positions.empty() ? "" : " and " + layout_path_for(output))
        << "\n";
    return 0;
}

}  // namespace cp::cli
