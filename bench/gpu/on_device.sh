#!/usr/bin/env bash
# Runs citywall's benchmarks on a lent GPU machine, from what
# bench/gpu/pack.sh packed (.gpu, .gl), and writes every log under $OUT:
#   run: command "bench/gpu/on_device.sh", carry [".gpu", ".gl"], timeout_s 560 (the steps' limits add up to 505 s)
# What it measures (the issue #12 rows BENCHMARKS.md lacks a GPU for):
# Manhattan at the deck.gl peer's camera and down Midtown (1080p and 4K),
# the empty city, the Shanghai district with every layer, a million
# buildings with 100,000 markers and 1,000,000 heat points at 4K (each
# culling), and a 3D Tiles flight at 4K; then the renderer's tests
# (gpu_tests) with validation on, on the real driver. Each step has its own time limit
# and the summary says how each ended, so one slow step loses only itself.
#   bench/gpu/on_device.sh --local   here, on lavapipe, with tiny runs: checks the pack and the commands
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
local=0
[ "${1:-}" = --local ] && local=1
out=${OUT:-$root/build/gpu-out}
mkdir -p "$out"
pack=/tmp/citywall-gpu
rm -rf "$pack" && mkdir -p "$pack" && tar -xzf .gpu/pack.tar.gz -C "$pack" || { echo "no .gpu/pack.tar.gz: run bench/gpu/pack.sh" | tee "$out/summary.txt"; exit 2; }
if [ "$local" = 0 ]; then
  dpkg -x .gl/libvulkan1_*.deb / && ldconfig
  if [ ! -e /usr/share/vulkan/icd.d/nvidia_icd.json ] && [ -e /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  fi
  export LD_LIBRARY_PATH="$pack/lib"
  # Validation layers for the tests, unpacked beside (never into /).
  dpkg -x .gl/vulkan-validationlayers_*.deb /tmp/vvl
  export VK_LAYER_PATH=/tmp/vvl/usr/share/vulkan/explicit_layer.d LD_LIBRARY_PATH="$pack/lib:/tmp/vvl/usr/lib/x86_64-linux-gnu"
else
  export LD_LIBRARY_PATH="$pack/lib:${LD_LIBRARY_PATH:-}"
fi
export XDG_RUNTIME_DIR=/tmp/citywall-xdg CITYWALL_SHADER_DIR="$pack/shaders"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
M="$pack/data/manhattan.geojson.gz" cases="$pack/data/nyc311.csv.gz" shanghai="$root/data/shanghai_bund_lujiazui_osm_buildings.geojson"
# Full runs there; tiny ones here (they only check that every command works).
frames=30 repeat=3 flight=120 big=3840x2160
[ "$local" = 1 ] && frames=2 repeat=1 flight=6 big=640x360

summary="$out/summary.txt"
: >"$summary"
{ date -u; uname -a; nproc; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | head -3; } >>"$summary"
step() {  # NAME SECONDS COMMAND…: runs it into NAME.txt, notes its end and its last lines
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS rc=0
  timeout "$limit" "$@" >"$out/$name.txt" 2>&1 || rc=$?
  { echo "== $name: rc=$rc in $((SECONDS - t0)) s: $*"; tail -n 12 "$out/$name.txt"; } >>"$summary"
}
step render_manhattan 60 "$pack/render_bench" --city "$M" --web-camera -73.9855,40.738,12.3,50,29 --sizes "1920x1080,$big" --frames "$frames"
step render_midtown 60 "$pack/render_bench" --city "$M" --web-camera -73.9855,40.758,16.5,60,29 --sizes "1920x1080,$big" --frames "$frames"
step render_empty 30 "$pack/render_bench" --city none --web-camera -73.9855,40.738,12.3,50,29 --sizes "1920x1080,$big" --frames "$frames"
step render_shanghai_layers 45 "$pack/render_bench" --city "$shanghai" --web-camera 121.4985,31.2375,14.6,55,-25 \
  --cases "$cases" --remap-cases --sizes "1920x1080,$big" --frames "$frames"
step million 120 "$pack/million_bench" --city "$M" --repeat "$repeat" --size "$big" --frames "$((frames / 3 + 1))" --cullings gpu,frustum,cpu
step tiles_write 40 "$pack/citywall-tiles" --per-tile 500 --out /tmp/citywall-manhattan-tiles "$M"
step tiles_flight 60 "$pack/tiles_bench" --tileset /tmp/citywall-manhattan-tiles/tileset.json --size "$big" --frames "$flight"
# The tests find their data where they were built: that path, linked to this tree when it is elsewhere.
src=$(cat "$pack/source_dir.txt")
if [ ! -e "$src" ]; then mkdir -p "$(dirname "$src")" && ln -s "$root" "$src"; fi
tests_filter='*'
[ "$local" = 1 ] && tests_filter='Renderer.TileBuffers*'
step gpu_tests 90 "$pack/gpu_tests" --gtest_filter="$tests_filter" --gtest_brief=1
cat "$summary"
