#!/usr/bin/env bash
# Packs what a lent GPU machine (the `device` tool: an NVIDIA GPU, a bare
# Ubuntu with the driver but no Vulkan loader, no packages, no network)
# needs to run citywall's benchmarks with bench/gpu/on_device.sh:
#   .gpu/pack.tar.gz  stripped benchmark binaries and the GPU tests
#          (gpu_tests: the renderer's tests, validation on), the SPIR-V shaders,
#          every shared library a bare Ubuntu lacks, Manhattan's footprints
#          and the NYC 311 day (from ../shared/data); gzip, since that is on
#          every machine, and packed it is 24 MB where the files are 45
#   .gl/   the Vulkan loader and validation layers as Debian packages
# Both stay out of git (.git/info/exclude). Build first (scripts/build.sh),
# then: bench/gpu/pack.sh, and `run` with carry [".gpu", ".gl"] and the
# command `bench/gpu/on_device.sh`. Everything that travels must stay under
# 64 MiB; the script says how much it packed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared="$root/../shared/data"
manhattan="$shared/buildings/nyc_manhattan_area_osm_buildings.geojson.gz"
cases="$shared/incidents/nyc311_2024-09-01.csv.gz"
for f in "$manhattan" "$cases"; do
  [ -f "$f" ] || { echo "bench/gpu/pack.sh: needs $f (the benchmark data in ../shared/data)" >&2; exit 2; }
done
bins=(bench/million_bench bench/render_bench bench/tiles_bench tools/tiles/citywall-tiles tests/gpu_tests)
for b in "${bins[@]}"; do
  [ -x "$root/build/$b" ] || { echo "bench/gpu/pack.sh: build/$b is missing: run scripts/build.sh first" >&2; exit 2; }
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/lib" "$out/shaders" "$out/data"
for b in "${bins[@]}"; do strip -o "$out/$(basename "$b")" "$root/build/$b"; done
cp "$root"/build/shaders/*.spv "$out/shaders/"
# The libraries the binaries need, but not the C library's own parts nor
# the Vulkan loader: those must be the machine's (or .gl's).
ldd "$out"/million_bench "$out"/render_bench "$out"/tiles_bench "$out"/citywall-tiles "$out"/gpu_tests | awk '/=> \//{print $3}' | sort -u |
  grep -vE '/(libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s|ld-linux[^/]*|libvulkan)\.so' |
  xargs -r cp -L -t "$out/lib/"
cp "$manhattan" "$out/data/manhattan.geojson.gz"
cp "$cases" "$out/data/nyc311.csv.gz"
# The tests read their data from the source folder they were built in.
echo "$root" >"$out/source_dir.txt"

rm -rf "$root/.gpu" && mkdir -p "$root/.gpu"
tar -czf "$root/.gpu/pack.tar.gz" -C "$out" .

mkdir -p "$root/.gl"
if ! ls "$root"/.gl/libvulkan1_*.deb >/dev/null 2>&1 || ! ls "$root"/.gl/vulkan-validationlayers_*.deb >/dev/null 2>&1; then
  (cd "$root/.gl" && apt-get download libvulkan1 vulkan-validationlayers)
fi
exclude="$root/.git/info/exclude"
for p in /.gpu/ /.gl/; do grep -qxF "$p" "$exclude" 2>/dev/null || echo "$p" >>"$exclude"; done
echo "bench/gpu/pack.sh: packed $(du -sh "$root/.gpu" | cut -f1) in .gpu and $(du -sh "$root/.gl" | cut -f1) in .gl" \
     "(the working tree adds $(git -C "$root" ls-files -z | du -ch --files0-from=- 2>/dev/null | tail -1 | cut -f1)); the limit is 64 MiB"
