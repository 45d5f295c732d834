#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and UBSan on) in
# build-fuzz/ and runs one for a time on its seed corpus:
#   scripts/fuzz.sh decoder 60        # fuzz_decoder for 60 s
#   scripts/fuzz.sh all 30            # each target for 30 s
# Corpora grow in build-fuzz/corpus/TARGET (seeds: fuzz/seeds/TARGET); a crash leaves crash-* in build-fuzz/ — make it a regression test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="${1:?give a target (decoder, open311, sensorthings) or all}"; seconds="${2:-60}"
clangxx=$(command -v clang++-16 || command -v clang++-15 || command -v clang++-14 || command -v clang++)
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S "$root" -B "$root/build-fuzz" -DCITYWALL_FUZZ=ON -DCITYWALL_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_C_COMPILER="${clangxx/++/}" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=("$target"); [ "$target" = all ] && targets=(decoder open311 sensorthings)
for t in "${targets[@]}"; do
  cmake --build "$root/build-fuzz" --target "fuzz_$t" -j "$(nproc)" >/dev/null
  corpus="$root/build-fuzz/corpus/$t"; mkdir -p "$corpus"
  seeds=("$root/fuzz/seeds/$t")
  # Inputs that once crashed a target run first, every time (each is also a unit test).
  [ -d "$root/fuzz/regressions/$t" ] && seeds+=("$root/fuzz/regressions/$t")
  echo "citywall: fuzz_$t for ${seconds}s"
  (cd "$root/build-fuzz" && "./fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 "$corpus" "${seeds[@]}" 2>&1 |
    grep -E "^#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss|cov:|ERROR|SUMMARY" | tail -6)
done
