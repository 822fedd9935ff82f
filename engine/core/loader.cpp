// Loader: JSON documents -> Policy and Scenario models.
//
// Index:
//   [Field reader]      typed access to members with "expected ..." diagnostics and unknown-field warnings
//   [Policies]          policy files, actions and rules
//   [Scenario header]   metadata, customers, cast, variables, calendar
//   [Scenario linking]  policies in scope, actions, scoped rules
//   [Graph]             nodes, lines, exhibits, choices, endings, best path
#include "loader.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "needs.hpp"
#include "sha256.hpp"

namespace cp {

using json = JsonValue;  // the loader reads the parsed tree, not nlohmann::json

//-----------------------------------------------------------------------------------------------------------
// [Field reader]
//-----------------------------------------------------------------------------------------------------------
namespace {

class Reader {
  public:
    Reader(const JsonDocument& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

    SourceLoc at(const std::string& ptr) const { return doc_.loc(ptr); }
    // The location of `v` itself (no walk from the root), reported with `ptr`.
    SourceLoc at(const json& v, const std::string& ptr) const { return doc_.loc(v, ptr); }
    void error(const std::string& ptr, std::string msg) { diags_.error(at(ptr), std::move(msg)); }
    void warning(const std::string& ptr, std::string msg) { diags_.warning(at(ptr), std::move(msg)); }
    int errors() const { return diags_.error_count(); }

    // Checks that `v` is an object; a member not in `known` is an error, as in the JSON Schemas (assets/), except
    // "$schema" and author extensions named "x-...", which both definitions allow everywhere.
    bool object(const json& v, const std::string& ptr, std::initializer_list<std::string_view> known,
                const char* what) {
        if (!v.is_object()) {
            error(ptr, std::string("expected ") + what + " (a JSON object), found " + json_type_phrase(v));
            return false;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (it.key() == "$schema" || it.key().rfind("x-", 0) == 0) continue;  // editor hints, extensions
            if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
                std::string list;
                for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
                diags_.error(
                    doc_.key_loc(pointer_append(ptr, it.key())),
                    "unknown field '" + std::string(it.key()) + "' in " + what + " (known fields: " + list + ")");
            }
        }
        return true;
    }

    const json* member(const json& obj, const std::string& ptr, const char* key, bool required,
                       const char* what) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) error(ptr, std::string("missing required field '") + key + "' in " + what);
            return nullptr;
        }
        return &*it;
    }

    std::string text(const json& obj, const std::string& ptr, const char* key, bool required,
                     const char* what, bool allow_empty = false) {
        const json* v = member(obj, ptr, key, required, what);
        if (!v) return {};
        if (!v->is_string()) {
            error(pointer_append(ptr, key),
                  std::string("'") + key + "' must be text (a JSON string), found " + json_type_phrase(*v));
            return {};
        }
        std::string_view s = v->str();
        if (s.empty() && !allow_empty && required)
            error(pointer_append(ptr, key), std::string("'") + key + "' must not be empty");
        return std::string(s);
    }

    std::string id(const json& obj, const std::string& ptr, const char* key, const char* what) {
        std::string s = text(obj, ptr, key, true, what);
        if (!s.empty() && !valid_id(s))
            error(pointer_append(ptr, key), "'" + s +
                                                "' is not a valid id: use letters, digits, '-', '_' or '.', "
                                                "starting with a letter or digit");
        return s;
    }

    static bool valid_id(std::string_view s) {
        if (s.empty() || s.size() > 100 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
        return std::all_of(s.begin(), s.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        });
    }

    std::optional<int> integer(const json& obj, const std::string& ptr, const char* key, bool required,
                               const char* what, long long lo, long long hi) {
        const json* v = member(obj, ptr, key, required, what);
        if (!v) return std::nullopt;
        if (!v->is_number_integer()) {
            error(pointer_append(ptr, key),
                  std::string("'") + key + "' must be a whole number, found " + json_type_phrase(*v));
            return std::nullopt;
        }
        long long n = v->get<long long>();
        if (n < lo || n > hi) {
            error(pointer_append(ptr, key), std::string("'") + key + "' must be between " + std::to_string(lo) + " and " +
                         std::to_string(hi) + ", found " + std::to_string(n));
            return std::nullopt;
        }
        return static_cast<int>(n);
    }

    std::vector<std::string> text_list(const json& obj, const std::string& ptr, const char* key,
                                       bool required, const char* what, bool allow_single = false) {
        std::vector<std::string> out;
        const json* v = member(obj, ptr, key, required, what);
        if (!v) return out;
        if (allow_single && v->is_string()) {
            out.push_back(v->get<std::string>());
            return out;
        }
        if (!v->is_array()) {
            error(pointer_append(ptr, key), std::string("'") + key + "' must be " + (allow_single ? "text or " : "") +
                         "a list of text, found " + json_type_phrase(*v));
            return out;
        }
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& item = (*v)[i];
            if (!item.is_string()) {
                error(pointer_append(pointer_append(ptr, key), i), "expected text, found " + json_type_phrase(item));
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        if (out.empty() && required && v->empty())
            error(pointer_append(ptr, key), std::string("'") + key + "' must not be empty");
        return out;
    }

    const json* array(const json& obj, const std::string& ptr, const char* key, bool required,
                      const char* what) {
        const json* v = member(obj, ptr, key, required, what);
        if (!v) return nullptr;
        if (!v->is_array()) {
            error(pointer_append(ptr, key),
                  std::string("'") + key + "' must be a list (a JSON array), found " + json_type_phrase(*v));
            return nullptr;
        }
        return v;
    }

    // Checks "format_version": present, a whole number, not newer than this engine.
    bool format_version(const json& root, const char* what) {
        auto it = root.find("format_version");
        if (it == root.end()) {
            error("", std::string("missing 'format_version' (this ") + what +
                          " needs \"format_version\": " + std::to_string(kFormatVersion) + ")");
            return false;
        }
        if (!it->is_number_integer()) {
            error("/format_version",
                  "'format_version' must be a whole number, found " + json_type_phrase(*it));
            return false;
        }
        long long v = it->get<long long>();
        if (v > kFormatVersion) {
            error("/format_version", "this " + std::string(what) + " uses format_version " +
                                         std::to_string(v) +
                                         ", which is newer than this version of Counterpart understands (" +
                                         std::to_string(kFormatVersion) + "); update Counterpart to open it");
            return false;
        }
        if (v < 1) {
            error("/format_version", "format_version must be 1 or more, found " + std::to_string(v));
            return false;
        }
        return true;
    }

    const JsonDocument& doc() const { return doc_; }

  private:
    const JsonDocument& doc_;
    Diagnostics& diags_;
};

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Policies]
//-----------------------------------------------------------------------------------------------------------
namespace {

void load_actions(Reader& r, const json& root, const std::string& ptr, const std::string& origin,
                  std::vector<ActionDef>& out) {
    const json* list = r.array(root, ptr.empty() ? "" : ptr, "actions", false, "the file");
    if (!list) return;
    std::string lp = pointer_append(ptr, "actions");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        std::string p = pointer_append(lp, i);
        const json& a = (*list)[i];
        if (!r.object(a, p, {"id", "label", "description", "params"}, "an action")) continue;
        ActionDef def;
        def.id = r.id(a, p, "id", "an action");
        def.label = r.text(a, p, "label", true, "an action");
        def.description = r.text(a, p, "description", false, "an action");
        def.origin = origin;
        def.where = r.at(a, p);
        if (auto it = a.find("params"); it != a.end()) {
            std::string pp = pointer_append(p, "params");
            if (!it->is_object()) {
                r.error(pp, "'params' must be an object of name: type, for example {\"date\": \"date\"}");
            } else {
                for (auto pit = it->begin(); pit != it->end(); ++pit) {
                    std::string type = pit->is_string() ? pit->get<std::string>() : "";
                    if (type != "date" && type != "text") {
                        r.error(pointer_append(pp, pit.key()),
                                "parameter type must be \"date\" or \"text\", found " + pit.value().dump());
                        continue;
                    }
                    def.params.push_back({std::string(pit.key()), type});
                }
            }
        }
        if (!def.id.empty() && !seen.insert(def.id).second) {
            r.error(pointer_append(p, "id"), "duplicate action id '" + def.id + "'");
            continue;
        }
        out.push_back(std::move(def));
    }
}

std::optional<DeadlineSpan> parse_within(Reader& r, const json& body, const std::string& p) {
    const json* w = r.member(body, p, "within", true, "a deadline rule");
    if (!w) return std::nullopt;
    std::string wp = pointer_append(p, "within");
    const char* shape =
        "'within' must be one of {\"calendar_months\": N}, {\"working_days\": N}, {\"days\": N}, {\"hours\": N} "
        "or {\"end_of_working_day\": true}";
    if (!w->is_object() || w->size() != 1) {
        r.error(wp, shape);
        return std::nullopt;
    }
    DeadlineSpan span;
    std::string unit(w->begin().key());
    if (unit == "end_of_working_day") {
        if (!w->begin()->is_boolean() || !w->begin()->get<bool>()) {
            r.error(pointer_append(wp, unit), "'end_of_working_day' must be true");
            return std::nullopt;
        }
        span.unit = DeadlineUnit::EndOfWorkingDay;
        return span;
    }
    if (unit == "hours") {
        auto n = r.integer(*w, wp, "hours", true, "'within'", 1, 720);
        if (!n) return std::nullopt;
        span.unit = DeadlineUnit::Hours;
        span.amount = *n;
        return span;
    }
    if (unit == "calendar_months")
        span.unit = DeadlineUnit::CalendarMonths;
    else if (unit == "working_days")
        span.unit = DeadlineUnit::WorkingDays;
    else if (unit == "days")
        span.unit = DeadlineUnit::Days;
    else {
        r.error(wp, "unknown unit '" + unit +
                        "' (use calendar_months, working_days, days, hours or end_of_working_day)");
        return std::nullopt;
    }
    auto n = r.integer(*w, wp, unit.c_str(), true, "'within'", 1, 3660);
    if (!n) return std::nullopt;
    span.amount = *n;
    return span;
}

// Reads a required rule's window: {"steps": N}, {"before": "action"} or (scenarios only) {"before_leaving": "node"}.
std::optional<RuleWindow> parse_window(Reader& r, const json& w, const std::string& wp, bool scenario_level) {
    const char* shape = scenario_level
                            ? "'window' must be one of {\"steps\": N}, {\"before\": \"action-id\"} or "
                              "{\"before_leaving\": \"node-id\"}"
                            : "'window' must be {\"steps\": N} or {\"before\": \"action-id\"} (a scenario's own "
                              "rules and its policy overrides can also say {\"before_leaving\": \"node-id\"})";
    if (!w.is_object() || w.size() != 1) {
        r.error(wp, shape);
        return std::nullopt;
    }
    RuleWindow out;
    out.where = r.at(wp);
    std::string_view key = w.begin().key();
    if (key == "steps") {
        auto n = r.integer(w, wp, "steps", true, "'window'", 1, 1000);
        if (!n) return std::nullopt;
        out.kind = RuleWindow::Kind::Steps;
        out.steps = *n;
    } else if (key == "before") {
        out.kind = RuleWindow::Kind::BeforeAction;
        out.action = r.text(w, wp, "before", true, "'window'");
        if (out.action.empty()) return std::nullopt;
    } else if (key == "before_leaving" && scenario_level) {
        out.kind = RuleWindow::Kind::BeforeLeaving;
        out.node = r.text(w, wp, "before_leaving", true, "'window'");
        if (out.node.empty()) return std::nullopt;
    } else {
        r.error(wp, shape);
        return std::nullopt;
    }
    return out;
}

// Reads the judged part of a rule (shared by plain rules and the `then` of conditional rules).
bool load_rule_body(Reader& r, const json& body, const std::string& p, const std::string& kind,
                    RuleBodySpec& out, bool scenario_level) {
    out.where = r.at(p);
    if (kind == "required" || kind == "forbidden") {
        out.kind = kind == "required" ? RuleKind::Required : RuleKind::Forbidden;
        out.actions = r.text_list(body, p, "action", true, "the rule", true);
        if (auto w = body.find("window"); w != body.end()) {
            if (out.kind != RuleKind::Required) {
                r.error(pointer_append(p, "window"), "only a required rule has a window");
                return false;
            }
            auto window = parse_window(r, *w, pointer_append(p, "window"), scenario_level);
            if (!window) return false;
            out.window = *window;
        }
        return !out.actions.empty();
    }
    if (kind == "before") {
        out.kind = RuleKind::Before;
        out.first = r.text_list(body, p, "first", true, "a 'before' rule", true);
        out.then = r.text_list(body, p, "then", true, "a 'before' rule", true);
        return !out.first.empty() && !out.then.empty();
    }
    if (kind == "deadline") {
        out.kind = RuleKind::Deadline;
        out.actions = r.text_list(body, p, "action", true, "a deadline rule", true);
        if (body.contains("param")) out.param = r.text(body, p, "param", true, "a deadline rule");
        if (body.contains("from")) out.from = r.text(body, p, "from", true, "a deadline rule");
        auto span = parse_within(r, body, p);
        if (!span) return false;
        out.within = *span;
        return !out.actions.empty();
    }
    r.error(pointer_append(p, "kind"),
            "unknown rule kind '" + kind + "' (use required, forbidden, before, deadline or conditional)");
    return false;
}

}  // namespace

namespace {
// Reads the "rules" array of a policy, or of a scenario that declares rules of its own, into `out`. A scenario's
// own rules may name its nodes (a before_leaving window); a shared policy's cannot.
void load_rules(Reader& r, const json& root, bool needed, const char* what, Policy& out, bool scenario_level) {
    const json* rules = r.array(root, "", "rules", needed, what);
    std::set<std::string> seen;
    if (rules) {
        for (std::size_t i = 0; i < rules->size(); ++i) {
            std::string p = pointer_append("/rules", i);
            const json& j = (*rules)[i];
            if (!r.object(j, p,
                          {"id", "title", "statement", "source", "severity", "weight", "evidences", "kind",
                           "feedback", "action", "first", "then", "param", "from", "within", "when", "window"},
                          "a rule"))
                continue;
            PolicyRule rule;
            rule.where = r.at(j, p);
            rule.id = r.id(j, p, "id", "a rule");
            rule.title = r.text(j, p, "title", true, "a rule");
            rule.statement = r.text(j, p, "statement", true, "a rule");
            rule.source = r.text(j, p, "source", true, "a rule");
            std::string sev = r.text(j, p, "severity", true, "a rule");
            if (auto s = parse_severity(sev))
                rule.severity = *s;
            else if (!sev.empty())
                r.error(pointer_append(p, "severity"),
                        "severity must be critical, major or minor, found '" + sev + "'");
            rule.weight = r.integer(j, p, "weight", true, "a rule", 1, 10).value_or(1);
            rule.evidences = r.text_list(j, p, "evidences", false, "a rule");
            if (auto fb = j.find("feedback"); fb != j.end()) {
                std::string fp = pointer_append(p, "feedback");
                if (r.object(*fb, fp, {"kept", "broken"}, "rule feedback")) {
                    rule.feedback_kept = r.text(*fb, fp, "kept", false, "rule feedback");
                    rule.feedback_broken = r.text(*fb, fp, "broken", false, "rule feedback");
                }
            }
            std::string kind = r.text(j, p, "kind", true, "a rule");
            bool ok = true;
            if (kind == "conditional") {
                rule.conditional = true;
                rule.when = r.text(j, p, "when", true, "a conditional rule");
                rule.when_where = r.at(pointer_append(p, "when"));
                const json* then = r.member(j, p, "then", true, "a conditional rule");
                if (then) {
                    std::string tp = pointer_append(p, "then");
                    if (r.object(*then, tp,
                                 {"kind", "action", "first", "then", "param", "from", "within", "window"},
                                 "the 'then' of a conditional rule")) {
                        std::string inner =
                            r.text(*then, tp, "kind", true, "the 'then' of a conditional rule");
                        if (inner == "conditional") {
                            r.error(pointer_append(tp, "kind"),
                                    "a conditional rule cannot contain another conditional rule");
                            ok = false;
                        } else {
                            ok = load_rule_body(r, *then, tp, inner, rule.body, scenario_level);
                        }
                    }
                } else {
                    ok = false;
                }
            } else if (!kind.empty()) {
                if (j.contains("when"))
                    r.error(pointer_append(p, "when"), "'when' belongs to rules of kind 'conditional'");
                ok = load_rule_body(r, j, p, kind, rule.body, scenario_level);
            }
            if (!ok) continue;
            if (!rule.id.empty() && !seen.insert(rule.id).second) {
                r.error(pointer_append(p, "id"), "duplicate rule id '" + rule.id + "'");
                continue;
            }
            out.rules.push_back(std::move(rule));
        }
    }

}

}  // namespace

std::shared_ptr<const Policy> load_policy(const JsonDocument& doc, Diagnostics& diags, const Policy* common) {
    Reader r(doc, diags);
    int errors_before = diags.error_count();
    const json& root = doc.content();
    if (!r.object(root, "",
                  {"format_version", "id", "title", "version", "organisation", "source", "summary", "actions",
                   "rules"},
                  "a policy"))
        return nullptr;
    if (!r.format_version(root, "policy")) return nullptr;

    auto policy = std::make_shared<Policy>();
    policy->file = doc.file;
    policy->sha256 = json_fingerprint(root);
    policy->id = r.id(root, "", "id", "a policy");
    policy->title = r.text(root, "", "title", true, "a policy");
    policy->version = r.text(root, "", "version", true, "a policy");
    policy->organisation = r.text(root, "", "organisation", false, "a policy");
    policy->source = r.text(root, "", "source", true, "a policy");
    policy->summary = r.text(root, "", "summary", false, "a policy");
    load_actions(r, root, "", policy->id, policy->actions);

    load_rules(r, root, true, "a policy", *policy, false);

    // Every action a rule names must be one of the policy's actions (or a scenario may add it; see linking).
    std::set<std::string> declared;
    for (const auto& a : policy->actions) declared.insert(a.id);
    if (common)
        for (const auto& a : common->actions) declared.insert(a.id);
    for (const auto& rule : policy->rules) {
        auto check = [&](const std::vector<std::string>& ids, const char* field) {
            for (const auto& id : ids)
                if (!declared.contains(id))
                    diags.error(rule.body.where, "rule " + rule.id + " names action '" + id + "' in '" +
                                                     field +
                                                     "', but the policy does not declare it in 'actions'");
        };
        check(rule.body.actions, "action");
        check(rule.body.first, "first");
        check(rule.body.then, "then");
        if (rule.body.window.kind == RuleWindow::Kind::BeforeAction)
            check({rule.body.window.action}, "window");
        if (rule.body.kind == RuleKind::Deadline) {
            // `from` may also name a date the scenario's calendar gives ("dates"); each scenario checks it.
            if (rule.body.from != "start" && !declared.contains(rule.body.from) && !Reader::valid_id(rule.body.from))
                diags.error(rule.body.where, "rule " + rule.id +
                                                 ": 'from' must be \"start\", an action id or the name of a date in "
                                                 "a scenario's calendar, found '" +
                                                 rule.body.from + "'");
            if (rule.body.within.timed()) continue;  // judged on when the action is done: no date parameter
            for (const auto& id : rule.body.actions) {
                auto it = std::find_if(policy->actions.begin(), policy->actions.end(),
                                       [&](const ActionDef& a) { return a.id == id; });
                if (it == policy->actions.end()) continue;
                bool has = std::any_of(it->params.begin(), it->params.end(), [&](const ActionParamDef& pd) {
                    return pd.name == rule.body.param && pd.type == "date";
                });
                if (!has)
                    diags.error(rule.body.where, "rule " + rule.id + " reads the date parameter '" +
                                                     rule.body.param + "' of action '" + id +
                                                     "', which does not declare it as a date");
            }
        }
    }
    if (diags.error_count() > errors_before) return nullptr;
    return policy;
}

std::shared_ptr<const Policy> load_policy_file(const std::string& path, Diagnostics& diags,
                                               bool* unreadable, const Policy* common) {
    auto doc = load_json_file(path, diags, unreadable, JsonDom::skip);
    if (!doc) return nullptr;
    return load_policy(*doc, diags, common);
}

bool PolicyLibrary::load_directory(const std::string& dir, Diagnostics& diags) {
    namespace fs = std::filesystem;
    dir_ = dir;
    std::error_code ec;
    bool is_dir = fs::is_directory(dir, ec);
    // No policies folder is fine (the scenario's rules will be reported as unknown); one that exists but
    // cannot be examined (a symlink loop, no permission) is named.
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        diags.error({dir, 0, 0, ""}, "cannot read the policies folder " + dir + ": " + ec.message());
    if (!is_dir) return false;
    std::vector<std::string> files;
    list_files(dir, ".json", files, diags);
    // The common actions first, so every other policy's rules may name them.
    std::shared_ptr<const Policy> common;
    auto is_common = [](const std::string& f) {
        return fs::path(f).filename() == std::string(kCommonActionsPolicy) + ".json";
    };
    for (const auto& f : files)
        if (is_common(f)) {
            common = load_policy_file(f, diags);
            if (common) add(common);
        }
    for (const auto& f : files) {
        if (is_common(f)) continue;
        auto policy = load_policy_file(f, diags, nullptr, common.get());
        if (!policy) continue;
        if (auto existing = find(policy->id)) {
            diags.error({f, 0, 0, "/id"}, "policy id '" + policy->id + "' is also used by " + existing->file);
            continue;
        }
        add(policy);
    }
    return true;
}

void PolicyLibrary::add(std::shared_ptr<const Policy> policy) {
    by_id_[policy->id] = std::move(policy);
}

std::shared_ptr<const Policy> PolicyLibrary::find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
}

std::string default_policy_dir(const std::string& scenario_path) {
    auto parent = std::filesystem::path(scenario_path).parent_path();
    return (parent / "policies").string();
}

bool looks_like_policy(const JsonDocument& doc) {
    // A scenario may declare its own rules too; only a scenario has nodes.
    return doc.content().is_object() && doc.content().contains("rules") && !doc.content().contains("nodes");
}

//-----------------------------------------------------------------------------------------------------------
// [Scenario header]
//-----------------------------------------------------------------------------------------------------------
namespace {

class ScenarioBuilder {
  public:
    ScenarioBuilder(const JsonDocument& doc, const PolicyLibrary& lib, Diagnostics& diags)
        : r_(doc, diags), doc_(doc), lib_(lib), diags_(diags) {}

    std::shared_ptr<const Scenario> build() {
        const json& root = doc_.content();
        int errors_before = diags_.error_count();
        if (!r_.object(root, "", {"format_version", "id",        "title",
                                  "version",        "topics",    "setting",
                                  "role",           "brief",     "estimated_minutes",
                                  "difficulty",     "pass_mark", "customers",
                                  "cast",           "policies",  "actions",
                                  "variables",      "calendar",  "start",
                                  "nodes",          "endings",   "best_path",
                                  "evidences",      "guess_pass_limit", "rules"},
                       "a scenario"))
            return nullptr;
        if (!r_.format_version(root, "scenario")) return nullptr;
        s_ = std::make_shared<Scenario>();
        s_->format_version = root["format_version"].get<int>();
        s_->file = doc_.file;
        s_->sha256 = json_fingerprint(root);
        header(root);
        customers(root);
        cast(root);
        variables(root);
        calendar(root);
        policies(root);
        if (policies_missing_) return nullptr;  // everything after would be a follow-on of that one error
        graph(root);
        text_hygiene(root);
        for (const auto& [rule, node] : window_nodes_) {
            ScopedRule& sr = s_->rules[static_cast<std::size_t>(rule)];
            sr.window_node = s_->find_node(node);
            if (sr.window_node < 0)
                diags_.error(sr.window.where, "rule " + sr.id() + "'s window names undefined node '" + node + "'");
        }
        if (diags_.error_count() > errors_before) return nullptr;
        return s_;
    }

  private:
    void header(const json& root) {
        s_->id = r_.id(root, "", "id", "a scenario");
        s_->title = r_.text(root, "", "title", true, "a scenario");
        s_->version = r_.text(root, "", "version", true, "a scenario");
        s_->topics = r_.text_list(root, "", "topics", true, "a scenario");
        s_->setting = r_.text(root, "", "setting", true, "a scenario");
        s_->role = r_.text(root, "", "role", true, "a scenario");
        s_->brief = r_.text(root, "", "brief", true, "a scenario");
        s_->estimated_minutes =
            r_.integer(root, "", "estimated_minutes", true, "a scenario", 1, kMaxEstimatedMinutes).value_or(0);
        s_->difficulty = r_.text(root, "", "difficulty", true, "a scenario");
        if (!s_->difficulty.empty() && s_->difficulty != "introductory" && s_->difficulty != "intermediate" &&
            s_->difficulty != "advanced")
            r_.error("/difficulty", "difficulty must be introductory, intermediate or advanced, found '" +
                                        s_->difficulty + "'");
        s_->pass_mark = r_.integer(root, "", "pass_mark", true, "a scenario", 0, 100).value_or(0);
        if (auto it = root.find("guess_pass_limit"); it != root.end()) {
            if (!it->is_number() || !(it->get<double>() >= 0.0 && it->get<double>() <= 1.0))
                r_.error("/guess_pass_limit",
                         "'guess_pass_limit' must be a probability from 0 to 1 (0.01 is 1%), found " +
                             it->dump());
            else
                s_->guess_pass_limit = it->get<double>();
        }
        s_->evidences = r_.text_list(root, "", "evidences", false, "a scenario");
    }

    void customers(const json& root) {
        const json* list = r_.array(root, "", "customers", true, "a scenario");
        if (!list) return;
        if (list->empty()) r_.error("/customers", "a scenario needs at least one customer profile");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string p = pointer_append("/customers", i);
            const json& c = (*list)[i];
            if (!r_.object(c, p,
                           {"id", "name", "address_as", "pronouns", "age", "language", "needs", "acts_for",
                            "about", "initial_mood"},
                           "a customer profile"))
                continue;
            CustomerProfile prof;
            prof.id = r_.id(c, p, "id", "a customer profile");
            prof.name = r_.text(c, p, "name", true, "a customer profile");
            prof.address_as = r_.text(c, p, "address_as", true, "a customer profile");
            prof.pronouns = r_.text(c, p, "pronouns", false, "a customer profile");
            prof.age = r_.integer(c, p, "age", false, "a customer profile", 0, 120).value_or(0);
            prof.language = r_.text(c, p, "language", true, "a customer profile");
            prof.needs = r_.text_list(c, p, "needs", false, "a customer profile");
            prof.acts_for = r_.text(c, p, "acts_for", false, "a customer profile");
            prof.about = r_.text(c, p, "about", false, "a customer profile");
            prof.initial_mood =
                r_.integer(c, p, "initial_mood", false, "a customer profile", 0, 100).value_or(50);
            if (!prof.id.empty() && !seen.insert(prof.id).second)
                r_.error(pointer_append(p, "id"), "duplicate customer id '" + prof.id + "'");
            s_->customers.push_back(std::move(prof));
        }
    }

    void cast(const json& root) {
        const json* list = r_.array(root, "", "cast", false, "a scenario");
        if (!list) return;
        std::set<std::string> seen{"customer", "narrator", "officer"};
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string p = pointer_append("/cast", i);
            const json& c = (*list)[i];
            if (!r_.object(c, p, {"id", "name", "role"}, "a cast member")) continue;
            CastMember m;
            m.id = r_.id(c, p, "id", "a cast member");
            m.name = r_.text(c, p, "name", true, "a cast member");
            m.role = r_.text(c, p, "role", false, "a cast member");
            if (!m.id.empty() && !seen.insert(m.id).second)
                r_.error(pointer_append(p, "id"), "duplicate or reserved speaker id '" + m.id + "'");
            s_->cast.push_back(std::move(m));
        }
    }

    void variables(const json& root) {
        const json* list = r_.array(root, "", "variables", false, "a scenario");
        if (!list) return;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < list->size(); ++i) {
            std::string p = pointer_append("/variables", i);
            const json& v = (*list)[i];
            if (!r_.object(v, p, {"id", "type", "initial", "values", "min", "max", "description"},
                           "a variable"))
                continue;
            VariableDef def;
            def.where = r_.at(v, p);
            def.id = r_.id(v, p, "id", "a variable");
            if (def.id == "customer" || def.id == "true" || def.id == "false" || def.id == "and" ||
                def.id == "or" || def.id == "not" || def.id == "in")
                r_.error(pointer_append(p, "id"), "'" + def.id + "' is a reserved word in conditions");
            std::string type = r_.text(v, p, "type", true, "a variable");
            const json* init = r_.member(v, p, "initial", true, "a variable");
            std::string ip = pointer_append(p, "initial");
            if (type == "bool") {
                def.type = ValueType::Bool;
                def.min = 0;
                def.max = 1;
                if (init && !init->is_boolean())
                    r_.error(ip, "'initial' of a bool variable must be true or false");
                else if (init)
                    def.initial = init->get<bool>() ? 1 : 0;
            } else if (type == "int") {
                def.type = ValueType::Int;
                def.min = r_.integer(v, p, "min", false, "a variable", -1000000, 1000000).value_or(-1000000);
                def.max = r_.integer(v, p, "max", false, "a variable", -1000000, 1000000).value_or(1000000);
                if (def.min > def.max) r_.error(pointer_append(p, "min"), "'min' is greater than 'max'");
                if (init && !init->is_number_integer())
                    r_.error(ip, "'initial' of an int variable must be a whole number");
                else if (init) {
                    long long n = init->get<long long>();
                    if (n < def.min || n > def.max)
                        r_.error(ip, "'initial' is outside min..max");
                    else
                        def.initial = static_cast<int>(n);
                }
            } else if (type == "enum") {
                def.type = ValueType::Enum;
                def.enum_values = r_.text_list(v, p, "values", true, "an enum variable");
                def.min = 0;
                def.max = static_cast<int>(def.enum_values.size()) - 1;
                if (init && !init->is_string())
                    r_.error(ip, "'initial' of an enum variable must be one of its values");
                else if (init) {
                    auto it =
                        std::find(def.enum_values.begin(), def.enum_values.end(), init->get<std::string>());
                    if (it == def.enum_values.end())
                        r_.error(ip,
                                 "'initial' value '" + init->get<std::string>() + "' is not one of 'values'");
                    else
                        def.initial = static_cast<int>(it - def.enum_values.begin());
                }
            } else if (!type.empty()) {
                r_.error(pointer_append(p, "type"),
                         "variable type must be bool, int or enum, found '" + type + "'");
            }
            if (!def.id.empty() && !seen.insert(def.id).second) {
                r_.error(pointer_append(p, "id"), "duplicate variable id '" + def.id + "'");
                continue;
            }
            s_->symbols.push_back({def.id, def.type, def.enum_values});
            s_->variables.push_back(std::move(def));
        }
    }

    void calendar(const json& root) {
        const json* cal = r_.member(root, "", "calendar", true, "a scenario");
        if (!cal || !r_.object(*cal, "/calendar",
                               {"start", "working_days", "bank_holidays", "working_hours", "dates"}, "the calendar"))
            return;
        if (auto dates = cal->find("dates"); dates != cal->end()) {
            if (!dates->is_object())
                r_.error("/calendar/dates", "'dates' must be an object of name: date, for example "
                                            "{\"decision_letter\": \"2026-11-20\"}");
            else
                for (auto it = dates->begin(); it != dates->end(); ++it) {
                    std::string dp = pointer_append("/calendar/dates", it.key());
                    auto d = it->is_string() ? Date::parse(it->get<std::string>()) : std::nullopt;
                    if (!Reader::valid_id(it.key()))
                        diags_.error(r_.doc().key_loc(dp), "'" + std::string(it.key()) + "' is not a valid id for a date");
                    else if (!d)
                        r_.error(dp, "expected a date like 2026-11-20, found " + it->dump());
                    else
                        s_->dates[std::string(it.key())] = *d;
                }
        }
        if (auto hours = cal->find("working_hours"); hours != cal->end()) {
            std::string hp = "/calendar/working_hours";
            auto clock = [&](const char* key) -> std::optional<int> {
                std::string t = r_.text(*hours, hp, key, true, "'working_hours'");
                auto dt = DateTime::parse("2000-01-01T" + t);
                if (!dt && !t.empty()) r_.error(pointer_append(hp, key), "expected a time like 09:00, found '" + t + "'");
                return dt ? std::optional<int>(dt->minute_of_day) : std::nullopt;
            };
            if (r_.object(*hours, hp, {"start", "end"}, "'working_hours'")) {
                auto from = clock("start"), to = clock("end");
                if (from && to && *from >= *to)
                    r_.error(hp, "working hours must end after they start");
                else if (from && to)
                    s_->calendar.set_working_hours(*from, *to);
            }
        }
        std::string start = r_.text(*cal, "/calendar", "start", true, "the calendar");
        if (auto dt = DateTime::parse(start))
            s_->start_time = *dt;
        else if (!start.empty())
            r_.error("/calendar/start",
                     "'start' must be a date and time like 2026-03-03T10:15, found '" + start + "'");
        if (cal->contains("working_days")) {
            auto days = r_.text_list(*cal, "/calendar", "working_days", true, "the calendar");
            std::array<bool, 7> working{};
            for (std::size_t i = 0; i < days.size(); ++i) {
                int w = parse_weekday(days[i]);
                if (w < 0)
                    r_.error(pointer_append("/calendar/working_days", i),
                             "unknown weekday '" + days[i] + "' (use mon..sun)");
                else
                    working[static_cast<std::size_t>(w)] = true;
            }
            if (std::none_of(working.begin(), working.end(), [](bool b) { return b; }))
                r_.error("/calendar/working_days", "the calendar needs at least one working day");
            else
                s_->calendar.set_working_weekdays(working);
        }
        auto holidays = r_.text_list(*cal, "/calendar", "bank_holidays", false, "the calendar");
        for (std::size_t i = 0; i < holidays.size(); ++i) {
            if (auto d = Date::parse(holidays[i]))
                s_->calendar.add_bank_holiday(*d);
            else
                r_.error(pointer_append("/calendar/bank_holidays", i),
                         "expected a date like 2026-12-25, found '" + holidays[i] + "'");
        }
    }

    //-------------------------------------------------------------------------------------------------------
    // [Scenario linking]
    //-------------------------------------------------------------------------------------------------------
    void policies(const json& root) {
        const json* list = r_.array(root, "", "policies", true, "a scenario");
        std::vector<std::pair<std::string, std::vector<std::string>>>
            selection;  // rule ids chosen per policy
        std::vector<std::string> selection_ptr;
        if (list) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < list->size(); ++i) {
                std::string p = pointer_append("/policies", i);
                const json& ref = (*list)[i];
                if (!r_.object(ref, p, {"id", "version", "rules", "overrides"}, "a policy reference")) continue;
                std::string id = r_.text(ref, p, "id", true, "a policy reference");
                auto policy = lib_.find(id);
                if (!policy && lib_.all().empty()) {
                    // No policy folder at all: one clear message instead of an error for every rule and action.
                    r_.error(pointer_append(p, "id"),
                             "no policies were found" +
                                 (lib_.directory().empty() ? std::string()
                                                           : " (looked in " + lib_.directory() + ")") +
                                 ", so policy '" + id +
                                 "' and every action and rule that comes from it are unknown. Put the scenario in a "
                                 "folder with a policies/ folder beside it, or point to one with --policies DIR");
                    policies_missing_ = true;
                    return;
                }
                if (!policy) {
                    std::string known;
                    for (const auto& [k, _] : lib_.all()) known += (known.empty() ? "" : ", ") + k;
                    r_.error(pointer_append(p, "id"),
                             "undefined policy '" + id + "'" +
                                 (lib_.directory().empty() ? "" : " (looked in " + lib_.directory() + ")") +
                                 (known.empty() ? "" : "; known policies: " + known));
                    continue;
                }
                if (!seen.insert(id).second) {
                    r_.error(pointer_append(p, "id"), "policy '" + id + "' is listed twice");
                    continue;
                }
                std::string version = r_.text(ref, p, "version", false, "a policy reference");
                if (!version.empty() && version != policy->version)
                    r_.warning(pointer_append(p, "version"),
                               "this scenario was written for version " + version + " of policy '" + id +
                                   "', but version " + policy->version + " is loaded");
                s_->policies.push_back(policy);
                selection.push_back({id, r_.text_list(ref, p, "rules", false, "a policy reference")});
                selection_ptr.push_back(p);
                if (auto ov = ref.find("overrides"); ov != ref.end()) {
                    std::string op = pointer_append(p, "overrides");
                    if (!ov->is_object()) {
                        r_.error(op, "'overrides' must be an object: rule id -> {severity, reason, window}");
                    } else {
                        for (auto it = ov->begin(); it != ov->end(); ++it)
                            overrides_[std::string(it.key())] = {&*it, pointer_append(op, it.key()), id};
                    }
                }
            }
        }
        // Actions: the common actions, each policy's, then the scenario's own.
        if (auto common = lib_.find(kCommonActionsPolicy))
            for (const auto& a : common->actions)
                if (s_->find_action(a.id) < 0) s_->actions.push_back(a);
        for (const auto& policy : s_->policies)
            for (const auto& a : policy->actions) {
                int existing = s_->find_action(a.id);
                if (existing < 0) {
                    s_->actions.push_back(a);
                    continue;
                }
                // The same action declared twice must mean the same thing, or rules would judge a different
                // action from the one the learner was shown.
                const ActionDef& first = s_->actions[static_cast<std::size_t>(existing)];
                auto same_params = [](const ActionDef& x, const ActionDef& y) {
                    if (x.params.size() != y.params.size()) return false;
                    for (std::size_t k = 0; k < x.params.size(); ++k)
                        if (x.params[k].name != y.params[k].name || x.params[k].type != y.params[k].type)
                            return false;
                    return true;
                };
                if (first.label != a.label || !same_params(first, a))
                    diags_.warning(a.where, "action '" + a.id + "' is declared by policies '" + first.origin +
                                                "' and '" + a.origin + "' differently (" +
                                                (first.label != a.label ? "label \"" + first.label +
                                                                              "\" vs \"" + a.label + "\""
                                                                        : std::string("parameters differ")) +
                                                "); the scenario uses '" + first.origin +
                                                "''s. Declare it once, in the common-actions policy");
            }
        std::vector<ActionDef> own;
        load_actions(r_, root, "", "scenario", own);
        for (auto& a : own) {
            if (s_->find_action(a.id) >= 0)
                r_.error(a.where.json_path, "action '" + a.id + "' is already declared by a policy in scope");
            else
                s_->actions.push_back(std::move(a));
        }
        // Rules in scope.
        std::set<std::string> rule_ids;
        for (std::size_t pi = 0; pi < s_->policies.size(); ++pi) {
            const auto& policy = s_->policies[pi];
            const auto& chosen = selection[pi].second;
            for (std::size_t k = 0; k < chosen.size(); ++k) {
                bool exists = std::any_of(policy->rules.begin(), policy->rules.end(),
                                          [&](const PolicyRule& pr) { return pr.id == chosen[k]; });
                if (!exists)
                    r_.error(pointer_append(pointer_append(selection_ptr[pi], "rules"), k),
                             "undefined rule '" + chosen[k] + "' in policy '" + policy->id + "'");
            }
            for (const auto& rule : policy->rules) {
                if (!chosen.empty() && std::find(chosen.begin(), chosen.end(), rule.id) == chosen.end())
                    continue;
                if (!rule_ids.insert(rule.id).second) {
                    r_.error(selection_ptr[pi], "rule id '" + rule.id + "' appears in two policies in scope");
                    continue;
                }
                link_rule(*policy, rule, selection_ptr[pi]);
            }
        }
        own_rules(root);
        for (const auto& [rule_id, ov] : overrides_)
            if (s_->find_rule(rule_id) < 0)
                r_.error(ov.ptr, "override for rule '" + rule_id + "', which policy '" + ov.policy +
                                     "' does not bring into this scenario");
    }

    bool policies_missing_ = false;

    //-------------------------------------------------------------------------------------------------------
    // [Text hygiene] what a tutor's first try slips past the structure checks: literal placeholders, unknown
    // exhibit kinds, misspelt needs.
    //-------------------------------------------------------------------------------------------------------
    static std::size_t edit_distance(std::string_view a, std::string_view b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diag = up;
            }
        }
        return row[b.size()];
    }

    // "; did you mean 'x'?" for the nearest of `known` within a few edits, else "; known: a, b, c".
    static std::string suggestion(const std::string& wrong, const std::vector<std::string>& known) {
        std::string norm = wrong;
        for (char& ch : norm)
            if (ch == ' ' || ch == '-') ch = '_';
        const std::string* best = nullptr;
        std::size_t best_d = 0;
        for (const auto& k : known) {
            std::size_t d = edit_distance(norm, k);
            if (!best || d < best_d) best = &k, best_d = d;
        }
        if (best && best_d <= std::max<std::size_t>(2, std::max(norm.size(), best->size()) / 2)) return "; did you mean '" + *best + "'?";
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        return "; known: " + list;
    }

    void placeholders(std::string_view text, const std::string& ptr) {
        static const std::vector<std::string> known = {"customer.name", "customer.address_as", "date", "time"};
        for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
            std::size_t close = text.find('}', open);
            if (close == std::string::npos) break;
            std::string key(text.substr(open + 1, close - open - 1));
            if (key.empty() || key.size() > 40 || key.find_first_of(" \n\"{") != std::string::npos) continue;
            if (std::find(known.begin(), known.end(), key) == known.end())
                r_.warning(ptr, "unknown placeholder '{" + key + "}': learners would see it as literal text" +
                                    suggestion(key, known));
        }
    }

    void text_hygiene(const json& root) {
        // Every learner-visible text, by its pointer. Only a text with a '{' can hold a placeholder, so a
        // pointer is built only for those (`ptr_of` makes the owner's).
        auto walk_text = [&](const json& obj, const auto& ptr_of, const char* key) {
            if (auto it = obj.find(key); it != obj.end() && it->is_string()) {
                std::string_view text = it->str();
                if (text.find('{') != std::string::npos) placeholders(text, pointer_append(ptr_of(), key));
            }
        };
        walk_text(root, [] { return std::string(); }, "brief");
        if (const auto nodes = root.find("nodes"); nodes != root.end() && nodes->is_array())
            for (std::size_t i = 0; i < nodes->size(); ++i) {
                const json& n = (*nodes)[i];
                if (!n.is_object()) continue;
                auto np = [i] { return pointer_append("/nodes", i); };
                if (auto lines = n.find("lines"); lines != n.end() && lines->is_array())
                    for (std::size_t k = 0; k < lines->size(); ++k)
                        if ((*lines)[k].is_object())
                            walk_text((*lines)[k], [&] { return pointer_append(pointer_append(np(), "lines"), k); },
                                      "text");
                if (auto ex = n.find("exhibit"); ex != n.end() && ex->is_object()) {
                    auto ep = [&] { return pointer_append(np(), "exhibit"); };
                    walk_text(*ex, ep, "text");
                    walk_text(*ex, ep, "title");
                }
                if (auto choices = n.find("choices"); choices != n.end() && choices->is_array())
                    for (std::size_t k = 0; k < choices->size(); ++k)
                        if ((*choices)[k].is_object()) {
                            auto cp = [&] { return pointer_append(pointer_append(np(), "choices"), k); };
                            walk_text((*choices)[k], cp, "text");
                            walk_text((*choices)[k], cp, "feedback");
                        }
            }
        if (const auto endings = root.find("endings"); endings != root.end() && endings->is_array())
            for (std::size_t i = 0; i < endings->size(); ++i)
                if ((*endings)[i].is_object()) {
                    auto ep = [i] { return pointer_append("/endings", i); };
                    walk_text((*endings)[i], ep, "title");
                    walk_text((*endings)[i], ep, "text");
                }

        static const std::vector<std::string> exhibit_kinds = {
            "email", "letter", "form", "id_document", "table", "note", "report", "survey", "sla", "record",
            "procedure", "message"};
        for (std::size_t i = 0; i < s_->nodes.size(); ++i) {
            const auto& ex = s_->nodes[i].exhibit;
            if (ex && !ex->kind.empty() &&
                std::find(exhibit_kinds.begin(), exhibit_kinds.end(), ex->kind) == exhibit_kinds.end())
                r_.error(pointer_append(pointer_append(pointer_append("/nodes", i), "exhibit"), "kind"),
                         "unknown exhibit kind '" + ex->kind + "'" + suggestion(ex->kind, exhibit_kinds));
        }

        // Needs: the documented ones, and any a rule in scope tests for ('x' in customer.needs).
        std::vector<std::string> needs = documented_needs();
        for (const auto& rule : s_->rules) {
            const std::string& when = rule.rule->when;
            for (std::size_t at = when.find("customer.needs"); at != std::string::npos;
                 at = when.find("customer.needs", at + 1)) {
                std::size_t close = when.rfind('\'', at);
                if (close == std::string::npos || close == 0) continue;
                std::size_t open = when.rfind('\'', close - 1);
                if (open == std::string::npos) continue;
                std::string need = when.substr(open + 1, close - open - 1);
                if (std::find(needs.begin(), needs.end(), need) == needs.end()) needs.push_back(need);
            }
        }
        for (std::size_t i = 0; i < s_->customers.size(); ++i)
            for (std::size_t k = 0; k < s_->customers[i].needs.size(); ++k) {
                const std::string& need = s_->customers[i].needs[k];
                if (std::find(needs.begin(), needs.end(), need) == needs.end())
                    r_.warning(pointer_append(pointer_append(pointer_append("/customers", i), "needs"), k),
                               "unknown need '" + need + "': no rule in scope reacts to it" +
                                   suggestion(need, needs));
            }
    }

    // Rules the scenario declares for itself (one-off rules need no shared policy file). They form a policy
    // named after the scenario, so the handbook, debrief and records treat them like any other.
    void own_rules(const json& root) {
        if (!root.contains("rules")) return;
        auto own = std::make_shared<Policy>();
        own->id = s_->id;
        own->title = "Rules of this scenario";
        own->version = s_->version;
        own->organisation = "";
        own->source = "this scenario (" + doc_.file + ")";
        own->file = doc_.file;
        own->sha256 = json_fingerprint(root["rules"]);
        load_rules(r_, root, false, "a scenario", *own, true);
        for (const auto& rule : own->rules)
            if (s_->find_rule(rule.id) >= 0)
                r_.error("/rules", "rule id '" + rule.id + "' is already brought in by a policy in scope");
        s_->policies.push_back(own);
        for (const auto& rule : own->rules)
            if (s_->find_rule(rule.id) < 0) link_rule(*own, rule, "/rules");
    }

    // A scenario's setting of one rule: severity (lowering it needs a reason the debrief shows) and window.
    struct Override {
        const json* value = nullptr;
        std::string ptr;
        std::string policy;
    };
    std::map<std::string, Override> overrides_;
    std::vector<std::pair<int, std::string>> window_nodes_;  // rule index, pointer: resolved after the graph

    void apply_override(ScopedRule& sr, const Override& ov) {
        const json& j = *ov.value;
        if (!r_.object(j, ov.ptr, {"severity", "reason", "window"}, "a rule override")) return;
        if (j.contains("severity")) {
            std::string sev = r_.text(j, ov.ptr, "severity", true, "a rule override");
            if (auto level = parse_severity(sev))
                sr.severity = *level;
            else if (!sev.empty())
                r_.error(pointer_append(ov.ptr, "severity"),
                         "severity must be critical, major or minor, found '" + sev + "'");
        }
        sr.severity_reason = r_.text(j, ov.ptr, "reason", false, "a rule override");
        if (sr.severity_lowered() && sr.severity_reason.empty())
            r_.error(pointer_append(ov.ptr, "severity"),
                     "lowers rule " + sr.id() + " from " + to_string(sr.rule->severity) + " (policy '" +
                         ov.policy + "') to " + to_string(sr.severity) +
                         " without a 'reason'; say why this scenario judges it less serious (the debrief shows "
                         "it)");
        if (auto w = j.find("window"); w != j.end()) {
            if (sr.rule->body.kind != RuleKind::Required) {
                r_.error(pointer_append(ov.ptr, "window"), "only a required rule has a window; " + sr.id() +
                                                               " is " + to_string(sr.rule->body.kind));
            } else if (auto window = parse_window(r_, *w, pointer_append(ov.ptr, "window"), true)) {
                sr.window = *window;
            }
        }
    }

    std::vector<int> resolve_actions(const std::vector<std::string>& ids, const PolicyRule& rule,
                                     const std::string& ptr) {
        std::vector<int> out;
        for (const auto& id : ids) {
            int a = s_->find_action(id);
            if (a < 0)
                r_.error(ptr, "rule " + rule.id + " uses undefined action '" + id + "'");
            else
                out.push_back(a);
        }
        return out;
    }

    void link_rule(const Policy& policy, const PolicyRule& rule, const std::string& ptr) {
        ScopedRule sr;
        sr.policy = &policy;
        sr.rule = &rule;
        sr.scope_where = r_.at(ptr);
        sr.actions = resolve_actions(rule.body.actions, rule, ptr);
        sr.first = resolve_actions(rule.body.first, rule, ptr);
        sr.then = resolve_actions(rule.body.then, rule, ptr);
        sr.severity = rule.severity;
        sr.window = rule.body.window;
        if (auto ov = overrides_.find(rule.id); ov != overrides_.end()) apply_override(sr, ov->second);
        if (sr.window.kind == RuleWindow::Kind::BeforeAction) {
            sr.window_action = s_->find_action(sr.window.action);
            if (sr.window_action < 0)
                diags_.error(sr.window.where, "rule " + rule.id + "'s window names undefined action '" +
                                                  sr.window.action + "'");
        }
        if (sr.window.kind == RuleWindow::Kind::BeforeLeaving)
            window_nodes_.push_back({static_cast<int>(s_->rules.size()), sr.window.node});
        if (rule.body.kind == RuleKind::Deadline && rule.body.from != "start") {
            sr.from_action = s_->find_action(rule.body.from);
            if (auto d = s_->dates.find(rule.body.from); sr.from_action < 0 && d != s_->dates.end()) {
                if (rule.body.within.timed())
                    r_.error(ptr, "rule " + rule.id + " counts " + describe_span(rule.body.within) + " from the date '" +
                                      rule.body.from + "', which has no time of day; count it from \"start\" or an action");
                else
                    sr.from_date = d->second;
            } else if (sr.from_action < 0) {
                std::vector<std::string> known;
                for (const auto& a : s_->actions) known.push_back(a.id);
                for (const auto& [name, date] : s_->dates) known.push_back(name);
                r_.error(ptr, "rule " + rule.id + " counts from '" + rule.body.from +
                                  "', which is neither an action nor a date in the calendar's 'dates'" +
                                  suggestion(rule.body.from, known));
            }
        }
        if (rule.conditional) {
            std::string error;
            std::size_t offset = 0;
            sr.when = Expression::compile(rule.when, s_->symbols, error, offset, done_resolver());
            if (!sr.when) {
                SourceLoc at = rule.when_where;
                if (at.line > 0) at.column += static_cast<int>(offset) + 1;  // +1 for the opening quote
                diags_.error(at, "in rule " + rule.id + " condition '" + rule.when + "' (used by scenario " +
                                     doc_.file + "): " + error);
            }
        }
        s_->rules.push_back(std::move(sr));
    }

    //-------------------------------------------------------------------------------------------------------
    // [Graph]
    //-------------------------------------------------------------------------------------------------------
    struct PendingTarget {
        std::string id;
        std::string ptr;
        Target* target;
    };

    // done('action') in a condition: the bool variable that records the action, made the first time a
    // condition names it (so only the actions some condition reads are part of the state).
    Expression::DoneResolver done_resolver() {
        return [this](const std::string& action, std::string& why) -> int {
            int a = s_->find_action(action);
            if (a < 0) {
                std::vector<std::string> known;
                for (const auto& def : s_->actions) known.push_back(def.id);
                why = "done('" + action + "') names unknown action '" + action + "'" + suggestion(action, known);
                return -1;
            }
            for (std::size_t v = 0; v < s_->variables.size(); ++v)
                if (s_->variables[v].done_action == a) return static_cast<int>(v);
            VariableDef def;
            def.id = "done('" + action + "')";
            def.type = ValueType::Bool;
            def.min = 0;
            def.max = 1;
            def.done_action = a;
            s_->symbols.push_back({def.id, def.type, {}});
            s_->variables.push_back(std::move(def));
            return static_cast<int>(s_->variables.size()) - 1;
        };
    }

    // Each choice sets the done('action') flags of the actions it performs (after every condition is read,
    // since a condition anywhere may be the first to name an action).
    void set_done_flags() {
        for (Choice& c : s_->choices)
            for (const ActionUse& use : c.actions)
                for (std::size_t v = 0; v < s_->variables.size(); ++v)
                    if (s_->variables[v].done_action == use.action &&
                        std::none_of(c.effects.begin(), c.effects.end(),
                                     [&](const Effect& e) { return e.variable == static_cast<int>(v); }))
                        c.effects.push_back({static_cast<int>(v), false, 1});
        for (const Node& n : s_->nodes)
            if (!n.branches.empty() || n.has_on_enter()) s_->has_routes = true;
        for (const Choice& c : s_->choices)
            if (!c.branches.empty()) s_->has_routes = true;
    }

    // Reads a `next`: a node or ending id, or a list of {"if": condition, "to": id} tried in order whose final
    // entry has no "if". Queues every target for resolution; the final one's id is returned with its pointer.
    std::pair<std::string, std::string> next_value(const json& owner, const std::string& p, const char* what,
                                                   bool is_node, int owner_index, std::vector<Branch>& branches) {
        std::string np = pointer_append(p, "next");
        const json* v = r_.member(owner, p, "next", true, what);
        if (!v) return {};
        if (v->is_string()) return {r_.text(owner, p, "next", true, what), np};
        const char* shape =
            "'next' must be a node or ending id, or a list of {\"if\": \"condition\", \"to\": \"id\"} "
            "whose final entry has no \"if\"";
        if (!v->is_array() || v->empty()) {
            r_.error(np, std::string(shape) + ", found " + json_type_phrase(*v));
            return {};
        }
        std::pair<std::string, std::string> fallback;
        for (std::size_t i = 0; i < v->size(); ++i) {
            std::string ep = pointer_append(np, i);
            const json& entry = (*v)[i];
            if (!r_.object(entry, ep, {"if", "to"}, "an entry of 'next'")) continue;
            std::string to = r_.text(entry, ep, "to", true, "an entry of 'next'");
            bool last = i + 1 == v->size();
            if (!entry.contains("if")) {
                if (!last) {
                    r_.error(ep, "this entry of 'next' has no \"if\", so the " +
                                     std::to_string(v->size() - i - 1) +
                                     " entries after it can never be taken; only the final entry leaves out \"if\"");
                    continue;
                }
                fallback = {to, pointer_append(ep, "to")};
                continue;
            }
            if (last) {
                r_.error(ep, "the final entry of 'next' must have no \"if\": it is where the learner goes when no "
                             "condition holds (add one like {\"to\": \"node-id\"})");
                continue;
            }
            auto when = condition(entry, ep, "if");
            if (!when || to.empty()) continue;
            branches.push_back({std::move(*when), Target{}, r_.at(ep)});
            pending_.push_back({to, pointer_append(ep, "to"), nullptr});
            branch_fixups_.push_back({is_node, owner_index, branches.size() - 1, pending_.size() - 1});
        }
        return fallback;
    }

    // "on_enter": effects applied every time the node is entered.
    void on_enter(const json& j, const std::string& p, Node& n) {
        if (!r_.object(j, p, {"set", "mood", "advance"}, "'on_enter'")) return;
        if (auto set = j.find("set"); set != j.end()) effects(*set, pointer_append(p, "set"), n.enter_effects);
        n.enter_mood = r_.integer(j, p, "mood", false, "'on_enter'", -100, 100).value_or(0);
        if (j.contains("advance")) {
            std::string adv = r_.text(j, p, "advance", true, "'on_enter'");
            if (auto a = parse_advance(adv))
                n.enter_advance = *a;
            else if (!adv.empty())
                r_.error(pointer_append(p, "advance"),
                         "'advance' must look like 5m, 2h, 1d or 3wd, found '" + adv + "'");
        }
    }

    std::optional<Expression> condition(const json& obj, const std::string& p, const char* key) {
        std::string src = r_.text(obj, p, key, true, "a condition");
        if (src.empty()) return std::nullopt;
        std::string error;
        std::size_t offset = 0;
        auto e = Expression::compile(src, s_->symbols, error, offset, done_resolver());
        if (!e) {
            SourceLoc at = r_.at(pointer_append(p, key));
            if (at.line > 0) at.column += static_cast<int>(offset) + 1;
            diags_.error(at, "in condition '" + src + "': " + error);
        }
        return e;
    }

    void graph(const json& root) {
        // Endings first so targets can name them.
        if (const json* list = r_.array(root, "", "endings", true, "a scenario")) {
            if (list->empty()) r_.error("/endings", "a scenario needs at least one ending");
            for (std::size_t i = 0; i < list->size(); ++i) {
                std::string p = pointer_append("/endings", i);
                const json& e = (*list)[i];
                if (!r_.object(e, p, {"id", "title", "text"}, "an ending")) continue;
                Ending end;
                end.where = r_.at(p);
                end.id = r_.id(e, p, "id", "an ending");
                end.title = r_.text(e, p, "title", true, "an ending");
                end.text = r_.text(e, p, "text", true, "an ending");
                s_->endings.push_back(std::move(end));
            }
        }
        const json* list = r_.array(root, "", "nodes", true, "a scenario");
        if (list) {
            if (list->empty()) r_.error("/nodes", "a scenario needs at least one node");
            s_->nodes.reserve(list->size());
            std::size_t choices = 0;  // reserved too: a choice is moved once, into place
            for (const json& n : *list)
                if (const json& c = n["choices"]; c.is_array()) choices += c.size();
            s_->choices.reserve(choices);
            for (std::size_t i = 0; i < list->size(); ++i) node((*list)[i], pointer_append("/nodes", i));
        }
        check_unique_ids();
        set_done_flags();
        fix_targets();
        // Resolve "next" references now that all ids are known.
        std::unordered_map<std::string_view, Target> ids;  // views of the model's ids, which stay put from here
        ids.reserve(s_->endings.size() + s_->nodes.size());
        for (std::size_t i = 0; i < s_->endings.size(); ++i)
            ids.emplace(s_->endings[i].id, Target{Target::Kind::Ending, static_cast<int>(i)});
        for (std::size_t i = 0; i < s_->nodes.size(); ++i)
            ids.emplace(s_->nodes[i].id, Target{Target::Kind::Node, static_cast<int>(i)});
        for (auto& pending : pending_) {
            auto it = ids.find(pending.id);
            if (it == ids.end()) {
                r_.error(pending.ptr, "'next' refers to '" + pending.id + "', which is no node or ending");
                continue;
            }
            *pending.target = it->second;
        }
        std::string start = r_.text(root, "", "start", true, "a scenario");
        if (!start.empty()) {
            s_->start_node = s_->find_node(start);
            if (s_->start_node < 0) r_.error("/start", "'start' refers to '" + start + "', which is no node");
        }
        s_->best_path_where = r_.at("/best_path");
        s_->header_where = r_.at("");
        if (root.contains("best_path")) {
            auto path = r_.text_list(root, "", "best_path", false, "a scenario");
            for (std::size_t i = 0; i < path.size(); ++i) {
                int c = s_->find_choice(path[i]);
                if (c < 0)
                    r_.error(pointer_append("/best_path", i),
                             "'" + path[i] + "' is no choice in this scenario");
                else
                    s_->best_path.push_back(c);
            }
        }
    }

    // Ids and locations are viewed in the model, which does not change while this runs.
    void check_unique_ids() {
        std::unordered_map<std::string_view, const SourceLoc*> seen;
        seen.reserve(s_->nodes.size() + s_->endings.size());
        auto check = [&](const std::string& id, const SourceLoc& where, const char* what) {
            if (id.empty()) return;
            auto [it, inserted] = seen.emplace(id, &where);
            if (!inserted)
                diags_.error(where, std::string("duplicate id '") + id + "' (" + what +
                                        "); it is first used at line " + std::to_string(it->second->line));
        };
        for (const auto& n : s_->nodes) check(n.id, n.where, "node");
        for (const auto& e : s_->endings) check(e.id, e.where, "ending");
        std::unordered_map<std::string_view, const SourceLoc*> choices;
        choices.reserve(s_->choices.size());
        for (const auto& c : s_->choices) {
            auto [it, inserted] = choices.emplace(c.id, &c.where);
            if (!inserted && !c.id.empty())
                diags_.error(c.where, "duplicate choice id '" + c.id + "'; it is first used at line " +
                                          std::to_string(it->second->line));
        }
        std::unordered_set<std::string_view> lines;
        for (const auto& n : s_->nodes)
            for (const auto& l : n.lines)
                if (!lines.insert(l.id).second) diags_.error(n.where, "duplicate line id '" + l.id + "'");
    }

    void node(const json& j, const std::string& p) {
        if (!r_.object(j, p, {"id", "lines", "exhibit", "choices", "next", "on_enter"}, "a node")) return;
        Node n;
        n.where = r_.at(j, p);
        n.id = r_.id(j, p, "id", "a node");
        if (const json* lines = r_.array(j, p, "lines", true, "a node")) {
            for (std::size_t i = 0; i < lines->size(); ++i) {
                std::string lp = pointer_append(pointer_append(p, "lines"), i);
                const json& l = (*lines)[i];
                if (!r_.object(l, lp, {"id", "speaker", "text", "condition"}, "a line")) continue;
                Line line;
                line.id =
                    l.contains("id") ? r_.id(l, lp, "id", "a line") : n.id + "." + std::to_string(i + 1);
                std::string speaker = r_.text(l, lp, "speaker", true, "a line");
                if (speaker == "customer")
                    line.speaker = SpeakerKind::Customer;
                else if (speaker == "narrator")
                    line.speaker = SpeakerKind::Narrator;
                else if (!speaker.empty()) {
                    line.speaker = SpeakerKind::Cast;
                    for (std::size_t c = 0; c < s_->cast.size(); ++c)
                        if (s_->cast[c].id == speaker) line.cast = static_cast<int>(c);
                    if (line.cast < 0)
                        r_.error(pointer_append(lp, "speaker"),
                                 "unknown speaker '" + speaker +
                                     "' (use customer, narrator or an id from 'cast')");
                }
                line.text = r_.text(l, lp, "text", true, "a line");
                if (l.contains("condition")) line.condition = condition(l, lp, "condition");
                n.lines.push_back(std::move(line));
            }
        }
        if (auto ex = j.find("exhibit"); ex != j.end())
            n.exhibit = exhibit(*ex, pointer_append(p, "exhibit"));
        bool has_choices = j.contains("choices"), has_next = j.contains("next");
        if (has_choices && has_next)
            r_.error(p, "node '" + n.id + "' has both 'choices' and 'next'; use one");
        if (auto oe = j.find("on_enter"); oe != j.end()) on_enter(*oe, pointer_append(p, "on_enter"), n);
        int index = static_cast<int>(s_->nodes.size());
        s_->nodes.push_back(std::move(n));
        Node& stored = s_->nodes.back();
        if (has_next) {
            auto [next, next_ptr] = next_value(j, p, "a node", true, index, stored.branches);
            stored.next = Target{};
            if (!next.empty()) {
                pending_.push_back({next, next_ptr, nullptr});
                next_fixups_.push_back({index, pending_.size() - 1});
            }
        } else if (const json* choices = r_.array(j, p, "choices", false, "a node")) {
            for (std::size_t i = 0; i < choices->size(); ++i)
                choice((*choices)[i], pointer_append(pointer_append(p, "choices"), i), index);
        }
    }

    std::optional<Exhibit> exhibit(const json& j, const std::string& p) {
        if (!r_.object(j, p, {"title", "kind", "text", "table"}, "an exhibit")) return std::nullopt;
        Exhibit e;
        e.title = r_.text(j, p, "title", true, "an exhibit");
        e.kind = r_.text(j, p, "kind", false, "an exhibit");
        e.text = r_.text(j, p, "text", false, "an exhibit");
        if (const json* table = r_.array(j, p, "table", false, "an exhibit")) {
            for (std::size_t i = 0; i < table->size(); ++i) {
                std::string rp = pointer_append(pointer_append(p, "table"), i);
                const json& row = (*table)[i];
                if (!row.is_array()) {
                    r_.error(rp, "each table row must be a list of text");
                    continue;
                }
                std::vector<std::string> cells;
                for (std::size_t k = 0; k < row.size(); ++k) {
                    if (!row[k].is_string())
                        r_.error(pointer_append(rp, k), "table cells must be text");
                    else
                        cells.push_back(row[k].get<std::string>());
                }
                e.table.push_back(std::move(cells));
            }
        }
        if (e.text.empty() && e.table.empty()) r_.error(p, "an exhibit needs 'text', 'table' or both");
        return e;
    }

    std::optional<Advance> parse_advance(const std::string& s) {
        std::size_t i = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == 0 || i > 6) return std::nullopt;
        int n = std::stoi(s.substr(0, i));
        std::string unit = s.substr(i);
        Advance a;
        a.minutes = 0;
        if (unit == "m")
            a.minutes = n;
        else if (unit == "h")
            a.minutes = n * 60;
        else if (unit == "d")
            a.days = n;
        else if (unit == "wd")
            a.working_days = n;
        else
            return std::nullopt;
        return a;
    }

    void choice(const json& j, const std::string& p, int node_index) {
        if (!r_.object(j, p,
                       {"id", "text", "condition", "actions", "set", "mood", "advance", "feedback", "grade",
                        "grade_reason", "pin", "evidences", "next"},
                       "a choice"))
            return;
        Choice c;
        c.where = r_.at(j, p);
        c.node = node_index;
        c.id = r_.id(j, p, "id", "a choice");
        c.text = r_.text(j, p, "text", true, "a choice");
        if (j.contains("condition")) c.condition = condition(j, p, "condition");
        if (const json* actions = r_.array(j, p, "actions", false, "a choice")) {
            for (std::size_t i = 0; i < actions->size(); ++i)
                if (auto use = action_use((*actions)[i], pointer_append(pointer_append(p, "actions"), i)))
                    c.actions.push_back(std::move(*use));
        }
        if (auto set = j.find("set"); set != j.end()) effects(*set, pointer_append(p, "set"), c.effects);
        c.mood = r_.integer(j, p, "mood", false, "a choice", -100, 100).value_or(0);
        if (j.contains("advance")) {
            std::string adv = r_.text(j, p, "advance", true, "a choice");
            if (auto a = parse_advance(adv))
                c.advance = *a;
            else if (!adv.empty())
                r_.error(pointer_append(p, "advance"),
                         "'advance' must look like 5m, 2h, 1d or 3wd, found '" + adv + "'");
        }
        c.feedback = r_.text(j, p, "feedback", false, "a choice");
        c.evidences = r_.text_list(j, p, "evidences", false, "a choice");
        grade(j, p, c);
        if (j.contains("pin")) {
            std::string pin = r_.text(j, p, "pin", true, "a choice");
            if (pin == "first")
                c.pin = ChoicePin::First;
            else if (pin == "last")
                c.pin = ChoicePin::Last;
            else if (!pin.empty())
                r_.error(pointer_append(p, "pin"), "'pin' must be \"first\" or \"last\", found '" + pin + "'");
        }
        int index = static_cast<int>(s_->choices.size());
        auto [next, next_ptr] = next_value(j, p, "a choice", false, index, c.branches);
        s_->choices.push_back(std::move(c));
        s_->nodes[static_cast<std::size_t>(node_index)].choices.push_back(index);
        if (!next.empty()) {
            pending_.push_back({next, next_ptr, nullptr});
            choice_fixups_.push_back({index, pending_.size() - 1});
        }
    }

    // The author's grade: required from format 2 on; a format-1 file loads ungraded (lint says to migrate).
    void grade(const json& j, const std::string& p, Choice& c) {
        bool v2 = s_->format_version >= 2;
        std::string g = r_.text(j, p, "grade", v2, "a choice");
        if (auto parsed = parse_grade(g))
            c.grade = *parsed;
        else if (!g.empty())
            r_.error(pointer_append(p, "grade"),
                     "'grade' must be best, acceptable, poor or unsafe, found '" + g + "'");
        c.grade_reason = r_.text(j, p, "grade_reason", v2, "a choice");
        if (c.grade_reason.find('\n') != std::string::npos)
            r_.error(pointer_append(p, "grade_reason"), "'grade_reason' is one line: it has a line break");
        else if (c.grade_reason.size() > 240)
            r_.warning(pointer_append(p, "grade_reason"),
                       "'grade_reason' is meant to be one line; this one has " +
                           std::to_string(c.grade_reason.size()) + " characters (keep it under 240)");
    }

    std::optional<ActionUse> action_use(const json& j, const std::string& p) {
        ActionUse use;
        std::string id;
        if (j.is_string())
            id = j.get<std::string>();
        else if (j.is_object())
            id = r_.text(j, p, "id", true, "an action");
        else {
            r_.error(p, "an action is an id, or an object with \"id\" and its parameters; found " +
                            json_type_phrase(j));
            return std::nullopt;
        }
        use.action = s_->find_action(id);
        if (use.action < 0) {
            r_.error(j.is_string() ? p : pointer_append(p, "id"),
                     "undefined action '" + id +
                         "' (declare it in a policy in scope or in the scenario's 'actions')");
            return std::nullopt;
        }
        const ActionDef& def = s_->actions[static_cast<std::size_t>(use.action)];
        if (j.is_object()) {
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (it.key() == "id") continue;
                std::string pp = pointer_append(p, it.key());
                auto pd = std::find_if(def.params.begin(), def.params.end(),
                                       [&](const ActionParamDef& d) { return d.name == it.key(); });
                if (pd == def.params.end()) {
                    diags_.warning(r_.doc().key_loc(pp),
                                   "action '" + id + "' has no parameter '" + std::string(it.key()) + "'");
                    continue;
                }
                if (!it->is_string()) {
                    r_.error(pp, "parameter '" + std::string(it.key()) + "' must be text");
                    continue;
                }
                std::string value = it->get<std::string>();
                if (pd->type == "date") {
                    use.has_date = true;
                    use.date_param = it.key();
                    if (auto d = Date::parse(value))
                        use.date = d;
                    else if (value.size() >= 3 && value[0] == '+' && value.back() == 'd' &&
                             std::all_of(
                                 value.begin() + 1, value.end() - 1,
                                 [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) &&
                             value.size() < 9)
                        use.date_offset_days = std::stoi(value.substr(1, value.size() - 2));
                    else {
                        r_.error(pp, "'" + std::string(it.key()) +
                                         "' must be a date like 2026-04-02 or an offset like +28d, found '" +
                                         value + "'");
                        continue;
                    }
                }
                use.params[std::string(it.key())] = value;
            }
        }
        for (const auto& pd : def.params)
            if (!use.params.contains(pd.name))
                r_.error(p, "action '" + id + "' needs its parameter '" + pd.name + "' (" + pd.type + ")");
        return use;
    }

    void effects(const json& j, const std::string& p, std::vector<Effect>& out) {
        if (!j.is_object()) {
            r_.error(p, "'set' must be an object of variable: value");
            return;
        }
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::string vp = pointer_append(p, it.key());
            auto var = std::find_if(s_->variables.begin(), s_->variables.end(),
                                    [&](const VariableDef& v) { return v.id == it.key(); });
            if (var == s_->variables.end()) {
                diags_.error(r_.doc().key_loc(vp), "undefined variable '" + std::string(it.key()) + "'");
                continue;
            }
            Effect e;
            e.variable = static_cast<int>(var - s_->variables.begin());
            const json& v = it.value();
            switch (var->type) {
                case ValueType::Bool:
                    if (!v.is_boolean())
                        r_.error(vp, "'" + var->id + "' is a bool variable: set it to true or false");
                    else
                        e.value = v.get<bool>() ? 1 : 0;
                    break;
                case ValueType::Int:
                    if (v.is_number_integer()) {
                        long long n = v.get<long long>();
                        if (n < var->min || n > var->max)
                            r_.error(vp, "value is outside " + var->id + "'s min..max");
                        e.value = static_cast<int>(std::clamp<long long>(n, var->min, var->max));
                    } else if (v.is_string() && v.get<std::string>().size() > 1 &&
                               (v.get<std::string>()[0] == '+' || v.get<std::string>()[0] == '-')) {
                        const std::string s = v.get<std::string>();
                        if (s.size() > 7 || !std::all_of(s.begin() + 1, s.end(), [](char ch) {
                                return std::isdigit(static_cast<unsigned char>(ch));
                            }))
                            r_.error(vp, "expected a change like \"+1\" or \"-2\", found '" + s + "'");
                        else {
                            e.add = true;
                            e.value = std::stoi(s);
                        }
                    } else {
                        r_.error(vp, "'" + var->id +
                                         "' is an int variable: set a whole number or a change like \"+1\"");
                    }
                    break;
                case ValueType::Enum: {
                    auto pos = v.is_string() ? std::find(var->enum_values.begin(), var->enum_values.end(),
                                                         v.get<std::string>())
                                             : var->enum_values.end();
                    if (pos == var->enum_values.end())
                        r_.error(vp, "'" + var->id + "' must be set to one of its values");
                    else
                        e.value = static_cast<int>(pos - var->enum_values.begin());
                    break;
                }
                default:
                    break;
            }
            out.push_back(e);
        }
    }

    // `pending_` entries point into nodes and choices; set them once those vectors have stopped growing.
    void fix_targets() {
        for (auto [node, pending] : next_fixups_)
            pending_[pending].target = &*s_->nodes[static_cast<std::size_t>(node)].next;
        for (auto [choice, pending] : choice_fixups_)
            pending_[pending].target = &s_->choices[static_cast<std::size_t>(choice)].next;
        for (const BranchFixup& f : branch_fixups_) {
            auto& branches = f.node ? s_->nodes[static_cast<std::size_t>(f.owner)].branches
                                    : s_->choices[static_cast<std::size_t>(f.owner)].branches;
            pending_[f.pending].target = &branches[f.branch].to;
        }
    }

    Reader r_;
    const JsonDocument& doc_;
    const PolicyLibrary& lib_;
    Diagnostics& diags_;
    std::shared_ptr<Scenario> s_;
    std::vector<PendingTarget> pending_;
    std::vector<std::pair<int, std::size_t>> next_fixups_;
    std::vector<std::pair<int, std::size_t>> choice_fixups_;
    struct BranchFixup {  // the target of a conditional entry of a node's or a choice's `next`
        bool node;
        int owner;
        std::size_t branch, pending;
    };
    std::vector<BranchFixup> branch_fixups_;
};

}  // namespace

std::shared_ptr<const Scenario> load_scenario(const JsonDocument& doc, const PolicyLibrary& policies,
                                              Diagnostics& diags) {
    ScenarioBuilder builder(doc, policies, diags);
    return builder.build();
}

std::shared_ptr<const Scenario> load_scenario_file(const std::string& path, const PolicyLibrary& policies,
                                                   Diagnostics& diags, bool* unreadable) {
    auto doc = load_json_file(path, diags, unreadable, JsonDom::skip);
    if (!doc) return nullptr;
    return load_scenario(*doc, policies, diags);
}

}  // namespace cp
