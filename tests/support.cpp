#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace cp::test {

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

}  // namespace cp::test
