// Index: [Starting] [Golden paths]
#include "playtest.hpp"

#include <filesystem>

#include "atomic_file.hpp"
#include "json_document.hpp"
#include "scenario_document.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Starting]
//-----------------------------------------------------------------------------------------------------------

bool PlaytestSetup::from_the_start(const Scenario& s) const {
    return (start_node < 0 || start_node == s.start_node) && (variables.empty() || variables == s.initial_variables());
}

std::unique_ptr<RecordedSession> start_playtest(std::shared_ptr<const Scenario> scenario, const PlaytestSetup& setup,
                                                std::string& error) {
    if (!scenario) {
        error = "the scenario does not load yet: fix the errors in the problem list first";
        return nullptr;
    }
    if (setup.customer < 0 || static_cast<std::size_t>(setup.customer) >= scenario->customers.size()) {
        error = "no such customer profile";
        return nullptr;
    }
    NewSession options;
    options.scenario = std::move(scenario);
    options.learner = "Playtest";
    options.mode = SessionMode::Practice;  // verdicts as the tutor goes
    options.seed = setup.seed;
    options.customer = setup.customer;
    options.versions_dir = std::string();  // nothing kept: a playtest is not evidence
    options.start_node = setup.start_node;
    options.variables = setup.variables;
    return RecordedSession::start(options, error);  // no record_path, no sessions_dir: no record
}

//-----------------------------------------------------------------------------------------------------------
// [Golden paths]
//-----------------------------------------------------------------------------------------------------------

std::string golden_file_for(const std::string& scenario_path, const std::string& scenario_id) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path folder = fs::absolute(fs::path(scenario_path), ec).parent_path();
    fs::path file = scenario_id + ".paths.json";
    for (fs::path at = folder; !at.empty(); at = at.parent_path()) {
        if (fs::is_directory(at / "tests" / "golden", ec)) return (at / "tests" / "golden" / file).string();
        if (at == at.parent_path()) break;
    }
    return (folder / "golden" / file).string();
}

bool valid_golden_name(const std::string& name) {
    if (name.empty() || name.front() == '-' || name.back() == '-' || name.size() > 80) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!word && !(c == '-' && name[i - 1] != '-')) return false;
    }
    return true;
}

nlohmann::ordered_json golden_entry(const Session& session, const std::string& name) {
    const Scenario& s = session.scenario();
    nlohmann::ordered_json path;
    path["name"] = name;
    path["customer"] = session.customer().id;
    nlohmann::ordered_json choices = nlohmann::ordered_json::array();
    for (int c : session.choices_made()) choices.push_back(s.choices[static_cast<std::size_t>(c)].id);
    path["choices"] = choices;
    RubricResult result = session.rubric().result();
    nlohmann::ordered_json expect;
    expect["passed"] = result.passed;
    expect["ending"] = session.ending() >= 0 ? s.endings[static_cast<std::size_t>(session.ending())].id : std::string();
    expect["score"] = result.score;
    expect["mood_final"] = session.mood();
    nlohmann::ordered_json verdicts = nlohmann::ordered_json::object();
    const auto& v = session.rubric().verdicts();
    for (std::size_t i = 0; i < s.rules.size() && i < v.size(); ++i)
        if (s.rules[i].rule) verdicts[s.rules[i].rule->id] = verdict_code(v[i].verdict);
    expect["verdicts"] = verdicts;
    path["expect"] = expect;
    return path;
}

bool save_golden_path(const std::string& file, const PlaytestSetup& setup, const Session& session,
                      const std::string& name, std::string& error) {
    const Scenario& s = session.scenario();
    if (session.state() != SessionState::Ended || session.ending() < 0) {
        error = "the playtest has not reached an ending yet: a golden path must end the session";
        return false;
    }
    if (!setup.from_the_start(s)) {
        error = "this playtest started at a chosen node or with chosen variable values; a golden path is played "
                "from the start with the initial values, so play it again from the start to save it";
        return false;
    }
    if (!valid_golden_name(name)) {
        error = "'" + name + "' is not a golden path name: use lower-case words joined by hyphens, such as "
                "'kind-words-no-complaint'";
        return false;
    }
    std::string text;
    nlohmann::ordered_json root;
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        if (!read_text_file(file, text, error)) return false;
        Diagnostics diags;
        if (!parse_json_document(text, file, diags, JsonDom::skip)) {
            error = diags.items().empty() ? file + ": not JSON" : format_diagnostic(diags.items().front());
            return false;
        }
        root = nlohmann::ordered_json::parse(text, nullptr, false);
        if (!root.is_object() || !root.contains("paths") || !root["paths"].is_array()) {
            error = file + ":1:1: /paths: not a golden-path file (it needs \"scenario\" and a \"paths\" array)";
            return false;
        }
        if (root.value("scenario", std::string()) != s.id) {
            error = file + ":1:1: /scenario: the file is for scenario '" + root.value("scenario", std::string()) +
                    "', not '" + s.id + "'";
            return false;
        }
        for (const auto& p : root["paths"])
            if (p.is_object() && p.value("name", std::string()) == name) {
                error = "a golden path named '" + name + "' is already in " + file + ": choose another name";
                return false;
            }
    } else {
        root["scenario"] = s.id;
        root["paths"] = nlohmann::ordered_json::array();
        std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    }
    nlohmann::ordered_json original = text.empty() ? nlohmann::ordered_json() : root;
    root["paths"].push_back(golden_entry(session, name));
    std::string out = format_preserving(root, original, text);
    if (out.empty() || out.back() != '\n') out += '\n';
    return atomic_write_file(file, out, error);
}

}  // namespace cp
