#!/usr/bin/env bash
# Runs render_bench on the peers' two cities (shared/peers/README.md cameras)
# RUNS times each; BENCHMARKS.md records the medians of these runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/build/bench/render_bench"
runs=${RUNS:-3}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$root/build/xdg-runtime}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
for i in $(seq "$runs"); do
  echo "== run $i: Manhattan (113k buildings)"
  "$bench" --frames 30 "$@"
  echo "== run $i: Shanghai (1.4k buildings)"
  "$bench" --city "$root/data/shanghai_bund_lujiazui_osm_buildings.geojson" \
    --web-camera 121.4985,31.2375,14.6,55,-25 --frames 30 "$@"
done
