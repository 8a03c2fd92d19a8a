/* xlsx.h - the .xlsx half of the reader (zip parts, workbook.xml, shared strings, sheet
 * streaming). Internal to the reader module. */
#ifndef OT_XLSX_H
#define OT_XLSX_H

#include "reader/reader_internal.h"

typedef struct ot_xlsx ot_xlsx;

/* Opens the zip held in data (which must outlive the handle), checks every entry name,
 * reads workbook.xml, its relationships and the shared strings. */
ot_code ot_xlsx_open(const unsigned char *data, size_t len, const ot_reader_limits *limits,
                     ot_arena *arena, ot_xlsx **out, ot_error *err);
size_t ot_xlsx_sheet_count(const ot_xlsx *x);
const char *ot_xlsx_sheet_name(const ot_xlsx *x, size_t index);
bool ot_xlsx_date1904(const ot_xlsx *x);
ot_code ot_xlsx_load_sheet(ot_xlsx *x, size_t index, ot_sheet_builder *b);
void ot_xlsx_close(ot_xlsx *x);

#endif
