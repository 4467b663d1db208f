#!/usr/bin/env bash
# Installs what is missing, builds the dev preset (warnings as errors) and runs every test
# except the benchmarks. Usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev -j2 "$@"
