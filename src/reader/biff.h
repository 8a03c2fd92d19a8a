/* biff.h - BIFF5/BIFF8 record streams (the Workbook stream of an .xls file), for xls.c.
 *
 * libfreexl does the cell reading, but it trusts its input: ot_biff_check refuses the
 * streams on which it would read or write out of bounds, and ot_biff_wrap puts a checked
 * stream into a fresh, minimal compound file, so libfreexl never parses a hostile
 * container. ot_biff_formula_cells adds what libfreexl skips: the cached results of
 * formulas, and booleans and error values. */
#ifndef OT_BIFF_H
#define OT_BIFF_H

#include "reader/reader_internal.h"

typedef struct ot_biff_info {
    bool biff8;
    uint32_t *sheet_offsets; /* stream offset of each sheet's BOF, in BoundSheet order */
    size_t sheet_count;
} ot_biff_info;

/* Checks the stream as libfreexl 1.0.6 will read it (record framing and limits, sheet
 * dimensions, the shared string table and strings inside records). */
ot_code ot_biff_check(const unsigned char *w, size_t len, ot_biff_info *info, ot_error *err);
void ot_biff_info_free(ot_biff_info *info);

/* A new compound file (malloc'd) holding just a root entry and the stream as
 * "Workbook", padded with zero bytes (an end marker for libfreexl) to a regular stream. */
ot_code ot_biff_wrap(const unsigned char *w, size_t len, unsigned char **out, size_t *out_len,
                     ot_error *err);

/* Adds the sheet's formula results, booleans and error values to the builder. */
ot_code ot_biff_formula_cells(const unsigned char *w, size_t len, const ot_biff_info *info,
                              size_t sheet, ot_sheet_builder *b);

#endif
