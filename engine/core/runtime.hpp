// The runtime: an explicit state machine driven by the host. The host asks what is offered, chooses, and
// reads the transcript, mood and rubric; the session never blocks, prints or reads input itself.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"
#include "rubric.hpp"

namespace cp {

enum class SessionState { AwaitingChoice, Ended };

struct TranscriptEntry {
    enum class Kind { Line, Officer, Exhibit, Ending };
    Kind kind = Kind::Line;
    SpeakerKind speaker = SpeakerKind::Narrator;  // for lines
    std::string speaker_name;                     // display name ("Zoë Adeyemi", "Narrator", "You")
    std::string speaker_role;                     // "customer", "narrator", a cast role, "officer"
    std::string text;                             // placeholders already filled in
    std::string id;                               // line id, choice id, node id (exhibit) or ending id
    int node = -1;
    int step = 0;  // number of choices made when this entry appeared
    DateTime time;
};

struct StepResult {
    int step = 0;                     // 1-based number of this choice
    int choice = -1;                  // index into Scenario::choices
    std::vector<RuleChange> changes;  // rule verdicts that changed, including at the end
    int mood_before = 0;
    int mood_after = 0;
    bool ended = false;
};

struct SessionOptions {
    std::uint64_t seed = 1;  // drives anything random (which customer profile plays); recorded
    int customer = -1;       // force a profile; -1 = pick with the seed
    bool shuffle = true;     // show options in a per-session order (records before format 2 were not shuffled)
    // The studio's playtest: start at this node instead of the scenario's start (-1: the start), with these
    // variable values (one per Scenario::variables; empty: their initial values). Never recorded.
    int start_node = -1;
    std::vector<int> variables = {};
};

// A deterministic 64-bit mix (SplitMix64) so the same seed gives the same session on every platform.
std::uint64_t mix_seed(std::uint64_t x);

class Session {
  public:
    // Throws std::invalid_argument for a scenario with no customer or start, a start_node out of range, or
    // variables that are not one valid value per scenario variable.
    Session(std::shared_ptr<const Scenario> scenario, SessionOptions options);

    SessionState state() const { return state_; }
    const Scenario& scenario() const { return *scenario_; }
    std::shared_ptr<const Scenario> scenario_ptr() const { return scenario_; }
    const CustomerProfile& customer() const {
        return scenario_->customers[static_cast<std::size_t>(customer_)];
    }
    int customer_index() const { return customer_; }
    std::uint64_t seed() const { return seed_; }

    int current_node() const { return node_; }
    // Choices offered now, in display order (indices into Scenario::choices): shuffled by the seed at every
    // decision point unless the options say not to, pinned options first or last. Empty once ended.
    const std::vector<int>& offered() const { return offered_; }
    bool is_offered(int choice) const;
    // Makes a choice. Throws std::invalid_argument if it is not offered or the session has ended.
    StepResult choose(int choice);

    int steps_taken() const { return static_cast<int>(choices_made_.size()); }
    const std::vector<int>& choices_made() const { return choices_made_; }
    DateTime now() const { return now_; }
    int mood() const { return mood_; }
    const std::vector<int>& mood_history() const { return mood_history_; }  // start, then after each step
    // Kept in a deque: a long session's transcript grows without moving (or re-touching) what it holds.
    const std::deque<TranscriptEntry>& transcript() const { return transcript_; }
    const Rubric& rubric() const { return rubric_; }
    const std::vector<int>& variables() const { return variables_; }
    // The nodes entered so far, in order, including those passed through by `next` links.
    const std::vector<int>& entered() const { return entered_; }
    int ending() const { return ending_; }  // index into Scenario::endings, -1 while running or if stuck
    bool stuck() const { return stuck_; }   // ended because no choice was available (a scenario bug)

    // Fills {customer.name}, {customer.address_as}, {date} and {time}.
    std::string render(std::string_view text) const;
    // The same appended to `out`.
    void render_to(std::string& out, std::string_view text) const;
    EvalContext context() const;

  private:
    void enter(Target target);
    // Appends a transcript entry at the current node, step and time, with `text` rendered.
    void add_entry(TranscriptEntry::Kind kind, SpeakerKind speaker, std::string_view name, std::string_view role,
                   std::string_view text, const std::string& id);
    void finish(std::vector<RuleChange>& changes);
    void advance_clock(const Advance& a);

    std::shared_ptr<const Scenario> scenario_;
    std::uint64_t seed_;
    bool shuffle_ = true;
    std::vector<int> entered_;
    std::vector<int> visits_;  // per node: arrivals so far (each arrival gets its own option order)
    int customer_ = 0;
    CustomerView customer_view_;
    Rubric rubric_;
    SessionState state_ = SessionState::AwaitingChoice;
    int node_ = -1;
    int ending_ = -1;
    bool stuck_ = false;
    std::vector<int> offered_;
    std::vector<int> variables_;
    std::vector<int> choices_made_;
    DateTime now_;
    int mood_ = 50;
    std::vector<int> mood_history_;
    std::deque<TranscriptEntry> transcript_;
    std::vector<RuleChange> pending_changes_;  // from begin(), reported with the first step
};

}  // namespace cp
