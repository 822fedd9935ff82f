#include "generated_scenario.hpp"

#include <nlohmann/json.hpp>

namespace cp::bench {

std::string generate_scenario_json(int nodes, int bool_variables, std::uint64_t seed) {
    using nlohmann::json;
    std::uint64_t state = seed * 6364136223846793005ull + 1442695040888963407ull;
    auto next = [&](int bound) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(bound));
    };
    json j = {
        {"format_version", 1},
        {"id", "generated-" + std::to_string(nodes)},
        {"title", "Generated scenario"},
        {"version", "1.0.0"},
        {"topics", {"data-protection"}},
        {"setting", "Benchmark"},
        {"role", "Officer"},
        {"brief", "Generated."},
        {"estimated_minutes", 5},
        {"difficulty", "advanced"},
        {"pass_mark", 50},
        {"customers",
         {{{"id", "c"}, {"name", "Nguyễn Thị Lan"}, {"address_as", "Ms Nguyễn"}, {"language", "English"}}}},
        {"policies", {{{"id", "fixture-policy"}}}},
        {"calendar", {{"start", "2026-03-03T09:00"}}},
        {"start", "n0"},
        {"endings",
         {{{"id", "end-a"}, {"title", "A"}, {"text", "Done."}},
          {{"id", "end-b"}, {"title", "B"}, {"text", "Done."}}}}};
    json vars = json::array();
    for (int v = 0; v < bool_variables; ++v)
        vars.push_back({{"id", "v" + std::to_string(v)}, {"type", "bool"}, {"initial", false}});
    j["variables"] = vars;
    const char* actions[] = {"log_request", "verify_identity", "disclose_data", "book_interpreter",
                             "use_family_interpreter"};
    json list = json::array();
    for (int i = 0; i < nodes; ++i) {
        auto target = [&](int step) {
            int t = i + step;
            return t < nodes ? "n" + std::to_string(t) : std::string(t % 2 ? "end-a" : "end-b");
        };
        json choices = json::array();
        for (int k = 0; k < 3; ++k) {
            json c = {{"id", "c" + std::to_string(i) + "-" + std::to_string(k)},
                      {"text", "Option " + std::to_string(k)},
                      {"feedback", "Feedback."},
                      {"mood", next(21) - 10},
                      {"next", target(1 + k % 2)}};
            json acts = json::array();
            acts.push_back(actions[next(5)]);
            if (i == nodes / 2 && k == 0) acts.push_back({{"id", "promise_reply_date"}, {"date", "+20d"}});
            if (i == nodes / 2 && k == 1) acts.push_back({{"id", "promise_reply_date"}, {"date", "+40d"}});
            c["actions"] = acts;
            if (bool_variables > 0) {
                std::string var = "v" + std::to_string(next(bool_variables));
                c["set"] = {{var, next(2) == 0}};
                if (k == 2)
                    c["condition"] = "v" + std::to_string(next(bool_variables));  // k 0 and 1 always offered
            }
            choices.push_back(c);
        }
        list.push_back(
            {{"id", "n" + std::to_string(i)},
             {"lines",
              {{{"speaker", "customer"}, {"text", "Line " + std::to_string(i) + " for {customer.name}."}}}},
             {"choices", choices}});
    }
    j["nodes"] = list;
    return j.dump(1);
}

}  // namespace cp::bench
