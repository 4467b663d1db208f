#!/bin/sh
# Runs a test inside a private D-Bus session with a fresh, unlocked gnome-keyring, in a
# throw-away HOME and XDG_RUNTIME_DIR. Without the tools the test runs as is (and skips).
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
chmod 700 "$scratch"
HOME=$scratch XDG_RUNTIME_DIR=$scratch timeout 90 dbus-run-session -- sh -c '
  printf "fleetwall-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
  exec "$@"' sh "$@"
