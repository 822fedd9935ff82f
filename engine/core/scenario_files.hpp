// Scenario files in the tutor's studio: a new scenario from a template, duplicating one, renaming a scenario's
// id (file name and id together), and raising its version with a note of what changed. Every write is atomic
// (atomic_file.hpp); nothing here needs a window.
//
// Index: [Templates] [Ids and clashes] [Duplicate and rename] [Versions]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "record.hpp"  // valid_scenario_id: the ids a record (and so a file name) may carry
#include "scenario_document.hpp"

namespace cp {

class VersionStore;

//-----------------------------------------------------------------------------------------------------------
// [Templates]
//-----------------------------------------------------------------------------------------------------------

// One template a new scenario can start from (scenarios/templates/*.json, valid drafts that load).
struct ScenarioTemplate {
    std::string name;   // the file name without .json: "blank", "complaint", "data-protection-request"
    std::string title;  // the template's own title
    std::string path;
};

// The bundled templates folder: <bundled scenarios>/templates.
std::string templates_dir();
// The templates in `dir`, sorted by name ("blank" first when present). Unreadable files are left out.
std::vector<ScenarioTemplate> list_templates(const std::string& dir);
// Writes `folder`/`id`.json from the template with its id and title replaced and version 0.1.0. Returns the
// new file's path, or "" with `error` (an invalid id, an id or file already in the folder, a bad template).
std::string create_from_template(const std::string& template_path, const std::string& folder, const std::string& id,
                                 const std::string& title, std::string& error);

//-----------------------------------------------------------------------------------------------------------
// [Ids and clashes]
//-----------------------------------------------------------------------------------------------------------

// Why `id` cannot be used for a scenario in `folder` ("" when it can): not a valid id, a file of that name
// exists, or another scenario there (other than `except_path`) already has that id.
std::string scenario_id_problem(const std::string& folder, const std::string& id, const std::string& except_path = {});

//-----------------------------------------------------------------------------------------------------------
// [Duplicate and rename]
//-----------------------------------------------------------------------------------------------------------

// Copies the scenario at `path` to <same folder>/`new_id`.json with that id and " (copy)" after its title,
// with its layout. Returns the copy's path, or "" with `error`.
std::string duplicate_scenario(const std::string& path, const std::string& new_id, std::string& error);

struct RenameResult {
    std::string new_path;  // "" when refused (see error)
    std::string error;
    std::string note;      // what happens to records made under the old id (for the tutor)
};
// Renames the scenario at `path` to `new_id`: writes <same folder>/`new_id`.json with the new id (every
// other byte as it was), moves the layout and recovery sidecars, and removes the old file. When `store` is
// given, the old file is kept there first under its old id and fingerprint, so records of the old id replay.
RenameResult rename_scenario(const std::string& path, const std::string& new_id, const VersionStore* store);
// The sentence the studio shows about records of a renamed scenario.
std::string rename_records_note(const std::string& old_id, const std::string& new_id);

//-----------------------------------------------------------------------------------------------------------
// [Versions]
//-----------------------------------------------------------------------------------------------------------

enum class VersionPart { Patch, Minor, Major };
const char* version_part_name(VersionPart part);  // "patch", "minor", "major"

// "1.2.3" raised by `part` ("1.2.4", "1.3.0", "2.0.0"); null when `version` is not MAJOR.MINOR.PATCH.
std::optional<std::string> bumped_version(const std::string& version, VersionPart part);
// Raises the document's version as one undoable edit labelled "Version X.Y.Z: <note>". False with `error`
// (and nothing changed) when the version is not MAJOR.MINOR.PATCH or the note is empty.
bool bump_version(ScenarioDocument& doc, VersionPart part, const std::string& note, std::string& error);
// The note of the bump that set the document's current version, when it is one of the applied edits.
std::string version_note(const ScenarioDocument& doc);
// "dir/name.changes.md" for "dir/name.json": the tutor-readable list of versions and what changed.
std::string changelog_path_for(const std::string& scenario_path);
// Adds "## <version> (<date>)\n<note>" at the top of the changelog, atomically. False with a reason.
bool add_changelog_entry(const std::string& scenario_path, const std::string& version, const std::string& date,
                         const std::string& note, std::string& error);
// Before a save: a warning when the scenario's content differs from the file on disk but its version does
// not ("" otherwise). Records of the older text still replay (from the version store, by fingerprint), but
// the version number no longer tells the two apart.
std::string unbumped_save_warning(const ScenarioDocument& doc);

}  // namespace cp
