// Session records: JSON Lines, one event per line, each line carrying the SHA-256 of the previous line and
// of itself, so accidental damage and casual edits are detected. The chain is unkeyed: anyone with the file
// can edit it and reseal it, so it is not a signature (see README, "What the chain does and does not prove").
//
// Index: [Format] [Writing] [Events] [Reading and verifying] [Replay] [Integrity]
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Format]
//-----------------------------------------------------------------------------------------------------------

// Format 2: the header says whether options were shuffled ("shuffled"), each choice carries the chosen
// option's "grade", and a "resumed" event marks every resumption. Format 1 records (no "shuffled": options in
// file order; no grades) still read and replay.
inline constexpr int kRecordFormatVersion = 2;
inline constexpr int kOldestRecordFormat = 1;
inline const std::string kGenesisHash(64, '0');  // "prev" of the first line
// Limits that keep a hostile file from exhausting memory or the stack. A 200-step record is about 100 KB,
// its lines under 4 KB, nested 3 levels.
inline constexpr std::size_t kMaxRecordBytes = 64u * 1024u * 1024u;
inline constexpr std::size_t kMaxRecordLineBytes = 1024u * 1024u;
inline constexpr int kMaxRecordDepth = 8;

//-----------------------------------------------------------------------------------------------------------
// [Writing]
//-----------------------------------------------------------------------------------------------------------

struct RecordFile;

// Appends sealed lines to one record and holds an exclusive flock() on it while open, so a second writer
// (another `play --resume`, or the app resuming the same session) is refused instead of forking the chain.
//
// Durability: each line is write()n at once, so a crash of the program loses nothing written. A background
// thread then fdatasync()s whatever is pending (group commit), so a power cut loses at most the lines of the
// last few milliseconds: for a person at the keyboard, at most the step in progress, and no fsync wait is
// paid per line. finish() waits until everything is on disk.
class RecordWriter {
  public:
    // Starts a new record at `path` with `header` as its first line. The header is written to an unnamed
    // temporary file (O_TMPFILE), fsynced and linked into place, which fails if `path` exists: a record
    // either exists with its header or not at all, is never overwritten, and no temporary file is left
    // behind by a kill. A stale "<path>.tmp" from older versions is removed.
    static std::unique_ptr<RecordWriter> create(const std::string& path, nlohmann::json header,
                                                std::string& error);
    // Like create(), in `dir` named `stem`.jsonl, or `stem`-2.jsonl, -3 ... when that name is taken (two
    // sessions started in the same second). The one naming rule for every player.
    static std::unique_ptr<RecordWriter> create_unique(const std::string& dir, const std::string& stem,
                                                       const nlohmann::json& header, std::string& error);
    // Opens an existing record for appending and takes its lock; fails with a message naming the record if
    // another session is writing it. Read and verify it (read_record) after this, then call continue_after.
    static std::unique_ptr<RecordWriter> open_existing(const std::string& path, std::string& error);
    // Continues the chain after the verified `record` (read while holding the lock): cuts off a torn last
    // line left by a crash, then appends after the last whole line.
    bool continue_after(const RecordFile& record, std::string& error);
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    // Seals and writes one event (adds "seq", "prev" and "hash"). Returns false with a reason on failure,
    // including a failed background sync of an earlier line.
    bool append(nlohmann::json event, std::string& error);
    // Waits until every line written is on disk. Returns false with a reason if any sync failed.
    bool finish(std::string& error);
    const std::string& path() const { return path_; }
    int next_seq() const { return seq_; }
    const std::string& last_hash() const { return last_hash_; }

  private:
    struct Syncer;
    RecordWriter(std::string path, int fd, std::string last_hash, int seq);
    void start_syncer();
    std::string path_;
    int fd_ = -1;
    std::string last_hash_;
    int seq_ = 0;
    std::unique_ptr<Syncer> syncer_;
};

// Seals an event as a record line: sets seq and prev, computes hash over the line without "hash" (the
// canonical nlohmann dump: sorted keys, no spaces). Dumps the event once.
std::string seal_record_line(nlohmann::json event, int seq, const std::string& prev, std::string* hash_out);

//-----------------------------------------------------------------------------------------------------------
// [Events]
//-----------------------------------------------------------------------------------------------------------

// `started_at` is the wall-clock time in UTC ("2026-11-24T09:30:00Z"); `shuffled` is the session's
// SessionOptions::shuffle (replay needs it to show the options in the same order).
nlohmann::json make_header_event(const Session& session, const std::string& learner, const std::string& mode,
                                 const std::string& started_at, bool shuffled);
// `shown` are the choices offered before this step, in display order; `time_on_step_ms` is wall-clock time.
// Carries the chosen option's grade.
nlohmann::json make_choice_event(const Session& session, const StepResult& step,
                                 const std::vector<int>& shown, long long time_on_step_ms);
nlohmann::json make_policy_consulted_event(const Session& session, int rule);
nlohmann::json make_exhibit_viewed_event(const Session& session, int node);
// A session continued from this record: the time since its last line, that line's hash, and whether a torn
// (incomplete) last line was cut off first.
nlohmann::json make_resumed_event(const Session& session, long long gap_seconds, const std::string& last_hash,
                                  bool torn_line_discarded);
nlohmann::json make_ended_event(const Session& session);
std::string utc_now_iso();
// Seconds since 1970 of "YYYY-MM-DDTHH:MM:SSZ"; nullopt if it is not in that form.
std::optional<long long> parse_utc_iso(const std::string& text);

//-----------------------------------------------------------------------------------------------------------
// [Reading and verifying]
//-----------------------------------------------------------------------------------------------------------

struct RecordLine {
    int number = 0;  // 1-based line number in the file
    nlohmann::json value;
};

// The header's facts, typed (read_record has checked every field's type).
struct RecordHeader {
    struct PolicyRef {
        std::string id, version, sha256;
    };
    int record_format = 0;
    std::string engine_version;
    std::string scenario_id, scenario_version, scenario_sha256, scenario_file;  // file may be empty
    std::vector<PolicyRef> policies;
    std::string learner, mode, started_at, customer;
    std::uint64_t seed = 0;
    bool shuffled = false;  // absent in format 1: those sessions showed options in file order
};

struct RecordFile {
    std::string path;
    std::vector<RecordLine> lines;  // verified lines, header first
    bool ok = false;
    int bad_line = 0;           // first line that failed, when !ok (0: the file could not be read at all)
    std::string field;          // JSON pointer of the field at fault ("/seq", "/verdicts/0/step"), if any
    std::string error;          // "line N: why", naming the field when there is one
    bool partial_tail = false;  // the file ended in an incomplete line (a crash mid-write); it is ignored
    bool final_newline_missing = false;  // that incomplete line was whole but for its newline
    std::size_t valid_bytes = 0;         // bytes up to the end of the last whole line
    std::string last_hash;
    RecordHeader info;  // when ok

    const nlohmann::json& header() const { return lines.front().value; }
    bool finished() const;  // has an "ended" event
    // "path:line: error: why" for people and tools (compiler style).
    std::string message() const;
};

// Reads and verifies a record: the hash chain, then every field of every event against the format (type,
// range, required keys). Never throws and never crashes: any problem is reported with line and field.
RecordFile read_record(const std::string& path);
// The same over text already in memory; `path` only names it in messages.
RecordFile read_record_text(const std::string& text, const std::string& path);

//-----------------------------------------------------------------------------------------------------------
// [Replay]
//-----------------------------------------------------------------------------------------------------------

struct ResumeNote {
    int line = 0;            // the resumed event's line
    int step = 0;            // choices made before the resumption
    long long gap_seconds = 0;
    bool torn_line_discarded = false;
};

struct ReplayResult {
    bool ok = false;
    int bad_line = 0;
    std::string error;
    std::unique_ptr<Session> session;  // the re-run session, at the last recorded step
    std::vector<int> consulted_rules;  // in order
    std::vector<int> score_history;    // adherence after each step
    std::vector<ResumeNote> resumes;   // in order
};

// Session options that reproduce the recorded session (seed, customer, shuffle as the header says).
// Returns false with a reason if the header's customer is not in `scenario`.
bool session_options_for(const RecordHeader& header, const Scenario& scenario, SessionOptions& out,
                         std::string& error);

// Re-runs the recorded choices against `scenario` and checks every recorded fact (node, options shown,
// grade, verdict changes, ending, score, result, resumptions) against what the engine computes now.
ReplayResult replay_record(const RecordFile& record, std::shared_ptr<const Scenario> scenario);

// Checks the header's scenario and policy fingerprints; returns an empty string when they match.
std::string compare_fingerprints(const nlohmann::json& header, const Scenario& scenario);

// A scenario id as a record may name it: letters, digits, '-', '_' and '.', no path separators, not "..".
bool valid_scenario_id(const std::string& id);

//-----------------------------------------------------------------------------------------------------------
// [Integrity]
//-----------------------------------------------------------------------------------------------------------

// What a record shows about itself once read and replayed. Never "complete" when the end event is missing.
struct RecordIntegrity {
    enum class Status { Complete, CutOff, Altered, Unreadable };
    Status status = Status::Unreadable;
    int steps = 0;                       // choices recorded (and replayed)
    int bad_line = 0;                    // Altered / Unreadable
    std::string problem;                 // Altered / Unreadable: why
    bool partial_tail = false;           // a torn last line was ignored
    bool final_newline_missing = false;  // ... and it was whole but for its newline
    std::vector<ResumeNote> resumes;
};
// `replay` may be null (not replayed); then only the chain and format are judged.
RecordIntegrity assess_integrity(const RecordFile& record, const ReplayResult* replay);
// "Verified: ...", "Cut off after step 3: no end event ...", "Altered at line 4: ...", plus a line per
// resumption ("Resumed at step 2 after a gap of 3 h 5 min; torn line discarded: no.").
std::string integrity_text(const RecordIntegrity& integrity);
// "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h".
std::string gap_text(long long seconds);
// What the chain proves and what it does not, for replay and reports.
extern const char* const kChainStatement;

}  // namespace cp
