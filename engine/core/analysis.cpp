// Exhaustive scenario analysis: see analysis.hpp for what is reported and the definitions it uses, and
// analysis_internal.hpp for how it works and which file holds what.
//
// Index: [Codes and names] [Entry point]
#include "analysis.hpp"

#include <algorithm>

#include "analysis_internal.hpp"
#include "runtime.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Codes and names]
//-----------------------------------------------------------------------------------------------------------

const char* check_code(AnalysisCheck check) {
    switch (check) {
        case AnalysisCheck::StateLimit:
            return "state-limit";
        case AnalysisCheck::UnreachableNode:
            return "unreachable-node";
        case AnalysisCheck::UnreachableEnding:
            return "unreachable-ending";
        case AnalysisCheck::ChoiceNeverShown:
            return "choice-never-shown";
        case AnalysisCheck::Stuck:
            return "stuck";
        case AnalysisCheck::Trap:
            return "trap";
        case AnalysisCheck::TrapByConditions:
            return "trap-by-conditions";
        case AnalysisCheck::CriticalBreachPasses:
            return "pass-after-critical-breach";
        case AnalysisCheck::CriticalBrokenPasses:
            return "pass-with-critical-rule-broken";
        case AnalysisCheck::NoPassingPath:
            return "no-passing-path";
        case AnalysisCheck::RuleNeverDecided:
            return "rule-never-decided";
        case AnalysisCheck::NoPleasantButWrong:
            return "no-pleasant-but-wrong";
        case AnalysisCheck::NoUncomfortableButRight:
            return "no-uncomfortable-but-right";
        case AnalysisCheck::UngradedChoices:
            return "ungraded-choices";
        case AnalysisCheck::UnsafeChoicePasses:
            return "unsafe-choice-passes";
        case AnalysisCheck::WrongChoiceUnseen:
            return "wrong-choice-unseen";
        case AnalysisCheck::BestPathNotPerfect:
            return "best-path-not-perfect";
        case AnalysisCheck::NoBestOption:
            return "no-best-option";
        case AnalysisCheck::KnowledgeFreeStrategyPasses:
            return "knowledge-free-strategy-passes";
        case AnalysisCheck::GuessPassTooLikely:
            return "guess-pass-too-likely";
        case AnalysisCheck::LengthCue:
            return "length-cue";
    }
    return "?";
}

const char* strategy_code(Strategy s) {
    switch (s) {
        case Strategy::Longest:
            return "longest";
        case Strategy::Shortest:
            return "shortest";
        case Strategy::MostPleasant:
            return "most-pleasant";
        case Strategy::LeastPleasant:
            return "least-pleasant";
        case Strategy::MostActions:
            return "most-actions";
    }
    return "?";
}

std::size_t text_length(const std::string& utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::vector<int> option_numbers(const Scenario& scenario, const ExamplePath& path, std::uint64_t seed) {
    auto shared = std::shared_ptr<const Scenario>(&scenario, [](const Scenario*) {});
    Session session(shared, {seed, path.customer});
    std::vector<int> out;
    for (int c : path.choices) {
        const auto& offered = session.offered();
        auto it = std::find(offered.begin(), offered.end(), c);
        if (session.state() != SessionState::AwaitingChoice || it == offered.end()) return {};
        out.push_back(static_cast<int>(it - offered.begin()) + 1);
        session.choose(c);
    }
    return out;
}

int AnalysisReport::errors() const {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const AnalysisFinding& f) {
        return f.severity == Severity::Error;
    }));
}

int AnalysisReport::warnings() const {
    return static_cast<int>(findings.size()) - errors();
}

std::string describe_path(const Scenario& scenario, const ExamplePath& path) {
    if (path.choices.empty()) return "(at the start)";
    std::string out;
    for (int c : path.choices) {
        if (!out.empty()) out += " > ";
        out += scenario.choices[static_cast<std::size_t>(c)].id;
    }
    return out;
}

namespace analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Entry point]
//-----------------------------------------------------------------------------------------------------------

AnalysisReport Analyzer::run() {
    AnalysisReport r;
    r.state_limit = options_.state_limit;
    r.guess_pass_limit = s_.guess_pass_limit;
    if (s_.start_node < 0 || s_.customers.empty()) return r;
    setup();
    r.clock_tracked = clock_;
    bool complete = explore_controls();
    r.control_states = cnode_.size();
    if (complete) {
        components();
        complete = explore_products();
    }
    r.states = pdepth_.size();
    r.limit_hit = !complete;
    if (!complete) {
        // Nothing that needs every state is claimed; what was found on the way (a stuck state) still holds,
        // but the partial graph is not worth reporting from: say clearly that the proof is incomplete.
        r.states = std::max(r.states, r.control_states);
        add(r, Severity::Error, AnalysisCheck::StateLimit, s_.header_where,
            "the analysis stopped after " + std::to_string(r.states) + " states (the limit is " +
                std::to_string(options_.state_limit) +
                "), so nothing about this scenario is proven; raise the "
                "limit or reduce the combinations of variable values");
        for (std::size_t k = 0; k < s_.customers.size(); ++k)
            r.customers.push_back({static_cast<int>(k), "", false, {}, {}, {}, {}});
        return r;
    }
    reachability(r);
    outcomes(r);
    if (!r.paths_infinite) count_paths(r);
    r.proofs_run = true;
    proofs(r);
    choice_outcomes(r);
    choice_examples(r);
    pass_marks(r);
    if (r.graded) length_cue(r);
    std::stable_sort(r.findings.begin(), r.findings.end(),
                     [](const AnalysisFinding& a, const AnalysisFinding& b) {
                         return a.severity == Severity::Error && b.severity != Severity::Error;
                     });
    return r;
}

}  // namespace analysis_detail

AnalysisReport analyze_scenario(const Scenario& scenario, const AnalysisOptions& options) {
    return analysis_detail::Analyzer(scenario, options).run();
}

}  // namespace cp
