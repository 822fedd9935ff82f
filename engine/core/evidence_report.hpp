// The evidence report: one self-contained HTML file per record (inline CSS, a print stylesheet, no script,
// nothing fetched), printable to PDF, for an awarding body. It holds the summary and result, what the record
// proves (integrity and kChainStatement), the transcript exactly as the learner saw it (options in the order
// shown, the one chosen, its grade, time taken, policies consulted, verdicts with their sources, the
// assessor's comments), every rule's verdict, the marking-point map, and the signed sign-off.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "debrief.hpp"
#include "record_review.hpp"

namespace cp {

struct EvidenceReportOptions {
    std::string generated_at;               // UTC; utc_now_iso() when empty
    MarkingPointText marking_point_text;    // names marking points; ids alone when empty
    // Points judged across sessions (PS-MP-CONSISTENT), which one session never claims; may be empty.
    std::function<bool(const std::string& id)> portfolio_only;
};

// The report as one HTML document.
std::string evidence_report_html(const ReviewedRecord& review, const EvidenceReportOptions& options = {});

// `text` with &, <, >, " and ' escaped, and control characters other than tab and newline dropped.
std::string html_escape(std::string_view text);

// "<record file name without .jsonl>.html": the report's file name for a record.
std::string evidence_report_name(const std::string& record_path);

}  // namespace cp
