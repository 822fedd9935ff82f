// Tests over the bundled library: every file lints clean, every golden path gives its recorded verdicts and
// transcript, and every scenario teaches the product's principle (the happiest path fails; an unhappy one
// passes).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "cli.hpp"
#include "library.hpp"
#include "support.hpp"
#include "text_report.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

namespace {
LoadedLibrary& library() {
    static LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

std::shared_ptr<const Scenario> shipped_scenario(const std::string& id) {
    for (const auto& s : library().scenarios)
        if (s->id == id) return s;
    return nullptr;
}

// Every complete path of a scenario, depth first; each branch copies the session so a path is played once.
void for_each_path(const std::shared_ptr<const Scenario>& s, int customer,
                   const std::function<void(const Session&)>& visit) {
    std::function<void(const Session&, int)> walk = [&](const Session& at, int depth) {
        if (at.state() == SessionState::Ended || depth > 60) {
            visit(at);
            return;
        }
        for (int c : at.offered()) {
            Session next(at);
            next.choose(c);
            walk(next, depth + 1);
        }
    };
    walk(Session(s, {1, customer}), 0);
}
}  // namespace

TEST_CASE("the bundled library has scenarios and they all load", "[shipped][library]") {
    INFO(dump(library().diagnostics));
    CHECK_FALSE(library().diagnostics.has_errors());
    CHECK(library().scenarios.size() >= 3);
}

TEST_CASE("every shipped scenario and policy passes lint with no errors and no warnings", "[shipped][lint]") {
    std::ostringstream out, err;
    int status = cli::lint({COUNTERPART_SHIPPED_SCENARIOS}, out, err);
    INFO(out.str() << err.str());
    CHECK(status == 0);
    CHECK(out.str().find(" 0 errors, 0 warnings") != std::string::npos);
}

TEST_CASE("every shipped scenario teaches adherence over happiness", "[shipped][principle]") {
    for (const auto& s : library().scenarios) {
        for (std::size_t customer = 0; customer < s->customers.size(); ++customer) {
            INFO(s->id << " customer " << s->customers[customer].id);
            int best_mood = -1;
            bool best_mood_passes = true;  // true until a happiest path that fails is found
            bool unhappy_pass = false;
            std::size_t paths = 0;
            int start_mood = s->customers[customer].initial_mood;
            for_each_path(s, static_cast<int>(customer), [&](const Session& session) {
                ++paths;
                RubricResult r = session.rubric().result();
                if (session.mood() > best_mood) {
                    best_mood = session.mood();
                    best_mood_passes = r.passed;
                } else if (session.mood() == best_mood) {
                    best_mood_passes = best_mood_passes && r.passed;
                }
                if (r.passed && session.mood() < start_mood) unhappy_pass = true;
            });
            CHECK(paths > 1);
            CHECK_FALSE(best_mood_passes);  // the path that pleases the customer most fails
            CHECK(unhappy_pass);            // a path that leaves them less happy than they came in passes
        }
    }
}

// Golden paths: each path in tests/golden/*.paths.json is its own test case ("golden path: SCENARIO NAME"),
// registered before main from the files, so the first failure does not hide the rest.
namespace {

std::vector<fs::path> golden_path_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(COUNTERPART_TEST_GOLDEN)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 11 && name.substr(name.size() - 11) == ".paths.json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

// Plays one named path of one golden file and compares results and transcript (support.hpp).
void cp::test::check_golden_path(const fs::path& file, const std::string& wanted, bool update) {
    auto golden = read_json(file.string());
    auto s = shipped_scenario(golden["scenario"]);
    INFO(file.string());
    REQUIRE(s);
    const nlohmann::json* found = nullptr;
    for (const auto& p : golden["paths"])
        if (p["name"] == wanted) found = &p;
    REQUIRE(found);
    const auto& path = *found;
    const auto& entry_path = file;
    std::string name = path["name"];
    INFO("path " << name);
    int customer = 0;
    if (path.contains("customer"))
        customer = static_cast<int>(
            std::find_if(s->customers.begin(), s->customers.end(),
                         [&](const CustomerProfile& c) { return c.id == path["customer"]; }) -
            s->customers.begin());
    std::vector<std::string> choices = path["choices"];
    auto session = play_path(s, choices, customer);
    REQUIRE(session->state() == SessionState::Ended);
    RubricResult r = session->rubric().result();
    const auto& expect = path["expect"];
    CHECK(r.passed == expect["passed"].get<bool>());
    CHECK(s->endings[static_cast<std::size_t>(session->ending())].id ==
          expect["ending"].get<std::string>());
    if (expect.contains("score")) CHECK(r.score == expect["score"].get<int>());
    if (expect.contains("mood_final")) CHECK(session->mood() == expect["mood_final"].get<int>());
    if (expect.contains("verdicts"))
        for (const auto& [rule, verdict] : expect["verdicts"].items()) {
            INFO("rule " << rule);
            int i = s->find_rule(rule);
            REQUIRE(i >= 0);
            CHECK(verdict_code(session->rubric().verdicts()[static_cast<std::size_t>(i)].verdict) ==
                  verdict.get<std::string>());
        }

    // The transcript a learner sees in assessment mode, compared with the stored golden file.
    std::string input;
    std::vector<std::string> offered_numbers;
    Session replaying(s, {1, customer});
    for (const auto& id : choices) {
        int c = s->find_choice(id);
        auto pos = std::find(replaying.offered().begin(), replaying.offered().end(), c);
        input += std::to_string(pos - replaying.offered().begin() + 1) + "\n";
        replaying.choose(c);
    }
    std::istringstream in(input);
    std::ostringstream out, err;
    // The same seed as `replaying`, so the numbers typed pick the same options in the same shuffled order.
    int status = cli::play({s->file, "--no-record", "--mode", "assessment", "--learner", "Golden", "--seed", "1",
                            "--customer", s->customers[static_cast<std::size_t>(customer)].id},
                           in, out, err);
    CHECK(status == 0);
    fs::path txt = entry_path.parent_path() / (s->id + "." + name + ".txt");
    if (update) {
        std::ofstream(txt) << out.str();
    } else {
        INFO("missing golden transcript " << txt
                                          << " (run with COUNTERPART_UPDATE_GOLDEN=1 to create it)");
        REQUIRE(fs::exists(txt));
        CHECK(read_file(txt.string()) == out.str());
    }
}

namespace {

// Runs one golden path as a Catch2 test case of its own.
class GoldenPathInvoker : public Catch::ITestInvoker {
  public:
    GoldenPathInvoker(fs::path file, std::string name) : file_(std::move(file)), name_(std::move(name)) {}
    void invoke() const override {
        check_golden_path(file_, name_, std::getenv("COUNTERPART_UPDATE_GOLDEN") != nullptr);
    }

  private:
    fs::path file_;
    std::string name_;
};

// Registers every golden path at start-up; returns how many (a file that cannot be read registers a failing
// case that says so).
const std::size_t registered_golden_paths = [] {
    static std::deque<std::string> names;  // the registry keeps references to its names
    static std::deque<Catch::AutoReg> registrations;
    std::size_t count = 0;
    auto add = [&](const fs::path& file, const std::string& scenario, const std::string& path) {
        names.push_back("golden path: " + scenario + " " + path);
        // Owned here for the program's life (a bare `new` would be reported as a leak by LeakSanitizer).
        registrations.emplace_back(new GoldenPathInvoker(file, path), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                                   Catch::NameAndTags{names.back(), "[shipped][golden]"});
        ++count;
    };
    for (const auto& file : golden_path_files()) {
        nlohmann::json golden;
        try {
            golden = read_json(file.string());
        } catch (...) {
        }
        const std::string scenario = file.filename().string().substr(0, file.filename().string().size() - 11);
        if (!golden.is_object() || !golden.contains("paths") || !golden["paths"].is_array() ||
            golden["paths"].empty()) {
            add(file, scenario, "(unreadable or without paths)");
            continue;
        }
        for (const auto& p : golden["paths"])
            add(file, scenario, p.value("name", std::string("(unnamed)")));
    }
    return count;
}();

}  // namespace

TEST_CASE("every shipped scenario has golden paths: at least two each", "[shipped][golden]") {
    std::set<std::string> with_golden;
    for (const auto& file : golden_path_files()) {
        auto golden = read_json(file.string());
        INFO(file.string());
        CHECK(golden["paths"].size() >= 2);
        with_golden.insert(golden.value("scenario", ""));
    }
    for (const auto& s : library().scenarios) {
        INFO("scenario " << s->id);
        CHECK(with_golden.count(s->id) == 1);
    }
    CHECK(registered_golden_paths >= 2 * library().scenarios.size());
}

//-----------------------------------------------------------------------------------------------------------
// Content errors (domain reference, section 11): wording a learner must never be rewarded for.
//-----------------------------------------------------------------------------------------------------------
#include <regex>

namespace {
struct ContentError {
    const char* pattern;
    const char* why;
    bool negatable = true;  // "not"/"never" just before it turns it into a correction
    const char* unless = nullptr;  // a text matching this is about something the error does not apply to
};
const ContentError kContentErrors[] = {
    // A Freedom of Information request is the exception: FOIA s8 requires it in writing (email counts).
    {R"((must|has to|have to|needs? to) be (made |put )?in writing)",
     "requests and complaints need not be in writing", true, R"(freedom of information)"},
    {R"(\b(40|forty) (calendar )?days\b)",
     "the 40-day limit is from the repealed DPA 1998; it is one calendar month"},
    {R"(£\s?10\b|\bten[- ]pound fee)", "the £10 SAR fee was abolished; a SAR is normally free"},
    {R"(\b30 working days\b)", "a SAR is due in one calendar month, not 30 working days"},
    {R"(\bstage 0\b|\binformal complaint\b)",
     "councils should not add a stage 0 or informal complaint stage"},
    {R"(\b(i|we) (won't|will not|wont) tell anyone\b|\bstays? between (us|you and me)\b)",
     "never promise a disclosure stays secret", false},
    {R"(\bkeep (it|this) (a )?secret\b)", "never promise a disclosure stays secret"},
    {R"(\bpolice (are|is) entitled\b|\bentitled to (the|her|his|their) (data|information|details)\b)",
     "the Schedule 2 exemption permits disclosure; it does not require it"},
    {R"(\bappeal\b[^.]{0,40}\bby (making a |raising a )?complain)",
     "a complaint cannot change a benefit decision"},
    {R"(\bstraight to (the )?tribunal\b)",
     "most DWP decisions need mandatory reconsideration before a tribunal appeal"},
    {R"(\b(pay|charge)[^.]{0,20}\bfor (the |an |a )?interpret)",
     "the customer never pays for an interpreter"},
    {R"(\blarf is the (standard|official)\b)", "LARF is not a recognised standard"},
};

// Finds the errors stated as fact; a phrase negated just before it ("it doesn't have to be in writing",
// "never quote 40 days") is a correction, not the error.
std::vector<std::string> content_errors(const std::string& text) {
    std::vector<std::string> found;
    std::string lowered = text;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::regex negation(
        R"((\bnot\b|n't\b|\bnever\b|\bno\b|\bnor\b|\bwithout\b|\bisn.t\b|\bold\b|\bused to\b)[^.;:]*$)");
    for (const auto& e : kContentErrors) {
        if (e.unless && std::regex_search(lowered, std::regex(e.unless))) continue;
        std::regex re(e.pattern);
        for (auto it = std::sregex_iterator(lowered.begin(), lowered.end(), re); it != std::sregex_iterator();
             ++it) {
            std::size_t start = static_cast<std::size_t>(it->position());
            std::string before = lowered.substr(start > 40 ? start - 40 : 0, start > 40 ? 40 : start);
            if (e.negatable && std::regex_search(before, negation)) continue;
            found.push_back(std::string(e.why) + " (\"" + e.pattern + "\")");
            break;
        }
    }
    return found;
}
}  // namespace

TEST_CASE("the content checker recognises the known errors", "[shipped][content][unit]") {
    CHECK_FALSE(content_errors("I'm afraid a subject access request must be in writing.").empty());
    CHECK_FALSE(content_errors("We have 40 days to reply and there is a £10 fee.").empty());
    CHECK_FALSE(content_errors("Don't worry, I won't tell anyone what you said.").empty());
    CHECK_FALSE(content_errors("You can appeal the sanction by making a complaint.").empty());
    CHECK(content_errors("You can ask for this in any form; it does not have to be written down.").empty());
    CHECK(content_errors("We will reply within one calendar month, and it is free.").empty());
    CHECK(content_errors("It doesn't have to be in writing, and there is no £10 fee any more.").empty());
    CHECK(content_errors("A Freedom of Information request must be in writing; email counts.").empty());
    CHECK_FALSE(content_errors("Your complaint must be in writing, on the form.").empty());
}

TEST_CASE("no shipped scenario or policy rewards a known content error", "[shipped][content]") {
    std::set<std::string> rewarded_choices;  // best paths and golden paths that pass
    for (const auto& s : library().scenarios)
        for (int c : s->best_path)
            rewarded_choices.insert(s->id + "/" + s->choices[static_cast<std::size_t>(c)].id);
    for (const auto& entry : fs::directory_iterator(COUNTERPART_TEST_GOLDEN)) {
        if (entry.path().extension() != ".json") continue;
        auto golden = read_json(entry.path().string());
        for (const auto& path : golden["paths"])
            if (path["expect"]["passed"].get<bool>())
                for (const auto& c : path["choices"])
                    rewarded_choices.insert(golden["scenario"].get<std::string>() + "/" +
                                            c.get<std::string>());
    }
    std::size_t texts = 0;
    for (const auto& s : library().scenarios) {
        for (const auto& c : s->choices) {
            if (!rewarded_choices.contains(s->id + "/" + c.id)) continue;
            ++texts;
            INFO(s->id << " choice " << c.id << ": " << c.text);
            CHECK(content_errors(c.text).empty());
        }
    }
    // What the learner is praised for must not state an error either.
    for (const auto& [id, policy] : library().policies.all()) {
        for (const auto& rule : policy->rules) {
            ++texts;
            INFO(policy->file << " rule " << rule.id << ": " << rule.feedback_kept);
            CHECK(content_errors(rule.feedback_kept).empty());
        }
    }
    CHECK(texts > 50);
}
