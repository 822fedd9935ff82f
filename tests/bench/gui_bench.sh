#!/usr/bin/env bash
# GUI benchmark (reported figures, not a test): plays a bundled scenario under Xvfb, holding each screen for
# 200 frames, then idles 10 s. Prints frame CPU time per screen (median, 99th percentile), frames drawn and
# CPU used while idle, launch-to-first-frame time (wall and CPU), memory at each start-up stage and the peak.
# Usage: tests/bench/gui_bench.sh [build/release/tools/counterpart]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-$root/build/release/tools/counterpart}"
out=$(mktemp -d)
export XDG_DATA_HOME="$out/d" XDG_CONFIG_HOME="$out/c"
/usr/bin/python3 "$root/tests/e2e/make_script.py" "$root/tests/golden/sar-phone.paths.json" exemplary "everything you" "$out/s.txt"
# Hold every screen long enough for stable percentiles.
sed -i 's/^\(expect-screen .*\)$/\1\nwait 200/; s/^\(choose .*\)$/\1\nwait 20/' "$out/s.txt"
xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --script "$out/s.txt" --bench-report "$out/report.json" --idle-seconds 10 --seed 7
/usr/bin/python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("| screen | frames | median ms | p99 ms |")
print("|---|---|---|---|")
for screen, f in sorted(r["frame_cpu_ms"].items()):
    print(f"| {screen} | {f['frames']} | {f['median_ms']:.2f} | {f['p99_ms']:.2f} |")
idle = r["idle"]
print(f"\nIdle {idle['seconds']:.0f} s: {idle['frames_drawn']} frames drawn, {idle['cpu_seconds']*1000:.1f} ms CPU")
print(f"Launch to first frame: {r['launch_to_first_frame_ms']:.0f} ms wall, {r['launch_cpu_ms']:.0f} ms CPU; "
      f"peak memory {r['peak_memory_mib']:.0f} MiB")
print("\n| start-up stage | wall ms | CPU ms | resident MiB |")
print("|---|---|---|---|")
for s in r["startup"]:
    print(f"| {s['stage']} | {s['wall_ms']:.0f} | {s['cpu_ms']:.0f} | {s['resident_mib']:.1f} |")
PY
rm -rf "$out"
