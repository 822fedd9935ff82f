#!/usr/bin/env bash
# End to end for the assessor's workspace: a folder of real records (learners played by the terminal player,
# three copies damaged), opened by `counterpart assess FOLDER` under Xvfb. The script waits for the table,
# replays the newest record to its last step, opens the record missing its final newline, then the cohort
# view, saving a PNG of each. Then it opens one learner's record, comments on its last step, judges a marking
# point, decides, signs with a key created on first use and exports the evidence report, all by mouse clicks.
# The CSV export and `counterpart sessions` must agree with the folder; `counterpart verify` must accept the
# sign-off, and the report must name the learner.
# Usage: assess_e2e.sh COUNTERPART REPO_ROOT OUT_DIR
set -euo pipefail
bin="$1"; root="$2"; out="$3"
rm -rf "$out"; mkdir -p "$out/screens"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export XDG_DATA_HOME="$out/xdg/data" XDG_CONFIG_HOME="$out/xdg/config" COUNTERPART_SCENARIOS="$root/scenarios"
records="$out/records"
/usr/bin/python3 "$root/tests/e2e/make_records.py" "$bin" "$root" "$records" 26
echo '{}' > "$(ls "$records"/sar-phone-*.jsonl | head -1).assessment.json"   # one record already marked

cat > "$out/script.txt" <<'SCRIPT'
wait 3
expect-screen sessions
wait-sessions
wait 3
screenshot sessions
key Enter
expect-screen replay
key End
wait 3
screenshot replay
key Escape
expect-screen sessions
type /
type zz-no-newline
key Enter
expect-screen replay
wait 3
screenshot replay-cut-off
key Escape
expect-screen sessions
key Escape
wait 3
type c
expect-screen cohort
resize 1280 1000
wait 3
screenshot cohort
type s
expect-screen sessions
type /
type sar-phone-001
key Enter
expect-screen replay
key End
wait 3
click ##step-comment
type Closed the call properly and offered the written route.
wait 3
screenshot replay-annotated
click Sign-off
click ##assessor
type Ann Assessor
click Competent
click Met##PS-KC-VALUES
click ##overall-comment
type Checked identity before disclosing anything; lawful and courteous throughout.
wait 3
screenshot sign-off-draft
click Sign with your key
expect-status Signed entry 1
wait 3
screenshot sign-off-signed
click ##export-path
SCRIPT
cat >> "$out/script.txt" <<SCRIPT
type $out/report/
SCRIPT
cat >> "$out/script.txt" <<'SCRIPT'
click Export evidence report
expect-status Evidence report written to
wait 3
screenshot replay-exported
quit
SCRIPT
xvfb-run -a -s "-screen 0 1280x1024x24" "$bin" assess "$records" --script "$out/script.txt" \
  --screenshot-dir "$out/screens" --size 1280x720

for shot in sessions replay replay-cut-off cohort replay-annotated sign-off-draft sign-off-signed replay-exported; do
  file="$out/screens/$shot.png"
  [ -f "$file" ] || { echo "no screenshot $shot.png"; exit 1; }
  size=$(stat -c %s "$file")
  [ "$size" -gt 20000 ] || { echo "$file is suspiciously small ($size bytes)"; exit 1; }
done

# The command line reads the same folder: 29 records, the damaged ones named, the hostile name inert in CSV.
status=0; "$bin" sessions "$records" --csv > "$out/sessions.csv" || status=$?
[ "$status" -eq 1 ] || { echo "counterpart sessions should exit 1 (one record is altered), got $status"; exit 1; }
[ "$(wc -l < "$out/sessions.csv")" -eq 30 ] || { echo "expected 29 records and a header in the CSV"; exit 1; }
grep -q "Altered at line 3" "$out/sessions.csv" || { echo "the edited record is not named altered"; exit 1; }
grep -q "final newline missing" "$out/sessions.csv" || { echo "the missing final newline is not named"; exit 1; }
grep -q "'=HYPERLINK" "$out/sessions.csv" || { echo "a formula in a learner name is not made text"; exit 1; }
grep -q ",marked," "$out/sessions.csv" || { echo "the marked record is not shown as marked"; exit 1; }
# The sign-off made by clicking verifies, and the report it exported names the learner.
record="$records/sar-phone-001.jsonl"
[ -f "$record.assessment.json" ] || { echo "no sign-off beside $record"; exit 1; }
"$bin" verify "$record" > "$out/verify.txt" || { cat "$out/verify.txt"; echo "the sign-off does not verify"; exit 1; }
grep -q "Assessment by Ann Assessor" "$out/verify.txt" || { cat "$out/verify.txt"; echo "verify does not list the entry"; exit 1; }
learner=$(head -1 "$record" | python3 -c 'import json,sys; print(json.load(sys.stdin)["learner"])')
report="$out/report/sar-phone-001.html"
[ -f "$report" ] || { echo "no evidence report at $report"; exit 1; }
grep -q "$learner" "$report" || { echo "the report does not name the learner $learner"; exit 1; }
grep -q "Closed the call properly" "$report" || { echo "the report lacks the step comment"; exit 1; }
echo "Assessor's workspace end to end: sessions, replay, cut-off banner and cohort; screenshots in $out/screens"
