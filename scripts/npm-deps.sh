#!/usr/bin/env bash
# Installs the npm dependencies from the lock file when node_modules is missing or older than it.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
