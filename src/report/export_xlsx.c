/* export_xlsx.c - the export book as one XLSX workbook through libxlsxwriter (export.h):
 * a sheet per table with a bold frozen header row, an autofilter, widths from the
 * content, numbers as numbers and dates as date cells. Text goes through
 * worksheet_write_string (a string cell, never a formula), neutralised as in the CSV. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report/export.h"
#include "util/date.h"

#define XLSX_MAX_STRING 32767 /* Excel's limit on a cell's characters */
#define XLSX_MIN_WIDTH 6.0
#define XLSX_MAX_WIDTH 60.0

typedef struct xlsx_ctx {
    lxw_workbook *wb;
    lxw_format *head, *date;
    lxw_error failed;
} xlsx_ctx;

/* Characters (not bytes) of UTF-8 text, for column widths. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void write_text(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s)
{
    char *safe = ot_export_text(s);
    if (!safe) {
        x->failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    if (strlen(safe) > XLSX_MAX_STRING) { /* cut at a character boundary */
        size_t n = XLSX_MAX_STRING;
        while (n && ((unsigned char)safe[n] & 0xc0) == 0x80)
            n--;
        safe[n] = '\0';
    }
    lxw_error e = worksheet_write_string(ws, row, col, safe, NULL);
    if (e && !x->failed) x->failed = e;
    free(safe);
}

static void write_cell(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       ot_xcol_type type, const char *s)
{
    if (!*s) return; /* blank stays blank, whatever the type */
    char *end = NULL;
    int32_t day;
    if (type == OT_XCOL_INT) {
        double v = strtod(s, &end);
        if (end && !*end) {
            worksheet_write_number(ws, row, col, v, NULL);
            return;
        }
    } else if (type == OT_XCOL_DATE && ot_date_parse_prefix(s, &day)) {
        lxw_datetime dt = {0};
        ot_date_to_civil(day, &dt.year, &dt.month, &dt.day);
        worksheet_write_datetime(ws, row, col, &dt, x->date);
        return;
    }
    write_text(x, ws, row, col, s); /* not a number / date after all: kept as text */
}

/* Column widths in characters: the longest cell or header, within bounds. */
static void set_widths(lxw_worksheet *ws, const ot_export_book *b, ot_export_table_id id)
{
    const ot_export_table *t = ot_export_table_get(id);
    size_t rows = ot_export_book_rows(b, id);
    for (size_t c = 0; c < t->column_count; c++) {
        double w = (double)utf8_chars(t->columns[c].name) + 4; /* room for the filter button */
        if (t->columns[c].type == OT_XCOL_DATE) w = w < 12 ? 12 : w;
        for (size_t r = 0; r < rows; r++) {
            double cw = (double)utf8_chars(ot_export_book_cell(b, id, r, c)) + 2;
            if (cw > w) w = cw;
        }
        w = w < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : w > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : w;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}

static void write_sheet(xlsx_ctx *x, const ot_export_book *b, ot_export_table_id id)
{
    const ot_export_table *t = ot_export_table_get(id);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, t->sheet);
    if (!ws) {
        x->failed = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    for (size_t c = 0; c < t->column_count; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, t->columns[c].name, x->head);
    size_t rows = ot_export_book_rows(b, id);
    for (size_t r = 0; r < rows && !x->failed; r++)
        for (size_t c = 0; c < t->column_count; c++)
            write_cell(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, t->columns[c].type,
                       ot_export_book_cell(b, id, r, c));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(t->column_count - 1));
    set_widths(ws, b, id);
}

static void add_formats(xlsx_ctx *x)
{
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bottom(x->head, LXW_BORDER_THIN);
    format_set_bg_color(x->head, 0xDCE3EC);
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "yyyy-mm-dd");
}

ot_code ot_export_write_xlsx(const ot_export_book *b, const char *path, ot_error *err)
{
    if (ot_export_book_status(b, err) != OT_OK) return err ? err->code : OT_E_NOMEM;
    size_t plen = strlen(path) + 32;
    char *tmp = malloc(plen);
    if (!tmp) return ot_fail(err, OT_E_NOMEM, "out of memory");
    snprintf(tmp, plen, "%s.tmp.%ld", path, (long)getpid());
    FILE *probe = fopen(tmp, "wb"); /* says why now rather than after all the work */
    if (!probe) {
        ot_fail(err, OT_E_IO, "cannot write the workbook %s: %s", path, strerror(errno));
        free(tmp);
        return OT_E_IO;
    }
    fclose(probe);
    xlsx_ctx x = {.wb = workbook_new(tmp)};
    if (!x.wb) {
        unlink(tmp);
        free(tmp);
        return ot_fail(err, OT_E_NOMEM, "out of memory starting the workbook %s", path);
    }
    lxw_doc_properties props = {.title = (char *)ot_export_book_title(b),
                                .comments = "generated by oretrace"};
    workbook_set_properties(x.wb, &props);
    add_formats(&x);
    for (int id = 0; id < OT_EXPORT__COUNT && !x.failed; id++)
        write_sheet(&x, b, (ot_export_table_id)id);
    lxw_error closed = workbook_close(x.wb); /* frees the workbook, writes the file */
    ot_code rc = OT_OK;
    if (x.failed || closed) {
        rc = ot_fail(err, OT_E_STORAGE, "cannot write the workbook %s: %s", path,
                     lxw_strerror(closed ? closed : x.failed));
        unlink(tmp);
    } else if (rename(tmp, path) != 0) {
        rc = ot_fail(err, OT_E_IO, "cannot write the workbook %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
