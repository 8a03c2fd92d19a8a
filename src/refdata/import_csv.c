/* import_csv.c - reference lists as CSV: the columns of the shared refdata CSV files (the
 * templates' Smelter Look-up sheet), found by header name. Only a well-formed look-up
 * list is read: the header names look-up columns only (metal, lookup_name,
 * standard_name, country and smelter_id at least, each once) and every record has as
 * many fields as the header; the rows themselves are checked by import_check.c. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "refdata/refdata_internal.h"
#include "util/csv.h"
#include "util/text.h"

/* Header names accepted per field: ours first, then the templates' English headers. */
enum {
    F_METAL,
    F_ALIAS,
    F_STANDARD,
    F_COUNTRY,
    F_ID,
    F_LEGACY,
    F_SOURCE,
    F_STREET,
    F_CITY,
    F_STATE,
    F__COUNT
};

static const char *const header_names[F__COUNT][6] = {
    [F_METAL] = {"metal", "mineral", NULL},
    [F_ALIAS] = {"lookup_name", "smelter look-up (alias)", "smelter look-up", "alias",
                 "known alias", NULL},
    [F_STANDARD] = {"standard_name", "standard smelter names", "standard smelter name",
                    "standard name", "smelter name", NULL},
    [F_COUNTRY] = {"country", "smelter facility location: country", "smelter country",
                   "country location", NULL},
    [F_ID] = {"smelter_id", "smelter id", "smelter identification", "new smelter id", "cid", NULL},
    [F_LEGACY] = {"legacy_id", "old smelter id", NULL},
    [F_SOURCE] = {"id_source", "source of smelter identification number", "source", NULL},
    [F_STREET] = {"street", "smelter street", NULL},
    [F_CITY] = {"city", "smelter city", NULL},
    [F_STATE] = {"state_province", "smelter facility location: state / province",
                 "state / province", "state", NULL},
};

typedef struct csv_ctx {
    ref_batch *b;
    int col[F__COUNT];
    size_t n_columns;
    bool have_header;
    const char *path;
} csv_ctx;

static const char *field(const ot_csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->count ? row->fields[col] : NULL;
}

/* Short printable ASCII: safe to quote in a message. */
static bool plain(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e || n >= 40) return false;
    return n > 0;
}

/* The look-up field a header cell names, or -1. */
static int header_field(const char *name)
{
    while (*name == ' ')
        name++;
    for (int f = 0; f < F__COUNT; f++)
        for (int k = 0; header_names[f][k]; k++) {
            size_t n = strlen(header_names[f][k]);
            if (strncasecmp(name, header_names[f][k], n) != 0) continue;
            const char *rest = name + n;
            while (*rest == ' ')
                rest++;
            if (!*rest) return f;
        }
    return -1;
}

#define EXPECTED                                                                                   \
    "metal, lookup_name, standard_name, country, smelter_id (and optionally "                      \
    "id_source, street, city, state_province)"

static ot_code read_header(csv_ctx *c, const ot_csv_row *row, ot_error *err)
{
    for (int f = 0; f < F__COUNT; f++)
        c->col[f] = -1;
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %s", c->path, row->line,
                       row->problem ? row->problem : "malformed CSV record");
    for (size_t i = 0; i < row->count; i++) {
        int f = header_field(row->fields[i]);
        if (f < 0 || c->col[f] >= 0)
            return ot_fail(err, OT_E_INVALID,
                           "%s: not a smelter look-up list: header column %zu%s%s%s is %s "
                           "(expected the columns " EXPECTED ")",
                           c->path, i + 1, plain(row->fields[i]) ? " (\"" : "",
                           plain(row->fields[i]) ? row->fields[i] : "",
                           plain(row->fields[i]) ? "\")" : "",
                           f < 0 ? "not a look-up column" : "given twice");
        c->col[f] = (int)i;
    }
    static const int required[] = {F_METAL, F_ALIAS, F_STANDARD, F_COUNTRY, F_ID};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (c->col[required[i]] < 0)
            return ot_fail(err, OT_E_INVALID,
                           "%s: not a smelter look-up list: the header lacks the %s column "
                           "(expected the columns " EXPECTED ")",
                           c->path, header_names[required[i]][0]);
    c->n_columns = row->count;
    c->have_header = true;
    return OT_OK;
}

static ot_code on_row(const ot_csv_row *row, void *vctx, ot_error *err)
{
    csv_ctx *c = vctx;
    if (!c->have_header) return read_header(c, row, err);
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %s", c->path, row->line,
                       row->problem ? row->problem : "malformed CSV record");
    if (row->count != c->n_columns)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %zu fields where the header has %zu",
                       c->path, row->line, row->count, c->n_columns);
    ref_row r = {
        field(row, c->col[F_METAL]),   field(row, c->col[F_ALIAS]),  field(row, c->col[F_STANDARD]),
        field(row, c->col[F_COUNTRY]), field(row, c->col[F_ID]),     field(row, c->col[F_LEGACY]),
        field(row, c->col[F_SOURCE]),  field(row, c->col[F_STREET]), field(row, c->col[F_CITY]),
        field(row, c->col[F_STATE]),   (uint32_t)row->line,          NULL};
    if (!batch_add(c->b, &r)) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

ot_code rd_read_lookup_csv(const char *path, const unsigned char *data, size_t len, ref_batch *b,
                           ot_error *err)
{
    if (memchr(data, 0, len) || !ot_utf8_valid((const char *)data, len))
        return ot_fail(err, OT_E_INVALID, "%s is not UTF-8 text: not a smelter look-up list", path);
    csv_ctx c = {b, {0}, 0, false, path};
    ot_code rc = ot_csv_read_mem((const char *)data, len, on_row, &c, err);
    if (rc != OT_OK) return rc;
    if (!c.have_header) return ot_fail(err, OT_E_INVALID, "%s is empty", path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(b->label, sizeof b->label, "CSV %s", basename(tmp));
    snprintf(b->kind, sizeof b->kind, "csv");
    return OT_OK;
}
