// Index: [Text helpers] [DOT] [Running Graphviz]
#include "scenario_graph.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "json_document.hpp"

extern char** environ;

namespace cp {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------------------------------------
// [Text helpers]
//-----------------------------------------------------------------------------------------------------------

std::string shorten_text(std::string_view text, std::size_t max_chars) {
    // Byte offsets where each code point starts; a stray continuation byte counts as one character.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 || i == 0) starts.push_back(i);
    if (starts.size() <= max_chars) return std::string(text);
    std::string out(text.substr(0, max_chars == 0 ? 0 : starts[max_chars - 1]));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "…";
}

std::uint32_t grade_colour(ChoiceGrade grade) {
    switch (grade) {
        case ChoiceGrade::Best:
            return 0x1b5e20;  // dark green
        case ChoiceGrade::Acceptable:
            return 0x1f4e99;  // blue
        case ChoiceGrade::Poor:
            return 0xb35900;  // orange-brown
        case ChoiceGrade::Unsafe:
            return 0xb00020;  // red
        case ChoiceGrade::Ungraded:
            break;
    }
    return 0x616161;  // grey
}

//-----------------------------------------------------------------------------------------------------------
// [DOT]
//-----------------------------------------------------------------------------------------------------------

namespace {

// A DOT double-quoted string; newlines become centred line breaks.
std::string dot_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

std::string colour(std::uint32_t rgb) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06x", static_cast<unsigned>(rgb & 0xffffff));
    return buf;
}

std::string target_name(const Target& t) {
    return (t.kind == Target::Kind::Ending ? "ending:" : "node:") + std::to_string(t.index);
}

}  // namespace

std::string scenario_to_dot(const Scenario& s, const DotOptions& options) {
    std::ostringstream out;
    out << "digraph " << dot_quoted(s.id) << " {\n";
    out << "  graph [label=" << dot_quoted(s.title + "\n(" + s.id + " " + s.version + ")")
        << ", labelloc=t, fontname=\"DejaVu Sans\", fontsize=16, rankdir=TB, nodesep=0.4, ranksep=0.6];\n";
    out << "  node [fontname=\"DejaVu Sans\", fontsize=11, shape=box, style=\"rounded\", margin=\"0.15,0.08\"];\n";
    out << "  edge [fontname=\"DejaVu Sans\", fontsize=9];\n";
    out << "  \"start\" [shape=plaintext, label=\"start\", fontsize=10];\n";
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        std::string label = n.id;
        for (const Line& line : n.lines) {
            label += "\n" + shorten_text(line.text, 36);
            break;  // the first line says what the moment is; the rest would crowd the map
        }
        if (n.exhibit) label += "\n[exhibit: " + shorten_text(n.exhibit->title, 28) + "]";
        bool conditional_lines = false;
        for (const Line& line : n.lines) conditional_lines = conditional_lines || line.condition.has_value();
        out << "  \"node:" << i << "\" [label=" << dot_quoted(label);
        if (static_cast<int>(i) == s.start_node) out << ", penwidth=2.5";
        if (conditional_lines) out << ", tooltip=\"some lines are conditional\"";
        out << "];\n";
    }
    for (std::size_t i = 0; i < s.endings.size(); ++i) {
        const Ending& e = s.endings[i];
        out << "  \"ending:" << i << "\" [label=" << dot_quoted("END: " + e.title + "\n(" + e.id + ")")
            << ", shape=doubleoctagon, style=filled, fillcolor=\"#e8e8e8\"];\n";
    }
    if (s.start_node >= 0) out << "  \"start\" -> \"node:" << s.start_node << "\" [penwidth=2];\n";
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        if (n.next) out << "  \"node:" << i << "\" -> \"" << target_name(*n.next) << "\" [style=bold];\n";
        for (int c : n.choices) {
            const Choice& ch = s.choices[static_cast<std::size_t>(c)];
            std::string col = colour(grade_colour(ch.grade));
            std::string label = shorten_text(ch.text, options.label_chars) + "\n[" + to_string(ch.grade) + "]";
            if (ch.condition) label += " if " + shorten_text(ch.condition->source(), 30);
            out << "  \"node:" << i << "\" -> \"" << target_name(ch.next) << "\" [label=" << dot_quoted(label)
                << ", color=\"" << col << "\", fontcolor=\"" << col << "\"";
            if (ch.grade == ChoiceGrade::Best) out << ", penwidth=2";
            if (ch.condition) out << ", style=dashed";
            out << ", tooltip=" << dot_quoted(ch.id) << "];\n";
        }
    }
    // A legend, so a printed copy explains itself without colour.
    out << "  subgraph cluster_legend {\n    label=\"Key\"; fontsize=10; style=dashed;\n"
        << "    \"legend:a\" [shape=point, width=0.05]; \"legend:b\" [shape=point, width=0.05];\n"
        << "    \"legend:c\" [shape=point, width=0.05]; \"legend:d\" [shape=point, width=0.05];\n"
        << "    \"legend:a\" -> \"legend:b\" [label=\"choice [grade]\", color=\"" << colour(grade_colour(ChoiceGrade::Best))
        << "\", fontcolor=\"" << colour(grade_colour(ChoiceGrade::Best)) << "\", penwidth=2];\n"
        << "    \"legend:c\" -> \"legend:d\" [label=\"only if a condition holds\", style=dashed];\n  }\n";
    out << "}\n";
    return out.str();
}

//-----------------------------------------------------------------------------------------------------------
// [Running Graphviz]
//-----------------------------------------------------------------------------------------------------------

namespace {

// The `dot` program on PATH, or "" when there is none.
std::string find_dot() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        if (dir.empty()) dir = ".";
        std::string candidate = dir + "/dot";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return {};
}

}  // namespace

bool render_dot(const std::string& dot_text, const std::string& format, std::string& output, std::string& error) {
    std::string dot = find_dot();
    if (dot.empty()) {
        error = "Graphviz's 'dot' program was not found on PATH; install Graphviz (Debian: apt-get install "
                "graphviz) or write DOT with --format dot";
        return false;
    }
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    std::string base = (dir / ("counterpart-graph-" + std::to_string(::getpid()) + "-")).string();
    std::string in = base + "in.dot", out = base + "out." + format, err = base + "err.txt";
    {
        std::ofstream f(in, std::ios::binary);
        f << dot_text;
        if (!f) {
            error = "cannot write a temporary file in " + dir.string();
            return false;
        }
    }
    std::string type = "-T" + format, outflag = "-o" + out;
    std::vector<char*> argv = {const_cast<char*>(dot.c_str()), type.data(), outflag.data(), in.data(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, dot.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (rc == 0) ::waitpid(pid, &status, 0);
    std::string messages, read_error;
    read_text_file(err, messages, read_error, 1 << 20);
    bool ok = rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              read_text_file(out, output, read_error, std::size_t{1} << 30);
    if (!ok) {
        while (!messages.empty() && (messages.back() == '\n' || messages.back() == '\r')) messages.pop_back();
        error = rc != 0 ? "could not run " + dot : "Graphviz 'dot -T" + format + "' failed" +
                                                       (messages.empty() ? std::string() : ": " + messages);
    }
    fs::remove(in, ec);
    fs::remove(out, ec);
    fs::remove(err, ec);
    return ok;
}

}  // namespace cp
