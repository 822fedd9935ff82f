// The LRS client and the outbox. Tests tagged [outbox] need nothing; tests tagged [.lrs] talk to a real
// learning record store (Learning Locker, in memory) started by tests/lrs/run.sh, which sets
// COUNTERPART_TEST_LRS_URL / _USER / _PASSWORD and runs them through ctest (label lrs).
//
// Index: [Helpers] [Answers and back-off] [Outbox files] [Against a real LRS]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli.hpp"
#include "lrs.hpp"
#include "lrs_outbox.hpp"
#include "sha256.hpp"
#include "support.hpp"

using namespace cp;
using nlohmann::json;
namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {

// A name-based UUID (version 5 layout) from `text`, as xAPI wants for ids and registrations.
std::string test_uuid(const std::string& text) {
    std::string h = sha256_hex(text).substr(0, 32);
    h[12] = '5';
    h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// `count` statements of one session (registration), as a record would give them. `run` makes them unique per
// test run, since the LRS lives for the whole run.
std::vector<json> session_statements(const std::string& session, int count, const std::string& run) {
    std::vector<json> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({{"id", test_uuid(run + session + "/" + std::to_string(i))},
                       {"actor", {{"objectType", "Agent"}, {"name", "Learner " + session},
                                  {"account", {{"homePage", "https://counterpart.invalid"}, {"name", session}}}}},
                       {"verb", {{"id", "http://adlnet.gov/expapi/verbs/responded"}, {"display", {{"en-GB", "responded"}}}}},
                       {"object", {{"id", "https://counterpart.invalid/scenarios/test/steps/" + std::to_string(i)},
                                   {"definition", {{"name", {{"en-GB", "Step " + std::to_string(i)}}}}}}},
                       {"result", {{"response", "choice " + std::to_string(i)}, {"success", i % 2 == 0}}},
                       {"context", {{"registration", test_uuid(run + session)},
                                    {"extensions", {{"https://counterpart.invalid/xapi/record-line-sha256",
                                                     sha256_hex(session + std::to_string(i))}}}}},
                       {"timestamp", "2026-11-24T09:30:0" + std::to_string(i % 10) + ".000Z"}});
    }
    return out;
}

std::string run_id() {
    static const std::string id = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    return id;
}

// A transport that answers from a script, for the back-off tests.
struct ScriptedTransport : LrsTransport {
    std::vector<LrsPostResult::Kind> answers;  // one per POST, in order; then Accepted
    std::vector<std::size_t> batch_sizes;
    LrsPostResult post_statements(const json& batch) override {
        LrsPostResult r;
        std::size_t n = batch_sizes.size();
        batch_sizes.push_back(batch.size());
        r.kind = n < answers.size() ? answers[n] : LrsPostResult::Kind::Accepted;
        r.http_status = r.kind == LrsPostResult::Kind::Accepted ? 200 : 0;
        if (r.kind == LrsPostResult::Kind::Transient) r.message = "cannot reach the LRS: connection refused";
        return r;
    }
    bool get_page(const std::string&, json&, std::string& error) override {
        error = "not scripted";
        return false;
    }
};

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Answers and back-off]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("A rejected statement is named by its id with the LRS's own reason", "[outbox]") {
    json batch = json::array({{{"id", "aaaaaaaa-0000-5000-8000-000000000000"}},
                              {{"id", "bbbbbbbb-0000-5000-8000-000000000000"}}});
    // Learning Locker's answer to an invalid verb IRI in the second statement.
    std::string body =
        R"({"errorId":"x","warnings":["Problem in 'statements.1.verb.id'. Received '\"not an iri\"'"]})";
    LrsPostResult r = classify_post_answer(400, body, "", batch, "http://127.0.0.1:1/xAPI");
    CHECK(r.kind == LrsPostResult::Kind::Rejected);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].first == 1);
    CHECK(r.message.find("bbbbbbbb-0000-5000-8000-000000000000") != std::string::npos);
    CHECK(r.message.find("verb.id") != std::string::npos);
    CHECK(r.message.find("HTTP 400") != std::string::npos);

    CHECK(classify_post_answer(401, R"({"message":"Unauthorised"})", "", batch, "u").kind ==
          LrsPostResult::Kind::Unauthorized);
    CHECK(classify_post_answer(503, "busy", "", batch, "u").kind == LrsPostResult::Kind::Transient);
    CHECK(classify_post_answer(409, "{}", "", batch, "u").kind == LrsPostResult::Kind::Conflict);
    CHECK(classify_post_answer(200, "[]", "", batch, "u").kind == LrsPostResult::Kind::Accepted);
}

TEST_CASE("An LRS that is not there is reported as connection refused", "[outbox]") {
    // A port nobody listens on: bind one, note it, close it.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    ::close(fd);
    LrsEndpoint endpoint{"http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/xAPI", "u", "p"};
    auto transport = make_curl_transport(endpoint);
    LrsPostResult r = transport->post_statements(json::array({{{"id", "x"}}}));
    CHECK(r.kind == LrsPostResult::Kind::Transient);
    CHECK(r.message.find("connection refused") != std::string::npos);
    CHECK(r.message.find(endpoint.url + "/statements") != std::string::npos);
}

TEST_CASE("Back-off doubles from the first delay and stops at the cap", "[outbox]") {
    RetryPolicy p;
    p.first_delay = std::chrono::milliseconds(500);
    p.max_delay = std::chrono::milliseconds(3000);
    CHECK(backoff_delay(p, 1).count() == 500);
    CHECK(backoff_delay(p, 2).count() == 1000);
    CHECK(backoff_delay(p, 3).count() == 2000);
    CHECK(backoff_delay(p, 4).count() == 3000);
    CHECK(backoff_delay(p, 40).count() == 3000);
}

TEST_CASE("A flush retries a failing LRS with back-off and marks the session sent only when all is accepted",
          "[outbox]") {
    std::string dir = test::temp_dir();
    std::string error;
    REQUIRE(outbox_enqueue(dir, "s1", session_statements("s1", 5, "unit"), "s1.jsonl", error));
    std::vector<long long> slept;
    RetryPolicy policy;
    policy.batch_size = 2;
    policy.attempts = 3;
    policy.sleep = [&](std::chrono::milliseconds d) { slept.push_back(d.count()); };

    SECTION("two failures, then the LRS answers") {
        ScriptedTransport lrs;
        lrs.answers = {LrsPostResult::Kind::Transient, LrsPostResult::Kind::Transient};
        FlushReport r = outbox_flush(dir, lrs, policy);
        CHECK(r.ok());
        CHECK(r.retries == 2);
        CHECK(slept == std::vector<long long>{500, 1000});
        CHECK(lrs.batch_sizes == std::vector<std::size_t>{2, 2, 2, 2, 1});
        CHECK(r.statements_accepted == 5);
        CHECK(outbox_sent(dir, "s1"));
        CHECK_FALSE(fs::exists(dir + "/s1.json"));
    }
    SECTION("the LRS stays away after the first batch: the rest stays in the outbox, not marked sent") {
        ScriptedTransport lrs;
        lrs.answers = {LrsPostResult::Kind::Accepted, LrsPostResult::Kind::Transient, LrsPostResult::Kind::Transient,
                       LrsPostResult::Kind::Transient};
        FlushReport r = outbox_flush(dir, lrs, policy);
        CHECK_FALSE(r.ok());
        CHECK(r.lrs_unreachable);
        CHECK(r.statements_accepted == 2);
        CHECK(r.statements_pending == 3);
        CHECK_FALSE(outbox_sent(dir, "s1"));
        OutboxEntry left = read_outbox_entry(dir + "/s1.json");
        REQUIRE(left.error.empty());
        REQUIRE(left.statements.size() == 3);
        CHECK(left.statements[0]["id"] == session_statements("s1", 5, "unit")[2]["id"]);
        CHECK(left.last_error.find("connection refused") != std::string::npos);
        CHECK(outbox_status_text(outbox_status(dir)).find("3 statements of 1 session") != std::string::npos);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Outbox files]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("Queueing the same statements twice keeps one copy of each", "[outbox]") {
    std::string dir = test::temp_dir();
    std::string error;
    auto statements = session_statements("twice", 3, "unit");
    REQUIRE(outbox_enqueue(dir, "twice", statements, "", error));
    REQUIRE(outbox_enqueue(dir, "twice", statements, "", error));
    OutboxEntry e = read_outbox_entry(dir + "/twice.json");
    REQUIRE(e.error.empty());
    CHECK(e.statements.size() == 3);
    CHECK((fs::status(dir + "/twice.json").permissions() & fs::perms::others_read) == fs::perms::none);
    CHECK_FALSE(outbox_enqueue(dir, "../escape", statements, "", error));
    CHECK(error.find("cannot name an outbox file") != std::string::npos);
    CHECK_FALSE(outbox_enqueue(dir, "noid", {json{{"verb", 1}}}, "", error));
    CHECK(error.find("no string \"id\"") != std::string::npos);
}

TEST_CASE("A hostile outbox file gives a clear error with its place, is left alone, and others still go",
          "[outbox]") {
    std::string dir = test::temp_dir();
    std::string error;
    REQUIRE(outbox_enqueue(dir, "good", session_statements("good", 2, "unit"), "", error));
    struct Case {
        const char* text;
        const char* says;
    };
    const Case cases[] = {
        {"{\"counterpart_outbox\": 1, \"key\": \"bad\", \"statements\": [", "bad.json:1:"},
        {"[1, 2]", "outbox file is a JSON object"},
        {"{\"counterpart_outbox\": 2, \"key\": \"bad\", \"statements\": []}", "/counterpart_outbox"},
        {"{\"counterpart_outbox\": 1, \"key\": \"other\", \"statements\": []}", "/key"},
        {"{\"counterpart_outbox\": 1, \"key\": \"bad\", \"statements\": {}}", "/statements"},
        {"{\"counterpart_outbox\": 1, \"key\": \"bad\", \"statements\": [{\"id\": \"a\"}, 7]}", "/statements/1"},
        {"{\"counterpart_outbox\": 1, \"key\": \"bad\",\n \"statements\": [{\"id\": 12}]}", "bad.json:2:"},
        {"", "bad.json"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        write_text(dir + "/bad.json", c.text);
        OutboxEntry e = read_outbox_entry(dir + "/bad.json");
        CHECK(e.error.find(c.says) != std::string::npos);
        CHECK(e.statements.empty());
    }
    ScriptedTransport lrs;
    FlushReport r = outbox_flush(dir, lrs, RetryPolicy{});
    CHECK(r.sessions_sent == 1);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("bad.json") != std::string::npos);
    CHECK(test::read_file(dir + "/bad.json").empty());  // left as it was
    CHECK_FALSE(outbox_enqueue(dir, "bad", session_statements("bad", 1, "unit"), "", error));
    CHECK(error.find("bad.json") != std::string::npos);
}

TEST_CASE("The LRS as witness: an untouched record is witnessed, a replayed tail is flagged", "[outbox]") {
    auto original = session_statements("witness", 5, "unit");
    std::vector<json> held;
    for (std::size_t i = 0; i < original.size(); ++i) {
        json s = original[i];
        s["stored"] = "2026-11-24T09:31:0" + std::to_string(i) + ".000Z";
        s["authority"] = {{"mbox", "mailto:lrs@example.org"}};
        s["version"] = "1.0.0";
        s["object"]["objectType"] = "Activity";  // as Learning Locker fills it in
        held.push_back(s);
    }
    std::vector<std::string> labels = {"line 1", "line 2", "line 3", "line 4", "line 5"};
    WitnessReport untouched = witness(original, labels, held);
    CHECK(untouched.all_witnessed());
    CHECK(untouched.witnessed == 5);

    // Lines 4 and 5 deleted and played again locally: new lines, new ids; the LRS still holds the old ones.
    auto replayed = original;
    replayed[3]["id"] = test_uuid("replayed-4");
    replayed[4]["id"] = test_uuid("replayed-5");
    WitnessReport report = witness(replayed, labels, held);
    CHECK_FALSE(report.all_witnessed());
    CHECK(report.witnessed == 3);
    CHECK(report.lines[3].why.find("no statement with this id") != std::string::npos);
    REQUIRE(report.unexplained.size() == 2);
    CHECK(report.unexplained[0].find(original[3]["id"].get<std::string>()) != std::string::npos);

    // Same ids, content edited afterwards.
    auto edited = original;
    edited[1]["result"]["response"] = "a better choice";
    CHECK(witness(edited, labels, held).lines[1].why.find("different statement") != std::string::npos);

    // Stored out of the record's order.
    auto swapped = held;
    std::swap(swapped[1]["stored"], swapped[2]["stored"]);
    CHECK(witness(original, labels, swapped).lines[2].why.find("before an earlier line") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Against a real LRS]
//-----------------------------------------------------------------------------------------------------------

namespace {

LrsEndpoint test_lrs() {
    const char* url = std::getenv("COUNTERPART_TEST_LRS_URL");
    if (!url || !*url) FAIL("COUNTERPART_TEST_LRS_URL is not set: run these through tests/lrs/run.sh (ctest -L lrs)");
    const char* user = std::getenv("COUNTERPART_TEST_LRS_USER");
    const char* password = std::getenv("COUNTERPART_TEST_LRS_PASSWORD");
    return LrsEndpoint{url, user ? user : "counterpart", password ? password : "test-secret"};
}

std::vector<json> read_back(const LrsEndpoint& endpoint, const std::string& registration) {
    auto transport = make_curl_transport(endpoint);
    std::vector<json> held;
    std::string error;
    INFO(error);
    REQUIRE(fetch_statements(*transport, registration, held, error));
    return held;
}

// Every statement sent is held exactly once, with the same content.
void check_held_exactly(const LrsEndpoint& endpoint, const std::vector<json>& sent) {
    auto held = read_back(endpoint, sent.front()["context"]["registration"].get<std::string>());
    REQUIRE(held.size() == sent.size());
    for (const auto& s : sent) {
        int copies = 0;
        for (const auto& h : held)
            if (h["id"] == s["id"]) {
                ++copies;
                CAPTURE(s.dump(), h.dump());
                CHECK(lrs_holds_same(s, h));
            }
        CHECK(copies == 1);
    }
}

RetryPolicy quick_policy(std::size_t batch) {
    RetryPolicy p;
    p.batch_size = batch;
    p.attempts = 4;
    p.first_delay = std::chrono::milliseconds(10);
    p.max_delay = std::chrono::milliseconds(50);
    return p;
}

// A loopback proxy in front of the LRS that passes each request on and can throw the answer away: the LRS
// has stored the batch, the client hears nothing (the network failing at the worst moment).
class DroppingProxy {
  public:
    DroppingProxy(std::string upstream_host_port) {
        auto colon = upstream_host_port.rfind(':');
        upstream_port_ = std::stoi(upstream_host_port.substr(colon + 1));
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        ::listen(listener_, 8);
        thread_ = std::thread([this] { serve(); });
    }
    ~DroppingProxy() {
        stopping_ = true;
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        thread_.join();
    }
    int port() const { return port_; }
    std::atomic<int> drop_answers{0};  // throw away this many answers from now on
    std::atomic<int> forwarded{0};

  private:
    // Reads one HTTP message (headers, then Content-Length bytes). Empty on failure.
    static std::string read_message(int fd) {
        std::string data;
        char buf[65536];
        std::size_t header_end = std::string::npos, want = 0;
        while (true) {
            if (header_end == std::string::npos) {
                header_end = data.find("\r\n\r\n");
                if (header_end != std::string::npos) {
                    std::string head = data.substr(0, header_end);
                    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    auto cl = head.find("content-length:");
                    want = header_end + 4 + (cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15)));
                }
            }
            if (header_end != std::string::npos && data.size() >= want) return data;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return {};
            data.append(buf, static_cast<std::size_t>(n));
        }
    }
    static void send_all(int fd, const std::string& text) {
        std::size_t at = 0;
        while (at < text.size()) {
            ssize_t n = ::send(fd, text.data() + at, text.size() - at, MSG_NOSIGNAL);
            if (n <= 0) return;
            at += static_cast<std::size_t>(n);
        }
    }
    void serve() {
        while (!stopping_) {
            int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            std::string request = read_message(client);
            int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            a.sin_port = htons(static_cast<uint16_t>(upstream_port_));
            if (!request.empty() && ::connect(upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
                send_all(upstream, request);
                std::string answer = read_message(upstream);
                ++forwarded;
                if (drop_answers > 0) {
                    --drop_answers;  // the LRS has the batch; the client gets a closed connection
                } else {
                    // One request per connection, so the client never reuses one we are about to close.
                    auto line_end = answer.find("\r\n");
                    if (line_end != std::string::npos) answer.insert(line_end + 2, "Connection: close\r\n");
                    send_all(client, answer);
                }
            }
            ::close(upstream);
            ::close(client);
        }
    }
    int listener_ = -1;
    int port_ = 0;
    int upstream_port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// "http://127.0.0.1:PORT/xAPI" -> "127.0.0.1:PORT", "/xAPI"
std::pair<std::string, std::string> split_url(const std::string& url) {
    auto host = url.find("://") + 3;
    auto path = url.find('/', host);
    return {url.substr(host, path - host), url.substr(path)};
}

// Wraps a transport and takes the LRS away (connection refused) after `allowed` POSTs.
struct VanishingLrs : LrsTransport {
    LrsTransport& real;
    int allowed;
    int posts = 0;
    VanishingLrs(LrsTransport& r, int n) : real(r), allowed(n) {}
    LrsPostResult post_statements(const json& batch) override {
        if (posts++ < allowed) return real.post_statements(batch);
        return classify_post_answer(0, "", "connection refused (Failed to connect)", batch, "http://lrs");
    }
    bool get_page(const std::string& q, json& page, std::string& error) override {
        return real.get_page(q, page, error);
    }
};

}  // namespace

TEST_CASE("LRS: every statement of several sessions is accepted and reads back as sent", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    std::string dir = test::temp_dir();
    std::string error;
    std::vector<std::vector<json>> sessions;
    for (int s = 0; s < 4; ++s) {
        sessions.push_back(session_statements("several-" + std::to_string(s), 7 + s * 5, run_id()));
        REQUIRE(outbox_enqueue(dir, "several-" + std::to_string(s), sessions.back(), "", error));
    }
    auto transport = make_curl_transport(endpoint);
    FlushReport r = outbox_flush(dir, *transport, quick_policy(10));
    INFO((r.problems.empty() ? "" : r.problems.front()));
    CHECK(r.ok());
    CHECK(r.sessions_sent == 4);
    for (const auto& sent : sessions) check_held_exactly(endpoint, sent);

    // Sending again (a second queueing of the same sessions) stores nothing twice.
    for (int s = 0; s < 4; ++s) REQUIRE(outbox_enqueue(dir, "several-" + std::to_string(s), sessions[s], "", error));
    FlushReport again = outbox_flush(dir, *transport, quick_policy(10));
    CHECK(again.ok());
    CHECK(again.statements_accepted == 7 + 12 + 17 + 22);
    for (const auto& sent : sessions) check_held_exactly(endpoint, sent);
}

TEST_CASE("LRS: answers lost mid-batch are retried and nothing is lost or duplicated", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    auto [host_port, path] = split_url(endpoint.url);
    DroppingProxy proxy(host_port);
    LrsEndpoint via_proxy = endpoint;
    via_proxy.url = "http://127.0.0.1:" + std::to_string(proxy.port()) + path;
    std::string dir = test::temp_dir();
    std::string error;
    auto sent = session_statements("dropped", 25, run_id());
    REQUIRE(outbox_enqueue(dir, "dropped", sent, "", error));
    proxy.drop_answers = 2;  // the first batch's answer and its first retry's answer vanish
    auto transport = make_curl_transport(via_proxy);
    FlushReport r = outbox_flush(dir, *transport, quick_policy(10));
    CHECK(r.ok());
    CHECK(r.retries == 2);
    CHECK(proxy.forwarded == 5);  // 3 batches, the first sent three times
    CHECK(outbox_sent(dir, "dropped"));
    check_held_exactly(endpoint, sent);
}

TEST_CASE("LRS: the LRS gone between batches keeps the rest in the outbox until it is back", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    std::string dir = test::temp_dir();
    std::string error;
    auto sent = session_statements("vanishing", 30, run_id());
    REQUIRE(outbox_enqueue(dir, "vanishing", sent, "", error));
    auto real = make_curl_transport(endpoint);
    VanishingLrs vanishing(*real, 1);
    FlushReport down = outbox_flush(dir, vanishing, quick_policy(10));
    CHECK(down.lrs_unreachable);
    CHECK(down.statements_accepted == 10);
    CHECK(down.statements_pending == 20);
    CHECK_FALSE(outbox_sent(dir, "vanishing"));
    CHECK(read_back(endpoint, sent.front()["context"]["registration"]).size() == 10);
    OutboxEntry left = read_outbox_entry(dir + "/vanishing.json");
    REQUIRE(left.statements.size() == 20);
    CHECK(left.last_error.find("connection refused") != std::string::npos);

    FlushReport back = outbox_flush(dir, *real, quick_policy(10));
    CHECK(back.ok());
    CHECK(outbox_sent(dir, "vanishing"));
    check_held_exactly(endpoint, sent);
}

TEST_CASE("LRS: a statement the LRS rejects is reported with its reason and stays in the outbox", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    std::string dir = test::temp_dir();
    std::string error;
    auto statements = session_statements("rejected", 6, run_id());
    statements[3]["verb"]["id"] = "not an IRI";
    std::string bad_id = statements[3]["id"];
    REQUIRE(outbox_enqueue(dir, "rejected", statements, "", error));
    auto transport = make_curl_transport(endpoint);
    FlushReport r = outbox_flush(dir, *transport, quick_policy(10));
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.lrs_unreachable);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find(bad_id) != std::string::npos);
    CHECK(r.problems[0].find("verb.id") != std::string::npos);
    CHECK(r.problems[0].find("HTTP 400") != std::string::npos);
    CHECK(r.statements_accepted == 5);
    CHECK_FALSE(outbox_sent(dir, "rejected"));
    OutboxEntry left = read_outbox_entry(dir + "/rejected.json");
    REQUIRE(left.statements.size() == 1);
    CHECK(left.statements[0]["id"] == bad_id);
    CHECK(left.last_error.find("verb.id") != std::string::npos);
    CHECK(read_back(endpoint, statements.front()["context"]["registration"]).size() == 5);
}

TEST_CASE("LRS: a wrong password is refused by name and nothing leaves the outbox", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    endpoint.password = "wrong";
    std::string dir = test::temp_dir();
    std::string error;
    REQUIRE(outbox_enqueue(dir, "wrongpw", session_statements("wrongpw", 3, run_id()), "", error));
    auto transport = make_curl_transport(endpoint);
    FlushReport r = outbox_flush(dir, *transport, quick_policy(10));
    CHECK(r.lrs_unreachable);
    CHECK(r.statements_pending == 3);
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems[0].find("refused the credentials (HTTP 401)") != std::string::npos);
}

TEST_CASE("LRS: a record replayed after deleting lines is flagged by the witness check", "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    std::string dir = test::temp_dir();
    std::string error;
    auto original = session_statements("witnessed", 6, run_id());
    REQUIRE(outbox_enqueue(dir, "witnessed", original, "", error));
    auto transport = make_curl_transport(endpoint);
    REQUIRE(outbox_flush(dir, *transport, quick_policy(4)).ok());
    std::vector<std::string> labels(6, "line");
    auto held = read_back(endpoint, original.front()["context"]["registration"]);
    CHECK(witness(original, labels, held).all_witnessed());

    auto replayed = original;
    replayed[5]["id"] = test_uuid(run_id() + "replayed line 6");
    replayed[5]["result"]["response"] = "another choice";
    REQUIRE(outbox_enqueue(dir, "witnessed-again", {replayed[5]}, "", error));
    REQUIRE(outbox_flush(dir, *transport, quick_policy(4)).ok());
    held = read_back(endpoint, original.front()["context"]["registration"]);
    WitnessReport report = witness(replayed, labels, held);
    CHECK_FALSE(report.all_witnessed());
    REQUIRE(report.unexplained.size() == 1);
    CHECK(report.unexplained[0].find(original[5]["id"].get<std::string>()) != std::string::npos);
}

TEST_CASE("LRS: xapi --lrs sends a played record, verify --lrs witnesses it and flags a tail played again",
          "[.lrs]") {
    LrsEndpoint endpoint = test_lrs();
    std::string dir = test::temp_dir();
    test::ScopedEnv data("XDG_DATA_HOME", dir + "/data");
    test::ScopedEnv config("XDG_CONFIG_HOME", dir + "/config");
    test::ScopedEnv scenarios("COUNTERPART_SCENARIOS", std::string(COUNTERPART_SHIPPED_SCENARIOS));
    test::ScopedEnv password(kLrsPasswordEnv, endpoint.password);
    const std::string first = dir + "/first.jsonl", again = dir + "/again.jsonl";
    {
        std::istringstream in("1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n");
        std::ostringstream out, err;
        REQUIRE(cli::play({"complaint-counter", "--learner", "Ann", "--record", first, "--seed", "1"}, in, out, err) == 0);
    }
    const cli::Args lrs = {"--lrs", endpoint.url, "--user", endpoint.user};
    auto run = [&](int (*command)(const cli::Args&, std::ostream&, std::ostream&), cli::Args args, std::string& said) {
        args.insert(args.end(), lrs.begin(), lrs.end());
        std::ostringstream out, err;
        int rc = command(args, out, err);
        said = out.str() + err.str();
        return rc;
    };
    std::string said;
    CHECK(run(cli::xapi, {first}, said) == 0);
    CHECK(said.find("1 session now fully sent") != std::string::npos);
    CHECK(run(cli::xapi, {first}, said) == 0);  // again: accepted, nothing stored twice
    CHECK(run(cli::verify, {first}, said) == 0);
    CHECK(said.find("lines witnessed.") != std::string::npos);
    CHECK(said.find("UNWITNESSED") == std::string::npos);

    // The record's last lines deleted and the session played again from there with other choices.
    std::string text = test::read_file(first), kept;
    for (std::size_t at = 0, lines = 0; lines < 5 && at < text.size(); ++lines) {
        std::size_t end = text.find('\n', at) + 1;
        kept += text.substr(at, end - at);
        at = end;
    }
    write_text(again, kept);
    {
        std::istringstream in("2\n2\n2\n2\n2\n2\n2\n2\n2\n2\n2\n2\n");
        std::ostringstream out, err;
        cli::play({"--resume", again}, in, out, err);
    }
    CHECK(run(cli::verify, {again}, said) == 1);
    CHECK(said.find("UNWITNESSED: line 6 (resumed)") != std::string::npos);
    CHECK(said.find("not in this record (another attempt, or lines deleted and played again)") != std::string::npos);
}
