// counterpart play: the terminal player. Plain text that reads well aloud; numbered choices; the policy
// handbook on request; practice feedback after each step or none until the debrief in assessment mode.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include <malloc.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "cli.hpp"
#include "library.hpp"
#include "loader.hpp"
#include "record.hpp"
#include "recorded_session.hpp"
#include "runtime.hpp"
#include "text_report.hpp"

namespace cp::cli {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// True when every character is an ASCII digit: ::isdigit on a plain char is undefined for the bytes of
// non-ASCII UTF-8 text (negative values), which a learner can type.
bool ascii_digits(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

// Standard input read straight from its descriptor, flushing `out` only when a read would block: when input is
// already waiting (piped choices, type-ahead) the prompt need not reach the screen yet, and a flush per prompt
// was an eighth of piped play's time. The learner at a terminal still sees every prompt before typing.
class InputFlushingOutput : public std::streambuf {
  public:
    InputFlushingOutput(int fd, std::ostream& out) : fd_(fd), out_(out) {}

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        pollfd ready{fd_, POLLIN, 0};
        if (::poll(&ready, 1, 0) <= 0) out_.flush();  // nothing waiting: the read would block
        ssize_t n = 0;
        do n = ::read(fd_, buffer_, sizeof buffer_);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return traits_type::eof();
        setg(buffer_, buffer_, buffer_ + n);
        return traits_type::to_int_type(*gptr());
    }

  private:
    int fd_;
    std::ostream& out_;
    char buffer_[65536];
};

// Standard output written straight to its descriptor through one 64 KiB buffer: the player writes a dozen
// short pieces a step, and each went through the C library's stdout (cout is synchronised with stdio).
// InputFlushingOutput flushes it before any read that would block, and play() at the end.
class DescriptorOutput : public std::streambuf {
  public:
    explicit DescriptorOutput(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof buffer_); }
    ~DescriptorOutput() override { sync(); }
    DescriptorOutput(const DescriptorOutput&) = delete;
    DescriptorOutput& operator=(const DescriptorOutput&) = delete;

  protected:
    int_type overflow(int_type c) override {
        if (sync() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override {
        const char* from = pbase();
        while (from < pptr()) {
            ssize_t n = ::write(fd_, from, static_cast<std::size_t>(pptr() - from));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                setp(buffer_, buffer_ + sizeof buffer_);  // what could not be written is dropped, as stdio does
                return -1;
            }
            from += n;
        }
        setp(buffer_, buffer_ + sizeof buffer_);
        return 0;
    }

  private:
    int fd_;
    char buffer_[65536];
};

class TerminalPlayer {
  public:
    // `echo_input`: print what was read after the prompt, so piped or scripted runs read like a dialogue.
    // `flush_prompt`: flush the output after each prompt (not needed when `in` flushes it before blocking).
    TerminalPlayer(RecordedSession& recorded, std::size_t width, std::istream& in, std::ostream& out,
                   bool echo_input, bool flush_prompt)
        : recorded_(recorded),
          session_(recorded.session()),
          practice_(recorded.practice()),
          width_(width),
          in_(in),
          out_(out),
          echo_(echo_input),
          flush_prompt_(flush_prompt) {}

    void introduce() {
        const std::string& learner = recorded_.learner();
        const std::string& record_path = recorded_.record_path();
        bool resumed = recorded_.resumption().has_value();
        const Scenario& s = session_.scenario();
        page_ << strip_control_chars(s.title + " (version " + s.version + ")") << "\n";
        page_ << "Mode: "
             << (practice_ ? "practice, with feedback after each choice"
                           : "assessment, with feedback at the end")
             << ". Learner: " << learner << ".\n";
        if (!record_path.empty()) page_ << wrap_text("Session record: " + record_path, width_);
        print_notice();
        page_ << '\n'
             << wrap_text("Your role: " + s.role, width_) << wrap_text("Setting: " + s.setting, width_)
             << wrap_text("Brief: " + s.brief, width_);
        const CustomerProfile& c = session_.customer();
        std::string card = "The customer: " + c.name + ", addressed as " + c.address_as + ".";
        if (!c.pronouns.empty()) card += " Pronouns: " + c.pronouns + ".";
        card += " Language: " + c.language + ".";
        if (!c.needs.empty()) card += " Needs: " + needs_text(c) + ".";
        if (!c.acts_for.empty()) card += " Acting for: " + c.acts_for + ".";
        if (!c.about.empty()) card += " " + c.about;
        page_ << wrap_text(card, width_);
        std::string policies;
        for (const auto& p : s.policies) policies += (policies.empty() ? "" : "; ") + p->title;
        page_ << wrap_text("Policies in scope: " + policies + ".", width_);
        page_ << wrap_text(
            "Type the number of your choice. Type h for the policy handbook, r to repeat, q to stop.",
            width_);
        page_ << '\n';
        if (resumed) {
            const Resumption& r = *recorded_.resumption();
            page_ << wrap_text("Resuming after step " + std::to_string(r.step) + ", " + gap_text(r.gap_seconds) +
                                  " after the record's last line" +
                                  (r.torn_line_discarded ? "; an incomplete last line was discarded" : "") +
                                  ". The record says so. Where you were:",
                              width_);
            printed_ = session_.transcript().size();
            repeat_situation();
        }
        show();
    }

    // What happens to an unfinished session: its record names itself, or there is none to resume.
    std::string kept_note() const {
        if (!recorded_.recording())
            return "No record was written (--no-record or a device), so it cannot be resumed.";
        return "The session record is kept; continue it with counterpart play --resume " +
               recorded_.record_path() + ".";
    }

    // Returns 0 when the scenario ended, 3 when input ended or the learner stopped, 4 when an assessment
    // stopped because its record could no longer be written.
    int run() {
        int status = play_steps();
        show();
        return status;
    }

  private:
    // run() without the last show().
    int play_steps() {
        std::string line;
        while (session_.state() == SessionState::AwaitingChoice) {
            print_new_entries();
            print_choices();
            recorded_.options_shown();
            std::vector<int> shown = session_.offered();
            while (true) {
                page_ << "> ";
                show();
                if (flush_prompt_) out_.flush();
                bool got = static_cast<bool>(std::getline(in_, line));
                if (got && echo_) page_ << line << '\n';
                if (!got) {
                    page_ << "\n" << wrap_text("Input ended before the scenario did. " + kept_note(), width_);
                    return 3;
                }
                line = trim(line);
                if (line.empty()) continue;
                std::string cmd = lower(line);
                if (cmd == "q" || cmd == "quit") {
                    page_ << wrap_text("Stopped. " + kept_note(), width_);
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
                    page_ << wrap_text(
                        "Type a choice number from 1 to " + std::to_string(shown.size()) +
                            ". h lists the policy handbook; h and a number or rule id reads a rule; "
                            "h and a word searches it; r repeats; q stops.",
                        width_);
                    continue;
                }
                int n = 0;
                bool numeric =
                    !cmd.empty() && cmd.size() < 4 && ascii_digits(cmd);
                if (numeric) n = std::stoi(cmd);
                if (!numeric || n < 1 || n > static_cast<int>(shown.size())) {
                    page_ << "Please type a number from 1 to " << shown.size()
                         << ", h for the handbook, or q to stop.\n";
                    continue;
                }
                std::optional<StepResult> step = recorded_.choose(shown[static_cast<std::size_t>(n - 1)]);
                if (recorded_.stopped() || !step) {
                    page_ << '\n' << wrap_text(recorded_.record_notice(), width_);
                    return 4;
                }
                print_new_entries_until_officer();
                print_notice();
                if (practice_) {
                    page_ << '\n';
                    append_step_feedback(page_.text, session_, *step, width_);
                }
                page_ << '\n';
                break;
            }
        }
        print_new_entries();
        if (session_.stuck())
            page_ << wrap_text(
                "The scenario offers no choice here; this is a fault in the scenario file. "
                "Please tell your tutor (counterpart lint finds it).",
                width_);
        print_notice();
        page_ << '\n' << debrief_text(recorded_.debrief(), session_, width_);
        return 0;
    }

    void print_entry(const TranscriptEntry& e) {
        if (e.kind == TranscriptEntry::Kind::Exhibit) {
            const Node& node = session_.scenario().nodes[static_cast<std::size_t>(e.node)];
            page_ << '\n' << exhibit_text(*node.exhibit, width_) << '\n';
            return;
        }
        if (e.time.date != last_time_.date || e.time.minute_of_day != last_time_.minute_of_day) {
            if (e.kind != TranscriptEntry::Kind::Officer)
                page_ << (e.time.date != last_time_.date ? e.time.long_text() : e.time.clock_text()) << ".\n";
            last_time_ = e.time;
        }
        append_transcript_entry(page_.text, e, width_, scratch_);
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
        page_ << "\nWhat do you do?\n";
        int n = 1;
        for (int c : session_.offered()) {
            scratch_ = std::to_string(n++);
            scratch_ += ". ";
            session_.render_to(scratch_, s.choices[static_cast<std::size_t>(c)].text);
            append_wrapped(page_.text, scratch_, width_, "  ");
        }
    }

    void handbook(const std::string& query) {
        const Scenario& s = session_.scenario();
        if (query.empty()) {
            page_ << "Policy handbook: the rules in scope.\n";
            for (std::size_t i = 0; i < s.rules.size(); ++i) {
                const auto& r = *s.rules[i].rule;
                page_ << wrap_text(
                    std::to_string(i + 1) + ". " + r.id + " " + r.title + " (" + to_string(r.severity) + ")",
                    width_, "  ");
            }
            page_ << "Type h and a number or rule id to read a rule, or h and a word to search.\n";
            return;
        }
        int index = -1;
        if (ascii_digits(query) && query.size() < 4) {
            int n = std::stoi(query);
            if (n >= 1 && n <= static_cast<int>(s.rules.size())) index = n - 1;
        }
        if (index < 0) {
            for (std::size_t i = 0; i < s.rules.size(); ++i)
                if (lower(s.rules[i].id()) == lower(query)) index = static_cast<int>(i);
        }
        if (index >= 0) {
            page_ << rule_text(s.rules[static_cast<std::size_t>(index)], width_);
            recorded_.consult(index);
            return;
        }
        std::string q = lower(query);
        int found = 0;
        for (std::size_t i = 0; i < s.rules.size(); ++i) {
            const auto& r = *s.rules[i].rule;
            if (lower(r.title + " " + r.statement + " " + r.source).find(q) != std::string::npos) {
                page_ << wrap_text(std::to_string(i + 1) + ". " + r.id + " " + r.title, width_, "  ");
                ++found;
            }
        }
        if (found == 0)
            page_ << "No rule mentions \"" << query << "\".\n";
        else
            page_ << "Type h and a number to read one.\n";
    }

    // A problem with the record (or its absence on a device), said once, when it first appears.
    void print_notice() {
        if (recorded_.record_notice() == notice_printed_) return;
        notice_printed_ = recorded_.record_notice();
        page_ << wrap_text(notice_printed_, width_);
    }

    // Writes what the page holds to the output.
    void show() {
        out_.write(page_.text.data(), static_cast<std::streamsize>(page_.text.size()));
        page_.text.clear();
    }

    // What the player prints, gathered here and written at each prompt and at the end (show()): a dozen
    // stream insertions a step cost more than the text they carry.
    struct Page {
        std::string text;
        Page& operator<<(std::string_view s) {
            text.append(s);
            return *this;
        }
        Page& operator<<(char c) {
            text += c;
            return *this;
        }
        Page& operator<<(std::size_t n) {
            text += std::to_string(n);
            return *this;
        }
    };

    RecordedSession& recorded_;
    const Session& session_;
    std::string notice_printed_;
    bool practice_;
    std::size_t width_;
    std::istream& in_;
    std::ostream& out_;
    bool echo_;
    bool flush_prompt_;
    std::size_t printed_ = 0;
    DateTime last_time_{};
    Page page_;
    std::string scratch_;  // text about to be wrapped onto the page
};

// Lets the learner pick a bundled scenario by number. `echo_input` as for TerminalPlayer.
std::string pick_scenario(std::istream& in, std::ostream& out, std::ostream& err, bool echo_input) {
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
        if (echo_input) out << line << "\n";
        line = trim(line);
        if (line == "q") return {};
        if (!line.empty() && line.size() < 4 && ascii_digits(line)) {
            int n = std::stoi(line);
            if (n >= 1 && n <= static_cast<int>(lib.scenarios.size()))
                return lib.scenarios[static_cast<std::size_t>(n - 1)]->file;
        }
        out << "Please type a number from 1 to " << lib.scenarios.size() << ".\n";
    }
}

// A play is one short process whose heap grows to a few tens of MiB (the story's JSON tree while loading, then
// the transcript), touched once and freed at exit. Faulting that in 4 KiB at a time was a fifth of the CPU of
// a long piped session (4,700 page faults; each costs more in a virtual machine). So the heap grows in one
// step of 64 MiB, keeps what is freed for reuse instead of handing it back, and asks the kernel for 2 MiB
// pages there (transparent huge pages in "madvise" mode, Debian's default; harmless where they are off).
// Untouched pages cost nothing: the resident size grows only as far as the heap is used.
void prefer_a_large_heap() {
    constexpr std::size_t kStep = std::size_t{64} << 20, kHuge = std::size_t{2} << 20;
    mallopt(M_TOP_PAD, static_cast<int>(kStep));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kStep));
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // big blocks (the file's text) come from the heap too
    auto top = [] { return reinterpret_cast<std::uintptr_t>(sbrk(0)); };
    std::uintptr_t before = top();
    void* volatile block = malloc(kHuge);  // larger than any free space at the top: the heap grows by the step
    free(block);                           // now (volatile: a malloc freed unused is otherwise optimised away)
    std::uintptr_t after = top();
    std::uintptr_t from = (before + kHuge - 1) & ~(kHuge - 1), to = after & ~(kHuge - 1);
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

}  // namespace

int play(const Args& args, std::istream& in_arg, std::ostream& out_arg, std::ostream& err) {
    // Standard output goes through one buffer of our own; standard input is read through its descriptor,
    // flushing that output only before a read that would block.
    std::unique_ptr<DescriptorOutput> stdout_buffer;
    std::unique_ptr<std::ostream> stdout_stream;
    std::ostream* const err_tie = err.tie();  // restored at the end: the stream below does not outlive play()
    if (&out_arg == &std::cout) {
        prefer_a_large_heap();  // the process's own player (tests call play() with string streams)
        std::cout.flush();
        stdout_buffer = std::make_unique<DescriptorOutput>(STDOUT_FILENO);
        stdout_stream = std::make_unique<std::ostream>(stdout_buffer.get());
        err.tie(stdout_stream.get());  // a message on standard error comes after the text before it
    }
    std::ostream& out = stdout_stream ? *stdout_stream : out_arg;
    // Flushed on every return (the stream is destroyed after this guard, which flushes on its destruction).
    struct FlushAtEnd {
        std::ostream& out;
        std::ostream& err;
        std::ostream* old_tie;
        ~FlushAtEnd() {
            out.flush();
            err.tie(old_tie);
        }
    } flush_at_end{out, err, err_tie};
    bool from_stdin = &in_arg == &std::cin;
    std::unique_ptr<InputFlushingOutput> stdin_buffer;
    std::unique_ptr<std::istream> stdin_stream;
    if (from_stdin) {
        stdin_buffer = std::make_unique<InputFlushingOutput>(STDIN_FILENO, out);
        stdin_stream = std::make_unique<std::istream>(stdin_buffer.get());
    }
    std::istream& in = from_stdin ? *stdin_stream : in_arg;
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

    std::unique_ptr<RecordedSession> recorded;
    std::string error;
    if (!resume_path.empty()) {
        // A resumed session takes its scenario (by id and fingerprint, never the file the record names), seed,
        // learner, mode and customer from the record header.
        ScenarioFinder find = [&](const RecordHeader& header, std::string& why) {
            std::string used;
            return scenario_for_record("play", header, scenario_arg, policies_dir, err, used, why);
        };
        recorded = RecordedSession::resume(resume_path, find, error);
    } else {
        if (scenario_arg.empty()) {
            std::string picked = pick_scenario(in, out, err, !(from_stdin && ::isatty(STDIN_FILENO)));
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
        NewSession options;
        options.scenario = scenario;
        options.learner = learner;
        options.mode = *parse_mode(mode);
        if (seed_given) options.seed = seed;
        if (!customer_id.empty()) {
            for (std::size_t i = 0; i < scenario->customers.size(); ++i)
                if (scenario->customers[i].id == customer_id) options.customer = static_cast<int>(i);
            if (options.customer < 0) {
                err << "counterpart play: no customer profile '" << customer_id << "' in " << scenario->id
                    << "\n";
                return 2;
            }
        }
        if (!no_record) {
            options.record_path = record_path;
            if (record_path.empty()) options.sessions_dir = sessions_dir();
        }
        recorded = RecordedSession::start(options, error);
    }
    if (!recorded) {
        err << "counterpart play: " << error << "\n";
        return 2;
    }
    // Not fatal: the record carries the fingerprints; replay keeps the version later if the library has it.
    if (!recorded->versions_notice().empty()) err << "counterpart play: note: " << recorded->versions_notice() << "\n";

    bool interactive = from_stdin && ::isatty(STDIN_FILENO);
    TerminalPlayer player(*recorded, width, in, out, !interactive, !from_stdin);
    player.introduce();
    int status = player.run();
    if (status != 4 && recorded->recording() && !recorded->flush(error)) {
        out << '\n' << wrap_text(recorded->record_notice(), width);
        if (!recorded->practice()) status = 4;
    }
    if (status == 0 && recorded->recording())
        out << "\n" << wrap_text("Session record saved: " + recorded->record_path(), width);
    return status;
}

}  // namespace cp::cli
