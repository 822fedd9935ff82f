// A scenario open for editing in the tutor's studio, without any window: the file's JSON as an ordered
// document, typed edit operations that are each undoable and redoable for the whole session, saving that
// leaves untouched parts byte for byte as the tutor wrote them, node positions kept apart from the
// scenario's meaning, atomic saves, an autosaved recovery file, and reloading when the file changes on disk.
//
// Index: [Edits] [Layout] [ScenarioDocument: open, save, recovery, disk] [Editing operations] [Formatting]
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.hpp"

namespace cp {

using OrderedJson = nlohmann::ordered_json;  // keys in the order the tutor wrote them

//-----------------------------------------------------------------------------------------------------------
// [Edits]
//-----------------------------------------------------------------------------------------------------------

// One primitive change at a JSON pointer. Insert adds an array element (shifting the rest) or an object
// member at `position`; Erase removes one; Replace swaps a value. Each is its own inverse's mirror.
struct JsonChange {
    enum class Kind : std::uint8_t { Replace, Insert, Erase };
    Kind kind = Kind::Replace;
    std::string pointer;
    OrderedJson before;         // Replace and Erase: the old value
    OrderedJson after;          // Replace and Insert: the new value
    std::size_t position = 0;   // object member Insert/Erase: its place among the members
};

// One user-visible edit ("Rename node 'triage'"): undone and redone as a whole.
struct Edit {
    std::string label;
    std::vector<JsonChange> changes;
};

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

struct SpanIndex;  // where each value of the file on disk lies in its text (scenario_document.cpp)

class ScenarioDocument {
  public:
    // Opens `path` (any JSON object; the checker judges it as a scenario). Null with an error carrying
    // file:line:col when it cannot be read or parsed. Reads the layout sidecar and notes a recovery file.
    static std::optional<ScenarioDocument> open(const std::string& path, Diagnostics& diags);
    // A new, unsaved document at `path` (which need not exist) with `content`.
    static ScenarioDocument create(const std::string& path, OrderedJson content);

    const std::string& path() const { return path_; }
    const OrderedJson& json() const { return root_; }
    // The text a save writes: untouched values exactly as on disk, changed ones in the house style.
    std::string text() const;
    bool dirty() const { return text() != disk_text_; }
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

    // --- undo -------------------------------------------------------------------------------------------
    bool can_undo() const { return done_ > 0; }
    bool can_redo() const { return done_ < history_.size(); }
    bool undo();
    bool redo();
    const std::vector<Edit>& history() const { return history_; }
    std::size_t undo_depth() const { return done_; }
    // The label of the edit undo would revert ("" when none).
    std::string undo_label() const { return done_ ? history_[done_ - 1].label : std::string(); }
    // Counts applied edits; changes with every edit, undo and redo (the live checker keys its runs on it).
    std::uint64_t revision() const { return revision_; }

    // --- layout and selection (not part of the scenario's meaning, not in the undo history) -------------
    Layout& layout() { return layout_; }
    const Layout& layout() const { return layout_; }
    StudioSelection selection;

    //-------------------------------------------------------------------------------------------------------
    // [Editing operations] Each returns false (with last_error()) and changes nothing when it cannot apply.
    //-------------------------------------------------------------------------------------------------------
    const std::string& last_error() const { return error_; }

    // Sets the value at `pointer`, adding an object member when the parent is an object without it.
    bool set(const std::string& pointer, const OrderedJson& value, const std::string& label = {});
    // Removes the member or element at `pointer`.
    bool remove(const std::string& pointer, const std::string& label = {});

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

    // Applies an edit made of raw changes (each validated first); the typed operations use it.
    bool apply(Edit edit);

  private:
    void keep_selection();
    bool apply_change(const JsonChange& c, bool forward);
    bool fail(std::string message);
    bool is_free_id(const std::string& id) const;  // not used by any node, ending or choice

    std::string path_;
    OrderedJson root_;
    std::string disk_text_;  // the file's bytes as last read or saved: unchanged values are copied from it
    OrderedJson disk_root_;  // the same, parsed
    mutable std::shared_ptr<const SpanIndex> spans_;  // of disk_text_, made on first use; reset when it changes
    Layout layout_, disk_layout_;
    std::optional<std::string> recovery_;  // the recovery file's text, when one is offered
    std::string autosaved_text_;           // what the recovery file last received
    std::vector<Edit> history_;
    std::size_t done_ = 0;  // edits applied: history_[0 .. done_)
    std::uint64_t revision_ = 0;
    std::string error_;
};

//-----------------------------------------------------------------------------------------------------------
// [Formatting]
//-----------------------------------------------------------------------------------------------------------

// `value` as JSON text in the shipped files' style (two-space indent; arrays of plain values and anything
// whose one-line form fits in 120 columns on one line), except that every value equal to the one at the
// same pointer in `original` (parsed from `original_text`) is copied from `original_text` unchanged.
std::string format_preserving(const OrderedJson& value, const OrderedJson& original, std::string_view original_text);

}  // namespace cp
