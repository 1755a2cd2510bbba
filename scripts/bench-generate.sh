#!/usr/bin/env bash
# Times a whole `skillgen generate` process on a synthetic spec of 245 custom
# intents (250 with the built-ins) × 5 locales × 100 samples, and half that,
# and prints wall time, CPU time and peak RSS (median of RUNS runs each).
# Usage: scripts/bench-generate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/skillgen" ./cmd/skillgen
for n in 123 245; do
  dir="$work/spec$n"
  go run ./internal/benchspec/cmd -o "$dir" -intents "$n" >/dev/null
  (cd "$dir" && "$work/skillgen" generate -q) # first run writes everything
  rm -rf "$dir/models" "$dir/generated"
  : >"$work/times"
  for _ in $(seq "$runs"); do
    rm -rf "$dir/models" "$dir/generated"
    ( cd "$dir" && /usr/bin/time -f '%e %U %S %M' -a -o "$work/times" "$work/skillgen" generate -q )
  done
  med() { sort -n | awk '{ v[NR]=$1 } END { print v[int((NR+1)/2)] }'; }
  wall=$(awk '{ print $1*1000 }' "$work/times" | med)
  cpu=$(awk '{ print ($2+$3)*1000 }' "$work/times" | med)
  rss=$(awk '{ print $4/1024 }' "$work/times" | med)
  printf 'intents=%d (+5 built-ins): median wall %s ms, median cpu %s ms, median peak RSS %s MB over %d runs\n' "$n" "$wall" "$cpu" "$rss" "$runs"
  du -sh "$dir/models" "$dir/generated" | tr '\n' ' '; echo
done
