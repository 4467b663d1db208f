# One INTERFACE target carries warnings, sanitizers and Qt strictness macros.
# Every library, program and test links it.
add_library(fleetwall_build_options INTERFACE)

target_compile_options(fleetwall_build_options INTERFACE
  -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
  -Wimplicit-fallthrough -Wmissing-declarations -Wnull-dereference -Wformat=2)
if(FLEETWALL_WERROR)
  target_compile_options(fleetwall_build_options INTERFACE -Werror)
endif()

target_compile_definitions(fleetwall_build_options INTERFACE
  QT_NO_KEYWORDS                     # Q_EMIT, Q_SIGNALS, Q_SLOTS: one spelling everywhere
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_FOREACH
  QT_NO_JAVA_STYLE_ITERATORS
  QT_USE_QSTRINGBUILDER
  QT_DISABLE_DEPRECATED_BEFORE=0x060400
  # TODO: Qt 6.4 does not know this macro yet (it arrived in 6.7); it is set so the
  # build enforces context objects on lambda connects as soon as Qt is upgraded.
  QT_NO_CONTEXTLESS_CONNECT
  FLEETWALL_VERSION="${PROJECT_VERSION}")

if(FLEETWALL_SANITIZE)
  target_compile_options(fleetwall_build_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(fleetwall_build_options INTERFACE -fsanitize=address,undefined)
endif()
