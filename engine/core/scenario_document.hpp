// A scenario open for editing in the tutor's studio, without any window: the file's JSON as an ordered
// document, typed edit operations that are each undoable and redoable for the whole session, saving that
// leaves untouched parts byte for byte as the tutor wrote them, node positions kept apart from the
// scenario's meaning, atomic saves, an autosaved recovery file, and reloading when the file changes on disk.
//
// Index: [Layout] [ScenarioDocument: open, save, recovery, disk] [Editing operations]
// (Edits, undo and formatting are EditableJson's: editable_json.hpp.)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.hpp"
#include "editable_json.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Layout]
//-----------------------------------------------------------------------------------------------------------

struct NodePosition {
    float x = 0, y = 0;
    bool operator==(const NodePosition&) const = default;
};

// Where nodes and endings sit on the studio canvas, by id. Stored in "<scenario>.layout.json" beside the
// scenario, so moving a box never changes the scenario's fingerprint or its session records.
struct Layout {
    std::map<std::string, NodePosition> positions;
    bool operator==(const Layout&) const = default;
};

// "dir/name.layout.json" for "dir/name.json".
std::string layout_path_for(const std::string& scenario_path);
// "dir/name.json.recovery": the autosaved copy of unsaved edits.
std::string recovery_path_for(const std::string& scenario_path);
// True for the studio's sidecar files, which folder walks must not take for scenarios.
bool is_studio_sidecar(const std::string& path);

//-----------------------------------------------------------------------------------------------------------
// [ScenarioDocument]
//-----------------------------------------------------------------------------------------------------------

// What the studio has selected, by id, so a reload or an undo keeps it while the ids still exist.
struct StudioSelection {
    std::string node;    // node or ending id; "" none
    std::string choice;  // choice id within it; "" none
    bool operator==(const StudioSelection&) const = default;
};

enum class DiskChange { Unchanged, Reloaded, Conflict, Missing };

class ScenarioDocument : public EditableJson {
  public:
    // Opens `path` (any JSON object; the checker judges it as a scenario). Null with an error carrying
    // file:line:col when it cannot be read or parsed. Reads the layout sidecar and notes a recovery file.
    static std::optional<ScenarioDocument> open(const std::string& path, Diagnostics& diags);
    // A new, unsaved document at `path` (which need not exist) with `content`.
    static ScenarioDocument create(const std::string& path, OrderedJson content);

    bool layout_dirty() const { return layout_ != disk_layout_; }

    // Saves the scenario (and the layout when it changed) atomically: temp file, fsync, rename. Removes the
    // recovery file. False with a reason.
    bool save(std::string& error);

    // --- recovery ---------------------------------------------------------------------------------------
    // Writes unsaved edits to the recovery file (atomically). Does nothing when there are none.
    bool autosave(std::string& error);
    // A recovery file from an earlier session whose content differs from the file: offer it to the tutor.
    bool recovery_offered() const { return recovery_.has_value(); }
    // Takes the recovered content as one undoable edit; the recovery file stays until the next save.
    bool recover(std::string& error);
    // Deletes the recovery file and stops offering it.
    void discard_recovery();

    // --- the file on disk -------------------------------------------------------------------------------
    // Compares the file with what was last read or saved. Changed and no unsaved edits: reloads it (one
    // undoable edit) and keeps the selection where its ids still exist. Changed with unsaved edits:
    // Conflict, and nothing changes (reload(true) takes the disk's version).
    DiskChange check_disk();
    bool reload(std::string& error);

    // --- layout and selection (not part of the scenario's meaning, not in the undo history) -------------
    Layout& layout() { return layout_; }
    const Layout& layout() const { return layout_; }
    StudioSelection selection;

    //-------------------------------------------------------------------------------------------------------
    // [Editing operations] Each returns false (with last_error()) and changes nothing when it cannot apply.
    //-------------------------------------------------------------------------------------------------------
    bool add_node(const std::string& id);  // with one narrator line and no choices yet
    bool remove_node(const std::string& id);  // references to it are left for lint to report
    // Renames a node or ending and every reference to it (start, nodes' and choices' next, windows).
    bool rename_node(const std::string& id, const std::string& new_id);
    bool add_ending(const std::string& id, const std::string& title);
    bool add_line(const std::string& node_id, const std::string& speaker, const std::string& text);
    bool add_choice(const std::string& node_id, const std::string& choice_id, const std::string& text,
                    const std::string& next);
    bool remove_choice(const std::string& choice_id);
    // Moves a choice within its node's list (the file's order; learners see options shuffled anyway).
    bool move_choice(const std::string& choice_id, std::size_t to_index);
    bool set_grade(const std::string& choice_id, const std::string& grade, const std::string& reason);
    // Sets where a choice, or a node without choices, goes next.
    bool set_next(const std::string& node_or_choice_id, const std::string& target);

    // JSON pointers of things by id ("" when absent): "/nodes/3", "/nodes/3/choices/1", "/endings/0".
    std::string node_pointer(const std::string& id) const;
    std::string ending_pointer(const std::string& id) const;
    std::string choice_pointer(const std::string& id) const;

  private:
    void keep_selection();
    void after_change() override { keep_selection(); }
    const char* what() const override { return "scenario"; }
    bool is_free_id(const std::string& id) const;  // not used by any node, ending or choice

    Layout layout_, disk_layout_;
    std::optional<std::string> recovery_;  // the recovery file's text, when one is offered
    std::string autosaved_text_;           // what the recovery file last received
};

}  // namespace cp
