// The studio's playtest side panel, its example paths and the pass-mark slider (see studio_playtest.hpp),
// and App::apply_playtest, where their intents take effect.
//
// Index: [Helpers] [Intents] [Playtest panel] [Example paths] [Pass-mark slider] [Checks tabs] [Toolbar]
#include "studio_playtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "transcript_view.hpp"
#include "widgets.hpp"

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {

StudioPlay& play_of(Studio& st) {
    if (!st.play) st.play = std::make_shared<StudioPlay>();
    return *st.play;
}

// The checks of the document as it is now, or null with a message saying why a playtest cannot start yet.
std::shared_ptr<const LiveCheckResult> current_checks(const Studio& st, std::string& why) {
    auto checks = st.checks();
    if (!checks || checks->revision != st.doc.revision()) {
        why = "Checking your latest edit; press Play again in a moment.";
        return nullptr;
    }
    if (!checks->scenario) {
        why = "The scenario does not load yet: fix the errors in the problem list first.";
        return nullptr;
    }
    return checks;
}

// The node the session is at (or the ending it reached), for the graph's selection.
std::string place_id(const Session& s) {
    const Scenario& sc = s.scenario();
    if (s.ending() >= 0) return sc.endings[static_cast<std::size_t>(s.ending())].id;
    if (s.current_node() >= 0) return sc.nodes[static_cast<std::size_t>(s.current_node())].id;
    return {};
}

// A variable's value from the JSON a test or script gives: true/false, a number, or an enum's name.
bool variable_value(const VariableDef& def, const OrderedJson& j, int& out) {
    if (j.is_boolean()) out = j.get<bool>() ? 1 : 0;
    else if (j.is_number_integer()) out = j.get<int>();
    else if (j.is_string() && def.type == ValueType::Enum) {
        auto it = std::find(def.enum_values.begin(), def.enum_values.end(), j.get<std::string>());
        if (it == def.enum_values.end()) return false;
        out = static_cast<int>(it - def.enum_values.begin());
    } else
        return false;
    return true;
}

std::string example_text(const ExamplePath& ex) {
    return std::to_string(ex.choices.size()) + (ex.choices.size() == 1 ? " step, " : " steps, ") +
           std::to_string(ex.score) + "%";
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Intents]
//-----------------------------------------------------------------------------------------------------------

bool App::apply_playtest(const Intent& intent) {
    using K = Intent::Kind;
    switch (intent.kind) {
        case K::StudioPlaytestSetup: case K::StudioPlaytestStart: case K::StudioPlaytestChoose:
        case K::StudioPlaytestStep: case K::StudioPlaytestExample: case K::StudioPlaytestClose:
        case K::StudioSaveGolden: case K::StudioPreviewPassMark: case K::StudioSetPassMark:
            break;
        default:
            return false;
    }
    Studio& st = *studio_;
    StudioPlay& p = play_of(st);
    ScenarioDocument& doc = st.doc;
    auto open_panel = [&] {
        if (p.stage == StudioPlay::Stage::Closed) {  // remember where the tutor was
            p.return_selection = doc.selection;
            p.return_pan = st.view.pan;
            p.return_zoom = st.view.zoom;
        }
    };
    // Starts the session the setup describes; false (with the panel's message) when it cannot.
    auto start = [&](const std::shared_ptr<const LiveCheckResult>& checks) {
        std::string error;
        auto session = start_playtest(checks->scenario, p.setup, error);
        if (!session) {
            p.message = "Cannot start the playtest: " + error + ".";
            return false;
        }
        p.session = std::move(session);
        p.scenario = checks->scenario;
        p.last_step.reset();
        p.stage = StudioPlay::Stage::Playing;
        p.message.clear();
        doc.selection = {place_id(p.session->session()), ""};
        return true;
    };
    auto take = [&](int choice) {
        if (!p.session) return;
        if (auto step = p.session->choose(choice)) {
            p.last_step = step;
            doc.selection = {place_id(p.session->session()), ""};
        }
    };
    switch (intent.kind) {
        case K::StudioPlaytestSetup: {
            open_panel();
            bool again = p.session && p.start_node_id == intent.text;  // "Play again": keep what was chosen
            p.stage = StudioPlay::Stage::Setup;
            p.session.reset();
            p.script.clear();
            p.script_label.clear();
            p.message.clear();
            if (again) return true;
            p.start_node_id = intent.text;
            p.setup = {};
            auto checks = st.checks();
            if (checks && checks->scenario) p.setup.variables = checks->scenario->initial_variables();
            return true;
        }
        case K::StudioPlaytestStart: {
            std::string why;
            auto checks = current_checks(st, why);
            if (!checks) {
                p.message = why;
                return true;
            }
            const Scenario& s = *checks->scenario;
            open_panel();
            p.setup.start_node = p.start_node_id.empty() ? -1 : s.find_node(p.start_node_id);
            if (!p.start_node_id.empty() && p.setup.start_node < 0) {
                p.message = "'" + p.start_node_id + "' is not a node with choices to play from.";
                p.stage = StudioPlay::Stage::Setup;
                return true;
            }
            if (p.setup.variables.size() != s.variables.size()) p.setup.variables = s.initial_variables();
            OrderedJson over = intent.value.empty() ? OrderedJson() : OrderedJson::parse(intent.value, nullptr, false);
            if (over.is_object()) {
                if (over.contains("customer") && over["customer"].is_string()) {
                    p.setup.customer = -1;
                    for (std::size_t k = 0; k < s.customers.size(); ++k)
                        if (s.customers[k].id == over["customer"].get<std::string>()) p.setup.customer = static_cast<int>(k);
                }
                if (over.contains("variables") && over["variables"].is_object())
                    for (const auto& item : over["variables"].items()) {
                        const std::string id = item.key();
                        const OrderedJson& v = item.value();
                        auto it = std::find_if(s.variables.begin(), s.variables.end(),
                                               [&](const VariableDef& d) { return d.id == id; });
                        int value = 0;
                        if (it == s.variables.end() || !variable_value(*it, v, value)) {
                            p.message = "Cannot start the playtest: no variable '" + id + "' takes that value.";
                            return true;
                        }
                        p.setup.variables[static_cast<std::size_t>(it - s.variables.begin())] = value;
                    }
            }
            p.script.clear();
            p.script_label.clear();
            start(checks);
            return true;
        }
        case K::StudioPlaytestChoose:
            if (p.script_at < p.script.size() && p.script[p.script_at] != intent.index) {
                p.script.clear();  // the tutor left the example path: play on freely
                p.script_label.clear();
            } else if (p.script_at < p.script.size()) {
                ++p.script_at;
            }
            take(intent.index);
            return true;
        case K::StudioPlaytestStep:
            if (p.script_at < p.script.size()) take(p.script[p.script_at++]);
            return true;
        case K::StudioPlaytestExample: {
            std::string why;
            auto checks = current_checks(st, why);
            const ChoiceOutcomes* outcomes = checks ? checks->choice(intent.text) : nullptr;
            bool want_pass = intent.value != "\"fail\"" && intent.value != "fail";
            const std::optional<ExamplePath>* ex = outcomes ? (want_pass ? &outcomes->a_pass : &outcomes->a_fail) : nullptr;
            open_panel();
            if (!ex || !*ex) {
                p.stage = std::max(p.stage, StudioPlay::Stage::Setup);
                p.message = checks ? "No " + std::string(want_pass ? "passing" : "failing") + " path goes through '" +
                                         intent.text + "'."
                                   : why;
                return true;
            }
            p.setup = {};
            p.setup.customer = (*ex)->customer;
            p.start_node_id.clear();
            if (!start(checks)) return true;
            p.script = (*ex)->choices;
            p.script_at = 0;
            p.script_label = std::string(want_pass ? "A passing" : "A failing") + " path through '" + intent.text + "'";
            return true;
        }
        case K::StudioPlaytestClose:
            if (p.stage != StudioPlay::Stage::Closed) {
                doc.selection = p.return_selection;
                st.view.pan = p.return_pan;
                st.view.zoom = p.return_zoom;
            }
            p.stage = StudioPlay::Stage::Closed;
            p.session.reset();
            p.script.clear();
            return true;
        case K::StudioSaveGolden: {
            if (!p.session || !p.scenario) return true;
            std::string file = golden_file_for(doc.path(), p.scenario->id), error;
            if (save_golden_path(file, p.setup, p.session->session(), intent.text, error))
                p.message = "Saved golden path '" + intent.text + "' in " + file +
                            ". Make its transcript with COUNTERPART_UPDATE_GOLDEN=1 build/dev/tests/counterpart_tests "
                            "\"[golden]\" and read the diff before committing.";
            else
                p.message = "Could not save the golden path: " + error;
            st.status = p.message;
            return true;
        }
        case K::StudioPreviewPassMark:
            p.preview_mark = std::clamp(intent.index, 0, 100);
            return true;
        case K::StudioSetPassMark: {
            int mark = std::clamp(intent.index, 0, 100);
            if (doc.set("/pass_mark", OrderedJson(mark), "Set the pass mark to " + std::to_string(mark) + "%")) {
                st.view.drafts.clear();
                st.submit_checks();
                st.status = "Pass mark set to " + std::to_string(mark) + "% (undo takes it back).";
            } else {
                st.status = doc.last_error();
            }
            p.preview_mark = -1;
            return true;
        }
        default:
            return false;
    }
}

bool studio_playtest_open(const Studio& st) {
    return st.play && st.play->stage != StudioPlay::Stage::Closed;
}

//-----------------------------------------------------------------------------------------------------------
// [Playtest panel]
//-----------------------------------------------------------------------------------------------------------

namespace {

void draw_setup(App& app, Studio& st, StudioPlay& p, std::vector<Intent>& out) {
    using K = Intent::Kind;
    heading(app.fonts().heading, "Playtest");
    wrapped_text("Plays the scenario as it is in the editor, unsaved edits included. Nothing is recorded: a "
                 "playtest never writes a learner record.");
    auto checks = st.checks();
    if (!checks || !checks->scenario) {
        muted_text(checks ? "The scenario does not load yet: fix the errors in the problem list first." : "Checking...");
        if (button("Back to editor")) out.emplace_back(K::StudioPlaytestClose);
        return;
    }
    const Scenario& s = *checks->scenario;
    ImGui::Spacing();
    float field = std::min(320.0f, ImGui::GetContentRegionAvail().x * 0.6f);
    // Start node.
    std::string start_label = p.start_node_id.empty() ? "the start (" + s.nodes[static_cast<std::size_t>(s.start_node)].id + ")"
                                                      : p.start_node_id;
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("Start at", start_label.c_str())) {
        if (ImGui::Selectable("the start", p.start_node_id.empty())) p.start_node_id.clear();
        for (const Node& n : s.nodes)
            if (ImGui::Selectable(n.id.c_str(), n.id == p.start_node_id)) p.start_node_id = n.id;
        ImGui::EndCombo();
    }
    // Customer.
    int customer = std::clamp(p.setup.customer, 0, static_cast<int>(s.customers.size()) - 1);
    const CustomerProfile& c = s.customers[static_cast<std::size_t>(customer)];
    std::string who = c.name + " (" + c.id + ")";
    ImGui::SetNextItemWidth(field);
    if (ImGui::BeginCombo("Customer", who.c_str())) {
        for (std::size_t k = 0; k < s.customers.size(); ++k) {
            std::string label = s.customers[k].name + " (" + s.customers[k].id + ")";
            if (ImGui::Selectable(label.c_str(), static_cast<int>(k) == customer)) p.setup.customer = static_cast<int>(k);
        }
        ImGui::EndCombo();
    }
    // Variables.
    if (p.setup.variables.size() != s.variables.size()) p.setup.variables = s.initial_variables();
    if (!s.variables.empty()) {
        ImGui::Spacing();
        muted_text("Variable values at the start (defaults: the scenario's initial values)");
    }
    for (std::size_t i = 0; i < s.variables.size(); ++i) {
        const VariableDef& def = s.variables[i];
        if (def.done_action >= 0) continue;  // made by the loader for done('action'), not the tutor's
        int& v = p.setup.variables[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetNextItemWidth(field);
        if (def.type == ValueType::Bool) {
            bool b = v != 0;
            if (ImGui::Checkbox(def.id.c_str(), &b)) v = b ? 1 : 0;
        } else if (def.type == ValueType::Enum && !def.enum_values.empty()) {
            int at = std::clamp(v, 0, static_cast<int>(def.enum_values.size()) - 1);
            if (ImGui::BeginCombo(def.id.c_str(), def.enum_values[static_cast<std::size_t>(at)].c_str())) {
                for (std::size_t k = 0; k < def.enum_values.size(); ++k)
                    if (ImGui::Selectable(def.enum_values[k].c_str(), static_cast<int>(k) == at)) v = static_cast<int>(k);
                ImGui::EndCombo();
            }
        } else if (ImGui::InputInt(def.id.c_str(), &v)) {
            v = std::clamp(v, def.min, def.max);
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
    if (button("Play", true)) out.emplace_back(K::StudioPlaytestStart);
    ImGui::SameLine();
    if (button("Back to editor")) out.emplace_back(K::StudioPlaytestClose);
    if (!p.message.empty()) wrapped_text(p.message);
}

// The verdicts a choice decided, with the rule and its feedback (as practice mode shows them).
void draw_step_verdicts(App& app, const Session& session, const StepResult& step) {
    const Scenario& s = session.scenario();
    const Choice& choice = s.choices[static_cast<std::size_t>(step.choice)];
    draw_step_feedback(app, session, step,
                       "Step " + std::to_string(step.step) + ": " + choice.id + " (" + to_string(choice.grade) + ")",
                       ImGui::GetContentRegionAvail().x);
}

void draw_result(App& app, StudioPlay& p, std::vector<Intent>& out) {
    const Session& session = p.session->session();
    const Scenario& s = session.scenario();
    RubricResult r = session.rubric().result();
    begin_panel(ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, r.passed ? colours().kept : colours().broken);
    if (app.fonts().heading) ImGui::PushFont(app.fonts().heading);
    std::string head = std::string(r.passed ? "\u2713 PASS" : "\u2717 FAIL") + "  " + std::to_string(r.score) +
                       "% (pass mark " + std::to_string(s.pass_mark) + "%)";
    ImGui::TextUnformatted(head.c_str());
    if (app.fonts().heading) ImGui::PopFont();
    ImGui::PopStyleColor();
    if (session.ending() >= 0)
        wrapped_text("Ending: " + s.endings[static_cast<std::size_t>(session.ending())].title + " (" +
                     s.endings[static_cast<std::size_t>(session.ending())].id + ")");
    else
        wrapped_text("The session got stuck: no choice was offered (a scenario bug).");
    const auto& v = session.rubric().verdicts();
    for (std::size_t i = 0; i < s.rules.size() && i < v.size(); ++i) {
        verdict_badge(v[i].verdict);
        ImGui::SameLine();
        ImGui::TextUnformatted((s.rules[i].id() + " " + s.rules[i].rule->title).c_str());
    }
    end_panel();
    ImGui::Spacing();
    if (!p.setup.from_the_start(s)) {
        muted_text("Started at a chosen node or with chosen values: only a playtest from the start can become a golden path.");
        return;
    }
    muted_text("Save this playtest as a golden path (tests replay it on every build):");
    ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    bool enter = ImGui::InputTextWithHint("##golden", "name, e.g. kind-but-wrong", p.golden_name, sizeof p.golden_name,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (button("Save as golden path") || enter) out.emplace_back(Intent::Kind::StudioSaveGolden, -1, p.golden_name);
}

void draw_playing(App& app, Studio& st, StudioPlay& p, std::vector<Intent>& out) {
    using K = Intent::Kind;
    const Session& session = p.session->session();
    const Scenario& s = session.scenario();
    if (button("Back to editor")) out.emplace_back(K::StudioPlaytestClose);
    ImGui::SameLine();
    if (button("Play again")) {
        out.emplace_back(K::StudioPlaytestSetup, -1, p.start_node_id);
    }
    ImGui::SameLine();
    RubricResult r = session.rubric().result();
    char line[200];
    std::snprintf(line, sizeof line, "Step %d   Score %d%%   Mood %d (not scored)   %s", session.steps_taken(), r.score,
                  session.mood(), session.customer().name.c_str());
    muted_text(line);
    if (p.scenario && st.checks() && st.checks()->scenario && st.checks()->scenario != p.scenario &&
        st.checks()->revision == st.doc.revision())
        muted_text("You have edited the scenario since this playtest started: play again to play the new version.");
    if (!p.script.empty()) {
        std::string label = p.script_label + ": step " + std::to_string(p.script_at) + " of " + std::to_string(p.script.size());
        wrapped_text(label);
        if (p.script_at < p.script.size()) {
            if (button("Next step", true)) out.emplace_back(K::StudioPlaytestStep);
            ImGui::SameLine();
            if (button("Play to the end"))
                for (std::size_t k = p.script_at; k < p.script.size(); ++k) out.emplace_back(K::StudioPlaytestStep);
        }
    }
    ImGui::Separator();
    ImGui::BeginChild("playtest-transcript", ImVec2(0, 0), false);
    float width = ImGui::GetContentRegionAvail().x;
    draw_transcript(app, session, session.transcript().size(), "", width * 0.86f);
    if (p.last_step) draw_step_verdicts(app, session, *p.last_step);
    ImGui::Spacing();
    if (session.state() == SessionState::Ended) {
        draw_result(app, p, out);
    } else {
        heading(app.fonts().bold, "What do you do?");
        int digit = typed_digit();
        const auto& offered = session.offered();
        int next_scripted = p.script_at < p.script.size() ? p.script[p.script_at] : -1;
        for (std::size_t i = 0; i < offered.size(); ++i) {
            int c = offered[i];
            const Choice& ch = s.choices[static_cast<std::size_t>(c)];
            ImGui::PushID(c);
            std::string label = session.render(ch.text) + "   [" + ch.id + ", " + to_string(ch.grade) + "]";
            if (c == next_scripted) label += "  \u2190 the example takes this";
            int number = i < 9 ? static_cast<int>(i) + 1 : 0;
            if (wrapped_button("choice", label, ImGui::GetContentRegionAvail().x, number) || (number > 0 && digit == number))
                out.emplace_back(K::StudioPlaytestChoose, c);
            ImGui::PopID();
        }
    }
    if (!p.message.empty()) wrapped_text(p.message);
    if (p.scrolled_to_step != session.steps_taken()) {  // a new step: show it (then leave the scroll alone)
        ImGui::SetScrollHereY(1.0f);
        p.scrolled_to_step = session.steps_taken();
    }
    ImGui::EndChild();
}

}  // namespace

void draw_studio_playtest(App& app, Studio& st, std::vector<Intent>& out) {
    StudioPlay& p = play_of(st);
    if (p.stage == StudioPlay::Stage::Playing && p.session)
        draw_playing(app, st, p, out);
    else
        draw_setup(app, st, p, out);
}

//-----------------------------------------------------------------------------------------------------------
// [Example paths]
//-----------------------------------------------------------------------------------------------------------

void draw_choice_examples(App& app, Studio& st, const std::string& choice_id, std::vector<Intent>& out) {
    (void)app;
    auto checks = st.checks();
    const ChoiceOutcomes* o = checks ? checks->choice(choice_id) : nullptr;
    if (!o || (!o->a_pass && !o->a_fail)) return;
    ImGui::PushID(choice_id.c_str());
    if (o->a_pass) {
        std::string label = "Play a pass (" + example_text(*o->a_pass) + ")";
        if (button(label.c_str())) {
            Intent i(Intent::Kind::StudioPlaytestExample, -1, choice_id);
            i.value = "\"pass\"";
            out.push_back(i);
        }
        if (o->a_fail) ImGui::SameLine();
    }
    if (o->a_fail) {
        std::string label = "Play a fail (" + example_text(*o->a_fail) + ")";
        if (button(label.c_str())) {
            Intent i(Intent::Kind::StudioPlaytestExample, -1, choice_id);
            i.value = "\"fail\"";
            out.push_back(i);
        }
    }
    ImGui::PopID();
}

void draw_studio_examples(App& app, Studio& st, std::vector<Intent>& out) {
    auto checks = st.checks();
    if (!checks || !checks->scenario) {
        muted_text(checks ? "The scenario does not load yet." : "Checking...");
        return;
    }
    const Scenario& s = *checks->scenario;
    if (checks->choices.size() != s.choices.size()) {
        muted_text("The analysis stopped at its state limit: no example paths.");
        return;
    }
    muted_text("A shortest passing and failing path through each choice, from the analysis. A click plays it in the playtest panel, step by step.");
    if (!ImGui::BeginTable("examples", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY))
        return;
    ImGui::TableSetupColumn("Node");
    ImGui::TableSetupColumn("Choice");
    ImGui::TableSetupColumn("Grade");
    ImGui::TableSetupColumn("Example paths");
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (std::size_t c = 0; c < s.choices.size(); ++c) {
        const Choice& ch = s.choices[c];
        const ChoiceOutcomes& o = checks->choices[c];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ch.node >= 0 ? s.nodes[static_cast<std::size_t>(ch.node)].id.c_str() : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(ch.id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(to_string(ch.grade));
        ImGui::TableNextColumn();
        if (!o.a_pass && !o.a_fail)
            muted_text(o.offered ? "no complete path goes through it" : "never offered");
        else
            draw_choice_examples(app, st, ch.id, out);
    }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------------------------------------
// [Pass-mark slider]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_pass_marks(App& app, Studio& st, std::vector<Intent>& out) {
    auto checks = st.checks();
    if (!checks || !checks->scenario) {
        muted_text(checks ? "The scenario does not load yet." : "Checking...");
        return;
    }
    const PassMarkTable& t = checks->pass_marks;
    if (t.learners.empty()) {
        muted_text("The analysis stopped at its state limit: no pass-mark figures.");
        return;
    }
    StudioPlay& p = play_of(st);
    int current = checks->scenario->pass_mark;
    int mark = p.preview_mark >= 0 ? p.preview_mark : current;
    // Three columns, so the figures fit the short checks area: the slider, the score chart, the learners.
    float left = std::min(340.0f, ImGui::GetContentRegionAvail().x * 0.28f);
    float panel_height = ImGui::GetContentRegionAvail().y;
    ImGui::BeginGroup();
    ImGui::SetNextItemWidth(left - 10);
    int slider = mark;
    if (ImGui::SliderInt("##passmark", &slider, 0, 100, "pass mark %d%%") && slider != mark)
        out.emplace_back(Intent::Kind::StudioPreviewPassMark, slider);
    ImGui::BeginDisabled(mark == current);
    std::string set = "Set pass mark to " + std::to_string(mark) + "%";
    if (button(set.c_str(), mark != current)) out.emplace_back(Intent::Kind::StudioSetPassMark, mark);
    ImGui::EndDisabled();
    ImGui::SameLine();
    muted_text("now " + std::to_string(current) + "%");
    char line[200];
    if (t.counted) {
        double total = t.paths_total(), pass = t.paths_passing(mark);
        std::snprintf(line, sizeof line, "%.0f of %.0f complete paths pass (%.1f%%)", pass, total,
                      total > 0 ? 100.0 * pass / total : 0.0);
    } else {
        std::snprintf(line, sizeof line, "Paths can loop, so they are not counted");
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + left - 10);
    ImGui::TextUnformatted(line);
    if (t.counted && t.paths_critical > 0) {
        std::snprintf(line, sizeof line, "%.0f more break a critical rule and fail at any mark", t.paths_critical);
        muted_text(line);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    // Final scores of every complete path, the passing ones in the pass colour.
    if (t.counted) {
        ImGui::SameLine();
        ImGui::BeginGroup();
        muted_text("complete paths by final score, 0–100%");
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 at = ImGui::GetCursorScreenPos();
        float w = std::min(360.0f, ImGui::GetContentRegionAvail().x * 0.3f);
        float h = std::max(48.0f, panel_height - ImGui::GetTextLineHeightWithSpacing() - 12);
        double most = *std::max_element(t.paths_at_score.begin(), t.paths_at_score.end());
        dl->AddRect(at, ImVec2(at.x + w, at.y + h), ImGui::GetColorU32(colours().border));
        for (int s = 0; s <= 100; ++s) {
            double n = t.paths_at_score[static_cast<std::size_t>(s)];
            if (n <= 0 || most <= 0) continue;
            float x = at.x + 2 + (w - 6) * static_cast<float>(s) / 100.0f;
            float bar = (h - 4) * static_cast<float>(std::sqrt(n / most));
            ImVec4 col = s >= mark ? colours().kept : colours().broken;
            dl->AddRectFilled(ImVec2(x, at.y + h - 2 - bar), ImVec2(x + 3, at.y + h - 2), ImGui::GetColorU32(col));
        }
        float mx = at.x + 2 + (w - 6) * static_cast<float>(mark) / 100.0f;
        dl->AddLine(ImVec2(mx, at.y), ImVec2(mx, at.y + h), ImGui::GetColorU32(colours().text), 2.0f);
        ImGui::Dummy(ImVec2(w, h));
        ImGui::EndGroup();
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    constexpr float column = 130;  // where the descriptions line up (relative to the group's left)
    heading(app.fonts().bold, "Which learners pass at " + std::to_string(mark) + "%");
    for (int g = 0; g < kLearnerGrades; ++g) {
        auto grade = static_cast<LearnerGrade>(g);
        const PassMarkTable::Learner& l = t.learners[static_cast<std::size_t>(g)];
        int passes = t.learner_passes(grade, mark);
        Verdict v = passes == 2 ? Verdict::Kept : passes == 1 ? Verdict::Pending : Verdict::Broken;
        ImGui::PushStyleColor(ImGuiCol_Text, verdict_colour(v));
        const char* word = passes == 2 ? "\u2713 passes" : passes == 1 ? "~ on some paths" : "\u2717 fails";
        ImGui::TextUnformatted(word);
        ImGui::PopStyleColor();
        ImGui::SameLine(column);
        std::string range;
        if (!l.reaches_end)
            range = "no complete path";
        else if (l.min_score > l.max_score)
            range = "always breaks a critical rule";
        else
            range = std::to_string(l.min_score) + "\u2013" + std::to_string(l.max_score) + "%" +
                    (l.critical ? ", or a critical breach" : "");
        ImGui::TextUnformatted((std::string("a learner choosing ") + learner_grade_text(grade) + "  (" + range + ")").c_str());
    }
    double random = t.random_passes(mark);
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_colour(random > checks->scenario->guess_pass_limit ? Verdict::Broken : Verdict::Kept));
    std::snprintf(line, sizeof line, "%.2f%%", 100.0 * random);
    ImGui::TextUnformatted(line);
    ImGui::PopStyleColor();
    ImGui::SameLine(column);
    std::snprintf(line, sizeof line, "a learner choosing at random passes (the limit is %.2f%%)",
                  100.0 * checks->scenario->guess_pass_limit);
    ImGui::TextUnformatted(line);
    ImGui::EndGroup();
}

//-----------------------------------------------------------------------------------------------------------
// [Checks tabs]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_checks_tabs(App& app, Studio& st, std::vector<Intent>& out) {
    StudioPlay& p = play_of(st);
    auto flags = [&](const char* name) {
        return p.select_tab == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (!ImGui::BeginTabBar("checks")) return;
    if (ImGui::BeginTabItem("Problems", nullptr, flags("problems"))) {
        draw_studio_problems(app, st, out);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Pass mark", nullptr, flags("pass-mark"))) {
        draw_studio_pass_marks(app, st, out);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Example paths", nullptr, flags("example-paths"))) {
        draw_studio_examples(app, st, out);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
    p.select_tab.clear();
}

//-----------------------------------------------------------------------------------------------------------
// [Toolbar]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_playtest_buttons(App& app, Studio& st, std::vector<Intent>& out) {
    (void)app;
    bool open = studio_playtest_open(st);
    ImGui::BeginDisabled(open);
    if (button("Playtest")) out.emplace_back(Intent::Kind::StudioPlaytestSetup, -1, "");
    const std::string& node = st.doc.selection.node;
    if (!node.empty() && !st.doc.node_pointer(node).empty()) {
        ImGui::SameLine();
        std::string label = "Playtest from '" + node + "'";
        if (button(label.c_str())) out.emplace_back(Intent::Kind::StudioPlaytestSetup, -1, node);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
}

}  // namespace cp::ui
