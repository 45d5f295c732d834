#!/usr/bin/env bash
# What a wall's display does to it, in a window under Xvfb.
# 1. A window whose GPU device is lost (simulated at the submission of frame 2:
# CITYWALL_TEST_LOSE_DEVICE_AT_FRAME) makes its renderer again on the same
# window — a new device, surface and swapchain, the city's buildings read
# again — and goes on: validation stays silent, the state dump counts the
# rebuild, and the picture after it is the one the headless path draws.
set -eu
bin="$1"; src="$2"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--city "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson" --camera 121.5005,31.2395,1200,30,60
      --size 640x360 --no-ui --validation --msaa 4)
CITYWALL_TEST_LOSE_DEVICE_AT_FRAME=2 xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --window --frames 5 \
  --screenshot "$tmp/window.png" --dump-state "$tmp/state.json" "${args[@]}" > "$tmp/log.txt" 2>&1 ||
  { cat "$tmp/log.txt"; echo "FAIL: the window run did not survive the lost device"; exit 1; }
grep -q "renderer made again on" "$tmp/log.txt" || { cat "$tmp/log.txt"; echo "FAIL: no rebuild in the log"; exit 1; }
python3 - "$tmp/state.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["renderer"]
assert r["rebuilds"] == 1 and "device was lost" in r["last"], r
print("state dump:", r)
PY
"$bin" --headless --screenshot "$tmp/headless.png" "${args[@]}" > /dev/null
if cmp -s "$tmp/window.png" "$tmp/headless.png"; then
  echo "the window after the rebuild draws what the headless path draws"
else
  mkdir -p device-lost-results && cp "$tmp"/*.png "$tmp/log.txt" device-lost-results/
  echo "FAIL: the image after the rebuild differs from the headless one (kept in $(pwd)/device-lost-results)"; exit 1
fi
# 2. A kiosk wall told to use monitor 2 where there is one: it stands on the
# primary, says so in the log and the dump, and counts it.
xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --window --fullscreen --monitor 2 --frames 3 \
  --screenshot "$tmp/monitor.png" --dump-state "$tmp/monitor.json" "${args[@]}" > "$tmp/monitor.txt" 2>&1 ||
  { cat "$tmp/monitor.txt"; echo "FAIL: a missing monitor stopped the wall"; exit 1; }
grep -q "monitor 2 is not connected" "$tmp/monitor.txt" || { cat "$tmp/monitor.txt"; echo "FAIL: the missing monitor was not said"; exit 1; }
python3 - "$tmp/monitor.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["display"]
assert d["monitor_fallbacks"] == 1 and "monitor 2" in d["note"], d
print("state dump:", d)
PY
