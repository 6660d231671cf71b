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

# The static checks share nothing: run side by side (each is mostly one core), then show each
# one's output in turn; any failure fails the run once all three have said their piece.
step 'lint, format and typecheck (side by side)'
checks=$(mktemp -d)
trap 'rm -rf "$checks"' EXIT
names=(lint format:check typecheck)
pids=()
for name in "${names[@]}"; do
  npm run --silent "$name" >"$checks/$name.log" 2>&1 &
  pids+=("$!")
done
failed=0
for i in "${!names[@]}"; do
  if wait "${pids[$i]}"; then result=passed; else result=FAILED; failed=1; fi
  printf -- '--- %s: %s\n' "${names[$i]}" "$result"
  cat "$checks/${names[$i]}.log"
done
[ "$failed" = 0 ]
step 'build';       npm run --silent build
step 'unit and integration tests (hub on SQLite and PostgreSQL)'
# Two workers on two cores: the tests wait on disks, PostgreSQL, child hubs and browsers (one
# worker kept a core idle: 484 s, two: 406–457 s on the CI machine).
bash scripts/with-postgres.sh npm run --silent test:unit -- --maxWorkers=2
step 'end-to-end tests (Chromium)'; npm run --silent test:e2e
step "no personal data in main's logs of that run"; npm run --silent test:e2e:logs
step 'console end-to-end tests (Chromium, hub on SQLite and PostgreSQL)'
bash scripts/with-postgres.sh npm run --silent test:e2e:console
step 'Electron security scan'; npm run --silent test:security
# The .deb over the stand-in Electron, installed into a throwaway Debian root (build/README.md).
step 'Linux package'; npm run --silent test:package

step 'all tests passed'
