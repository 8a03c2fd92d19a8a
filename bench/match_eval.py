#!/usr/bin/python3
"""match_eval.py - scores `oretrace match --tsv --json` output against the evaluation set.

  match_eval.py EVAL.tsv RESULTS.jsonl [--by-category] [--errors N]
  match_eval.py --difflib EVAL.tsv LOOKUPS_DIR [--rows N]
  match_eval.py --samples TRUTH.jsonl OUT.tsv

Known smelters (truth_id set): right = resolved to the truth ID, wrong = resolved to
another ID, unresolved = left open. Unknown facilities (truth empty): a resolution is a
false match (counted as wrong). Prints one summary line per group.

--samples writes the Smelter List rows of the supplier-filled sample workbooks
(../shared/samples/truth.jsonl: smelter IDs typed, look-up names picked, facilities
"not listed", each with the smelter ID it really is) as an evaluation TSV: a second,
independent and realistic set.

--difflib scores the baseline a user might otherwise write: Python's difflib
get_close_matches (cutoff 0.8) of the typed name against the current look-up names of the
row's metal.
"""
import csv
import json
import sys
import time
from collections import defaultdict


def read_eval(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    head = rows[0]
    return [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in rows[1:]]


def score(pairs):
    """pairs: (truth, got) -> dict of counts."""
    c = defaultdict(int)
    for truth, got in pairs:
        if truth:
            c["known"] += 1
            c["right" if got == truth else "wrong" if got else "open"] += 1
        else:
            c["unknown"] += 1
            c["false" if got else "kept_open"] += 1
    return c


def line(label, c):
    k = c["known"] or 1
    u = c["unknown"] or 1
    tot = (c["known"] + c["unknown"]) or 1
    return (f"{label:<12} known {c['known']:5d}: right {100*c['right']/k:6.2f}%  "
            f"wrong {100*c['wrong']/k:5.2f}%  unresolved {100*c['open']/k:5.2f}% | "
            f"unknown {c['unknown']:4d}: false match {100*c['false']/u:5.2f}% | "
            f"all wrong {100*(c['wrong']+c['false'])/tot:5.2f}%")


def main_score(argv):
    ev = read_eval(argv[0])
    with open(argv[1], encoding="utf-8") as f:
        res = [json.loads(l) for l in f if l.strip()]
    if len(res) != len(ev):
        sys.exit(f"match_eval: {len(res)} results for {len(ev)} rows")
    pairs = [(e["truth_id"], r.get("smelter_id") or "") for e, r in zip(ev, res)]
    print(line("overall", score(pairs)))
    if "--by-category" in argv:
        by = defaultdict(list)
        for e, p in zip(ev, pairs):
            by[e["category"]].append(p)
        for cat in sorted(by):
            print(line(cat, score(by[cat])))
    if "--errors" in argv:
        n = int(argv[argv.index("--errors") + 1])
        shown = 0
        for e, r in zip(ev, res):
            got = r.get("smelter_id") or ""
            if got != e["truth_id"] and (got or not e["truth_id"]) and shown < n:
                shown += 1
                print(f"  WRONG [{e['category']}] {e['metal']} | {e['name']} | {e['country']} | "
                      f"{e['smelter_id']} -> {got} ({r.get('standard_name')}, {r['method']} "
                      f"{r['confidence']}) truth {e['truth_id'] or '-'}")


def main_difflib(argv):
    import difflib
    ev = read_eval(argv[0])
    rows = int(argv[argv.index("--rows") + 1]) if "--rows" in argv else len(ev)
    ev = ev[:rows]
    names = defaultdict(list)
    for fn in ("cmrt-6.5-smelter-lookup.csv", "emrt-2.1-smelter-lookup.csv"):
        with open(f"{argv[1]}/{fn}", encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["smelter_id"]:
                    names[r["metal"].lower()].append((r["lookup_name"].lower(), r["smelter_id"]))
    t0 = time.perf_counter()
    pairs = []
    for e in ev:
        cand = names.get(e["metal"].strip().lower(), [])
        got = ""
        typed = e["smelter_id"].strip().upper().replace(" ", "")
        ids = {sid for _, sid in cand}
        if typed in ids:
            got = typed
        elif e["name"]:
            m = difflib.get_close_matches(e["name"].lower(), [n for n, _ in cand], n=1, cutoff=0.8)
            if m:
                got = dict(cand)[m[0]]
        pairs.append((e["truth_id"], got))
    dt = time.perf_counter() - t0
    print(line("difflib", score(pairs)))
    print(f"difflib: {len(ev)} look-ups in {dt:.2f} s = {len(ev)/dt:.0f} look-ups/s")


def main_samples(argv):
    out = open(argv[1], "w", encoding="utf-8")
    out.write("metal\tname\tcountry\tsmelter_id\ttruth_id\tcategory\n")
    n = 0
    for line in open(argv[0], encoding="utf-8"):
        d = json.loads(line)
        for s in d.get("smelters") or []:
            row = [s.get("metal_entered") or s.get("metal") or "", s.get("name_entered") or "",
                   s.get("country_entered") or "", s.get("cid_entered") or "",
                   s.get("smelter_id_expected") or "", "sample_" + s["method"]]
            out.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row) + "\n")
            n += 1
    out.close()
    print(f"match_eval: {n} sample rows -> {argv[1]}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "--samples":
        main_samples(sys.argv[2:])
    elif sys.argv[1] == "--difflib":
        main_difflib(sys.argv[2:])
    else:
        main_score(sys.argv[1:])
