#!/usr/bin/env bash
# Builds citywall and its Debian package: build/citywall_VERSION_ARCH.deb
# (install with `apt install ./build/citywall_*.deb`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cd "$root/build"
cpack -G DEB >/dev/null
ls "$root"/build/citywall_*.deb
