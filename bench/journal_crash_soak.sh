#!/usr/bin/env bash
# The journal's crash check a hundred times (the test suite runs it twenty):
# a wall recording a live feed is killed with kill -9 at random moments; each
# journal must verify whole, replay, and have lost at most the last second.
#
#   bench/journal_crash_soak.sh [RUNS=100] [BUILD=build]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs="${1:-100}"; build="${2:-$root/build}"
start=$(date +%s)
"$root/tests/cli/journal_crash.sh" "$build/app/citywall" "$build/tools/journal/citywall-journal" \
  "$build/tools/feed_sim/feed-sim" "$runs"
echo "journal_crash_soak: $runs kills, every journal whole, in $(( $(date +%s) - start )) s"
