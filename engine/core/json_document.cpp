#include "json_document.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cp {

namespace {

// pointer_append in place: the parser extends one pointer per key and element without a new string each time.
void append_pointer_key(std::string& pointer, std::string_view key) {
    pointer += '/';
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (key[i] != '~' && key[i] != '/') continue;
        pointer.append(key.substr(plain_from, i - plain_from)).append(key[i] == '~' ? "~0" : "~1");
        plain_from = i + 1;
    }
    pointer.append(key.substr(plain_from));
}
// The decimal digits of `index`, written backwards from `end`; returns where they start.
char* index_digits(std::size_t index, char* end) {
    do {
        *--end = static_cast<char>('0' + index % 10);
        index /= 10;
    } while (index != 0);
    return end;
}
void append_pointer_index(std::string& pointer, std::size_t index) {
    char digits[24];
    char* end = digits + sizeof digits;
    char* start = index_digits(index, end);
    *--start = '/';
    pointer.append(start, static_cast<std::size_t>(end - start));
}

std::pair<int, int> line_col_of(std::string_view text, std::size_t offset) {
    int line = 1;
    std::size_t line_start = 0;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return {line, static_cast<int>(offset - line_start) + 1};
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column 2: ";
// keep only the part a tutor can act on.
std::string plain_parse_message(const std::string& what) {
    std::string msg = what;
    auto colon = msg.find(": ", msg.find("parse error"));
    if (colon != std::string::npos) msg = msg.substr(colon + 2);
    if (msg.find("invalid UTF-8") != std::string::npos || msg.find("ill-formed UTF-8") != std::string::npos)
        return "the file is not valid UTF-8 text (" + msg + "); save it as UTF-8";
    return msg;
}

// For a text JsonTree refused: nlohmann's own DOM builder, keeping a stack of the keys and indices that lead
// to the value being read, so the parse failure (including a number too large to store, which nlohmann reports
// as out_of_range, not parse_error) is named in nlohmann's words and at its field. The JSON pointer is spelt
// out only then. Errors are recorded, never thrown.
class TrackingSax {
  public:
    using json = nlohmann::json;
    explicit TrackingSax(json& root) : dom_(root, false) {}

    bool null() { return value([&] { return dom_.null(); }); }
    bool boolean(bool v) { return value([&] { return dom_.boolean(v); }); }
    bool number_integer(json::number_integer_t v) { return value([&] { return dom_.number_integer(v); }); }
    bool number_unsigned(json::number_unsigned_t v) { return value([&] { return dom_.number_unsigned(v); }); }
    bool number_float(json::number_float_t v, const std::string& s) {
        return value([&] { return dom_.number_float(v, s); });
    }
    bool string(std::string& v) { return value([&] { return dom_.string(v); }); }
    bool binary(json::binary_t& v) { return value([&] { return dom_.binary(v); }); }
    bool start_object(std::size_t n) {
        enter_element();
        push(false);
        return dom_.start_object(n);
    }
    bool key(std::string& k) {
        Frame& f = frames_[depth_ - 1];
        f.key.assign(k);
        f.has_key = true;
        return dom_.key(k);
    }
    bool end_object() {
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t n) {
        enter_element();
        push(true);
        return dom_.start_array(n);
    }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    bool parse_error(std::size_t byte, const std::string& token, const nlohmann::detail::exception& e) {
        failed = true;
        error_byte = byte;
        error_token = token;
        error_id = e.id;
        error_message = e.what();
        // Inside an array the failing token is the next element, which has not been counted yet.
        if (depth_ > 0 && frames_[depth_ - 1].array)
            error_pointer = pointer_append(pointer(depth_ - 1), frames_[depth_ - 1].index);
        else
            error_pointer = pointer(depth_);
        return false;
    }

    bool failed = false;
    std::size_t error_byte = 0;  // bytes read when the error was found (nlohmann's position)
    std::string error_token;     // the token being read
    int error_id = 0;            // nlohmann's exception id: 1xx parse error, 406 number overflow
    std::string error_message;
    std::string error_pointer;

  private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;  // arrays: the next element's index (the current one is index - 1)
        bool has_key = false;   // objects: a key has been read (the current member is `key`)
        std::string key;
    };

    // Frames are reused, not popped, so a key's string keeps its capacity from one object to the next.
    void push(bool array) {
        if (depth_ == frames_.size()) frames_.emplace_back();
        Frame& f = frames_[depth_++];
        f.array = array;
        f.index = 0;
        f.has_key = false;
    }
    // In an array, each value (scalar or container) starts a new element.
    void enter_element() {
        if (depth_ > 0 && frames_[depth_ - 1].array) ++frames_[depth_ - 1].index;
    }
    template <typename F>
    bool value(F&& build) {
        enter_element();
        return build();
    }
    // The pointer of the current member or element of each of the outermost `depth` containers.
    std::string pointer(std::size_t depth) const {
        std::string out;
        for (std::size_t i = 0; i < depth; ++i) {
            const Frame& f = frames_[i];
            if (f.array && f.index > 0)
                append_pointer_index(out, f.index - 1);
            else if (!f.array && f.has_key)
                append_pointer_key(out, f.key);
        }
        return out;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::vector<Frame> frames_;
    std::size_t depth_ = 0;
};

}  // namespace

std::optional<std::size_t> json_nested_past(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return i;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return std::nullopt;
}

std::string pointer_append(std::string_view pointer, std::string_view key) {
    std::string out(pointer);
    append_pointer_key(out, key);
    return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
    std::string out(pointer);
    append_pointer_index(out, index);
    return out;
}

JsonDocument::JsonDocument(std::string file_name, JsonTree tree) : file(std::move(file_name)), tree_(std::move(tree)) {
    std::string_view text = tree_.text();
    line_starts_.assign(1, 0);
    for (const char* at = text.data(), *end = text.data() + text.size();
         (at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)))) != nullptr;)
        line_starts_.push_back(static_cast<std::uint32_t>(++at - text.data()));
}

SourceLoc JsonDocument::at_offset(std::uint32_t offset, std::string_view pointer) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    int line = static_cast<int>(it - line_starts_.begin());
    std::uint32_t start = line_starts_[static_cast<std::size_t>(line - 1)];
    return {file, line, static_cast<int>(offset - start) + 1, std::string(pointer)};
}

const JsonValue& JsonDocument::walk(std::string_view pointer, bool& exact, const JsonValue** parent) const {
    const JsonValue* at = &content();
    exact = false;
    std::string key;
    while (!pointer.empty()) {
        if (pointer[0] != '/') return *at;
        std::size_t next = pointer.find('/', 1);
        std::string_view token = pointer.substr(1, next == std::string_view::npos ? std::string_view::npos : next - 1);
        pointer = next == std::string_view::npos ? std::string_view() : pointer.substr(next);
        const JsonValue* child = nullptr;
        if (at->is_object()) {
            key.clear();
            for (std::size_t i = 0; i < token.size(); ++i) {  // RFC 6901: ~1 is '/', ~0 is '~'
                if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1'))
                    key += token[++i] == '0' ? '~' : '/';
                else
                    key += token[i];
            }
            if (auto it = at->find(key); it != at->end()) child = &*it;
        } else if (at->is_array()) {
            std::size_t index = 0;
            auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
            if (ec == std::errc() && end == token.data() + token.size() && !token.empty() && index < at->size())
                child = &(*at)[index];
        }
        if (!child) return *at;
        if (parent) *parent = at;
        at = child;
    }
    exact = true;
    return *at;
}

SourceLoc JsonDocument::loc(std::string_view pointer) const {
    bool exact;
    return at_offset(walk(pointer, exact).offset(), pointer);
}

SourceLoc JsonDocument::key_loc(std::string_view pointer) const {
    bool exact;
    const JsonValue* parent = nullptr;
    const JsonValue& v = walk(pointer, exact, &parent);
    if (exact && parent && parent->is_object()) return at_offset(v.key_offset(), pointer);
    return at_offset(v.offset(), pointer);
}

namespace {

// The message for a text JsonTree refused, in nlohmann's words (or the depth pre-pass's).
void report_refused(std::string_view text, const std::string& file, Diagnostics& diags, std::size_t stopped_at) {
    if (auto deep = json_nested_past(text, kMaxJsonDepth)) {
        auto [line, col] = line_col_of(text, *deep);
        diags.error({file, line, col, ""}, "the file nests arrays and objects more than " +
                                               std::to_string(kMaxJsonDepth) +
                                               " levels deep; scenario files never need that");
        return;
    }
    nlohmann::json dom;
    TrackingSax sax(dom);
    bool parsed = false;
    try {
        parsed = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    } catch (const std::exception& e) {  // the DOM builder can still throw (e.g. out of memory)
        diags.error({file, 0, 0, ""}, std::string("cannot parse the file: ") + e.what());
        return;
    }
    if (!parsed || sax.failed) {
        std::size_t byte = sax.error_byte > 0 ? sax.error_byte - 1 : 0;
        std::string message;
        if (sax.error_id == 406) {  // number overflow: point at the number's first character
            byte = sax.error_byte >= sax.error_token.size() ? sax.error_byte - sax.error_token.size() : 0;
            message = "the number " + sax.error_token + " is too large to store";
        } else {
            message = "invalid JSON: " + plain_parse_message(sax.error_message);
        }
        auto [line, col] = line_col_of(text, byte);
        diags.error({file, line, col, sax.error_pointer}, message);
        return;
    }
    // The two readers disagree (the tests and the fuzz targets hold them to one verdict): refuse, where ours
    // stopped, rather than read a text one of them calls broken.
    auto [line, col] = line_col_of(text, stopped_at);
    diags.error({file, line, col, ""}, "invalid JSON: this value cannot be read");
}

bool over_file_limit(std::size_t bytes, const std::string& file, Diagnostics& diags) {
    if (bytes <= kMaxJsonFileBytes) return false;
    diags.error({file, 0, 0, ""}, "the file is " + std::to_string(bytes) + " bytes; the limit is " +
                                      std::to_string(kMaxJsonFileBytes) + " (" +
                                      std::to_string(kMaxJsonFileBytes >> 20) + " MiB)");
    return true;
}

}  // namespace

std::optional<JsonDocument> parse_json_document(std::string_view text, const std::string& file,
                                                Diagnostics& diags, JsonDom dom) {
    if (over_file_limit(text.size(), file, diags)) return std::nullopt;  // before copying it
    return parse_json_text(std::string(text), file, diags, dom);
}

std::optional<JsonDocument> parse_json_text(std::string&& text, const std::string& file, Diagnostics& diags,
                                            JsonDom dom) {
    if (over_file_limit(text.size(), file, diags)) return std::nullopt;
    std::size_t stopped_at = 0;
    auto tree = JsonTree::parse_owned(std::move(text), kMaxJsonDepth, kMaxJsonStringBytes, &stopped_at);
    if (!tree) {  // JsonTree::parse left `text` as it was
        report_refused(text, file, diags, stopped_at);
        return std::nullopt;
    }
    JsonDocument doc(file, std::move(*tree));
    if (const auto& long_string = doc.tree_.long_string(); long_string.bytes != 0) {
        diags.error(doc.at_offset(long_string.offset, long_string.pointer),
                    "this text is " + std::to_string(long_string.bytes) +
                        " bytes long; the limit for one string is " + std::to_string(kMaxJsonStringBytes / 1024) +
                        " KiB");
        return std::nullopt;
    }
    if (dom == JsonDom::build) doc.root = doc.content().to_nlohmann();
    return doc;
}

bool read_text_file(const std::string& path, std::string& out, std::string& error, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    in.seekg(0, std::ios::end);
    auto size = in.tellg();
    if (size < 0) {
        error = "cannot determine the file size";
        return false;
    }
    if (static_cast<std::size_t>(size) > max_bytes) {
        error = "the file is " + std::to_string(static_cast<long long>(size)) + " bytes; the limit is " +
                std::to_string(max_bytes);
        return false;
    }
    in.seekg(0, std::ios::beg);
    out.resize(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(out.data(), size)) {
        error = "read failed";
        return false;
    }
    return true;
}

std::optional<JsonDocument> load_json_file(const std::string& path, Diagnostics& diags, bool* unreadable,
                                           JsonDom dom) {
    std::string text, error;
    if (!read_text_file(path, text, error)) {
        if (unreadable) *unreadable = true;
        diags.error({path, 0, 0, ""}, "cannot read the file: " + error);
        return std::nullopt;
    }
    return parse_json_text(std::move(text), path, diags, dom);
}

bool list_files(const std::string& dir, std::string_view extension, std::vector<std::string>& files,
                Diagnostics& diags) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec == std::errc::no_such_file_or_directory) return false;  // callers say "missing" in their words
    if (ec) {
        diags.error({dir, 0, 0, ""}, "cannot read the folder " + dir + ": " + ec.message());
        return false;
    }
    std::size_t first = files.size();
    bool whole = true;
    while (it != fs::directory_iterator()) {
        const fs::path& path = it->path();
        std::string name = path.filename().string();
        bool wanted = name.size() >= extension.size() &&
                      name.compare(name.size() - extension.size(), extension.size(), extension.data(),
                                   extension.size()) == 0;
        if (wanted) {
            std::error_code entry_ec;
            bool regular = it->is_regular_file(entry_ec);  // follows symlinks; a loop reports ELOOP here
            if (entry_ec)
                diags.warning({path.string(), 0, 0, ""},
                              "skipped: cannot examine " + path.string() + " (" + entry_ec.message() + ")");
            else if (regular)
                files.push_back(path.string());
        }
        it.increment(ec);  // the operator++ of a range-for would throw instead
        if (ec) {
            diags.error({dir, 0, 0, ""}, "cannot read the whole folder " + dir + ": " + ec.message());
            whole = false;
            break;
        }
    }
    std::sort(files.begin() + static_cast<std::ptrdiff_t>(first), files.end());
    return whole;
}

namespace {

// A string as dump() writes it. Text that is not plain ASCII goes through nlohmann's serializer, which checks
// the UTF-8 (a string built in memory may not be; the tree's are checked as they are read).
void dump_string(const std::string& text, std::string& out) {
    for (unsigned char c : text)
        if (c >= 0x80) {
            out += nlohmann::json(text).dump();
            return;
        }
    json_dump_text(text, out);
}

}  // namespace

void json_dump(const nlohmann::json& value, std::string& out) {
    using value_t = nlohmann::json::value_t;
    switch (value.type()) {
        case value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
                if (!first) out += ',';
                first = false;
                dump_string(key, out);
                out += ':';
                json_dump(member, out);
            }
            out += '}';
            return;
        }
        case value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& element : value.get_ref<const nlohmann::json::array_t&>()) {
                if (!first) out += ',';
                first = false;
                json_dump(element, out);
            }
            out += ']';
            return;
        }
        case value_t::string:
            dump_string(value.get_ref<const std::string&>(), out);
            return;
        case value_t::boolean:
            out += value.get<bool>() ? "true" : "false";
            return;
        case value_t::null:
            out += "null";
            return;
        case value_t::number_integer:
        case value_t::number_unsigned: {
            char digits[24];
            auto [end, ec] = value.is_number_unsigned()
                                 ? std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>())
                                 : std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>());
            out.append(digits, static_cast<std::size_t>(end - digits));
            return;
        }
        default:  // numbers with a fraction (shortest round trip, nlohmann's spelling), binary, discarded
            out += value.dump();
            return;
    }
}

std::string json_dump(const nlohmann::json& value) {
    std::string out;
    json_dump(value, out);
    return out;
}

std::string json_type_phrase(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::boolean:
            return "true or false";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "a whole number";
        case nlohmann::json::value_t::number_float:
            return "a number with a fraction";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::object:
            return "an object";
        default:
            return "an unsupported value";
    }
}

}  // namespace cp
