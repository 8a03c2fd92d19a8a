/* import_csv.c - reference lists as CSV: the columns of the shared refdata CSV files (the
 * templates' Smelter Look-up sheet), found by header name. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "refdata/refdata_internal.h"
#include "util/csv.h"

/* Header names accepted per field: ours first, then the templates' English headers. */
enum { F_METAL, F_ALIAS, F_STANDARD, F_COUNTRY, F_ID, F_LEGACY, F_SOURCE, F_STREET, F_CITY,
       F_STATE, F__COUNT };

static const char *const header_names[F__COUNT][6] = {
    [F_METAL] = {"metal", "mineral", NULL},
    [F_ALIAS] = {"lookup_name", "smelter look-up (alias)", "smelter look-up", "alias",
                 "known alias", NULL},
    [F_STANDARD] = {"standard_name", "standard smelter names", "standard smelter name",
                    "standard name", "smelter name", NULL},
    [F_COUNTRY] = {"country", "smelter facility location: country", "smelter country",
                   "country location", NULL},
    [F_ID] = {"smelter_id", "smelter id", "smelter identification", "new smelter id", "cid",
              NULL},
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
    bool have_header;
    const char *path;
} csv_ctx;

static const char *field(const ot_csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->count ? row->fields[col] : NULL;
}

static ot_code on_row(const ot_csv_row *row, void *vctx, ot_error *err)
{
    csv_ctx *c = vctx;
    if (!c->have_header) {
        for (int f = 0; f < F__COUNT; f++) {
            c->col[f] = -1;
            for (int k = 0; header_names[f][k] && c->col[f] < 0; k++)
                c->col[f] = ot_csv_column(row, header_names[f][k]);
        }
        if (c->col[F_METAL] < 0 || c->col[F_ID] < 0 ||
            (c->col[F_ALIAS] < 0 && c->col[F_STANDARD] < 0))
            return ot_fail(err, OT_E_INVALID,
                           "%s: not a smelter reference list: the header needs at least "
                           "metal, smelter_id and lookup_name or standard_name columns",
                           c->path);
        c->have_header = true;
        return OT_OK;
    }
    if (row->malformed)
        return ot_fail(err, OT_E_INVALID, "%s line %zu: %s", c->path, row->line,
                       row->problem ? row->problem : "malformed CSV record");
    ref_row r = {field(row, c->col[F_METAL]),  field(row, c->col[F_ALIAS]),
                 field(row, c->col[F_STANDARD]), field(row, c->col[F_COUNTRY]),
                 field(row, c->col[F_ID]),     field(row, c->col[F_LEGACY]),
                 field(row, c->col[F_SOURCE]), field(row, c->col[F_STREET]),
                 field(row, c->col[F_CITY]),   field(row, c->col[F_STATE]),
                 (uint32_t)row->line};
    if (!batch_add(c->b, &r)) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

ot_code rd_read_lookup_csv(const char *path, ref_batch *b, ot_error *err)
{
    csv_ctx c = {b, {0}, false, path};
    ot_code rc = ot_csv_read_file(path, 64u << 20, on_row, &c, err);
    if (rc != OT_OK) return rc;
    if (!c.have_header) return ot_fail(err, OT_E_INVALID, "%s is empty", path);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    snprintf(b->label, sizeof b->label, "CSV %s", basename(tmp));
    snprintf(b->kind, sizeof b->kind, "csv");
    return OT_OK;
}
