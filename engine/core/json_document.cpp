#include "json_document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cp {

namespace {

// Recursive scanner over text already accepted by nlohmann::json; depth is bounded by kMaxJsonDepth.
class PositionScanner {
  public:
    using Index = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
    PositionScanner(std::string_view text, Index& values, Index& keys)
        : text_(text), values_(values), keys_(keys) {}

    void run() {
        skip_ws();
        if (pos_ < text_.size()) value(kPointerHashSeed);
    }

  private:
    void skip_ws() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    static std::uint64_t child_hash(std::uint64_t parent, std::string_view key) {
        std::uint64_t h = pointer_hash("/", parent);
        for (char c : key) {
            if (c == '~')
                h = pointer_hash("~0", h);
            else if (c == '/')
                h = pointer_hash("~1", h);
            else
                h = pointer_hash(std::string_view(&c, 1), h);
        }
        return h;
    }
    static std::uint64_t child_hash(std::uint64_t parent, std::size_t index) {
        char buf[24];
        int n = std::snprintf(buf, sizeof buf, "%zu", index);
        return pointer_hash(std::string_view(buf, static_cast<std::size_t>(n)), pointer_hash("/", parent));
    }

    void value(std::uint64_t path) {
        values_.emplace_back(path, static_cast<std::uint32_t>(pos_));
        if (pos_ >= text_.size()) return;
        char c = text_[pos_];
        if (c == '{') {
            ++pos_;
            skip_ws();
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return;
            }
            while (pos_ < text_.size()) {
                skip_ws();
                auto key_at = static_cast<std::uint32_t>(pos_);
                std::string key = string_literal();
                std::uint64_t child = child_hash(path, key);
                keys_.emplace_back(child, key_at);
                skip_ws();
                if (pos_ < text_.size() && text_[pos_] == ':') ++pos_;
                skip_ws();
                value(child);
                skip_ws();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == '}') ++pos_;
                return;
            }
        } else if (c == '[') {
            ++pos_;
            skip_ws();
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return;
            }
            std::size_t index = 0;
            while (pos_ < text_.size()) {
                skip_ws();
                value(child_hash(path, index++));
                skip_ws();
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    continue;
                }
                if (pos_ < text_.size() && text_[pos_] == ']') ++pos_;
                return;
            }
        } else if (c == '"') {
            string_literal();
        } else {
            while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
                   text_[pos_] != ' ' && text_[pos_] != '\n' && text_[pos_] != '\r' && text_[pos_] != '\t')
                ++pos_;
        }
    }

    static void append_utf8(std::string& out, unsigned cp) {
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

    unsigned hex4() {
        unsigned v = 0;
        for (int i = 0; i < 4 && pos_ < text_.size(); ++i, ++pos_) {
            char h = text_[pos_];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= static_cast<unsigned>(h - 'A' + 10);
        }
        return v;
    }

    // Decodes a string literal so keys match what nlohmann::json stored.
    std::string string_literal() {
        std::string out;
        if (pos_ >= text_.size() || text_[pos_] != '"') return out;
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            char c = text_[pos_++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) break;
            char e = text_[pos_++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 1 < text_.size() && text_[pos_] == '\\' &&
                        text_[pos_ + 1] == 'u') {
                        pos_ += 2;
                        unsigned low = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default:
                    out += e;
                    break;
            }
        }
        if (pos_ < text_.size()) ++pos_;  // closing quote
        return out;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    Index& values_;
    Index& keys_;
};

// Finds the deepest nesting before parsing, so a hostile file fails fast with a clear message.
std::optional<std::size_t> find_excess_depth(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth) return i;
        } else if (c == '}' || c == ']')
            --depth;
    }
    return std::nullopt;
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

}  // namespace

std::string pointer_append(std::string_view pointer, std::string_view key) {
    std::string out(pointer);
    out += '/';
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
    std::string out(pointer);
    out += '/';
    out += std::to_string(index);
    return out;
}

void JsonDocument::index_positions(std::string_view text) {
    value_offsets_.clear();
    key_offsets_.clear();
    value_offsets_.reserve(text.size() / 12);
    key_offsets_.reserve(text.size() / 20);
    line_starts_.assign(1, 0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    PositionScanner(text, value_offsets_, key_offsets_).run();
    // stable_sort keeps the first occurrence first, so a duplicated key reports where it first appeared.
    auto by_hash = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::stable_sort(value_offsets_.begin(), value_offsets_.end(), by_hash);
    std::stable_sort(key_offsets_.begin(), key_offsets_.end(), by_hash);
}

const std::uint32_t* JsonDocument::find_offset(const OffsetIndex& index, std::uint64_t hash) {
    auto it = std::lower_bound(index.begin(), index.end(), hash,
                               [](const auto& e, std::uint64_t h) { return e.first < h; });
    return it != index.end() && it->first == hash ? &it->second : nullptr;
}

SourceLoc JsonDocument::at_offset(std::uint32_t offset, std::string_view pointer) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    int line = static_cast<int>(it - line_starts_.begin());
    std::uint32_t start = line_starts_[static_cast<std::size_t>(line - 1)];
    return {file, line, static_cast<int>(offset - start) + 1, std::string(pointer)};
}

SourceLoc JsonDocument::loc(std::string_view pointer) const {
    std::string p(pointer);
    while (true) {
        if (const auto* offset = find_offset(value_offsets_, pointer_hash(p)))
            return at_offset(*offset, pointer);
        if (p.empty()) break;
        p.erase(p.rfind('/'));
    }
    return {file, 0, 0, std::string(pointer)};
}

SourceLoc JsonDocument::key_loc(std::string_view pointer) const {
    if (const auto* offset = find_offset(key_offsets_, pointer_hash(pointer)))
        return at_offset(*offset, pointer);
    return loc(pointer);
}

std::optional<JsonDocument> parse_json_document(std::string_view text, const std::string& file,
                                                Diagnostics& diags) {
    if (auto deep = find_excess_depth(text)) {
        auto [line, col] = line_col_of(text, *deep);
        diags.error({file, line, col, ""}, "the file nests arrays and objects more than " +
                                               std::to_string(kMaxJsonDepth) +
                                               " levels deep; scenario files never need that");
        return std::nullopt;
    }
    JsonDocument doc;
    doc.file = file;
    try {
        doc.root = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        auto [line, col] = line_col_of(text, byte);
        diags.error({file, line, col, ""}, "invalid JSON: " + plain_parse_message(e.what()));
        return std::nullopt;
    }
    doc.index_positions(text);
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

std::optional<JsonDocument> load_json_file(const std::string& path, Diagnostics& diags, bool* unreadable) {
    std::string text, error;
    if (!read_text_file(path, text, error)) {
        if (unreadable) *unreadable = true;
        diags.error({path, 0, 0, ""}, "cannot read the file: " + error);
        return std::nullopt;
    }
    return parse_json_document(text, path, diags);
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
