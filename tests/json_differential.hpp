// The differential check between Counterpart's JSON reader (JsonTree) and nlohmann::json::parse, shared by the
// tests and the fuzz targets: the same verdict on every text, and when both accept it, the same content (types
// included: nlohmann's == calls 5 and 5u equal), the same canonical bytes, so fingerprints cannot move.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "json_document.hpp"
#include "json_tree.hpp"
#include "limits.hpp"

namespace cp::test {

// True when `a` and `b` hold the same values of the same types (doubles compared bit for bit).
inline bool identical_json(const nlohmann::json& a, const nlohmann::json& b) {
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
            if (i.key() != j.key() || !identical_json(*i, *j)) return false;
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t k = 0; k < a.size(); ++k)
            if (!identical_json(a[k], b[k])) return false;
        return true;
    }
    if (a.is_number_float()) {
        double x = a.get<double>(), y = b.get<double>();
        return std::memcmp(&x, &y, sizeof x) == 0;
    }
    return a == b;
}

// Empty when the two readers agree on `text`; otherwise what differs. Depth and string limits are the
// loader's; a text over the depth limit counts as refused by both (nlohmann has no such limit).
inline std::string json_readers_disagree(std::string_view text) {
    if (json_nested_past(text, kMaxJsonDepth))  // the loader refuses these before parsing; so must the tree
        return JsonTree::parse(text, kMaxJsonDepth, kMaxJsonStringBytes) ? "JsonTree accepts a text nested too deep"
                                                                          : "";
    nlohmann::json theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    bool they_accept = !theirs.is_discarded();
    auto ours = JsonTree::parse(text, kMaxJsonDepth, kMaxJsonStringBytes);
    if (they_accept != ours.has_value())
        return std::string("verdict: nlohmann ") + (they_accept ? "accepts" : "refuses") + ", JsonTree " +
               (ours ? "accepts" : "refuses");
    if (!ours) return {};
    if (!identical_json(theirs, ours->root().to_nlohmann())) return "content differs";
    if (json_dump(ours->root()) != theirs.dump()) return "canonical text differs";
    return {};
}

}  // namespace cp::test
