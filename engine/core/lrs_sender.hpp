// The app's LRS sender: queues the statements of session records into the outbox (lrs_outbox.hpp) and sends
// them from a background thread, with back-off, so the learner's work never waits on the LRS. Also the
// Settings screen's connection test.
//
// Why a lock and a hand-over: outbox_flush rewrites a session's file after sending, so a statement queued
// into that file during a flush could be overwritten. Queueing and flushing hold one mutex; a queueing
// caller that finds a flush under way (a slow LRS) does not wait: it hands the record to the sender thread,
// which queues it right after the flush. Nothing is lost meanwhile: the record on disk is the durable
// source, and statement ids come from its line hashes, so queueing a record again adds no duplicates.
//
// Index: [Connection test] [LrsSender]
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "lrs.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Connection test]
//-----------------------------------------------------------------------------------------------------------

// What asking the LRS for one statement came to.
struct LrsCheck {
    bool ok = false;
    std::string message;  // "The LRS at URL accepted these credentials." or the client's own message
};
// Reads one page of statements from `endpoint` (blocking: call it off the frame thread).
LrsCheck check_lrs_connection(const LrsEndpoint& endpoint);

//-----------------------------------------------------------------------------------------------------------
// [LrsSender]
//-----------------------------------------------------------------------------------------------------------

// The sender's status once every statement has been accepted.
inline constexpr const char* kLrsAllSent = "All statements sent to the LRS.";

class LrsSender {
  public:
    // Starts the sender thread over the outbox in `outbox_dir`; it sends whatever is pending there when an
    // LRS is configured (endpoint url not empty).
    LrsSender(std::string outbox_dir, LrsEndpoint endpoint);
    // Stops the thread (a request under way ends within the endpoint's timeout); pending statements stay.
    ~LrsSender();
    LrsSender(const LrsSender&) = delete;
    LrsSender& operator=(const LrsSender&) = delete;

    // A new LRS (from Settings): the back-off restarts and pending statements are sent to it.
    void set_endpoint(const LrsEndpoint& endpoint);
    bool configured() const;
    const std::string& outbox() const { return dir_; }

    // Queues the statements of the record at `path` (xapi_statements_for; a record cut off so far gives its
    // lines so far) and wakes the thread. Local files only, on the caller's thread, unless a flush is under
    // way (see above). False with a reason when the record gives no statements or the outbox cannot be
    // written; the reason is also shown by status().
    bool queue_record(const std::string& path, std::string& error);
    // Waits until records handed over during a flush are queued (for tests; returns at once otherwise).
    void wait_queued();
    // Starts a sending round now and waits until it is over (for tests and scripts; the app never waits).
    void send_now_and_wait();

    // One line for people: "3 statements waiting: <why>; trying again in 30 s" / "All statements sent to the LRS.".
    std::string status() const;

  private:
    bool queue_now(const std::string& path, std::string& error);  // with io_ held
    void run();
    void set_status(const std::string& text);

    std::string dir_;
    mutable std::mutex mutex_;  // guards the fields below
    std::condition_variable wake_;
    std::condition_variable queued_;
    LrsEndpoint endpoint_;
    bool stop_ = false;
    bool woken_ = true;  // send what an earlier run left, at start
    std::vector<std::string> handed_over_;
    long rounds_started_ = 0;
    long rounds_done_ = 0;
    std::string status_;
    std::mutex io_;  // held while the outbox files are read or written (queueing, flushing)
    std::thread thread_;
};

}  // namespace cp
