#include "record.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "json_document.hpp"
#include "sha256.hpp"

namespace cp {

using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Writing]
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

void fsync_directory_of(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

std::string seal_record_line(json event, int seq, const std::string& prev, std::string* hash_out) {
    event.erase("hash");
    event["seq"] = seq;
    event["prev"] = prev;
    std::string hash = sha256_hex(event.dump());
    event["hash"] = hash;
    if (hash_out) *hash_out = hash;
    return event.dump();
}

RecordWriter::RecordWriter(std::string path, int fd, std::string last_hash, int seq)
    : path_(std::move(path)), fd_(fd), last_hash_(std::move(last_hash)), seq_(seq) {}

RecordWriter::~RecordWriter() {
    if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<RecordWriter> RecordWriter::create(const std::string& path, json header, std::string& error) {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (std::filesystem::exists(path, ec)) {
        error = "a record already exists at " + path;
        return nullptr;
    }
    std::string hash;
    std::string line = seal_record_line(std::move(header), 0, kGenesisHash, &hash) + "\n";
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = "cannot create " + tmp + ": " + std::strerror(errno);
        return nullptr;
    }
    if (!write_all(fd, line, error) || ::fsync(fd) != 0) {
        if (error.empty()) error = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        return nullptr;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot move the record into place: " + std::string(std::strerror(errno));
        ::unlink(tmp.c_str());
        return nullptr;
    }
    fsync_directory_of(path);
    fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot reopen " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    return std::unique_ptr<RecordWriter>(new RecordWriter(path, fd, hash, 1));
}

std::unique_ptr<RecordWriter> RecordWriter::resume(const std::string& path, const std::string& last_hash,
                                                   int next_seq, std::size_t valid_bytes,
                                                   std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    // Drop an incomplete last line (a crash mid-write) so the chain continues from the last whole line.
    if (::ftruncate(fd, static_cast<off_t>(valid_bytes)) != 0 || ::fsync(fd) != 0) {
        error = "cannot repair " + path + ": " + std::strerror(errno);
        ::close(fd);
        return nullptr;
    }
    ::close(fd);
    fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return nullptr;
    }
    return std::unique_ptr<RecordWriter>(new RecordWriter(path, fd, last_hash, next_seq));
}

bool RecordWriter::append(json event, std::string& error) {
    std::string hash;
    std::string line = seal_record_line(std::move(event), seq_, last_hash_, &hash) + "\n";
    if (!write_all(fd_, line, error)) return false;
    if (::fsync(fd_) != 0) {
        error = std::strerror(errno);
        return false;
    }
    last_hash_ = hash;
    ++seq_;
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

json make_header_event(const Session& session, const std::string& learner, const std::string& mode,
                       const std::string& started_at) {
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
        {"customer", session.customer().id}};
}

namespace {
json verdict_changes(const Session& session, const std::vector<RuleChange>& changes) {
    json out = json::array();
    for (const auto& c : changes)
        out.push_back({{"rule", session.scenario().rules[static_cast<std::size_t>(c.rule)].id()},
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
            {"time_on_step_ms", time_on_step_ms},
            {"sim_time", session.now().iso()},
            {"mood", step.mood_after},
            {"verdicts", verdict_changes(session, step.changes)},
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
// [Reading and verifying]
//-----------------------------------------------------------------------------------------------------------

bool RecordFile::finished() const {
    return !lines.empty() && lines.back().value.value("type", "") == "ended";
}

RecordFile read_record(const std::string& path) {
    RecordFile out;
    std::string text, error;
    if (!read_text_file(path, text, error)) {
        out.error = "cannot read " + path + ": " + error;
        return out;
    }
    std::string prev = kGenesisHash;
    std::size_t pos = 0;
    int number = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        ++number;
        if (end == std::string::npos) {
            out.partial_tail = true;  // a crash mid-write; the step in progress is lost, the rest stands
            break;
        }
        std::string_view raw(text.data() + pos, end - pos);
        auto fail = [&](std::string why) {
            out.bad_line = number;
            out.error = "line " + std::to_string(number) + ": " + why;
            return out;
        };
        json value;
        try {
            value = json::parse(raw);
        } catch (const json::exception&) {
            return fail("not valid JSON; the record has been altered or damaged");
        }
        if (!value.is_object() || !value.contains("hash") || !value["hash"].is_string() ||
            !value.contains("prev"))
            return fail("has no hash chain fields; the record has been altered");
        if (value.value("seq", -1) != number - 1)
            return fail("is out of sequence; lines were removed, added or moved");
        if (value["prev"] != prev)
            return fail("does not follow from the line before it; the record has been altered");
        std::string claimed = value["hash"].get<std::string>();
        json body = value;
        body.erase("hash");
        if (sha256_hex(body.dump()) != claimed)
            return fail("its content does not match its hash; it has been altered");
        if (value.dump() != raw) return fail("is not in the form it was written in; it has been altered");
        if (number == 1 && (value.value("type", "") != "header" || value.value("record_format", 0) < 1))
            return fail("is not a Counterpart record header");
        if (number == 1 && value.value("record_format", 0) > kRecordFormatVersion)
            return fail("uses record format " + std::to_string(value.value("record_format", 0)) +
                        ", newer than this version of Counterpart reads (" +
                        std::to_string(kRecordFormatVersion) + ")");
        prev = claimed;
        out.lines.push_back({number, std::move(value)});
        pos = end + 1;
        out.valid_bytes = pos;
    }
    if (out.lines.empty()) {
        out.bad_line = 1;
        out.error = "line 1: the record is empty";
        return out;
    }
    out.last_hash = prev;
    out.ok = true;
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Replay]
//-----------------------------------------------------------------------------------------------------------

std::string compare_fingerprints(const json& header, const Scenario& scenario) {
    const json& sc = header.value("scenario", json::object());
    if (sc.value("id", "") != scenario.id)
        return "the record is for scenario '" + sc.value("id", "") + "', not '" + scenario.id + "'";
    if (sc.value("sha256", "") != scenario.sha256)
        return "scenario '" + scenario.id + "' has changed since the record was made (recorded version " +
               sc.value("version", "?") + ", now " + scenario.version + "; content fingerprints differ)";
    for (const auto& p : header.value("policies", json::array())) {
        auto it = std::find_if(scenario.policies.begin(), scenario.policies.end(),
                               [&](const auto& pol) { return pol->id == p.value("id", ""); });
        if (it == scenario.policies.end()) return "policy '" + p.value("id", "") + "' is no longer in scope";
        if ((*it)->sha256 != p.value("sha256", ""))
            return "policy '" + (*it)->id + "' has changed since the record was made (recorded version " +
                   p.value("version", "?") + ", now " + (*it)->version + ")";
    }
    return {};
}

ReplayResult replay_record(const RecordFile& record, std::shared_ptr<const Scenario> scenario) {
    ReplayResult out;
    auto fail = [&](int line, std::string why) {
        out.ok = false;
        out.bad_line = line;
        out.error = "line " + std::to_string(line) + ": " + why;
        return std::move(out);
    };
    if (!record.ok) return fail(record.bad_line, record.error);
    const json& header = record.header();
    const Scenario& s = *scenario;
    int customer = -1;
    for (std::size_t i = 0; i < s.customers.size(); ++i)
        if (s.customers[i].id == header.value("customer", "")) customer = static_cast<int>(i);
    if (customer < 0)
        return fail(1, "customer profile '" + header.value("customer", "") + "' is not in the scenario");
    out.session =
        std::make_unique<Session>(scenario, SessionOptions{header.value("seed", std::uint64_t{1}), customer});
    Session& session = *out.session;

    for (std::size_t i = 1; i < record.lines.size(); ++i) {
        const RecordLine& line = record.lines[i];
        const json& ev = line.value;
        std::string type = ev.value("type", "");
        if (type == "choice") {
            if (session.state() != SessionState::AwaitingChoice)
                return fail(line.number, "a choice was recorded after the session had ended");
            std::string node_id = s.nodes[static_cast<std::size_t>(session.current_node())].id;
            if (ev.value("node", "") != node_id)
                return fail(line.number, "recorded at node '" + ev.value("node", "") +
                                             "' but the scenario is at '" + node_id + "'");
            json shown = json::array();
            for (int c : session.offered()) shown.push_back(s.choices[static_cast<std::size_t>(c)].id);
            if (ev.value("shown", json::array()) != shown)
                return fail(line.number,
                            "the options recorded as shown (" + ev.value("shown", json::array()).dump() +
                                ") differ from those the scenario offers (" + shown.dump() + ")");
            int choice = s.find_choice(ev.value("chosen", ""));
            if (choice < 0 || !session.is_offered(choice))
                return fail(line.number, "choice '" + ev.value("chosen", "") + "' was not on offer");
            StepResult step = session.choose(choice);
            json expected = ev.value("verdicts", json::array());
            json actual = json::array();
            for (const auto& c : step.changes)
                actual.push_back({{"rule", s.rules[static_cast<std::size_t>(c.rule)].id()},
                                  {"verdict", verdict_code(c.now.verdict)},
                                  {"step", c.now.step}});
            if (expected != actual)
                return fail(line.number, "recorded verdicts " + expected.dump() +
                                             " differ from the verdicts the rubric gives now " +
                                             actual.dump());
            if (ev.value("step", 0) != step.step) return fail(line.number, "step number does not match");
            if (ev.value("mood", -1) != step.mood_after)
                return fail(line.number, "recorded mood does not match");
        } else if (type == "policy_consulted") {
            int rule = s.find_rule(ev.value("rule", ""));
            if (rule < 0)
                return fail(line.number, "consulted rule '" + ev.value("rule", "") + "' is not in scope");
            out.consulted_rules.push_back(rule);
        } else if (type == "exhibit_viewed") {
            if (s.find_node(ev.value("node", "")) < 0)
                return fail(line.number, "exhibit node is not in the scenario");
        } else if (type == "ended") {
            if (session.state() != SessionState::Ended)
                return fail(line.number,
                            "the record says the session ended, but the scenario has not reached an ending");
            RubricResult r = session.rubric().result();
            std::string ending =
                session.ending() >= 0 ? s.endings[static_cast<std::size_t>(session.ending())].id : "";
            if (ev.value("ending", "") != ending)
                return fail(line.number,
                            "recorded ending '" + ev.value("ending", "") + "' differs from '" + ending + "'");
            if (ev.value("score", -1) != r.score)
                return fail(line.number, "recorded score " + std::to_string(ev.value("score", -1)) +
                                             "% differs from " + std::to_string(r.score) + "%");
            if (ev.value("passed", !r.passed) != r.passed)
                return fail(line.number, "recorded result differs");
        } else {
            return fail(line.number, "unknown event type '" + type + "'");
        }
    }
    out.ok = true;
    return out;
}

}  // namespace cp
