#!/usr/bin/env bash
# Start-up and memory of one citywall start in a window (Xvfb when there is
# no display): the city's load time, the time from launch to the first
# frame, the peak resident memory and the resident memory 10 s after the
# first frame (VmRSS sampled every 50 ms). Not a test (BENCHMARKS.md).
#
#   bench/startup_memory.sh [first|second] [city=Manhattan from ../shared/data] [binary=build/app/citywall]
#
# first: the city cache folder is emptied, so the GeoJSON is parsed and
# extruded and the cache written; second: the cache of a previous run is read.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
start=${1:-first}
city=${2:-$root/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz}
bin=${3:-$root/build/app/citywall}
[ -f "$city" ] || { echo "startup_memory: SKIPPED: $city not found (the benchmark data lives in ../shared/data)"; exit 0; }
[ -x "$bin" ] || { echo "build first: scripts/build.sh"; exit 1; }
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$start" "$city" "$bin"; fi
out=$root/build/startup_memory; mkdir -p "$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$out/xdg}; mkdir -p "$XDG_RUNTIME_DIR"
# Only citywall's folder: Mesa keeps its shader cache beside it, and a cold
# one would add seconds of shader compiling to the first frame on lavapipe.
[ "$start" = first ] && rm -rf "$out/cache/citywall"
log=$out/run.log; rss=$out/rss.txt; : > "$log"; : > "$rss"
t0=$(date +%s.%N)
XDG_CACHE_HOME=$out/cache "$bin" --city "$city" --window --size 1280x720 --max-fps 5 --run-for 14 \
  --web-camera -73.9855,40.738,12.3,50,29 > "$log" 2>&1 &
pid=$!; first=""
while kill -0 $pid 2>/dev/null; do
  r=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || true); [ -n "$r" ] && echo "$(date +%s.%N) $r" >> "$rss"
  [ -z "$first" ] && grep -q "first frame" "$log" && first=$(date +%s.%N)
  sleep 0.05
done
wait $pid || { echo "citywall failed:"; tail -5 "$log"; exit 1; }
peak=$(awk '{print $2}' "$rss" | sort -n | tail -1)
steady=$(awk -v t="$(echo "$first + 10" | bc)" '$1 <= t {v = $2} END {print v}' "$rss")
echo "$start start: city loaded in $(grep -o 'in [0-9.]* s' "$log" | head -1 | awk '{print $2}') s, first frame $(echo "$first - $t0" | bc | cut -c1-5) s after launch, peak RSS $((peak / 1024)) MB, RSS 10 s after the first frame $((steady / 1024)) MB"
