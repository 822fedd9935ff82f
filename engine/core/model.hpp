// The immutable, indexed model of policies and scenarios. Built once by the loader; the runtime, rubric,
// checks and UI only read it. Cross references are resolved to indices at load time.
//
// Index: [Policies] [Scenario: customers, variables, actions, rules in scope] [Graph: nodes, choices,
// endings]
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calendar.hpp"
#include "diagnostics.hpp"
#include "expression.hpp"

namespace cp {

inline constexpr int kFormatVersion = 2;  // newest scenario and policy file format this engine reads
inline constexpr int kOldestFormatVersion = 1;  // format 1 still loads: its choices carry no grades
inline constexpr const char* kEngineVersion = "0.1.0";

//-----------------------------------------------------------------------------------------------------------
// [Policies]
//-----------------------------------------------------------------------------------------------------------

enum class RuleSeverity { Critical, Major, Minor };
enum class RuleKind { Required, Forbidden, Before, Deadline };

const char* to_string(RuleSeverity s);
const char* to_string(RuleKind k);
std::optional<RuleSeverity> parse_severity(std::string_view s);  // "critical", "major", "minor"

// By when a required rule must be kept. Doing it after the window has closed does not keep it: the rule was
// already broken when the window closed (late compliance is not compliance, and a learner cannot erase an
// earlier failure by catching up at the end).
struct RuleWindow {
    enum class Kind : std::uint8_t {
        None,           // any time before the end
        Steps,          // within `steps` choices of the rule applying (from the start, or when its condition held)
        BeforeLeaving,  // before the learner leaves node `node` (scenario-level only: nodes belong to a scenario)
        BeforeAction,   // before action `action` is performed
    };
    Kind kind = Kind::None;
    int steps = 0;
    std::string node;    // BeforeLeaving: node id
    std::string action;  // BeforeAction: action id
    SourceLoc where;
};
std::string describe_window(const RuleWindow& w);  // "within 2 steps", "before leaving 'triage'", ...

struct ActionParamDef {
    std::string name;
    std::string type;  // "date" or "text"
};

struct ActionDef {
    std::string id;
    std::string label;
    std::string description;
    std::vector<ActionParamDef> params;
    std::string origin;  // policy id, or "scenario"
    SourceLoc where;
};

// The judged part of a rule, with action ids still as text (policies are shared by many scenarios).
struct RuleBodySpec {
    RuleKind kind = RuleKind::Required;
    std::vector<std::string> actions;  // required / forbidden / deadline
    std::vector<std::string> first;    // before
    std::vector<std::string> then;     // before
    std::string param = "date";        // deadline
    std::string from = "start";        // deadline: "start" or an action id
    DeadlineSpan within;               // deadline
    RuleWindow window;                 // required: by when
    SourceLoc where;
};

struct PolicyRule {
    std::string id;
    std::string title;
    std::string statement;
    std::string source;
    RuleSeverity severity = RuleSeverity::Major;
    int weight = 1;
    std::vector<std::string> evidences;
    std::string feedback_kept;
    std::string feedback_broken;
    bool conditional = false;
    std::string when;  // condition source, when conditional
    SourceLoc when_where;
    RuleBodySpec body;
    SourceLoc where;
};

struct Policy {
    std::string id;
    std::string title;
    std::string version;
    std::string organisation;
    std::string source;
    std::string summary;
    std::string file;
    std::string sha256;  // of the canonical JSON content
    std::vector<ActionDef> actions;
    std::vector<PolicyRule> rules;
};

//-----------------------------------------------------------------------------------------------------------
// [Scenario]
//-----------------------------------------------------------------------------------------------------------

struct CustomerProfile {
    std::string id;
    std::string name;
    std::string address_as;
    std::string pronouns;
    int age = 0;  // 0 = not given
    std::string language;
    std::vector<std::string> needs;
    std::string acts_for;
    std::string about;
    int initial_mood = 50;

    CustomerView view() const { return {id, language, &needs, age, acts_for}; }
};

struct CastMember {
    std::string id;
    std::string name;
    std::string role;
};

struct VariableDef {
    std::string id;
    ValueType type = ValueType::Bool;
    std::vector<std::string> enum_values;
    int initial = 0;
    int min = INT32_MIN;
    int max = INT32_MAX;
    int done_action = -1;  // >= 0: not declared but made for a done('action') term; set when it is performed
    SourceLoc where;
};

// A rule as it applies in one scenario: actions resolved to the scenario's action indices, and the scenario's
// own setting of its severity and window.
struct ScopedRule {
    const Policy* policy = nullptr;
    const PolicyRule* rule = nullptr;
    std::vector<int> actions;        // required / forbidden / deadline
    std::vector<int> first;          // before
    std::vector<int> then;           // before
    int from_action = -1;            // deadline: -1 = scenario start (or `from_date`)
    std::optional<Date> from_date;   // deadline: counted from a dated fact before the session (calendar "dates")
    std::optional<Expression> when;  // conditional
    SourceLoc scope_where;           // the scenario's reference to the policy that brings this rule in
    RuleSeverity severity = RuleSeverity::Major;  // as judged here: the policy's, or the scenario's override
    std::string severity_reason;  // why the scenario changed the policy's severity (required when lowered)
    RuleWindow window;            // the policy's window, or the scenario's override
    int window_node = -1;         // BeforeLeaving: node index
    int window_action = -1;       // BeforeAction: action index

    const std::string& id() const { return rule->id; }
    bool severity_lowered() const { return static_cast<int>(severity) > static_cast<int>(rule->severity); }
};

//-----------------------------------------------------------------------------------------------------------
// [Graph]
//-----------------------------------------------------------------------------------------------------------

struct Target {
    enum class Kind : std::uint8_t { Node, Ending } kind = Kind::Node;
    int index = -1;
};

// One conditional entry of a `next` list: go to `to` when `when` holds. The list's final entry, which has no
// condition, is the owner's `next` itself.
struct Branch {
    Expression when;
    Target to;
    SourceLoc where;
};

enum class SpeakerKind : std::uint8_t { Narrator, Customer, Cast };

struct Line {
    std::string id;
    SpeakerKind speaker = SpeakerKind::Narrator;
    int cast = -1;  // when speaker is Cast
    std::string text;
    std::optional<Expression> condition;  // said only when it holds (state as the node is entered)
};

struct Exhibit {
    std::string title;
    std::string kind;
    std::string text;
    std::vector<std::vector<std::string>> table;  // first row is the header
};

// A performed action with its parameters. A date parameter is either fixed or relative to the day it is said.
struct ActionUse {
    int action = -1;
    std::map<std::string, std::string> params;
    std::optional<Date> date;  // the resolved fixed date, if the "date"-typed parameter is an ISO date
    int date_offset_days = 0;  // "+Nd": relative to the simulated date of the step
    bool has_date = false;
    std::string date_param;  // which parameter holds the date
};

struct Effect {
    int variable = -1;
    bool add = false;  // int "+N"/"-N"
    int value = 0;
};

// The author's judgement of a choice. The analyzer proves the rubric agrees with it: no path through an
// unsafe choice passes, every poor or unsafe choice is seen by a rule, and best-only play passes at 100%.
enum class ChoiceGrade : std::uint8_t { Ungraded, Best, Acceptable, Poor, Unsafe };
const char* to_string(ChoiceGrade g);                           // "best", "acceptable", "poor", "unsafe", "ungraded"
std::optional<ChoiceGrade> parse_grade(std::string_view text);  // the four names only
// Where a choice is shown. Options are shuffled per session; a pinned one keeps its place (e.g. "ask a
// colleague" always last), so its position is not a cue either way.
enum class ChoicePin : std::uint8_t { None, First, Last };

struct Advance {
    int minutes = 1;
    int days = 0;
    int working_days = 0;
    bool none() const { return minutes == 0 && days == 0 && working_days == 0; }
};

struct Choice {
    std::string id;
    std::string text;
    std::optional<Expression> condition;
    std::vector<ActionUse> actions;
    std::vector<Effect> effects;
    int mood = 0;
    Advance advance;
    std::string feedback;
    ChoiceGrade grade = ChoiceGrade::Ungraded;  // format 2: always set
    std::string grade_reason;                   // one line: why this grade
    ChoicePin pin = ChoicePin::None;
    std::vector<std::string> evidences;  // marking points this choice shows when taken (e.g. a clarifying question)
    std::vector<Branch> branches;  // a `next` list: tried in order on the state after the choice's effects
    Target next;                   // where it leads (with `branches`: the final entry, taken when none holds)
    int node = -1;  // the node offering it
    SourceLoc where;
};

struct Node {
    std::string id;
    std::vector<Line> lines;
    std::optional<Exhibit> exhibit;
    std::vector<int> choices;    // indices into Scenario::choices
    std::optional<Target> next;  // when the node has no choices (with `branches`: the final entry of the list)
    std::vector<Branch> branches;  // a `next` list's conditional entries, tried in order
    // "on_enter": applied every time the node is entered, revisits included, before its lines are said.
    std::vector<Effect> enter_effects;
    int enter_mood = 0;
    Advance enter_advance{0, 0, 0};  // no time passes unless the node says so
    bool has_on_enter() const { return !enter_effects.empty() || enter_mood != 0 || !enter_advance.none(); }
    SourceLoc where;
};

struct Ending {
    std::string id;
    std::string title;
    std::string text;
    SourceLoc where;
};

// The longest a scenario may say it takes ("estimated_minutes"): a role-play is a lesson's work, not a day's.
inline constexpr int kMaxEstimatedMinutes = 600;

struct Scenario {
    int format_version = kFormatVersion;
    std::string file;
    std::string sha256;  // of the canonical JSON content (key order and spacing do not matter)
    std::string id;
    std::string title;
    std::string version;
    std::vector<std::string> topics;
    std::string setting;
    std::string role;
    std::string brief;
    int estimated_minutes = 0;  // 1..kMaxEstimatedMinutes
    std::string difficulty;
    int pass_mark = 0;
    double guess_pass_limit = 0.01;  // highest allowed probability that uniform random choices pass

    std::vector<CustomerProfile> customers;
    std::vector<CastMember> cast;
    std::vector<std::shared_ptr<const Policy>> policies;
    std::vector<ActionDef> actions;  // policies' actions then the scenario's own
    std::vector<VariableDef> variables;
    std::vector<VariableSymbol> symbols;  // the same variables, as conditions see them
    std::vector<ScopedRule> rules;

    DateTime start_time;
    WorkCalendar calendar;
    std::map<std::string, Date> dates;  // the calendar's "dates": facts dated before the session, by name

    int start_node = -1;
    std::vector<Node> nodes;
    std::vector<Choice> choices;
    std::vector<Ending> endings;
    std::vector<int> best_path;          // choice indices
    std::vector<std::string> evidences;  // marking-point ids the scenario as a whole evidences
    SourceLoc best_path_where;
    SourceLoc header_where;  // the start of the file, for scenario-wide findings

    // Variables a condition's done('action') term reads are added after the declared ones, one per action
    // named (so the analyzer tracks only those): `done_action` of such a variable is the action's index.
    bool has_routes = false;  // some `next` is a list, or some node has "on_enter": where a step lands and
                              // what it changes on the way depend on the state (see arrive())

    std::vector<int> initial_variables() const;
    int find_node(std::string_view id) const;
    int find_choice(std::string_view id) const;
    int find_ending(std::string_view id) const;
    int find_action(std::string_view id) const;
    int find_rule(std::string_view id) const;
    const CastMember* cast_member(std::string_view id) const;
};

}  // namespace cp

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Story semantics] one home for what every walker of the graph (runtime, analyzer, checks) must agree on
//-----------------------------------------------------------------------------------------------------------

int clamp_mood(int mood);  // mood is always within 0..100
// Applies a choice's `set` effects to `variables`, each clamped to its variable's range.
void apply_effects(const Scenario& s, const std::vector<Effect>& effects, std::vector<int>& variables);
// The clock after `a` (minutes and days carry the time of day; working days skip to the next working day).
DateTime advance_time(DateTime t, const Advance& a, const WorkCalendar& calendar);
// The entry of a `next` list whose condition holds first on `ctx`, else the final entry `fallback`.
Target pick(const std::vector<Branch>& branches, Target fallback, const EvalContext& ctx);
// Every target a `next` list can lead to (its conditional entries, then the final one).
std::vector<Target> next_targets(const std::vector<Branch>& branches, Target fallback);
// Where a route ends: at a node with choices, an ending, or stuck in a loop of `next` links.
struct Arrival {
    Target at;
    bool stuck = false;
    std::vector<int> entered;  // the nodes entered, in order
};
// Enters `t` and follows `next` links. At each node entered: its "on_enter" effects apply (variables, then
// mood, then the clock; `mood` and `clock` may be null), `on_node` is told (the runtime says its lines
// there), then a `next` list is decided on that state. The one home of these semantics: the runtime, the
// analyzer and the checks all arrive through it.
Arrival arrive(const Scenario& s, Target t, std::vector<int>& variables, const CustomerView* customer, int* mood,
               DateTime* clock, const std::function<void(int node)>& on_node = {});
// The order in which `offered` (in file order) is shown: pinned-first options, then the rest shuffled by
// (seed, node, visit), then pinned-last options. `visit` counts earlier arrivals at the node in the session.
std::vector<int> display_order(const Scenario& s, std::vector<int> offered, std::uint64_t seed, int node,
                               int visit);

}  // namespace cp
