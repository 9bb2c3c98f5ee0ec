#!/usr/bin/env bash
# Drives the real desktop window under Xvfb through tauri-driver and WebKitWebDriver.
# Usage: scripts/desktop-smoke.sh [path/to/hurtrock-pos]
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-target/debug/hurtrock-pos}"
driver="${TAURI_DRIVER:-$(command -v tauri-driver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver")}"
if [ ! -x "$driver" ]; then
  echo "Installing tauri-driver (once)..."
  cargo install tauri-driver --locked --version '^2'
fi
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
DISPLAY="$display" TAURI_DRIVER="$driver" node ui/e2e/desktop-smoke.mjs "$app"
