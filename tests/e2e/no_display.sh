#!/usr/bin/env bash
# With no display, the window app must exit with a clear message that names the terminal route.
set -uo pipefail
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$1" 2>&1 < /dev/null)
status=$?
[ "$status" -eq 2 ] || { echo "expected exit status 2, got $status: $out"; exit 1; }
echo "$out" | grep -q "counterpart play" || { echo "message does not name counterpart play: $out"; exit 1; }
echo "ok: $out"
