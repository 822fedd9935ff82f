#!/usr/bin/env bash
# End to end: the real binary under Xvfb plays a bundled scenario by keyboard to the debrief, saves a PNG of
# every screen, and the session record it wrote must verify and replay to the expected result.
# Usage: gui_e2e.sh COUNTERPART REPO_ROOT OUT_DIR
set -euo pipefail
bin="$1"; root="$2"; out="$3"
rm -rf "$out"; mkdir -p "$out/screens"
# Under the sanitizer build, leak reports from the window stack (Mesa's llvmpipe, GLFW, fontconfig) are not
# ours to fix and carry no symbols; leaks in our code are caught by every other test, which keeps leak checks on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export XDG_DATA_HOME="$out/xdg/data" XDG_CONFIG_HOME="$out/xdg/config" COUNTERPART_SCENARIOS="$root/scenarios"
/usr/bin/python3 "$root/tests/e2e/make_script.py" "$root/tests/golden/sar-phone.paths.json" exemplary "everything you" "$out/script.txt"
# The learner switches to the dark theme first: a new theme keeps the fonts already on the GPU.
sed -i '1i theme dark\nwait 2' "$out/script.txt"

xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --script "$out/script.txt" --screenshot-dir "$out/screens" --seed 7 \
  --bench-report "$out/bench.json" --idle-seconds 2

for screen in library briefing conversation debrief; do
  shot=$(ls "$out/screens"/*-"$screen".png 2>/dev/null | head -1 || true)
  [ -n "$shot" ] || { echo "no screenshot of the $screen screen"; exit 1; }
  size=$(stat -c %s "$shot")
  [ "$size" -gt 20000 ] || { echo "$shot is suspiciously small ($size bytes)"; exit 1; }
done

records=("$XDG_DATA_HOME"/counterpart/sessions/*.jsonl)
[ "${#records[@]}" -eq 1 ] || { echo "expected one session record, found ${#records[@]}"; exit 1; }
"$bin" replay "${records[0]}" > "$out/replay.txt"
grep -q "exhibit_viewed" "${records[0]}" || { echo "the record does not note the document the learner was shown"; exit 1; }
grep -q "Mode: assessment" "$out/replay.txt" || { echo "the record is not an assessment-mode session"; exit 1; }
grep -q "Result: PASS" "$out/replay.txt" || { echo "the replayed session did not pass"; cat "$out/replay.txt"; exit 1; }
grep -q '"frames_drawn"' "$out/bench.json"
# Regression (font atlas freed before upload): every letter on screen was noise because the GPU's font texture
# was built from an emptied atlas. The fonts' glyphs ink well over 20,000 texture pixels; an empty atlas inks
# only the mouse cursors' few thousand.
inked=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("font_texture_inked_pixels", 0))' "$out/bench.json")
[ "$inked" -gt 20000 ] || { echo "the font texture the window draws from is nearly empty ($inked inked pixels): text is unreadable"; exit 1; }
inked=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("font_texture_inked_pixels_at_close", 0))' "$out/bench.json")
[ "$inked" -gt 20000 ] || { echo "after the theme change the font texture is nearly empty ($inked inked pixels): text is unreadable"; exit 1; }
echo "GUI end to end: screens, record and replay verified; screenshots in $out/screens"
