#!/usr/bin/env bash
# Installs the reference clusterer the map benchmark compares against (supercluster 8.0.1, the
# version ../shared/bench/cluster-peer.mjs imports) into the cache folder that script reads:
# $BENCH_CACHE_CLUSTER, else ~/.cache/cluster-bench-peer. Does nothing when it is there.
set -euo pipefail
cache=${BENCH_CACHE_CLUSTER:-$HOME/.cache/cluster-bench-peer}
if [ -d "$cache/node_modules/supercluster" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "install-bench-peers.sh: npm is needed (scripts/setup-debian.sh installs it)" >&2; exit 1; }
mkdir -p "$cache"
(cd "$cache" && npm install --no-audit --no-fund --silent supercluster@8.0.1)
echo "install-bench-peers.sh: supercluster installed in $cache"
