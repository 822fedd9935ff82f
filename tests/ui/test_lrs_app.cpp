// The app and the learning record store, headless: Settings keep the LRS (password in a 0600 file), a
// finished session leaves its statements in the outbox, and an assessment's every record line is queued as
// it is written. No LRS is needed: the address points at a closed loopback port, so the background sender
// fails and the statements stay in the outbox where the tests read them.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

#include <imgui.h>

#include "app.hpp"
#include "lrs_outbox.hpp"
#include "record.hpp"
#include "xapi.hpp"

using namespace cp;
using namespace cp::ui;
namespace fs = std::filesystem;

namespace {

// An address nothing listens on: the sender's flush fails at once with "connection refused".
constexpr const char* kClosedLrs = "http://127.0.0.1:9/xAPI";

// A temporary root with its own XDG_DATA_HOME (the version store the statements are built over), restored
// afterwards; the app's sessions in root/sessions, so its outbox is root/outbox.
struct LrsHarness {
    std::string root;
    std::string old_data;
    bool had_data = false;
    AppConfig config;
    std::unique_ptr<App> app;

    LrsHarness() {
        auto dir = fs::temp_directory_path() / ("counterpart-lrs-app-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "config");
        root = dir.string();
        if (const char* d = std::getenv("XDG_DATA_HOME")) had_data = true, old_data = d;
        ::setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
        config = AppConfig{COUNTERPART_TEST_FIXTURES "/mini", root + "/sessions", root + "/config", 5};
        ImGui::CreateContext();
    }
    ~LrsHarness() {
        app.reset();
        ImGui::DestroyContext();
        if (had_data)
            ::setenv("XDG_DATA_HOME", old_data.c_str(), 1);
        else
            ::unsetenv("XDG_DATA_HOME");
        fs::remove_all(root);
    }
    void start_app() { app = std::make_unique<App>(config); }
    // Sets the LRS through Settings, as the learner would.
    void set_lrs(const std::string& url) {
        app->apply({Intent::Kind::OpenSettings});
        app->draft_settings().lrs_url = url;
        app->draft_settings().lrs_user = "key";
        app->draft_settings().lrs_password = "secret";
        app->apply({Intent::Kind::SaveSettings});
    }
    std::string outbox() const { return root + "/outbox"; }
    // The ids of every statement waiting in the outbox.
    std::set<std::string> queued_ids() const {
        std::set<std::string> ids;
        std::vector<std::string> files;
        Diagnostics diags;
        list_files(outbox(), ".json", files, diags);
        for (const auto& f : files)
            for (const auto& s : read_outbox_entry(f).statements) ids.insert(s.value("id", ""));
        return ids;
    }
    int choice(const char* id) const { return app->session()->scenario().find_choice(id); }
};

}  // namespace

TEST_CASE("Settings keep the LRS: address and user in settings.json, the password in a 0600 file",
          "[lrs-app][settings]") {
    LrsHarness h;
    h.start_app();
    h.set_lrs("https://lrs.college.example/xAPI");
    CHECK(h.app->status_message() == "Settings saved.");

    std::string password_file = h.root + "/config/lrs-password";
    struct stat st{};
    REQUIRE(::stat(password_file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::string settings_text, error;
    REQUIRE(read_text_file(h.root + "/config/settings.json", settings_text, error, 1 << 20));
    CHECK(settings_text.find("secret") == std::string::npos);  // never in the file shared more freely

    // The one home for LRS settings (lrs.hpp) reads what the app saved, and a new app shows it again.
    LrsEndpoint saved = load_lrs_settings(h.root + "/config");
    CHECK(saved.url == "https://lrs.college.example/xAPI");
    CHECK(saved.user == "key");
    CHECK(saved.password == "secret");
    h.start_app();
    CHECK(h.app->settings().lrs_url == "https://lrs.college.example/xAPI");
    CHECK(h.app->settings().lrs_password == "secret");
    CHECK(h.app->lrs_sender().configured());

    // Other settings saved later keep the LRS; clearing the password removes its file.
    h.app->apply({Intent::Kind::OpenSettings});
    h.app->draft_settings().learner = "Sam";
    h.app->draft_settings().lrs_password.clear();
    h.app->apply({Intent::Kind::SaveSettings});
    CHECK(load_lrs_settings(h.root + "/config").url == "https://lrs.college.example/xAPI");
    CHECK_FALSE(fs::exists(password_file));
}

TEST_CASE("a session finished in the app leaves all its statements in the outbox", "[lrs-app][outbox]") {
    LrsHarness h;
    h.start_app();
    h.set_lrs(kClosedLrs);
    h.app->apply({Intent::Kind::OpenScenario, 0});
    h.app->apply({Intent::Kind::StartSession, -1, "practice"});
    REQUIRE(h.app->session());
    for (const char* id : {"c-log", "c-verify", "c-promise-ok"}) h.app->apply({Intent::Kind::ChooseOption, h.choice(id)});
    // Practice queues nothing line by line: the outbox is still empty before the end.
    h.app->lrs_sender().wait_queued();
    CHECK(h.queued_ids().empty());
    h.app->apply({Intent::Kind::ChooseOption, h.app->session()->offered().front()});
    REQUIRE(h.app->session()->state() == SessionState::Ended);
    h.app->lrs_sender().wait_queued();

    XapiStatements expected = xapi_statements_for(h.app->record_path());
    REQUIRE(expected.ok);
    REQUIRE(expected.complete);
    std::set<std::string> want;
    for (const auto& s : expected.statements) want.insert(s["id"].get<std::string>());
    CHECK(h.queued_ids() == want);
    // Each once: queued again by a later flush round or not, nothing is duplicated.
    CHECK(outbox_status(h.outbox()).statements_pending == static_cast<int>(want.size()));

    // The debrief tells the learner they are waiting (its line is lrs_status()) and looks again until sent.
    h.app->lrs_sender().send_now_and_wait();
    h.app->apply({Intent::Kind::ShowDebrief});
    REQUIRE(h.app->screen() == Screen::Debrief);
    CHECK(h.app->lrs_status().find("statements waiting") != std::string::npos);
    CHECK(h.app->wake_after_seconds() > 0);
}

TEST_CASE("the replay's witness line asks the LRS that is set, instead of saying none is configured",
          "[lrs-app][witness]") {
    LrsHarness h;
    h.start_app();
    h.app->apply({Intent::Kind::OpenScenario, 0});
    h.app->apply({Intent::Kind::StartSession, -1, "practice"});
    REQUIRE(h.app->session());
    for (const char* id : {"c-log", "c-verify", "c-promise-ok"}) h.app->apply({Intent::Kind::ChooseOption, h.choice(id)});
    h.app->apply({Intent::Kind::ChooseOption, h.app->session()->offered().front()});
    REQUIRE(h.app->session()->state() == SessionState::Ended);
    const std::string record = h.app->record_path();

    // No LRS set: the banner says the record is unwitnessed because none is configured.
    h.app->apply({Intent::Kind::OpenReplay, -1, record});
    REQUIRE(h.app->replay());
    CHECK(h.app->replay()->witness.find("no learning record store configured") != std::string::npos);

    // An LRS set (nothing listens there): the banner reports the check, and why it could not be made.
    h.set_lrs(kClosedLrs);
    h.app->apply({Intent::Kind::OpenReplay, -1, record});
    REQUIRE(h.app->replay());
    CHECK(h.app->replay()->witness.find("Checking the learning record store at " + std::string(kClosedLrs)) == 0);
    while (!h.app->take_witness_check()) ::usleep(20000);  // the curl client gives up within its timeout
    const std::string witness = h.app->replay()->witness;
    INFO(witness);
    CHECK(witness.find("Witness not checked against the learning record store at " + std::string(kClosedLrs)) == 0);
    CHECK(witness.find("no learning record store configured") == std::string::npos);
}

TEST_CASE("with no LRS set, a finished session queues nothing", "[lrs-app][outbox]") {
    LrsHarness h;
    h.start_app();
    h.app->apply({Intent::Kind::OpenScenario, 0});
    h.app->apply({Intent::Kind::StartSession, -1, "assessment"});
    REQUIRE(h.app->session());
    for (const char* id : {"c-log", "c-verify", "c-promise-ok"}) h.app->apply({Intent::Kind::ChooseOption, h.choice(id)});
    h.app->apply({Intent::Kind::ChooseOption, h.app->session()->offered().front()});
    REQUIRE(h.app->session()->state() == SessionState::Ended);
    CHECK_FALSE(fs::exists(h.outbox()));
}

TEST_CASE("in assessment with an LRS set, each record line's statement is in the outbox once it is written",
          "[lrs-app][witness]") {
    LrsHarness h;
    h.start_app();
    h.set_lrs(kClosedLrs);
    h.app->apply({Intent::Kind::OpenScenario, 0});
    h.app->apply({Intent::Kind::StartSession, -1, "assessment"});
    REQUIRE(h.app->session());
    int checked_lines = 0;
    auto check_every_line_queued = [&] {
        h.app->lrs_sender().wait_queued();
        RecordFile record = read_record(h.app->record_path());
        REQUIRE(record.ok);
        std::set<std::string> queued = h.queued_ids();
        // The first statement of each line so far (ids come from line hashes), the latest line included.
        for (const auto& line : record.lines) {
            std::string id = xapi_statement_id(line.value.value("hash", ""), 0);
            INFO("line " << line.number << " (" << line.value.value("type", "") << ")");
            CHECK(queued.count(id) == 1);
        }
        checked_lines = static_cast<int>(record.lines.size());
    };
    check_every_line_queued();  // the header, before any choice
    CHECK(checked_lines == 1);
    for (const char* id : {"c-log", "c-verify", "c-promise-ok"}) {
        h.app->apply({Intent::Kind::ChooseOption, h.choice(id)});
        check_every_line_queued();
    }
    CHECK(checked_lines == 4);
    h.app->apply({Intent::Kind::ChooseOption, h.app->session()->offered().front()});
    REQUIRE(h.app->session()->state() == SessionState::Ended);
    check_every_line_queued();
    // The end-of-session queueing added no duplicates: exactly the record's statements wait, once each.
    XapiStatements all = xapi_statements_for(h.app->record_path());
    REQUIRE(all.ok);
    CHECK(outbox_status(h.outbox()).statements_pending == static_cast<int>(all.statements.size()));
}
