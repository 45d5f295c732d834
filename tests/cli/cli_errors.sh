#!/usr/bin/env bash
# Bad files and bad options: a message naming the file or option, a non-zero
# exit, no crash (a crash exits with 128+signal).
set -u
bin="$1"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # program-name program expected-exit-code expected-text args...
  local name="$1" program="$2" code="$3" text="$4"; shift 4
  out=$("$program" "$@" 2>&1); rc=$?
  if [ "$rc" != "$code" ] || ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL: $name $* -> exit $rc, output: $out (wanted exit $code and '$text')"; fail=1
  else
    echo "ok: $name $* -> exit $rc: $(grep -F -- "$text" <<<"$out" | head -1)"
  fi
}
expect() { check citywall "$bin" "$@"; }  # expected-exit-code expected-text args...
printf '{"type":"FeatureCollection","features":[' > "$tmp/broken.geojson"
printf 'not a model' > "$tmp/broken.glb"
printf '{"type":"FeatureCollection","features":[]}' > "$tmp/empty.geojson"
expect 1 "$tmp/missing.geojson: file not found" --headless --city "$tmp/missing.geojson"
expect 1 "$tmp/broken.geojson: not valid JSON" --headless --city "$tmp/broken.geojson"
expect 1 "$tmp/broken.glb: not a readable glTF file" --headless --city "$tmp/empty.geojson" --model "$tmp/broken.glb@121.5,31.2,0,0,1"
expect 2 "--size: expected WIDTHxHEIGHT" --headless --city "$tmp/empty.geojson" --size huge
expect 2 "unknown option '--frobnicate'" --frobnicate
expect 0 "citywall 0.1.0" --version
expect 1 "is outside what" --headless --city "$tmp/empty.geojson" --camera 121.5,31.2,1000,0,0 --size 100000x10 --screenshot "$tmp/x.png"
expect 1 "cannot write PNG" --headless --city "$tmp/empty.geojson" --camera 121.5,31.2,1000,0,0 --size 64x64 --no-ui --screenshot /proc/citywall/x.png
expect 0 "citywall: wrote $tmp/ok.png" --headless --city "$tmp/empty.geojson" --camera 121.5,31.2,1000,0,0 --size 64x64 --no-ui --screenshot "$tmp/ok.png"
expect 2 "--feed: expected a ws://, wss://, open311+http(s)://" --headless --feed http://example.invalid/

# A feed that is not there: citywall keeps running, reports the state and dumps what it has.
expect 0 "citywall: wrote $tmp/state.json" --headless --feed ws://127.0.0.1:9 --run-for 1 --dump-state "$tmp/state.json"
if grep -q '"schema":"citywall.state.v1"' "$tmp/state.json" && grep -q '"state":"waiting"' "$tmp/state.json"; then
  echo "ok: the dump of an unreachable feed says it is waiting to reconnect"
else
  echo "FAIL: unexpected dump: $(head -c 400 "$tmp/state.json")"; fail=1
fi
# A dump that cannot be written is an error, not a crash.
expect 1 "cannot write the state dump" --headless --feed ws://127.0.0.1:9 --run-for 0.2 --dump-state /proc/citywall/state.json

# A video wall's options: each needs the configuration's [wall] and says what is wrong.
expect 2 "--wall-node: the configuration has no [wall]" --city "$tmp/empty.geojson" --wall-node top-left
expect 2 "--wall-panel: the configuration has no [wall]" --city "$tmp/empty.geojson" --wall-panel 1
expect 2 "--wall-node: expected NAME or NAME@HOST:PORT" --city "$tmp/empty.geojson" --wall-node "@host"
printf '[wall]\ncolumns = 2\nconductor = "127.0.0.1:9"\n[[wall.nodes]]\nname = "left"\npanel = 1\n' > "$tmp/wall.toml"
expect 2 "--wall-node: [wall] names no node 'middle' (it names: left)" --config "$tmp/wall.toml" --city "$tmp/empty.geojson" --wall-node middle
expect 2 "--wall-panel: the wall has panels 1 to 2, not 3" --config "$tmp/wall.toml" --city "$tmp/empty.geojson" --wall-panel 3
expect 2 "--wall-conductor and --wall-node exclude each other" --config "$tmp/wall.toml" --city "$tmp/empty.geojson" --wall-conductor --wall-node left
# A conductor whose port is taken says so and exits (the node test's conductor holds none here: port 9 is privileged or closed).
expect 2 "--wall-panel: the panels must form a rectangle of the wall" --config "$tmp/wall.toml" --city "$tmp/empty.geojson" --wall-panel 1,1
# The wall's key: written for its owner alone; a configuration that names a missing or broken one says so.
expect 0 "citywall: wrote a new wall key to $tmp/wall.key" --wall-keygen "$tmp/wall.key"
if [ "$(stat -c %a "$tmp/wall.key")" != 600 ]; then echo "FAIL: the wall key is not mode 600"; fail=1; fi
expect 1 "cannot write the wall key /proc/citywall/wall.key" --wall-keygen /proc/citywall/wall.key
printf '[wall]\nkey_file = "missing.key"\n' > "$tmp/wall-nokey.toml"
expect 2 "wall.key_file: cannot read the wall key $tmp/missing.key" --config "$tmp/wall-nokey.toml" --city "$tmp/empty.geojson"
printf 'public = "x"\n' > "$tmp/bad.key"
printf '[wall]\nkey_file = "bad.key"\n' > "$tmp/wall-badkey.toml"
expect 2 "needs public and secret keys of 40 characters" --config "$tmp/wall-badkey.toml" --city "$tmp/empty.geojson"
printf '[wall]\nconductor = "203.0.113.7:5560"\n' > "$tmp/wall-far.toml"
expect 1 "wall conductor: cannot listen on 203.0.113.7:5560" --config "$tmp/wall-far.toml" --city "$tmp/empty.geojson" --headless --wall-conductor --frames 1 --size 64x64 --no-ui

# The configuration: problems name their key and exit 2; a missing file says so.
printf '[display]\nlanguag = "zh"\n[layers.heat]\nradius_m = -3\n' > "$tmp/bad.toml"
expect 2 "bad.toml:2: display.languag: unknown key" --config "$tmp/bad.toml" --headless
expect 2 "bad.toml:4: layers.heat.radius_m: must be between 5 and 20000, got -3" --config "$tmp/bad.toml" --headless
expect 2 "nowhere.toml: cannot be read" --config "$tmp/nowhere.toml" --headless
expect 2 "$tmp: is a folder, not a configuration file" --config "$tmp" --headless
expect 2 "--bookmark: no bookmark named 'X' (the configuration defines none)" --city "$tmp/empty.geojson" --bookmark X
expect 2 "--clock: expected an RFC 3339 time" --city "$tmp/empty.geojson" --clock yesterday
expect 1 "nothing.jsonl: cannot be read" --headless --city "$tmp/empty.geojson" --events "$tmp/nothing.jsonl"
# Recorded events with a bad line: counted, the rest applied.
src=$(cd "$(dirname "$0")/../.." && pwd)
{ head -n 20 "$src/tests/data/dashboard_events.jsonl"; echo '{"type":"case","id":'; } > "$tmp/events.jsonl"
expect 0 "(20 lines, 1 rejected)" --headless --city "$tmp/empty.geojson" --events "$tmp/events.jsonl" --clock events --dump-state "$tmp/rec.json"
# A briefing slide: a bookmark of the demo configuration, rendered headless with the panels.
expect 0 "citywall: wrote $tmp/slide.png" --config "$src/config/demo.toml" --feed ws://127.0.0.1:9 --headless --bookmark 外滩 --size 640x360 --screenshot "$tmp/slide.png"
expect 1 "--select: no case, sensor or building 'SR-none'" --config "$src/config/demo.toml" --feed ws://127.0.0.1:9 --headless --select SR-none --size 64x64 --screenshot "$tmp/none.png"

# 3D Tiles: a tileset that is not there, or not a tileset, is an error naming it; a tile that
# is missing is a warning, and the rest is drawn.
expect 1 "$tmp/none/tileset.json: file not found" --headless --tileset "$tmp/none/tileset.json"
expect 1 "$tmp/empty.geojson: not a 3D Tiles tileset" --headless --tileset "$tmp/empty.geojson"
expect 2 "--tileset: expected FILE.json@lon,lat" --headless --tileset "t.json@121.5"
cp -r "$src/tests/data/3dtiles/b3dm_city" "$tmp/b3dm" && rm "$tmp/b3dm/ur.b3dm"
expect 0 "citywall: warning: $tmp/b3dm/ur.b3dm: file not found" --headless --tileset "$tmp/b3dm/tileset.json" --camera -75.6121,40.0420,450,20,55 --size 320x180 --no-ui --screenshot "$tmp/tiles.png"
# citywall-tiles: its options and its input.
tiles="$2"
expect_tiles() { check citywall-tiles "$tiles" "$@"; }
expect_tiles 2 "give --out DIR" "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson"
expect_tiles 1 "$tmp/broken.geojson: not valid JSON" --out "$tmp/t" "$tmp/broken.geojson"
expect_tiles 1 "the city has no buildings to write" --out "$tmp/t" "$tmp/empty.geojson"
expect_tiles 0 "1449 in 5 tiles of 2 levels" --out "$tmp/bund" "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson"
expect 0 "citywall: wrote $tmp/bund.png" --headless --tileset "$tmp/bund/tileset.json" --size 160x90 --no-ui --screenshot "$tmp/bund.png"

# citywall-bridge: its own command line and configuration, the same messages.
bridge="$3"
expect_bridge() { check citywall-bridge "$bridge" "$@"; }
expect_bridge 0 "citywall-bridge 0.1.0" --version
expect_bridge 2 "give --feed URL" --listen 127.0.0.1:0
expect_bridge 2 "not a ws://, wss://, open311+http(s)://" --feed ftp://x/
expect_bridge 2 "--listen: expected HOST:PORT" --feed ws://127.0.0.1:9/ --listen nowhere
printf '[[feeds]]\nkind = "open311"\nurl = "https://x/requests.json"\npoll_s = 0\n' > "$tmp/bridge.toml"
expect_bridge 2 "feeds[0].poll_s: must be between 1 and 86400" --config "$tmp/bridge.toml"
exit $fail
