// The app's background LRS sender (lrs_sender.hpp): the connection test's answers, and, against the real
// test LRS (tests/lrs/run.sh), a played record queued and delivered by the sender thread.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli.hpp"
#include "lrs.hpp"
#include "lrs_outbox.hpp"
#include "lrs_sender.hpp"
#include "support.hpp"
#include "xapi.hpp"

using namespace cp;

TEST_CASE("The connection test names an unreachable LRS and a bad address", "[lrs-app]") {
    LrsCheck closed = check_lrs_connection({"http://127.0.0.1:9/xAPI", "key", "secret"});
    CHECK_FALSE(closed.ok);
    CHECK(closed.message.find("cannot reach the LRS at http://127.0.0.1:9/xAPI") != std::string::npos);
    LrsCheck bad = check_lrs_connection({"lrs.college.example", "key", "secret"});
    CHECK_FALSE(bad.ok);
    CHECK(bad.message == lrs_url_problem("lrs.college.example"));
}

TEST_CASE("LRS: the background sender delivers a queued record, and the connection test accepts and refuses",
          "[.lrs]") {
    const char* url = std::getenv("COUNTERPART_TEST_LRS_URL");
    if (!url || !*url) FAIL("COUNTERPART_TEST_LRS_URL is not set: run these through tests/lrs/run.sh (ctest -L lrs)");
    const char* user = std::getenv("COUNTERPART_TEST_LRS_USER");
    const char* password = std::getenv("COUNTERPART_TEST_LRS_PASSWORD");
    LrsEndpoint endpoint{url, user ? user : "counterpart", password ? password : "test-secret"};

    CHECK(check_lrs_connection(endpoint).ok);
    LrsEndpoint wrong = endpoint;
    wrong.password = "not-the-secret";
    LrsCheck refused = check_lrs_connection(wrong);
    CHECK_FALSE(refused.ok);
    CHECK(refused.message.find("401") != std::string::npos);

    std::string dir = test::temp_dir();
    test::ScopedEnv data("XDG_DATA_HOME", dir + "/data");
    test::ScopedEnv scenarios("COUNTERPART_SCENARIOS", std::string(COUNTERPART_SHIPPED_SCENARIOS));
    const std::string record = dir + "/sent-by-app.jsonl";
    {
        std::istringstream in("1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n");
        std::ostringstream out, err;
        REQUIRE(cli::play({"complaint-counter", "--learner", "Bea", "--record", record, "--seed", "7"}, in, out, err) == 0);
    }
    XapiStatements made = xapi_statements_for(record);
    REQUIRE(made.ok);
    LrsSender sender(dir + "/outbox", endpoint);
    std::string error;
    REQUIRE(sender.queue_record(record, error));
    sender.send_now_and_wait();
    CHECK(outbox_sent(dir + "/outbox", "session-" + made.registration));
    CHECK(sender.status() == "All statements sent to the LRS.");
    auto transport = make_curl_transport(endpoint);
    std::vector<nlohmann::json> held;
    REQUIRE(fetch_statements(*transport, made.registration, held, error));
    std::vector<std::string> labels(made.statements.size(), "line");
    CHECK(witness(made.statements, labels, held).all_witnessed());
}
