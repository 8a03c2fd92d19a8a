#!/usr/bin/env bash
# demo.sh BIN [DIR] - what `make demo` shows: oretrace reading the demo workbooks in demo/
# and running a program year in a workspace in DIR (default: the folder `demo` beside BIN,
# i.e. build/demo). DIR is left there to look at - letters, e-mails, vault, database - and
# replaced by the next run; nothing is written anywhere else.
#
# Some demo files are broken on purpose (a truncated download, an invalid submission, a
# legacy file encrypted with Excel's default password), so oretrace reporting an error for
# them is part of the demo: exit 0 unless the binary is missing or crashed (status >= 128).
set -uo pipefail

bin=${1:?usage: scripts/demo.sh PATH/TO/oretrace [WORKSPACE_DIR]}
work=${2:-$(dirname "$bin")/demo}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$bin" ]; then
  echo "demo: $bin is missing or not executable (build first: make build)" >&2
  exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# A previous demo's folder is replaced; any other non-empty folder is left alone.
marker=.oretrace-demo
if [ -e "$work" ] && { [ ! -d "$work" ] || { [ ! -e "$work/$marker" ] && [ -n "$(ls -A "$work")" ]; }; }; then
  echo "demo: $work exists and is not a demo workspace; not touching it (give another folder)" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work" && touch "$work/$marker" || exit 1
work=$(cd "$work" && pwd)

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
echo "oretrace demo: one year of a conflict-minerals program on the bundled data in demo/"
echo "(13 vendors, a small bill of materials, 9 returned workbooks; see demo/README.md)"

# 1. Read and check what suppliers sent back.
run "$bin" inspect demo/
status=$?
[ "$status" -ne 0 ] && echo "(exit $status: some demo files are broken on purpose - reported, nothing stops)"
run "$bin" validate demo/ --feedback "$work/letters"
echo "(supplier letters for the invalid files: $work/letters)"

# 2. Smelter resolution against the shipped RMI list (docs/refdata.md).
run "$bin" match --metal Gold --country Japan "Dowa Metals and Mining Company Limited"
if [ -f demo/smelter-names.tsv ]; then
  echo
  echo "\$ oretrace match --tsv demo/smelter-names.tsv   (the first 15 rows)"
  "$bin" match --tsv demo/smelter-names.tsv | head -16
fi

# 3. The program: a workspace, the vendor list and BOM, scoping, the yearly campaign,
#    reminders, ingest of the returned files and the figures a CMR quotes.
export ORETRACE_WORKSPACE="$work/program"
run "$bin" init "$ORETRACE_WORKSPACE"
# the demo company, and both scoping routes (vendor list and BOM) deciding together
sed -i -e 's/^company_name =.*/company_name = Acme Marine Systems Inc./' \
       -e 's/^contact_email =.*/contact_email = compliance@acme-marine.example/' \
       -e 's/^scope_route =.*/scope_route = both/' "$ORETRACE_WORKSPACE/oretrace.conf"
run "$bin" suppliers import demo/vendors.csv --today 2026-01-05
run "$bin" products import demo/bom.csv --today 2026-01-05
run "$bin" suppliers scope --today 2026-01-05
run "$bin" suppliers list
run "$bin" campaign new 2025 --template CMRT-6.5 --due 2026-03-31
run "$bin" campaign send
echo "(request e-mails: $(ls "$ORETRACE_WORKSPACE"/outbox/2025/*.eml 2>/dev/null | wc -l) .eml files in $ORETRACE_WORKSPACE/outbox/2025)"
# Two weeks on: the first reminder is due for everyone who has not answered yet.
run "$bin" campaign remind --due --today "$(date -d '+15 days' +%F)"
run "$bin" ingest --campaign 2025 demo/
run "$bin" campaign status
run "$bin" audit verify
echo
echo "The demo's files are left in $work: program/ is the workspace (database, vault,"
echo "e-mails in outbox/2025), letters/ the feedback letters. The next \`make demo\` replaces"
echo "them; \`make clean\` removes them."
exit 0
