// counterpart outbox, and the --lrs options of xapi and verify (see cli_lrs.hpp).
#include "cli_lrs.hpp"

#include <cstdlib>
#include <ostream>

#include "library.hpp"
#include "lrs_outbox.hpp"
#include "xapi.hpp"

namespace cp::cli {

using nlohmann::json;

bool take_lrs_option(const Args& args, std::size_t& i, LrsOptions& options, bool& ok, std::ostream& err) {
    const std::string& a = args[i];
    std::string* target = nullptr;
    if (a == "--lrs") {
        target = &options.endpoint.url;
        options.given = true;
    } else if (a == "--user") {
        target = &options.endpoint.user;
    } else if (a == "--password") {
        target = &options.endpoint.password;
    } else if (a == "--outbox") {
        target = &options.outbox_dir;
    } else {
        return false;
    }
    ok = option_value(args, i, *target, err);
    return true;
}

bool complete_lrs_options(const std::string& command, LrsOptions& options, std::ostream& err) {
    LrsEndpoint saved = load_lrs_settings(config_dir());
    LrsEndpoint& e = options.endpoint;
    bool from_settings = e.url.empty();
    if (from_settings) e.url = saved.url;
    if (e.user.empty() && from_settings) e.user = saved.user;
    if (e.password.empty()) {
        if (const char* env = std::getenv(kLrsPasswordEnv); env && *env)
            e.password = env;
        else if (from_settings)
            e.password = saved.password;
    }
    if (options.outbox_dir.empty()) options.outbox_dir = outbox_dir();
    if (e.url.empty()) {
        err << "counterpart " << command << ": no LRS: give --lrs URL (or set one in the app's Settings)\n";
        return false;
    }
    if (std::string problem = lrs_url_problem(e.url); !problem.empty()) {
        err << "counterpart " << command << ": " << problem << "\n";
        return false;
    }
    return true;
}

namespace {

void print_flush(const FlushReport& r, std::ostream& out) {
    out << r.statements_accepted << (r.statements_accepted == 1 ? " statement" : " statements")
        << " accepted by the LRS; " << r.sessions_sent << (r.sessions_sent == 1 ? " session" : " sessions")
        << " now fully sent";
    if (r.retries) out << " (" << r.retries << (r.retries == 1 ? " retry" : " retries") << ")";
    out << ".\n";
    for (const auto& p : r.problems) out << "  PROBLEM: " << p << "\n";
    if (r.statements_pending)
        out << r.statements_pending << (r.statements_pending == 1 ? " statement stays" : " statements stay")
            << " in the outbox; run `counterpart outbox --send` to try again.\n";
}

}  // namespace

int send_to_lrs(const std::string& command, const std::vector<SessionStatements>& sessions,
                const LrsOptions& options, std::ostream& out, std::ostream& err) {
    for (const auto& s : sessions) {
        std::string error;
        if (!outbox_enqueue(options.outbox_dir, s.key, s.statements, s.label, error)) {
            err << "counterpart " << command << ": " << error << "\n";
            return 1;
        }
    }
    auto transport = make_curl_transport(options.endpoint);
    FlushReport r = outbox_flush(options.outbox_dir, *transport, RetryPolicy{});
    print_flush(r, out);
    return r.ok() ? 0 : 1;
}

int witness_record_with_lrs(const std::string& path, const LrsOptions& options, std::ostream& out,
                            std::ostream& err) {
    auto transport = make_curl_transport(options.endpoint);
    RecordWitness w = witness_record(path, *transport);
    if (!w.checked) {
        if (w.registration.empty()) {
            out << "  UNWITNESSED: " << w.error << "\n";
        } else {
            err << "counterpart verify: " << w.error << "\n";
        }
        return 2;
    }
    const WitnessReport& report = w.report;
    out << "  LRS witness (" << options.endpoint.url << ", registration " << w.registration << "): "
        << report.witnessed << " of " << report.lines.size() << " lines witnessed"
        << (report.unexplained.empty() ? "" : "; the LRS holds statements this record lacks") << ".\n";
    for (const auto& line : report.lines)
        if (!line.witnessed) out << "  UNWITNESSED: " << line.label << " (" << line.id << "): " << line.why << "\n";
    for (const auto& extra : report.unexplained)
        out << "  UNWITNESSED: the LRS holds " << extra
            << " for this registration, not in this record (another attempt, or lines deleted and played again)\n";
    return report.all_witnessed() ? 0 : 1;
}

int outbox(const Args& args, std::ostream& out, std::ostream& err) {
    LrsOptions options;
    bool send = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        bool ok = true;
        if (take_lrs_option(args, i, options, ok, err)) {
            if (!ok) return 2;
        } else if (args[i] == "--send") {
            send = true;
        } else {
            err << "counterpart outbox: unknown argument " << args[i] << "\n" << usage("outbox");
            return 2;
        }
    }
    if (!send) {
        if (options.outbox_dir.empty()) options.outbox_dir = outbox_dir();
        OutboxStatus status = outbox_status(options.outbox_dir);
        out << options.outbox_dir << ": " << outbox_status_text(status) << "\n";
        return status.problems.empty() ? 0 : 1;
    }
    if (!complete_lrs_options("outbox", options, err)) return 2;
    auto transport = make_curl_transport(options.endpoint);
    FlushReport r = outbox_flush(options.outbox_dir, *transport, RetryPolicy{});
    print_flush(r, out);
    return r.ok() ? 0 : 1;
}

}  // namespace cp::cli
