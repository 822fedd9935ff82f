// Index: [Helpers] [Templates] [Ids and clashes] [Duplicate and rename] [Versions]
#include "scenario_files.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "atomic_file.hpp"
#include "json_document.hpp"
#include "library.hpp"
#include "version_store.hpp"

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Helpers]
//-----------------------------------------------------------------------------------------------------------

namespace {

std::string folder_of(const std::string& path) {
    std::string parent = fs::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

std::string file_for(const std::string& folder, const std::string& id) {
    return (fs::path(folder) / (id + ".json")).string();
}

// Opens a scenario for rewriting, with the first problem as one line.
std::optional<ScenarioDocument> open_for_rewrite(const std::string& path, std::string& error) {
    Diagnostics diags;
    auto doc = ScenarioDocument::open(path, diags);
    if (!doc) error = diags.items().empty() ? "cannot open " + path : format_diagnostic(diags.items().front());
    return doc;
}

// Copies a sidecar (layout) when there is one; a missing sidecar is not an error.
bool copy_sidecar(const std::string& from, const std::string& to, std::string& error) {
    std::string text, why;
    if (!read_text_file(from, text, why)) return true;
    return atomic_write_file(to, text, error);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Templates]
//-----------------------------------------------------------------------------------------------------------

std::string templates_dir() {
    std::string bundled = bundled_scenario_dir();
    return bundled.empty() ? std::string() : (fs::path(bundled) / "templates").string();
}

std::vector<ScenarioTemplate> list_templates(const std::string& dir) {
    std::vector<std::string> files;
    Diagnostics ignored;
    list_files(dir, ".json", files, ignored);
    std::vector<ScenarioTemplate> out;
    for (const auto& f : files) {
        Diagnostics diags;
        auto doc = ScenarioDocument::open(f, diags);
        if (!doc) continue;
        out.push_back({fs::path(f).stem().string(), doc->json().value("title", std::string()), f});
    }
    std::sort(out.begin(), out.end(), [](const ScenarioTemplate& a, const ScenarioTemplate& b) {
        return (a.name != "blank") < (b.name != "blank") || ((a.name != "blank") == (b.name != "blank") && a.name < b.name);
    });
    return out;
}

std::string create_from_template(const std::string& template_path, const std::string& folder, const std::string& id,
                                 const std::string& title, std::string& error) {
    if (std::string problem = scenario_id_problem(folder, id); !problem.empty()) {
        error = problem;
        return {};
    }
    auto doc = open_for_rewrite(template_path, error);
    if (!doc) return {};
    OrderedJson content = doc->json();
    content["id"] = id;
    if (!title.empty()) content["title"] = title;
    content["version"] = "0.1.0";
    // The template's schema link is relative to the templates folder; a scenario folder has it one up.
    if (content.contains("$schema") && content["$schema"].is_string()) {
        std::string schema = content["$schema"].get<std::string>();
        if (schema.rfind("../../", 0) == 0) content["$schema"] = schema.substr(3);
    }
    std::string path = file_for(folder, id);
    std::string text = format_preserving(content, doc->json(), doc->text());
    if (!atomic_write_file(path, text, error)) return {};
    return path;
}

//-----------------------------------------------------------------------------------------------------------
// [Ids and clashes]
//-----------------------------------------------------------------------------------------------------------

std::string scenario_id_problem(const std::string& folder, const std::string& id, const std::string& except_path) {
    if (!valid_scenario_id(id))
        return "'" + id + "' is not a valid scenario id: use letters, digits, '-', '_' or '.' (no spaces)";
    std::string path = file_for(folder, id);
    std::error_code ec;
    if (fs::exists(path, ec) && !(except_path.size() && fs::equivalent(path, except_path, ec)))
        return "a file named " + id + ".json is already in " + folder + "; choose another id";
    for (const auto& f : scenario_files_in(folder)) {
        if (!except_path.empty() && fs::equivalent(f, except_path, ec)) continue;
        std::string text, why;
        if (!read_text_file(f, text, why)) continue;
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_object() && j.value("id", nlohmann::json()) == id)
            return "the scenario in " + f + " already has the id '" + id + "'; choose another id";
    }
    return {};
}

//-----------------------------------------------------------------------------------------------------------
// [Duplicate and rename]
//-----------------------------------------------------------------------------------------------------------

std::string duplicate_scenario(const std::string& path, const std::string& new_id, std::string& error) {
    std::string folder = folder_of(path);
    if (std::string problem = scenario_id_problem(folder, new_id); !problem.empty()) {
        error = problem;
        return {};
    }
    auto doc = open_for_rewrite(path, error);
    if (!doc) return {};
    OrderedJson content = doc->json();
    content["id"] = new_id;
    content["title"] = content.value("title", std::string()) + " (copy)";
    std::string copy = file_for(folder, new_id);
    if (!atomic_write_file(copy, format_preserving(content, doc->disk_json(), doc->text()), error)) return {};
    if (!copy_sidecar(layout_path_for(path), layout_path_for(copy), error)) return {};
    return copy;
}

std::string rename_records_note(const std::string& old_id, const std::string& new_id) {
    return "Records made under '" + old_id + "' keep that id: they still replay, because the version store keeps "
           "every version a session used by its fingerprint. New sessions are recorded as '" + new_id + "'.";
}

RenameResult rename_scenario(const std::string& path, const std::string& new_id, const VersionStore* store) {
    RenameResult result;
    std::string folder = folder_of(path);
    auto doc = open_for_rewrite(path, result.error);
    if (!doc) return result;
    std::string old_id = doc->json().value("id", std::string());
    if (old_id == new_id) {
        result.error = "the scenario is already called '" + new_id + "'";
        return result;
    }
    if (std::string problem = scenario_id_problem(folder, new_id, path); !problem.empty()) {
        result.error = problem;
        return result;
    }
    if (store && valid_scenario_id(old_id)) {
        std::string why;
        std::string sha = json_file_fingerprint(path, why);
        if (sha.empty() || !store->keep_file(VersionKind::Scenario, old_id, sha, path, why)) {
            result.error = "could not keep the old version in the version store, so nothing was renamed: " + why;
            return result;
        }
    }
    if (!doc->set("/id", new_id, "Rename the scenario")) {
        result.error = doc->last_error();
        return result;
    }
    std::string target = file_for(folder, new_id);
    if (!atomic_write_file(target, doc->text(), result.error)) return result;
    // The sidecars follow the file; then the old file goes (a crash before this leaves both, never neither).
    if (!copy_sidecar(layout_path_for(path), layout_path_for(target), result.error)) return result;
    if (!copy_sidecar(recovery_path_for(path), recovery_path_for(target), result.error)) return result;
    std::error_code ec;
    fs::remove(layout_path_for(path), ec);
    fs::remove(recovery_path_for(path), ec);
    if (fs::exists(changelog_path_for(path), ec)) fs::rename(changelog_path_for(path), changelog_path_for(target), ec);
    if (!fs::remove(path, ec) && ec) {
        result.error = "wrote " + target + " but could not remove " + path + ": " + ec.message();
        return result;
    }
    result.new_path = target;
    result.note = rename_records_note(old_id, new_id);
    return result;
}

//-----------------------------------------------------------------------------------------------------------
// [Versions]
//-----------------------------------------------------------------------------------------------------------

const char* version_part_name(VersionPart part) {
    switch (part) {
        case VersionPart::Patch: return "patch";
        case VersionPart::Minor: return "minor";
        case VersionPart::Major: return "major";
    }
    return "patch";
}

std::optional<std::string> bumped_version(const std::string& version, VersionPart part) {
    unsigned long v[3] = {0, 0, 0};
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i) {
        std::size_t digits = 0;
        while (at + digits < version.size() && std::isdigit(static_cast<unsigned char>(version[at + digits]))) ++digits;
        if (digits == 0 || digits > 9) return std::nullopt;
        v[i] = std::stoul(version.substr(at, digits));
        at += digits;
        if (i < 2) {
            if (at >= version.size() || version[at] != '.') return std::nullopt;
            ++at;
        }
    }
    if (at != version.size()) return std::nullopt;
    if (part == VersionPart::Major) v[0] += 1, v[1] = 0, v[2] = 0;
    if (part == VersionPart::Minor) v[1] += 1, v[2] = 0;
    if (part == VersionPart::Patch) v[2] += 1;
    return std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
}

namespace {
constexpr const char* kVersionLabel = "Version ";
}

bool bump_version(ScenarioDocument& doc, VersionPart part, const std::string& note, std::string& error) {
    const OrderedJson& v = doc.json().value("version", OrderedJson());
    std::string current = v.is_string() ? v.get<std::string>() : v.dump();
    auto next = bumped_version(current, part);
    if (!next) {
        error = "the version '" + current + "' is not MAJOR.MINOR.PATCH (like 1.2.0); set it in the scenario's fields first";
        return false;
    }
    std::string trimmed = note;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
    if (trimmed.empty()) {
        error = "say what changed in this version (one line is enough)";
        return false;
    }
    if (doc.set("/version", *next, kVersionLabel + *next + ": " + trimmed)) return true;
    error = doc.last_error();
    return false;
}

std::string version_note(const ScenarioDocument& doc) {
    std::string version = doc.json().value("version", OrderedJson()).is_string() ? doc.json().value("version", std::string()) : "";
    std::string prefix = kVersionLabel + version + ": ";
    for (std::size_t i = doc.undo_depth(); i-- > 0;)
        if (doc.history()[i].label.rfind(prefix, 0) == 0) return doc.history()[i].label.substr(prefix.size());
    return {};
}

std::string changelog_path_for(const std::string& scenario_path) {
    std::string base = scenario_path;
    if (base.size() > 5 && base.compare(base.size() - 5, 5, ".json") == 0) base.resize(base.size() - 5);
    return base + ".changes.md";
}

bool add_changelog_entry(const std::string& scenario_path, const std::string& version, const std::string& date,
                         const std::string& note, std::string& error) {
    std::string path = changelog_path_for(scenario_path);
    std::string old, why;
    read_text_file(path, old, why);  // a first entry starts the file
    std::string head = "# Changes to " + fs::path(scenario_path).filename().string() + "\n\n";
    if (old.rfind(head, 0) == 0) old.erase(0, head.size());
    std::string entry = "## " + version + " (" + date + ")\n\n" + note + "\n\n";
    return atomic_write_file(path, head + entry + old, error);
}

std::string unbumped_save_warning(const ScenarioDocument& doc) {
    const OrderedJson& disk = doc.disk_json();
    if (!disk.is_object() || disk == doc.json()) return {};
    if (disk.value("version", OrderedJson()) != doc.json().value("version", OrderedJson())) return {};
    const OrderedJson& version = disk.value("version", OrderedJson());
    return "Saved without raising the version (still " + (version.is_string() ? version.get<std::string>() : version.dump()) +
           "). Records made with the earlier text still replay from the version store, which keeps each version "
           "by its fingerprint, but the version number no longer tells the two apart: use Version to raise it.";
}

}  // namespace cp
