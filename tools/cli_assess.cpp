// The assessor's commands: sign (annotate and sign off a record), verify (records, sign-offs, scenario
// versions), report (the evidence report as HTML) and portfolio (one learner's marking points across
// records). All read records through review_record (record_review.hpp), as the window app's workspace does.
//
// Index: [Shared] [sign] [verify] [report] [portfolio]
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "assessment.hpp"
#include "atomic_file.hpp"
#include "evidence_report.hpp"
#include "cli.hpp"
#include "cli_lrs.hpp"
#include "json_document.hpp"
#include "library.hpp"
#include "marking_points.hpp"
#include "portfolio.hpp"
#include "record_review.hpp"
#include "signing.hpp"
#include "text_report.hpp"

namespace cp::cli {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Shared]
//-----------------------------------------------------------------------------------------------------------
namespace {

// The library's marking points (marking-points.json of the bundled library), by id; none if it has none.
std::map<std::string, MarkingPoint> library_marking_points() {
    std::map<std::string, MarkingPoint> out;
    Diagnostics ignored;
    std::string file = (fs::path(bundled_scenario_dir()) / "marking-points.json").string();
    std::error_code ec;
    if (fs::is_regular_file(file, ec))
        for (auto& p : load_marking_points(file, ignored)) out[p.id] = p;
    return out;
}

MarkingPointText marking_point_text() {
    auto points = std::make_shared<std::map<std::string, MarkingPoint>>(library_marking_points());
    return [points](const std::string& id) {
        auto it = points->find(id);
        return it == points->end() ? std::string() : it->second.text;
    };
}

}  // namespace

// Record paths from arguments: files as given, folders expanded to their *.jsonl files.
bool expand_records(const std::vector<std::string>& args, std::vector<std::string>& records, std::ostream& err,
                    const std::string& command) {
    for (const auto& a : args) {
        std::error_code ec;
        if (fs::is_directory(a, ec)) {
            Diagnostics diags;
            std::vector<std::string> files;
            list_files(a, ".jsonl", files, diags);
            for (const auto& d : diags.items()) err << format_diagnostic(d) << "\n";
            if (files.empty()) err << "counterpart " << command << ": no records (*.jsonl) in " << a << "\n";
            records.insert(records.end(), files.begin(), files.end());
        } else {
            records.push_back(a);
        }
    }
    return !records.empty();
}

//-----------------------------------------------------------------------------------------------------------
// [sign]
//-----------------------------------------------------------------------------------------------------------

int sign(const Args& args, std::ostream& out, std::ostream& err) {
    std::string record_path, key_path = default_signing_key_path(), value;
    NewEntry entry;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--assessor") {
            if (!option_value(args, i, entry.assessor, err)) return 2;
        } else if (a == "--decision") {
            if (!option_value(args, i, entry.decision, err)) return 2;
            if (!valid_decision(entry.decision)) {
                err << "counterpart sign: unknown decision '" << entry.decision
                    << "'; use competent, not-yet-competent or referred\n";
                return 2;
            }
        } else if (a == "--comment") {
            if (!option_value(args, i, entry.comment, err)) return 2;
        } else if (a == "--comment-step") {
            std::string step, text;
            if (!option_value(args, i, step, err) || !option_value(args, i, text, err)) return 2;
            bool digits = !step.empty() && step.size() < 6 &&
                          std::all_of(step.begin(), step.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) {
                err << "counterpart sign: --comment-step needs a step number, then the comment\n";
                return 2;
            }
            entry.comments.push_back({std::stoi(step), text});
        } else if (a == "--point") {
            if (!option_value(args, i, value, err)) return 2;
            auto eq = value.find('=');
            std::string id = value.substr(0, eq), judgement = eq == std::string::npos ? "" : value.substr(eq + 1);
            if (id.empty() || (judgement != "met" && judgement != "not-met")) {
                err << "counterpart sign: --point needs ID=met or ID=not-met, not '" << value << "'\n";
                return 2;
            }
            auto known = library_marking_points();
            if (!known.empty() && !known.contains(id)) {
                err << "counterpart sign: '" << id << "' is not a marking point or key concept in "
                    << bundled_scenario_dir() << "/marking-points.json\n";
                return 2;
            }
            entry.points.push_back({id, judgement == "met"});
        } else if (a == "--moderate") {
            entry.kind = EntryKind::Moderation;
        } else if (a == "--key") {
            if (!option_value(args, i, key_path, err)) return 2;
        } else if (a.rfind("--", 0) == 0) {
            err << "counterpart sign: unknown option " << a << "\n" << usage("sign");
            return 2;
        } else if (record_path.empty()) {
            record_path = a;
        } else {
            err << "counterpart sign: give one record\n";
            return 2;
        }
    }
    if (record_path.empty() || entry.assessor.empty()) {
        err << (record_path.empty() ? "" : "counterpart sign: --assessor NAME is needed\n") << usage("sign");
        return 2;
    }
    if (entry.comments.empty() && entry.points.empty() && entry.comment.empty() && entry.decision.empty()) {
        err << "counterpart sign: nothing to sign: give --decision, --comment, --comment-step or --point\n";
        return 2;
    }
    ReviewedRecord review = review_record(record_path, marking_point_text());
    if (!review.record.ok) {
        err << (review.record.bad_line ? review.record.message() : "counterpart sign: " + review.record.error)
            << "\ncounterpart sign: a record that does not verify cannot be signed off\n";
        return review.record.bad_line ? 1 : 2;
    }
    bool created = false;
    std::string error;
    auto key = SigningKey::load_or_create(key_path, error, &created);
    if (!key) {
        err << "counterpart sign: " << error << "\n";
        return 2;
    }
    if (created)
        out << "Created your signing key " << key_path << " (private to you; its fingerprint "
            << key_fingerprint(key->public_key_hex()) << " identifies your signatures).\n";
    AssessmentEntry written;
    if (!add_assessment_entry(record_path, review.record, entry, *key, error, &written)) {
        err << "counterpart sign: " << error << (error.empty() || error.back() == '\n' ? "" : "\n");
        return 1;
    }
    for (const auto& p : review.problems)
        if (p.find("has changed since it was signed") == std::string::npos)
            out << "Note: " << p << "\n";
    out << "Signed entry " << written.seq + 1 << " (" << to_string(written.kind) << " by " << written.assessor
        << ", " << decision_label(written.decision) << ") in " << assessment_path(record_path) << " with key "
        << key_fingerprint(written.public_key) << ".\n";
    if (created)
        out << "To let others check that your signatures are yours, give them this line for their trusted keys "
               "file (counterpart verify --trusted-keys FILE):\n"
            << written.public_key << " " << written.assessor << "\n";
    return 0;
}

//-----------------------------------------------------------------------------------------------------------
// [verify]
//-----------------------------------------------------------------------------------------------------------

int verify(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> paths;
    std::string trusted_file;
    LrsOptions lrs;  // --lrs: the learning record store as witness
    for (std::size_t i = 0; i < args.size(); ++i) {
        bool lrs_ok = true;
        if (args[i] == "--trusted-keys") {
            if (!option_value(args, i, trusted_file, err)) return 2;
        } else if (take_lrs_option(args, i, lrs, lrs_ok, err)) {
            if (!lrs_ok) return 2;
        } else if (args[i].rfind("--", 0) == 0) {
            err << "counterpart verify: unknown option " << args[i] << "\n" << usage("verify");
            return 2;
        } else {
            paths.push_back(args[i]);
        }
    }
    std::map<std::string, std::string> trusted;
    std::string error;
    if (!trusted_file.empty() && !load_trusted_keys(trusted_file, trusted, error)) {
        err << "counterpart verify: " << error << "\n";
        return 2;
    }
    if (lrs.given && !complete_lrs_options("verify", lrs, err)) return 2;
    std::vector<std::string> records;
    if (paths.empty() || !expand_records(paths, records, err, "verify")) {
        if (paths.empty()) err << usage("verify");
        return 2;
    }
    int with_problems = 0;
    for (const auto& path : records) {
        ReviewedRecord r = review_record(path, marking_point_text());
        if (!trusted_file.empty())
            for (auto& p : untrusted_entries(r.assessment, trusted)) r.problems.push_back(std::move(p));
        out << path << "\n";
        if (r.integrity.status == RecordIntegrity::Status::Complete && r.replay.ok) {
            std::string said = integrity_text(r.integrity);
            out << "  " << said.substr(0, said.find('\n')) << "\n";
        }
        if (r.scenario.scenario) out << "  Scenario: " << r.scenario.used << "\n";
        if (!r.assessment.present) {
            out << "  Sign-off: none (no " << fs::path(assessment_path(path)).filename().string() << ").\n";
        } else if (r.assessment.ok) {
            out << "  Sign-off: " << r.assessment.entries.size()
                << (r.assessment.entries.size() == 1 ? " entry" : " entries")
                << ", chained to this record, every signature valid:\n";
            std::string summary = assessment_summary(r.assessment);
            for (std::size_t at = 0, next; at < summary.size(); at = next + 1) {
                next = summary.find('\n', at);
                out << "    " << summary.substr(at, next - at) << "\n";
            }
        }
        // One line per problem, unwrapped, so scripts can find them.
        for (const auto& p : r.problems) out << "  PROBLEM: " << p << "\n";
        bool witnessed = !lrs.given || witness_record_with_lrs(path, lrs, out, err) == 0;
        if (!r.verified() || !witnessed) ++with_problems;
    }
    out << records.size() << (records.size() == 1 ? " record" : " records") << " checked; "
        << (with_problems ? std::to_string(with_problems) + " with problems." : std::string("all verified.")) << "\n";
    return with_problems ? 1 : 0;
}

//-----------------------------------------------------------------------------------------------------------
// [report]
//-----------------------------------------------------------------------------------------------------------

int report(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> paths;
    std::string dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-o" || args[i] == "--output") {
            if (!option_value(args, i, dir, err)) return 2;
        } else if (args[i].rfind("-", 0) == 0) {
            err << "counterpart report: unknown option " << args[i] << "\n" << usage("report");
            return 2;
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty() || dir.empty()) {
        err << (paths.empty() ? "" : "counterpart report: give the output folder with -o DIR\n") << usage("report");
        return 2;
    }
    std::vector<std::string> records;
    if (!expand_records(paths, records, err, "report")) return 2;
    EvidenceReportOptions options;
    options.marking_point_text = marking_point_text();
    auto points = std::make_shared<std::map<std::string, MarkingPoint>>(library_marking_points());
    options.portfolio_only = [points](const std::string& id) {
        auto it = points->find(id);
        return it != points->end() && it->second.portfolio_only();
    };
    int with_problems = 0, unwritten = 0;
    for (const auto& path : records) {
        ReviewedRecord r = review_record(path, options.marking_point_text);
        if (!r.record.ok && r.record.bad_line == 0) {
            err << "counterpart report: " << r.record.error << "\n";
            ++unwritten;
            continue;
        }
        std::string target = (fs::path(dir) / evidence_report_name(path)).string();
        std::string error;
        if (!atomic_write_file(target, evidence_report_html(r, options), error)) {
            err << "counterpart report: " << error << "\n";
            ++unwritten;
            continue;
        }
        out << target << (r.verified() ? "" : "  (the record has problems; the report lists them)") << "\n";
        with_problems += !r.verified();
    }
    if (unwritten) return 2;
    return with_problems ? 1 : 0;
}

//-----------------------------------------------------------------------------------------------------------
// [portfolio]
//-----------------------------------------------------------------------------------------------------------

int portfolio(const Args& args, std::ostream& out, std::ostream& err) {
    std::string learner;
    std::vector<std::string> paths;
    std::size_t width = 100;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--width") {
            std::string value;
            if (!option_value(args, i, value, err)) return 2;
            width = static_cast<std::size_t>(std::clamp(std::atoi(value.c_str()), 30, 400));
        } else if (args[i].rfind("--", 0) == 0) {
            err << "counterpart portfolio: unknown option " << args[i] << "\n" << usage("portfolio");
            return 2;
        } else if (learner.empty()) {
            learner = args[i];
        } else {
            paths.push_back(args[i]);
        }
    }
    if (learner.empty() || paths.empty()) {
        err << usage("portfolio");
        return 2;
    }
    std::vector<std::string> records;
    if (!expand_records(paths, records, err, "portfolio")) return 2;
    auto text = marking_point_text();
    std::vector<ReviewedRecord> reviewed;
    reviewed.reserve(records.size());
    for (const auto& path : records) {
        // Only this learner's records are re-run: the header is read first.
        RecordFile head = read_record(path);
        if (head.ok && head.info.learner != learner) continue;
        reviewed.push_back(review_record(path, text));
    }
    std::vector<const ReviewedRecord*> pointers;
    for (const auto& r : reviewed) pointers.push_back(&r);
    std::vector<MarkingPoint> points;
    for (auto& [id, p] : library_marking_points()) points.push_back(p);
    std::stable_sort(points.begin(), points.end(), [](const MarkingPoint& a, const MarkingPoint& b) {
        return a.where.line < b.where.line;  // the file's order
    });
    Portfolio p = build_portfolio(learner, pointers, points);
    out << portfolio_text(p, width);
    if (p.sessions.empty()) {
        err << "counterpart portfolio: no verified assessment session of " << learner << " in the records given\n";
        return 1;
    }
    return 0;
}

}  // namespace cp::cli
