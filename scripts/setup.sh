#!/usr/bin/env bash
# Installs the Debian packages Nimbus needs to build, run and test. Idempotent: it asks apt
# only for what is missing and says nothing when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libssl-dev
  libvalijson-dev
  libgtest-dev libgmock-dev
  awscli python3-boto3 python3-pytest python3-requests python3-jwt python3-cryptography
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
