#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs missing dependencies, then configures, builds and runs every test twice: a Debug build,
# and a Debug build under AddressSanitizer + UndefinedBehaviorSanitizer (any report fails).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
# The PostgreSQL store tests must run here, never skip.
export CLAW_REQUIRE_POSTGRES=1
for preset in dev asan; do
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j2
done
