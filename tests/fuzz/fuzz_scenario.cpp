// libFuzzer target: the scenario loader and the checks every loaded scenario goes through (lint's path), and
// the JSON reader against nlohmann on every input (the same verdict, the same content).
// Input: the bytes of a scenario file. Policies: the bundled ones, loaded once.
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "../json_differential.hpp"
#include "checks.hpp"
#include "fuzz_support.hpp"
#include "loader.hpp"

namespace {

// The bundled policies, which the seed scenarios cite.
const cp::PolicyLibrary& bundled_policies() {
    static const cp::PolicyLibrary library = [] {
        cp::PolicyLibrary lib;
        cp::Diagnostics ignored;
        lib.load_directory(COUNTERPART_FUZZ_SCENARIOS "/policies", ignored);
        return lib;
    }();
    return library;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (std::string why = cp::test::json_readers_disagree(text); !why.empty()) {
        std::fprintf(stderr, "JsonTree and nlohmann disagree: %s\n", why.c_str());
        __builtin_trap();
    }
    cp::Diagnostics diags;
    auto doc = cp::parse_json_document(text, "fuzz.json", diags, cp::JsonDom::skip);
    if (doc) {
        if (auto scenario = cp::load_scenario(*doc, bundled_policies(), diags)) {
            cp::CheckOptions options;
            options.state_limit = 20000;  // enough for every seed; keeps one input well under a second
            cp::check_scenario(*scenario, diags, options);
        }
    }
    for (const auto& d : diags.items()) (void)cp::format_diagnostic(d);
    return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
    return cp::fuzz::mutate_json_document(data, size, max_size, seed);
}
