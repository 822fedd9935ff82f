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
       counterpart replay RECORD --rescore [--width N]

Verifies a session record's hash chain and every field, re-runs its choices against the
scenario, checks that every recorded grade, verdict, the ending and the score match, and prints
the transcript with grades and verdicts, each resumption ("resumed at step N after a gap of ...,
torn line discarded: yes/no"), and what the chain proves: it detects accidental damage and casual
edits, not a determined forger (unkeyed SHA-256: anyone can reseal a record).
The scenario is the version with the record's id and fingerprint: the library's, else the
version store's ($XDG_DATA_HOME/counterpart/versions: every scenario and policy version a
session used, kept when it starts), never another version and never the file the record names;
or --scenario FILE (with --policies DIR). Either way the output names the file used, and its
content fingerprint must match the record's.
--rescore re-runs the record's choices under today's scenario and rubric (the library's, whatever
its version) and prints, step by step, each grade, verdict and score that differs from what was
recorded, then the result recorded and today's; where a choice is no longer offered it says so
and stops.
Exit status: 0 verified as complete; 1 altered, cut off (no end event), or the scenario's
fingerprint differs; 2 unreadable, or the scenario version is not available. With --rescore:
0 the same result, 1 some step or the result differs, 2 cannot re-score.
)";
    if (command == "sign")
        return R"(Usage: counterpart sign RECORD --assessor NAME [--decision D] [--comment TEXT]
                      [--comment-step N TEXT]... [--point ID=met|not-met]... [--moderate] [--key FILE]

Adds a signed entry to the record's sign-off file, RECORD.assessment.json, beside it; the record
itself is never modified. An entry holds the assessor's name, the time, a comment per step, a
judgement per marking point or key concept, an overall comment and a decision. It is chained to
the entry before it (the first to the record's final hash) and signed with your Ed25519 key, whose
public half it carries, so counterpart verify detects a changed entry, a sign-off moved to
another record, and a record changed after it was signed.
  --assessor NAME        who is signing (required)
  --decision D           competent, not-yet-competent or referred
  --comment TEXT         an overall comment
  --comment-step N TEXT  a comment on step N (as replay numbers steps); repeatable
  --point ID=met|not-met the judgement on a marking point or key concept; repeatable
  --moderate             a second marker's moderation of the decision (needs --decision; the
                         second marker must be someone else, with another key)
  --key FILE             the private key (default $XDG_CONFIG_HOME/counterpart/assessor-ed25519.pem,
                         created on first use, readable by you only)
Exit status: 0 signed; 1 refused (the record or its sign-off file does not verify, a step is
not in the record, nothing to moderate); 2 bad arguments, unreadable record or key.
)";
    if (command == "verify")
        return R"(Usage: counterpart verify RECORD|FOLDER... [--trusted-keys FILE]
                          [--lrs URL [--user USER] [--password P]]

Checks each record (a folder: every *.jsonl in it) as evidence and prints what it shows:
  - the record: its hash chain and every field; its choices re-run against the scenario version
    it was made with (the library's, or the version store's when the library has been edited);
    altered at line N, cut off after step N (also when only the final newline is missing), and
    each resumption are problems;
  - "scenario version not available" when neither the library nor the version store
    ($XDG_DATA_HOME/counterpart/versions) has the version the record names;
  - its sign-off file (RECORD.assessment.json), if any: every entry's chain and Ed25519
    signature, that it belongs to this record, and that the record has not changed since it was
    signed. Each entry is listed with its key's fingerprint, to compare with the assessor's.
  --trusted-keys FILE  lines "HEX-PUBLIC-KEY NAME" (counterpart sign prints yours when it creates
                       your key): every entry must be signed with the listed key of the assessor it
                       names. Without it, anyone can sign with a key of their own under any name.
The chain alone detects accidents and casual edits, not a determined forger; a valid sign-off by a
trusted key is the assessor's signed word on the record as it was.
  --lrs URL  the learning record store as witness: reads back every statement it holds for the
             record's registration and checks that each statement the record implies is there,
             with the same content, stored in record order; and that the LRS holds nothing else
             for it. A record whose lines were deleted and played again locally, or another
             attempt kept quiet, shows as UNWITNESSED lines with the reason. Password as for xapi.
Exit status: 0 every record verified; 1 any problem; 2 bad arguments or no records.
)";
    if (command == "outbox")
        return R"(Usage: counterpart outbox [--send [--lrs URL --user USER --password P]] [--outbox DIR]

Shows the xAPI statements waiting to go to the learning record store (LRS): the sessions and
statements in the outbox ($XDG_DATA_HOME/counterpart/outbox) and the last error. A statement stays
there until the LRS has accepted it, across crashes and restarts.
  --send             send everything waiting now, in batches of 100, retrying a failing LRS with
                     back-off (0.5 s doubling, at most 30 s, 5 tries); a session is marked sent
                     (outbox/sent/) only when the LRS accepted every one of its statements
  --lrs URL          the LRS's xAPI base, e.g. https://lrs.example.ac.uk/data/xAPI (default: the
                     one set in the app's Settings)
  --user USER        the LRS's Basic auth key
  --password P       its secret; better: $COUNTERPART_LRS_PASSWORD, which keeps it out of your
                     shell history (default: the one saved in Settings)
  --outbox DIR       another outbox folder
Sending twice creates no duplicates: statement ids come from the record's hashes, and the LRS
takes a statement it already holds with the same content as accepted. A statement the LRS
rejects is named with the LRS's reason and stays in the outbox.
Exit status: 0 nothing waiting, or all sent; 1 statements still waiting, or a damaged outbox
file; 2 bad arguments or no LRS.
)";
    if (command == "report")
        return R"(Usage: counterpart report RECORD|FOLDER... -o DIR

Writes an evidence report for each record (a folder: every *.jsonl in it) into DIR as
RECORD-NAME.html: one self-contained HTML file (no scripts, nothing fetched) that prints to PDF
from any browser. It holds the summary and result, the integrity statement and what the chain
proves, the transcript as the learner saw it (options in the order shown, the one chosen, its
grade, the time taken, handbook rules consulted, the verdicts each step decided with their
sources, the assessor's comments), every rule's verdict, the marking-point map with the
assessor's judgements, and the signed sign-off (RECORD.assessment.json) with key fingerprints.
Exit status: 0 written, every record verified; 1 written, but some record has problems (the
report lists them); 2 bad arguments, or a record or the output could not be read or written.
)";
    if (command == "portfolio")
        return R"(Usage: counterpart portfolio LEARNER RECORD|FOLDER... [--width N]

Prints LEARNER's portfolio from the records given (a folder: every *.jsonl in it; other learners'
records are skipped): the sessions counted as evidence, oldest first, with result and sign-off;
the records not counted and why (practice sessions, and records that are altered, cut off or
cannot be re-run against their scenario version); then every marking point and key concept of
the library's marking-points.json with the sessions that evidence it and how (a kept rule or a
chosen option tagged with it). PS-MP-CONSISTENT is judged here, never by one session: met when
the same rule is kept, and never broken, in 3 or more counted sessions across 2 or more
scenarios; the rule (or the closest one) is named.
Exit status: 0 printed; 1 the learner has no verified assessment session there; 2 bad arguments.
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
    if (command == "edit")
        return R"(Usage: counterpart edit [SCENARIO] [window options]

Opens the tutor's studio in the window app: SCENARIO (a file or a bundled scenario id) as a graph
to edit, with forms for the selected node, choice or ending (or, with none selected, the
scenario's settings, customers and needs, policies, variables and calendar), actions picked from
a palette grouped by policy, conditions built and previewed without syntax, and lint and the
analysis re-run in the background after every edit (problems listed; a click jumps to the field; on each choice, whether
paths through it can pass and their best and worst score). Without SCENARIO, the library opens
in studio mode: a card opens its scenario for editing. Undo and redo cover every edit (Ctrl+Z,
Ctrl+Y); Ctrl+S saves atomically and leaves untouched parts of the file byte for byte as they
were. Node positions go to SCENARIO.layout.json beside it, never into the scenario. Unsaved
edits are autosaved to SCENARIO.json.recovery every few seconds and offered when it is reopened;
a file changed on disk by another editor is reloaded (undo brings your version back).
Playtest plays the scenario as edited (from the start or a selected node, with chosen customer
and variable values) in a side panel, never recorded; the analysis's example paths play in one
click; a finished playtest saves as a golden path; the pass-mark slider shows which paths and
learners pass at each mark.
Exit status: 0 closed normally; 2 the scenario cannot be opened, or no window could be opened.
)";
    if (command == "graph")
        return R"(Usage: counterpart graph SCENARIO [--format dot|svg] [-o FILE] [--policies DIR]

Draws a scenario (a file or a bundled scenario id) as a graph for handouts: Graphviz DOT
(default), or SVG rendered by Graphviz's dot program (Debian package graphviz). Nodes are
boxes (the start in bold), endings grey double octagons; each choice is an arrow labelled with
its text (shortened) and grade, coloured by grade and dashed when a condition hides it.
Without -o, writes to standard output. Render DOT yourself with: dot -Tpng FILE.dot -o FILE.png
Exit status: 0 written; 2 the scenario could not be loaded, or dot is missing or failed.
)";
    if (command == "import-twine")
        return R"(Usage: counterpart import-twine FILE.twee [-o DRAFT.json] [--force]

Turns a Twine 2 story, exported as Twee 3 (Twine: Story > Details > Export As Twee), into a
scenario draft: each passage with links becomes a node (a paragraph in quotation marks is the
customer speaking, any other is narration), each link a choice, each passage without links an
ending; StoryTitle is the title and StoryData's start passage the start. Passage positions go
to DRAFT.layout.json for the studio. Default DRAFT: FILE with .json for .twee; an existing
file is kept unless --force. The draft has no grades and no rules: lint says what to add.
Prints what could not be mapped, with the Twee file's line and column: macros, variables,
scripts, stylesheets, special passages, links to missing passages (they end the draft at a
placeholder ending), unknown tags, duplicate passages. Exit status: 0 draft written; 1 the
story has errors (file:line:col; nothing written); 2 bad arguments or the draft cannot be written.
)";
    if (command == "coverage")
        return R"(Usage: counterpart coverage [DIR]

Prints every key concept and examiner marking point in DIR/marking-points.json (default: the
bundled library) with the scenarios that evidence it, through a scenario's own "evidences" or
the rules it brings into scope. Exit status: 0 all covered; 1 some not covered; 2 no file, or
the file has errors.
)";
    if (command == "rules")
        return R"(Usage: counterpart rules [DIR] [--markdown]

Says which customer needs switch which rules on: for every need a rule's condition tests
('x' in customer.needs), the rules it brings into play across the policies of DIR (a scenario
folder with a policies/ folder, or a policies folder; default: the bundled library), with
their severity and policy, and the whole condition where it says more than the need.
--markdown prints the table the authoring guide shows. Exit status: 0 listed; 2 no policies.
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
    if (command == "xapi")
        return R"(Usage: counterpart xapi RECORD|FOLDER... [-o FILE] [--home-page URL]
                        [--lrs URL [--user USER] [--password P] [--outbox DIR]]

Writes each session record (a folder: every *.jsonl in it) as xAPI 1.0.3 statements for a
learning record store, one JSON array of all of them, in record order: initialized; answered
for every choice (the options shown, the compliant ones as the correct responses, the grade,
the verdicts decided with severity and source, the time taken); viewed for every policy rule
consulted and document shown; resumed; then completed, passed or failed with the score, and
terminated. The actor is the record's learner as an account on --home-page (default
https://counterpart.example/learners; set your college's). Statement ids and the registration
are derived from the record's hashes, so sending the same record twice adds nothing.
A cut-off record gives its statements so far (a note says so); an altered record, one whose
scenario version is not available and one with no learner name are refused with file:line.
Without -o, writes to standard output; -o FILE is replaced atomically.
  --lrs URL     also send them to the learning record store at URL (its xAPI base, e.g.
                https://lrs.example.ac.uk/data/xAPI) through the outbox: each session is queued
                in $XDG_DATA_HOME/counterpart/outbox, then everything waiting is sent in
                batches, retried with back-off; what the LRS does not accept stays queued (see
                counterpart outbox). With --lrs and no -o, the statements are not printed.
  --user USER   the LRS's Basic auth key; --password P its secret, better given in
                $COUNTERPART_LRS_PASSWORD (kept out of shell history)
Exit status: 0 written (and with --lrs, every statement accepted); 1 some record refused (the
others are written), or statements left in the outbox; 2 bad arguments, no records, no LRS, or
the output could not be written.
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
  counterpart verify RECORD...     check records, their scenario versions and sign-offs
  counterpart sign RECORD ...      annotate and sign off a record (Ed25519)
  counterpart report RECORD... -o DIR  evidence reports (HTML, printable to PDF)
  counterpart portfolio LEARNER DIR... a learner's marking points across sessions
  counterpart sessions DIR...      the table of session records in DIR (--csv for spreadsheets)
  counterpart xapi RECORD...       session records as xAPI statements for a learning record store
  counterpart outbox [--send]      xAPI statements waiting for the learning record store
  counterpart assess [FOLDER...]   the assessor's workspace: sessions, replay, cohort
  counterpart list [DIR]           list scenarios and the folder each comes from
  counterpart coverage [DIR]       marking points against the scenarios that evidence them
  counterpart rules [DIR]          which customer needs switch which rules on
  counterpart graph SCENARIO       the scenario as a Graphviz graph (DOT or SVG) for handouts
  counterpart import-twine FILE    a Twine 2 story (Twee 3) as a scenario draft
  counterpart edit [SCENARIO]      the tutor's studio: edit a scenario with live checks
  counterpart help COMMAND         help for one command
  counterpart --version

Environment: COUNTERPART_SCENARIOS (the bundled scenario folder; default
../share/counterpart/scenarios beside the binary), XDG_DATA_HOME (records, and your own
scenarios in counterpart/scenarios), XDG_CONFIG_HOME (settings, with added scenario folders), COUNTERPART_LRS_PASSWORD (the
learning record store's password for --lrs), COUNTERPART_LIBCURL (a test and diagnostic knob:
the libcurl file the LRS client loads on first use instead of libcurl.so.4).
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
