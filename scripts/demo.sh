#!/usr/bin/env bash
# demo.sh BIN - what `make demo` shows: oretrace reading the demo workbooks in demo/.
#
# Some demo files are broken on purpose (a truncated download, an invalid submission, a
# legacy file encrypted with Excel's default password), so oretrace reporting an error for
# them is part of the demo: exit 0 unless the binary is missing or crashed (status >= 128).
set -uo pipefail

bin=${1:?usage: scripts/demo.sh PATH/TO/oretrace}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$bin" ]; then
  echo "demo: $bin is missing or not executable (build first: make build)" >&2
  exit 1
fi

# run CMD... : runs one demo step; a crash (signal) fails the demo, a non-zero exit does not
run() {
  echo
  echo "\$ oretrace ${*:2}"
  "$@"
  local status=$?
  if [ "$status" -ge 128 ]; then
    echo "demo: oretrace crashed (exit status $status) running: ${*:2}" >&2
    exit 1
  fi
  return "$status"
}

cd "$repo"
echo "oretrace demo: reading the supplier workbooks in demo/ (see demo/README.md)"
run "$bin" inspect demo/
status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "demo: oretrace exited with $status above because some demo files are broken on purpose" \
       "(truncated download, invalid submission) - it reports them and goes on."
fi

# Smelter resolution against the shipped RMI list (docs/refdata.md): one typed name, then
# 300 names as suppliers type them (demo/smelter-names.tsv), first lines shown.
run "$bin" match --metal Gold --country Japan "Dowa Metals and Mining Company Limited"
echo
echo "\$ oretrace match --tsv demo/smelter-names.tsv   (300 rows; the first 15 shown)"
"$bin" match --tsv demo/smelter-names.tsv | head -16
exit 0
