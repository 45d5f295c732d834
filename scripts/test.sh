#!/usr/bin/env bash
# Sets up, builds and runs every test (unit, GPU on lavapipe with validation,
# golden render tests, the Xvfb window test, command-line errors).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j 2 --timeout 600 "$@"
