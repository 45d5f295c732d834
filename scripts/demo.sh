#!/usr/bin/env bash
# Sets up, builds and runs citywall on the bundled Shanghai district (the Bund
# and Lujiazui). With a display: a window. Without one: screenshots of a few
# views in citywall-shots/. Extra arguments go to citywall.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$root/build/xdg-runtime"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
exec "$root/build/app/citywall" --city "$root/data/shanghai_bund_lujiazui_osm_buildings.geojson" \
  --out-dir "$root/citywall-shots" "$@"
