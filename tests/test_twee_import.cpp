// Importing Twine 2 stories (Twee 3) as scenario drafts: the mapping of tests/fixtures/twee/full.twee, which
// uses every Twee 3 feature, the report of what could not be mapped, the draft loading and linting, the
// command line, and hostile input.
//
// Index: [Mapping] [Report] [The draft as a scenario] [Command line] [Hostile input]
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.hpp"
#include "loader.hpp"
#include "support.hpp"
#include "twee_import.hpp"

using namespace cp;
using namespace cp::test;

namespace fs = std::filesystem;

namespace {

const std::string& full_text() {
    static const std::string text = read_file(fixture("twee/full.twee"));
    return text;
}

TweeImport import_full() {
    Diagnostics diags;
    auto r = import_twee(full_text(), "full.twee", diags);
    INFO((diags.items().empty() ? std::string() : format_diagnostic(diags.items().front())));
    REQUIRE(r);
    return *r;
}

const OrderedJson& by_id(const OrderedJson& list, const std::string& id) {
    for (const auto& item : list)
        if (item["id"] == id) return item;
    FAIL("no item with id " << id);
    return list;
}

// 1-based line and column of the first occurrence of `needle` in the fixture, so expectations follow it.
std::pair<int, int> where_in_full(const std::string& needle) {
    auto at = full_text().find(needle);
    REQUIRE(at != std::string::npos);
    int line = 1 + static_cast<int>(std::count(full_text().begin(), full_text().begin() + static_cast<long>(at), '\n'));
    auto line_start = full_text().rfind('\n', at);
    int column = static_cast<int>(at - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
    return {line, column};
}

bool reported(const TweeImport& r, const std::string& kind, std::pair<int, int> at, const std::string& words) {
    return std::any_of(r.unmapped.begin(), r.unmapped.end(), [&](const TweeUnmapped& u) {
        return u.kind == kind && u.line == at.first && u.column == at.second &&
               u.message.find(words) != std::string::npos;
    });
}

// The first error's "file:line:col: error: message" for a story that must not import.
std::string import_error(const std::string& text) {
    Diagnostics diags;
    auto r = import_twee(text, "story.twee", diags);
    CHECK_FALSE(r);
    REQUIRE(diags.has_errors());
    return format_diagnostic(diags.items().front());
}

// Empty when the draft loads with the scenario loader (the importer's promise); else the loader's first error.
std::string draft_load_error(const TweeImport& draft) {
    Diagnostics load;
    auto doc = parse_json_document(draft.scenario.dump(), "draft.json", load);
    PolicyLibrary none;
    if (doc && load_scenario(*doc, none, load)) return {};
    return load.items().empty() ? "refused without a diagnostic" : format_diagnostic(load.items().front());
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Mapping]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("import-twine: StoryTitle, StoryData's start and ifid make the draft's title, id and start", "[twee]") {
    auto r = import_full();
    CHECK(r.scenario["title"] == "Rent arrears at the front desk");
    CHECK(r.scenario["id"] == "rent-arrears-at-the-front-desk");
    CHECK(r.ifid == "5A1C0C3E-7D54-4E4B-9E0B-2F0D6B1A9C11");
    CHECK(r.scenario["start"] == "at-the-desk");  // StoryData's "start", not the first passage in the file
}

TEST_CASE("import-twine: passages with links become nodes, without links endings, links choices", "[twee]") {
    auto r = import_full();
    const auto& nodes = r.scenario["nodes"];
    const auto& endings = r.scenario["endings"];
    std::vector<std::string> node_ids, ending_ids;
    for (const auto& n : nodes) node_ids.push_back(n["id"]);
    for (const auto& e : endings) ending_ids.push_back(e["id"]);
    CHECK(node_ids == std::vector<std::string>{"at-the-desk", "check-the-letter", "take-details",
                                               "check-the-rent-account",
                                               "name-with-brackets-and-braces-and-a-backslash"});
    CHECK(ending_ids ==
          std::vector<std::string>{"brush-off", "rash-promise", "resolved", "missing-payments-office"});

    // The three link forms: Text->Target, Text|Target, Target<-Text.
    const auto& desk = by_id(nodes, "at-the-desk")["choices"];
    REQUIRE(desk.size() == 3);
    CHECK(desk[0]["text"] == "Ask to see the letter");
    CHECK(desk[0]["next"] == "check-the-letter");
    CHECK(desk[1]["text"] == "Tell him to ring the rent line");
    CHECK(desk[1]["next"] == "brush-off");
    CHECK(desk[2]["text"] == "Take his details");
    CHECK(desk[2]["next"] == "take-details");
    // [[Target]]: the passage name is the text too.
    const auto& details = by_id(nodes, "take-details")["choices"];
    REQUIRE(details.size() == 1);
    CHECK(details[0]["text"] == "Check the rent account");
    CHECK(details[0]["next"] == "check-the-rent-account");
    CHECK(r.choices == 9);
    CHECK(r.nodes == 5);
    CHECK(r.endings == 4);
    CHECK(r.passages == 8);  // StoryTitle, StoryData, script, stylesheet, StoryInit and the duplicate left out

    CHECK(by_id(endings, "resolved")["text"] == "The record is corrected and a letter confirming it is sent.");
    CHECK(by_id(endings, "resolved")["title"] == "Resolved");
}

TEST_CASE("import-twine: quoted paragraphs are the customer, others narration, comments and macros go",
          "[twee]") {
    auto r = import_full();
    const auto& nodes = r.scenario["nodes"];
    OrderedJson desk = OrderedJson::array(
        {{{"speaker", "narrator"}, {"text", "A man waits at the housing desk holding a letter."}},
         {{"speaker", "customer"}, {"text", "I got this letter saying I owe rent. I paid it!"}}});
    CHECK(by_id(nodes, "at-the-desk")["lines"] == desk);
    OrderedJson letter = OrderedJson::array(
        {{{"speaker", "narrator"}, {"text", "He slides the letter across. It shows a missed payment in March."}},
         {{"speaker", "customer"}, {"text", "That was the month the bank changed my account, $name."}},
         {{"speaker", "narrator"}, {"text", "He has been here before. He sighs"}}});
    CHECK(by_id(nodes, "check-the-letter")["lines"] == letter);
    // An escaped "\::" at the start of a text line is text, not a passage header.
    CHECK(by_id(nodes, "check-the-rent-account")["lines"][1]["text"] ==
          ":: This line starts with two colons in the text.");
    // Block comments of SugarCube ("/% %/") are gone from endings too.
    CHECK(by_id(r.scenario["endings"], "rash-promise")["text"] == "\"Today? Really?\"");
    // The duplicate "Brush off" is not imported: the first one's text stands.
    CHECK(by_id(r.scenario["endings"], "brush-off")["text"] == "\"So nobody here can help me.\" He leaves.");
}

TEST_CASE("import-twine: header metadata positions go to the studio layout under the node ids", "[twee]") {
    auto r = import_full();
    Layout expected;
    expected.positions = {{"at-the-desk", {100, 200}}, {"check-the-letter", {300, 200}}, {"brush-off", {100, 400}}};
    CHECK(r.layout == expected);
}

TEST_CASE("import-twine: escaped brackets, braces and backslashes in names unescape before ids are made",
          "[twee]") {
    Diagnostics diags;
    auto r = import_twee(":: Start\n[[Go->A [b] {c} \\ d]]\n\n:: A \\[b\\] \\{c\\} \\\\ d [x\\]y]\nThe end.\n",
                         "s.twee", diags);
    REQUIRE(r);
    CHECK(r->scenario["endings"][0]["title"] == "A [b] {c} \\ d");
    CHECK(r->scenario["endings"][0]["id"] == "a-b-c-d");
    CHECK(r->scenario["nodes"][0]["choices"][0]["next"] == "a-b-c-d");
    REQUIRE(r->unmapped.size() >= 1);
    CHECK(std::any_of(r->unmapped.begin(), r->unmapped.end(),
                      [](const TweeUnmapped& u) { return u.kind == "unknown-tag" && u.message.find("'x]y'") != std::string::npos; }));
}

TEST_CASE("import-twine: ids are made safe and unique across passages and choices", "[twee]") {
    Diagnostics diags;
    auto r = import_twee(":: Start\n[[One->Ünïcode?!]]\n[[Two->unicode]]\n[[Three->***]]\n[[Four->***]]\n\n"
                         ":: Ünïcode?!\nA.\n\n:: unicode\nB.\n\n:: ***\nC.\n",
                         "s.twee", diags);
    REQUIRE(r);
    std::vector<std::string> endings;
    for (const auto& e : r->scenario["endings"]) endings.push_back(e["id"]);
    CHECK(endings == std::vector<std::string>{"n-code", "unicode", "passage"});
    const auto& choices = r->scenario["nodes"][0]["choices"];
    CHECK(choices[0]["next"] == "n-code");
    CHECK(choices[1]["next"] == "unicode");
    CHECK(choices[2]["id"] == "start-to-passage");
    CHECK(choices[3]["id"] == "start-to-passage-2");  // the same target twice: still two distinct choices
}

TEST_CASE("import-twine: without StoryData the passage named Start starts, and CRLF and a BOM are read", "[twee]") {
    Diagnostics diags;
    auto r = import_twee("\xEF\xBB\xBF:: Intro\r\nHello.\r\n[[Start]]\r\n\r\n:: Start\r\n\"Hi.\"\r\n[[Intro]]\r\n",
                         "s.twee", diags);
    REQUIRE(r);
    CHECK(r->scenario["start"] == "start");
    CHECK(r->scenario["nodes"][1]["lines"][0] == OrderedJson{{"speaker", "customer"}, {"text", "Hi."}});
    CHECK(r->scenario["nodes"][0]["lines"][0]["text"] == "Hello.");
}

//-----------------------------------------------------------------------------------------------------------
// [Report]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("import-twine report: macros, scripts, stylesheets, missing links, tags and duplicates with lines",
          "[twee]") {
    auto r = import_full();
    CHECK(reported(r, "preamble", {1, 1}, "before the first passage"));
    CHECK(reported(r, "story-format", where_in_full(":: StoryData"), "Harlowe 3.3.8"));
    CHECK(reported(r, "script", where_in_full(":: Story JavaScript"), "tagged 'script'"));
    CHECK(reported(r, "stylesheet", where_in_full(":: Story Stylesheet"), "tagged 'stylesheet'"));
    CHECK(reported(r, "unknown-tag", where_in_full("calm]"), "tag 'calm'"));
    CHECK(reported(r, "unknown-tag", where_in_full("tense urgent"), "tag 'tense'"));
    CHECK(reported(r, "unknown-tag", where_in_full("urgent]"), "tag 'urgent'"));
    CHECK(reported(r, "macro", where_in_full("(set: $visits"), "Harlowe macro (set:)"));
    CHECK(reported(r, "macro", where_in_full("(if: $visits"), "Harlowe macro (if:)"));
    CHECK(reported(r, "macro", where_in_full("(print:"), "Harlowe macro (print:)"));
    CHECK(reported(r, "macro", where_in_full("<<if"), "SugarCube macro <<if>>"));
    CHECK(reported(r, "variable", where_in_full("$name"), "$name"));
    CHECK(reported(r, "missing-link", where_in_full("[[Send him"), "'Payments office'"));
    CHECK(reported(r, "duplicate-passage", where_in_full(":: Brush off\nA second"), "line 55"));
    CHECK(reported(r, "special-passage", where_in_full(":: StoryInit"), "StoryInit"));
    // Closing tags and macros inside removed macros are not reported again.
    CHECK(std::none_of(r.unmapped.begin(), r.unmapped.end(),
                       [](const TweeUnmapped& u) { return u.message.find("<</") != std::string::npos; }));
    CHECK(r.unmapped.size() == 15);

    std::string report = twee_import_report(r, "full.twee");
    auto miss = where_in_full("[[Send him");
    CHECK_THAT(report, Catch::Contains("full.twee:" + std::to_string(miss.first) + ":" + std::to_string(miss.second) +
                                      ": not mapped (missing-link): passage 'Check the rent account' links to "
                                      "'Payments office'"));
    CHECK_THAT(report, Catch::Contains("8 passages as 5 nodes, 4 endings and 9 choices"));
    CHECK_THAT(report, Catch::Contains("no grades and no rules"));
}

//-----------------------------------------------------------------------------------------------------------
// [The draft as a scenario]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("import-twine draft loads with the scenario loader, and lint says to grade it", "[twee]") {
    auto r = import_full();
    std::string dir = temp_dir();
    std::string path = dir + "/draft.json";
    auto doc = ScenarioDocument::create(path, r.scenario);
    std::string error;
    REQUIRE(doc.save(error));
    Diagnostics diags;
    PolicyLibrary none;
    auto scenario = load_scenario_file(path, none, diags);
    INFO((diags.items().empty() ? std::string() : format_diagnostic(diags.items().front())));
    REQUIRE(scenario);
    CHECK_FALSE(diags.has_errors());
    CHECK(scenario->nodes.size() == 5);

    std::ostringstream out, err;
    cli::lint({path}, out, err);
    std::string said = out.str() + err.str();
    CHECK_THAT(said, Catch::Contains("choices carry no grades (9 of 9 ungraded)"));
    CHECK_THAT(said, Catch::Contains("give every choice a \"grade\""));
    CHECK_THAT(said, Catch::Contains("no rules are in scope, so nothing is scored"));
    fs::remove_all(dir);
}

//-----------------------------------------------------------------------------------------------------------
// [Command line]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("counterpart import-twine writes the draft and its layout, prints the report, keeps files", "[twee]") {
    std::string dir = temp_dir();
    std::string draft = dir + "/rent.json";
    std::ostringstream out, err;
    REQUIRE(cli::import_twine({fixture("twee/full.twee"), "-o", draft}, out, err) == 0);
    CHECK_THAT(out.str(), Catch::Contains("not mapped (script)"));
    CHECK_THAT(out.str(), Catch::Contains("Wrote " + draft + " and " + dir + "/rent.layout.json"));
    CHECK(read_json(draft)["start"] == "at-the-desk");
    CHECK(read_json(dir + "/rent.layout.json")["positions"]["check-the-letter"] == nlohmann::json::array({300, 200}));

    std::ostringstream out2, err2;
    CHECK(cli::import_twine({fixture("twee/full.twee"), "-o", draft}, out2, err2) == 2);
    CHECK_THAT(err2.str(), Catch::Contains("exists; choose another file with -o, or replace it with --force"));
    std::ostringstream out3, err3;
    CHECK(cli::import_twine({fixture("twee/full.twee"), "-o", draft, "--force"}, out3, err3) == 0);
    fs::remove_all(dir);
}

TEST_CASE("counterpart import-twine: a story with errors writes nothing and names file:line:col", "[twee]") {
    std::string dir = temp_dir();
    std::string story = dir + "/bad.twee", draft = dir + "/bad.json";
    {
        std::ofstream f(story);
        f << ":: Start\nSome text [[Go on->Next\n";
    }
    std::ostringstream out, err;
    CHECK(cli::import_twine({story}, out, err) == 1);
    CHECK_THAT(err.str(), Catch::Contains(story + ":2:11: error: the link '[[' is never closed with ']]' on its line"));
    CHECK_FALSE(fs::exists(draft));
    fs::remove_all(dir);
}

//-----------------------------------------------------------------------------------------------------------
// [Hostile input]
//-----------------------------------------------------------------------------------------------------------

TEST_CASE("import-twine refuses invalid UTF-8 at its line and column", "[twee]") {
    CHECK(import_error(":: Start\nab\xC3(x\n") == "story.twee:2:3: error: not UTF-8: byte 0xC3 (save the story as UTF-8)");
    CHECK(import_error(":: Start\n\xED\xA0\x80\n") == "story.twee:2:1: error: not UTF-8: byte 0xED (save the story as UTF-8)");
    CHECK(import_error(":: Start\nx\xF0\x9F\x98") == "story.twee:2:2: error: not UTF-8: byte 0xF0 (save the story as UTF-8)");
}

TEST_CASE("import-twine: unterminated links, comments, macros, tag blocks give file:line:col", "[twee]") {
    CHECK(import_error(":: Start\n[[A|B]] and [[C\n\n:: B\nx\n") ==
          "story.twee:2:13: error: the link '[[' is never closed with ']]' on its line");
    CHECK(import_error(":: Start\n[[A [[B]]\n") == "story.twee:2:5: error: a link '[[' inside another link");
    CHECK(import_error(":: Start\n<!-- open\n[[B]]\n\n:: B\nx\n") ==
          "story.twee:2:1: error: the comment '<!--' is never closed with '-->'");
    CHECK(import_error(":: Start\n  /* open\n") == "story.twee:2:3: error: the comment '/*' is never closed with '*/'");
    CHECK(import_error(":: Start\n<<if $x\n") == "story.twee:2:1: error: the macro '<<' is never closed with '>>'");
    CHECK(import_error(":: Start\n(set: $x to (a: 1)\n") ==
          "story.twee:2:1: error: the macro '(set: $x to (a: 1)' is never closed with ')'");
    CHECK(import_error(":: Start\n(if: $x)[open [[B]]\n\n:: B\nx\n") ==
          "story.twee:2:9: error: the hook '[' after a macro is never closed with ']'");
    CHECK(import_error(":: Start [a b\n") == "story.twee:1:10: error: the tag block '[' of passage 'Start' is never closed with ']'");
    CHECK(import_error(":: Sta]rt\n") == "story.twee:1:7: error: ']' in a passage name must be escaped as '\\]'");
    CHECK(import_error("::   [tag]\nx\n") == "story.twee:1:1: error: a passage header with no passage name (write ':: Name')");
}

TEST_CASE("import-twine: bad StoryData and metadata JSON are errors at their place", "[twee]") {
    std::string data = import_error(":: StoryData\n{\n  \"ifid\": \"X\",\n  \"start\" \"Start\"\n}\n\n:: Start\n[[B]]\n");
    CHECK_THAT(data, Catch::StartsWith("story.twee:4:17: error: StoryData is not valid JSON: invalid JSON: syntax error"));
    std::string meta = import_error(":: Start {\"position\":\"1,2\",}\n[[B]]\n");
    CHECK_THAT(meta, Catch::StartsWith("story.twee:1:"));
    CHECK_THAT(meta, Catch::Contains("passage metadata is not valid JSON"));
    CHECK_THAT(import_error(":: Start [x] {\"position\":\"1,2\"} trailing\n"),
               Catch::StartsWith("story.twee:1:") && Catch::Contains("passage metadata is not valid JSON"));
}

TEST_CASE("import-twine: deep nesting stops at the limit instead of exhausting the stack", "[twee]") {
    std::string deep = ":: Start\n(set: $x to " + std::string(200, '(') + std::string(200, ')') + ")\n[[B]]\n";
    CHECK(import_error(deep) == "story.twee:2:" + std::to_string(13 + kMaxTweeNesting - 1) +
                                    ": error: macros nested more than 64 deep");
    std::string hooks = ":: Start\n";
    for (int i = 0; i < 100; ++i) hooks += "(if: true)[";
    CHECK_THAT(import_error(hooks), Catch::Contains("hooks nested more than 64 deep"));
    // Links inside links inside links: refused at the second "[[", never recursed into.
    CHECK(import_error(":: Start\n" + std::string(10000, '[') + "\n") ==
          "story.twee:2:1: error: the link '[[' is never closed with ']]' on its line");
}

TEST_CASE("import-twine: a file over the size limit, no passages, or no choices at the start are errors",
          "[twee]") {
    std::string huge(kMaxTweeFileBytes + 1, 'a');
    CHECK(import_error(huge) == "story.twee: error: the Twee file is larger than 16 MiB");
    CHECK(import_error("just text\n") == "story.twee:1:1: error: no passages: a Twee file has passage headers such as ':: Start'");
    CHECK(import_error(":: Start\nThe end already.\n") ==
          "story.twee:1:1: error: the start passage 'Start' has no links, so the story offers no choices to import");
    CHECK(import_error(":: Story JavaScript [script]\nx();\n") ==
          "story.twee:1:1: error: the story has no passages to import (only special or code passages)");
}

TEST_CASE("import-twine: a story of many passages in one long chain imports without recursion", "[twee]") {
    std::string story;
    const int n = 5000;
    for (int i = 0; i < n; ++i)
        story += ":: P" + std::to_string(i) + "\n\"Line " + std::to_string(i) + "\"\n[[Next->P" + std::to_string(i + 1) + "]]\n\n";
    story += ":: P" + std::to_string(n) + "\nThe end.\n";
    Diagnostics diags;
    auto r = import_twee(story, "long.twee", diags);
    REQUIRE(r);
    CHECK(r->nodes == static_cast<std::size_t>(n));
    CHECK(r->scenario["start"] == "p0");  // no StoryData, no Start: the first passage, and the report says so
    CHECK(std::any_of(r->unmapped.begin(), r->unmapped.end(), [](const TweeUnmapped& u) { return u.kind == "start"; }));
}

TEST_CASE("regression (twee fuzz crash): a story whose every passage links on still makes a draft that loads",
          "[twee][regression]") {
    // Two passages linking to each other: no passage without links, so no ending came out of the story, and
    // the loader refused the draft ("a scenario needs at least one ending").
    const std::string text = ":: StoryTitle\nLoop\n\n:: Start\n\"Again?\"\n[[Yes->Again]]\n\n:: Again\n[[Back->Start]]\n";
    Diagnostics diags;
    auto draft = import_twee(text, "loop.twee", diags);
    REQUIRE(draft);
    const OrderedJson& endings = draft->scenario["endings"];
    REQUIRE(endings.size() == 1);
    CHECK(endings[0]["id"] == "end");
    CHECK(twee_import_report(*draft, "loop.twee").find("no-ending") != std::string::npos);
    CHECK(draft_load_error(*draft).empty());
}

TEST_CASE("regression (twee fuzz crash): a link between two long passage names makes a choice id the loader accepts",
          "[twee][regression]") {
    // The choice id joins both names' slugs (60 characters each at most): 124 characters, over the loader's 100.
    const std::string a(70, 'a'), b(70, 'b');
    const std::string text = ":: " + a + "\n[[Go->" + b + "]]\n\n:: " + b + "\nThe end.\n";
    Diagnostics diags;
    auto draft = import_twee(text, "long.twee", diags);
    REQUIRE(draft);
    CHECK(draft_load_error(*draft).empty());
}

TEST_CASE("regression (twee fuzz crash, CI of stop 10): an empty quoted paragraph is kept as written, not as an "
          "empty line", "[twee][regression]") {
    // `""` lost its marks and became a customer line with no text, which the loader refuses.
    for (const std::string said : {"\"\"", "\"  \"", "\u201C\u201D"}) {
        const std::string text = ":: Start\n" + said + "\n[[Go->End]]\n\n:: End\nThe end.\n";
        Diagnostics diags;
        auto draft = import_twee(text, "quotes.twee", diags);
        REQUIRE(draft);
        const OrderedJson& line = draft->scenario["nodes"][0]["lines"][0];
        CHECK(line["text"] == said);
        CHECK(line["speaker"] == "narrator");
        CHECK(draft_load_error(*draft) == "");
    }
}

TEST_CASE("regression (twee fuzz): a story of more than 300 decisions gets an estimate the loader accepts",
          "[twee][regression]") {
    // Two minutes a decision made 604 minutes for 302 passages, over the format's 600, and the draft did not load.
    std::string text;
    for (int i = 0; i < 400; ++i) text += ":: P" + std::to_string(i) + "\n[[On->P" + std::to_string(i + 1) + "]]\n\n";
    text += ":: P400\nThe end.\n";
    Diagnostics diags;
    auto draft = import_twee(text, "many.twee", diags);
    REQUIRE(draft);
    CHECK(draft->scenario["estimated_minutes"] == kMaxEstimatedMinutes);
    CHECK(draft_load_error(*draft) == "");
}

TEST_CASE("regression (twee fuzz): a StoryTitle over several lines or with control characters becomes one clean "
          "line", "[twee][regression]") {
    const std::string text = ":: StoryTitle\nRent\n\x01" "arrears\tdesk\n\n:: Start\nHello.\n[[Go->End]]\n\n:: End\nBye.\n";
    Diagnostics diags;
    auto draft = import_twee(text, "title.twee", diags);
    REQUIRE(draft);
    CHECK(draft->story_title == "Rent arrears desk");
    CHECK(draft->scenario["title"] == "Rent arrears desk");
    CHECK(draft_load_error(*draft) == "");
}

TEST_CASE("regression (twee fuzz): names the draft quotes are held to 1,024 bytes, with the place of the long one",
          "[twee][regression]") {
    // A long link target or title was quoted into an ending or the setting and broke the 64 KiB string limit.
    const std::string target(70000, 'x');
    CHECK(import_error(":: Start\nHi.\n[[Go->" + target + "]]\n") ==
          "story.twee:3:1: error: a link target longer than 1024 bytes (no passage name may be that long)");
    CHECK(import_error(":: StoryTitle\n" + target + "\n\n:: Start\nHi.\n[[Go->End]]\n\n:: End\nBye.\n") ==
          "story.twee:1:1: error: the StoryTitle is longer than 1024 bytes");
}
