#!/usr/bin/env bash
# The terminal player against inkcpp's command-line player on the same generated story (reported figures,
# not a test). inkcpp is not part of Counterpart: build it outside the repository and pass its inkcpp_cl.
# Usage: tests/bench/ink_compare.sh PATH/TO/inkcpp_cl [build/release/tools/counterpart] [runs=5]
# Prints CPU time (user + system) and wall time per run, median of `runs`, for: Counterpart without a record,
# Counterpart with a record, inkcpp from its compiled story, and inkcpp's compile step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ink="${1:?usage: ink_compare.sh PATH/TO/inkcpp_cl [counterpart] [runs]}"
bin="${2:-$root/build/release/tools/counterpart}"
runs="${3:-5}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 "$root/tests/bench/story_pair.py" "$out" --nodes 1000 --choices 20000
cp -r "$root/tests/fixtures/mini/policies" "$out/policies"
# ink's player reads choice numbers until one is out of range; Counterpart's until input ends.
{ cat "$out/input.txt"; echo 9; } > "$out/input-ink.txt"
measure() {  # label, then the command; stdin from $input
  local label="$1"; shift
  local samples=()
  for _ in $(seq "$runs"); do
    rm -f "$out/r.jsonl"
    /usr/bin/time -o "$out/t" -f "%U %S %e %M" "$@" < "$input" > /dev/null 2>&1 || true
    samples+=("$(cat "$out/t" | tail -1)")
  done
  printf '%s\n' "${samples[@]}" | /usr/bin/python3 -c '
import sys, statistics
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
cpu = statistics.median(r[0] + r[1] for r in rows); wall = statistics.median(r[2] for r in rows)
mem = max(r[3] for r in rows) / 1024
print(f"| {sys.argv[1]} | {cpu * 1000:.0f} | {wall * 1000:.0f} | {mem:.1f} |")' "$label"
}
echo "| player, 1,000 nodes, 20,000 choices | CPU ms | wall ms | peak MiB |"
echo "|---|---|---|---|"
input="$out/input.txt"
measure "counterpart play, no record" "$bin" play "$out/story.json" --no-record --seed 1
measure "counterpart play, recorded" "$bin" play "$out/story.json" --record "$out/r.jsonl" --seed 1
input=/dev/null
measure "inkcpp_cl: compile the ink JSON" "$ink" -o "$out/story.bin" "$out/story.ink.json"
input="$out/input-ink.txt"
measure "inkcpp_cl -p: play the compiled story" "$ink" -p "$out/story.bin"
