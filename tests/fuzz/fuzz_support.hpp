// Shared by the libFuzzer targets: an in-memory file for loaders that take a path, and a structure-aware JSON
// mutator (swap a value's type, drop a key, nest deeply, copy a subtree) so inputs stay JSON long enough to
// reach the loaders' type checks instead of dying in the parser.
//
// Index: [In-memory file] [JSON mutation] [Custom mutator entry]
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_document.hpp"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace cp::fuzz {

//-----------------------------------------------------------------------------------------------------------
// [In-memory file]
//-----------------------------------------------------------------------------------------------------------

// A memfd reachable as /proc/self/fd/N: loaders that read by path read the fuzz input without disk writes.
class MemoryFile {
  public:
    MemoryFile() : fd_(memfd_create("counterpart-fuzz", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {}
    ~MemoryFile() { ::close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    // Replaces the contents with `bytes`; returns the path to read them back.
    const std::string& write(std::string_view bytes) {
        if (::ftruncate(fd_, 0) != 0) __builtin_trap();
        std::size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
            if (n <= 0) __builtin_trap();  // the harness, not the code under test, failed
            done += static_cast<std::size_t>(n);
        }
        return path_;
    }

  private:
    int fd_;
    std::string path_;
};

//-----------------------------------------------------------------------------------------------------------
// [JSON mutation]
//-----------------------------------------------------------------------------------------------------------

using nlohmann::json;

// Every value in `root` (pre-order), as pointers into the tree; the root comes first.
inline void collect_values(json& node, std::vector<json*>& out) {
    out.push_back(&node);
    if (node.is_structured())
        for (auto& child : node) collect_values(child, out);
}

// A value of a type other than `old`'s, chosen from the awkward ones loaders must survive.
inline json other_type_value(const json& old, std::mt19937& rng) {
    static const json kChoices[] = {
        nullptr, true, false, 0, -1, 2147483648LL, -9223372036854775807LL - 1, 18446744073709551615ULL,
        1.5, 1e308, -0.0, "", "x", "0", "true", json::array(), json::array({1, "a"}), json::object(),
        json::object({{"id", "x"}}),
    };
    for (int attempt = 0; attempt < 8; ++attempt) {
        const json& pick = kChoices[rng() % std::size(kChoices)];
        if (pick.type() != old.type() || attempt == 7) return pick;
    }
    return nullptr;
}

// Applies one structural mutation to `root`; returns false when none applied.
inline bool mutate_json(json& root, std::mt19937& rng) {
    std::vector<json*> values;
    collect_values(root, values);
    json* target = values[rng() % values.size()];
    switch (rng() % 6) {
        case 0:  // swap the value's type
        case 1:
            *target = other_type_value(*target, rng);
            return true;
        case 2: {  // drop a key from an object
            std::vector<json*> objects;
            for (json* v : values)
                if (v->is_object() && !v->empty()) objects.push_back(v);
            if (objects.empty()) return false;
            json* obj = objects[rng() % objects.size()];
            auto it = obj->begin();
            std::advance(it, static_cast<long>(rng() % obj->size()));
            obj->erase(it.key());
            return true;
        }
        case 3: {  // nest deeply: wrap in arrays or objects, shallow to far past any sane limit
            static const int kDepths[] = {2, 10, 63, 64, 65, 200, 1500};  // the last far past 64, within the harness's limit
            int depth = kDepths[rng() % std::size(kDepths)];
            bool as_object = rng() % 2;
            json wrapped = std::move(*target);
            for (int i = 0; i < depth; ++i) wrapped = as_object ? json{{"x", std::move(wrapped)}} : json::array({std::move(wrapped)});
            *target = std::move(wrapped);
            return true;
        }
        case 4: {  // copy another subtree here (a node where a string was, a choice inside a choice, ...)
            json* source = values[rng() % values.size()];
            if (source == target) return false;
            json copy = *source;
            *target = std::move(copy);
            return true;
        }
        default: {  // duplicate an array element (more items, repeated ids)
            std::vector<json*> arrays;
            for (json* v : values)
                if (v->is_array() && !v->empty()) arrays.push_back(v);
            if (arrays.empty()) return false;
            json* arr = arrays[rng() % arrays.size()];
            arr->push_back((*arr)[rng() % arr->size()]);
            return true;
        }
    }
}

// The harness's own nesting limit. nlohmann copies, dumps and (in collect_values) walks a tree recursively,
// so a document nested tens of thousands deep overflowed the HARNESS's stack (fuzz_record's reseal copying
// it) before the code under test, which refuses anything past kMaxJsonDepth (64) without recursing, saw it.
// Deeper documents still reach the code under test, unparsed by the harness (byte mutation, no reseal).
inline constexpr int kHarnessMaxDepth = 2000;

// Parses `text` leniently (no exceptions); discarded when it is not JSON or nests past kHarnessMaxDepth.
inline json parse_or_discarded(std::string_view text) {
    if (json_nested_past(text, kHarnessMaxDepth)) return json(json::value_t::discarded);
    return json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

// Writes `text` into libFuzzer's buffer if it fits; returns the new size or 0.
inline std::size_t emit(const std::string& text, std::uint8_t* data, std::size_t max_size) {
    if (text.empty() || text.size() > max_size) return 0;
    std::memcpy(data, text.data(), text.size());
    return text.size();
}

//-----------------------------------------------------------------------------------------------------------
// [Custom mutator entry]
//-----------------------------------------------------------------------------------------------------------

// One mutation of a single JSON document: half the time structural (when the input parses), otherwise
// libFuzzer's own byte-level mutation, so the syntax layer is fuzzed as well.
inline std::size_t mutate_json_document(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                        unsigned seed) {
    std::mt19937 rng(seed);
    if (rng() % 2 == 0) {
        json root = parse_or_discarded({reinterpret_cast<const char*>(data), size});
        if (!root.is_discarded() && mutate_json(root, rng)) {
            // Pretty-printed a third of the time so line and column reporting sees more than one line.
            std::string text = rng() % 3 == 0 ? root.dump(2) : root.dump();
            if (std::size_t n = emit(text, data, max_size)) return n;
        }
    }
    return LLVMFuzzerMutate(data, size, max_size);
}

}  // namespace cp::fuzz
