#!/usr/bin/env bash
# run.sh BIN - runs every benchmark in bench/ (each bench/bench_*.sh gets BIN as $1) and
# prints their tables. `make bench` calls this. Benchmarks print timings and ratios; they
# never fail on a slow result, only when a benchmark itself breaks (or oretrace crashes).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: bench/run.sh PATH/TO/oretrace}
[ -x "$bin" ] || { echo "bench: $bin is missing or not executable (build first)" >&2; exit 1; }

failed=()
for b in "$here"/bench_*.sh; do
  [ -e "$b" ] || continue
  echo "=== $(basename "$b")"
  if ! bash "$b" "$bin"; then
    failed+=("$(basename "$b")")
  fi
  echo
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
