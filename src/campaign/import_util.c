/* import_util.c - shared CSV import plumbing (see import_util.h). */
#include "import_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "util/csv.h"
#include "util/encoding.h"
#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/printable.h"
#include "util/strbuf.h"
#include "util/text.h"

static void add_problem(ot_supplier_import_report *rep, size_t line, const char *fmt, va_list ap)
{
    if ((rep->n_problems & (rep->n_problems - 1)) == 0) { /* grow at powers of two */
        size_t cap = rep->n_problems ? rep->n_problems * 2 : 8;
        ot_import_problem *p = realloc(rep->problems, cap * sizeof *p);
        if (!p) return;
        rep->problems = p;
    }
    ot_import_problem *p = &rep->problems[rep->n_problems++];
    p->line = line;
    vsnprintf(p->message, sizeof p->message, fmt, ap);
}

bool ot_import_skip_row(ot_import_reader *in, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(in->rep, line, fmt, ap);
    va_end(ap);
    in->rep->skipped++;
    return false;
}

void ot_import_warn(ot_import_reader *in, size_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(in->rep, line, fmt, ap);
    va_end(ap);
}

static int by_line(const void *a, const void *b)
{
    const ot_import_problem *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line;
}

void ot_import_reader_finish(ot_import_reader *in, ot_supplier_import_report *rep)
{
    (void)in;
    if (rep->n_problems > 1) qsort(rep->problems, rep->n_problems, sizeof *rep->problems, by_line);
}

static ot_code on_header(ot_import_reader *in, const ot_csv_row *row, ot_error *err)
{
    in->header_seen = true;
    in->header_fields = row->count;
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: the header row is malformed: %s", in->path,
                       row->line, row->problem);
    for (size_t i = 0; i < in->n; i++) {
        in->col[i] = ot_csv_column(row, in->names[i]);
        if (in->col[i] < 0 && in->required[i]) {
            ot_strbuf found = {0};
            for (size_t f = 0; f < row->count; f++) {
                if (f) ot_sb_puts(&found, ", ");
                ot_sb_puts(&found, row->fields[f]);
            }
            ot_fail(err, OT_E_INVALID, "%s: no column '%s' in the header (columns: %s)", in->path,
                    in->names[i], ot_sb_str(&found));
            in->rep->column_missing = true;
            ot_sb_free(&found);
            return OT_E_INVALID;
        }
    }
    return OT_OK;
}

/* Every imported value is one line of text: a line break in a contact name would end
 * the To: header of every e-mail to that supplier, an escape character would reach the
 * terminal of whoever lists the suppliers. Such a row is skipped like any bad row. */
static bool single_line_values(ot_import_reader *in, size_t line, const char *const *values)
{
    for (size_t i = 0; i < in->n; i++) {
        int c = ot_text_first_control(values[i]);
        if (!c) continue;
        char *shown = ot_printable(values[i]);
        if (c == '\n' || c == '\r')
            ot_import_skip_row(in, line, "%s \"%s\" contains a line break", in->names[i],
                               shown ? shown : "?");
        else
            ot_import_skip_row(in, line, "%s \"%s\" contains a control character (0x%02x)",
                               in->names[i], shown ? shown : "?", (unsigned)c);
        free(shown);
        return false;
    }
    return true;
}

static ot_code on_row(const ot_csv_row *row, void *ctx, ot_error *err)
{
    ot_import_reader *in = ctx;
    if (!in->header_seen) return on_header(in, row, err);
    in->rep->rows++;
    if (row->malformed) {
        ot_import_skip_row(in, row->line, "%s", row->problem);
        return OT_OK;
    }
    if (row->count != in->header_fields) {
        ot_import_skip_row(in, row->line, "%zu fields, but the header has %zu", row->count,
                           in->header_fields);
        return OT_OK;
    }
    const char *values[OT_IMPORT_MAX_COLS];
    for (size_t i = 0; i < in->n; i++)
        values[i] = in->col[i] >= 0 ? row->fields[in->col[i]] : NULL;
    if (!single_line_values(in, row->line, values)) return OT_OK;
    return in->fn(in, row->line, values, in->ctx, err);
}

/* The file's text as checked UTF-8 (util/encoding.h); a refusal names the file. */
static ot_code read_text(const char *path, const char *encoding, char **text, size_t *len,
                         ot_supplier_import_report *rep, ot_error *err)
{
    unsigned char *data;
    size_t n;
    ot_code rc = ot_read_file(path, (size_t)512 << 20, &data, &n, err);
    if (rc == OT_OK) {
        rc = ot_text_decode(data, n, encoding, text, len, err);
        free(data);
        rep->encoding_refused = rc == OT_E_INVALID;
    }
    if (rc == OT_OK) return OT_OK;
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return ot_fail(err, rc, "%s: %s", path, why);
}

ot_code ot_import_read(const char *path, const char *encoding, const char *const *names,
                       const bool *required, size_t n, ot_import_row_fn fn, void *ctx,
                       ot_import_reader *in, ot_supplier_import_report *rep, ot_error *err)
{
    if (n > OT_IMPORT_MAX_COLS) return ot_fail(err, OT_E_USAGE, "too many import columns");
    *in = (ot_import_reader){.path = path,
                             .names = names,
                             .required = required,
                             .n = n,
                             .fn = fn,
                             .ctx = ctx,
                             .rep = rep};
    char *text;
    size_t len;
    ot_code rc = read_text(path, encoding, &text, &len, rep, err);
    if (rc != OT_OK) return rc;
    rc = ot_csv_read_mem(text, len, on_row, in, err);
    free(text);
    if (rc == OT_OK && !in->header_seen)
        return ot_fail(err, OT_E_INVALID, "%s: empty file (no header row)", path);
    return rc;
}

int ot_parse_yes_no(const char *s)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "active", "x"};
    static const char *const no[] = {"no", "n", "false", "0", "inactive"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (ot_text_equal_loose(s, yes[i])) return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (ot_text_equal_loose(s, no[i])) return 0;
    return -1;
}

ot_code ot_column_map_parse(const char *spec, const char *const *std_names, size_t n,
                            char (*out)[128], ot_error *err)
{
    const char *p = spec ? spec : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq)
            return ot_fail(err, OT_E_USAGE, "column map entry '%.*s' is not column=Header Name",
                           (int)len, p);
        char std[64], theirs[128];
        snprintf(std, sizeof std, "%.*s", (int)(eq - p), p);
        snprintf(theirs, sizeof theirs, "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
        ot_text_clean(std, strlen(std));
        ot_text_clean(theirs, strlen(theirs));
        size_t i = 0;
        while (i < n && strcmp(std_names[i], std) != 0)
            i++;
        if (i == n) {
            ot_strbuf known = {0};
            for (size_t k = 0; k < n; k++) {
                if (k) ot_sb_puts(&known, ", ");
                ot_sb_puts(&known, std_names[k]);
            }
            ot_fail(err, OT_E_USAGE, "column map: unknown column '%s' (columns: %s)", std,
                    ot_sb_str(&known));
            ot_sb_free(&known);
            return OT_E_USAGE;
        }
        if (!*theirs)
            return ot_fail(err, OT_E_USAGE, "column map: empty header name for '%s'", std);
        snprintf(out[i], 128, "%s", theirs);
        p += len + (comma ? 1 : 0);
    }
    return OT_OK;
}

ot_code ot_audit_json(ot_db *db, const char *actor, const char *action, const char *subject_type,
                      const char *subject_id, json_t *detail, ot_error *err)
{
    char *text = detail ? ot_json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (detail && !text) return ot_fail(err, OT_E_NOMEM, "out of memory writing an audit entry");
    ot_code rc = ot_audit_append(db, actor, action, subject_type, subject_id, text, NULL, err);
    free(text);
    return rc;
}

bool ot_grow(void **array, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*array, c * elem);
    if (!p) return false;
    *array = p;
    *cap = c;
    return true;
}
