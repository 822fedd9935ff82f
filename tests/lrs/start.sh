#!/usr/bin/env bash
# A real learning record store on loopback for the LRS tests and benchmark: Learning Locker's
# @learninglocker/xapi-statements from npm, in-memory, with Basic auth (see lrs_server.js).
#   tests/lrs/start.sh start STATE_DIR   installs it (once) into ${XDG_CACHE_HOME:-~/.cache}/counterpart-lrs,
#                                        starts it on a free loopback port, waits until it answers, prints its
#                                        xAPI URL; its pid and log are in STATE_DIR
#   tests/lrs/start.sh stop STATE_DIR    stops it
# Credentials: $LRS_USER / $LRS_PASSWORD (default counterpart / test-secret). Exit 77: npm is not installed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=7.8.0
cache="${XDG_CACHE_HOME:-$HOME/.cache}/counterpart-lrs"
command="${1:-}"
state="${2:-}"
if [ -z "$command" ] || [ -z "$state" ]; then
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
fi

stop() {
  if [ -f "$state/lrs.pid" ]; then
    pid="$(cat "$state/lrs.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/lrs.pid"
  fi
}

if [ "$command" = stop ]; then
  stop
  exit 0
fi
[ "$command" = start ] || { echo "$0: unknown command '$command' (start or stop)" >&2; exit 2; }

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "$0: npm and node are needed to run the test LRS (Debian: apt-get install npm)" >&2
  exit 77
fi
package="$cache/node_modules/@learninglocker/xapi-statements/package.json"
if [ ! -f "$package" ] || ! grep -q "\"version\": \"$version\"" "$package"; then
  mkdir -p "$cache"
  echo "$0: installing @learninglocker/xapi-statements@$version into $cache (once)" >&2
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error "@learninglocker/xapi-statements@$version" >&2)
fi

mkdir -p "$state"
stop
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')"
LRS_CACHE="$cache" LRS_STATE="$state" setsid node "$here/lrs_server.js" "$port" >"$state/lrs.log" 2>&1 </dev/null &
echo $! >"$state/lrs.pid"
url="http://127.0.0.1:$port/xAPI"
for _ in $(seq 1 300); do
  if curl -fsS -o /dev/null "$url/about" 2>/dev/null; then
    echo "$url"
    exit 0
  fi
  if ! kill -0 "$(cat "$state/lrs.pid")" 2>/dev/null; then break; fi
  sleep 0.2
done
echo "$0: the LRS did not answer at $url; its log:" >&2
tail -20 "$state/lrs.log" >&2
stop
exit 1
