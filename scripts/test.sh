#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs missing dependencies, then configures, builds and runs every test in four
# configurations: Debug (g++), Debug under AddressSanitizer + UndefinedBehaviorSanitizer (g++; any
# report fails), Release (g++ -O3) and Debug with clang++ 14. Every public header is also compiled
# on its own in each configuration, with -Wshadow -Wconversion -Wsign-conversion on top.
# Exits non-zero on the first failure. Usage: scripts/test.sh [preset...]  (default: all four)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
presets=("$@")
((${#presets[@]})) || presets=(dev asan release clang)
for preset in "${presets[@]}"; do
  start=$SECONDS
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j2
  echo "== ${preset}: passed in $((SECONDS - start)) s"
done
