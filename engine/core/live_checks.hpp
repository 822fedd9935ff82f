// The studio's live checks: lint and the exhaustive analysis re-run on a background thread after each edit,
// so the editor never waits for them. Edits arriving in quick succession are debounced into one run; a run
// whose document has meanwhile changed is not published (its problems would point at fields that moved).
//
// Index: [Results] [One run] [LiveChecker]
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis.hpp"
#include "diagnostics.hpp"
#include "loader.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Results]
//-----------------------------------------------------------------------------------------------------------

struct LiveCheckResult {
    std::uint64_t revision = 0;  // the document revision these checks are about
    std::uint64_t policies_read = 0;  // how many times the worker had read the policy folder (see reload_policies)
    bool loaded = false;         // the scenario loaded (false: only load errors, no analysis)
    // Every lint problem, each with file:line:col and the JSON pointer of the field concerned (sorted).
    std::vector<Diagnostic> problems;
    int errors = 0, warnings = 0;
    std::vector<std::string> choice_ids;   // scenario choice ids, in model order, for `choices`
    std::vector<ChoiceOutcomes> choices;   // per choice: offered, can pass/fail, best and worst score
    std::vector<std::string> choice_pointers;  // the JSON pointer of each choice ("/nodes/2/choices/1")
    double guess_probability = 0;          // a random guesser's chance to pass
    bool limit_hit = false;
    double milliseconds = 0;  // how long the run took
    // The scenario as loaded from this revision (null when it did not load): the studio's playtest plays it.
    std::shared_ptr<const Scenario> scenario;
    PassMarkTable pass_marks;  // how paths and learners fare at each pass mark (the pass-mark slider)

    // The outcomes of choice `id`, or null when unknown.
    const ChoiceOutcomes* choice(const std::string& id) const;
};

//-----------------------------------------------------------------------------------------------------------
// [One run]
//-----------------------------------------------------------------------------------------------------------

// Parses `text` as the scenario at `file`, loads it against `policies`, and runs lint with the analysis.
LiveCheckResult run_live_checks(const std::string& text, const std::string& file, const PolicyLibrary& policies,
                                std::uint64_t revision);

//-----------------------------------------------------------------------------------------------------------
// [LiveChecker]
//-----------------------------------------------------------------------------------------------------------

class LiveChecker {
  public:
    // Checks against the policies in `policies_dir` (loaded once, on the worker).
    explicit LiveChecker(std::string policies_dir,
                         std::chrono::milliseconds debounce = std::chrono::milliseconds(30));
    ~LiveChecker();  // stops the worker (a run in progress finishes first)
    LiveChecker(const LiveChecker&) = delete;
    LiveChecker& operator=(const LiveChecker&) = delete;

    // Queues the document at `revision` for checking; replaces anything queued and not yet started.
    void submit(std::uint64_t revision, std::string text, std::string file);
    // The policy folder changed (the studio saved a policy): the next run reads it again, and results made
    // with the old policies no longer count as the newest (wait_for waits past them).
    void reload_policies();
    // The newest published result (null before the first).
    std::shared_ptr<const LiveCheckResult> latest() const;
    // True while a submission has no published result yet.
    bool pending() const;
    // Waits until the newest submission's result is published (tests, benchmarks); false on timeout.
    bool wait_for(std::uint64_t revision, std::chrono::milliseconds timeout);
    // Runs started and runs whose result was dropped because a newer revision had arrived meanwhile.
    std::uint64_t runs() const { return runs_; }
    std::uint64_t dropped() const { return dropped_; }

  private:
    void work();

    std::string policies_dir_;
    std::chrono::milliseconds debounce_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable published_;
    bool stop_ = false;
    bool has_job_ = false;
    std::uint64_t policy_reads_wanted_ = 1;  // reload_policies() asks for one more read of the folder
    std::uint64_t job_revision_ = 0, newest_revision_ = 0;
    std::string job_text_, job_file_;
    std::chrono::steady_clock::time_point job_time_;
    std::shared_ptr<const LiveCheckResult> latest_;
    std::atomic<std::uint64_t> runs_{0}, dropped_{0};
    std::thread thread_;
};

}  // namespace cp
