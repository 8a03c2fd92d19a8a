#!/usr/bin/env bash
# Regenerates tests/fixtures/libreoffice/*.xls: filled official templates (the .xlsx
# fixtures that scripts/make-fixtures.py writes) opened in LibreOffice Calc and saved as
# "Excel 97-2003" (.xls, BIFF8), the way a supplier without Excel returns a questionnaire.
# Usage:
#   scripts/make-libreoffice-fixtures.sh
# Needs LibreOffice Calc (Debian: apt-get install --no-install-recommends libreoffice-calc)
# and, for the closing check (scripts/biff-sst-report.py), python3-olefile. Both are
# generation-time tools only: the .xls files are committed and the tests need neither.
# Run it, run the tests, and commit the files together with any change to
# tests/fixtures/README.md.
#
# Deterministic enough: the same LibreOffice version gives the same bytes except the
# random GUIDs LibreOffice writes into the note/comment objects (OBJ records).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null ||
  { echo "make-libreoffice-fixtures: soffice not found (install libreoffice-calc)" >&2; exit 1; }

sources=(
  cmrt601_valid_tin_only                # CMRT 6.01, the version of the bug report
  cmrt65_defect_smelter_id_wrong_metal  # CMRT 6.5, one defect validate must still find
  emrt13_valid                          # EMRT 1.3, valid with exactly one warning
  emrt21_valid_deleted_minerals         # EMRT 2.1: minerals from the selection (cached list is 0)
)
out=tests/fixtures/libreoffice
mkdir -p "$out"

# A throw-away LibreOffice profile, so the user's own settings play no part and nothing
# is left behind; a fixed locale and time zone for what LibreOffice recalculates.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
files=()
for s in "${sources[@]}"; do files+=("tests/fixtures/$s.xlsx"); done
LC_ALL=C.UTF-8 TZ=UTC HOME="$profile" soffice --headless --norestore \
  "-env:UserInstallation=file://$profile/lo" \
  --convert-to 'xls:MS Excel 97' --outdir "$out" "${files[@]}"
made=()
for s in "${sources[@]}"; do
  [ -s "$out/$s.xls" ] || { echo "make-libreoffice-fixtures: $out/$s.xls not written" >&2; exit 1; }
  made+=("$out/$s.xls")
done
echo "made with $(soffice --version | head -n 1)"
# the point of these files: formatting runs that cross a CONTINUE record (exit 1 if none)
"${PYTHON:-/usr/bin/python3}" scripts/biff-sst-report.py "${made[@]}"
