// The assessor's index of session records: one or more folders (often a shared network drive with thousands
// of records, and new ones arriving while it is open) summarised row by row on a background thread, so the
// window never waits for the disk. Each row says who, what, when, the result, the integrity of the record and
// whether an assessor has marked it (a "<record>.assessment.json" beside it). Rescans pick up new, changed and
// removed files by modification time and size. Sorting, filtering, searching and CSV export work on the rows.
//
// Index: [Rows] [Summarising one record] [SessionIndex] [Queries] [CSV]
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "assessment.hpp"  // assessment_path: the sidecar that marks a record as marked
#include "record.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Rows]
//-----------------------------------------------------------------------------------------------------------

// A rule broken in a session, and where: the step, node and choice that broke it.
struct SessionBreach {
    std::string rule;    // "PS-DP-01"
    int step = 0;        // 0 when it was decided at the end, after the last step
    std::string node;    // the node of that step's choice (empty at the end)
    std::string choice;  // the choice taken there (empty at the end)
};

// A choice a learner took at a node, with its grade as recorded.
struct SessionPick {
    std::string node, choice, grade;
};

// What the sessions table shows about one record.
struct SessionRow {
    enum class Result { Pass, Fail, Unfinished, Unreadable };
    std::string path;
    std::string learner, scenario_id, scenario_version, scenario_sha256, mode, started_at;
    Result result = Result::Unreadable;
    int score = -1;  // -1 when the record has no result
    int steps = 0;
    RecordIntegrity::Status integrity = RecordIntegrity::Status::Unreadable;
    std::string integrity_summary;  // one line: "Chain verified", "Cut off after step 3", "Altered at line 4"
    bool marked = false;            // "<record>.assessment.json" exists
    long long mtime_ns = 0;         // the file's modification time and size when summarised
    std::uintmax_t size = 0;
    std::vector<SessionBreach> breaches;  // for the cohort view
    std::vector<SessionPick> picks;
};

const char* to_string(SessionRow::Result result);         // "pass", "fail", "unfinished", "unreadable"
const char* integrity_word(RecordIntegrity::Status status);  // "verified", "cut off", "altered", "unreadable"

//-----------------------------------------------------------------------------------------------------------
// [Summarising one record]
//-----------------------------------------------------------------------------------------------------------

// Reads and summarises one record (chain and format checked; not replayed). Never throws; a damaged or
// foreign file gives a row whose integrity says why.
SessionRow summarise_record(const std::string& path);

//-----------------------------------------------------------------------------------------------------------
// [SessionIndex]
//-----------------------------------------------------------------------------------------------------------

class SessionIndex {
  public:
    // Starts summarising every "*.jsonl" directly in `folders` on a background thread. With
    // `rescan_seconds` > 0 the folders are looked at again that often (files appearing on a shared drive).
    explicit SessionIndex(std::vector<std::string> folders, double rescan_seconds = 0);
    ~SessionIndex();  // stops the thread (it finishes the record in hand first)
    SessionIndex(const SessionIndex&) = delete;
    SessionIndex& operator=(const SessionIndex&) = delete;

    // Takes the rows the thread has published since the last call; cheap, never waits for the disk. Returns
    // true when the table changed. Call once a frame.
    bool poll();
    // True when the last poll() only added rows at the end (from first_added() on): a sorted view can then
    // be extended (extend_query_rows) instead of sorted again.
    bool last_poll_only_added() const { return only_added_; }
    std::size_t first_added() const { return first_added_; }
    // The rows taken so far, in the order found (use query_rows for a view).
    const std::vector<SessionRow>& rows() const { return rows_; }
    const std::vector<std::string>& folders() const { return folders_; }
    // Asks the thread to look at the folders again now (new, changed and removed files).
    void rescan();
    // True while the thread is reading (a scan in progress or rows not yet taken by poll()).
    bool busy() const;
    // Files found by the current scan and how many are summarised so far (for a progress line).
    std::size_t files_found() const { return found_.load(); }
    std::size_t files_done() const { return done_.load(); }
    // Folders that could not be read, in words (empty when all were read).
    std::vector<std::string> problems() const;
    // Waits (for the command line and tests) until the scan in progress is finished and taken; then polls.
    void wait_until_idle();

  private:
    struct Known {
        long long mtime_ns = 0;
        std::uintmax_t size = 0;
        bool marked = false;
    };
    void run();
    void scan_once();

    std::vector<std::string> folders_;
    double rescan_seconds_ = 0;
    std::vector<SessionRow> rows_;  // owned by the caller's thread
    bool only_added_ = true;
    std::size_t first_added_ = 0;
    std::unordered_map<std::string, std::size_t> positions_;  // path -> index in rows_
    std::map<std::string, Known> known_;  // owned by the background thread

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<SessionRow> pending_;        // published, not yet polled
    std::vector<std::string> removed_;       // paths gone since the last poll
    std::vector<std::string> problems_;
    bool stop_ = false;
    bool rescan_requested_ = true;
    bool scanning_ = false;
    std::atomic<std::size_t> found_{0}, done_{0};
    std::thread thread_;
};

//-----------------------------------------------------------------------------------------------------------
// [Queries]
//-----------------------------------------------------------------------------------------------------------

enum class SessionColumn { Learner, Scenario, Date, Mode, Result, Score, Integrity, Marking };
const char* column_title(SessionColumn column);  // "Learner", "Scenario", ...
inline constexpr int kSessionColumns = 8;

struct SessionQuery {
    std::string search;  // case-insensitive, in learner, scenario and file name
    SessionColumn sort = SessionColumn::Date;
    bool descending = true;
    std::string mode;       // "", "practice", "assessment"
    std::string result;     // "", or a to_string(Result)
    bool only_problems = false;  // integrity other than verified
    bool only_unmarked = false;
};

// Indices into `rows` that match `query`, sorted (ties by date, then path, so the order is stable).
std::vector<int> query_rows(const std::vector<SessionRow>& rows, const SessionQuery& query);
// Adds the matching rows from `first` on to `order` (query_rows over the rows before `first`), keeping it
// sorted: the new rows are sorted and merged, so a frame that takes a few rows never sorts thousands.
void extend_query_rows(const std::vector<SessionRow>& rows, std::size_t first, const SessionQuery& query,
                       std::vector<int>& order);

//-----------------------------------------------------------------------------------------------------------
// [CSV]
//-----------------------------------------------------------------------------------------------------------

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. A value a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with a quote mark.
std::string csv_field(const std::string& value);
// The table as CSV: a header line, then one line per row in `order`, CRLF line ends (RFC 4180).
std::string sessions_csv(const std::vector<SessionRow>& rows, const std::vector<int>& order);

}  // namespace cp
