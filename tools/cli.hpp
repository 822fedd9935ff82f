// The counterpart command line: one function per subcommand, each taking its arguments and streams so
// tests can drive them without a terminal.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "model.hpp"

namespace cp {
struct RecordHeader;
}

namespace cp::cli {

using Args = std::vector<std::string>;

int play(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int lint(const Args& args, std::ostream& out, std::ostream& err);
int replay(const Args& args, std::ostream& out, std::ostream& err);
int list_scenarios(const Args& args, std::ostream& out, std::ostream& err);
int coverage(const Args& args, std::ostream& out, std::ostream& err);
int analyze(const Args& args, std::ostream& out, std::ostream& err);
int sign(const Args& args, std::ostream& out, std::ostream& err);       // annotate and sign off a record
int verify(const Args& args, std::ostream& out, std::ostream& err);     // records, sign-offs, versions
int report(const Args& args, std::ostream& out, std::ostream& err);     // evidence reports as HTML
int portfolio(const Args& args, std::ostream& out, std::ostream& err);  // one learner across records
int rules_by_need_command(const Args& args, std::ostream& out, std::ostream& err);  // counterpart rules
int graph(const Args& args, std::ostream& out, std::ostream& err);  // scenario as Graphviz DOT or SVG
int import_twine(const Args& args, std::ostream& out, std::ostream& err);  // a Twee 3 story as a draft
// The assessor's table of session records in DIR... (--csv for spreadsheets).
int sessions(const Args& args, std::ostream& out, std::ostream& err);
// What waits in the outbox for the learning record store, and sending it (--send).
int outbox(const Args& args, std::ostream& out, std::ostream& err);
// A session record's xAPI statements, as a JSON array (for a college's learning record store).
int xapi(const Args& args, std::ostream& out, std::ostream& err);

// Usage text for the whole tool or one command.
std::string usage(const std::string& command = "");

// Loads the scenario at `path` with its policies (from `policies_dir`, or the scenario's own policies/
// folder). On errors prints them to `err` as "file:line:col: error: ..." with `command` naming who failed,
// and returns null.
std::shared_ptr<const Scenario> load_scenario_for(const std::string& command, const std::string& path,
                                                  const std::string& policies_dir, std::ostream& err);

// The scenario a record was made with, for replay and resume: the file `scenario_arg` names (given on the
// command line) if not empty, else the version with the header's id and fingerprint from the library, then
// the version store (version_store.hpp). Never the file the header names. `used` says which file and how it was chosen; the caller compares fingerprints. Null with `error`.
std::shared_ptr<const Scenario> scenario_for_record(const std::string& command, const RecordHeader& header,
                                                    const std::string& scenario_arg,
                                                    const std::string& policies_dir, std::ostream& err,
                                                    std::string& used, std::string& error);

// Record paths from arguments: files as given, folders expanded to their *.jsonl files (problems to `err`,
// naming `command`). False when there are none.
bool expand_records(const std::vector<std::string>& args, std::vector<std::string>& records, std::ostream& err,
                    const std::string& command);

// Reads the value after an option such as --mode; returns false (with a message) if it is missing.
bool option_value(const Args& args, std::size_t& i, std::string& value, std::ostream& err);

}  // namespace cp::cli
