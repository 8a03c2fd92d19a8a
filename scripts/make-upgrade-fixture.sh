#!/bin/sh
# make-upgrade-fixture.sh - makes tests/fixtures/upgrade/previous-release.db: a workspace
# database written by an EARLIER oretrace, which tests/store/test_upgrade.c opens with the
# current one to check that an old database is upgraded to the schema of a new one.
#
# Usage: scripts/make-upgrade-fixture.sh OLD_ORETRACE_BINARY OUT.db
# The committed file was made with the binary built from commit 270a4be (main before the
# migrations were numbered in one sequence, issue 9): migrations 001-003, 010, 011, 020,
# 021 and 030 under their old numbers. Only the database is kept (not the vault), and it
# is rewritten with 1 KiB pages (VACUUM) to stay small; rows and schema are unchanged.
set -eu
bin=$1
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT

"$bin" init "$ws" >/dev/null
sed -e 's/^company_name =.*/company_name = Example Components AG/' \
    -e 's/^contact_email =.*/contact_email = compliance@example.com/' \
    "$ws/oretrace.conf" >"$ws/conf.new"
mv "$ws/conf.new" "$ws/oretrace.conf"
cat >"$ws/vendors.csv" <<'EOF'
supplier_id,name,country,category,last_purchase,active,contact_name,contact_email,contact_role,parent_id
V-001,Rheinau Steckverbinder GmbH,DE,direct,2025-06-30,yes,Anna Vogt,anna.vogt@rheinau.example,compliance,
V-002,Cascadia Medical Electronics,US,direct,2024-02-29,yes,Ben Ortiz,ben@cascadia.example,quality,
V-003,Office Supplies Ltd,GB,indirect,2019-01-15,no,,,,
EOF
cat >"$ws/bom.csv" <<'EOF'
product_id,product_name,part_id,part_name,supplier_id,contains_3tg
P-1,Sensor board,PT-1,Connector,V-001,yes
P-1,Sensor board,PT-2,Solder,V-002,unknown
EOF
"$bin" suppliers import "$ws/vendors.csv" --today 2026-01-15 --workspace "$ws" >/dev/null
"$bin" products import "$ws/bom.csv" --today 2026-01-15 --workspace "$ws" >/dev/null
"$bin" campaign new 2025 --due 2026-03-31 --today 2026-01-15 --workspace "$ws" >/dev/null
"$bin" campaign send --today 2026-01-15 --workspace "$ws" >/dev/null
# A valid CMRT from the repository's fixtures: rows in the ingest tables (030).
status=0
"$bin" ingest --supplier V-001 --today 2026-02-01 --workspace "$ws" \
    "$here/tests/fixtures/cmrt65_valid_company.xlsx" >/dev/null || status=$?
[ "$status" -le 3 ] || exit "$status"
"$bin" campaign mark V-002 declined --note "no 3TG" --today 2026-02-02 --workspace "$ws" \
    >/dev/null

sqlite3 "$ws/oretrace.db" "PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM;" >/dev/null
cp "$ws/oretrace.db" "$out"
