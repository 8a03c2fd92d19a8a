/* workbook.h - the workbook reader: bytes of an .xlsx or .xls file -> sheets of cells.
 *
 * Knows nothing about RMI templates. Opens plain .xlsx (zip + XML), legacy .xls (BIFF8,
 * through libfreexl) and files Excel encrypted with its built-in default password
 * ("VelvetSweatshop": ECMA-376 encrypted .xlsx, RC4 .xls). Hostile input is refused with
 * a clear error and bounded work: every limit is in ot_reader_limits.
 *
 * Lifetimes: a workbook owns its sheets and every string they hold. Sheets are loaded
 * on demand by name, so a caller reads only the sheets it needs. */
#ifndef OT_WORKBOOK_H
#define OT_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

typedef enum {
    OT_CELL_EMPTY = 0, /* not stored; ot_sheet_cell returns NULL instead */
    OT_CELL_TEXT,
    OT_CELL_NUMBER,
    OT_CELL_BOOL,  /* number is 0 or 1; text is "TRUE"/"FALSE" */
    OT_CELL_ERROR, /* text is the error literal, e.g. "#N/A" */
} ot_cell_kind;

typedef struct ot_cell {
    uint32_t row;     /* 1-based */
    uint32_t col;     /* 1-based: A = 1 */
    uint8_t kind;     /* ot_cell_kind */
    bool formula;     /* the cell holds a formula; the value is its cached result */
    double number;    /* NUMBER and BOOL */
    const char *text; /* TEXT, BOOL and ERROR: UTF-8, NUL-terminated, trimmed, LF line breaks */
} ot_cell;

typedef enum { OT_FORMAT_XLSX = 1, OT_FORMAT_XLS } ot_file_format;

typedef struct ot_reader_limits {
    size_t max_file_bytes;     /* whole input file */
    size_t max_part_bytes;     /* one inflated zip part */
    uint32_t max_ratio;        /* inflated / compressed, for parts over 1 MiB */
    size_t max_entries;        /* zip entries */
    size_t max_shared_strings; /* entries in sharedStrings.xml */
    size_t max_cells;          /* stored (non-empty) cells per sheet */
    size_t max_memory;         /* arena budget for one workbook */
} ot_reader_limits;

/* Defaults: 64 MiB file, 256 MiB part, ratio 200, 10 000 entries, 1 M strings,
 * 2 M cells, 48 MiB arena. */
const ot_reader_limits *ot_reader_default_limits(void);

typedef struct ot_workbook ot_workbook;
typedef struct ot_sheet ot_sheet;

/* Opens a workbook from a file. limits may be NULL for the defaults. */
ot_code ot_workbook_open(const char *path, const ot_reader_limits *limits, ot_workbook **out,
                         ot_error *err);
/* Opens a workbook from memory. The buffer must outlive the workbook. `name` is used in
 * messages and to hint the format only. */
ot_code ot_workbook_open_mem(const void *data, size_t len, const char *name,
                             const ot_reader_limits *limits, ot_workbook **out, ot_error *err);
void ot_workbook_close(ot_workbook *wb);

ot_file_format ot_workbook_format(const ot_workbook *wb);
/* True when the file was encrypted with the default password and decrypted. */
bool ot_workbook_was_encrypted(const ot_workbook *wb);
/* True for the 1904 date system (workbookPr date1904). */
bool ot_workbook_date1904(const ot_workbook *wb);

size_t ot_workbook_sheet_count(const ot_workbook *wb);
const char *ot_workbook_sheet_name(const ot_workbook *wb, size_t index);
/* Index of the sheet with this name (exact, then case-insensitive), or -1. */
long ot_workbook_find_sheet(const ot_workbook *wb, const char *name);

/* Loads (once) and returns the sheet. Missing sheet: OT_E_NOT_FOUND. The sheet belongs to
 * the workbook. */
ot_code ot_workbook_sheet(ot_workbook *wb, const char *name, const ot_sheet **out, ot_error *err);

/* The cell at (row, col), or NULL when empty. */
const ot_cell *ot_sheet_cell(const ot_sheet *sh, uint32_t row, uint32_t col);
/* All stored cells, sorted by row then column. */
const ot_cell *ot_sheet_cells(const ot_sheet *sh, size_t *count);
/* Highest row holding a stored cell (0 for an empty sheet). */
uint32_t ot_sheet_max_row(const ot_sheet *sh);

/* "B12" -> row 12, col 2. Returns false when malformed or out of Excel's range
 * (1 048 576 rows, 16 384 columns). Accepts an optional leading "$" on each part. */
bool ot_parse_a1(const char *ref, uint32_t *row, uint32_t *col);
/* row/col -> "B12" (out must hold 16 bytes). */
void ot_format_a1(uint32_t row, uint32_t col, char out[16]);
/* Column letters -> 1-based index ("A" = 1), 0 on error. */
uint32_t ot_col_from_letters(const char *letters);

#endif
