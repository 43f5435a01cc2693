#!/usr/bin/env bash
# Installs what the end-to-end tests need beyond `make build`: the Node.js runtime interface
# client (aws-lambda-ric, from npm, at the version tests/e2e/node/package-lock.json pins) that
# test_lambda_runtime_clients.py runs functions under. Its install builds a native addon from
# the sources the package ships (curl and aws-lambda-cpp), which needs autotools and Node's
# headers. Idempotent: it asks apt and npm only for what is missing.
set -euo pipefail
cd "$(dirname "$0")/node"

if [[ -f node_modules/aws-lambda-ric/dist/rapid-client.node ]]; then
  exit 0
fi

declare -A package_of=([node]=nodejs [npm]=npm [autoreconf]=autoconf [automake]=automake
                       [libtoolize]=libtool [cmake]=cmake [make]=make [g++]=g++)
missing=()
for command in node npm autoreconf automake libtoolize cmake make g++; do
  command -v "$command" >/dev/null || missing+=("${package_of[$command]}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "e2e: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node-gyp takes the headers of the Node.js that runs it from here rather than downloading them.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [[ -f "$node_prefix/include/node/node.h" ]]; then
  export npm_config_nodedir="$node_prefix"
fi

echo "e2e: installing aws-lambda-ric (npm; builds its native client, a few minutes)"
npm ci --no-audit --no-fund --loglevel=error
if [[ ! -f node_modules/aws-lambda-ric/dist/rapid-client.node ]]; then
  echo "e2e: aws-lambda-ric installed without its native client (were install scripts" \
       "skipped?)" >&2
  exit 1
fi
