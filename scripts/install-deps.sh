#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages claw-cpp needs to build (with g++ and clang++), test and
# benchmark, only those missing.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

# libsqlite3-dev and libpq-dev build the optional database stores; postgresql is only for the tests
# (a throwaway cluster per test run, tests/support/pg_cluster.sh).
packages=(g++ clang cmake ninja-build pkgconf libboost-json1.81-dev catch2 libbenchmark-dev python3 libsqlite3-dev libpq-dev
  postgresql)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all dependencies present"
  exit 0
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
