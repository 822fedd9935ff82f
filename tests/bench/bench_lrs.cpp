// Sending to a learning record store: statements per second to a local LRS, and the time to flush an outbox of
// 10,000 statements (100 sessions of 100). Reported figures (README, "Benchmarks"), never pass/fail.
// Run through tests/lrs/run.sh, which starts the test LRS and sets COUNTERPART_TEST_LRS_URL:
//   tests/lrs/run.sh build/release/tests/bench/counterpart_bench_lrs [--quick]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "lrs.hpp"
#include "lrs_outbox.hpp"
#include "sha256.hpp"

using namespace cp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string uuid_of(const std::string& text) {
    std::string h = sha256_hex(text).substr(0, 32);
    h[12] = '5';
    h[16] = '8';
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

// A statement the size of a Counterpart "answered" statement (about 1 KB).
json statement(const std::string& run, int session, int step) {
    std::string s = run + "/" + std::to_string(session);
    return {{"id", uuid_of(s + "/" + std::to_string(step))},
            {"actor", {{"name", "Learner " + std::to_string(session)},
                       {"account", {{"homePage", "https://counterpart.example"}, {"name", "learner-" + std::to_string(session)}}}}},
            {"verb", {{"id", "http://adlnet.gov/expapi/verbs/answered"}, {"display", {{"en-GB", "answered"}}}}},
            {"object", {{"id", "https://counterpart.example/scenarios/bench/nodes/n" + std::to_string(step)},
                        {"definition", {{"name", {{"en-GB", "Decision at step " + std::to_string(step)}}},
                                        {"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                                        {"interactionType", "choice"}}}}},
            {"result", {{"response", "c" + std::to_string(step % 3)}, {"success", step % 2 == 0},
                        {"extensions", {{"https://counterpart.example/xapi/grade", "acceptable"}}}}},
            {"context", {{"registration", uuid_of(s)},
                         {"extensions", {{"https://counterpart.example/xapi/line-hash", sha256_hex(s + std::to_string(step))}}}}},
            {"timestamp", "2026-11-24T09:30:00.000Z"}};
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::string(argv[1]) == "--quick";
    const char* url = std::getenv("COUNTERPART_TEST_LRS_URL");
    if (!url) {
        std::fprintf(stderr, "counterpart_bench_lrs: run through tests/lrs/run.sh (COUNTERPART_TEST_LRS_URL unset)\n");
        return 2;
    }
    const char* user = std::getenv("COUNTERPART_TEST_LRS_USER");
    const char* password = std::getenv("COUNTERPART_TEST_LRS_PASSWORD");
    LrsEndpoint endpoint{url, user ? user : "counterpart", password ? password : "test-secret"};
    const std::string run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    const int sessions = quick ? 5 : 100, per_session = quick ? 20 : 100;

    // Direct POSTs, batch sizes 1 and 100: the LRS's own rate over loopback.
    auto transport = make_curl_transport(endpoint);
    for (std::size_t batch_size : {std::size_t(1), std::size_t(100)}) {
        const int total = quick ? 40 : 1000;
        auto t0 = std::chrono::steady_clock::now();
        for (int start = 0; start < total; start += static_cast<int>(batch_size)) {
            json batch = json::array();
            for (int i = start; i < start + static_cast<int>(batch_size) && i < total; ++i)
                batch.push_back(statement(run + "direct" + std::to_string(batch_size), 0, i));
            LrsPostResult r = transport->post_statements(batch);
            if (r.kind != LrsPostResult::Kind::Accepted) {
                std::fprintf(stderr, "counterpart_bench_lrs: %s\n", r.message.c_str());
                return 1;
            }
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("POST, batches of %3zu: %5d statements in %.2f s = %.0f statements/s\n", batch_size, total, s,
                    total / s);
    }

    // The outbox: queue sessions, then flush them all.
    fs::path dir = fs::temp_directory_path() / ("counterpart-bench-outbox-" + run);
    auto q0 = std::chrono::steady_clock::now();
    for (int s = 0; s < sessions; ++s) {
        std::vector<json> statements;
        for (int i = 0; i < per_session; ++i) statements.push_back(statement(run, s, i));
        std::string error;
        if (!outbox_enqueue(dir.string(), "session-" + std::to_string(s), statements, "", error)) {
            std::fprintf(stderr, "counterpart_bench_lrs: %s\n", error.c_str());
            return 1;
        }
    }
    double queued = std::chrono::duration<double>(std::chrono::steady_clock::now() - q0).count();
    auto f0 = std::chrono::steady_clock::now();
    FlushReport r = outbox_flush(dir.string(), *transport, RetryPolicy{});
    double flushed = std::chrono::duration<double>(std::chrono::steady_clock::now() - f0).count();
    fs::remove_all(dir);
    if (!r.ok()) {
        std::fprintf(stderr, "counterpart_bench_lrs: flush left %d pending: %s\n", r.statements_pending,
                     r.problems.empty() ? "" : r.problems.front().c_str());
        return 1;
    }
    std::printf("outbox of %d statements (%d sessions): queued in %.2f s, flushed in %.2f s = %.0f statements/s\n",
                sessions * per_session, sessions, queued, flushed, sessions * per_session / flushed);
    return 0;
}
