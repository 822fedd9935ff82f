#!/usr/bin/python3
"""Writes a folder of real session records for the assessor's workspace by driving the terminal player as
learners would: each session follows one of a scenario's golden paths (tests/golden/*.paths.json), or picks at
random, or stops early, so results, scores and breaches vary. Then damages three copies: one edited, one cut
off, one missing only its final newline.
Usage: make_records.py COUNTERPART REPO_ROOT OUT_DIR [COUNT]"""
import json
import os
import random
import re
import subprocess
import sys

binary, root, out = sys.argv[1:4]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 36
os.makedirs(out, exist_ok=True)
learners = ["Priya Shah", "Tom Okafor", "Ewa Nowak", "Sam Reid", "Aisha Khan", "Liam Byrne", "Mei Chen",
            "Jo Evans", "=HYPERLINK(\"http://x\")"]
scenarios = ["sar-phone", "complaint-counter", "third-party-relative"]
rng = random.Random(7)


def words(text):
    return set(re.findall(r"[a-z']+", text.lower()))


def choice_texts(scenario):
    data = json.load(open(os.path.join(root, "scenarios", scenario + ".json"), encoding="utf-8"))
    return {c["id"]: c["text"] for node in data["nodes"] for c in node.get("choices", [])}


def read_prompt(proc):
    """Reads output up to the next '> ' prompt; returns the text, or None when the player exited."""
    buf = b""
    while True:
        ch = proc.stdout.read(1)
        if not ch:
            return None
        buf += ch
        if buf.endswith(b"\n> "):
            return buf.decode("utf-8", "replace")


def options(text):
    block = text[text.rfind("What do you do?"):]
    found, current = [], None
    for line in block.splitlines()[1:]:
        m = re.match(r"\s+(\d+)\. (.*)", line)
        if m:
            current = [int(m.group(1)), m.group(2)]
            found.append(current)
        elif current and line.startswith("    "):
            current[1] += " " + line.strip()
    return found


def play(index, scenario, learner, mode, plan, stop_after):
    texts = choice_texts(scenario)
    record = os.path.join(out, "%s-%03d.jsonl" % (scenario, index))
    proc = subprocess.Popen([binary, "play", scenario, "--mode", mode, "--learner", learner, "--seed",
                             str(index + 1), "--record", record], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    step = 0
    while True:
        text = read_prompt(proc)
        if text is None:
            break
        offered = options(text)
        if not offered or step == stop_after:
            proc.stdin.write(b"q\n")
            proc.stdin.flush()
            break
        pick = rng.choice(offered)[0]
        if plan and step < len(plan) and plan[step] in texts:
            want = words(texts[plan[step]])
            pick = max(offered, key=lambda o: len(want & words(o[1])) / (len(want | words(o[1])) or 1))[0]
        proc.stdin.write(b"%d\n" % pick)
        proc.stdin.flush()
        step += 1
    proc.stdin.close()
    proc.wait()
    return record


for i in range(count):
    learner = learners[i % len(learners)]
    scenario = scenarios[(i // len(learners)) % len(scenarios)]
    golden = json.load(open(os.path.join(root, "tests", "golden", scenario + ".paths.json"), encoding="utf-8"))
    paths = [p["choices"] for p in golden["paths"]]
    strategy = rng.random()
    plan = paths[0] if strategy < 0.35 else rng.choice(paths) if strategy < 0.75 else None
    mode = "practice" if i % 4 == 3 else "assessment"
    stop_after = 2 if i % 11 == 5 else -1
    play(i, scenario, learner, mode, plan, stop_after)

records = sorted(f for f in os.listdir(out) if f.endswith(".jsonl"))
first = os.path.join(out, records[0])
lines = open(first, "rb").read().split(b"\n")
edited = list(lines)
edited[2] = re.sub(rb'"mood":(\d)', rb'"mood":9\1', edited[2], count=1)
open(os.path.join(out, "zz-edited.jsonl"), "wb").write(b"\n".join(edited))
open(os.path.join(out, "zz-cut-off.jsonl"), "wb").write(b"\n".join(lines[:-3]) + b"\n")
open(os.path.join(out, "zz-no-newline.jsonl"), "wb").write(b"\n".join(lines)[:-1])
print(len(records) + 3, "records in", out)
