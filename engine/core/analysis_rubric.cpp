// The rubric summary: what of the path the rubric can still read, how a choice changes it (mirroring
// rubric.cpp), and when the simulated date matters.
//
// Index: [Time: when the date matters] [Setup] [Rubric steps]
#include "analysis_internal.hpp"

#include <deque>

namespace cp::analysis_detail {

//-----------------------------------------------------------------------------------------------------------
// [Time: when the date matters]
//-----------------------------------------------------------------------------------------------------------

// The latest date the clock can show at any decision, over the node graph (conditions ignored, so an upper
// bound). Every clock step is monotone, so the latest time at a node is the latest over its predecessors.
// nullopt when a loop can be reached: the clock is then unbounded.
std::optional<Date> latest_date(const Scenario& s) {
    std::size_t n = s.nodes.size();
    // (target node, the choice's advance or null for a `next` link); the target's "on_enter" advance follows.
    std::vector<std::vector<std::pair<int, const Advance*>>> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Node& node = s.nodes[i];
        if (node.next)
            for (Target t : next_targets(node.branches, *node.next))
                if (t.kind == Target::Kind::Node) out[i].push_back({t.index, nullptr});
        for (int c : node.choices) {
            const Choice& ch = s.choices[sz(c)];
            for (Target t : next_targets(ch.branches, ch.next))
                if (t.kind == Target::Kind::Node) out[i].push_back({t.index, &ch.advance});
        }
    }
    auto enter = [&](int node, DateTime at) { return advance_time(at, s.nodes[sz(node)].enter_advance, s.calendar); };
    std::vector<bool> reached(n, false);
    std::vector<int> order{s.start_node};
    reached[sz(s.start_node)] = true;
    for (std::size_t i = 0; i < order.size(); ++i)
        for (auto [t, adv] : out[sz(order[i])])
            if (!reached[sz(t)]) {
                reached[sz(t)] = true;
                order.push_back(t);
            }
    std::vector<int> indegree(n, 0);
    for (int u : order)
        for (auto [t, adv] : out[sz(u)]) ++indegree[sz(t)];
    std::vector<std::optional<DateTime>> latest(n);
    latest[sz(s.start_node)] = enter(s.start_node, s.start_time);
    std::deque<int> queue;
    for (int u : order)
        if (indegree[sz(u)] == 0) queue.push_back(u);
    std::size_t done = 0;
    Date last = s.start_time.date;
    while (!queue.empty()) {
        int u = queue.front();
        queue.pop_front();
        ++done;
        if (!latest[sz(u)]) continue;  // not reachable through an edge processed so far (cannot happen)
        last = std::max(last, latest[sz(u)]->date);
        for (auto [t, adv] : out[sz(u)]) {
            DateTime at = enter(t, adv ? advance_time(*latest[sz(u)], *adv, s.calendar) : *latest[sz(u)]);
            if (!latest[sz(t)] || *latest[sz(t)] < at) latest[sz(t)] = at;
            if (--indegree[sz(t)] == 0) queue.push_back(t);
        }
    }
    if (done < order.size()) return std::nullopt;
    return last;
}

// Whether a deadline rule's verdict, for some use of its action, differs between two days on which it could
// be judged. If not, the date can be left out of the state for this rule: any day gives the same verdict.
bool deadline_depends_on_date(const Scenario& s, const ScopedRule& r, Date lo, std::optional<Date> hi) {
    if (r.rule->body.within.timed())  // judged on the time the action is done: the clock matters if it is done
        return std::any_of(s.choices.begin(), s.choices.end(), [&](const Choice& ch) {
            return std::any_of(ch.actions.begin(), ch.actions.end(), [&](const ActionUse& u) {
                return std::find(r.actions.begin(), r.actions.end(), u.action) != r.actions.end();
            });
        });
    std::vector<const ActionUse*> uses;  // those whose verdict is not fixed in advance
    for (const Choice& ch : s.choices)
        for (const ActionUse& u : ch.actions)
            if (u.has_date && std::find(r.actions.begin(), r.actions.end(), u.action) != r.actions.end() &&
                !(u.date && r.from_action < 0))  // a fixed date against a fixed due date is
                uses.push_back(&u);
    if (uses.empty()) return false;
    // Beyond a year (or without bound, when the story can loop) every day is not tried: the date is kept.
    if (!hi || hi->days() - lo.days() > 366) return true;
    const DeadlineSpan& within = r.rule->body.within;
    for (const ActionUse* u : uses) {
        std::optional<bool> first;
        for (int t = lo.days(); t <= hi->days(); ++t) {
            Date today = Date::from_days(t);
            Date promised = u->date ? *u->date : today.plus_days(u->date_offset_days);
            int from_lo = r.from_action < 0 ? r.from_date.value_or(s.start_time.date).days() : lo.days();
            int from_hi = r.from_action < 0 ? from_lo : t;
            for (int f = from_lo; f <= from_hi; ++f) {
                bool kept = promised <= s.calendar.due_date(Date::from_days(f), within);
                if (!first)
                    first = kept;
                else if (*first != kept)
                    return true;
            }
        }
    }
    return false;
}

// The day (counted from the start) from which a dated rule's verdicts no longer change, or -1 if there is
// none. A deadline counted from the start with promises relative to the day is kept exactly while today is
// on or before (due date - offset) for each such promise; from the day after the last of those, every such
// promise is broken whatever the day. Deadlines counted from an action have no such day.
int deadline_horizon(const Scenario& s, const ScopedRule& r) {
    if (r.from_action >= 0) return -1;
    Date start = s.start_time.date;
    if (r.rule->body.within.timed())  // after the day of the due time, doing it is late whenever it is done
        return s.calendar.due_time(s.start_time, r.rule->body.within).date.days() - start.days() + 1;
    Date base = r.from_date.value_or(start);
    int last = -1;
    for (const Choice& ch : s.choices)
        for (const ActionUse& u : ch.actions)
            if (u.has_date && !u.date &&
                std::find(r.actions.begin(), r.actions.end(), u.action) != r.actions.end())
                last = std::max(last, s.calendar.due_date(base, r.rule->body.within).days() -
                                          u.date_offset_days - start.days());
    return std::max(0, last + 1);
}

Landing land(const Scenario& s, Target t) {
    Landing out;
    auto place_id = [&](Target x) {
        return x.kind == Target::Kind::Ending ? static_cast<u32>(s.nodes.size() + sz(x.index)) : static_cast<u32>(x.index);
    };
    // Every node a route can pass through and every place it can land, over all entries of `next` lists;
    // a loop among them (which some state might follow for ever) counts as stuck.
    std::vector<std::uint8_t> seen(s.nodes.size(), 0);
    std::vector<Target> todo{t};
    std::vector<std::pair<int, int>> links;  // (node, node) `next` links between the nodes passed through
    for (std::size_t k = 0; k < todo.size(); ++k) {
        Target x = todo[k];
        if (x.kind == Target::Kind::Ending || !s.nodes[sz(x.index)].next) {
            u32 id = place_id(x);
            if (std::find(out.targets.begin(), out.targets.end(), id) == out.targets.end()) out.targets.push_back(id);
            if (x.kind == Target::Kind::Ending || seen[sz(x.index)]) continue;
        }
        if (seen[sz(x.index)]) continue;
        seen[sz(x.index)] = 1;
        out.entered.push_back(x.index);
        const Node& node = s.nodes[sz(x.index)];
        if (!node.next) continue;
        for (Target y : next_targets(node.branches, *node.next)) {
            if (y.kind == Target::Kind::Node) links.push_back({x.index, y.index});
            todo.push_back(y);
        }
    }
    // A loop among the links: Kahn's algorithm leaves some node unremoved.
    std::vector<int> indegree(s.nodes.size(), 0);
    for (auto [a, b] : links) ++indegree[sz(b)];
    std::vector<int> ready;
    for (int n : out.entered)
        if (indegree[sz(n)] == 0) ready.push_back(n);
    std::size_t removed = 0;
    while (!ready.empty()) {
        int n = ready.back();
        ready.pop_back();
        ++removed;
        for (auto [a, b] : links)
            if (a == n && --indegree[sz(b)] == 0) ready.push_back(b);
    }
    if (removed < out.entered.size()) out.stuck = true;
    // The route of the final entries, as the place a state without `next` lists lands.
    for (std::size_t hops = 0; hops <= s.nodes.size() + 1; ++hops) {
        if (t.kind == Target::Kind::Ending) {
            out.ending = t.index;
            return out;
        }
        out.node = t.index;
        const Node& node = s.nodes[sz(t.index)];
        if (!node.next) return out;
        t = *node.next;
    }
    out.stuck = true;
    return out;
}

Analyzer::Analyzer(const Scenario& s, const AnalysisOptions& options) : s_(s), options_(options) {}

void Analyzer::setup() {
    start_date_ = s_.start_time.date;
    for (const auto& c : s_.customers) views_.push_back(c.view());
    std::optional<Date> last = latest_date(s_);

    // The summary: per rule its inner verdict and, if conditional, whether the condition has held.
    Layout layout;
    rules_.resize(s_.rules.size());
    rules_by_action_.resize(s_.actions.size());
    for (std::size_t i = 0; i < s_.rules.size(); ++i) {
        const ScopedRule& sr = s_.rules[i];
        RuleInfo& ri = rules_[i];
        ri.scoped = &sr;
        ri.kind = sr.rule->body.kind;
        ri.critical = sr.severity == RuleSeverity::Critical;
        ri.weight = sr.rule->weight;
        ri.inner = layout.add(2);
        if (sr.when) {
            ri.when_bit = static_cast<int>(when_rules_.size());
            when_rules_.push_back(static_cast<int>(i));
            ri.when_reads_variables = !sr.when->variables_used().empty();
            ri.active = layout.add(1);
        }
        std::vector<int> triggers = ri.kind == RuleKind::Before ? sr.then : sr.actions;
        if (ri.kind == RuleKind::Required) {
            ri.window = sr.window.kind;
            if (ri.window == RuleWindow::Kind::BeforeAction && sr.window_action >= 0)
                triggers.push_back(sr.window_action);  // breaks it when done first
            if (ri.window == RuleWindow::Kind::Steps) {
                ri.steps_since = layout.add(bits_for(static_cast<u64>(sr.window.steps) + 1));
                steps_rules_.push_back(static_cast<int>(i));
            }
            if (ri.window == RuleWindow::Kind::BeforeLeaving) leaving_rules_.push_back(static_cast<int>(i));
        }
        for (int a : triggers)
            if (std::find(rules_by_action_[sz(a)].begin(), rules_by_action_[sz(a)].end(),
                          static_cast<int>(i)) == rules_by_action_[sz(a)].end())
                rules_by_action_[sz(a)].push_back(static_cast<int>(i));
        if (ri.kind == RuleKind::Deadline) ri.dated = deadline_depends_on_date(s_, sr, start_date_, last);
    }
    // Whether an action has been done matters to `before` rules (any of `first` done?) and to dated
    // deadlines counted from an action (and then on which day it was first done).
    performed_.assign(s_.actions.size(), Field{});
    first_date_.assign(s_.actions.size(), Field{});
    needed_by_.assign(s_.actions.size(), {});
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        if (ri.kind == RuleKind::Before)
            for (int a : ri.scoped->first) needed_by_[sz(a)].push_back(static_cast<int>(i));
        if (ri.dated && ri.scoped->from_action >= 0)
            needed_by_[sz(ri.scoped->from_action)].push_back(static_cast<int>(i));
        if (ri.dated) {
            clock_ = true;
            dated_rules_.push_back(static_cast<int>(i));
            int h = deadline_horizon(s_, *ri.scoped);
            if (h < 0)
                horizon_ = kNoHorizon;
            else if (horizon_ != kNoHorizon)
                horizon_ = std::max(horizon_, h);
        }
    }
    for (std::size_t a = 0; a < s_.actions.size(); ++a) {
        if (needed_by_[a].empty()) continue;
        tracked_.push_back(static_cast<int>(a));
        performed_[a] = layout.add(1);
        bool dated_from = std::any_of(needed_by_[a].begin(), needed_by_[a].end(), [&](int r) {
            return rules_[sz(r)].dated && rules_[sz(r)].scoped->from_action == static_cast<int>(a);
        });
        if (dated_from) first_date_[a] = layout.add(27);  // minutes since midnight of the start day
    }
    if (clock_) {
        clock_day_ = layout.add(16);
        clock_minute_ = layout.add(11);
    }
    sw_ = layout.words();

    // Rules whose condition is about the customer alone and false for a profile never apply to it.
    dead_.assign(s_.customers.size() * rules_.size(), 0);
    std::vector<int> vars = s_.initial_variables();
    for (std::size_t c = 0; c < s_.customers.size(); ++c)
        for (std::size_t i = 0; i < rules_.size(); ++i)
            if (s_.rules[i].when && !rules_[i].when_reads_variables &&
                !s_.rules[i].when->evaluate({vars, &views_[c]}))
                dead_[c * rules_.size() + i] = 1;

    // The control key: where, who, and the variables.
    node_field_ = control_layout_.add(bits_for(s_.nodes.size() + s_.endings.size()));
    customer_field_ = control_layout_.add(bits_for(s_.customers.size()));
    for (const VariableDef& v : s_.variables) {
        u64 values = 2;
        if (v.type == ValueType::Enum)
            values = std::max<u64>(1, v.enum_values.size());
        else if (v.type == ValueType::Int)
            values = static_cast<u64>(static_cast<std::int64_t>(v.max) - v.min) + 1;
        var_fields_.push_back(control_layout_.add(bits_for(values)));
    }
    cw_ = control_layout_.words();
    ww_ = std::max<std::size_t>(1, (when_rules_.size() + 63) / 64);

    when_per_state_ =
        std::any_of(rules_.begin(), rules_.end(), [](const RuleInfo& r) { return r.when_reads_variables; });
    customer_when_.assign(s_.customers.size() * ww_, 0);
    for (std::size_t c = 0; c < s_.customers.size(); ++c)
        for (std::size_t b = 0; b < when_rules_.size(); ++b)
            if (s_.rules[sz(when_rules_[b])].when->evaluate({vars, &views_[c]}))
                customer_when_[c * ww_ + b / 64] |= 1ull << (b % 64);
    landing_.reserve(s_.choices.size());
    for (const Choice& ch : s_.choices) landing_.push_back(land(s_, ch.next));
    start_landing_ = land(s_, {Target::Kind::Node, s_.start_node});
    node_entered_.assign(s_.nodes.size(), false);
    choice_shown_.assign(s_.choices.size(), false);
    routes_ = s_.has_routes;
    for (const Node& n : s_.nodes) {
        enter_mood_ = enter_mood_ || n.enter_mood != 0;
        enter_clock_ = enter_clock_ || !n.enter_advance.none();
    }
    // Each customer's start as the runtime reaches it: the start's "on_enter" and `next` may depend on them.
    for (std::size_t c = 0; c < s_.customers.size(); ++c) {
        std::vector<int> v = s_.initial_variables();
        int mood = clamp_mood(s_.customers[c].initial_mood);
        DateTime clock = s_.start_time;
        Arrival a = arrive(s_, {Target::Kind::Node, s_.start_node}, v, &views_[c], &mood, &clock);
        for (int n : a.entered) node_entered_[sz(n)] = true;
        Place at;
        at.stuck = a.stuck;
        (a.at.kind == Target::Kind::Ending && !a.stuck ? at.ending : at.node) = a.at.index;
        start_place_.push_back(at);
        start_vars_.push_back(std::move(v));
        start_mood_.push_back(mood);
        start_clock_.push_back(clock);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Rubric steps]
//-----------------------------------------------------------------------------------------------------------
// These mirror Rubric (rubric.cpp) on the packed summary; tests replay every example path through the real
// runtime and compare, and compare whole scenarios against brute-force enumeration.

void Analyzer::initial_summary(u64* sum, u32 control) const {
    std::fill(sum, sum + sw_, 0);
    const u64* when = when_mask(control);
    for (int r : when_rules_) {  // Rubric::begin: conditions that already hold at the start
        int bit = rules_[sz(r)].when_bit;
        if ((when[bit / 64] >> (bit % 64)) & 1) put(sum, rules_[sz(r)].active, 1);
    }
    if (clock_) {
        const DateTime& t = start_clock_[customer_of(control)];
        put_clock(sum, t.date.days() - start_date_.days(), t.minute_of_day);
    }
    if (terminal(control))
        finish(sum, customer_of(control));
    else
        normalize(sum, customer_of(control));
}

void Analyzer::step(u64* sum, int choice, u32 from, u32 to) const {
    const Choice& ch = s_.choices[sz(choice)];
    u32 customer = customer_of(from);
    // Without a dated rule any day in the scenario's window gives every verdict its value (setup proved
    // it), so the start date stands in for today.
    Date today = clock_ ? start_date_.plus_days(static_cast<int>(get(sum, clock_day_))) : start_date_;
    DateTime now{today, clock_ ? static_cast<int>(get(sum, clock_minute_)) : s_.start_time.minute_of_day};
    for (const ActionUse& use : ch.actions) {
        std::optional<Date> promised;
        if (use.has_date) promised = use.date ? *use.date : today.plus_days(use.date_offset_days);
        for (int r : rules_by_action_[sz(use.action)]) {
            const RuleInfo& ri = rules_[sz(r)];
            if (dead(customer, sz(r)) || get(sum, ri.inner) != kPending) continue;
            switch (ri.kind) {
                case RuleKind::Required:
                    if (std::find(ri.scoped->actions.begin(), ri.scoped->actions.end(), use.action) !=
                        ri.scoped->actions.end())
                        put(sum, ri.inner, kKept);
                    else if (active(sum, ri))  // the action its window closes on, done first
                        put(sum, ri.inner, kBroken);
                    break;
                case RuleKind::Forbidden:
                    put(sum, ri.inner, kBroken);
                    break;
                case RuleKind::Before: {
                    bool earlier = std::any_of(ri.scoped->first.begin(), ri.scoped->first.end(),
                                               [&](int f) { return get(sum, performed_[sz(f)]) != 0; });
                    put(sum, ri.inner, earlier ? kKept : kBroken);
                    break;
                }
                case RuleKind::Deadline: {
                    int fa = ri.scoped->from_action;
                    bool from_done = fa >= 0 && ri.dated && get(sum, performed_[sz(fa)]) != 0;
                    auto first_time = [&] {
                        auto minutes = static_cast<int>(get(sum, first_date_[sz(fa)]));
                        return DateTime{start_date_.plus_days(minutes / 1440), minutes % 1440};
                    };
                    if (ri.scoped->rule->body.within.timed()) {  // Rubric::judge_action: when it is done
                        DateTime counted_from = fa < 0 ? s_.start_time : from_done ? first_time() : now;
                        put(sum, ri.inner,
                            now <= s_.calendar.due_time(counted_from, ri.scoped->rule->body.within) ? kKept
                                                                                                 : kBroken);
                        break;
                    }
                    if (!promised) break;
                    Date from_date = ri.scoped->from_date.value_or(start_date_);
                    if (fa >= 0) from_date = from_done ? first_time().date : today;
                    Date due = s_.calendar.due_date(from_date, ri.scoped->rule->body.within);
                    put(sum, ri.inner, *promised <= due ? kKept : kBroken);
                    break;
                }
            }
        }
        // Recorded after the rules have judged this action, as the rubric does.
        Field done = performed_[sz(use.action)];
        if (done.width != 0 && get(sum, done) == 0) {
            put(sum, done, 1);
            put(sum, first_date_[sz(use.action)],
                static_cast<u64>((today.days() - start_date_.days()) * 1440 + now.minute_of_day));
        }
    }
    // A step passes for every "within N steps" rule that already applied (one applying now starts at 0).
    for (int r : steps_rules_) {
        const RuleInfo& ri = rules_[sz(r)];
        if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri))
            put(sum, ri.steps_since, get(sum, ri.steps_since) + 1);
    }
    const u64* when = when_mask(to);
    for (int r : when_rules_) {  // Rubric::activate on the variables after the choice
        int bit = rules_[sz(r)].when_bit;
        if ((when[bit / 64] >> (bit % 64)) & 1) put(sum, rules_[sz(r)].active, 1);
    }
    if (terminal(to)) {  // every pending required rule is broken at the end, window or not
        finish(sum, customer);
        return;
    }
    // Rubric::close_windows: a window that closes at this step breaks a rule still pending.
    for (int r : steps_rules_) {
        const RuleInfo& ri = rules_[sz(r)];
        if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri) &&
            get(sum, ri.steps_since) >= static_cast<u64>(ri.scoped->window.steps))
            put(sum, ri.inner, kBroken);
    }
    if (!leaving_rules_.empty()) {
        int from_node = cnode_[from];
        int to_node = cnode_[to];  // not terminal here, so a node
        for (int r : leaving_rules_) {
            const RuleInfo& ri = rules_[sz(r)];
            if (!dead(customer, sz(r)) && get(sum, ri.inner) == kPending && active(sum, ri) &&
                from_node == ri.scoped->window_node && to_node != ri.scoped->window_node)
                put(sum, ri.inner, kBroken);
        }
    }
    if (clock_) {
        DateTime t{start_date_.plus_days(static_cast<int>(get(sum, clock_day_))),
                   static_cast<int>(get(sum, clock_minute_))};
        t = advance_time(t, ch.advance, s_.calendar);
        if (enter_clock_) {  // and the "on_enter" advances of the nodes this step passes through
            std::vector<int> vars;
            follow(from, static_cast<u32>(choice), vars, nullptr, &t);
        }
        put_clock(sum, t.date.days() - start_date_.days(), t.minute_of_day);
    }
    normalize(sum, customer);
}

void Analyzer::put_clock(u64* sum, int day, int minute) const {
    day = std::min(day, 65535);
    if (horizon_ != kNoHorizon && day >= horizon_) {
        day = horizon_;
        minute = 0;
    }
    put(sum, clock_day_, static_cast<u64>(day));
    put(sum, clock_minute_, static_cast<u64>(minute));
}

u32 Analyzer::intern(const u64* sum) {
    auto fresh = static_cast<u32>(sums_.size() / sw_);
    auto [id, inserted] = sum_table_->insert(sum, fresh, sums_.data());
    if (inserted) sums_.insert(sums_.end(), sum, sum + sw_);
    return id;
}

u32 Analyzer::step_id(u32 id, u32 choice, u32 from, u32 to) {
    Memo* m = nullptr;
    u32 context = customer_of(from) * 2 + (terminal(to) ? 1 : 0);
    if (memo_on_) {
        m = &memo_[mix64(id ^ (u64{choice} << 32) ^ (u64{context} << 20)) & (memo_.size() - 1)];
        if (m->in == id && m->choice == choice && m->context == context) return m->out;
    }
    std::vector<u64>& next = next_scratch_;
    next.assign(sums_.begin() + static_cast<std::ptrdiff_t>(id * sw_),
                sums_.begin() + static_cast<std::ptrdiff_t>((id + 1) * sw_));
    step(next.data(), static_cast<int>(choice), from, to);
    u32 out = intern(next.data());
    if (m) *m = {id, choice, context, out};
    return out;
}

void Analyzer::finish(u64* sum, u32 customer) const {
    // Rubric::finish, then only the verdicts and activations are kept: nothing else can matter any more.
    std::vector<u64> kept(sw_, 0);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        u64 v = get(sum, ri.inner);
        if (v == kPending && !dead(customer, i)) {
            switch (ri.kind) {
                case RuleKind::Required:
                    v = kBroken;
                    break;
                case RuleKind::Forbidden:
                    v = kKept;
                    break;
                case RuleKind::Before:
                case RuleKind::Deadline:
                    v = kNotApplicable;
                    break;
            }
        }
        put(kept.data(), ri.inner, v);
        put(kept.data(), ri.active, get(sum, ri.active));
    }
    std::copy(kept.begin(), kept.end(), sum);
}

void Analyzer::normalize(u64* sum, u32 customer) const {
    // Forgets what no rule still pending can read, so that paths differing only in that meet again.
    auto pending = [&](int r) { return !dead(customer, sz(r)) && get(sum, rules_[sz(r)].inner) == kPending; };
    for (int ai : tracked_) {
        auto a = sz(ai);
        if (get(sum, performed_[a]) == 0) continue;
        if (std::none_of(needed_by_[a].begin(), needed_by_[a].end(), pending)) {
            put(sum, performed_[a], 0);
            put(sum, first_date_[a], 0);
        }
    }
    for (int r : steps_rules_)
        if (!pending(r)) put(sum, rules_[sz(r)].steps_since, 0);
    if (clock_) {
        if (std::none_of(dated_rules_.begin(), dated_rules_.end(), pending)) {
            put(sum, clock_day_, 0);
            put(sum, clock_minute_, 0);
        }
    }
}

Outcome Analyzer::outcome(const u64* sum) const {
    // Rubric::result on the public verdicts: a rule whose condition never held is not applicable.
    Outcome o;
    int kept = 0, applicable = 0;
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const RuleInfo& ri = rules_[i];
        u64 inner = get(sum, ri.inner);
        bool applies = ri.when_bit < 0 || get(sum, ri.active) != 0;
        Verdict v = applies ? to_verdict(inner) : Verdict::NotApplicable;
        if (v == Verdict::Pending) v = Verdict::NotApplicable;  // a rule never active for this customer
        o.verdicts.push_back(v);
        if (v == Verdict::Kept) {
            kept += ri.weight;
            applicable += ri.weight;
        } else if (v == Verdict::Broken) {
            applicable += ri.weight;
            if (ri.critical && o.critical_broken < 0) o.critical_broken = static_cast<int>(i);
        }
        if (!applies && ri.critical && ri.when_reads_variables && inner == kBroken &&
            ri.kind != RuleKind::Required && o.masked_breach < 0)
            o.masked_breach = static_cast<int>(i);
    }
    o.score = applicable == 0 ? 100 : (100 * kept) / applicable;
    o.passed = o.critical_broken < 0 && o.score >= s_.pass_mark;
    return o;
}

}  // namespace cp::analysis_detail
