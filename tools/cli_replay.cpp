// counterpart replay: verifies a record's hash chain, re-runs it against the scenario and prints the
// transcript with the verdicts each step changed, as the learner saw it.
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "text_report.hpp"

namespace cp::cli {

int replay(const Args& args, std::ostream& out, std::ostream& err) {
    std::string record_path, scenario_arg, policies_dir, value;
    std::size_t width = 80;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--scenario") {
            if (!option_value(args, i, scenario_arg, err)) return 2;
        } else if (args[i] == "--policies") {
            if (!option_value(args, i, policies_dir, err)) return 2;
        } else if (args[i] == "--width") {
            if (!option_value(args, i, value, err)) return 2;
            width = static_cast<std::size_t>(std::max(30, std::atoi(value.c_str())));
        } else if (args[i].rfind("--", 0) == 0) {
            err << "counterpart replay: unknown option " << args[i] << "\n" << usage("replay");
            return 2;
        } else if (record_path.empty()) {
            record_path = args[i];
        }
    }
    if (record_path.empty()) {
        err << usage("replay");
        return 2;
    }
    RecordFile record = read_record(record_path);
    if (!record.ok) {
        if (record.bad_line == 0) {
            err << "counterpart replay: " << record.error << "\n";
            return 2;
        }
        err << record_path << ":" << record.bad_line
            << ": error: " << record.error.substr(record.error.find(": ") + 2) << "\n";
        return 1;
    }
    const auto& header = record.header();
    if (scenario_arg.empty()) {
        scenario_arg = header["scenario"].value("file", "");
        if (!std::filesystem::exists(scenario_arg)) scenario_arg = header["scenario"].value("id", "");
    }
    std::string path = resolve_scenario_path(scenario_arg);
    if (path.empty()) {
        err << "counterpart replay: cannot find scenario '" << header["scenario"].value("id", "")
            << "'; give it with --scenario FILE\n";
        return 2;
    }
    auto scenario = load_scenario_for("replay", path, policies_dir, err);
    if (!scenario) return 2;
    if (auto mismatch = compare_fingerprints(header, *scenario); !mismatch.empty()) {
        err << record_path << ":1: error: " << mismatch << "\n";
        return 1;
    }
    ReplayResult result = replay_record(record, scenario);
    if (!result.ok) {
        err << record_path << ":" << result.bad_line
            << ": error: " << result.error.substr(result.error.find(": ") + 2) << "\n";
        return 1;
    }

    const Session& session = *result.session;
    out << "Record: " << record_path << "\n";
    out << "Verified: " << record.lines.size()
        << " lines, hash chain intact, every verdict re-computed and matching.\n";
    if (record.partial_tail)
        out << "Note: the last line was incomplete (the program stopped while writing it) and is ignored.\n";
    out << "Scenario: " << scenario->title << " (" << scenario->id << ", version " << scenario->version
        << ")\n";
    out << "Learner: " << header.value("learner", "") << ". Mode: " << header.value("mode", "")
        << ". Started: " << header.value("started_at", "") << ". Seed: " << header.value("seed", 0)
        << ". Customer: " << session.customer().name << ".\n\n";

    // The transcript, with each step's verdict changes and the time the learner took, after the officer's
    // words.
    std::map<int, const nlohmann::json*> choice_events;
    std::map<int, std::vector<std::string>> consulted;  // by the step count when consulted
    for (const auto& line : record.lines) {
        const auto& ev = line.value;
        if (ev.value("type", "") == "choice") choice_events[ev.value("step", 0)] = &ev;
        if (ev.value("type", "") == "policy_consulted")
            consulted[ev.value("step", 0)].push_back(ev.value("rule", ""));
    }
    int current_step = -1;
    for (const auto& entry : session.transcript()) {
        if (entry.step != current_step) {
            current_step = entry.step;
            if (auto it = consulted.find(current_step); it != consulted.end())
                for (const auto& rule : it->second) out << "  [Consulted the handbook: " << rule << "]\n";
        }
        if (entry.kind == TranscriptEntry::Kind::Officer) {
            auto it = choice_events.find(entry.step);
            out << "Step " << entry.step << ", " << entry.time.long_text();
            if (it != choice_events.end())
                out << ", " << (it->second->value("time_on_step_ms", 0LL) + 500) / 1000 << " s to decide";
            out << ".\n" << transcript_entry_text(entry, width);
            if (it != choice_events.end()) {
                for (const auto& v : it->second->value("verdicts", nlohmann::json::array())) {
                    int rule = scenario->find_rule(v.value("rule", ""));
                    std::string title =
                        rule >= 0 ? scenario->rules[static_cast<std::size_t>(rule)].rule->title : "";
                    auto verdict = verdict_from_code(v.value("verdict", ""));
                    out << "  [" << (verdict ? verdict_label(*verdict) : "?") << ": " << v.value("rule", "")
                        << " " << title << "]\n";
                }
            }
            continue;
        }
        out << transcript_entry_text(entry, width);
    }
    out << "\n";
    if (session.state() == SessionState::Ended && record.finished()) {
        out << debrief_text(session, width);
    } else {
        out << "The session was not finished: it stopped after step " << session.steps_taken()
            << ". It can be resumed with counterpart play --resume " << record_path << "\n";
    }
    return 0;
}

}  // namespace cp::cli
