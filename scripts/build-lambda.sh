#!/usr/bin/env bash
# Builds the deployable Lambda zip of a generated skill: bootstrap (Go,
# provided.al2023, tag lambda.norpc, static) at the zip root, and copies
# bootstrap to <output.code>/deploy/build/ for `ask deploy`.
#
# Usage: scripts/build-lambda.sh <package dir> [arm64|amd64] [out.zip]
#   scripts/build-lambda.sh generated/linkedprofile/lambda arm64
#     -> dist/linkedprofile-arm64.zip, generated/linkedprofile/deploy/build/bootstrap
#   scripts/build-lambda.sh variants/membercard/generated/membercard/lambda amd64
set -euo pipefail
if [[ $# -lt 1 || $# -gt 3 ]]; then
	echo "usage: $0 <package dir, e.g. generated/linkedprofile/lambda> [arm64|amd64] [out.zip]" >&2
	exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pkg=$1
arch=${2:-arm64}
args=(-arch "$arch")
if [[ $# -eq 3 ]]; then
	args+=(-o "$3")
fi
case "$pkg" in
/*) ;;
*) pkg="./${pkg#./}" ;;
esac
cd "$root"
exec go run ./cmd/build-lambda "${args[@]}" "$pkg"
