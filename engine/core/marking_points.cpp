#include "marking_points.hpp"

#include "json_document.hpp"

namespace cp {

std::vector<MarkingPoint> load_marking_points(const std::string& path, Diagnostics& diags) {
    std::vector<MarkingPoint> out;
    auto doc = load_json_file(path, diags);
    if (!doc) return out;
    const auto& root = doc->root;
    if (!root.is_object() || !root.contains("items") || !root["items"].is_array()) {
        diags.error(doc->loc(""),
                    "a marking-points file needs \"items\": a list of {id, source, kind, text}");
        return out;
    }
    std::set<std::string> seen;
    const auto& items = root["items"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        std::string ptr = pointer_append("/items", i);
        if (!item.is_object() || !item.contains("id") || !item.contains("text")) {
            diags.error(doc->loc(ptr), "each marking point needs an \"id\" and a \"text\"");
            continue;
        }
        // Every field is text; checked here because nlohmann's typed getters throw on any other type.
        bool usable = true;
        auto text_field = [&](const char* key) -> std::string {
            auto it = item.find(key);
            if (it == item.end()) return {};
            if (!it->is_string()) {
                diags.error(doc->loc(pointer_append(ptr, key)), std::string("a marking point's \"") + key +
                                                                    "\" must be a string, not " +
                                                                    json_type_phrase(*it));
                usable = false;
                return {};
            }
            return it->get<std::string>();
        };
        MarkingPoint mp{text_field("id"), text_field("source"), text_field("kind"), text_field("text"),
                        doc->loc(ptr), text_field("judged")};
        if (!mp.judged.empty() && mp.judged != "portfolio")
            diags.error(doc->loc(pointer_append(ptr, "judged")),
                        "\"judged\" is \"portfolio\" (shown across sessions) or absent, found '" + mp.judged + "'");
        if (!usable) continue;
        if (!seen.insert(mp.id).second) {
            diags.error(mp.where, "duplicate marking point id '" + mp.id + "'");
            continue;
        }
        out.push_back(std::move(mp));
    }
    return out;
}

std::set<std::string> scenario_marking_points(const Scenario& s) {
    std::set<std::string> ids;
    for (const auto& r : s.rules) ids.insert(r.rule->evidences.begin(), r.rule->evidences.end());
    for (const auto& c : s.choices) ids.insert(c.evidences.begin(), c.evidences.end());
    return ids;
}

void check_marking_point_ids(const Scenario& s, const std::vector<MarkingPoint>& points, Diagnostics& diags) {
    std::set<std::string> known;
    for (const auto& p : points) known.insert(p.id);
    for (const auto& id : s.evidences)
        if (!known.contains(id))
            diags.error(s.header_where, "scenario evidences unknown marking point '" + id + "'");
    for (const auto& c : s.choices)
        for (const auto& id : c.evidences)
            if (!known.contains(id))
                diags.error(c.where, "choice " + c.id + " evidences unknown marking point '" + id + "'");
    std::set<std::string> reported;
    for (const auto& r : s.rules)
        for (const auto& id : r.rule->evidences)
            if (!known.contains(id) && reported.insert(r.id() + id).second)
                diags.error(r.rule->where,
                            "rule " + r.id() + " evidences unknown marking point '" + id + "'");
}

std::vector<CoverageRow> marking_point_coverage(const std::vector<std::shared_ptr<const Scenario>>& scenarios,
                                                const std::vector<MarkingPoint>& points) {
    // Each scenario's set once, not once per marking point (a file with many points made this quadratic).
    std::vector<std::set<std::string>> evidenced;
    evidenced.reserve(scenarios.size());
    for (const auto& s : scenarios) evidenced.push_back(scenario_marking_points(*s));
    std::vector<CoverageRow> rows;
    for (const auto& p : points) {
        CoverageRow row{&p, {}};
        for (std::size_t i = 0; i < scenarios.size(); ++i)
            if (evidenced[i].contains(p.id)) row.scenarios.push_back(scenarios[i]->id);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace cp
