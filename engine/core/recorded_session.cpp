// Index: [Modes] [Starting] [Resuming] [Playing] [Recording]
#include "recorded_session.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <random>

#include "library.hpp"
#include "version_store.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Modes]
//-----------------------------------------------------------------------------------------------------------

const char* to_string(SessionMode mode) {
    return mode == SessionMode::Assessment ? "assessment" : "practice";
}

std::optional<SessionMode> parse_mode(const std::string& text) {
    if (text == "practice") return SessionMode::Practice;
    if (text == "assessment") return SessionMode::Assessment;
    return std::nullopt;
}

std::string record_stem(const std::string& scenario_id, const std::string& utc_iso) {
    std::string stamp = utc_iso;
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    return scenario_id + "-" + stamp;
}

//-----------------------------------------------------------------------------------------------------------
// [Starting]
//-----------------------------------------------------------------------------------------------------------

std::unique_ptr<RecordedSession> RecordedSession::start(const NewSession& options, std::string& error) {
    if (!options.scenario) {
        error = "no scenario to play";
        return nullptr;
    }
    std::unique_ptr<RecordedSession> rs(new RecordedSession);
    std::uint64_t seed = options.seed
                             ? *options.seed
                             : (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
    if ((options.start_node >= 0 || !options.variables.empty()) &&
        (!options.record_path.empty() || !options.sessions_dir.empty())) {
        error = "a session started at a chosen node or with chosen variable values cannot be recorded";
        return nullptr;
    }
    SessionOptions session_options{seed, options.customer, true, options.start_node, options.variables};
    try {
        rs->session_ = std::make_unique<Session>(options.scenario, session_options);
    } catch (const std::exception& e) {
        error = std::string("the scenario cannot be played: ") + e.what();
        return nullptr;
    }
    rs->mode_ = options.mode;
    rs->learner_ = options.learner;
    auto header = [&] {
        return make_header_event(*rs->session_, rs->learner_, to_string(rs->mode_), utc_now_iso(),
                                 session_options.shuffle);
    };
    if (!options.record_path.empty()) {
        struct stat st {};
        if (::stat(options.record_path.c_str(), &st) == 0 && S_ISCHR(st.st_mode)) {
            // /dev/null and the like: the learner asked for no record, in the Unix way.
            rs->notice_ = options.record_path + " is a device, not a file: this session is not recorded.";
        } else {
            rs->writer_ = RecordWriter::create(options.record_path, header(), error);
            if (!rs->writer_) {
                error = "cannot start the session record: " + error;
                return nullptr;
            }
        }
    } else if (!options.sessions_dir.empty()) {
        rs->writer_ = RecordWriter::create_unique(options.sessions_dir,
                                                  record_stem(options.scenario->id, utc_now_iso()), header(), error);
        if (!rs->writer_) {
            error = "cannot start the session record: " + error;
            return nullptr;
        }
    }
    if (rs->writer_) rs->record_path_ = rs->writer_->path();
    // The record carries the fingerprints; the store keeps the texts they name, for replay after an edit.
    if (rs->writer_) {
        std::string versions = options.versions_dir ? *options.versions_dir : versions_dir();
        std::string why;
        if (!versions.empty() && !VersionStore(versions).keep_scenario(*options.scenario, why))
            rs->versions_notice_ = "this scenario version is not kept in the version store: " + why;
    }
    rs->note_new_exhibits();
    rs->step_started_ = std::chrono::steady_clock::now();
    if (rs->session_->state() == SessionState::Ended) rs->after_step();
    return rs;
}

//-----------------------------------------------------------------------------------------------------------
// [Resuming]
//-----------------------------------------------------------------------------------------------------------

std::unique_ptr<RecordedSession> RecordedSession::resume(const std::string& path, const ScenarioFinder& find,
                                                         std::string& error) {
    // The lock first, so no other session can append between reading the record and continuing it.
    auto writer = RecordWriter::open_existing(path, error);
    if (!writer) return nullptr;
    RecordFile record = read_record(path);
    if (!record.ok) {
        error = "cannot resume: " + record.message();
        return nullptr;
    }
    if (record.finished()) {
        error = path + " is a finished session; use counterpart replay to review it";
        return nullptr;
    }
    auto scenario = find(record.info, error);
    if (!scenario) return nullptr;
    if (auto mismatch = compare_fingerprints(record.header(), *scenario); !mismatch.empty()) {
        error = "cannot resume " + path + ": " + mismatch;
        return nullptr;
    }
    ReplayResult replay = replay_record(record, scenario);
    if (!replay.ok) {
        error = "cannot resume " + path + ": " + replay.error;
        return nullptr;
    }
    if (!writer->continue_after(record, error)) return nullptr;

    std::unique_ptr<RecordedSession> rs(new RecordedSession);
    rs->session_ = std::move(replay.session);
    rs->mode_ = parse_mode(record.info.mode).value_or(SessionMode::Practice);
    rs->learner_ = record.info.learner;
    rs->score_history_ = std::move(replay.score_history);
    rs->consulted_ = std::move(replay.consulted_rules);
    rs->transcript_noted_ = rs->session_->transcript().size();  // documents shown before are recorded already

    // The gap since the last line was written: the assessor sees how long the session stood.
    const nlohmann::json& last = record.lines.back().value;
    std::string last_time = last.value("recorded_at", last.value("started_at", std::string()));
    long long gap = 0;
    if (auto then = parse_utc_iso(last_time)) gap = static_cast<long long>(std::time(nullptr)) - *then;
    Resumption r{rs->session_->steps_taken(), gap, record.partial_tail};
    if (!writer->append(make_resumed_event(*rs->session_, gap, record.last_hash, record.partial_tail), error) ||
        !writer->finish(error)) {
        error = "cannot continue the record " + path + ": " + error;
        return nullptr;
    }
    rs->resumption_ = r;
    rs->writer_ = std::move(writer);
    rs->record_path_ = path;
    rs->step_started_ = std::chrono::steady_clock::now();
    return rs;
}

RecordedSession::~RecordedSession() = default;  // the writer syncs what is pending and releases the lock

//-----------------------------------------------------------------------------------------------------------
// [Playing]
//-----------------------------------------------------------------------------------------------------------

std::optional<StepResult> RecordedSession::choose(int choice) {
    if (stopped_ || session_->state() != SessionState::AwaitingChoice || !session_->is_offered(choice))
        return std::nullopt;
    std::vector<int> shown;
    if (writer_) shown = session_->offered();
    long long elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                              step_started_)
                            .count();
    StepResult step = session_->choose(choice);
    record([&] { return make_choice_event(*session_, step, shown, elapsed); });
    score_history_.push_back(session_->rubric().score());
    note_new_exhibits();
    after_step();
    step_started_ = std::chrono::steady_clock::now();
    return step;
}

bool RecordedSession::consult(int rule) {
    if (stopped_ || rule < 0 || rule >= static_cast<int>(session_->scenario().rules.size())) return false;
    consulted_.push_back(rule);
    record([&] { return make_policy_consulted_event(*session_, rule); });
    return true;
}

void RecordedSession::options_shown() {
    step_started_ = std::chrono::steady_clock::now();
}

DebriefModel RecordedSession::debrief(const MarkingPointText& marking_point_text) const {
    return make_debrief(*session_, score_history_, marking_point_text);
}

void RecordedSession::after_step() {
    if (session_->state() != SessionState::Ended) return;
    record([&] { return make_ended_event(*session_); });
    std::string error;
    if (writer_ && !writer_->finish(error)) record_failed(error);
}

//-----------------------------------------------------------------------------------------------------------
// [Recording]
//-----------------------------------------------------------------------------------------------------------

template <class MakeEvent>
void RecordedSession::record(MakeEvent&& make) {
    if (!writer_) return;  // no record: no line is built
    std::string error;
    if (!writer_->append(make(), error))
        record_failed(error);
    else if (line_observer_)
        line_observer_(*this, writer_->last_hash());
}

void RecordedSession::record_failed(const std::string& why) {
    writer_.reset();
    if (mode_ == SessionMode::Assessment) {
        stopped_ = session_->state() != SessionState::Ended;
        notice_ = "The session record " + record_path_ + " can no longer be written (" + why +
                  "). An assessment that is not recorded is not evidence, so " +
                  (stopped_ ? "this session has stopped" : "this result is not evidence") +
                  ". The record keeps every step written before the problem; tell your assessor.";
    } else {
        notice_ = "The session record " + record_path_ + " could not be written (" + why +
                  "); practice goes on, unrecorded.";
    }
}

void RecordedSession::note_new_exhibits() {
    const auto& t = session_->transcript();
    for (; transcript_noted_ < t.size(); ++transcript_noted_)
        if (t[transcript_noted_].kind == TranscriptEntry::Kind::Exhibit) {
            int node = t[transcript_noted_].node;
            record([&] { return make_exhibit_viewed_event(*session_, node); });
        }
}

bool RecordedSession::flush(std::string& error) {
    if (!writer_) return true;
    if (writer_->finish(error)) return true;
    record_failed(error);
    return false;
}

}  // namespace cp
