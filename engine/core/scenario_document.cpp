// Index: [Paths] [Formatting] [Open and save] [Recovery] [Disk] [Undo] [Primitive changes] [Operations]
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
// [Formatting]
//-----------------------------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kLineWidth = 120;  // the shipped files keep short values on one line up to this width

// Where each value of a valid JSON text starts and ends, by JSON pointer.
class SpanScanner {
  public:
    explicit SpanScanner(std::string_view text) : text_(text) {}
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> spans;
    std::size_t root_begin = 0, root_end = 0;

    void scan() {
        skip_ws();
        root_begin = pos_;
        value("");
        root_end = pos_;
    }

  private:
    void skip_ws() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    std::string_view string_token() {
        std::size_t begin = pos_++;
        while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
        ++pos_;
        return text_.substr(begin, pos_ - begin);
    }
    void value(const std::string& pointer) {
        std::size_t begin = pos_;
        char c = pos_ < text_.size() ? text_[pos_] : '\0';
        if (c == '{') {
            ++pos_;
            skip_ws();
            while (pos_ < text_.size() && text_[pos_] != '}') {
                std::string_view token = string_token();
                std::string key;
                try {
                    key = nlohmann::json::parse(token).get<std::string>();
                } catch (const nlohmann::json::exception&) {
                    key = std::string(token.substr(1, token.size() - 2));
                }
                skip_ws();
                ++pos_;  // ':'
                skip_ws();
                value(pointer_append(pointer, key));
                skip_ws();
                if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
                skip_ws();
            }
            ++pos_;
        } else if (c == '[') {
            ++pos_;
            skip_ws();
            std::size_t index = 0;
            while (pos_ < text_.size() && text_[pos_] != ']') {
                value(pointer_append(pointer, index++));
                skip_ws();
                if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
                skip_ws();
            }
            ++pos_;
        } else if (c == '"') {
            string_token();
        } else {
            while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
                   text_[pos_] != ',' && text_[pos_] != ']' && text_[pos_] != '}')
                ++pos_;
        }
        spans.emplace(pointer, std::make_pair(begin, pos_));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string scalar_text(const OrderedJson& v) {
    return v.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

// The value on one line with ", " and ": " between items, as the shipped files write short values.
std::string one_line(const OrderedJson& v) {
    if (v.is_object()) {
        if (v.empty()) return "{}";
        std::string out = "{";
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            out += (first ? "" : ", ") + scalar_text(OrderedJson(it.key())) + ": " + one_line(it.value());
            first = false;
        }
        return out + "}";
    }
    if (v.is_array()) {
        if (v.empty()) return "[]";
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + one_line(v[i]);
        return out + "]";
    }
    return scalar_text(v);
}

struct Formatter {
    std::string_view original_text;
    const std::unordered_map<std::string, std::pair<std::size_t, std::size_t>>* spans = nullptr;
    std::string out;

    // `original` is the value at the same pointer in the file as read (null when there is none); `lead` the
    // columns already used on the line.
    void emit(const OrderedJson& v, const OrderedJson* original, const std::string& pointer, int depth,
              std::size_t lead) {
        if (original && *original == v) {
            auto span = spans->find(pointer);
            if (span != spans->end()) {
                out.append(original_text.substr(span->second.first, span->second.second - span->second.first));
                return;
            }
        }
        if (!v.is_structured() || v.empty()) {
            out += one_line(v);
            return;
        }
        std::string line = one_line(v);
        bool plain_array = v.is_array() && std::none_of(v.begin(), v.end(), [](const OrderedJson& e) {
                               return e.is_structured();
                           });
        if (plain_array || lead + code_points(line) <= kLineWidth) {
            out += line;
            return;
        }
        std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
        out += v.is_object() ? "{\n" : "[\n";
        std::size_t index = 0;
        for (auto it = v.begin(); it != v.end(); ++it, ++index) {
            if (index) out += ",\n";
            out += pad;
            const OrderedJson* child = nullptr;
            std::string child_pointer;
            std::size_t child_lead = pad.size();
            if (v.is_object()) {
                std::string key = scalar_text(OrderedJson(it.key())) + ": ";
                out += key;
                child_lead += code_points(key);
                child_pointer = pointer_append(pointer, it.key());
                if (original && original->is_object()) {
                    auto found = original->find(it.key());
                    if (found != original->end()) child = &*found;
                }
            } else {
                child_pointer = pointer_append(pointer, index);
                if (original && original->is_array() && index < original->size()) child = &(*original)[index];
            }
            emit(it.value(), child, child_pointer, depth + 1, child_lead);
        }
        out += "\n" + std::string(static_cast<std::size_t>(depth) * 2, ' ') + (v.is_object() ? "}" : "]");
    }
};

}  // namespace

// Where each value of the file as last read or saved lies in its text (see ScenarioDocument::text).
struct SpanIndex {
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> spans;
    std::size_t root_begin = 0, root_end = 0;
};

namespace {

std::shared_ptr<const SpanIndex> index_spans(std::string_view text) {
    auto index = std::make_shared<SpanIndex>();
    if (text.empty()) return index;
    SpanScanner scanner(text);
    scanner.scan();
    index->spans = std::move(scanner.spans);
    index->root_begin = scanner.root_begin;
    index->root_end = scanner.root_end;
    return index;
}

std::string format_with(const OrderedJson& value, const OrderedJson& original, std::string_view original_text,
                        const SpanIndex& index) {
    Formatter f;
    f.original_text = original_text;
    f.spans = &index.spans;
    std::string after = "\n";
    if (!original_text.empty()) {
        f.out = std::string(original_text.substr(0, index.root_begin));
        after = std::string(original_text.substr(std::min(index.root_end, original_text.size())));
    }
    f.emit(value, original_text.empty() ? nullptr : &original, "", 0, 0);
    return f.out + after;
}

}  // namespace

std::string format_preserving(const OrderedJson& value, const OrderedJson& original, std::string_view original_text) {
    return format_with(value, original, original_text, *index_spans(original_text));
}

//-----------------------------------------------------------------------------------------------------------
// [Open and save]
//-----------------------------------------------------------------------------------------------------------

namespace {

// Parses with the project's hostile-input checks (limits, positions), then again keeping key order.
std::optional<OrderedJson> parse_ordered(const std::string& text, const std::string& file, Diagnostics& diags) {
    if (!parse_json_document(text, file, diags)) return std::nullopt;
    try {
        return OrderedJson::parse(text);
    } catch (const nlohmann::json::exception& e) {
        diags.error(SourceLoc{file, 1, 1, ""}, e.what());
        return std::nullopt;
    }
}

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
    std::string text, error;
    if (!read_text_file(path, text, error)) {
        diags.error(SourceLoc{path, 0, 0, ""}, "cannot open the scenario: " + error);
        return std::nullopt;
    }
    auto root = parse_ordered(text, path, diags);
    if (!root) return std::nullopt;
    if (!root->is_object()) {
        diags.error(SourceLoc{path, 1, 1, ""}, "a scenario file holds one JSON object, found " +
                                                   json_type_phrase(nlohmann::json::parse(text)));
        return std::nullopt;
    }
    ScenarioDocument doc;
    doc.path_ = path;
    doc.root_ = *root;
    doc.disk_root_ = std::move(*root);
    doc.disk_text_ = std::move(text);
    doc.layout_ = doc.disk_layout_ = read_layout(layout_path_for(path));
    std::string recovered;
    if (read_text_file(recovery_path_for(path), recovered, error) && recovered != doc.disk_text_) {
        Diagnostics ignored;
        if (parse_ordered(recovered, recovery_path_for(path), ignored))
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

std::string ScenarioDocument::text() const {
    if (!spans_) spans_ = index_spans(disk_text_);  // once per version of the file on disk
    return format_with(root_, disk_root_, disk_text_, *spans_);
}

bool ScenarioDocument::save(std::string& error) {
    std::string content = text();
    if (!atomic_write_file(path_, content, error)) return false;
    disk_text_ = std::move(content);
    disk_root_ = root_;
    spans_.reset();
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
    auto recovered = parse_ordered(*recovery_, recovery_path_for(path_), diags);
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
    auto root = parse_ordered(text, path_, diags);
    if (!root || !root->is_object()) {
        error = diags.items().empty() ? "the file on disk is not a JSON object"
                                      : format_diagnostic(diags.items().front());
        return false;
    }
    disk_text_ = std::move(text);
    disk_root_ = *root;
    spans_.reset();
    if (*root == root_) return true;
    return apply({"Reload from disk", {{JsonChange::Kind::Replace, "", {}, std::move(*root), 0}}});
}

//-----------------------------------------------------------------------------------------------------------
// [Undo]
//-----------------------------------------------------------------------------------------------------------

bool ScenarioDocument::undo() {
    if (!can_undo()) return false;
    const Edit& edit = history_[done_ - 1];
    for (auto it = edit.changes.rbegin(); it != edit.changes.rend(); ++it) apply_change(*it, false);
    --done_;
    ++revision_;
    keep_selection();
    return true;
}

bool ScenarioDocument::redo() {
    if (!can_redo()) return false;
    Edit& edit = history_[done_];
    for (auto& c : edit.changes) apply_change(c, true);
    ++done_;
    ++revision_;
    keep_selection();
    return true;
}

void ScenarioDocument::keep_selection() {
    if (!selection.node.empty() && node_pointer(selection.node).empty() && ending_pointer(selection.node).empty())
        selection = {};
    if (!selection.choice.empty() && choice_pointer(selection.choice).empty()) selection.choice.clear();
}

//-----------------------------------------------------------------------------------------------------------
// [Primitive changes]
//-----------------------------------------------------------------------------------------------------------

namespace {

// Rebuilds an object with `key: value` inserted at `position` (ordered_json cannot insert mid-object).
void insert_member(OrderedJson& object, const std::string& key, OrderedJson value, std::size_t position) {
    OrderedJson rebuilt = OrderedJson::object();
    std::size_t i = 0;
    bool placed = false;
    for (auto it = object.begin(); it != object.end(); ++it, ++i) {
        if (i == position) {
            rebuilt[key] = std::move(value);
            placed = true;
        }
        rebuilt[it.key()] = std::move(it.value());
    }
    if (!placed) rebuilt[key] = std::move(value);
    object = std::move(rebuilt);
}

std::size_t member_position(const OrderedJson& object, const std::string& key) {
    std::size_t i = 0;
    for (auto it = object.begin(); it != object.end(); ++it, ++i)
        if (it.key() == key) return i;
    return i;
}

}  // namespace

// Forward: does the change, filling in `before` and `position` the first time. Backward: undoes it.
bool ScenarioDocument::apply_change(const JsonChange& change, bool forward) {
    auto& c = const_cast<JsonChange&>(change);
    using Kind = JsonChange::Kind;
    Kind kind = c.kind;
    if (!forward) kind = kind == Kind::Insert ? Kind::Erase : kind == Kind::Erase ? Kind::Insert : Kind::Replace;
    try {
        OrderedJson::json_pointer ptr(c.pointer);
        if (kind == Kind::Replace) {
            OrderedJson& target = root_.at(ptr);
            if (forward) c.before = target;
            target = forward ? c.after : c.before;
            return true;
        }
        if (c.pointer.empty()) return false;
        OrderedJson& parent = root_.at(ptr.parent_pointer());
        std::string last = ptr.back();
        const OrderedJson& value = forward ? c.after : c.before;  // what an Insert puts back
        if (kind == Kind::Insert) {
            if (parent.is_array()) {
                std::size_t index = last == "-" ? parent.size() : std::stoul(last);
                if (index > parent.size()) return false;
                parent.insert(parent.begin() + static_cast<std::ptrdiff_t>(index), value);
            } else if (parent.is_object()) {
                if (parent.contains(last)) return false;
                insert_member(parent, last, value, c.position);
            } else {
                return false;
            }
            return true;
        }
        // Erase
        if (parent.is_array()) {
            std::size_t index = std::stoul(last);
            if (index >= parent.size()) return false;
            if (forward) c.before = parent[index];
            parent.erase(index);
        } else if (parent.is_object()) {
            if (!parent.contains(last)) return false;
            if (forward) {
                c.before = parent[last];
                c.position = member_position(parent, last);
            }
            parent.erase(last);
        } else {
            return false;
        }
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool ScenarioDocument::apply(Edit edit) {
    error_.clear();
    for (std::size_t i = 0; i < edit.changes.size(); ++i) {
        auto& c = edit.changes[i];
        if (c.kind == JsonChange::Kind::Insert && !c.pointer.empty()) {
            // An object member goes at the end unless the caller chose a place; "-" appends to an array.
            try {
                OrderedJson::json_pointer ptr(c.pointer);
                const OrderedJson& parent = root_.at(ptr.parent_pointer());
                if (parent.is_object() && c.position == 0) c.position = parent.size();
                if (parent.is_array() && ptr.back() == "-")
                    c.pointer = pointer_append(ptr.parent_pointer().to_string(), parent.size());
            } catch (const std::exception&) {
            }
        }
        if (!apply_change(c, true)) {
            for (std::size_t j = i; j-- > 0;) apply_change(edit.changes[j], false);
            return fail("cannot change " + (c.pointer.empty() ? std::string("the document") : c.pointer) +
                        ": no such place in the scenario");
        }
    }
    history_.resize(done_);  // a new edit drops what could have been redone
    history_.push_back(std::move(edit));
    ++done_;
    ++revision_;
    keep_selection();
    return true;
}

bool ScenarioDocument::fail(std::string message) {
    error_ = std::move(message);
    return false;
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

bool ScenarioDocument::set(const std::string& pointer, const OrderedJson& value, const std::string& label) {
    try {
        OrderedJson::json_pointer ptr(pointer);
        std::string what = label.empty() ? "Set " + pointer : label;
        if (root_.contains(ptr)) {
            if (root_.at(ptr) == value) return true;  // nothing to undo
            return apply({what, {{JsonChange::Kind::Replace, pointer, {}, value, 0}}});
        }
        if (pointer.empty()) return fail("the whole document cannot be set this way");
        if (!root_.contains(ptr.parent_pointer()) || !root_.at(ptr.parent_pointer()).is_object())
            return fail("cannot set " + pointer + ": no such place in the scenario");
        return apply({what, {{JsonChange::Kind::Insert, pointer, {}, value, 0}}});
    } catch (const nlohmann::json::exception&) {
        return fail("'" + pointer + "' is not a JSON pointer");
    }
}

bool ScenarioDocument::remove(const std::string& pointer, const std::string& label) {
    try {
        if (pointer.empty() || !root_.contains(OrderedJson::json_pointer(pointer)))
            return fail("cannot remove " + pointer + ": no such place in the scenario");
    } catch (const nlohmann::json::exception&) {
        return fail("'" + pointer + "' is not a JSON pointer");
    }
    return apply({label.empty() ? "Remove " + pointer : label, {{JsonChange::Kind::Erase, pointer, {}, {}, 0}}});
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
