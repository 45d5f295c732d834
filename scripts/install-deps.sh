#!/usr/bin/env bash
# Installs the Debian packages citywall needs, only when some are missing.
# Idempotent: a second run does nothing but check. Needs root (or sudo) on a
# fresh machine; prints what it installs.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libvulkan-dev mesa-vulkan-drivers vulkan-tools vulkan-validationlayers glslc
  libglfw3-dev libimgui-dev libfreetype-dev libglm-dev
  libassimp-dev libtinygltf-dev libdraco-dev libmeshoptimizer-dev libstb-dev libsimdjson-dev zlib1g-dev
  libgeos-dev libgeographiclib-dev libtomlplusplus-dev libboost-dev libssl-dev openssl
  libsqlite3-dev libzstd-dev sqlite3 libprotozero-dev
  libzmq3-dev cppzmq-dev libwebp-dev libpugixml-dev libmosquitto-dev
  libgtest-dev libgmock-dev
  fonts-wqy-microhei xvfb xauth xdotool
)
if [ "${CITYWALL_BENCH_DEPS:-0}" = 1 ]; then packages+=(libbenchmark-dev); fi
# The tests also check the after-action MP4, which Debian's ffmpeg encodes (run as a program, never linked),
# and read a vector tile with an independent Python reader; the SensorThings test runs a Mosquitto broker;
# the parsers are fuzzed for a while with clang's libFuzzer (scripts/fuzz.sh).
if [ "${CITYWALL_TEST_DEPS:-0}" = 1 ]; then packages+=(ffmpeg python3 mosquitto clang libclang-rt-14-dev); fi
# The feed tests run a peer server on Node's `ws` package; Debian's Node is enough.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "citywall: installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
