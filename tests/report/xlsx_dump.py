#!/usr/bin/env python3
"""xlsx_dump.py - prints what a spreadsheet program sees in an XLSX file, as JSON, for
tests/report/test_export.c: per sheet its name, frozen pane, autofilter range, column
widths, and every cell's value with its type (openpyxl's data_type; dates as ISO text with
is_date set). Usage: xlsx_dump.py FILE.xlsx"""
import json
import sys

import openpyxl


def cell_json(c):
    value = c.value
    if c.is_date and value is not None:
        value = value.date().isoformat()
    return {"v": value, "t": c.data_type, "date": bool(c.is_date), "fmt": c.number_format}


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"title": wb.properties.title, "sheets": []}
    for ws in wb.worksheets:
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        out["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": widths,
            "rows": [[cell_json(c) for c in row] for row in ws.iter_rows()],
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
