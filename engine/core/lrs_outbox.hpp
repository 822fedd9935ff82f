// The outbox: xAPI statements the LRS has not yet accepted, kept on disk until it has, so a crash, a lost
// network or an LRS that is down loses nothing. One file per session (<key>.json) in the outbox folder
// ($XDG_DATA_HOME/counterpart/outbox), written atomically; a session is marked sent (sent/<key>.json) only
// when the LRS accepted every one of its statements.
//
// Sending twice duplicates nothing: statement ids are deterministic, and an LRS answers a statement it holds
// with the same content as accepted. So the outbox may lag behind the LRS (a crash after the LRS accepted a
// batch but before the file was rewritten) and the next flush sends those statements again, harmlessly.
//
// Index: [Folder] [Queueing] [Sending] [Status]
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lrs.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Folder]
//-----------------------------------------------------------------------------------------------------------

// $XDG_DATA_HOME/counterpart/outbox (default ~/.local/share/counterpart/outbox).
std::string outbox_dir();
// A key names one session's file: letters, digits, '-', '_' and '.', not starting with '.', at most 200.
bool valid_outbox_key(const std::string& key);

//-----------------------------------------------------------------------------------------------------------
// [Queueing]
//-----------------------------------------------------------------------------------------------------------

// Adds `statements` (objects, each with a string "id") to the session `key`'s file in `dir`, after what is
// pending there; a statement whose id is already pending is not added twice. `label` says where they came
// from (a record's path). Written atomically. False with a reason (nothing changed) on any problem.
bool outbox_enqueue(const std::string& dir, const std::string& key, const std::vector<nlohmann::json>& statements,
                    const std::string& label, std::string& error);

// One session's pending file, read and checked. A hostile or damaged file gives `error` (file:line:col and a
// JSON pointer where there is one), never a crash.
struct OutboxEntry {
    std::string path;
    std::string key;
    std::string label;
    std::vector<nlohmann::json> statements;
    std::string last_error;  // why the last flush left statements here
    std::string error;       // the file could not be used
};
OutboxEntry read_outbox_entry(const std::string& path);

//-----------------------------------------------------------------------------------------------------------
// [Sending]
//-----------------------------------------------------------------------------------------------------------

// How a flush retries: exponential back-off from `first_delay`, doubling, capped at `max_delay`, `attempts`
// tries per batch in all. The sleeper is injectable so tests need not wait.
struct RetryPolicy {
    std::size_t batch_size = 100;
    int attempts = 5;
    std::chrono::milliseconds first_delay{500};
    std::chrono::milliseconds max_delay{30000};
    std::function<void(std::chrono::milliseconds)> sleep;  // default: std::this_thread::sleep_for
};
// The delay before retry number `retry` (1-based): first_delay * 2^(retry-1), at most max_delay.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry);

struct FlushReport {
    int sessions_sent = 0;         // sessions whose every statement is now accepted (marked sent)
    int statements_accepted = 0;   // in this flush
    int statements_pending = 0;    // still in the outbox afterwards
    int retries = 0;               // requests repeated after a transient failure
    std::vector<std::string> problems;  // one line each: rejected statements (naming them), damaged files, ...
    bool lrs_unreachable = false;  // stopped early: every attempt failed, or the credentials were refused
    bool ok() const { return statements_pending == 0 && problems.empty(); }
};
// Sends everything pending in `dir`, oldest file first, in batches. Accepted statements leave the outbox; a
// statement the LRS rejects (or holds differently, 409) stays, with the LRS's reason in the report and the
// file; a transient failure is retried with back-off and, if it persists, the flush stops with the rest kept.
// `now_iso` stamps sent markers (injectable for tests).
FlushReport outbox_flush(const std::string& dir, LrsTransport& transport, const RetryPolicy& policy,
                         const std::function<std::string()>& now_iso = {});

//-----------------------------------------------------------------------------------------------------------
// [Status]
//-----------------------------------------------------------------------------------------------------------

struct OutboxStatus {
    int sessions_pending = 0;
    int statements_pending = 0;
    int sessions_sent = 0;
    std::string last_error;  // the most recent reason a file was left pending
    std::vector<std::string> problems;  // damaged files
};
OutboxStatus outbox_status(const std::string& dir);
// Whether the session `key` is marked sent.
bool outbox_sent(const std::string& dir, const std::string& key);
// "3 statements of 1 session waiting to be sent; last error: ..." / "Nothing waiting to be sent."
std::string outbox_status_text(const OutboxStatus& status);

}  // namespace cp
