#!/usr/bin/python3
"""openpyxl_read.py - what a user would otherwise run: read CMRT 6.5 files with openpyxl.

Usage: bench/openpyxl_read.py FILE|DIR...

One process, files one after another, read_only=True (openpyxl's fastest mode). For each
file it loads the Declaration and Smelter List sheets and extracts the same cells that
`oretrace inspect --json` reports for CMRT 6.x: company block, the 8 questions x 4 metals
with comments, company questions A-H, and every non-empty Smelter List row (columns A-Q).
Prints one line: "<files> files, <smelter rows> smelter rows, <errors> errors".
"""
import os
import sys

try:
    import openpyxl
except ImportError:  # a pyenv python3 first on PATH lacks Debian's python3-openpyxl
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

import warnings

COMPANY = {"company_name": "D8", "declaration_scope": "D9", "scope_description": "D10",
           "company_unique_id": "D12", "company_unique_id_authority": "D13", "address": "D14",
           "contact_name": "D15", "contact_email": "D16", "contact_phone": "D17",
           "authorizer_name": "D18", "authorizer_title": "D19", "authorizer_email": "D20",
           "authorizer_phone": "D21", "effective_date": "D22"}
METALS = ["Tantalum", "Tin", "Gold", "Tungsten"]
QUESTION_ROWS = {q: 26 + (q - 1) * 6 for q in range(1, 9)}  # Q1 row 26 ... Q8 row 68
COMPANY_Q_ROWS = dict(zip("ABCDEFGH", range(75, 90, 2)))
SMELTER_FIRST, SMELTER_LAST = 5, 2504


def text(v):
    if v is None:
        return None
    if isinstance(v, str):
        if v.startswith("="):  # a formula without cached value (read_only gives the text)
            return None
        v = v.strip()
        return v or None
    return str(v)


def read_one(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        decl = wb["Declaration"]
        # read_only worksheets stream rows; pull rows 1-90, columns A-J, once
        grid = {}
        for row in decl.iter_rows(min_row=1, max_row=90, max_col=10):
            for c in row:
                if getattr(c, "value", None) is not None:
                    grid[c.coordinate] = c.value
        out = {k: text(grid.get(cell)) for k, cell in COMPANY.items()}
        out["language"] = text(grid.get("D3"))
        out["questions"] = {q: {m: (text(grid.get("D%d" % (r + i))), text(grid.get("G%d" % (r + i))))
                                for i, m in enumerate(METALS)}
                            for q, r in QUESTION_ROWS.items()}
        out["company_questions"] = {k: (text(grid.get("D%d" % r)), text(grid.get("G%d" % r)))
                                    for k, r in COMPANY_Q_ROWS.items()}
        rows = []
        sl = wb["Smelter List"]
        for r, row in enumerate(sl.iter_rows(min_row=SMELTER_FIRST, max_row=SMELTER_LAST,
                                             max_col=17, values_only=True), start=SMELTER_FIRST):
            vals = [text(v) for v in row]
            if any(vals):
                rows.append((r, vals))
        out["smelters"] = rows
        return out
    finally:
        wb.close()


def main(argv):
    files = []
    for a in argv:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a)
                            if f.lower().endswith((".xlsx", ".xlsm")))
        else:
            files.append(a)
    if not files:
        sys.stderr.write(__doc__)
        return 1
    n_rows = errors = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in files:
            try:
                n_rows += len(read_one(f)["smelters"])
            except Exception as e:  # a user script would report and go on
                errors += 1
                sys.stderr.write("openpyxl_read: %s: %s\n" % (f, e))
    print("%d files, %d smelter rows, %d errors" % (len(files), n_rows, errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
