#!/usr/bin/env bash
# bench_rollup.sh BIN [N] - the roll-up (smelters, RMAP status, red flags, risk, programs)
# of campaigns of 1,000 / 2,500 / 5,000 / N (default 10,000) supplier submissions of ~150
# Smelter List rows each (N = 10,000: about 1.5 million rows), compared with the same
# grouping written in Python with the sqlite3 module (bench/rollup_py.py).
#
#  1. One workspace: N suppliers, one campaign per size (reporting years 2022-2025), one
#     real workbook ingested through the CLI (tests/fixtures/cmrt65_valid_company.xlsx),
#     then bench/make_rollup_campaign.py clones its stored answers for every supplier and
#     writes ~150 smelter rows per submission directly in SQL (drawn from the shipped
#     reference list; ~3% invented names; 1 in 20 submissions invalid). An RMAP status
#     list for every current smelter ID is imported, a CAHRA list and a watch list too.
#  2. Times `rollup --summary --json` and `rollup --json` (output to a file) per campaign,
#     three runs each, median; and `bench/rollup_py.py` on the same campaign.
# Timings are printed, never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$(bench_bin bench_rollup "${1:?usage: bench/bench_rollup.sh BIN [N]}")
n=${2:-10000}
work="$bench_repo/bench/work/rollup"
ws="$work/ws"
rm -rf "$work"
mkdir -p "$ws"
# bench/work/rollup/ws stays afterwards (about 550 MB for N = 10,000) to look into
export ORETRACE_NO_PROGRESS=1

echo "building the workspace ($n suppliers; campaigns of 1000, 2500, 5000 and $n submissions)"
# sql QUERY: the first column of the first row (python's sqlite3: no sqlite3 shell needed)
sql() { "$bench_py" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$ws/oretrace.db" "$1"; }
t0=$(date +%s.%N)
"$bin" init "$ws" > /dev/null
{
  echo "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email"
  for i in $(seq -w 1 "$n"); do
    echo "S$i,Supplier $i Ltd,DE,direct,2025-05-01,yes,Contact $i,c$i@supplier$i.example"
  done
} > "$work/vendors.csv"
"$bin" suppliers import "$work/vendors.csv" --workspace "$ws" > /dev/null
sizes=(1000 2500 5000 "$n")
years=(2022 2023 2024 2025)
for k in 0 1 2 3; do
  "$bin" campaign new "${years[$k]}" --due 2026-03-31 --workspace "$ws" > /dev/null
done
s1=$(head -2 "$work/vendors.csv" | tail -1 | cut -d, -f1)
"$bin" ingest --campaign 2025 --supplier "$s1" "$bench_repo/tests/fixtures/cmrt65_valid_company.xlsx" \
  --workspace "$ws" > /dev/null
for k in 0 1 2 3; do
  "$bench_py" "$here/make_rollup_campaign.py" "$ws/oretrace.db" "${years[$k]}" "${sizes[$k]}"
done
awk -F'\t' 'BEGIN { print "smelter_id,status,as_of,source"; split("Conformant Conformant Conformant Active Not Enrolled Non-Conformant", s, " ") }
  $1 == "smelter" && $10 == "current" { printf "%s,%s,2026-01-15,bench status list\n", $2, (NR % 7 == 3 ? "Active" : NR % 11 == 5 ? "Non-Conformant" : NR % 13 == 1 ? "Not Enrolled" : "Conformant") }' \
  "$bench_repo/data/refdata.tsv" > "$work/status.csv"
"$bin" refdata status-import "$work/status.csv" --workspace "$ws" > /dev/null
printf 'country,region,source,as_of\nCD,,bench,2025-01-01\nRW,,bench,2025-01-01\nCN,Xinjiang,bench,2025-01-01\n' > "$work/cahra.csv"
"$bin" risk countries import "$work/cahra.csv" --workspace "$ws" > /dev/null
printf 'smelter_id,reason,source,date\nCID002750,bench adverse report,bench,2025-05-01\n' > "$work/watch.csv"
"$bin" risk watchlist import "$work/watch.csv" --workspace "$ws" > /dev/null
t1=$(date +%s.%N)
rows=$(sql "SELECT COUNT(*) FROM smelter_row")
printf 'built in %.0f s: %s smelter rows in the database, %s MB\n\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
  "$rows" "$(du -m "$ws/oretrace.db" | cut -f1)"

timed_median() { # LABEL CMD... -> sets med (median wall seconds of 3 runs), med_cpu, med_rss
  local label=$1 t=() r=() c=()
  shift
  for i in 1 2 3; do
    run_timed "$work" "$label" "$@"
    exit_if_crashed bench_rollup "$label"
    [ "$status" -eq 0 ] || { echo "bench_rollup: $label failed:" >&2; cat "$work/$label.err" >&2; exit 1; }
    t+=("$secs")
    r+=("$rss_kb")
    c+=("$cpu")
  done
  med=$(median "${t[@]}")
  med_cpu=$(median "${c[@]}")
  med_rss=$(median "${r[@]}")
}

echo "wall-clock and CPU (user + system) seconds, median of 3 runs; load average now: $(cut -d' ' -f1 /proc/loadavg)"
printf '%-11s %9s | %-31s | %-27s | %-17s | %s\n' "submissions" "rows" "rollup --summary --json" \
  "rollup --json (all rows)" "python sqlite3" "CPU ratio"
for k in 0 1 2 3; do
  y=${years[$k]}
  r=$(sql "SELECT COUNT(*) FROM smelter_row sr JOIN campaign_file cf ON cf.submission_id = \
    sr.submission_id JOIN campaign c ON c.id = cf.campaign_id WHERE c.reporting_year = $y")
  timed_median "sum-$y" "$bin" rollup --campaign "$y" --summary --json --workspace "$ws"
  s_sum=$med c_sum=$med_cpu rss_sum=$med_rss
  timed_median "all-$y" "$bin" rollup --campaign "$y" --json --workspace "$ws"
  s_all=$med c_all=$med_cpu
  timed_median "py-$y" "$bench_py" "$here/rollup_py.py" "$ws/oretrace.db" "$y" --summary
  s_py=$med c_py=$med_cpu
  printf '%-11s %9s | %5.2f s wall %5.2f s CPU %4s MB | %5.2f s wall %5.2f s CPU %3s | %5.2f s / %5.2f s | python/oretrace %.1fx\n' \
    "${sizes[$k]}" "$r" "$s_sum" "$c_sum" "$(mb "$rss_sum" | cut -d. -f1)" "$s_all" "$c_all" \
    "$(wc -l < "$work/all-$y.out")" "$s_py" "$c_py" \
    "$(awk -v a="$c_py" -v b="$c_sum" 'BEGIN { print (b > 0 ? a / b : 0) }')"
done
echo
echo "summary of the largest campaign:"
cat "$work/sum-2025.out"
