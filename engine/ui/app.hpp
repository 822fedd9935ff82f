// The learner's app, as ImGui screens over the engine core. No GLFW and no GL here: the platform layer feeds
// input and presents frames. Screens turn input into Intents; App::apply() carries them out, so the logic is
// testable without clicks.
//
// Index: [Intents] [Settings] [Library entries] [App]
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment.hpp"
#include "cohort.hpp"
#include "library.hpp"
#include "marking_points.hpp"
#include "lrs_sender.hpp"
#include "debrief.hpp"
#include "record.hpp"
#include "recorded_session.hpp"
#include "replay_view.hpp"
#include "session_index.hpp"
#include "runtime.hpp"
#include "studio.hpp"
#include "theme.hpp"

struct ImFont;

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Intents]
//-----------------------------------------------------------------------------------------------------------

// Sessions, Replay and Cohort are the assessor's workspace; Studio is the tutor's.
enum class Screen { Library, Briefing, Conversation, Debrief, Settings, Studio, Sessions, Replay, Cohort };
const char* screen_name(Screen s);  // "library", "briefing", ..., "studio", "sessions", "replay", "cohort"

struct Intent {
    enum class Kind {
        OpenScenario,   // index: scenario in the library
        ResumeSession,  // index: unfinished session in the library
        StartSession,   // text: "practice" or "assessment"
        ChooseOption,   // index: choice index in the scenario
        ConsultRule,    // index: rule index in the scenario (recorded as evidence)
        ShowDebrief,    // after the ending has been read
        Retry,          // play the same scenario again
        BackToLibrary,
        OpenSettings,
        SaveSettings,  // applies App::draft_settings
        CancelSettings,
        TestLrsConnection,  // tries the draft settings' LRS off the frame thread (lrs_check_message)
        Quit,
        // The studio (studio.hpp). Edits carry a JSON pointer in `text` and JSON in `value`.
        StudioMode,        // index: 1 library cards open the studio, 0 they open the briefing
        OpenStudio,        // text: scenario file (empty: the selected scenario's)
        CloseStudio,       // back to the library (unsaved edits stay in the recovery file)
        StudioSet,         // text: pointer; value: the new JSON value
        StudioRemove,      // text: pointer of a member or element to remove
        StudioAddNode,     // text: new node id
        StudioAddEnding,   // text: new ending id; value: its title (JSON string)
        StudioAddChoice,   // text: node id; value: {"id", "text", "next"}
        StudioAddLine,     // text: node id; value: {"speaker", "text"}
        StudioRename,      // text: node or ending id; value: the new id (JSON string)
        StudioSelect,      // text: node or ending id ("" none); value: choice id (JSON string) or null
        StudioMoveNode,    // text: node id; value: [x, y] (layout only: not an edit of the scenario)
        StudioUndo,
        StudioRedo,
        StudioSave,
        StudioRecover,         // take the recovery file's edits
        StudioDiscardRecovery,
        StudioAutoLayout,      // forget positions and lay the graph out again
        StudioReload,          // take the file on disk (after another editor changed it), as an undoable edit
        StudioJump,            // text: a JSON pointer from the problem list: select its node/choice
        StudioPlaytestSetup,   // text: node id to start from ("" the start): the playtest's setup page
        StudioPlaytestStart,   // value: optional {"customer": id, "variables": {id: value}} over the setup page
        StudioPlaytestChoose,  // index: choice index in the scenario being played
        StudioPlaytestStep,    // take the next choice of the example path being replayed
        StudioPlaytestExample, // text: choice id; value: "pass" or "fail": replay that example path
        StudioPlaytestClose,   // back to the editor where the tutor was
        StudioSaveGolden,      // text: the golden path's name
        StudioPreviewPassMark, // index: the pass mark the slider shows
        StudioSetPassMark,     // index: the new pass mark (an undoable edit)
        // Files and rules (studio_files.cpp, studio_rules.cpp).
        StudioPanel,           // text: "inspector", "rules" or "file"
        StudioNewScenario,     // text: template file; value: {"id", "title"}: written beside the open scenario, opened
        StudioDuplicate,       // value: the copy's id (JSON string): written beside it, opened
        StudioRenameScenario,  // value: the new id (JSON string): file name and id together
        StudioBumpVersion,     // text: "patch", "minor" or "major"; value: the note (JSON string)
        StudioRuleTarget,      // text: "" the scenario's own rules, or a policy id to open that policy
        StudioRuleEdit,        // text: add, remove, kind, window, set, select, undo, redo, save; value: JSON args
        // The assessor's workspace.
        OpenWorkspace,    // text: a folder of records to open (empty: the folders already open, or the
                          // user's own sessions)
        RescanSessions,   // look at the folders again now
        SortSessions,     // index: SessionColumn; text: "ascending" or "descending"
        FilterSessions,   // text: "mode=practice|assessment|", "result=pass|fail|unfinished|",
                          // "problems=on|off", "unmarked=on|off", "clear"
        ExportSessions,   // text: CSV file to write (empty: exports folder, named by the time)
        OpenReplay,       // text: record path
        ReplayStep,       // index: 1-based step to show
        ShowSessions,
        ShowReplay,  // back to the record last replayed, at the step it was left on
        ShowCohort,
        // Annotation and sign-off of the record being replayed: each draft intent changes the unsigned draft,
        // which is saved at once (assessment.hpp [Drafts]); SignAssessment signs it into RECORD.assessment.json.
        DraftComment,     // index: step (1-based); text: the comment on it ("" removes it)
        DraftPoint,       // text: "ID=met", "ID=not-met" or "ID=" (not judged)
        DraftDecision,    // text: "competent", "not-yet-competent", "referred" or "" (none)
        DraftAssessor,    // text: the assessor's name
        DraftOverall,     // text: the overall comment
        DraftModeration,  // index: 1 a second marker's moderation, 0 an assessment
        DraftFromEntry,   // index: a signed entry whose judgements start a new version (the entry stays as signed)
        SignAssessment,   // sign the draft with the assessor's key (created on first use)
        // Exports: text is the file to write, or a folder to write it in (empty: the exports folder).
        ExportReport,     // the replayed record's evidence report (HTML), named after the record
        ExportPortfolio,  // a learner's portfolio (text); index: -1 the replayed record's
                          // learner, else a row of the table (index into session_order())
    };
    Intent(Kind k, int i = -1, std::string t = {}) : kind(k), index(i), text(std::move(t)) {}
    Kind kind;
    int index = -1;
    std::string text;
    std::string value;  // studio intents: JSON text
};

// The studio intent a script names ("panel", "rule-edit", "add-node", ...; studio_files.cpp), for the scripted
// mode's `studio NAME [TEXT] [-- JSON]` command; false for an unknown name.
bool studio_intent_named(const std::string& name, Intent::Kind& kind);

//-----------------------------------------------------------------------------------------------------------
// [Settings]
//-----------------------------------------------------------------------------------------------------------

struct Settings {
    std::string learner;      // name or pseudonym written into records
    float font_scale = 1.0f;  // 0.75 .. 2.0, on top of the monitor's scale
    ThemeKind theme = ThemeKind::Light;
    std::string default_mode = "practice";
    int window_width = 1280;
    int window_height = 720;
    std::vector<std::string> scenario_folders;  // folders added to the library (a college's shared drive)
    // The learning record store (lrs.hpp's settings: url and user in settings.json, the password in its own
    // 0600 file). Empty url: sessions are not sent.
    std::string lrs_url;
    std::string lrs_user;
    std::string lrs_password;

    // Loads $XDG_CONFIG_HOME/counterpart/settings.json; missing or damaged files give defaults.
    static Settings load(const std::string& config_dir);
    // Saves atomically; returns false with a reason.
    bool save(const std::string& config_dir, std::string& error) const;
};

//-----------------------------------------------------------------------------------------------------------
// [Library entries]
//-----------------------------------------------------------------------------------------------------------

struct BestResult {
    bool any = false;
    int score = 0;
    bool passed = false;
};

struct UnfinishedSession {
    std::string record_path;
    std::string scenario_id;
    std::string scenario_title;
    std::string learner;
    std::string mode;
    std::string started_at;
    int steps = 0;
};

//-----------------------------------------------------------------------------------------------------------
// [App]
//-----------------------------------------------------------------------------------------------------------

struct AppConfig {
    std::string scenario_dir;       // bundled scenarios
    std::string sessions_dir;       // where records go
    std::string config_dir;         // settings
    std::uint64_t seed = 0;         // 0 = random per session
    std::string user_scenario_dir = {};  // the user's own scenarios (empty: none); Settings adds more
    std::vector<std::string> assess_folders = {};  // `counterpart assess FOLDER...`: open the workspace on these
    std::string export_dir = {};                   // CSV exports (empty: beside sessions_dir, "exports")
    double rescan_seconds = 5;                     // how often the workspace looks for new records
    std::string versions_dir = {};  // the scenario version store (empty: versions_dir(), the user's)
    std::string drafts_dir = {};    // the assessor's unsigned drafts (empty: beside sessions_dir, "assessment-drafts")
    std::string signing_key = {};   // the assessor's Ed25519 key (empty: config_dir/assessor-ed25519.pem)
};

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
};

class App {
  public:
    explicit App(AppConfig config);

    // Draws the current screen for one frame, in a borderless window filling the display (between
    // ImGui::NewFrame and ImGui::Render), and applies the intents it produced.
    void frame();
    // Carries out one intent. Public so tests and scripts can drive the app without clicks.
    void apply(const Intent& intent);
    // Intents the last frame produced (for tests).
    const std::vector<Intent>& last_intents() const { return last_intents_; }

    Screen screen() const { return screen_; }
    bool wants_quit() const { return quit_; }
    const Settings& settings() const { return settings_; }
    // The name written into records: the learner's setting, or "learner" when none is set.
    std::string learner_name() const;
    Settings& draft_settings() { return draft_; }
    // True once after settings that need a new font atlas or style changed.
    bool take_style_change() {
        bool c = style_changed_;
        style_changed_ = false;
        return c;
    }
    void set_fonts(const Fonts& fonts) { fonts_ = fonts; }
    const Fonts& fonts() const { return fonts_; }

    // Library.
    const std::vector<std::shared_ptr<const Scenario>>& scenarios() const { return library_.scenarios; }
    const Diagnostics& library_problems() const { return library_.diagnostics; }
    // The whole library: every folder searched and where each scenario came from.
    const LoadedLibrary& library() const { return library_; }
    const std::vector<UnfinishedSession>& unfinished() const { return unfinished_; }
    BestResult best_result(const std::string& scenario_id) const;
    int selected_scenario() const { return selected_; }
    void rescan_sessions();

    // The session being played (null outside Conversation and Debrief), and its record.
    const Session* session() const { return session_ ? &session_->session() : nullptr; }
    const RecordedSession* recorded_session() const { return session_.get(); }
    const std::string& mode() const { return mode_; }
    bool practice() const { return mode_ == "practice"; }
    // The record's path; empty when the session is not recorded.
    const std::string& record_path() const;
    const std::string& status_message() const { return status_; }
    // The last step's result, for practice feedback (cleared when the next step starts).
    const std::optional<StepResult>& last_step() const { return last_step_; }
    // Adherence score after each step so far (the debrief draws it beside mood).
    const std::vector<int>& score_history() const;
    const std::vector<int>& consulted_rules() const;
    // The LRS sender: finished sessions (and, in assessment, each record line) are queued in the outbox
    // and sent in the background. Its one-line status, and the Settings connection test's answer
    // ("Testing ..." while it runs; empty before the first test).
    LrsSender& lrs_sender() { return *lrs_; }
    std::string lrs_status() const { return lrs_->status(); }
    std::string lrs_check_message();
    // Puts a finished LRS witness check's answer in the replay's banner (each frame calls it). True once done.
    bool take_witness_check();
    // Marking-point text by id, from the library's marking-points.json (empty if it has none).
    std::string marking_point_text(const std::string& id) const;

    // The assessor's workspace. The index reads the folders on its own thread; the table is its rows in
    // session_order() (sorted, filtered, searched by session_query() and view().session_search).
    const SessionIndex* session_index() const { return index_.get(); }
    const SessionQuery& session_query() const { return query_; }
    const std::vector<int>& session_order() const { return order_; }
    // The cohort view's numbers over session_order(), computed once per change of the table, not per frame.
    const CohortModel& cohort() const;
    // The record being replayed (null until one is opened) and the step shown (1-based; 0 when none).
    const ReplayView* replay() const { return replay_.get(); }
    int replay_step() const { return replay_step_; }
    // The sign-off of the record being replayed: its signed entries as checked, whether each signature
    // verifies, and the assessor's unsigned draft (kept on disk between runs).
    struct SignOff {
        AssessmentCheck check;
        std::vector<bool> signature_ok;  // per entry of check.entries
        AssessmentDraft draft;
        std::string draft_path;     // where the draft is kept (empty: the record cannot be annotated)
        int generation = 0;         // changes whenever the draft is replaced (opened, signed, restarted)
    };
    const SignOff& sign_off() const { return sign_off_; }
    // The library's marking points and key concepts, in the file's order (judged in the sign-off).
    const std::vector<MarkingPoint>& marking_point_list() const { return marking_point_list_; }
    // Frames are wanted without input (the index is still reading, so the table grows).
    bool wants_frames() const;
    // Seconds after which an idle window should draw again to show new records (0: never).
    double wake_after_seconds() const;

    // Screen-local UI state that screens keep between frames.
    struct ViewState {
        char search[128] = "";
        int topic_filter = -1;  // index into topics(); -1 = all
        char handbook_search[128] = "";
        int open_rule = -1;
        int focused_choice = 0;
        bool scroll_to_bottom = false;
        std::string briefing_mode = "practice";
        bool focus_first = true;  // give keyboard focus to the first control when a screen opens
        char session_search[128] = "";  // the sessions table's search box
        char export_path[512] = "";     // the CSV export's file name (empty: the exports folder)
        bool replay_scroll = false;     // scroll the replayed conversation to the step shown
        int session_selected = 0;       // the highlighted row of the sessions table (Up, Down, Enter)
        bool open_selected = false;     // Enter was pressed: open the highlighted row
        int replay_pane = 0;            // the replay's right pane: 0 the step, 1 the sign-off
        // The sign-off's text fields, seeded from the draft when it changes (sign_off().generation) or the
        // step does; edits go to the app as Draft* intents.
        int draft_seen = -1, comment_step = 0;
        std::string step_comment, overall_comment, assessor_name;
        std::string report_path;        // where exports go (empty: the exports folder)
    };
    ViewState& view() { return view_; }
    std::vector<std::string> topics() const;

    // The studio (null unless a scenario is open in it). In studio mode the library opens scenarios there.
    Studio* studio() { return studio_.get(); }
    bool studio_mode() const { return studio_mode_; }
    void set_studio_mode(bool on) { studio_mode_ = on; }

  private:
    void go(Screen s);
    // Loads the bundled, user and added folders again (after the added folders changed).
    void load_scenarios();
    void start_session(const std::string& mode);
    void resume_session(int index);
    void finish_session();
    void watch_for_lrs();  // assessment with an LRS: each record line is queued as it is written
    void open_workspace(const std::string& folder);
    void refresh_session_order(bool force);
    void open_replay(const std::string& path);
    void load_sign_off();             // the replayed record's sign-off and draft, from disk
    void change_draft(const Intent& intent);
    void save_draft();
    void sign_assessment();
    void export_report(const std::string& path);
    void export_portfolio(const std::string& path, int row);
    std::string exports_dir() const;  // created on demand
    std::vector<ScenarioFolder> library_folders() const;
    VersionStore version_store() const;

    AppConfig config_;
    Settings settings_;
    Settings draft_;
    bool style_changed_ = true;
    Fonts fonts_;
    LoadedLibrary library_;
    bool reload_scenarios_ = false;  // folders changed in Settings during a session: reload on leaving it
    std::vector<UnfinishedSession> unfinished_;
    std::vector<std::pair<std::string, BestResult>> best_;
    Screen screen_ = Screen::Library;
    Screen before_settings_ = Screen::Library;
    int selected_ = -1;
    // The session with its record, mode, step timer and resumption: the same layer the terminal player uses.
    std::unique_ptr<RecordedSession> session_;
    std::string mode_ = "practice";
    std::string status_;
    std::optional<StepResult> last_step_;
    ViewState view_;
    std::vector<Intent> last_intents_;
    bool quit_ = false;
    std::unique_ptr<Studio> studio_;
    bool studio_mode_ = false;
    void apply_studio(const Intent& intent);  // studio_screen.cpp
    bool apply_playtest(const Intent& intent);  // studio_playtest.cpp: true when the intent was its own
    // The workspace.
    std::vector<std::string> workspace_folders_;
    std::unique_ptr<SessionIndex> index_;
    SessionQuery query_;
    std::vector<int> order_;
    bool order_dirty_ = true;
    std::chrono::steady_clock::time_point order_built_{};
    std::unique_ptr<ReplayView> replay_;
    int replay_step_ = 0;
    mutable std::optional<CohortModel> cohort_;  // cleared when the folders change
    mutable bool cohort_stale_ = false;          // the table's order changed since it was computed
    mutable std::chrono::steady_clock::time_point cohort_built_{};
    SignOff sign_off_;
    std::vector<MarkingPoint> marking_point_list_;
    // The LRS (declared last: stopped first, before the session it may be queueing from).
    std::unique_ptr<LrsSender> lrs_;
    std::future<LrsCheck> lrs_check_;
    std::future<std::string> witness_check_;  // the replayed record against the LRS (witness_summary)
    std::string witness_path_;                // the record that check is for
    void start_witness_check();               // with an LRS set: the replay's witness line, off the frame thread
    std::string lrs_check_message_;
};

// What the debrief shows (cp::DebriefModel, shared with the terminal player, replay and reports), with the
// library's marking-point texts (tested without drawing).
DebriefModel make_debrief_model(const App& app);

// Screens: each draws one screen and appends the intents the user expressed.
void draw_top_bar(App& app, std::vector<Intent>& out, bool show_settings);
void draw_library(App& app, std::vector<Intent>& out);
void draw_briefing(App& app, std::vector<Intent>& out);
void draw_conversation(App& app, std::vector<Intent>& out);
void draw_debrief(App& app, std::vector<Intent>& out);
void draw_settings(App& app, std::vector<Intent>& out);
void draw_workspace_bar(App& app, std::vector<Intent>& out);  // the workspace's title and tabs
void draw_sessions(App& app, std::vector<Intent>& out);
void draw_replay(App& app, std::vector<Intent>& out);
void draw_cohort(App& app, std::vector<Intent>& out);

}  // namespace cp::ui
