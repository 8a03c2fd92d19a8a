#!/usr/bin/env bash
# bench_validate.sh BIN [N] - what validation costs on top of reading: `oretrace validate
# --json` against `oretrace inspect --json` on the same N (default 200) CMRT 6.5 workbooks.
#
#  1. Uses the N bulk workbooks of bench_reader.sh (scripts/make-fixtures.py --bulk N into
#     bench/work/reader-N; generated once, reused while the generator is unchanged).
#  2. Runs `inspect --json`, `inspect` (the short summary: reading without the big JSON
#     output) and `validate --json` in turn, 3 times each, one thread (ORETRACE_THREADS=1),
#     each reading every file once; prints the median wall time, files/s and peak RSS of
#     each, and the overhead of validate over both inspect forms in percent (target: at
#     most 10% over `inspect --json`; the summary form shows the cost of validation
#     itself, since validate prints much less than inspect --json).
#     Then one `validate --timing` run: time spent reading (file, zip, XML, template model)
#     and in the rule table, summed over the files.
#  3. Validates every hostile fixture (tests/fixtures/hostile): exit status, peak RSS and
#     the status of each file - all must be "unreadable", none may crash.
# Timings are printed, never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
repo=$bench_repo
bin=$(bench_bin bench_validate "${1:?usage: bench/bench_validate.sh BIN [N]}")
n=${2:-200}
py=$bench_py

work=$(bulk_workbooks "$n")
out="$repo/bench/work/validate"
mkdir -p "$out/ws"   # an empty workspace: the shipped smelter reference
count=$(ls "$work"/*.xlsx | wc -l)

run() { run_timed "$out" "$@"; exit_if_crashed bench_validate "$1"; }

cat "$work"/*.xlsx > /dev/null  # warm page cache for both
export ORETRACE_THREADS=1 ORETRACE_NO_PROGRESS=1 ORETRACE_WORKSPACE="$out/ws"
i_times=() s_times=() v_times=()
for round in 1 2 3; do
  run inspect "$bin" inspect --json "$work"
  i_times+=("$secs"); i_rss=$rss_kb
  run summary "$bin" inspect "$work"
  s_times+=("$secs"); s_rss=$rss_kb
  run validate "$bin" validate --json "$work"
  v_times+=("$secs"); v_rss=$rss_kb; v_status=$status
done
i_med=$(median "${i_times[@]}")
s_med=$(median "${s_times[@]}")
v_med=$(median "${v_times[@]}")
read -r valid invalid unreadable findings < <("$py" -c 'import json, sys
c = {"valid": 0, "invalid": 0, "unreadable": 0}; f = 0
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line); c[o["status"]] += 1; f += len(o["findings"])
print(c["valid"], c["invalid"], c["unreadable"], f)' "$out/validate.out")

printf '\n%-26s %9s %9s %12s  %s\n' "command ($count CMRT 6.5)" "seconds" "files/s" "peak RSS MB" "notes"
printf '%-26s %9s %9s %12s  %s\n' "oretrace inspect --json" "$i_med" "$(rate "$count" "$i_med")" \
  "$(mb "$i_rss")" "median of 3: ${i_times[*]}"
printf '%-26s %9s %9s %12s  %s\n' "oretrace inspect" "$s_med" "$(rate "$count" "$s_med")" \
  "$(mb "$s_rss")" "median of 3: ${s_times[*]}"
printf '%-26s %9s %9s %12s  %s\n' "oretrace validate --json" "$v_med" "$(rate "$count" "$v_med")" \
  "$(mb "$v_rss")" "median of 3: ${v_times[*]}; exit $v_status; $valid valid, $invalid invalid, $unreadable unreadable, $findings findings"
awk -v i="$i_med" -v s="$s_med" -v v="$v_med" 'BEGIN {
  if (i > 0) printf "validate --json vs inspect --json: %+.1f%% (target: at most +10%%)\n", (v - i) / i * 100
  if (s > 0) printf "validate --json vs inspect (summary): %+.1f%% (reading alone as the base)\n", (v - s) / s * 100 }'

# exit 3 (invalid files) is expected; only a crash stops the script
{ "$bin" validate --json --timing "$work" 2>&1 >/dev/null || [ $? -lt 128 ]; } |
  sed -n 's/^timing: /inside one validate run (--timing): /p'

echo
echo "hostile files (tests/fixtures/hostile): every one must be unreadable, none may crash"
run hostile "$bin" validate --json "$repo/tests/fixtures/hostile"
"$py" -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    print("  %-28s %-10s %s" % (o["file"].rsplit("/", 1)[-1], o["status"], o.get("error", {}).get("code", "")))' "$out/hostile.out"
echo "  exit status $status, peak RSS $(mb "$rss_kb") MB"
