#!/usr/bin/python3
"""make_rollup_campaign.py DB CAMPAIGN_YEAR N [--seed S] - fills a campaign of an oretrace
workspace with N supplier submissions of about 150 Smelter List rows each, for
bench/bench_rollup.sh.

How: the workspace already holds ONE real ingested CMRT 6.5 submission (the bench ingests
tests/fixtures/cmrt65_valid_company.xlsx through the CLI). Its declaration, metals, answers
and company answers are cloned in SQL for N suppliers of the campaign; each clone gets its
own Smelter List of 120-180 rows drawn from the current smelters of the shipped reference
data (data/refdata.tsv; a few popular smelters named by most suppliers, a long tail named
by few, as real campaigns look), with the resolution columns filled as ingest fills them,
plus about 3% rows of invented names that resolve to nothing. One in twenty submissions is
marked invalid. Everything is written in one transaction with the sqlite3 module (foreign
keys off: the clones have no vault file, which the roll-up never reads)."""
import argparse
import random
import sqlite3
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def smelters():
    out = []
    with open(os.path.join(REPO, "data", "refdata.tsv"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "smelter" and p[9] == "current":
                out.append((p[1], p[2], p[3], p[4]))
    return out


def clone_answers(cur, template, sid):
    for table, cols in (("declaration", None), ("declaration_metal", None),
                        ("answer", None), ("company_answer", None)):
        names = [r[1] for r in cur.execute("PRAGMA table_info(%s)" % table)]
        rest = [c for c in names if c != "submission_id"]
        cur.execute("INSERT INTO %s (submission_id, %s) SELECT ?, %s FROM %s WHERE submission_id = ?"
                    % (table, ", ".join(rest), ", ".join(rest), table), (sid, template))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("year", type=int)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1502)
    a = ap.parse_args()
    rng = random.Random(a.seed + a.year)
    pool = smelters()
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]  # a few popular, a long tail
    con = sqlite3.connect(a.db)
    cur = con.cursor()
    template = cur.execute("SELECT submission_id FROM declaration ORDER BY submission_id LIMIT 1").fetchone()[0]
    camp = cur.execute("SELECT id FROM campaign WHERE reporting_year = ?", (a.year,)).fetchone()[0]
    requests = [r[0] for r in cur.execute(
        "SELECT id FROM request WHERE campaign_id = ? AND status <> 'out_of_scope' ORDER BY id", (camp,))]
    sid = cur.execute("SELECT MAX(id) FROM submission").fetchone()[0] + 1
    rows = 0
    cur.execute("BEGIN")
    for i in range(min(a.n, len(requests))):
        valid = i % 20 != 7
        cur.execute("INSERT INTO submission (id, sha256, original_name, received_at, source, status, "
                    "errors, warnings, valid) VALUES (?, ?, ?, '2026-02-01T10:00:00Z', 'cli', 'read', ?, 0, ?)",
                    (sid, "bench-%d-%d" % (a.year, sid), "supplier-%d.xlsx" % i, 0 if valid else 1, int(valid)))
        clone_answers(cur, template, sid)
        cur.execute("INSERT INTO campaign_file (submission_id, campaign_id, request_id, outcome, "
                    "link_method, link_confidence, received_at) VALUES (?, ?, ?, ?, 'option', 1.0, "
                    "'2026-02-01T10:00:00Z')", (sid, camp, requests[i], "valid" if valid else "invalid"))
        batch = []
        for r, (cid, metal, name, country) in enumerate(rng.choices(pool, weights, k=rng.randint(120, 180))):
            if rng.random() < 0.03:
                batch.append((sid, r + 5, metal, None, "Smelter not listed", "Invented Works %d" % rng.randint(1, 400),
                              "CHINA", None, None, None, None, None, "none", 0.0, None, None))
            else:
                mine = rng.choice((None,) * 12 + ("RWANDA", "BRAZIL", "CHINA", "Peru; Bolivia"))
                batch.append((sid, r + 5, metal, cid, None, None, None, cid, "RMI", mine, None, None,
                              "id", 1.0, name, country))
        cur.executemany("INSERT INTO smelter_row (submission_id, row_no, metal, smelter_id_input, lookup_name, "
                        "name, country, reported_id, id_source, mine_country, street, city, match_method, "
                        "match_confidence, resolved_name, resolved_country, smelter_id, resolved_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "CASE WHEN ?13 = 'id' THEN ?4 END, '2026-02-01T10:00:00Z')", batch)
        rows += len(batch)
        sid += 1
    con.commit()
    print("campaign %d: %d submissions, %d smelter rows" % (a.year, min(a.n, len(requests)), rows))


if __name__ == "__main__":
    main()
