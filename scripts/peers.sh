#!/usr/bin/env bash
# Installs the offline test peers used by skillgen's integration tests:
#   - cognito-local, virtual-alexa, ask-cli, bespoken-tools (bst), and
#     ask-smapi-model with typescript (the SMAPI type check of generated
#     files) from npm, exact versions pinned by
#     testdata/peers/package-lock.json, into testdata/peers/node_modules;
#   - the Lambda Runtime Interface Emulator into bin/aws-lambda-rie.
#
# Usage: scripts/peers.sh [install|node|rie]
#   install  both (default)
#   node     only the npm peers
#   rie      only the emulator
#
# Idempotent: npm ci runs only when node_modules/.skillgen-lock.sha256 does not
# hold the hash of the current package-lock.json; the emulator is built only
# when bin/aws-lambda-rie is missing. Concurrent runs are serialized with
# flock(1) on bin/.peers.lock (skipped when the caller already holds it and
# sets SKILLGEN_PEERS_LOCK_HELD=1, as internal/testpeers does).
set -euo pipefail

RIE_MODULE=github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie
RIE_VERSION=v0.0.0-20261030222936-bef5c4ba774d

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers="$root/testdata/peers"
bin="$root/bin"
stamp="$peers/node_modules/.skillgen-lock.sha256"

what=${1:-install}
case "$what" in
install | node | rie) ;;
*)
	echo "usage: $0 [install|node|rie]" >&2
	exit 2
	;;
esac

mkdir -p "$bin"
if [[ "${SKILLGEN_PEERS_LOCK_HELD:-}" != 1 ]]; then
	exec 9>"$bin/.peers.lock"
	flock 9
fi

install_node() {
	local want have=""
	want=$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)
	if [[ -f "$stamp" ]]; then
		have=$(cat "$stamp")
	fi
	if [[ "$want" == "$have" && -f "$peers/node_modules/cognito-local/lib/bin/start.js" && -f "$peers/node_modules/bespoken-tools/bin/bst.js" ]]; then
		echo "peers: node_modules up to date"
		return
	fi
	echo "peers: npm ci in testdata/peers"
	(cd "$peers" && npm ci --no-audit --no-fund --loglevel=error)
	printf '%s\n' "$want" >"$stamp"
}

install_rie() {
	if [[ -x "$bin/aws-lambda-rie" ]]; then
		echo "peers: bin/aws-lambda-rie present"
		return
	fi
	echo "peers: building bin/aws-lambda-rie"
	# go install pkg@version ignores the main module; -mod flags would be rejected.
	GOFLAGS= GOBIN="$bin" go install "$RIE_MODULE@$RIE_VERSION"
}

case "$what" in
install)
	install_node
	install_rie
	;;
node) install_node ;;
rie) install_rie ;;
esac
