#!/usr/bin/python3
"""Prints the per-scenario proof table (random-guess pass probability, longest-option share, pass mark) that
README.md and scenarios/README.md carry, from `counterpart analyze DIR --json`.

Usage: tools/dev/library_table.py COUNTERPART_BINARY SCENARIO_DIR
"""
import json
import subprocess
import sys


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    run = subprocess.run([binary, "analyze", folder, "--json"], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"counterpart analyze failed ({run.returncode}): {run.stderr}")
    report = json.loads(run.stdout)
    rows = []
    for s in sorted(report["scenarios"], key=lambda s: s["scenario"]):
        g = s.get("guess_pass") or {}
        lb = s.get("longest_is_best") or {}
        prob = g.get("probability")
        rows.append((s["scenario"],
                     "—" if prob is None else f"{100 * prob:.2f}%" + ("" if g.get("exact", True) else " (bound)"),
                     f"{lb.get('best_longest', 0)} of {lb.get('decision_points', 0)}",
                     f"{100 * lb['chance_share']:.0f}%" if lb.get("chance_share") is not None else "—",
                     "no: choices ungraded" if not s.get("proofs_run") else
                     "yes" if s.get("errors", 1) == 0 else f"no ({s['errors']} errors)"))
    print("| scenario | random guess passes | best option is the longest | chance would give | every proof holds |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    lb = report.get("longest_is_best", {})
    if lb:
        print(f"\nWhole library: the best option is the longest at {lb['best_longest']} of {lb['decision_points']} "
              f"decision points ({100 * lb['share']:.0f}%; chance would give {100 * lb['chance_share']:.0f}%).")


if __name__ == "__main__":
    main()
