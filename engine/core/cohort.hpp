// The cohort view's numbers: over a group of session records (the sessions table as filtered), which rules
// are broken most, where (scenario, node, choice) and by whom, how scores and breaches move over attempts,
// and which options learners pick at each node, so a tutor sees a distractor nobody believes. Built from the
// index's rows (no record is read again); records whose chain is altered or unreadable are left out.
#pragma once

#include <string>
#include <vector>

#include "session_index.hpp"

namespace cp {

struct CohortRule {
    std::string rule;
    int breaches = 0;
    int learners = 0;  // distinct learners who broke it
};

struct CohortPlace {
    std::string rule, scenario, node, choice;  // node and choice empty when decided at the end
    int breaches = 0;
};

struct CohortLearner {
    std::string learner;
    int sessions = 0;
    int breaches = 0;
    int passed = 0;
    int last_score = -1;  // latest finished session
};

// Attempt N: every learner's Nth finished session of a scenario, by start time.
struct CohortAttempt {
    int attempt = 0;
    int sessions = 0;
    double mean_score = 0;
    double mean_breaches = 0;
    double pass_rate = 0;  // 0..1
};

struct CohortChoice {
    std::string choice, grade;
    int picks = 0;
};

struct CohortNode {
    std::string scenario, node;
    int picks = 0;                      // total at this node
    std::vector<CohortChoice> choices;  // most picked first
};

struct CohortModel {
    int sessions = 0;   // records counted
    int learners = 0;
    int left_out = 0;   // altered or unreadable records
    std::vector<CohortRule> rules;       // most broken first
    std::vector<CohortPlace> places;     // most breaches first
    std::vector<CohortLearner> by_learner;  // most breaches first
    std::vector<CohortAttempt> trend;    // attempt 1, 2, ...
    std::vector<CohortNode> nodes;       // by scenario, then most picks first
};

// The model over `rows[order[...]]`.
CohortModel make_cohort(const std::vector<SessionRow>& rows, const std::vector<int>& order);

}  // namespace cp
