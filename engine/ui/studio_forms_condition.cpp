// The condition builder: a condition made from pickers (a variable, a customer field or done('action'), a
// comparison, a value; not; joined by and/or) instead of typed syntax, with the expert's text field kept
// above it. Its preview compiles the condition with engine/core/expression.hpp, as the loader does, and
// evaluates it against values the tutor sets in the builder: true, false, or the parse error with its column.
//
// Index: [Preview] [Clauses] [Builder]
#include <algorithm>

#include "expression.hpp"
#include "studio_forms.hpp"
#include "widgets.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Preview]
//-----------------------------------------------------------------------------------------------------------

namespace {

// The value a variable starts with, as the runtime stores it (bool 0/1, int, enum index).
int initial_value(const OrderedJson& v) {
    const OrderedJson& init = v.value("initial", OrderedJson());
    std::string type = string_at(v, "type");
    if (type == "bool") return init.is_boolean() && init.get<bool>() ? 1 : 0;
    if (type == "int") return init.is_number_integer() ? init.get<int>() : 0;
    if (type == "enum" && init.is_string()) {
        const OrderedJson& values = array_at(v, "values");
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] == init) return static_cast<int>(i);
    }
    return 0;
}

// The actions a condition names in done('...'), in order.
std::vector<std::string> done_actions(const std::string& condition) {
    std::vector<std::string> out;
    for (std::size_t at = condition.find("done("); at != std::string::npos; at = condition.find("done(", at + 1)) {
        std::size_t open = at + 5;
        if (open >= condition.size() || (condition[open] != '\'' && condition[open] != '"')) continue;
        std::size_t close = condition.find(condition[open], open + 1);
        if (close == std::string::npos) break;
        std::string action = condition.substr(open + 1, close - open - 1);
        if (std::find(out.begin(), out.end(), action) == out.end()) out.push_back(action);
    }
    return out;
}

}  // namespace

ConditionPreview preview_condition(const OrderedJson& scenario, const std::string& condition, const PreviewValues& values) {
    std::vector<VariableSymbol> symbols;
    std::vector<int> state;
    for (const auto& v : array_at(scenario, "variables")) {
        if (!v.is_object()) continue;
        VariableSymbol sym;
        sym.id = string_at(v, "id");
        std::string type = string_at(v, "type");
        sym.type = type == "int" ? ValueType::Int : type == "enum" ? ValueType::Enum : ValueType::Bool;
        for (const auto& e : array_at(v, "values"))
            if (e.is_string()) sym.enum_values.push_back(e.get<std::string>());
        auto set = values.variables.find(sym.id);
        state.push_back(set != values.variables.end() ? set->second : initial_value(v));
        symbols.push_back(std::move(sym));
    }
    // done('action') reads a bool after the variables, one per action named (the runtime tracks them so).
    std::vector<std::string> done_ids;
    auto done = [&](const std::string& action, std::string&) {
        auto it = std::find(done_ids.begin(), done_ids.end(), action);
        if (it != done_ids.end()) return static_cast<int>(symbols.size() + static_cast<std::size_t>(it - done_ids.begin()));
        done_ids.push_back(action);
        return static_cast<int>(symbols.size() + done_ids.size() - 1);
    };
    ConditionPreview out;
    std::string error;
    std::size_t offset = 0;
    auto compiled = Expression::compile(condition, symbols, error, offset, done);
    if (!compiled) {
        out.error = error;
        out.column = static_cast<int>(offset) + 1;
        return out;
    }
    for (const auto& action : done_ids) state.push_back(values.done.count(action) ? 1 : 0);
    const OrderedJson& customers = array_at(scenario, "customers");
    OrderedJson profile = values.customer >= 0 && static_cast<std::size_t>(values.customer) < customers.size()
                              ? customers[static_cast<std::size_t>(values.customer)]
                              : OrderedJson::object();
    std::string id = string_at(profile, "id"), language = string_at(profile, "language"),
                acts_for = string_at(profile, "acts_for");
    std::vector<std::string> needs;
    for (const auto& n : array_at(profile, "needs"))
        if (n.is_string()) needs.push_back(n.get<std::string>());
    CustomerView customer{id, language, &needs, profile.value("age", OrderedJson(0)).is_number_integer() ? profile.value("age", 0) : 0,
                          acts_for};
    out.parsed = true;
    out.value = compiled->evaluate(EvalContext{state, &customer});
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Clauses]
//-----------------------------------------------------------------------------------------------------------

std::string condition_clause(const std::string& subject, const std::string& op, const std::string& operand, bool negate) {
    auto literal = [](const std::string& v) {
        bool number = !v.empty() && std::all_of(v.begin() + (v[0] == '-' ? 1 : 0), v.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                      v != "-";
        if (number || v == "true" || v == "false") return v;
        char quote = v.find('\'') == std::string::npos ? '\'' : '"';
        return quote + v + quote;
    };
    std::string clause;
    if (op == "is true")
        clause = subject;
    else if (op == "is false")
        clause = "not " + subject;
    else if (op == "includes")
        clause = literal(operand) + " in " + subject;
    else
        clause = subject + " " + op + " " + literal(operand);
    if (negate) clause = op == "is true" ? "not " + clause : "not (" + clause + ")";
    return clause;
}

std::string join_condition(const std::string& existing, const std::string& joiner, const std::string& clause) {
    if (existing.find_first_not_of(' ') == std::string::npos) return clause;
    // "a or b and c" reads as "a or (b and c)": bracket an "or" before adding with "and".
    bool bracket = joiner == "and" && existing.find(" or ") != std::string::npos;
    return (bracket ? "(" + existing + ")" : existing) + " " + joiner + " " + clause;
}

//-----------------------------------------------------------------------------------------------------------
// [Builder]
//-----------------------------------------------------------------------------------------------------------

namespace {

enum class SubjectKind { Bool, Int, Enum, Text, Needs };

struct Subject {
    std::string text;   // as written in a condition
    std::string label;  // as shown in the picker
    SubjectKind kind;
    std::vector<std::string> values;  // enum values, customer ids or needs
};

std::vector<Subject> subjects(Studio& st) {
    const OrderedJson& j = st.doc.json();
    std::vector<Subject> out;
    for (const auto& v : array_at(j, "variables")) {
        std::string id = string_at(v, "id"), type = string_at(v, "type");
        if (id.empty()) continue;
        Subject s{id, id + "  (" + (type.empty() ? "bool" : type) + " variable)",
                  type == "int" ? SubjectKind::Int : type == "enum" ? SubjectKind::Enum : SubjectKind::Bool, {}};
        for (const auto& e : array_at(v, "values"))
            if (e.is_string()) s.values.push_back(e.get<std::string>());
        out.push_back(std::move(s));
    }
    std::vector<std::string> ids, needs = documented_needs();
    for (const auto& c : array_at(j, "customers")) ids.push_back(string_at(c, "id"));
    for (const auto& n : forms_state(st).need_rules)
        if (std::find(needs.begin(), needs.end(), n.need) == needs.end()) needs.push_back(n.need);
    out.push_back({"customer.needs", "customer's needs", SubjectKind::Needs, needs});
    out.push_back({"customer.language", "customer's language", SubjectKind::Text, {}});
    out.push_back({"customer.id", "customer profile", SubjectKind::Enum, ids});
    out.push_back({"customer.age", "customer's age", SubjectKind::Int, {}});
    out.push_back({"customer.acts_for", "who the customer acts for", SubjectKind::Text, {}});
    for (const auto& a : st.palette())
        out.push_back({"done('" + a.id + "')", "done: " + a.label + "  (" + a.id + ")", SubjectKind::Bool, {}});
    return out;
}

std::vector<std::string> ops_for(SubjectKind k) {
    switch (k) {
        case SubjectKind::Bool: return {"is true", "is false"};
        case SubjectKind::Int: return {"==", "!=", "<", "<=", ">", ">="};
        case SubjectKind::Needs: return {"includes"};
        default: return {"==", "!="};
    }
}

// A picker row in the builder: label column, then a combo over `options` (shown through `shown`).
bool pick(const char* label, const std::string& name, std::string& value, const std::vector<std::string>& options,
          const std::vector<std::string>& shown) {
    bool changed = false;
    field_label(label);
    ImGui::SetNextItemWidth(-1);
    std::string current = value;
    for (std::size_t i = 0; i < options.size(); ++i)
        if (options[i] == value) current = shown[i];
    bool open = ImGui::BeginCombo(("##" + name).c_str(), current.empty() ? "(pick)" : current.c_str());
    remember(name);
    if (open) {
        for (std::size_t i = 0; i < options.size(); ++i) {
            if (ImGui::Selectable(shown[i].c_str(), options[i] == value)) {
                value = options[i];
                changed = true;
            }
            remember(name + ":" + options[i]);
        }
        ImGui::EndCombo();
    }
    return changed;
}

void builder(Studio& st, const std::string& pointer, const std::string& text, std::vector<Intent>& out) {
    FormsState& fs = forms_state(st);
    const OrderedJson& j = st.doc.json();
    ImGui::PushID("builder");
    // A card in the window colour, so the builder reads as one tool under its field and white inputs show.
    begin_panel(ImGui::GetContentRegionAvail().x, &colours().window_bg);
    auto subs = subjects(st);
    std::vector<std::string> texts, labels;
    for (const auto& s : subs) texts.push_back(s.text), labels.push_back(s.label);
    if (pick("When", "builder:subject", fs.subject, texts, labels)) fs.operand.clear();
    auto found = std::find_if(subs.begin(), subs.end(), [&](const Subject& s) { return s.text == fs.subject; });
    if (found != subs.end()) {
        auto ops = ops_for(found->kind);
        if (std::find(ops.begin(), ops.end(), fs.op) == ops.end()) fs.op = ops.front();
        pick("is", "builder:op", fs.op, ops, ops);
        if (found->kind == SubjectKind::Enum || found->kind == SubjectKind::Needs) {
            pick("value", "builder:value", fs.operand, found->values, found->values);
        } else if (found->kind != SubjectKind::Bool) {
            field_label("value");
            char buf[256];
            std::snprintf(buf, sizeof buf, "%s", fs.operand.c_str());
            ImGui::SetNextItemWidth(-1);
            if (ImGui::InputText("##operand", buf, sizeof buf)) fs.operand = buf;
            remember("builder:value");
        }
        field_label("");
        ImGui::Checkbox("not", &fs.negate);
        remember("builder:not");
        bool ready = found->kind == SubjectKind::Bool || !fs.operand.empty();
        ImGui::BeginDisabled(!ready);
        std::string clause = ready ? condition_clause(fs.subject, fs.op, fs.operand, fs.negate) : std::string();
        ImGui::SameLine();
        if (ImGui::SmallButton("Use")) out.push_back(set_intent(pointer, clause));
        remember("builder:use");
        ImGui::SameLine();
        bool empty = text.find_first_not_of(' ') == std::string::npos;
        ImGui::BeginDisabled(empty);
        if (ImGui::SmallButton("and")) out.push_back(set_intent(pointer, join_condition(text, "and", clause)));
        remember("builder:and");
        ImGui::SameLine();
        if (ImGui::SmallButton("or")) out.push_back(set_intent(pointer, join_condition(text, "or", clause)));
        remember("builder:or");
        ImGui::EndDisabled();
        ImGui::EndDisabled();
        if (ready) {
            field_label("");
            muted_text(clause);
        }
    }

    // The preview: the condition as it stands (the draft while typing) against the values set here.
    ImGui::Spacing();
    muted_text("Preview with these values:");
    const OrderedJson& customers = array_at(j, "customers");
    if (!customers.empty()) {
        std::vector<std::string> idx, names;
        for (std::size_t i = 0; i < customers.size(); ++i) {
            idx.push_back(std::to_string(i));
            names.push_back(string_at(customers[i], "name") + " (" + string_at(customers[i], "id") + ")");
        }
        std::string chosen = std::to_string(fs.values.customer);
        if (pick("customer", "preview:customer", chosen, idx, names)) fs.values.customer = std::atoi(chosen.c_str());
    }
    for (const auto& v : array_at(j, "variables")) {
        std::string id = string_at(v, "id"), type = string_at(v, "type");
        if (id.empty()) continue;
        if (!fs.values.variables.count(id)) fs.values.variables[id] = initial_value(v);
        int& value = fs.values.variables[id];
        ImGui::PushID(id.c_str());
        if (type == "int" || type == "enum") field_label(id.c_str());  // a bool is a check box named after it
        if (type == "int") {
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            ImGui::InputInt("##v", &value);
        } else if (type == "enum") {
            std::vector<std::string> vals;
            for (const auto& e : array_at(v, "values")) vals.push_back(e.is_string() ? e.get<std::string>() : "?");
            ImGui::SetNextItemWidth(-1);
            const char* now = value >= 0 && static_cast<std::size_t>(value) < vals.size() ? vals[static_cast<std::size_t>(value)].c_str() : "";
            if (ImGui::BeginCombo("##v", now)) {
                for (std::size_t i = 0; i < vals.size(); ++i)
                    if (ImGui::Selectable(vals[i].c_str(), static_cast<int>(i) == value)) value = static_cast<int>(i);
                ImGui::EndCombo();
            }
        } else {
            bool b = value != 0;
            if (ImGui::Checkbox((id + "##v").c_str(), &b)) value = b ? 1 : 0;
        }
        remember("preview:" + id);
        ImGui::PopID();
    }
    for (const auto& action : done_actions(text)) {
        ImGui::PushID(action.c_str());
        bool b = fs.values.done.count(action) > 0;
        if (ImGui::Checkbox(("done('" + action + "')##done").c_str(), &b)) {
            if (b)
                fs.values.done.insert(action);
            else
                fs.values.done.erase(action);
        }
        remember("preview:done:" + action);
        ImGui::PopID();
    }
    fs.preview = text.find_first_not_of(' ') == std::string::npos ? ConditionPreview{true, true, "", 0}
                                                                 : preview_condition(j, text, fs.values);
    field_label("result");
    if (!fs.preview.parsed) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours().broken);
        wrapped_text("\xE2\x9C\x97 does not parse: column " + std::to_string(fs.preview.column) + ": " + fs.preview.error);
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, fs.preview.value ? colours().kept : colours().pending);
        wrapped_text(fs.preview.value ? "\xE2\x9C\x93 true with these values" : "\xE2\x80\x94 false with these values");
    }
    ImGui::PopStyleColor();
    end_panel();
    ImGui::PopID();
}

}  // namespace

void condition_field(Studio& st, const char* label, const std::string& pointer, const std::string& current,
                     std::vector<Intent>& out) {
    FormsState& fs = forms_state(st);
    text_field(st, label, pointer, current, TextKind::Line, out, false, "always (or: warnings >= 2 and not verified)");
    ImGui::PushID(pointer.c_str());
    bool open = fs.builder_for == pointer;
    field_label("");
    if (ImGui::SmallButton(open ? "Hide the builder" : "Build and preview...")) {
        fs.builder_for = open ? std::string() : pointer;
        fs.subject.clear();
        fs.operand.clear();
        fs.negate = false;
    }
    remember("builder-toggle:" + pointer);
    ImGui::PopID();
    if (fs.builder_for == pointer) {
        auto draft = st.view.drafts.find(pointer);
        builder(st, pointer, draft != st.view.drafts.end() ? draft->second : current, out);
    }
}

}  // namespace cp::ui
