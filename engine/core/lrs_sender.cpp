// Index: [Connection test] [LrsSender]
#include "lrs_sender.hpp"

#include <algorithm>

#include "lrs_outbox.hpp"
#include "xapi.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Connection test]
//-----------------------------------------------------------------------------------------------------------

LrsCheck check_lrs_connection(const LrsEndpoint& endpoint) {
    LrsCheck check;
    if (std::string problem = lrs_url_problem(endpoint.url); !problem.empty()) {
        check.message = problem;
        return check;
    }
    auto transport = make_curl_transport(endpoint);
    nlohmann::json page;
    std::string error;
    // One statement is enough to prove the LRS answers and takes the credentials (a GET changes nothing).
    if (!transport->get_page("statements?limit=1", page, error)) {
        check.message = error;
        return check;
    }
    check.ok = true;
    check.message = "The LRS at " + endpoint.url + " answered and accepted these credentials.";
    return check;
}

//-----------------------------------------------------------------------------------------------------------
// [LrsSender]
//-----------------------------------------------------------------------------------------------------------

namespace {

// Back-off between flushes that leave statements waiting: 5 s, doubling, at most 5 minutes.
constexpr std::chrono::seconds kFirstRetry{5};
constexpr std::chrono::seconds kLastRetry{300};

}  // namespace

LrsSender::LrsSender(std::string outbox_dir, LrsEndpoint endpoint)
    : dir_(std::move(outbox_dir)), endpoint_(std::move(endpoint)) {
    thread_ = std::thread([this] { run(); });
}

LrsSender::~LrsSender() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void LrsSender::set_endpoint(const LrsEndpoint& endpoint) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        endpoint_ = endpoint;
        woken_ = true;
    }
    wake_.notify_all();
}

bool LrsSender::configured() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return !endpoint_.url.empty();
}

std::string LrsSender::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
}

void LrsSender::set_status(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = text;
}

bool LrsSender::queue_now(const std::string& path, std::string& error) {
    XapiStatements made = xapi_statements_for(path);
    if (!made.ok) {
        error = made.error;
    } else if (outbox_enqueue(dir_, "session-" + made.registration, made.statements, path, error)) {
        return true;
    }
    set_status("Not queued for the LRS: " + error);
    return false;
}

bool LrsSender::queue_record(const std::string& path, std::string& error) {
    std::unique_lock<std::mutex> io(io_, std::try_to_lock);
    if (!io.owns_lock()) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (std::find(handed_over_.begin(), handed_over_.end(), path) == handed_over_.end())
            handed_over_.push_back(path);
        return true;
    }
    bool ok = queue_now(path, error);
    io.unlock();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
    return ok;
}

void LrsSender::wait_queued() {
    std::unique_lock<std::mutex> lock(mutex_);
    queued_.wait(lock, [this] { return handed_over_.empty() || stop_; });
}

void LrsSender::send_now_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    long target = rounds_started_ + 1;  // a round that starts after this call
    woken_ = true;
    wake_.notify_all();
    queued_.wait(lock, [&] { return rounds_done_ >= target || stop_; });
}

void LrsSender::run() {
    std::chrono::seconds retry{0};  // 0: no statements waiting after the last flush
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        auto ready = [this] { return stop_ || woken_ || !handed_over_.empty(); };
        if (retry.count() == 0)
            wake_.wait(lock, ready);
        else
            wake_.wait_for(lock, retry, ready);
        if (stop_) return;
        woken_ = false;
        ++rounds_started_;
        LrsEndpoint endpoint = endpoint_;
        // Short enough that quitting the app (which joins this thread) never waits long on a silent LRS.
        endpoint.timeout_ms = std::min(endpoint.timeout_ms, 15000L);
        bool again = false;
        lock.unlock();
        {
            std::lock_guard<std::mutex> io(io_);
            FlushReport report;
            if (!endpoint.url.empty()) {
                auto transport = make_curl_transport(endpoint);
                RetryPolicy policy;
                policy.attempts = 1;  // the back-off is this loop's, so stopping never waits on a sleep
                report = outbox_flush(dir_, *transport, policy);
            }
            // Records handed over during the flush are queued now, and sent on the next round.
            std::vector<std::string> paths;
            {
                std::lock_guard<std::mutex> guard(mutex_);
                paths = handed_over_;
            }
            std::string error;
            for (const auto& path : paths) queue_now(path, error);
            {
                // Taken off the list only once queued (wait_queued); later hand-overs were appended.
                std::lock_guard<std::mutex> guard(mutex_);
                handed_over_.erase(handed_over_.begin(),
                                   handed_over_.begin() + static_cast<std::ptrdiff_t>(paths.size()));
            }
            queued_.notify_all();
            OutboxStatus status = outbox_status(dir_);
            std::string text;
            if (endpoint.url.empty()) {
                retry = std::chrono::seconds{0};
                text = status.statements_pending ? outbox_status_text(status) + " (no LRS is set)" : "";
            } else if (status.statements_pending == 0 && report.problems.empty()) {
                retry = std::chrono::seconds{0};
                text = kLrsAllSent;
            } else {
                retry = std::clamp(retry.count() ? retry * 2 : kFirstRetry, kFirstRetry, kLastRetry);
                std::string why = !report.problems.empty() ? report.problems.front() : status.last_error;
                // The outbox names its file ("session-<uuid>: ..."); the learner needs only the reason.
                if (why.rfind("session-", 0) == 0 && why.find(": ") != std::string::npos) why.erase(0, why.find(": ") + 2);
                long long secs = retry.count();
                text = std::to_string(status.statements_pending) +
                       (status.statements_pending == 1 ? " statement" : " statements") + " waiting" +
                       (why.empty() ? "" : ": " + why) + "; trying again in " +
                       (secs >= 60 ? std::to_string(secs / 60) + " min" : std::to_string(secs) + " s");
            }
            if (error.empty()) set_status(text);
            again = !paths.empty() && !endpoint.url.empty();
        }
        lock.lock();
        ++rounds_done_;
        queued_.notify_all();
        if (again) woken_ = true;  // send what was handed over without waiting out the back-off
    }
}

}  // namespace cp
