// Index: [Endpoint] [Settings] [Answers] [Transport] [Reading back] [Witness]
#include "lrs.hpp"

#include "atomic_file.hpp"
#include "curl_library.hpp"
#include "json_document.hpp"
#include "xapi.hpp"

#include <filesystem>
#include <map>
#include <regex>

namespace cp {

using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Endpoint]
//-----------------------------------------------------------------------------------------------------------

std::string lrs_url_problem(const std::string& url) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return "the LRS URL '" + url + "' must start with http:// or https://";
    if (url.find_first_of(" \t\r\n") != std::string::npos) return "the LRS URL '" + url + "' contains a space";
    return {};
}

//-----------------------------------------------------------------------------------------------------------
// [Settings]
//-----------------------------------------------------------------------------------------------------------

LrsEndpoint load_lrs_settings(const std::string& config_dir) {
    namespace fs = std::filesystem;
    LrsEndpoint endpoint;
    std::string text, error;
    if (read_text_file((fs::path(config_dir) / "settings.json").string(), text, error, 1 << 20)) {
        json settings = json::parse(text, nullptr, false);
        if (settings.is_object()) {
            if (auto url = settings.find("lrs_url"); url != settings.end() && url->is_string()) endpoint.url = *url;
            if (auto user = settings.find("lrs_user"); user != settings.end() && user->is_string()) endpoint.user = *user;
        }
    }
    if (read_text_file((fs::path(config_dir) / "lrs-password").string(), text, error, 4096)) {
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        endpoint.password = text;
    }
    return endpoint;
}

bool save_lrs_password(const std::string& config_dir, const std::string& password, std::string& error) {
    namespace fs = std::filesystem;
    std::string path = (fs::path(config_dir) / "lrs-password").string();
    if (password.empty()) {
        std::error_code ec;
        fs::remove(path, ec);
        if (ec) error = "cannot remove " + path + ": " + ec.message();
        return !ec;
    }
    return atomic_write_file(path, password + "\n", error, 0600);
}

//-----------------------------------------------------------------------------------------------------------
// [Answers]
//-----------------------------------------------------------------------------------------------------------

namespace {

// The LRS's own words from an error body: "message", or the "warnings" joined; else the body, cut short.
std::string lrs_error_text(const std::string& body, std::vector<std::string>* warnings = nullptr) {
    json parsed = json::parse(body, nullptr, false);
    std::string text;
    if (parsed.is_object()) {
        if (auto w = parsed.find("warnings"); w != parsed.end() && w->is_array()) {
            for (const auto& item : *w)
                if (item.is_string()) {
                    if (warnings) warnings->push_back(item.get<std::string>());
                    text += (text.empty() ? "" : "; ") + item.get<std::string>();
                }
        }
        if (auto m = parsed.find("message"); text.empty() && m != parsed.end() && m->is_string())
            text = m->get<std::string>();
    }
    if (text.empty()) text = body.substr(0, 300);
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text.empty() ? "(no reason given)" : text;
}

std::string statement_id(const json& batch, std::size_t at) {
    if (at < batch.size() && batch[at].is_object()) {
        auto id = batch[at].find("id");
        if (id != batch[at].end() && id->is_string()) return id->get<std::string>();
    }
    return "(no id)";
}

}  // namespace

LrsPostResult classify_post_answer(long http_status, const std::string& body, const std::string& curl_error,
                                   const json& batch, const std::string& url) {
    LrsPostResult r;
    r.http_status = http_status;
    const std::string where = url + "/statements";
    if (!curl_error.empty()) {
        r.kind = LrsPostResult::Kind::Transient;
        r.message = "cannot reach the LRS at " + where + ": " + curl_error;
        return r;
    }
    const std::string status = "HTTP " + std::to_string(http_status);
    if (http_status == 200 || http_status == 204) {
        r.kind = LrsPostResult::Kind::Accepted;
        return r;
    }
    if (http_status == 401 || http_status == 403) {
        r.kind = LrsPostResult::Kind::Unauthorized;
        r.message = "the LRS at " + where + " refused the credentials (" + status + "): " + lrs_error_text(body);
        return r;
    }
    if (http_status == 409) {
        // Learning Locker answers 200 for an id it holds with the same content, 409 only for different
        // content: the LRS holds another statement under this id, which retrying cannot change.
        r.kind = LrsPostResult::Kind::Conflict;
        r.message = "the LRS at " + where + " holds a different statement under an id of this batch (" + status +
                    "): " + lrs_error_text(body);
        return r;
    }
    if (http_status == 400 || http_status == 413 || http_status == 422) {
        r.kind = LrsPostResult::Kind::Rejected;
        std::vector<std::string> warnings;
        std::string text = lrs_error_text(body, &warnings);
        // "Problem in 'statements.3.verb.id'": the position inside the batch.
        static const std::regex position(R"(statements\.(\d+)[.'])");
        std::map<std::size_t, std::string> by_position;
        for (const auto& w : warnings) {
            std::smatch m;
            if (std::regex_search(w, m, position)) {
                std::size_t at = std::stoul(m[1].str());
                if (at < batch.size()) by_position[at] += (by_position[at].empty() ? "" : "; ") + w;
            }
        }
        for (auto& [at, why] : by_position) r.rejected.emplace_back(at, why);
        if (!r.rejected.empty()) {
            r.message = "the LRS rejected statement " + statement_id(batch, r.rejected.front().first) + " (" +
                        status + "): " + r.rejected.front().second;
            if (r.rejected.size() > 1) r.message += " (and " + std::to_string(r.rejected.size() - 1) + " more)";
        } else {
            r.message = "the LRS rejected the batch (" + status + "): " + text;
        }
        return r;
    }
    r.kind = LrsPostResult::Kind::Transient;  // 408, 429, 5xx and anything unexpected: try again later
    r.message = "the LRS at " + where + " answered " + status + ": " + lrs_error_text(body);
    return r;
}

//-----------------------------------------------------------------------------------------------------------
// [Transport]
//-----------------------------------------------------------------------------------------------------------

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
    auto* body = static_cast<std::string*>(out);
    // An LRS answer larger than this is not an answer we can use; stop reading (curl reports a write error).
    if (body->size() + size * count > 64u * 1024u * 1024u) return 0;
    body->append(data, size * count);
    return size * count;
}

class CurlTransport : public LrsTransport {
  public:
    explicit CurlTransport(LrsEndpoint endpoint) : endpoint_(std::move(endpoint)) {
        while (!endpoint_.url.empty() && endpoint_.url.back() == '/') endpoint_.url.pop_back();
        curl_lib_ = curl_library(unavailable_);  // loaded on the first transport, off the launch path
        if (!curl_lib_) return;
        curl_ = curl_lib_->easy_init();
        headers_ = curl_lib_->slist_append(headers_, "X-Experience-API-Version: 1.0.3");
        headers_ = curl_lib_->slist_append(headers_, "Content-Type: application/json");
        headers_ = curl_lib_->slist_append(headers_, "Accept: application/json");
    }
    ~CurlTransport() override {
        if (!curl_lib_) return;
        curl_lib_->slist_free_all(headers_);
        if (curl_) curl_lib_->easy_cleanup(curl_);
    }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    LrsPostResult post_statements(const json& batch) override {
        if (!curl_lib_) {
            // Retrying cannot load the library: the batch stays in the outbox with this message.
            LrsPostResult r;
            r.kind = LrsPostResult::Kind::Unavailable;
            r.message = "cannot send to the LRS at " + endpoint_.url + "/statements: " + unavailable_;
            return r;
        }
        std::string body, error;
        long status = 0;
        std::string payload = batch.dump();
        exchange(endpoint_.url + "/statements", &payload, body, status, error);
        return classify_post_answer(status, body, error, batch, endpoint_.url);
    }

    bool get_page(const std::string& query, json& page, std::string& error) override {
        if (!curl_lib_) {
            error = "cannot ask the LRS at " + endpoint_.url + ": " + unavailable_;
            return false;
        }
        std::string url;
        if (query.rfind("http", 0) == 0) {
            url = query;
        } else if (!query.empty() && query.front() == '/') {
            // A "more" link is relative to the server: keep the scheme and authority of the endpoint.
            std::size_t host_end = endpoint_.url.find('/', endpoint_.url.find("://") + 3);
            url = endpoint_.url.substr(0, host_end) + query;
        } else {
            url = endpoint_.url + "/" + query;
        }
        std::string body, curl_error;
        long status = 0;
        if (!exchange(url, nullptr, body, status, curl_error)) {
            error = "cannot reach the LRS at " + url + ": " + curl_error;
            return false;
        }
        if (status != 200) {
            error = "the LRS at " + url + " answered HTTP " + std::to_string(status) + ": " + lrs_error_text(body);
            return false;
        }
        page = json::parse(body, nullptr, false);
        if (!page.is_object()) {
            error = "the LRS at " + url + " answered with something that is not a JSON object";
            return false;
        }
        return true;
    }

  private:
    // One request; false with curl's reason when there was no answer (or libcurl could not be loaded).
    bool exchange(const std::string& url, const std::string* post_body, std::string& body, long& status,
                  std::string& error) {
        if (!curl_lib_) {
            error = unavailable_;
            return false;
        }
        if (!curl_) {
            error = "libcurl could not start (curl_easy_init failed)";
            return false;
        }
        const CurlLibrary& lib = *curl_lib_;
        char reason[CURL_ERROR_SIZE] = {};
        lib.easy_reset(curl_);
        lib.easy_setopt(curl_, CURLOPT_URL, url.c_str());
        lib.easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
        lib.easy_setopt(curl_, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        lib.easy_setopt(curl_, CURLOPT_USERNAME, endpoint_.user.c_str());
        lib.easy_setopt(curl_, CURLOPT_PASSWORD, endpoint_.password.c_str());
        lib.easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, endpoint_.connect_timeout_ms);
        lib.easy_setopt(curl_, CURLOPT_TIMEOUT_MS, endpoint_.timeout_ms);
        lib.easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // safe on a background thread
        lib.easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
        lib.easy_setopt(curl_, CURLOPT_ERRORBUFFER, reason);
        lib.easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
        lib.easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        if (post_body) {
            lib.easy_setopt(curl_, CURLOPT_POST, 1L);
            lib.easy_setopt(curl_, CURLOPT_POSTFIELDS, post_body->data());
            lib.easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
        }
        CURLcode rc = lib.easy_perform(curl_);
        if (rc != CURLE_OK) {
            error = reason[0] ? std::string(reason) : std::string(lib.easy_strerror(rc));
            if (rc == CURLE_OPERATION_TIMEDOUT) error = "timed out (" + error + ")";
            if (rc == CURLE_COULDNT_CONNECT) error = "connection refused (" + error + ")";
            return false;
        }
        lib.easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        return true;
    }

    LrsEndpoint endpoint_;
    const CurlLibrary* curl_lib_ = nullptr;  // null when libcurl could not be loaded
    std::string unavailable_;                // then: why, naming the library
    CURL* curl_ = nullptr;
    curl_slist* headers_ = nullptr;
};

}  // namespace

std::unique_ptr<LrsTransport> make_curl_transport(const LrsEndpoint& endpoint) {
    return std::make_unique<CurlTransport>(endpoint);
}

//-----------------------------------------------------------------------------------------------------------
// [Reading back]
//-----------------------------------------------------------------------------------------------------------

namespace {

std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

bool fetch_statements(LrsTransport& transport, const std::string& registration, std::vector<json>& out,
                      std::string& error, int max_pages) {
    std::string query = "statements?registration=" + url_encode(registration) + "&ascending=true&limit=500";
    for (int page_number = 0; page_number < max_pages; ++page_number) {
        json page;
        if (!transport.get_page(query, page, error)) return false;
        auto statements = page.find("statements");
        if (statements == page.end() || !statements->is_array()) {
            error = "the LRS's answer has no \"statements\" array";
            return false;
        }
        for (auto& s : *statements) out.push_back(std::move(s));
        auto more = page.find("more");
        if (more == page.end() || !more->is_string() || more->get<std::string>().empty()) return true;
        query = more->get<std::string>();
    }
    error = "the LRS kept answering with more pages after " + std::to_string(max_pages) + "; stopped";
    return false;
}

namespace {

// `got` equals `want` but for "objectType" members the LRS filled in where `want` had none.
bool same_but_object_types(const json& want, const json& got) {
    if (want.is_object() && got.is_object()) {
        for (auto it = got.begin(); it != got.end(); ++it)
            if (!want.contains(it.key()) && it.key() != "objectType") return false;
        for (auto it = want.begin(); it != want.end(); ++it) {
            auto other = got.find(it.key());
            if (other == got.end() || !same_but_object_types(*it, *other)) return false;
        }
        return true;
    }
    if (want.is_array() && got.is_array()) {
        if (want.size() != got.size()) return false;
        for (std::size_t i = 0; i < want.size(); ++i)
            if (!same_but_object_types(want[i], got[i])) return false;
        return true;
    }
    return want == got;
}

}  // namespace

bool lrs_holds_same(const json& sent, const json& read_back) {
    if (!sent.is_object() || !read_back.is_object()) return false;
    json got = read_back;
    for (const char* added : {"stored", "authority", "version"})
        if (!sent.contains(added)) got.erase(added);
    // A statement sent without a timestamp is given the stored time.
    if (!sent.contains("timestamp")) got.erase("timestamp");
    return same_but_object_types(sent, got);
}

//-----------------------------------------------------------------------------------------------------------
// [Witness]
//-----------------------------------------------------------------------------------------------------------

WitnessReport witness(const std::vector<json>& expected, const std::vector<std::string>& labels,
                      const std::vector<json>& held) {
    WitnessReport report;
    std::map<std::string, const json*> by_id;
    for (const auto& s : held)
        if (s.is_object() && s.contains("id") && s["id"].is_string()) by_id[s["id"].get<std::string>()] = &s;
    std::map<std::string, bool> explained;
    std::string latest_stored;  // the latest "stored" of the lines witnessed so far
    for (std::size_t i = 0; i < expected.size(); ++i) {
        WitnessLine line;
        line.id = expected[i].value("id", std::string());
        line.label = i < labels.size() ? labels[i] : line.id;
        auto found = by_id.find(line.id);
        if (found == by_id.end()) {
            line.why = "the LRS holds no statement with this id (never sent, or sent elsewhere)";
        } else {
            explained[line.id] = true;
            const json& got = *found->second;
            line.stored = got.value("stored", std::string());
            if (!lrs_holds_same(expected[i], got)) {
                line.why = "the LRS holds a different statement under this id";
            } else if (line.stored.empty()) {
                line.why = "the LRS gave no stored time";
            } else if (line.stored < latest_stored) {
                // ISO 8601 times from one LRS share one form, so they order as text.
                line.why = "stored at " + line.stored + ", before an earlier line (stored " + latest_stored +
                           "): the record's order is not the order the LRS saw";
            } else {
                line.witnessed = true;
                latest_stored = line.stored;
                ++report.witnessed;
            }
        }
        report.lines.push_back(std::move(line));
    }
    for (const auto& s : held) {
        std::string id = s.is_object() ? s.value("id", std::string()) : std::string();
        if (!explained.count(id))
            report.unexplained.push_back(id + " (stored " +
                                         (s.is_object() ? s.value("stored", std::string("?")) : std::string("?")) +
                                         ")");
    }
    return report;
}

RecordWitness witness_record(const std::string& record_path, LrsTransport& transport) {
    RecordWitness w;
    XapiStatements made = xapi_statements_for(record_path);
    if (!made.ok) {
        w.error = "no statements can be made from this record: " + made.error;
        return w;
    }
    w.registration = made.registration;
    std::vector<std::string> labels;
    const std::string line_key = std::string(kXapiExtensionBase) + "record-line";
    for (const auto& s : made.statements) {
        std::string verb = s["verb"].value("id", std::string());
        verb = verb.substr(verb.rfind('/') + 1);
        std::string line = "?";
        if (s.contains("context") && s["context"].contains("extensions") &&
            s["context"]["extensions"].contains(line_key))
            line = s["context"]["extensions"][line_key].dump();
        labels.push_back("line " + line + " (" + verb + ")");
    }
    std::vector<json> held;
    if (!fetch_statements(transport, made.registration, held, w.error)) return w;
    w.report = witness(made.statements, labels, held);
    w.checked = true;
    return w;
}

std::string witness_summary(const RecordWitness& w, const std::string& url) {
    if (!w.checked) return "Witness not checked against the learning record store at " + url + ": " + w.error;
    const auto total = w.report.lines.size();
    if (w.report.all_witnessed())
        return "Witnessed by the learning record store at " + url + ": all " + std::to_string(total) +
               " statements stored as they happened, in order";
    std::string text = "UNWITNESSED by the learning record store at " + url + ": " +
                       std::to_string(total - static_cast<std::size_t>(w.report.witnessed)) + " of " +
                       std::to_string(total) + " statements not witnessed";
    for (const auto& line : w.report.lines)
        if (!line.witnessed) {
            text += " (first: " + line.label + ", " + line.why + ")";
            break;
        }
    if (!w.report.unexplained.empty())
        text += "; the LRS holds " + std::to_string(w.report.unexplained.size()) +
                " statements for this session that the record lacks (another attempt, or lines deleted and played "
                "again)";
    return text;
}

}  // namespace cp
