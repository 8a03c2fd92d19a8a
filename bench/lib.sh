# lib.sh - what the bench scripts share; sourced (`. "$here/lib.sh"`), never run: the
# oretrace binary argument, the generated bulk workbooks, timing a command under
# /usr/bin/time -v, and number formatting. Callers use `set -euo pipefail`.

bench_py=/usr/bin/python3
bench_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# bench_bin NAME PATH: the absolute path of the oretrace binary PATH, or exits with
# "NAME: ..." when it is missing or /usr/bin/time is.
bench_bin() {
  local name=$1 bin=$2
  [ -x "$bin" ] || { echo "$name: $bin is not an executable" >&2; exit 1; }
  [ -x /usr/bin/time ] || { echo "$name: /usr/bin/time missing (Debian package 'time')" >&2; exit 1; }
  echo "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
}

# bulk_workbooks N: prints the folder holding N varied CMRT 6.5 workbooks
# (scripts/make-fixtures.py --bulk, seed 6502) in bench/work/reader-N; generates them
# once and again only when the generator changes (git-ignored).
bulk_workbooks() {
  local n=$1 dir="$bench_repo/bench/work/reader-$1" stamp
  stamp="$(sha256sum "$bench_repo/scripts/make-fixtures.py" | cut -c1-16) n=$n seed=6502"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "generating $n CMRT 6.5 workbooks in bench/work/reader-$n (one-off, a few minutes)" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    "$bench_py" "$bench_repo/scripts/make-fixtures.py" --bulk "$n" --out "$dir" --seed 6502 >&2
    echo "$stamp" > "$dir/.stamp"
  fi
  echo "$dir"
}

# run_timed OUTDIR LABEL CMD...: runs CMD under /usr/bin/time -v with its stdout and
# stderr in OUTDIR/LABEL.out and .err; sets secs (wall clock), cpu (user + system
# seconds: what the run cost whatever else shares the machine), rss_kb (peak RSS) and
# status (CMD's exit status; 128 + signal when it died).
run_timed() {
  local outdir=$1 label=$2 log
  shift 2
  log=$(mktemp)
  set +e
  /usr/bin/time -v -o "$log" "$@" > "$outdir/$label.out" 2> "$outdir/$label.err"
  status=$?
  set -e
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
           for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s + 0 }' "$log")
  rm -f "$log"
}

# exit_if_crashed NAME LABEL: exits when the last run_timed died of a signal.
exit_if_crashed() {
  [ "$status" -lt 128 ] || { echo "$1: $2 crashed (status $status)" >&2; exit 1; }
}

# rate N SECS: N per second, one decimal.   mb KB: megabytes, one decimal.
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# median X...: the middle value (the lower middle one for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
