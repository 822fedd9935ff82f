// Index: [One run] [LiveChecker]
#include "live_checks.hpp"

#include "checks.hpp"
#include "json_document.hpp"

namespace cp {

const ChoiceOutcomes* LiveCheckResult::choice(const std::string& id) const {
    for (std::size_t i = 0; i < choice_ids.size() && i < choices.size(); ++i)
        if (choice_ids[i] == id) return &choices[i];
    return nullptr;
}

//-----------------------------------------------------------------------------------------------------------
// [One run]
//-----------------------------------------------------------------------------------------------------------

LiveCheckResult run_live_checks(const std::string& text, const std::string& file, const PolicyLibrary& policies,
                                std::uint64_t revision) {
    auto started = std::chrono::steady_clock::now();
    LiveCheckResult r;
    r.revision = revision;
    Diagnostics diags;
    if (auto doc = parse_json_document(text, file, diags, JsonDom::skip)) {
        if (auto scenario = load_scenario(*doc, policies, diags)) {
            r.loaded = true;
            AnalysisReport report;
            CheckOptions options;
            options.report = &report;
            check_scenario(*scenario, diags, options);
            r.choices = std::move(report.choices);
            r.guess_probability = report.guess.probability;
            r.limit_hit = report.limit_hit;
            r.pass_marks = std::move(report.pass_marks);
            // The model keeps choices in node order: their pointers follow from each node's list.
            r.choice_ids.resize(scenario->choices.size());
            r.choice_pointers.resize(scenario->choices.size());
            for (std::size_t n = 0; n < scenario->nodes.size(); ++n)
                for (std::size_t k = 0; k < scenario->nodes[n].choices.size(); ++k) {
                    auto c = static_cast<std::size_t>(scenario->nodes[n].choices[k]);
                    r.choice_ids[c] = scenario->choices[c].id;
                    r.choice_pointers[c] = "/nodes/" + std::to_string(n) + "/choices/" + std::to_string(k);
                }
            r.scenario = scenario;
        }
    }
    diags.sort();
    r.problems = diags.items();
    r.errors = diags.error_count();
    r.warnings = diags.warning_count();
    r.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return r;
}

//-----------------------------------------------------------------------------------------------------------
// [LiveChecker]
//-----------------------------------------------------------------------------------------------------------

LiveChecker::LiveChecker(std::string policies_dir, std::chrono::milliseconds debounce)
    : policies_dir_(std::move(policies_dir)), debounce_(debounce), thread_([this] { work(); }) {}

LiveChecker::~LiveChecker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void LiveChecker::submit(std::uint64_t revision, std::string text, std::string file) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job_revision_ = newest_revision_ = revision;
        job_text_ = std::move(text);
        job_file_ = std::move(file);
        job_time_ = std::chrono::steady_clock::now();
        has_job_ = true;
    }
    wake_.notify_all();
}

std::shared_ptr<const LiveCheckResult> LiveChecker::latest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return latest_;
}

bool LiveChecker::pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return has_job_ || !latest_ || latest_->revision != newest_revision_;
}

bool LiveChecker::wait_for(std::uint64_t revision, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return published_.wait_for(lock, timeout, [&] {
        return latest_ && latest_->revision >= revision && latest_->policies_read >= policy_reads_wanted_;
    });
}

void LiveChecker::reload_policies() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++policy_reads_wanted_;
}

void LiveChecker::work() {
    PolicyLibrary policies;
    std::uint64_t policies_read = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stop_ || has_job_; });
        if (stop_) return;
        // Debounce: wait until no newer edit has arrived for `debounce_`.
        while (!stop_ && std::chrono::steady_clock::now() < job_time_ + debounce_)
            wake_.wait_until(lock, job_time_ + debounce_);
        if (stop_) return;
        std::string text = std::move(job_text_), file = std::move(job_file_);
        std::uint64_t revision = job_revision_;
        std::uint64_t reads_wanted = policy_reads_wanted_;
        has_job_ = false;
        lock.unlock();
        if (policies_read < reads_wanted) {  // the first run, or a policy was saved since the last read
            policies = PolicyLibrary();
            Diagnostics policy_problems;  // problems in the policy files are lint's to report on those files
            policies.load_directory(policies_dir_, policy_problems);
            policies_read = reads_wanted;
        }
        ++runs_;
        auto result = std::make_shared<LiveCheckResult>(run_live_checks(text, file, policies, revision));
        result->policies_read = policies_read;
        lock.lock();
        if (revision != newest_revision_) {
            ++dropped_;  // the document moved on while this ran: its pointers may no longer be right
            continue;
        }
        latest_ = std::move(result);
        published_.notify_all();
    }
}

}  // namespace cp
