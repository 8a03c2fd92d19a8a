#!/usr/bin/env bash
# Regenerates the shipped smelter reference snapshot (data/refdata.tsv) from the official
# RMI templates, oldest to newest, so renamed, merged and retired facilities and legacy
# IDs are recorded as history. Usage:
#   scripts/refresh-refdata.sh [BUILD_DIR] [TEMPLATES_DIR]
# BUILD_DIR defaults to build (the oretrace binary is BUILD_DIR/oretrace), TEMPLATES_DIR
# to ../shared/rmi-templates. To add a newer template, append it to the list below (keep
# the order by revision date), run this script, rebuild, and commit data/refdata.tsv with
# data/README.md updated.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tpl=${2:-../shared/rmi-templates}
bin="$build/oretrace"
[ -x "$bin" ] || { echo "refresh-refdata: build oretrace first ($bin not found)" >&2; exit 1; }

files=(
  "legacy/2.00_-_empty.xlsx"        # CMRT 2.00  2012-08-29 (EICC-GeSI, old-style IDs)
  "legacy/2.01_-_empty.xlsx"        # CMRT 2.01  2012-12-21
  "legacy/2.02_-_empty.xlsx"        # CMRT 2.02  2013-03-29 (encrypted, default password)
  "legacy/2.03_-_empty.xlsx"        # CMRT 2.03  2013-07-12
  "legacy/2.03a_-_empty .xlsx"      # CMRT 2.03a 2013-07-25
  "legacy/3.01_-_empty.xls"         # CMRT 3.01  2014-05-30 (CFSI: old ID -> CID)
  "RMI_CMRT_6.01.xlsx"              # 2020-05-19
  "RMI_CRT_2.21.xlsx"               # 2020-10-28 (cobalt)
  "RMI_CMRT_6.1.xlsx"               # 2021-04-28
  "RMI_CMRT_6.22.xlsx"              # 2022-05-11
  "RMI_EMRT_1.1.xlsx"               # 2022-10-14
  "RMI_EMRT_1.11.xlsx"              # 2022-11-04
  "RMI_EMRT_1.2.xlsx"               # 2023-05-12
  "RMI_CMRT_6.31.xlsx"              # 2023-05-26
  "RMI_EMRT_1.3.xlsx"               # 2024-04-26
  "RMI_CMRT_6.4.xlsx"               # 2024-04-26
  "RMI_CMRT_6.5.xlsx"               # 2025-04-25
  "RMI_EMRT_2.0.xlsx"               # 2025-04-25
  "RMI_EMRT_2.1.xlsx"               # 2025-10-17
  "RMI_AMRT_1.3.xlsx"               # 2025-10-17
)
args=()
for f in "${files[@]}"; do args+=("$tpl/$f"); done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" init "$work" >/dev/null   # refdata import works in a workspace made by init
ORETRACE_NO_PROGRESS=1 "$bin" refdata import --fresh --workspace "$work" "${args[@]}"
mkdir -p data
"$bin" refdata export --workspace "$work" data/refdata.tsv
echo "refresh-refdata: wrote data/refdata.tsv ($(grep -c '^smelter' data/refdata.tsv) smelter IDs); rebuild to embed it" >&2
