// Index: [Folder] [Queueing] [Sending] [Status]
#include "lrs_outbox.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>

#include "atomic_file.hpp"
#include "diagnostics.hpp"
#include "json_document.hpp"
#include "library.hpp"
#include "record.hpp"

namespace cp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr int kOutboxFormat = 1;
constexpr const char* kFormatKey = "counterpart_outbox";
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Folder]
//-----------------------------------------------------------------------------------------------------------

std::string outbox_dir() { return (fs::path(sessions_dir()).parent_path() / "outbox").string(); }

bool valid_outbox_key(const std::string& key) {
    if (key.empty() || key.size() > 200 || key.front() == '.') return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.';
    });
}

namespace {

std::string entry_path(const std::string& dir, const std::string& key) {
    return (fs::path(dir) / (key + ".json")).string();
}
std::string sent_path(const std::string& dir, const std::string& key) {
    return (fs::path(dir) / "sent" / (key + ".json")).string();
}

bool write_entry(const OutboxEntry& entry, std::string& error) {
    json doc = {{kFormatKey, kOutboxFormat},
                {"key", entry.key},
                {"label", entry.label},
                {"statements", entry.statements}};
    if (!entry.last_error.empty()) doc["last_error"] = entry.last_error;
    std::string text = doc.dump();
    if (text.size() > kMaxJsonFileBytes) {
        error = "the outbox file " + entry.path + " would be " + std::to_string(text.size() >> 20) +
                " MiB, over the limit of " + std::to_string(kMaxJsonFileBytes >> 20) + " MiB for one session";
        return false;
    }
    return atomic_write_file(entry.path, text + "\n", error, 0600);
}

std::string at(const JsonDocument& doc, const std::string& pointer, const std::string& message) {
    Diagnostic d;
    d.where = doc.loc(pointer);
    d.message = message;
    return format_diagnostic(d);
}

}  // namespace

OutboxEntry read_outbox_entry(const std::string& path) {
    OutboxEntry entry;
    entry.path = path;
    entry.key = fs::path(path).stem().string();
    Diagnostics diags;
    bool unreadable = false;
    auto doc = load_json_file(path, diags, &unreadable);
    if (!doc) {
        entry.error = diags.items().empty() ? path + ": cannot be read" : format_diagnostic(diags.items().front());
        return entry;
    }
    const json& root = doc->root;
    if (!root.is_object()) {
        entry.error = at(*doc, "", "an outbox file is a JSON object, not " + json_type_phrase(root));
        return entry;
    }
    auto format = root.find(kFormatKey);
    if (format == root.end() || !format->is_number_integer() || format->get<long long>() != kOutboxFormat) {
        entry.error = at(*doc, "/" + std::string(kFormatKey),
                         std::string("not a Counterpart outbox file of format ") + std::to_string(kOutboxFormat) +
                             " (\"" + kFormatKey + "\" must be " + std::to_string(kOutboxFormat) + ")");
        return entry;
    }
    auto key = root.find("key");
    if (key == root.end() || !key->is_string() || key->get<std::string>() != entry.key) {
        entry.error = at(*doc, "/key", "\"key\" must be the file's name without .json ('" + entry.key + "')");
        return entry;
    }
    if (auto label = root.find("label"); label != root.end() && label->is_string()) entry.label = *label;
    if (auto last = root.find("last_error"); last != root.end() && last->is_string()) entry.last_error = *last;
    auto statements = root.find("statements");
    if (statements == root.end() || !statements->is_array()) {
        entry.error = at(*doc, "/statements", "\"statements\" must be an array of xAPI statements");
        return entry;
    }
    std::vector<json> checked;  // given to the entry only when every statement is usable
    for (std::size_t i = 0; i < statements->size(); ++i) {
        const json& s = (*statements)[i];
        std::string pointer = pointer_append("/statements", i);
        if (!s.is_object()) {
            entry.error = at(*doc, pointer, "a statement must be an object, not " + json_type_phrase(s));
            return entry;
        }
        auto id = s.find("id");
        if (id == s.end() || !id->is_string() || id->get<std::string>().empty()) {
            entry.error = at(*doc, pointer + "/id", "every statement needs a string \"id\" (it makes resending safe)");
            return entry;
        }
        checked.push_back(s);
    }
    entry.statements = std::move(checked);
    return entry;
}

bool outbox_enqueue(const std::string& dir, const std::string& key, const std::vector<json>& statements,
                    const std::string& label, std::string& error) {
    if (!valid_outbox_key(key)) {
        error = "'" + key + "' cannot name an outbox file (letters, digits, '-', '_' and '.' only)";
        return false;
    }
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const json& s = statements[i];
        if (!s.is_object() || !s.contains("id") || !s["id"].is_string() || s["id"].get<std::string>().empty()) {
            error = "statement " + std::to_string(i + 1) + " for " + key + " has no string \"id\"";
            return false;
        }
    }
    OutboxEntry entry;
    std::string path = entry_path(dir, key);
    if (fs::exists(path)) {
        entry = read_outbox_entry(path);
        if (!entry.error.empty()) {
            error = "cannot add to the outbox: " + entry.error;
            return false;
        }
    }
    entry.path = path;
    entry.key = key;
    if (!label.empty()) entry.label = label;
    std::set<std::string> pending;
    for (const auto& s : entry.statements) pending.insert(s["id"].get<std::string>());
    std::size_t before = entry.statements.size();
    for (const auto& s : statements)
        if (pending.insert(s["id"].get<std::string>()).second) entry.statements.push_back(s);
    if (entry.statements.size() == before && fs::exists(path)) return true;
    return write_entry(entry, error);
}

//-----------------------------------------------------------------------------------------------------------
// [Sending]
//-----------------------------------------------------------------------------------------------------------

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry) {
    auto delay = policy.first_delay;
    for (int i = 1; i < retry && delay < policy.max_delay; ++i) delay *= 2;
    return std::min(delay, policy.max_delay);
}

namespace {

// Sends one batch with retries. Returns the final answer.
LrsPostResult post_with_retry(LrsTransport& transport, const json& batch, const RetryPolicy& policy,
                              FlushReport& report) {
    LrsPostResult result;
    int attempts = std::max(1, policy.attempts);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        result = transport.post_statements(batch);
        if (result.kind != LrsPostResult::Kind::Transient || attempt == attempts) break;
        auto delay = backoff_delay(policy, attempt);
        if (policy.sleep)
            policy.sleep(delay);
        else
            std::this_thread::sleep_for(delay);
        ++report.retries;
    }
    return result;
}

// Sends `statements` in batches; what the LRS did not accept is left in `left`. Returns false when the flush
// must stop (the LRS cannot be reached or refuses the credentials, or libcurl cannot be loaded).
bool send_entry(const OutboxEntry& entry, LrsTransport& transport, const RetryPolicy& policy,
                FlushReport& report, std::vector<json>& left, std::string& last_error) {
    const std::size_t batch_size = std::max<std::size_t>(1, policy.batch_size);
    const auto& all = entry.statements;
    for (std::size_t start = 0; start < all.size(); start += batch_size) {
        std::vector<json> batch(all.begin() + static_cast<std::ptrdiff_t>(start),
                                all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), start + batch_size)));
        // A rejected batch is refused whole: drop the statements the LRS named and send the rest again, one
        // at a time when it named none, so every acceptable statement gets through and each refusal is named.
        while (!batch.empty()) {
            LrsPostResult r = post_with_retry(transport, json(batch), policy, report);
            using Kind = LrsPostResult::Kind;
            if (r.kind == Kind::Accepted) {
                report.statements_accepted += static_cast<int>(batch.size());
                break;
            }
            if (r.kind == Kind::Transient || r.kind == Kind::Unauthorized || r.kind == Kind::Unavailable) {
                last_error = r.message;
                report.problems.push_back(entry.key + ": " + r.message);
                report.lrs_unreachable = true;
                left.insert(left.end(), batch.begin(), batch.end());
                left.insert(left.end(), all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), start + batch_size)),
                            all.end());
                return false;
            }
            // Rejected or Conflict.
            std::vector<std::size_t> named;
            for (const auto& [position, why] : r.rejected) named.push_back(position);
            if (named.empty() && batch.size() == 1) named.push_back(0);
            if (named.empty()) {
                // Find the culprits one by one.
                for (const auto& single : batch) {
                    std::vector<json> one{single};
                    OutboxEntry part{entry.path, entry.key, entry.label, one, {}, {}};
                    if (!send_entry(part, transport, RetryPolicy{1, policy.attempts, policy.first_delay,
                                                                policy.max_delay, policy.sleep},
                                    report, left, last_error))
                        return false;
                }
                break;
            }
            std::vector<json> rest;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (std::find(named.begin(), named.end(), i) == named.end()) {
                    rest.push_back(std::move(batch[i]));
                    continue;
                }
                std::string why = r.message;
                for (const auto& [position, reason] : r.rejected)
                    if (position == i) why = reason;
                std::string id = batch[i]["id"].get<std::string>();
                std::string line = entry.key + ": the LRS " +
                                   (r.kind == Kind::Conflict ? std::string("holds a different statement under id ")
                                                             : std::string("rejected statement ")) +
                                   id + " (HTTP " + std::to_string(r.http_status) + "): " + why;
                report.problems.push_back(line);
                last_error = line;
                left.push_back(std::move(batch[i]));
            }
            batch = std::move(rest);
        }
    }
    return true;
}

}  // namespace

FlushReport outbox_flush(const std::string& dir, LrsTransport& transport, const RetryPolicy& policy,
                         const std::function<std::string()>& now_iso) {
    FlushReport report;
    Diagnostics diags;
    std::vector<std::string> files;
    list_files(dir, ".json", files, diags);
    for (const auto& d : diags.items()) report.problems.push_back(format_diagnostic(d));
    bool stopped = false;
    for (const auto& path : files) {
        OutboxEntry entry = read_outbox_entry(path);
        if (!entry.error.empty()) {
            report.problems.push_back(entry.error + " (left in the outbox untouched)");
            continue;
        }
        if (stopped) {
            report.statements_pending += static_cast<int>(entry.statements.size());
            continue;
        }
        std::vector<json> left;
        std::string last_error;
        stopped = !send_entry(entry, transport, policy, report, left, last_error);
        std::string error;
        if (left.empty()) {
            json mark = {{"statements", entry.statements.size()},
                         {"label", entry.label},
                         {"sent_at", now_iso ? now_iso() : utc_now_iso()}};
            // The marker first, then the pending file goes: a crash between them leaves the file, which
            // the next flush sends again, harmlessly.
            if (!atomic_write_file(sent_path(dir, entry.key), mark.dump() + "\n", error, 0600)) {
                report.problems.push_back(entry.key + ": " + error);
                continue;
            }
            std::error_code ec;
            fs::remove(path, ec);
            if (ec) report.problems.push_back(entry.key + ": cannot remove " + path + ": " + ec.message());
            ++report.sessions_sent;
            continue;
        }
        report.statements_pending += static_cast<int>(left.size());
        if (left.size() != entry.statements.size() || last_error != entry.last_error) {
            entry.statements = std::move(left);
            entry.last_error = last_error;
            if (!write_entry(entry, error)) report.problems.push_back(entry.key + ": " + error);
        }
    }
    return report;
}

//-----------------------------------------------------------------------------------------------------------
// [Status]
//-----------------------------------------------------------------------------------------------------------

OutboxStatus outbox_status(const std::string& dir) {
    OutboxStatus status;
    Diagnostics diags;
    std::vector<std::string> files, sent;
    list_files(dir, ".json", files, diags);
    list_files((fs::path(dir) / "sent").string(), ".json", sent, diags);
    status.sessions_sent = static_cast<int>(sent.size());
    for (const auto& path : files) {
        OutboxEntry entry = read_outbox_entry(path);
        if (!entry.error.empty()) {
            status.problems.push_back(entry.error);
            continue;
        }
        ++status.sessions_pending;
        status.statements_pending += static_cast<int>(entry.statements.size());
        if (!entry.last_error.empty()) status.last_error = entry.last_error;
    }
    return status;
}

bool outbox_sent(const std::string& dir, const std::string& key) {
    std::error_code ec;
    return valid_outbox_key(key) && fs::is_regular_file(sent_path(dir, key), ec);
}

std::string outbox_status_text(const OutboxStatus& status) {
    std::string text;
    if (status.statements_pending == 0 && status.sessions_pending == 0) {
        text = "Nothing waiting to be sent.";
    } else {
        text = std::to_string(status.statements_pending) +
               (status.statements_pending == 1 ? " statement" : " statements") + " of " +
               std::to_string(status.sessions_pending) + (status.sessions_pending == 1 ? " session" : " sessions") +
               " waiting to be sent.";
    }
    if (!status.last_error.empty()) text += " Last error: " + status.last_error;
    for (const auto& p : status.problems) text += "\nDamaged outbox file: " + p;
    return text;
}

}  // namespace cp
