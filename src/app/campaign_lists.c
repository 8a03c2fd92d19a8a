/* campaign_lists.c - use cases "campaign suppliers" and "campaign files": the rows a
 * person reviews, copied into results that own them (app/campaign.h). */
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/campaign.h"
#include "util/jsonout.h"

/* ---- campaign suppliers -------------------------------------------------------------- */

typedef struct request_rows {
    ot_campaign_suppliers_result *res;
    size_t cap;
} request_rows;

static ot_code keep_request(const ot_request_info *r, void *ctx, ot_error *err)
{
    request_rows *l = ctx;
    ot_campaign_suppliers_result *res = l->res;
    if (!ot_app_grow((void **)&res->rows, &l->cap, res->n, sizeof *res->rows))
        return ot_fail(err, OT_E_NOMEM, "out of memory listing the campaign's suppliers");
    ot_arena *a = &res->arena;
    bool ok = true;
    ot_request_info *c = &res->rows[res->n++];
    *c = *r;
    c->supplier_id = ot_app_keep(a, r->supplier_id, &ok);
    c->name = ot_app_keep(a, r->name, &ok);
    c->category = ot_app_keep(a, r->category, &ok);
    c->status = ot_app_keep(a, r->status, &ok);
    c->status_date = ot_app_keep(a, r->status_date, &ok);
    c->requested_on = ot_app_keep(a, r->requested_on, &ok);
    c->token = ot_app_keep(a, r->token, &ok);
    c->due_date = ot_app_keep(a, r->due_date, &ok);
    c->not_contacted_reason = ot_app_keep(a, r->not_contacted_reason, &ok);
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory listing the campaign's suppliers");
}

ot_code ot_app_campaign_suppliers(ot_app *app, const ot_campaign_suppliers_request *req,
                                  ot_campaign_suppliers_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    if (req->status && !ot_request_status_valid(req->status))
        return ot_fail(err, OT_E_USAGE, "'%s' is not a status (" OT_REQUEST_STATUS_LIST ")",
                       req->status);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req->campaign, &res->campaign, err);
    request_rows l = {res, 0};
    if (rc == OT_OK)
        rc = ot_campaign_requests_each(ws, &res->campaign, req->status, keep_request, &l, err);
    return rc;
}

static json_t *request_to_json(const ot_request_info *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "supplier_id", ot_json_text(r->supplier_id));
    json_object_set_new(o, "name", ot_json_text(r->name));
    json_object_set_new(o, "category", ot_json_text(r->category));
    json_object_set_new(o, "status", ot_json_text(r->status));
    json_object_set_new(o, "status_date", ot_json_text(r->status_date));
    json_object_set_new(o, "requested_on", ot_json_text(r->requested_on));
    json_object_set_new(o, "reminders", json_integer(r->reminders));
    json_object_set_new(o, "escalations", json_integer(r->escalations));
    json_object_set_new(o, "token", ot_json_text(r->token));
    json_object_set_new(o, "current_file",
                        r->current_file ? json_integer(r->current_file) : json_null());
    json_object_set_new(o, "files", json_integer(r->files));
    json_object_set_new(o, "due_date", ot_json_text(r->due_date));
    json_object_set_new(o, "corrections", json_integer(r->corrections));
    json_object_set_new(o, "not_contacted_reason", ot_json_text(r->not_contacted_reason));
    return o;
}

json_t *ot_campaign_suppliers_result_to_json(const ot_campaign_suppliers_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++)
        json_array_append_new(a, request_to_json(&res->rows[i]));
    return a;
}

void ot_campaign_suppliers_result_free(ot_campaign_suppliers_result *res)
{
    free(res->rows);
    res->rows = NULL;
    res->n = 0;
    ot_arena_free(&res->arena);
}

/* ---- campaign files ------------------------------------------------------------------ */

typedef struct file_rows {
    ot_campaign_files_result *res;
    size_t cap;
} file_rows;

static ot_code keep_file(const ot_ingested_file *f, void *ctx, ot_error *err)
{
    file_rows *l = ctx;
    ot_campaign_files_result *res = l->res;
    if (!ot_app_grow((void **)&res->rows, &l->cap, res->n, sizeof *res->rows))
        return ot_fail(err, OT_E_NOMEM, "out of memory listing the campaign's files");
    ot_arena *a = &res->arena;
    bool ok = true;
    ot_ingested_file *c = &res->rows[res->n++];
    *c = *f;
    c->name = ot_app_keep(a, f->name, &ok);
    c->received_at = ot_app_keep(a, f->received_at, &ok);
    c->outcome = ot_app_keep(a, f->outcome, &ok);
    c->supplier_id = ot_app_keep(a, f->supplier_id, &ok);
    c->link_method = ot_app_keep(a, f->link_method, &ok);
    c->company_name = ot_app_keep(a, f->company_name, &ok);
    ot_file_finding *g =
        f->n_campaign_findings ? ot_arena_alloc(a, f->n_campaign_findings * sizeof *g) : NULL;
    if (f->n_campaign_findings && !g) ok = false;
    for (size_t i = 0; g && i < f->n_campaign_findings; i++) {
        const ot_file_finding *x = &f->campaign_findings[i];
        g[i] = (ot_file_finding){ot_app_keep(a, x->code, &ok),    ot_app_keep(a, x->severity, &ok),
                                 ot_app_keep(a, x->sheet, &ok),   ot_app_keep(a, x->cell, &ok),
                                 ot_app_keep(a, x->message, &ok), ot_app_keep(a, x->fix, &ok)};
    }
    c->campaign_findings = g;
    c->n_campaign_findings = g ? f->n_campaign_findings : 0;
    return ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory listing the campaign's files");
}

ot_code ot_app_campaign_files(ot_app *app, const ot_campaign_files_request *req,
                              ot_campaign_files_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req->campaign, &res->campaign, err);
    file_rows l = {res, 0};
    if (rc == OT_OK)
        rc = ot_ingest_files_each(ws, &res->campaign, req->unlinked_only, keep_file, &l, err);
    return rc;
}

static json_t *file_to_json(const ot_ingested_file *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "file_id", json_integer(f->file_id));
    json_object_set_new(o, "name", ot_json_text(f->name));
    json_object_set_new(o, "received_at", ot_json_text(f->received_at));
    json_object_set_new(o, "outcome", ot_json_text(f->outcome));
    json_object_set_new(o, "supplier_id", ot_json_text(f->supplier_id));
    json_object_set_new(o, "link", ot_json_text(f->link_method));
    json_object_set_new(o, "confidence",
                        f->has_confidence ? json_real(ot_round_to(f->confidence, 3)) : json_null());
    json_object_set_new(o, "superseded_by",
                        f->superseded_by ? json_integer(f->superseded_by) : json_null());
    json_object_set_new(o, "errors", json_integer(f->errors));
    json_object_set_new(o, "warnings", json_integer(f->warnings));
    json_object_set_new(o, "company_name", ot_json_text(f->company_name));
    json_object_set_new(o, "held_back", json_boolean(f->held_back));
    json_t *g = json_array();
    for (size_t i = 0; i < f->n_campaign_findings; i++) {
        const ot_file_finding *x = &f->campaign_findings[i];
        json_array_append_new(g, json_pack("{s:s, s:o, s:o, s:s, s:o}", "code", x->code, "sheet",
                                           ot_json_text(x->sheet), "cell", ot_json_text(x->cell),
                                           "message", x->message, "fix", ot_json_text(x->fix)));
    }
    json_object_set_new(o, "campaign_findings", g);
    return o;
}

json_t *ot_campaign_files_result_to_json(const ot_campaign_files_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++)
        json_array_append_new(a, file_to_json(&res->rows[i]));
    return a;
}

void ot_campaign_files_result_free(ot_campaign_files_result *res)
{
    free(res->rows);
    res->rows = NULL;
    res->n = 0;
    ot_arena_free(&res->arena);
}
