#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and running Fleetwall need.
# Usage: scripts/setup-debian.sh [--bench] [--gui-check]
#   --bench      also the tools the ingest benchmark compares against (wrk, flask, gunicorn)
# Safe to run again: apt skips what is installed. Needs root (or sudo).
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config ccache git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-positioning-dev qt6-websockets-dev
  qt6-httpserver-dev qt6-svg-dev libqt6sql6-sqlite qtkeychain-qt6-dev qt6-l10n-tools
  qt6-tools-dev qt6-tools-dev-tools libqt6opengl6-dev libgl-dev libssl-dev
  qt6-qpa-plugins libqt6svg6 qt6-image-formats-plugins
  sqlite3 openssl
  xvfb xauth dbus gnome-keyring libsecret-tools
)
bench_pkgs=(wrk python3-flask gunicorn clang libclang-rt-14-dev)

pkgs=("${build_pkgs[@]}")
# Node.js with npm: Debian splits them, other Node builds ship npm inside nodejs
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
for arg in "$@"; do
  case "$arg" in
    --bench) pkgs+=("${bench_pkgs[@]}") ;;
    *) echo "setup-debian.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup-debian.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
