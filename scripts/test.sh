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
console_pid=
cleanup() {
  # The console's end-to-end suite runs in a process group of its own (set -m below): on any
  # exit before it is done (a failure, Ctrl-C), stop all of it — browsers, hubs, PostgreSQL.
  if [ -n "$console_pid" ]; then kill -TERM -- "-$console_pid" 2>/dev/null || true; fi
  rm -rf "$checks"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
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
# worker kept a core idle: 484 s, two: 410 s on the CI machine).
bash scripts/with-postgres.sh npm run --silent test:unit -- --maxWorkers=2
# The console's specs run beside the kiosk's (each suite alone keeps under one core busy: 9.2 and
# 5.7 min one after the other, 12.2 min together); their output is shown once both are done.
step 'end-to-end tests (Chromium): the kiosk, and the console beside it (hub on SQLite and PostgreSQL)'
set -m
bash scripts/with-postgres.sh npm run --silent test:e2e:console >"$checks/console-e2e.log" 2>&1 &
console_pid=$!
set +m
kiosk=passed
npm run --silent test:e2e || kiosk=FAILED
console=passed
wait "$console_pid" || console=FAILED
console_pid=
printf -- '--- kiosk end-to-end: %s\n--- console end-to-end: %s\n' "$kiosk" "$console"
cat "$checks/console-e2e.log"
[ "$kiosk" = passed ] && [ "$console" = passed ]
step "no personal data in main's logs of that run"; npm run --silent test:e2e:logs
step 'Electron security scan'; npm run --silent test:security
# The .deb over the stand-in Electron, installed into a throwaway Debian root (build/README.md).
step 'Linux package'; npm run --silent test:package

step 'all tests passed'
