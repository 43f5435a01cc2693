#!/usr/bin/env bash
# Installs what `make bench` needs beyond `make build`: wrk and nginx-light (Debian 12), Node.js,
# and dynalite from npm into bench/node_modules at the version bench/package-lock.json pins.
# Idempotent: it asks apt and npm only for what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# By command, not by package: Node.js may come from elsewhere (NodeSource's nodejs bundles npm
# and conflicts with Debian's npm package).
PATH="$PATH:/usr/sbin:/sbin"  # where nginx lives
declare -A package_of=([wrk]=wrk [nginx]=nginx-light [node]=nodejs [npm]=npm)
missing=()
for command in wrk nginx node npm; do
  command -v "$command" >/dev/null || missing+=("${package_of[$command]}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "bench: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -f node_modules/dynalite/cli.js ]]; then
  echo "bench: installing dynalite (npm)"
  npm install --no-audit --no-fund --loglevel=error
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major -lt 20 ]]; then
  echo "bench: dynalite 4 wants Node.js 20 or later, this is $(node --version)" >&2
fi
