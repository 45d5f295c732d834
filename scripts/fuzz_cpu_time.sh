#!/usr/bin/env bash
# Long fuzzing runs measured in CPU time, not wall time, so a run beside
# other work (or paused with SIGSTOP while a benchmark runs) still gets
# what it is owed: the issue asks for one CPU-hour per target.
#   scripts/fuzz_cpu_time.sh decoder 3600 open311 3600   # TARGET CPU_SECONDS pairs, one after another
# Runs the binaries scripts/fuzz.sh built (build-fuzz/fuzz/) at nice 19 on
# the corpora in build-fuzz/corpus/TARGET, stops each with SIGINT once its
# user + system time reaches the given seconds (libFuzzer then prints its
# final stats), and logs to build-fuzz/logs/TARGET.cpu.log; one line per
# run in build-fuzz/logs/cpu_time.log. Run two at once on two cores.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tick=$(getconf CLK_TCK)
mkdir -p "$root/build-fuzz/logs"
while [ $# -ge 2 ]; do
  t=$1 s=$2; shift 2
  bin="$root/build-fuzz/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz_cpu_time: $bin missing: run scripts/fuzz.sh $t 1 first" >&2; exit 2; }
  corpus="$root/build-fuzz/corpus/$t" seeds=("$root/fuzz/seeds/$t")
  mkdir -p "$corpus"
  [ -d "$root/fuzz/regressions/$t" ] && seeds+=("$root/fuzz/regressions/$t")
  log="$root/build-fuzz/logs/$t.cpu.log"
  (cd "$root/build-fuzz" && exec nice -n 19 "$bin" -max_total_time=1000000 -print_final_stats=1 -rss_limit_mb=6144 \
     -artifact_prefix="$root/build-fuzz/crash-$t-" "$corpus" "${seeds[@]}") >"$log" 2>&1 &
  pid=$! cpu=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    read -r -a st <"/proc/$pid/stat" 2>/dev/null || break
    cpu=$(( (st[13] + st[14]) / tick ))
    if [ "$cpu" -ge "$s" ]; then kill -INT "$pid"; break; fi
  done
  wait "$pid"; rc=$?
  # libFuzzer exits 72 when interrupted: the run ended as asked.
  [ "$rc" = 72 ] && rc=0
  execs=$(grep -E "stat::number_of_executed_units" "$log" | awk '{print $2}')
  done=$(grep -E "^#[0-9]+[[:space:]]*(DONE|REDUCE|NEW|pulse)" "$log" | tail -1 | grep -oE "cov: [0-9]+ ft: [0-9]+")
  echo "$(date -u +%FT%TZ) fuzz_$t: ${cpu} CPU s, ${execs:-?} executions, ${done:-no coverage line}, exit $rc" | tee -a "$root/build-fuzz/logs/cpu_time.log"
  [ "$rc" = 0 ] || { echo "fuzz_cpu_time: fuzz_$t FAILED, see $log" >&2; exit 1; }
done
