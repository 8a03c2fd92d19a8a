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
echo "(14 vendors, a small bill of materials, 10 returned workbooks; see demo/README.md)"

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
conf="$ORETRACE_WORKSPACE/oretrace.conf"
# set KEY VALUE: one line of the workspace configuration (every key: docs/workspace.md)
set_conf() {
  if grep -q "^$1 =" "$conf"; then
    sed -i "s|^$1 =.*|$1 = $2|" "$conf"
  else
    echo "$1 = $2" >>"$conf"
  fi
}
set_conf company_name "Acme Marine Systems Inc."
set_conf contact_name "Dana Whitfield"
set_conf contact_email compliance@acme-marine.example
set_conf contact_phone "+1 207 555 0100"
set_conf scope_route both
# the Form SD cover page and signature (invented registrant)
set_conf filer_name "Acme Marine Systems Inc."
set_conf filer_state Delaware
set_conf filer_file_number 001-99999
set_conf filer_irs_number 12-3456789
set_conf filer_address "100 Harbor Road, Portland, Maine 04101"
set_conf filer_contact "Dana Whitfield, Director of Compliance"
set_conf filer_phone "(207) 555-0100"
set_conf filer_signer "Morgan Lee"
set_conf filer_signer_title "Chief Financial Officer"
# what our own CMRT declares about our program (company questions A-H)
set_conf authorizer_name "Morgan Lee"
set_conf authorizer_title "Chief Financial Officer"
set_conf authorizer_email morgan.lee@acme-marine.example
set_conf cmrt_policy Yes
set_conf cmrt_require_validated Yes
set_conf cmrt_due_diligence Yes
set_conf cmrt_review Yes
set_conf cmrt_corrective Yes
set_conf cmrt_disclosure sec
run "$bin" suppliers import demo/vendors.csv --today 2026-01-05
run "$bin" products import demo/bom.csv --today 2026-01-05
run "$bin" suppliers scope --today 2026-01-05
run "$bin" suppliers list
# Two surveys this year: 3TG (CMRT) and cobalt/mica (EMRT).
run "$bin" campaign new 2025 --template CMRT-6.5 --due 2026-03-31 --today 2026-01-06
run "$bin" campaign new 2025 --template EMRT-2.1 --due 2026-03-31 --today 2026-01-06
run "$bin" campaign list
run "$bin" campaign send --campaign 2025/CMRT --today 2026-01-06
echo "(request e-mails: $(ls "$ORETRACE_WORKSPACE"/outbox/2025/*.eml 2>/dev/null | wc -l) .eml files in $ORETRACE_WORKSPACE/outbox/2025)"
# Two weeks on: the first reminder is due for everyone who has not answered yet.
run "$bin" campaign remind --campaign 2025/CMRT --due --today 2026-01-21
# Each returned file goes to the 2025 campaign of its template family.
run "$bin" ingest --campaign 2025 demo/
# Invalid, unreadable and out-of-date answers get a correction request.
run "$bin" campaign remind --campaign 2025/CMRT --due --today 2026-02-02
run "$bin" campaign status --campaign 2025/CMRT

# 4. The company's picture: RMAP statuses (an OLD list, May 2020: demo only - oretrace
#    says so), an example CAHRA list, the roll-up, red flags and supplier risk.
run "$bin" refdata status-import demo/rmap-status-2020-05.csv
run "$bin" risk countries import data/cahra-example.csv
run "$bin" rollup --campaign 2025/CMRT --summary
run "$bin" rollup --campaign 2025/CMRT
run "$bin" rollup --campaign 2025/CMRT --unresolved
run "$bin" risk --campaign 2025/CMRT
run "$bin" actions list --campaign 2025/CMRT --proposed
# The compliance manager accepts two of them, with an owner; open actions appear in the
# supplier's next reminder.
run "$bin" actions add 'ACT-SMELTER-OUTREACH:V-1014:CID003185' --campaign 2025/CMRT --owner "Dana Whitfield"
run "$bin" actions add 'ACT-STRENGTHEN-PROGRAM:V-1014:-' --campaign 2025/CMRT --owner "Dana Whitfield"
run "$bin" actions list --campaign 2025/CMRT --open

# 5. What the company files and sends: Form SD + Conflict Minerals Report (EDGAR HTML, a
#    PDF copy, evidence.json), the exports for auditors and our own CMRT for customers.
report="$work/report"
run "$bin" report cmr --campaign 2025 --out "$report"
run "$bin" report verify "$report"
run "$bin" export xlsx --campaign 2025/CMRT --out "$report/oretrace-2025.xlsx"
run "$bin" export csv --campaign 2025/CMRT --out "$report/csv"
run "$bin" export cmrt --campaign 2025/CMRT \
  --template tests/fixtures/reference/rmi-templates/RMI_CMRT_6.5.xlsx \
  --out "$report/Acme-Marine-CMRT-2025.xlsx"
run "$bin" audit verify
echo
echo "Open:"
for f in "$report"/ex101cmr2025.htm "$report"/formsd2025.htm "$report"/*.pdf "$report"/Acme-Marine-CMRT-2025.xlsx "$report"/oretrace-2025.xlsx; do
  [ -e "$f" ] && echo "  $f"
done
echo
echo "The demo's files are left in $work: program/ is the workspace (database, vault,"
echo "e-mails in outbox/2025), letters/ the feedback letters, report/ what is filed and sent."
echo "The next \`make demo\` replaces them; \`make clean\` removes them."
exit 0
