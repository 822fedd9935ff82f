// Exhaustive analysis of a scenario: every reachable state, for every customer profile, explored once, so
// that what it reports holds for every path a learner can take (a proof, not a sample), plus seeded random
// playthroughs for a quick picture of where learners tend to go.
//
// Index: [Options] [Example paths] [Findings] [Report] [Random playthroughs]
//
// The grade proofs (format 2: every choice graded best, acceptable, poor or unsafe by its author) check that
// the rubric agrees with the author, for every customer profile, over every path:
//  - unsafe-choice-passes: no complete path through an `unsafe` choice passes;
//  - wrong-choice-unseen: no complete path through a `poor` or `unsafe` choice ends with no rule broken;
//  - best-path-not-perfect: every complete path made only of `best` choices passes at 100%; no-best-option:
//    every decision point offers a `best` option;
//  - knowledge-free-strategy-passes: always taking the longest option text, the shortest, the most pleasant
//    (highest mood effect), the least pleasant or the one with the most actions never passes. Where options
//    tie, each tied option is a possible pick: the strategy fails only if every path it allows fails;
//  - guess-pass-too-likely: the probability that a learner choosing uniformly among the offered options
//    passes, averaged over the customer profiles (the seed picks one uniformly), is above the scenario's
//    `guess_pass_limit`;
//  - length-cue (warning): at a decision point the `best` option is the longest by a wide margin (at least
//    1.3 times and 40 characters longer than every other option).
// A complete path is one that ends (at an ending or stuck). In a format-1 file (choices ungraded) none of
// these are findings; one warning (ungraded-choices) says so, and the numbers are still reported.
//
// What "state" means. The rubric's outcome depends on the path only through a small summary: per rule its
// verdict so far and whether its condition has held, per action whether it has been done (only where a
// `before` rule still needs it), and the simulated date (only while a deadline rule still pending could be
// judged differently on another day). An analysis state is (node, customer, variables, that summary). Mood is
// deliberately not part of it: it only ever moves by clamped additions, so the lowest and highest mood that
// can reach a state are tracked per state instead, exactly (see analysis_internal.hpp).
//
// Definitions the report uses (also in scenarios/README.md, section 8):
//  - pleasant-but-wrong: a path that fails and ends with the customer's mood at least `pleasant_mood` (60)
//    and higher than the mood they arrived with;
//  - uncomfortable-but-right: a path that passes and ends with the customer's mood below the mood they
//    arrived with;
//  - critical breach: the officer does what a critical rule forbids (a forbidden action, an action before
//    the step it requires, a date past a deadline). A pass after one is an error, whether the breach was
//    counted (the rubric never allows that; the check proves it on every state) or not counted because the
//    rule's condition, which reads the scenario's variables, never held afterwards. Conditions on the
//    customer alone are fixed for the session, so such a rule simply does not concern that customer;
//  - a required rule broken on a pass: a rule whose kind is `required` broken at a passing end. The
//    product lets a major or minor rule be broken by a passing learner (that is what severities are for), so
//    this is an error only for a critical rule (again an invariant the check proves) and otherwise reported
//    per rule as information ("can be skipped by a passing learner"), never as a finding;
//  - a rule no path can decide: a rule that ends not applicable on every path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Options]
//-----------------------------------------------------------------------------------------------------------

struct AnalysisOptions {
    // Analysis states explored at most. When reached the analysis stops and says so with an error finding
    // (state-limit): nothing it did not explore is claimed, and checks that need every state are not
    // reported.
    std::size_t state_limit = 2'000'000;
    // The mood from which a failing ending counts as pleasant (it must also be above the customer's initial
    // mood). See the definitions above.
    int pleasant_mood = 60;
};

//-----------------------------------------------------------------------------------------------------------
// [Example paths]
//-----------------------------------------------------------------------------------------------------------

// A shortest path (in choices) to the state a finding is about, replayable in the terminal player with the
// same customer profile: `counterpart play SCENARIO --customer ID`, then the choices in order.
struct ExamplePath {
    int customer = 0;          // index into Scenario::customers
    std::vector<int> choices;  // indices into Scenario::choices, in the order taken
    bool ends = false;         // the path ends the session (at an ending, or stuck)
    int ending = -1;           // index into Scenario::endings when it ends there; -1 otherwise
    int score = 0;             // when it ends: adherence score, result and the customer's final mood
    bool passed = false;
    int mood = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [Findings]
//-----------------------------------------------------------------------------------------------------------

enum class AnalysisCheck {
    StateLimit,              // error: the analysis stopped at the state limit
    UnreachableNode,         // warning: no path enters the node
    UnreachableEnding,       // warning: no path ends there
    ChoiceNeverShown,        // warning: the choice's condition never holds where it is
    Stuck,                   // error: a state where every choice is hidden
    Trap,                    // error: a loop with no way out in the node graph itself
    TrapByConditions,        // error: a loop whose ways out are all hidden by conditions on some path
    CriticalBreachPasses,    // error: a pass after a critical breach
    CriticalBrokenPasses,    // error: a pass with a critical `required` rule broken (an invariant)
    NoPassingPath,           // error: no path passes (for a customer profile)
    RuleNeverDecided,        // error: the rule is not applicable on every path
    NoPleasantButWrong,      // warning: the teaching check, for a customer profile
    NoUncomfortableButRight,     // warning: the teaching check, for a customer profile
    UngradedChoices,             // warning: some choice has no grade, so the grade proofs cannot run
    UnsafeChoicePasses,          // error: a complete path through an `unsafe` choice passes
    WrongChoiceUnseen,           // error: a path through a `poor`/`unsafe` choice ends with no rule broken
    BestPathNotPerfect,          // error: a path of `best` choices only does not pass at 100%
    NoBestOption,                // error: a reachable decision point offers no `best` option
    KnowledgeFreeStrategyPasses, // error: a strategy that needs no knowledge of the procedure can pass
    GuessPassTooLikely,          // error: uniform random choices pass more often than guess_pass_limit
    LengthCue                    // warning: the `best` option is the longest by a wide margin
};
// A stable code for machine-readable output: "state-limit", "unreachable-node", ...
const char* check_code(AnalysisCheck check);

struct AnalysisFinding {
    Severity severity = Severity::Error;
    AnalysisCheck check = AnalysisCheck::StateLimit;
    std::string message;                 // one or two sentences, with the example path spelled out
    SourceLoc where;                     // the item concerned (node, ending, choice, rule reference, header)
    std::optional<ExamplePath> example;  // a shortest path showing it, where one exists
    int node = -1, choice = -1, ending = -1, rule = -1, customer = -1;  // what it is about, when relevant
};

//-----------------------------------------------------------------------------------------------------------
// [Report]
//-----------------------------------------------------------------------------------------------------------

// The outcomes any path can reach at one ending (or, with ending -1, by getting stuck).
struct EndingOutcomes {
    int ending = -1;
    bool reached = false;
    int min_score = 0, max_score = 0;  // adherence, whole percent
    int min_mood = 0, max_mood = 0;    // the customer's final mood (not scored)
    bool can_pass = false, can_fail = false;
    // Examples (shortest for score and result; for mood, a path that reaches that mood). Empty when
    // unreached.
    std::optional<ExamplePath> lowest_score, highest_score, lowest_mood, highest_mood, a_pass, a_fail;
    std::size_t states = 0;  // distinct end states (ending, variables, verdicts) there
};

// Which verdicts a rule can end with, with a shortest example of each.
struct RuleOutcomes {
    int rule = -1;
    std::optional<ExamplePath> kept, broken, not_applicable;
    // A passing path that ends with this `required` rule broken: the learner can skip it and still pass.
    std::optional<ExamplePath> broken_on_pass;
};

// The strategies that need no knowledge of the procedure, in report order.
enum class Strategy { Longest, Shortest, MostPleasant, LeastPleasant, MostActions };
inline constexpr int kStrategies = 5;
const char* strategy_code(Strategy s);  // "longest", "shortest", "most-pleasant", "least-pleasant", "most-actions"

// The probability that a learner choosing uniformly among the offered options passes.
struct GuessOdds {
    double probability = 0;  // the value (the midpoint of [low, high] when not exact)
    double low = 0, high = 0;
    // true: solved exactly over the state graph (backward sums; a loop's linear system solved by
    // elimination), to double precision. false: a large loop was iterated to the bound [low, high].
    bool exact = true;
};

struct CustomerOutcomes {
    int customer = -1;
    std::string paths;  // distinct complete paths, in decimal; "" when infinite or not counted
    bool can_pass = false;
    std::optional<ExamplePath> pleasant_but_wrong;       // the failing path with the highest final mood
    std::optional<ExamplePath> uncomfortable_but_right;  // the passing path with the lowest final mood
    GuessOdds guess;                                     // a uniform random guesser's chance to pass
    // Per Strategy: a shortest passing path consistent with it, if any (none: the strategy always fails).
    std::vector<std::optional<ExamplePath>> strategy_pass;
};

// How often the `best` option is the longest, over a scenario's decision points (nodes with two or more
// options, at least one `best` and at least one not). "Longest" counts characters (Unicode code points).
struct LengthCueStats {
    int decision_points = 0;
    int best_longest = 0;   // the longest option is `best` and strictly longer than every other option
    double chance = 0;      // the sum over decision points of (best options / options): what chance gives
    int wide_margin = 0;    // of those, the best is longest by a wide margin (the length-cue warning)
};

// What paths through one choice can end with, over every customer profile (for the studio's live view).
struct ChoiceOutcomes {
    bool offered = false;               // some path offers it
    bool can_pass = false, can_fail = false;  // some complete path through it passes / fails
    int min_score = 0, max_score = 0;   // the lowest and highest final score of complete paths through it
    bool ends = false;                  // some complete path goes through it (false: only stuck or looping)
    // A shortest complete path through it that passes, and one that fails (the studio plays them).
    std::optional<ExamplePath> a_pass, a_fail;
};

// For the studio's pass-mark slider: how complete paths and kinds of learner fare at every pass mark, from
// the same exploration (a path passes at mark m when it ends with no critical rule broken and score >= m).
enum class LearnerGrade { Best, BestOrAcceptable, NotUnsafe };  // the grades a learner's choices keep to
inline constexpr int kLearnerGrades = 3;
const char* learner_grade_text(LearnerGrade g);  // "always best", "best or acceptable", "anything but unsafe"

struct PassMarkTable {
    bool counted = false;  // false when paths are infinite (a loop) or the analysis stopped at its limit
    // Index = final score 0..100: complete paths ending there with no critical rule broken. Doubles: exact
    // up to 2^53 paths, approximate beyond (the slider shows proportions).
    std::vector<double> paths_at_score;
    double paths_critical = 0;  // complete paths with a critical rule broken: they fail at every mark
    // Per LearnerGrade: the final scores of the complete paths made only of such choices (any customer).
    struct Learner {
        bool reaches_end = false;         // some complete path keeps to the grade
        bool critical = false;            // some such path breaks a critical rule (fails at every mark)
        int min_score = 100, max_score = 0;  // over such paths with no critical rule broken
    };
    std::vector<Learner> learners;
    // Index = final score: the probability that a learner choosing uniformly at random (customer picked
    // uniformly) ends there with no critical rule broken; loops are iterated to within 1e-12.
    std::vector<double> random_at_score;

    double paths_total() const;             // every complete path
    double paths_passing(int mark) const;   // complete paths that pass at `mark`
    double random_passes(int mark) const;   // the random learner's chance to pass at `mark`
    // Whether a learner keeping to `g` passes at `mark`: 2 always, 1 on some paths, 0 never.
    int learner_passes(LearnerGrade g, int mark) const;
};

struct AnalysisReport {
    std::size_t states = 0;          // analysis states explored (node, customer, variables, rubric summary)
    std::size_t control_states = 0;  // the distinct (node, customer, variables) among them
    std::size_t state_limit = 0;
    bool limit_hit = false;      // true: incomplete; see the state-limit finding
    bool clock_tracked = false;  // true when the simulated date had to be part of the state
    // Distinct complete paths (from the start to an ending or a stuck state), all customers together.
    std::string paths;                    // decimal, exact; "" when infinite or not counted (limit hit)
    bool paths_infinite = false;          // a loop that can be left: paths can be made as long as wished
    std::optional<ExamplePath> loop;      // when infinite: a shortest path that goes once round such a loop
    std::vector<EndingOutcomes> endings;  // one per scenario ending, then one for "stuck" if it happens
    std::vector<RuleOutcomes> rules;      // one per rule in scope, in scope order
    std::vector<CustomerOutcomes> customers;  // one per customer profile
    std::vector<AnalysisFinding> findings;    // errors first, then warnings, each in the order checked
    bool graded = false;                      // every choice carries a grade: the grade proofs ran
    bool proofs_run = false;                  // the proofs ran (not when the state limit was hit)
    GuessOdds guess;                          // the mean over customer profiles of their GuessOdds
    double guess_pass_limit = 0;              // the scenario's
    LengthCueStats length_cue;                // graded scenarios only
    std::vector<ChoiceOutcomes> choices;      // one per scenario choice (empty when the state limit was hit)
    PassMarkTable pass_marks;                 // the pass-mark slider's numbers (analysis_pass_marks.cpp)

    int errors() const;
    int warnings() const;
};

// Explores every reachable state of `scenario` (for every customer profile) and reports the above.
AnalysisReport analyze_scenario(const Scenario& scenario, const AnalysisOptions& options = {});

// "c-greet > c-listen > c-log", or "(at the start)" for an empty path.
std::string describe_path(const Scenario& scenario, const ExamplePath& path);

// The option numbers to type in `counterpart play SCENARIO --customer ID --seed SEED` to take `path` (the
// options are shuffled per session by the seed). Empty if the path cannot be played (it always can for an
// example the analysis gave).
std::vector<int> option_numbers(const Scenario& scenario, const ExamplePath& path, std::uint64_t seed);

// The length of an option's text as a learner sees it: Unicode code points of its UTF-8.
std::size_t text_length(const std::string& utf8);

//-----------------------------------------------------------------------------------------------------------
// [Random playthroughs]
//-----------------------------------------------------------------------------------------------------------

struct RandomOptions {
    std::size_t runs = 1000;
    std::uint64_t seed = 1;  // the same seed gives the same playthroughs on every platform
    int max_steps = 1000;    // a playthrough still running after this many choices is stopped and counted
};

struct RandomReport {
    std::size_t runs = 0;
    std::uint64_t seed = 0;
    std::vector<std::size_t> node_hits;      // per node: times entered (including nodes passed through)
    std::vector<std::size_t> choice_hits;    // per choice: times taken
    std::vector<std::size_t> ending_hits;    // per ending
    std::vector<std::size_t> customer_runs;  // per customer profile: playthroughs that used it
    std::size_t stuck = 0;                   // ended with no choice offered
    std::size_t cut_off = 0;                 // stopped at max_steps
    std::size_t passed = 0, failed = 0;      // of those that ended
    std::vector<std::size_t> score_hits;     // index = score 0..100
    std::vector<std::size_t> mood_hits;      // index = final mood 0..100
};

// `options.runs` playthroughs, each with a customer profile and choices drawn from a generator seeded by
// `options.seed` (SplitMix64, as the runtime uses), played by the real runtime.
RandomReport random_playthroughs(const Scenario& scenario, const RandomOptions& options);

}  // namespace cp
