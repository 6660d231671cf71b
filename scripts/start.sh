#!/usr/bin/env bash
# Installs what is missing and starts the kiosk. Without a kiosk config (kiosk.json in the
# user-data folder, or KIOSK_CONFIG) it runs in demo mode: the seven COFFEE spaces and demo members.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/npm-deps.sh
npm run --silent build

# The binary's location as the electron package records it once downloaded (path.txt). Loading the
# package instead would try to download a missing binary, which hangs on a closed network.
electron_bin=""
if [ -f node_modules/electron/path.txt ]; then
  electron_bin="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"
fi
if [ -n "$electron_bin" ] && [ -x "$electron_bin" ]; then
  extra=()
  # Chromium refuses to run as root without this; a kiosk runs as its own user, a dev box may not.
  [ "$(id -u)" -eq 0 ] && extra+=(--no-sandbox)
  exec "$electron_bin" . "${extra[@]}"
fi

echo 'The Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network when'
echo '`npm ci` ran). Serving the kiosk UI in a browser instead: open http://127.0.0.1:4173/'
echo 'and type a demo card number from README.md followed by Enter, quickly (a wedge reader works too).'
exec npx vite preview --port 4173 --strictPort --host 127.0.0.1
