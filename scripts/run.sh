#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs missing dependencies, builds, then runs the claw-port CLI with the given arguments.
#   scripts/run.sh bootstrap "review MCP tool"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh" >&2
cmake --preset release -S "$root" >/dev/null
cmake --build --preset release --target claw-port >/dev/null
exec "$root/build/release/examples/claw-port" "$@"
