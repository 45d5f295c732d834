#!/usr/bin/env bash
# The Debian package on this machine: builds it, installs it with apt (as on
# a fresh Debian 12: its dependencies come from the archive), runs the
# installed programs from their installed paths (the version, a headless
# screenshot of the bundled city with the installed example configuration,
# the bridge), checks the units, and removes it again. Needs root: run by
# scripts/test.sh when it runs as root (CI), skipped otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then echo "citywall: package test skipped (needs root to install the package)"; exit 0; fi
deb=$("$root/scripts/package.sh" | tail -1)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; apt-get remove -y -qq citywall >/dev/null 2>&1 || true' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >/dev/null
fail() { echo "FAIL: package: $*"; exit 1; }
[ "$(command -v citywall)" = /usr/bin/citywall ] || fail "citywall is not /usr/bin/citywall"
/usr/bin/citywall --version | grep -qx "citywall $(sed -n 's/^project(citywall .*VERSION \([0-9.]*\)).*/\1/p' "$root/CMakeLists.txt")" ||
  fail "citywall --version: $(/usr/bin/citywall --version)"
/usr/bin/citywall-bridge --version | grep -q "^citywall-bridge " || fail "citywall-bridge --version"
# From the installed files only: no build folder, no source tree, no CITYWALL_SHADER_DIR.
(cd "$tmp" && env -u CITYWALL_SHADER_DIR XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$tmp}" HOME="$tmp" \
  /usr/bin/citywall --config /usr/share/citywall/config/demo.toml --feed ws://127.0.0.1:9 --no-journal \
  --headless --size 320x180 --screenshot "$tmp/installed.png") || fail "a headless screenshot from the installed paths"
[ -s "$tmp/installed.png" ] || fail "no screenshot written"
getent passwd citywall >/dev/null || fail "the postinst made no citywall user"
for unit in citywall-kiosk citywall-conductor citywall-node@ citywall-bridge; do
  [ -f "/lib/systemd/system/$unit.service" ] || fail "$unit.service not installed"
done
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify /lib/systemd/system/citywall-kiosk.service /lib/systemd/system/citywall-bridge.service 2>&1 |
    grep -v "Failed to .*DISPLAY\|Cannot add dependency job\|graphical.target" | grep -i "citywall" && fail "systemd-analyze verify complains" || true
fi
[ -f /usr/share/man/man1/citywall.1.gz ] || [ -f /usr/share/man/man1/citywall.1 ] || fail "no man page"
echo "ok: package $(basename "$deb") installs, runs from /usr (version, headless screenshot, bridge), has its units and man page"
