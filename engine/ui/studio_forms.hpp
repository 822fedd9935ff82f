// The inspector's forms (issue 11: forms, not JSON; pick, don't type), shared by the studio_forms_*.cpp files
// and studio_inspector.cpp. Every edit goes out as a Studio intent (StudioSet with a JSON pointer and value,
// StudioRemove, ...), so App::apply_studio stays the one place the document changes and each is undoable.
//
// Index: [State] [Condition preview] [Fields] [Forms]
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "loader.hpp"
#include "needs.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [State] what the forms keep between frames (Studio::forms, made on first use)
//-----------------------------------------------------------------------------------------------------------

// Values the tutor sets in the condition builder to preview a condition against.
struct PreviewValues {
    std::map<std::string, int> variables;  // bool 0/1, int as is, enum as the index of its value
    std::set<std::string> done;            // actions taken, for done('action')
    int customer = 0;                      // index of the customer profile
};

// A condition's preview: its value with the builder's values, or why it does not parse.
struct ConditionPreview {
    bool parsed = false;
    bool value = false;
    std::string error;  // when not parsed
    int column = 0;     // 1-based column of the error
};

struct FormsState {
    std::string policies_dir;
    PolicyLibrary library;                 // the policies beside the scenario (for needs, rules, params)
    std::vector<NeedRules> need_rules;     // which rules each need switches on (counterpart rules' logic)
    // The condition builder: the condition it is open on, the clause being built, the preview values.
    std::string builder_for;               // JSON pointer of the condition field ("" closed)
    std::string subject, op = "==", operand;
    bool negate = false;
    PreviewValues values;
    ConditionPreview preview;              // of builder_for's condition, last frame
    std::map<std::string, int> cursor;     // the caret in each text field, by pointer (placeholders go there)
    std::map<std::string, std::string> adding;  // "add" fields' drafts (new need, bank holiday, ...)
};

// The forms' state of `st`, loading the policy library on first use.
FormsState& forms_state(Studio& st);

//-----------------------------------------------------------------------------------------------------------
// [Condition preview] (no drawing: tested directly and by the builder)
//-----------------------------------------------------------------------------------------------------------

// Compiles `condition` against the scenario's variables and actions (as the loader would) and evaluates it
// with `values` and the chosen customer profile.
ConditionPreview preview_condition(const OrderedJson& scenario, const std::string& condition, const PreviewValues& values);
// One clause from the builder's parts: "warnings >= 2", "not verified", "done('log_request')",
// "'easy_read' in customer.needs", "channel == 'phone'". Text operands are quoted unless they are numbers,
// true or false.
std::string condition_clause(const std::string& subject, const std::string& op, const std::string& operand, bool negate);
// `existing` joined with `clause` by "and" or "or", bracketing `existing` when precedence needs it.
std::string join_condition(const std::string& existing, const std::string& joiner, const std::string& clause);

// The placeholders the runtime fills in text (Session::render), with what each becomes.
struct PlaceholderInfo {
    const char* key;
    const char* meaning;
};
const std::vector<PlaceholderInfo>& text_placeholders();

//-----------------------------------------------------------------------------------------------------------
// [Fields] one row each: an aligned label, the control, and the live problems at its pointer beneath
//-----------------------------------------------------------------------------------------------------------

Intent set_intent(const std::string& pointer, const OrderedJson& value);
std::string string_at(const OrderedJson& obj, const char* key);
// The member `key` of `obj` when it is an array (an object), else an empty one: by reference, since the
// forms read the document every frame and json::value() would copy it.
const OrderedJson& array_at(const OrderedJson& obj, const char* key);
const OrderedJson& object_at(const OrderedJson& obj, const char* key);
// Makes the last item a click target under `name` (widgets.hpp), so headless tests and scripted runs click
// inspector controls by name ("field:/pass_mark", "section:customers").
void remember(const std::string& name);
// A small "remove" button (✕, with `tip`) for the item at `pointer`: a StudioRemove intent when clicked.
bool remove_button(const std::string& pointer, std::vector<Intent>& out, const char* tip);
// The label column: draws `label` and moves to the control column.
void field_label(const char* label);
// Lint's problems at `pointer` (and, with `below`, inside it), drawn under the field.
void field_problems(Studio& st, const std::string& pointer, bool below = false);

enum class TextKind { Line, Multiline, Number };
// A text field bound to `pointer`; typing stays in a draft and one StudioSet goes out on leaving the field
// (one undo step per field edit). `placeholders` adds a button that inserts {customer.name} etc. at the caret.
// A null `label` draws a bare cell sized by the caller's PushItemWidth. Number fields send a whole number (or remove the member when emptied and `optional`).
void text_field(Studio& st, const char* label, const std::string& pointer, const std::string& current, TextKind kind,
                std::vector<Intent>& out, bool placeholders = false, const char* hint = "", bool optional = false);
// A combo over `options` bound to `pointer`; `none` (if given) removes the member.
void combo_field(Studio& st, const char* label, const std::string& pointer, const std::string& current,
                 const std::vector<std::string>& options, std::vector<Intent>& out, const char* none = nullptr);
// The ids of nodes and endings (targets of `next`).
std::vector<std::string> target_ids(const OrderedJson& scenario);
// A condition: the expert's text field, and a builder with a live preview beneath it.
void condition_field(Studio& st, const char* label, const std::string& pointer, const std::string& current,
                     std::vector<Intent>& out);

//-----------------------------------------------------------------------------------------------------------
// [Forms]
//-----------------------------------------------------------------------------------------------------------

void scenario_form(Studio& st, std::vector<Intent>& out);  // studio_forms_scenario.cpp: settings, customers, ...
void node_form(Studio& st, const std::string& pointer, const OrderedJson& node, std::vector<Intent>& out);
void choice_form(Studio& st, const std::string& pointer, const OrderedJson& choice, std::vector<Intent>& out);
void ending_form(Studio& st, const std::string& pointer, const OrderedJson& ending, std::vector<Intent>& out);

}  // namespace cp::ui
