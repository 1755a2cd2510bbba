#!/usr/bin/env bash
# Measures the skill runtime:
#   - per request, raw request bytes to response bytes, profile already
#     fetched (BenchmarkInvoke; targets <= 10 us and <= 60 allocs);
#   - the whole warm Lambda path (log line, budget, verified-token cache,
#     profile cache hit, render, encode) against the handler alone
#     (BenchmarkWarmChain, BenchmarkWarmHandler; targets: WarmChain
#     <= 10 us and <= 3x WarmHandler; cpu-ns/op is the CPU time per request,
#     steadier than ns/op on a loaded machine);
#   - cold start of the bootstrap binary, process start to first response,
#     median of 10, and peak RSS (BenchmarkColdStart; targets <= 20 ms and
#     <= 20 MB), next to the smallest aws-lambda-go function ("floor").
# BenchmarkColdStart starts cognito-local (scripts/peers.sh installs it).
#
# Usage: scripts/bench-runtime.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
go test -run '^$' -bench 'BenchmarkInvoke' -benchmem -benchtime 2s -count 3 ./runtime/e2e "$@"
go test -run '^$' -bench 'BenchmarkWarm' -benchmem -benchtime 2s -count 3 -cpu 1 ./runtime "$@"
go test -run '^$' -bench 'BenchmarkColdStart' -benchtime 1x -count 3 ./runtime/e2e "$@"
