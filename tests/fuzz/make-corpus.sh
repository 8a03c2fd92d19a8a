#!/usr/bin/env bash
# Seed corpus for fuzz_workbook (docs/robustness.md).
# Usage: tests/fuzz/make-corpus.sh [OUT_DIR]   (default: build-fuzz/corpus)
#
# Copies the real inputs the test suite uses - every fixture, every hostile file, the legacy
# .xls and encrypted .xlsx templates - and adds "slim" copies of a few fixtures whose
# worksheets keep only their first 120 rows: still RMI templates (detection and the
# Declaration work the same), but ten times faster to read, so the fuzzer gets through
# far more mutations per second. Deterministic: the same files give the same corpus.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${ORETRACE_SHARED:-$repo/../shared}
out=${1:-$repo/build-fuzz/corpus}
mkdir -p "$out"

cp "$repo"/tests/fixtures/*.xlsx "$out"/
for f in "$repo"/tests/fixtures/hostile/*; do
  case "$f" in *.json|*.md) continue ;; esac
  cp "$f" "$out/hostile_$(basename "$f")"
done
for f in "$shared"/rmi-templates/legacy/*.xls "$shared"/rmi-templates/legacy/2.03_-_empty.xlsx \
         "$shared"/rmi-templates/legacy/1.00_-_empty.xlsx; do
  [ -f "$f" ] && cp "$f" "$out/legacy_$(basename "$f" | tr ' ' '_')"
done

/usr/bin/env python3 - "$repo/tests/fixtures" "$out" <<'EOF'
import re, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
KEEP_ROWS = 120
row_re = re.compile(rb'<row r="(\d+)"')
for name in ("cmrt65_valid_company", "cmrt601_valid_tin_only", "emrt21_valid_deleted_minerals",
             "amrt13_valid_other_mineral", "crt221_valid", "cmrt64_valid_products"):
    with zipfile.ZipFile(f"{src}/{name}.xlsx") as zin, \
         zipfile.ZipFile(f"{out}/slim_{name}.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet") and info.filename.endswith(".xml"):
                # cut sheetData before the first row past KEEP_ROWS
                for m in row_re.finditer(data):
                    if int(m.group(1)) > KEEP_ROWS:
                        end = data.find(b"</sheetData>", m.start())
                        if end > 0:
                            data = data[:m.start()] + data[end:]
                        break
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, data)
EOF

echo "fuzz corpus: $(ls "$out" | wc -l) files in $out"
