// The test suite's own contract with ctest: catch_discover_tests registers each case by name, and ctest cuts
// a name at ';' and reads one starting with '-' as an option, so such a case would "pass" by running nothing.
#include <catch2/catch.hpp>

#include <string>

TEST_CASE("every test name reaches ctest whole, with no semicolon inside and no dash first", "[suite][regression]") {
    // Every registered case, whatever filter this run was started with.
    const auto& all = Catch::getAllTestCasesSorted(*Catch::getCurrentContext().getConfig());
    REQUIRE(all.size() > 20);  // both test binaries hold well over this
    for (const auto& test : all) {
        INFO(test.name);
        CHECK(test.name.find(';') == std::string::npos);
        CHECK(test.name.rfind("-", 0) != 0);
    }
}
