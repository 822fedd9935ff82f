// The assessor's annotation and sign-off of one record, kept in a separate file beside it
// ("<record path>.assessment.json"); the learner's record is never modified. The file is a list of entries:
// each names the assessor and the time, holds comments per step, a judgement per marking point, an overall
// comment and a decision, and is either an assessment or a second marker's moderation. Every entry is chained
// to the one before it (the first to the record's final hash) and signed with the assessor's Ed25519 key
// (signing.hpp), whose public half it carries. So a changed annotation, an annotation moved to another
// record, and a record changed after sign-off are each detected and named.
//
// Index: [Entries] [Reading and checking] [Writing] [Drafts]
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "record.hpp"
#include "signing.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Entries]
//-----------------------------------------------------------------------------------------------------------

inline constexpr int kAssessmentFormatVersion = 1;
// The sidecar's name: the record's path with this appended (the window app's workspace relies on it).
inline constexpr const char* kAssessmentSuffix = ".assessment.json";
// "<record path>.assessment.json".
std::string assessment_path(const std::string& record_path);

enum class EntryKind { Assessment, Moderation };
const char* to_string(EntryKind kind);  // "assessment", "moderation"

// The decisions an assessor can record: "competent", "not-yet-competent", "referred" (sent back, e.g. for
// a resit or for the record's integrity to be looked into).
bool valid_decision(const std::string& decision);
// "Competent", "Not yet competent", "Referred".
std::string decision_label(const std::string& decision);

struct StepComment {
    int step = 0;  // 1-based, as replay numbers steps
    std::string text;
};

struct PointJudgement {
    std::string id;  // a marking point or key concept id ("PS-MP-INTERPRET")
    bool met = false;
};

struct AssessmentEntry {
    int seq = 0;
    EntryKind kind = EntryKind::Assessment;
    std::string assessor;
    std::string at;                 // UTC, "2026-12-05T10:30:00Z"
    std::string record_first_hash;  // the record's header line hash: which record
    std::string record_hash;        // its last line's hash when signed: which content
    int record_lines = 0;           // its line count then
    std::vector<StepComment> comments;
    std::vector<PointJudgement> points;
    std::string comment;   // overall
    std::string decision;  // empty: an annotation without a decision
    std::string prev;      // the previous entry's hash; the record's final hash for the first
    std::string hash;      // SHA-256 of the entry's canonical JSON without "hash" and the signature's value
    std::string public_key, signature;  // hex: Ed25519 over that same canonical text (which names the key)
};

//-----------------------------------------------------------------------------------------------------------
// [Reading and checking]
//-----------------------------------------------------------------------------------------------------------

// What an assessment file shows about itself and the record it belongs to.
struct AssessmentCheck {
    bool present = false;  // the file exists
    bool ok = false;       // present and no problem
    std::vector<AssessmentEntry> entries;  // as read (those that could be read)
    // Each problem in words, compiler style where a place is known ("file:line:col: ... [/pointer]").
    std::vector<std::string> problems;
    bool unreadable = false;       // not JSON, or not an assessment file
    bool other_record = false;     // made for another record (its header hash differs)
    bool record_changed = false;   // the record has changed since an entry was signed
    bool chain_broken = false;     // an entry's hash or link does not match
    bool bad_signature = false;    // a signature does not verify with the key it carries
};

// Reads and checks the assessment file at `path` against `record` (read with read_record). A missing file
// is not a problem (present = false). Never throws.
AssessmentCheck check_assessment(const std::string& path, const RecordFile& record);
// The text an entry's hash and signature cover: its canonical JSON without "hash" and the signature's
// value (the public key is covered).
std::string entry_signed_text(const AssessmentEntry& entry);
nlohmann::json entry_json(const AssessmentEntry& entry);

// The assessors' public keys an organisation trusts, by key (hex) to name, read from a text file of lines
// "HEX-PUBLIC-KEY NAME" ('#' starts a comment). Anyone can sign with a key of their own, so only such a
// list ties a signature to a person. False with "file:line: why" on a bad line.
bool load_trusted_keys(const std::string& path, std::map<std::string, std::string>& out, std::string& error);
// A problem for every entry whose key is not in `trusted` under the entry's assessor name.
std::vector<std::string> untrusted_entries(const AssessmentCheck& check,
                                           const std::map<std::string, std::string>& trusted);

// One line per entry for people: "1. Assessment by Ann Smith, 2026-12-05T10:30:00Z: Competent. Key
// SHA256:1a2b...; signature valid."
std::string assessment_summary(const AssessmentCheck& check);

//-----------------------------------------------------------------------------------------------------------
// [Writing]
//-----------------------------------------------------------------------------------------------------------

struct NewEntry {
    EntryKind kind = EntryKind::Assessment;
    std::string assessor;
    std::vector<StepComment> comments;
    std::vector<PointJudgement> points;
    std::string comment;
    std::string decision;  // empty or valid_decision()
};

// Adds a signed entry to the record's assessment file (created if missing), atomically. Refuses when the
// record cannot be read, the existing file has any problem (it is never extended past a break), a step is
// not in the record, a decision is unknown, or a moderation has no earlier decision by another assessor
// (another name and another key). `at` is the entry's time (utc_now_iso() by default).
bool add_assessment_entry(const std::string& record_path, const RecordFile& record, const NewEntry& entry,
                          const SigningKey& key, std::string& error, AssessmentEntry* written = nullptr,
                          const std::string& at = "");

//-----------------------------------------------------------------------------------------------------------
// [Drafts]
//-----------------------------------------------------------------------------------------------------------

// An assessor's unsigned work on one record: what the next entry will say, kept between runs of the app until
// it is signed (then the draft is removed). It lives in the assessor's own data folder, not beside the record,
// so a shared drive never shows someone's half-written judgement, and it carries the record's header hash so
// a draft is never applied to another record.
struct AssessmentDraft {
    std::string record_first_hash;  // the record's header line hash
    NewEntry entry;
};

inline constexpr int kAssessmentDraftFormatVersion = 1;
// "<drafts_dir>/<record's header hash>.json"; empty when the record has no header hash.
std::string assessment_draft_path(const std::string& drafts_dir, const RecordFile& record);
// Writes the draft atomically (creating the folder). False with a reason.
bool save_assessment_draft(const std::string& path, const AssessmentDraft& draft, std::string& error);
// Reads a draft. False when it is missing (error empty) or damaged (error "file:line:col: error: why
// [/pointer]"). Never throws.
bool load_assessment_draft(const std::string& path, AssessmentDraft& out, std::string& error);
// The draft with empty step comments dropped and comments in step order (what signing would write).
NewEntry draft_entry_to_sign(const AssessmentDraft& draft);

}  // namespace cp
