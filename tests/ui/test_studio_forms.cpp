// The studio's inspector forms without a window (issue 11: forms, not JSON; pick, don't type): an ImGui
// context with no backend and the real fonts; the tests click the forms' controls by the names they were
// drawn under (click targets, widgets.hpp) and type into them, and check the document edits and undo.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <imgui.h>

#include "app.hpp"
#include "fonts.hpp"
#include "studio_forms.hpp"
#include "theme.hpp"
#include "widgets.hpp"
#include "headless.hpp"

using namespace cp;
using namespace cp::ui;
using namespace cp::ui::test;
namespace fs = std::filesystem;

namespace {


// The mini fixture copied to a temporary folder and open in the studio, in a window tall enough that the
// inspector shows its forms without scrolling.
struct FormsHarness {
    std::string root;
    std::string path;
    std::string original;
    std::unique_ptr<App> app;

    FormsHarness() {
        static int n = 0;
        root = (fs::temp_directory_path() / ("counterpart-forms-" + std::to_string(::getpid()) + "-" + std::to_string(++n))).string();
        fs::remove_all(root);
        fs::create_directories(root);
        fs::copy(COUNTERPART_TEST_FIXTURES "/mini", root + "/edit", fs::copy_options::recursive);
        path = root + "/edit/mini.json";
        std::ifstream in(path, std::ios::binary);
        original.assign(std::istreambuf_iterator<char>(in), {});
        Fonts fonts = start_headless_imgui(ImVec2(1800, 3200));  // tall: the forms need no scrolling
        app = std::make_unique<App>(AppConfig{COUNTERPART_TEST_FIXTURES "/mini", root + "/sessions", root + "/config", 5});
        app->set_fonts(fonts);
        app->apply({Intent::Kind::OpenStudio, -1, path});
        REQUIRE(app->studio());
        frames(2);
    }
    ~FormsHarness() {
        app.reset();
        ImGui::DestroyContext();
        fs::remove_all(root);
    }
    Studio& st() { return *app->studio(); }
    const OrderedJson& at(const std::string& pointer) { return st().doc.json().at(OrderedJson::json_pointer(pointer)); }

    void frame() {
        ImGui::NewFrame();
        app->frame();
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    // A click on the control drawn under `name` last frame, at `fx` of its width and `fy` of its height.
    void click(const std::string& name, float fx = 0.5f, float fy = 0.5f) {
        // The live checks add lines (outcomes, problems) when they arrive: let them, so nothing moves under
        // the pointer between finding the control and clicking it.
        REQUIRE(st().checker.wait_for(st().doc.revision(), std::chrono::seconds(60)));
        frame();
        ImVec2 min, max;
        INFO("control " << name);
        REQUIRE(find_click_target(name, min, max));
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(min.x + (max.x - min.x) * fx, min.y + (max.y - min.y) * fy);
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frames(2);
        io.MousePos = ImVec2(-1e30f, -1e30f);
        frame();
    }
    void type(const std::string& text) {
        for (char c : text) ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
        frames(2);
    }
    void press_enter() {
        ImGui::GetIO().KeysDown[kEnter] = true;
        frame();
        ImGui::GetIO().KeysDown[kEnter] = false;
        frames(2);
    }
    void select(const std::string& node, const std::string& choice = "") {
        Intent i(Intent::Kind::StudioSelect, -1, node);
        i.value = choice.empty() ? "null" : OrderedJson(choice).dump();
        app->apply(i);
        frames(2);
    }
    void undo_all() {
        while (st().doc.can_undo()) app->apply({Intent::Kind::StudioUndo});
    }
};

}  // namespace

TEST_CASE("studio forms: settings, a customer's need, a variable and the calendar are edited by clicks, and undo restores the bytes",
          "[ui][studio]") {
    FormsHarness h;
    // Settings: the pass mark is typed as a number and saved as one.
    h.click("field:/pass_mark");
    h.type("0");  // appended to 85
    h.press_enter();
    CHECK(h.at("/pass_mark") == 850);

    // A need picked from the known list on the first customer, who had none.
    h.click("section:customers");
    h.click("customer:0");
    h.click("need-add:/customers/0");
    h.click("need-add:/customers/0:easy_read");
    CHECK(h.at("/customers/0/needs") == OrderedJson::array({"easy_read"}));

    // A variable added, made an int, with a range.
    h.click("section:variables");
    h.click("variable-add");
    REQUIRE(h.at("/variables").size() == 2);
    CHECK(h.at("/variables/1/type") == "bool");
    h.click("variable-type:1");
    h.click("variable-type:1:int");
    CHECK(h.at("/variables/1") == OrderedJson{{"id", "variable-2"}, {"type", "int"}, {"initial", 0}});
    h.click("field:/variables/1/max");
    h.type("3");
    h.press_enter();
    CHECK(h.at("/variables/1/max") == 3);

    // The calendar: Saturday becomes a working day.
    h.click("section:calendar");
    h.click("working-day:sat");
    CHECK(h.at("/calendar/working_days") == OrderedJson::array({"mon", "tue", "wed", "thu", "fri", "sat"}));

    CHECK(h.st().doc.undo_depth() == 6);  // one undo step per edit
    h.undo_all();
    CHECK(h.st().doc.text() == h.original);
}

TEST_CASE("studio forms: the palette adds an action to the choice, with its parameters", "[ui][studio]") {
    FormsHarness h;
    h.select("n2", "c-skip");
    std::string p = h.st().doc.choice_pointer("c-skip");
    REQUIRE(!h.at(p).contains("actions"));
    h.click("palette:search");
    h.type("calendar month");  // matches the rule that judges promise_reply_date (FX-04), not the action
    h.click("palette:promise_reply_date");
    CHECK(h.at(p + "/actions") == OrderedJson::parse(R"([{"id": "promise_reply_date", "date": ""}])"));
    // Its parameter is a field of its own.
    h.click("field:" + p + "/actions/0/date");
    h.type("2026-03-02");
    h.press_enter();
    CHECK(h.at(p + "/actions/0/date") == "2026-03-02");
    // A plain action is added by id (the search cleared: its group stays open as the search left it).
    std::snprintf(h.st().view.palette_search, sizeof h.st().view.palette_search, "%s", "");
    h.frames(2);
    h.click("palette:log_request");
    CHECK(h.at(p + "/actions/1") == "log_request");
    h.undo_all();
    CHECK(h.st().doc.text() == h.original);
}

TEST_CASE("studio forms: the condition builder writes a condition without syntax and previews it", "[ui][studio]") {
    FormsHarness h;
    h.select("n2", "c-skip");
    std::string p = h.st().doc.choice_pointer("c-skip") + "/condition";
    h.click("builder-toggle:" + p);
    h.click("builder:subject");
    h.click("builder:subject:verified");
    h.click("builder:not");
    h.click("builder:use");
    CHECK(h.at(p) == "not verified");
    FormsState& fs = forms_state(h.st());
    // verified starts false, so "not verified" holds; ticking it in the preview makes it false.
    h.frames(1);
    CHECK(fs.preview.parsed);
    CHECK(fs.preview.value);
    h.click("preview:verified");
    CHECK(fs.preview.parsed);
    CHECK(!fs.preview.value);
    // Joined with a customer's need, bracketing as precedence needs.
    h.click("builder:subject");
    h.click("builder:subject:customer.needs");
    h.click("builder:value");
    h.click("builder:value:bsl_interpreter");
    h.click("builder:not");  // off again
    h.click("builder:or");
    CHECK(h.at(p) == "not verified or 'bsl_interpreter' in customer.needs");
    h.click("preview:customer");
    h.click("preview:customer:1");  // the Deaf customer
    CHECK(fs.preview.value);
    // An expert's typing is previewed as it is typed, with the column of a parse error.
    h.click("field:" + p, 0.99f);
    h.type(" and");
    CHECK(!fs.preview.parsed);
    CHECK(fs.preview.column == 56);  // where a term should follow "and": the end of the 55 characters
    h.undo_all();
    CHECK(h.st().doc.text() == h.original);
}

TEST_CASE("studio forms: the condition preview evaluates against chosen values, or names the error's column", "[ui][studio]") {
    FormsHarness h;
    const OrderedJson& j = h.st().doc.json();
    PreviewValues values;
    CHECK(!preview_condition(j, "verified", values).value);
    values.variables["verified"] = 1;
    CHECK(preview_condition(j, "verified", values).value);
    CHECK(!preview_condition(j, "done('log_request')", values).value);
    values.done.insert("log_request");
    CHECK(preview_condition(j, "done('log_request') and verified", values).value);
    CHECK(!preview_condition(j, "'bsl_interpreter' in customer.needs", values).value);
    values.customer = 1;
    CHECK(preview_condition(j, "'bsl_interpreter' in customer.needs", values).value);
    ConditionPreview bad = preview_condition(j, "verified and wobble", values);
    CHECK(!bad.parsed);
    CHECK(bad.column == 14);
    CHECK(bad.error.find("wobble") != std::string::npos);
    CHECK(condition_clause("customer.language", "!=", "English", false) == "customer.language != 'English'");
    CHECK(join_condition("a or b", "and", "c") == "(a or b) and c");
}

TEST_CASE("studio forms: a placeholder goes in at the cursor of the text being edited", "[ui][studio]") {
    FormsHarness h;
    h.select("n2");
    std::string p = h.st().doc.node_pointer("n2") + "/lines/0/text";
    h.click("field:" + p, 0.01f, 0.1f);  // the caret at the start of "What next?"
    h.click("placeholders:" + p);
    h.click("placeholder:" + p + ":customer.address_as");
    CHECK(h.at(p) == "{customer.address_as}What next?");
    CHECK(h.st().doc.undo_depth() == 1);
    h.undo_all();
    CHECK(h.st().doc.text() == h.original);
}
