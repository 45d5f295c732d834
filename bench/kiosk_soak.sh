#!/usr/bin/env bash
# Kiosk soak: citywall in a window (Xvfb when there is no display) with the
# dashboard, fed by feed-sim at a fixed event rate, for a while; samples the
# process's resident memory (VmRSS) every 10 s into a CSV and prints a
# summary: RSS after warm-up, at the end, and the growth per hour fitted
# over the second half. Not a test (BENCHMARKS.md).
#
#   bench/kiosk_soak.sh [seconds=3600] [events_per_second=1000] [out=build/soak]
#
# The clock follows the feed (--clock feed): at 1,000 events/s the simulated
# city runs far faster than real time, so an hour of this covers weeks of
# the city's time, and closed cases age out of the live store (retention
# 24 h of city time) as they would over weeks on a wall.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-3600}; rate=${2:-1000}; out=${3:-$root/build/soak}
mkdir -p "$out"
bin="$root/build/app/citywall"; sim="$root/build/tools/feed_sim/feed-sim"
[ -x "$bin" ] && [ -x "$sim" ] || { echo "build first: scripts/build.sh"; exit 1; }
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"; fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$root/build/xdg-runtime}

"$sim" --port 0 --rate "$rate" --batch 10 >"$out/sim.log" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid ${app_pid:-} 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$out/sim.log" && break; sleep 0.1; done
port=$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' "$out/sim.log" | head -n 1)

"$bin" --window --size 1280x720 --max-fps 10 --clock feed --feed "ws://127.0.0.1:$port" \
  --city "$root/data/shanghai_bund_lujiazui_osm_buildings.geojson" --run-for "$seconds" \
  --dump-state "$out/state.json" >"$out/citywall.log" 2>&1 &
app_pid=$!
echo "seconds,rss_kib" >"$out/rss.csv"
start=$(date +%s)
while kill -0 "$app_pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss" >>"$out/rss.csv"
  sleep 10
done
wait "$app_pid" || { echo "citywall failed:"; tail -n 20 "$out/citywall.log"; exit 1; }
python3 - "$out/rss.csv" "$seconds" <<'PY'
import csv, sys
rows = [(int(r["seconds"]), int(r["rss_kib"])) for r in csv.DictReader(open(sys.argv[1]))]
total = int(sys.argv[2])
warm = [r for r in rows if r[0] >= min(300, total // 4)]
half = [r for r in rows if r[0] >= total // 2]
def slope(pts):
    n = len(pts); mx = sum(p[0] for p in pts) / n; my = sum(p[1] for p in pts) / n
    den = sum((p[0] - mx) ** 2 for p in pts) or 1
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den
print(f"samples {len(rows)}; RSS after warm-up {warm[0][1]/1024:.1f} MiB at {warm[0][0]} s; "
      f"lowest after warm-up {min(r[1] for r in warm)/1024:.1f} MiB; max {max(r[1] for r in rows)/1024:.1f} MiB; "
      f"end {rows[-1][1]/1024:.1f} MiB; straight-line fit over the second half {slope(half)*3600/1024:.2f} MiB/h")
PY
grep -o '"events_applied":[0-9]*' "$out/state.json" || true
grep -o '"process":{[^}]*}' "$out/state.json" || true
