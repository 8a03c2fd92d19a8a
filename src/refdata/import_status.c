/* import_status.c - RMAP status lists (CSV) into the store.
 *
 * Columns are found by header name; a row names its smelter by ID, or by metal + name
 * (+ country), resolved with the matcher (only confident, same-metal resolutions count).
 * The file is read completely and checked before anything is stored: an unknown status
 * spelling or a bad date rejects the file with its line number, so a half-imported list
 * never mixes with the previous one. Rows whose smelter cannot be placed are skipped and
 * counted. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "refdata/match.h"
#include "refdata/refdata_internal.h"
#include "util/csv.h"
#include "util/fileio.h"

enum { S_ID, S_METAL, S_NAME, S_COUNTRY, S_STATUS, S_DATE, S_SOURCE, S__COUNT };

static const char *const header_names[S__COUNT][9] = {
    [S_ID] = {"smelter_id", "smelter id", "smelter identification", "smelter identification number",
              "smelter reference id", "cid", "id", NULL},
    [S_METAL] = {"metal", "mineral", NULL},
    [S_NAME] = {"name", "smelter_name", "smelter name", "standard smelter name", "standard_name",
                "facility name", "smelter", "refiner", NULL},
    [S_COUNTRY] = {"country", "smelter_country", "smelter country",
                   "smelter facility location: country", "location", NULL},
    [S_STATUS] = {"status", "rmap_status", "rmap status", "assessment status", "audit status",
                  "conformance status", "conformance", NULL},
    [S_DATE] = {"as_of", "as of", "date", "status_date", "status date", "as-of date",
                "last updated", NULL},
    [S_SOURCE] = {"source", "list", NULL},
};

typedef struct pending {
    char id[32];
    ot_rmap_status status;
    char as_of[OT_DATE_LEN];
    const char *source; /* in the import arena, NULL = the file's label */
} pending;

typedef struct status_ctx {
    ot_refdata *rd;
    ot_matcher *matcher;
    const char *path;
    const char *default_as_of;
    int col[S__COUNT];
    bool have_header;
    pending *rows;
    size_t n, cap;
    ot_arena arena;
    ot_status_import_report *rep;
} status_ctx;

static const char *field(const ot_csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->count ? row->fields[col] : NULL;
}

static bool blank(const char *s)
{
    return !s || s[strspn(s, " \t")] == '\0';
}

static void note_skip(status_ctx *c, size_t line, const char *why)
{
    if (!c->rep->first_problem[0])
        snprintf(c->rep->first_problem, sizeof c->rep->first_problem, "line %zu: %s", line, why);
}

static ot_code on_header(status_ctx *c, const ot_csv_row *row, ot_error *err)
{
    for (int f = 0; f < S__COUNT; f++) {
        c->col[f] = -1;
        for (int k = 0; header_names[f][k] && c->col[f] < 0; k++)
            c->col[f] = ot_csv_column(row, header_names[f][k]);
    }
    if (c->col[S_STATUS] < 0)
        return ot_fail(err, OT_E_INVALID,
                       "%s: no status column (expected a header with "
                       "\"status\")",
                       c->path);
    if (c->col[S_ID] < 0 && c->col[S_NAME] < 0)
        return ot_fail(err, OT_E_INVALID, "%s: no smelter_id or name column", c->path);
    if (c->col[S_DATE] < 0 && !c->default_as_of) {
        c->rep->need_date = true;
        return ot_fail(err, OT_E_INVALID,
                       "%s: no as_of column and no date given for the "
                       "list",
                       c->path);
    }
    c->have_header = true;
    return OT_OK;
}

/* Which smelter the row names; false when it cannot be placed. */
static bool row_smelter(status_ctx *c, const ot_csv_row *row, char id[32], ot_error *err)
{
    const char *typed = field(row, c->col[S_ID]);
    if (!blank(typed)) {
        if (!ot_refdata_canonical_id(typed, id)) return false;
        const ot_smelter *s = ot_refdata_find(c->rd, id);
        if (s)
            snprintf(id, 32, "%s", s->id); /* a legacy ID: store under its record */
        else
            c->rep->unknown_ids++;
        return true;
    }
    const char *name = field(row, c->col[S_NAME]);
    if (blank(name)) return false;
    if (!c->matcher && ot_matcher_build(c->rd, &c->matcher, err) != OT_OK) return false;
    ot_match_input in = {field(row, c->col[S_METAL]), NULL, NULL, name,
                         field(row, c->col[S_COUNTRY])};
    ot_match_result r;
    ot_match(c->matcher, &in, &r);
    if (!r.smelter || r.method == OT_MATCH_CROSS_METAL) return false;
    snprintf(id, 32, "%s", r.smelter->id);
    c->rep->by_name++;
    return true;
}

static ot_code on_row(const ot_csv_row *row, void *vctx, ot_error *err)
{
    status_ctx *c = vctx;
    if (!c->have_header) return on_header(c, row, err);
    c->rep->rows++;
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %s", c->path, row->line,
                       row->problem ? row->problem : "malformed CSV record");
    const char *st = field(row, c->col[S_STATUS]);
    ot_rmap_status status;
    if (blank(st)) {
        c->rep->skipped_bad++;
        note_skip(c, row->line, "no status");
        return OT_OK;
    }
    if (!ot_rmap_status_parse(st, &status))
        return ot_fail(err, OT_E_INVALID,
                       "%s line %zu: unknown status '%.60s' (expected Conformant, Active, "
                       "Non-Conformant, Not Enrolled, Communication Suspended, Outreach "
                       "Required, RMI Due Diligence Review or Unknown)",
                       c->path, row->line, rd_field_problem(st) ? "(not plain text)" : st);
    const char *date_text = field(row, c->col[S_DATE]);
    if (blank(date_text)) date_text = c->default_as_of;
    pending p = {.status = status};
    if (!date_text || !ot_refdata_parse_date(date_text, p.as_of))
        return ot_fail(err, OT_E_INVALID, "%s line %zu: '%s' is not a date", c->path, row->line,
                       date_text ? date_text : "");
    ot_error merr = {0};
    if (!row_smelter(c, row, p.id, &merr)) {
        if (merr.code != OT_OK) return ot_fail(err, merr.code, "%s", merr.message);
        c->rep->unmatched++;
        note_skip(c, row->line, "the smelter could not be identified");
        return OT_OK;
    }
    const char *src = field(row, c->col[S_SOURCE]);
    const char *why = src ? rd_field_problem(src) : NULL;
    if (why)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: the source %s", c->path, row->line, why);
    if (!blank(src)) p.source = ot_arena_strdup(&c->arena, src);
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        pending *np = realloc(c->rows, cap * sizeof *np);
        if (!np) return ot_fail(err, OT_E_NOMEM, "out of memory");
        c->rows = np;
        c->cap = cap;
    }
    c->rows[c->n++] = p;
    return OT_OK;
}

/* The audit entry the next save writes for this status list: source and counts; and the
 * store before it, for undo. */
static ot_code note_status_import(ot_refdata *rd, const ot_status_import_report *r,
                                  rd_import_meta *meta, ot_error *err)
{
    json_t *j =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "source", r->label, "rows",
                  (json_int_t)r->rows, "imported", (json_int_t)r->imported, "by_name",
                  (json_int_t)r->by_name, "unknown_ids", (json_int_t)r->unknown_ids, "unmatched",
                  (json_int_t)r->unmatched, "skipped", (json_int_t)r->skipped_bad);
    return rd_note_import(rd, "refdata.status_import", r->label, j, meta, err);
}

ot_code ot_refdata_import_status(ot_refdata *rd, const char *path, const char *default_as_of,
                                 ot_status_import_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    char def[OT_DATE_LEN];
    if (default_as_of && *default_as_of) {
        if (!ot_refdata_parse_date(default_as_of, def))
            return ot_fail(err, OT_E_USAGE, "as-of date '%s' is not a date (use YYYY-MM-DD)",
                           default_as_of);
        default_as_of = def;
    } else
        default_as_of = NULL;
    unsigned char *data;
    size_t len;
    ot_code rc = ot_read_file(path, 64u << 20, &data, &len, err);
    if (rc != OT_OK) return rc;
    char sha[OT_SHA256_HEX_LEN];
    ot_sha256_hex(data, len, sha);
    status_ctx c = {.rd = rd, .path = path, .default_as_of = default_as_of, .rep = rep};
    ot_arena_init(&c.arena, 0);
    rc = ot_csv_read_mem((const char *)data, len, on_row, &c, err);
    free(data);
    if (rc == OT_OK && !c.have_header) rc = ot_fail(err, OT_E_INVALID, "%s is empty", path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(rep->label, sizeof rep->label, "status %s", basename(tmp));
    size_t before_len = 0;
    char *before = rc == OT_OK ? rd_state_text(rd, &before_len) : NULL;
    if (rc == OT_OK && !before) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    const char *latest = "";
    for (size_t i = 0; rc == OT_OK && i < c.n; i++) {
        const pending *p = &c.rows[i];
        rc = ot_refdata_add_status(rd, p->id, p->status, p->as_of,
                                   p->source ? p->source : rep->label, err);
        if (rc == OT_OK) rep->imported++;
        if (strcmp(p->as_of, latest) > 0) latest = p->as_of;
    }
    if (rc == OT_OK) snprintf(rep->as_of, sizeof rep->as_of, "%s", latest);
    if (rc == OT_OK) {
        ot_refdata_source src = {rep->label, "status", *latest ? latest : "", sha, rep->rows};
        if (!rd_add_source(rd, &src, "")) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    if (rc == OT_OK) {
        rd_import_meta meta = {"status", latest, sha, path, false, before, before_len};
        before = NULL; /* taken over by the note */
        rc = note_status_import(rd, rep, &meta, err);
    }
    free(before);
    ot_matcher_free(c.matcher);
    free(c.rows);
    ot_arena_free(&c.arena);
    return rc;
}
