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

step 'lint';        npm run --silent lint
step 'format';      npm run --silent format:check
step 'typecheck';   npm run --silent typecheck
step 'build';       npm run --silent build
step 'unit and integration tests (hub on SQLite and PostgreSQL)'
bash scripts/with-postgres.sh npm run --silent test:unit
step 'end-to-end tests (Chromium)'; npm run --silent test:e2e
step 'console end-to-end tests (Chromium, hub on SQLite and PostgreSQL)'
bash scripts/with-postgres.sh npm run --silent test:e2e:console
step 'Electron security scan'; npm run --silent test:security

step 'all tests passed'
