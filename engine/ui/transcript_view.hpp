// Drawing a session's transcript and a step's feedback (transcript_view.cpp): shared by the conversation
// screen, the assessor's replay and the studio's playtest.
#pragma once

#include <cstddef>
#include <string>

#include "runtime.hpp"

namespace cp::ui {

class App;

// A document shown to the learner: its kind, title, text and table, with the session's placeholders filled in.
void draw_exhibit(App& app, const Session& session, const Exhibit& ex, float width);
// The first `end` entries of the session's transcript. The officer's bubbles say "You" when `learner` is empty
// (the learner's own screen) and "NAME (step N)" otherwise (an assessor's replay).
void draw_transcript(App& app, const Session& session, std::size_t end, const std::string& learner,
                     float bubble_width);
// The feedback on one step under `title`: the choice's feedback, each rule it decided (verdict, feedback,
// source) and the mood change labelled not scored. The learner's practice feedback and the studio's playtest.
void draw_step_feedback(App& app, const Session& session, const StepResult& step, const std::string& title,
                        float width);

}  // namespace cp::ui
