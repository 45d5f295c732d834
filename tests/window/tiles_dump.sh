#!/usr/bin/env bash
# The state dump says what the 3D Tiles streamer holds: a window streaming
# the test tileset reports it known, loaded and drawn, held under its budget;
# the features it numbered and what they take; one without tilesets reports
# that it streams nothing.
set -eu
bin="$1"; src="$2"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() {  # NAME CHECK ARGS…: a window run whose dump's `tiles` (`t`) passes CHECK
  local name=$1 check=$2; shift 2
  xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --window --size 320x180 --no-ui --validation --frames 12 \
    --dump-state "$tmp/$name.json" "$@" >"$tmp/$name.txt" 2>&1 || { cat "$tmp/$name.txt"; echo "FAIL: $name: the wall stopped"; exit 1; }
  python3 -c "import json, sys; t = json.load(open(sys.argv[1]))['tiles']; assert $check, t; print('$name:', t)" "$tmp/$name.json" ||
    { echo "FAIL: $name: the dump's tiles"; exit 1; }
}
run streaming 't["streaming"] and t["known"] == 4 and t["loaded"] >= 1 and t["resident"] >= 1 and t["drawn"] >= 1 and t["drawn_triangles"] > 0 and 0 < t["held_bytes"] <= t["peak_held_bytes"] <= t["budget_bytes"] == 16 << 20 and t["failed"] == 0 and t["features"] >= 1 and t["feature_bytes"] >= 44 * t["features"]' \
  --tileset "$src/tests/data/3dtiles/blocks/tileset.json" --tiles-memory 16
run none 'not t["streaming"] and t["loaded"] == 0 and t["budget_bytes"] == 0 and t["features"] == 0' \
  --city "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson"
