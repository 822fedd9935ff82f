// Index: [Steps as the learner saw them] [Reviewing a record] [Re-scoring]
#include "record_review.hpp"

#include <algorithm>

#include "text_report.hpp"

namespace cp {

using nlohmann::json;

namespace {
int count_steps(const RecordFile& record) {
    int n = 0;
    for (const auto& line : record.lines) n += line.value.value("type", "") == "choice";
    return n;
}
}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Steps as the learner saw them]
//-----------------------------------------------------------------------------------------------------------

std::vector<ReviewStep> review_steps(const RecordFile& record, const ReplayResult& replay,
                                     std::vector<TranscriptEntry>* closing) {
    std::vector<ReviewStep> out;
    if (!replay.ok || !replay.session) return out;
    const Scenario& s = replay.session->scenario();
    SessionOptions options;
    std::string error;
    if (!session_options_for(record.info, s, options, error)) return out;
    // Re-run once more, stopping before each choice to see the options exactly as they were offered (their
    // text is rendered in the session's state at that moment). replay_record has checked every fact already.
    Session session(replay.session->scenario_ptr(), options);
    std::size_t seen = 0;
    std::vector<std::string> consulted;
    auto take_transcript = [&](std::vector<TranscriptEntry>& into) {
        const auto& t = session.transcript();
        for (; seen < t.size(); ++seen)
            if (t[seen].kind != TranscriptEntry::Kind::Officer) into.push_back(t[seen]);
    };
    for (std::size_t i = 1; i < record.lines.size(); ++i) {
        const json& ev = record.lines[i].value;
        const std::string type = ev.value("type", "");
        if (type == "policy_consulted") {
            int rule = s.find_rule(ev.value("rule", ""));
            consulted.push_back(ev.value("rule", "") +
                                (rule >= 0 ? " " + s.rules[static_cast<std::size_t>(rule)].rule->title : ""));
            continue;
        }
        if (type != "choice") continue;
        int choice = s.find_choice(ev.value("chosen", ""));
        if (choice < 0 || !session.is_offered(choice)) break;  // cannot happen after a successful replay
        ReviewStep step;
        step.step = session.steps_taken() + 1;
        step.node = s.nodes[static_cast<std::size_t>(session.current_node())].id;
        step.sim_time = session.now().long_text();
        take_transcript(step.before);
        for (int c : session.offered()) {
            const Choice& option = s.choices[static_cast<std::size_t>(c)];
            if (c == choice) step.chosen = static_cast<int>(step.shown.size());
            step.shown.push_back(session.render(option.text));
            step.shown_ids.push_back(option.id);
        }
        const Choice& chosen = s.choices[static_cast<std::size_t>(choice)];
        step.grade = chosen.grade;
        step.grade_reason = chosen.grade_reason;
        step.time_ms = ev.value("time_on_step_ms", 0LL);
        step.consulted = std::move(consulted);
        consulted.clear();
        StepResult result = session.choose(choice);
        for (const auto& change : result.changes) {
            const ScopedRule& r = s.rules[static_cast<std::size_t>(change.rule)];
            step.verdicts.push_back({r.id(), r.rule->title, change.now.verdict,
                                     r.severity == RuleSeverity::Critical, r.rule->source});
        }
        step.score_after = session.rubric().score();
        step.mood_after = result.mood_after;
        out.push_back(std::move(step));
    }
    if (closing) take_transcript(*closing);
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Reviewing a record]
//-----------------------------------------------------------------------------------------------------------

bool ReviewedRecord::signed_off() const {
    if (!assessment.ok) return false;
    return std::any_of(assessment.entries.begin(), assessment.entries.end(), [](const AssessmentEntry& e) {
        return e.kind == EntryKind::Assessment && !e.decision.empty();
    });
}

ReviewedRecord review_record(const std::string& path, const std::vector<ScenarioFolder>& folders,
                             const VersionStore& store, const MarkingPointText& marking_point_text) {
    ReviewedRecord out;
    out.path = path;
    out.record = read_record(path);
    const ReplayResult* replayed = nullptr;
    if (out.record.ok) {
        out.scenario = find_record_scenario(out.record.info, folders, store);
        if (out.scenario.scenario) {
            out.replay = replay_record(out.record, out.scenario.scenario);
            replayed = &out.replay;
        } else {
            out.problems.push_back(out.scenario.error);
        }
    }
    out.integrity = assess_integrity(out.record, replayed);
    if (out.integrity.status != RecordIntegrity::Status::Complete || !replayed) {
        std::string said = integrity_text(out.integrity);
        std::string first = said.substr(0, said.find('\n'));
        // Without its scenario the chain still verifies, but nothing was re-run: say only what is known.
        if (!replayed && out.integrity.status != RecordIntegrity::Status::Altered &&
            out.integrity.status != RecordIntegrity::Status::Unreadable)
            first = out.record.finished() ? "Hash chain unbroken, but the steps could not be re-run"
                                          : "Cut off after step " + std::to_string(count_steps(out.record)) +
                                                ": no end event";
        out.problems.insert(out.problems.begin(), first);
    }
    for (const auto& r : out.integrity.resumes)
        out.problems.push_back("Resumed at step " + std::to_string(r.step) + " after a gap of " +
                               gap_text(r.gap_seconds) + " (torn line discarded: " +
                               (r.torn_line_discarded ? "yes" : "no") +
                               "): judge whether the break affects the evidence");
    out.assessment = check_assessment(assessment_path(path), out.record);
    for (const auto& p : out.assessment.problems) out.problems.push_back(p);
    if (replayed && out.replay.ok) {
        out.steps = review_steps(out.record, out.replay, &out.closing);
        if (out.integrity.status == RecordIntegrity::Status::Complete)
            out.debrief = std::make_unique<DebriefModel>(
                make_debrief(*out.replay.session, out.replay.score_history, marking_point_text));
    }
    return out;
}

ReviewedRecord review_record(const std::string& path, const MarkingPointText& marking_point_text) {
    return review_record(path, default_scenario_folders(), VersionStore::user(), marking_point_text);
}

std::map<std::string, std::vector<std::string>> marking_point_evidence(const Session& session) {
    std::map<std::string, std::vector<std::string>> how;
    const Scenario& s = session.scenario();
    const auto& verdicts = session.rubric().verdicts();
    for (std::size_t i = 0; i < verdicts.size() && i < s.rules.size(); ++i)
        if (verdicts[i].verdict == Verdict::Kept)
            for (const auto& e : s.rules[i].rule->evidences)
                how[e].push_back("kept " + s.rules[i].id() +
                                 (verdicts[i].step > 0 ? " (step " + std::to_string(verdicts[i].step) + ")" : ""));
    const auto& made = session.choices_made();
    for (std::size_t i = 0; i < made.size(); ++i)
        for (const auto& e : s.choices[static_cast<std::size_t>(made[i])].evidences)
            how[e].push_back("chose '" + s.choices[static_cast<std::size_t>(made[i])].id + "' at step " +
                             std::to_string(i + 1));
    return how;
}

//-----------------------------------------------------------------------------------------------------------
// [Re-scoring]
//-----------------------------------------------------------------------------------------------------------

bool RescoreStep::differs() const {
    return grade_then != grade_now || verdicts_then != verdicts_now ||
           (score_then >= 0 && score_now >= 0 && score_then != score_now);
}

bool Rescore::changed() const {
    if (stopped_at > 0 || ended_then != ended_now || passed_then != passed_now || score_then != score_now)
        return true;
    return std::any_of(steps.begin(), steps.end(), [](const RescoreStep& s) { return s.differs(); });
}

namespace {
std::string verdict_words(const std::string& code, const std::string& rule) {
    auto v = verdict_from_code(code);
    return std::string(v ? verdict_label(*v) : "?") + " " + rule;
}
std::string version_words(const std::string& version, const std::string& sha) {
    return "version " + (version.empty() ? std::string("?") : version) + " (fingerprint " + sha.substr(0, 12) + ")";
}
}  // namespace

Rescore rescore_record(const RecordFile& record, const ReplayResult* original, std::shared_ptr<const Scenario> current) {
    Rescore out;
    if (!record.ok || record.lines.empty()) {
        out.error = record.message();
        return out;
    }
    if (!current) {
        out.error = "no current scenario to re-score against";
        return out;
    }
    const Scenario& s = *current;
    out.scenario_then = version_words(record.info.scenario_version, record.info.scenario_sha256);
    out.scenario_now = version_words(s.version, s.sha256);
    SessionOptions options;
    if (!session_options_for(record.info, s, options, out.error)) return out;
    Session session(current, options);
    std::size_t step_index = 0;
    for (std::size_t i = 1; i < record.lines.size(); ++i) {
        const json& ev = record.lines[i].value;
        const std::string type = ev.value("type", "");
        if (type == "ended") {
            out.ended_then = true;
            out.passed_then = ev.value("passed", false);
            out.score_then = ev.value("score", -1);
            continue;
        }
        if (type != "choice" || out.stopped_at) continue;
        RescoreStep step;
        step.step = ev.value("step", 0);
        step.chosen = ev.value("chosen", "");
        step.grade_then = ev.value("grade", "");
        for (const auto& v : ev.value("verdicts", json::array()))
            step.verdicts_then.push_back(verdict_words(v.value("verdict", ""), v.value("rule", "")));
        if (original && original->ok && step_index < original->score_history.size())
            step.score_then = original->score_history[step_index];
        ++step_index;
        int choice = s.find_choice(step.chosen);
        if (session.state() != SessionState::AwaitingChoice || choice < 0 || !session.is_offered(choice)) {
            out.stopped_at = step.step;
            out.stop_reason = session.state() != SessionState::AwaitingChoice
                                  ? "today's scenario has already ended by this step"
                              : choice < 0 ? "option '" + step.chosen + "' is not in today's scenario"
                                           : "option '" + step.chosen + "' is not offered there in today's scenario";
            out.steps.push_back(step);
            continue;
        }
        step.grade_now = record.info.record_format >= 2 || ev.contains("grade")
                             ? to_string(s.choices[static_cast<std::size_t>(choice)].grade)
                             : "";
        StepResult result = session.choose(choice);
        for (const auto& c : result.changes)
            step.verdicts_now.push_back(std::string(verdict_label(c.now.verdict)) + " " +
                                        s.rules[static_cast<std::size_t>(c.rule)].id());
        step.score_now = session.rubric().score();
        out.steps.push_back(step);
    }
    out.ended_now = !out.stopped_at && session.state() == SessionState::Ended;
    RubricResult r = session.rubric().result();
    if (!out.stopped_at) {
        out.passed_now = r.passed;
        out.score_now = r.score;
        out.reason_now = r.reason;
    }
    out.ok = true;
    return out;
}

std::string rescore_text(const Rescore& r) {
    if (!r.ok) return "Cannot re-score: " + r.error + "\n";
    auto list = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
        return out.empty() ? std::string("none") : out;
    };
    auto score = [](int s) { return s < 0 ? std::string("?") : std::to_string(s) + "%"; };
    std::string out = "Re-scored under today's scenario " + r.scenario_now + "; recorded under " + r.scenario_then +
                      ".\n";
    int changed = 0;
    for (const auto& s : r.steps) {
        if (r.stopped_at == s.step) {
            out += "Step " + std::to_string(s.step) + " (" + s.chosen + "): cannot be re-run: " + r.stop_reason +
                   ". Re-scoring stops here.\n";
            break;
        }
        if (!s.differs()) continue;
        ++changed;
        out += "Step " + std::to_string(s.step) + " (" + s.chosen + "):";
        if (s.grade_then != s.grade_now)
            out += " grade " + (s.grade_then.empty() ? "none" : s.grade_then) + " -> " + s.grade_now + ";";
        if (s.verdicts_then != s.verdicts_now)
            out += " verdicts " + list(s.verdicts_then) + " -> " + list(s.verdicts_now) + ";";
        if (s.score_then >= 0 && s.score_then != s.score_now)
            out += " score " + score(s.score_then) + " -> " + score(s.score_now) + ";";
        out.back() = '.';
        out += "\n";
    }
    if (changed == 0 && !r.stopped_at) out += "Every step gets the same grade and verdicts as recorded.\n";
    auto result = [&](bool ended, bool passed, int s) {
        return ended ? std::string(passed ? "PASS" : "FAIL") + " " + score(s) : std::string("no result (not ended)");
    };
    out += "Result: recorded " + result(r.ended_then, r.passed_then, r.score_then) + "; today " +
           (r.stopped_at ? std::string("none (re-scoring stopped at step ") + std::to_string(r.stopped_at) + ")"
                         : result(r.ended_now, r.passed_now, r.score_now)) +
           (r.changed() ? "." : " (unchanged).") + "\n";
    return out;
}

}  // namespace cp
