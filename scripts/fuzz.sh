#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and UBSan on) in
# build-fuzz/ and runs them for a time each on their corpora:
#   scripts/fuzz.sh decoder 60        # fuzz_decoder for 60 s
#   scripts/fuzz.sh all 30            # every target for 30 s, as many at once as there are cores
# Corpora grow in build-fuzz/corpus/TARGET (seeds: fuzz/seeds/TARGET, and
# fuzz/regressions/TARGET: inputs that once crashed it, run first every
# time). A crash leaves build-fuzz/crash-* and the log in
# build-fuzz/logs/TARGET.log, and the script fails: make the input a
# regression (fuzz/regressions/TARGET/, which the test Fuzz.TARGET runs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
all=(decoder open311 sensorthings geojson config tiles3d journal wall)
target="${1:?give a target (${all[*]}) or all}"; seconds="${2:-60}"
clangxx=$(command -v clang++-16 || command -v clang++-15 || command -v clang++-14 || command -v clang++ || true)
if [ -z "$clangxx" ]; then
  echo "citywall: fuzzing needs clang and its libFuzzer runtime (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S "$root" -B "$root/build-fuzz" -DCITYWALL_FUZZ=ON -DCITYWALL_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_C_COMPILER="${clangxx/++/}" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=("$target"); [ "$target" = all ] && targets=("${all[@]}")
cmake --build "$root/build-fuzz" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null
mkdir -p "$root/build-fuzz/logs"

run_one() {  # TARGET: runs it, keeps its log, prints its totals
  local t=$1 corpus="$root/build-fuzz/corpus/$1" seeds=("$root/fuzz/seeds/$1") status=0
  mkdir -p "$corpus"
  [ -d "$root/fuzz/regressions/$t" ] && seeds+=("$root/fuzz/regressions/$t")
  (cd "$root/build-fuzz" && "./fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 \
    "$corpus" "${seeds[@]}" >"logs/$t.log" 2>&1) || status=$?
  local done execs
  done=$(grep -E "^#[0-9]+[[:space:]]*DONE" "$root/build-fuzz/logs/$t.log" | tail -1 | sed -E 's/^#[0-9]+[[:space:]]*DONE[[:space:]]*//')
  execs=$(grep -E "stat::number_of_executed_units" "$root/build-fuzz/logs/$t.log" | awk '{print $2}')
  if [ "$status" = 0 ]; then
    echo "citywall: fuzz_$t ${seconds}s: ${execs:-?} executions, ${done:-no totals}"
  else
    echo "citywall: fuzz_$t FAILED (exit $status); build-fuzz/logs/$t.log:" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$root/build-fuzz/logs/$t.log" | head -8 >&2
    # Where it broke, and the input itself: a CI log is all a later session
    # gets, so it must be enough to reproduce the crash and make it a regression.
    grep -E "^ +#[0-9]+ 0x" "$root/build-fuzz/logs/$t.log" | head -16 >&2 || true
    local unit
    unit=$(grep -oE "Test unit written to \S+" "$root/build-fuzz/logs/$t.log" | head -1 | sed 's/Test unit written to //')
    if [ -n "$unit" ] && [ -f "$root/build-fuzz/$unit" ] && [ "$(stat -c %s "$root/build-fuzz/$unit")" -le 65536 ]; then
      echo "citywall: the input, base64 (decode into fuzz/regressions/$t/):" >&2
      base64 -w 0 "$root/build-fuzz/$unit" >&2; echo >&2
    fi
  fi
  return "$status"
}
export -f run_one; export root seconds
# As many targets at once as there are cores; every one runs, and the script fails if any did.
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one {}'
