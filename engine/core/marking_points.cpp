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
    for (std::size_t i = 0; i < root["items"].size(); ++i) {
        const auto& item = root["items"][i];
        std::string ptr = "/items/" + std::to_string(i);
        if (!item.is_object() || !item.contains("id") || !item["id"].is_string() || !item.contains("text")) {
            diags.error(doc->loc(ptr), "each marking point needs an \"id\" and a \"text\"");
            continue;
        }
        MarkingPoint mp{item["id"], item.value("source", ""), item.value("kind", ""), item.value("text", ""),
                        doc->loc(ptr)};
        if (!seen.insert(mp.id).second) {
            diags.error(mp.where, "duplicate marking point id '" + mp.id + "'");
            continue;
        }
        out.push_back(std::move(mp));
    }
    return out;
}

std::set<std::string> scenario_marking_points(const Scenario& s) {
    std::set<std::string> ids(s.evidences.begin(), s.evidences.end());
    for (const auto& r : s.rules) ids.insert(r.rule->evidences.begin(), r.rule->evidences.end());
    return ids;
}

void check_marking_point_ids(const Scenario& s, const std::vector<MarkingPoint>& points, Diagnostics& diags) {
    std::set<std::string> known;
    for (const auto& p : points) known.insert(p.id);
    for (const auto& id : s.evidences)
        if (!known.contains(id))
            diags.error(s.header_where, "scenario evidences unknown marking point '" + id + "'");
    std::set<std::string> reported;
    for (const auto& r : s.rules)
        for (const auto& id : r.rule->evidences)
            if (!known.contains(id) && reported.insert(r.id() + id).second)
                diags.error(r.rule->where,
                            "rule " + r.id() + " evidences unknown marking point '" + id + "'");
}

std::vector<CoverageRow> marking_point_coverage(const std::vector<std::shared_ptr<const Scenario>>& scenarios,
                                                const std::vector<MarkingPoint>& points) {
    std::vector<CoverageRow> rows;
    for (const auto& p : points) {
        CoverageRow row{&p, {}};
        for (const auto& s : scenarios)
            if (scenario_marking_points(*s).contains(p.id)) row.scenarios.push_back(s->id);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace cp
