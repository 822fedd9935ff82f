#!/usr/bin/env bash
# The LRS tests (ctest label lrs): starts the test LRS (start.sh), runs COMMAND against it with
# COUNTERPART_TEST_LRS_URL, _USER and _PASSWORD set, stops it. Exit 77 (ctest: skipped) only when npm is absent.
#   tests/lrs/run.sh COMMAND [ARGS...]     e.g. build/dev/tests/counterpart_tests "[lrs]"
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="$(mktemp -d "${TMPDIR:-/tmp}/counterpart-lrs.XXXXXX")"
trap '"$here/start.sh" stop "$state"; rm -rf "$state"' EXIT
url="$("$here/start.sh" start "$state")"
rc=$?
if [ $rc -eq 77 ]; then
  echo "SKIPPED: npm is not installed, so the test LRS cannot run (apt-get install npm)"
  exit 77
fi
[ $rc -eq 0 ] || exit $rc
export COUNTERPART_TEST_LRS_URL="$url" COUNTERPART_TEST_LRS_USER=counterpart COUNTERPART_TEST_LRS_PASSWORD=test-secret
"$@"
