/* lists.c - the lists a user maintains: conflict-affected and high-risk areas (CAHRA, e.g.
 * the EU's indicative list) and a watch list of smelters (sanctions, credible adverse
 * reports), each read from CSV text.
 *
 * Columns are found by header name. Every row is checked before the list is handed out:
 * one bad row (unknown country, unreadable date, missing source or reason) rejects the
 * whole list with its line number, because a risk list that silently drops a country or
 * a smelter is worse than none. Storing the lists is the caller's business. */
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "risk/risk_internal.h"
#include "util/arena.h"
#include "util/csv.h"

struct ot_cahra_list {
    ot_arena arena;
    ot_cahra_entry *items;
    size_t count, cap;
    bool example;
};

struct ot_watch_list {
    ot_arena arena;
    ot_watch_entry *items;
    const char **name_keys; /* normalised names, "" for entries listed by ID only */
    size_t count, cap;
};

/* ---- reading a list ----------------------------------------------------------------- */

#define MAX_COLS 6
#define MAX_ALIASES 8

typedef struct list_reader list_reader;
typedef ot_code (*row_fn)(list_reader *r, const ot_csv_row *row, ot_error *err);

struct list_reader {
    const char *name; /* the text's name, for messages */
    const char *default_source, *default_date;
    const char *const (*headers)[MAX_ALIASES]; /* per column: accepted header names */
    size_t ncols;
    int col[MAX_COLS];
    bool have_header;
    ot_code (*check_header)(list_reader *r, ot_error *err);
    row_fn on_row;
    void *list;
};

static const char *field(const list_reader *r, const ot_csv_row *row, size_t c)
{
    int i = r->col[c];
    if (i < 0 || (size_t)i >= row->count || ot_risk_blank(row->fields[i])) return NULL;
    const char *s = row->fields[i];
    return s + strspn(s, " \t");
}

static bool row_blank(const ot_csv_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        if (!ot_risk_blank(row->fields[i])) return false;
    return true;
}

static ot_code on_csv_row(const ot_csv_row *row, void *ctx, ot_error *err)
{
    list_reader *r = ctx;
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %s", r->name, row->line,
                       row->problem ? row->problem : "broken quoting");
    if (!r->have_header) {
        for (size_t c = 0; c < r->ncols; c++) {
            r->col[c] = -1;
            for (size_t k = 0; r->headers[c][k] && r->col[c] < 0; k++)
                r->col[c] = ot_csv_column(row, r->headers[c][k]);
        }
        r->have_header = true;
        return r->check_header(r, err);
    }
    return row_blank(row) ? OT_OK : r->on_row(r, row, err);
}

static ot_code read_list(list_reader *r, const char *csv, size_t len, ot_error *err)
{
    if (!csv) return ot_fail(err, OT_E_USAGE, "%s: no text", r->name);
    ot_code rc = ot_csv_read_mem(csv, len, on_csv_row, r, err);
    if (rc == OT_OK && !r->have_header)
        rc = ot_fail(err, OT_E_INVALID, "%s is empty: a header line is expected", r->name);
    return rc;
}

/* The row's source and date, or the defaults; errors name the line. */
static ot_code source_and_date(list_reader *r, const ot_csv_row *row, size_t src_col,
                               size_t date_col, const char **source, char date[OT_DATE_LEN],
                               ot_error *err)
{
    *source = field(r, row, src_col);
    if (!*source) *source = r->default_source;
    if (ot_risk_blank(*source))
        return ot_fail(err, OT_E_INVALID, "%s line %zu: no source (say who lists it)", r->name,
                       row->line);
    const char *d = field(r, row, date_col);
    if (!d) d = r->default_date;
    if (ot_risk_blank(d))
        return ot_fail(err, OT_E_INVALID, "%s line %zu: no date (as of when it is listed)", r->name,
                       row->line);
    if (!ot_refdata_parse_date(d, date))
        return ot_fail(err, OT_E_INVALID, "%s line %zu: \"%s\" is not a date (YYYY-MM-DD expected)",
                       r->name, row->line, d);
    return OT_OK;
}

/* The capacity to grow an array of n elements to. */
static size_t next_cap(size_t cap)
{
    return cap ? cap * 2 : 16;
}

static const char *keep(ot_arena *a, const char *s, bool *oom)
{
    const char *copy = ot_arena_strdup(a, s ? s : "");
    if (!copy) *oom = true;
    return copy ? copy : "";
}

/* ---- CAHRA ------------------------------------------------------------------------- */

enum { CA_COUNTRY, CA_REGION, CA_SOURCE, CA_DATE, CA__COUNT };

static const char *const cahra_headers[CA__COUNT][MAX_ALIASES] = {
    [CA_COUNTRY] = {"country", "country_code", "country code", "iso", "iso_code", "alpha2", NULL},
    [CA_REGION] = {"region", "area", "province", NULL},
    [CA_SOURCE] = {"source", "list", NULL},
    [CA_DATE] = {"as_of", "as of", "date", "as-of date", NULL},
};

static ot_code cahra_header(list_reader *r, ot_error *err)
{
    if (r->col[CA_COUNTRY] < 0)
        return ot_fail(err, OT_E_INVALID, "%s: the header has no \"country\" column", r->name);
    return OT_OK;
}

static ot_code cahra_row(list_reader *r, const ot_csv_row *row, ot_error *err)
{
    ot_cahra_list *l = r->list;
    const char *typed = field(r, row, CA_COUNTRY);
    const ot_country *c = ot_risk_country_find(typed);
    if (!c)
        return ot_fail(err, OT_E_INVALID,
                       "%s line %zu: \"%s\" is not a country (an ISO 3166 code or "
                       "a country name is expected)",
                       r->name, row->line, typed ? typed : "");
    const char *source;
    char date[OT_DATE_LEN];
    ot_code rc = source_and_date(r, row, CA_SOURCE, CA_DATE, &source, date, err);
    if (rc) return rc;
    if (l->count == l->cap) {
        ot_cahra_entry *items = realloc(l->items, next_cap(l->cap) * sizeof *items);
        if (!items) return ot_fail(err, OT_E_NOMEM, "%s: out of memory", r->name);
        l->items = items;
        l->cap = next_cap(l->cap);
    }
    ot_cahra_entry *e = &l->items[l->count++];
    memset(e, 0, sizeof *e);
    bool oom = false;
    memcpy(e->alpha2, c->alpha2, 3);
    e->country = ot_risk_country_by_code(c->alpha2)->name;
    e->region = keep(&l->arena, field(r, row, CA_REGION), &oom);
    e->source = keep(&l->arena, source, &oom);
    memcpy(e->as_of, date, OT_DATE_LEN);
    e->line = row->line;
    return oom ? ot_fail(err, OT_E_NOMEM, "%s: out of memory", r->name) : OT_OK;
}

ot_code ot_risk_cahra_parse(const char *csv, size_t len, const char *name,
                            const char *default_source, const char *default_as_of,
                            ot_cahra_list **out, ot_error *err)
{
    *out = NULL;
    ot_code rc = ot_risk_init(err);
    if (rc) return rc;
    ot_cahra_list *l = calloc(1, sizeof *l);
    if (!l) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_arena_init(&l->arena, 0);
    list_reader r = {.name = name ? name : "CAHRA list",
                     .default_source = default_source,
                     .default_date = default_as_of,
                     .headers = cahra_headers,
                     .ncols = CA__COUNT,
                     .check_header = cahra_header,
                     .on_row = cahra_row,
                     .list = l};
    rc = read_list(&r, csv, len, err);
    if (rc) {
        ot_risk_cahra_free(l);
        return rc;
    }
    *out = l;
    return OT_OK;
}

ot_code ot_risk_cahra_example(ot_cahra_list **out, ot_error *err)
{
    ot_code rc = ot_risk_cahra_parse((const char *)ot_risk_data_cahra_example,
                                     ot_risk_data_cahra_example_len, "data/cahra-example.csv", NULL,
                                     NULL, out, err);
    if (rc == OT_OK) (*out)->example = true;
    return rc;
}

bool ot_risk_cahra_is_example(const ot_cahra_list *l)
{
    return l && l->example;
}

size_t ot_risk_cahra_count(const ot_cahra_list *l)
{
    return l ? l->count : 0;
}

const ot_cahra_entry *ot_risk_cahra_at(const ot_cahra_list *l, size_t i)
{
    return l && i < l->count ? &l->items[i] : NULL;
}

const ot_cahra_entry *ot_risk_cahra_find(const ot_cahra_list *l, const char *alpha2)
{
    for (size_t i = 0; l && alpha2 && i < l->count; i++)
        if (strcasecmp(l->items[i].alpha2, alpha2) == 0) return &l->items[i];
    return NULL;
}

void ot_risk_cahra_free(ot_cahra_list *l)
{
    if (!l) return;
    free(l->items);
    ot_arena_free(&l->arena);
    free(l);
}

/* ---- watch list ----------------------------------------------------------------------- */

enum { WA_ID, WA_NAME, WA_METAL, WA_REASON, WA_SOURCE, WA_DATE, WA__COUNT };

static const char *const watch_headers[WA__COUNT][MAX_ALIASES] = {
    [WA_ID] = {"smelter_id", "smelter id", "cid", "id", NULL},
    [WA_NAME] = {"name", "smelter_name", "smelter name", "standard_name", "smelter", NULL},
    [WA_METAL] = {"metal", "mineral", NULL},
    [WA_REASON] = {"reason", "why", "note", NULL},
    [WA_SOURCE] = {"source", NULL},
    [WA_DATE] = {"date", "as_of", "as of", "listed", NULL},
};

static ot_code watch_header(list_reader *r, ot_error *err)
{
    if (r->col[WA_ID] < 0 && r->col[WA_NAME] < 0)
        return ot_fail(err, OT_E_INVALID,
                       "%s: the header has neither a \"smelter_id\" nor a \"name\" "
                       "column",
                       r->name);
    if (r->col[WA_REASON] < 0)
        return ot_fail(err, OT_E_INVALID, "%s: the header has no \"reason\" column", r->name);
    return OT_OK;
}

/* Checks the row's smelter ID, name and metal; fills id[32] and *metal. */
static ot_code watch_identity(list_reader *r, const ot_csv_row *row, char id[32],
                              const char **metal, ot_error *err)
{
    const char *typed_id = field(r, row, WA_ID), *name = field(r, row, WA_NAME);
    id[0] = '\0';
    if (!typed_id && !name)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: neither a smelter ID nor a name", r->name,
                       row->line);
    if (typed_id && !ot_refdata_canonical_id(typed_id, id))
        return ot_fail(err, OT_E_INVALID,
                       "%s line %zu: \"%s\" is not a smelter ID (CID + 6 digits)", r->name,
                       row->line, typed_id);
    const char *typed_metal = field(r, row, WA_METAL);
    *metal = typed_metal ? ot_metal_canonical(typed_metal, NULL) : "";
    if (!*metal)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: \"%s\" is not a metal", r->name, row->line,
                       typed_metal);
    return OT_OK;
}

static ot_code watch_row(list_reader *r, const ot_csv_row *row, ot_error *err)
{
    ot_watch_list *l = r->list;
    char id[32];
    const char *metal, *source, *reason = field(r, row, WA_REASON);
    char date[OT_DATE_LEN];
    ot_code rc = watch_identity(r, row, id, &metal, err);
    if (!rc && !reason)
        rc = ot_fail(err, OT_E_INVALID, "%s line %zu: no reason", r->name, row->line);
    if (!rc) rc = source_and_date(r, row, WA_SOURCE, WA_DATE, &source, date, err);
    if (rc) return rc;
    if (l->count == l->cap) {
        size_t cap = next_cap(l->cap);
        ot_watch_entry *items = realloc(l->items, cap * sizeof *items);
        if (items) l->items = items;
        const char **keys = items ? realloc(l->name_keys, cap * sizeof *keys) : NULL;
        if (!keys) return ot_fail(err, OT_E_NOMEM, "%s: out of memory", r->name);
        l->name_keys = keys;
        l->cap = cap;
    }
    ot_watch_entry *e = &l->items[l->count];
    memset(e, 0, sizeof *e);
    bool oom = false;
    ot_norm_name norm;
    ot_normalize_name(field(r, row, WA_NAME), &norm);
    e->smelter_id = keep(&l->arena, id, &oom);
    e->name = keep(&l->arena, field(r, row, WA_NAME), &oom);
    e->metal = metal;
    e->reason = keep(&l->arena, reason, &oom);
    e->source = keep(&l->arena, source, &oom);
    memcpy(e->date, date, OT_DATE_LEN);
    e->line = row->line;
    l->name_keys[l->count++] = keep(&l->arena, norm.key, &oom);
    return oom ? ot_fail(err, OT_E_NOMEM, "%s: out of memory", r->name) : OT_OK;
}

ot_code ot_risk_watch_parse(const char *csv, size_t len, const char *name,
                            const char *default_source, const char *default_date,
                            ot_watch_list **out, ot_error *err)
{
    *out = NULL;
    ot_watch_list *l = calloc(1, sizeof *l);
    if (!l) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_arena_init(&l->arena, 0);
    list_reader r = {.name = name ? name : "watch list",
                     .default_source = default_source,
                     .default_date = default_date,
                     .headers = watch_headers,
                     .ncols = WA__COUNT,
                     .check_header = watch_header,
                     .on_row = watch_row,
                     .list = l};
    ot_code rc = read_list(&r, csv, len, err);
    if (rc) {
        ot_risk_watch_free(l);
        return rc;
    }
    *out = l;
    return OT_OK;
}

size_t ot_risk_watch_count(const ot_watch_list *l)
{
    return l ? l->count : 0;
}

const ot_watch_entry *ot_risk_watch_at(const ot_watch_list *l, size_t i)
{
    return l && i < l->count ? &l->items[i] : NULL;
}

const ot_watch_entry *ot_risk_watch_match(const ot_watch_list *l, const char *smelter_id,
                                          const char *metal, const char *name)
{
    if (!l || !l->count) return NULL;
    char id[32] = "";
    if (smelter_id && !ot_refdata_canonical_id(smelter_id, id)) id[0] = '\0';
    const char *m = metal ? ot_metal_canonical(metal, NULL) : NULL;
    ot_norm_name norm;
    ot_normalize_name(name, &norm);
    for (size_t i = 0; i < l->count; i++) {
        const ot_watch_entry *e = &l->items[i];
        if (e->metal[0] && m && strcmp(e->metal, m) != 0) continue;
        if (e->smelter_id[0] && id[0] && strcmp(e->smelter_id, id) == 0) return e;
        if (l->name_keys[i][0] && norm.key[0] && strcmp(l->name_keys[i], norm.key) == 0) return e;
    }
    return NULL;
}

void ot_risk_watch_free(ot_watch_list *l)
{
    if (!l) return;
    free(l->items);
    free(l->name_keys);
    ot_arena_free(&l->arena);
    free(l);
}
