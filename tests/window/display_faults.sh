#!/usr/bin/env bash
# What a wall's display does to it, in a window under Xvfb (validation on:
# a message fails the run).
# 1. A window whose GPU device is lost (simulated at the submission of frame 2:
# CITYWALL_TEST_LOSE_DEVICE_AT_FRAME) makes its renderer again on the same
# window — a new device, surface and swapchain, the city's buildings read
# again — and goes on: the state dump counts the rebuild, and the picture
# after it is the one the headless path draws.
# 2. A kiosk wall told to use monitor 2 where there is one stands on the
# primary, says so in the log and counts it in the dump.
set -eu
bin="$1"; src="$2"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--city "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson" --camera 121.5005,31.2395,1200,30,60
      --size 640x360 --no-ui --validation --msaa 4)

# window NAME LOG_LINE DUMP_CHECK ARGS…: a window run that must log LOG_LINE
# and whose state dump must pass DUMP_CHECK (a Python expression over `d`).
window() {
  local name=$1 line=$2 check=$3; shift 3
  xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --window --screenshot "$tmp/$name.png" --dump-state "$tmp/$name.json" \
    "$@" "${args[@]}" > "$tmp/$name.txt" 2>&1 || { cat "$tmp/$name.txt"; echo "FAIL: $name: the wall stopped"; exit 1; }
  grep -q "$line" "$tmp/$name.txt" || { cat "$tmp/$name.txt"; echo "FAIL: $name: no '$line' in the log"; exit 1; }
  python3 -c "import json, sys; d = json.load(open(sys.argv[1])); assert $check, d; print('$name: state dump ok')" "$tmp/$name.json"
}

CITYWALL_TEST_LOSE_DEVICE_AT_FRAME=2 window lost "renderer made again on" \
  'd["renderer"]["rebuilds"] == 1 and "device was lost" in d["renderer"]["last"]' --frames 5
"$bin" --headless --screenshot "$tmp/headless.png" "${args[@]}" > /dev/null
if cmp -s "$tmp/lost.png" "$tmp/headless.png"; then
  echo "the window after the rebuild draws what the headless path draws"
else
  mkdir -p device-lost-results && cp "$tmp"/*.png "$tmp/lost.txt" device-lost-results/
  echo "FAIL: the image after the rebuild differs from the headless one (kept in $(pwd)/device-lost-results)"; exit 1
fi

window monitor "monitor 2 is not connected" \
  'd["display"]["monitor_fallbacks"] == 1 and "monitor 2" in d["display"]["note"]' --fullscreen --monitor 2 --frames 3
