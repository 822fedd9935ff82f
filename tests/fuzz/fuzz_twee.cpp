// libFuzzer target: the Twine (Twee 3) importer, and the scenario loader on every draft it makes.
// Input: the bytes of a .twee file. A draft the loader refuses is a bug (the importer promises a draft that
// loads), as is a refusal without a line and column.
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "json_document.hpp"
#include "loader.hpp"
#include "twee_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    cp::Diagnostics diags;
    auto draft = cp::import_twee(text, "fuzz.twee", diags);
    if (!draft) {
        if (!diags.has_errors() || diags.items().front().where.line < 1) __builtin_trap();
        return 0;
    }
    (void)cp::twee_import_report(*draft, "fuzz.twee");
    cp::Diagnostics load;
    auto doc = cp::parse_json_document(draft->scenario.dump(), "draft.json", load);
    if (!doc) __builtin_trap();
    static const cp::PolicyLibrary no_policies;
    if (!cp::load_scenario(*doc, no_policies, load)) {
        // Say why before stopping, so that a crash found in CI explains itself in the log.
        for (const auto& d : load.items()) std::fprintf(stderr, "draft refused: %s\n", cp::format_diagnostic(d).c_str());
        __builtin_trap();
    }
    return 0;
}
