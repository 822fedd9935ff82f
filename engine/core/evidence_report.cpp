// Index: [Text] [Style] [Sections] [The report]
#include "evidence_report.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "marking_points.hpp"
#include "text_report.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Text]
//-----------------------------------------------------------------------------------------------------------

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                if (c < 0x20 && c != '\n' && c != '\t') break;  // C0 controls: never in a document
                if (c == 0x7f) break;
                // C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) are dropped too.
                if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
                    ++i;
                    break;
                }
                out += static_cast<char>(c);
        }
    }
    return out;
}

std::string evidence_report_name(const std::string& record_path) {
    std::filesystem::path p(record_path);
    std::string stem = p.extension() == ".jsonl" ? p.stem().string() : p.filename().string();
    return stem + ".html";
}

namespace {

std::string esc(std::string_view t) {
    return html_escape(t);
}

std::string seconds_text(long long ms) {
    long long s = (ms + 500) / 1000;
    return s < 60 ? std::to_string(s) + " s" : gap_text(s);
}

const char* grade_class(ChoiceGrade g) {
    switch (g) {
        case ChoiceGrade::Best: return "g-best";
        case ChoiceGrade::Acceptable: return "g-ok";
        case ChoiceGrade::Poor: return "g-poor";
        case ChoiceGrade::Unsafe: return "g-unsafe";
        case ChoiceGrade::Ungraded: return "g-none";
    }
    return "g-none";
}

const char* verdict_class(Verdict v) {
    switch (v) {
        case Verdict::Kept: return "v-kept";
        case Verdict::Broken: return "v-broken";
        case Verdict::Pending: return "v-pending";
        case Verdict::NotApplicable: return "v-na";
    }
    return "v-na";
}

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

//-----------------------------------------------------------------------------------------------------------
// [Style]
//-----------------------------------------------------------------------------------------------------------

const char* const kStyle = R"CSS(
:root { --ink:#1b1f24; --muted:#5b6470; --rule:#c9cfd6; --soft:#f3f5f7; --accent:#1d4e89;
        --ok:#1e6b3a; --ok-bg:#e6f2ea; --bad:#9b1c1c; --bad-bg:#fbeaea; --warn:#8a5a00; --warn-bg:#fdf3e1; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0; color: var(--ink); background: #e9ecef;
       font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; line-height: 1.45; }
.page { max-width: 190mm; margin: 12mm auto; background: #fff; padding: 16mm 16mm 12mm;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }
header.doc { border-bottom: 2.5pt solid var(--accent); padding-bottom: 4mm; margin-bottom: 6mm; }
header.doc .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 8.5pt; color: var(--accent);
                     font-weight: 700; }
header.doc h1 { font-size: 19pt; margin: 1mm 0 1mm; font-weight: 700; }
header.doc .sub { color: var(--muted); }
h2 { font-size: 12.5pt; color: var(--accent); margin: 8mm 0 3mm; padding-bottom: 1mm;
     border-bottom: 0.75pt solid var(--rule); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0; }
table { border-collapse: collapse; width: 100%; }
table.facts td, table.facts th { padding: 1.2mm 2mm; border-bottom: 0.5pt solid var(--rule); vertical-align: top;
                                 text-align: left; }
table.facts th { width: 34%; color: var(--muted); font-weight: 600; }
table.grid th, table.grid td { border: 0.5pt solid var(--rule); padding: 1.2mm 2mm; text-align: left;
                               vertical-align: top; }
table.grid th { background: var(--soft); font-weight: 600; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; word-break: break-all; }
.muted { color: var(--muted); }
.box { border: 0.75pt solid var(--rule); border-left: 3pt solid var(--muted); padding: 2.5mm 3.5mm; margin: 2mm 0;
       background: var(--soft); break-inside: avoid; page-break-inside: avoid; }
.box.ok { border-left-color: var(--ok); background: var(--ok-bg); }
.box.bad { border-left-color: var(--bad); background: var(--bad-bg); }
.box.warn { border-left-color: var(--warn); background: var(--warn-bg); }
.box p { margin: 1mm 0; }
.result { display: inline-block; font-weight: 700; padding: .3mm 2.5mm; border-radius: 1mm; letter-spacing: .05em; }
.result.pass { color: #fff; background: var(--ok); }
.result.fail { color: #fff; background: var(--bad); }
.result.none { color: var(--ink); background: var(--rule); }
.pill { display: inline-block; font-size: 8pt; font-weight: 700; padding: 0 1.8mm; border-radius: 2mm;
        border: 0.5pt solid currentColor; white-space: nowrap; text-transform: uppercase; letter-spacing: .04em; }
.g-best { color: var(--ok); } .g-ok { color: #2f5f8a; } .g-poor { color: var(--warn); } .g-unsafe { color: var(--bad); }
.g-none { color: var(--muted); }
.v-kept { color: var(--ok); } .v-broken { color: var(--bad); } .v-pending, .v-na { color: var(--muted); }
section.step { border: 0.75pt solid var(--rule); border-radius: 1.5mm; margin: 3mm 0; padding: 3mm 4mm;
               break-inside: avoid; page-break-inside: avoid; }
section.step .head { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 2mm;
                     border-bottom: 0.5pt dotted var(--rule); padding-bottom: 1mm; }
section.step .head .when { color: var(--muted); font-size: 9pt; }
.line { margin: .8mm 0; }
.line .who { font-weight: 600; }
.exhibit { border: 0.5pt dashed var(--muted); padding: 1.5mm 2.5mm; margin: 1.5mm 0; font-size: 9pt; }
ol.options { margin: 2mm 0 1mm; padding-left: 7mm; }
ol.options li { margin: .6mm 0; padding: .6mm 2mm; }
ol.options li.chosen { background: #eaf0f8; border-left: 2.5pt solid var(--accent); font-weight: 600; }
ol.options li .tag { font-size: 8pt; color: var(--accent); text-transform: uppercase; letter-spacing: .05em;
                     margin-left: 2mm; }
.meta { font-size: 9pt; margin-top: 1.5mm; }
.meta div { margin: .5mm 0; }
ul.verdicts { margin: 1mm 0 0; padding-left: 5mm; font-size: 9pt; }
.comment { margin-top: 2mm; border-left: 2.5pt solid #7a4fb0; background: #f4effa; padding: 1.5mm 3mm; font-size: 9.5pt; }
.comment .by { font-size: 8.5pt; color: var(--muted); }
.entry { border: 0.75pt solid var(--rule); border-radius: 1.5mm; padding: 3mm 4mm; margin: 3mm 0;
         break-inside: avoid; page-break-inside: avoid; }
.sig { margin-top: 2mm; font-size: 8.5pt; color: var(--muted); }
footer.doc { margin-top: 10mm; padding-top: 2mm; border-top: 0.75pt solid var(--rule); font-size: 8pt;
             color: var(--muted); }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { background: #fff; }
  .page { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

//-----------------------------------------------------------------------------------------------------------
// [Sections]
//-----------------------------------------------------------------------------------------------------------

std::string fact(const std::string& name, const std::string& value_html) {
    return "<tr><th scope=\"row\">" + esc(name) + "</th><td>" + value_html + "</td></tr>\n";
}

std::string result_badge(const ReviewedRecord& r) {
    if (!r.debrief) return "<span class=\"result none\">NO RESULT</span>";
    return r.debrief->passed ? "<span class=\"result pass\">PASS</span>" : "<span class=\"result fail\">FAIL</span>";
}

std::string transcript_line(const TranscriptEntry& e, const Scenario& s) {
    if (e.kind == TranscriptEntry::Kind::Exhibit) {
        if (e.node < 0 || !s.nodes[static_cast<std::size_t>(e.node)].exhibit) return {};
        const Exhibit& x = *s.nodes[static_cast<std::size_t>(e.node)].exhibit;
        std::string out = "<div class=\"exhibit\"><strong>Document shown: " + esc(x.title) + "</strong>";
        if (!x.text.empty()) out += "<div>" + esc(x.text) + "</div>";
        if (!x.table.empty()) {
            out += "<table class=\"grid\">";
            for (std::size_t row = 0; row < x.table.size(); ++row) {
                out += "<tr>";
                for (const auto& cell : x.table[row])
                    out += (row == 0 ? "<th>" : "<td>") + esc(cell) + (row == 0 ? "</th>" : "</td>");
                out += "</tr>";
            }
            out += "</table>";
        }
        return out + "</div>\n";
    }
    if (e.kind == TranscriptEntry::Kind::Ending)
        return "<div class=\"line\"><span class=\"who\">Ending:</span> " + esc(e.text) + "</div>\n";
    std::string who = e.speaker_name;
    if (!e.speaker_role.empty() && e.speaker_role != "narrator" && e.speaker_role != "officer")
        who += " (" + e.speaker_role + ")";
    return "<div class=\"line\"><span class=\"who\">" + esc(who) + ":</span> " + esc(e.text) + "</div>\n";
}

// The assessor's comments on `step`, from every valid entry.
std::string step_comments(const ReviewedRecord& r, int step) {
    std::string out;
    for (const auto& e : r.assessment.entries)
        for (const auto& c : e.comments)
            if (c.step == step)
                out += "<div class=\"comment\"><div class=\"by\">Assessor's comment — " + esc(e.assessor) + ", " +
                       esc(e.at) + "</div>" + esc(c.text) + "</div>\n";
    return out;
}

std::string transcript_section(const ReviewedRecord& r) {
    std::string out = "<h2>2. Transcript, as the learner saw it</h2>\n";
    if (r.steps.empty() && !r.replay.ok) {
        return out + "<div class=\"box bad\"><p>The transcript cannot be shown: the record could not be re-run "
                     "against the scenario version it was made with.</p></div>\n";
    }
    const Scenario& s = r.replay.session->scenario();
    out += "<p class=\"muted\">Each step shows what the learner read, the options in the order they were shown, "
           "the one chosen with the author's grade, the time taken, handbook rules consulted, and the rule "
           "verdicts the step decided, with their sources.</p>\n";
    for (const auto& step : r.steps) {
        out += "<section class=\"step\"><div class=\"head\"><h3>Step " + std::to_string(step.step) + "</h3>";
        out += "<span class=\"when\">" + esc(step.sim_time) + " · " + seconds_text(step.time_ms) +
               " to decide</span></div>\n";
        for (const auto& e : step.before) out += transcript_line(e, s);
        out += "<ol class=\"options\">\n";
        for (std::size_t i = 0; i < step.shown.size(); ++i) {
            bool chosen = static_cast<int>(i) == step.chosen;
            out += std::string("<li") + (chosen ? " class=\"chosen\"" : "") + ">" + esc(step.shown[i]);
            if (chosen) out += "<span class=\"tag\">Chosen</span>";
            out += "</li>\n";
        }
        out += "</ol>\n<div class=\"meta\">";
        out += "<div><strong>Grade:</strong> <span class=\"pill " + std::string(grade_class(step.grade)) + "\">" +
               esc(to_string(step.grade)) + "</span>" +
               (step.grade_reason.empty() ? "" : " " + esc(step.grade_reason)) + "</div>";
        out += "<div><strong>Policies consulted:</strong> ";
        if (step.consulted.empty()) out += "<span class=\"muted\">none</span>";
        for (std::size_t i = 0; i < step.consulted.size(); ++i) out += (i ? "; " : "") + esc(step.consulted[i]);
        out += "</div>";
        out += "<div><strong>Verdicts decided:</strong> ";
        if (step.verdicts.empty()) out += "<span class=\"muted\">none at this step</span>";
        out += "</div>";
        if (!step.verdicts.empty()) {
            out += "<ul class=\"verdicts\">";
            for (const auto& v : step.verdicts)
                out += "<li><span class=\"" + std::string(verdict_class(v.verdict)) + "\"><strong>" +
                       verdict_label(v.verdict) + "</strong></span> " + esc(v.rule) + " " + esc(v.title) +
                       (v.critical ? " <em>(critical)</em>" : "") + " — <span class=\"muted\">Source: " +
                       esc(v.source) + "</span></li>";
            out += "</ul>";
        }
        out += "</div>\n" + step_comments(r, step.step) + "</section>\n";
    }
    if (!r.closing.empty()) {
        out += "<section class=\"step\"><div class=\"head\"><h3>After the last step</h3></div>\n";
        for (const auto& e : r.closing) out += transcript_line(e, s);
        out += "</section>\n";
    }
    return out;
}

std::string verdicts_section(const ReviewedRecord& r) {
    if (!r.debrief || !r.replay.session) return {};
    const Scenario& s = r.replay.session->scenario();
    std::string out = "<h2>3. Every rule in scope</h2>\n<table class=\"grid\"><colgroup><col style=\"width:36%\">"
                      "<col style=\"width:14%\"><col style=\"width:12%\"><col style=\"width:10%\"><col></colgroup>"
                      "<tr><th>Rule</th><th>Verdict</th><th>Severity</th><th>Decided</th><th>Source</th></tr>\n";
    for (const auto& row : r.debrief->rows) {
        const ScopedRule& rule = s.rules[static_cast<std::size_t>(row.rule)];
        out += "<tr><td>" + esc(rule.id()) + " " + esc(rule.rule->title) + "</td><td class=\"" +
               verdict_class(row.verdict.verdict) + "\"><strong>" + verdict_label(row.verdict.verdict) +
               "</strong></td><td>" + esc(to_string(row.severity)) +
               (row.severity_note.empty() ? "" : "<br><span class=\"muted\">" + esc(row.severity_note) + "</span>") +
               "</td><td>" + (row.verdict.step > 0 ? "step " + std::to_string(row.verdict.step) : "—") +
               "</td><td>" + esc(row.source) + "</td></tr>\n";
    }
    return out + "</table>\n";
}

std::string marking_section(const ReviewedRecord& r, const EvidenceReportOptions& options) {
    const MarkingPointText& name = options.marking_point_text;
    if (!r.replay.session) return {};
    const Session& session = *r.replay.session;
    const Scenario& s = session.scenario();
    // Which steps and rules evidence each point in this session: a kept rule tagged with it, or a chosen option.
    std::map<std::string, std::vector<std::string>> how = marking_point_evidence(session);
    std::set<std::string> possible = scenario_marking_points(s);
    for (const auto& [id, _] : how) possible.insert(id);
    // The latest judgement on each point, from the sign-off.
    std::map<std::string, std::pair<bool, std::string>> judged;
    for (const auto& e : r.assessment.entries)
        for (const auto& p : e.points) judged[p.id] = {p.met, e.assessor};
    for (const auto& [id, _] : judged) possible.insert(id);
    std::string out = "<h2>4. Marking-point map</h2>\n";
    if (possible.empty()) return out + "<p class=\"muted\">This scenario evidences no marking point.</p>\n";
    out += "<table class=\"grid\"><tr><th>Marking point or key concept</th><th>Evidence in this session</th>"
           "<th>Assessor's judgement</th></tr>\n";
    for (const auto& id : possible) {
        std::string text = name ? name(id) : std::string();
        out += "<tr><td><strong>" + esc(id) + "</strong>" + (text.empty() ? "" : "<br>" + esc(text)) + "</td><td>";
        auto it = how.find(id);
        if (options.portfolio_only && options.portfolio_only(id)) {
            out += "<span class=\"muted\">judged across sessions in the learner's portfolio, never by one "
                   "session</span>";
        } else if (it == how.end()) {
            out += "<span class=\"muted\">not shown in this session</span>";
        } else {
            for (std::size_t k = 0; k < it->second.size(); ++k) out += (k ? "; " : "") + esc(it->second[k]);
        }
        out += "</td><td>";
        auto j = judged.find(id);
        if (j == judged.end())
            out += "<span class=\"muted\">not judged</span>";
        else
            out += std::string(j->second.first ? "<span class=\"v-kept\"><strong>MET</strong></span>"
                                               : "<span class=\"v-broken\"><strong>NOT MET</strong></span>") +
                   " <span class=\"muted\">(" + esc(j->second.second) + ")</span>";
        out += "</td></tr>\n";
    }
    return out + "</table>\n";
}

std::string signoff_section(const ReviewedRecord& r) {
    std::string out = "<h2>5. Assessment and sign-off</h2>\n";
    const AssessmentCheck& a = r.assessment;
    if (!a.present)
        return out + "<div class=\"box warn\"><p>This record has not been signed off: there is no assessment file "
                     "beside it.</p></div>\n";
    if (a.ok)
        out += "<div class=\"box ok\"><p><strong>Sign-off verified.</strong> Every entry below is chained to this "
               "record as it is now and carries a valid Ed25519 signature by the key named with it.</p></div>\n";
    else
        out += "<div class=\"box bad\"><p><strong>The sign-off does not verify.</strong> Entries are shown as "
               "found; see the problems in section 1.</p></div>\n";
    for (const auto& e : a.entries) {
        out += "<div class=\"entry\"><h3>" + std::to_string(e.seq + 1) + ". " +
               (e.kind == EntryKind::Moderation ? "Moderation (second marker)" : "Assessment") + " by " +
               esc(e.assessor) + "</h3>\n<table class=\"facts\">";
        out += fact("Date and time (UTC)", esc(e.at));
        out += fact("Decision", e.decision.empty() ? "<span class=\"muted\">none (annotation only)</span>"
                                                    : "<strong>" + esc(decision_label(e.decision)) + "</strong>");
        if (!e.comment.empty()) out += fact("Comment", esc(e.comment));
        if (!e.comments.empty()) {
            std::string list;
            for (const auto& c : e.comments) list += "Step " + std::to_string(c.step) + ": " + esc(c.text) + "<br>";
            out += fact("Comments on steps", list);
        }
        if (!e.points.empty()) {
            std::string list;
            for (const auto& p : e.points) list += esc(p.id) + ": " + (p.met ? "met" : "not met") + "<br>";
            out += fact("Marking points", list);
        }
        out += fact("Record signed", std::to_string(e.record_lines) + " lines, final hash <span class=\"mono\">" +
                                         esc(e.record_hash) + "</span>");
        out += "</table>\n<div class=\"sig\">Signed with Ed25519 key <strong>" + esc(key_fingerprint(e.public_key)) +
               "</strong> (public key <span class=\"mono\">" + esc(e.public_key) + "</span>). Signature <span "
               "class=\"mono\">" + esc(e.signature.substr(0, 32)) + "…</span></div></div>\n";
    }
    return out;
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [The report]
//-----------------------------------------------------------------------------------------------------------

std::string evidence_report_html(const ReviewedRecord& r, const EvidenceReportOptions& options) {
    const RecordHeader& h = r.record.info;
    std::string generated = options.generated_at.empty() ? utc_now_iso() : options.generated_at;
    const Scenario* s = r.replay.session ? &r.replay.session->scenario() : nullptr;
    std::string title = s ? s->title : (r.record.ok ? h.scenario_id : std::string("unreadable record"));

    std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Evidence record: " +
                      esc(h.learner) + " — " + esc(title) + "</title>\n<style>" + kStyle +
                      "</style>\n</head>\n<body>\n<main class=\"page\">\n";
    out += "<header class=\"doc\"><div class=\"kicker\">Counterpart · Assessment evidence record</div>"
           "<h1>" + esc(title) + "</h1><div class=\"sub\">Role-play session by <strong>" + esc(h.learner) +
           "</strong>" + (h.started_at.empty() ? "" : ", started " + esc(h.started_at)) + "</div></header>\n";

    // Summary.
    out += "<h2>1. Summary and integrity</h2>\n<table class=\"facts\">\n";
    out += fact("Learner", esc(h.learner));
    if (r.record.ok) {
        out += fact("Scenario", esc(title) + " <span class=\"muted\">(" + esc(h.scenario_id) + ", version " +
                                    esc(h.scenario_version) + ")</span>");
        out += fact("Mode", esc(capitalised(h.mode)));
        out += fact("Started (UTC)", esc(h.started_at));
        if (r.replay.session) out += fact("Customer profile", esc(r.replay.session->customer().name));
    }
    std::string result = result_badge(r);
    if (r.debrief)
        result += " &nbsp;Adherence " + std::to_string(r.debrief->score) + "% (pass mark " +
                  std::to_string(r.debrief->pass_mark) + "%) — " + esc(r.debrief->reason);
    out += fact("Result", result);
    out += fact("Steps", std::to_string(r.integrity.steps));
    out += fact("Record file", "<span class=\"mono\">" + esc(std::filesystem::path(r.path).filename().string()) +
                                   "</span>");
    if (r.record.ok) out += fact("Record final hash", "<span class=\"mono\">" + esc(r.record.last_hash) + "</span>");
    if (r.scenario.scenario) out += fact("Scenario version used", esc(r.scenario.used));
    out += "</table>\n";

    std::string integrity = integrity_text(r.integrity);
    if (r.verified()) {
        out += "<div class=\"box ok\">";
        for (std::size_t at = 0, next; at < integrity.size(); at = next + 1) {
            next = integrity.find('\n', at);
            out += "<p><strong>" + esc(integrity.substr(at, next - at)) + "</strong></p>";
        }
        if (r.signed_off()) out += "<p>Signed off by the assessor; the sign-off verifies against this record.</p>";
        out += "</div>\n";
    } else {
        out += "<div class=\"box bad\"><p><strong>This record is not verified as it stands:</strong></p><ul>";
        for (const auto& p : r.problems) out += "<li>" + esc(p) + "</li>";
        out += "</ul></div>\n";
    }
    out += "<div class=\"box\"><p><strong>What the record proves.</strong> " + esc(kChainStatement) + "</p></div>\n";

    out += transcript_section(r);
    out += verdicts_section(r);
    out += marking_section(r, options);
    out += signoff_section(r);

    out += "<footer class=\"doc\">Generated by Counterpart " + std::string(kEngineVersion) + " on " + esc(generated) +
           " (UTC) from " + esc(std::filesystem::path(r.path).filename().string()) +
           ". This report is a rendering of the record; the record and its signed assessment file are the "
           "evidence.</footer>\n";
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace cp
