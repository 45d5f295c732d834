#!/usr/bin/env bash
# Whole-wall soak: citywall as an operations centre runs it for weeks, with
# every long-lived part busy at once, sampled every 10 s for what would grow
# if something leaked: resident memory, open file descriptors, threads, and
# the tiles' memory against their budget. Not a test (BENCHMARKS.md).
#
#   bench/wall_soak.sh [seconds=2400] [events_per_second=500] [out=build/wall-soak]
#
# WRAP runs citywall under a tool, e.g. to see what the heap holds at a
# moment: WRAP="heaptrack -o DIR/ht" with GLIBC_TUNABLES=glibc.malloc.hugetlb=0
# (else citywall runs itself again outside heaptrack), then `kill -9` the
# wall at that moment: heaptrack_print --print-leaks lists what was held.
#
# The C heap in use comes from the status line citywall sends where
# systemd would listen ($NOTIFY_SOCKET, every 10 s; its heap trimmer looks
# at the heap every 30 s), so RSS that grows can be told apart from a heap
# in use that grows (a leak, or a store that fills) and from free holes the
# heap keeps (fragmentation). (It used to be gdb calling malloc_stats() in
# the process: that aborted citywall once, "The futex facility returned an
# unexpected error code", a thread's wait cut by the call.)
#
# What runs (the kiosk soak, bench/kiosk_soak.sh, has the feed and the
# dashboard only):
# - the demo's deployment (config/demo.toml): base map, governance layers,
#   bookmarks, alerts that fly the camera to urgent cases;
# - the bookmark tour, so the camera keeps moving and the base map's and the
#   tileset's content for the camera keeps changing;
# - a 3D Tiles tileset of the bundled buildings (written by citywall-tiles)
#   under a small memory budget, so tiles are loaded and evicted all along;
# - a feed with faults (malformed, duplicate, out-of-order messages) that
#   drops the connection every two minutes, so the client reconnects;
# - the journal, recording everything, checked whole at the end;
# - the clock follows the feed, so closed cases age out of the live store.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-2400}; rate=${2:-500}; out=${3:-$root/build/wall-soak}
bin="$root/build/app/citywall"; sim="$root/build/tools/feed_sim/feed-sim"
tiles="$root/build/tools/tiles/citywall-tiles"; journal="$root/build/tools/journal/citywall-journal"
for b in "$bin" "$sim" "$tiles" "$journal"; do [ -x "$b" ] || { echo "build first: scripts/build.sh ($b)"; exit 1; }; done
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$seconds" "$rate" "$out"; fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$root/build/xdg-runtime}
rm -rf "$out"; mkdir -p "$out"

# The tileset: Manhattan's buildings (155 MB of content in 39 tiles) moved
# onto the Bund, under a 64 MB budget, when ../shared/data is there; else
# the bundled district's, which fits its budget (nothing is evicted then).
manhattan="$root/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz"
if [ -f "$manhattan" ]; then
  source_file=$manhattan placed="@121.4990,31.2390" budget_mb=64
else
  echo "no ../shared/data: the tileset is the bundled district's, and fits its budget"
  source_file=$root/data/shanghai_bund_lujiazui_osm_buildings.geojson placed="" budget_mb=16
fi
"$tiles" --out "$out/tiles" "$source_file" >"$out/tiles.log" 2>&1 || { cat "$out/tiles.log"; exit 1; }
"$sim" --port 0 --rate "$rate" --batch 10 --faults 0.01 --drop-every 120 >"$out/sim.log" 2>&1 &
sim_pid=$!
# systemd's part: the status lines, each with the time it came.
python3 - "$out/notify" "$out/status.log" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        for line in s.recv(65536).decode(errors="replace").split("\n"):
            if line.startswith("STATUS="):
                log.write(f"{time.time():.0f} {line[7:]}\n")
PY
listener_pid=$!
trap 'kill $sim_pid $listener_pid ${app_pid:-} 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -S "$out/notify" ] && break; sleep 0.1; done
for _ in $(seq 50); do grep -q listening "$out/sim.log" && break; sleep 0.1; done
port=$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' "$out/sim.log" | head -n 1)
[ -n "$port" ] || { echo "feed-sim did not start"; exit 1; }

NOTIFY_SOCKET="$out/notify" ${WRAP:-} "$bin" --config "$root/config/demo.toml" --window --size 1280x720 --max-fps 10 --clock feed --tour \
  --feed "ws://127.0.0.1:$port" --journal "$out/journal" --tileset "$out/tiles/tileset.json$placed" \
  --tiles-memory "$budget_mb" --run-for "$seconds" --dump-state "$out/state.json" >"$out/citywall.log" 2>&1 &
app_pid=$!
echo "seconds,rss_kib,fds,threads" >"$out/samples.csv"
start=$(date +%s)
while kill -0 "$app_pid" 2>/dev/null; do
  now=$(( $(date +%s) - start ))
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$app_pid/status" 2>/dev/null || true)
  threads=$(awk '/^Threads/ {print $2}' "/proc/$app_pid/status" 2>/dev/null || true)
  fds=$(ls "/proc/$app_pid/fd" 2>/dev/null | wc -l)
  [ -n "$rss" ] && echo "$now,$rss,$fds,$threads" >>"$out/samples.csv"
  sleep 10
done
wait "$app_pid" || { echo "citywall failed:"; tail -n 20 "$out/citywall.log"; exit 1; }
"$journal" verify "$out/journal" >"$out/verify.log" 2>&1 || { cat "$out/verify.log"; echo "the journal does not verify"; exit 1; }
# The heap in use from the status lines, as the samples' seconds, beside
# the cases the store holds (the closed ones within their retention too):
# a heap that rises with them is the store filling.
echo "seconds,heap_in_use_kib,open_cases,cases_held" >"$out/heap.csv"
sed -n 's/^\([0-9]*\) .* \([0-9]*\) open cases of \([0-9]*\) held.*(heap \([0-9]*\) MiB in use).*/\1 \4 \2 \3/p' "$out/status.log" |
  awk -v s="$start" '{print $1 - s "," $2 * 1024 "," $3 "," $4}' >>"$out/heap.csv"
python3 - "$out/samples.csv" "$seconds" "$out/state.json" "$out/heap.csv" <<'PY'
import csv, json, os, sys
rows = [{k: int(v) for k, v in r.items()} for r in csv.DictReader(open(sys.argv[1]))]
total = int(sys.argv[2])
half = [r for r in rows if r["seconds"] >= total // 2]
def slope(key, rows_=None):
    rows_ = half if rows_ is None else rows_
    n = len(rows_); mx = sum(r["seconds"] for r in rows_) / n; my = sum(r[key] for r in rows_) / n
    den = sum((r["seconds"] - mx) ** 2 for r in rows_) or 1
    return sum((r["seconds"] - mx) * (r[key] - my) for r in rows_) / den
mib = lambda k: k / 1024
print(f"samples {len(rows)} over {rows[-1]['seconds']} s")
print(f"RSS: at {half[0]['seconds']} s {mib(half[0]['rss_kib']):.1f} MiB, end {mib(rows[-1]['rss_kib']):.1f} MiB, "
      f"max {mib(max(r['rss_kib'] for r in rows)):.1f} MiB; fit over the second half {slope('rss_kib') * 3600 / 1024:.2f} MiB/h")
if os.path.exists(sys.argv[4]):
    heap = [{k: int(v) for k, v in r.items()} for r in csv.DictReader(open(sys.argv[4]))]
    heap_half = [r for r in heap if r["seconds"] >= total // 2]
    if len(heap_half) >= 2:
        for key, what in (("heap_in_use_kib", "heap in use"),):
            print(f"{what}: first {mib(heap[0][key]):.1f} MiB, at {heap_half[0]['seconds']} s {mib(heap_half[0][key]):.1f} MiB, "
                  f"end {mib(heap[-1][key]):.1f} MiB; fit over the second half {slope(key, heap_half) * 3600 / 1024:.2f} MiB/h")
for key in ("fds", "threads"):
    print(f"{key}: first {rows[0][key]}, at half {half[0][key]}, end {rows[-1][key]}, max {max(r[key] for r in rows)}")
state = json.load(open(sys.argv[3]))
def find(obj, name):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == name: return v
            got = find(v, name)
            if got is not None: return got
    return None
for name in ("events_applied", "feeds", "tiles", "process", "heap_trims"):
    value = find(state, name)
    if value is not None: print(f"{name}: {json.dumps(value)[:500]}")
tiles = state.get("tiles", {})
if tiles.get("peak_held_bytes", 0) > tiles.get("budget_bytes", 0):
    print("FAIL: the tiles held more than their budget"); sys.exit(1)
PY
grep -E "^(journal|records|keyframes)" <("$journal" info "$out/journal") || true
