// Index: [Fixtures and loading] [Shipped content]
#include "support.hpp"

#include <cstdlib>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "analysis.hpp"
#include "record.hpp"

namespace cp::test {

//-----------------------------------------------------------------------------------------------------------
// [Fixtures and loading]
//-----------------------------------------------------------------------------------------------------------

std::string fixture(const std::string& relative) {
    return std::string(COUNTERPART_TEST_FIXTURES) + "/" + relative;
}
std::string shipped(const std::string& relative) {
    return std::string(COUNTERPART_SHIPPED_SCENARIOS) + "/" + relative;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json read_json(const std::string& path) {
    return nlohmann::json::parse(read_file(path));
}

std::string temp_dir() {
    static std::mt19937_64 rng(std::random_device{}());
    auto dir = std::filesystem::temp_directory_path() / ("counterpart-test-" + std::to_string(rng()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

ScopedEnv::ScopedEnv(std::string name, const char* value) : name_(std::move(name)) {
    if (const char* v = std::getenv(name_.c_str())) old_ = v;
    if (value)
        ::setenv(name_.c_str(), value, 1);
    else
        ::unsetenv(name_.c_str());
}

ScopedEnv::~ScopedEnv() {
    if (old_)
        ::setenv(name_.c_str(), old_->c_str(), 1);
    else
        ::unsetenv(name_.c_str());
}

const PolicyLibrary& analysis_policies() {
    static PolicyLibrary lib = [] {
        PolicyLibrary l;
        Diagnostics d;
        l.load_directory(fixture("analysis/policies"), d);
        REQUIRE_FALSE(d.has_errors());
        return l;
    }();
    return lib;
}

const PolicyLibrary& mini_policies() {
    static PolicyLibrary lib = [] {
        PolicyLibrary l;
        Diagnostics d;
        l.load_directory(fixture("mini/policies"), d);
        REQUIRE_FALSE(d.has_errors());
        return l;
    }();
    return lib;
}

nlohmann::json mini_json() {
    return read_json(fixture("mini/mini.json"));
}

std::shared_ptr<const Scenario> mini_scenario() {
    static auto s = [] {
        auto loaded = load(mini_json());
        REQUIRE(loaded.scenario);
        return loaded.scenario;
    }();
    return s;
}

Loaded load_text(const std::string& text, const PolicyLibrary& policies, bool run_checks) {
    Loaded out;
    out.text = text;
    auto doc = parse_json_document(text, "test.json", out.diags);
    if (!doc) return out;
    out.scenario = load_scenario(*doc, policies, out.diags);
    if (out.scenario && run_checks) check_scenario(*out.scenario, out.diags);
    return out;
}

Loaded load(const nlohmann::json& scenario, const PolicyLibrary& policies, bool run_checks) {
    return load_text(scenario.dump(2), policies, run_checks);
}

bool has(const Diagnostics& d, Severity severity, const std::string& needle) {
    for (const auto& item : d.items())
        if (item.severity == severity && item.message.find(needle) != std::string::npos) return true;
    return false;
}

std::string dump(const Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += format_diagnostic(item) + "\n";
    return out;
}

void reseal_record_file(const std::string& file, const std::function<void(std::vector<nlohmann::json>&)>& edit) {
    RecordFile record = read_record(file);
    REQUIRE(record.ok);
    std::vector<nlohmann::json> lines;
    for (const auto& l : record.lines) lines.push_back(l.value);
    edit(lines);
    std::string text, prev = kGenesisHash;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string hash;
        text += seal_record_line(lines[i], static_cast<int>(i), prev, &hash) + "\n";
        prev = hash;
    }
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::unique_ptr<Session> play_path(std::shared_ptr<const Scenario> s, const std::vector<std::string>& choices,
                                   int customer, std::uint64_t seed) {
    auto session = std::make_unique<Session>(s, SessionOptions{seed, customer});
    for (const auto& id : choices) {
        int c = s->find_choice(id);
        INFO("choice " << id);
        REQUIRE(c >= 0);
        REQUIRE(session->is_offered(c));
        session->choose(c);
    }
    return session;
}

//-----------------------------------------------------------------------------------------------------------
// [Shipped content]
//-----------------------------------------------------------------------------------------------------------

const LoadedLibrary& shipped_library() {
    static const LoadedLibrary lib = load_library(COUNTERPART_SHIPPED_SCENARIOS);
    return lib;
}

std::shared_ptr<const Scenario> bundled_scenario(const std::string& id) {
    for (const auto& s : shipped_library().scenarios)
        if (s->id == id) return s;
    FAIL("no shipped scenario " << id);
    return nullptr;
}

std::string PathOutcome::verdict(const std::string& rule) const {
    int i = scenario->find_rule(rule);
    if (i < 0) return "not in scope";
    return verdict_code(verdicts[static_cast<std::size_t>(i)].verdict);
}

int PathOutcome::step(const std::string& rule) const {
    int i = scenario->find_rule(rule);
    return i < 0 ? -1 : verdicts[static_cast<std::size_t>(i)].step;
}

PathOutcome outcome_of(const std::shared_ptr<const Scenario>& s, const Session& session) {
    PathOutcome out;
    out.scenario = s;
    out.ended = session.state() == SessionState::Ended;
    RubricResult r = session.rubric().result();
    out.passed = r.passed;
    out.score = r.score;
    out.mood = session.mood();
    // A stuck session has ended without an ending (index -1); leave `ending` empty rather than index with it.
    if (out.ended && session.ending() >= 0)
        out.ending = s->endings[static_cast<std::size_t>(session.ending())].id;
    out.verdicts = session.rubric().verdicts();
    return out;
}

PathOutcome play_shipped(const std::string& id, const std::vector<std::string>& choices, int customer) {
    auto s = bundled_scenario(id);
    auto session = play_path(s, choices, customer);
    return outcome_of(s, *session);
}

PathOutcome play_always_longest(const std::string& id, std::vector<std::string>& taken) {
    auto s = bundled_scenario(id);
    Session session(s, {1, 0});
    while (session.state() != SessionState::Ended && !session.offered().empty()) {
        int best = -1;
        std::size_t longest = 0;
        bool tie = false;
        for (int c : session.offered()) {
            std::size_t n = text_length(s->choices[static_cast<std::size_t>(c)].text);
            if (best < 0 || n > longest) {
                best = c;
                longest = n;
                tie = false;
            } else if (n == longest) {
                tie = true;
            }
        }
        if (session.offered().size() > 1) REQUIRE_FALSE(tie);
        taken.push_back(s->choices[static_cast<std::size_t>(best)].id);
        session.choose(best);
    }
    return outcome_of(s, session);
}

std::string all_text(const Scenario& s) {
    std::string out;
    for (const auto& n : s.nodes) {
        for (const auto& l : n.lines) out += l.text + "\n";
        if (n.exhibit) {
            out += n.exhibit->text + "\n";
            for (const auto& row : n.exhibit->table)
                for (const auto& cell : row) out += cell + "\n";
        }
    }
    for (const auto& c : s.choices) out += c.text + "\n" + c.feedback + "\n";
    for (const auto& e : s.endings) out += e.text + "\n";
    return out;
}

std::string rule_text(const std::shared_ptr<const Scenario>& s, const std::string& rule) {
    int i = s->find_rule(rule);
    if (i < 0) return "";
    const auto& r = *s->rules[static_cast<std::size_t>(i)].rule;
    return r.statement + " | " + r.source;
}

void check_topic_scored(const std::string& id, const std::string& rule) {
    auto s = bundled_scenario(id);
    INFO(id << " rule " << rule);
    int i = s->find_rule(rule);
    REQUIRE(i >= 0);
    AnalysisReport report = analyze_scenario(*s);
    REQUIRE(report.proofs_run);
    bool found = false;
    for (const auto& ro : report.rules) {
        if (ro.rule != i) continue;
        found = true;
        CHECK(ro.kept.has_value());
        CHECK(ro.broken.has_value());
    }
    CHECK(found);
}

void check_analysis_clean(const std::string& id) {
    auto s = bundled_scenario(id);
    AnalysisReport report = analyze_scenario(*s);
    // One INFO for all findings: an INFO inside the loop would go out of scope before any CHECK reports it.
    std::string findings;
    for (const auto& f : report.findings) findings += f.message + "\n";
    INFO(id << "\n" << findings);
    CHECK(report.graded);
    CHECK(report.proofs_run);
    CHECK(report.errors() == 0);
    CHECK(report.warnings() == 0);
    CHECK(report.guess.probability <= 0.01);
}

double guess_pass_probability(const std::shared_ptr<const Scenario>& s, int customer) {
    std::function<double(const Session&)> walk = [&](const Session& at) -> double {
        if (at.state() == SessionState::Ended) return at.rubric().result().passed ? 1.0 : 0.0;
        const auto& offered = at.offered();
        double sum = 0;
        for (int c : offered) {
            Session next(at);
            next.choose(c);
            sum += walk(next);
        }
        return sum / static_cast<double>(offered.size());
    };
    return walk(Session(s, {1, customer}));
}

}  // namespace cp::test
