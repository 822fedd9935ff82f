// Session records: JSON Lines, one event per line, each line carrying the SHA-256 of the previous line and
// of itself, so any edit is detected. Every line is flushed and fsynced before the session moves on.
//
// Index: [Writing] [Events] [Reading and verifying] [Replay]
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime.hpp"

namespace cp {

inline constexpr int kRecordFormatVersion = 1;
inline const std::string kGenesisHash(64, '0');  // "prev" of the first line

//-----------------------------------------------------------------------------------------------------------
// [Writing]
//-----------------------------------------------------------------------------------------------------------

class RecordWriter {
  public:
    // Starts a new record at `path` with `header` as its first line. The header is written to a temporary
    // file, fsynced and renamed into place, so a record either exists with its header or not at all.
    static std::unique_ptr<RecordWriter> create(const std::string& path, nlohmann::json header,
                                                std::string& error);
    // Continues an existing, verified record: `last_hash` and `next_seq` come from read_record(). A partial
    // last line left by a crash is cut off first.
    static std::unique_ptr<RecordWriter> resume(const std::string& path, const std::string& last_hash,
                                                int next_seq, std::size_t valid_bytes, std::string& error);
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    // Appends one event (adds "seq", "prev" and "hash"), then fsyncs. Returns false with a reason on failure.
    bool append(nlohmann::json event, std::string& error);
    const std::string& path() const { return path_; }
    int next_seq() const { return seq_; }

  private:
    RecordWriter(std::string path, int fd, std::string last_hash, int seq);
    std::string path_;
    int fd_ = -1;
    std::string last_hash_;
    int seq_ = 0;
};

// Seals an event as a record line: sets seq and prev, computes hash over the line without "hash".
std::string seal_record_line(nlohmann::json event, int seq, const std::string& prev, std::string* hash_out);

//-----------------------------------------------------------------------------------------------------------
// [Events]
//-----------------------------------------------------------------------------------------------------------

// `started_at` is the wall-clock time in UTC ("2026-11-24T09:30:00Z").
nlohmann::json make_header_event(const Session& session, const std::string& learner, const std::string& mode,
                                 const std::string& started_at);
// `shown` are the choices offered before this step, in display order; `time_on_step_ms` is wall-clock time.
nlohmann::json make_choice_event(const Session& session, const StepResult& step,
                                 const std::vector<int>& shown, long long time_on_step_ms);
nlohmann::json make_policy_consulted_event(const Session& session, int rule);
nlohmann::json make_exhibit_viewed_event(const Session& session, int node);
nlohmann::json make_ended_event(const Session& session);
std::string utc_now_iso();

//-----------------------------------------------------------------------------------------------------------
// [Reading and verifying]
//-----------------------------------------------------------------------------------------------------------

struct RecordLine {
    int number = 0;  // 1-based line number in the file
    nlohmann::json value;
};

struct RecordFile {
    std::vector<RecordLine> lines;  // verified lines, header first
    bool ok = false;
    int bad_line = 0;           // first line that failed, when !ok
    std::string error;          // why
    bool partial_tail = false;  // the file ended in an incomplete line (a crash mid-write); it is ignored
    std::size_t valid_bytes = 0;
    std::string last_hash;

    const nlohmann::json& header() const { return lines.front().value; }
    bool finished() const;  // has an "ended" event
};

RecordFile read_record(const std::string& path);

//-----------------------------------------------------------------------------------------------------------
// [Replay]
//-----------------------------------------------------------------------------------------------------------

struct ReplayResult {
    bool ok = false;
    int bad_line = 0;
    std::string error;
    std::unique_ptr<Session> session;  // the re-run session, at the last recorded step
    std::vector<int> consulted_rules;  // in order
};

// Re-runs the recorded choices against `scenario` and checks every recorded fact (node, options shown,
// verdict changes, ending, score, result) against what the engine computes now.
ReplayResult replay_record(const RecordFile& record, std::shared_ptr<const Scenario> scenario);

// Checks the header's scenario and policy fingerprints; returns an empty string when they match.
std::string compare_fingerprints(const nlohmann::json& header, const Scenario& scenario);

}  // namespace cp
