/* cmrt_internal.h - module-internal pieces of the CMRT writer: the streaming worksheet
 * editor (cmrt_sheet.c) and the package-part edits (cmrt_parts.c). */
#ifndef OT_REPORT_CMRT_INTERNAL_H
#define OT_REPORT_CMRT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zip.h>

#include "util/error.h"
#include "util/strbuf.h"

typedef enum {
    OT_CMRT_SET_TEXT = 0, /* an inline string */
    OT_CMRT_SET_NUMBER,   /* a number (dates as Excel serials) */
    OT_CMRT_CLEAR,        /* empty the cell unless it holds a formula */
} ot_cmrt_edit_kind;

typedef struct ot_cmrt_edit {
    uint32_t row, col;
    ot_cmrt_edit_kind kind;
    const char *text; /* SET_TEXT */
    double number;    /* SET_NUMBER */
} ot_cmrt_edit;

/* Rewrites the worksheet XML `xml` into out with the edits applied (sorted here; one edit
 * per cell). Only the target <c> elements change: each keeps its s= attribute; missing
 * cells and rows are inserted in order. Overwriting a cell that anchors a shared or array
 * formula is refused (other cells depend on it). `part` names the part in messages. */
ot_code ot_cmrt_edit_sheet(const char *xml, size_t len, ot_cmrt_edit *edits, size_t n,
                           const char *part, ot_strbuf *out, ot_error *err);

/* workbook.xml with <calcPr ... fullCalcOnLoad="1"/> (the element added when missing). */
ot_code ot_cmrt_set_full_calc(const char *xml, size_t len, ot_strbuf *out, ot_error *err);

/* Copies xml without the elements named `elem` (e.g. "Relationship", "Override") whose
 * attribute `attr` ends with `suffix` (e.g. Type ".../calcChain", PartName
 * "/xl/calcChain.xml"). Sets *removed to the number dropped. */
ot_code ot_cmrt_drop_elements(const char *xml, size_t len, const char *elem, const char *attr,
                              const char *suffix, ot_strbuf *out, size_t *removed, ot_error *err);

/* Worksheet part of the sheet called `sheet` ("xl/worksheets/sheet4.xml") from
 * workbook.xml and its relationships; false when absent. */
bool ot_cmrt_sheet_part(const char *workbook, size_t wlen, const char *rels, size_t rlen,
                        const char *sheet, char *part, size_t part_size);

/* A source for za holding `data` deflated by libdeflate, which libzip copies as it is
 * (cmrt_deflate.c). *holder is the in-memory archive behind it: discard it after za is
 * closed. NULL when out of memory. */
zip_source_t *ot_cmrt_deflated_source(zip_t *za, const char *name, const void *data, size_t len,
                                      zip_t **holder);

#endif
