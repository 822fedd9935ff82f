// counterpart replay: verifies a record's hash chain and every field, re-runs it against the scenario it
// was made with (found by id in the library and checked by fingerprint, never the file the record names)
// and prints the transcript with each step's grade and verdicts, as the learner saw it, then what the
// record proves and what it does not.
//
// Index: [Finding the scenario] [Replay]
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "debrief.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "record_review.hpp"
#include "text_report.hpp"
#include "version_store.hpp"

namespace cp::cli {

//-----------------------------------------------------------------------------------------------------------
// [Finding the scenario]
//-----------------------------------------------------------------------------------------------------------

std::shared_ptr<const Scenario> scenario_for_record(const std::string& command, const RecordHeader& header,
                                                    const std::string& scenario_arg,
                                                    const std::string& policies_dir, std::ostream& err,
                                                    std::string& used, std::string& error) {
    std::string path;
    if (!scenario_arg.empty()) {
        path = resolve_scenario_path(scenario_arg);
        if (path.empty()) {
            error = "no scenario file or library scenario called '" + scenario_arg + "'";
            return nullptr;
        }
        used = path + " (given with --scenario)";
    } else {
        // The header's "file" is never opened: a record could name any file (a doctored copy of the scenario,
        // or something private whose contents an error message would print). The library's version with the
        // recorded fingerprint, else the version store's; never another version.
        RecordScenario found = find_record_scenario(header);
        if (!found.scenario) {
            error = found.error;
            return nullptr;
        }
        used = found.used;
        return found.scenario;
    }
    auto scenario = load_scenario_for(command, path, policies_dir, err);
    if (!scenario) error = "cannot load the scenario " + path;
    return scenario;
}

//-----------------------------------------------------------------------------------------------------------
// [Replay]
//-----------------------------------------------------------------------------------------------------------

namespace {

// counterpart replay --rescore: the record's choices under today's scenario (the library's, whatever its
// version), step by step beside what was recorded.
int rescore(const std::string& record_path, const std::string& policies_dir, std::size_t width, std::ostream& out,
            std::ostream& err) {
    RecordFile record = read_record(record_path);
    if (!record.ok) {
        err << (record.bad_line ? record.message() : "counterpart replay: " + record.error) << "\n";
        return 2;
    }
    const RecordHeader& header = record.info;
    std::string path = valid_scenario_id(header.scenario_id) ? resolve_scenario_path(header.scenario_id) : "";
    if (path.empty() || path == header.scenario_id) {
        err << "counterpart replay: scenario '" << header.scenario_id << "' is not in the library today\n";
        return 2;
    }
    auto current = load_scenario_for("replay", path, policies_dir, err);
    if (!current) return 2;
    // The record under its own version gives the score after each step as it was; without it, only the
    // recorded verdicts, grades and result are compared.
    RecordScenario original = find_record_scenario(header);
    ReplayResult then;
    if (original.scenario) then = replay_record(record, original.scenario);
    Rescore r = rescore_record(record, then.ok ? &then : nullptr, current);
    if (!r.ok) {
        err << "counterpart replay: cannot re-score: " << r.error << "\n";
        return 2;
    }
    out << "Record: " << record_path << "\n";
    out << wrap_text("Today's scenario: " + current->title + " (" + current->id + "), file " + path + ".", width);
    if (!original.scenario)
        out << wrap_text("The recorded version is not available (" + original.error +
                             "), so scores after each step are not compared; verdicts, grades and the result are.",
                         width);
    std::string text = rescore_text(r);
    for (std::size_t at = 0, next; at < text.size(); at = next + 1) {
        next = text.find('\n', at);
        out << wrap_text(text.substr(at, next - at), width);
    }
    return r.changed() ? 1 : 0;
}

}  // namespace

int replay(const Args& args, std::ostream& out, std::ostream& err) {
    std::string record_path, scenario_arg, policies_dir, value;
    std::size_t width = 80;
    bool rescoring = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--rescore") {
            rescoring = true;
        } else if (args[i] == "--scenario") {
            if (!option_value(args, i, scenario_arg, err)) return 2;
        } else if (args[i] == "--policies") {
            if (!option_value(args, i, policies_dir, err)) return 2;
        } else if (args[i] == "--width") {
            if (!option_value(args, i, value, err)) return 2;
            width = static_cast<std::size_t>(std::clamp(std::atoi(value.c_str()), 30, 400));
        } else if (args[i].rfind("--", 0) == 0) {
            err << "counterpart replay: unknown option " << args[i] << "\n" << usage("replay");
            return 2;
        } else if (record_path.empty()) {
            record_path = args[i];
        } else {
            err << "counterpart replay: give one record\n";
            return 2;
        }
    }
    if (record_path.empty()) {
        err << usage("replay");
        return 2;
    }
    if (rescoring) return rescore(record_path, policies_dir, width, out, err);
    RecordFile record = read_record(record_path);
    if (!record.ok) {
        if (record.bad_line == 0) {
            err << "counterpart replay: " << record.error << "\n";
            return 2;
        }
        err << record.message() << "\n";
        return 1;
    }
    const RecordHeader& header = record.info;
    std::string used, error;
    auto scenario = scenario_for_record("replay", header, scenario_arg, policies_dir, err, used, error);
    if (!scenario) {
        err << "counterpart replay: " << error << "\n";
        return 2;
    }
    if (auto mismatch = compare_fingerprints(record.header(), *scenario); !mismatch.empty()) {
        err << record_path << ":1: error: " << mismatch << "\n";
        err << "counterpart replay: scenario file used: " << used
            << "; its fingerprint does not match the record's, so the record cannot be checked against it\n";
        return 1;
    }
    ReplayResult result = replay_record(record, scenario);
    RecordIntegrity integrity = assess_integrity(record, &result);
    if (!result.ok) {
        err << record_path << ":" << result.bad_line
            << ": error: " << result.error.substr(result.error.find(": ") + 2) << "\n";
        return 1;
    }

    const Session& session = *result.session;
    out << "Record: " << record_path << "\n";
    std::string integrity_said = integrity_text(integrity);
    if (!integrity_said.empty() && integrity_said.back() == '\n') integrity_said.pop_back();
    out << wrap_text(integrity_said, width);
    out << wrap_text(std::string("What this proves: ") + kChainStatement, width);
    out << wrap_text("Scenario: " + scenario->title + " (" + scenario->id + ", version " + scenario->version +
                         "). File used: " + used + "; its fingerprint matches the record's.",
                     width);
    out << wrap_text("Learner: " + header.learner + ". Mode: " + header.mode + ". Started: " + header.started_at +
                         ". Seed: " + std::to_string(header.seed) + ". Customer: " + session.customer().name +
                         ". Options shown " + (header.shuffled ? "in a shuffled order" : "in file order") +
                         " (record format " + std::to_string(header.record_format) + ").",
                     width)
        << "\n";

    // The transcript, with each step's grade, verdict changes and the time the learner took after the
    // officer's words, and the handbook look-ups and resumptions where they happened.
    std::map<int, const nlohmann::json*> choice_events;
    std::map<int, std::vector<std::string>> notes;  // by the step count when they happened
    for (const auto& line : record.lines) {
        const auto& ev = line.value;
        const std::string type = ev.value("type", "");
        if (type == "choice") choice_events[ev.value("step", 0)] = &ev;
        if (type == "policy_consulted")
            notes[ev.value("step", 0)].push_back("[Consulted the handbook: " + ev.value("rule", "") + "]");
    }
    for (const auto& r : result.resumes)
        notes[r.step].push_back("[Resumed here after a gap of " + gap_text(r.gap_seconds) +
                                ", torn line discarded: " + (r.torn_line_discarded ? "yes" : "no") + "]");
    int current_step = -1;
    auto print_notes = [&](int step) {
        if (auto it = notes.find(step); it != notes.end())
            for (const auto& note : it->second) out << "  " << note << "\n";
        notes.erase(step);
    };
    for (const auto& entry : session.transcript()) {
        if (entry.step != current_step) {
            current_step = entry.step;
            print_notes(current_step);
        }
        if (entry.kind == TranscriptEntry::Kind::Officer) {
            auto it = choice_events.find(entry.step);
            out << "Step " << entry.step << ", " << entry.time.long_text();
            if (it != choice_events.end())
                out << ", " << (it->second->value("time_on_step_ms", 0LL) + 500) / 1000 << " s to decide";
            out << ".\n" << transcript_entry_text(entry, width);
            const Choice& chosen = scenario->choices[static_cast<std::size_t>(
                session.choices_made()[static_cast<std::size_t>(entry.step - 1)])];
            if (chosen.grade != ChoiceGrade::Ungraded) out << "  [Grade: " << to_string(chosen.grade) << "]\n";
            if (it != choice_events.end()) {
                for (const auto& v : it->second->value("verdicts", nlohmann::json::array())) {
                    int rule = scenario->find_rule(v.value("rule", ""));
                    std::string title =
                        rule >= 0 ? scenario->rules[static_cast<std::size_t>(rule)].rule->title : "";
                    auto verdict = verdict_from_code(v.value("verdict", ""));
                    out << wrap_text("[" + std::string(verdict ? verdict_label(*verdict) : "?") + ": " +
                                         v.value("rule", "") + " " + title + "]",
                                     width, "  ");
                }
            }
            continue;
        }
        out << transcript_entry_text(entry, width);
    }
    for (const auto& [step, list] : notes)
        for (const auto& note : list) out << "  " << note << "\n";
    out << "\n";
    if (integrity.status == RecordIntegrity::Status::Complete) {
        out << debrief_text(make_debrief(session, result.score_history), session, width);
        return 0;
    }
    out << wrap_text("Not complete: the record stops after step " + std::to_string(integrity.steps) +
                         " with no end event, so there is no result to verify. If the session was only "
                         "interrupted, it can be continued with counterpart play --resume " + record_path,
                     width);
    err << record_path << ": not complete: cut off after step " << integrity.steps << ": no end event\n";
    return 1;
}

}  // namespace cp::cli
