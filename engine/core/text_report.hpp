// Plain-text renderings of sessions, rules and debriefs, written to read well aloud by a screen reader.
// Shared by the terminal player, replay and any tool that prints a session.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "debrief.hpp"
#include "runtime.hpp"

namespace cp {

// Wraps `text` at `width` columns, prefixing the first line with `indent` and the lines after it with
// `indent` plus two spaces (a hanging indent, so each item stands out when read).
std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent = "");
// The same appended to `out`: the terminal player wraps every line it prints into one reused buffer.
void append_wrapped(std::string& out, std::string_view text, std::size_t width, std::string_view indent = "");
// "delighted", "satisfied", "neutral", "unhappy", "very upset".
const char* mood_word(int mood);
// "KEPT", "BROKEN", ... in capitals so the verdict does not depend on colour.
const char* verdict_label(Verdict v);

// A customer's access or communication needs in words ("bsl interpreter, large print"); empty if none.
std::string needs_text(const CustomerProfile& customer);

// One transcript entry: "Zoë Adeyemi (customer): ..." or "You: ...".
std::string transcript_entry_text(const TranscriptEntry& entry, std::size_t width);
// The same appended to `out`; `scratch` holds the entry's text before it is wrapped (reused between calls).
void append_transcript_entry(std::string& out, const TranscriptEntry& entry, std::size_t width,
                             std::string& scratch);
// An exhibit as text, tables as aligned columns.
std::string exhibit_text(const Exhibit& exhibit, std::size_t width);
// A rule for the handbook: id, title, severity, statement, source.
std::string rule_text(const ScopedRule& rule, std::size_t width);
// Practice-mode feedback after a step: the choice's feedback, then each rule the step decided.
std::string step_feedback_text(const Session& session, const StepResult& step, std::size_t width);
// The same appended to `out`.
void append_step_feedback(std::string& out, const Session& session, const StepResult& step, std::size_t width);
// The full debrief: result and why first, score, every rule with its deciding step and source, marking
// points evidenced, mood (labelled not scored), the ending and the best-practice path.
std::string debrief_text(const Session& session, std::size_t width);
// The same from a debrief model (make_debrief), which adds the learner's choices by grade, every unsafe one
// first, and each rule's severity override with its reason.
std::string debrief_text(const DebriefModel& model, const Session& session, std::size_t width);
// Marking-point ids evidenced by the rules kept so far.
std::vector<std::string> evidenced_marking_points(const Session& session);

}  // namespace cp
