// A recorded session: the one layer both players (the terminal and the window app) drive, as Yarn Spinner's
// dialogue runner drives its VM. It owns the Session, the record writer and its lock, the mode, the step
// timer, resumption and record naming, so the two players cannot drift apart. The host asks what is offered,
// calls choose() and consult(), and shows what it reads back; this type never prints or reads input.
//
// Rules it keeps for every player:
//   - naming: <sessions>/<scenario id>-<UTC time>.jsonl, then -2, -3 ... when taken (never an error);
//   - an explicit record path that exists is refused; a character device such as /dev/null means "no
//     record", and says so;
//   - one writer per record (flock); a second is refused with a message naming the record;
//   - resuming writes a "resumed" event (gap, last hash, torn line discarded) before anything else;
//   - a record that can no longer be written stops an assessment (unrecorded assessment is not evidence);
//     practice goes on unrecorded, and the learner is told once;
//   - no record line is built when there is no record.
//
// Index: [Modes] [Starting] [Resuming] [RecordedSession]
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "debrief.hpp"
#include "record.hpp"
#include "runtime.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Modes]
//-----------------------------------------------------------------------------------------------------------

enum class SessionMode { Practice, Assessment };
const char* to_string(SessionMode mode);                         // "practice", "assessment"
std::optional<SessionMode> parse_mode(const std::string& text);  // those two only

//-----------------------------------------------------------------------------------------------------------
// [Starting]
//-----------------------------------------------------------------------------------------------------------

struct NewSession {
    std::shared_ptr<const Scenario> scenario;
    std::string learner;
    SessionMode mode = SessionMode::Practice;
    std::optional<std::uint64_t> seed;  // none: a random seed
    int customer = -1;       // force a profile; -1 = pick with the seed
    // Where the record goes: a file (record_path), else a folder (sessions_dir, named by the rule above),
    // else nowhere (both empty: --no-record).
    std::string record_path;
    std::string sessions_dir;
    // Where the scenario and policy versions a recorded session uses are kept (version_store.hpp), so it
    // replays with its own text after an edit. None: the user's store (versions_dir()); empty: not kept.
    std::optional<std::string> versions_dir;
    // The studio's playtest (SessionOptions): a node to start at (-1: the start) and variable values (empty:
    // the initial ones). A session started this way cannot have a record (a record replays from the start).
    int start_node = -1;
    std::vector<int> variables = {};
};

//-----------------------------------------------------------------------------------------------------------
// [Resuming]
//-----------------------------------------------------------------------------------------------------------

// Finds the scenario a record was made with (by id and fingerprint from the header). Returns null with a
// reason when it cannot.
using ScenarioFinder =
    std::function<std::shared_ptr<const Scenario>(const RecordHeader& header, std::string& error)>;

// What a resumption found and wrote.
struct Resumption {
    int step = 0;
    long long gap_seconds = 0;
    bool torn_line_discarded = false;
};

//-----------------------------------------------------------------------------------------------------------
// [RecordedSession]
//-----------------------------------------------------------------------------------------------------------

class RecordedSession {
  public:
    // Starts a session and its record. Null with a reason if the record cannot be started.
    static std::unique_ptr<RecordedSession> start(const NewSession& options, std::string& error);
    // Continues the unfinished record at `path`: takes its lock, verifies and replays it, cuts off a torn last
    // line, writes the "resumed" event. Null with a reason (naming the record) on any problem.
    static std::unique_ptr<RecordedSession> resume(const std::string& path, const ScenarioFinder& find,
                                                   std::string& error);
    ~RecordedSession();
    RecordedSession(const RecordedSession&) = delete;
    RecordedSession& operator=(const RecordedSession&) = delete;

    const Session& session() const { return *session_; }
    const Scenario& scenario() const { return session_->scenario(); }
    std::shared_ptr<const Scenario> scenario_ptr() const { return session_->scenario_ptr(); }
    SessionMode mode() const { return mode_; }
    bool practice() const { return mode_ == SessionMode::Practice; }
    const std::string& learner() const { return learner_; }
    // The record's path; empty when there is none.
    const std::string& record_path() const { return record_path_; }
    bool recording() const { return writer_ != nullptr; }
    // Why the scenario version could not be kept in the version store; empty when it was (or not asked).
    const std::string& versions_notice() const { return versions_notice_; }
    // Why there is no record, or what went wrong with it (shown to the learner); empty when all is well.
    const std::string& record_notice() const { return notice_; }
    // An assessment stopped because its record could no longer be written: no further choice is taken.
    bool stopped() const { return stopped_; }
    // Set when this session was resumed from a record.
    const std::optional<Resumption>& resumption() const { return resumption_; }

    // Takes a choice the session offers (index into Scenario::choices); times the step, records it and any
    // document it shows, and the end when it ends the session. Nullopt if it is not offered, the session
    // has ended, or it has been stopped.
    std::optional<StepResult> choose(int choice);
    // Records that the learner read rule `rule` in the handbook (evidence). False if `rule` is not a rule.
    bool consult(int rule);
    // Restarts the step timer (when the host has just shown the options, after text the learner read).
    void options_shown();

    const std::vector<int>& score_history() const { return score_history_; }  // adherence after each step
    const std::vector<int>& consulted_rules() const { return consulted_; }
    DebriefModel debrief(const MarkingPointText& marking_point_text = {}) const;

    // Waits until every record line is on disk (also done on destruction). False with a reason if not.
    bool flush(std::string& error);

    // Told after each record line is written, with that line's hash (the app queues the line's LRS
    // statement as it happens, so the LRS witnesses an assessment line by line). None by default.
    using LineObserver = std::function<void(const RecordedSession& session, const std::string& line_hash)>;
    void set_line_observer(LineObserver observer) { line_observer_ = std::move(observer); }

  private:
    RecordedSession() = default;
    // Writes one event if there is a record; the event is only built when there is one.
    template <class MakeEvent>
    void record(MakeEvent&& make);
    void record_failed(const std::string& why);
    void note_new_exhibits();
    void after_step();

    std::unique_ptr<Session> session_;
    std::unique_ptr<RecordWriter> writer_;
    SessionMode mode_ = SessionMode::Practice;
    std::string learner_;
    std::string record_path_;
    std::string notice_;
    std::string versions_notice_;
    bool stopped_ = false;
    std::optional<Resumption> resumption_;
    std::vector<int> score_history_;
    std::vector<int> consulted_;
    std::size_t transcript_noted_ = 0;
    std::chrono::steady_clock::time_point step_started_;
    LineObserver line_observer_;
};

// The stem of a new record's name: "<scenario id>-<UTC time with '-' for ':'>".
std::string record_stem(const std::string& scenario_id, const std::string& utc_iso);

}  // namespace cp
