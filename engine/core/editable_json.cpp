// Index: [Formatting] [Reading and writing] [Undo] [Primitive changes] [Set and remove]
#include "editable_json.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "atomic_file.hpp"
#include "json_document.hpp"

namespace cp {

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
// [Reading and writing]
//-----------------------------------------------------------------------------------------------------------

// Parses with the project's hostile-input checks (limits, positions), then again keeping key order.
std::optional<OrderedJson> parse_ordered_json(const std::string& text, const std::string& file, Diagnostics& diags) {
    if (!parse_json_document(text, file, diags, JsonDom::skip)) return std::nullopt;
    try {
        return OrderedJson::parse(text);
    } catch (const nlohmann::json::exception& e) {
        diags.error(SourceLoc{file, 1, 1, ""}, e.what());
        return std::nullopt;
    }
}

std::string EditableJson::text() const {
    if (!spans_) spans_ = index_spans(disk_text_);  // once per version of the file on disk
    return format_with(root_, disk_root_, disk_text_, *spans_);
}

bool EditableJson::read_file(const std::string& path, Diagnostics& diags) {
    std::string text, error;
    if (!read_text_file(path, text, error)) {
        diags.error(SourceLoc{path, 0, 0, ""}, std::string("cannot open the ") + what() + ": " + error);
        return false;
    }
    auto root = parse_ordered_json(text, path, diags);
    if (!root) return false;
    if (!root->is_object()) {
        diags.error(SourceLoc{path, 1, 1, ""}, std::string("a ") + what() + " file holds one JSON object, found " +
                                                   json_type_phrase(nlohmann::json::parse(text)));
        return false;
    }
    path_ = path;
    root_ = *root;
    take_disk(std::move(text), std::move(*root));
    return true;
}

bool EditableJson::write_file(std::string& error) {
    std::string content = text();
    if (!atomic_write_file(path_, content, error)) return false;
    take_disk(std::move(content), root_);
    return true;
}

void EditableJson::take_disk(std::string text, OrderedJson root) {
    disk_text_ = std::move(text);
    disk_root_ = std::move(root);
    spans_.reset();
}

//-----------------------------------------------------------------------------------------------------------
// [Undo]
//-----------------------------------------------------------------------------------------------------------

bool EditableJson::undo() {
    if (!can_undo()) return false;
    const Edit& edit = history_[done_ - 1];
    for (auto it = edit.changes.rbegin(); it != edit.changes.rend(); ++it) apply_change(*it, false);
    --done_;
    ++revision_;
    after_change();
    return true;
}

bool EditableJson::redo() {
    if (!can_redo()) return false;
    Edit& edit = history_[done_];
    for (auto& c : edit.changes) apply_change(c, true);
    ++done_;
    ++revision_;
    after_change();
    return true;
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
bool EditableJson::apply_change(const JsonChange& change, bool forward) {
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

bool EditableJson::apply(Edit edit) {
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
                        ": no such place in the " + std::string(what()));
        }
    }
    history_.resize(done_);  // a new edit drops what could have been redone
    history_.push_back(std::move(edit));
    ++done_;
    ++revision_;
    after_change();
    return true;
}

bool EditableJson::fail(std::string message) {
    error_ = std::move(message);
    return false;
}

//-----------------------------------------------------------------------------------------------------------
// [Set and remove]
//-----------------------------------------------------------------------------------------------------------

bool EditableJson::set(const std::string& pointer, const OrderedJson& value, const std::string& label) {
    try {
        OrderedJson::json_pointer ptr(pointer);
        std::string edit_label = label.empty() ? "Set " + pointer : label;
        if (root_.contains(ptr)) {
            if (root_.at(ptr) == value) return true;  // nothing to undo
            return apply({edit_label, {{JsonChange::Kind::Replace, pointer, {}, value, 0}}});
        }
        if (pointer.empty()) return fail("the whole document cannot be set this way");
        if (!root_.contains(ptr.parent_pointer()) || !root_.at(ptr.parent_pointer()).is_object())
            return fail("cannot set " + pointer + ": no such place in the " + std::string(what()));
        return apply({edit_label, {{JsonChange::Kind::Insert, pointer, {}, value, 0}}});
    } catch (const nlohmann::json::exception&) {
        return fail("'" + pointer + "' is not a JSON pointer");
    }
}

bool EditableJson::remove(const std::string& pointer, const std::string& label) {
    try {
        if (pointer.empty() || !root_.contains(OrderedJson::json_pointer(pointer)))
            return fail("cannot remove " + pointer + ": no such place in the " + std::string(what()));
    } catch (const nlohmann::json::exception&) {
        return fail("'" + pointer + "' is not a JSON pointer");
    }
    return apply({label.empty() ? "Remove " + pointer : label, {{JsonChange::Kind::Erase, pointer, {}, {}, 0}}});
}

}  // namespace cp
