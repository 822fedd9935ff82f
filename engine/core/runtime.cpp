#include "runtime.hpp"

#include <algorithm>
#include <stdexcept>

namespace cp {

std::uint64_t mix_seed(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

Session::Session(std::shared_ptr<const Scenario> scenario, SessionOptions options)
    : scenario_(std::move(scenario)), seed_(options.seed), shuffle_(options.shuffle), rubric_(*scenario_) {
    const Scenario& s = *scenario_;
    visits_.assign(s.nodes.size(), 0);
    if (s.customers.empty() || s.start_node < 0)
        throw std::invalid_argument("scenario has no customer or no start");
    int n = static_cast<int>(s.customers.size());
    customer_ = options.customer >= 0 && options.customer < n
                    ? options.customer
                    : static_cast<int>(mix_seed(seed_) % static_cast<std::uint64_t>(n));
    customer_view_ = customer().view();
    int start = options.start_node >= 0 ? options.start_node : s.start_node;
    if (start >= static_cast<int>(s.nodes.size())) throw std::invalid_argument("the start node is not in the scenario");
    variables_ = s.initial_variables();
    if (!options.variables.empty()) {
        if (options.variables.size() != variables_.size())
            throw std::invalid_argument("expected one value for each of the scenario's variables");
        for (std::size_t i = 0; i < variables_.size(); ++i) {
            const VariableDef& def = s.variables[i];
            int v = options.variables[i];
            bool fits = def.type == ValueType::Bool   ? v == 0 || v == 1
                        : def.type == ValueType::Enum ? v >= 0 && static_cast<std::size_t>(v) < def.enum_values.size()
                                                      : v >= def.min && v <= def.max;
            if (!fits) throw std::invalid_argument("variable '" + def.id + "' cannot take the value " + std::to_string(v));
        }
        variables_ = options.variables;
    }
    now_ = s.start_time;
    mood_ = customer().initial_mood;
    enter({Target::Kind::Node, start});  // the start's "on_enter" effects count from the start
    mood_history_.push_back(mood_);
    pending_changes_ = rubric_.begin(context());
    if (state_ == SessionState::Ended) rubric_.finish(0);
}

EvalContext Session::context() const {
    return {variables_, &customer_view_};
}

bool Session::is_offered(int choice) const {
    return std::find(offered_.begin(), offered_.end(), choice) != offered_.end();
}

std::string Session::render(std::string_view text) const {
    std::string out;
    render_to(out, text);
    return out;
}

void Session::render_to(std::string& out, std::string_view text) const {
    // Most text has no placeholder: copied at once. Otherwise the text between placeholders goes in as runs.
    std::size_t open = text.find('{');
    if (open == std::string_view::npos) {
        out.append(text);
        return;
    }
    out.reserve(out.size() + text.size() + 16);
    std::size_t copied = 0;  // text before this is in `out`
    for (; open != std::string_view::npos; open = text.find('{', open + 1)) {
        auto close = text.find('}', open);
        if (close == std::string_view::npos) break;
        auto key = text.substr(open + 1, close - open - 1);
        std::string value;
        if (key == "customer.name")
            value = customer().name;
        else if (key == "customer.address_as")
            value = customer().address_as;
        else if (key == "date")
            value = now_.date.long_text();
        else if (key == "time")
            value = now_.clock_text();
        else
            continue;  // not a placeholder: kept as written
        out.append(text.substr(copied, open - copied)).append(value);
        copied = close + 1;
        open = close;
    }
    out.append(text.substr(copied));
}

void Session::enter(Target target) {
    const Scenario& s = *scenario_;
    // Each node entered applies its "on_enter" effects, then says its lines (their conditions see those
    // effects), then a `next` list is decided: model.cpp's arrive() is the one home of that order.
    auto say = [&](int index) {
        node_ = index;
        entered_.push_back(index);
        const Node& node = s.nodes[static_cast<std::size_t>(node_)];
        for (const Line& line : node.lines) {
            if (line.condition && !line.condition->evaluate(context())) continue;
            switch (line.speaker) {
                case SpeakerKind::Narrator:
                    add_entry(TranscriptEntry::Kind::Line, line.speaker, "Narrator", "narrator", line.text, line.id);
                    break;
                case SpeakerKind::Customer:
                    add_entry(TranscriptEntry::Kind::Line, line.speaker, customer().name, "customer", line.text,
                              line.id);
                    break;
                case SpeakerKind::Cast: {
                    const CastMember& m = s.cast[static_cast<std::size_t>(line.cast)];
                    add_entry(TranscriptEntry::Kind::Line, line.speaker, m.name, m.role, line.text, line.id);
                    break;
                }
            }
        }
        if (node.exhibit)
            add_entry(TranscriptEntry::Kind::Exhibit, SpeakerKind::Narrator, "Document", "exhibit",
                      node.exhibit->title, node.id);
    };
    Arrival arrival = arrive(s, target, variables_, &customer_view_, &mood_, &now_, say);
    if (arrival.stuck) {
        stuck_ = true;
        state_ = SessionState::Ended;
        offered_.clear();
        return;
    }
    if (arrival.at.kind == Target::Kind::Ending) {
        ending_ = arrival.at.index;
        node_ = -1;
        const Ending& e = s.endings[static_cast<std::size_t>(ending_)];
        add_entry(TranscriptEntry::Kind::Ending, SpeakerKind::Narrator, "Ending", "narrator", e.title + ". " + e.text,
                  e.id);
        state_ = SessionState::Ended;
        offered_.clear();
        return;
    }
    const Node& node = s.nodes[static_cast<std::size_t>(node_)];
    offered_.clear();
    for (int c : node.choices) {
        const Choice& choice = s.choices[static_cast<std::size_t>(c)];
        if (!choice.condition || choice.condition->evaluate(context())) offered_.push_back(c);
    }
    if (offered_.empty()) {
        stuck_ = true;
        state_ = SessionState::Ended;
    }
    int visit = visits_[static_cast<std::size_t>(node_)]++;
    if (shuffle_) offered_ = display_order(s, std::move(offered_), seed_, node_, visit);
}

void Session::add_entry(TranscriptEntry::Kind kind, SpeakerKind speaker, std::string_view name,
                        std::string_view role, std::string_view text, const std::string& id) {
    // Built in place: an entry holds four strings, which a temporary would make and then move.
    TranscriptEntry& entry = transcript_.emplace_back();
    entry.kind = kind;
    entry.speaker = speaker;
    entry.speaker_name = name;
    entry.speaker_role = role;
    render_to(entry.text, text);
    entry.id = id;
    entry.node = node_;
    entry.step = steps_taken();
    entry.time = now_;
}

void Session::advance_clock(const Advance& a) {
    now_ = advance_time(now_, a, scenario_->calendar);
}

void Session::finish(std::vector<RuleChange>& changes) {
    auto end_changes = rubric_.finish(steps_taken());
    changes.insert(changes.end(), end_changes.begin(), end_changes.end());
}

StepResult Session::choose(int choice_index) {
    if (state_ != SessionState::AwaitingChoice) throw std::invalid_argument("the session has ended");
    if (!is_offered(choice_index)) throw std::invalid_argument("that choice is not offered now");
    const Scenario& s = *scenario_;
    const Choice& choice = s.choices[static_cast<std::size_t>(choice_index)];
    choices_made_.push_back(choice_index);
    StepResult result;
    result.step = steps_taken();
    result.choice = choice_index;
    result.mood_before = mood_;
    result.changes = std::move(pending_changes_);
    pending_changes_.clear();

    add_entry(TranscriptEntry::Kind::Officer, SpeakerKind::Narrator, "You", "officer", choice.text, choice.id);

    // Actions are judged on the simulated date on which they happen.
    std::vector<PerformedAction> performed;
    performed.reserve(choice.actions.size());
    for (const ActionUse& use : choice.actions) {
        PerformedAction p{use.action, std::nullopt};
        if (use.has_date) p.date = use.date ? *use.date : now_.date.plus_days(use.date_offset_days);
        performed.push_back(p);
    }
    DateTime at = now_;  // when the actions are done: before the time the choice takes
    int from = node_;
    apply_effects(s, choice.effects, variables_);  // including the done('action') flags of its actions
    mood_ = clamp_mood(mood_ + choice.mood);
    advance_clock(choice.advance);
    // A `next` list is decided on the state after the choice's effects; the nodes entered on the way apply
    // their own "on_enter" effects. The rubric then sees the state where the learner lands.
    enter(pick(choice.branches, choice.next, context()));
    mood_history_.push_back(mood_);
    StepPlace place{from, ending_ >= 0 ? -1 : node_};
    auto changes = rubric_.record_step(result.step, performed, at, context(), place);
    result.changes.insert(result.changes.end(), changes.begin(), changes.end());
    if (state_ == SessionState::Ended) finish(result.changes);
    result.mood_after = mood_;
    result.ended = state_ == SessionState::Ended;
    return result;
}

}  // namespace cp
