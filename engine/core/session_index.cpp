// Index: [Rows] [Summarising one record] [SessionIndex] [Queries] [CSV]
#include "session_index.hpp"

#include "assessment.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>
#include <tuple>

#include "diagnostics.hpp"
#include "json_document.hpp"

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Rows]
//-----------------------------------------------------------------------------------------------------------

const char* to_string(SessionRow::Result result) {
    switch (result) {
        case SessionRow::Result::Pass:
            return "pass";
        case SessionRow::Result::Fail:
            return "fail";
        case SessionRow::Result::Unfinished:
            return "unfinished";
        case SessionRow::Result::Unreadable:
            return "unreadable";
    }
    return "?";
}

const char* integrity_word(RecordIntegrity::Status status) {
    switch (status) {
        case RecordIntegrity::Status::Complete:
            return "verified";
        case RecordIntegrity::Status::CutOff:
            return "cut off";
        case RecordIntegrity::Status::Altered:
            return "altered";
        case RecordIntegrity::Status::Unreadable:
            return "unreadable";
    }
    return "?";
}

//-----------------------------------------------------------------------------------------------------------
// [Summarising one record]
//-----------------------------------------------------------------------------------------------------------

SessionRow summarise_record(const std::string& path) {
    SessionRow row;
    row.path = path;
    std::error_code ec;
    row.size = fs::file_size(path, ec);
    if (ec) row.size = 0;
    auto when = fs::last_write_time(path, ec);
    if (!ec)
        row.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
    row.marked = fs::exists(assessment_path(path), ec);

    RecordFile record = read_record(path);
    RecordIntegrity integrity = assess_integrity(record, nullptr);
    row.integrity = integrity.status;
    row.steps = integrity.steps;
    switch (integrity.status) {
        case RecordIntegrity::Status::Complete:
            row.integrity_summary = "Chain verified";
            break;
        case RecordIntegrity::Status::CutOff:
            row.integrity_summary = "Cut off after step " + std::to_string(integrity.steps);
            if (integrity.final_newline_missing)
                row.integrity_summary += " (final newline missing)";
            else if (integrity.partial_tail)
                row.integrity_summary += " (last line incomplete)";
            break;
        case RecordIntegrity::Status::Altered:
            row.integrity_summary = "Altered at line " + std::to_string(integrity.bad_line);
            break;
        case RecordIntegrity::Status::Unreadable:
            row.integrity_summary = "Unreadable: " + integrity.problem;
            break;
    }
    if (!record.ok) {
        // A damaged record still names its learner when its first line is intact: the assessor needs to know
        // whose evidence is damaged. Nothing from a damaged line is trusted beyond that.
        if (record.bad_line == 0) return row;
        std::string text, error;
        if (!read_text_file(path, text, error, kMaxRecordBytes)) return row;
        std::string first = text.substr(0, std::min(text.find('\n'), kMaxRecordLineBytes));
        auto header = nlohmann::json::parse(first, nullptr, false);
        if (header.is_object() && header.value("type", nlohmann::json()) == "header") {
            auto str = [&](const nlohmann::json& j, const char* key) {
                auto it = j.find(key);
                return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            row.learner = str(header, "learner");
            row.mode = str(header, "mode");
            row.started_at = str(header, "started_at");
            if (auto s = header.find("scenario"); s != header.end() && s->is_object()) {
                row.scenario_id = str(*s, "id");
                row.scenario_version = str(*s, "version");
            }
        }
        return row;
    }
    const RecordHeader& h = record.info;
    row.learner = h.learner;
    row.scenario_id = h.scenario_id;
    row.scenario_version = h.scenario_version;
    row.scenario_sha256 = h.scenario_sha256;
    row.mode = h.mode;
    row.started_at = h.started_at;
    row.result = SessionRow::Result::Unfinished;
    for (const auto& line : record.lines) {
        const auto& ev = line.value;
        const std::string type = ev.value("type", "");
        if (type == "choice") {
            std::string node = ev.value("node", ""), choice = ev.value("chosen", "");
            row.picks.push_back({node, choice, ev.value("grade", "")});
            for (const auto& v : ev.value("verdicts", nlohmann::json::array()))
                if (v.value("verdict", "") == "broken")
                    row.breaches.push_back({v.value("rule", ""), ev.value("step", 0), node, choice});
        } else if (type == "ended") {
            row.score = ev.value("score", 0);
            row.result = ev.value("passed", false) ? SessionRow::Result::Pass : SessionRow::Result::Fail;
        }
    }
    return row;
}

//-----------------------------------------------------------------------------------------------------------
// [SessionIndex]
//-----------------------------------------------------------------------------------------------------------

SessionIndex::SessionIndex(std::vector<std::string> folders, double rescan_seconds)
    : folders_(std::move(folders)), rescan_seconds_(rescan_seconds) {
    thread_ = std::thread([this] { run(); });
}

SessionIndex::~SessionIndex() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SessionIndex::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
        auto wanted = [this] { return stop_ || rescan_requested_; };
        if (rescan_seconds_ > 0)
            wake_.wait_for(lock, std::chrono::duration<double>(rescan_seconds_), wanted);
        else
            wake_.wait(lock, wanted);
        if (stop_) break;
        rescan_requested_ = false;
        scanning_ = true;
        lock.unlock();
        scan_once();
        lock.lock();
        scanning_ = false;
    }
}

void SessionIndex::scan_once() {
    std::vector<std::string> files;
    std::vector<std::string> problems;
    for (const auto& folder : folders_) {
        Diagnostics diags;
        std::error_code ec;
        if (!list_files(folder, ".jsonl", files, diags) && !fs::exists(folder, ec))
            problems.push_back("The folder " + folder + " does not exist.");
        for (const auto& d : diags.items())
            if (d.severity == Severity::Error) problems.push_back(d.message);
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        problems_ = problems;
    }
    found_ = files.size();
    done_ = 0;
    std::set<std::string> present(files.begin(), files.end());
    for (const auto& path : files) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stop_) return;
        }
        // A file seen before is read again only if its time, size or marking changed; a new one is read at
        // once (summarise_record takes its time and size, so the first scan costs no extra stat calls).
        auto known = known_.find(path);
        if (known != known_.end()) {
            std::error_code ec;
            Known now;
            now.size = fs::file_size(path, ec);
            auto when = fs::last_write_time(path, ec);
            if (!ec)
                now.mtime_ns =
                    std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
            now.marked = fs::exists(assessment_path(path), ec);
            if (known->second.mtime_ns == now.mtime_ns && known->second.size == now.size &&
                known->second.marked == now.marked) {
                ++done_;
                continue;  // unchanged since the last scan
            }
        }
        SessionRow row = summarise_record(path);
        known_[path] = Known{row.mtime_ns, row.size, row.marked};
        {
            std::lock_guard<std::mutex> lock(mutex_);
            pending_.push_back(std::move(row));
        }
        ++done_;
    }
    std::vector<std::string> gone;
    for (auto it = known_.begin(); it != known_.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        gone.push_back(it->first);
        it = known_.erase(it);
    }
    if (!gone.empty()) {
        std::lock_guard<std::mutex> lock(mutex_);
        removed_.insert(removed_.end(), gone.begin(), gone.end());
    }
}

bool SessionIndex::poll() {
    std::vector<SessionRow> fresh;
    std::vector<std::string> gone;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        fresh.swap(pending_);
        gone.swap(removed_);
    }
    // Room for every file the scan found, made while the table is still small: growing a table of thousands
    // of rows later (moving them all, rehashing every path) would stall that frame.
    std::size_t expected = found_.load();
    if (rows_.capacity() < expected) rows_.reserve(expected);
    positions_.reserve(expected);
    only_added_ = gone.empty();
    first_added_ = rows_.size();
    for (auto& row : fresh) {
        auto it = positions_.find(row.path);
        if (it != positions_.end()) {
            only_added_ = false;
            rows_[it->second] = std::move(row);
        } else {
            positions_[row.path] = rows_.size();
            rows_.push_back(std::move(row));
        }
    }
    if (!gone.empty()) {
        std::set<std::string> drop(gone.begin(), gone.end());
        rows_.erase(std::remove_if(rows_.begin(), rows_.end(),
                                   [&](const SessionRow& r) { return drop.count(r.path) > 0; }),
                    rows_.end());
        positions_.clear();
        for (std::size_t i = 0; i < rows_.size(); ++i) positions_[rows_[i].path] = i;
    }
    return !fresh.empty() || !gone.empty();
}

void SessionIndex::rescan() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        rescan_requested_ = true;
    }
    wake_.notify_all();
}

bool SessionIndex::busy() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return scanning_ || rescan_requested_ || !pending_.empty() || !removed_.empty();
}

std::vector<std::string> SessionIndex::problems() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return problems_;
}

void SessionIndex::wait_until_idle() {
    while (busy()) {
        poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    poll();
}

//-----------------------------------------------------------------------------------------------------------
// [Queries]
//-----------------------------------------------------------------------------------------------------------

const char* column_title(SessionColumn column) {
    switch (column) {
        case SessionColumn::Learner:
            return "Learner";
        case SessionColumn::Scenario:
            return "Scenario";
        case SessionColumn::Date:
            return "Date";
        case SessionColumn::Mode:
            return "Mode";
        case SessionColumn::Result:
            return "Result";
        case SessionColumn::Score:
            return "Score";
        case SessionColumn::Integrity:
            return "Integrity";
        case SessionColumn::Marking:
            return "Marking";
    }
    return "?";
}

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool contains_folded(const std::string& haystack, const std::string& needle_lower) {
    return lower(haystack).find(needle_lower) != std::string::npos;
}

}  // namespace

namespace {

bool row_matches(const SessionRow& r, const SessionQuery& q, const std::string& needle) {
    if (!q.mode.empty() && r.mode != q.mode) return false;
    if (!q.result.empty() && q.result != to_string(r.result)) return false;
    if (q.only_problems && r.integrity == RecordIntegrity::Status::Complete) return false;
    if (q.only_unmarked && r.marked) return false;
    return needle.empty() || contains_folded(r.learner, needle) || contains_folded(r.scenario_id, needle) ||
           contains_folded(fs::path(r.path).filename().string(), needle);
}

int compare_by(const SessionRow& a, const SessionRow& b, SessionColumn column) {
    auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (column) {
        case SessionColumn::Learner:
            return cmp(lower(a.learner), lower(b.learner));
        case SessionColumn::Scenario:
            return cmp(a.scenario_id, b.scenario_id);
        case SessionColumn::Date:
            return cmp(a.started_at, b.started_at);
        case SessionColumn::Mode:
            return cmp(a.mode, b.mode);
        case SessionColumn::Result:
            return cmp(static_cast<int>(a.result), static_cast<int>(b.result));
        case SessionColumn::Score:
            return cmp(a.score, b.score);
        case SessionColumn::Integrity:
            return cmp(static_cast<int>(a.integrity), static_cast<int>(b.integrity));
        case SessionColumn::Marking:
            return cmp(a.marked, b.marked);
    }
    return 0;
}

// The table's order: the chosen column, then date, then path (a total order, so views never flicker).
struct RowOrder {
    const std::vector<SessionRow>& rows;
    const SessionQuery& q;
    bool operator()(int ia, int ib) const {
        const SessionRow& a = rows[static_cast<std::size_t>(ia)];
        const SessionRow& b = rows[static_cast<std::size_t>(ib)];
        int c = compare_by(a, b, q.sort);
        if (c == 0) c = compare_by(a, b, SessionColumn::Date);
        if (c == 0) c = a.path < b.path ? -1 : (b.path < a.path ? 1 : 0);
        return q.descending ? c > 0 : c < 0;
    }
};

}  // namespace

std::vector<int> query_rows(const std::vector<SessionRow>& rows, const SessionQuery& q) {
    std::vector<int> out;
    extend_query_rows(rows, 0, q, out);
    return out;
}

void extend_query_rows(const std::vector<SessionRow>& rows, std::size_t first, const SessionQuery& q,
                       std::vector<int>& order) {
    std::string needle = lower(q.search);
    auto middle = static_cast<std::ptrdiff_t>(order.size());
    for (std::size_t i = first; i < rows.size(); ++i)
        if (row_matches(rows[i], q, needle)) order.push_back(static_cast<int>(i));
    RowOrder before{rows, q};
    std::sort(order.begin() + middle, order.end(), before);
    std::inplace_merge(order.begin(), order.begin() + middle, order.end(), before);
}

//-----------------------------------------------------------------------------------------------------------
// [CSV]
//-----------------------------------------------------------------------------------------------------------

std::string csv_field(const std::string& value) {
    std::string v = value;
    // A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a leading quote
    // mark makes it text. Learner names are typed by learners, so they are not trusted.
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string sessions_csv(const std::vector<SessionRow>& rows, const std::vector<int>& order) {
    std::string out =
        "Learner,Scenario,Scenario version,Date,Mode,Result,Score,Steps,Integrity,Marking,Record\r\n";
    for (int i : order) {
        const SessionRow& r = rows[static_cast<std::size_t>(i)];
        std::vector<std::string> fields = {r.learner,
                                           r.scenario_id,
                                           r.scenario_version,
                                           r.started_at,
                                           r.mode,
                                           to_string(r.result),
                                           r.score >= 0 ? std::to_string(r.score) : "",
                                           std::to_string(r.steps),
                                           r.integrity_summary,
                                           r.marked ? "marked" : "not marked",
                                           r.path};
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (f) out += ',';
            out += csv_field(fields[f]);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace cp
