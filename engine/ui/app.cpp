// Index: [Settings] [Sessions index] [App: frame and intents] [App: sessions] [App: the assessor's workspace]
//        [App: annotation and sign-off] [App: exports]
#include "app.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>

#include <imgui.h>

#include "atomic_file.hpp"
#include "evidence_report.hpp"
#include "json_document.hpp"
#include "portfolio.hpp"
#include "record_review.hpp"
#include "signing.hpp"

namespace cp::ui {

namespace fs = std::filesystem;

const char* screen_name(Screen s) {
    switch (s) {
        case Screen::Library:
            return "library";
        case Screen::Briefing:
            return "briefing";
        case Screen::Conversation:
            return "conversation";
        case Screen::Debrief:
            return "debrief";
        case Screen::Settings:
            return "settings";
        case Screen::Studio:
            return "studio";
        case Screen::Sessions:
            return "sessions";
        case Screen::Replay:
            return "replay";
        case Screen::Cohort:
            return "cohort";
    }
    return "?";
}

//-----------------------------------------------------------------------------------------------------------
// [Settings]
//-----------------------------------------------------------------------------------------------------------

Settings Settings::load(const std::string& config_dir) {
    Settings s;
    if (const char* user = std::getenv("USER"); user && *user) s.learner = user;
    LrsEndpoint lrs = load_lrs_settings(config_dir);  // one home for the LRS settings (lrs.hpp)
    s.lrs_url = lrs.url;
    s.lrs_user = lrs.user;
    s.lrs_password = lrs.password;
    std::string text, error;
    if (!read_text_file((fs::path(config_dir) / "settings.json").string(), text, error, 1 << 20)) return s;
    try {
        auto j = nlohmann::json::parse(text);
        s.learner = j.value("learner", s.learner);
        s.font_scale = std::clamp(j.value("font_scale", 1.0f), 0.75f, 2.0f);
        s.theme = theme_from_name(j.value("theme", "light"));
        std::string mode = j.value("default_mode", "practice");
        s.default_mode = mode == "assessment" ? "assessment" : "practice";
        s.window_width = std::clamp(j.value("window_width", 1280), 640, 7680);
        s.window_height = std::clamp(j.value("window_height", 720), 480, 4320);
        s.scenario_folders = scenario_folders_from_settings(j);
    } catch (const nlohmann::json::exception&) {
        // A damaged settings file is replaced by defaults on the next save; it never stops the app.
    }
    return s;
}

bool Settings::save(const std::string& config_dir, std::string& error) const {
    nlohmann::json j = {{"learner", learner},           {"font_scale", font_scale},
                        {"theme", theme_name(theme)},   {"default_mode", default_mode},
                        {"window_width", window_width}, {"window_height", window_height},
                        {"scenario_folders", scenario_folders}};
    if (!lrs_url.empty() || !lrs_user.empty()) {
        j["lrs_url"] = lrs_url;
        j["lrs_user"] = lrs_user;
    }
    // The password never goes into settings.json: its own file, mode 0600 (save_lrs_password).
    return atomic_write_file((fs::path(config_dir) / "settings.json").string(), j.dump(2) + "\n", error) &&
           save_lrs_password(config_dir, lrs_password, error);
}

//-----------------------------------------------------------------------------------------------------------
// [Sessions index]
//-----------------------------------------------------------------------------------------------------------

void App::rescan_sessions() {
    unfinished_.clear();
    best_.clear();
    // A session file that cannot be examined (a symlink loop, say) is not offered; list_files never throws.
    Diagnostics skipped;
    std::vector<std::string> names;
    list_files(config_.sessions_dir, ".jsonl", names, skipped);
    std::vector<fs::path> files(names.begin(), names.end());
    for (const auto& file : files) {
        RecordFile record = read_record(file.string());
        if (!record.ok) continue;  // altered or foreign records are not offered; replay reports them
        const auto& h = record.header();
        std::string id = h["scenario"].value("id", "");
        std::string sha = h["scenario"].value("sha256", "");
        // Prefer the scenario with the recorded fingerprint: folders may hold different scenarios with one id.
        auto scenario = std::find_if(library_.scenarios.begin(), library_.scenarios.end(),
                                     [&](const auto& s) { return s->id == id && s->sha256 == sha; });
        if (scenario == library_.scenarios.end())
            scenario = std::find_if(library_.scenarios.begin(), library_.scenarios.end(),
                                    [&](const auto& s) { return s->id == id; });
        if (scenario == library_.scenarios.end()) continue;
        if (record.finished()) {
            if (h.value("learner", "") != learner_name()) continue;
            const auto& end = record.lines.back().value;
            BestResult r{true, end.value("score", 0), end.value("passed", false)};
            auto it = std::find_if(best_.begin(), best_.end(), [&](const auto& b) { return b.first == id; });
            if (it == best_.end())
                best_.push_back({id, r});
            else if (std::tie(r.passed, r.score) > std::tie(it->second.passed, it->second.score))
                it->second = r;
        } else if ((*scenario)->sha256 == h["scenario"].value("sha256", "")) {
            int steps = 0;
            for (const auto& line : record.lines) steps += line.value.value("type", "") == "choice";
            unfinished_.push_back({file.string(), id, (*scenario)->title, h.value("learner", ""),
                                   h.value("mode", ""), h.value("started_at", ""), steps});
        }
    }
}

std::string App::learner_name() const {
    return settings_.learner.empty() ? "learner" : settings_.learner;
}

std::string App::marking_point_text(const std::string& id) const {
    for (const auto& point : marking_point_list_)
        if (point.id == id) return point.text;
    return {};
}

BestResult App::best_result(const std::string& scenario_id) const {
    for (const auto& [id, r] : best_)
        if (id == scenario_id) return r;
    return {};
}

std::vector<std::string> App::topics() const {
    std::set<std::string> all;
    for (const auto& s : library_.scenarios) all.insert(s->topics.begin(), s->topics.end());
    return {all.begin(), all.end()};
}

//-----------------------------------------------------------------------------------------------------------
// [App: frame and intents]
//-----------------------------------------------------------------------------------------------------------

App::App(AppConfig config) : config_(std::move(config)) {
    settings_ = Settings::load(config_.config_dir);
    draft_ = settings_;
    load_scenarios();
    // Without the file (or with a damaged one, which lint reports to tutors) the debrief shows bare ids and the
    // sign-off lists no points.
    const std::string points_file = (fs::path(config_.scenario_dir) / "marking-points.json").string();
    if (std::error_code ec; fs::exists(points_file, ec)) {
        Diagnostics ignored;
        marking_point_list_ = load_marking_points(points_file, ignored);
        std::stable_sort(marking_point_list_.begin(), marking_point_list_.end(),
                         [](const MarkingPoint& a, const MarkingPoint& b) { return a.where.line < b.where.line; });
    }
    view_.briefing_mode = settings_.default_mode;
    // The outbox beside the sessions folder, as outbox_dir() is beside sessions_dir() (`counterpart outbox`).
    lrs_ = std::make_unique<LrsSender>((fs::path(config_.sessions_dir).parent_path() / "outbox").string(),
                                       LrsEndpoint{settings_.lrs_url, settings_.lrs_user, settings_.lrs_password});
    rescan_sessions();
    if (!config_.assess_folders.empty()) {
        for (const auto& folder : config_.assess_folders) open_workspace(folder);
    }
}

void App::load_scenarios() {
    library_ = load_library(
        scenario_folders(config_.scenario_dir, config_.user_scenario_dir, settings_.scenario_folders));
    selected_ = -1;
}

void App::go(Screen s) {
    screen_ = s;
    status_.clear();  // messages belong to the screen they were shown on
    view_.focus_first = true;
    view_.open_rule = -1;
    view_.focused_choice = 0;
}

void App::frame() {
    // The host: one borderless window filling the display. The window app and the tests without a window
    // both draw exactly this, so a screen tested headless is the screen the learner sees.
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("Counterpart", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    std::vector<Intent> intents;
    refresh_session_order(false);
    take_witness_check();
    switch (screen_) {
        case Screen::Library:
            draw_library(*this, intents);
            break;
        case Screen::Briefing:
            draw_briefing(*this, intents);
            break;
        case Screen::Conversation:
            draw_conversation(*this, intents);
            break;
        case Screen::Debrief:
            draw_debrief(*this, intents);
            break;
        case Screen::Settings:
            draw_settings(*this, intents);
            break;
        case Screen::Studio:
            draw_studio(*this, intents);
            break;
        case Screen::Sessions:
            draw_sessions(*this, intents);
            break;
        case Screen::Replay:
            draw_replay(*this, intents);
            break;
        case Screen::Cohort:
            draw_cohort(*this, intents);
            break;
    }
    ImGui::End();
    last_intents_ = intents;
    for (const auto& intent : intents) apply(intent);
}

void App::apply(const Intent& intent) {
    switch (intent.kind) {
        case Intent::Kind::OpenScenario:
            if (intent.index >= 0 && intent.index < static_cast<int>(library_.scenarios.size())) {
                selected_ = intent.index;
                if (studio_mode_) {
                    apply_studio(Intent(Intent::Kind::OpenStudio));
                    break;
                }
                view_.briefing_mode = settings_.default_mode;
                go(Screen::Briefing);
            }
            break;
        case Intent::Kind::ResumeSession:
            resume_session(intent.index);
            break;
        case Intent::Kind::StartSession:
            start_session(intent.text);
            break;
        case Intent::Kind::ChooseOption: {
            if (!session_) break;
            std::optional<StepResult> step = session_->choose(intent.index);  // ignored if not on offer
            if (!step) break;
            last_step_ = step;
            view_.focused_choice = 0;
            view_.scroll_to_bottom = true;
            view_.focus_first = true;
            // A record that can no longer be written: practice goes on (the learner is told); an assessment
            // stops here, with the message, and takes no more choices.
            if (!session_->record_notice().empty()) status_ = session_->record_notice();
            if (session_->session().state() == SessionState::Ended) finish_session();
            break;
        }
        case Intent::Kind::ConsultRule:
            if (session_ && session_->consult(intent.index)) view_.open_rule = intent.index;
            break;
        case Intent::Kind::ShowDebrief:
            if (session_ && session_->session().state() == SessionState::Ended) go(Screen::Debrief);
            break;
        case Intent::Kind::Retry:
            if (selected_ >= 0) start_session(mode_);
            break;
        case Intent::Kind::BackToLibrary:
            session_.reset();
            last_step_.reset();
            // Leaving the workspace stops its index (no rescans of a network drive while practising); its
            // folders are kept, and opening the workspace again reads them afresh.
            index_.reset();
            order_.clear();
            cohort_.reset();
            if (reload_scenarios_) load_scenarios();
            reload_scenarios_ = false;
            rescan_sessions();
            go(Screen::Library);
            break;
        case Intent::Kind::OpenSettings:
            if (screen_ != Screen::Settings) before_settings_ = screen_;
            draft_ = settings_;
            go(Screen::Settings);
            break;
        case Intent::Kind::SaveSettings: {
            draft_.font_scale = std::clamp(draft_.font_scale, 0.75f, 2.0f);
            bool learner_changed = draft_.learner != settings_.learner;
            bool folders_changed = draft_.scenario_folders != settings_.scenario_folders;
            settings_ = draft_;
            std::string error;
            bool saved = settings_.save(config_.config_dir, error);
            style_changed_ = true;
            if (folders_changed && session_) {
                reload_scenarios_ = true;  // the session's scenario stays loaded until it is left
            } else if (folders_changed) {
                load_scenarios();
                before_settings_ = Screen::Library;  // the open briefing may belong to a scenario now gone
            }
            if (learner_changed || folders_changed) rescan_sessions();
            lrs_->set_endpoint({settings_.lrs_url, settings_.lrs_user, settings_.lrs_password});
            go(before_settings_);
            status_ = saved ? "Settings saved." : "Could not save settings: " + error;
            break;
        }
        case Intent::Kind::CancelSettings:
            draft_ = settings_;
            go(before_settings_);
            break;
        case Intent::Kind::TestLrsConnection: {
            if (lrs_check_.valid()) break;  // one test at a time
            LrsEndpoint endpoint{draft_.lrs_url, draft_.lrs_user, draft_.lrs_password};
            endpoint.timeout_ms = 10000;
            lrs_check_message_ = "Testing " + endpoint.url + " ...";
            lrs_check_ = std::async(std::launch::async, check_lrs_connection, endpoint);
            break;
        }
        case Intent::Kind::Quit:
            quit_ = true;
            break;
        case Intent::Kind::OpenWorkspace:
            open_workspace(intent.text);
            break;
        case Intent::Kind::RescanSessions:
            if (index_) index_->rescan();
            break;
        case Intent::Kind::SortSessions:
            if (intent.index >= 0 && intent.index < kSessionColumns) {
                query_.sort = static_cast<SessionColumn>(intent.index);
                query_.descending = intent.text != "ascending";
                order_dirty_ = true;
            }
            break;
        case Intent::Kind::FilterSessions: {
            const std::string& t = intent.text;
            auto value = t.substr(t.find('=') == std::string::npos ? t.size() : t.find('=') + 1);
            if (t == "clear") {
                query_.mode.clear();
                query_.result.clear();
                query_.only_problems = query_.only_unmarked = false;
                view_.session_search[0] = '\0';
            } else if (t.rfind("mode=", 0) == 0 && (value.empty() || parse_mode(value))) {
                query_.mode = value;
            } else if (t.rfind("result=", 0) == 0) {
                query_.result = value;
            } else if (t.rfind("problems=", 0) == 0) {
                query_.only_problems = value == "on";
            } else if (t.rfind("unmarked=", 0) == 0) {
                query_.only_unmarked = value == "on";
            }
            order_dirty_ = true;
            break;
        }
        case Intent::Kind::ExportSessions: {
            if (!index_) break;
            std::string path = intent.text;
            if (path.empty())
                path = (fs::path(exports_dir()) / ("sessions-" + record_stem("", utc_now_iso()).substr(1) + ".csv"))
                           .string();
            refresh_session_order(true);
            std::string error;
            if (atomic_write_file(path, sessions_csv(index_->rows(), order_), error))
                status_ = "Exported " + std::to_string(order_.size()) + " sessions to " + path;
            else
                status_ = "Could not export the table: " + error;
            break;
        }
        case Intent::Kind::OpenReplay:
            open_replay(intent.text);
            break;
        case Intent::Kind::ReplayStep:
            if (replay_ && !replay_->steps.empty()) {
                replay_step_ = std::clamp(intent.index, 1, static_cast<int>(replay_->steps.size()));
                view_.replay_scroll = true;
            }
            break;
        case Intent::Kind::ShowSessions:
            if (index_) go(Screen::Sessions);
            break;
        case Intent::Kind::ShowReplay:
            if (replay_) go(Screen::Replay);
            break;
        case Intent::Kind::ShowCohort:
            if (index_) go(Screen::Cohort);
            break;
        case Intent::Kind::DraftComment:
        case Intent::Kind::DraftPoint:
        case Intent::Kind::DraftDecision:
        case Intent::Kind::DraftAssessor:
        case Intent::Kind::DraftOverall:
        case Intent::Kind::DraftModeration:
        case Intent::Kind::DraftFromEntry:
            change_draft(intent);
            break;
        case Intent::Kind::SignAssessment:
            sign_assessment();
            break;
        case Intent::Kind::ExportReport:
            export_report(intent.text);
            break;
        case Intent::Kind::ExportPortfolio:
            export_portfolio(intent.text, intent.index);
            break;
        default:
            apply_studio(intent);
            break;
    }
}

//-----------------------------------------------------------------------------------------------------------
// [App: sessions]
//-----------------------------------------------------------------------------------------------------------

const std::string& App::record_path() const {
    static const std::string none;
    return session_ ? session_->record_path() : none;
}

const std::vector<int>& App::score_history() const {
    static const std::vector<int> none;
    return session_ ? session_->score_history() : none;
}

const std::vector<int>& App::consulted_rules() const {
    static const std::vector<int> none;
    return session_ ? session_->consulted_rules() : none;
}

void App::start_session(const std::string& mode) {
    if (selected_ < 0) return;
    NewSession options;
    options.scenario = library_.scenarios[static_cast<std::size_t>(selected_)];
    options.learner = learner_name();
    options.mode = parse_mode(mode).value_or(SessionMode::Practice);
    if (config_.seed != 0) options.seed = config_.seed;
    options.sessions_dir = config_.sessions_dir;
    if (!config_.versions_dir.empty()) options.versions_dir = config_.versions_dir;
    std::string error;
    auto started = RecordedSession::start(options, error);
    std::string notice;
    if (!started && options.mode == SessionMode::Practice) {
        // Practice may go on unrecorded; the learner is told.
        notice = "This practice session is not being recorded: " + error;
        options.sessions_dir.clear();
        started = RecordedSession::start(options, error);
    }
    if (!started) {
        // Unrecorded assessment is not evidence: it does not start.
        status_ = options.mode == SessionMode::Assessment
                      ? "This assessment cannot start, because its record cannot be written: " + error
                      : "This session cannot start: " + error;
        return;
    }
    session_ = std::move(started);
    mode_ = to_string(session_->mode());
    last_step_.reset();
    view_.scroll_to_bottom = true;
    go(Screen::Conversation);
    status_ = notice;
    watch_for_lrs();
    if (session_->session().state() == SessionState::Ended) finish_session();
}

void App::resume_session(int index) {
    if (index < 0 || index >= static_cast<int>(unfinished_.size())) return;
    const UnfinishedSession& u = unfinished_[static_cast<std::size_t>(index)];
    // The library's scenario with the record's id and fingerprint; never the file the record names.
    ScenarioFinder find = [&](const RecordHeader& h, std::string& why) -> std::shared_ptr<const Scenario> {
        for (const auto& s : library_.scenarios)
            if (s->id == h.scenario_id && s->sha256 == h.scenario_sha256) return s;
        why = "the version of '" + h.scenario_id + "' it was made with is no longer in the library";
        return nullptr;
    };
    std::string error;
    auto resumed = RecordedSession::resume(u.record_path, find, error);
    if (!resumed) {
        rescan_sessions();
        status_ = "That session cannot be resumed: " + error;
        return;
    }
    session_ = std::move(resumed);
    auto it = std::find(library_.scenarios.begin(), library_.scenarios.end(), session_->scenario_ptr());
    selected_ = it == library_.scenarios.end() ? -1 : static_cast<int>(it - library_.scenarios.begin());
    mode_ = to_string(session_->mode());
    last_step_.reset();
    view_.scroll_to_bottom = true;
    go(Screen::Conversation);
    status_ = "Resumed after step " + std::to_string(session_->session().steps_taken()) + ".";
    watch_for_lrs();
}

// The record is completed at once (RecordedSession writes the end); the learner reads the ending in the
// conversation, then opens the debrief.
void App::finish_session() {
    rescan_sessions();
    // Queued, not sent: the sender thread sends it, so the debrief never waits on the LRS. Ids come from
    // line hashes, so lines already queued one by one (assessment) are not queued twice.
    std::string error;
    if (lrs_->configured() && session_ && session_->recording()) lrs_->queue_record(session_->record_path(), error);
}

void App::watch_for_lrs() {
    if (!session_ || session_->practice() || !session_->recording() || !lrs_->configured()) return;
    LrsSender* sender = lrs_.get();
    session_->set_line_observer([sender](const RecordedSession& s, const std::string&) {
        std::string error;  // shown by the sender's status line
        sender->queue_record(s.record_path(), error);
    });
    std::string error;
    lrs_->queue_record(session_->record_path(), error);  // the lines written before the observer was set
}

std::string App::lrs_check_message() {
    if (lrs_check_.valid() &&
        lrs_check_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        LrsCheck check = lrs_check_.get();
        lrs_check_message_ = (check.ok ? "" : "Not connected: ") + check.message;
    }
    return lrs_check_message_;
}

//-----------------------------------------------------------------------------------------------------------
// [App: the assessor's workspace]
//-----------------------------------------------------------------------------------------------------------

void App::open_workspace(const std::string& folder) {
    std::vector<std::string> folders = workspace_folders_;
    if (!folder.empty() && std::find(folders.begin(), folders.end(), folder) == folders.end())
        folders.push_back(folder);
    if (folders.empty()) folders.push_back(config_.sessions_dir);
    if (!index_ || folders != workspace_folders_) {
        workspace_folders_ = folders;
        index_ = std::make_unique<SessionIndex>(workspace_folders_, config_.rescan_seconds);
        order_.clear();
        cohort_.reset();
        order_dirty_ = true;
    }
    session_.reset();
    last_step_.reset();
    go(Screen::Sessions);
}

// New rows are merged into the table's order as they arrive; a changed query, or rows replaced or removed by
// a rescan, sort it again (while the index is still reading, at most four times a second).
void App::refresh_session_order(bool force) {
    if (!index_) return;
    if (index_->poll()) {
        // New rows only: merged into the sorted table at once. Rows replaced or removed: sorted again.
        if (!order_dirty_ && index_->last_poll_only_added())
            extend_query_rows(index_->rows(), index_->first_added(), query_, order_);
        else
            order_dirty_ = true;
        cohort_stale_ = true;
    }
    if (query_.search != view_.session_search) {
        query_.search = view_.session_search;
        order_dirty_ = true;
    }
    if (!order_dirty_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && !order_.empty() && index_->busy() && now - order_built_ < std::chrono::milliseconds(250))
        return;
    order_ = query_rows(index_->rows(), query_);
    order_built_ = now;
    order_dirty_ = false;
    cohort_stale_ = true;
}

const CohortModel& App::cohort() const {
    static const std::vector<SessionRow> none;
    auto now = std::chrono::steady_clock::now();
    // While the index is still reading, rows arrive every frame: the numbers over (up to) tens of thousands of
    // rows are recomputed at most four times a second then, not in every frame.
    bool loading = index_ && index_->busy() && now - cohort_built_ < std::chrono::milliseconds(250);
    if (!cohort_ || (cohort_stale_ && !loading)) {
        cohort_ = make_cohort(index_ ? index_->rows() : none, index_ ? order_ : std::vector<int>{});
        cohort_built_ = now;
        cohort_stale_ = false;
    }
    return *cohort_;
}

std::vector<ScenarioFolder> App::library_folders() const {
    return scenario_folders(config_.scenario_dir, config_.user_scenario_dir, settings_.scenario_folders);
}

VersionStore App::version_store() const {
    return VersionStore(config_.versions_dir.empty() ? versions_dir() : config_.versions_dir);
}

void App::open_replay(const std::string& path) {
    // The version the record was made with, by id and fingerprint: the library's, else the version store's
    // (as `counterpart replay` finds it); never another version, and never the file the record names.
    RecordFile peek = read_record(path);
    RecordScenario found;
    if (peek.ok) found = find_record_scenario(peek.info, library_folders(), version_store());
    replay_ = std::make_unique<ReplayView>(build_replay_view(
        path, found, [this](const std::string& id) { return marking_point_text(id); }));
    replay_step_ = replay_->steps.empty() ? 0 : 1;
    view_.replay_scroll = true;
    view_.replay_pane = 0;
    go(Screen::Replay);
    load_sign_off();  // after go(), which clears the status line: a damaged draft is named there
    start_witness_check();
}

void App::start_witness_check() {
    // With an LRS set, the banner's witness line is the LRS's answer, read off the frame thread (a shared
    // drive's LRS may take seconds); until then it says the check is under way.
    if (!replay_ || settings_.lrs_url.empty() || !replay_->record.ok) return;
    LrsEndpoint endpoint{settings_.lrs_url, settings_.lrs_user, settings_.lrs_password};
    endpoint.timeout_ms = 15000;
    replay_->witness = "Checking the learning record store at " + endpoint.url + " ...";
    witness_path_ = replay_->path;
    witness_check_ = std::async(std::launch::async, [endpoint, path = replay_->path] {
        auto transport = make_curl_transport(endpoint);
        return witness_summary(witness_record(path, *transport), endpoint.url);
    });
}

bool App::take_witness_check() {
    if (!witness_check_.valid()) return true;
    if (witness_check_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    std::string summary = witness_check_.get();
    if (replay_ && replay_->path == witness_path_) replay_->witness = summary;
    return true;
}

bool App::wants_frames() const {
    if (witness_check_.valid()) return true;  // the replay's witness line is on its way
    return index_ && (screen_ == Screen::Sessions || screen_ == Screen::Cohort) && index_->busy();
}

double App::wake_after_seconds() const {
    if (index_ && (screen_ == Screen::Sessions || screen_ == Screen::Cohort)) return config_.rescan_seconds;
    // The debrief says what became of this session's statements: look again while they may be on their way.
    if (screen_ == Screen::Debrief && lrs_->configured() && lrs_->status() != kLrsAllSent) return 2.0;
    return 0;
}

//-----------------------------------------------------------------------------------------------------------
// [App: annotation and sign-off]
//-----------------------------------------------------------------------------------------------------------

void App::load_sign_off() {
    int generation = sign_off_.generation + 1;
    std::string keep_assessor = sign_off_.draft.entry.assessor;
    sign_off_ = SignOff{};
    sign_off_.generation = generation;
    if (!replay_) return;
    sign_off_.check = check_assessment(assessment_path(replay_->path), replay_->record);
    for (const auto& e : sign_off_.check.entries)
        sign_off_.signature_ok.push_back(verify_signature(e.public_key, entry_signed_text(e), e.signature));
    if (!replay_->record.ok) return;  // a record that does not verify is not signed off
    std::string drafts = !config_.drafts_dir.empty()
                             ? config_.drafts_dir
                             : (fs::path(config_.sessions_dir).parent_path() / "assessment-drafts").string();
    sign_off_.draft_path = assessment_draft_path(drafts, replay_->record);
    std::string error;
    AssessmentDraft draft;
    std::string first_hash = replay_->record.header().value("hash", "");
    if (!sign_off_.draft_path.empty() && load_assessment_draft(sign_off_.draft_path, draft, error) &&
        draft.record_first_hash == first_hash)
        sign_off_.draft = std::move(draft);
    else if (!error.empty())
        status_ = "Your draft for this record could not be read, so it starts afresh: " + error;
    sign_off_.draft.record_first_hash = first_hash;
    if (sign_off_.draft.entry.assessor.empty()) sign_off_.draft.entry.assessor = keep_assessor;
}

void App::save_draft() {
    std::string error;
    if (sign_off_.draft_path.empty()) {
        status_ = "This record cannot be annotated: it does not verify.";
    } else if (!save_assessment_draft(sign_off_.draft_path, sign_off_.draft, error)) {
        status_ = "Your draft could not be saved: " + error;
    }
}

void App::change_draft(const Intent& intent) {
    if (!replay_ || sign_off_.draft_path.empty()) return;
    NewEntry& e = sign_off_.draft.entry;
    switch (intent.kind) {
        case Intent::Kind::DraftComment: {
            if (intent.index < 1 || intent.index > static_cast<int>(replay_->steps.size())) return;
            auto it = std::find_if(e.comments.begin(), e.comments.end(),
                                   [&](const StepComment& c) { return c.step == intent.index; });
            if (intent.text.empty()) {
                if (it != e.comments.end()) e.comments.erase(it);
            } else if (it != e.comments.end()) {
                it->text = intent.text;
            } else {
                e.comments.push_back({intent.index, intent.text});
            }
            break;
        }
        case Intent::Kind::DraftPoint: {
            auto eq = intent.text.find('=');
            if (eq == std::string::npos || eq == 0) return;
            std::string id = intent.text.substr(0, eq), judgement = intent.text.substr(eq + 1);
            if (judgement != "met" && judgement != "not-met" && !judgement.empty()) return;
            auto it = std::find_if(e.points.begin(), e.points.end(), [&](const PointJudgement& p) { return p.id == id; });
            if (judgement.empty()) {
                if (it != e.points.end()) e.points.erase(it);
            } else if (it != e.points.end()) {
                it->met = judgement == "met";
            } else {
                e.points.push_back({id, judgement == "met"});
            }
            break;
        }
        case Intent::Kind::DraftDecision:
            if (!intent.text.empty() && !valid_decision(intent.text)) return;
            e.decision = intent.text;
            break;
        case Intent::Kind::DraftAssessor:
            e.assessor = intent.text;
            break;
        case Intent::Kind::DraftOverall:
            e.comment = intent.text;
            break;
        case Intent::Kind::DraftModeration:
            e.kind = intent.index == 1 ? EntryKind::Moderation : EntryKind::Assessment;
            break;
        case Intent::Kind::DraftFromEntry: {
            // A signed entry is never changed: its judgements are copied into the draft, which signs as a new
            // entry (a new version) chained after it.
            const auto& entries = sign_off_.check.entries;
            if (intent.index < 0 || intent.index >= static_cast<int>(entries.size())) return;
            const AssessmentEntry& from = entries[static_cast<std::size_t>(intent.index)];
            e.comments = from.comments;
            e.points = from.points;
            e.comment = from.comment;
            e.decision = from.decision;
            ++sign_off_.generation;  // the screen's fields take the copied text
            view_.replay_pane = 1;
            status_ = "Your draft starts from entry " + std::to_string(from.seq + 1) +
                      "; signing it adds a new entry, and entry " + std::to_string(from.seq + 1) + " stays as signed.";
            break;
        }
        default:
            return;
    }
    save_draft();
}

void App::sign_assessment() {
    if (!replay_) return;
    if (sign_off_.draft_path.empty()) {
        status_ = "Not signed: a record that does not verify cannot be signed off.";
        return;
    }
    NewEntry entry = draft_entry_to_sign(sign_off_.draft);
    if (entry.assessor.empty()) {
        status_ = "Not signed: write your name as the assessor first.";
        return;
    }
    if (entry.comments.empty() && entry.points.empty() && entry.comment.empty() && entry.decision.empty()) {
        status_ = "Not signed: there is nothing to sign yet (a comment, a judgement or a decision).";
        return;
    }
    std::string key_path = !config_.signing_key.empty()
                               ? config_.signing_key
                               : (fs::path(config_.config_dir) / "assessor-ed25519.pem").string();
    bool created = false;
    std::string error;
    auto key = SigningKey::load_or_create(key_path, error, &created);
    if (!key) {
        status_ = "Not signed: your signing key cannot be used: " + error;
        return;
    }
    AssessmentEntry written;
    if (!add_assessment_entry(replay_->path, replay_->record, entry, *key, error, &written)) {
        while (!error.empty() && error.back() == '\n') error.pop_back();
        status_ = "Not signed: " + error;
        return;
    }
    std::error_code ec;
    fs::remove(sign_off_.draft_path, ec);  // signed: the draft is done with
    load_sign_off();
    if (index_) index_->rescan();  // the table's marking status
    status_ = "Signed entry " + std::to_string(written.seq + 1) + " (" + to_string(written.kind) + " by " +
              written.assessor + ", " + decision_label(written.decision) + ") in " + assessment_path(replay_->path) +
              " with key " + key_fingerprint(written.public_key) + "." +
              (created ? " Your signing key was created in " + key_path + "." : "");
}

//-----------------------------------------------------------------------------------------------------------
// [App: exports]
//-----------------------------------------------------------------------------------------------------------

namespace {
// An export's target: `chosen` as a file, or inside it when it is a folder (or ends in '/'), else inside
// `dir`; the file named `name` in a folder.
std::string export_target(const std::string& chosen, const std::string& dir, const std::string& name) {
    std::error_code ec;
    if (chosen.empty()) return (fs::path(dir) / name).string();
    if (chosen.back() == '/' || fs::is_directory(chosen, ec)) {
        fs::create_directories(chosen, ec);  // a folder typed that does not exist yet
        return (fs::path(chosen) / name).string();
    }
    return chosen;
}
}  // namespace

std::string App::exports_dir() const {
    std::string dir = !config_.export_dir.empty() ? config_.export_dir
                                                  : (fs::path(config_.sessions_dir).parent_path() / "exports").string();
    std::error_code ec;
    fs::create_directories(dir, ec);
    return dir;
}

void App::export_report(const std::string& chosen) {
    if (!replay_) return;
    // Reviewed afresh, as `counterpart report` does: the sign-off just signed is in it.
    ReviewedRecord review = review_record(replay_->path, library_folders(), version_store(),
                                          [this](const std::string& id) { return marking_point_text(id); });
    if (!review.record.ok && review.record.bad_line == 0) {
        status_ = "No report: " + review.record.error;
        return;
    }
    EvidenceReportOptions options;
    options.marking_point_text = [this](const std::string& id) { return marking_point_text(id); };
    options.portfolio_only = [this](const std::string& id) {
        return std::any_of(marking_point_list_.begin(), marking_point_list_.end(),
                           [&](const MarkingPoint& p) { return p.id == id && p.portfolio_only(); });
    };
    std::string path = export_target(chosen, exports_dir(), evidence_report_name(replay_->path));
    std::string error;
    if (atomic_write_file(path, evidence_report_html(review, options), error))
        status_ = "Evidence report written to " + path +
                  (review.verified() ? "" : " (the record has problems; the report lists them)");
    else
        status_ = "Could not write the evidence report: " + error;
}

void App::export_portfolio(const std::string& chosen, int row) {
    std::string learner;
    std::vector<std::string> paths;
    if (row < 0) {
        if (!replay_) return;
        learner = replay_->record.info.learner;
        paths.push_back(replay_->path);
    } else if (index_ && row < static_cast<int>(order_.size())) {
        const SessionRow& r = index_->rows()[static_cast<std::size_t>(order_[static_cast<std::size_t>(row)])];
        learner = r.learner;
        paths.push_back(r.path);
    }
    if (learner.empty()) {
        status_ = "No portfolio: the record names no learner.";
        return;
    }
    // Every record of this learner in the workspace's folders (the table's rows, whatever the filter).
    if (index_)
        for (const auto& r : index_->rows())
            if (r.learner == learner && std::find(paths.begin(), paths.end(), r.path) == paths.end())
                paths.push_back(r.path);
    std::vector<ReviewedRecord> reviewed;
    reviewed.reserve(paths.size());
    auto folders = library_folders();
    VersionStore store = version_store();
    for (const auto& p : paths)
        reviewed.push_back(review_record(p, folders, store, [this](const std::string& id) { return marking_point_text(id); }));
    std::vector<const ReviewedRecord*> pointers;
    for (const auto& r : reviewed) pointers.push_back(&r);
    Portfolio portfolio = build_portfolio(learner, pointers, marking_point_list_);
    std::string safe;
    for (char c : learner) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    std::string path = export_target(chosen, exports_dir(), "portfolio-" + safe + ".txt");
    std::string error;
    if (atomic_write_file(path, portfolio_text(portfolio), error))
        status_ = "Portfolio of " + learner + " (" + std::to_string(portfolio.sessions.size()) +
                  " counted assessment sessions of " + std::to_string(paths.size()) + " records) written to " + path;
    else
        status_ = "Could not write the portfolio: " + error;
}

}  // namespace cp::ui
