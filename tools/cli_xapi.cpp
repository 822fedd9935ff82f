// counterpart xapi: session records as xAPI statements (engine/core/xapi.hpp), written as one JSON array to
// a file (atomically) or standard output, ready for a learning record store's statements resource.
#include <iostream>

#include "atomic_file.hpp"
#include "cli.hpp"
#include "cli_lrs.hpp"
#include "xapi.hpp"

namespace cp::cli {

int xapi(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> paths;
    std::string output;
    XapiOptions options;
    LrsOptions lrs;
    std::vector<SessionStatements> to_send;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool ok = true;
        if (take_lrs_option(args, i, lrs, ok, err)) {
            if (!ok) return 2;
        } else if (a == "-o" || a == "--output") {
            if (!option_value(args, i, output, err)) return 2;
        } else if (a == "--home-page") {
            if (!option_value(args, i, options.home_page, err)) return 2;
            if (!is_xapi_iri(options.home_page)) {
                err << "counterpart xapi: --home-page needs an absolute IRI such as "
                       "https://college.example/, not '"
                    << options.home_page << "'\n";
                return 2;
            }
        } else if (a.rfind("-", 0) == 0 && a.size() > 1) {
            err << "counterpart xapi: unknown option " << a << "\n" << usage("xapi");
            return 2;
        } else {
            paths.push_back(a);
        }
    }
    if (lrs.given && !complete_lrs_options("xapi", lrs, err)) return 2;
    std::vector<std::string> records;
    if (paths.empty() || !expand_records(paths, records, err, "xapi")) {
        if (paths.empty()) err << usage("xapi");
        return 2;
    }
    nlohmann::json all = nlohmann::json::array();
    int refused = 0;
    for (const auto& record : records) {
        XapiStatements made = xapi_statements_for(record, options);
        if (!made.ok) {
            err << made.error << "\n";
            ++refused;
            continue;
        }
        for (std::size_t i = 0; i < made.statements.size(); ++i) {
            auto problems = xapi_statement_problems(made.statements[i]);
            for (const auto& p : problems)
                err << record << ": error: statement " << i + 1 << " breaks xAPI at " << p
                    << " (a bug in counterpart; please report it)\n";
            if (!problems.empty()) return 1;
        }
        if (!made.complete)
            err << record << ": note: cut off after step " << made.cut_off_after
                << " (no end event): no completed, passed, failed or terminated statement\n";
        // One outbox file per session: the registration stays the same when a session is resumed.
        if (lrs.given) to_send.push_back({"session-" + made.registration, record, made.statements});
        for (auto& s : made.statements) all.push_back(std::move(s));
    }
    if (refused == static_cast<int>(records.size())) return 1;  // nothing to write: an existing file is kept
    if (lrs.given) {
        int sent = send_to_lrs("xapi", to_send, lrs, out, err);
        if (output.empty()) return sent ? sent : (refused ? 1 : 0);  // with --lrs, no -o: nothing printed
        if (sent) return sent;
    }
    const std::string text = all.dump(2) + "\n";
    if (output.empty() || output == "-") {
        out << text;
    } else {
        std::string error;
        if (!atomic_write_file(output, text, error)) {
            err << "counterpart xapi: " << error << "\n";
            return 2;
        }
        out << "Wrote " << all.size() << " statements from " << records.size() - refused << " of "
            << records.size() << " records to " << output << ".\n";
    }
    return refused ? 1 : 0;
}

}  // namespace cp::cli
