#include "text_report.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "diagnostics.hpp"

namespace cp {

// Every report below is made of scenario and policy text, so each strips control characters before it
// reaches a terminal (strip_control_chars).
std::string wrap_text(std::string_view raw, std::size_t width, std::string_view indent) {
    std::string clean;  // only when there is something to strip
    std::string_view text = raw;
    if (first_control_char(raw) != std::string_view::npos) text = clean = strip_control_chars(raw);
    // Written straight into `out`, words that keep their single space copied as one run: the terminal player
    // wraps every line it prints.
    std::string out;
    out.reserve(text.size() + text.size() / 8 + 2 * indent.size() + 8);
    const std::size_t hanging = indent.size() + (indent.empty() ? 0 : 2);
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view para =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        out.append(indent);
        std::size_t prefix = indent.size();
        std::size_t line_chars = 0;  // code points, so names such as Zoë wrap correctly
        std::size_t i = 0;
        bool first_word = true;
        std::size_t run_from = 0, run_to = 0;  // para[run_from, run_to) is on this line but not yet in `out`
        auto flush_run = [&] {
            out.append(para.substr(run_from, run_to - run_from));
            run_from = run_to;
        };
        while (i < para.size()) {
            while (i < para.size() && para[i] == ' ') ++i;
            // The word ends at the next space; its width counts code points (not UTF-8 continuation bytes).
            std::size_t j = i, word_chars = 0;
            for (; j < para.size() && para[j] != ' '; ++j)
                word_chars += (static_cast<unsigned char>(para[j]) & 0xC0) != 0x80;
            if (!first_word && prefix + line_chars + 1 + word_chars > width) {
                flush_run();
                out += '\n';
                out.append(indent);
                if (!indent.empty()) out.append("  ");
                prefix = hanging;
                line_chars = 0;
                first_word = true;
            }
            if (!first_word) ++line_chars;
            if (first_word || i != run_to + 1) {  // not joined to the run by exactly one space: start a new run
                flush_run();
                if (!first_word) out += ' ';
                run_from = i;
            }
            run_to = j;
            line_chars += word_chars;
            first_word = false;
            i = j;
        }
        flush_run();
        out += '\n';
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return out;
}

const char* mood_word(int mood) {
    if (mood >= 80) return "delighted";
    if (mood >= 60) return "satisfied";
    if (mood >= 40) return "neutral";
    if (mood >= 20) return "unhappy";
    return "very upset";
}

const char* verdict_label(Verdict v) {
    switch (v) {
        case Verdict::Pending:
            return "NOT YET DECIDED";
        case Verdict::Kept:
            return "KEPT";
        case Verdict::Broken:
            return "BROKEN";
        case Verdict::NotApplicable:
            return "NOT APPLICABLE";
    }
    return "?";
}

std::string needs_text(const CustomerProfile& customer) {
    std::string out;
    for (const auto& n : customer.needs) {
        std::string pretty = n;
        std::replace(pretty.begin(), pretty.end(), '_', ' ');
        out += (out.empty() ? "" : ", ") + pretty;
    }
    return strip_control_chars(out);
}

std::string transcript_entry_text(const TranscriptEntry& e, std::size_t width) {
    switch (e.kind) {
        case TranscriptEntry::Kind::Officer:
            return wrap_text("You: " + e.text, width);
        case TranscriptEntry::Kind::Exhibit:
            return wrap_text("Document to read: " + e.text, width);
        case TranscriptEntry::Kind::Ending:
            return wrap_text("The end. " + e.text, width);
        case TranscriptEntry::Kind::Line:
            if (e.speaker == SpeakerKind::Narrator) return wrap_text(e.text, width);
            return wrap_text(e.speaker_name + " (" + e.speaker_role + "): " + e.text, width);
    }
    return {};
}

std::string exhibit_text(const Exhibit& ex, std::size_t width) {
    std::string out = "Document: " + ex.title + (ex.kind.empty() ? "" : " (" + ex.kind + ")") + "\n";
    if (!ex.text.empty()) out += wrap_text(ex.text, width, "  ");
    if (!ex.table.empty()) {
        // Read aloud row by row as "header: value" pairs; columns of text do not survive a screen reader.
        const auto& header = ex.table.front();
        for (std::size_t r = 1; r < ex.table.size(); ++r) {
            std::string row;
            for (std::size_t c = 0; c < ex.table[r].size(); ++c) {
                if (!row.empty()) row += "; ";
                row += (c < header.size() ? header[c] + ": " : "") + ex.table[r][c];
            }
            out += wrap_text("Row " + std::to_string(r) + ". " + row, width, "  ");
        }
        if (ex.table.size() == 1) {
            std::string row;
            for (const auto& cell : header) row += (row.empty() ? "" : "; ") + cell;
            out += wrap_text(row, width, "  ");
        }
    }
    return strip_control_chars(out);
}

std::string rule_text(const ScopedRule& r, std::size_t width) {
    const PolicyRule& rule = *r.rule;
    std::string out = rule.id + " " + rule.title + " (" + to_string(rule.severity) + ", weight " +
                      std::to_string(rule.weight) + ", from " + r.policy->title + ")\n";
    out += wrap_text(rule.statement, width, "  ");
    if (rule.conditional) out += wrap_text("Applies when: " + rule.when, width, "  ");
    out += wrap_text("Source: " + rule.source, width, "  ");
    return strip_control_chars(out);
}

namespace {
std::string verdict_line(const Session& session, int rule_index, const RuleVerdict& v, std::size_t width,
                         bool full) {
    const ScopedRule& r = session.scenario().rules[static_cast<std::size_t>(rule_index)];
    const PolicyRule& rule = *r.rule;
    std::string head = std::string(verdict_label(v.verdict)) + ": " + rule.id + " " + rule.title + " (" +
                       to_string(rule.severity) + ")";
    if (v.step > 0) head += ", step " + std::to_string(v.step);
    if (!v.detail.empty()) head += ": " + v.detail;
    std::string out = wrap_text(head, width, "  ");
    if (full) out += wrap_text("Rule: " + rule.statement, width, "    ");
    out += wrap_text("Source: " + rule.source, width, "    ");
    std::string why =
        session.render(v.verdict == Verdict::Broken ? rule.feedback_broken : rule.feedback_kept);
    if (!why.empty() && (v.verdict == Verdict::Broken || v.verdict == Verdict::Kept))
        out += wrap_text((v.verdict == Verdict::Broken ? "Why it matters: " : "Well done: ") + why, width,
                         "    ");
    return out;
}
}  // namespace

std::string step_feedback_text(const Session& session, const StepResult& step, std::size_t width) {
    const Choice& choice = session.scenario().choices[static_cast<std::size_t>(step.choice)];
    std::string out;
    if (!choice.feedback.empty()) out += wrap_text("Feedback: " + choice.feedback, width);
    std::vector<RuleChange> decided;
    for (const auto& c : step.changes)
        if (c.now.verdict == Verdict::Kept || c.now.verdict == Verdict::Broken) decided.push_back(c);
    if (decided.empty()) {
        out += "No rule was decided by this step.\n";
    } else {
        out += "Rules decided by this step:\n";
        for (const auto& c : decided) out += verdict_line(session, c.rule, c.now, width, false);
    }
    if (step.mood_after != step.mood_before)
        out += "Customer mood (not scored): " + std::to_string(step.mood_before) + " to " +
               std::to_string(step.mood_after) + ", " + mood_word(step.mood_after) + ".\n";
    return strip_control_chars(out);
}

std::vector<std::string> evidenced_marking_points(const Session& session) {
    std::set<std::string> ids;
    const auto& verdicts = session.rubric().verdicts();
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        if (verdicts[i].verdict == Verdict::Kept)
            for (const auto& e : session.scenario().rules[i].rule->evidences) ids.insert(e);
    return {ids.begin(), ids.end()};
}

std::string debrief_text(const Session& session, std::size_t width) {
    return debrief_text(make_debrief(session, {}), session, width);
}

std::string debrief_text(const DebriefModel& m, const Session& session, std::size_t width) {
    const Scenario& s = session.scenario();
    std::string out = "Debrief: " + s.title + "\n";
    out += std::string("Result: ") + (m.passed ? "PASS" : "FAIL") + "\n";
    out += wrap_text("Why: " + m.reason + ".", width);
    out += wrap_text("Adherence score: " + std::to_string(m.score) + "% (pass mark " +
                         std::to_string(m.pass_mark) +
                         "%). The score counts procedure only; the customer's mood is not part of it.",
                     width);

    if (m.graded) {
        // Every unsafe choice first: the thing a learner most needs to see.
        out += "\nYour choices, graded by the scenario's author (unsafe first):\n";
        for (const auto& g : m.grades) {
            std::string grade = to_string(g.grade);
            for (auto& c : grade) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            out += wrap_text(grade + ", step " + std::to_string(g.step) + ": " + g.text, width, "  ");
            if (!g.reason.empty()) out += wrap_text("Why: " + g.reason, width, "    ");
        }
    }

    out += "\nRules, with the step that decided each:\n";
    for (const auto& row : m.rows) {
        out += verdict_line(session, row.rule, row.verdict, width, true);
        if (!row.severity_note.empty()) out += wrap_text("Severity: " + row.severity_note, width, "    ");
    }

    out += "\nMarking points evidenced: ";
    if (m.marking_points.empty())
        out += "none.\n";
    else {
        std::string list;
        for (const auto& p : m.marking_points) list += (list.empty() ? "" : ", ") + p;
        out += list + ".\n";
    }

    std::string moods;
    for (int mood : m.mood) moods += (moods.empty() ? "" : ", ") + std::to_string(mood);
    out += wrap_text("Customer mood across the session (not scored): " + moods + ". Ended " +
                         mood_word(session.mood()) + " at " + std::to_string(session.mood()) + " out of 100.",
                     width);
    if (!m.ending_title.empty()) out += wrap_text("Ending: " + m.ending_title + ". " + m.ending_text, width);
    if (!m.best_path.empty()) {
        out += "\nBest-practice path for comparison:\n";
        for (std::size_t i = 0; i < m.best_path.size(); ++i)
            out += wrap_text(std::to_string(i + 1) + ". " + m.best_path[i].first +
                                 (m.best_path[i].second ? " (you chose this too)" : ""),
                             width, "  ");
    }
    return strip_control_chars(out);
}

}  // namespace cp
