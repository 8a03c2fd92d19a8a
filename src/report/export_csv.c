/* export_csv.c - the export book as CSV files (export.h): one <name>.csv per table in a
 * folder, RFC 4180 (header row, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled), UTF-8 without a byte-order mark. Text columns are
 * neutralised against formulas exactly as the XLSX cells are (ot_export_text); numbers
 * and dates are written as they are (oretrace produced them). Fields with a space at
 * either end are quoted too, so readers that trim unquoted fields keep the text. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/export.h"
#include "util/fileio.h"

/* One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, or starts or ends with
 * a space or tab (which readers such as libcsv would trim), quotes doubled. */
static void put_field(ot_strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    bool quote =
        strpbrk(s, ",\"\r\n") != NULL || (n && (strchr(" \t", s[0]) || strchr(" \t", s[n - 1])));
    if (!quote) {
        ot_sb_append(sb, s, n);
        return;
    }
    ot_sb_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"') ot_sb_putc(sb, '"');
        ot_sb_putc(sb, *s);
    }
    ot_sb_putc(sb, '"');
}

static void put_row_end(ot_strbuf *sb)
{
    ot_sb_puts(sb, "\r\n");
}

static void table_csv(const ot_export_book *b, ot_export_table_id id, ot_strbuf *sb)
{
    const ot_export_table *t = ot_export_table_get(id);
    for (size_t c = 0; c < t->column_count; c++) {
        if (c) ot_sb_putc(sb, ',');
        put_field(sb, t->columns[c].name);
    }
    put_row_end(sb);
    size_t rows = ot_export_book_rows(b, id);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < t->column_count; c++) {
            if (c) ot_sb_putc(sb, ',');
            const char *cell = ot_export_book_cell(b, id, r, c);
            char *safe = t->columns[c].type == OT_XCOL_TEXT ? ot_export_text(cell) : NULL;
            if (t->columns[c].type == OT_XCOL_TEXT && !safe) sb->failed = true;
            put_field(sb, safe ? safe : cell); /* quoted when needed */
            free(safe);
        }
        put_row_end(sb);
    }
}

static ot_code ensure_dir(const char *dir, ot_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return OT_OK;
        return ot_fail(err, OT_E_IO, "cannot write the CSV files into %s: it is %s, not a folder",
                       dir, ot_file_kind(st.st_mode));
    }
    if (mkdir(dir, 0755) != 0)
        return ot_fail(err, OT_E_IO, "cannot create the folder %s: %s", dir, strerror(errno));
    return OT_OK;
}

ot_code ot_export_write_csv(const ot_export_book *b, const char *dir, ot_error *err)
{
    if (ot_export_book_status(b, err) != OT_OK) return err ? err->code : OT_E_NOMEM;
    ot_code rc = ensure_dir(dir, err);
    for (int id = 0; id < OT_EXPORT__COUNT && rc == OT_OK; id++) {
        ot_strbuf sb = {0};
        table_csv(b, (ot_export_table_id)id, &sb);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", dir, ot_export_table_get(id)->name);
        if (sb.failed)
            rc = ot_fail(err, OT_E_NOMEM, "out of memory writing %s", path);
        else
            rc = ot_write_file_atomic(path, ot_sb_str(&sb), sb.len, err);
        ot_sb_free(&sb);
    }
    return rc;
}
