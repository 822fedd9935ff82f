// The studio's file actions: a new scenario from a template, duplicate, rename (file name and id together),
// a version bump with a note, and saving with a warning for a change the version does not show. Also the
// right-hand panel switch (inspector, rules, file) and the intents of this file and studio_rules.cpp.
//
// Index: [Helpers] [Saving] [Intents] [Panel switch] [File panel]
#include <algorithm>
#include <ctime>
#include <filesystem>

#include "app.hpp"
#include "scenario_files.hpp"
#include "version_store.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

const char* studio_panel_name(StudioPanel panel) {
    switch (panel) {
        case StudioPanel::Inspector: return "inspector";
        case StudioPanel::Rules: return "rules";
        case StudioPanel::File: return "file";
    }
    return "inspector";
}

namespace {

std::string json_string(const std::string& value_text) {
    try {
        auto j = nlohmann::json::parse(value_text);
        return j.is_string() ? j.get<std::string>() : std::string();
    } catch (const nlohmann::json::exception&) {
        return {};
    }
}

std::string today() {
    std::time_t now = std::time(nullptr);
    char buffer[16] = "";
    std::tm local{};
    localtime_r(&now, &local);
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

std::string folder_of(const std::string& path) {
    std::string parent = fs::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

// Opens `path` in the studio in place of the current scenario, on `panel`, with `status` shown.
void reopen(App& app, const std::string& path, StudioPanel panel, const std::string& status) {
    app.apply(Intent(Intent::Kind::OpenStudio, -1, path));
    if (Studio* st = app.studio(); st && st->doc.path() == path) {
        st->rules.panel = panel;
        st->status = status;
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Saving]
//-----------------------------------------------------------------------------------------------------------

bool save_studio(Studio& st) {
    ScenarioDocument& doc = st.doc;
    std::string warning = unbumped_save_warning(doc);
    std::string note = version_note(doc);
    bool bumped = doc.disk_json().is_object() &&
                  doc.disk_json().value("version", OrderedJson()) != doc.json().value("version", OrderedJson());
    std::string error;
    if (!doc.save(error)) {
        st.status = "Could not save: " + error;
        return false;
    }
    st.status = "Saved " + doc.path() + ".";
    if (bumped && !note.empty()) {
        std::string version = doc.json().value("version", std::string());
        if (add_changelog_entry(doc.path(), version, today(), note, error))
            st.status += " Version " + version + " noted in " + fs::path(changelog_path_for(doc.path())).filename().string() + ".";
        else
            st.status += " The changelog could not be written: " + error;
    }
    if (!warning.empty()) st.status += " " + warning;
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Intents]
//-----------------------------------------------------------------------------------------------------------

bool apply_studio_files(App& app, const Intent& intent) {
    using K = Intent::Kind;
    Studio* st = app.studio();
    switch (intent.kind) {
        case K::StudioPanel:
        case K::StudioNewScenario:
        case K::StudioDuplicate:
        case K::StudioRenameScenario:
        case K::StudioBumpVersion:
            break;
        case K::StudioRuleTarget:
        case K::StudioRuleEdit:
            if (st) apply_studio_rules(app, *st, intent);
            return true;
        default:
            return false;
    }
    if (!st) return true;
    ScenarioDocument& doc = st->doc;
    std::string error;
    if (intent.kind == K::StudioPanel) {
        for (StudioPanel p : {StudioPanel::Inspector, StudioPanel::Rules, StudioPanel::File})
            if (intent.text == studio_panel_name(p)) st->rules.panel = p;
        return true;
    }
    if (intent.kind == K::StudioBumpVersion) {
        VersionPart part = intent.text == "major" ? VersionPart::Major
                           : intent.text == "minor" ? VersionPart::Minor
                                                    : VersionPart::Patch;
        if (bump_version(doc, part, json_string(intent.value), error)) {
            st->status = "Version " + doc.json().value("version", std::string()) +
                         " (saved with the file; the note goes to the changelog). Records of the earlier version "
                         "replay from the version store.";
            st->view.drafts.clear();
            st->submit_checks();
        } else {
            st->status = error;
        }
        return true;
    }
    // The others write or open another file: the open scenario must have no unsaved edits.
    if (doc.dirty()) {
        st->status = "Save (or undo) your edits first: this opens another file.";
        return true;
    }
    std::string folder = folder_of(doc.path());
    if (intent.kind == K::StudioNewScenario) {
        OrderedJson v = OrderedJson::parse(intent.value.empty() ? "{}" : intent.value, nullptr, false);
        std::string id = v.is_object() ? v.value("id", std::string()) : "";
        std::string title = v.is_object() ? v.value("title", std::string()) : "";
        std::string path = create_from_template(intent.text, folder, id, title, error);
        if (path.empty())
            st->status = "Cannot create the scenario: " + error;
        else
            reopen(app, path, StudioPanel::Inspector, "Created " + path + " from the template (version 0.1.0).");
        return true;
    }
    std::string new_id = json_string(intent.value);
    if (intent.kind == K::StudioDuplicate) {
        std::string path = duplicate_scenario(doc.path(), new_id, error);
        if (path.empty())
            st->status = "Cannot duplicate: " + error;
        else
            reopen(app, path, StudioPanel::File, "Duplicated as " + path + "; you are editing the copy.");
        return true;
    }
    // Rename.
    VersionStore store = VersionStore::user();
    RenameResult renamed = rename_scenario(doc.path(), new_id, &store);
    if (renamed.new_path.empty())
        st->status = "Cannot rename: " + renamed.error;
    else
        reopen(app, renamed.new_path, StudioPanel::File, "Renamed to '" + new_id + "'. " + renamed.note);
    return true;
}

bool studio_intent_named(const std::string& name, Intent::Kind& kind) {
    using K = Intent::Kind;
    static const std::pair<const char*, K> names[] = {
        {"panel", K::StudioPanel},          {"new-scenario", K::StudioNewScenario},
        {"duplicate", K::StudioDuplicate},  {"rename-scenario", K::StudioRenameScenario},
        {"bump-version", K::StudioBumpVersion}, {"rule-target", K::StudioRuleTarget},
        {"rule-edit", K::StudioRuleEdit},   {"set", K::StudioSet},
        {"add-node", K::StudioAddNode},     {"add-ending", K::StudioAddEnding},
        {"add-choice", K::StudioAddChoice}, {"add-line", K::StudioAddLine},
        {"undo", K::StudioUndo},            {"redo", K::StudioRedo},
        {"save", K::StudioSave},            {"auto-layout", K::StudioAutoLayout}};
    for (const auto& [n, k] : names)
        if (name == n) {
            kind = k;
            return true;
        }
    return false;
}

//-----------------------------------------------------------------------------------------------------------
// [Panel switch]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_side(App& app, Studio& st, std::vector<Intent>& out) {
    const char* labels[] = {"Inspector", "Rules", "File"};
    StudioPanel panels[] = {StudioPanel::Inspector, StudioPanel::Rules, StudioPanel::File};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (chip(labels[i], st.rules.panel == panels[i]))
            out.emplace_back(Intent::Kind::StudioPanel, -1, studio_panel_name(panels[i]));
    }
    ImGui::Separator();
    switch (st.rules.panel) {
        case StudioPanel::Inspector: draw_studio_inspector(app, st, out); break;
        case StudioPanel::Rules: draw_studio_rules(app, st, out); break;
        case StudioPanel::File: draw_studio_files(app, st, out); break;
    }
}

//-----------------------------------------------------------------------------------------------------------
// [File panel]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_files(App&, Studio& st, std::vector<Intent>& out) {
    using K = Intent::Kind;
    StudioRules& f = st.rules;
    const OrderedJson& j = st.doc.json();
    std::string id = j.value("id", OrderedJson()).is_string() ? j["id"].get<std::string>() : "";
    std::string version = j.value("version", OrderedJson()).is_string() ? j["version"].get<std::string>() : "?";
    ImGui::Text("%s", id.c_str());
    ImGui::SameLine();
    muted_text("version " + version + (st.doc.dirty() ? ", unsaved edits" : ""));

    // Version bump.
    ImGui::Spacing();
    ImGui::TextUnformatted("Raise the version");
    const char* parts[] = {"patch (wording)", "minor (a path or rule)", "major (a different scenario)"};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        ImGui::RadioButton(parts[i], &f.version_part, i);
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##version-note", "What changed (goes to the changelog)", f.version_note, sizeof f.version_note);
    if (button("Raise version")) {
        Intent bump(K::StudioBumpVersion, -1, f.version_part == 2 ? "major" : f.version_part == 1 ? "minor" : "patch");
        bump.value = nlohmann::json(std::string(f.version_note)).dump();
        out.push_back(std::move(bump));
        f.version_note[0] = '\0';
    }
    wrapped_text("Sessions record the version and a fingerprint of the file. Records of an older version keep "
                 "replaying with their own text from the version store; raising the version tells them apart.");

    // New from a template.
    ImGui::Separator();
    ImGui::TextUnformatted("New scenario from a template");
    static std::vector<ScenarioTemplate> templates;  // read once per run: the bundled templates do not change
    if (templates.empty()) templates = list_templates(templates_dir());
    if (templates.empty()) {
        muted_text("No templates found (" + templates_dir() + ").");
    } else {
        f.template_index = std::clamp(f.template_index, 0, static_cast<int>(templates.size()) - 1);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##template", templates[static_cast<std::size_t>(f.template_index)].title.c_str())) {
            for (std::size_t i = 0; i < templates.size(); ++i)
                if (ImGui::Selectable((templates[i].title + " (" + templates[i].name + ")").c_str(),
                                      static_cast<int>(i) == f.template_index))
                    f.template_index = static_cast<int>(i);
            ImGui::EndCombo();
        }
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##new-id", "id (the file name): rent-arrears-complaint", f.new_scenario_id, sizeof f.new_scenario_id);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##new-title", "title", f.new_scenario_title, sizeof f.new_scenario_title);
        if (button("Create and open")) {
            Intent make(K::StudioNewScenario, -1, templates[static_cast<std::size_t>(f.template_index)].path);
            make.value = nlohmann::json{{"id", f.new_scenario_id}, {"title", f.new_scenario_title}}.dump();
            out.push_back(std::move(make));
        }
    }

    // Duplicate and rename.
    ImGui::Separator();
    ImGui::TextUnformatted("Duplicate");
    ImGui::SetNextItemWidth(-120);
    ImGui::InputTextWithHint("##dup-id", "the copy's id", f.duplicate_id, sizeof f.duplicate_id);
    ImGui::SameLine();
    if (button("Duplicate")) {
        Intent dup(K::StudioDuplicate);
        dup.value = nlohmann::json(std::string(f.duplicate_id)).dump();
        out.push_back(std::move(dup));
    }
    ImGui::TextUnformatted("Rename (file name and id together)");
    ImGui::SetNextItemWidth(-120);
    ImGui::InputTextWithHint("##rename-id", "the new id", f.rename_id, sizeof f.rename_id);
    ImGui::SameLine();
    if (button("Rename")) {
        Intent rename(K::StudioRenameScenario);
        rename.value = nlohmann::json(std::string(f.rename_id)).dump();
        out.push_back(std::move(rename));
    }
    wrapped_text(rename_records_note(id, f.rename_id[0] ? f.rename_id : "the new id"));
}

}  // namespace cp::ui
