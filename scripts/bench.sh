#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the benchmarks in Release, runs them all (5 repetitions each) and prints a table of
# medians. Usage: scripts/bench.sh [--json FILE] [Google Benchmark options, e.g. --benchmark_filter=deny]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

keep=""
args=()
while (($#)); do
  case "$1" in
    --json) keep="${2:?--json needs a file name}"; shift 2 ;;
    --json=*) keep="${1#--json=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

"$root/scripts/install-deps.sh" >&2
cmake --preset release -S "$root" -DCLAW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build --preset release --target claw_benchmarks >/dev/null

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$root/build/release/benchmarks/claw_benchmarks" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "${args[@]}" >/dev/null
python3 "$root/scripts/bench_table.py" "$out"
if [[ -n $keep ]]; then
  cp "$out" "$keep"
  echo "Google Benchmark JSON kept in $keep"
fi
