#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "expression.hpp"

using namespace cp;

namespace {
const std::vector<VariableSymbol> kSymbols = {
    {"logged", ValueType::Bool, {}},
    {"warnings", ValueType::Int, {}},
    {"channel", ValueType::Enum, {"phone", "email", "counter"}},
};

bool eval(const std::string& src, std::vector<int> vars, std::vector<std::string> needs = {}) {
    std::string error;
    std::size_t offset = 0;
    auto e = Expression::compile(src, kSymbols, error, offset);
    INFO(src << " -> " << error);
    REQUIRE(e);
    CustomerView c{"c1", "Polish", &needs, 34, ""};
    return e->evaluate({vars, &c});
}

std::string compile_error(const std::string& src, std::size_t* offset_out = nullptr) {
    std::string error;
    std::size_t offset = 0;
    auto e = Expression::compile(src, kSymbols, error, offset);
    if (offset_out) *offset_out = offset;
    return e ? "" : error;
}
}  // namespace

TEST_CASE("conditions evaluate over variables and the customer", "[expression][unit]") {
    CHECK(eval("logged", {1, 0, 0}));
    CHECK_FALSE(eval("not logged", {1, 0, 0}));
    CHECK(eval("warnings >= 2 and channel == 'email'", {0, 2, 1}));
    CHECK_FALSE(eval("warnings >= 2 and channel == 'email'", {0, 2, 0}));
    CHECK(eval("channel != 'phone' or logged", {0, 0, 2}));
    CHECK(eval("'bsl_interpreter' in customer.needs", {0, 0, 0}, {"bsl_interpreter"}));
    CHECK_FALSE(eval("'bsl_interpreter' in customer.needs", {0, 0, 0}, {"large_print"}));
    CHECK(eval("customer.language != 'English' and customer.age > 18", {0, 0, 0}));
    CHECK(eval("not (logged or warnings > 0)", {0, 0, 0}));
    CHECK(eval("warnings == -1", {0, -1, 0}));
}

TEST_CASE("bad conditions are rejected with a reason and position", "[expression][errors][unit]") {
    std::size_t offset = 0;
    CHECK(compile_error("unknown_var", &offset).find("undefined variable 'unknown_var'") !=
          std::string::npos);
    CHECK(offset == 0);
    CHECK(compile_error("logged and warnings", &offset).find("true/false") != std::string::npos);
    CHECK(compile_error("channel == 'fax'").find("'fax' is not a value of channel") != std::string::npos);
    CHECK(compile_error("warnings > 'x'").find("cannot compare") != std::string::npos);
    CHECK(compile_error("logged ==").find("expected a value") != std::string::npos);
    CHECK(compile_error("(logged").find("expected ')'") != std::string::npos);
    CHECK(compile_error("customer.shoe_size > 3").find("unknown customer field") != std::string::npos);
    CHECK(compile_error("logged & warnings", &offset).find("unexpected character") != std::string::npos);
    CHECK(offset == 7);
    CHECK(compile_error("warnings").find("must be true or false") != std::string::npos);
    CHECK(compile_error("'x' in warnings").find("needs a list") != std::string::npos);
}

TEST_CASE("and binds tighter than or in chains of any length", "[expression][unit]") {
    // Chains are evaluated as lists of operands; precedence and brackets must survive that.
    CHECK(eval("logged or warnings > 1 and channel == 'email'", {1, 0, 0}));
    CHECK_FALSE(eval("logged or warnings > 1 and channel == 'email'", {0, 2, 0}));
    CHECK(eval("logged or warnings > 1 and channel == 'email'", {0, 2, 1}));
    CHECK_FALSE(eval("(logged or warnings > 1) and channel == 'email'", {1, 0, 0}));
    CHECK(eval("not logged and not logged and warnings == 0 or logged", {0, 0, 0}));
    CHECK(eval("logged and logged and logged or not logged and warnings == 3", {0, 3, 0}));
    CHECK_FALSE(eval("logged and logged and logged or not logged and warnings == 3", {0, 2, 0}));
}
