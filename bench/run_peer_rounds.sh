#!/usr/bin/env bash
# citywall beside the deck.gl peer, interleaved: ROUNDS rounds, each running
# every citywall configuration and every deck.gl configuration once on the
# same views, so both see the same machine load (absolute times move between
# runs on a shared VM; the ratios within a round hold). BENCHMARKS.md keeps
# the per-round figures and their medians.
#
#   bench/run_peer_rounds.sh [--rounds 3] [--frames 10] [--views overview,midtown,empty] [--out FILE]
#                            [--beside full|cpu|noblock|BINARY] [--beside-shaders DIR]
#
# Beside each citywall default (GPU culling, coarse levels far away) it runs
# either the same with every building in full detail (--coarse-pixels 0;
# the default), with the CPU's chunk culling, without the block level
# (--block-pixels 0: the coarse level alone far away), or another build's
# render_bench (a path: the build before a change) with the same options;
# --beside-shaders names that build's compiled shaders (render_bench loads
# them at run time; without it both builds use this tree's).
#
# Views (the deck.gl peer's NYC camera, and one down Midtown's avenues at
# deck.gl's largest pitch, 60°): "overview" -73.9855,40.738,12.3,50,29 and
# "midtown" -73.9855,40.758,16.5,60,29; "empty" is the frame with no city;
# "shanghai" is the peer's Shanghai camera (121.4985,31.2375,14.6,55,-25)
# over the bundled district with every layer: deck.gl's buildings, heatmap
# and markers of the NYC 311 day rescaled into the district's box, citywall
# the same cases replayed into its store (render_bench --cases --remap-cases).
# Needs ../shared/data and ../shared/peers (skips with a message without).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peer="$root/../shared/peers/deckgl"
city="$root/../shared/data/buildings/nyc_manhattan_area_osm_buildings.geojson.gz"
shanghai="$root/data/shanghai_bund_lujiazui_osm_buildings.geojson"
cases="$root/../shared/data/incidents/nyc311_2024-09-01.csv.gz"
rounds=3 frames=10 out=/dev/stdout views=overview,midtown,empty beside=full besideShaders=
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --views) views=$2; shift 2 ;;
    --beside) beside=$2; shift 2 ;;
    --beside-shaders) besideShaders=$2; shift 2 ;;
    *) echo "run_peer_rounds: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$city" ] || [ ! -x "$peer/run.sh" ]; then
  echo "run_peer_rounds: SKIPPED: needs $city and $peer/run.sh"; exit 0
fi
# Copies (binaries and shaders), so a rebuild during the run cannot change what is measured.
copies=$(mktemp -d)
bench=$copies/render_bench
cp "$root/build/bench/render_bench" "$bench"
mkdir "$copies/shaders" "$copies/shaders_before"
cp "$root"/build/shaders/*.spv "$copies/shaders/"
cp "${besideShaders:-$root/build/shaders}"/*.spv "$copies/shaders_before/"
if [ -x "$beside" ]; then cp "$beside" "$copies/render_bench_before"; fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$root/build/xdg-runtime}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
declare -A cams=([overview]=-73.9855,40.738,12.3,50,29 [midtown]=-73.9855,40.758,16.5,60,29 [shanghai]=121.4985,31.2375,14.6,55,-25)

citywall() {  # label, view, render_bench options…
  local label=$1 view=$2; shift 2
  local c=(--city none --web-camera "${cams[overview]}")
  [ "$view" != empty ] && c=(--city "$city" --web-camera "${cams[$view]}")
  [ "$view" = shanghai ] && c=(--city "$shanghai" --web-camera "${cams[$view]}" --cases "$cases" --remap-cases)
  local report
  report=$(CITYWALL_SHADER_DIR=${shaders:-$copies/shaders} "${bin:-$bench}" "${c[@]}" --sizes 1920x1080 --frames "$frames" "$@" 2>&1)
  # The frame's line, and the process's CPU time per frame where the build reports it.
  echo "round $round | $view | citywall $label | $(grep -E '^1920x1080' <<<"$report" | head -1)$(grep -E 'process CPU time' <<<"$report" | head -1 | sed 's/^ */; /')" >>"$out"
}
deckgl() {  # label, view, run.sh options…
  local label=$1 view=$2; shift 2
  local layers=buildings dataset=nyc
  [ "$view" = empty ] && layers=none
  [ "$view" = shanghai ] && layers=buildings,heatmap,markers dataset=shanghai
  local json
  json=$(cd "$peer" && ./run.sh --dataset "$dataset" --layers "$layers" --backend llvmpipe --frames "$frames" --warmup 3 \
           --camera "${cams[$view]:-${cams[overview]}}" "$@" 2>/dev/null | tail -1)
  echo "round $round | $view | deck.gl $label | $json" >>"$out"
}

for round in $(seq "$rounds"); do
  for view in ${views//,/ }; do
    other=(--coarse-pixels 0) otherLabel="full detail"
    [ "$beside" = cpu ] && other=(--culling cpu) otherLabel="CPU chunk culling"
    [ "$beside" = noblock ] && other=(--block-pixels 0) otherLabel="without the block level"
    otherBin=$bench otherShaders=$copies/shaders
    if [ -x "$beside" ]; then
      other=(--culling gpu) otherLabel="GPU culling, the build before" otherBin=$copies/render_bench_before otherShaders=$copies/shaders_before
    fi
    citywall "4x MSAA, GPU culling" "$view" --msaa 4 --culling gpu
    deckgl "default (antialias)" "$view"
    bin=$otherBin shaders=$otherShaders citywall "4x MSAA, $otherLabel" "$view" --msaa 4 "${other[@]}"
    citywall "1x, GPU culling" "$view" --msaa 1 --culling gpu
    deckgl "msaa=0" "$view" --msaa 0
    bin=$otherBin shaders=$otherShaders citywall "1x, $otherLabel" "$view" --msaa 1 "${other[@]}"
  done
done
