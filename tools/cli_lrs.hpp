// The command line's side of the learning record store: the --lrs options every command shares, sending a set
// of sessions' statements through the outbox, and the LRS as witness of a record. `counterpart outbox` shows
// and sends what is waiting; `xapi --lrs` and `verify --lrs` use the helpers below.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "lrs.hpp"

namespace cp::cli {

// What --lrs URL, --user U, --password P (or $COUNTERPART_LRS_PASSWORD) and --outbox DIR gave; unset parts
// come from Settings (load_lrs_settings) and the default outbox folder.
struct LrsOptions {
    LrsEndpoint endpoint;
    std::string outbox_dir;
    bool given = false;  // --lrs was on the command line
};
// If args[i] is one of those options, takes it (and its value) and returns true; `ok` false on a missing value.
bool take_lrs_option(const Args& args, std::size_t& i, LrsOptions& options, bool& ok, std::ostream& err);
// Fills what was not given from the environment and Settings; false (with a message for `command`) if no LRS
// is known or its URL is unusable.
bool complete_lrs_options(const std::string& command, LrsOptions& options, std::ostream& err);

// One session's statements, in record order, with the key of its outbox file.
struct SessionStatements {
    std::string key;    // e.g. the record's file stem
    std::string label;  // the record's path
    std::vector<nlohmann::json> statements;
};
// Queues each session in the outbox, then sends everything pending. Prints what was sent and one line per
// problem. Returns 0 when every statement is accepted, 1 otherwise (they stay queued), 2 on bad use.
int send_to_lrs(const std::string& command, const std::vector<SessionStatements>& sessions,
                const LrsOptions& options, std::ostream& out, std::ostream& err);

// verify --lrs for one record: its xAPI statements (xapi.hpp) against what the LRS holds for its registration,
// printed line by line (witness_record in lrs.hpp). 0 all witnessed; 1 not; 2 no statements for the record or no answer.
int witness_record_with_lrs(const std::string& path, const LrsOptions& options, std::ostream& out,
                            std::ostream& err);

}  // namespace cp::cli
