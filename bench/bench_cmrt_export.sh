#!/usr/bin/env bash
# bench_cmrt_export.sh BIN [N] - `oretrace export cmrt` on a campaign with a few hundred
# smelters, against openpyxl filling the same cells.
#
# 1. N (default 60) CMRT 6.5 supplier workbooks (scripts/make-fixtures.py --bulk, shared
#    with bench_reader.sh), a vendor list naming their companies, a campaign, one ingest.
# 2. `oretrace export cmrt` into the official CMRT 6.5 template (the vendored copy), 5
#    runs: median wall time (the whole command: roll-up, derivation, filling, writing)
#    and peak RSS. Target (issue 11): under 0.5 s.
# 3. bench/openpyxl_cmrt_fill.py filling the same input cells (read back from oretrace's
#    result with `inspect --json`) into the same template, 3 runs, median; the ratio.
# Prints figures only; never fails on a slow result.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$(bench_bin bench_cmrt_export "${1:?usage: bench/bench_cmrt_export.sh PATH/TO/oretrace [N]}")
n=${2:-60}
tpl="$bench_repo/tests/fixtures/reference/rmi-templates/RMI_CMRT_6.5.xlsx"
files=$(bulk_workbooks "$n")
work="$here/work/cmrt-export"
ws="$work/ws"
rm -rf "$work"
mkdir -p "$work"
"$bin" init "$ws" >/dev/null
cat >>"$ws/oretrace.conf" <<'CONF'
company_name = Bench Corp
contact_name = Ada Byron
contact_email = compliance@bench.example
contact_phone = +1 410 555 0100
authorizer_name = Grace Hopper
authorizer_email = grace@bench.example
cmrt_policy = yes
cmrt_require_validated = yes
cmrt_due_diligence = yes
cmrt_review = yes
cmrt_corrective = yes
cmrt_disclosure = sec
CONF
"$bench_py" - "$files" "$ws/vendors.csv" <<'PY'
import csv, os, sys
names = sorted({f.split("_", 2)[2][:-5].replace("-", " ") for f in os.listdir(sys.argv[1])
                if f.endswith(".xlsx") and f.count("_") >= 2})
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["supplier_id", "name", "country", "category", "last_purchase", "contact_email"])
    for i, name in enumerate(names):
        w.writerow(["B%05d" % i, name.title(), "US", "direct", "2025-06-01",
                    "buyer%d@supplier%d.example" % (i, i)])
PY
export ORETRACE_WORKSPACE="$ws" ORETRACE_NO_PROGRESS=1
"$bin" suppliers import "$ws/vendors.csv" >/dev/null
"$bin" campaign new 2025 >/dev/null
"$bin" campaign send --today 2026-01-05 >/dev/null
"$bin" ingest "$files" >/dev/null 2>&1 || true  # some generated files are invalid on purpose

run() { run_timed "$work" "$@"; exit_if_crashed bench_cmrt_export "$1"; }
times=()
for round in 1 2 3 4 5; do
  run export "$bin" export cmrt --campaign 2025 --template "$tpl" --out "$work/ours.xlsx" --json
  [ "$status" -eq 0 ] || { cat "$work/export.err" >&2; exit 1; }
  times+=("$secs"); rss=$rss_kb
done
med=$(median "${times[@]}")
read -r by_id not_listed < <("$bench_py" -c 'import json, sys
o = json.load(open(sys.argv[1])); s = o["smelters"]; print(s["by_id"], s["not_listed"])' \
  "$work/export.out")

"$bin" inspect --json "$work/ours.xlsx" > "$work/ours.json"
py_times=()
for round in 1 2 3; do
  run openpyxl "$bench_py" "$here/openpyxl_cmrt_fill.py" "$tpl" "$work/ours.json" "$work/openpyxl.xlsx"
  py_times+=("$secs"); py_rss=$rss_kb
done
py_med=$(median "${py_times[@]}")
ratio=$(awk -v a="$py_med" -v b="$med" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')

printf '\n%-34s %9s %12s  %s\n' "CMRT 6.5 export ($n suppliers)" "seconds" "peak RSS MB" "notes"
printf '%-34s %9s %12s  %s\n' "oretrace export cmrt" "$med" "$(mb "$rss")" \
  "median of 5: ${times[*]}; $by_id smelters by ID, $not_listed not listed; target < 0.5 s"
printf '%-34s %9s %12s  %s\n' "openpyxl, same cells" "$py_med" "$(mb "$py_rss")" \
  "median of 3: ${py_times[*]}"
printf 'openpyxl / oretrace: %sx\n' "$ratio"
