#!/usr/bin/env bash
# Rebuilds resources/basemap/world.fwbm from Natural Earth (public domain) as packaged by the
# world-atlas npm package. Installs world-atlas and topojson-client with npm into a scratch
# folder (deleted afterwards) and converts land and country borders at 110m and 50m, plus
# 10m with --fine (adds about 2 MB to the program).
# Usage: scripts/make-basemap.sh [--fine]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/basemap/world.fwbm"
fine=""
case "${1:-}" in
  --fine) fine=10m ;;
  "") ;;
  *) echo "make-basemap.sh: unknown option '$1'" >&2; exit 2 ;;
esac

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --silent world-atlas@2.0.2 topojson-client@3.1.0)
node "$here/make-basemap.mjs" "$scratch/node_modules/world-atlas" "$out" $fine
