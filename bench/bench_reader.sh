#!/usr/bin/env bash
# bench_reader.sh BIN [N] - how fast oretrace reads supplier workbooks, compared with what a
# user would otherwise run (a Python openpyxl script), and how much memory both need.
#
#  1. Generates N (default 200) varied CMRT 6.5 workbooks with scripts/make-fixtures.py
#     --bulk into bench/work/reader-N (git-ignored; reused while the generator is unchanged).
#  2. Times ONE run of `oretrace inspect --json` over all of them with one thread
#     (ORETRACE_THREADS=1) and ONE run of bench/openpyxl_read.py (read_only=True, same
#     cells) over the same files; prints files/s for both, the ratio, and each process's
#     peak RSS (/usr/bin/time -v "Maximum resident set size").
#  3. Peak RSS and exit status of `oretrace inspect` on every hostile fixture.
# Timings are printed, never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
repo=$bench_repo
bin=$(bench_bin bench_reader "${1:?usage: bench/bench_reader.sh BIN [N]}")
n=${2:-200}
py=$bench_py

work=$(bulk_workbooks "$n")
logs="$repo/bench/work/reader-logs"
mkdir -p "$logs"
files=("$work"/*.xlsx)
count=${#files[@]}
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)

run() { run_timed "$logs" "$@"; }

cat "${files[@]}" > /dev/null  # both readers start from a warm page cache
echo "bench_reader: $count files, $(mb $((bytes / 1024))) MB"

run oretrace env ORETRACE_THREADS=1 ORETRACE_NO_PROGRESS=1 "$bin" inspect --json "$work"
o_secs=$secs o_rss=$rss_kb o_status=$status
# smelter rows and errors in the JSON lines: both readers must have found the same rows
read -r o_rows o_err < <("$py" -c 'import json, sys
rows = errs = 0
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    rows += len(o.get("smelters", []))
    errs += "error" in o
print(rows, errs)' "$logs/oretrace.out")
exit_if_crashed bench_reader oretrace

run openpyxl "$py" "$here/openpyxl_read.py" "$work"
p_secs=$secs p_rss=$rss_kb p_status=$status

printf '\n%-28s %10s %10s %12s  %s\n' "reader ($count CMRT 6.5)" "seconds" "files/s" "peak RSS MB" "notes"
printf '%-28s %10s %10s %12s  %s\n' "oretrace inspect --json" "$o_secs" "$(rate "$count" "$o_secs")" \
  "$(mb "$o_rss")" "1 thread, exit $o_status, $count files, $o_rows smelter rows, $o_err errors"
printf '%-28s %10s %10s %12s  %s\n' "openpyxl read_only" "$p_secs" "$(rate "$count" "$p_secs")" \
  "$(mb "$p_rss")" "exit $p_status, $(tail -1 "$logs/openpyxl.out")"
awk -v o="$o_secs" -v p="$p_secs" -v orss="$o_rss" -v prss="$p_rss" 'BEGIN {
  if (o > 0) printf "ratio: oretrace is %.1fx faster than openpyxl", p / o;
  if (orss > 0) printf ", uses %.1fx less peak memory", prss / orss;
  printf "\n" }'

hostile="$repo/tests/fixtures/hostile"
if [ -d "$hostile" ]; then
  printf '\n%-28s %8s %12s %10s  %s\n' "hostile fixture" "exit" "peak RSS MB" "seconds" "error code"
  for f in "$hostile"/*; do
    case "$f" in *.json|*.md) continue ;; esac
    run hostile env ORETRACE_THREADS=1 ORETRACE_NO_PROGRESS=1 "$bin" inspect --json "$f"
    code=$(grep -o '"code": *"[a-z_]*"' "$logs/hostile.out" | head -1 | sed 's/.*"\([a-z_]*\)"$/\1/' || true)
    printf '%-28s %8s %12s %10s  %s\n' "$(basename "$f")" "$status" "$(mb "$rss_kb")" "$secs" "${code:--}"
    [ "$status" -lt 128 ] || echo "  ^ CRASH: oretrace died with signal $((status - 128))"
  done
fi
