"""openpyxl_cmrt_fill.py TEMPLATE DECLARATION_JSON OUT - the comparison for
bench_cmrt_export.sh: fills the same input cells oretrace filled (given as the
`oretrace inspect --json` of oretrace's result) into the official CMRT 6.5 template with
openpyxl and saves it. Cell positions are CMRT 6.5's (docs/rmi-templates.md 3.2-3.6).
openpyxl drops the template's pictures and anything it does not model - which is why
oretrace does not use it - but it is the usual tool for the job, so it is the yardstick."""
import json
import sys

import openpyxl

FIELDS = {"name": 8, "scope": 9, "unique_id": 12, "authorization_id": 13, "address": 14}
METAL_ROW = {"Tantalum": 0, "Tin": 1, "Gold": 2, "Tungsten": 3}
Q_ROW = {str(q): r for q, r in zip(range(1, 9), (26, 32, 38, 44, 50, 56, 62, 68))}
CQ_ROW = dict(zip("ABCDEFGH", (75, 77, 79, 81, 83, 85, 87, 89)))

tpl, decl_path, out = sys.argv[1:4]
d = json.load(open(decl_path, encoding="utf-8"))
wb = openpyxl.load_workbook(tpl)
ws = wb["Declaration"]
c = d["company"]
for key, row in FIELDS.items():
    ws.cell(row, 4).value = c.get(key)
for i, key in enumerate(("name", "email", "phone")):
    ws.cell(15 + i, 4).value = c["contact"][key]
for i, key in enumerate(("name", "title", "email", "phone")):
    ws.cell(18 + i, 4).value = c["authorizer"][key]
ws.cell(22, 4).value = c["effective_date"]
for q, metals in d["questions"].items():
    for metal, a in metals.items():
        row = Q_ROW[q] + METAL_ROW[metal]
        ws.cell(row, 4).value = a["answer"]
        ws.cell(row, 7).value = a["comment"]
for letter, a in d["company_questions"].items():
    ws.cell(CQ_ROW[letter], 4).value = a["answer"]
    ws.cell(CQ_ROW[letter], 7).value = a["comment"]
sl = wb["Smelter List"]
for s in d["smelters"]:
    r = s["row"]
    if s["smelter_id_input"]:
        sl.cell(r, 1).value = s["smelter_id_input"]
    else:
        for col, key in ((2, "metal"), (3, "lookup_name"), (4, "name"), (5, "country")):
            sl.cell(r, col).value = s[key]
    sl.cell(r, 17).value = s["comments"]
wb.save(out)
