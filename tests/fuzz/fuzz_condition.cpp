// libFuzzer target: the condition language, compiled against a fixed set of variables and then evaluated
// for several variable values and customers. Input: the condition's source text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expression.hpp"

namespace {

// Names the dictionary (condition.dict) also uses, so the fuzzer composes well-typed conditions.
const std::vector<cp::VariableSymbol>& symbols() {
    static const std::vector<cp::VariableSymbol> list = {
        {"asked", cp::ValueType::Bool, {}},
        {"count", cp::ValueType::Int, {}},
        {"stage", cp::ValueType::Enum, {"new", "open", "closed"}},
    };
    return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view source(reinterpret_cast<const char*>(data), size);
    std::string error;
    std::size_t error_offset = 0;
    auto expr = cp::Expression::compile(source, symbols(), error, error_offset);
    if (!expr) {
        if (error.empty() || error_offset > source.size()) __builtin_trap();  // every refusal says where and why
        return 0;
    }
    static const std::vector<std::string> needs = {"bsl", "large-print"};
    static const std::vector<std::string> no_needs;
    const int values[][3] = {{0, 0, 0}, {1, 7, 2}, {1, -2147483647 - 1, 1}, {0, 2147483647, 0}};
    for (const auto& v : values) {
        cp::CustomerView customer{"c1", "en", (v[1] & 1) ? &needs : &no_needs, v[1], "self"};
        cp::EvalContext ctx{std::span<const int>(v, 3), &customer};
        (void)expr->evaluate(ctx);
    }
    return 0;
}
