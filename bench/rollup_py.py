#!/usr/bin/python3
"""rollup_py.py DB YEAR [--summary] - the roll-up a user would otherwise write with
Python's sqlite3 module, for bench/bench_rollup.sh: the current submission per in-scope
supplier (newest linked readable file), its Smelter List rows consolidated by smelter ID
(suppliers per smelter), the latest RMAP status on record per smelter (refdata_status),
the reference list's name and country (refdata_smelter), covered-country and
country-of-origin counts, the unresolved names, and the same summary counts. No red-flag
table, no program strength: less than oretrace computes."""
import json
import sqlite3
import sys
from collections import defaultdict
from datetime import date

COVERED = {"CONGO, DEMOCRATIC REPUBLIC OF THE", "ANGOLA", "BURUNDI", "CENTRAL AFRICAN REPUBLIC",
           "CONGO", "RWANDA", "SOUTH SUDAN", "TANZANIA, UNITED REPUBLIC OF", "UGANDA", "ZAMBIA"}


def main():
    db, year = sys.argv[1], int(sys.argv[2])
    summary_only = "--summary" in sys.argv
    as_of = date.today().isoformat()
    con = sqlite3.connect(db)
    cur = con.cursor()
    camp = cur.execute("SELECT id FROM campaign WHERE reporting_year = ?", (year,)).fetchone()[0]
    current = {}
    for req, sub, outcome in cur.execute(
            "SELECT cf.request_id, cf.submission_id, cf.outcome FROM campaign_file cf "
            "WHERE cf.campaign_id = ? AND cf.request_id IS NOT NULL AND cf.outcome <> 'unreadable' "
            "AND cf.superseded_by IS NULL AND substr(cf.received_at, 1, 10) <= ? "
            "ORDER BY cf.request_id, cf.received_at DESC", (camp, as_of)):
        current.setdefault(req, (sub, outcome))
    supplier = dict(cur.execute("SELECT q.id, s.supplier_key FROM request q JOIN supplier s "
                                "ON s.id = q.supplier_id WHERE q.campaign_id = ?", (camp,)))
    status = {}
    for sid, st, d in cur.execute("SELECT smelter_id, status, as_of FROM refdata_status "
                                  "WHERE as_of <= ? ORDER BY as_of", (as_of,)):
        status[sid] = (st, d)
    ref = {r[0]: r[1:] for r in cur.execute(
        "SELECT smelter_id, metal, standard_name, country FROM refdata_smelter")}
    suppliers, mines, unresolved, rows = defaultdict(set), defaultdict(set), [], 0
    for req, (sub, outcome) in current.items():
        for row_no, metal, name, smelter_id, mine in cur.execute(
                "SELECT row_no, metal, name, smelter_id, mine_country FROM smelter_row "
                "WHERE submission_id = ?", (sub,)):
            rows += 1
            if smelter_id:
                suppliers[smelter_id].add(supplier[req])
                if mine:
                    mines[smelter_id].add(mine)
            else:
                unresolved.append((metal, name, supplier[req], sub, row_no))
    by_status = defaultdict(int)
    out = []
    for sid, sups in sorted(suppliers.items()):
        metal, name, country = ref.get(sid, (None, None, None))
        st, d = status.get(sid, ("Unknown", None))
        by_status[st] += 1
        out.append({"smelter_id": sid, "metal": metal, "standard_name": name, "country": country,
                    "rmap_status": st, "status_as_of": d, "suppliers": len(sups),
                    "supplier_ids": sorted(sups)})
    names = {(m, (n or "").lower()) for m, n, *_ in unresolved}
    summary = {"suppliers": len(supplier), "suppliers_included": len(current), "smelter_rows": rows,
               "smelters_resolved": len(suppliers), "unresolved_names": len(names),
               "smelters_reported": len(suppliers) + len(names), "by_status": by_status,
               "in_covered_countries": sum(1 for r in out if r["country"] in COVERED),
               "origin_known": len(mines)}
    if summary_only:
        print(json.dumps(summary))
    else:
        for r in out:
            print(json.dumps(r))


if __name__ == "__main__":
    main()
