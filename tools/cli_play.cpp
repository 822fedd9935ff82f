// counterpart play: the terminal player. Plain text that reads well aloud; numbered choices; the policy
// handbook on request; practice feedback after each step or none until the debrief in assessment mode.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include <unistd.h>

#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "runtime.hpp"
#include "text_report.hpp"

namespace cp::cli {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string default_learner() {
    for (const char* name : {"COUNTERPART_LEARNER", "USER", "LOGNAME"})
        if (const char* v = std::getenv(name); v && *v) return v;
    return "learner";
}

std::string default_record_path(const Scenario& s) {
    std::string stamp = utc_now_iso();
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    return (std::filesystem::path(sessions_dir()) / (s.id + "-" + stamp + ".jsonl")).string();
}

// Everything the player needs to write events; a failed write is reported once and play continues,
// because losing the learner's practice is worse than an incomplete record (which replay reports).
struct Recorder {
    std::unique_ptr<RecordWriter> writer;
    std::ostream* err = nullptr;
    bool failed = false;
    void write(nlohmann::json event) {
        if (!writer || failed) return;
        std::string error;
        if (!writer->append(std::move(event), error)) {
            failed = true;
            *err << "counterpart: could not write the session record (" << error
                 << "); play continues unrecorded\n";
        }
    }
};

class TerminalPlayer {
  public:
    // `echo_input`: print what was read after the prompt, so piped or scripted runs read like a dialogue.
    TerminalPlayer(Session& session, Recorder& recorder, bool practice, std::size_t width, std::istream& in,
                   std::ostream& out, bool echo_input)
        : session_(session),
          recorder_(recorder),
          practice_(practice),
          width_(width),
          in_(in),
          out_(out),
          echo_(echo_input) {}

    void introduce(const std::string& learner, const std::string& record_path, bool resumed) {
        const Scenario& s = session_.scenario();
        out_ << s.title << " (version " << s.version << ")\n";
        out_ << "Mode: "
             << (practice_ ? "practice, with feedback after each choice"
                           : "assessment, with feedback at the end")
             << ". Learner: " << learner << ".\n";
        if (!record_path.empty()) out_ << wrap_text("Session record: " + record_path, width_);
        out_ << '\n'
             << wrap_text("Your role: " + s.role, width_) << wrap_text("Setting: " + s.setting, width_)
             << wrap_text("Brief: " + s.brief, width_);
        const CustomerProfile& c = session_.customer();
        std::string card = "The customer: " + c.name + ", addressed as " + c.address_as + ".";
        if (!c.pronouns.empty()) card += " Pronouns: " + c.pronouns + ".";
        card += " Language: " + c.language + ".";
        if (!c.needs.empty()) card += " Needs: " + needs_text(c) + ".";
        if (!c.acts_for.empty()) card += " Acting for: " + c.acts_for + ".";
        if (!c.about.empty()) card += " " + c.about;
        out_ << wrap_text(card, width_);
        std::string policies;
        for (const auto& p : s.policies) policies += (policies.empty() ? "" : "; ") + p->title;
        out_ << wrap_text("Policies in scope: " + policies + ".", width_);
        out_ << wrap_text(
            "Type the number of your choice. Type h for the policy handbook, r to repeat, q to stop.",
            width_);
        out_ << '\n';
        if (resumed) {
            out_ << "Resuming after step " << session_.steps_taken() << ". Where you were:\n";
            printed_ = session_.transcript().size();
            repeat_situation();
        }
    }

    // Returns 0 when the scenario ended, 3 when input ended or the learner stopped.
    int run() {
        while (session_.state() == SessionState::AwaitingChoice) {
            print_new_entries();
            print_choices();
            auto started = std::chrono::steady_clock::now();
            std::vector<int> shown = session_.offered();
            while (true) {
                out_ << "> " << std::flush;
                std::string line;
                bool got = static_cast<bool>(std::getline(in_, line));
                if (got && echo_) out_ << line << "\n";
                if (!got) {
                    out_ << "\n"
                         << wrap_text(
                                "Input ended before the scenario did. The session record is kept; "
                                "continue it with counterpart play --resume RECORD.",
                                width_);
                    return 3;
                }
                line = trim(line);
                if (line.empty()) continue;
                std::string cmd = lower(line);
                if (cmd == "q" || cmd == "quit") {
                    out_ << wrap_text(
                        "Stopped. The session record is kept; continue it with counterpart play --resume "
                        "RECORD.",
                        width_);
                    return 3;
                }
                if (cmd == "r" || cmd == "repeat") {
                    repeat_situation();
                    print_choices();
                    continue;
                }
                if (cmd == "h" || cmd == "handbook" || cmd.rfind("h ", 0) == 0) {
                    handbook(cmd.size() > 2 ? trim(line.substr(line.find(' ') + 1)) : "");
                    continue;
                }
                if (cmd == "?" || cmd == "help") {
                    out_ << wrap_text(
                        "Type a choice number from 1 to " + std::to_string(shown.size()) +
                            ". h lists the policy handbook; h and a number or rule id reads a rule; "
                            "h and a word searches it; r repeats; q stops.",
                        width_);
                    continue;
                }
                int n = 0;
                bool numeric =
                    !cmd.empty() && cmd.size() < 4 && std::all_of(cmd.begin(), cmd.end(), ::isdigit);
                if (numeric) n = std::stoi(cmd);
                if (!numeric || n < 1 || n > static_cast<int>(shown.size())) {
                    out_ << "Please type a number from 1 to " << shown.size()
                         << ", h for the handbook, or q to stop.\n";
                    continue;
                }
                auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started);
                StepResult step = session_.choose(shown[static_cast<std::size_t>(n - 1)]);
                recorder_.write(make_choice_event(session_, step, shown, elapsed.count()));
                print_new_entries_until_officer();
                if (practice_) out_ << '\n' << step_feedback_text(session_, step, width_);
                out_ << '\n';
                break;
            }
        }
        print_new_entries();
        if (session_.stuck())
            out_ << wrap_text(
                "The scenario offers no choice here; this is a fault in the scenario file. "
                "Please tell your tutor (counterpart lint finds it).",
                width_);
        recorder_.write(make_ended_event(session_));
        out_ << '\n' << debrief_text(session_, width_);
        return 0;
    }

  private:
    void print_entry(const TranscriptEntry& e) {
        if (e.kind == TranscriptEntry::Kind::Exhibit) {
            const Node& node = session_.scenario().nodes[static_cast<std::size_t>(e.node)];
            out_ << '\n' << exhibit_text(*node.exhibit, width_) << '\n';
            recorder_.write(make_exhibit_viewed_event(session_, e.node));
            return;
        }
        if (e.time.date != last_time_.date || e.time.minute_of_day != last_time_.minute_of_day) {
            if (e.kind != TranscriptEntry::Kind::Officer)
                out_ << (e.time.date != last_time_.date ? e.time.long_text() : e.time.clock_text()) << ".\n";
            last_time_ = e.time;
        }
        out_ << transcript_entry_text(e, width_);
    }

    void print_new_entries() {
        const auto& t = session_.transcript();
        for (; printed_ < t.size(); ++printed_) print_entry(t[printed_]);
    }

    // After a choice: echo what the officer said; the customer's reply follows the feedback on the next loop.
    void print_new_entries_until_officer() {
        const auto& t = session_.transcript();
        for (; printed_ < t.size(); ++printed_) {
            print_entry(t[printed_]);
            if (t[printed_].kind == TranscriptEntry::Kind::Officer) {
                ++printed_;
                break;
            }
        }
    }

    void repeat_situation() {
        const auto& t = session_.transcript();
        std::size_t start = t.size();
        while (start > 0 && t[start - 1].kind != TranscriptEntry::Kind::Officer) --start;
        last_time_ = {};
        for (std::size_t i = start; i < t.size(); ++i) print_entry(t[i]);
    }

    void print_choices() {
        const Scenario& s = session_.scenario();
        out_ << "\nWhat do you do?\n";
        int n = 1;
        for (int c : session_.offered())
            out_ << wrap_text(
                std::to_string(n++) + ". " + session_.render(s.choices[static_cast<std::size_t>(c)].text),
                width_, "  ");
    }

    void handbook(const std::string& query) {
        const Scenario& s = session_.scenario();
        if (query.empty()) {
            out_ << "Policy handbook: the rules in scope.\n";
            for (std::size_t i = 0; i < s.rules.size(); ++i) {
                const auto& r = *s.rules[i].rule;
                out_ << wrap_text(
                    std::to_string(i + 1) + ". " + r.id + " " + r.title + " (" + to_string(r.severity) + ")",
                    width_, "  ");
            }
            out_ << "Type h and a number or rule id to read a rule, or h and a word to search.\n";
            return;
        }
        int index = -1;
        if (std::all_of(query.begin(), query.end(), ::isdigit) && query.size() < 4) {
            int n = std::stoi(query);
            if (n >= 1 && n <= static_cast<int>(s.rules.size())) index = n - 1;
        }
        if (index < 0) {
            for (std::size_t i = 0; i < s.rules.size(); ++i)
                if (lower(s.rules[i].id()) == lower(query)) index = static_cast<int>(i);
        }
        if (index >= 0) {
            out_ << rule_text(s.rules[static_cast<std::size_t>(index)], width_);
            recorder_.write(make_policy_consulted_event(session_, index));
            return;
        }
        std::string q = lower(query);
        int found = 0;
        for (std::size_t i = 0; i < s.rules.size(); ++i) {
            const auto& r = *s.rules[i].rule;
            if (lower(r.title + " " + r.statement + " " + r.source).find(q) != std::string::npos) {
                out_ << wrap_text(std::to_string(i + 1) + ". " + r.id + " " + r.title, width_, "  ");
                ++found;
            }
        }
        if (found == 0)
            out_ << "No rule mentions \"" << query << "\".\n";
        else
            out_ << "Type h and a number to read one.\n";
    }

    Session& session_;
    Recorder& recorder_;
    bool practice_;
    std::size_t width_;
    std::istream& in_;
    std::ostream& out_;
    bool echo_;
    std::size_t printed_ = 0;
    DateTime last_time_{};
};

// Lets the learner pick a bundled scenario by number.
std::string pick_scenario(std::istream& in, std::ostream& out, std::ostream& err) {
    auto lib = load_library(default_scenario_folders());
    if (lib.scenarios.empty()) {
        err << "counterpart play: " << empty_library_message(lib, false);
        return {};
    }
    out << "Scenarios:\n";
    for (std::size_t i = 0; i < lib.scenarios.size(); ++i) {
        const auto& s = *lib.scenarios[i];
        out << wrap_text(std::to_string(i + 1) + ". " + s.title + " (" + s.difficulty + ", about " +
                             std::to_string(s.estimated_minutes) + " minutes" +
                             (lib.folder(i).kind == FolderKind::Bundled
                                  ? std::string()
                                  : std::string(", from ") + folder_kind_label(lib.folder(i).kind)) +
                             ")",
                         80, "  ");
    }
    while (true) {
        out << "Which scenario? Type a number, or q to stop.\n> " << std::flush;
        std::string line;
        if (!std::getline(in, line)) return {};
        if (!(&in == &std::cin && ::isatty(STDIN_FILENO))) out << line << "\n";
        line = trim(line);
        if (line == "q") return {};
        if (!line.empty() && line.size() < 4 && std::all_of(line.begin(), line.end(), ::isdigit)) {
            int n = std::stoi(line);
            if (n >= 1 && n <= static_cast<int>(lib.scenarios.size()))
                return lib.scenarios[static_cast<std::size_t>(n - 1)]->file;
        }
        out << "Please type a number from 1 to " << lib.scenarios.size() << ".\n";
    }
}

}  // namespace

int play(const Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
    std::string scenario_arg, mode = "practice", learner = default_learner(), record_path, resume_path,
                              policies_dir, customer_id, value;
    bool no_record = false, seed_given = false;
    std::uint64_t seed = 0;
    std::size_t width = 80;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--mode") {
            if (!option_value(args, i, mode, err)) return 2;
            if (mode != "practice" && mode != "assessment") {
                err << "counterpart play: --mode must be practice or assessment\n";
                return 2;
            }
        } else if (a == "--learner") {
            if (!option_value(args, i, learner, err)) return 2;
        } else if (a == "--record") {
            if (!option_value(args, i, record_path, err)) return 2;
        } else if (a == "--no-record") {
            no_record = true;
        } else if (a == "--resume") {
            if (!option_value(args, i, resume_path, err)) return 2;
        } else if (a == "--policies") {
            if (!option_value(args, i, policies_dir, err)) return 2;
        } else if (a == "--customer") {
            if (!option_value(args, i, customer_id, err)) return 2;
        } else if (a == "--seed" || a == "--width") {
            if (!option_value(args, i, value, err)) return 2;
            char* end = nullptr;
            unsigned long long n = std::strtoull(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || (a == "--width" && (n < 30 || n > 400))) {
                err << "counterpart play: " << a << " needs a whole number"
                    << (a == "--width" ? " from 30 to 400" : "") << "\n";
                return 2;
            }
            if (a == "--seed") {
                seed = n;
                seed_given = true;
            } else {
                width = static_cast<std::size_t>(n);
            }
        } else if (a.rfind("--", 0) == 0) {
            err << "counterpart play: unknown option " << a << "\n" << usage("play");
            return 2;
        } else if (scenario_arg.empty()) {
            scenario_arg = a;
        } else {
            err << "counterpart play: give one scenario\n";
            return 2;
        }
    }

    // A resumed session takes its scenario, seed, learner, mode and customer from the record header.
    RecordFile resumed;
    if (!resume_path.empty()) {
        resumed = read_record(resume_path);
        if (!resumed.ok) {
            err << "counterpart play: cannot resume " << resume_path << ": " << resumed.error << "\n";
            return 2;
        }
        if (resumed.finished()) {
            err << "counterpart play: " << resume_path
                << " is a finished session; use counterpart replay to review it\n";
            return 2;
        }
        const auto& h = resumed.header();
        if (scenario_arg.empty()) {
            scenario_arg = h["scenario"].value("file", "");
            if (!std::filesystem::exists(scenario_arg)) scenario_arg = h["scenario"].value("id", "");
        }
        mode = h.value("mode", mode);
        learner = h.value("learner", learner);
    }

    if (scenario_arg.empty()) {
        std::string picked = pick_scenario(in, out, err);
        if (picked.empty()) return 3;
        scenario_arg = picked;
    }
    std::string path = resolve_scenario_path(scenario_arg);
    if (path.empty()) {
        err << "counterpart play: no scenario file or bundled scenario called '" << scenario_arg << "'\n";
        return 2;
    }
    auto scenario = load_scenario_for("play", path, policies_dir, err);
    if (!scenario) return 2;

    std::unique_ptr<Session> session;
    Recorder recorder;
    recorder.err = &err;
    if (!resume_path.empty()) {
        if (auto mismatch = compare_fingerprints(resumed.header(), *scenario); !mismatch.empty()) {
            err << "counterpart play: cannot resume: " << mismatch << "\n";
            return 2;
        }
        ReplayResult replayed = replay_record(resumed, scenario);
        if (!replayed.ok) {
            err << "counterpart play: cannot resume " << resume_path << ": " << replayed.error << "\n";
            return 2;
        }
        session = std::move(replayed.session);
        std::string error;
        recorder.writer =
            RecordWriter::resume(resume_path, resumed.last_hash, static_cast<int>(resumed.lines.size()),
                                 resumed.valid_bytes, error);
        if (!recorder.writer) {
            err << "counterpart play: " << error << "\n";
            return 2;
        }
        record_path = resume_path;
    } else {
        if (!seed_given)
            seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
        int customer = -1;
        if (!customer_id.empty()) {
            for (std::size_t i = 0; i < scenario->customers.size(); ++i)
                if (scenario->customers[i].id == customer_id) customer = static_cast<int>(i);
            if (customer < 0) {
                err << "counterpart play: no customer profile '" << customer_id << "' in " << scenario->id
                    << "\n";
                return 2;
            }
        }
        session = std::make_unique<Session>(scenario, SessionOptions{seed, customer});
        if (!no_record) {
            if (record_path.empty()) record_path = default_record_path(*scenario);
            std::string error;
            recorder.writer = RecordWriter::create(
                record_path, make_header_event(*session, learner, mode, utc_now_iso()), error);
            if (!recorder.writer) {
                err << "counterpart play: cannot start the session record: " << error << "\n";
                return 2;
            }
        } else {
            record_path.clear();
        }
    }

    bool interactive = &in == &std::cin && ::isatty(STDIN_FILENO);
    TerminalPlayer player(*session, recorder, mode == "practice", width, in, out, !interactive);
    player.introduce(learner, record_path, !resume_path.empty());
    int status = player.run();
    if (status == 0 && !record_path.empty())
        out << "\n" << wrap_text("Session record saved: " + record_path, width);
    return status;
}

}  // namespace cp::cli
