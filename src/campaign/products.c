/* products.c - importing a BOM (see suppliers.h): products, their parts, each part's
 * supplier and whether it contains 3TG. A product in the file has its BOM replaced by
 * the file's lines; products not in the file are left as they are. */
#include "suppliers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/import_util.h"
#include "store/audit.h"
#include "util/arena.h"
#include "util/jsonout.h"

enum {
    PCOL_PRODUCT_ID,
    PCOL_PRODUCT_NAME,
    PCOL_PART_ID,
    PCOL_PART_NAME,
    PCOL_SUPPLIER_ID,
    PCOL_CONTAINS,
    PCOL__COUNT
};

static const char *const pcol_names[PCOL__COUNT] = {"product_id", "product_name", "part_id",
                                                    "part_name",  "supplier_id",  "contains_3tg"};

typedef struct bom_row {
    size_t line;
    const char *product, *product_name, *part, *part_name, *supplier;
    ot_3tg contains;
} bom_row;

typedef struct bom_reading {
    ot_import_reader in;
    ot_arena arena;
    bom_row *rows;
    size_t n, cap;
} bom_reading;

static const char *dup_or_null(ot_arena *a, const char *s)
{
    return s && *s ? ot_arena_strdup(a, s) : NULL;
}

static ot_code on_bom_row(const ot_import_reader *in, size_t line, const char *const *v, void *ctx,
                          ot_error *err)
{
    (void)in;
    bom_reading *rd = ctx;
    if (!v[PCOL_PRODUCT_ID] || !*v[PCOL_PRODUCT_ID]) {
        ot_import_skip_row(&rd->in, line, "product_id is empty");
        return OT_OK;
    }
    if (!v[PCOL_PART_ID] || !*v[PCOL_PART_ID]) {
        ot_import_skip_row(&rd->in, line, "part_id is empty");
        return OT_OK;
    }
    ot_3tg c;
    if (!ot_3tg_parse(v[PCOL_CONTAINS] ? v[PCOL_CONTAINS] : "", &c)) {
        ot_import_skip_row(&rd->in, line, "contains_3tg '%s' must be yes, no or unknown",
                           v[PCOL_CONTAINS]);
        return OT_OK;
    }
    if (rd->n == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 256;
        bom_row *r = realloc(rd->rows, cap * sizeof *r);
        if (!r) return ot_fail(err, OT_E_NOMEM, "out of memory reading the BOM");
        rd->rows = r;
        rd->cap = cap;
    }
    ot_arena *a = &rd->arena;
    rd->rows[rd->n++] = (bom_row){line,
                                  ot_arena_strdup(a, v[PCOL_PRODUCT_ID]),
                                  dup_or_null(a, v[PCOL_PRODUCT_NAME]),
                                  ot_arena_strdup(a, v[PCOL_PART_ID]),
                                  dup_or_null(a, v[PCOL_PART_NAME]),
                                  dup_or_null(a, v[PCOL_SUPPLIER_ID]),
                                  c};
    return OT_OK;
}

static int by_product(const void *a, const void *b)
{
    const bom_row *x = a, *y = b;
    int c = strcmp(x->product, y->product);
    return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

/* Replaces one product's BOM with rows[0..n) (all of that product). */
static ot_code write_product(ot_db *db, bom_reading *rd, const bom_row *rows, size_t n,
                             const char *actor, const char *ts, ot_supplier_import_report *rep,
                             ot_error *err)
{
    const char *name = NULL;
    for (size_t i = 0; i < n; i++)
        if (rows[i].product_name) name = rows[i].product_name;
    int64_t id = 0;
    ot_code rc = ot_db_query_int(db, "SELECT id FROM product WHERE product_key = ?",
                                 OT_DB_PARAMS(ot_db_text(rows[0].product)), &id, err);
    bool created = rc == OT_E_NOT_FOUND;
    if (created) {
        rc = ot_db_exec(db, "INSERT INTO product (product_key, name, updated_at) VALUES (?, ?, ?)",
                        OT_DB_PARAMS(ot_db_text(rows[0].product), ot_db_text(name), ot_db_text(ts)),
                        err);
        id = ot_db_last_insert_id(db);
    } else if (rc == OT_OK) {
        rc = ot_db_exec(db,
                        "UPDATE product SET name = COALESCE(?, name), updated_at = ? WHERE id = ?",
                        OT_DB_PARAMS(ot_db_text(name), ot_db_text(ts), ot_db_int(id)), err);
        if (rc == OT_OK)
            rc = ot_db_exec(db, "DELETE FROM bom_part WHERE product_id = ?",
                            OT_DB_PARAMS(ot_db_int(id)), err);
    }
    size_t unknown = 0;
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        const bom_row *r = &rows[i];
        rc =
            ot_db_exec(db,
                       "INSERT INTO bom_part (product_id, part_key, supplier_key, part_name, "
                       "contains_3tg) VALUES (?, ?, ?, ?, ?) ON CONFLICT (product_id, part_key, "
                       "supplier_key) DO UPDATE SET part_name = COALESCE(excluded.part_name, "
                       "bom_part.part_name), contains_3tg = excluded.contains_3tg",
                       OT_DB_PARAMS(ot_db_int(id), ot_db_text(r->part),
                                    ot_db_text(r->supplier ? r->supplier : ""),
                                    ot_db_text(r->part_name), ot_db_text(ot_3tg_name(r->contains))),
                       err);
        if (rc != OT_OK || !r->supplier) continue;
        int64_t known = 0;
        rc = ot_db_query_int(db, "SELECT COUNT(*) FROM supplier WHERE supplier_key = ?",
                             OT_DB_PARAMS(ot_db_text(r->supplier)), &known, err);
        if (rc == OT_OK && !known) {
            unknown++;
            ot_import_warn(&rd->in, r->line,
                           "supplier %s (part %s of %s) is not in the vendor list; import the "
                           "vendor list too, or it cannot be surveyed",
                           r->supplier, r->part, r->product);
        }
    }
    rep->parts += n;
    rep->unknown_suppliers += unknown;
    if (created)
        rep->created++;
    else
        rep->updated++;
    if (rc != OT_OK) return rc;
    json_t *d = json_pack("{s:s, s:b, s:I}", "product_id", rows[0].product, "created", created,
                          "parts", (json_int_t)n);
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    rc = ot_audit_json(db, actor, OT_AUDIT_IMPORT, "product", sid, d, err);
    json_decref(d);
    return rc;
}

ot_code ot_products_import(ot_workspace *ws, const char *csv_path, const char *actor, int32_t today,
                           ot_supplier_import_report *rep, ot_error *err)
{
    return ot_products_import_as(ws, csv_path, NULL, actor, today, rep, err);
}

ot_code ot_products_import_as(ot_workspace *ws, const char *csv_path, const char *encoding,
                              const char *actor, int32_t today, ot_supplier_import_report *rep,
                              ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    bom_reading rd = {0};
    ot_arena_init(&rd.arena, 0);
    const bool required[PCOL__COUNT] = {
        [PCOL_PRODUCT_ID] = true, [PCOL_PART_ID] = true, [PCOL_CONTAINS] = true};
    ot_code rc = ot_import_read(csv_path, encoding, pcol_names, required, PCOL__COUNT, on_bom_row,
                                &rd, &rd.in, rep, err);
    if (rc == OT_OK && rd.n) qsort(rd.rows, rd.n, sizeof *rd.rows, by_product);
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_db *db = ws->db;
    if (rc == OT_OK) rc = ot_db_begin(db, err);
    for (size_t i = 0; rc == OT_OK && i < rd.n;) {
        size_t j = i + 1;
        while (j < rd.n && strcmp(rd.rows[j].product, rd.rows[i].product) == 0)
            j++;
        rc = write_product(db, &rd, rd.rows + i, j - i, actor, ts, rep, err);
        i = j;
    }
    if (rc == OT_OK) rc = ot_suppliers_scope(ws, actor, today, rep, err);
    if (rc == OT_OK) {
        json_t *d = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "file", ot_json_text(csv_path),
                              "rows", (json_int_t)rep->rows, "skipped", (json_int_t)rep->skipped,
                              "products_created", (json_int_t)rep->created, "products_updated",
                              (json_int_t)rep->updated, "parts", (json_int_t)rep->parts);
        rc = ot_audit_json(db, actor, OT_AUDIT_IMPORT, "bom", NULL, d, err);
        json_decref(d);
    }
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    ot_import_reader_finish(&rd.in, rep);
    ot_arena_free(&rd.arena);
    free(rd.rows);
    return rc;
}

/* ---- listing ---------------------------------------------------------------------- */

ot_code ot_products_each(ot_workspace *ws, ot_product_fn fn, void *ctx, ot_error *err)
{
    ot_stmt *st;
    ot_code rc =
        ot_db_prepare(ws->db,
                      "SELECT p.product_key, p.name, p.covered, p.covered_reason, "
                      "(SELECT COUNT(*) FROM bom_part b WHERE b.product_id = p.id), "
                      "(SELECT group_concat(DISTINCT b.supplier_key) FROM bom_part b WHERE "
                      " b.product_id = p.id AND b.contains_3tg <> 'no' AND b.supplier_key <> '') "
                      "FROM product p ORDER BY p.product_key",
                      &st, err);
    if (rc != OT_OK) return rc;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_product_info p = {
            .product_id = ot_stmt_text(st, 0),
            .name = ot_stmt_text(st, 1),
            .covered = ot_stmt_int(st, 2) != 0,
            .reason = ot_stmt_text(st, 3),
            .parts = ot_stmt_int(st, 4),
            .suppliers_3tg = ot_stmt_text(st, 5),
        };
        if ((rc = fn(&p, ctx, err)) != OT_OK) break;
    }
    if (s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
