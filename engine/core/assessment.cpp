// Index: [Entries] [Reading and checking] [Writing] [Drafts]
#include "assessment.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "atomic_file.hpp"
#include "diagnostics.hpp"
#include "json_document.hpp"
#include "sha256.hpp"

namespace cp {

using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Entries]
//-----------------------------------------------------------------------------------------------------------

std::string assessment_path(const std::string& record_path) {
    return record_path + kAssessmentSuffix;
}

const char* to_string(EntryKind kind) {
    return kind == EntryKind::Moderation ? "moderation" : "assessment";
}

bool valid_decision(const std::string& d) {
    return d == "competent" || d == "not-yet-competent" || d == "referred";
}

std::string decision_label(const std::string& d) {
    if (d == "competent") return "Competent";
    if (d == "not-yet-competent") return "Not yet competent";
    if (d == "referred") return "Referred";
    return d.empty() ? "no decision" : d;
}

json entry_json(const AssessmentEntry& e) {
    json comments = json::array();
    for (const auto& c : e.comments) comments.push_back({{"step", c.step}, {"text", c.text}});
    json points = json::array();
    for (const auto& p : e.points) points.push_back({{"id", p.id}, {"judgement", p.met ? "met" : "not-met"}});
    json out = {{"seq", e.seq},
                {"kind", to_string(e.kind)},
                {"assessor", e.assessor},
                {"at", e.at},
                {"record", {{"first_hash", e.record_first_hash}, {"final_hash", e.record_hash}, {"lines", e.record_lines}}},
                {"comments", comments},
                {"points", points},
                {"comment", e.comment},
                {"decision", e.decision},
                {"prev", e.prev}};
    if (!e.hash.empty()) out["hash"] = e.hash;
    if (!e.signature.empty() || !e.public_key.empty())
        out["signature"] = {{"algorithm", "Ed25519"}, {"public_key", e.public_key}, {"value", e.signature}};
    return out;
}

std::string entry_signed_text(const AssessmentEntry& e) {
    json j = entry_json(e);
    j.erase("hash");
    // The key is covered (so swapping it is a change); only the signature's value is not.
    j["signature"] = {{"algorithm", "Ed25519"}, {"public_key", e.public_key}};
    return j.dump();
}

//-----------------------------------------------------------------------------------------------------------
// [Reading and checking]
//-----------------------------------------------------------------------------------------------------------
namespace {

// Reads entries field by field; the first wrong field of an entry is reported with its place.
struct EntryReader {
    const JsonDocument& doc;
    std::vector<std::string>& problems;

    void problem(const std::string& pointer, const std::string& why) {
        SourceLoc loc = doc.loc(pointer);
        problems.push_back(doc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) +
                           ": error: " + why + " [" + pointer + "]");
    }
    const json* field(const json& obj, const std::string& at, const char* key, json::value_t type,
                      const char* what) {
        auto it = obj.find(key);
        std::string p = pointer_append(at, key);
        if (it == obj.end()) {
            problem(at, std::string("missing \"") + key + "\"");
            return nullptr;
        }
        bool fits = it->type() == type || (type == json::value_t::number_integer && it->is_number_unsigned());
        if (!fits) {
            problem(p, std::string("\"") + key + "\" must be " + what);
            return nullptr;
        }
        return &*it;
    }
    bool text(const json& obj, const std::string& at, const char* key, std::string& out) {
        const json* v = field(obj, at, key, json::value_t::string, "text");
        if (v) out = v->get<std::string>();
        return v != nullptr;
    }
    bool integer(const json& obj, const std::string& at, const char* key, int& out) {
        const json* v = field(obj, at, key, json::value_t::number_integer, "a whole number");
        if (!v) return false;
        long long n = v->is_number_unsigned() ? static_cast<long long>(std::min<unsigned long long>(
                                                    v->get<unsigned long long>(), 1ull << 40))
                                              : v->get<long long>();
        if (n < 0 || n > 100000000) {
            problem(pointer_append(at, key), std::string("\"") + key + "\" is out of range");
            return false;
        }
        out = static_cast<int>(n);
        return true;
    }

    bool entry(const json& e, const std::string& at, AssessmentEntry& out) {
        if (!e.is_object()) {
            problem(at, "an entry must be an object");
            return false;
        }
        std::string kind;
        bool ok = integer(e, at, "seq", out.seq) && text(e, at, "kind", kind) && text(e, at, "assessor", out.assessor) &&
                  text(e, at, "at", out.at) && text(e, at, "comment", out.comment) &&
                  text(e, at, "decision", out.decision) && text(e, at, "prev", out.prev) &&
                  text(e, at, "hash", out.hash);
        if (!ok) return false;
        if (kind != "assessment" && kind != "moderation") {
            problem(pointer_append(at, "kind"), "\"kind\" must be \"assessment\" or \"moderation\"");
            return false;
        }
        out.kind = kind == "moderation" ? EntryKind::Moderation : EntryKind::Assessment;
        if (!out.decision.empty() && !valid_decision(out.decision)) {
            problem(pointer_append(at, "decision"), "unknown decision '" + out.decision + "'");
            return false;
        }
        std::string rp = pointer_append(at, "record");
        const json* record = field(e, at, "record", json::value_t::object, "an object");
        if (!record || !text(*record, rp, "first_hash", out.record_first_hash) ||
            !text(*record, rp, "final_hash", out.record_hash) || !integer(*record, rp, "lines", out.record_lines))
            return false;
        const json* comments = field(e, at, "comments", json::value_t::array, "a list");
        if (!comments) return false;
        for (std::size_t i = 0; i < comments->size(); ++i) {
            std::string cp = pointer_append(pointer_append(at, "comments"), i);
            const json& c = (*comments)[i];
            StepComment sc;
            if (!c.is_object()) {
                problem(cp, "a step comment must be an object");
                return false;
            }
            if (!integer(c, cp, "step", sc.step) || !text(c, cp, "text", sc.text)) return false;
            out.comments.push_back(sc);
        }
        const json* points = field(e, at, "points", json::value_t::array, "a list");
        if (!points) return false;
        for (std::size_t i = 0; i < points->size(); ++i) {
            std::string pp = pointer_append(pointer_append(at, "points"), i);
            const json& p = (*points)[i];
            PointJudgement pj;
            std::string judgement;
            if (!p.is_object()) {
                problem(pp, "a marking point judgement must be an object");
                return false;
            }
            if (!text(p, pp, "id", pj.id) || !text(p, pp, "judgement", judgement)) return false;
            if (judgement != "met" && judgement != "not-met") {
                problem(pointer_append(pp, "judgement"), "\"judgement\" must be \"met\" or \"not-met\"");
                return false;
            }
            pj.met = judgement == "met";
            out.points.push_back(pj);
        }
        std::string sp = pointer_append(at, "signature");
        const json* sig = field(e, at, "signature", json::value_t::object, "an object");
        std::string algorithm;
        if (!sig || !text(*sig, sp, "algorithm", algorithm) || !text(*sig, sp, "public_key", out.public_key) ||
            !text(*sig, sp, "value", out.signature))
            return false;
        if (algorithm != "Ed25519") {
            problem(pointer_append(sp, "algorithm"), "unknown signature algorithm '" + algorithm + "'");
            return false;
        }
        return true;
    }
};

std::string short_hash(const std::string& h) {
    return h.substr(0, 12);
}

}  // namespace

AssessmentCheck check_assessment(const std::string& path, const RecordFile& record) {
    AssessmentCheck out;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return out;
    out.present = true;
    Diagnostics diags;
    bool unreadable = false;
    auto doc = load_json_file(path, diags, &unreadable);
    if (!doc) {
        out.unreadable = true;
        for (const auto& d : diags.items()) out.problems.push_back(format_diagnostic(d));
        if (out.problems.empty()) out.problems.push_back(path + ": cannot be read");
        return out;
    }
    EntryReader reader{*doc, out.problems};
    const json& root = doc->root;
    const json* entries = nullptr;
    int format = 0;
    if (!root.is_object()) {
        reader.problem("", "not an assessment file (expected an object with \"entries\")");
    } else if (reader.integer(root, "", "assessment_format", format)) {
        if (format != kAssessmentFormatVersion)
            reader.problem("/assessment_format", "assessment format " + std::to_string(format) +
                                                     " is not one this version reads (" +
                                                     std::to_string(kAssessmentFormatVersion) + ")");
        else
            entries = reader.field(root, "", "entries", json::value_t::array, "a list");
    }
    if (!entries) {
        out.unreadable = true;
        return out;
    }
    // The record as it is now: its header hash names it, its last hash its content.
    std::string first_hash, final_hash;
    int lines = 0;
    if (record.ok && !record.lines.empty()) {
        first_hash = record.header().value("hash", "");
        final_hash = record.last_hash;
        lines = static_cast<int>(record.lines.size());
    } else {
        out.problems.push_back(path + ": the record " + record.path +
                               " does not verify, so its sign-off cannot be matched to it (" +
                               (record.bad_line ? "line " + std::to_string(record.bad_line) : std::string("unreadable")) +
                               ")");
        out.record_changed = true;
    }
    std::string prev;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        std::string at = pointer_append("/entries", i);
        AssessmentEntry e;
        if (!reader.entry((*entries)[i], at, e)) {
            out.chain_broken = true;
            break;
        }
        std::string expected_prev = i == 0 ? e.record_hash : prev;
        if (e.seq != static_cast<int>(i)) {
            reader.problem(pointer_append(at, "seq"), "entry " + std::to_string(i + 1) + " is numbered " +
                                                          std::to_string(e.seq) + ": an entry was removed or reordered");
            out.chain_broken = true;
        }
        if (e.prev != expected_prev) {
            reader.problem(pointer_append(at, "prev"),
                           i == 0 ? "the first entry is not chained to the record hash it names"
                                  : "entry " + std::to_string(i + 1) +
                                        " is not chained to the entry before it: an entry was removed, added or changed");
            out.chain_broken = true;
        }
        std::string body = entry_signed_text(e);
        if (sha256_hex(body) != e.hash) {
            reader.problem(at, "entry " + std::to_string(i + 1) + " (" + e.assessor +
                                   ") has been changed since it was signed: its content no longer matches its hash");
            out.chain_broken = true;
        }
        if (!verify_signature(e.public_key, body, e.signature)) {
            reader.problem(pointer_append(at, "signature"),
                           "entry " + std::to_string(i + 1) + " (" + e.assessor +
                               "): the signature does not verify with the key it carries (" +
                               key_fingerprint(e.public_key) + "): the entry was changed, or signed with another key");
            out.bad_signature = true;
        }
        if (!first_hash.empty()) {
            if (e.record_first_hash != first_hash) {
                if (!out.other_record)
                    out.problems.push_back(path + ": this sign-off was made for another record (its header hash " +
                                           short_hash(e.record_first_hash) + " is not " + record.path + "'s, " +
                                           short_hash(first_hash) + ")");
                out.other_record = true;
            } else if (e.record_hash != final_hash || e.record_lines != lines) {
                if (!out.record_changed)
                    out.problems.push_back(record.path + ": the record has changed since it was signed off (entry " +
                                           std::to_string(i + 1) + " by " + e.assessor + " at " + e.at + " signed " +
                                           std::to_string(e.record_lines) + " lines ending in hash " +
                                           short_hash(e.record_hash) + "; the record now has " + std::to_string(lines) +
                                           " lines ending in " + short_hash(final_hash) + ")");
                out.record_changed = true;
            }
        }
        prev = e.hash;
        out.entries.push_back(std::move(e));
    }
    out.ok = out.problems.empty();
    return out;
}

bool load_trusted_keys(const std::string& path, std::map<std::string, std::string>& out, std::string& error) {
    std::string text;
    if (!read_text_file(path, text, error, 1 << 20)) {
        error = "cannot read the trusted keys " + path + ": " + error;
        return false;
    }
    int number = 0;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        at = end + 1;
        ++number;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.pop_back();
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        line.erase(0, start);
        std::size_t space = line.find_first_of(" \t");
        std::string key = line.substr(0, space);
        std::string name = space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
        bool hex = key.size() == 64 && std::all_of(key.begin(), key.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                   });
        if (!hex || name.empty()) {
            error = path + ":" + std::to_string(number) +
                    ": error: expected a 64-digit lower-case hex public key, a space and the assessor's name";
            return false;
        }
        out[key] = name;
    }
    return true;
}

std::vector<std::string> untrusted_entries(const AssessmentCheck& check,
                                           const std::map<std::string, std::string>& trusted) {
    std::vector<std::string> out;
    for (const auto& e : check.entries) {
        auto it = trusted.find(e.public_key);
        if (it == trusted.end())
            out.push_back("entry " + std::to_string(e.seq + 1) + " (" + e.assessor + ") is signed with key " +
                          key_fingerprint(e.public_key) + ", which is not among the trusted assessors' keys");
        else if (it->second != e.assessor)
            out.push_back("entry " + std::to_string(e.seq + 1) + " names " + e.assessor +
                          " but is signed with the key of " + it->second + " (" + key_fingerprint(e.public_key) + ")");
    }
    return out;
}

std::string assessment_summary(const AssessmentCheck& check) {
    std::string out;
    for (const auto& e : check.entries) {
        out += std::to_string(e.seq + 1) + ". " + (e.kind == EntryKind::Moderation ? "Moderation" : "Assessment") +
               " by " + e.assessor + ", " + e.at + ": " + decision_label(e.decision) + ". Key " +
               key_fingerprint(e.public_key) + ".\n";
    }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Writing]
//-----------------------------------------------------------------------------------------------------------

bool add_assessment_entry(const std::string& record_path, const RecordFile& record, const NewEntry& entry,
                          const SigningKey& key, std::string& error, AssessmentEntry* written, const std::string& at) {
    if (!record.ok || record.lines.empty()) {
        error = "cannot sign off " + record_path + ": " + record.message();
        return false;
    }
    if (entry.assessor.empty()) {
        error = "the assessor's name is needed";
        return false;
    }
    if (!entry.decision.empty() && !valid_decision(entry.decision)) {
        error = "unknown decision '" + entry.decision + "' (competent, not-yet-competent or referred)";
        return false;
    }
    int steps = 0;
    for (const auto& line : record.lines) steps += line.value.value("type", "") == "choice";
    for (const auto& c : entry.comments)
        if (c.step < 1 || c.step > steps) {
            error = "step " + std::to_string(c.step) + " is not in the record (it has " + std::to_string(steps) +
                    " steps)";
            return false;
        }
    // One writer at a time: the record's own lock, which a session holds while it writes the record, so two
    // assessors signing at once cannot lose an entry, and a record still being played cannot be signed.
    int lock_fd = ::open(record_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (lock_fd >= 0) ::close(lock_fd);
        error = "the record " + record_path +
                " is being written by a session, or another assessor is signing it; try again when it is free";
        return false;
    }
    struct Unlock {
        int fd;
        ~Unlock() { ::close(fd); }  // releases the lock
    } unlock{lock_fd};
    std::string path = assessment_path(record_path);
    AssessmentCheck existing = check_assessment(path, record);
    if (existing.present && !existing.ok) {
        error = "the assessment file " + path + " has problems, so it is not extended:\n";
        for (const auto& p : existing.problems) error += "  " + p + "\n";
        return false;
    }
    if (entry.kind == EntryKind::Moderation) {
        const AssessmentEntry* first = nullptr;
        for (const auto& e : existing.entries)
            if (e.kind == EntryKind::Assessment && !e.decision.empty()) first = &e;
        if (!first) {
            error = "there is no assessment decision to moderate yet";
            return false;
        }
        if (first->assessor == entry.assessor || first->public_key == key.public_key_hex()) {
            error = "a second marker must be someone else: the decision was made by " + first->assessor + " (key " +
                    key_fingerprint(first->public_key) + ")";
            return false;
        }
        if (entry.decision.empty()) {
            error = "a moderation records the second marker's decision (--decision)";
            return false;
        }
    }
    AssessmentEntry e;
    e.seq = static_cast<int>(existing.entries.size());
    e.kind = entry.kind;
    e.assessor = entry.assessor;
    e.at = at.empty() ? utc_now_iso() : at;
    e.record_first_hash = record.header().value("hash", "");
    e.record_hash = record.last_hash;
    e.record_lines = static_cast<int>(record.lines.size());
    e.comments = entry.comments;
    e.points = entry.points;
    e.comment = entry.comment;
    e.decision = entry.decision;
    e.prev = existing.entries.empty() ? record.last_hash : existing.entries.back().hash;
    e.public_key = key.public_key_hex();
    std::string body = entry_signed_text(e);
    e.hash = sha256_hex(body);
    e.signature = key.sign_hex(body);
    if (e.signature.empty()) {
        error = "cannot sign the entry (OpenSSL refused)";
        return false;
    }
    json entries = json::array();
    for (const auto& old : existing.entries) entries.push_back(entry_json(old));
    entries.push_back(entry_json(e));
    json file = {{"assessment_format", kAssessmentFormatVersion},
                 {"record", std::filesystem::path(record_path).filename().string()},
                 {"entries", entries}};
    if (!atomic_write_file(path, file.dump(2) + "\n", error)) return false;
    if (written) *written = e;
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Drafts]
//-----------------------------------------------------------------------------------------------------------

std::string assessment_draft_path(const std::string& drafts_dir, const RecordFile& record) {
    if (record.lines.empty()) return {};
    std::string first = record.header().value("hash", "");
    // Only a well-formed hash names a file: a hostile header cannot point outside the folder.
    if (first.size() != 64 || !std::all_of(first.begin(), first.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }))
        return {};
    return (std::filesystem::path(drafts_dir) / (first + ".json")).string();
}

bool save_assessment_draft(const std::string& path, const AssessmentDraft& draft, std::string& error) {
    json comments = json::array();
    for (const auto& c : draft.entry.comments) comments.push_back({{"step", c.step}, {"text", c.text}});
    json points = json::array();
    for (const auto& p : draft.entry.points)
        points.push_back({{"id", p.id}, {"judgement", p.met ? "met" : "not-met"}});
    json file = {{"assessment_draft_format", kAssessmentDraftFormatVersion},
                 {"record_first_hash", draft.record_first_hash},
                 {"kind", to_string(draft.entry.kind)},
                 {"assessor", draft.entry.assessor},
                 {"comments", comments},
                 {"points", points},
                 {"comment", draft.entry.comment},
                 {"decision", draft.entry.decision}};
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    return atomic_write_file(path, file.dump(2) + "\n", error);
}

bool load_assessment_draft(const std::string& path, AssessmentDraft& out, std::string& error) {
    error.clear();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return false;
    Diagnostics diags;
    auto doc = load_json_file(path, diags);
    if (!doc) {
        error = diags.items().empty() ? path + ": cannot be read" : format_diagnostic(diags.items().front());
        return false;
    }
    std::vector<std::string> problems;
    EntryReader reader{*doc, problems};
    const json& root = doc->root;
    AssessmentDraft d;
    int format = 0;
    std::string kind;
    // The draft's fields are an entry's, without what signing adds; the entry reader checks them alike.
    bool ok = root.is_object() && reader.integer(root, "", "assessment_draft_format", format) &&
              reader.text(root, "", "record_first_hash", d.record_first_hash) &&
              reader.text(root, "", "kind", kind) && reader.text(root, "", "assessor", d.entry.assessor) &&
              reader.text(root, "", "comment", d.entry.comment) && reader.text(root, "", "decision", d.entry.decision);
    if (!root.is_object()) reader.problem("", "not an assessment draft (expected an object)");
    if (ok && format != kAssessmentDraftFormatVersion) {
        reader.problem("/assessment_draft_format", "draft format " + std::to_string(format) + " is not one this version reads");
        ok = false;
    }
    if (ok && kind != "assessment" && kind != "moderation") {
        reader.problem("/kind", "\"kind\" must be \"assessment\" or \"moderation\"");
        ok = false;
    }
    if (ok && !d.entry.decision.empty() && !valid_decision(d.entry.decision)) {
        reader.problem("/decision", "unknown decision '" + d.entry.decision + "'");
        ok = false;
    }
    if (ok) {
        // Comments and points read as an entry's would be.
        AssessmentEntry parsed;
        json as_entry = {{"seq", 0}, {"kind", kind}, {"assessor", ""}, {"at", ""}, {"comment", ""},
                         {"decision", ""}, {"prev", ""}, {"hash", ""},
                         {"record", {{"first_hash", ""}, {"final_hash", ""}, {"lines", 0}}},
                         {"comments", root.contains("comments") ? root["comments"] : json()},
                         {"points", root.contains("points") ? root["points"] : json()},
                         {"signature", {{"algorithm", "Ed25519"}, {"public_key", ""}, {"value", ""}}}};
        ok = reader.entry(as_entry, "", parsed);
        d.entry.comments = parsed.comments;
        d.entry.points = parsed.points;
        d.entry.kind = kind == "moderation" ? EntryKind::Moderation : EntryKind::Assessment;
    }
    if (!ok) {
        error = problems.empty() ? path + ": not an assessment draft" : problems.front();
        return false;
    }
    out = std::move(d);
    return true;
}

NewEntry draft_entry_to_sign(const AssessmentDraft& draft) {
    NewEntry e = draft.entry;
    e.comments.erase(std::remove_if(e.comments.begin(), e.comments.end(),
                                    [](const StepComment& c) {
                                        return c.text.find_first_not_of(" \t\r\n") == std::string::npos;
                                    }),
                     e.comments.end());
    std::stable_sort(e.comments.begin(), e.comments.end(),
                     [](const StepComment& a, const StepComment& b) { return a.step < b.step; });
    return e;
}

}  // namespace cp
