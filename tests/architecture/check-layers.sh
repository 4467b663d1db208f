#!/usr/bin/env bash
# Fails when a file of the core library (app/, except the programs' mains) includes a
# Widgets, Gui or Charts header, or when fleetwall_core links one of those modules.
set -euo pipefail
src=${1:?usage: check-layers.sh SOURCE_DIR}
bad=$(grep -rnE '#\s*include\s*[<"](QtWidgets|QtGui|QtCharts|QtSvg|QWidget|QApplication|QPainter|QImage|QPixmap|QColor|QChart)' \
        "$src/app" --include='*.h' --include='*.cpp' | grep -v "^$src/app/programs/" || true)
if [ -n "$bad" ]; then
  echo "core files include GUI headers:"; echo "$bad"; exit 1
fi
if grep -nE 'Qt6::(Widgets|Gui|Charts|Svg)' "$src/app/CMakeLists.txt" "$src"/app/*/CMakeLists.txt | grep -v '^#'; then
  echo "fleetwall_core must not link a GUI module"; exit 1
fi
echo "core library is free of GUI dependencies"
