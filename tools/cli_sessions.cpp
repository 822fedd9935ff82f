// counterpart sessions DIR... [--csv]: the assessor's table of session records, for the terminal and for
// spreadsheets. The same index as the window app's Sessions screen (engine/core/session_index.hpp).
#include <iomanip>
#include <ostream>

#include "cli.hpp"
#include "session_index.hpp"

namespace cp::cli {

int sessions(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<std::string> folders;
    bool csv = false;
    for (const auto& a : args) {
        if (a == "--csv")
            csv = true;
        else if (a.rfind("--", 0) == 0) {
            err << "counterpart sessions: unknown option " << a << "\n" << usage("sessions");
            return 2;
        } else
            folders.push_back(a);
    }
    if (folders.empty()) {
        err << usage("sessions");
        return 2;
    }
    SessionIndex index(folders);
    index.wait_until_idle();
    for (const auto& problem : index.problems()) err << "counterpart sessions: " << problem << "\n";
    SessionQuery query;
    query.sort = SessionColumn::Date;
    query.descending = false;
    std::vector<int> order = query_rows(index.rows(), query);
    if (csv) {
        out << sessions_csv(index.rows(), order);
    } else {
        out << std::left << std::setw(20) << "Learner" << std::setw(24) << "Scenario" << std::setw(22) << "Date"
            << std::setw(12) << "Mode" << std::setw(12) << "Result" << std::setw(7) << "Score"
            << std::setw(12) << "Marking" << "Integrity\n";
        // A long name is cut so the columns stay aligned (the CSV has it whole).
        auto cell = [](const std::string& text, std::size_t width) {
            std::string t = text.empty() ? "?" : text;
            return t.size() < width ? t : t.substr(0, width - 2) + "~";
        };
        for (int i : order) {
            const SessionRow& r = index.rows()[static_cast<std::size_t>(i)];
            out << std::left << std::setw(20) << cell(r.learner, 20) << std::setw(24) << cell(r.scenario_id, 24)
                << std::setw(22)
                << (r.started_at.empty() ? "?" : r.started_at) << std::setw(12) << (r.mode.empty() ? "?" : r.mode)
                << std::setw(12) << to_string(r.result) << std::setw(7)
                << (r.score >= 0 ? std::to_string(r.score) : "-") << std::setw(12)
                << (r.marked ? "marked" : "unmarked") << r.integrity_summary << "\n";
        }
        out << order.size() << (order.size() == 1 ? " record" : " records") << "\n";
    }
    if (!index.problems().empty()) return 2;
    for (const auto& r : index.rows())
        if (r.integrity == RecordIntegrity::Status::Altered || r.integrity == RecordIntegrity::Status::Unreadable)
            return 1;
    return 0;
}

}  // namespace cp::cli
