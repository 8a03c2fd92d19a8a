/* scope.c - applying the scoping rules (scoping.h) to every supplier and product in the
 * workspace, storing each decision with its reason and auditing each change.
 *
 * Suppliers and BOM lines are both read ordered by supplier_key and merged in one pass;
 * decisions are collected first and written after the reads are finished, so no row is
 * changed under an open cursor. */
#include "suppliers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/import_util.h"
#include "store/audit.h"
#include "util/text.h"

ot_code ot_scope_rules_from_config(const ot_config *cfg, int32_t today, ot_scope_rules *r,
                                   ot_error *err)
{
    ot_scope_rules_default(r, today);
    r->n_excluded = 0;
    for (size_t i = 0; i < cfg->exclude_category_count && i < OT_SCOPE_MAX_EXCLUDED; i++) {
        ot_category_normalize(cfg->exclude_categories[i], r->excluded[r->n_excluded]);
        if (r->excluded[r->n_excluded][0]) r->n_excluded++;
    }
    r->inactive_years = cfg->inactive_years;
    r->exclude_inactive = cfg->exclude_inactive;
    if (!ot_scope_route_parse(cfg->scope_route, &r->route)) /* checked when the file was read */
        return ot_fail(err, OT_E_INVALID, "unknown scope_route '%s'", cfg->scope_route);
    return OT_OK;
}

/* ---- products --------------------------------------------------------------------- */

static ot_code apply_product(ot_db *db, const char *actor, int64_t id, const char *key, bool was,
                             const char *old_reason, bool now, const char *reason, ot_error *err)
{
    if (was == now && old_reason && strcmp(old_reason, reason) == 0) return OT_OK;
    ot_code rc = ot_db_exec(db, "UPDATE product SET covered = ?, covered_reason = ? WHERE id = ?",
                            OT_DB_PARAMS(ot_db_bool(now), ot_db_text(reason), ot_db_int(id)), err);
    if (rc != OT_OK) return rc;
    json_t *d = json_pack("{s:s, s:b, s:s}", "product_id", key, "covered", now, "reason", reason);
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    rc = ot_audit_json(db, actor, OT_AUDIT_STATUS, "product", sid, d, err);
    json_decref(d);
    return rc;
}

typedef struct product_change {
    int64_t id;
    char *key, *old_reason;
    bool was, now;
    char reason[OT_REASON_LEN];
} product_change;

/* Recomputes every product's covered flag from its parts. */
static ot_code scope_products(ot_db *db, const char *actor, size_t *covered, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT p.id, p.product_key, p.covered, p.covered_reason, "
                               "b.part_key, b.contains_3tg FROM product p LEFT JOIN bom_part b "
                               "ON b.product_id = p.id ORDER BY p.id, b.part_key",
                               &st, err);
    if (rc != OT_OK) return rc;
    product_change *changes = NULL;
    size_t n = 0, cap = 0;
    ot_bom_part *parts = NULL;
    size_t np = 0, pcap = 0;
    char **part_keys = NULL;
    ot_step s;
    int64_t cur = -1;
    *covered = 0;
    for (;;) {
        s = ot_stmt_step(st, err);
        int64_t id = s == OT_STEP_ROW ? ot_stmt_int(st, 0) : -2;
        if (id != cur && cur != -1) { /* close the previous product */
            product_change *c = &changes[n - 1];
            c->now = ot_product_covered(parts, np, c->reason);
            *covered += c->now;
            for (size_t i = 0; i < np; i++)
                free(part_keys[i]);
            np = 0;
        }
        if (s != OT_STEP_ROW) break;
        if (id != cur) {
            if (!ot_grow((void **)&changes, &cap, n, sizeof *changes)) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory scoping products");
                break;
            }
            product_change *c = &changes[n++];
            c->id = id;
            c->key = strdup(ot_stmt_text(st, 1));
            c->was = ot_stmt_int(st, 2) != 0;
            c->old_reason = ot_stmt_text(st, 3) ? strdup(ot_stmt_text(st, 3)) : NULL;
            cur = id;
        }
        if (ot_stmt_text(st, 4)) {
            size_t kcap = pcap;
            if (!ot_grow((void **)&parts, &pcap, np, sizeof *parts) ||
                !ot_grow((void **)&part_keys, &kcap, np, sizeof *part_keys)) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory scoping products");
                break;
            }
            ot_3tg v = OT_3TG_UNKNOWN;
            ot_3tg_parse(ot_stmt_text(st, 5), &v);
            part_keys[np] = strdup(ot_stmt_text(st, 4));
            parts[np] = (ot_bom_part){.part_id = part_keys[np], .contains = v};
            np++;
        }
    }
    rc = s == OT_STEP_ERROR ? err->code : OT_OK;
    ot_stmt_finalize(st);
    for (size_t i = 0; i < np; i++)
        free(part_keys[i]); /* left by an early stop */
    for (size_t i = 0; i < n; i++) {
        if (rc == OT_OK)
            rc = apply_product(db, actor, changes[i].id, changes[i].key, changes[i].was,
                               changes[i].old_reason, changes[i].now, changes[i].reason, err);
        free(changes[i].key);
        free(changes[i].old_reason);
    }
    free(changes);
    free(parts);
    free(part_keys);
    return rc;
}

/* ---- suppliers -------------------------------------------------------------------- */

typedef struct bom_line {
    char *supplier_key, *product_key, *product_name, *part_key;
    ot_3tg contains;
    bool covered;
} bom_line;

static ot_code load_bom(ot_db *db, bom_line **out, size_t *count, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT b.supplier_key, p.product_key, p.name, b.part_key, "
                               "b.contains_3tg, p.covered FROM bom_part b JOIN product p ON "
                               "p.id = b.product_id WHERE b.supplier_key <> '' "
                               "ORDER BY b.supplier_key, p.product_key, b.part_key",
                               &st, err);
    if (rc != OT_OK) return rc;
    bom_line *lines = NULL;
    size_t n = 0, cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            bom_line *l = realloc(lines, cap * sizeof *l);
            if (!l) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory reading the BOM");
                break;
            }
            lines = l;
        }
        bom_line *l = &lines[n++];
        l->supplier_key = strdup(ot_stmt_text(st, 0));
        l->product_key = strdup(ot_stmt_text(st, 1));
        l->product_name = strdup(ot_stmt_text(st, 2) ? ot_stmt_text(st, 2) : "");
        l->part_key = strdup(ot_stmt_text(st, 3));
        l->contains = OT_3TG_UNKNOWN;
        ot_3tg_parse(ot_stmt_text(st, 4), &l->contains);
        l->covered = ot_stmt_int(st, 5) != 0;
    }
    ot_stmt_finalize(st);
    *out = lines;
    *count = n;
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

static void free_bom(bom_line *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(l[i].supplier_key);
        free(l[i].product_key);
        free(l[i].product_name);
        free(l[i].part_key);
    }
    free(l);
}

typedef struct supplier_change {
    int64_t id;
    bool changed, was_scoped, was_in;
    ot_scope_decision final, vendor, bom;
} supplier_change;

static ot_code write_supplier_scope(ot_db *db, const char *actor, const char *ts,
                                    const supplier_change *c, ot_error *err)
{
    ot_code rc =
        ot_db_exec(db,
                   "UPDATE supplier SET in_scope = ?, scope_reason = ?, vendor_reason = ?, "
                   "bom_reason = ?, scoped_at = ? WHERE id = ?",
                   OT_DB_PARAMS(ot_db_bool(c->final.in), ot_db_text(c->final.reason),
                                ot_db_text(c->vendor.reason), ot_db_text(c->bom.reason),
                                ot_db_text(ts), ot_db_int(c->id)),
                   err);
    if (rc != OT_OK || !c->changed) return rc;
    json_t *d = json_pack("{s:b, s:s}", "in_scope", c->final.in, "reason", c->final.reason);
    if (c->was_scoped) json_object_set_new(d, "was_in_scope", json_boolean(c->was_in));
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)c->id);
    rc = ot_audit_json(db, actor, OT_AUDIT_STATUS, "supplier", sid, d, err);
    json_decref(d);
    return rc;
}

static ot_code scope_suppliers(ot_db *db, const ot_scope_rules *rules, const char *actor,
                               ot_supplier_import_report *rep, ot_error *err)
{
    bom_line *bom = NULL;
    size_t nb = 0;
    ot_code rc = load_bom(db, &bom, &nb, err);
    int64_t any_bom = 0;
    if (rc == OT_OK)
        rc = ot_db_query_int(db, "SELECT COUNT(*) FROM product", OT_DB_NO_PARAMS, &any_bom, err);
    ot_stmt *st = NULL;
    if (rc == OT_OK)
        rc =
            ot_db_prepare(db,
                          "SELECT id, supplier_key, category, last_purchase, COALESCE(active, -1), "
                          "in_scope, scope_reason, vendor_reason, bom_reason FROM supplier "
                          "ORDER BY supplier_key",
                          &st, err);
    supplier_change *changes = NULL;
    size_t n = 0, cap = 0, b = 0;
    ot_bom_part *parts = NULL;
    if (rc == OT_OK && nb && !(parts = malloc(nb * sizeof *parts)))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory scoping suppliers");
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        const char *key = ot_stmt_text(st, 1);
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            supplier_change *c = realloc(changes, cap * sizeof *c);
            if (!c) {
                rc = ot_fail(err, OT_E_NOMEM, "out of memory scoping suppliers");
                break;
            }
            changes = c;
        }
        supplier_change *c = &changes[n++];
        c->id = ot_stmt_int(st, 0);
        ot_vendor_facts f = {ot_stmt_text(st, 2), ot_stmt_text(st, 3), (int)ot_stmt_int(st, 4)};
        ot_scope_vendor(rules, &f, &c->vendor);
        while (b < nb && strcmp(bom[b].supplier_key, key) < 0)
            b++; /* BOM-only suppliers */
        size_t np = 0;
        for (; b < nb && strcmp(bom[b].supplier_key, key) == 0; b++, np++)
            parts[np] = (ot_bom_part){bom[b].product_key, bom[b].product_name, bom[b].part_key,
                                      bom[b].contains, bom[b].covered};
        ot_scope_bom(parts, np, &c->bom);
        ot_scope_combine(rules, any_bom > 0, &c->vendor, &c->bom, &c->final);
        c->was_scoped = !ot_stmt_is_null(st, 5);
        c->was_in = ot_stmt_int(st, 5) != 0;
        const char *old = ot_stmt_text(st, 6), *ov = ot_stmt_text(st, 7), *ob = ot_stmt_text(st, 8);
        c->changed =
            !c->was_scoped || c->was_in != c->final.in || !old || strcmp(old, c->final.reason) != 0;
        bool same = !c->changed && ov && ob && strcmp(ov, c->vendor.reason) == 0 &&
                    strcmp(ob, c->bom.reason) == 0;
        if (same) n--; /* nothing to write */
        if (c->final.in)
            rep->in_scope++;
        else
            rep->out_of_scope++;
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        rc = write_supplier_scope(db, actor, ts, &changes[i], err);
        rep->scope_changed += changes[i].changed;
    }
    free(changes);
    free(parts);
    free_bom(bom, nb);
    return rc;
}

ot_code ot_suppliers_scope(ot_workspace *ws, const char *actor, int32_t today,
                           ot_supplier_import_report *rep, ot_error *err)
{
    ot_scope_rules rules;
    ot_code rc = ot_scope_rules_from_config(&ws->config, today, &rules, err);
    if (rc != OT_OK) return rc;
    bool own = !ot_db_in_transaction(ws->db);
    if (own && (rc = ot_db_begin(ws->db, err)) != OT_OK) return rc;
    rep->in_scope = rep->out_of_scope = rep->scope_changed = 0;
    rc = scope_products(ws->db, actor, &rep->covered_products, err);
    if (rc == OT_OK) rc = scope_suppliers(ws->db, &rules, actor, rep, err);
    if (own) {
        if (rc == OT_OK) rc = ot_db_commit(ws->db, err);
        if (rc != OT_OK) ot_db_rollback(ws->db);
    }
    return rc;
}
