// A learner's portfolio: every marking point and key concept with the sessions that evidence it, across
// scenarios and over time. Only verified assessment sessions count as evidence (a practice session, or a
// record that is altered, cut off or cannot be re-run, is listed as not counted, with the reason).
// PS-MP-CONSISTENT ("consistently applying standards across a range of interactions") is judged here and
// only here: met when the same rule is kept, and never broken, in at least kConsistentSessions counted
// sessions spanning at least kConsistentScenarios scenarios.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "marking_points.hpp"
#include "record_review.hpp"

namespace cp {

inline constexpr const char* kConsistencyPoint = "PS-MP-CONSISTENT";
inline constexpr int kConsistentSessions = 3;   // "several sessions"
inline constexpr int kConsistentScenarios = 2;  // "a range of interactions"

struct PortfolioSession {
    std::string path;
    std::string scenario_id, scenario_title, started_at, mode;
    bool passed = false;
    int score = 0;
    std::string decision;  // the signed-off assessment decision, if any
};

struct PortfolioEvidence {
    int session = 0;  // index into Portfolio::sessions
    std::string how;  // "kept FX-02 (step 2)", "chose 'c-ask' at step 1"
};

// One rule's record across the counted sessions (for consistency).
struct RuleTrack {
    std::string rule, title;
    std::vector<int> kept, broken;  // session indexes
    std::vector<std::string> scenarios;  // distinct scenario ids where it was decided
};

struct PortfolioRow {
    std::string id, kind, text;       // kind: "key_concept" or "marking_point" ("" when not in the list)
    bool portfolio_only = false;      // judged across sessions, never by one (PS-MP-CONSISTENT)
    std::vector<PortfolioEvidence> evidence;
    std::vector<std::string> scenarios;  // distinct scenario ids evidencing it
    bool met = false;                    // portfolio-only points: the judgement
    std::string judgement;               // portfolio-only points: why, in words
};

struct Portfolio {
    std::string learner;
    std::vector<PortfolioSession> sessions;                   // counted, oldest first
    std::vector<std::pair<std::string, std::string>> not_counted;  // record path, why
    std::vector<PortfolioRow> rows;                           // in the marking-points file's order, then others
    std::vector<RuleTrack> rules;                             // every rule decided in a counted session
};

// Builds `learner`'s portfolio from reviewed records (others' records are ignored). `points` is the
// library's marking-points list (load_marking_points).
Portfolio build_portfolio(const std::string& learner, const std::vector<const ReviewedRecord*>& records,
                          const std::vector<MarkingPoint>& points);
// The portfolio as plain text (screen-reader friendly), `width` columns.
std::string portfolio_text(const Portfolio& portfolio, std::size_t width = 100);

}  // namespace cp
