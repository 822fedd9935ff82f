// counterpart analyze: the exhaustive analysis of scenarios (every reachable state, so what it reports holds
// for every path), or seeded random playthroughs with --random.
//
// Index: [Loading] [Paths and numbers] [Text report] [JSON report] [Random playthroughs] [Command]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "text_report.hpp"

namespace cp::cli {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // fields in the order written, for people reading it

//-----------------------------------------------------------------------------------------------------------
// [Loading]
//-----------------------------------------------------------------------------------------------------------

// Scenario files named by the arguments: files, folders (their scenarios, not their policies) or the ids of
// bundled scenarios. Policy and marking-point files named directly are skipped when loaded.
std::vector<std::string> scenario_paths(const std::vector<std::string>& args, std::ostream& err,
                                        bool& missing) {
    std::vector<std::string> files;
    for (const auto& a : args) {
        std::error_code ec;
        if (fs::is_directory(a, ec)) {
            for (const auto& f : scenario_files_in(a)) files.push_back(f);
        } else if (std::string path = resolve_scenario_path(a); !path.empty()) {
            files.push_back(path);
        } else {
            err << "counterpart analyze: no scenario file, folder or bundled scenario called '" << a << "'\n";
            missing = true;
        }
    }
    return files;
}

struct Loaded {
    std::string file;
    std::shared_ptr<const Scenario> scenario;
};

// Loads each scenario with the policies of its folder (or --policies), each folder's policies once.
std::vector<Loaded> load_all(const std::vector<std::string>& files, const std::string& policies_dir,
                             std::ostream& err, bool& failed) {
    std::map<std::string, PolicyLibrary> libraries;
    std::vector<Loaded> out;
    for (const auto& file : files) {
        Diagnostics diags;
        auto doc = load_json_file(file, diags, nullptr, JsonDom::skip);
        if (doc && (looks_like_policy(*doc) ||
                    (doc->content().is_object() && doc->content().contains("items") &&
                     !doc->content().contains("nodes"))))
            continue;  // a policy or the marking points: nothing to analyse
        std::string dir = policies_dir.empty() ? default_policy_dir(file) : policies_dir;
        auto it = libraries.find(dir);
        if (it == libraries.end()) {
            Diagnostics library_diags;  // problems in policy files are lint's business
            it = libraries.emplace(dir, PolicyLibrary{}).first;
            it->second.load_directory(dir, library_diags);
        }
        std::shared_ptr<const Scenario> scenario = doc ? load_scenario(*doc, it->second, diags) : nullptr;
        if (!scenario) {
            diags.sort();
            for (const auto& d : diags.items())
                if (d.severity == Severity::Error) err << format_diagnostic(d) << "\n";
            err << "counterpart analyze: " << file
                << " has errors and cannot be analysed (run counterpart lint)\n";
            failed = true;
            continue;
        }
        out.push_back({file, scenario});
    }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Paths and numbers]
//-----------------------------------------------------------------------------------------------------------

// 1234567 -> "1,234,567" (also for the decimal strings of path counts).
std::string grouped(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}
std::string grouped(std::size_t n) {
    return grouped(std::to_string(n));
}

std::string path_line(const Scenario& s, const ExamplePath& p) {
    std::string out = describe_path(s, p);
    if (s.customers.size() > 1)
        out += " (customer " + s.customers[static_cast<std::size_t>(p.customer)].id + ")";
    if (p.ends) {
        out += " -> " +
               (p.ending >= 0 ? s.endings[static_cast<std::size_t>(p.ending)].id : std::string("stuck"));
        out += ", " + std::to_string(p.score) + "%, " + (p.passed ? "pass" : "fail");
    }
    out += ", mood " + std::to_string(p.mood);
    return out;
}

json path_json(const Scenario& s, const std::optional<ExamplePath>& p) {
    if (!p) return nullptr;
    json choices = json::array();
    for (int c : p->choices) choices.push_back(s.choices[static_cast<std::size_t>(c)].id);
    json j = {{"customer", s.customers[static_cast<std::size_t>(p->customer)].id},
              {"choices", choices},
              {"ends", p->ends},
              {"mood", p->mood}};
    if (p->ends) {
        j["ending"] =
            p->ending >= 0 ? json(s.endings[static_cast<std::size_t>(p->ending)].id) : json(nullptr);
        j["score"] = p->score;
        j["passed"] = p->passed;
    }
    return j;
}

std::string percent(double p) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * p);
    return text;
}

// How to replay a finding's example in the terminal player: the options are shuffled per session by the
// seed, so the numbers to type are given for that seed.
std::string replay_line(const Scenario& s, const std::string& file, const ExamplePath& p, std::uint64_t seed) {
    std::vector<int> numbers = option_numbers(s, p, seed);
    std::string typed;
    for (int n : numbers) typed += (typed.empty() ? "" : " ") + std::to_string(n);
    return "replay: counterpart play " + file + " --customer " + s.customers[static_cast<std::size_t>(p.customer)].id +
           " --seed " + std::to_string(seed) + " --no-record, typing " + (typed.empty() ? "nothing" : typed);
}

json guess_json(const Scenario& s, const AnalysisReport& r) {
    json by_customer = json::object();
    for (const auto& c : r.customers)
        by_customer[s.customers[static_cast<std::size_t>(c.customer)].id] = c.guess.probability;
    return {{"probability", r.guess.probability},
            {"exact", r.guess.exact},
            {"low", r.guess.low},
            {"high", r.guess.high},
            {"limit", r.guess_pass_limit},
            {"by_customer", by_customer}};
}

json length_cue_json(const LengthCueStats& st) {
    return {{"decision_points", st.decision_points},
            {"best_longest", st.best_longest},
            {"share", st.decision_points ? static_cast<double>(st.best_longest) / st.decision_points : 0.0},
            {"chance_share", st.decision_points ? st.chance / st.decision_points : 0.0},
            {"wide_margin", st.wide_margin}};
}

std::string length_cue_text(const LengthCueStats& st) {
    if (st.decision_points == 0) return "no decision point with a best option and another";
    return "the best option is the longest at " + std::to_string(st.best_longest) + " of " +
           std::to_string(st.decision_points) + " decision points (" +
           percent(static_cast<double>(st.best_longest) / st.decision_points) + "; chance would give " +
           percent(st.chance / st.decision_points) + ")" +
           (st.wide_margin ? ", " + std::to_string(st.wide_margin) + " by a wide margin" : "");
}

// Whether the proof a finding reports is one of the grade proofs (their examples get a replay line).
bool is_proof(AnalysisCheck c) {
    switch (c) {
        case AnalysisCheck::UnsafeChoicePasses:
        case AnalysisCheck::WrongChoiceUnseen:
        case AnalysisCheck::BestPathNotPerfect:
        case AnalysisCheck::NoBestOption:
        case AnalysisCheck::KnowledgeFreeStrategyPasses:
            return true;
        default:
            return false;
    }
}

const char* ending_id(const Scenario& s, int e) {
    return e >= 0 ? s.endings[static_cast<std::size_t>(e)].id.c_str() : "(stuck)";
}

//-----------------------------------------------------------------------------------------------------------
// [Text report]
//-----------------------------------------------------------------------------------------------------------

void print_report(const Scenario& s, const std::string& file, const AnalysisReport& r, std::uint64_t seed,
                  std::ostream& out) {
    out << s.id << " (" << file << "): ";
    if (r.limit_hit)
        out << "INCOMPLETE, stopped at the state limit";
    else if (r.errors() > 0)
        out << "NOT SOUND";
    else
        out << "sound";
    out << "; " << r.errors() << (r.errors() == 1 ? " error, " : " errors, ") << r.warnings()
        << (r.warnings() == 1 ? " warning\n" : " warnings\n");
    std::string paths = r.paths_infinite
                            ? "infinitely many paths (a loop can be gone round as often as wished)"
                        : r.paths.empty() ? "paths not counted"
                                          : grouped(r.paths) + (r.paths == "1" ? " path" : " distinct paths");
    out << wrap_text(
        grouped(r.states) + " states explored (" + grouped(r.control_states) +
            " of them distinct in node, customer and variables)" +
            (r.limit_hit ? "" : ", every one reachable") + "; " + paths +
            (r.clock_tracked ? "; the simulated date is part of the state (a deadline depends on it)" : ""),
        100, "  ");
    if (r.loop) out << wrap_text("A loop, once round: " + path_line(s, *r.loop), 100, "  ");
    if (!r.endings.empty())
        out << "  Endings (adherence, mood, result, with an example path for each extreme):\n";
    for (const auto& e : r.endings) {
        std::string title =
            e.ending >= 0 ? " \"" + s.endings[static_cast<std::size_t>(e.ending)].title + "\"" : "";
        if (!e.reached) {
            out << "    " << ending_id(s, e.ending) << title << ": no path ends here\n";
            continue;
        }
        std::string results = e.can_pass && e.can_fail ? "pass or fail"
                              : e.can_pass             ? "always a pass"
                                                       : "always a fail";
        auto range = [](int lo, int hi, const char* unit) {
            return lo == hi ? std::to_string(lo) + unit
                            : std::to_string(lo) + " to " + std::to_string(hi) + unit;
        };
        out << wrap_text(std::string(ending_id(s, e.ending)) + title + ": adherence " +
                             range(e.min_score, e.max_score, "%") + ", mood " +
                             range(e.min_mood, e.max_mood, "") + ", " + results,
                         100, "    ");
        // Each distinct example once: a scenario's short endings often have one path for every extreme.
        std::vector<std::vector<int>> shown;
        auto example = [&](const char* what, const std::optional<ExamplePath>& p) {
            if (!p || std::find(shown.begin(), shown.end(), p->choices) != shown.end()) return;
            shown.push_back(p->choices);
            out << wrap_text(std::string(what) + ": " + path_line(s, *p), 100, "      ");
        };
        example("lowest adherence", e.lowest_score);
        example("highest adherence", e.highest_score);
        example("lowest mood", e.lowest_mood);
        example("highest mood", e.highest_mood);
    }
    if (!r.rules.empty()) out << "  Rules (the verdicts some path ends with):\n";
    for (const auto& ro : r.rules) {
        const ScopedRule& rule = s.rules[static_cast<std::size_t>(ro.rule)];
        std::vector<std::string> v;
        if (ro.kept) v.push_back("kept");
        if (ro.broken) v.push_back("broken");
        if (ro.not_applicable) v.push_back("not applicable");
        std::string list;
        for (std::size_t i = 0; i < v.size(); ++i)
            list += (i == 0 ? "" : i + 1 == v.size() ? " or " : ", ") + v[i];
        std::string line = rule.id() + " " + rule.rule->title + " (" + to_string(rule.severity) +
                           "): " + (list.empty() ? "never decided" : list);
        if (ro.broken_on_pass)
            line += "; a learner can leave it broken and still pass: " + path_line(s, *ro.broken_on_pass);
        out << wrap_text(line, 100, "    ");
    }
    for (const auto& c : r.customers) {  // path_line names the customer when there is more than one
        if (c.pleasant_but_wrong)
            out << wrap_text("Pleasant but wrong: " + path_line(s, *c.pleasant_but_wrong), 100, "  ");
        if (c.uncomfortable_but_right)
            out << wrap_text("Uncomfortable but right: " + path_line(s, *c.uncomfortable_but_right), 100,
                             "  ");
    }
    if (r.proofs_run) {
        std::string guess = "Random guessing passes with probability " + percent(r.guess.probability) +
                            (r.guess.exact ? " (exact)" : " (bounded: " + percent(r.guess.low) + " to " +
                                                               percent(r.guess.high) + ")") +
                            "; the limit is " + percent(r.guess_pass_limit);
        if (r.customers.size() > 1) {
            guess += " (";
            for (std::size_t i = 0; i < r.customers.size(); ++i)
                guess += (i ? ", " : "") + s.customers[i].id + " " + percent(r.customers[i].guess.probability);
            guess += ")";
        }
        out << wrap_text(guess, 100, "  ");
        std::string strategies;
        for (int k = 0; k < kStrategies; ++k) {
            bool passes = std::any_of(r.customers.begin(), r.customers.end(),
                                      [&](const CustomerOutcomes& c) { return c.strategy_pass[static_cast<std::size_t>(k)].has_value(); });
            strategies += std::string(k ? ", " : "") + strategy_code(static_cast<Strategy>(k)) + (passes ? " CAN PASS" : " fails");
        }
        out << wrap_text("Knowledge-free strategies: " + strategies, 100, "  ");
    }
    if (r.graded) out << wrap_text("Length cue: " + length_cue_text(r.length_cue), 100, "  ");
    for (const auto& f : r.findings) {
        out << format_diagnostic({f.severity, f.where, f.message}) << "\n";
        if (f.example && is_proof(f.check)) out << wrap_text(replay_line(s, file, *f.example, seed), 100, "  ");
    }
}

//-----------------------------------------------------------------------------------------------------------
// [JSON report]
//-----------------------------------------------------------------------------------------------------------

// Per strategy: a passing path consistent with it (null: it always fails).
json strategies_json(const Scenario& s, const CustomerOutcomes& c) {
    json j = json::object();
    for (std::size_t k = 0; k < c.strategy_pass.size(); ++k)
        j[strategy_code(static_cast<Strategy>(k))] = path_json(s, c.strategy_pass[k]);
    return j;
}

json report_json(const Scenario& s, const std::string& file, const AnalysisReport& r, double ms,
                 std::uint64_t seed) {
    json endings = json::array();
    for (const auto& e : r.endings) {
        json j = {
            {"id", e.ending >= 0 ? json(s.endings[static_cast<std::size_t>(e.ending)].id) : json(nullptr)},
            {"stuck", e.ending < 0},
            {"reached", e.reached},
            {"states", e.states}};
        if (e.reached) {
            j["score"] = {{"min", e.min_score}, {"max", e.max_score}};
            j["mood"] = {{"min", e.min_mood}, {"max", e.max_mood}};
            j["can_pass"] = e.can_pass;
            j["can_fail"] = e.can_fail;
            j["examples"] = {{"lowest_score", path_json(s, e.lowest_score)},
                             {"highest_score", path_json(s, e.highest_score)},
                             {"lowest_mood", path_json(s, e.lowest_mood)},
                             {"highest_mood", path_json(s, e.highest_mood)},
                             {"pass", path_json(s, e.a_pass)},
                             {"fail", path_json(s, e.a_fail)}};
        }
        endings.push_back(j);
    }
    json rules = json::array();
    for (const auto& ro : r.rules) {
        const ScopedRule& rule = s.rules[static_cast<std::size_t>(ro.rule)];
        rules.push_back({{"id", rule.id()},
                         {"policy", rule.policy->id},
                         {"severity", to_string(rule.severity)},
                         {"kept", path_json(s, ro.kept)},
                         {"broken", path_json(s, ro.broken)},
                         {"not_applicable", path_json(s, ro.not_applicable)},
                         {"broken_on_pass", path_json(s, ro.broken_on_pass)}});
    }
    json customers = json::array();
    for (const auto& c : r.customers)
        customers.push_back({{"id", s.customers[static_cast<std::size_t>(c.customer)].id},
                             {"paths", c.paths.empty() ? json(nullptr) : json(c.paths)},
                             {"can_pass", c.can_pass},
                             {"pleasant_but_wrong", path_json(s, c.pleasant_but_wrong)},
                             {"uncomfortable_but_right", path_json(s, c.uncomfortable_but_right)},
                             {"guess_pass", c.guess.probability},
                             {"guess_pass_exact", c.guess.exact},
                             {"strategies", strategies_json(s, c)}});
    json findings = json::array();
    for (const auto& f : r.findings) {
        json j = {{"severity", f.severity == Severity::Error ? "error" : "warning"},
                  {"check", check_code(f.check)},
                  {"message", f.message},
                  {"file", f.where.file},
                  {"line", f.where.line},
                  {"column", f.where.column},
                  {"json_path", f.where.json_path},
                  {"example", path_json(s, f.example)}};
        if (f.node >= 0) j["node"] = s.nodes[static_cast<std::size_t>(f.node)].id;
        if (f.choice >= 0) j["choice"] = s.choices[static_cast<std::size_t>(f.choice)].id;
        if (f.ending >= 0) j["ending"] = s.endings[static_cast<std::size_t>(f.ending)].id;
        if (f.rule >= 0) j["rule"] = s.rules[static_cast<std::size_t>(f.rule)].id();
        if (f.customer >= 0) j["customer"] = s.customers[static_cast<std::size_t>(f.customer)].id;
        if (f.example) j["replay"] = {{"seed", seed}, {"options", option_numbers(s, *f.example, seed)}};
        findings.push_back(j);
    }
    return {{"file", file},
            {"scenario", s.id},
            {"version", s.version},
            {"sound", r.errors() == 0},
            {"complete", !r.limit_hit},
            {"states", r.states},
            {"control_states", r.control_states},
            {"state_limit", r.state_limit},
            {"clock_tracked", r.clock_tracked},
            {"paths", r.paths.empty() ? json(nullptr) : json(r.paths)},
            {"paths_infinite", r.paths_infinite},
            {"loop", path_json(s, r.loop)},
            {"endings", endings},
            {"rules", rules},
            {"customers", customers},
            {"graded", r.graded},
            {"proofs_run", r.proofs_run},
            {"guess_pass", guess_json(s, r)},
            {"longest_is_best", length_cue_json(r.length_cue)},
            {"findings", findings},
            {"errors", r.errors()},
            {"warnings", r.warnings()},
            {"milliseconds", ms}};
}

//-----------------------------------------------------------------------------------------------------------
// [Random playthroughs]
//-----------------------------------------------------------------------------------------------------------

std::string counts_line(const std::vector<std::string>& ids, const std::vector<std::size_t>& hits) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i == 0 ? "" : ", ") + ids[i] + " " + std::to_string(hits[i]);
    return out;
}

// "0-9% 12, 10-19% 40, ..., 100% 7", skipping empty bands.
std::string bands(const std::vector<std::size_t>& hits, const std::string& unit) {
    std::string out;
    for (std::size_t b = 0; b <= 10; ++b) {
        std::size_t n = 0;
        for (std::size_t v = b * 10; v < std::min<std::size_t>(101, b * 10 + 10); ++v) n += hits[v];
        if (n == 0) continue;
        std::string band =
            b == 10 ? "100" + unit : std::to_string(b * 10) + "-" + std::to_string(b * 10 + 9) + unit;
        out += (out.empty() ? "" : ", ") + band + " " + std::to_string(n);
    }
    return out.empty() ? "none" : out;
}

std::string mean_median(const std::vector<std::size_t>& hits) {
    std::size_t n = 0, sum = 0;
    for (std::size_t v = 0; v < hits.size(); ++v) {
        n += hits[v];
        sum += v * hits[v];
    }
    if (n == 0) return "";
    std::size_t seen = 0, median = 0;
    for (std::size_t v = 0; v < hits.size(); ++v) {
        seen += hits[v];
        if (seen * 2 >= n) {
            median = v;
            break;
        }
    }
    return " (mean " + std::to_string((sum + n / 2) / n) + ", median " + std::to_string(median) + ")";
}

void print_random(const Scenario& s, const std::string& file, const RandomReport& r, int max_steps,
                  std::ostream& out) {
    out << s.id << " (" << file << "): " << r.runs << " random playthroughs, seed " << r.seed << ", at most "
        << max_steps << " choices each\n";
    std::size_t ended = r.passed + r.failed;
    out << wrap_text(
        "Results: " + std::to_string(r.passed) + " passed, " + std::to_string(r.failed) + " failed" +
            (r.stuck ? ", " + std::to_string(r.stuck) + " of them stuck" : "") +
            (r.cut_off ? "; " + std::to_string(r.cut_off) + " still running at the limit (not counted)"
                       : "") +
            (ended ? "" : "; none ended"),
        100, "  ");
    std::vector<std::string> ids;
    for (const auto& e : s.endings) ids.push_back(e.id);
    out << wrap_text("Endings: " + counts_line(ids, r.ending_hits), 100, "  ");
    out << wrap_text("Adherence: " + bands(r.score_hits, "%") + mean_median(r.score_hits), 100, "  ");
    out << wrap_text("Mood: " + bands(r.mood_hits, "") + mean_median(r.mood_hits), 100, "  ");
    if (s.customers.size() > 1) {
        ids.clear();
        for (const auto& c : s.customers) ids.push_back(c.id);
        out << wrap_text("Customers: " + counts_line(ids, r.customer_runs), 100, "  ");
    }
    ids.clear();
    for (const auto& n : s.nodes) ids.push_back(n.id);
    out << wrap_text("Nodes (times entered): " + counts_line(ids, r.node_hits), 100, "  ");
    ids.clear();
    for (const auto& c : s.choices) ids.push_back(c.id);
    out << wrap_text("Choices (times taken): " + counts_line(ids, r.choice_hits), 100, "  ");
}

json random_json(const Scenario& s, const std::string& file, const RandomReport& r, int max_steps) {
    auto by_id = [](const auto& items, const std::vector<std::size_t>& hits) {
        json j = json::object();
        for (std::size_t i = 0; i < items.size(); ++i) j[items[i].id] = hits[i];
        return j;
    };
    return {{"file", file},
            {"scenario", s.id},
            {"runs", r.runs},
            {"seed", r.seed},
            {"max_steps", max_steps},
            {"passed", r.passed},
            {"failed", r.failed},
            {"stuck", r.stuck},
            {"cut_off", r.cut_off},
            {"endings", by_id(s.endings, r.ending_hits)},
            {"customers", by_id(s.customers, r.customer_runs)},
            {"nodes", by_id(s.nodes, r.node_hits)},
            {"choices", by_id(s.choices, r.choice_hits)},
            {"scores", r.score_hits},
            {"moods", r.mood_hits}};
}

bool number_option(const Args& args, std::size_t& i, std::uint64_t& value, std::ostream& err) {
    std::string text;
    if (!option_value(args, i, text, err)) return false;
    try {
        std::size_t used = 0;
        value = std::stoull(text, &used);
        if (used == text.size() && !text.empty() && text[0] != '-') return true;
    } catch (const std::exception&) {
    }
    err << "counterpart analyze: " << args[i - 1] << " needs a whole number, found '" << text << "'\n";
    return false;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Command]
//-----------------------------------------------------------------------------------------------------------

int analyze(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> paths;
    std::string policies_dir;
    bool as_json = false, random = false;
    std::uint64_t runs = 0, seed = 1, limit = AnalysisOptions{}.state_limit, max_steps = 1000;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            as_json = true;
        } else if (a == "--policies") {
            if (!option_value(args, i, policies_dir, err)) return 2;
        } else if (a == "--random") {
            if (!number_option(args, i, runs, err)) return 2;
            random = true;
        } else if (a == "--seed") {
            if (!number_option(args, i, seed, err)) return 2;
        } else if (a == "--state-limit") {
            if (!number_option(args, i, limit, err)) return 2;
        } else if (a == "--max-steps") {
            if (!number_option(args, i, max_steps, err) || max_steps == 0 || max_steps > 1000000) {
                err << "counterpart analyze: --max-steps needs a number from 1 to 1000000\n";
                return 2;
            }
        } else if (a.rfind("--", 0) == 0) {
            err << "counterpart analyze: unknown option " << a << "\n" << usage("analyze");
            return 2;
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) {
        err << usage("analyze");
        return 2;
    }
    bool failed = false;
    auto files = scenario_paths(paths, err, failed);
    auto scenarios = load_all(files, policies_dir, err, failed);

    json all = json::array();
    int errors = 0, warnings = 0;
    std::size_t states = 0;
    double total_ms = 0;
    LengthCueStats cue;  // over every graded scenario analysed
    for (const auto& [file, scenario] : scenarios) {
        const Scenario& s = *scenario;
        if (random) {
            RandomOptions options{static_cast<std::size_t>(runs), seed, static_cast<int>(max_steps)};
            RandomReport r = random_playthroughs(s, options);
            if (as_json)
                all.push_back(random_json(s, file, r, options.max_steps));
            else
                print_random(s, file, r, options.max_steps, out);
            continue;
        }
        auto t0 = std::chrono::steady_clock::now();
        AnalysisReport r = analyze_scenario(s, {static_cast<std::size_t>(limit)});
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        total_ms += ms;
        states += r.states;
        errors += r.errors();
        warnings += r.warnings();
        if (r.graded) {
            cue.decision_points += r.length_cue.decision_points;
            cue.best_longest += r.length_cue.best_longest;
            cue.chance += r.length_cue.chance;
            cue.wide_margin += r.length_cue.wide_margin;
        }
        if (as_json)
            all.push_back(report_json(s, file, r, ms, seed));
        else
            print_report(s, file, r, seed, out);
    }
    if (as_json) {
        json doc = {{"scenarios", all}};
        if (!random)
            doc.update({{"errors", errors},
                        {"warnings", warnings},
                        {"states", states},
                        {"longest_is_best", length_cue_json(cue)},
                        {"milliseconds", total_ms}});
        out << doc.dump(2) << "\n";
    } else if (!random) {
        char rate[64];
        std::snprintf(rate, sizeof rate, "%.0f",
                      total_ms > 0 ? static_cast<double>(states) / (total_ms / 1000.0) : 0.0);
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", total_ms);
        out << scenarios.size() << (scenarios.size() == 1 ? " scenario" : " scenarios")
            << " analysed: " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning; " : " warnings; ") << grouped(states) << " states in " << took
            << " ms (" << grouped(std::string(rate)) << " states/s)\n";
        if (cue.decision_points > 0) out << wrap_text("Length cue over the graded scenarios: " + length_cue_text(cue), 100);
    }
    if (failed) return 2;
    return errors > 0 ? 1 : 0;
}

}  // namespace cp::cli
