#!/usr/bin/env bash
# bench_report_render.sh BIN [N] - what the report writers cost on a large campaign,
# without a workspace: bench_report_render (bench/report_render.c, built here next to
# BIN on first use) builds a CMR-like document (sections, the three charts, an appendix
# of N smelters, default 2000) and renders it to PDF, then writes an export book of N
# smelters, N/4 suppliers, N findings and N/10 unresolved names as XLSX and as CSV.
# Three rounds; prints the median seconds of each writer, the PDF's pages and the file
# sizes, and the peak RSS of the whole run. Then, when bench_ingest.sh has left a
# campaign workspace in bench/work/ingest-ws-N (bench/run.sh runs it first), the whole
# `oretrace export xlsx` and `export csv` on it: roll-up, store queries and writing.
# Timings are printed, never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$(bench_bin bench_report_render "${1:?usage: bench/bench_report_render.sh BIN [N]}")
n=${2:-2000}
build=$(dirname "$bin")
prog="$build/bench_report_render"
cmake --build "$build" --target bench_report_render >/dev/null
out="$bench_repo/bench/work/report-render"
rm -rf "$out"
mkdir -p "$out"

pdf=() xlsx=() csv=()
for round in 1 2 3; do
  run_timed "$out" "round$round" "$prog" "$n" "$out"
  exit_if_crashed bench_report_render "round $round"
  [ "$status" -eq 0 ] || { cat "$out/round$round.err" >&2; exit 1; }
  pdf+=("$(awk '$1 == "pdf" { print $3 }' "$out/round$round.out")")
  xlsx+=("$(awk '$1 == "xlsx" { print $3 }' "$out/round$round.out")")
  csv+=("$(awk '$1 == "csv" { print $3 }' "$out/round$round.out")")
done
pages=$(pdfinfo "$out/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }' || true)
kb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f KB", b / 1024 }'; }

printf '\n%-34s %9s  %s\n' "writer ($n smelter rows)" "seconds" "notes"
printf '%-34s %9s  %s\n' "PDF (cairo + pango), A4" "$(median "${pdf[@]}")" \
  "${pages:-?} pages, $(kb "$out/report.pdf"); median of 3: ${pdf[*]}"
printf '%-34s %9s  %s\n' "XLSX (libxlsxwriter), 4 sheets" "$(median "${xlsx[@]}")" \
  "$(kb "$out/export.xlsx"); median of 3: ${xlsx[*]}"
printf '%-34s %9s  %s\n' "CSV, 4 files" "$(median "${csv[@]}")" "median of 3: ${csv[*]}"
printf 'peak RSS of a round (all three writers): %s MB\n' "$(mb "$rss_kb")"

ws=$(ls -d "$bench_repo"/bench/work/ingest-ws-* 2>/dev/null | sort -t- -k3 -n | tail -1 || true)
if [ -z "$ws" ]; then
  echo "(no bench/work/ingest-ws-N: run bench/bench_ingest.sh first to time the exports end to end)"
  exit 0
fi
for fmt in xlsx csv; do
  times=()
  for round in 1 2 3; do
    run_timed "$out" "export-$fmt" "$bin" export "$fmt" --workspace "$ws" --json \
      --out "$out/campaign-export.$fmt"
    exit_if_crashed bench_report_render "export $fmt"
    [ "$status" -eq 0 ] || { cat "$out/export-$fmt.err" >&2; exit 1; }
    times+=("$secs")
  done
  rows=$("$bench_py" -c 'import json, sys
r = json.load(open(sys.argv[1]))["rows"]
print(", ".join("%d %s" % (v, k) for k, v in r.items()))' "$out/export-$fmt.out")
  printf 'oretrace export %-4s on %-22s %6s s  peak RSS %s MB; %s; median of 3: %s\n' "$fmt" \
    "$(basename "$ws")" "$(median "${times[@]}")" "$(mb "$rss_kb")" "$rows" "${times[*]}"
done
