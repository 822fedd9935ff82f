// xAPI statements from session records, and the structural checks an LRS would apply to them.
//
// Index: [Ids] [Activities and verbs] [Statements per record line] [Checking statements]
#include "xapi.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <regex>
#include <set>

#include "library.hpp"
#include "rubric.hpp"
#include "sha256.hpp"
#include "version_store.hpp"

namespace cp {

using nlohmann::json;

//-----------------------------------------------------------------------------------------------------------
// [Ids]
//-----------------------------------------------------------------------------------------------------------

std::string xapi_uuid(std::string_view name) {
    static const std::string digits = "0123456789abcdef";
    std::string hex = sha256_hex(name).substr(0, 32);
    hex[12] = '5';                                              // version 5 (name-based)
    hex[16] = digits[8 | (digits.find(hex[16]) & 3)];           // variant 10xx (RFC 4122)
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20, 12);
}

std::string xapi_registration(const std::string& header_hash) {
    return xapi_uuid("counterpart-xapi-registration:" + header_hash);
}

std::string xapi_statement_id(const std::string& line_hash, int index) {
    return xapi_uuid("counterpart-xapi-statement:" + line_hash + ":" + std::to_string(index));
}

//-----------------------------------------------------------------------------------------------------------
// [Activities and verbs]
//-----------------------------------------------------------------------------------------------------------
namespace {

const char* const kTypeSimulation = "http://adlnet.gov/expapi/activities/simulation";
const char* const kTypeInteraction = "http://adlnet.gov/expapi/activities/interaction";
const char* const kTypeCmiInteraction = "http://adlnet.gov/expapi/activities/cmi.interaction";
const char* const kTypeDocument = "http://id.tincanapi.com/activitytype/document";

// One path segment of an activity id: unreserved characters kept, everything else percent-encoded.
std::string segment(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

json lang(const std::string& text) {
    return {{kXapiLanguage, text}};
}

std::string ext(const char* name) {
    return std::string(kXapiExtensionBase) + name;
}

json verb(const char* iri, const char* display) {
    return {{"id", iri}, {"display", lang(display)}};
}

json activity(const std::string& id, json definition) {
    return {{"objectType", "Activity"}, {"id", id}, {"definition", std::move(definition)}};
}

std::string scenario_iri(const std::string& scenario) {
    return std::string(kXapiActivityBase) + "scenarios/" + segment(scenario);
}
std::string node_iri(const std::string& scenario, const std::string& node) {
    return scenario_iri(scenario) + "/nodes/" + segment(node);
}
std::string policy_iri(const std::string& policy) {
    return std::string(kXapiActivityBase) + "policies/" + segment(policy);
}

// "PT12.345S" from milliseconds (result.duration).
std::string iso_duration_ms(long long ms) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "PT%lld.%03lldS", ms / 1000, ms % 1000);
    return buf;
}

// Builds the statements of one reviewed record, line by line.
class Builder {
  public:
    Builder(const ReviewedRecord& review, const Scenario& s, const XapiOptions& options)
        : review_(review), s_(s), info_(review.record.info) {
        registration_ = xapi_registration(review.record.lines.front().value.value("hash", ""));
        actor_ = {{"objectType", "Agent"},
                  {"name", info_.learner},
                  {"account", {{"homePage", options.home_page}, {"name", info_.learner}}}};
        scenario_ = activity(scenario_iri(info_.scenario_id),
                             {{"type", kTypeSimulation}, {"name", lang(s.title)}, {"description", lang(s.brief)}});
        version_ = activity(scenario_iri(info_.scenario_id) + "/versions/" + segment(info_.scenario_version),
                            {{"name", lang(s.title + ", version " + info_.scenario_version)}});
        for (const auto& p : info_.policies) {
            std::string title = p.id;
            for (const auto& policy : s.policies)
                if (policy->id == p.id) title = policy->title;
            categories_.push_back(activity(policy_iri(p.id) + "/versions/" + segment(p.version),
                                           {{"name", lang(title + ", version " + p.version)}}));
        }
    }

    XapiStatements build() {
        XapiStatements out;
        out.registration = registration_;
        const auto& lines = review_.record.lines;
        std::size_t choice_index = 0;
        for (const auto& line : lines) {
            const json& ev = line.value;
            const std::string type = ev.value("type", "");
            line_ = &line;
            if (type == "header") {
                add(0, verb("http://adlnet.gov/expapi/verbs/initialized", "initialized"), scenario_, info_.started_at,
                    nullptr);
            } else if (type == "choice") {
                if (choice_index < review_.steps.size()) answered(ev, review_.steps[choice_index]);
                ++choice_index;
            } else if (type == "policy_consulted") {
                consulted(ev);
            } else if (type == "exhibit_viewed") {
                viewed_document(ev);
            } else if (type == "resumed") {
                json extra = {{ext("gap-seconds"), ev.value("gap_seconds", 0LL)},
                              {ext("torn-line-discarded"), ev.value("torn_line_discarded", false)}};
                add(0, verb("http://adlnet.gov/expapi/verbs/resumed", "resumed"), scenario_, recorded_at(ev),
                    nullptr, nullptr, extra);
            } else if (type == "ended") {
                ended(ev);
                out.complete = true;
            }
        }
        if (!out.complete) out.cut_off_after = static_cast<int>(choice_index);
        out.statements = std::move(statements_);
        out.ok = true;
        return out;
    }

  private:
    std::string recorded_at(const json& ev) const { return ev.value("recorded_at", info_.started_at); }

    json node_activity(const std::string& node) const {
        return activity(node_iri(info_.scenario_id, node),
                        {{"type", kTypeInteraction}, {"name", lang(s_.title + ": " + node)}});
    }

    // Appends one statement built from the current line. `node` (may be null) is the parent activity;
    // `result` may be null; `context_extra` adds context extensions.
    void add(int index, json verb_json, const json& object, const std::string& timestamp, const std::string* node,
             json result = nullptr, json context_extra = json::object()) {
        const std::string hash = line_->value.value("hash", "");
        json context = {{"registration", registration_},
                        {"revision", info_.scenario_version},
                        {"platform", "Counterpart " + info_.engine_version},
                        {"language", kXapiLanguage}};
        json activities = json::object();
        if (node) activities["parent"] = json::array({node_activity(*node)});
        bool about_scenario = object.at("id") == scenario_.at("id");
        activities["grouping"] = about_scenario ? json::array({version_}) : json::array({scenario_, version_});
        if (!categories_.empty()) activities["category"] = categories_;
        context["contextActivities"] = std::move(activities);
        json extensions = {{ext("mode"), info_.mode},
                           {ext("customer"), info_.customer},
                           {ext("scenario-sha256"), info_.scenario_sha256},
                           {ext("record-line"), line_->number}};
        // The answered statement carries its line's hash in its result; every other one here.
        if (result.is_null() || !result.contains("extensions") || !result["extensions"].contains(ext("line-hash")))
            extensions[ext("line-hash")] = hash;
        for (auto& [key, value] : context_extra.items()) extensions[key] = value;
        context["extensions"] = std::move(extensions);
        json statement = {{"id", xapi_statement_id(hash, index)},
                          {"actor", actor_},
                          {"verb", std::move(verb_json)},
                          {"object", object},
                          {"context", std::move(context)},
                          {"timestamp", timestamp}};
        if (!result.is_null()) statement["result"] = std::move(result);
        statements_.push_back(std::move(statement));
    }

    // A choice: the decision at the node as a cmi.interaction of type "choice".
    void answered(const json& ev, const ReviewStep& step) {
        json choices = json::array(), correct = json::array();
        bool graded = ev.contains("grade");
        for (std::size_t i = 0; i < step.shown_ids.size(); ++i) {
            choices.push_back({{"id", step.shown_ids[i]}, {"description", lang(step.shown[i])}});
            int c = s_.find_choice(step.shown_ids[i]);
            ChoiceGrade g = c >= 0 ? s_.choices[static_cast<std::size_t>(c)].grade : ChoiceGrade::Ungraded;
            if (g == ChoiceGrade::Best || g == ChoiceGrade::Acceptable) correct.push_back(step.shown_ids[i]);
        }
        json definition = {{"type", kTypeCmiInteraction},
                           {"name", lang(s_.title + ": " + step.node)},
                           {"interactionType", "choice"},
                           {"choices", std::move(choices)}};
        if (graded && !correct.empty()) definition["correctResponsesPattern"] = correct;
        json object = activity(node_iri(info_.scenario_id, step.node) + "/decision", std::move(definition));

        json verdicts = json::array();
        for (const auto& v : ev.value("verdicts", json::array())) {
            const std::string rule = v.value("rule", "");
            json item = {{"rule", rule}, {"verdict", v.value("verdict", "")}};
            int r = s_.find_rule(rule);
            if (r >= 0) {
                const ScopedRule& scoped = s_.rules[static_cast<std::size_t>(r)];
                item["policy"] = scoped.policy->id;
                item["title"] = scoped.rule->title;
                item["severity"] = to_string(scoped.severity);
                item["source"] = scoped.rule->source;
            }
            verdicts.push_back(std::move(item));
        }
        const long long think_ms = ev.value("time_on_step_ms", 0LL);
        json extensions = {{ext("step"), ev.value("step", 0)},
                           {ext("verdicts"), std::move(verdicts)},
                           {ext("think-time-ms"), think_ms},
                           {ext("line-hash"), line_->value.value("hash", "")}};
        json result = {{"response", ev.value("chosen", "")}, {"duration", iso_duration_ms(think_ms)}};
        if (graded) {
            const std::string grade = ev.value("grade", "");
            extensions[ext("grade")] = grade;
            result["success"] = grade == "best" || grade == "acceptable";
        }
        result["extensions"] = std::move(extensions);
        add(0, verb("http://adlnet.gov/expapi/verbs/answered", "answered"), object, recorded_at(ev), &step.node,
            std::move(result));
    }

    // The node where the learner stood after `choices_made` choices, if the record shows one.
    std::optional<std::string> node_after(int choices_made) const {
        if (choices_made >= 0 && static_cast<std::size_t>(choices_made) < review_.steps.size())
            return review_.steps[static_cast<std::size_t>(choices_made)].node;
        const Session* session = review_.replay.session.get();
        if (session && session->ending() < 0 && !session->stuck() && session->current_node() >= 0)
            return s_.nodes[static_cast<std::size_t>(session->current_node())].id;
        return std::nullopt;
    }

    void consulted(const json& ev) {
        const std::string rule = ev.value("rule", ""), policy = ev.value("policy", "");
        int r = s_.find_rule(rule);
        json definition = {{"type", kTypeDocument}};
        if (r >= 0) {
            const PolicyRule& pr = *s_.rules[static_cast<std::size_t>(r)].rule;
            definition["name"] = lang(rule + " " + pr.title);
            definition["description"] = lang(pr.statement);
        } else {
            definition["name"] = lang(rule);
        }
        json object = activity(policy_iri(policy) + "/rules/" + segment(rule), std::move(definition));
        auto node = node_after(ev.value("step", 0));
        add(0, verb("http://id.tincanapi.com/verb/viewed", "viewed"), object, recorded_at(ev),
            node ? &*node : nullptr);
    }

    void viewed_document(const json& ev) {
        const std::string node = ev.value("node", "");
        int n = s_.find_node(node);
        json definition = {{"type", kTypeDocument}};
        const Node* found = n >= 0 ? &s_.nodes[static_cast<std::size_t>(n)] : nullptr;
        definition["name"] = lang(found && found->exhibit ? found->exhibit->title : node);
        json object = activity(node_iri(info_.scenario_id, node) + "/document", std::move(definition));
        add(0, verb("http://id.tincanapi.com/verb/viewed", "viewed"), object, recorded_at(ev), &node);
    }

    void ended(const json& ev) {
        const std::string at = recorded_at(ev);
        const int score = ev.value("score", 0);
        const bool passed = ev.value("passed", false);
        add(0, verb("http://adlnet.gov/expapi/verbs/completed", "completed"), scenario_, at, nullptr,
            json{{"completion", true}, {"extensions", {{ext("ending"), ev.value("ending", "")}}}});
        json result = {{"success", passed},
                       {"completion", true},
                       {"score", {{"scaled", score / 100.0}, {"raw", score}, {"min", 0}, {"max", 100}}},
                       {"extensions",
                        {{ext("pass-mark"), s_.pass_mark}, {ext("result-reason"), ev.value("reason", "")}}}};
        add(1,
            passed ? verb("http://adlnet.gov/expapi/verbs/passed", "passed")
                   : verb("http://adlnet.gov/expapi/verbs/failed", "failed"),
            scenario_, at, nullptr, std::move(result));
        add(2, verb("http://adlnet.gov/expapi/verbs/terminated", "terminated"), scenario_, at, nullptr);
    }

    const ReviewedRecord& review_;
    const Scenario& s_;
    const RecordHeader& info_;
    std::string registration_;
    json actor_, scenario_, version_;
    json categories_ = json::array();
    const RecordLine* line_ = nullptr;
    std::vector<json> statements_;
};

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Statements per record line]
//-----------------------------------------------------------------------------------------------------------

XapiStatements xapi_statements(const ReviewedRecord& review, const XapiOptions& options) {
    XapiStatements out;
    const std::string refused = " (an altered or unreadable record gives no learning records)";
    if (!review.record.ok) {
        out.error = review.record.message() + refused;
        return out;
    }
    if (review.integrity.status == RecordIntegrity::Status::Altered ||
        review.integrity.status == RecordIntegrity::Status::Unreadable) {
        std::string why = review.integrity.problem;
        if (auto p = why.find(": "); why.rfind("line ", 0) == 0 && p != std::string::npos) why = why.substr(p + 2);
        out.error = review.path + ":" + std::to_string(review.integrity.bad_line) + ": error: altered: " + why + refused;
        return out;
    }
    if (!review.scenario.scenario || !review.replay.ok) {
        out.error = review.path + ": error: " +
                    (review.scenario.error.empty() ? std::string(kScenarioVersionUnavailable) : review.scenario.error) +
                    " (statements need the options and grades of the version the session used)";
        return out;
    }
    if (review.record.info.learner.empty()) {
        out.error = review.path + ":1: error: the record names no learner, and a statement's actor needs one "
                                  "(none is invented)";
        return out;
    }
    return Builder(review, *review.scenario.scenario, options).build();
}

XapiStatements xapi_statements_for(const std::string& path, const XapiOptions& options) {
    return xapi_statements(review_record(path), options);
}

//-----------------------------------------------------------------------------------------------------------
// [Checking statements]
//-----------------------------------------------------------------------------------------------------------

bool is_xapi_uuid(const std::string& text) {
    static const std::regex uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    return text.size() == 36 && std::regex_match(text, uuid);
}

bool is_xapi_iri(const std::string& text) {
    if (text.empty() || text.size() > 2048) return false;
    for (unsigned char c : text)
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' || c == '{' || c == '}' ||
            c == '|' || c == '^' || c == '`')
            return false;
    auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(text[0]))) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        char c = text[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    if (colon + 1 >= text.size()) return false;
    std::string scheme = text.substr(0, colon);
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme == "http" || scheme == "https")
        return text.compare(colon + 1, 2, "//") == 0 && colon + 3 < text.size() && text[colon + 3] != '/';
    return true;
}

namespace {

bool is_timestamp(const std::string& t) {
    static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
    return std::regex_match(t, iso);
}

bool is_duration(const std::string& d) {
    static const std::regex iso(R"(^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$)");
    return std::regex_match(d, iso);
}

struct Checker {
    std::vector<std::string> problems;

    void fail(const std::string& pointer, const std::string& why) { problems.push_back(pointer + ": " + why); }

    bool object(const json& v, const std::string& p) {
        if (v.is_object()) return true;
        fail(p, "must be an object");
        return false;
    }
    void only_keys(const json& v, const std::string& p, std::initializer_list<const char*> allowed) {
        for (auto& [key, value] : v.items()) {
            bool known = false;
            for (const char* a : allowed) known = known || key == a;
            if (!known) fail(p + "/" + key, "is not a property xAPI 1.0.3 allows here (an LRS rejects it)");
        }
    }
    void iri(const json& v, const std::string& p) {
        if (!v.is_string() || !is_xapi_iri(v.get<std::string>())) fail(p, "must be an absolute IRI");
    }
    void language_map(const json& v, const std::string& p) {
        static const std::regex tag("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$");
        if (!object(v, p)) return;
        for (auto& [key, value] : v.items()) {
            if (!std::regex_match(key, tag)) fail(p + "/" + key, "is not a language tag (RFC 5646)");
            if (!value.is_string()) fail(p + "/" + key, "must be a string");
        }
    }
    void extensions(const json& v, const std::string& p) {
        if (!object(v, p)) return;
        for (auto& [key, value] : v.items())
            if (!is_xapi_iri(key)) fail(p + "/" + key, "extension keys must be absolute IRIs");
    }

    void actor(const json& a) {
        const std::string p = "/actor";
        if (!object(a, p)) return;
        only_keys(a, p, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"});
        if (a.contains("objectType") && a["objectType"] != "Agent") fail(p + "/objectType", "must be \"Agent\"");
        int identifiers = 0;
        for (const char* k : {"mbox", "mbox_sha1sum", "openid", "account"}) identifiers += a.contains(k);
        if (identifiers != 1) fail(p, "an Agent needs exactly one of mbox, mbox_sha1sum, openid and account");
        if (a.contains("name") && !a["name"].is_string()) fail(p + "/name", "must be a string");
        if (a.contains("account") && object(a["account"], p + "/account")) {
            const json& acc = a["account"];
            only_keys(acc, p + "/account", {"homePage", "name"});
            iri(acc.value("homePage", json()), p + "/account/homePage");
            if (!acc.contains("name") || !acc["name"].is_string() || acc["name"].get<std::string>().empty())
                fail(p + "/account/name", "must be a non-empty string");
        }
        if (a.contains("mbox") && (!a["mbox"].is_string() || a["mbox"].get<std::string>().rfind("mailto:", 0) != 0))
            fail(p + "/mbox", "must be a mailto: IRI");
    }

    void definition(const json& d, const std::string& p) {
        if (!object(d, p)) return;
        only_keys(d, p, {"name", "description", "type", "moreInfo", "interactionType", "correctResponsesPattern",
                         "choices", "scale", "source", "target", "steps", "extensions"});
        if (d.contains("name")) language_map(d["name"], p + "/name");
        if (d.contains("description")) language_map(d["description"], p + "/description");
        if (d.contains("type")) iri(d["type"], p + "/type");
        if (d.contains("moreInfo")) iri(d["moreInfo"], p + "/moreInfo");
        if (d.contains("extensions")) extensions(d["extensions"], p + "/extensions");
        static const std::set<std::string> kinds = {"true-false", "choice",  "fill-in",   "long-fill-in",
                                                    "matching",   "performance", "sequencing", "likert",
                                                    "numeric",    "other"};
        bool interaction = false;
        for (const char* k : {"correctResponsesPattern", "choices", "scale", "source", "target", "steps"})
            interaction = interaction || d.contains(k);
        if (d.contains("interactionType")) {
            if (!d["interactionType"].is_string() || !kinds.contains(d["interactionType"].get<std::string>()))
                fail(p + "/interactionType", "is not an xAPI interaction type");
        } else if (interaction) {
            fail(p, "interaction components need an interactionType");
        }
        if (d.contains("correctResponsesPattern")) {
            const json& c = d["correctResponsesPattern"];
            if (!c.is_array()) fail(p + "/correctResponsesPattern", "must be an array of strings");
            else
                for (std::size_t i = 0; i < c.size(); ++i)
                    if (!c[i].is_string()) fail(p + "/correctResponsesPattern/" + std::to_string(i), "must be a string");
        }
        for (const char* list : {"choices", "scale", "source", "target", "steps"}) {
            if (!d.contains(list)) continue;
            const std::string lp = p + "/" + list;
            if (!d[list].is_array()) {
                fail(lp, "must be an array of interaction components");
                continue;
            }
            std::set<std::string> ids;
            for (std::size_t i = 0; i < d[list].size(); ++i) {
                const json& c = d[list][i];
                const std::string cp = lp + "/" + std::to_string(i);
                if (!object(c, cp)) continue;
                only_keys(c, cp, {"id", "description"});
                if (!c.contains("id") || !c["id"].is_string() || c["id"].get<std::string>().empty())
                    fail(cp + "/id", "must be a non-empty string");
                else if (!ids.insert(c["id"].get<std::string>()).second)
                    fail(cp + "/id", "repeats another component's id");
                if (c.contains("description")) language_map(c["description"], cp + "/description");
            }
        }
    }

    void activity(const json& a, const std::string& p) {
        if (!object(a, p)) return;
        only_keys(a, p, {"objectType", "id", "definition"});
        if (a.contains("objectType") && a["objectType"] != "Activity") fail(p + "/objectType", "must be \"Activity\"");
        iri(a.value("id", json()), p + "/id");
        if (a.contains("definition")) definition(a["definition"], p + "/definition");
    }

    void result(const json& r) {
        const std::string p = "/result";
        if (!object(r, p)) return;
        only_keys(r, p, {"score", "success", "completion", "response", "duration", "extensions"});
        for (const char* b : {"success", "completion"})
            if (r.contains(b) && !r[b].is_boolean()) fail(p + "/" + b, "must be true or false");
        if (r.contains("response") && !r["response"].is_string()) fail(p + "/response", "must be a string");
        if (r.contains("duration") && (!r["duration"].is_string() || !is_duration(r["duration"].get<std::string>())))
            fail(p + "/duration", "must be an ISO 8601 duration");
        if (r.contains("extensions")) extensions(r["extensions"], p + "/extensions");
        if (r.contains("score") && object(r["score"], p + "/score")) {
            const json& s = r["score"];
            only_keys(s, p + "/score", {"scaled", "raw", "min", "max"});
            for (auto& [key, value] : s.items())
                if (!value.is_number()) fail(p + "/score/" + key, "must be a number");
            auto num = [&](const char* k) { return s.contains(k) && s[k].is_number() ? s[k].get<double>() : NAN; };
            double scaled = num("scaled"), raw = num("raw"), min = num("min"), max = num("max");
            if (!std::isnan(scaled) && (scaled < -1 || scaled > 1)) fail(p + "/score/scaled", "must be within -1 and 1");
            if (!std::isnan(min) && !std::isnan(max) && min >= max) fail(p + "/score/min", "must be below max");
            if (!std::isnan(raw) && ((!std::isnan(min) && raw < min) || (!std::isnan(max) && raw > max)))
                fail(p + "/score/raw", "must be within min and max");
        }
    }

    void context(const json& c) {
        const std::string p = "/context";
        if (!object(c, p)) return;
        only_keys(c, p, {"registration", "instructor", "team", "contextActivities", "revision", "platform",
                         "language", "statement", "extensions"});
        if (c.contains("registration") &&
            (!c["registration"].is_string() || !is_xapi_uuid(c["registration"].get<std::string>())))
            fail(p + "/registration", "must be a UUID");
        for (const char* s : {"revision", "platform", "language"})
            if (c.contains(s) && !c[s].is_string()) fail(p + "/" + s, "must be a string");
        if (c.contains("extensions")) extensions(c["extensions"], p + "/extensions");
        if (c.contains("contextActivities") && object(c["contextActivities"], p + "/contextActivities")) {
            const json& ca = c["contextActivities"];
            only_keys(ca, p + "/contextActivities", {"parent", "grouping", "category", "other"});
            for (auto& [key, list] : ca.items()) {
                const std::string lp = p + "/contextActivities/" + key;
                if (!list.is_array()) {
                    activity(list, lp);  // a single activity is allowed too
                    continue;
                }
                for (std::size_t i = 0; i < list.size(); ++i) activity(list[i], lp + "/" + std::to_string(i));
            }
        }
    }

    void statement(const json& s) {
        if (!object(s, "")) return;
        only_keys(s, "", {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                          "version", "attachments"});
        if (!s.contains("id") || !s["id"].is_string() || !is_xapi_uuid(s["id"].get<std::string>()))
            fail("/id", "must be a UUID (we always set one, so a resend is recognised)");
        if (s.contains("actor")) actor(s["actor"]);
        else fail("/actor", "is missing");
        if (s.contains("verb") && object(s["verb"], "/verb")) {
            only_keys(s["verb"], "/verb", {"id", "display"});
            iri(s["verb"].value("id", json()), "/verb/id");
            if (s["verb"].contains("display")) language_map(s["verb"]["display"], "/verb/display");
            else fail("/verb/display", "is missing (an LRS's reports show it)");
        } else if (!s.contains("verb")) {
            fail("/verb", "is missing");
        }
        if (s.contains("object")) activity(s["object"], "/object");
        else fail("/object", "is missing");
        if (s.contains("result")) result(s["result"]);
        if (s.contains("context")) context(s["context"]);
        if (s.contains("timestamp") &&
            (!s["timestamp"].is_string() || !is_timestamp(s["timestamp"].get<std::string>())))
            fail("/timestamp", "must be an ISO 8601 date and time with a zone");
        if (s.contains("stored")) fail("/stored", "is set by the LRS, never by us");
    }
};

}  // namespace

std::vector<std::string> xapi_statement_problems(const json& statement) {
    Checker c;
    c.statement(statement);
    return c.problems;
}

}  // namespace cp
