#!/usr/bin/env bash
# Builds the fuzz targets in fuzz/ and runs each, one after the other.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     each target for SECONDS (make fuzz); what it
#                                           finds is kept in target/fuzz/corpus/TARGET
#   scripts/fuzz.sh --runs N [TARGET...]    each target for N inputs from a fixed seed and
#                                           a fresh corpus (make test): the same inputs on
#                                           every machine, so a test run never fails by chance
#
# The engine is libFuzzer through cargo-fuzz, without a sanitizer (--sanitizer none),
# which is what builds on the stable toolchain; Rust's own checks (bounds, overflow,
# debug assertions) stay on. cargo-fuzz is installed with cargo when it is missing or
# not the pinned version, libFuzzer's C++ compiler with apt (scripts/deps.sh).
#
# Each target reads its committed seeds (fuzz/corpus/TARGET) and the inputs of
# crashes found and fixed (fuzz/regressions/TARGET). A crash stops the run with a
# non-zero status and leaves its input in target/fuzz/artifacts/TARGET/; the last
# lines of each run are in target/fuzz/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
usage="usage: scripts/fuzz.sh SECONDS [TARGET...] | --runs N [TARGET...]"
runs=""
if [ "${1:-}" = "--runs" ]; then
  runs="${2:?$usage}"
  shift 2
else
  seconds="${1:?$usage}"
  shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(domain enhance_answer closte_answer wpconfig readiness_options ffi_request)
fi

scripts/deps.sh g++
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install --locked --version "$CARGO_FUZZ_VERSION" cargo-fuzz
fi

cd fuzz
cargo fuzz build --sanitizer none
work="$(cd .. && pwd)/target/fuzz"
fresh=""
trap '[ -z "$fresh" ] || rm -rf "$fresh"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "regressions/$t"
  if [ -n "$runs" ]; then
    rm -rf "$fresh"
    fresh="$(mktemp -d)"
    echo "fuzz: $t for $runs inputs (seed 1)"
    into="$fresh"
    limit=(-runs="$runs" -seed=1)
  else
    echo "fuzz: $t for ${seconds} s"
    into="$work/corpus/$t"
    limit=(-max_total_time="$seconds")
  fi
  if ! cargo fuzz run --sanitizer none "$t" "$into" "corpus/$t" "regressions/$t" -- \
      "${limit[@]}" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$t/" >"$work/$t.log" 2>&1; then
    tail -n 40 "$work/$t.log" >&2
    echo "fuzz: $t FAILED; input in $work/artifacts/$t/" >&2
    exit 1
  fi
  done_runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1)"
  echo "fuzz: $t ok, ${done_runs:-?} runs, 0 crashes"
done
