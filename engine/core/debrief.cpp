#include "debrief.hpp"

#include <algorithm>
#include <set>

namespace cp {

std::string severity_note(const ScopedRule& r) {
    if (r.severity == r.rule->severity) return {};
    std::string note = std::string("this scenario makes it ") + to_string(r.severity) + " (the policy says " +
                       to_string(r.rule->severity) + ")";
    if (!r.severity_reason.empty()) note += ": " + r.severity_reason;
    return note;
}

namespace {
// Unsafe first: what a learner must see before anything else.
int grade_rank(ChoiceGrade g) {
    switch (g) {
        case ChoiceGrade::Unsafe:
            return 0;
        case ChoiceGrade::Poor:
            return 1;
        case ChoiceGrade::Acceptable:
            return 2;
        case ChoiceGrade::Best:
            return 3;
        case ChoiceGrade::Ungraded:
            return 4;
    }
    return 4;
}
}  // namespace

DebriefModel make_debrief(const Session& session, const std::vector<int>& score_history,
                          const MarkingPointText& marking_point_text) {
    DebriefModel m;
    const Scenario& s = session.scenario();
    RubricResult result = session.rubric().result();
    m.passed = result.passed;
    m.reason = result.reason;
    m.score = result.score;
    m.pass_mark = s.pass_mark;

    const auto& verdicts = session.rubric().verdicts();
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const ScopedRule& r = s.rules[i];
        m.rows.push_back({static_cast<int>(i), verdicts[i], r.severity == RuleSeverity::Critical, r.severity,
                          severity_note(r), r.rule->source});
    }
    auto rank = [](const DebriefRow& r) {
        if (r.verdict.verdict == Verdict::Broken) return r.critical ? 0 : 1;
        if (r.verdict.verdict == Verdict::Kept) return 2;
        return r.verdict.verdict == Verdict::Pending ? 3 : 4;
    };
    std::stable_sort(m.rows.begin(), m.rows.end(),
                     [&](const DebriefRow& a, const DebriefRow& b) { return rank(a) < rank(b); });

    const auto& made = session.choices_made();
    for (std::size_t i = 0; i < made.size(); ++i) {
        const Choice& c = s.choices[static_cast<std::size_t>(made[i])];
        m.grades.push_back({static_cast<int>(i) + 1, made[i], c.grade, session.render(c.text), c.grade_reason});
        ++m.grade_counts[static_cast<int>(c.grade)];
        m.graded = m.graded || c.grade != ChoiceGrade::Ungraded;
    }
    std::stable_sort(m.grades.begin(), m.grades.end(), [](const GradedChoice& a, const GradedChoice& b) {
        return grade_rank(a.grade) < grade_rank(b.grade);
    });

    m.mood = session.mood_history();
    m.scores = score_history;
    std::set<std::string> points;
    for (std::size_t i = 0; i < verdicts.size(); ++i)
        if (verdicts[i].verdict == Verdict::Kept)
            for (const auto& e : s.rules[i].rule->evidences) points.insert(e);
    for (int c : made)  // a choice tagged with a point shows it when the learner took it
        for (const auto& e : s.choices[static_cast<std::size_t>(c)].evidences) points.insert(e);
    for (const auto& id : points) {
        std::string text = marking_point_text ? marking_point_text(id) : std::string();
        m.marking_points.push_back(text.empty() ? id : id + ": " + text);
    }
    for (std::size_t i = 0; i < s.best_path.size(); ++i) {
        bool same = i < made.size() && made[i] == s.best_path[i];
        m.best_path.emplace_back(session.render(s.choices[static_cast<std::size_t>(s.best_path[i])].text), same);
    }
    if (session.ending() >= 0) {
        const Ending& e = s.endings[static_cast<std::size_t>(session.ending())];
        m.ending_title = e.title;
        m.ending_text = session.render(e.text);
    }
    return m;
}

}  // namespace cp
