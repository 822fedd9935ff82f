// JsonTree: one-pass parser, value access, canonical text.
//
// Index: [Parser] [Values] [Canonical text]
#include "json_tree.hpp"

#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <locale.h>
#include <stdexcept>

#include "sha256.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Parser]
//-----------------------------------------------------------------------------------------------------------

// Reads the storage's text (which ends in the std::string's NUL: a byte no valid token continues with, so every
// look-ahead stops there without a bounds check) into its values. Depth is bounded by max_depth, so the
// recursion is too.
class JsonTreeParser {
  public:
    JsonTreeParser(JsonTree::Storage& storage, int max_depth, std::size_t max_string_bytes)
        : s_(storage), begin_(storage.text.c_str()), p_(begin_), end_(begin_ + storage.text.size()),
          max_depth_(max_depth), max_string_bytes_(max_string_bytes) {}

    bool run() {
        s_.values.reserve(s_.text.size() / 24 + 1);
        if (static_cast<unsigned char>(*p_) == 0xEF) {  // a UTF-8 byte-order mark, as nlohmann skips it
            if (static_cast<unsigned char>(p_[1]) != 0xBB || static_cast<unsigned char>(p_[2]) != 0xBF) return false;
            p_ += 3;
        }
        skip_ws();
        JsonValue root;
        if (!value(root, 0)) return false;
        skip_ws();
        if (p_ != end_ && *p_ != '\0') return false;  // nlohmann reads a NUL byte as the end of the input
        s_.values.push_back(root);
        for (JsonValue& v : s_.values)
            if (v.is_array() || v.is_object()) v.children_ = s_.values.data() + v.scalar_.first_child;
        return true;
    }

    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }
    std::uint32_t long_string_offset = 0;  // the first over-long string, or the object of an over-long key
    std::size_t long_string_bytes = 0;
    bool long_string_is_key = false;

  private:
    void skip_ws() {
        while (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t') ++p_;
    }
    std::uint32_t here() const { return static_cast<std::uint32_t>(p_ - begin_); }

    bool value(JsonValue& v, int depth) {
        v.offset_ = here();
        switch (*p_) {
            case '{':
                return container(v, depth, true);
            case '[':
                return container(v, depth, false);
            case '"': {
                v.type_ = JsonValue::Type::string;
                if (!string(v.scalar_.text, v.count_)) return false;
                if (v.count_ > max_string_bytes_) note_long(v.offset_, v.count_, false);
                return true;
            }
            case 't':
                if (p_[1] != 'r' || p_[2] != 'u' || p_[3] != 'e') return false;
                p_ += 4;
                v.type_ = JsonValue::Type::boolean;
                v.scalar_.boolean = true;
                return true;
            case 'f':
                if (p_[1] != 'a' || p_[2] != 'l' || p_[3] != 's' || p_[4] != 'e') return false;
                p_ += 5;
                v.type_ = JsonValue::Type::boolean;
                v.scalar_.boolean = false;
                return true;
            case 'n':
                if (p_[1] != 'u' || p_[2] != 'l' || p_[3] != 'l') return false;
                p_ += 4;
                v.type_ = JsonValue::Type::null;
                return true;
            default:
                return number(v);
        }
    }

    // Objects and arrays: the children are read onto pending_, then moved as one block to the values, so a
    // container's children are contiguous. An object's members are sorted by key and a repeated key keeps
    // its last value, as nlohmann's std::map-backed objects do.
    bool container(JsonValue& v, int depth, bool object) {
        if (depth >= max_depth_) return false;
        v.type_ = object ? JsonValue::Type::object : JsonValue::Type::array;
        ++p_;
        skip_ws();
        std::size_t base = pending_.size();
        const char close = object ? '}' : ']';
        if (*p_ == close) {
            ++p_;
        } else {
            while (true) {
                JsonValue child;
                if (object) {
                    if (*p_ != '"') return false;
                    child.key_offset_ = here();
                    if (!string(child.key_, child.key_size_)) return false;
                    if (child.key_size_ > max_string_bytes_) note_long(v.offset_, child.key_size_, true);
                    skip_ws();
                    if (*p_ != ':') return false;
                    ++p_;
                    skip_ws();
                }
                if (!value(child, depth + 1)) return false;
                pending_.push_back(child);
                skip_ws();
                if (*p_ == ',') {
                    ++p_;
                    skip_ws();
                    continue;
                }
                if (*p_ != close) return false;
                ++p_;
                break;
            }
        }
        std::size_t count = pending_.size() - base;
        if (object && count > 1) count = sort_members(pending_.data() + base, count);
        v.count_ = static_cast<std::uint32_t>(count);
        v.scalar_.first_child = static_cast<std::uint32_t>(s_.values.size());
        s_.values.insert(s_.values.end(), pending_.begin() + static_cast<std::ptrdiff_t>(base),
                         pending_.begin() + static_cast<std::ptrdiff_t>(base + count));
        pending_.resize(base);
        return true;
    }

    // Stable insertion sort by key (objects are small), then each run of one key keeps its last member.
    static std::size_t sort_members(JsonValue* m, std::size_t n) {
        for (std::size_t i = 1; i < n; ++i) {
            if (!(m[i].key() < m[i - 1].key())) continue;
            JsonValue moving = m[i];
            std::size_t j = i;
            for (; j > 0 && moving.key() < m[j - 1].key(); --j) m[j] = m[j - 1];
            m[j] = moving;
        }
        std::size_t kept = 1;
        for (std::size_t i = 1; i < n; ++i) {
            if (m[i].key() == m[kept - 1].key())
                m[kept - 1] = m[i];
            else
                m[kept++] = m[i];
        }
        return kept;
    }

    void note_long(std::uint32_t offset, std::size_t bytes, bool key) {
        if (long_string_bytes != 0) return;
        long_string_offset = offset;
        long_string_bytes = bytes;
        long_string_is_key = key;
    }

    // A string literal at p_: a view of the text when it has no escape, else decoded into s_.decoded.
    template <typename Size>
    bool string(const char*& out, Size& size) {
        ++p_;
        const char* start = p_;
        while (true) {
            auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                out = start;
                size = static_cast<Size>(p_ - start);
                ++p_;
                return true;
            }
            if (c == '\\') break;
            if (c < 0x20) return false;  // a raw control character, or the end of the text
            if (c < 0x80)
                ++p_;
            else if (!utf8_sequence())
                return false;
        }
        // Decoding never lengthens a string, so with room for the whole text the buffer never moves and views
        // into it stay put; most files have no escape at all and never allocate it.
        if (s_.decoded.capacity() < s_.text.size()) s_.decoded.reserve(s_.text.size());
        std::size_t from = s_.decoded.size();
        s_.decoded.append(start, static_cast<std::size_t>(p_ - start));
        while (true) {
            auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                break;
            }
            if (c == '\\') {
                if (!escape()) return false;
                continue;
            }
            if (c < 0x20) return false;
            const char* at = p_;
            if (c < 0x80)
                ++p_;
            else if (!utf8_sequence())
                return false;
            s_.decoded.append(at, static_cast<std::size_t>(p_ - at));
        }
        out = s_.decoded.data() + from;
        size = static_cast<Size>(s_.decoded.size() - from);
        return true;
    }

    static bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
    static bool in(char c, unsigned lo, unsigned hi) {
        auto u = static_cast<unsigned char>(c);
        return u >= lo && u <= hi;
    }
    // Well-formed UTF-8 (RFC 3629), the ranges nlohmann accepts: no overlongs, surrogates or code points past
    // U+10FFFF. Short-circuiting stops at the terminating NUL, so no byte past the text is read.
    bool utf8_sequence() {
        auto c = static_cast<unsigned char>(*p_);
        int length;
        if (c >= 0xC2 && c <= 0xDF)
            length = continuation(p_[1]) ? 2 : 0;
        else if (c == 0xE0)
            length = in(p_[1], 0xA0, 0xBF) && continuation(p_[2]) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            length = continuation(p_[1]) && continuation(p_[2]) ? 3 : 0;
        else if (c == 0xED)
            length = in(p_[1], 0x80, 0x9F) && continuation(p_[2]) ? 3 : 0;
        else if (c == 0xF0)
            length = in(p_[1], 0x90, 0xBF) && continuation(p_[2]) && continuation(p_[3]) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3)
            length = continuation(p_[1]) && continuation(p_[2]) && continuation(p_[3]) ? 4 : 0;
        else if (c == 0xF4)
            length = in(p_[1], 0x80, 0x8F) && continuation(p_[2]) && continuation(p_[3]) ? 4 : 0;
        else
            length = 0;
        p_ += length;
        return length != 0;
    }

    bool hex4(unsigned& out) {
        out = 0;
        for (int i = 0; i < 4; ++i) {
            char h = p_[i];
            unsigned digit;
            if (h >= '0' && h <= '9')
                digit = static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                digit = static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                digit = static_cast<unsigned>(h - 'A' + 10);
            else
                return false;
            out = out << 4 | digit;
        }
        p_ += 4;
        return true;
    }

    // One escape at p_ (the backslash), appended decoded. A high surrogate must be followed by an escaped low
    // one, and a low one may not stand alone, as nlohmann requires.
    bool escape() {
        char e = p_[1];
        p_ += 2;
        char simple;
        switch (e) {
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case '/': simple = '/'; break;
            case 'b': simple = '\b'; break;
            case 'f': simple = '\f'; break;
            case 'n': simple = '\n'; break;
            case 'r': simple = '\r'; break;
            case 't': simple = '\t'; break;
            case 'u': {
                unsigned cp;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned low;
                    if (p_[0] != '\\' || p_[1] != 'u') return false;
                    p_ += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(cp);
                return true;
            }
            default:
                return false;
        }
        s_.decoded += simple;
        return true;
    }

    void append_utf8(unsigned cp) {
        std::string& out = s_.decoded;
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    // RFC 8259's number, stored as nlohmann stores it: a whole number as a signed (negative) or unsigned
    // (otherwise) 64-bit integer when it fits, anything else as a double; a double that overflows is refused.
    bool number(JsonValue& v) {
        const char* start = p_;
        bool negative = *p_ == '-';
        if (negative) ++p_;
        if (*p_ == '0') {
            ++p_;
        } else if (*p_ >= '1' && *p_ <= '9') {
            while (digit(*++p_)) {
            }
        } else {
            return false;
        }
        bool whole = true;
        if (*p_ == '.') {
            whole = false;
            if (!digit(*++p_)) return false;
            while (digit(*++p_)) {
            }
        }
        if (*p_ == 'e' || *p_ == 'E') {
            whole = false;
            ++p_;
            if (*p_ == '+' || *p_ == '-') ++p_;
            if (!digit(*p_)) return false;
            while (digit(*++p_)) {
            }
        }
        if (whole) {
            if (negative) {
                std::int64_t n;
                if (std::from_chars(start, p_, n).ec == std::errc()) {
                    v.type_ = JsonValue::Type::integer;
                    v.scalar_.integer = n;
                    return true;
                }
            } else {
                std::uint64_t n;
                if (std::from_chars(start, p_, n).ec == std::errc()) {
                    v.type_ = JsonValue::Type::unsigned_integer;
                    v.scalar_.unsigned_integer = n;
                    return true;
                }
            }
        }
        // strtod in the C locale, as nlohmann's lexer effectively reads (it swaps in the locale's decimal
        // point): the same rounding, the same 0 for an underflow.
        static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
        std::string digits(start, static_cast<std::size_t>(p_ - start));
        double d = strtod_l(digits.c_str(), nullptr, c_locale);
        if (!std::isfinite(d)) return false;
        v.type_ = JsonValue::Type::floating;
        v.scalar_.floating = d;
        return true;
    }

    JsonTree::Storage& s_;
    const char* begin_;
    const char* p_;
    const char* end_;
    int max_depth_;
    std::size_t max_string_bytes_;
    std::vector<JsonValue> pending_;  // children of the containers being read
};

namespace {

// The pointer of the value starting at `offset` (a container when `container` is set), found by a walk that
// spells pointers only along the way; false when no such value exists.
bool pointer_of(const JsonValue& v, std::uint32_t offset, std::string& pointer) {
    if (v.offset() == offset) return true;
    if (!v.is_array() && !v.is_object()) return false;
    std::size_t index = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++index) {
        std::size_t keep = pointer.size();
        pointer += '/';
        if (v.is_object()) {
            for (char c : it.key()) {
                if (c == '~')
                    pointer += "~0";
                else if (c == '/')
                    pointer += "~1";
                else
                    pointer += c;
            }
        } else {
            pointer += std::to_string(index);
        }
        if (pointer_of(*it, offset, pointer)) return true;
        pointer.resize(keep);
    }
    return false;
}

}  // namespace

std::optional<JsonTree> JsonTree::parse(std::string_view text, int max_depth, std::size_t max_string_bytes,
                                        std::size_t* failed_at) {
    return parse_owned(std::string(text), max_depth, max_string_bytes, failed_at);
}

std::optional<JsonTree> JsonTree::parse_owned(std::string&& text, int max_depth, std::size_t max_string_bytes,
                                              std::size_t* failed_at) {
    auto storage = std::make_shared<Storage>();
    storage->text = std::move(text);
    JsonTreeParser parser(*storage, max_depth, max_string_bytes);
    if (!parser.run()) {
        if (failed_at) *failed_at = parser.offset();
        text = std::move(storage->text);  // the caller still has it, for the message
        return std::nullopt;
    }
    if (parser.long_string_bytes != 0) {
        storage->long_string.offset = parser.long_string_offset;
        storage->long_string.bytes = parser.long_string_bytes;
        pointer_of(storage->values.back(), parser.long_string_offset, storage->long_string.pointer);
    }
    JsonTree tree;
    tree.storage_ = std::move(storage);
    return tree;
}

//-----------------------------------------------------------------------------------------------------------
// [Values]
//-----------------------------------------------------------------------------------------------------------

namespace {
const JsonValue kNull{};
}

const JsonValue& JsonValue::operator[](std::size_t index) const {
    if (!is_array() || index >= count_) throw std::out_of_range("JSON array index out of range");
    return children_[index];
}

JsonValue::const_iterator JsonValue::find(std::string_view key) const {
    if (!is_object()) return end();
    if (count_ <= 16) {  // most objects: a scan that compares lengths first beats a binary search
        for (const JsonValue* m = children_; m != children_ + count_; ++m)
            if (m->key_size_ == key.size() && std::memcmp(m->key_, key.data(), key.size()) == 0)
                return const_iterator(m);
        return end();
    }
    const JsonValue* lo = children_;
    std::size_t n = count_;
    while (n > 0) {  // members are sorted by key
        std::size_t half = n / 2;
        if (lo[half].key() < key) {
            lo += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return lo != children_ + count_ && lo->key() == key ? const_iterator(lo) : end();
}

const JsonValue& JsonValue::operator[](std::string_view key) const {
    auto it = find(key);
    return it == end() ? kNull : *it;
}

std::string_view JsonValue::str() const {
    return is_string() ? std::string_view(scalar_.text, count_) : std::string_view();
}

namespace {
[[noreturn]] void wrong_type(const char* wanted) {
    throw std::domain_error(std::string("JSON value is not ") + wanted);
}
}  // namespace

template <>
std::string JsonValue::get<std::string>() const {
    if (!is_string()) wrong_type("a string");
    return std::string(str());
}
template <>
bool JsonValue::get<bool>() const {
    if (!is_boolean()) wrong_type("a boolean");
    return scalar_.boolean;
}
template <>
double JsonValue::get<double>() const {
    switch (type_) {
        case Type::integer: return static_cast<double>(scalar_.integer);
        case Type::unsigned_integer: return static_cast<double>(scalar_.unsigned_integer);
        case Type::floating: return scalar_.floating;
        default: wrong_type("a number");
    }
}
template <>
long long JsonValue::get<long long>() const {
    switch (type_) {
        case Type::integer: return scalar_.integer;
        case Type::unsigned_integer: return static_cast<long long>(scalar_.unsigned_integer);
        case Type::floating: return static_cast<long long>(scalar_.floating);
        default: wrong_type("a number");
    }
}
template <>
long JsonValue::get<long>() const {
    return static_cast<long>(get<long long>());
}
template <>
int JsonValue::get<int>() const {
    return static_cast<int>(get<long long>());
}
template <>
unsigned long JsonValue::get<unsigned long>() const {
    switch (type_) {
        case Type::integer: return static_cast<std::uint64_t>(scalar_.integer);
        case Type::unsigned_integer: return scalar_.unsigned_integer;
        case Type::floating: return static_cast<std::uint64_t>(scalar_.floating);
        default: wrong_type("a number");
    }
}

nlohmann::json JsonValue::to_nlohmann() const {
    switch (type_) {
        case Type::null: return nullptr;
        case Type::boolean: return scalar_.boolean;
        case Type::integer: return scalar_.integer;
        case Type::unsigned_integer: return scalar_.unsigned_integer;
        case Type::floating: return scalar_.floating;
        case Type::string: return std::string(str());
        case Type::array: {
            nlohmann::json out = nlohmann::json::array();
            auto& elements = out.get_ref<nlohmann::json::array_t&>();
            elements.reserve(count_);
            for (const JsonValue& e : *this) elements.push_back(e.to_nlohmann());
            return out;
        }
        case Type::object: {
            nlohmann::json out = nlohmann::json::object();
            auto& members = out.get_ref<nlohmann::json::object_t&>();
            for (auto it = begin(); it != end(); ++it)  // sorted: each goes at the end
                members.emplace_hint(members.end(), std::string(it.key()), it->to_nlohmann());
            return out;
        }
    }
    return nullptr;
}

//-----------------------------------------------------------------------------------------------------------
// [Canonical text]
//-----------------------------------------------------------------------------------------------------------

namespace {

// Whether any of the 8 bytes in `w` is a control character, '"' or '\\' (the bytes a string escapes). It may
// answer yes for a plain byte just above one that is (a borrow), never no for a word that has one.
inline bool may_need_escape(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    auto zero_byte = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
    std::uint64_t control = (w - 0x20 * ones) & ~w & highs;
    return (control | zero_byte(w ^ ('"' * ones)) | zero_byte(w ^ ('\\' * ones))) != 0;
}

}  // namespace

// Well-formed UTF-8 is copied byte for byte by nlohmann, so only '"', '\\' and control characters need
// escaping; plain runs are skipped a word at a time.
void json_dump_text(std::string_view text, std::string& out) {
    out += '"';
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i + 8 <= text.size()) {
            std::uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            if (!may_need_escape(w)) {
                i += 7;
                continue;
            }
        }
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text, plain_from, i - plain_from);
        plain_from = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            }
        }
    }
    out.append(text, plain_from, std::string_view::npos);
    out += '"';
}

namespace {

// The canonical text, written to `out`; `flush(out)` runs after each member and element, so a caller can hand
// the text on in pieces.
template <typename Flush>
void dump_value(const JsonValue& value, std::string& out, Flush& flush) {
    switch (value.type()) {
        case JsonValue::Type::object: {
            out += '{';
            bool first = true;
            for (auto it = value.begin(); it != value.end(); ++it) {
                if (!first) out += ',';
                first = false;
                json_dump_text(it.key(), out);
                out += ':';
                dump_value(*it, out, flush);
                flush(out);
            }
            out += '}';
            return;
        }
        case JsonValue::Type::array: {
            out += '[';
            bool first = true;
            for (const JsonValue& element : value) {
                if (!first) out += ',';
                first = false;
                dump_value(element, out, flush);
                flush(out);
            }
            out += ']';
            return;
        }
        case JsonValue::Type::string:
            json_dump_text(value.str(), out);
            return;
        case JsonValue::Type::boolean:
            out += value.boolean() ? "true" : "false";
            return;
        case JsonValue::Type::null:
            out += "null";
            return;
        case JsonValue::Type::integer:
        case JsonValue::Type::unsigned_integer: {
            char digits[24];
            auto [end, ec] = value.is_number_unsigned()
                                 ? std::to_chars(digits, digits + sizeof digits, value.get<unsigned long>())
                                 : std::to_chars(digits, digits + sizeof digits, value.get<long long>());
            out.append(digits, static_cast<std::size_t>(end - digits));
            return;
        }
        case JsonValue::Type::floating:  // shortest round trip, in nlohmann's spelling
            out += nlohmann::json(value.get<double>()).dump();
            return;
    }
}

}  // namespace

void json_dump(const JsonValue& value, std::string& out) {
    auto keep = [](std::string&) {};
    dump_value(value, out, keep);
}

std::string json_fingerprint(const JsonValue& value) {
    // Hashed in 32 KiB pieces as written: the text is never whole in memory and stays in cache for the hash.
    Sha256 sha;
    std::string piece;
    piece.reserve(40 * 1024);
    auto hand_on = [&](std::string& out) {
        if (out.size() < 32 * 1024) return;
        sha.update(out);
        out.clear();
    };
    dump_value(value, piece, hand_on);
    sha.update(piece);
    return sha.hex();
}

std::string json_dump(const JsonValue& value) {
    std::string out;
    json_dump(value, out);
    return out;
}

std::string JsonValue::dump() const { return json_dump(*this); }

std::string json_type_phrase(const JsonValue& value) {
    switch (value.type()) {
        case JsonValue::Type::null: return "null";
        case JsonValue::Type::boolean: return "true or false";
        case JsonValue::Type::integer:
        case JsonValue::Type::unsigned_integer: return "a whole number";
        case JsonValue::Type::floating: return "a number with a fraction";
        case JsonValue::Type::string: return "a string";
        case JsonValue::Type::array: return "an array";
        case JsonValue::Type::object: return "an object";
    }
    return "an unsupported value";
}

}  // namespace cp
