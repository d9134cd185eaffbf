#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs missing dependencies, configures, builds and runs every test. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev -j2
