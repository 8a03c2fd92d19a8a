#!/usr/bin/env bash
# bench_ingest.sh BIN [N] - a campaign's worth of returned workbooks through `oretrace
# ingest`, then `oretrace campaign status` on the result.
#
# 1. N CMRT 6.5 workbooks (scripts/make-fixtures.py --bulk; beyond 200, byte-distinct
#    copies of 200 generated ones, see below), a vendor list with ~80% of their companies
#    (the rest stay unlinked, as in real life), a fresh workspace and campaign.
# 2. ONE `oretrace ingest` run over the folder: wall time, files/s, peak RSS, and the
#    split of the time the command reports (vault, reading, validation, matching,
#    database).
# 3. `oretrace campaign status --json`, best of 5 runs, in milliseconds.
# Targets (issue 5): 10,000 files in < 3 min with peak RSS < 300 MB; status < 200 ms.
# Prints figures only; never fails on a slow result.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$(bench_bin bench_ingest "${1:?usage: bench/bench_ingest.sh PATH/TO/oretrace [N]}")
n=${2:-${ORETRACE_BENCH_INGEST_N:-1000}}
work="$here/work"
mkdir -p "$work"

# openpyxl writes ~1 workbook per second per core, so 10,000 fresh files would take hours
# to generate. Beyond `base` (default 200) files the set is made of byte-distinct copies of
# `base` generated workbooks: each copy gets its own zip archive comment, so every file has
# its own SHA-256 and goes through the whole pipeline (nothing is skipped as a duplicate);
# copies of one company's file count as later versions from that supplier (superseding).
base=${ORETRACE_BENCH_INGEST_BASE:-200}
[ "$n" -lt "$base" ] && base=$n
gen=$(bulk_workbooks "$base")
files="$gen"
if [ "$n" -gt "$base" ]; then
  files="$work/ingest-files-$n"
  if [ "$(find "$files" -name '*.xlsx' 2>/dev/null | wc -l)" -ne "$n" ]; then
    echo "making $n byte-distinct copies of the $base workbooks in $files (once)..." >&2
    rm -rf "$files"
    python3 - "$gen" "$files" "$n" <<'EOF2'
import os, shutil, sys, zipfile
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst)
names = sorted(f for f in os.listdir(src) if f.endswith(".xlsx"))
for i in range(n):
    name = names[i % len(names)]
    out = os.path.join(dst, "copy%05d_%s" % (i, name.split("_", 1)[1]))
    shutil.copyfile(os.path.join(src, name), out)
    with zipfile.ZipFile(out, "a") as z:
        z.comment = ("oretrace bench copy %d" % i).encode()
EOF2
  fi
fi

ws="$work/ingest-ws-$n"
rm -rf "$ws"
"$bin" init "$ws" >/dev/null
cat >>"$ws/oretrace.conf" <<'EOF'
company_name = Bench Corp
contact_email = compliance@bench.example
EOF

# Vendor list: the company in each file name (cmrt65_00042_alpine-precision-gmbh.xlsx),
# every fifth distinct company left out so that some files stay unlinked.
python3 - "$files" "$ws/vendors.csv" <<'EOF'
import csv, os, sys
names = sorted({f.split("_", 2)[2][:-5].replace("-", " ") for f in os.listdir(sys.argv[1])
                if f.endswith(".xlsx") and f.count("_") >= 2})
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["supplier_id", "name", "country", "category", "last_purchase", "contact_email"])
    for i, name in enumerate(names):
        if i % 5 == 4:
            continue
        w.writerow(["B%05d" % i, name.title(), "US", "direct", "2025-06-01",
                    "buyer%d@supplier%d.example" % (i, i)])
EOF
"$bin" suppliers import "$ws/vendors.csv" --workspace "$ws" >/dev/null
"$bin" campaign new 2025 --workspace "$ws" >/dev/null
"$bin" campaign send --workspace "$ws" --today 2026-01-05 >/dev/null

logs=$(mktemp -d)
run_timed "$logs" ingest "$bin" ingest --workspace "$ws" "$files"
exit_if_crashed bench_ingest oretrace
out="$logs/ingest.out"
rss=$rss_kb

best=""
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$bin" campaign status --json --workspace "$ws" >/dev/null
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done

echo "ingest of $n CMRT 6.5 workbooks ($(du -sh "$files" | cut -f1)) on $(nproc) cores"
grep -E '^[0-9]+ files:' "$out" || true
grep -E '^time:' "$out" || true
awk -v n="$n" -v s="$secs" -v r="$rss" 'BEGIN {
  printf "  wall %.1f s, %.0f files/s, peak RSS %.0f MB\n", s, (s > 0 ? n / s : 0), r / 1024
  printf "  projected for 10,000 files: %.0f s (target < 180 s)\n", (n > 0 ? s * 10000 / n : 0) }'
echo "  campaign status --json: best of 5 = ${best} ms (target < 200 ms), $("$bin" campaign status --json --workspace "$ws" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["submissions"]; print("%d files: %d valid, %d invalid, %d unreadable, %d unlinked" % (s["received"], s["valid"], s["invalid"], s["unreadable"], s["unlinked"]))')"
rm -rf "$logs"
