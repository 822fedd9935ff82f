#include "needs.hpp"

#include <algorithm>
#include <map>

namespace cp {

const std::vector<std::string>& documented_needs() {
    static const std::vector<std::string> needs = {"bsl_interpreter", "spoken_interpreter", "easy_read",
                                                   "large_print",     "quiet_space",        "extra_time"};
    return needs;
}

std::vector<std::string> needs_in_condition(const std::string& condition) {
    std::vector<std::string> out;
    const std::string tail = "in customer.needs";
    for (std::size_t at = condition.find(tail); at != std::string::npos; at = condition.find(tail, at + 1)) {
        // Back over spaces to the closing quote of the text before "in".
        std::size_t close = at;
        while (close > 0 && condition[close - 1] == ' ') --close;
        if (close == 0) continue;
        char quote = condition[close - 1];
        if (quote != '\'' && quote != '"') continue;
        std::size_t open = close >= 2 ? condition.rfind(quote, close - 2) : std::string::npos;
        if (open == std::string::npos) continue;
        std::string need = condition.substr(open + 1, close - 2 - open);
        if (std::find(out.begin(), out.end(), need) == out.end()) out.push_back(need);
    }
    return out;
}

std::vector<NeedRules> rules_by_need(const PolicyLibrary& policies) {
    std::map<std::string, std::vector<NeedRule>> by_need;
    for (const auto& [id, policy] : policies.all())
        for (const PolicyRule& rule : policy->rules) {
            if (!rule.conditional) continue;
            for (const std::string& need : needs_in_condition(rule.when)) {
                std::string exact = "'" + need + "' in customer.needs";
                by_need[need].push_back({policy.get(), &rule, rule.when == exact});
            }
        }
    std::vector<NeedRules> out;
    for (auto& [need, rules] : by_need) out.push_back({need, std::move(rules)});
    return out;
}

}  // namespace cp
