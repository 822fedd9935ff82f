// Index: [Steps from the record] [Text from the scenario] [Integrity banner] [Building]
#include "replay_view.hpp"

#include "session_index.hpp"

namespace cp {

namespace {

using json = nlohmann::json;

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long num(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

//-----------------------------------------------------------------------------------------------------------
// [Steps from the record]
//-----------------------------------------------------------------------------------------------------------
// Everything the record itself says, by step; works without the scenario.
void steps_from_record(ReplayView& v) {
    std::vector<std::string> consulted_before;  // read before the next choice
    std::string resumed_before;
    for (std::size_t i = 1; i < v.record.lines.size(); ++i) {
        const json& ev = v.record.lines[i].value;
        const std::string type = str(ev, "type");
        if (type == "choice") {
            ReplayStep step;
            step.step = static_cast<int>(num(ev, "step"));
            step.node = str(ev, "node");
            step.chosen = str(ev, "chosen");
            step.grade = str(ev, "grade");
            if (step.grade.empty()) step.grade = "ungraded";  // record format 1
            step.time_on_step_ms = num(ev, "time_on_step_ms");
            step.mood = static_cast<int>(num(ev, "mood"));
            if (auto shown = ev.find("shown"); shown != ev.end() && shown->is_array())
                for (const auto& id : *shown)
                    if (id.is_string())
                        step.shown.push_back({id.get<std::string>(), "", id.get<std::string>() == step.chosen});
            if (auto verdicts = ev.find("verdicts"); verdicts != ev.end() && verdicts->is_array())
                for (const auto& verdict : *verdicts)
                    if (verdict.is_object())
                        step.verdicts.push_back(
                            {str(verdict, "rule"), "", verdict_from_code(str(verdict, "verdict")), ""});
            step.consulted.swap(consulted_before);
            step.resumed.swap(resumed_before);
            v.steps.push_back(std::move(step));
        } else if (type == "policy_consulted") {
            consulted_before.push_back(str(ev, "rule"));
        } else if (type == "resumed") {
            resumed_before = "Resumed before this step after a gap of " + gap_text(num(ev, "gap_seconds")) +
                             "; torn line discarded: " +
                             (ev.value("torn_line_discarded", false) ? "yes" : "no") + ".";
        }
    }
    // Look-ups after the last choice (reading the handbook at the ending) belong to the last step.
    if (!v.steps.empty())
        for (auto& rule : consulted_before) v.steps.back().consulted.push_back(std::move(rule));
}

//-----------------------------------------------------------------------------------------------------------
// [Text from the scenario]
//-----------------------------------------------------------------------------------------------------------
// Steps a fresh session through the recorded choices to render each option as it read at that moment, and
// names each rule with its title and source.
void text_from_scenario(ReplayView& v, const std::shared_ptr<const Scenario>& scenario) {
    const Scenario& s = *scenario;
    SessionOptions options;
    std::string error;
    if (!session_options_for(v.record.info, s, options, error)) return;
    Session live(scenario, options);
    auto describe_rule = [&](const std::string& id, std::string* title, std::string* source) {
        int r = s.find_rule(id);
        if (r < 0) return;
        const ScopedRule& rule = s.rules[static_cast<std::size_t>(r)];
        if (title) *title = rule.rule->title;
        if (source) *source = rule.rule->source;
    };
    for (auto& step : v.steps) {
        for (auto& option : step.shown) {
            int c = s.find_choice(option.id);
            if (c >= 0) option.text = live.render(s.choices[static_cast<std::size_t>(c)].text);
            if (option.chosen) step.chosen_text = option.text;
        }
        for (auto& verdict : step.verdicts) describe_rule(verdict.rule, &verdict.title, &verdict.source);
        for (auto& rule : step.consulted) {
            std::string title;
            describe_rule(rule, &title, nullptr);
            if (!title.empty()) rule += " " + title;
        }
        int c = s.find_choice(step.chosen);
        if (c < 0 || !live.is_offered(c) || live.state() != SessionState::AwaitingChoice) break;
        live.choose(c);
    }
    // Where each step's choice was said in the replayed transcript.
    if (!v.session) return;
    const auto& transcript = v.session->transcript();
    for (auto& step : v.steps) {
        step.transcript_end = transcript.size();
        for (std::size_t i = 0; i < transcript.size(); ++i)
            if (transcript[i].kind == TranscriptEntry::Kind::Officer && transcript[i].step == step.step) {
                step.transcript_end = i + 1;
                break;
            }
    }
    if (!v.steps.empty()) v.steps.back().transcript_end = transcript.size();  // the ending too
}

//-----------------------------------------------------------------------------------------------------------
// [Integrity banner]
//-----------------------------------------------------------------------------------------------------------
void write_banner(ReplayView& v) {
    const RecordIntegrity& r = v.integrity;
    switch (r.status) {
        case RecordIntegrity::Status::Complete:
            v.banner = ReplayView::Banner::Verified;
            // Not "unaltered": an unkeyed chain cannot prove that (kChainStatement, shown below, says why).
            v.headline = v.scenario_available ? "Verified: complete, every step re-run and matched"
                                              : "Chain verified: complete (not re-run without the scenario)";
            break;
        case RecordIntegrity::Status::CutOff:
            v.banner = ReplayView::Banner::CutOff;
            v.headline = "Cut off after step " + std::to_string(r.steps);
            if (r.final_newline_missing)
                v.headline += ": the final newline is missing";
            else if (r.partial_tail)
                v.headline += ": the last line is incomplete";
            else
                v.headline += ": no end event";
            break;
        case RecordIntegrity::Status::Altered:
            v.banner = ReplayView::Banner::Altered;
            v.headline = "Altered at line " + std::to_string(r.bad_line);
            break;
        case RecordIntegrity::Status::Unreadable:
            v.banner = ReplayView::Banner::Unreadable;
            v.headline = "Not a readable record";
            break;
    }
    std::string text = integrity_text(r);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) v.details.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    // What the chain proves and what it does not, on every banner an assessor reads.
    v.details.push_back(kChainStatement);
    v.witness = witness_statement(v.record);
    // Without the scenario the replay cannot run, so resumptions come from the record's own events.
    if (!v.scenario_available)
        for (const auto& step : v.steps)
            if (!step.resumed.empty())
                v.details.push_back("Step " + std::to_string(step.step) + ": " + step.resumed);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Building]
//-----------------------------------------------------------------------------------------------------------

ReplayView build_replay_view(const std::string& path, std::shared_ptr<const Scenario> scenario,
                             const MarkingPointText& marking_point_text) {
    ReplayView v;
    v.path = path;
    v.record = read_record(path);
    steps_from_record(v);
    std::optional<ReplayResult> replay;
    if (v.record.ok && scenario && compare_fingerprints(v.record.header(), *scenario).empty()) {
        replay = replay_record(v.record, scenario);
        v.scenario_available = true;
        v.scenario_title = scenario->title;
        if (replay->ok) v.session = std::move(replay->session);
    }
    v.integrity = assess_integrity(v.record, replay ? &*replay : nullptr);
    if (v.scenario_available) text_from_scenario(v, scenario);
    write_banner(v);
    if (v.record.ok && !v.scenario_available)
        v.details.push_back("Scenario version not available: the library has no '" + v.record.info.scenario_id +
                            "' with the fingerprint this record carries (" +
                            v.record.info.scenario_sha256.substr(0, 12) +
                            "...), so the steps show the record's own ids and verdicts, without the text the "
                            "learner read.");
    if (v.session && v.integrity.status == RecordIntegrity::Status::Complete)
        v.debrief = make_debrief(*v.session, replay->score_history, marking_point_text);
    return v;
}

ReplayView build_replay_view(const std::string& path, const RecordScenario& found,
                             const MarkingPointText& marking_point_text) {
    ReplayView v = build_replay_view(path, found.scenario, marking_point_text);
    if (v.scenario_available) {
        v.scenario_source = found.used;
        if (found.from_store)
            v.details.push_back("Replayed with its own scenario version, kept in the version store: the library "
                                "has another version of '" + v.record.info.scenario_id + "' now.");
    } else if (v.record.ok && found.unavailable && !found.error.empty()) {
        // The finder's words name both places looked in (library and version store).
        for (auto& d : v.details)
            if (d.rfind("Scenario version not available", 0) == 0)
                d = "Scenario version not available" + found.error.substr(std::string(kScenarioVersionUnavailable).size()) +
                    ". The steps show the record's own ids and verdicts, without the text the learner read.";
    }
    return v;
}

std::string witness_statement(const RecordFile& /*record*/) {
    return "Unwitnessed: no learning record store configured";
}

}  // namespace cp
