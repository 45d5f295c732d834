#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, GPU on lavapipe with validation,
# golden render tests, the Xvfb window test, command-line errors, the Debian
# package when root) and then fuzzes every parser for 30 s (scripts/fuzz.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CITYWALL_TEST_DEPS=1  # test-only packages too (ffmpeg, for the MP4 check)
"$root/scripts/build.sh"
# The Node peer server for the feed tests (npm registry; a failure only skips that test).
if [ ! -d "$root/tests/feed/node/node_modules/ws" ]; then
  (cd "$root/tests/feed/node" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "citywall: could not install the npm package ws; the Node peer test will be skipped"
fi
cd "$root/build"
ctest --output-on-failure -j 2 --timeout 600 "$@"
# The Debian package: built, installed, run from /usr, removed (as root only).
"$root/scripts/package-test.sh"
# Every parser fuzzed for a while on its corpus (CITYWALL_FUZZ_SECONDS each, 30 by default; 0: not at all).
# The Fuzz.* tests above already ran each target's checks on its seeds and regressions.
if [ "${CITYWALL_FUZZ_SECONDS:-30}" != 0 ]; then "$root/scripts/fuzz.sh" all "${CITYWALL_FUZZ_SECONDS:-30}"; fi
