/* export.h - the campaign's data for auditors as spreadsheet tables: the consolidated
 * smelter list, per-supplier status and program strength, validation findings of the
 * current submissions, the campaign's corrective actions and the names that resolved to
 * no smelter.
 *
 * ONE table of tables and columns (ot_export_table_get) says what each export holds: the
 * XLSX writer (one sheet per table), the CSV writer (one RFC 4180 file per table) and
 * docs/exports.md (ot_export_markdown) all read it, so they cannot list different
 * columns. The data sits in an ot_export_book: rows of text cells per table, filled from
 * the roll-up (export_build.c) or by hand; a column's type says how a writer stores the
 * text (XLSX: numbers as numbers, dates as real dates).
 *
 * Supplier text is neutralised the same way in both formats (util/csvsafe.h): a cell that
 * a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe,
 * and XLSX cells are always written as strings, never formulas. */
#ifndef OT_REPORT_EXPORT_H
#define OT_REPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "report/rollup.h"
#include "store/workspace.h"
#include "util/error.h"
#include "util/strbuf.h"

typedef enum {
    OT_XCOL_TEXT = 0, /* supplier or reference text: neutralised against formulas */
    OT_XCOL_INT,      /* a count or an ID number: a number in XLSX, blank when empty */
    OT_XCOL_DATE,     /* "YYYY-MM-DD" (a longer timestamp is cut to its date): a date cell */
} ot_xcol_type;

typedef struct ot_export_column {
    const char *name; /* header cell */
    ot_xcol_type type;
    const char *meaning; /* for docs/exports.md */
} ot_export_column;

typedef enum {
    OT_EXPORT_SMELTERS = 0,
    OT_EXPORT_SUPPLIERS,
    OT_EXPORT_FINDINGS,
    OT_EXPORT_ACTIONS,
    OT_EXPORT_UNRESOLVED,
    OT_EXPORT__COUNT
} ot_export_table_id;

typedef struct ot_export_table {
    const char *name;  /* CSV file stem: "smelters" (smelters.csv) */
    const char *sheet; /* XLSX sheet name: "Smelters" */
    const char *description;
    size_t column_count;
    const ot_export_column *columns;
} ot_export_table;

const ot_export_table *ot_export_table_get(ot_export_table_id id);

/* The data of one export: rows of cells (copied in) per table. Like ot_doc, an
 * allocation failure is remembered and later calls do nothing; check ot_export_book_status
 * once at the end. */
typedef struct ot_export_book ot_export_book;

/* title: the XLSX document title, e.g. "oretrace export: campaign 2026 as of 2026-05-31". */
ot_code ot_export_book_new(const char *title, ot_export_book **out, ot_error *err);
/* Appends a row of table id: column_count cells, NULL = blank. */
void ot_export_book_row(ot_export_book *b, ot_export_table_id id, const char *const *cells);
ot_code ot_export_book_status(const ot_export_book *b, ot_error *err);
const char *ot_export_book_title(const ot_export_book *b);
size_t ot_export_book_rows(const ot_export_book *b, ot_export_table_id id);
/* The cell as added ("" for a blank). */
const char *ot_export_book_cell(const ot_export_book *b, ot_export_table_id id, size_t row,
                                size_t col);
void ot_export_book_free(ot_export_book *b);

/* The book of a rolled-up campaign (campaign_id: the campaign r rolls up): its tables from
 * r, each current submission's received date and findings and the campaign's corrective
 * actions from the workspace's store. */
ot_code ot_export_book_from_rollup(ot_workspace *ws, const ot_rollup *r, int64_t campaign_id,
                                   const char *title, ot_export_book **out, ot_error *err);

/* One workbook at path (written beside it, then renamed): a sheet per table, bold frozen
 * header row, autofilter over the rows, column widths from the content. */
ot_code ot_export_write_xlsx(const ot_export_book *b, const char *path, ot_error *err);
/* Folder dir (created when missing) with one <name>.csv per table: UTF-8, CRLF line ends,
 * a header row, fields quoted when needed with quotes doubled. */
ot_code ot_export_write_csv(const ot_export_book *b, const char *dir, ot_error *err);

/* The cell text a writer stores for a text column: s neutralised (util/csvsafe.h);
 * malloc'd, NULL when out of memory. */
char *ot_export_text(const char *s);

/* docs/exports.md's generated part: the tables and their columns as Markdown. */
void ot_export_markdown(ot_strbuf *out);

#endif
