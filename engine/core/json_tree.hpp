// JsonTree: a JSON text parsed in one pass into an immutable flat tree that knows where each value and key
// starts. Strings are views of the text (decoded into one side buffer only when they hold escapes), containers
// are contiguous blocks of their children, and an object's members are sorted by key with repeats resolved
// as nlohmann::json resolves them (the last one counts), so walking it is walking what nlohmann would have
// built, at a fraction of the cost: no allocation per value, no second pass for positions.
//
// It accepts exactly the texts nlohmann::json::parse accepts (RFC 8259, UTF-8 checked, an optional byte-order
// mark, and nlohmann's one quirk: a NUL byte after the value ends the input) and refuses the rest without a message: JsonDocument asks nlohmann for the message then, so every
// syntax error reads as it always has. tests/test_json_tree.cpp and the scenario and policy fuzz targets hold the two
// parsers to the same verdict and the same content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cp {

// One value of a JsonTree; references stay valid as long as any copy of the tree lives.
class JsonValue {
  public:
    enum class Type : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

    // Members (sorted by key) of an object, or elements of an array; key() is the member's key.
    class const_iterator {
      public:
        explicit const_iterator(const JsonValue* at = nullptr) : at_(at) {}
        const JsonValue& operator*() const { return *at_; }
        const JsonValue* operator->() const { return at_; }
        const JsonValue& value() const { return *at_; }
        std::string_view key() const { return at_->key(); }
        const_iterator& operator++() { ++at_; return *this; }
        bool operator==(const const_iterator& o) const { return at_ == o.at_; }
        bool operator!=(const const_iterator& o) const { return at_ != o.at_; }

      private:
        const JsonValue* at_;
    };

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::null; }
    bool is_boolean() const { return type_ == Type::boolean; }
    bool is_number() const { return is_number_integer() || type_ == Type::floating; }
    bool is_number_integer() const { return type_ == Type::integer || type_ == Type::unsigned_integer; }
    bool is_number_unsigned() const { return type_ == Type::unsigned_integer; }
    bool is_number_float() const { return type_ == Type::floating; }
    bool is_string() const { return type_ == Type::string; }
    bool is_array() const { return type_ == Type::array; }
    bool is_object() const { return type_ == Type::object; }

    // As nlohmann counts: members or elements; 0 for null, 1 for any other scalar.
    std::size_t size() const { return is_array() || is_object() ? count_ : is_null() ? 0 : 1; }
    bool empty() const { return size() == 0; }
    const_iterator begin() const { return const_iterator(is_array() || is_object() ? children_ : nullptr); }
    const_iterator end() const { return const_iterator(is_array() || is_object() ? children_ + count_ : nullptr); }

    const JsonValue& operator[](std::size_t index) const;           // element `index` of an array (checked)
    const JsonValue& operator[](std::string_view key) const;        // the member, or a null value when absent
    const_iterator find(std::string_view key) const;                // end() when absent or not an object
    bool contains(std::string_view key) const { return find(key) != end(); }

    std::string_view key() const { return {key_, key_size_}; }      // a member's key ("" otherwise)
    std::string_view str() const;                                    // a string's text ("" otherwise)
    bool boolean() const { return type_ == Type::boolean && scalar_.boolean; }
    template <typename T>
    T get() const;  // std::string, bool, int, long, long long, unsigned long or double; throws on another type

    std::uint32_t offset() const { return offset_; }          // byte where the value starts in the text
    std::uint32_t key_offset() const { return key_offset_; }  // byte where a member's key starts

    // The canonical text: compact, keys sorted, exactly nlohmann's dump() of the same content.
    std::string dump() const;
    // The same content as nlohmann::json (what nlohmann::json::parse would have built).
    nlohmann::json to_nlohmann() const;

  private:
    friend class JsonTreeParser;
    Type type_ = Type::null;
    std::uint32_t count_ = 0;
    std::uint32_t offset_ = 0;
    std::uint32_t key_offset_ = 0;
    std::uint32_t key_size_ = 0;
    const char* key_ = "";
    union {
        bool boolean;
        std::int64_t integer;
        std::uint64_t unsigned_integer;
        double floating;
        const char* text;                // strings, with count_ bytes
        std::uint32_t first_child;       // containers, while parsing
    } scalar_{};
    const JsonValue* children_ = nullptr;  // containers, once parsed
};

template <> std::string JsonValue::get<std::string>() const;
template <> bool JsonValue::get<bool>() const;
template <> int JsonValue::get<int>() const;
template <> long JsonValue::get<long>() const;
template <> long long JsonValue::get<long long>() const;
template <> unsigned long JsonValue::get<unsigned long>() const;
template <> double JsonValue::get<double>() const;

// A parsed text and its values (texts under 4 GiB). Copies share the same immutable storage.
class JsonTree {
  public:
    // Parses `text`; nullopt when nlohmann::json::parse would refuse it, or when it nests arrays and objects
    // deeper than `max_depth` (then `failed_at`, if given, is the byte where reading stopped). A string or key
    // longer than `max_string_bytes` is kept, and the first one is named by long_string().
    static std::optional<JsonTree> parse(std::string_view text, int max_depth, std::size_t max_string_bytes,
                                         std::size_t* failed_at = nullptr);
    // parse, keeping `text` instead of a copy (when it refuses the text, `text` is left as it was).
    static std::optional<JsonTree> parse_owned(std::string&& text, int max_depth, std::size_t max_string_bytes,
                                         std::size_t* failed_at = nullptr);

    const JsonValue& root() const { return storage_->values.back(); }
    std::string_view text() const { return storage_->text; }

    // The first string or key over max_string_bytes: its pointer (an over-long key names its object), where
    // that value starts, and its length. Empty pointer and 0 bytes when there is none.
    struct LongString {
        std::string pointer;
        std::uint32_t offset = 0;
        std::size_t bytes = 0;
    };
    const LongString& long_string() const { return storage_->long_string; }

  private:
    friend class JsonTreeParser;
    struct Storage {
        std::string text;
        std::string decoded;  // escaped strings, decoded; reserved to the text's size so views never move
        std::vector<JsonValue> values;
        LongString long_string;
    };
    std::shared_ptr<const Storage> storage_;
};

// The canonical text of `value` appended to `out` (see JsonValue::dump).
void json_dump(const JsonValue& value, std::string& out);
std::string json_dump(const JsonValue& value);
// `text` (well-formed UTF-8) as a JSON string, exactly as nlohmann's dump() writes it, appended to `out`.
void json_dump_text(std::string_view text, std::string& out);
// The content fingerprint: SHA-256 (hex) of the canonical text, which is hashed in pieces as it is written.
std::string json_fingerprint(const JsonValue& value);
// A JSON type name for messages ("a string", "an array", ...), as for nlohmann::json.
std::string json_type_phrase(const JsonValue& value);

}  // namespace cp
