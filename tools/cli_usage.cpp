// Usage texts and option parsing shared by the subcommands.
#include <ostream>

#include "cli.hpp"
#include "loader.hpp"

namespace cp::cli {

std::string usage(const std::string& command) {
    if (command == "play")
        return R"(Usage: counterpart play [SCENARIO] [options]

Plays a scenario in plain text (the screen-reader route). SCENARIO is a file or the id of a
bundled scenario; without it you pick one from the bundled library.

Options:
  --mode practice|assessment  practice shows feedback after each choice (default);
                              assessment shows it only in the debrief
  --learner NAME              name or pseudonym stored in the session record
  --record FILE               where to write the session record; it must not exist yet
                              (default: $XDG_DATA_HOME/counterpart/sessions/SCENARIO-TIME.jsonl,
                              then -2, -3 ... if taken); a device such as /dev/null: no record
  --no-record                 do not write a record
  --resume RECORD             continue an unfinished session from its record (its scenario is the
                              library's one with the record's id and fingerprint, or SCENARIO);
                              the record says it was resumed, after what gap, and whether a torn
                              last line was discarded; a record another session writes is refused
  --seed N                    seed for anything random (which customer profile plays)
  --customer ID               play a given customer profile
  --policies DIR              policy folder (default: the scenario's policies/ folder)
  --width N                   wrap text at N columns (default 80)

While playing, type the number of a choice, or:
  h              list the policy handbook (rules in scope)
  h N | h ID     read a rule (recorded as evidence of consulting policy)
  h WORD         search the handbook
  r              repeat the current situation
  q              stop; the record is kept and can be resumed

Choices can be piped: printf '2\n1\n3\n' | counterpart play complaint-counter
Exit status: 0 the scenario ended; 2 the scenario or record could not be loaded or started;
3 stopped before the end; 4 an assessment stopped because its record could no longer be written.
)";
    if (command == "lint")
        return R"(Usage: counterpart lint PATH... [--policies DIR]

Checks scenario and policy files (or every file in a folder) and prints each problem as
  file:line:col: error|warning: message [/json/path]
Checks: JSON syntax and types, unknown fields, duplicate ids, references to nothing,
unreachable nodes and endings, dead ends, loops with no way to an ending, choice sets whose
conditions can all be false, undefined variables, actions, rules and policies, rules no path
can decide, choices without feedback, and a best path that does not pass.
Exit status: 0 no errors; 1 errors found; 2 a file could not be read or parsed, or a folder
held nothing to check.
)";
    if (command == "replay")
        return R"(Usage: counterpart replay RECORD [--scenario FILE] [--policies DIR] [--width N]

Verifies a session record's hash chain and every field, re-runs its choices against the
scenario, checks that every recorded grade, verdict, the ending and the score match, and prints
the transcript with grades and verdicts, each resumption ("resumed at step N after a gap of ...,
torn line discarded: yes/no"), and what the chain proves: it detects accidental damage and casual
edits, not a determined forger (unkeyed SHA-256: anyone can reseal a record).
The scenario is the library's one with the record's id (never the file the record names), or
--scenario FILE; either way the output names the file used, and its content fingerprint must
match the record's.
Exit status: 0 verified as complete; 1 altered, cut off (no end event), or the scenario's
fingerprint differs; 2 unreadable, or the scenario is not found.
)";
    if (command == "analyze")
        return R"(Usage: counterpart analyze PATH... [--json] [--state-limit N] [--seed S] [--policies DIR]
       counterpart analyze PATH... --random N [--seed S] [--max-steps N] [--json]

Explores every reachable state of each scenario (PATH: a file, a folder or a bundled scenario
id), for every customer profile, and reports with a shortest example path for each finding:
  - reachability: nodes and endings no path reaches, choices never offered, stuck states,
    loops with no way out;
  - per ending: the lowest and highest adherence score and mood any path reaches there, and
    whether it can be a pass, a fail or both;
  - rubric soundness (errors): a pass after a critical breach, a critical rule broken at a
    pass, no passing path, a rule no path decides;
  - teaching (warnings when missing): a pleasant-but-wrong path (fails, mood 60 or more and
    above the customer's initial mood) and an uncomfortable-but-right one (passes, mood below
    the initial mood);
  - the number of distinct paths (exact) and of states explored;
  - proofs that the rubric agrees with the choice grades (format 2), as errors:
    unsafe-choice-passes, wrong-choice-unseen, best-path-not-perfect, no-best-option,
    knowledge-free-strategy-passes (always the longest, shortest, most or least pleasant
    option, or the one with the most actions), guess-pass-too-likely (the exact probability
    that choosing at random passes, against the scenario's guess_pass_limit); as warnings,
    length-cue (the best option much the longest) and ungraded-choices (format 1);
  - the share of decision points whose best option is the longest, against chance.
A proof's example says what to type: counterpart play SCENARIO --customer ID --seed S
--no-record, then the option numbers listed (--seed S picks the seed; default 1).
--state-limit N stops after N states (default 2000000) and says so: nothing is claimed then.
--random N plays N seeded random playthroughs instead and reports how often each node and
choice is hit and how scores and results are spread; the same seed gives the same report.
Exit status: 0 sound; 1 errors found or incomplete; 2 a file could not be read or loaded.
)";
    if (command == "coverage")
        return R"(Usage: counterpart coverage [DIR]

Prints every key concept and examiner marking point in DIR/marking-points.json (default: the
bundled library) with the scenarios that evidence it, through a scenario's own "evidences" or
the rules it brings into scope. Exit status: 0 all covered; 1 some not covered; 2 no file, or
the file has errors.
)";
    if (command == "sessions")
        return R"(Usage: counterpart sessions DIR... [--csv]

Lists the session records (*.jsonl) in each DIR: learner, scenario, date, mode, result, score,
whether an assessor has marked it (RECORD.assessment.json) and the integrity of its hash chain
(verified, cut off after step N, altered at line N). --csv writes RFC 4180 CSV for a
spreadsheet; a learner name a spreadsheet would run as a formula is written as text.
Exit status: 0 all records read; 1 some record is altered or unreadable; 2 a folder could not
be read, or a usage error.
)";
    if (command == "assess")
        return R"(Usage: counterpart assess [FOLDER...] [window options]

Opens the window app in the assessor's workspace: the sessions in FOLDER... (default: this
user's sessions), each replayed exactly as the learner saw it with its integrity, and the
cohort view of which rules are broken most. Takes the window app's options (--script,
--screenshot-dir, --size, ...).
)";
    if (command == "list")
        return R"(Usage: counterpart list [DIR...] [--ids]

Lists scenarios with topic, customer and length, under the folder each comes from: the bundled
library, your own folder ($XDG_DATA_HOME/counterpart/scenarios) and the folders added in the
window app's Settings. Scenarios sharing an id are marked SAME ID and reported; play ID takes
the first folder's. With DIR, lists only those folders. --ids prints only the ids (for shell
completion). With nothing found, names every folder searched and how to add one.
Exit status: 0 scenarios listed; 1 none found; 2 unknown option.
)";
    return R"(Counterpart: role-play practice for public-service customer service.
Every choice is judged against procedure and the law, not against the customer's mood.

Usage:
  counterpart                      open the window app with the bundled scenarios
  counterpart play [SCENARIO]      play in the terminal (plain text, screen-reader friendly)
  counterpart lint PATH...         check scenario and policy files
  counterpart analyze PATH...      prove a scenario sound: every path, score range and rubric check
  counterpart replay RECORD        verify and replay a session record
  counterpart sessions DIR...      the table of session records in DIR (--csv for spreadsheets)
  counterpart assess [FOLDER...]   the assessor's workspace: sessions, replay, cohort
  counterpart list [DIR]           list scenarios and the folder each comes from
  counterpart coverage [DIR]       marking points against the scenarios that evidence them
  counterpart help COMMAND         help for one command
  counterpart --version

Environment: COUNTERPART_SCENARIOS (the bundled scenario folder; default
../share/counterpart/scenarios beside the binary), XDG_DATA_HOME (records, and your own
scenarios in counterpart/scenarios), XDG_CONFIG_HOME (settings, with added scenario folders).
)";
}

std::shared_ptr<const Scenario> load_scenario_for(const std::string& command, const std::string& path,
                                                  const std::string& policies_dir, std::ostream& err) {
    Diagnostics diags;
    PolicyLibrary policies;
    policies.load_directory(policies_dir.empty() ? default_policy_dir(path) : policies_dir, diags);
    auto scenario = load_scenario_file(path, policies, diags);
    if (!scenario) {
        diags.sort();
        for (const auto& d : diags.items())
            if (d.severity == Severity::Error) err << format_diagnostic(d) << "\n";
        err << "counterpart " << command
            << ": the scenario has errors and cannot be used (run counterpart lint for all of them)\n";
    }
    return scenario;
}

bool option_value(const Args& args, std::size_t& i, std::string& value, std::ostream& err) {
    if (i + 1 >= args.size()) {
        err << "counterpart: " << args[i] << " needs a value\n";
        return false;
    }
    value = args[++i];
    return true;
}

}  // namespace cp::cli
