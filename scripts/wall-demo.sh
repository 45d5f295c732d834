#!/usr/bin/env bash
# A 2×2 video wall on one machine: the simulated city feed, four render
# nodes (one per panel) and the conductor with its console, from the
# [wall] section of config/demo.toml. With a display: four borderless
# panel windows where the panels hang, and the console in a window.
# Without one: ten seconds of the wall, then each panel and the console as
# PNGs in citywall-shots/wall/. Extra arguments go to every citywall.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$root/build/xdg-runtime"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
bin="$root/build/app/citywall"
out="$root/citywall-shots/wall"; mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

sim_out=$(mktemp)
"$root/build/tools/feed_sim/feed-sim" --port 0 --speed 10 --backlog 12 --crs GCJ02 --batch 20 >"$sim_out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$sim_out" && break; sleep 0.1; done
port=$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' "$sim_out" | head -n 1)
[ -n "$port" ] || { echo "citywall wall demo: feed-sim did not start" >&2; exit 1; }
echo "citywall wall demo: simulated feed on ws://127.0.0.1:$port"

display=${DISPLAY:-}${WAYLAND_DISPLAY:-}
nodes=()
for n in top-left top-right bottom-left bottom-right; do
  shot=(); [ -z "$display" ] && shot=(--screenshot "$out/$n.png")
  "$bin" --config "$root/config/demo.toml" --wall-node "$n" "${shot[@]}" "$@" >"$out/$n.log" 2>&1 &
  pids+=($!); nodes+=($!)
done
echo "citywall wall demo: four render nodes started (logs in $out)"
if [ -n "$display" ]; then
  # The console: close it (or Esc) to end the demo.
  "$bin" --config "$root/config/demo.toml" --wall-conductor --feed "ws://127.0.0.1:$port" --no-journal "$@"
else
  "$bin" --config "$root/config/demo.toml" --wall-conductor --headless --feed "ws://127.0.0.1:$port" --no-journal \
    --size 1280x720 --run-for 10 --screenshot "$out/console.png" "$@"
  kill -TERM "${nodes[@]}"; wait "${nodes[@]}" || true
  echo "citywall wall demo: wrote $out/console.png and $out/{top-left,top-right,bottom-left,bottom-right}.png"
fi
