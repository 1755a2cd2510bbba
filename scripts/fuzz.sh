#!/usr/bin/env bash
# Runs every Go fuzz target of the given packages (default: ./runtime/...)
# for a bounded time each and prints the executions per target and in all.
#   FUZZTIME=5s scripts/fuzz.sh [packages...]
# Exits non-zero if any target fails (a crasher is saved under the package's
# testdata/fuzz/ by go test).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-5s}"
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./runtime/...)

total=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while read -r pkg; do
  targets=$(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
  for target in $targets; do
    if go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" >"$log" 2>&1; then
      status=ok
    else
      status=FAIL
      failed=1
      cat "$log" >&2
    fi
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    total=$((total + execs))
    printf '%-4s %-55s %-22s %10s execs\n' "$status" "$pkg" "$target" "$execs"
  done
done < <(go list "${pkgs[@]}")
echo "total executions: $total (fuzztime $fuzztime per target)"
exit "$failed"
