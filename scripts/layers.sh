#!/usr/bin/env bash
# Checks the module's layers with go list (generator/deps_test.go checks
# that generator/ depends on no runtime, tool or AWS package):
#   - the tools (internal/cli, dialog, serve, provision) import no emitter
#     (generator/emit/...): what they share with an emitter lives in the IR,
#     generator/cognitosetup or internal/facts.
# The check first runs against a package that does break its rule, so a
# check that cannot fail (a typo in a pattern, a go list that lists nothing)
# fails this script.
set -euo pipefail
cd "$(dirname "$0")/.."

module=$(go list -m)
emitters="^${module//./\\.}/generator/emit/"
tools=(./internal/cli ./internal/dialog ./internal/serve ./internal/provision)

# Imports of a tool that are known and being removed: "package import".
# The script fails when one no longer exists, so the list cannot go stale.
allowed=()

# forbid_imports REGEX PACKAGES...: no package of PACKAGES imports (directly,
# tests excluded) a package matching REGEX, except the allowed pairs.
forbid_imports() {
  local re=$1; shift
  local pairs bad pair
  pairs=$(go list -f '{{$p := .ImportPath}}{{range .Imports}}{{$p}} {{.}}{{"\n"}}{{end}}' "$@")
  [ -n "$pairs" ] || { echo "go list $* listed no imports"; return 1; }
  bad=$(awk -v re="$re" '$2 ~ re' <<<"$pairs")
  for pair in "${allowed[@]}"; do
    bad=$(grep -vxF "$pair" <<<"$bad" || true)
  done
  if [ -n "$bad" ]; then
    echo "tools must not import emitters:"; sed 's/^/  /' <<<"$bad"
    return 1
  fi
}

fail=0
# Self-test: the check fails where the rule is broken.
if forbid_imports "$emitters" ./generator >/dev/null; then
  echo "layers.sh: the import check passed on generator (which imports the emitters); it cannot fail"; fail=1
fi

forbid_imports "$emitters" "${tools[@]}" || fail=1
imports=$(go list -f '{{$p := .ImportPath}}{{range .Imports}}{{$p}} {{.}}{{"\n"}}{{end}}' "${tools[@]}")
for pair in "${allowed[@]}"; do
  if ! grep -qxF "$pair" <<<"$imports"; then
    echo "layers.sh: allowed import \"$pair\" is gone; remove it from the allowed list"; fail=1
  fi
done
[ "$fail" = 0 ] && echo "layers ok: tools import no emitter"
exit "$fail"
