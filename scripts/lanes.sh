#!/usr/bin/env bash
# Sourced by test.sh (and its test, scripts/lanes.test.ts): side_by_side and the traps that stop
# every lane it started when the run ends or is interrupted.

# Runs each "name=command" given side by side, each in its own process group (so that an
# interrupted run stops all it started: the trap below), then shows each one's output in turn,
# the failed ones last (CI keeps the end of a long log: the failure must be there), and their
# names once more at the very end; fails once all have finished if any failed.
lanes=$(mktemp -d)
groups=()
trap 'for g in "${groups[@]}"; do kill -- "-$g" 2>/dev/null || true; done; rm -rf "$lanes"' EXIT
trap 'exit 130' INT TERM
side_by_side() {
  local names=() pids=() failed=() i
  for lane in "$@"; do
    names+=("${lane%%=*}")
    setsid bash -c "${lane#*=}" >"$lanes/${#names[@]}.log" 2>&1 &
    pids+=("$!")
    groups+=("$!")
  done
  for i in "${!names[@]}"; do
    if wait "${pids[$i]}"; then
      printf -- '--- %s: passed\n' "${names[$i]}"
      cat "$lanes/$((i + 1)).log"
    else
      failed+=("$i")
    fi
  done
  for i in "${failed[@]}"; do
    printf -- '--- %s: FAILED\n' "${names[$i]}"
    cat "$lanes/$((i + 1)).log"
  done
  groups=()
  [ "${#failed[@]}" = 0 ] && return 0
  for i in "${failed[@]}"; do printf -- '--- FAILED: %s (its output is above)\n' "${names[$i]}"; done
  return 1
}
