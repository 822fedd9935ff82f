// Which customer needs switch which rules on: a rule whose condition tests 'x' in customer.needs applies only
// to customers with that need. Read from the policies' own conditions, so the table never drifts from them.
#pragma once

#include <string>
#include <vector>

#include "loader.hpp"

namespace cp {

// One rule a need switches on, with the policy it comes from.
struct NeedRule {
    const Policy* policy = nullptr;
    const PolicyRule* rule = nullptr;
    bool only_this = true;  // the condition is exactly "'need' in customer.needs" (else it says more)
};

// One need and the rules it switches on, in policy then rule order.
struct NeedRules {
    std::string need;
    std::vector<NeedRule> rules;
};

// The needs the authoring guide documents for customer profiles (bsl_interpreter, easy_read, ...).
const std::vector<std::string>& documented_needs();

// The needs some rule's condition tests ('x' in customer.needs), sorted by name, each with its rules.
std::vector<NeedRules> rules_by_need(const PolicyLibrary& policies);

// The needs a condition tests with "'x' in customer.needs" (either quote), in order of appearance.
std::vector<std::string> needs_in_condition(const std::string& condition);

}  // namespace cp
