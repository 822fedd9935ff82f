// counterpart rules: which customer needs switch which rules on, across a policy library.
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "library.hpp"
#include "needs.hpp"
#include "text_report.hpp"

namespace cp::cli {

int rules_by_need_command(const Args& args, std::ostream& out, std::ostream& err) {
    std::string dir;
    bool markdown = false;
    for (const auto& a : args) {
        if (a == "--markdown")
            markdown = true;
        else if (a.rfind("--", 0) == 0) {
            err << "counterpart rules: unknown option '" << a << "'\n\n" << usage("rules");
            return 2;
        } else if (dir.empty())
            dir = a;
        else {
            err << "counterpart rules: one folder at a time\n";
            return 2;
        }
    }
    if (dir.empty()) dir = bundled_scenario_dir();
    // A scenario folder holds its policies in policies/; a policies folder is read as it is.
    std::filesystem::path folder(dir);
    std::error_code ec;
    if (std::filesystem::is_directory(folder / "policies", ec)) folder /= "policies";
    PolicyLibrary lib;
    Diagnostics diags;
    bool readable = lib.load_directory(folder.string(), diags);
    for (const auto& d : diags.items()) err << format_diagnostic(d) << "\n";
    if (!readable || lib.all().empty()) {
        err << "counterpart rules: no policies found in " << folder.string()
            << "; name a scenario folder (with a policies/ folder) or a policies folder\n";
        return 2;
    }
    auto needs = rules_by_need(lib);
    if (markdown) {
        out << "| need | rules it switches on |\n| --- | --- |\n";
        for (const auto& n : needs) {
            std::string cell;
            for (const auto& r : n.rules)
                cell += (cell.empty() ? "" : "; ") + r.rule->id + " " + r.rule->title + " (" +
                        to_string(r.rule->severity) + ", `" + r.policy->id + "`" +
                        (r.only_this ? "" : ", when `" + r.rule->when + "`") + ")";
            out << "| `" << n.need << "` | " << cell << " |\n";
        }
        return 0;
    }
    out << "Customer needs and the rules they switch on (policies in " << folder.string() << ")\n";
    if (needs.empty()) out << "\nNo rule's condition tests a customer need.\n";
    for (const auto& n : needs) {
        out << "\n" << n.need << " (" << n.rules.size() << (n.rules.size() == 1 ? " rule" : " rules") << ")\n";
        for (const auto& r : n.rules) {
            out << wrap_text(r.rule->id + " " + r.rule->title + " (" + to_string(r.rule->severity) + ", policy " +
                                 r.policy->id + ")",
                             100, "  ");
            if (!r.only_this) out << wrap_text("when: " + r.rule->when, 100, "    ");
        }
    }
    return 0;
}

}  // namespace cp::cli
