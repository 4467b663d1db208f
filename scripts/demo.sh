#!/usr/bin/env bash
# Installs what is missing, builds the release preset and starts the demo: fleetwall with
# an ncm-sandbox child process, no account and no internet needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/bin/fleetwall --demo "$@"
