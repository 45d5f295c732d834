#!/usr/bin/env bash
# The window path (GLFW swapchain under Xvfb) renders the same image as the
# headless path for the same camera. Both run with validation on, and with
# the same multisampling (left automatic, a window on lavapipe takes 1×).
set -eu
bin="$1"; src="$2"; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(--city "$src/data/shanghai_bund_lujiazui_osm_buildings.geojson" --camera 121.5005,31.2395,1200,30,60
      --size 640x360 --no-ui --validation --msaa 4)
xvfb-run -a -s "-screen 0 1280x720x24" "$bin" --window --frames 3 --screenshot "$tmp/window.png" "${args[@]}"
"$bin" --headless --screenshot "$tmp/headless.png" "${args[@]}"
if cmp -s "$tmp/window.png" "$tmp/headless.png"; then
  echo "window and headless images are identical"
else
  mkdir -p window-results && cp "$tmp"/*.png window-results/
  echo "FAIL: the window image differs from the headless one (both kept in $(pwd)/window-results)"; exit 1
fi
