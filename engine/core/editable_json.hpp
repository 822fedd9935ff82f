// A JSON file open for editing without any window: the one home of what the studio's documents share
// (a scenario, ScenarioDocument; a shared policy, PolicyDocument). The file's JSON as an ordered document,
// edits made of primitive changes at JSON pointers, undo and redo for the whole session, and saving that
// leaves every untouched value byte for byte as the author wrote it (atomic: temp file, fsync, rename).
//
// Index: [Edits] [EditableJson] [Formatting]
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.hpp"

namespace cp {

using OrderedJson = nlohmann::ordered_json;  // keys in the order the author wrote them

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
// [EditableJson]
//-----------------------------------------------------------------------------------------------------------

struct SpanIndex;  // where each value of the file on disk lies in its text (editable_json.cpp)

class EditableJson {
  public:
    EditableJson() = default;
    EditableJson(const EditableJson&) = default;
    EditableJson(EditableJson&&) = default;
    EditableJson& operator=(const EditableJson&) = default;
    EditableJson& operator=(EditableJson&&) = default;
    virtual ~EditableJson() = default;

    const std::string& path() const { return path_; }
    const OrderedJson& json() const { return root_; }
    // The content as last read from or saved to disk (null for a new, unsaved document).
    const OrderedJson& disk_json() const { return disk_root_; }
    // The text a save writes: untouched values exactly as on disk, changed ones in the house style.
    std::string text() const;
    bool dirty() const { return text() != disk_text_; }

    // --- undo -------------------------------------------------------------------------------------------
    bool can_undo() const { return done_ > 0; }
    bool can_redo() const { return done_ < history_.size(); }
    bool undo();
    bool redo();
    const std::vector<Edit>& history() const { return history_; }
    std::size_t undo_depth() const { return done_; }
    // The label of the edit undo would revert ("" when none).
    std::string undo_label() const { return done_ ? history_[done_ - 1].label : std::string(); }
    // Counts applied edits; changes with every edit, undo and redo (background checks key their runs on it).
    std::uint64_t revision() const { return revision_; }

    // --- editing (each returns false with last_error() and changes nothing when it cannot apply) ---------
    const std::string& last_error() const { return error_; }
    // Sets the value at `pointer`, adding an object member when the parent is an object without it.
    bool set(const std::string& pointer, const OrderedJson& value, const std::string& label = {});
    // Removes the member or element at `pointer`.
    bool remove(const std::string& pointer, const std::string& label = {});
    // Applies an edit made of raw changes (each validated first); typed operations use it.
    bool apply(Edit edit);

  protected:
    // Reads `path` as one JSON object (the project's hostile-input checks, positions in errors).
    bool read_file(const std::string& path, Diagnostics& diags);
    // Writes text() to path() atomically and takes it as the new disk state. False with a reason.
    bool write_file(std::string& error);
    // Takes `text` (parsed as `root`) as what is on disk now, without changing the document.
    void take_disk(std::string text, OrderedJson root);
    // Called after every edit, undo and redo (a scenario keeps its selection valid).
    virtual void after_change() {}
    // The kind of file in messages: "scenario", "policy".
    virtual const char* what() const { return "document"; }
    bool fail(std::string message);
    bool apply_change(const JsonChange& c, bool forward);

    std::string path_;
    OrderedJson root_;
    std::string disk_text_;  // the file's bytes as last read or saved: unchanged values are copied from it
    OrderedJson disk_root_;  // the same, parsed
    mutable std::shared_ptr<const SpanIndex> spans_;  // of disk_text_, made on first use; reset when it changes
    std::vector<Edit> history_;
    std::size_t done_ = 0;  // edits applied: history_[0 .. done_)
    std::uint64_t revision_ = 0;
    std::string error_;
};

// Parses `text` with the project's hostile-input checks (limits, file:line:col), keeping key order.
std::optional<OrderedJson> parse_ordered_json(const std::string& text, const std::string& file, Diagnostics& diags);

//-----------------------------------------------------------------------------------------------------------
// [Formatting]
//-----------------------------------------------------------------------------------------------------------

// `value` as JSON text in the shipped files' style (two-space indent; arrays of plain values and anything
// whose one-line form fits in 120 columns on one line), except that every value equal to the one at the
// same pointer in `original` (parsed from `original_text`) is copied from `original_text` unchanged.
std::string format_preserving(const OrderedJson& value, const OrderedJson& original, std::string_view original_text);

}  // namespace cp
