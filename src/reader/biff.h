/* biff.h - BIFF5/BIFF8 record streams (the Workbook stream of an .xls file), for xls.c.
 *
 * libfreexl does most of the cell reading, but it trusts its input: ot_biff_check refuses
 * the streams on which it would read or write out of bounds, and ot_biff_wrap puts a
 * checked stream into a fresh, minimal compound file, so libfreexl never parses a hostile
 * container. The shared string table libfreexl cannot follow across CONTINUE records, so
 * ot_biff_check reads it and ot_biff_hide_shared_strings hides it (and the cells that use
 * it) from libfreexl. ot_biff_cells adds what libfreexl does not give: text cells of the
 * shared string table, the cached results of formulas, and booleans and error values. */
#ifndef OT_BIFF_H
#define OT_BIFF_H

#include "reader/reader_internal.h"

typedef struct ot_biff_info {
    bool biff8;
    uint32_t *sheet_offsets; /* stream offset of each sheet's BOF, in BoundSheet order */
    size_t sheet_count;
    /* the shared string table in UTF-8: string i is sst_text[sst_start[i]] up to
     * sst_start[i + 1] (not NUL-terminated; it may hold NUL characters) */
    char *sst_text;
    uint32_t *sst_start;
    size_t sst_count;
} ot_biff_info;

/* Checks the stream as libfreexl 1.0.6 will read it (record framing and limits, sheet
 * dimensions, strings inside records) and reads the shared string table (BIFF8). */
ot_code ot_biff_check(const unsigned char *w, size_t len, ot_biff_info *info, ot_error *err);
void ot_biff_info_free(ot_biff_info *info);

/* In place, on a copy of a checked stream meant for libfreexl: the SST and LABELSST records
 * become records libfreexl skips, with the same sizes. */
void ot_biff_hide_shared_strings(unsigned char *w, size_t len);

/* A new compound file (malloc'd) holding just a root entry and the stream as
 * "Workbook", padded with zero bytes (an end marker for libfreexl) to a regular stream. */
ot_code ot_biff_wrap(const unsigned char *w, size_t len, unsigned char **out, size_t *out_len,
                     ot_error *err);

/* Adds the sheet's shared-string text cells, formula results, booleans and error values
 * to the builder (BIFF8). */
ot_code ot_biff_cells(const unsigned char *w, size_t len, const ot_biff_info *info, size_t sheet,
                      ot_sheet_builder *b);

#endif
