#!/usr/bin/env bash
# Runs every test of skillgen on a fresh machine (Go, Node 20 and npm):
# installs the test peers, checks formatting, vet and the generated files,
# type-checks every generated Alexa file against Amazon's SMAPI types, runs
# the whole suite with the race detector, then each fuzz target for a
# bounded time. This is the command .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS=-mod=readonly

step() { printf '\n== %s\n' "$*"; }

step "test peers (cognito-local, virtual-alexa, bespoken-tools, Lambda emulator)"
scripts/peers.sh install

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "not gofmt-formatted:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

# staticcheck, pinned, installed into bin/ from the Go module proxy.
STATICCHECK_VERSION=v0.8.2 # staticcheck 2026.2.2
step "staticcheck $STATICCHECK_VERSION"
if ! bin/staticcheck -version 2>/dev/null | grep -qF "(${STATICCHECK_VERSION#v})"; then
  GOFLAGS= GOBIN="$PWD/bin" go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
bin/staticcheck ./...

step "layers (tools import no emitter)"
scripts/layers.sh

step "generated files are up to date (skillgen check on every bundled spec)"
go run ./cmd/skillgen check -f skill.yaml -f 'variants/*/skill.yaml'
if [ "${CI:-}" = true ]; then
  go generate ./...
  git diff --exit-code
  test -z "$(git status --porcelain)" || { git status --porcelain; exit 1; }
fi

step "conversation tests (skillgen test on every bundled spec)"
go run ./cmd/skillgen test -f skill.yaml
go run ./cmd/skillgen test -f variants/membercard/skill.yaml

step "cfn-lint on every generated template (0 errors, 0 warnings)"
templates=$(git ls-files --cached --others --exclude-standard '*deploy/template.yaml' '*/deploy/testdata/*/template.yaml')
if command -v cfn-lint >/dev/null; then
  cfn-lint --version
  # Exit status: 0 clean; any error, warning or informational finding fails.
  cfn-lint -- $templates
  echo "cfn-lint: $(echo "$templates" | wc -l) templates clean"
elif [ "${CI:-}" = true ]; then
  echo "cfn-lint is not installed (pip install cfn-lint); CI requires it" >&2
  exit 1
else
  echo "cfn-lint not installed: skipped (CI=true makes this an error)"
fi

step "generated skill.json, interaction models and accountLinking.json against Amazon's SMAPI types (ask-smapi-model, tsc --strict)"
smapi_log=$(mktemp)
if ! go test -count=1 -v ./internal/smapicheck >"$smapi_log" 2>&1; then
  cat "$smapi_log"; rm -f "$smapi_log"; exit 1
fi
grep -E '^(--- |ok )|match ask-smapi-model|error TS' "$smapi_log"; rm -f "$smapi_log"

step "go test -race"
go test -race -timeout 12m $(go list ./... | grep -v '/internal/smapicheck$')

step "fuzzing (bounded)"
FUZZTIME="${FUZZTIME:-8s}" scripts/fuzz.sh ./generator/... ./runtime/...
