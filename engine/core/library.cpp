// Index: [Folders on this machine] [Scenario folders] [Loading] [Finding one scenario]
#include "library.hpp"
#include "scenario_document.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "json_document.hpp"

namespace cp {

namespace fs = std::filesystem;

namespace {
std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}
std::string home() {
    return env_or("HOME", ".");
}
std::string data_home() {
    return env_or("XDG_DATA_HOME", home() + "/.local/share");
}
bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}
// The same folder however it was written (trailing slash, "..", a symlink), for de-duplication.
std::string folder_key(const std::string& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    std::string key = (ec ? fs::path(path).lexically_normal() : canonical).string();
    while (key.size() > 1 && key.back() == '/') key.pop_back();
    return key;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Folders on this machine]
//-----------------------------------------------------------------------------------------------------------

std::string executable_path() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.string();
}

std::string bundled_scenario_dir() {
    if (const char* v = std::getenv("COUNTERPART_SCENARIOS"); v && *v) return v;
    std::string exe = executable_path();
    if (exe.empty()) return "scenarios";
    fs::path bin = fs::path(exe).parent_path();
    fs::path installed = (bin.parent_path() / "share" / "counterpart" / "scenarios").lexically_normal();
    if (is_dir(installed)) return installed.string();
    // A binary in a build tree: the build wrote the source tree's scenarios folder into a marker file at the
    // top of the build tree. An installed binary has no marker, so it never reaches into a source tree.
    fs::path at = bin;
    for (int up = 0; up < 3 && !at.empty(); ++up, at = at.parent_path()) {
        std::ifstream marker(at / kBuildTreeMarker);
        std::string source;
        if (marker && std::getline(marker, source) && !source.empty()) return source;
        if (at == at.parent_path()) break;
    }
    return installed.string();  // missing, but it is where an installed library belongs: messages name it
}

std::string user_scenario_dir() {
    return (fs::path(data_home()) / "counterpart" / "scenarios").string();
}

std::string sessions_dir() {
    return (fs::path(data_home()) / "counterpart" / "sessions").string();
}

std::string versions_dir() {
    return (fs::path(data_home()) / "counterpart" / "versions").string();
}

std::string config_dir() {
    return (fs::path(env_or("XDG_CONFIG_HOME", home() + "/.config")) / "counterpart").string();
}

//-----------------------------------------------------------------------------------------------------------
// [Scenario folders]
//-----------------------------------------------------------------------------------------------------------

const char* folder_kind_label(FolderKind kind) {
    switch (kind) {
        case FolderKind::Bundled:
            return "bundled";
        case FolderKind::User:
            return "your folder";
        case FolderKind::Added:
            return "added in Settings";
        case FolderKind::Given:
            return "given";
    }
    return "?";
}

std::vector<std::string> scenario_folders_from_settings(const nlohmann::json& settings) {
    std::vector<std::string> out;
    if (!settings.is_object()) return out;
    auto it = settings.find("scenario_folders");
    if (it == settings.end() || !it->is_array()) return out;
    for (const auto& item : *it)
        if (item.is_string() && !item.get_ref<const std::string&>().empty()) out.push_back(item.get<std::string>());
    return out;
}

std::vector<std::string> added_scenario_folders(const std::string& config_dir) {
    std::string text, error;
    if (!read_text_file((fs::path(config_dir) / "settings.json").string(), text, error, 1 << 20)) return {};
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? std::vector<std::string>{} : scenario_folders_from_settings(j);
}

std::vector<ScenarioFolder> scenario_folders(const std::string& bundled, const std::string& user,
                                             const std::vector<std::string>& added) {
    std::vector<ScenarioFolder> out;
    std::vector<std::string> keys;
    auto push = [&](FolderKind kind, const std::string& path) {
        if (path.empty()) return;
        std::string key = folder_key(path);
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
        keys.push_back(key);
        out.push_back({kind, path});
    };
    push(FolderKind::Bundled, bundled);
    push(FolderKind::User, user);
    for (const auto& a : added) push(FolderKind::Added, a);
    return out;
}

std::vector<ScenarioFolder> default_scenario_folders() {
    return scenario_folders(bundled_scenario_dir(), user_scenario_dir(), added_scenario_folders(config_dir()));
}

std::vector<std::string> scenario_files_in(const std::string& dir, Diagnostics* problems) {
    std::vector<std::string> files;
    Diagnostics ignored;
    list_files(dir, ".json", files, problems ? *problems : ignored);  // never throws (symlink loops, ...)
    std::erase_if(files, [](const std::string& f) { return fs::path(f).filename() == "marking-points.json"; });
    std::erase_if(files, [](const std::string& f) { return is_studio_sidecar(f); });  // the studio's layouts
    return files;
}

//-----------------------------------------------------------------------------------------------------------
// [Loading]
//-----------------------------------------------------------------------------------------------------------

std::vector<std::size_t> LoadedLibrary::same_id_as(std::size_t index) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
        if (i != index && scenarios[i]->id == scenarios[index]->id) out.push_back(i);
    return out;
}

std::vector<std::string> LoadedLibrary::id_clashes() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        auto others = same_id_as(i);
        if (others.empty() || others.front() < i) continue;  // reported once, at its first occurrence
        std::string line = "id '" + scenarios[i]->id + "' is in: ";
        others.insert(others.begin(), i);
        for (std::size_t k = 0; k < others.size(); ++k)
            line += (k ? ", " : "") + std::string(folder_kind_label(folder(others[k]).kind)) + " (" +
                    scenarios[others[k]]->file + ")";
        out.push_back(line);
    }
    return out;
}

LoadedLibrary load_library(const std::string& dir) {
    return load_library(std::vector<ScenarioFolder>{{FolderKind::Given, dir}});
}

LoadedLibrary load_library(const std::vector<ScenarioFolder>& folders) {
    LoadedLibrary lib;
    lib.folders = folders;
    for (std::size_t f = 0; f < folders.size(); ++f) {
        PolicyLibrary own;
        own.load_directory((fs::path(folders[f].path) / "policies").string(), lib.diagnostics);
        if (f == 0) {
            lib.policies = own;
        } else {
            for (const auto& [id, policy] : lib.policies.all())
                if (!own.find(id)) own.add(policy);
        }
        for (const auto& file : scenario_files_in(folders[f].path, &lib.diagnostics)) {
            auto scenario = load_scenario_file(file, own, lib.diagnostics);
            if (!scenario) continue;
            lib.scenarios.push_back(scenario);
            lib.folder_of.push_back(f);
        }
    }
    return lib;
}

std::string empty_library_message(const LoadedLibrary& lib, bool in_app) {
    std::string out = "No scenarios were found. Searched:\n";
    for (const auto& f : lib.folders) {
        out += "  " + f.path + "  (" + folder_kind_label(f.kind) + (is_dir(f.path) ? "" : ", missing") + ")\n";
    }
    if (lib.folders.empty()) out += "  (no folders)\n";
    out += "To add scenarios, copy scenario files (with a policies/ folder) into " + user_scenario_dir();
    out += in_app ? ", or add a folder (a shared drive, say) in Settings, under Scenario folders."
                  : ", add a folder in the window app's Settings, or set COUNTERPART_SCENARIOS to a folder.";
    if (lib.diagnostics.has_errors()) out += " Some files have errors: counterpart lint FOLDER lists them.";
    return out + "\n";
}

//-----------------------------------------------------------------------------------------------------------
// [Finding one scenario]
//-----------------------------------------------------------------------------------------------------------

std::string resolve_scenario_path(const std::string& arg) {
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) return arg;
    if (arg.empty() || arg.find('/') != std::string::npos) return {};
    for (const auto& folder : default_scenario_folders()) {
        auto candidate = fs::path(folder.path) / (arg + ".json");
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

}  // namespace cp
