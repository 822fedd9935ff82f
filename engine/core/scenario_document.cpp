// Index: [Paths] [Open and save] [Recovery] [Disk] [Selection] [Operations]
// (Formatting, undo and primitive changes: editable_json.cpp.)
#include "scenario_document.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "atomic_file.hpp"
#include "json_document.hpp"

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Paths]
//-----------------------------------------------------------------------------------------------------------

std::string layout_path_for(const std::string& scenario_path) {
    std::string base = scenario_path;
    if (base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0) base.resize(base.size() - 5);
    return base + ".layout.json";
}

std::string recovery_path_for(const std::string& scenario_path) {
    return scenario_path + ".recovery";
}

bool is_studio_sidecar(const std::string& path) {
    auto ends = [&](std::string_view tail) {
        return path.size() >= tail.size() && path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
    };
    return ends(".layout.json") || ends(".recovery");
}

//-----------------------------------------------------------------------------------------------------------
// [Open and save]
//-----------------------------------------------------------------------------------------------------------

namespace {

Layout read_layout(const std::string& path) {
    Layout layout;
    std::string text, error;
    if (!read_text_file(path, text, error, 1 << 24)) return layout;
    try {
        auto j = nlohmann::json::parse(text);
        for (const auto& [id, xy] : j.at("positions").items())
            if (xy.is_array() && xy.size() == 2 && xy[0].is_number() && xy[1].is_number())
                layout.positions[id] = {xy[0].get<float>(), xy[1].get<float>()};
    } catch (const nlohmann::json::exception&) {
        // A damaged layout costs only positions: the studio lays the graph out again.
    }
    return layout;
}

std::string layout_text(const Layout& layout) {
    OrderedJson positions = OrderedJson::object();
    for (const auto& [id, p] : layout.positions)
        positions[id] = OrderedJson::array({std::round(p.x), std::round(p.y)});
    OrderedJson j = {{"note", "Node positions for Counterpart's studio; not part of the scenario."},
                     {"positions", positions}};
    return format_preserving(j, OrderedJson(), "");
}

}  // namespace

std::optional<ScenarioDocument> ScenarioDocument::open(const std::string& path, Diagnostics& diags) {
    ScenarioDocument doc;
    if (!doc.read_file(path, diags)) return std::nullopt;
    std::string error;
    doc.layout_ = doc.disk_layout_ = read_layout(layout_path_for(path));
    std::string recovered;
    if (read_text_file(recovery_path_for(path), recovered, error) && recovered != doc.disk_text_) {
        Diagnostics ignored;
        if (parse_ordered_json(recovered, recovery_path_for(path), ignored))
            doc.recovery_ = std::move(recovered);
        else
            diags.warning(SourceLoc{recovery_path_for(path), 0, 0, ""},
                          "the recovery file is damaged and is not offered; it is left as it is");
    }
    return doc;
}

ScenarioDocument ScenarioDocument::create(const std::string& path, OrderedJson content) {
    ScenarioDocument doc;
    doc.path_ = path;
    doc.root_ = std::move(content);
    return doc;
}

bool ScenarioDocument::save(std::string& error) {
    if (!write_file(error)) return false;
    if (layout_dirty() || (!layout_.positions.empty() && !fs::exists(layout_path_for(path_)))) {
        if (!atomic_write_file(layout_path_for(path_), layout_text(layout_), error)) return false;
        disk_layout_ = layout_;
    }
    discard_recovery();
    autosaved_text_.clear();
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Recovery]
//-----------------------------------------------------------------------------------------------------------

bool ScenarioDocument::autosave(std::string& error) {
    std::string content = text();
    if (content == disk_text_ || content == autosaved_text_) return true;
    if (!atomic_write_file(recovery_path_for(path_), content, error)) return false;
    autosaved_text_ = std::move(content);
    return true;
}

bool ScenarioDocument::recover(std::string& error) {
    if (!recovery_) {
        error = "there is no recovery file to recover";
        return false;
    }
    Diagnostics diags;
    auto recovered = parse_ordered_json(*recovery_, recovery_path_for(path_), diags);
    if (!recovered) {
        error = "the recovery file cannot be read";
        return false;
    }
    recovery_.reset();
    return apply({"Recover unsaved edits", {{JsonChange::Kind::Replace, "", {}, std::move(*recovered), 0}}});
}

void ScenarioDocument::discard_recovery() {
    std::error_code ec;
    fs::remove(recovery_path_for(path_), ec);
    recovery_.reset();
}

//-----------------------------------------------------------------------------------------------------------
// [Disk]
//-----------------------------------------------------------------------------------------------------------

DiskChange ScenarioDocument::check_disk() {
    std::string text, error;
    if (!read_text_file(path_, text, error)) return DiskChange::Missing;
    if (text == disk_text_) return DiskChange::Unchanged;
    if (dirty()) return DiskChange::Conflict;
    return reload(error) ? DiskChange::Reloaded : DiskChange::Conflict;
}

bool ScenarioDocument::reload(std::string& error) {
    std::string text;
    if (!read_text_file(path_, text, error)) return false;
    Diagnostics diags;
    auto root = parse_ordered_json(text, path_, diags);
    if (!root || !root->is_object()) {
        error = diags.items().empty() ? "the file on disk is not a JSON object"
                                      : format_diagnostic(diags.items().front());
        return false;
    }
    take_disk(std::move(text), *root);
    if (*root == root_) return true;
    return apply({"Reload from disk", {{JsonChange::Kind::Replace, "", {}, std::move(*root), 0}}});
}

//-----------------------------------------------------------------------------------------------------------
// [Selection]
//-----------------------------------------------------------------------------------------------------------

void ScenarioDocument::keep_selection() {
    if (!selection.node.empty() && node_pointer(selection.node).empty() && ending_pointer(selection.node).empty())
        selection = {};
    if (!selection.choice.empty() && choice_pointer(selection.choice).empty()) selection.choice.clear();
}

//-----------------------------------------------------------------------------------------------------------
// [Operations]
//-----------------------------------------------------------------------------------------------------------

namespace {

bool valid_id(std::string_view s) {
    if (s.empty() || s.size() > 100 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

std::string find_in(const OrderedJson& root, const char* list, const std::string& id) {
    if (!root.contains(list) || !root[list].is_array()) return {};
    const auto& items = root[list];
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].is_object() && items[i].value("id", OrderedJson()) == id)
            return pointer_append(pointer_append("", list), i);
    return {};
}

}  // namespace

std::string ScenarioDocument::node_pointer(const std::string& id) const {
    return find_in(root_, "nodes", id);
}

std::string ScenarioDocument::ending_pointer(const std::string& id) const {
    return find_in(root_, "endings", id);
}

std::string ScenarioDocument::choice_pointer(const std::string& id) const {
    if (!root_.contains("nodes") || !root_["nodes"].is_array()) return {};
    const auto& nodes = root_["nodes"];
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].is_object() || !nodes[n].contains("choices") || !nodes[n]["choices"].is_array()) continue;
        const auto& choices = nodes[n]["choices"];
        for (std::size_t c = 0; c < choices.size(); ++c)
            if (choices[c].is_object() && choices[c].value("id", OrderedJson()) == id)
                return "/nodes/" + std::to_string(n) + "/choices/" + std::to_string(c);
    }
    return {};
}

bool ScenarioDocument::is_free_id(const std::string& id) const {
    return node_pointer(id).empty() && ending_pointer(id).empty() && choice_pointer(id).empty();
}

bool ScenarioDocument::add_node(const std::string& id) {
    if (!valid_id(id)) return fail("'" + id + "' is not a valid id: use letters, digits, '-', '_' or '.'");
    if (!is_free_id(id)) return fail("the id '" + id + "' is already used");
    OrderedJson node = {{"id", id}, {"lines", OrderedJson::array({{{"speaker", "narrator"}, {"text", ""}}})},
                        {"choices", OrderedJson::array()}};
    Edit edit{"Add node '" + id + "'", {}};
    if (!root_.contains("nodes")) edit.changes.push_back({JsonChange::Kind::Insert, "/nodes", {}, OrderedJson::array(), 0});
    edit.changes.push_back({JsonChange::Kind::Insert, "/nodes/-", {}, node, 0});
    return apply(std::move(edit));
}

bool ScenarioDocument::remove_node(const std::string& id) {
    std::string p = node_pointer(id);
    if (p.empty()) return fail("there is no node '" + id + "'");
    return remove(p, "Remove node '" + id + "'");
}

bool ScenarioDocument::rename_node(const std::string& id, const std::string& new_id) {
    std::string p = node_pointer(id);
    if (p.empty()) p = ending_pointer(id);
    if (p.empty()) return fail("there is no node or ending '" + id + "'");
    if (!valid_id(new_id)) return fail("'" + new_id + "' is not a valid id: use letters, digits, '-', '_' or '.'");
    if (!is_free_id(new_id)) return fail("the id '" + new_id + "' is already used");
    Edit edit{"Rename '" + id + "' to '" + new_id + "'", {}};
    auto replace = [&](const std::string& pointer) {
        edit.changes.push_back({JsonChange::Kind::Replace, pointer, {}, new_id, 0});
    };
    replace(p + "/id");
    if (root_.value("start", OrderedJson()) == id) replace("/start");
    if (root_.contains("nodes") && root_["nodes"].is_array()) {
        const auto& nodes = root_["nodes"];
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            if (!nodes[n].is_object()) continue;
            std::string np = "/nodes/" + std::to_string(n);
            if (nodes[n].value("next", OrderedJson()) == id) replace(np + "/next");
            if (!nodes[n].contains("choices") || !nodes[n]["choices"].is_array()) continue;
            for (std::size_t c = 0; c < nodes[n]["choices"].size(); ++c)
                if (nodes[n]["choices"][c].is_object() && nodes[n]["choices"][c].value("next", OrderedJson()) == id)
                    replace(np + "/choices/" + std::to_string(c) + "/next");
        }
    }
    // Scenario overrides may close a rule's window on leaving this node.
    if (root_.contains("policies") && root_["policies"].is_array()) {
        const auto& policies = root_["policies"];
        for (std::size_t i = 0; i < policies.size(); ++i) {
            if (!policies[i].is_object() || !policies[i].contains("overrides") || !policies[i]["overrides"].is_object())
                continue;
            for (auto it = policies[i]["overrides"].begin(); it != policies[i]["overrides"].end(); ++it) {
                const auto& o = it.value();
                if (o.is_object() && o.contains("window") && o["window"].is_object() &&
                    o["window"].value("before_leaving", OrderedJson()) == id)
                    replace(pointer_append(pointer_append("/policies/" + std::to_string(i) + "/overrides", it.key()),
                                           "window") + "/before_leaving");
            }
        }
    }
    StudioSelection before = selection;
    if (selection.node == id) selection.node = new_id;  // before apply(), which drops ids that vanish
    if (!apply(std::move(edit))) {
        selection = before;
        return false;
    }
    if (auto pos = layout_.positions.find(id); pos != layout_.positions.end()) layout_.positions[new_id] = pos->second;
    return true;
}

bool ScenarioDocument::add_ending(const std::string& id, const std::string& title) {
    if (!valid_id(id)) return fail("'" + id + "' is not a valid id: use letters, digits, '-', '_' or '.'");
    if (!is_free_id(id)) return fail("the id '" + id + "' is already used");
    Edit edit{"Add ending '" + id + "'", {}};
    if (!root_.contains("endings")) edit.changes.push_back({JsonChange::Kind::Insert, "/endings", {}, OrderedJson::array(), 0});
    edit.changes.push_back({JsonChange::Kind::Insert, "/endings/-", {}, {{"id", id}, {"title", title}, {"text", ""}}, 0});
    return apply(std::move(edit));
}

bool ScenarioDocument::add_line(const std::string& node_id, const std::string& speaker, const std::string& text) {
    std::string p = node_pointer(node_id);
    if (p.empty()) return fail("there is no node '" + node_id + "'");
    OrderedJson line = {{"speaker", speaker}, {"text", text}};
    Edit edit{"Add a line to '" + node_id + "'", {}};
    if (!root_.at(OrderedJson::json_pointer(p)).contains("lines"))
        edit.changes.push_back({JsonChange::Kind::Insert, p + "/lines", {}, OrderedJson::array(), 1});
    edit.changes.push_back({JsonChange::Kind::Insert, p + "/lines/-", {}, line, 0});
    return apply(std::move(edit));
}

bool ScenarioDocument::add_choice(const std::string& node_id, const std::string& choice_id, const std::string& text,
                                  const std::string& next) {
    std::string p = node_pointer(node_id);
    if (p.empty()) return fail("there is no node '" + node_id + "'");
    if (!valid_id(choice_id)) return fail("'" + choice_id + "' is not a valid id: use letters, digits, '-', '_' or '.'");
    if (!is_free_id(choice_id)) return fail("the id '" + choice_id + "' is already used");
    const OrderedJson& node = root_.at(OrderedJson::json_pointer(p));
    if (node.contains("next"))
        return fail("node '" + node_id + "' goes straight on to '" + node.value("next", std::string()) +
                    "'; clear its next before giving it choices");
    OrderedJson choice = {{"id", choice_id}, {"text", text}, {"next", next}};
    Edit edit{"Add choice '" + choice_id + "'", {}};
    if (!node.contains("choices")) edit.changes.push_back({JsonChange::Kind::Insert, p + "/choices", {}, OrderedJson::array(), 0});
    edit.changes.push_back({JsonChange::Kind::Insert, p + "/choices/-", {}, choice, 0});
    return apply(std::move(edit));
}

bool ScenarioDocument::remove_choice(const std::string& choice_id) {
    std::string p = choice_pointer(choice_id);
    if (p.empty()) return fail("there is no choice '" + choice_id + "'");
    return remove(p, "Remove choice '" + choice_id + "'");
}

bool ScenarioDocument::move_choice(const std::string& choice_id, std::size_t to_index) {
    std::string p = choice_pointer(choice_id);
    if (p.empty()) return fail("there is no choice '" + choice_id + "'");
    std::string list = p.substr(0, p.rfind('/'));
    std::size_t count = root_.at(OrderedJson::json_pointer(list)).size();
    if (to_index >= count) return fail("a node with " + std::to_string(count) + " choices has no place " + std::to_string(to_index + 1));
    std::size_t from = std::stoul(p.substr(p.rfind('/') + 1));
    if (from == to_index) return true;
    OrderedJson value = root_.at(OrderedJson::json_pointer(p));
    return apply({"Move choice '" + choice_id + "'",
                  {{JsonChange::Kind::Erase, p, {}, {}, 0},
                   {JsonChange::Kind::Insert, pointer_append(list, to_index), {}, value, 0}}});
}

bool ScenarioDocument::set_grade(const std::string& choice_id, const std::string& grade, const std::string& reason) {
    static const char* grades[] = {"best", "acceptable", "poor", "unsafe"};
    if (std::none_of(std::begin(grades), std::end(grades), [&](const char* g) { return grade == g; }))
        return fail("a grade is best, acceptable, poor or unsafe, not '" + grade + "'");
    std::string p = choice_pointer(choice_id);
    if (p.empty()) return fail("there is no choice '" + choice_id + "'");
    const OrderedJson& choice = root_.at(OrderedJson::json_pointer(p));
    Edit edit{"Grade '" + choice_id + "' " + grade, {}};
    auto put = [&](const char* key, const std::string& value) {
        if (choice.contains(key))
            edit.changes.push_back({JsonChange::Kind::Replace, p + "/" + key, {}, value, 0});
        else
            edit.changes.push_back({JsonChange::Kind::Insert, p + "/" + key, {}, value, 0});
    };
    put("grade", grade);
    put("grade_reason", reason);
    return apply(std::move(edit));
}

bool ScenarioDocument::set_next(const std::string& id, const std::string& target) {
    std::string p = choice_pointer(id);
    if (p.empty()) {
        p = node_pointer(id);
        if (p.empty()) return fail("there is no node or choice '" + id + "'");
        const OrderedJson& node = root_.at(OrderedJson::json_pointer(p));
        if (node.contains("choices") && node["choices"].is_array() && !node["choices"].empty())
            return fail("node '" + id + "' offers choices; set the next of one of them instead");
    }
    return set(p + "/next", target, "Set where '" + id + "' goes next");
}

}  // namespace cp
