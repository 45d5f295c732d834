#!/usr/bin/env bash
# A 2×2 wall of four headless render nodes and a headless conductor on one
# machine (loopback), fed by feed-sim: how close in time the nodes present
# each frame, what the swap barrier costs, how many bytes a frame takes at
# a given event rate, and how long a node killed with kill -9 takes to
# rejoin (and how many frames its panel missed). Not a test (BENCHMARKS.md).
#
#   bench/wall_bench.sh [events/s=10000] [frames=600] [panel=960x540] [binary dir=build]
#
# With WALL_KEY=1 the wall's messages are encrypted with a key made for
# the run ([wall] key_file), to measure what CurveZMQ costs.
#
# Every process draws on the same CPU (lavapipe, unless a GPU is present):
# on a 2-core machine the spread is mostly the scheduler's.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
rate=${1:-10000}; frames=${2:-600}; panel=${3:-960x540}; build=${4:-$root/build}
bin=$build/app/citywall; sim=$build/tools/feed_sim/feed-sim
[ -x "$bin" ] && [ -x "$sim" ] || { echo "build first: scripts/build.sh"; exit 1; }
out=$build/wall_bench; rm -rf "$out"; mkdir -p "$out"; cd "$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$out/xdg}; mkdir -p "$XDG_RUNTIME_DIR"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
pw=${panel%x*}; ph=${panel#*x}
port=$(python3 "$root/tests/cli/free_port.py")
sed -e "s#\"\.\./\.\./data/#\"$root/data/#g" \
    -e "s#^conductor = .*#conductor = \"127.0.0.1:$port\"#" -e "s#^panel_pixels = .*#panel_pixels = [$pw, $ph]#" \
    -e "s#^panel_mm = .*#panel_mm = [$pw, $ph]#" -e "s#^barrier_ms = .*#barrier_ms = 100#" \
    "$root/tests/data/wall_2x2.toml" >wall.toml
if [ "${WALL_KEY:-0}" = 1 ]; then
  "$bin" --wall-keygen wall.key >/dev/null
  sed -i "s#^conductor = .*#&\nkey_file = \"wall.key\"#" wall.toml
fi
common=(--config wall.toml --camera 121.4990,31.2390,2600,30,55)
"$sim" --port 0 --rate "$rate" --backlog 0 --seed 5 >sim.out 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q listening sim.out && break; sleep 0.1; done
feed="ws://127.0.0.1:$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' sim.out | head -n 1)"
declare -A node_pid
start_node() {
  "$bin" "${common[@]}" --wall-node "$1" --wall-report "$2" >>"$1.log" 2>&1 &
  pids+=($!); node_pid[$1]=$!
}
for n in top-left top-right bottom-left bottom-right; do start_node "$n" "$n.txt"; done
for _ in $(seq 100); do [ "$(cat ./*.log | grep -c following)" = 4 ] && break; sleep 0.1; done
"$bin" "${common[@]}" --headless --wall-conductor --feed "$feed" --no-journal --no-ui --size 160x90 --frames "$frames" \
  --wall-report conductor.txt >conductor.log 2>&1 &
cpid=$!; pids+=($cpid)
# Halfway: bottom-right is killed and started again at once.
lines() { (wc -l <"$1") 2>/dev/null || echo 0; }
while [ "$(lines conductor.txt)" -lt $((frames / 2)) ]; do sleep 0.1; done
killed_frame=$(wc -l <conductor.txt); killed_us=$(date +%s%6N)
kill -9 "${node_pid[bottom-right]}"
start_node bottom-right bottom-right-2.txt
wait "$cpid" || true
sleep 1
for n in top-left top-right bottom-left bottom-right; do kill -TERM "${node_pid[$n]}" 2>/dev/null || true; done
sleep 1
python3 - "$killed_frame" "$killed_us" "$rate" "$panel" <<'PY'
import sys, statistics
killed_frame, killed_us, rate, panel = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def read(path):
    rows = {}
    try:
        for line in open(path):
            f = line.split()
            rows[int(f[1])] = (tuple(f[:8]), int(f[9]))
    except FileNotFoundError:
        pass
    return rows
conductor = read("conductor.txt")
nodes = {n: read(n + ".txt") for n in ("top-left", "top-right", "bottom-left", "bottom-right")}
again = read("bottom-right-2.txt")
nodes["bottom-right"].update(again)
# Frames every node presented (and in step: the agreed fields equal the conductor's).
bad = sum(1 for rows in nodes.values() for k, (agreed, _) in rows.items() if k in conductor and agreed != conductor[k][0])
common = [k for k in conductor if all(k in rows for rows in nodes.values())]
spread = sorted(max(rows[k][1] for rows in nodes.values()) - min(rows[k][1] for rows in nodes.values()) for k in common)
q = lambda v, p: v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))] if v else float("nan")
first_back = min(again) if again else None
rejoin_ms = (again[first_back][1] - killed_us) / 1000 if again else float("nan")
missed = (first_back - killed_frame) if again else None
print(f"wall_bench: {len(conductor)} frames, 4 nodes of {panel}, feed {rate} events/s; {bad} frames out of step")
print(f"wall_bench: presentation spread across the 4 nodes over {len(common)} frames: median {q(spread, 0.5)/1000:.2f} ms, p99 {q(spread, 0.99)/1000:.2f} ms")
print(f"wall_bench: bottom-right killed at frame {killed_frame}, restarted at once: presenting in step again after {rejoin_ms:.0f} ms; its panel missed {missed} frames")
PY
grep "wall: barrier\|wall: .* frames" conductor.log | sed 's/^citywall:/wall_bench:/'
