#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang 14 (ASan + UBSan) and runs each for the given number of
# seconds (default 60), two at a time (CLAW_FUZZ_JOBS), starting from the committed seed corpora in
# tests/fuzz/corpus. A crash makes the run exit non-zero; its input is kept in build/fuzz/crashes/.
# Copied into tests/fuzz/corpus/<target>/, it becomes a regression test: claw_fuzz_replay_tests
# runs every corpus input through the same checks in the ordinary build.  Usage: scripts/fuzz.sh [seconds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"

"$root/scripts/install-deps.sh" >&2
extra=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || extra+=("$p")
done
if ((${#extra[@]})); then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${extra[@]}"
fi

build="$root/build/fuzz"
cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" -j2 >/dev/null
mkdir -p "$build/crashes"
# Two targets at a time (CI machines have two cores); each writes its own log and status file.
run_target() {
  local target="$1" work="$build/corpus-$1"
  mkdir -p "$work"
  if ASAN_OPTIONS=detect_leaks=1 "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 "$work" "$root/tests/fuzz/corpus/$target" \
       >"$build/fuzz_$target.log" 2>&1; then
    echo ok >"$build/fuzz_$target.status"
  else
    echo failed >"$build/fuzz_$target.status"
  fi
}
targets=(session inventory text route shell paths url settings check)
jobs="${CLAW_FUZZ_JOBS:-2}"
running=0
for target in "${targets[@]}"; do
  if ((running >= jobs)); then wait -n || true; running=$((running - 1)); fi
  rm -f "$build/fuzz_$target.status"
  echo "== fuzz_$target for ${seconds}s"
  run_target "$target" &
  running=$((running + 1))
done
wait
status=0
for target in "${targets[@]}"; do
  if [[ "$(cat "$build/fuzz_$target.status" 2>/dev/null)" != ok ]]; then
    echo "fuzz_$target FAILED; see $build/fuzz_$target.log and $build/crashes/"
    tail -n 30 "$build/fuzz_$target.log"
    status=1
  else
    echo -n "fuzz_$target: "
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$build/fuzz_$target.log" | tr '\n' ' '
    echo
  fi
done
exit "$status"
