/* csv.c - RFC 4180 records with line numbers, on top of libcsv.
 *
 * libcsv (Debian libcsv-dev) does the quoting state machine; it reports neither line
 * numbers nor lets a strict-mode error be skipped. So the text is fed to it one physical
 * line at a time: a record that ends inside a chunk ends at that chunk's line, and on a
 * strict-mode error the parser is reset and reading resumes at the next line. */
#include "csv.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "fileio.h"
#include "strbuf.h"
#include "text.h"

typedef struct reader {
    ot_strbuf text;    /* the current record's fields, each NUL-terminated */
    size_t *offsets;   /* start of each field in text */
    size_t count, cap; /* fields in the current record */
    bool nomem;
    size_t line;        /* physical line being fed */
    size_t record_line; /* line where the current record started, 0 = none yet */
    bool record_done;   /* libcsv finished a record during the last feed */
    ot_csv_row_fn fn;
    void *ctx;
    ot_code rc; /* first non-OK callback result */
    ot_error *err;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        size_t *p = realloc(r->offsets, cap * sizeof *p);
        if (!p) {
            r->nomem = true;
            return;
        }
        r->offsets = p;
        r->cap = cap;
    }
    r->offsets[r->count++] = r->text.len;
    ot_sb_append(&r->text, data ? data : "", data ? len : 0);
    ot_sb_putc(&r->text, '\0');
    if (r->text.failed) r->nomem = true;
}

static bool row_is_blank(const reader *r)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->text.data[r->offsets[i]] != '\0') return false;
    return true;
}

/* Hands the collected record to the callback (unless blank) and clears it. */
static void deliver(reader *r, bool malformed, const char *problem)
{
    if (r->rc == OT_OK && !r->nomem && (malformed || !row_is_blank(r))) {
        const char **fields = calloc(r->count ? r->count : 1, sizeof *fields);
        if (!fields) {
            r->nomem = true;
        } else {
            for (size_t i = 0; i < r->count; i++)
                fields[i] = r->text.data + r->offsets[i];
            ot_csv_row row = {
                .line = r->record_line ? r->record_line : r->line,
                .end_line = r->line,
                .count = r->count,
                .fields = fields,
                .malformed = malformed,
                .problem = problem,
            };
            r->rc = r->fn(&row, r->ctx, r->err);
            free(fields);
        }
    }
    r->count = 0;
    ot_sb_reset(&r->text);
    r->record_line = 0;
}

static void on_record(int term, void *ctx)
{
    reader *r = ctx;
    (void)term;
    r->record_done = true;
    deliver(r, false, NULL);
}

/* Length of the physical line starting at s (including its CRLF, LF or CR). */
static size_t line_length(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') return i + 1;
        if (s[i] == '\r') return (i + 1 < len && s[i + 1] == '\n') ? i + 2 : i + 1;
    }
    return len;
}

static bool only_line_break(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

ot_code ot_csv_read_mem(const char *data, size_t len, ot_csv_row_fn fn, void *ctx, ot_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return ot_fail(err, OT_E_NOMEM, "out of memory starting the CSV parser");
    reader r = {.fn = fn, .ctx = ctx, .err = err, .line = 0};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t pos = 0;
    while (pos < len && r.rc == OT_OK && !r.nomem) {
        size_t n = line_length(data + pos, len - pos);
        r.line++;
        if (r.record_line == 0 && !only_line_break(data + pos, n)) r.record_line = r.line;
        r.record_done = false;
        size_t used = csv_parse(&p, data + pos, n, on_field, on_record, &r);
        if (used != n && csv_error(&p) == CSV_EPARSE) {
            /* Malformed quoting: report this record, restart at the next line. */
            if (r.record_line == 0) r.record_line = r.line;
            deliver(&r, true,
                    "malformed quoting (a quote inside an unquoted field, or text after a "
                    "closing quote)");
            csv_free(&p);
            csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
        } else if (used != n) {
            r.nomem = true;
        }
        pos += n;
    }
    if (r.rc == OT_OK && !r.nomem) {
        if (csv_fini(&p, on_field, on_record, &r) != 0)
            deliver(&r, true, "a quoted field is never closed");
    }
    csv_free(&p);
    ot_sb_free(&r.text);
    free(r.offsets);
    if (r.nomem) return ot_fail(err, OT_E_NOMEM, "out of memory reading CSV");
    return r.rc;
}

ot_code ot_csv_read_file(const char *path, size_t max_bytes, ot_csv_row_fn fn, void *ctx,
                         ot_error *err)
{
    return ot_csv_read_file_as(path, max_bytes, NULL, fn, ctx, err);
}

ot_code ot_csv_read_file_as(const char *path, size_t max_bytes, const char *encoding,
                            ot_csv_row_fn fn, void *ctx, ot_error *err)
{
    unsigned char *data;
    size_t len;
    ot_code rc = ot_read_file(path, max_bytes ? max_bytes : (size_t)512 << 20, &data, &len, err);
    if (rc != OT_OK) return rc;
    char *text;
    size_t text_len;
    rc = ot_text_decode(data, len, encoding, &text, &text_len, err);
    free(data);
    if (rc != OT_OK) return rc;
    rc = ot_csv_read_mem(text, text_len, fn, ctx, err);
    free(text);
    return rc;
}

int ot_csv_column(const ot_csv_row *header, const char *name)
{
    for (size_t i = 0; i < header->count; i++)
        if (ot_text_equal_loose(header->fields[i], name)) return (int)i;
    return -1;
}

void ot_csv_put_field(ot_strbuf *sb, const char *value)
{
    if (!value) return;
    size_t n = strlen(value);
    bool quote = n && (value[0] == ' ' || value[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = value[i] == ',' || value[i] == '"' || value[i] == '\r' || value[i] == '\n';
    if (!quote) {
        ot_sb_append(sb, value, n);
        return;
    }
    ot_sb_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        if (value[i] == '"') ot_sb_putc(sb, '"');
        ot_sb_putc(sb, value[i]);
    }
    ot_sb_putc(sb, '"');
}
