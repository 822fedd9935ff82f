// A scenario as a picture: Graphviz DOT for handouts and the README (`counterpart graph`), and the text
// helpers the studio's canvas shares with it (short edge labels, grade colours that survive printing).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model.hpp"

namespace cp {

// `text` cut to at most `max_chars` Unicode code points, ending in "…" when cut (never splits a character).
std::string shorten_text(std::string_view text, std::size_t max_chars);

// A grade's colour as 0xRRGGBB: dark, distinct hues that stay apart in greyscale print (best darkest).
std::uint32_t grade_colour(ChoiceGrade grade);

struct DotOptions {
    std::size_t label_chars = 40;  // choice text on an edge, at most (code points)
};

// The scenario as a Graphviz digraph: nodes as rounded boxes, endings as grey double octagons, the start
// marked, one edge per choice labelled with its (shortened) text and grade and coloured by grade;
// conditional choices and lines dashed; a node's plain `next` as an unlabelled edge. Deterministic.
std::string scenario_to_dot(const Scenario& scenario, const DotOptions& options = {});

// Runs Graphviz's `dot` to turn DOT into another format ("svg", "png"). Returns false with a reason: when
// `dot` is not installed the reason says so and how to get it.
bool render_dot(const std::string& dot_text, const std::string& format, std::string& output, std::string& error);

}  // namespace cp
