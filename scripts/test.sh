#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian/Ubuntu machine: system packages, npm packages,
# lint, type-check, build, unit and integration tests, browser end-to-end tests, security checks.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }

step 'system packages'
bash scripts/system-deps.sh
step 'npm packages'
bash scripts/npm-deps.sh

# side_by_side: the lanes of the steps below (scripts/lanes.sh).
source scripts/lanes.sh

# The static checks share nothing: side by side (each is mostly one core).
step 'lint, format and typecheck (side by side)'
side_by_side 'lint=npm run --silent lint' 'format:check=npm run --silent format:check' \
  'typecheck=npm run --silent typecheck'
step 'build';       npm run --silent build
step 'unit and integration tests (hub on SQLite and PostgreSQL)'
# Two workers on two cores: the tests wait on disks, PostgreSQL, child hubs and browsers (one
# worker kept a core idle: 484 s, two: 406–457 s on the CI machine).
bash scripts/with-postgres.sh npm run --silent test:unit -- --maxWorkers=2
# The kiosk's and the console's browser suites side by side: each keeps about 0.7 of a core busy
# on average (waiting on hubs, Chromium and timers), and they share no port, file or database.
# Reader bursts carry their keys' own timestamps (e2e/wedge.ts), so a busy core cannot cut one.
step 'end-to-end tests in Chromium: kiosk, and console on SQLite and PostgreSQL (side by side)'
side_by_side \
  "kiosk=npm run --silent test:e2e && echo \"--- no personal data in main's logs of that run\" && npm run --silent test:e2e:logs" \
  'console=bash scripts/with-postgres.sh npm run --silent test:e2e:console'
step 'Electron security scan'; npm run --silent test:security
# The .deb over the stand-in Electron, installed into a throwaway Debian root (build/README.md).
step 'Linux package'; npm run --silent test:package

step 'all tests passed'
