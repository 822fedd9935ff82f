// Index: [Writing: files and locks] [Writing: background sync] [Writing: sealing and appending] [Events]
// [Reading: the format of each event] [Reading: lines and the chain] [Replay] [Integrity]
#include "record.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>

#include "json_document.hpp"
#include "sha256.hpp"

namespace cp {

using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Writing: files and locks]
//-----------------------------------------------------------------------------------------------------------
namespace {

bool write_all(int fd, std::string_view data, std::string& error) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            error = std::strerror(errno);
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string parent_dir(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    return dir.empty() ? std::string(".") : dir.string();
}

void fsync_directory_of(const std::string& path) {
    int fd = ::open(parent_dir(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Takes the record's lock without waiting; a second writer gets a message naming the record.
bool lock_record(int fd, const std::string& path, std::string& error) {
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno == EWOULDBLOCK)
            error = "the record " + path +
                    " is being written by another Counterpart session (the app or a terminal); close that "
                    "session first, so the two do not fork the record";
        else
            error = "cannot lock the record " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

// Writes the sealed header into an unnamed file in the record's folder and links it in as `path`; the link
// fails if `path` exists. Returns the open, locked fd, or -1 with `exists` set when the name is taken.
// Falls back to a named temporary file where O_TMPFILE is not supported (some network file systems).
int create_record_file(const std::string& path, const std::string& line, bool& exists, std::string& error) {
    exists = false;
    std::error_code ec;
    // A "<path>.tmp" left by a kill between the temporary write and the rename of older versions.
    if (std::filesystem::is_regular_file(path + ".tmp", ec)) std::filesystem::remove(path + ".tmp", ec);
    int fd = ::open(parent_dir(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    bool named = fd < 0;
    std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    if (named) {
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            error = "cannot create " + tmp + ": " + std::strerror(errno);
            return -1;
        }
    }
    auto fail = [&](std::string why) {
        error = std::move(why);
        ::close(fd);
        if (named) ::unlink(tmp.c_str());
        return -1;
    };
    std::string write_error;
    if (!write_all(fd, line, write_error)) return fail("cannot write " + path + ": " + write_error);
    if (::fsync(fd) != 0) return fail("cannot flush " + path + ": " + std::strerror(errno));
    if (!lock_record(fd, path, error)) return fail(error);
    int rc;
    if (named) {
        rc = ::link(tmp.c_str(), path.c_str());
    } else {
        std::string self = "/proc/self/fd/" + std::to_string(fd);
        rc = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW);
    }
    if (rc != 0) {
        int e = errno;
        if (e == EEXIST) {
            exists = true;
            return fail("a record already exists at " + path);
        }
        return fail("cannot create the record " + path + ": " + std::strerror(e));
    }
    if (named) ::unlink(tmp.c_str());
    fsync_directory_of(path);
    int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_APPEND) != 0)
        return fail("cannot append to " + path + ": " + std::strerror(errno));
    return fd;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Writing: background sync]
//-----------------------------------------------------------------------------------------------------------

// Group commit: one thread fdatasyncs whatever lines were written since its last sync. A person takes
// seconds per choice and an fdatasync takes milliseconds, so each line is on disk long before the next; a
// script feeding choices faster shares one sync among many lines instead of waiting for each.
struct RecordWriter::Syncer {
    std::mutex mutex;
    std::condition_variable wake, synced_cv;
    std::uint64_t written = 0, synced = 0;
    bool stop = false;
    std::string error;  // the first failed sync
    std::thread thread;

    void run(int fd) {
        std::unique_lock lock(mutex);
        while (true) {
            wake.wait(lock, [&] { return stop || written > synced; });
            if (written == synced) break;  // stopping, nothing pending
            std::uint64_t target = written;
            lock.unlock();
            int rc = ::fdatasync(fd);
            int e = errno;
            lock.lock();
            if (rc != 0 && error.empty()) error = std::string("cannot sync the record to disk: ") + std::strerror(e);
            synced = target;
            synced_cv.notify_all();
        }
    }
};

void RecordWriter::start_syncer() {
    syncer_ = std::make_unique<Syncer>();
    syncer_->thread = std::thread([s = syncer_.get(), fd = fd_] { s->run(fd); });
}

RecordWriter::RecordWriter(std::string path, int fd, std::string last_hash, int seq)
    : path_(std::move(path)), fd_(fd), last_hash_(std::move(last_hash)), seq_(seq) {
    start_syncer();
}

RecordWriter::~RecordWriter() {
    if (syncer_) {
        {
            std::lock_guard lock(syncer_->mutex);
            syncer_->stop = true;
        }
        syncer_->wake.notify_all();
        syncer_->thread.join();  // syncs what is pending first
    }
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

bool RecordWriter::finish(std::string& error) {
    std::unique_lock lock(syncer_->mutex);
    syncer_->synced_cv.wait(lock, [&] { return syncer_->synced == syncer_->written; });
    if (!syncer_->error.empty()) {
        error = syncer_->error;
        return false;
    }
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Writing: sealing and appending]
//-----------------------------------------------------------------------------------------------------------

std::string seal_record_line(json event, int seq, const std::string& prev, std::string* hash_out) {
    if (!event.is_object()) event = json::object();
    event.erase("hash");
    event["seq"] = seq;
    event["prev"] = prev;
    // The body is the canonical dump (keys sorted, no spaces), written member by member so we know where
    // "hash" goes: before the first key that sorts after it. One pass, no copy of the event.
    std::string body;
    body.reserve(512);
    body += '{';
    std::size_t hash_at = std::string::npos;  // where the "hash" member is inserted into the line
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (body.size() > 1) body += ',';
        if (hash_at == std::string::npos && it.key() >= "hash") hash_at = body.size();
        const std::string& key = it.key();
        bool plain = std::all_of(key.begin(), key.end(), [](char c) {
            return c >= 0x20 && c != '"' && c != '\\' && static_cast<unsigned char>(c) < 0x80;
        });
        if (plain)
            body.append(1, '"').append(key).append("\":");
        else
            body.append(json(key).dump()).append(1, ':');  // the dump's own escaping
        body.append(it.value().dump());
    }
    body += '}';
    std::string hash = sha256_hex(body);
    if (hash_out) *hash_out = hash;
    std::string line;
    line.reserve(body.size() + 80);
    if (hash_at == std::string::npos) {  // every key sorts before "hash": it goes last
        line.append(body, 0, body.size() - 1);
        if (body.size() > 2) line += ',';
        line.append("\"hash\":\"").append(hash).append("\"}");
    } else {
        line.append(body, 0, hash_at).append("\"hash\":\"").append(hash).append("\",");
        line.append(body, hash_at, std::string::npos);
    }
    return line;
}

std::unique_ptr<RecordWriter> RecordWriter::create(const std::string& path, json header, std::string& error) {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::string hash;
    std::string line = seal_record_line(std::move(header), 0, kGenesisHash, &hash) + "\n";
    bool exists = false;
    int fd = create_record_file(path, line, exists, error);
    if (fd < 0) return nullptr;
    return std::unique_ptr<RecordWriter>(new RecordWriter(path, fd, hash, 1));
}

std::unique_ptr<RecordWriter> RecordWriter::create_unique(const std::string& dir, const std::string& stem,
                                                          const json& header, std::string& error) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string hash;
    std::string line = seal_record_line(header, 0, kGenesisHash, &hash) + "\n";
    for (int n = 1; n <= 1000; ++n) {
        std::string path =
            (std::filesystem::path(dir) / (stem + (n == 1 ? "" : "-" + std::to_string(n)) + ".jsonl")).string();
        bool exists = false;
        int fd = create_record_file(path, line, exists, error);
        if (fd >= 0) return std::unique_ptr<RecordWriter>(new RecordWriter(path, fd, hash, 1));
        if (!exists) return nullptr;
    }
    error = "a thousand records named " + stem + " already exist in " + dir;
    return nullptr;
}

std::unique_ptr<RecordWriter> RecordWriter::open_existing(const std::string& path, std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open the record " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = path + " is not a regular file, so it is not a session record";
        ::close(fd);
        return nullptr;
    }
    if (!lock_record(fd, path, error)) {
        ::close(fd);
        return nullptr;
    }
    std::error_code ec;
    if (std::filesystem::is_regular_file(path + ".tmp", ec)) std::filesystem::remove(path + ".tmp", ec);
    return std::unique_ptr<RecordWriter>(new RecordWriter(path, fd, kGenesisHash, 0));
}

bool RecordWriter::continue_after(const RecordFile& record, std::string& error) {
    if (!record.ok) {
        error = record.message();
        return false;
    }
    // Drop an incomplete last line (a crash mid-write) so the chain continues from the last whole line.
    if (::ftruncate(fd_, static_cast<off_t>(record.valid_bytes)) != 0 || ::fsync(fd_) != 0) {
        error = "cannot repair " + path_ + ": " + std::strerror(errno);
        return false;
    }
    last_hash_ = record.last_hash;
    seq_ = static_cast<int>(record.lines.size());
    return true;
}

bool RecordWriter::append(json event, std::string& error) {
    {
        std::lock_guard lock(syncer_->mutex);
        if (!syncer_->error.empty()) {
            error = syncer_->error;
            return false;
        }
    }
    std::string hash;
    std::string line = seal_record_line(std::move(event), seq_, last_hash_, &hash);
    line += '\n';
    std::string why;
    if (!write_all(fd_, line, why)) {
        error = "cannot write " + path_ + ": " + why;
        return false;
    }
    last_hash_ = hash;
    ++seq_;
    {
        std::lock_guard lock(syncer_->mutex);
        ++syncer_->written;
    }
    syncer_->wake.notify_one();
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Events]
//-----------------------------------------------------------------------------------------------------------

std::string utc_now_iso() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<long long> parse_utc_iso(const std::string& t) {
    // YYYY-MM-DDTHH:MM:SSZ
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        t[19] != 'Z')
        return std::nullopt;
    auto num = [&](std::size_t at, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (t[i] < '0' || t[i] > '9') return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    int y = num(0, 4), m = num(5, 2), d = num(8, 2), hh = num(11, 2), mm = num(14, 2), ss = num(17, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
        ss > 60)
        return std::nullopt;
    // Days from the civil date (Howard Hinnant's algorithm).
    y -= m <= 2;
    long long era = y / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + doe - 719468;
    return days * 86400 + hh * 3600 + mm * 60 + ss;
}

json make_header_event(const Session& session, const std::string& learner, const std::string& mode,
                       const std::string& started_at, bool shuffled) {
    const Scenario& s = session.scenario();
    json policies = json::array();
    for (const auto& p : s.policies)
        policies.push_back({{"id", p->id}, {"version", p->version}, {"sha256", p->sha256}});
    std::error_code ec;
    auto abs = std::filesystem::absolute(s.file, ec);
    return {
        {"type", "header"},
        {"record_format", kRecordFormatVersion},
        {"engine_version", kEngineVersion},
        {"scenario",
         {{"id", s.id}, {"version", s.version}, {"sha256", s.sha256}, {"file", ec ? s.file : abs.string()}}},
        {"policies", policies},
        {"learner", learner},
        {"mode", mode},
        {"started_at", started_at},
        {"seed", session.seed()},
        {"shuffled", shuffled},
        {"customer", session.customer().id}};
}

namespace {
json verdict_changes(const Scenario& s, const std::vector<RuleChange>& changes) {
    json out = json::array();
    for (const auto& c : changes)
        out.push_back({{"rule", s.rules[static_cast<std::size_t>(c.rule)].id()},
                       {"verdict", verdict_code(c.now.verdict)},
                       {"step", c.now.step}});
    return out;
}
}  // namespace

json make_choice_event(const Session& session, const StepResult& step, const std::vector<int>& shown,
                       long long time_on_step_ms) {
    const Scenario& s = session.scenario();
    const Choice& choice = s.choices[static_cast<std::size_t>(step.choice)];
    json shown_ids = json::array();
    for (int c : shown) shown_ids.push_back(s.choices[static_cast<std::size_t>(c)].id);
    return {{"type", "choice"},
            {"step", step.step},
            {"node", s.nodes[static_cast<std::size_t>(choice.node)].id},
            {"shown", shown_ids},
            {"chosen", choice.id},
            {"grade", to_string(choice.grade)},
            {"time_on_step_ms", time_on_step_ms},
            {"sim_time", session.now().iso()},
            {"mood", step.mood_after},
            {"verdicts", verdict_changes(s, step.changes)},
            {"recorded_at", utc_now_iso()}};
}

json make_policy_consulted_event(const Session& session, int rule) {
    const ScopedRule& r = session.scenario().rules[static_cast<std::size_t>(rule)];
    return {{"type", "policy_consulted"},
            {"rule", r.id()},
            {"policy", r.policy->id},
            {"step", session.steps_taken()},
            {"recorded_at", utc_now_iso()}};
}

json make_exhibit_viewed_event(const Session& session, int node) {
    return {{"type", "exhibit_viewed"},
            {"node", session.scenario().nodes[static_cast<std::size_t>(node)].id},
            {"step", session.steps_taken()},
            {"recorded_at", utc_now_iso()}};
}

json make_resumed_event(const Session& session, long long gap_seconds, const std::string& last_hash,
                        bool torn_line_discarded) {
    return {{"type", "resumed"},
            {"step", session.steps_taken()},
            {"gap_seconds", gap_seconds},
            {"last_hash", last_hash},
            {"torn_line_discarded", torn_line_discarded},
            {"recorded_at", utc_now_iso()}};
}

json make_ended_event(const Session& session) {
    RubricResult r = session.rubric().result();
    const Scenario& s = session.scenario();
    return {{"type", "ended"},
            {"step", session.steps_taken()},
            {"ending", session.ending() >= 0 ? s.endings[static_cast<std::size_t>(session.ending())].id : ""},
            {"score", r.score},
            {"passed", r.passed},
            {"reason", r.reason},
            {"mood", session.mood()},
            {"recorded_at", utc_now_iso()}};
}

//-----------------------------------------------------------------------------------------------------------
// [Reading: the format of each event]
//-----------------------------------------------------------------------------------------------------------
namespace {

enum class Kind {
    String,
    Int,       // fits in an int
    Count,     // fits in an int, >= 0
    Long,      // fits in a long long
    LongCount, // fits in a long long, >= 0
    Seed,      // 0 .. 2^64-1
    Bool,
    Hash,      // 64 lowercase hex digits
    Mode,      // "practice" or "assessment"
    Grade,     // a choice grade name
    StringArray,
    ScenarioRef,
    PolicyRefs,
    Verdicts,
};

struct FieldSpec {
    const char* name;
    Kind kind;
    int required_from;  // the record format from which the field must be present
};

const std::vector<FieldSpec>& fields_of(const std::string& type) {
    static const std::vector<FieldSpec> header = {
        {"record_format", Kind::Int, 1}, {"engine_version", Kind::String, 1}, {"scenario", Kind::ScenarioRef, 1},
        {"policies", Kind::PolicyRefs, 1}, {"learner", Kind::String, 1},      {"mode", Kind::Mode, 1},
        {"started_at", Kind::String, 1},   {"seed", Kind::Seed, 1},           {"customer", Kind::String, 1},
        {"shuffled", Kind::Bool, 2}};
    static const std::vector<FieldSpec> choice = {
        {"step", Kind::Count, 1},        {"node", Kind::String, 1},
        {"shown", Kind::StringArray, 1}, {"chosen", Kind::String, 1},
        {"grade", Kind::Grade, 2},       {"time_on_step_ms", Kind::LongCount, 1},
        {"sim_time", Kind::String, 1},   {"mood", Kind::Int, 1},
        {"verdicts", Kind::Verdicts, 1}, {"recorded_at", Kind::String, 1}};
    static const std::vector<FieldSpec> consulted = {{"rule", Kind::String, 1},
                                                     {"policy", Kind::String, 1},
                                                     {"step", Kind::Count, 1},
                                                     {"recorded_at", Kind::String, 1}};
    static const std::vector<FieldSpec> exhibit = {
        {"node", Kind::String, 1}, {"step", Kind::Count, 1}, {"recorded_at", Kind::String, 1}};
    static const std::vector<FieldSpec> resumed = {{"step", Kind::Count, 1},
                                                   {"gap_seconds", Kind::Long, 1},
                                                   {"last_hash", Kind::Hash, 1},
                                                   {"torn_line_discarded", Kind::Bool, 1},
                                                   {"recorded_at", Kind::String, 1}};
    static const std::vector<FieldSpec> ended = {
        {"step", Kind::Count, 1},  {"ending", Kind::String, 1}, {"score", Kind::Count, 1},
        {"passed", Kind::Bool, 1}, {"reason", Kind::String, 1}, {"mood", Kind::Int, 1},
        {"recorded_at", Kind::String, 1}};
    static const std::vector<FieldSpec> none;
    if (type == "header") return header;
    if (type == "choice") return choice;
    if (type == "policy_consulted") return consulted;
    if (type == "exhibit_viewed") return exhibit;
    if (type == "resumed") return resumed;
    if (type == "ended") return ended;
    return none;
}

struct FieldError {
    std::string field;  // JSON pointer
    std::string why;
};

bool fits_int(const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX);
    if (v.is_number_integer()) {
        auto n = v.get<std::int64_t>();
        return n >= INT_MIN && n <= INT_MAX;
    }
    return false;
}

bool fits_long(const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(LLONG_MAX);
    return v.is_number_integer();
}

bool is_hash(const json& v) {
    if (!v.is_string()) return false;
    const auto& s = v.get_ref<const std::string&>();
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<FieldError> type_error(const std::string& pointer, const json& v, const char* expected) {
    return FieldError{pointer, "must be " + std::string(expected) + ", but it is " + json_type_phrase(v)};
}

std::optional<FieldError> check_object_fields(const json& obj, const std::string& pointer,
                                              std::initializer_list<std::pair<const char*, Kind>> fields);

std::optional<FieldError> check_value(const json& v, Kind kind, const std::string& pointer) {
    switch (kind) {
        case Kind::String:
            if (!v.is_string()) return type_error(pointer, v, "a string");
            return std::nullopt;
        case Kind::Int:
            if (!v.is_number_integer()) return type_error(pointer, v, "a whole number");
            if (!fits_int(v)) return FieldError{pointer, "is out of range"};
            return std::nullopt;
        case Kind::Count:
            if (!v.is_number_integer()) return type_error(pointer, v, "a whole number");
            if (!fits_int(v) || v.get<std::int64_t>() < 0)
                return FieldError{pointer, "must be a whole number from 0 to " + std::to_string(INT_MAX)};
            return std::nullopt;
        case Kind::Long:
            if (!v.is_number_integer()) return type_error(pointer, v, "a whole number");
            if (!fits_long(v)) return FieldError{pointer, "is out of range"};
            return std::nullopt;
        case Kind::LongCount:
            if (!v.is_number_integer()) return type_error(pointer, v, "a whole number");
            if (!fits_long(v) || (!v.is_number_unsigned() && v.get<std::int64_t>() < 0))
                return FieldError{pointer, "must be a whole number, 0 or more"};
            return std::nullopt;
        case Kind::Seed:
            if (!v.is_number_integer()) return type_error(pointer, v, "a whole number");
            if (!v.is_number_unsigned() && v.get<std::int64_t>() < 0)
                return FieldError{pointer, "must be a whole number from 0 to 2^64-1"};
            return std::nullopt;
        case Kind::Bool:
            if (!v.is_boolean()) return type_error(pointer, v, "true or false");
            return std::nullopt;
        case Kind::Hash:
            if (!v.is_string()) return type_error(pointer, v, "a string");
            if (!is_hash(v)) return FieldError{pointer, "must be 64 lowercase hexadecimal digits"};
            return std::nullopt;
        case Kind::Mode:
            if (!v.is_string()) return type_error(pointer, v, "a string");
            if (v != "practice" && v != "assessment")
                return FieldError{pointer, "must be \"practice\" or \"assessment\""};
            return std::nullopt;
        case Kind::Grade:
            if (!v.is_string()) return type_error(pointer, v, "a string");
            if (v != "ungraded" && !parse_grade(v.get_ref<const std::string&>()))
                return FieldError{pointer, "must be best, acceptable, poor, unsafe or ungraded"};
            return std::nullopt;
        case Kind::StringArray:
            if (!v.is_array()) return type_error(pointer, v, "an array of strings");
            for (std::size_t i = 0; i < v.size(); ++i)
                if (!v[i].is_string()) return type_error(pointer + "/" + std::to_string(i), v[i], "a string");
            return std::nullopt;
        case Kind::ScenarioRef:
            if (!v.is_object()) return type_error(pointer, v, "an object");
            if (auto e = check_object_fields(v, pointer,
                                             {{"id", Kind::String}, {"version", Kind::String}, {"sha256", Kind::Hash}}))
                return e;
            if (v.contains("file") && !v["file"].is_string())
                return type_error(pointer + "/file", v["file"], "a string");
            if (!valid_scenario_id(v["id"].get<std::string>()))
                return FieldError{pointer + "/id",
                                  "is not a scenario id (letters, digits, '-', '_' and '.' only; no path)"};
            return std::nullopt;
        case Kind::PolicyRefs:
            if (!v.is_array()) return type_error(pointer, v, "an array");
            for (std::size_t i = 0; i < v.size(); ++i) {
                std::string p = pointer + "/" + std::to_string(i);
                if (!v[i].is_object()) return type_error(p, v[i], "an object");
                if (auto e = check_object_fields(
                        v[i], p, {{"id", Kind::String}, {"version", Kind::String}, {"sha256", Kind::Hash}}))
                    return e;
            }
            return std::nullopt;
        case Kind::Verdicts:
            if (!v.is_array()) return type_error(pointer, v, "an array");
            for (std::size_t i = 0; i < v.size(); ++i) {
                std::string p = pointer + "/" + std::to_string(i);
                if (!v[i].is_object()) return type_error(p, v[i], "an object");
                if (auto e = check_object_fields(
                        v[i], p, {{"rule", Kind::String}, {"verdict", Kind::String}, {"step", Kind::Count}}))
                    return e;
            }
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<FieldError> check_object_fields(const json& obj, const std::string& pointer,
                                              std::initializer_list<std::pair<const char*, Kind>> fields) {
    for (const auto& [name, kind] : fields) {
        std::string p = pointer + "/" + name;
        auto it = obj.find(name);
        if (it == obj.end()) return FieldError{p, "is missing"};
        if (auto e = check_value(*it, kind, p)) return e;
    }
    return std::nullopt;
}

// Checks one event's fields for the record's format. `format` is 0 while reading the header itself.
std::optional<FieldError> check_event(const json& ev, int line_number, int format) {
    auto type_it = ev.find("type");
    if (type_it == ev.end()) return FieldError{"/type", "is missing"};
    if (!type_it->is_string()) return type_error("/type", *type_it, "a string");
    const std::string& type = type_it->get_ref<const std::string&>();
    if (line_number == 1 && type != "header")
        return FieldError{"/type", "is \"" + type + "\", but the first line of a record is its header"};
    if (line_number > 1 && type == "header") return FieldError{"/type", "is a second header"};
    const auto& specs = fields_of(type);
    if (specs.empty()) return FieldError{"/type", "names no known event (\"" + type + "\")"};
    if (line_number == 1) {
        auto f = ev.find("record_format");
        if (f == ev.end()) return FieldError{"/record_format", "is missing"};
        if (!f->is_number_integer()) return type_error("/record_format", *f, "a whole number");
        if (!fits_int(*f) || f->get<std::int64_t>() < kOldestRecordFormat)
            return FieldError{"/record_format", "is not a record format"};
        if (f->get<std::int64_t>() > kRecordFormatVersion)
            return FieldError{"/record_format", "is " + std::to_string(f->get<std::int64_t>()) +
                                                    ", newer than this version of Counterpart reads (" +
                                                    std::to_string(kRecordFormatVersion) + ")"};
        format = f->get<int>();
    }
    for (const FieldSpec& spec : specs) {
        std::string p = std::string("/") + spec.name;
        auto it = ev.find(spec.name);
        if (it == ev.end()) {
            if (format >= spec.required_from) return FieldError{p, "is missing"};
            continue;
        }
        if (auto e = check_value(*it, spec.kind, p)) return e;
    }
    if (type == "choice" && ev["step"].get<int>() < 1) return FieldError{"/step", "must be 1 or more"};
    return std::nullopt;
}

RecordHeader header_facts(const json& h) {
    RecordHeader out;
    out.record_format = h["record_format"].get<int>();
    out.engine_version = h["engine_version"].get<std::string>();
    const json& sc = h["scenario"];
    out.scenario_id = sc["id"].get<std::string>();
    out.scenario_version = sc["version"].get<std::string>();
    out.scenario_sha256 = sc["sha256"].get<std::string>();
    out.scenario_file = sc.value("file", "");
    for (const auto& p : h["policies"])
        out.policies.push_back(
            {p["id"].get<std::string>(), p["version"].get<std::string>(), p["sha256"].get<std::string>()});
    out.learner = h["learner"].get<std::string>();
    out.mode = h["mode"].get<std::string>();
    out.started_at = h["started_at"].get<std::string>();
    out.customer = h["customer"].get<std::string>();
    out.seed = h["seed"].get<std::uint64_t>();
    out.shuffled = h.value("shuffled", false);
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Reading: lines and the chain]
//-----------------------------------------------------------------------------------------------------------

struct LineCheck {
    json value;
    std::string hash;
    std::string field;
    std::string why;
    bool ok() const { return why.empty(); }
};

// Parses one line and checks its place in the chain and its own hash; `format` as for check_event.
LineCheck check_line(std::string_view raw, int number, const std::string& prev, int format) {
    LineCheck out;
    auto fail = [&](std::string field, std::string why) {
        out.field = std::move(field);
        out.why = std::move(why);
        return std::move(out);
    };
    if (raw.size() > kMaxRecordLineBytes)
        return fail("", "is longer than " + std::to_string(kMaxRecordLineBytes / 1024 / 1024) +
                            " MiB; no record line is that long");
    if (raw.find('\0') != std::string_view::npos)
        return fail("", "holds NUL bytes (a binary file or disk damage), not a record line");
    if (json_nested_past(raw, kMaxRecordDepth))
        return fail("", "nests arrays or objects more than " + std::to_string(kMaxRecordDepth) +
                            " deep; no record line does");
    try {
        out.value = json::parse(raw, nullptr, false);
    } catch (const json::exception&) {
        out.value = json(json::value_t::discarded);
    }
    if (out.value.is_discarded()) return fail("", "is not valid JSON; the record has been altered or damaged");
    if (!out.value.is_object()) return fail("", "is not a JSON object; the record has been altered");
    const json& v = out.value;
    auto hash_it = v.find("hash");
    auto prev_it = v.find("prev");
    auto seq_it = v.find("seq");
    if (hash_it == v.end() || prev_it == v.end() || seq_it == v.end())
        return fail(hash_it == v.end() ? "/hash" : prev_it == v.end() ? "/prev" : "/seq",
                    "is missing: the line has no hash chain fields; the record has been altered");
    if (!is_hash(*hash_it))
        return fail("/hash", hash_it->is_string() ? "must be 64 lowercase hexadecimal digits"
                                                  : "must be a string, but it is " + json_type_phrase(*hash_it));
    if (!is_hash(*prev_it))
        return fail("/prev", prev_it->is_string() ? "must be 64 lowercase hexadecimal digits"
                                                  : "must be a string, but it is " + json_type_phrase(*prev_it));
    if (!seq_it->is_number_integer())
        return fail("/seq", "must be a whole number, but it is " + json_type_phrase(*seq_it));
    if (!fits_int(*seq_it) || seq_it->get<std::int64_t>() != number - 1)
        return fail("/seq", "is out of sequence; lines were removed, added or moved");
    if (prev_it->get_ref<const std::string&>() != prev)
        return fail("/prev", "does not follow from the line before it; the record has been altered");
    out.hash = hash_it->get<std::string>();
    // The hash covers the line's own bytes without its "hash" member. The member's exact text occurs once:
    // inside a JSON string every quote is escaped, so `"hash":"<hex>"` cannot appear there.
    std::string member = "\"hash\":\"" + out.hash + "\"";
    std::size_t at = raw.find(member);
    std::string body;
    if (at != std::string_view::npos && raw.find(member, at + 1) == std::string_view::npos) {
        std::size_t from = at, to = at + member.size();
        if (to < raw.size() && raw[to] == ',')
            ++to;  // "hash" followed by another member
        else if (from > 0 && raw[from - 1] == ',')
            --from;  // the last member
        body.reserve(raw.size());
        body.append(raw.substr(0, from)).append(raw.substr(to));
    } else {
        json copy = v;
        copy.erase("hash");
        body = copy.dump();
    }
    if (sha256_hex(body) != out.hash) return fail("/hash", "does not match the line's content; it has been altered");
    if (auto e = check_event(v, number, format)) return fail(e->field, e->why);
    return out;
}

std::string describe_unstarted(std::string_view text) {
    if (text.empty()) return "the record is empty";
    if (text.find_first_not_of('\0') == std::string_view::npos)
        return "holds only NUL bytes (" + std::to_string(text.size()) +
               " of them: disk damage or a file that is not a record); there is no record here";
    if (text.find('\0') != std::string_view::npos)
        return "holds NUL bytes and no complete line; it is not a Counterpart record";
    return "has no complete line: the record's header was never finished, or this is not a record";
}

}  // namespace

bool RecordFile::finished() const {
    return ok && !lines.empty() && lines.back().value.value("type", "") == "ended";
}

std::string RecordFile::message() const {
    if (bad_line == 0) return error;
    std::string why = error;
    if (auto p = why.find(": "); why.rfind("line ", 0) == 0 && p != std::string::npos) why = why.substr(p + 2);
    return path + ":" + std::to_string(bad_line) + ": error: " + why;
}

RecordFile read_record(const std::string& path) {
    std::string text, error;
    if (!read_text_file(path, text, error, kMaxRecordBytes)) {
        RecordFile out;
        out.path = path;
        out.error = "cannot read " + path + ": " + error;
        return out;
    }
    return read_record_text(text, path);
}

RecordFile read_record_text(const std::string& text, const std::string& path) {
    RecordFile out;
    out.path = path;
    std::string prev = kGenesisHash;
    std::size_t pos = 0;
    int number = 0;
    int format = 0;
    auto fail = [&](int line, std::string field, std::string why) {
        out.ok = false;
        out.bad_line = line;
        out.field = field;
        out.error = "line " + std::to_string(line) + ": " + (field.empty() ? "" : "field " + field + " ") + why;
        return std::move(out);
    };
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        ++number;
        if (end == std::string::npos) {
            std::string_view tail(text.data() + pos, text.size() - pos);
            if (number == 1) return fail(1, "", describe_unstarted(tail));
            // A crash mid-write; the step in progress is lost, the rest stands. Note whether the line was
            // whole but for its newline: then it was cut, not torn.
            out.partial_tail = true;
            out.final_newline_missing = check_line(tail, number, prev, format).ok();
            break;
        }
        std::string_view raw(text.data() + pos, end - pos);
        LineCheck line = check_line(raw, number, prev, format);
        if (!line.ok()) return fail(number, line.field, line.why);
        if (number == 1) format = line.value["record_format"].get<int>();
        prev = line.hash;
        out.lines.push_back({number, std::move(line.value)});
        pos = end + 1;
        out.valid_bytes = pos;
    }
    if (out.lines.empty()) return fail(1, "", describe_unstarted(text));
    out.last_hash = prev;
    out.info = header_facts(out.lines.front().value);
    out.ok = true;
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Replay]
//-----------------------------------------------------------------------------------------------------------

bool valid_scenario_id(const std::string& id) {
    if (id.empty() || id.size() > 200 || id == "." || id == ".." || id.find("..") != std::string::npos)
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.';
    });
}

std::string compare_fingerprints(const json& header, const Scenario& scenario) {
    if (!header.is_object() || !header.contains("scenario") || !header["scenario"].is_object())
        return "the record's header names no scenario";
    const json& sc = header["scenario"];
    auto text = [](const json& obj, const char* key) {
        auto it = obj.find(key);
        return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string("?");
    };
    if (text(sc, "id") != scenario.id)
        return "the record is for scenario '" + text(sc, "id") + "', not '" + scenario.id + "'";
    if (text(sc, "sha256") != scenario.sha256)
        return "scenario '" + scenario.id + "' has changed since the record was made (recorded version " +
               text(sc, "version") + ", now " + scenario.version + "; content fingerprints differ)";
    auto policies = header.find("policies");
    if (policies == header.end() || !policies->is_array()) return "the record's header lists no policies";
    for (const auto& p : *policies) {
        if (!p.is_object()) return "the record's header lists a policy that is not an object";
        auto it = std::find_if(scenario.policies.begin(), scenario.policies.end(),
                               [&](const auto& pol) { return pol->id == text(p, "id"); });
        if (it == scenario.policies.end()) return "policy '" + text(p, "id") + "' is no longer in scope";
        if ((*it)->sha256 != text(p, "sha256"))
            return "policy '" + (*it)->id + "' has changed since the record was made (recorded version " +
                   text(p, "version") + ", now " + (*it)->version + ")";
    }
    return {};
}

bool session_options_for(const RecordHeader& header, const Scenario& s, SessionOptions& out,
                         std::string& error) {
    int customer = -1;
    for (std::size_t i = 0; i < s.customers.size(); ++i)
        if (s.customers[i].id == header.customer) customer = static_cast<int>(i);
    if (customer < 0) {
        error = "customer profile '" + header.customer + "' is not in the scenario";
        return false;
    }
    out = SessionOptions{header.seed, customer, header.shuffled};
    return true;
}

ReplayResult replay_record(const RecordFile& record, std::shared_ptr<const Scenario> scenario) {
    ReplayResult out;
    auto fail = [&](int line, std::string why) {
        out.ok = false;
        out.bad_line = line;
        out.error = "line " + std::to_string(line) + ": " + why;
        return std::move(out);
    };
    if (!record.ok || record.lines.empty()) return fail(record.bad_line, record.error);
    if (!scenario) return fail(1, "no scenario to replay against");
    const Scenario& s = *scenario;
    SessionOptions options;
    std::string error;
    if (!session_options_for(record.info, s, options, error)) return fail(1, error);
    try {
        out.session = std::make_unique<Session>(scenario, options);
    } catch (const std::exception& e) {
        return fail(1, std::string("the scenario cannot be played: ") + e.what());
    }
    Session& session = *out.session;

    // read_record has checked every field's type, so get<>() below cannot throw.
    for (std::size_t i = 1; i < record.lines.size(); ++i) {
        const RecordLine& line = record.lines[i];
        const json& ev = line.value;
        const std::string& type = ev["type"].get_ref<const std::string&>();
        auto str = [&](const char* key) -> const std::string& { return ev[key].get_ref<const std::string&>(); };
        if (type == "choice") {
            if (session.state() != SessionState::AwaitingChoice)
                return fail(line.number, "a choice was recorded after the session had ended");
            const std::string& node_id = s.nodes[static_cast<std::size_t>(session.current_node())].id;
            if (str("node") != node_id)
                return fail(line.number,
                            "recorded at node '" + str("node") + "' but the scenario is at '" + node_id + "'");
            json shown = json::array();
            for (int c : session.offered()) shown.push_back(s.choices[static_cast<std::size_t>(c)].id);
            if (ev["shown"] != shown)
                return fail(line.number, "the options recorded as shown (" + ev["shown"].dump() +
                                             ") differ from those the scenario offers (" + shown.dump() + ")");
            int choice = s.find_choice(str("chosen"));
            if (choice < 0 || !session.is_offered(choice))
                return fail(line.number, "choice '" + str("chosen") + "' was not on offer");
            const Choice& c = s.choices[static_cast<std::size_t>(choice)];
            if (ev.contains("grade") && str("grade") != to_string(c.grade))
                return fail(line.number, "the chosen option is recorded as graded '" + str("grade") +
                                             "', but the scenario grades it '" + to_string(c.grade) + "'");
            StepResult step = session.choose(choice);
            json actual = verdict_changes(s, step.changes);
            if (ev["verdicts"] != actual)
                return fail(line.number, "recorded verdicts " + ev["verdicts"].dump() +
                                             " differ from the verdicts the rubric gives now " + actual.dump());
            if (ev["step"].get<int>() != step.step) return fail(line.number, "step number does not match");
            if (ev["mood"].get<int>() != step.mood_after)
                return fail(line.number, "recorded mood does not match");
            out.score_history.push_back(session.rubric().score());
        } else if (type == "policy_consulted") {
            int rule = s.find_rule(str("rule"));
            if (rule < 0) return fail(line.number, "consulted rule '" + str("rule") + "' is not in scope");
            out.consulted_rules.push_back(rule);
        } else if (type == "exhibit_viewed") {
            if (s.find_node(str("node")) < 0) return fail(line.number, "exhibit node is not in the scenario");
        } else if (type == "resumed") {
            if (ev["step"].get<int>() != session.steps_taken())
                return fail(line.number, "recorded as resumed at step " + std::to_string(ev["step"].get<int>()) +
                                             ", but " + std::to_string(session.steps_taken()) +
                                             " steps had been recorded");
            if (str("last_hash") != ev["prev"].get_ref<const std::string&>())
                return fail(line.number, "the last hash seen on resuming is not the line before it");
            out.resumes.push_back({line.number, ev["step"].get<int>(), ev["gap_seconds"].get<long long>(),
                                   ev["torn_line_discarded"].get<bool>()});
        } else if (type == "ended") {
            if (session.state() != SessionState::Ended)
                return fail(line.number,
                            "the record says the session ended, but the scenario has not reached an ending");
            if (i + 1 != record.lines.size()) return fail(line.number + 1, "an event was recorded after the end");
            RubricResult r = session.rubric().result();
            std::string ending =
                session.ending() >= 0 ? s.endings[static_cast<std::size_t>(session.ending())].id : "";
            if (str("ending") != ending)
                return fail(line.number, "recorded ending '" + str("ending") + "' differs from '" + ending + "'");
            if (ev["score"].get<int>() != r.score)
                return fail(line.number, "recorded score " + std::to_string(ev["score"].get<int>()) +
                                             "% differs from " + std::to_string(r.score) + "%");
            if (ev["passed"].get<bool>() != r.passed) return fail(line.number, "recorded result differs");
        } else {
            return fail(line.number, "unknown event type '" + type + "'");
        }
    }
    out.ok = true;
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Integrity]
//-----------------------------------------------------------------------------------------------------------

const char* const kChainStatement =
    "The hash chain detects accidental damage and casual edits. It is unkeyed SHA-256, not a signature: "
    "anyone with the file can edit it and reseal it, so it does not stop a determined forger. The witnesses "
    "a learner cannot rewrite are the learning record store and the assessor's signed sign-off.";

RecordIntegrity assess_integrity(const RecordFile& record, const ReplayResult* replay) {
    RecordIntegrity out;
    out.partial_tail = record.partial_tail;
    out.final_newline_missing = record.final_newline_missing;
    if (!record.ok) {
        out.status = record.bad_line == 0 ? RecordIntegrity::Status::Unreadable : RecordIntegrity::Status::Altered;
        out.bad_line = record.bad_line;
        out.problem = record.error;
        return out;
    }
    for (const auto& line : record.lines) out.steps += line.value["type"] == "choice";
    if (replay && !replay->ok) {
        out.status = RecordIntegrity::Status::Altered;
        out.bad_line = replay->bad_line;
        out.problem = replay->error;
        return out;
    }
    if (replay) out.resumes = replay->resumes;
    out.status = record.finished() ? RecordIntegrity::Status::Complete : RecordIntegrity::Status::CutOff;
    return out;
}

std::string gap_text(long long s) {
    if (s < 0) return "less than nothing (the clock went back between the two lines)";
    if (s < 60) return std::to_string(s) + " s";
    if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
    if (s < 86400) return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
    return std::to_string(s / 86400) + " d " + std::to_string(s % 86400 / 3600) + " h";
}

std::string integrity_text(const RecordIntegrity& r) {
    std::string out;
    switch (r.status) {
        case RecordIntegrity::Status::Unreadable:
            return "Not verified: " + r.problem + "\n";
        case RecordIntegrity::Status::Altered:
            return "Altered or damaged at line " + std::to_string(r.bad_line) + ": " + r.problem + "\n";
        case RecordIntegrity::Status::Complete:
            out = "Verified as complete: hash chain unbroken, " + std::to_string(r.steps) +
                  " steps re-run and every recorded verdict, grade and result matches.\n";
            break;
        case RecordIntegrity::Status::CutOff: {
            out = "Cut off after step " + std::to_string(r.steps) + ": no end event";
            if (r.final_newline_missing)
                out += " (the last line is whole but its final newline is missing, so it is not counted)";
            else if (r.partial_tail)
                out += " (the last line is incomplete and is ignored)";
            out += ". The lines before it are unbroken and re-run to the same verdicts; a session that was "
                   "stopped can be continued with counterpart play --resume.\n";
            break;
        }
    }
    for (const auto& resume : r.resumes)
        out += "Resumed at step " + std::to_string(resume.step) + " after a gap of " +
               gap_text(resume.gap_seconds) +
               ", torn line discarded: " + (resume.torn_line_discarded ? "yes" : "no") + ".\n";
    return out;
}

}  // namespace cp
