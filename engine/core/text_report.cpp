#include "text_report.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <set>

#include "diagnostics.hpp"

namespace cp {

// Every report below is made of scenario and policy text, so each strips control characters before it
// reaches a terminal (strip_control_chars).
std::string wrap_text(std::string_view raw, std::size_t width, std::string_view indent) {
    std::string out;
    append_wrapped(out, raw, width, indent);
    return out;
}

namespace {

// What the wrap below can take a shortcut for.
enum class TextShape {
    Other,       // anything else: the word-by-word loop
    Plain,       // no newline, nothing to strip, no space at either end or next to another
    PlainAscii,  // Plain, and every byte is ASCII, so each byte is one column
};

// The shape of `text`, eight bytes at a time: the terminal player wraps every line it prints.
TextShape text_shape(std::string_view text) {
    if (text.empty() || text.front() == ' ' || text.back() == ' ') return TextShape::Other;
    bool ascii = true;
    bool after_space = false;  // the byte before this one is a space
    // Bytes [from, to) one at a time: false at anything that is not Plain.
    auto bytes_plain = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            auto b = static_cast<unsigned char>(text[i]);
            if (b < 0x20 || b == 0x7F) return false;
            if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return false;
            bool space = b == ' ';
            if (space && after_space) return false;
            after_space = space;
            ascii = ascii && b < 0x80;
        }
        return true;
    };
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull,
                                lows = 0x7F7F7F7F7F7F7F7Full;
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, text.data() + i, 8);
            // A byte of 0x80 or more (not ASCII, or a C1 control), below 0x20 (newline, tab, controls) or
            // 0x7F: these eight go through the byte test. When every byte is ASCII, adding one to each or
            // taking 0x20 from each sets some high bit exactly when some byte is 0x7F or below 0x20.
            if ((w & highs) || (((w - ones * 0x20) | (w + ones)) & highs)) {
                if (!bytes_plain(i, i + 8)) return TextShape::Other;
                continue;
            }
            // Exactly the bytes that are spaces, as their high bit: t's zero bytes stay below 0x80 when
            // 0x7F is added, every other byte goes over (and no carry crosses a byte).
            std::uint64_t t = w ^ (ones * 0x20);
            std::uint64_t spaces = ~(t + lows) & highs;
            // Two spaces side by side, within the eight or with the byte before them (byte 0 is the lowest).
            if ((spaces & (spaces << 8)) || (after_space && (spaces & 0x80))) return TextShape::Other;
            after_space = (spaces >> 63) != 0;
        }
    }
    if (!bytes_plain(i, text.size())) return TextShape::Other;
    return ascii ? TextShape::PlainAscii : TextShape::Plain;
}

}  // namespace

void append_wrapped(std::string& out, std::string_view raw, std::size_t width, std::string_view indent) {
    TextShape shape = text_shape(raw);
    if (shape != TextShape::Other && indent.size() + raw.size() <= width) {
        // One line as it is (a byte is at most one column).
        out.append(indent).append(raw) += '\n';
        return;
    }
    if (shape == TextShape::PlainAscii) {
        // Words with single spaces, a column a byte: each line ends at the last space that leaves it within
        // the width, or after its first word when even that is wider, as the loop below decides word by word.
        std::string_view rest = raw;
        std::size_t prefix = indent.size();
        out.append(indent);
        while (true) {
            std::size_t room = width > prefix ? width - prefix : 0;
            if (rest.size() <= room) break;
            std::size_t cut = rest.rfind(' ', room);
            if (cut == std::string_view::npos) cut = rest.find(' ');
            if (cut == std::string_view::npos) break;
            out.append(rest.substr(0, cut)) += '\n';
            out.append(indent);
            if (!indent.empty()) out.append("  ");
            prefix = indent.size() + (indent.empty() ? 0 : 2);
            rest.remove_prefix(cut + 1);
        }
        out.append(rest) += '\n';
        return;
    }
    std::string clean;  // only when there is something to strip
    std::string_view text = raw;
    if (first_control_char(raw) != std::string_view::npos) text = clean = strip_control_chars(raw);
    // Written straight into `out`, words that keep their single space copied as one run.
    out.reserve(out.size() + text.size() + text.size() / 8 + 2 * indent.size() + 8);
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
    std::string out, scratch;
    append_transcript_entry(out, e, width, scratch);
    return out;
}

void append_transcript_entry(std::string& out, const TranscriptEntry& e, std::size_t width, std::string& scratch) {
    scratch.clear();
    switch (e.kind) {
        case TranscriptEntry::Kind::Officer:
            scratch += "You: ";
            break;
        case TranscriptEntry::Kind::Exhibit:
            scratch += "Document to read: ";
            break;
        case TranscriptEntry::Kind::Ending:
            scratch += "The end. ";
            break;
        case TranscriptEntry::Kind::Line:
            if (e.speaker == SpeakerKind::Narrator) break;
            scratch.append(e.speaker_name).append(" (").append(e.speaker_role) += "): ";
            break;
        default:
            return;  // not a kind: nothing, as before
    }
    scratch += e.text;
    append_wrapped(out, scratch, width);
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
    std::string out;
    append_step_feedback(out, session, step, width);
    return out;
}

void append_step_feedback(std::string& out, const Session& session, const StepResult& step, std::size_t width) {
    const std::size_t start = out.size();
    const Choice& choice = session.scenario().choices[static_cast<std::size_t>(step.choice)];
    if (!choice.feedback.empty()) {
        std::string feedback = "Feedback: " + choice.feedback;
        append_wrapped(out, feedback, width);
    }
    auto decided = [](const RuleChange& c) { return c.now.verdict == Verdict::Kept || c.now.verdict == Verdict::Broken; };
    if (std::none_of(step.changes.begin(), step.changes.end(), decided)) {
        out += "No rule was decided by this step.\n";
    } else {
        out += "Rules decided by this step:\n";
        for (const auto& c : step.changes)
            if (decided(c)) out += verdict_line(session, c.rule, c.now, width, false);
    }
    if (step.mood_after != step.mood_before)
        out.append("Customer mood (not scored): ")
            .append(std::to_string(step.mood_before))
            .append(" to ")
            .append(std::to_string(step.mood_after))
            .append(", ")
            .append(mood_word(step.mood_after)) += ".\n";
    // The whole text is stripped once more, as before: taking out one control character can join two bytes
    // into another.
    if (first_control_char(out, start) != std::string::npos) {
        std::string clean = strip_control_chars(std::string_view(out).substr(start));
        out.resize(start);
        out += clean;
    }
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
