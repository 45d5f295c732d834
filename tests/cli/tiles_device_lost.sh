#!/usr/bin/env bash
# A GPU device lost while 3D Tiles stream (simulated at the submission of
# frame N: CITYWALL_TEST_LOSE_DEVICE_AT_FRAME). The tiles' buffers were made
# by the loading workers for the lost renderer; it empties them as it goes
# (validation on: a buffer left at vkDestroyDevice is a message). The CPU
# kept only what picking reads of those tiles, so the streamer reads them
# again for the new renderer (a loss during the screenshot's frame: the
# picture settles again), and the picture is the undisturbed one.
set -eu
bin="$1"; src="$2"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--headless --tileset "$src/tests/data/3dtiles/blocks/tileset.json" --size 320x180 --no-ui --validation)
"$bin" "${args[@]}" --screenshot "$tmp/steady.png" > "$tmp/steady.txt" 2>&1 || { cat "$tmp/steady.txt"; echo "FAIL: the undisturbed run"; exit 1; }
for frame in 2 3 4; do
  log="$tmp/lost$frame.txt"
  CITYWALL_TEST_LOSE_DEVICE_AT_FRAME=$frame "$bin" "${args[@]}" --screenshot "$tmp/lost$frame.png" > "$log" 2>&1 ||
    { cat "$log"; echo "FAIL: lost at frame $frame: the wall stopped"; exit 1; }
  grep -q "renderer made again on" "$log" || { cat "$log"; echo "FAIL: lost at frame $frame: no rebuild in the log"; exit 1; }
  if grep -q "vulkan validation" "$log"; then cat "$log"; echo "FAIL: lost at frame $frame: validation messages"; exit 1; fi
  grep -q "0 validation messages" "$log" || { cat "$log"; echo "FAIL: lost at frame $frame: no validation count"; exit 1; }
  cmp -s "$tmp/steady.png" "$tmp/lost$frame.png" || {
    mkdir -p tiles-device-lost-results && cp "$tmp"/*.png tiles-device-lost-results/
    echo "FAIL: lost at frame $frame: the picture differs (kept in $(pwd)/tiles-device-lost-results)"; exit 1; }
  echo "lost at frame $frame: made again, no validation message, the same picture"
done
