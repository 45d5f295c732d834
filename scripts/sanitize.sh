#!/usr/bin/env bash
# Builds every target with AddressSanitizer, UndefinedBehaviorSanitizer and
# assertions (gcc, Debug at -O1) in build-sanitize/ and runs the whole suite
# there with LeakSanitizer on. Slow (about 20 min to build and 13 to run on
# two cores); not part of the test command. Arguments go to ctest:
#   scripts/sanitize.sh                 # everything
#   scripts/sanitize.sh -R Journal      # some tests
# A sanitizer's report fails the test it comes from, with the stack.
# What the system's libraries keep for good is in scripts/sanitize/lsan.supp.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-sanitize"
"$root/scripts/install-deps.sh"
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Debug -DCITYWALL_BENCH=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$out" -j "$(nproc)"
gcc -shared -fPIC -o "$out/keep_libraries_loaded.so" "$root/scripts/sanitize/keep_libraries_loaded.c"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:verify_asan_link_order=0
export LSAN_OPTIONS="suppressions=$root/scripts/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LD_PRELOAD="$out/keep_libraries_loaded.so"
cd "$out"
run() { ctest --output-on-failure --timeout 1500 "$@"; }
if [ $# -gt 0 ]; then run -j "$(nproc)" "$@"; exit; fi
# Two tests time what a normal build does in a moment, and a build this
# slow, sharing the cores, misses it:
# - journal_crash kills the wall 0.8–2.3 s after it starts and expects
#   chunks written by then (the sanitized wall has barely loaded its city);
#   not run here.
# - the four wall nodes call their conductor lost after 3 s without a
#   frame; run last, alone.
alone='Wall.FourNodeProcessesShowTheConductorsCanvas'
status=0
run -j "$(nproc)" -E "^(journal_crash|$alone)\$" || status=1
run -R "^$alone\$" || status=1
exit $status
