#!/usr/bin/env bash
# Measures the skill runtime:
#   - per request, raw request bytes to response bytes, profile already
#     fetched (BenchmarkInvoke; targets <= 10 us and <= 60 allocs);
#   - cold start of the bootstrap binary, process start to first response,
#     median of 10, and peak RSS (BenchmarkColdStart; targets <= 20 ms and
#     <= 20 MB), next to the smallest aws-lambda-go function ("floor").
# BenchmarkColdStart starts cognito-local (scripts/peers.sh installs it).
#
# Usage: scripts/bench-runtime.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
go test -run '^$' -bench 'BenchmarkInvoke' -benchmem -benchtime 2s -count 3 ./runtime/e2e "$@"
go test -run '^$' -bench 'BenchmarkColdStart' -benchtime 1x -count 3 ./runtime/e2e "$@"
