#!/usr/bin/python3
"""make-countries.py - builds data/countries.tsv: every country spelling the RMI templates
use, mapped to ISO 3166-1 alpha-2 and alpha-3 (src/risk compiles the file in).

Sources (all read-only):
  * the hidden 'C' sheet of the official CMRT 6.5 template (names + ISO alpha-2; CMRT
    6.01-6.5, CRT, EMRT and AMRT share these 249 names),
  * ../shared/refdata/countries-cmrt-legacy.csv (CMRT 2.03-3.01 'C' sheet: names + alpha-3),
  * the country column of the shipped smelter reference (data/refdata.tsv),
  * ISO 3166-1 / 3166-3 as packaged in Debian's iso-codes (/usr/share/iso-codes/json).

Usage: scripts/make-countries.py [SHARED_DIR] > data/countries.tsv
Fails (status 1) when a spelling cannot be mapped or two spellings collide.
"""
import csv
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared"
ISO_DIR = "/usr/share/iso-codes/json"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}

# Legacy alpha-3 codes ISO has since changed or withdrawn: what they stand for today.
# (template code -> (alpha-2, alpha-3, note))
LEGACY_CODES = {
    "ZAR": ("CD", "COD", "legacy list spells the DRC ZAIRE (code ZAR, changed 1997)"),
    "ROM": ("RO", "ROU", "legacy code ROM (changed 2002)"),
    "TMP": ("TL", "TLS", "legacy code TMP (changed 2002)"),
    "FXX": ("FR", "FRA", "legacy code FXX (metropolitan France)"),
    "ANT": ("AN", "ANT", "withdrawn 2010: split into BQ, CW and SX"),
    "YUG": ("YU", "YUG", "withdrawn 2003: Serbia and Montenegro, now RS and ME"),
}
# Smelter reference spellings found in no template country list.
REFDATA_ALIASES = {"VIETNAM": "VN", "NORTH MACEDONIA, REPUBLIC OF": "MK"}


def strict_key(s):
    s = unicodedata.normalize("NFKD", s).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", s)


def sheet_c(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    target = next(rels[s.get("{%s}id" % NS["r"])] for s in wb.find("m:sheets", NS) if s.get("name") == "C")
    target = target.lstrip("/")
    target = target if target.startswith("xl/") else "xl/" + target
    strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
               for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    rows = {}
    for c in ET.fromstring(z.read(target)).iter("{%s}c" % NS["m"]):
        v = c.find("m:v", NS)
        if v is None:
            continue
        val = strings[int(v.text)] if c.get("t") == "s" else v.text
        col, row = re.match(r"([A-Z]+)(\d+)", c.get("r")).groups()
        rows.setdefault(int(row), {})[col] = val
    return [(rows[r]["B"], rows[r]["A"]) for r in sorted(rows) if r >= 2 and rows[r].get("B")]


def main():
    iso = json.load(open(ISO_DIR + "/iso_3166-1.json"))["3166-1"]
    by2 = {e["alpha_2"]: e for e in iso}
    by3 = {e["alpha_3"]: e for e in iso}
    rows = {}  # strict key -> [name, a2, a3, lists, note]

    def add(name, a2, a3, origin, note=""):
        k = strict_key(name)
        if k in rows:
            if rows[k][1] != a2:
                sys.exit(f"collision: {name!r} is {a2}, {rows[k][0]!r} is {rows[k][1]}")
            if origin not in rows[k][3]:
                rows[k][3].append(origin)
            if note and not rows[k][4]:
                rows[k][4] = note
            return
        rows[k] = [name, a2, a3, [origin], note]

    for name, a2 in sheet_c(SHARED + "/rmi-templates/RMI_CMRT_6.5.xlsx"):
        add(name, a2, by2[a2]["alpha_3"], "cmrt6")
    for r in csv.DictReader(open(SHARED + "/refdata/countries-cmrt-legacy.csv", encoding="utf-8")):
        if r["iso3"] in LEGACY_CODES:
            a2, a3, note = LEGACY_CODES[r["iso3"]]
        elif r["iso3"] in by3:
            a2, a3, note = by3[r["iso3"]]["alpha_2"], r["iso3"], ""
        else:
            sys.exit(f"legacy code not in ISO 3166-1: {r}")
        add(r["name"], a2, a3, "cmrt-legacy", note)
    for line in open("data/refdata.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] != "smelter" or len(f) < 5 or not f[4]:
            continue
        k = strict_key(f[4])
        if k in rows:
            if "smelter-list" not in rows[k][3]:
                rows[k][3].append("smelter-list")
            continue
        a2 = REFDATA_ALIASES.get(f[4])
        if not a2:
            sys.exit(f"smelter reference country not mapped: {f[4]!r} (add it to REFDATA_ALIASES)")
        add(f[4], a2, by2[a2]["alpha_3"], "smelter-list")
    for e in iso:
        for field in ("name", "official_name", "common_name"):
            if e.get(field):
                add(e[field], e["alpha_2"], e["alpha_3"], "iso")

    print("# countries.tsv - every country spelling of the RMI templates, mapped to ISO 3166-1.")
    print("# Generated by scripts/make-countries.py; src/risk compiles it in. Columns: name,")
    print("# ISO alpha-2, ISO alpha-3, where the spelling is used, note.")
    print("# source: RMI CMRT 6.5 hidden sheet 'C', names and alpha-2 (same 249 names in CMRT 6.01-6.5, CRT, EMRT, AMRT), 2025-04-25")
    print("# source: RMI CMRT 2.03-3.01 hidden sheet 'C', legacy names and alpha-3 (2.00-2.02 same names), 2013-07-12 to 2014-05-30")
    print("# source: RMI smelter look-up country spellings (data/refdata.tsv), 2012-08-29 to 2025-10-17")
    print("# source: ISO 3166-1 and 3166-3 via Debian iso-codes 4.15.0, 2023-04-27")
    print("name\talpha2\talpha3\tused_in\tnote")
    for name, a2, a3, lists, note in rows.values():
        print(f"{name}\t{a2}\t{a3}\t{','.join(lists)}\t{note}")


if __name__ == "__main__":
    main()
