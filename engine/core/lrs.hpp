// A client for a learning record store (LRS): xAPI 1.0.3 statements sent over HTTP(S) with libcurl, read
// back by registration, and the LRS's own answers turned into one clear message per failure. The statements
// are whatever the caller built (xapi.hpp builds them for session records); each must carry an "id".
//
// Why libcurl: a maintained HTTP/TLS client (proxies, certificates, timeouts, keep-alive) beats hand-written
// sockets; Debian's libcurl4-openssl-dev. It is loaded on the first transport, not at launch
// (curl_library.hpp).
//
// Index: [Endpoint] [Settings] [Answers] [Transport] [Reading back] [Witness]
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Endpoint]
//-----------------------------------------------------------------------------------------------------------

struct LrsEndpoint {
    std::string url;       // the xAPI base ("http://127.0.0.1:8080/xAPI"); "/statements" is added
    std::string user;      // Basic auth key
    std::string password;  // Basic auth secret (never written into logs or messages)
    long connect_timeout_ms = 5000;
    long timeout_ms = 30000;  // a whole request, answer included
};

// The environment variable the CLI reads the password from, so it stays out of shell history.
inline constexpr const char* kLrsPasswordEnv = "COUNTERPART_LRS_PASSWORD";

// Why an LRS URL cannot be used ("must start with http:// or https://"); empty when it can.
std::string lrs_url_problem(const std::string& url);

//-----------------------------------------------------------------------------------------------------------
// [Settings]
//-----------------------------------------------------------------------------------------------------------

// The LRS the user set in Settings: "lrs_url" and "lrs_user" in `config_dir`/settings.json, the password in
// `config_dir`/lrs-password (mode 0600, never in settings.json, which is shared more freely). Empty url: none.
LrsEndpoint load_lrs_settings(const std::string& config_dir);
// Writes the password file (0600, atomically); an empty password removes it. False with a reason.
bool save_lrs_password(const std::string& config_dir, const std::string& password, std::string& error);

//-----------------------------------------------------------------------------------------------------------
// [Answers]
//-----------------------------------------------------------------------------------------------------------

// What one POST of a batch came to.
struct LrsPostResult {
    enum class Kind {
        Accepted,     // 200/204: every statement of the batch is stored (or was already, with the same content)
        Transient,    // no answer, a timeout, 408, 429 or 5xx: worth retrying later
        Rejected,     // 400: the LRS refused the batch for what is in it (see `rejected`)
        Conflict,     // 409: the LRS holds a different statement under one of these ids
        Unauthorized, // 401/403: the credentials are wrong; retrying cannot help
        Unavailable   // nothing was sent: libcurl cannot be loaded on this machine; retrying cannot help
    };
    Kind kind = Kind::Transient;
    long http_status = 0;  // 0 when there was no answer
    std::string message;   // one line for people: what failed and why, with the LRS's own words
    // For Rejected: the batch positions the LRS named ("statements.3.verb.id" names position 3), with the
    // LRS's reason for each. Empty when it named none.
    std::vector<std::pair<std::size_t, std::string>> rejected;
};

// A transport sends batches and reads statements back. The real one is libcurl; tests may wrap it (to drop a
// connection or take the LRS away between batches).
class LrsTransport {
  public:
    virtual ~LrsTransport() = default;
    // POSTs `batch` (a JSON array of statements) to <url>/statements.
    virtual LrsPostResult post_statements(const nlohmann::json& batch) = 0;
    // GETs one page: `query` is "statements?registration=..." or the LRS's "more" link. The body on 200,
    // else false with a message.
    virtual bool get_page(const std::string& query, nlohmann::json& page, std::string& error) = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Transport]
//-----------------------------------------------------------------------------------------------------------

// The libcurl transport: Basic auth, X-Experience-API-Version 1.0.3, JSON bodies, the endpoint's timeouts,
// one connection kept alive across requests. Not thread-safe: one per thread. Loads libcurl on first use;
// when it cannot, every request fails naming the library and the loader's reason (Kind::Unavailable).
std::unique_ptr<LrsTransport> make_curl_transport(const LrsEndpoint& endpoint);

// The result of an HTTP exchange turned into an LrsPostResult (exposed for tests of the wording).
// `curl_error` is non-empty when there was no answer at all.
LrsPostResult classify_post_answer(long http_status, const std::string& body, const std::string& curl_error,
                                   const nlohmann::json& batch, const std::string& url);

//-----------------------------------------------------------------------------------------------------------
// [Reading back]
//-----------------------------------------------------------------------------------------------------------

// Every statement the LRS holds for `registration`, oldest stored first, following "more" links (at most
// `max_pages`, so a looping LRS cannot hang us). False with a message on any failure.
bool fetch_statements(LrsTransport& transport, const std::string& registration,
                      std::vector<nlohmann::json>& out, std::string& error, int max_pages = 10000);

// A statement as read back, without what the LRS adds on storing: "stored", "authority", "version", and
// "objectType" where the sender left it out. Comparing this with what was sent tells whether the LRS holds
// exactly that statement.
bool lrs_holds_same(const nlohmann::json& sent, const nlohmann::json& read_back);

//-----------------------------------------------------------------------------------------------------------
// [Witness]
//-----------------------------------------------------------------------------------------------------------

// The LRS as witness of a record: every statement the record implies, in record order, against what the LRS
// holds for the record's registration.
struct WitnessLine {
    std::string id;      // the expected statement's id
    std::string label;   // what the caller calls it ("line 4 (choice)")
    bool witnessed = false;
    std::string why;     // when not witnessed: missing, different content, stored out of order
    std::string stored;  // the LRS's "stored" time when witnessed
};
struct WitnessReport {
    std::vector<WitnessLine> lines;
    std::vector<std::string> unexplained;  // statements the LRS holds for the registration the record lacks
    int witnessed = 0;
    bool all_witnessed() const { return witnessed == static_cast<int>(lines.size()) && unexplained.empty(); }
};
// `expected` and `labels` are parallel. Statements stored in the same instant (one batch) may share a time;
// a later record line stored strictly earlier than an earlier line is out of order.
WitnessReport witness(const std::vector<nlohmann::json>& expected, const std::vector<std::string>& labels,
                      const std::vector<nlohmann::json>& held);

// One record checked against the LRS: its statements (xapi.hpp), what the LRS holds for its registration, and
// the witness report. `checked` false with `error` when statements cannot be made or the LRS cannot be read.
struct RecordWitness {
    bool checked = false;
    std::string error;
    std::string registration;
    WitnessReport report;
};
RecordWitness witness_record(const std::string& record_path, LrsTransport& transport);
// One line for the replay's integrity banner: "Witnessed by the learning record store at URL: all 14 lines,
// stored as they happened" / "UNWITNESSED by ...: 3 of 14 lines missing ..." / "Witness not checked: ...".
std::string witness_summary(const RecordWitness& witness, const std::string& url);

}  // namespace cp
