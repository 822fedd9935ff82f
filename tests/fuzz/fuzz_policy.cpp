// libFuzzer target: the policy loader. Input: the bytes of a policy file.
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    cp::Diagnostics diags;
    if (auto doc = cp::parse_json_document(text, "fuzz-policy.json", diags)) {
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
