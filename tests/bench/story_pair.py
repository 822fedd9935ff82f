#!/usr/bin/python3
"""Writes one story in two formats, for the terminal-player comparison with inkcpp (see README, Benchmarks).

The shape follows the ink side: NODES knots, each a line of text and three choices that go on to other knots
(a seeded random graph, so play never runs out of choices); the Counterpart scenario has the same text and
graph, one fixture policy in scope, every choice graded. Also writes the learner's input: CHOICES choice
numbers, one per line.

Usage: story_pair.py OUT_DIR [--nodes 1000] [--choices 20000] [--seed 1]
Writes OUT_DIR/story.json (Counterpart), OUT_DIR/story.ink.json (ink runtime JSON, inkVersion 21) and
OUT_DIR/input.txt. The policies the scenario names are the test fixture's (tests/fixtures/mini/policies).
"""
import argparse
import json
import os
import random


def words(rng, n):
    vocab = ("customer council record request officer letter office form rent benefit review today "
             "procedure complaint account visit notice support team manager detail").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--nodes", type=int, default=1000)
    ap.add_argument("--choices", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    graph = []
    for i in range(a.nodes):
        line = f"Node {i}: " + words(rng, 14) + "."
        options = [(f"Option {k + 1} at {i}: " + words(rng, 5), rng.randrange(a.nodes)) for k in range(3)]
        graph.append((line, options))

    # Counterpart: format 2, graded, the fixture policy in scope; an ending reachable from node 0 only through
    # a choice whose condition never holds, so play goes on until the input runs out, as ink's does.
    nodes = []
    for i, (line, options) in enumerate(graph):
        choices = [{"id": f"c{i}-{k}", "grade": "acceptable", "grade_reason": "generated",
                    "text": text, "next": f"n{target}"} for k, (text, target) in enumerate(options)]
        if i == 0:
            choices.append({"id": "c-finish", "grade": "acceptable", "grade_reason": "generated",
                            "text": "Finish.", "condition": "finished", "next": "end"})
        nodes.append({"id": f"n{i}", "lines": [{"speaker": "narrator", "text": line}], "choices": choices})
    scenario = {
        "format_version": 2, "id": "story-pair", "title": "Generated story", "version": "1.0.0",
        "topics": ["data-protection"], "setting": "Generated", "role": "You are an officer.",
        "brief": "A generated story for the terminal-player benchmark.", "estimated_minutes": 5,
        "difficulty": "introductory", "pass_mark": 50,
        "customers": [{"id": "c", "name": "Sam Taylor", "address_as": "Sam", "language": "English",
                       "initial_mood": 50}],
        "policies": [{"id": "fixture-policy"}],
        "variables": [{"id": "finished", "type": "bool", "initial": False}],
        "calendar": {"start": "2026-01-05T10:00", "working_days": ["mon", "tue", "wed", "thu", "fri"]},
        "start": "n0",
        "endings": [{"id": "end", "title": "End", "text": "The end."}],
        "nodes": nodes,
    }
    with open(os.path.join(a.out, "story.json"), "w") as f:
        json.dump(scenario, f, indent=2)

    # ink runtime JSON: one knot per node; each choice is choice-only text ("+ [text] -> knot", sticky).
    knots = {}
    for i, (line, options) in enumerate(graph):
        content = ["^" + line, "\n"]
        branches = {}
        for k, (text, target) in enumerate(options):
            content += ["ev", "str", "^" + text, "/str", "/ev", {"*": f".^.c-{k}", "flg": 4}]
            branches[f"c-{k}"] = ["\n", {"->": f"n{target}"}, None]
        content.append(branches)
        knots[f"n{i}"] = [content, None]
    knots["#f"] = 1
    ink = {"inkVersion": 21, "root": [[{"->": "n0"}, ["done", {"#n": "g-0"}], None], "done", knots],
           "listDefs": {}}
    with open(os.path.join(a.out, "story.ink.json"), "w") as f:
        json.dump(ink, f)

    with open(os.path.join(a.out, "input.txt"), "w") as f:
        f.write("".join(f"{rng.randrange(3) + 1}\n" for _ in range(a.choices)))


if __name__ == "__main__":
    main()
