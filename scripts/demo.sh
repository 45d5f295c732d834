#!/usr/bin/env bash
# Sets up, builds and runs citywall on the bundled Shanghai district (the Bund
# and Lujiazui) with a simulated city feed (feed-sim on 127.0.0.1) streaming
# cases and sensor readings. With a display: a window. Without one:
# screenshots of a few views in citywall-shots/ after a few seconds of live
# data. Extra arguments go to citywall.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$root/build/xdg-runtime"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi

# The embedded simulated feed: the last 12 hours of the city at once, then
# ten times real speed, in GCJ-02 like a Chinese platform would send it
# (citywall converts on ingestion).
sim_out=$(mktemp)
"$root/build/tools/feed_sim/feed-sim" --port 0 --speed 10 --backlog 12 --crs GCJ02 --batch 20 >"$sim_out" 2>/dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; rm -f "$sim_out"' EXIT
for _ in $(seq 50); do grep -q listening "$sim_out" && break; sleep 0.1; done
port=$(sed -n 's/.*"listening":\([0-9]*\).*/\1/p' "$sim_out" | head -n 1)
[ -n "$port" ] || { echo "citywall demo: feed-sim did not start" >&2; exit 1; }
echo "citywall demo: simulated feed on ws://127.0.0.1:$port"

extra=()
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then extra=(--run-for 3); fi
"$root/build/app/citywall" --config "$root/config/demo.toml" \
  --feed "ws://127.0.0.1:$port" --out-dir "$root/citywall-shots" "${extra[@]}" "$@"
