// Regression tests for issue 12 ("no file can crash Counterpart"): one case per finding, named after it.
// Each input here once aborted (exit 134) or overflowed the stack (exit 139) on the release build. Large or
// deep inputs are generated in memory; symlink loops are made in a temporary folder.
//
// Index: [JSON parsing] [Marking points] [Directory walks] [Conditions] [Limits] [lint] [Terminal output]
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli.hpp"
#include "expression.hpp"
#include "json_document.hpp"
#include "library.hpp"
#include "limits.hpp"
#include "marking_points.hpp"
#include "support.hpp"
#include "text_report.hpp"

using namespace cp;
using namespace cp::test;
namespace fs = std::filesystem;

namespace {

const Diagnostic* find_diag(const Diagnostics& d, const std::string& needle) {
    for (const auto& item : d.items())
        if (item.message.find(needle) != std::string::npos) return &item;
    return nullptr;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

// A copy of the mini fixture folder (scenario and policies/) to damage.
std::string mini_copy() {
    std::string dir = temp_dir();
    fs::copy(fixture("mini"), dir, fs::copy_options::recursive);
    REQUIRE(fs::is_regular_file(fs::path(dir) / "mini.json"));
    return dir;
}

// `name` in `dir` as a symlink to itself: stat() on it fails with ELOOP.
void add_symlink_loop(const fs::path& dir, const std::string& name) {
    fs::create_symlink(name, dir / name);
    std::error_code ec;
    (void)fs::status(dir / name, ec);
    REQUIRE(ec == std::errc::too_many_symbolic_link_levels);
}

struct Run {
    int status;
    std::string out, err;
};

Run lint(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    int status = cli::lint(args, out, err);
    return {status, out.str(), err.str()};
}

const std::vector<VariableSymbol> kSymbols = {{"logged", ValueType::Bool, {}}};

std::string compile_error(const std::string& source) {
    std::string error;
    std::size_t offset = 0;
    auto e = Expression::compile(source, kSymbols, error, offset);
    return e ? "" : error;
}

std::string repeat(const std::string& unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [JSON parsing]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("number overflow (1e999) is an error with position and pointer, not an abort",
          "[hardening][json]") {
    Diagnostics d;
    CHECK_FALSE(parse_json_document("{\"format_version\": 1e999, \"id\": \"x\"}", "overflow.json", d));
    const Diagnostic* e = find_diag(d, "the number 1e999 is too large");
    REQUIRE(e);
    CHECK(e->where.file == "overflow.json");
    CHECK(e->where.line == 1);
    CHECK(e->where.column == 20);
    CHECK(e->where.json_path == "/format_version");

    Diagnostics in_array;
    CHECK_FALSE(parse_json_document("{\"a\": [1,\n  -2e400]}", "array.json", in_array));
    e = find_diag(in_array, "too large");
    REQUIRE(e);
    CHECK(e->where.line == 2);
    CHECK(e->where.column == 3);
    CHECK(e->where.json_path == "/a/1");
}

TEST_CASE("number overflow (1e999): lint reports it and exits non-zero", "[hardening][json][cli]") {
    Run r = lint({fixture("hostile/number-overflow.json")});
    INFO(r.out << r.err);
    CHECK(r.status != 0);
    CHECK(r.out.find("number-overflow.json:1:20: error: the number 1e999 is too large to store "
                     "[/format_version]") != std::string::npos);
}

TEST_CASE("syntax errors name the field being read", "[hardening][json]") {
    Diagnostics d;
    CHECK_FALSE(parse_json_document("{\"nodes\": [{\"id\": \"a\"}, {\"id\": tru}]}", "syntax.json", d));
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].message.rfind("invalid JSON: ", 0) == 0);
    CHECK(d.items()[0].where.json_path == "/nodes/1/id");
}

//-----------------------------------------------------------------------------------------------------------
// [Marking points]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("marking-points item whose text, source or kind is not a string is an error, not an abort",
          "[hardening][marking_points]") {
    Diagnostics d;
    auto points = load_marking_points(fixture("hostile/marking-points-wrong-types.json"), d);
    INFO(dump(d));
    REQUIRE(points.size() == 1);  // the good item still loads
    CHECK(points[0].id == "PS-1");
    const Diagnostic* text = find_diag(d, "\"text\" must be a string, not a whole number");
    const Diagnostic* source = find_diag(d, "\"source\" must be a string, not an array");
    const Diagnostic* kind = find_diag(d, "\"kind\" must be a string, not an object");
    REQUIRE(text);
    REQUIRE(source);
    REQUIRE(kind);
    CHECK(text->where.json_path == "/items/1/text");
    CHECK(text->where.line == 4);
    CHECK(source->where.json_path == "/items/2/source");
    CHECK(kind->where.json_path == "/items/3/kind");
    CHECK(d.error_count() == 3);
}

TEST_CASE("marking-points item whose text is not a string: coverage names it and does not pass",
          "[hardening][marking_points][cli]") {
    std::string dir = mini_copy();
    fs::copy_file(fixture("hostile/marking-points-wrong-types.json"), dir + "/marking-points.json");
    std::ostringstream out, err;
    int status = cli::coverage({dir}, out, err);
    INFO(out.str() << err.str());
    CHECK(status == 2);
    CHECK(err.str().find("marking-points.json:4:") != std::string::npos);
    CHECK(err.str().find("has errors; the items with errors are left out") != std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Directory walks]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("symlink loop in a scenario folder is skipped with a warning naming it", "[hardening][folders]") {
    std::string dir = mini_copy();
    add_symlink_loop(dir, "loop.json");
    LoadedLibrary lib = load_library(dir);
    INFO(dump(lib.diagnostics));
    REQUIRE(lib.scenarios.size() == 1);
    CHECK(lib.scenarios[0]->id == "mini");
    const Diagnostic* w = find_diag(lib.diagnostics, "loop.json");
    REQUIRE(w);
    CHECK(w->severity == Severity::Warning);
    CHECK(w->message.find("Too many levels of symbolic links") != std::string::npos);
}

TEST_CASE("symlink loop in policies/ is skipped with a warning and the scenario still loads",
          "[hardening][folders]") {
    std::string dir = mini_copy();
    add_symlink_loop(fs::path(dir) / "policies", "loop.json");
    PolicyLibrary policies;
    Diagnostics d;
    CHECK(policies.load_directory((fs::path(dir) / "policies").string(), d));
    INFO(dump(d));
    CHECK(policies.find("fixture-policy"));
    CHECK_FALSE(d.has_errors());
    CHECK(find_diag(d, "policies/loop.json"));

    LoadedLibrary lib = load_library(dir);
    CHECK(lib.scenarios.size() == 1);
}

TEST_CASE("symlink loop in a folder given to lint is named, and lint still checks the rest",
          "[hardening][folders][cli]") {
    std::string dir = mini_copy();
    add_symlink_loop(dir, "loop.json");
    add_symlink_loop(fs::path(dir) / "policies", "loop.json");
    Run r = lint({dir});
    INFO(r.out << r.err);
    CHECK(r.out.find("loop.json: warning: skipped: cannot examine") != std::string::npos);
    CHECK(r.out.find("policies/loop.json: warning: skipped") != std::string::npos);
    CHECK(r.out.find("2 files checked") != std::string::npos);  // mini.json and its policy
}

TEST_CASE("a scenario folder that cannot be read names itself in the error", "[hardening][folders]") {
    fs::path parent = temp_dir();
    add_symlink_loop(parent, "scenarios");
    std::string dir = (parent / "scenarios").string();
    LoadedLibrary lib = load_library(dir);
    CHECK(lib.scenarios.empty());
    const Diagnostic* e = find_diag(lib.diagnostics, "cannot read the folder " + dir);
    REQUIRE(e);
    CHECK(e->severity == Severity::Error);
    CHECK(e->message.find("Too many levels of symbolic links") != std::string::npos);

    // A folder that does not exist is not an error here: the library's own message calls it missing.
    LoadedLibrary missing = load_library((parent / "no-such-folder").string());
    CHECK_FALSE(missing.diagnostics.has_errors());
}

//-----------------------------------------------------------------------------------------------------------
// [Conditions]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("condition nested 8,000 brackets deep is refused, not a stack overflow", "[hardening][expression]") {
    std::string deep = repeat("(", 8000) + "logged" + repeat(")", 8000);
    CHECK(compile_error(deep).find("limit is " + std::to_string(kMaxConditionBytes)) != std::string::npos);
    // Within the length limit, the depth limit names itself.
    std::size_t levels = static_cast<std::size_t>(kMaxConditionDepth) + 1;
    CHECK(compile_error(repeat("(", levels) + "logged" + repeat(")", levels)) ==
          "the condition nests deeper than 64 levels of brackets and 'not'; split it up");
    CHECK(compile_error(repeat("(", levels - 1) + "logged" + repeat(")", levels - 1)).empty());
}

TEST_CASE("condition with not repeated 100,000 times is refused, not a stack overflow",
          "[hardening][expression]") {
    CHECK(compile_error(repeat("not ", 100000) + "logged").find("bytes long; the limit is") !=
          std::string::npos);
    CHECK(compile_error(repeat("not ", 65) + "logged").find("nests deeper than 64 levels") !=
          std::string::npos);
    CHECK(compile_error(repeat("not ", 64) + "logged").empty());
}

TEST_CASE("condition with 'true and' repeated 1,000,000 times is refused, and long chains evaluate",
          "[hardening][expression]") {
    CHECK(compile_error(repeat("true and ", 1000000) + "true").find("the limit is 4096") != std::string::npos);

    // The longest chain the limit allows: evaluated as one list of operands, with the deciding operand last.
    std::size_t terms = (kMaxConditionBytes - 6) / 11;
    std::string chain = repeat("logged and ", terms) + "logged";
    std::string or_chain = repeat("not logged or ", terms / 2) + "logged";
    std::string error;
    std::size_t offset = 0;
    auto all = Expression::compile(chain, kSymbols, error, offset);
    auto any = Expression::compile(or_chain, kSymbols, error, offset);
    REQUIRE(all);
    REQUIRE(any);
    std::vector<int> on{1}, off{0};
    CHECK(all->evaluate({on, nullptr}));
    CHECK_FALSE(all->evaluate({off, nullptr}));
    CHECK(any->evaluate({on, nullptr}));
    CHECK(any->evaluate({off, nullptr}));  // "not logged" is true
    CHECK(Expression::compile("(logged or logged) and not (logged and logged)", kSymbols, error, offset)
              ->evaluate({on, nullptr}) == false);
}

TEST_CASE("condition nested 8,000 deep in the bundled folder does not crash listing", "[hardening][folders]") {
    std::string dir = mini_copy();
    nlohmann::json bad = read_json(fixture("mini/mini.json"));
    bad["id"] = "deep-condition";
    bad["nodes"][0]["choices"][0]["condition"] = repeat("(", 8000) + "verified" + repeat(")", 8000);
    write_file(dir + "/deep.json", bad.dump(2));
    LoadedLibrary lib = load_library(dir);
    INFO(dump(lib.diagnostics));
    REQUIRE(lib.scenarios.size() == 1);
    CHECK(lib.scenarios[0]->id == "mini");
    const Diagnostic* e = find_diag(lib.diagnostics, "bytes long; the limit is 4096");
    REQUIRE(e);
    CHECK(e->where.file == dir + "/deep.json");
    CHECK(e->where.json_path == "/nodes/0/choices/0/condition");
}

//-----------------------------------------------------------------------------------------------------------
// [Limits]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("a file over the size limit is refused before parsing", "[hardening][limits]") {
    std::string text = "[\"" + std::string(kMaxJsonFileBytes, 'a') + "\"]";
    Diagnostics d;
    CHECK_FALSE(parse_json_document(text, "huge.json", d));
    CHECK(find_diag(d, "the limit is " + std::to_string(kMaxJsonFileBytes) + " (16 MiB)"));

    std::string path = temp_dir() + "/huge.json";
    write_file(path, text);
    Diagnostics from_disk;
    bool unreadable = false;
    CHECK_FALSE(load_json_file(path, from_disk, &unreadable));
    CHECK(find_diag(from_disk, "the limit is " + std::to_string(kMaxJsonFileBytes)));
}

TEST_CASE("a string over the text limit is an error naming its field", "[hardening][limits]") {
    nlohmann::json j = {{"id", "x"}, {"nodes", {{{"id", "n1"}, {"text", std::string(70 * 1024, 'a')}}}}};
    Diagnostics d;
    CHECK_FALSE(parse_json_document(j.dump(2), "long.json", d));
    const Diagnostic* e = find_diag(d, "the limit for one string is 64 KiB");
    REQUIRE(e);
    CHECK(e->where.json_path == "/nodes/0/text");
    CHECK(e->where.line > 1);

    nlohmann::json at_limit = {{"text", std::string(kMaxJsonStringBytes, 'a')}};
    Diagnostics fine;
    CHECK(parse_json_document(at_limit.dump(), "ok.json", fine));
}

TEST_CASE("JSON nested deeper than the depth limit is refused with a position", "[hardening][limits]") {
    std::string text = "{\"a\":\n" + repeat("[", 100000);
    Diagnostics d;
    CHECK_FALSE(parse_json_document(text, "deep.json", d));
    const Diagnostic* e = find_diag(d, "more than 64 levels deep");
    REQUIRE(e);
    CHECK(e->where.line == 2);
    CHECK(e->where.column == kMaxJsonDepth);
}

//-----------------------------------------------------------------------------------------------------------
// [lint]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("lint of a folder holding no scenario files says so and exits 2", "[hardening][cli]") {
    std::string dir = temp_dir();
    write_file(dir + "/notes.txt", "not a scenario");
    Run r = lint({dir});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find("counterpart lint: nothing to check in " + dir) != std::string::npos);
    CHECK(r.out.find("0 files checked") == std::string::npos);
}

//-----------------------------------------------------------------------------------------------------------
// [Terminal output]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("scenario text cannot send terminal escape codes", "[hardening][terminal]") {
    // ESC ] (retitle the window), ESC [2J (clear the screen), CR, BEL, DEL and C1 CSI (U+009B) all go;
    // tab, newline and UTF-8 whose bytes include 0x80-0x9F (é, €, 日本, 😀) stay.
    std::string hostile = "a\x1b]0;owned\x07" "b\x1b[2Jc\rd\x7f" "e\xc2\x9b" "31mf\tg\nZo\xc3\xa9 \xe2\x82\xac "
                          "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
    std::string clean = strip_control_chars(hostile);
    CHECK(clean == "a]0;ownedb[2Jcde31mf\tg\nZo\xc3\xa9 \xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");

    std::string wrapped = wrap_text("The customer says: \x1b[2J\x1b]0;owned\x07hello", 80);
    CHECK(wrapped.find('\x1b') == std::string::npos);
    CHECK(wrapped.find('\x07') == std::string::npos);
    CHECK(wrapped == "The customer says: [2J]0;ownedhello\n");

    Diagnostics diags;  // built as the loaders build them (a braced Diagnostic here tripped a g++ 12 false warning)
    diags.error({"x\x1b[31m.json", 1, 2, "/a"}, "bad \x1b]0;t\x07 value");
    REQUIRE(diags.items().size() == 1);
    CHECK(format_diagnostic(diags.items().front()) == "x[31m.json:1:2: error: bad ]0;t value [/a]");
}

TEST_CASE("scenario text cannot send terminal escape codes through the terminal player",
          "[hardening][terminal][cli]") {
    std::string dir = mini_copy();
    nlohmann::json j = read_json(fixture("mini/mini.json"));
    j["title"] = "Mini\x1b]0;owned\x07";
    j["nodes"][0]["choices"][0]["text"] = "\x1b[2JI'll log your request now.\xc2\x9b";
    write_file(dir + "/mini.json", j.dump(2));
    std::istringstream in("1\n1\n1\n1\n");
    std::ostringstream out, err;
    cli::play({dir + "/mini.json", "--no-record", "--seed", "1"}, in, out, err);
    INFO(out.str() << err.str());
    CHECK(out.str().find("1. [2JI'll log your request now.") != std::string::npos);
    CHECK(out.str().find("Mini]0;owned") != std::string::npos);
    CHECK(out.str().find('\x1b') == std::string::npos);
    CHECK(out.str().find('\x07') == std::string::npos);
    CHECK(out.str().find("\xc2\x9b") == std::string::npos);
}
