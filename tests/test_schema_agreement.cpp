// One definition of the file format: the JSON Schemas in assets/ and the C++ loader must give the same
// answer. Every bad schema fixture names the error it expects from each (tests/fixtures/schema/*.expect.json),
// and every fixture and shipped file is run through both and must be accepted or rejected by both.
// "Accepted" by the loader means loaded with no diagnostic at all: lint fails shipped files on warnings too.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loader.hpp"
#include "marking_points.hpp"
#include "support.hpp"

using namespace cp;
namespace fs = std::filesystem;

namespace {

const std::string kSchemaFixtures = COUNTERPART_TEST_FIXTURES "/schema";

// The kind of file, chosen as tests/validate_schemas.py chooses it.
std::string kind_of(const fs::path& path) {
    if (path.string().find("/policies/") != std::string::npos) return "policy";
    if (path.filename() == "marking-points.json") return "marking-points";
    return "scenario";
}

// Loads `path` with the C++ loader; its diagnostics.
Diagnostics load_with_loader(const fs::path& path) {
    Diagnostics diags;
    const std::string kind = kind_of(path);
    if (kind == "policy") {
        // As lint and the library load it: with its folder, whose policies may share actions.
        PolicyLibrary policies;
        Diagnostics folder;
        policies.load_directory(path.parent_path().string(), folder);
        for (const auto& d : folder.items())
            if (fs::path(d.where.file).filename() == path.filename()) diags.add(d);
    } else if (kind == "marking-points") {
        (void)load_marking_points(path.string(), diags);
    } else {
        PolicyLibrary policies;
        Diagnostics policy_diags;  // problems in the policies are their own files' answer
        policies.load_directory(default_policy_dir(path.string()), policy_diags);
        (void)load_scenario_file(path.string(), policies, diags);
    }
    return diags;
}

// The bad fixtures (tests/fixtures/schema/bad-*.json), sorted.
std::vector<fs::path> bad_fixtures() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(kSchemaFixtures)) {
        std::string name = e.path().filename().string();
        if (name.rfind("bad-", 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == ".json" &&
            name.find(".expect.json") == std::string::npos)
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Every file both definitions must agree on: the shipped library, the schema fixtures (bad and good).
std::vector<fs::path> agreement_files() {
    std::vector<fs::path> out;
    for (const std::string& dir : {std::string(COUNTERPART_SHIPPED_SCENARIOS),
                                  std::string(COUNTERPART_SHIPPED_SCENARIOS) + "/policies", kSchemaFixtures,
                                  kSchemaFixtures + "/policies"})
        for (const auto& e : fs::directory_iterator(dir)) {
            std::string name = e.path().filename().string();
            if (e.is_regular_file() && name.size() > 5 && name.substr(name.size() - 5) == ".json" &&
                name.find(".expect.json") == std::string::npos)
                out.push_back(e.path());
        }
    std::sort(out.begin(), out.end());
    return out;
}

// The schema's answer per file from tests/validate_schemas.py --verdicts: path -> "" (accept) or the reason.
std::map<std::string, std::string> schema_verdicts(const std::vector<fs::path>& files) {
    std::string command = "/usr/bin/python3 '" COUNTERPART_TEST_FIXTURES "/../validate_schemas.py' '" +
                          (fs::path(COUNTERPART_SHIPPED_SCENARIOS) / "..").string() + "' --verdicts";
    for (const auto& f : files) command += " '" + f.string() + "'";
    std::map<std::string, std::string> out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    char buffer[4096];
    std::string text;
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) text.append(buffer, n);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        std::string line = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (line.rfind("accept ", 0) == 0) out[line.substr(7)] = "";
        if (line.rfind("reject ", 0) == 0) {
            std::size_t colon = line.find(": ", 7);
            out[line.substr(7, colon - 7)] = line.substr(colon + 2);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("the loader reports the error each bad schema fixture expects", "[schema][loader][errors]") {
    auto files = bad_fixtures();
    REQUIRE(files.size() >= 6);
    for (const auto& file : files) {
        INFO(file.string());
        fs::path sidecar = file;
        sidecar.replace_extension(".expect.json");
        REQUIRE(fs::exists(sidecar));
        auto expect = test::read_json(sidecar.string()).at("loader");
        const std::string at = expect.at("at"), message = expect.at("message");
        Diagnostics diags = load_with_loader(file);
        bool found = false;
        std::string got;
        for (const auto& d : diags.items()) {
            got += format_diagnostic(d) + "\n";
            found = found || (d.severity == Severity::Error && d.where.json_path == at &&
                              d.message.find(message) != std::string::npos && d.where.line > 0);
        }
        INFO("expected an error at '" << at << "' containing \"" << message << "\"; the loader said:\n" << got);
        CHECK(found);
    }
}

TEST_CASE("the schema and the loader accept and reject the same files", "[schema][loader]") {
    auto files = agreement_files();
    REQUIRE(files.size() >= 30);
    auto schema = schema_verdicts(files);
    for (const auto& file : files) {
        INFO(file.string());
        REQUIRE(schema.count(file.string()) == 1);
        Diagnostics diags = load_with_loader(file);
        std::string loader_said;
        for (const auto& d : diags.items()) loader_said += format_diagnostic(d) + "\n";
        INFO("schema: " << (schema[file.string()].empty() ? "accepts" : "rejects: " + schema[file.string()]));
        INFO("loader: " << (loader_said.empty() ? "accepts" : "rejects:\n" + loader_said));
        CHECK(schema[file.string()].empty() == diags.items().empty());
    }
}
