#!/usr/bin/env bash
# Input on a real window (Xvfb, xdotool): clicking a case in the dashboard's
# list selects it, opens its card and flies the camera there; clicking that
# case's marker on the map selects it again (picking through the window); B
# saves the view as a bookmark in the configuration file; Escape quits. Validation layers on: any message fails.
# The app prints what an input test needs with CITYWALL_TRACE=1: the visible
# list rows and, after a flight, where the selected marker is on screen.
set -eu
bin="$1"; src="$2"
tmp=$(mktemp -d)
log="$tmp/log"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
command -v xdotool >/dev/null || { echo "FAIL: xdotool is missing (scripts/install-deps.sh installs it)"; exit 1; }
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1280x720x24" "$0" "$@"; fi

fail() { echo "FAIL: $1"; echo "--- citywall output:"; cat "$log"; exit 1; }
wait_for() {  # pattern, seconds
  for _ in $(seq $(( $2 * 10 ))); do grep -q -- "$1" "$log" && return 0; sleep 0.1; done
  fail "waited $2 s for '$1'"
}

printf '# the wall of the input test\n[display]\nlanguage = "zh"\n[[bookmarks]]\nname = "外滩"\nlon = 121.4895\nlat = 31.2385\ndistance = 1500\nheading = 75\npitch = 62\n' >"$tmp/wall.toml"
CITYWALL_TRACE=1 "$bin" --config "$tmp/wall.toml" --window --size 1280x720 --ui-scale 1 --validation --no-vsync \
  --city "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson" \
  --events "$src/tests/data/dashboard_events.jsonl" --clock 2026-11-22T10:30:00+08:00 \
  --camera 121.5005,31.2385,4200,-25,50 >"$log" 2>&1 &
pid=$!
wait_for "trace: row 2 " 60
win=$(xdotool search --sync --name '^citywall$' | head -n 1)
[ -n "$win" ] || fail "no citywall window found"

# 1. Click the third row of the case list.
read -r _ _ _ id _ x y w h < <(grep "trace: row 2 " "$log" | head -n 1)
xdotool mousemove --window "$win" $((x + w / 3)) $((y + h / 2)) click 1
wait_for "selected case $id" 20
wait_for "camera arrived at" 30
# The camera now looks at the case: its position from the recorded events.
lonlat=$(grep -o "\"id\":\"$id\",\"time\":[0-9]*,\"status\":\"reported\"[^}]*" "$src/tests/data/dashboard_events.jsonl" |
         sed -n 's/.*"lon":\([0-9.]*\),"lat":\([0-9.]*\).*/\1 \2/p')
read -r want_lon want_lat <<<"$lonlat"
read -r got_lon got_lat < <(grep "camera arrived at" "$log" | tail -n 1 | sed -n 's/.*arrived at \([0-9.]*\),\([0-9.]*\) .*/\1 \2/p')
awk -v a="$got_lon" -v b="$want_lon" -v c="$got_lat" -v d="$want_lat" \
  'BEGIN { if ((a-b)^2 + (c-d)^2 > 1e-8) exit 1 }' || fail "camera at $got_lon,$got_lat, expected the case at $want_lon,$want_lat"
echo "list click: selected $id, camera flew to $got_lon,$got_lat"

# 2. Clear the selection (Backspace), then click the case's marker on the map.
read -r _ _ mid _ mx my < <(grep "trace: marker $id at" "$log" | tail -n 1)
before=$(grep -c "selected case $id" "$log")
xdotool mousemove --window "$win" 5 700   # off the panels, so keys reach the map
xdotool key --window "$win" BackSpace
sleep 0.5
xdotool mousemove --window "$win" "$mx" "$my" click 1
for _ in $(seq 100); do [ "$(grep -c "selected case $id" "$log")" -gt "$before" ] && break; sleep 0.1; done
[ "$(grep -c "selected case $id" "$log")" -gt "$before" ] || fail "clicking the marker at $mx,$my did not select $id"
echo "map click: picked $mid at $mx,$my"

# 3. Key 1 flies to the first bookmark; B saves the view as a bookmark,
#    appended to the configuration.
arrivals=$(grep -c "camera arrived at" "$log")
xdotool key --window "$win" 1
for _ in $(seq 200); do [ "$(grep -c "camera arrived at" "$log")" -gt "$arrivals" ] && break; sleep 0.1; done
grep "camera arrived at" "$log" | tail -n 1 | grep -q "arrived at 121.4895[0-9]*,31.2385[0-9]* distance 1500" ||
  fail "key 1 did not bring the camera to the bookmark: $(grep "camera arrived at" "$log" | tail -n 1)"
echo "key 1: flew to the bookmark"
xdotool key --window "$win" b
wait_for "bookmark '视角 2' saved in $tmp/wall.toml" 10
grep -q '^name = .视角 2.$' "$tmp/wall.toml" && grep -q '^# the wall of the input test' "$tmp/wall.toml" ||
  fail "the configuration does not hold the new bookmark: $(cat "$tmp/wall.toml")"
echo "bookmark saved in the configuration"

# 4. Escape quits cleanly, with no validation message.
xdotool key --window "$win" Escape
rc=0; wait "$pid" || rc=$?; pid=
[ "$rc" = 0 ] || fail "citywall exited with $rc"
grep -q "^citywall: 0 validation messages" "$log" || fail "validation messages (or no count printed)"
echo "ok"
