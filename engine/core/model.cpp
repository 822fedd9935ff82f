// The model's own methods and the story semantics every walker of the graph shares (the runtime, the analyzer
// and the checks): how an effect changes a variable, how mood is bounded, where a choice leads, and the order
// options are shown in.
#include "model.hpp"

#include <algorithm>

namespace cp {

std::optional<RuleSeverity> parse_severity(std::string_view s) {
    if (s == "critical") return RuleSeverity::Critical;
    if (s == "major") return RuleSeverity::Major;
    if (s == "minor") return RuleSeverity::Minor;
    return std::nullopt;
}

const char* to_string(RuleSeverity s) {
    switch (s) {
        case RuleSeverity::Critical:
            return "critical";
        case RuleSeverity::Major:
            return "major";
        case RuleSeverity::Minor:
            return "minor";
    }
    return "?";
}

const char* to_string(RuleKind k) {
    switch (k) {
        case RuleKind::Required:
            return "required";
        case RuleKind::Forbidden:
            return "forbidden";
        case RuleKind::Before:
            return "before";
        case RuleKind::Deadline:
            return "deadline";
    }
    return "?";
}

const char* to_string(ChoiceGrade g) {
    switch (g) {
        case ChoiceGrade::Best:
            return "best";
        case ChoiceGrade::Acceptable:
            return "acceptable";
        case ChoiceGrade::Poor:
            return "poor";
        case ChoiceGrade::Unsafe:
            return "unsafe";
        case ChoiceGrade::Ungraded:
            return "ungraded";
    }
    return "?";
}

std::optional<ChoiceGrade> parse_grade(std::string_view text) {
    if (text == "best") return ChoiceGrade::Best;
    if (text == "acceptable") return ChoiceGrade::Acceptable;
    if (text == "poor") return ChoiceGrade::Poor;
    if (text == "unsafe") return ChoiceGrade::Unsafe;
    return std::nullopt;
}

std::string describe_window(const RuleWindow& w) {
    switch (w.kind) {
        case RuleWindow::Kind::None:
            return "before the end";
        case RuleWindow::Kind::Steps:
            return "within " + std::to_string(w.steps) + (w.steps == 1 ? " step" : " steps");
        case RuleWindow::Kind::BeforeLeaving:
            return "before leaving '" + w.node + "'";
        case RuleWindow::Kind::BeforeAction:
            return "before '" + w.action + "'";
    }
    return "?";
}

std::vector<int> Scenario::initial_variables() const {
    std::vector<int> v;
    v.reserve(variables.size());
    for (const auto& var : variables) v.push_back(var.initial);
    return v;
}

namespace {
template <class T>
int find_by_id(const std::vector<T>& items, std::string_view wanted) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == wanted) return static_cast<int>(i);
    return -1;
}
}  // namespace

int Scenario::find_node(std::string_view wanted) const {
    return find_by_id(nodes, wanted);
}
int Scenario::find_choice(std::string_view wanted) const {
    return find_by_id(choices, wanted);
}
int Scenario::find_ending(std::string_view wanted) const {
    return find_by_id(endings, wanted);
}
int Scenario::find_action(std::string_view wanted) const {
    return find_by_id(actions, wanted);
}
int Scenario::find_rule(std::string_view wanted) const {
    for (std::size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id() == wanted) return static_cast<int>(i);
    return -1;
}
const CastMember* Scenario::cast_member(std::string_view wanted) const {
    int i = find_by_id(cast, wanted);
    return i < 0 ? nullptr : &cast[static_cast<std::size_t>(i)];
}

//-----------------------------------------------------------------------------------------------------------
// Story semantics
//-----------------------------------------------------------------------------------------------------------

int clamp_mood(int mood) {
    return std::clamp(mood, 0, 100);
}

void apply_effects(const Scenario& s, const std::vector<Effect>& effects, std::vector<int>& variables) {
    for (const Effect& e : effects) {
        const VariableDef& def = s.variables[static_cast<std::size_t>(e.variable)];
        int& v = variables[static_cast<std::size_t>(e.variable)];
        // 64-bit so that "+N" on a value near the int limits cannot overflow before the clamp.
        long long next = e.add ? static_cast<long long>(v) + e.value : e.value;
        v = static_cast<int>(std::clamp<long long>(next, def.min, def.max));
    }
}

DateTime advance_time(DateTime t, const Advance& a, const WorkCalendar& calendar) {
    int minutes = t.minute_of_day + a.minutes;
    t.date = t.date.plus_days(minutes / 1440 + a.days);
    t.minute_of_day = minutes % 1440;
    if (a.working_days > 0) t.date = calendar.add_working_days(t.date, a.working_days);
    return t;
}

Target pick(const std::vector<Branch>& branches, Target fallback, const EvalContext& ctx) {
    for (const Branch& b : branches)
        if (b.when.evaluate(ctx)) return b.to;
    return fallback;
}

std::vector<Target> next_targets(const std::vector<Branch>& branches, Target fallback) {
    std::vector<Target> out;
    for (const Branch& b : branches) out.push_back(b.to);
    out.push_back(fallback);
    return out;
}

Arrival arrive(const Scenario& s, Target t, std::vector<int>& variables, const CustomerView* customer, int* mood,
               DateTime* clock, const std::function<void(int node)>& on_node) {
    Arrival out;
    // A loop of `next` links (analysis reports it as a trap) would never end; the bound keeps it finite.
    std::size_t bound = (s.nodes.size() + 1) * 4;
    for (std::size_t hops = 0; hops <= bound; ++hops) {
        out.at = t;
        if (t.kind != Target::Kind::Node) return out;
        const Node& node = s.nodes[static_cast<std::size_t>(t.index)];
        out.entered.push_back(t.index);
        apply_effects(s, node.enter_effects, variables);
        if (mood) *mood = clamp_mood(*mood + node.enter_mood);
        if (clock && !node.enter_advance.none()) *clock = advance_time(*clock, node.enter_advance, s.calendar);
        if (on_node) on_node(t.index);
        if (!node.next) return out;
        t = pick(node.branches, *node.next, EvalContext{variables, customer});
    }
    out.stuck = true;
    return out;
}

std::vector<int> display_order(const Scenario& s, std::vector<int> offered, std::uint64_t seed, int node,
                               int visit) {
    // Each (seed, node, visit) gets its own stream, so the order at one decision point does not depend on how
    // many options were shown before it. Fisher-Yates over the unpinned options, SplitMix64 as the generator
    // (defined here rather than std::mt19937 so the order is the same with every standard library).
    auto next = [state = seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(node + 1)) ^
                         (0xD1B54A32D192ED03ull * static_cast<std::uint64_t>(visit + 1))]() mutable {
        state += 0x9E3779B97F4A7C15ull;
        std::uint64_t x = state;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        return x ^ (x >> 31);
    };
    bool pinned = std::any_of(offered.begin(), offered.end(), [&](int c) {
        return s.choices[static_cast<std::size_t>(c)].pin != ChoicePin::None;
    });
    if (!pinned) {  // the usual case: shuffle in place, no copies
        for (std::size_t i = offered.size(); i > 1; --i) {
            std::size_t j = static_cast<std::size_t>(next() % i);
            std::swap(offered[i - 1], offered[j]);
        }
        return offered;
    }
    std::vector<int> first, middle, last;
    for (int c : offered) {
        ChoicePin pin = s.choices[static_cast<std::size_t>(c)].pin;
        (pin == ChoicePin::First ? first : pin == ChoicePin::Last ? last : middle).push_back(c);
    }
    for (std::size_t i = middle.size(); i > 1; --i) {
        std::size_t j = static_cast<std::size_t>(next() % i);
        std::swap(middle[i - 1], middle[j]);
    }
    offered.clear();
    offered.insert(offered.end(), first.begin(), first.end());
    offered.insert(offered.end(), middle.begin(), middle.end());
    offered.insert(offered.end(), last.begin(), last.end());
    return offered;
}

}  // namespace cp
