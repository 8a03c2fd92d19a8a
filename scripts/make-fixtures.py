#!/usr/bin/python3
"""make-fixtures.py - supplier-filled RMI templates for tests, demo and benchmarks.

Fills the OFFICIAL empty templates (../shared/rmi-templates, or $ORETRACE_SHARED) with
invented supplier data the way a supplier does: only input cells are written (typed or
picked from a drop-down; a pick overwrites the formula in Smelter List B/C/E). The files
are written with openpyxl, which stores no cached formula values - exactly like the
openpyxl-written supplier files in ../shared/samples - so every cell the template would
compute is EMPTY in these files and is recorded as null in the expected JSON.

Usage:
  scripts/make-fixtures.py                  tests/fixtures (valid, defect, hostile) + demo/
  scripts/make-fixtures.py --bulk N --out DIR [--seed S] [--jobs J]
                                            N varied CMRT 6.5 workbooks for benchmarks
Options: --no-verify (skip re-reading every file), --only NAME (one fixture, for debugging).

Everything is deterministic: each fixture has its own seeded random generator and the
zip container is re-packed with fixed timestamps, so re-running gives identical bytes.
Every valid/defect fixture is re-read with openpyxl after writing and compared, cell by
cell through the layout, with the content that was meant to be written.

The RMI templates and look-up lists are the Responsible Minerals Initiative's; oretrace
may read them and derive data from them.
"""
import os
import sys

try:
    import olefile  # noqa: F401
    import openpyxl  # noqa: F401
except ImportError:  # a pyenv python3 first on PATH lacks Debian's python3-openpyxl/-olefile
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

import argparse
import copy
import datetime as dt
import hashlib
import io
import json
import random
import shutil
import struct
import warnings
import zipfile
import zlib

import olefile
import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("ORETRACE_SHARED") or os.path.normpath(os.path.join(REPO, "..", "shared"))
FIXTURES = os.path.join(REPO, "tests", "fixtures")
HOSTILE = os.path.join(FIXTURES, "hostile")
DEMO = os.path.join(REPO, "demo")
FIXED_TIME = dt.datetime(2026, 1, 5, 9, 0, 0)
ZIP_TIME = (2026, 1, 5, 9, 0, 0)

with open(os.path.join(SHARED, "docs", "rmi-layout.json"), encoding="utf-8") as _f:
    LAYOUT = json.load(_f)
with open(os.path.join(SHARED, "refdata", "countries.csv"), encoding="utf-8") as _f:
    COUNTRIES = [line.strip().strip('"') for line in _f.read().splitlines()[1:] if line.strip()]

TEMPLATE_FILES = {
    ("CMRT", "6.5"): "RMI_CMRT_6.5.xlsx", ("CMRT", "6.4"): "RMI_CMRT_6.4.xlsx",
    ("CMRT", "6.31"): "RMI_CMRT_6.31.xlsx", ("CMRT", "6.22"): "RMI_CMRT_6.22.xlsx",
    ("CMRT", "6.1"): "RMI_CMRT_6.1.xlsx", ("CMRT", "6.01"): "RMI_CMRT_6.01.xlsx",
    ("EMRT", "2.1"): "RMI_EMRT_2.1.xlsx", ("EMRT", "1.3"): "RMI_EMRT_1.3.xlsx",
    ("CRT", "2.21"): "RMI_CRT_2.21.xlsx", ("AMRT", "1.3"): "RMI_AMRT_1.3.xlsx",
}
# What the file itself states in Declaration!J3 (CRT 2.21 says "Revision 2.2").
STATED_VERSION = {("CRT", "2.21"): "2.2"}

SMELTER_KEYS = ["smelter_id_input", "metal", "lookup_name", "name", "country", "smelter_id",
                "id_source", "street", "city", "state", "contact_name", "contact_email",
                "next_steps", "mine_name", "mine_country", "recycled_scrap", "comments"]
SMELTER_COLS = dict(zip(SMELTER_KEYS, "ABCDEFGHIJKLMNOPQ"))
# Smelter-list cells holding a template formula: empty in an openpyxl-written file unless
# the supplier picked a value over the formula (B, C, E).
SMELTER_FORMULA_KEYS = {"metal", "lookup_name", "country", "smelter_id", "id_source",
                        "street", "city", "state"}
MINE_KEYS = ["metal", "smelter_name", "name", "mine_id", "id_source", "country", "street",
             "city", "state", "contact_name", "contact_email", "next_steps", "comments"]
MINE_COLS = dict(zip(MINE_KEYS, "ABCDEFGHIJKLM"))
PRODUCT_KEYS_3 = {"number": "B", "name": "C", "comments": "D"}
PRODUCT_KEYS_5 = {"number": "B", "name": "C", "requester_number": "D",
                  "requester_name": "E", "comments": "F"}
COMPANY_CELLS = [  # (expected-JSON path, layout field)
    (("name",), "company_name"), (("scope",), "declaration_scope"),
    (("scope_description",), "scope_description"), (("unique_id",), "company_unique_id"),
    (("authorization_id",), "company_unique_id_authority"), (("address",), "address"),
    (("contact", "name"), "contact_name"), (("contact", "email"), "contact_email"),
    (("contact", "phone"), "contact_phone"), (("authorizer", "name"), "authorizer_name"),
    (("authorizer", "title"), "authorizer_title"), (("authorizer", "email"), "authorizer_email"),
    (("authorizer", "phone"), "authorizer_phone"),
]
SCOPE_A = "A. Company"
SCOPE_B = "B. Product (or List of Products)"
SCOPE_C = "C. User defined [Specify in 'Description of scope']"
NOT_LISTED = "Smelter not listed"
NOT_YET = "Smelter not yet identified"
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


# --------------------------------------------------------------------------------------
# Layout helpers


class Layout:
    """The cell map of one family/version (from rmi-layout.json) plus its look-up list."""

    def __init__(self, family, version):
        self.family, self.version = family, version
        self.lay = LAYOUT[family][version]
        self.path = os.path.join(SHARED, "rmi-templates", TEMPLATE_FILES[(family, version)])
        self.decl = self.lay["declaration"]
        self.slotted = "minerals_in_scope" in self.decl  # EMRT 2.x / AMRT
        self.pct_numeric = any(1 == v and not isinstance(v, bool)
                               for v in self.lay["dropdowns"].get("supplier_response_pct", []))
        self.sl = self.lay["smelter_list"]
        self.pl = self.lay["product_list"]
        self.product_keys = PRODUCT_KEYS_5 if "F" in self.pl["columns"] else PRODUCT_KEYS_3
        self.ml = self.lay.get("mine_list")
        self._lookup = None

    def fixed_minerals(self):
        """Minerals of fixed-row templates, in template order (CMRT, CRT, EMRT 1.x)."""
        return list(self.lay["mineral_questions"]["1"].keys())

    def lookup(self):
        """[(metal, alias, standard_name, country, smelter_id)] from the template's own
        Smelter Look-up sheet, smelter entries only (no special rows)."""
        if self._lookup is None:
            wb = openpyxl.load_workbook(self.path, read_only=True)
            ws = wb["Smelter Look-up"]
            rows = []
            for r in ws.iter_rows(min_row=5, max_col=5, values_only=True):
                metal, alias, std, country, sid = r
                if not isinstance(metal, str) or metal.startswith("=") or not alias:
                    continue
                if str(alias).strip().lower() in (NOT_LISTED.lower(), NOT_YET.lower()):
                    continue
                rows.append((metal, str(alias), std, country, sid))
            wb.close()
            self._lookup = rows
        return self._lookup

    def lookup_for(self, metal):
        return [r for r in self.lookup() if r[0] == metal]


LAYOUTS = {}


def layout(family, version):
    if (family, version) not in LAYOUTS:
        LAYOUTS[(family, version)] = Layout(family, version)
    return LAYOUTS[(family, version)]


def excel_serial(d):
    return (dt.datetime(d.year, d.month, d.day) - EXCEL_EPOCH).days


def parse_text_date(text):
    """DD-MMM-YYYY (the template's display format) -> date, else None."""
    parts = text.strip().replace("/", "-").split("-")
    if len(parts) != 3 or parts[1][:3].lower() not in MONTHS:
        return None
    try:
        return dt.date(int(parts[2]), MONTHS.index(parts[1][:3].lower()) + 1, int(parts[0]))
    except ValueError:
        return None


def clean_text(v):
    if v is None:
        return None
    v = str(v).strip()
    return v or None


# --------------------------------------------------------------------------------------
# The content of one submission (semantic model) -> cells and -> expected JSON


def new_submission(family, version, language, company):
    return {"family": family, "version": version, "language": language, "company": company,
            "selection": {}, "answers": {}, "company_answers": {}, "smelters": [],
            "products": [], "mines": []}


def minerals_of(sub):
    """The minerals the declaration covers, as the reader must report them."""
    lay = layout(sub["family"], sub["version"])
    if not lay.slotted:
        return lay.fixed_minerals()
    mis = lay.lay["declaration_fields"]["minerals_in_scope"]
    names = []
    for cell in mis["selection_cells_in_slot_order"]:
        v = clean_text(sub["selection"].get(cell))
        rule = mis["replacement_rule"].get(cell)
        if v and rule and v.lower() == rule["when_value"].lower():
            v = clean_text(sub["selection"].get(rule["use_cell"]))
        if v and v.lower() not in [n.lower() for n in names]:
            names.append(v)
    return sorted(names, key=str.lower)


def answer_cells(lay, q, mineral, minerals):
    """(answer, comment) cells of question q for a mineral, or None when the template has
    no such row (EMRT 1.x Q4 for mica)."""
    block = lay.lay["mineral_questions"][q]
    if lay.slotted:
        slot = "slot_%d" % (minerals.index(mineral) + 1)
        c = block.get(slot)
    else:
        c = block.get(mineral)
    return (c["answer"], c["comment"]) if c else None


def company_answer_cells(lay, letter, mineral=None, minerals=None):
    cq = lay.lay["company_questions"][letter]
    if "per_mineral" in cq:
        key = ("slot_%d" % (minerals.index(mineral) + 1)) if lay.slotted else mineral
        c = cq["per_mineral"].get(key)
        return (c["answer"], c["comment"]) if c else None
    return cq["answer"], cq["comment"]


def answer_json(value, lay, dropdown):
    """Expected JSON of an answer value (a number 1 in a percentage list = "100%")."""
    if value is None:
        return None, False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == 1 and dropdown == "supplier_response_pct":
            return "100%", True
        return ("%d" % value if float(value).is_integer() else repr(value)), True
    return clean_text(value), False


def pct_cell_value(lay, value):
    """What a supplier's pick stores: number 1 for "100%" where the list item is numeric."""
    if value == "100%" and lay.pct_numeric:
        return 1
    return value


def expected_json(sub, name):
    """The content the file holds, in the shape of `oretrace inspect --json`."""
    lay = layout(sub["family"], sub["version"])
    minerals = minerals_of(sub)
    c = sub["company"]
    company = {"name": None, "scope": None, "scope_description": None, "unique_id": None,
               "authorization_id": None, "address": None,
               "contact": {"name": None, "email": None, "phone": None},
               "authorizer": {"name": None, "title": None, "email": None, "phone": None},
               "effective_date": None, "effective_date_raw": None}
    for path, _field in COMPANY_CELLS:
        v = c
        for p in path:
            v = v.get(p) if isinstance(v, dict) else None
        tgt = company
        for p in path[:-1]:
            tgt = tgt[p]
        tgt[path[-1]] = clean_text(v)
    eff = c.get("effective_date")
    if isinstance(eff, (dt.date, dt.datetime)):
        company["effective_date"] = eff.strftime("%Y-%m-%d")
        company["effective_date_raw"] = str(excel_serial(eff))
    elif isinstance(eff, str):
        d = parse_text_date(eff)
        company["effective_date"] = d.isoformat() if d else None
        company["effective_date_raw"] = clean_text(eff)

    questions = {}
    for q, block in lay.lay["mineral_questions"].items():
        questions[q] = {}
        for m in minerals:
            cells = answer_cells(lay, q, m, minerals)
            if not cells:
                continue
            dropdown = _dropdown_of(block, m, minerals, lay)
            a, cm = sub["answers"].get(q, {}).get(m, (None, None))
            aj, numeric = answer_json(pct_cell_value(lay, a) if dropdown == "supplier_response_pct" else a,
                                      lay, dropdown)
            entry = {"answer": aj, "comment": clean_text(cm)}
            if numeric:
                entry["numeric"] = True
            questions[q][m] = entry
    cqs = {}
    for letter, cq in lay.lay["company_questions"].items():
        if "per_mineral" in cq:
            cqs[letter] = {}
            for m in minerals:
                if not company_answer_cells(lay, letter, m, minerals):
                    continue
                a, cm = sub["company_answers"].get(letter, {}).get(m, (None, None))
                cqs[letter][m] = {"answer": clean_text(a), "comment": clean_text(cm)}
        else:
            a, cm = sub["company_answers"].get(letter, (None, None))
            cqs[letter] = {"answer": clean_text(a), "comment": clean_text(cm)}

    smelters = []
    for i, s in enumerate(sub["smelters"]):
        row = {"row": lay.sl["first_row"] + i}
        for k in SMELTER_KEYS:
            row[k] = clean_text(s.get(k))
        row["resolves_to"] = resolve_smelter(lay, s)
        smelters.append(row)
    products = []
    for i, p in enumerate(sub["products"]):
        row = {"row": lay.pl["first_row"] + i}
        for k in lay.product_keys:
            v = p.get(k)
            row[k] = clean_text("%d" % v if isinstance(v, int) else v)
        products.append(row)
    mines = []
    for i, mn in enumerate(sub["mines"]):
        row = {"row": lay.ml["first_row"] + i}
        for k in MINE_KEYS:
            row[k] = clean_text(mn.get(k))
        mines.append(row)

    out = {"file": name,
           "template": {"type": sub["family"],
                        "version": STATED_VERSION.get((sub["family"], sub["version"]), sub["version"]),
                        "exact": True,
                        "template_file": TEMPLATE_FILES[(sub["family"], sub["version"])]},
           "producer": "openpyxl", "cached_values": False,
           "language": clean_text(sub["language"]),
           "company": company, "minerals": minerals, "questions": questions,
           "company_questions": cqs, "smelters": smelters, "products": products}
    if lay.ml:
        out["mines"] = mines
    if lay.slotted:
        out["minerals_selection"] = {k: v for k, v in sorted(sub["selection"].items())}
    if sub.get("expected_defect"):
        out["expected_defect"] = sub["expected_defect"]
    out["valid"] = not sub.get("expected_defect")
    return out


def resolve_smelter(lay, s):
    """What Excel would show in the computed columns, from the template's own look-up
    sheet (first match, like MATCH): NOT in the file, given to test recomputation."""
    sid, metal, alias = s.get("smelter_id_input"), s.get("metal"), s.get("lookup_name")
    for m, a, std, country, cid in lay.lookup():
        if (sid and cid == sid) or (not sid and metal and alias and
                                    m.lower() == metal.lower() and a.lower() == alias.lower()):
            return {"metal": m, "standard_name": std, "country": country, "smelter_id": cid}
    return None


def _dropdown_of(block, mineral, minerals, lay):
    key = ("slot_%d" % (minerals.index(mineral) + 1)) if lay.slotted else mineral
    return block.get(key, {}).get("dropdown")


# --------------------------------------------------------------------------------------
# Writing a submission into the template with openpyxl


def put(ws, coord, value, as_text=False):
    """Writes what a supplier types or picks. Text starting with "=" is kept as text (a
    typed comment, not a formula) when as_text is set."""
    cell = ws[coord]
    cell.value = value
    if as_text and isinstance(value, str):
        cell.data_type = "s"


def clean_sample_row(wb, lay):
    """CMRT 6.4 ships with a sample row (Tin / Alpha Metals, F5 = 242332 typed over the
    formula). Put the template's own row formulas back, as a supplier clearing the sample
    would get; other templates have formulas there already."""
    ws = wb[lay.sl["sheet"]]
    first = lay.sl["first_row"]
    for col in "BCEFGHIJ":
        cell, below = ws["%s%d" % (col, first)], ws["%s%d" % (col, first + 1)]
        if cell.value is not None and cell.data_type != "f" and below.data_type == "f":
            cell.value = Translator(below.value, origin=below.coordinate).translate_formula(cell.coordinate)


def fill_workbook(wb, sub):
    """Writes sub into an open template workbook; returns the list of cells written (so
    the bulk generator can put the template back)."""
    lay = layout(sub["family"], sub["version"])
    decl = wb["Declaration"]
    touched = []

    def w(ws, coord, value, as_text=False):
        touched.append((ws.title, coord))
        put(ws, coord, value, as_text)

    w(decl, "D3", sub["language"])
    c = sub["company"]
    for path, field in COMPANY_CELLS:
        v = c
        for p in path:
            v = v.get(p) if isinstance(v, dict) else None
        w(decl, lay.decl[field], v, as_text=True)
    eff = c.get("effective_date")
    w(decl, lay.decl["effective_date"],
      dt.datetime(eff.year, eff.month, eff.day) if isinstance(eff, dt.date) else eff)

    if lay.slotted:
        mis = lay.lay["declaration_fields"]["minerals_in_scope"]
        for cell in mis["selection_cells_in_slot_order"]:
            if mis["selection_cell_validation"].get(cell):  # a real drop-down cell
                w(decl, cell, sub["selection"].get(cell))
        for cell, v in sub["selection"].items():
            if cell not in mis["selection_cells_in_slot_order"]:
                w(decl, cell, v)  # "specify below" / replacement cells
    minerals = minerals_of(sub)
    # Every answer cell of every question is written (None clears): some templates ship
    # with sample answers (CMRT 6.31, CRT 2.21 G) that the supplier replaces or deletes.
    for q, block in lay.lay["mineral_questions"].items():
        for key, cells in block.items():
            m = None
            if lay.slotted:
                n = int(key.split("_")[1])
                m = minerals[n - 1] if n <= len(minerals) else None
            else:
                m = key
            a, cm = sub["answers"].get(q, {}).get(m, (None, None)) if m else (None, None)
            if cells.get("dropdown") == "supplier_response_pct":
                a = pct_cell_value(lay, a)
            w(decl, cells["answer"], a)
            w(decl, cells["comment"], cm, as_text=True)
    for letter, cq in lay.lay["company_questions"].items():
        if "per_mineral" in cq:
            for key, cells in cq["per_mineral"].items():
                if lay.slotted:
                    n = int(key.split("_")[1])
                    m = minerals[n - 1] if n <= len(minerals) else None
                else:
                    m = key
                a, cm = sub["company_answers"].get(letter, {}).get(m, (None, None)) if m else (None, None)
                w(decl, cells["answer"], a)
                w(decl, cells["comment"], cm, as_text=True)
        else:
            a, cm = sub["company_answers"].get(letter, (None, None))
            w(decl, cq["answer"], a)
            w(decl, cq["comment"], cm, as_text=True)

    sl = wb[lay.sl["sheet"]]
    for i, s in enumerate(sub["smelters"]):
        r = lay.sl["first_row"] + i
        for k in SMELTER_KEYS:
            v = s.get(k)
            if v is None and k in SMELTER_FORMULA_KEYS:
                continue  # leave the template's formula alone
            w(sl, "%s%d" % (SMELTER_COLS[k], r), v, as_text=True)
    pl = wb[lay.pl["sheet"]]
    for i, p in enumerate(sub["products"]):
        r = lay.pl["first_row"] + i
        for k, col in lay.product_keys.items():
            w(pl, "%s%d" % (col, r), p.get(k), as_text=True)
    if lay.ml:
        ml = wb[lay.ml["sheet"]]
        for i, mn in enumerate(sub["mines"]):
            r = lay.ml["first_row"] + i
            for k in MINE_KEYS:
                w(ml, "%s%d" % (MINE_COLS[k], r), mn.get(k), as_text=True)
    return touched


def load_template(lay):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(lay.path)
    # openpyxl writes one copy of the RMI logo per drawing (7 x 180 KB); drop the pictures
    # as openpyxl itself does when Pillow is absent (the shared samples look like this).
    for ws in wb.worksheets:
        ws._images = []
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "oretrace make-fixtures"
    clean_sample_row(wb, lay)
    return wb


def repack_zip(path):
    """Rewrites the zip with fixed timestamps, sorted-as-written order and level-9 deflate,
    so identical content gives identical bytes."""
    with zipfile.ZipFile(path) as zin:
        entries = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data, compresslevel=9)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_submission(sub, path):
    lay = layout(sub["family"], sub["version"])
    wb = load_template(lay)
    fill_workbook(wb, sub)
    wb.save(path)
    repack_zip(path)


# --------------------------------------------------------------------------------------
# Independent re-reading: file -> the same JSON shape, through the layout only


def read_back(path, family, version):
    lay = layout(family, version)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    decl = wb["Declaration"]

    def val(ws, coord):
        cell = ws[coord]
        if cell.value is None or cell.data_type == "f":
            return None  # formulas have no cached value in an openpyxl-written file
        v = cell.value
        if isinstance(v, dt.datetime):
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v
        return clean_text(v)

    def text(ws, coord):
        v = val(ws, coord)
        if isinstance(v, (int, float)):
            return "%d" % v if float(v).is_integer() else repr(v)
        return v

    company = {"contact": {}, "authorizer": {}}
    for path, field in COMPANY_CELLS:
        tgt = company
        for p in path[:-1]:
            tgt = tgt[p]
        tgt[path[-1]] = text(decl, lay.decl[field])
    eff = val(decl, lay.decl["effective_date"])
    if isinstance(eff, dt.datetime):
        company["effective_date"] = eff.strftime("%Y-%m-%d")
        company["effective_date_raw"] = str(excel_serial(eff))
    elif isinstance(eff, str):
        d = parse_text_date(eff)
        company["effective_date"] = d.isoformat() if d else None
        company["effective_date_raw"] = eff
    else:
        company["effective_date"] = company["effective_date_raw"] = None

    if lay.slotted:
        mis = lay.lay["declaration_fields"]["minerals_in_scope"]
        names = []
        for cell in mis["selection_cells_in_slot_order"]:
            v = text(decl, cell)
            rule = mis["replacement_rule"].get(cell)
            if v and rule and v.lower() == rule["when_value"].lower():
                v = text(decl, rule["use_cell"])
            if v and v.lower() not in [n.lower() for n in names]:
                names.append(v)
        minerals = sorted(names, key=str.lower)
    else:
        minerals = lay.fixed_minerals()

    questions = {}
    for q, block in lay.lay["mineral_questions"].items():
        questions[q] = {}
        for key, cells in block.items():
            if lay.slotted:
                n = int(key.split("_")[1])
                if n > len(minerals):
                    continue
                m = minerals[n - 1]
            else:
                m = key
            raw = val(decl, cells["answer"])
            aj, numeric = answer_json(raw.strftime("%Y-%m-%d") if isinstance(raw, dt.datetime) else raw,
                                      lay, cells.get("dropdown"))
            entry = {"answer": aj, "comment": text(decl, cells["comment"])}
            if numeric:
                entry["numeric"] = True
            questions[q][m] = entry
    cqs = {}
    for letter, cq in lay.lay["company_questions"].items():
        if "per_mineral" in cq:
            cqs[letter] = {}
            for key, cells in cq["per_mineral"].items():
                if lay.slotted:
                    n = int(key.split("_")[1])
                    if n > len(minerals):
                        continue
                    m = minerals[n - 1]
                else:
                    m = key
                cqs[letter][m] = {"answer": text(decl, cells["answer"]),
                                  "comment": text(decl, cells["comment"])}
        else:
            cqs[letter] = {"answer": text(decl, cq["answer"]), "comment": text(decl, cq["comment"])}

    def rows(ws, first, last, cols):
        out = []
        for r in range(first, last + 1):
            rec = {k: text(ws, "%s%d" % (c, r)) for k, c in cols.items()}
            if any(v is not None for v in rec.values()):
                out.append(dict({"row": r}, **rec))
        return out

    sl = wb[lay.sl["sheet"]]
    smelters = rows(sl, lay.sl["first_row"], min(lay.sl["last_row"], sl.max_row), SMELTER_COLS)
    pl = wb[lay.pl["sheet"]]
    products = rows(pl, lay.pl["first_row"], min(lay.pl["last_row"], pl.max_row), lay.product_keys)
    out = {"language": text(decl, "D3"), "company": company, "minerals": minerals,
           "questions": questions, "company_questions": cqs, "smelters": smelters,
           "products": products}
    if lay.ml:
        ml = wb[lay.ml["sheet"]]
        out["mines"] = rows(ml, lay.ml["first_row"], min(lay.ml["last_row"], ml.max_row), MINE_COLS)
    return out


def verify(path, sub, expected):
    got = read_back(path, sub["family"], sub["version"])
    problems = []
    strip = {"smelters": "resolves_to"}
    for key, gv in got.items():
        ev = expected.get(key)
        if key in strip:
            ev = [{k: v for k, v in r.items() if k != strip[key]} for r in ev]
        if ev != gv:
            problems.append("%s: expected %s\n      file has %s" % (
                key, json.dumps(ev, ensure_ascii=False)[:600], json.dumps(gv, ensure_ascii=False)[:600]))
    if problems:
        raise SystemExit("make-fixtures: %s does not hold what was meant:\n  %s" % (
            os.path.basename(path), "\n  ".join(problems)))


# --------------------------------------------------------------------------------------
# Content builders


def sm_id(cid, **extra):
    return dict({"smelter_id_input": cid}, **extra)


def sm_lookup(metal, alias, **extra):
    return dict({"metal": metal, "lookup_name": alias}, **extra)


def sm_not_listed(metal, name, country, **extra):
    return dict({"metal": metal, "lookup_name": NOT_LISTED, "name": name, "country": country}, **extra)


def pick_lookup(rng, lay, metal, avoid=()):
    """A (alias, smelter_id) for the metal, preferring aliases that differ from the
    standard name now and then (they show that look-up names are not standard names)."""
    rows = [r for r in lay.lookup_for(metal) if r[1] not in avoid and r[4] not in avoid]
    return rng.choice(rows)


def cmrt_answers(sub, in_scope, rng, q1_no=(), q2_no=(), partial=()):
    """Answers for CMRT 6.x, consistent with each other. Metals in q1_no: Q1 = No, rest
    blank. Metals in q2_no: Q1 = Yes, Q2 = No, Q3-Q8 blank (the 6.31+ cascading lists
    allow nothing else). Metals in `partial`: not every supplier answered (Q6 below 100%)
    and so not all smelters identified (Q7 = No); the others: 100% and Q7 = Yes."""
    a = sub["answers"]
    for m in ["Tantalum", "Tin", "Gold", "Tungsten"]:
        if m in q1_no:
            a.setdefault("1", {})[m] = ("No", "Not used in our products" if m == "Tungsten" else None)
            continue
        a.setdefault("1", {})[m] = ("Yes", None)
        if m in q2_no:
            a.setdefault("2", {})[m] = ("No", "Used only as a process catalyst")
            continue
        a.setdefault("2", {})[m] = ("Yes", None)
        if m not in in_scope:
            continue
        a.setdefault("3", {})[m] = (rng.choice(["No", "Unknown", "Yes"]), None)
        a.setdefault("4", {})[m] = (rng.choice(["No", "Unknown"]), None)
        a.setdefault("5", {})[m] = ("No", None)
        a.setdefault("6", {})[m] = ("Greater than 90%" if m in partial else "100%", None)
        a.setdefault("7", {})[m] = ("No" if m in partial else "Yes",
                                    "Survey of sub-tier suppliers still open" if m in partial else None)
        a.setdefault("8", {})[m] = ("Yes", None)


def cmrt_company_answers(sub, url):
    ca = sub["company_answers"]
    ca["A"] = ("Yes", "Policy approved by the executive board")
    ca["B"] = ("Yes", url)
    ca["C"] = ("Yes", None)
    ca["D"] = ("Yes", None)
    ca["E"] = ("Yes, in conformance with IPC1755 (e.g., CMRT)", None)
    ca["F"] = ("Yes", None)
    ca["G"] = ("Yes", None)
    ca["H"] = ("No", None)


def cmrt_smelters(rng, lay, metals, per_metal=3, extras=True):
    """A mix of the three entry methods for each metal: (a) ID typed, (b) metal + look-up
    name, (c) metal + "Smelter not listed" + name + country."""
    rows, used = [], set()
    invented = {"Tantalum": ("Nordic Tantal Refining AB", "SWEDEN"),
                "Tin": ("Bangka Timah Kecil CV", "INDONESIA"),
                "Gold": ("Gulf Coast Gold Refiners LLC", "UNITED STATES OF AMERICA"),
                "Tungsten": ("Hunan Xinglong Tungsten Works", "CHINA"),
                "Cobalt": ("Katanga Hydromet Cobalt SARL", "CONGO, DEMOCRATIC REPUBLIC OF THE"),
                "Mica": ("Koderma Mica Processing Unit 4", "INDIA"),
                "Lithium": ("Salar Andino Litio SpA", "CHILE"),
                "Graphite": ("Heilongjiang Jixi Graphite Works", "CHINA"),
                "Copper": ("Zambezi Copper Smelting Ltd", "ZAMBIA"),
                "Nickel": ("Sulawesi Nikel Smelter PT", "INDONESIA")}
    for m in metals:
        for i in range(per_metal):
            method = i % 3
            if method == 2 or not lay.lookup_for(m):
                name, country = invented.get(m, ("Unnamed Works " + m, "CHINA"))
                rows.append(sm_not_listed(m, name, country))
                continue
            _, alias, _, _, sid = pick_lookup(rng, lay, m, used)
            used.update([alias, sid])
            if method == 0:
                rows.append(sm_id(sid))
            else:
                rows.append(sm_lookup(m, alias))
    if extras and rows:
        rows[0].update(recycled_scrap="No", comments="Confirmed by supplier audit 2025")
        rows[-1].update(mine_name="recycled", mine_country="recycled", recycled_scrap="Yes")
    return rows


def product_rows(prefix, n, rng):
    kinds = ["Sensor housing", "Connector 12-pin", "Cable assembly", "Control board",
             "Relay module", "Power supply 24 V", "Display unit", "Motor driver"]
    out = []
    for i in range(n):
        p = {"number": "%s-%04d" % (prefix, 100 + i * 7), "name": kinds[i % len(kinds)],
             "comments": None}
        if i == 2:
            p["number"] = 4711 + i  # a number typed into the product-number cell
        if i == 1:
            p["comments"] = "Discontinued end of 2026"
        out.append(p)
    return out


def company_block(name, scope, desc, addr, contact, authorizer, date, uid=None, auth=None):
    return {"name": name, "scope": scope, "scope_description": desc, "unique_id": uid,
            "authorization_id": auth, "address": addr,
            "contact": dict(zip(("name", "email", "phone"), contact)),
            "authorizer": dict(zip(("name", "title", "email", "phone"), authorizer)),
            "effective_date": date}


# --- valid fixtures ---------------------------------------------------------------------

def v_cmrt65(rng):
    lay = layout("CMRT", "6.5")
    sub = new_submission("CMRT", "6.5", "English", company_block(
        "Harbor Point Electronics Inc.", SCOPE_A, None,
        "1200 Harbor Point Blvd, Baltimore, MD 21230, USA",
        ("Megan O'Connell", "megan.oconnell@harborpoint-elec.example", "+1 410 555 0142"),
        ("Daniel Reyes", "VP Quality", "daniel.reyes@harborpoint-elec.example", "+1 410 555 0100"),
        dt.date(2026, 1, 20), uid="081466849", auth="Dun & Bradstreet"))
    metals = ["Tantalum", "Tin", "Gold", "Tungsten"]
    cmrt_answers(sub, metals, rng, partial=("Gold",))  # Gold: a smelter not yet identified
    sub["answers"]["3"]["Gold"] = ("Unknown", "Two sub-tier suppliers have not responded")
    cmrt_company_answers(sub, "https://www.harborpoint-elec.example/responsible-minerals")
    sub["company_answers"]["H"] = ("Yes, with the SEC", "Form SD filed May 2025")
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=3)
    sub["smelters"].append({"metal": "Gold", "lookup_name": NOT_YET,
                            "comments": "Supplier investigating, answer due Q2"})
    sub["smelters"][1].update(contact_name="Li Wei", contact_email="li.wei@smelter.example",
                              next_steps="Request RMAP audit date")
    return sub


def v_cmrt65_covered(rng):
    """A supplier naming refiners in covered countries (Rwanda, Uganda) by ID, a mine in
    Rwanda for a Japanese refiner, and no corrective-action management (G = No): the
    roll-up's red flags and a weak program (tests/app/test_rollup_cases.c)."""
    sub = new_submission("CMRT", "6.5", "English", company_block(
        "Lakeside Components Ltd", SCOPE_A, None,
        "4 Lakeside Way, Bristol BS1 6AA, United Kingdom",
        ("Priya Shah", "priya.shah@lakeside-components.example", "+44 117 555 0199"),
        ("Tom Hughes", "Director", "tom.hughes@lakeside-components.example", None),
        dt.date(2026, 1, 12)))
    metals = ["Tantalum", "Tin", "Gold"]
    cmrt_answers(sub, metals, rng, q1_no=("Tungsten",))
    cmrt_company_answers(sub, "https://www.lakeside-components.example/minerals")
    sub["company_answers"]["G"] = ("No", "Not yet in place")
    sub["smelters"] = [sm_id("CID003387"), sm_id("CID003185"),
                       sm_id("CID002549", mine_name="Gatumba", mine_country="RWANDA"),
                       sm_not_listed("Tantalum", "Nordic Tantal Refining AB", "SWEDEN")]
    return sub


def v_cmrt65_no_3tg(rng):
    """A supplier with no 3TG in what it supplies: Q1 = No for every metal, no smelters."""
    sub = new_submission("CMRT", "6.5", "English", company_block(
        "Quiet Plastics Ltd.", SCOPE_A, None, "4 Mill Lane, Leeds LS1 4AB, United Kingdom",
        ("Owen Price", "owen.price@quietplastics.example", "+44 113 555 0190"),
        ("Ruth Hale", "Managing Director", "ruth.hale@quietplastics.example", None),
        dt.date(2026, 1, 12)))
    cmrt_answers(sub, [], rng, q1_no=("Tantalum", "Tin", "Gold", "Tungsten"))
    cmrt_company_answers(sub, "https://www.quietplastics.example/policy")
    return sub


def v_cmrt64(rng):
    lay = layout("CMRT", "6.4")
    sub = new_submission("CMRT", "6.4", "Deutsch", company_block(
        "Rheinland Präzisionsteile GmbH", SCOPE_B, None,
        "Hafenstraße 12, 47119 Duisburg, Deutschland",
        ("Jürgen Weiß", "j.weiss@rheinland-praezision.example", "+49 203 555 7788"),
        ("Sabine Größer", "Leiterin Einkauf", "s.groesser@rheinland-praezision.example", None),
        dt.date(2025, 11, 3)))
    metals = ["Tantalum", "Tin", "Gold"]
    cmrt_answers(sub, metals, rng, q1_no=("Tungsten",), partial=("Tin",))
    cmrt_company_answers(sub, "https://www.rheinland-praezision.example/nachhaltigkeit/mineralien.pdf")
    sub["company_answers"]["H"] = ("Yes, with the EU", None)
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=3)
    sub["products"] = product_rows("RP", 8, rng)
    return sub


def v_cmrt631(rng):
    lay = layout("CMRT", "6.31")
    sub = new_submission("CMRT", "6.31", "日本語 Japanese", company_block(
        "株式会社 北斗電子工業", SCOPE_C, "車載用コネクタ製品群 (Automotive connector family HX-200)",
        "〒060-0001 北海道札幌市中央区北1条西2丁目",
        ("佐藤 花子", "h.sato@hokuto-denshi.example", "+81 11-555-0123"),
        ("高橋 一郎", "品質保証部長", "i.takahashi@hokuto-denshi.example", "+81 11-555-0100"),
        dt.date(2025, 6, 30)))
    metals = ["Tin", "Tungsten"]
    # Gold: used (Q1 Yes) but does not remain in the product (Q2 No) -> Q3-Q8 blank.
    cmrt_answers(sub, metals, rng, q1_no=("Tantalum",), q2_no=("Gold",))
    cmrt_company_answers(sub, "https://www.hokuto-denshi.example/csr/minerals")
    sub["company_answers"]["E"] = ("Yes, using other format (describe)", "社内調査票 (in-house questionnaire)")
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=4)
    return sub


def v_cmrt622(rng):
    lay = layout("CMRT", "6.22")
    sub = new_submission("CMRT", "6.22", "Français", company_block(
        "Câblerie du Rhône SAS  ", SCOPE_A, None,  # trailing spaces: the reader trims
        "14 quai Perrache, 69002 Lyon, France",
        ("Élodie Marchand", "elodie.marchand@cablerie-rhone.example", "+33 4 72 55 01 23"),
        ("Hervé Dubois", "Directeur qualité", "herve.dubois@cablerie-rhone.example", "+33 4 72 55 01 00"),
        "15-Jan-2026"))  # typed as text, not a date serial
    metals = ["Tantalum", "Tin", "Gold", "Tungsten"]
    cmrt_answers(sub, metals, rng)  # "100%" is the NUMBER 1 in 6.22
    cmrt_company_answers(sub, "https://www.cablerie-rhone.example/politique-minerais")
    sub["company_answers"]["G"] = ("Yes", "Plan d'actions correctives\nrevu chaque trimestre")
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=2)
    return sub


def v_cmrt61(rng):
    lay = layout("CMRT", "6.1")
    sub = new_submission("CMRT", "6.1", "한국어 Korean", company_block(
        "한빛정밀 주식회사 (Hanbit Precision Co., Ltd.)", SCOPE_B, None,
        "경기도 수원시 영통구 삼성로 130", ("김민준", "mj.kim@hanbit-precision.example", "+82 31 555 0147"),
        ("이서연", "구매팀장", "sy.lee@hanbit-precision.example", None), dt.date(2024, 5, 14)))
    metals = ["Tin", "Gold"]
    cmrt_answers(sub, metals, rng, q1_no=("Tungsten",), q2_no=("Tantalum",), partial=("Gold",))
    cmrt_company_answers(sub, "www.hanbit-precision.example/esg")
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=3)
    sub["products"] = product_rows("HB", 4, rng)
    return sub


def v_cmrt601(rng):
    lay = layout("CMRT", "6.01")
    sub = new_submission("CMRT", "6.01", "italiano", company_block(
        "Officine Meccaniche Valsesia S.r.l.", SCOPE_A, None,
        "Via Roma 8, 13019 Varallo (VC), Italia",
        ("Giulia Ferraris", "g.ferraris@omvalsesia.example", "+39 0163 555 210"),
        ("Marco Bellini", "Amministratore", "m.bellini@omvalsesia.example", "+39 0163 555 200"),
        dt.date(2023, 3, 1), uid="IT01234567890", auth="Registro Imprese"))
    metals = ["Tin"]
    cmrt_answers(sub, metals, rng, q1_no=("Tantalum", "Gold", "Tungsten"))
    cmrt_company_answers(sub, "https://www.omvalsesia.example/minerali")
    sub["company_answers"]["B"] = ("No", None)
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=5)
    return sub


def v_emrt21(rng):
    lay = layout("EMRT", "2.1")
    sub = new_submission("EMRT", "2.1", "Deutsch", company_block(
        "Akkutechnik Nordhessen GmbH", SCOPE_B, None, "Ludwig-Erhard-Str. 3, 34131 Kassel",
        ("Tobias Krüger", "t.krueger@akkutechnik-nh.example", "+49 561 555 3030"),
        ("Petra Lang", "Geschäftsführerin", "p.lang@akkutechnik-nh.example", None), dt.date(2026, 2, 2)))
    # Copper and Nickel removed with their "(Delete X)" choice; the sorted list in AA12:AA21
    # is not recomputed by openpyxl, so the reader must derive it from these cells.
    sub["selection"] = {"D12": "Cobalt", "E12": "(Delete Copper)", "G12": "Graphite",
                        "D13": "Lithium", "E13": "Mica", "G13": "(Delete Nickel)"}
    a = sub["answers"]
    for m, q1 in [("Cobalt", "Yes"), ("Graphite", "No"), ("Lithium", "Yes"), ("Mica", "Unknown")]:
        a.setdefault("1", {})[m] = (q1, "Anode material sourced from Asia" if m == "Graphite" else None)
    for m in ["Cobalt", "Lithium"]:
        a.setdefault("2", {})[m] = ("Yes", None)
        a.setdefault("3", {})[m] = ("Unknown" if m == "Cobalt" else "No", None)
        a.setdefault("4", {})[m] = ("No", None)
        a.setdefault("5", {})[m] = ("Greater than 75%" if m == "Cobalt" else "100%", None)
        a.setdefault("6", {})[m] = ("No" if m == "Cobalt" else "Yes", None)
        a.setdefault("7", {})[m] = ("Yes", None)
    ca = sub["company_answers"]
    ca["A"] = ("Yes", None)
    ca["B"] = ("Yes", "https://www.akkutechnik-nh.example/lieferkette")
    ca["C"] = {"Cobalt": ("Yes", None), "Lithium": ("Yes, when more processors are validated", None)}
    ca["D"] = ("Yes", None)
    ca["E"] = ("Yes, in conformance with IPC1755 (e.g. EMRT)", None)
    ca["F"] = ("Yes", None)
    ca["G"] = ("No", "Introduced in 2026")
    sub["smelters"] = cmrt_smelters(rng, lay, ["Cobalt", "Lithium"], per_metal=3)
    sub["products"] = [
        {"number": "AKN-48V-20", "name": "Akkupack 48 V 20 Ah", "requester_number": "K-99812",
         "requester_name": "Traction battery", "comments": None},
        {"number": "AKN-12V-7", "name": "Akkupack 12 V 7 Ah", "requester_number": None,
         "requester_name": None, "comments": "Auslaufmodell"}]
    sub["mines"] = [{"metal": "Cobalt", "smelter_name": sub["smelters"][1]["lookup_name"],
                     "name": "Kamoto Mine", "mine_id": None, "id_source": None,
                     "country": "CONGO, DEMOCRATIC REPUBLIC OF THE", "street": None,
                     "city": "Kolwezi", "state": "Lualaba", "contact_name": None,
                     "contact_email": None, "next_steps": "Request mine audit", "comments": None}]
    return sub


def v_emrt13(rng):
    lay = layout("EMRT", "1.3")
    sub = new_submission("EMRT", "1.3", "中文 Chinese", company_block(
        "深圳华信电池科技有限公司", SCOPE_A, None, "广东省深圳市南山区科技园南区",
        ("王芳", "wang.fang@huaxin-battery.example", "+86 755 5555 0188"),
        ("陈伟", "总经理", "chen.wei@huaxin-battery.example", "+86 755 5555 0100"),
        dt.date(2024, 9, 9)))
    a = sub["answers"]
    for m in ["Cobalt", "Mica"]:
        a.setdefault("1", {})[m] = ("Yes", None)
        a.setdefault("2", {})[m] = ("Yes", None)
        a.setdefault("5", {})[m] = ("100%" if m == "Cobalt" else "Greater than 50%", None)
        # Mica: Q6 "identified all" = Yes although only >50% of suppliers answered (Q5) -
        # valid, but the one contradiction warning tests/validate relies on.
        a.setdefault("6", {})[m] = ("Yes", None)
        a.setdefault("7", {})[m] = ("Unknown" if m == "Mica" else "Yes", None)
    a["3"] = {"Cobalt": ("DRC only", None), "Mica": ("India and/or Madagascar only", None)}
    a["4"] = {"Cobalt": ("No", None)}
    ca = sub["company_answers"]
    ca["A"] = ("Yes", None)
    ca["B"] = ("Yes", "www.huaxin-battery.example/csr")
    ca["C"] = {"Cobalt": ("Yes", None), "Mica": ("Yes, when more processors are validated", None)}
    ca["D"] = ("Yes", None)
    ca["E"] = ("Yes, Using Other Format (Describe)", "Internal supplier questionnaire 2024")
    ca["F"] = ("Yes", None)
    ca["G"] = ("Yes", None)
    sub["smelters"] = cmrt_smelters(rng, lay, ["Cobalt", "Mica"], per_metal=3)
    return sub


def v_crt221(rng):
    lay = layout("CRT", "2.21")
    sub = new_submission("CRT", "2.21", "English", company_block(
        "Pacific Rim Power Cells Ltd.", SCOPE_C, "All lithium-ion cells shipped to EU customers in 2025",
        "88 Marine Parade, Singapore 449283",
        ("Aisha Rahman", "aisha.rahman@prpc.example", "+65 6555 0101"),
        ("Kenneth Tan", "Chief Operating Officer", "kenneth.tan@prpc.example", "+65 6555 0100"),
        dt.date(2025, 12, 31)))
    sub["answers"] = {"1": {"Cobalt": ("Yes", None)}, "2": {"Cobalt": ("DRC or adjoining countries only", None)},
                      "3": {"Cobalt": ("No", None)}, "4": {"Cobalt": ("100%", None)},
                      "5": {"Cobalt": ("Yes", None)}, "6": {"Cobalt": ("Yes", None)}}
    ca = sub["company_answers"]
    for letter in "ABCDEFHI":
        ca[letter] = ("Yes", None)
    ca["A"] = ("Yes", "https://www.prpc.example/cobalt-policy")
    ca["G"] = ("Yes, CRT", None)
    sub["smelters"] = cmrt_smelters(rng, lay, ["Cobalt"], per_metal=4)
    return sub


def v_amrt13(rng):
    lay = layout("AMRT", "1.3")
    sub = new_submission("AMRT", "1.3", "Français", company_block(
        "Alliages de Savoie SA", SCOPE_A, None, "ZI des Glaisins, 74940 Annecy, France",
        ("Claire Fontaine", "claire.fontaine@alliages-savoie.example", "+33 4 50 55 12 12"),
        ("Luc Perrin", "Président", "luc.perrin@alliages-savoie.example", None), dt.date(2026, 3, 1)))
    # H12 = Other -> the name typed three rows below (H15) is used.
    sub["selection"] = {"D12": "Zinc", "E12": "Silver", "G12": "Aluminum",
                        "H12": "Other [specify below]", "H15": "Tellurium"}
    a = sub["answers"]
    a["1"] = {"Aluminum": ("Yes", None), "Silver": ("Yes", None), "Tellurium": ("Unknown", "Under review"),
              "Zinc": ("No", None)}
    a["2"] = {"Aluminum": ("Greater than 90%", None), "Silver": ("100%", None)}
    rows = []
    for m in ["Aluminum", "Silver"]:
        _, alias, _, _, sid = pick_lookup(rng, lay, m)
        rows.append(sm_id(sid))
        _, alias2, _, _, _ = pick_lookup(rng, lay, m, (alias, sid))
        rows.append(sm_lookup(m, alias2, recycled_scrap="Oui" if m == "Silver" else None))
    rows.append(sm_not_listed("Aluminum", "Aluminium de Maurienne", "FRANCE", recycled_scrap="No"))
    sub["smelters"] = rows
    sub["mines"] = [{"metal": "Silver", "smelter_name": rows[3]["lookup_name"], "name": "Mina San Bartolomé",
                     "mine_id": None, "id_source": None, "country": "BOLIVIA (PLURINATIONAL STATE OF)",
                     "street": None, "city": "Potosí", "state": None, "contact_name": None,
                     "contact_email": None, "next_steps": None, "comments": "Declared by refiner"}]
    return sub


VALID = [
    ("cmrt65_valid_company", v_cmrt65, "CMRT 6.5, English, scope A, all metals, ID / look-up / not-listed / not-yet-identified rows"),
    ("cmrt65_valid_covered", v_cmrt65_covered, "CMRT 6.5, English, refiners in Rwanda and Uganda by ID, a Rwandan mine, G = No (weak program)"),
    ("cmrt65_valid_no_3tg", v_cmrt65_no_3tg, "CMRT 6.5, English, scope A, Q1 = No for every metal (no 3TG in what it supplies), no smelters"),
    ("cmrt64_valid_products", v_cmrt64, "CMRT 6.4, Deutsch, scope B + Product List, Tungsten Q1=No, template sample row cleared"),
    ("cmrt631_valid_user_defined", v_cmrt631, "CMRT 6.31, Japanese, scope C + description, Tantalum Q1=No, Gold Q2=No"),
    ("cmrt622_valid_text_date", v_cmrt622, "CMRT 6.22, Français, effective date typed as text 15-Jan-2026, 100% = number 1, padded company name"),
    ("cmrt61_valid_products", v_cmrt61, "CMRT 6.1, Korean, scope B + products (one numeric product number)"),
    ("cmrt601_valid_tin_only", v_cmrt601, "CMRT 6.01, italiano, only Tin in scope, five Tin smelters"),
    ("emrt21_valid_deleted_minerals", v_emrt21, "EMRT 2.1, Deutsch, Copper and Nickel removed via (Delete X), Mine List, 5-column Product List"),
    ("emrt13_valid", v_emrt13, "EMRT 1.3, Chinese (as shipped), cobalt + mica; valid with ONE warning on purpose: mica Q6 = Yes with Q5 = Greater than 50%"),
    ("crt221_valid", v_crt221, "CRT 2.21 (states Revision 2.2), English, scope C"),
    ("amrt13_valid_other_mineral", v_amrt13, "AMRT 1.3, Français, Other [specify below] = Tellurium, language-dependent recycled value"),
]


# --- defect fixtures: one defect each on top of a valid CMRT 6.5 -------------------------

def defect_base(rng):
    lay = layout("CMRT", "6.5")
    sub = new_submission("CMRT", "6.5", "English", company_block(
        "Northwind Sensor Systems Ltd.", SCOPE_A, None, "Unit 4, Riverside Park, Leeds LS10 1AB, United Kingdom",
        ("Jana Hoffmann", "jana.hoffmann@northwind-sensors.example", "+44 113 555 0199"),
        ("Oliver Grant", "Head of Compliance", "oliver.grant@northwind-sensors.example", "+44 113 555 0100"),
        dt.date(2025, 10, 1)))
    metals = ["Tantalum", "Tin", "Gold", "Tungsten"]
    cmrt_answers(sub, metals, rng)
    cmrt_company_answers(sub, "https://www.northwind-sensors.example/conflict-minerals")
    sub["smelters"] = cmrt_smelters(rng, lay, metals, per_metal=2, extras=False)
    return sub


def smelter_row_of(sub, index):
    return layout(sub["family"], sub["version"]).sl["first_row"] + index


def d_missing_company_name(sub, rng):
    sub["company"]["name"] = None
    return ("missing_required_field", "Declaration", "D8", "company_name")


def d_missing_contact_email(sub, rng):
    sub["company"]["contact"]["email"] = None
    return ("missing_required_field", "Declaration", "D16", "contact_email")


def d_email_without_at(sub, rng):
    sub["company"]["contact"]["email"] = "jana.hoffmann.northwind-sensors.example"
    return ("invalid_email", "Declaration", "D16", "contact_email")


def d_q1_missing(sub, rng):
    sub["answers"]["1"]["Tin"] = (None, None)
    return ("required_answer_missing", "Declaration", "D27", "1/Tin")


def d_answer_not_in_list(sub, rng):
    sub["answers"]["3"]["Tantalum"] = ("Maybe", None)
    return ("answer_not_in_dropdown", "Declaration", "D38", "3/Tantalum: Maybe")


def d_scope_c_without_description(sub, rng):
    sub["company"]["scope"] = SCOPE_C
    sub["company"]["scope_description"] = None
    return ("missing_required_field", "Declaration", "D10", "scope_description")


def d_scope_b_without_products(sub, rng):
    sub["company"]["scope"] = SCOPE_B
    return ("product_list_missing", "Product List", "B6", "scope B needs at least one product")


def d_not_listed_without_name(sub, rng):
    sub["smelters"].append(sm_not_listed("Tin", None, "BOLIVIA (PLURINATIONAL STATE OF)"))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("smelter_not_listed_without_name", "Smelter List", "D%d" % r, None)


def d_not_listed_without_country(sub, rng):
    sub["smelters"].append(sm_not_listed("Tin", "Oruro Estaño Fundición SRL", None))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("smelter_not_listed_without_country", "Smelter List", "E%d" % r, None)


def d_country_not_in_list(sub, rng):
    sub["smelters"].append(sm_not_listed("Gold", "Lone Star Bullion Works", "USA"))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("country_not_in_list", "Smelter List", "E%d" % r, "USA")


def d_bad_smelter_id(sub, rng):
    sub["smelters"].append(sm_id("CID12345"))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("smelter_id_bad_format", "Smelter List", "A%d" % r, "CID12345")


def d_smelter_id_wrong_metal(sub, rng):
    # A Gold refiner's ID typed in A, then "Tin" picked in B over the formula: the row
    # claims a tin smelter while the ID belongs to gold.
    lay = layout("CMRT", "6.5")
    _, _, std, _, sid = pick_lookup(rng, lay, "Gold", {s.get("smelter_id_input") for s in sub["smelters"]})
    sub["smelters"].append(sm_id(sid, metal="Tin"))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("smelter_id_wrong_metal", "Smelter List", "A%d" % r, "%s is a Gold smelter (%s)" % (sid, std))


def d_duplicate_smelter(sub, rng):
    first = next(s for s in sub["smelters"] if s.get("smelter_id_input"))
    sub["smelters"].append(sm_id(first["smelter_id_input"]))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("duplicate_smelter_row", "Smelter List", "A%d" % r, first["smelter_id_input"])


def d_smelter_for_unused_metal(sub, rng):
    # Tungsten declared not used (Q1 = No; Q2-Q8 blank), yet a tungsten smelter is listed.
    for q in list(sub["answers"]):
        sub["answers"][q].pop("Tungsten", None)
    sub["answers"]["1"]["Tungsten"] = ("No", None)
    sub["smelters"] = [s for s in sub["smelters"] if s.get("metal") != "Tungsten"
                       and not _is_metal_id(s, "Tungsten")]
    lay = layout("CMRT", "6.5")
    _, alias, _, _, _ = pick_lookup(rng, lay, "Tungsten")
    sub["smelters"].append(sm_lookup("Tungsten", alias))
    r = smelter_row_of(sub, len(sub["smelters"]) - 1)
    return ("smelter_for_metal_not_in_scope", "Smelter List", "B%d" % r, "Tungsten: Q1 = No")


def _is_metal_id(s, metal):
    sid = s.get("smelter_id_input")
    return bool(sid) and any(r[4] == sid and r[0] == metal for r in layout("CMRT", "6.5").lookup())


def d_no_smelters_q7_yes(sub, rng):
    # Tantalum is in scope and Q7 ("identified all smelters") says Yes, but no row lists one.
    sub["smelters"] = [s for s in sub["smelters"] if s.get("metal") != "Tantalum"
                       and not _is_metal_id(s, "Tantalum")]
    assert sub["answers"]["7"]["Tantalum"][0] == "Yes"
    return ("no_smelters_for_metal", "Declaration", "D62", "Tantalum")


def d_formula_injection(sub, rng):
    text = '=HYPERLINK("http://attacker.example/x","Click for details")'
    sub["company_answers"]["D"] = ("Yes", text)
    return ("text_starting_with_equals", "Declaration", "G81", text)


def d_formula_injection_plus(sub, rng):
    # DDE payload in a smelter-row comment (Smelter List Q). Phone numbers elsewhere also
    # start with "+" and are fine: only text that parses as a formula is the defect.
    text = "+cmd|' /C calc'!A0"
    sub["smelters"][2]["comments"] = text
    return ("text_starting_with_plus", "Smelter List", "Q%d" % smelter_row_of(sub, 2), text)


def d_formula_injection_at(sub, rng):
    text = "@SUM(1+9)*cmd|' /C calc'!A0"
    sub["answers"]["5"]["Gold"] = (sub["answers"]["5"]["Gold"][0], text)
    return ("text_starting_with_at", "Declaration", "G52", text)


def d_effective_date_unparseable(sub, rng):
    sub["company"]["effective_date"] = "next year"
    return ("effective_date_invalid", "Declaration", "D22", "next year")


def d_authorizer_same(sub, rng):
    sub["company"]["authorizer"]["name"] = "same"
    return ("placeholder_value", "Declaration", "D18", "same")


DEFECTS = [
    ("missing_company_name", d_missing_company_name),
    ("missing_contact_email", d_missing_contact_email),
    ("email_without_at", d_email_without_at),
    ("q1_missing", d_q1_missing),
    ("answer_not_in_dropdown", d_answer_not_in_list),
    ("scope_c_without_description", d_scope_c_without_description),
    ("scope_b_without_products", d_scope_b_without_products),
    ("not_listed_without_name", d_not_listed_without_name),
    ("not_listed_without_country", d_not_listed_without_country),
    ("country_not_in_list", d_country_not_in_list),
    ("bad_smelter_id_format", d_bad_smelter_id),
    ("smelter_id_wrong_metal", d_smelter_id_wrong_metal),
    ("duplicate_smelter_row", d_duplicate_smelter),
    ("smelter_for_unused_metal", d_smelter_for_unused_metal),
    ("no_smelters_q7_yes", d_no_smelters_q7_yes),
    ("formula_injection", d_formula_injection),
    ("formula_injection_plus", d_formula_injection_plus),
    ("formula_injection_at", d_formula_injection_at),
    ("effective_date_unparseable", d_effective_date_unparseable),
    ("authorizer_same", d_authorizer_same),
]


def rng_for(name, seed=20260105):
    return random.Random(int(hashlib.sha256(("%d:%s" % (seed, name)).encode()).hexdigest()[:16], 16))


def build_valid(name, builder):
    return builder(rng_for(name))


def build_defect(name, fn):
    rng = rng_for(name)
    sub = defect_base(rng_for("defect_base"))
    kind, sheet, cell, detail = fn(sub, rng)
    sub["expected_defect"] = {"kind": kind, "sheet": sheet, "cell": cell, "detail": detail}
    return sub


# --------------------------------------------------------------------------------------
# Hostile / broken files (raw zip writing, so names and sizes can lie)


def zip_entries_bytes(entries):
    """entries: [(name, data_or_None, opts)] -> zip bytes. opts: 'stream' = (crc, usize,
    compressed bytes) pre-deflated; 'declared_size' overrides the uncompressed size."""
    out, central = io.BytesIO(), []
    dostime = (ZIP_TIME[3] << 11) | (ZIP_TIME[4] << 5) | (ZIP_TIME[5] // 2)
    dosdate = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]
    for name, data, opts in entries:
        if "stream" in opts:
            crc, usize, comp = opts["stream"]
        else:
            crc = zlib.crc32(data) & 0xFFFFFFFF
            usize = len(data)
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            comp = co.compress(data) + co.flush()
        usize = opts.get("declared_size", usize)
        bname = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, 8, dostime, dosdate,
                              crc, len(comp), usize, len(bname), 0))
        out.write(bname)
        out.write(comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, 8, dostime,
                                   dosdate, crc, len(comp), usize, len(bname), 0, 0, 0, 0,
                                   0o644 << 16, offset) + bname)
    cd_start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          out.tell() - cd_start, cd_start, 0))
    return out.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NSR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def mini_parts(sheet_xml=None, workbook_xml=None, sheet_name="Declaration", with_sheet=True):
    """The smallest package Excel opens: content types, rels, workbook, one sheet."""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = workbook_xml or ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          '<workbook %s %s><sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
                          % (NS, NSR, sheet_name))
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '</Relationships>')
    sheet = sheet_xml or sheet_doc('<row r="3"><c r="J3" t="inlineStr"><is><t>Revision 6.5\nApril 25, 2025</t></is></c></row>')
    parts = [("[Content_Types].xml", ct.encode(), {}), ("_rels/.rels", rels.encode(), {}),
             ("xl/workbook.xml", wb.encode(), {}), ("xl/_rels/workbook.xml.rels", wbrels.encode(), {})]
    if with_sheet:
        parts.append(("xl/worksheets/sheet1.xml", sheet.encode() if isinstance(sheet, str) else sheet, {}))
    return parts


def sheet_doc(rows_xml):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, rows_xml))


def deflate_bomb(total, head, tail):
    """Deflates head + `total` spaces + tail in 1 MB steps (never holds the whole part)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, comp, chunk = 0, [], b" " * (1 << 20)
    crc = zlib.crc32(head, crc)
    comp.append(co.compress(head))
    left = total
    while left > 0:
        piece = chunk if left >= len(chunk) else chunk[:left]
        crc = zlib.crc32(piece, crc)
        comp.append(co.compress(piece))
        left -= len(piece)
    crc = zlib.crc32(tail, crc)
    comp.append(co.compress(tail))
    comp.append(co.flush())
    return crc & 0xFFFFFFFF, len(head) + total + len(tail), b"".join(comp)


def patch_encryption_verifier(src, dst):
    """Copies an ECMA-376 Standard-encrypted package and flips the bytes of its
    EncryptionVerifier.EncryptedVerifier, so Excel's default password no longer verifies."""
    shutil.copyfile(src, dst)
    ole = olefile.OleFileIO(dst)
    info = ole.openstream("EncryptionInfo").read()
    major, minor, flags, header_size = struct.unpack_from("<HHII", info, 0)
    if (major, minor) not in ((3, 2), (4, 2)):
        raise SystemExit("make-fixtures: %s is not Standard encryption (%d.%d)" % (src, major, minor))
    verifier = 12 + header_size  # EncryptionVerifier: SaltSize(4) Salt(16) EncryptedVerifier(16)
    start, length = verifier + 4 + 16, 16
    offsets = stream_file_offsets(ole, "EncryptionInfo", start, length)
    ole.close()
    with open(dst, "r+b") as f:
        for off in offsets:
            f.seek(off)
            b = f.read(1)
            f.seek(off)
            f.write(bytes([b[0] ^ 0x5A]))
    ole = olefile.OleFileIO(dst)
    after = ole.openstream("EncryptionInfo").read()
    ole.close()
    changed = [i for i in range(len(info)) if info[i] != after[i]]
    if changed != list(range(start, start + length)):
        raise SystemExit("make-fixtures: patching EncryptionInfo went wrong (%s)" % changed[:5])


def stream_file_offsets(ole, name, start, length):
    """File offsets of bytes [start, start+length) of an OLE stream (mini or regular)."""
    entry = ole.direntries[ole._find(name)]
    if entry.size < ole.minisectorcutoff:
        ole.loadminifat()
        root = ole.root
        mini_chain, s = [], entry.isectStart
        while s not in (olefile.ENDOFCHAIN, olefile.FREESECT) and len(mini_chain) < 1 << 16:
            mini_chain.append(s)
            s = ole.minifat[s]
        root_chain, s = [], root.isectStart
        while s not in (olefile.ENDOFCHAIN, olefile.FREESECT) and len(root_chain) < 1 << 20:
            root_chain.append(s)
            s = ole.fat[s]
        out = []
        for pos in range(start, start + length):
            mini = mini_chain[pos // ole.minisectorsize]
            in_root = mini * ole.minisectorsize + pos % ole.minisectorsize
            sect = root_chain[in_root // ole.sectorsize]
            out.append((sect + 1) * ole.sectorsize + in_root % ole.sectorsize)
        return out
    chain, s = [], entry.isectStart
    while s not in (olefile.ENDOFCHAIN, olefile.FREESECT) and len(chain) < 1 << 20:
        chain.append(s)
        s = ole.fat[s]
    return [(chain[p // ole.sectorsize] + 1) * ole.sectorsize + p % ole.sectorsize
            for p in range(start, start + length)]


def make_hostile(truncate_source):
    os.makedirs(HOSTILE, exist_ok=True)
    expected = {}

    def write(name, data, code, why):
        with open(os.path.join(HOSTILE, name), "wb") as f:
            f.write(data)
        expected[name] = {"code": code, "why": why}

    write("not_a_zip.xlsx", b"Company;Metal;Smelter\nAcme;Tin;Unknown\n", "not_a_workbook",
          "plain text with an .xlsx name")
    with open(truncate_source, "rb") as f:
        whole = f.read()
    write("truncated.xlsx", whole[:len(whole) // 2], "truncated",
          "first half of a real fixture: local headers but no central directory")
    write("empty.xlsx", b"", "not_a_workbook", "0 bytes")

    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>'
            '<row r="3"><c r="J3" t="inlineStr"><is><t>Revision 6.5</t></is></c></row>' % NS).encode()
    tail = b"</sheetData></worksheet>"
    crc, usize, comp = deflate_bomb(300 << 20, head, tail)
    parts = mini_parts(with_sheet=False)
    parts.append(("xl/worksheets/sheet1.xml", None, {"stream": (crc, usize, comp)}))
    write("zip_bomb.xlsx", zip_entries_bytes(parts), "zip_bomb",
          "sheet part of well-formed XML inflating to 300 MB (ratio ~1000:1), sizes honest")
    parts = mini_parts(with_sheet=False)
    parts.append(("xl/worksheets/sheet1.xml", None, {"stream": (crc, usize, comp), "declared_size": 4096}))
    write("zip_bomb_lying_size.xlsx", zip_entries_bytes(parts), "zip_bomb",
          "same 300 MB part but local and central headers declare 4096 bytes; a reader that "
          "trusts the header must stop inflating at the declared size ('corrupt' is also fair)")

    laughs = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                                       for i in range(1, 10)]
    wbxml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE workbook [%s]>\n'
             '<workbook %s %s><sheets><sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>'
             % ("".join(laughs), NS, NSR))
    write("doctype.xlsx", zip_entries_bytes(mini_parts(workbook_xml=wbxml)), "xml_doctype",
          "workbook.xml with a DOCTYPE and nested entities (billion laughs)")

    parts = mini_parts() + [("../../evil", b"owned\n", {}), ("/abs/path", b"owned\n", {})]
    write("traversal.xlsx", zip_entries_bytes(parts), "unsafe_path",
          "entries named ../../evil and /abs/path next to a valid package")
    parts = [p for p in mini_parts() if p[0] != "xl/workbook.xml"]
    write("missing_workbook.xlsx", zip_entries_bytes(parts), "missing_part",
          "_rels/.rels points at xl/workbook.xml, which is absent")
    write("missing_sheet.xlsx", zip_entries_bytes(mini_parts(with_sheet=False)), "missing_part",
          "workbook.xml names sheet Declaration (xl/worksheets/sheet1.xml), which is absent")
    write("absurd_row.xlsx", zip_entries_bytes(mini_parts(sheet_doc(
        '<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row>'))),
        "bad_cell_reference", "cell A99999999 (Excel stops at row 1048576)")
    write("absurd_col.xlsx", zip_entries_bytes(mini_parts(sheet_doc(
        '<row r="1"><c r="ZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>'))),
        "bad_cell_reference", "cell ZZZZ1 (Excel stops at column XFD)")

    patch_encryption_verifier(os.path.join(SHARED, "rmi-templates", "legacy", "2.02_-_empty.xlsx"),
                              os.path.join(HOSTILE, "password.xlsx"))
    expected["password.xlsx"] = {"code": "password_protected",
                                 "why": "legacy 2.02 ECMA-376 Standard-encrypted package whose "
                                        "EncryptedVerifier was altered: the default password fails"}
    shutil.copyfile(os.path.join(SHARED, "rmi-templates", "legacy", "invalid_cmrt.xls"),
                    os.path.join(HOSTILE, "jpeg_as.xls"))
    expected["jpeg_as.xls"] = {"code": "not_a_workbook", "why": "a JPEG picture named .xls"}

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget 2026"
    for i, (k, v) in enumerate([("Travel", 12000), ("Hardware", 48500), ("Training", 7300)], start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    path = os.path.join(HOSTILE, "not_a_template.xlsx")
    wb.save(path)
    repack_zip(path)
    expected["not_a_template.xlsx"] = {"code": "not_a_template",
                                       "why": "a valid workbook with one unrelated sheet"}

    # expected.json: file -> error code (the names of src/util/error.h); README.md: why.
    with open(os.path.join(HOSTILE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({k: v["code"] for k, v in sorted(expected.items())}, f, indent=1)
        f.write("\n")
    with open(os.path.join(HOSTILE, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Hostile and broken workbooks\n\nGenerated by `scripts/make-fixtures.py` (do not edit). "
                "Each file must give one clear error with the code in `expected.json` - never a crash, "
                "a hang or unbounded memory.\n\n| file | code | what |\n|---|---|---|\n")
        for k, v in sorted(expected.items()):
            f.write("| `%s` | `%s` | %s |\n" % (k, v["code"], v["why"]))
    return expected


# --------------------------------------------------------------------------------------
# Bulk generation for benchmarks (not committed)

FIRST = ["Anna", "Ben", "Chen", "Dario", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko"]
LAST = ["Schmidt", "Tanaka", "Okafor", "Rossi", "Nguyen", "Kowalski", "Silva", "Berg",
        "Haddad", "Larsen", "Moreau", "Park", "Novak", "Fischer", "Ortega", "Ivanova"]
STEM = ["Apex", "Blue River", "Cedar", "Delta", "Everest", "Falcon", "Granite", "Helios",
        "Iron Bay", "Juniper", "Kestrel", "Lumen", "Meridian", "Nordic", "Orion", "Pioneer"]
TRADE = ["Electronics", "Components", "Metalworks", "Precision", "Cable Systems", "Sensors",
         "Power Devices", "Connectors", "Circuits", "Automation"]
FORM = ["Ltd.", "GmbH", "Inc.", "S.A.", "Co., Ltd.", "AB", "B.V.", "S.r.l.", "K.K.", "LLC"]
LANGS = ["English", "English", "English", "Deutsch", "Français", "日本語 Japanese",
         "中文 Chinese", "한국어 Korean", "Español", "Italiano", "Português", "Türkçe"]


def bulk_submission(rng, i):
    lay = layout("CMRT", "6.5")
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = "%s %s %s" % (rng.choice(STEM), rng.choice(TRADE), rng.choice(FORM))
    dom = "".join(ch for ch in name.lower() if ch.isalnum())[:20] + ".example"
    scope = rng.choice([SCOPE_A, SCOPE_A, SCOPE_B, SCOPE_C])
    sub = new_submission("CMRT", "6.5", rng.choice(LANGS), company_block(
        name, scope, "Product family %d" % rng.randint(1, 99) if scope == SCOPE_C else None,
        "%d Industrial Way, %s" % (rng.randint(1, 999), rng.choice(["Austin", "Lyon", "Osaka", "Brno", "Pune"])),
        ("%s %s" % (first, last), "%s.%s@%s" % (first.lower(), last.lower(), dom), "+1 555 %04d" % rng.randint(0, 9999)),
        ("%s %s" % (rng.choice(FIRST), rng.choice(LAST)), "Compliance Manager", "compliance@" + dom, None),
        dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 450))))
    metals = ["Tantalum", "Tin", "Gold", "Tungsten"]
    out = [m for m in metals if rng.random() < 0.15]
    in_scope = [m for m in metals if m not in out]
    cmrt_answers(sub, in_scope, rng, q1_no=out)
    cmrt_company_answers(sub, "https://www.%s/minerals" % dom)
    n = rng.choice([0, rng.randint(1, 30), rng.randint(30, 120), rng.randint(120, 300)])
    rows = []
    for k in range(n):
        m = rng.choice(in_scope) if in_scope else "Tin"
        method = rng.random()
        look = lay.lookup_for(m)
        if method < 0.45:
            rows.append(sm_id(rng.choice(look)[4]))
        elif method < 0.9:
            rows.append(sm_lookup(m, rng.choice(look)[1]))
        else:
            rows.append(sm_not_listed(m, "Unlisted %s Works %d" % (m, k), rng.choice(COUNTRIES)))
        if rng.random() < 0.2:
            rows[-1].update(comments="Reported by tier-%d supplier" % rng.randint(2, 5),
                            recycled_scrap=rng.choice(["Yes", "No", "Unknown"]))
    sub["smelters"] = rows
    if scope == SCOPE_B:
        sub["products"] = product_rows("P%03d" % i, rng.randint(1, 40), rng)
    return sub, name


def restore(wb, original, touched):
    for sheet, coord in touched:
        cell = wb[sheet][coord]
        v, t = original[(sheet, coord)]
        cell.value = v
        if t == "s" and isinstance(v, str):
            cell.data_type = "s"


def bulk(n, out, seed, jobs):
    """N CMRT 6.5 workbooks. The content comes from one seeded generator (so it does not
    depend on `jobs`); `jobs` processes write them, each loading the template once and
    putting the touched cells back after every file (~2x faster than reloading)."""
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    width = len(str(n))
    work = []
    for i in range(n):
        sub, name = bulk_submission(rng, i)
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:40]
        work.append((os.path.join(out, "cmrt65_%0*d_%s.xlsx" % (width, i + 1, slug)), sub))
    jobs = max(1, min(jobs, n))
    if jobs == 1:
        _bulk_worker(work)
        return
    import multiprocessing
    with multiprocessing.Pool(jobs) as pool:
        pool.map(_bulk_worker, [work[k::jobs] for k in range(jobs)])


def _bulk_worker(items):
    lay = layout("CMRT", "6.5")
    wb = load_template(lay)
    snapshot = {}
    tty = sys.stderr.isatty()
    for k, (path, sub) in enumerate(items, start=1):
        for key in fill_cells_preview(sub):
            if key not in snapshot:
                c = wb[key[0]][key[1]]
                snapshot[key] = (c.value, c.data_type)
        touched = fill_workbook(wb, sub)
        wb.save(path)
        restore(wb, snapshot, touched)
        if tty:
            sys.stderr.write("\rmake-fixtures: %s" % os.path.basename(path))
    if tty:
        sys.stderr.write("\n")


def fill_cells_preview(sub):
    """The cells fill_workbook would touch, found by filling a throw-away recorder."""
    rec = _Recorder()
    fill_workbook(rec, sub)
    return rec.cells


class _Recorder:
    """Stands in for a workbook: records the (sheet, cell) pairs written."""

    def __init__(self):
        self.cells = []

    def __getitem__(self, sheet):
        rec = self

        class _Sheet:
            title = sheet

            def __getitem__(self, coord):
                rec.cells.append((sheet, coord))
                return _Cell()
        return _Sheet()


class _Cell:
    value = None
    data_type = "n"


# --------------------------------------------------------------------------------------


def write_expected(path_json, data):
    with open(path_json, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def make_one(name, sub, do_verify, describe=None):
    path = os.path.join(FIXTURES, name + ".xlsx")
    write_submission(sub, path)
    exp = expected_json(sub, name + ".xlsx")
    if describe:
        exp["intent"] = describe
    if do_verify:
        verify(path, sub, exp)
    write_expected(os.path.join(FIXTURES, name + ".expected.json"), exp)
    print("  %-48s %7d bytes" % (name + ".xlsx", os.path.getsize(path)))
    return path


DEMO_FILES = [  # demo name <- fixture (byte copies: git stores one blob for both)
    ("01_harbor-point-electronics_cmrt-6.5.xlsx", "cmrt65_valid_company.xlsx"),
    ("02_rheinland-praezisionsteile_cmrt-6.4.xlsx", "cmrt64_valid_products.xlsx"),
    ("03_hokuto-denshi_cmrt-6.31.xlsx", "cmrt631_valid_user_defined.xlsx"),
    ("04_cablerie-du-rhone_cmrt-6.22.xlsx", "cmrt622_valid_text_date.xlsx"),
    ("05_akkutechnik-nordhessen_emrt-2.1.xlsx", "emrt21_valid_deleted_minerals.xlsx"),
    ("06_northwind-sensors_cmrt-6.5_invalid.xlsx", "cmrt65_defect_not_listed_without_country.xlsx"),
    ("07_pacific-rim-power-cells_crt-2.21.xlsx", "crt221_valid.xlsx"),
    ("08_broken-download_truncated.xlsx", "hostile/truncated.xlsx"),
    ("10_lakeside-components_cmrt-6.5.xlsx", "cmrt65_valid_covered.xlsx"),
]


def make_demo():
    os.makedirs(DEMO, exist_ok=True)
    for dst, src in DEMO_FILES:
        shutil.copyfile(os.path.join(FIXTURES, src), os.path.join(DEMO, dst))
    shutil.copyfile(os.path.join(SHARED, "rmi-templates", "legacy", "2.03_-_empty.xlsx"),
                    os.path.join(DEMO, "09_legacy-empty_cmrt-2.03_encrypted.xlsx"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bulk", type=int, help="generate N CMRT 6.5 workbooks (benchmarks)")
    ap.add_argument("--out", help="output folder for --bulk")
    ap.add_argument("--seed", type=int, default=6502)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes writing --bulk files (default: all cores)")
    ap.add_argument("--only", help="only the fixture with this name")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    if args.bulk is not None:
        if not args.out:
            ap.error("--bulk needs --out DIR")
        bulk(args.bulk, args.out, args.seed, args.jobs)
        return
    os.makedirs(FIXTURES, exist_ok=True)
    verify_on = not args.no_verify
    print("make-fixtures: templates from %s" % SHARED)
    for name, builder, intent in VALID:
        if not args.only or args.only == name:
            make_one(name, build_valid(name, builder), verify_on, intent)
    for dname, fn in DEFECTS:
        name = "cmrt65_defect_" + dname
        if not args.only or args.only == name:
            make_one(name, build_defect(name, fn), verify_on,
                     "CMRT 6.5 base (Northwind Sensor Systems) with one defect: " + dname.replace("_", " "))
    if not args.only or args.only == "hostile":
        make_hostile(os.path.join(FIXTURES, "cmrt65_valid_company.xlsx"))
        print("  hostile/: %d files" % len([f for f in os.listdir(HOSTILE) if f != "expected.json"]))
    if not args.only or args.only == "demo":
        make_demo()
        print("  demo/: %d files" % len([f for f in os.listdir(DEMO) if f.endswith((".xlsx", ".xls"))]))


if __name__ == "__main__":
    main()
