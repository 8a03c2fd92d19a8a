#!/usr/bin/env bash
# bench_match.sh BIN - smelter matching: accuracy on the evaluation set, look-ups per second
# on one core, load time of the reference list; compared with a Python difflib script.
#
#  1. Accuracy: `oretrace match --tsv tests/refdata/eval.tsv --json` (3000 supplier-style
#     rows from scripts/make-match-eval.py) scored by bench/match_eval.py: for real smelters
#     the share resolved to the right ID, to a wrong one, or left unresolved; for invented
#     facilities and non-smelters the share wrongly resolved. Per category, then a sweep of
#     the resolution threshold (the default is chosen from it, docs/refdata.md).
#  2. Speed: the same rows matched 100 times in one process (--repeat 100 --timing): look-ups
#     per second of the matching loop (one thread), and the time to load the shipped
#     snapshot and build the index.
#  3. The same on the Smelter List rows of ../shared/samples (supplier-filled workbooks
#     with the expected IDs): a realistic mix, mostly typed IDs and look-up names.
#  4. Baseline: difflib.get_close_matches over the current look-up names (600 rows).
# Timings are printed, never asserted.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
bin=${1:?usage: bench/bench_match.sh BIN}
[ -x "$bin" ] || { echo "bench_match: $bin is not an executable" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
py=/usr/bin/python3
eval_tsv="$repo/tests/refdata/eval.tsv"
work="$repo/bench/work/match"
rm -rf "$work"
mkdir -p "$work/ws"   # an empty workspace: the shipped snapshot is used
export ORETRACE_NO_PROGRESS=1

echo "accuracy on $(($(wc -l < "$eval_tsv") - 1)) rows (tests/refdata/eval.tsv)"
"$bin" match --workspace "$work/ws" --tsv "$eval_tsv" --json > "$work/results.jsonl"
"$py" "$here/match_eval.py" "$eval_tsv" "$work/results.jsonl" --by-category

echo
echo "accuracy on the supplier-filled sample workbooks (../shared/samples/truth.jsonl)"
if [ -f "$repo/../shared/samples/truth.jsonl" ]; then
  "$py" "$here/match_eval.py" --samples "$repo/../shared/samples/truth.jsonl" "$work/samples.tsv"
  "$bin" match --workspace "$work/ws" --tsv "$work/samples.tsv" --json > "$work/samples.jsonl"
  "$py" "$here/match_eval.py" "$work/samples.tsv" "$work/samples.jsonl" --by-category
  echo "speed on the samples (mostly typed IDs and look-up names):"
  "$bin" match --workspace "$work/ws" --tsv "$work/samples.tsv" --repeat 100 --timing 2>&1 >/dev/null | grep timing
fi

echo
echo "threshold sweep"
for t in 0.70 0.75 0.78 0.80 0.82 0.85 0.88 0.90; do
  "$bin" match --workspace "$work/ws" --tsv "$eval_tsv" --json --threshold $t > "$work/t.jsonl"
  printf 't=%s  ' "$t"
  "$py" "$here/match_eval.py" "$eval_tsv" "$work/t.jsonl" | sed 's/^overall *//'
done

echo
echo "speed (one thread)"
for i in 1 2 3; do
  "$bin" match --workspace "$work/ws" --tsv "$eval_tsv" --repeat 100 --timing 2>&1 >/dev/null | grep timing
done
"$bin" match --workspace "$work/ws" --tsv "$eval_tsv" --repeat 1 --timing 2>&1 >/dev/null \
  | sed -n 's/.*load \([0-9.]*\) ms, index \([0-9.]*\) ms.*/load of the shipped snapshot: \1 ms, index: \2 ms/p'
head -301 "$eval_tsv" > "$work/300.tsv"
s=$(date +%s%N)
"$bin" match --workspace "$work/ws" --tsv "$work/300.tsv" > /dev/null
e=$(date +%s%N)
echo "300 names, whole command (start, load, match, print): $(( (e - s) / 1000000 )) ms"

echo
echo "baseline: Python difflib (what a user might otherwise write), first 600 rows"
"$py" "$here/match_eval.py" --difflib "$eval_tsv" "$repo/../shared/refdata" --rows 600
