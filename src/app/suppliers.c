/* suppliers.c - use cases on the vendor list and the BOM (app/suppliers.h). */
#include "app/suppliers.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "util/jsonout.h"

/* ---- import ------------------------------------------------------------------------ */

ot_code ot_app_suppliers_import(ot_app *app, const ot_import_request *req, ot_import_result *res,
                                ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->path = strdup(req->path);
    if (!res->path) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return ot_suppliers_import_as(ot_app_workspace(app), req->path, req->encoding, req->map,
                                  ot_app_actor(req->actor), req->today, &res->report, err);
}

ot_code ot_app_products_import(ot_app *app, const ot_import_request *req, ot_import_result *res,
                               ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->path = strdup(req->path);
    if (!res->path) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return ot_products_import_as(ot_app_workspace(app), req->path, req->encoding,
                                 ot_app_actor(req->actor), req->today, &res->report, err);
}

static json_t *count(size_t n)
{
    return json_integer((json_int_t)n);
}

json_t *ot_import_result_to_json(const ot_import_result *res)
{
    const ot_supplier_import_report *r = &res->report;
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(res->path));
    json_object_set_new(o, "rows", count(r->rows));
    json_object_set_new(o, "skipped", count(r->skipped));
    json_object_set_new(o, "created", count(r->created));
    json_object_set_new(o, "updated", count(r->updated));
    json_object_set_new(o, "unchanged", count(r->unchanged));
    json_object_set_new(o, "contacts_added", count(r->contacts_added));
    json_object_set_new(o, "parts", count(r->parts));
    json_object_set_new(o, "covered_products", count(r->covered_products));
    json_object_set_new(o, "unknown_suppliers", count(r->unknown_suppliers));
    json_object_set_new(o, "in_scope", count(r->in_scope));
    json_object_set_new(o, "out_of_scope", count(r->out_of_scope));
    json_object_set_new(o, "scope_changed", count(r->scope_changed));
    json_t *probs = json_array();
    for (size_t i = 0; i < r->n_problems; i++)
        json_array_append_new(probs,
                              json_pack("{s:I, s:o}", "line", (json_int_t)r->problems[i].line,
                                        "problem", ot_json_text(r->problems[i].message)));
    json_object_set_new(o, "problems", probs);
    return o;
}

void ot_import_result_free(ot_import_result *res)
{
    free(res->path);
    res->path = NULL;
    ot_supplier_import_report_free(&res->report);
}

/* ---- suppliers list ---------------------------------------------------------------- */

typedef struct supplier_rows {
    ot_suppliers_list_result *res;
    size_t cap;
} supplier_rows;

static ot_code keep_supplier(const ot_supplier_info *s, void *ctx, ot_error *err)
{
    supplier_rows *l = ctx;
    ot_suppliers_list_result *res = l->res;
    if (!ot_app_grow((void **)&res->rows, &l->cap, res->n, sizeof *res->rows))
        return ot_fail(err, OT_E_NOMEM, "out of memory listing the suppliers");
    ot_arena *a = &res->arena;
    bool ok = true;
    ot_supplier_info *c = &res->rows[res->n++];
    *c = *s;
    c->supplier_id = ot_app_keep(a, s->supplier_id, &ok);
    c->name = ot_app_keep(a, s->name, &ok);
    c->country = ot_app_keep(a, s->country, &ok);
    c->category = ot_app_keep(a, s->category, &ok);
    c->category_norm = ot_app_keep(a, s->category_norm, &ok);
    c->last_purchase = ot_app_keep(a, s->last_purchase, &ok);
    c->parent_id = ot_app_keep(a, s->parent_id, &ok);
    c->scope_reason = ot_app_keep(a, s->scope_reason, &ok);
    c->vendor_reason = ot_app_keep(a, s->vendor_reason, &ok);
    c->bom_reason = ot_app_keep(a, s->bom_reason, &ok);
    c->contacts = ot_app_keep(a, s->contacts, &ok);
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory listing the suppliers");
}

ot_code ot_app_suppliers_list(ot_app *app, const ot_suppliers_list_request *req,
                              ot_suppliers_list_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    supplier_rows l = {res, 0};
    return ot_suppliers_each(ot_app_workspace(app), req && req->in_scope_only, keep_supplier, &l,
                             err);
}

/* 1, 0 or -1 (unknown) as true, false or null. */
static json_t *tristate(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static json_t *supplier_to_json(const ot_supplier_info *s)
{
    /* ot_json_text: never drops a value stored before imports checked UTF-8 */
    json_t *o = json_object();
    json_object_set_new(o, "supplier_id", ot_json_text(s->supplier_id));
    json_object_set_new(o, "name", ot_json_text(s->name));
    json_object_set_new(o, "country", ot_json_text(s->country));
    json_object_set_new(o, "category", ot_json_text(s->category));
    json_object_set_new(o, "category_normalized", ot_json_text(s->category_norm));
    json_object_set_new(o, "last_purchase", ot_json_text(s->last_purchase));
    json_object_set_new(o, "active", tristate(s->active));
    json_object_set_new(o, "parent_id", ot_json_text(s->parent_id));
    json_object_set_new(o, "in_scope", tristate(s->in_scope));
    json_object_set_new(o, "reason", ot_json_text(s->scope_reason));
    json_object_set_new(o, "vendor_route", ot_json_text(s->vendor_reason));
    json_object_set_new(o, "bom_route", ot_json_text(s->bom_reason));
    json_object_set_new(o, "contacts", ot_json_text(s->contacts));
    return o;
}

json_t *ot_suppliers_list_result_to_json(const ot_suppliers_list_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++)
        json_array_append_new(a, supplier_to_json(&res->rows[i]));
    return a;
}

void ot_suppliers_list_result_free(ot_suppliers_list_result *res)
{
    free(res->rows);
    res->rows = NULL;
    res->n = 0;
    ot_arena_free(&res->arena);
}

/* ---- suppliers scope --------------------------------------------------------------- */

ot_code ot_app_suppliers_scope(ot_app *app, const ot_scope_request *req, ot_scope_result *res,
                               ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_supplier_import_report rep = {0};
    ot_code rc =
        ot_suppliers_scope(ot_app_workspace(app), ot_app_actor(req->actor), req->today, &rep, err);
    *res =
        (ot_scope_result){rep.in_scope, rep.out_of_scope, rep.scope_changed, rep.covered_products};
    ot_supplier_import_report_free(&rep);
    return rc;
}

json_t *ot_scope_result_to_json(const ot_scope_result *res)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "in_scope", (json_int_t)res->in_scope, "out_of_scope",
                     (json_int_t)res->out_of_scope, "changed", (json_int_t)res->changed,
                     "covered_products", (json_int_t)res->covered_products);
}

/* ---- products list ----------------------------------------------------------------- */

typedef struct product_rows {
    ot_products_list_result *res;
    size_t cap;
} product_rows;

static ot_code keep_product(const ot_product_info *p, void *ctx, ot_error *err)
{
    product_rows *l = ctx;
    ot_products_list_result *res = l->res;
    if (!ot_app_grow((void **)&res->rows, &l->cap, res->n, sizeof *res->rows))
        return ot_fail(err, OT_E_NOMEM, "out of memory listing the products");
    bool ok = true;
    ot_product_info *c = &res->rows[res->n++];
    *c = *p;
    c->product_id = ot_app_keep(&res->arena, p->product_id, &ok);
    c->name = ot_app_keep(&res->arena, p->name, &ok);
    c->reason = ot_app_keep(&res->arena, p->reason, &ok);
    c->suppliers_3tg = ot_app_keep(&res->arena, p->suppliers_3tg, &ok);
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory listing the products");
}

ot_code ot_app_products_list(ot_app *app, const ot_products_list_request *req,
                             ot_products_list_result *res, ot_error *err)
{
    (void)req;
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    product_rows l = {res, 0};
    return ot_products_each(ot_app_workspace(app), keep_product, &l, err);
}

json_t *ot_products_list_result_to_json(const ot_products_list_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++) {
        const ot_product_info *p = &res->rows[i];
        json_array_append_new(a, json_pack("{s:o, s:o, s:b, s:o, s:I, s:o}", "product_id",
                                           ot_json_text(p->product_id), "name",
                                           ot_json_text(p->name), "covered", p->covered, "reason",
                                           ot_json_text(p->reason), "parts", (json_int_t)p->parts,
                                           "suppliers_3tg", ot_json_text(p->suppliers_3tg)));
    }
    return a;
}

void ot_products_list_result_free(ot_products_list_result *res)
{
    free(res->rows);
    res->rows = NULL;
    res->n = 0;
    ot_arena_free(&res->arena);
}
