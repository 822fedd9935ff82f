// libFuzzer target: the policy loader, and the JSON reader against nlohmann on every input (the same verdict,
// the same content). Input: the bytes of a policy file.
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "../json_differential.hpp"
#include "fuzz_support.hpp"
#include "loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (std::string why = cp::test::json_readers_disagree(text); !why.empty()) {
        std::fprintf(stderr, "JsonTree and nlohmann disagree: %s\n", why.c_str());
        __builtin_trap();
    }
    cp::Diagnostics diags;
    if (auto doc = cp::parse_json_document(text, "fuzz-policy.json", diags, cp::JsonDom::skip)) {
        (void)cp::looks_like_policy(*doc);
        (void)cp::load_policy(*doc, diags);
    }
    for (const auto& d : diags.items()) (void)cp::format_diagnostic(d);
    return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
    return cp::fuzz::mutate_json_document(data, size, max_size, seed);
}
