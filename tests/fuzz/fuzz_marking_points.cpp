// libFuzzer target: the marking-points loader and the coverage table built from it against the bundled
// scenarios (coverage's path). Input: the bytes of a marking-points file.
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "library.hpp"
#include "marking_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static cp::fuzz::MemoryFile file;
    static const cp::LoadedLibrary library = cp::load_library(COUNTERPART_FUZZ_SCENARIOS);
    cp::Diagnostics diags;
    auto points = cp::load_marking_points(file.write({reinterpret_cast<const char*>(data), size}), diags);
    for (const auto& scenario : library.scenarios) cp::check_marking_point_ids(*scenario, points, diags);
    (void)cp::marking_point_coverage(library.scenarios, points);
    for (const auto& d : diags.items()) (void)cp::format_diagnostic(d);
    return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
    return cp::fuzz::mutate_json_document(data, size, max_size, seed);
}
