/* campaign.c - use cases on a year's survey and the files received for it
 * (app/campaign.h). */
#include "app/campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "util/jsonout.h"

static json_t *count(int64_t n)
{
    return json_integer((json_int_t)n);
}

/* ---- campaign new ------------------------------------------------------------------ */

ot_code ot_app_campaign_new(ot_app *app, const ot_campaign_new_request *req,
                            ot_campaign_new_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    return ot_campaign_create(ot_app_workspace(app), req->year, req->template_name, req->due_date,
                              ot_app_actor(req->actor), req->today, &res->campaign, err);
}

json_t *ot_campaign_new_result_to_json(const ot_campaign_new_result *res)
{
    return json_pack("{s:i, s:s, s:s, s:s}", "campaign", res->campaign.year, "family",
                     res->campaign.family, "template", res->campaign.template_name, "due_date",
                     res->campaign.due_date);
}

/* ---- campaign list ----------------------------------------------------------------- */

ot_code ot_app_campaign_list(ot_app *app, ot_campaign_list_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    return ot_campaign_list(ot_app_workspace(app), &res->rows, &res->n, err);
}

json_t *ot_campaign_list_result_to_json(const ot_campaign_list_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++) {
        const ot_campaign_summary *c = &res->rows[i];
        char name[48];
        snprintf(name, sizeof name, "%d/%s", c->c.year, c->c.family);
        json_array_append_new(
            a, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "campaign", c->c.year,
                         "family", c->c.family, "name", name, "template", c->c.template_name,
                         "due_date", c->c.due_date, "created_at", c->c.created_at,
                         "suppliers_in_scope", (json_int_t)c->suppliers_in_scope, "surveyed",
                         (json_int_t)c->surveyed, "files", (json_int_t)c->files));
    }
    return a;
}

void ot_campaign_list_result_free(ot_campaign_list_result *res)
{
    free(res->rows);
    res->rows = NULL;
    res->n = 0;
}

/* ---- campaign send, campaign remind -------------------------------------------------- */

typedef ot_code (*send_fn)(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                           int32_t today, ot_send_report *rep, ot_error *err);

static ot_code send_with(send_fn fn, ot_app *app, const ot_campaign_send_request *req,
                         ot_campaign_send_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req->campaign, &res->campaign, err);
    if (rc == OT_OK)
        rc = fn(ws, &res->campaign, ot_app_actor(req->actor), req->today, &res->report, err);
    return rc;
}

ot_code ot_app_campaign_send(ot_app *app, const ot_campaign_send_request *req,
                             ot_campaign_send_result *res, ot_error *err)
{
    return send_with(ot_campaign_send, app, req, res, err);
}

ot_code ot_app_campaign_remind(ot_app *app, const ot_campaign_send_request *req,
                               ot_campaign_send_result *res, ot_error *err)
{
    return send_with(ot_campaign_remind, app, req, res, err);
}

json_t *ot_campaign_send_result_to_json(const ot_campaign_send_result *res)
{
    const ot_send_report *r = &res->report;
    json_t *probs = json_array();
    for (size_t i = 0; i < r->n_problems; i++)
        json_array_append_new(probs, json_pack("{s:o, s:o}", "supplier_id",
                                               ot_json_text(r->problems[i].supplier_id), "problem",
                                               ot_json_text(r->problems[i].message)));
    json_t *o = json_object();
    json_object_set_new(o, "written", count((int64_t)r->written));
    json_object_set_new(o, "corrections", count((int64_t)r->corrections));
    json_object_set_new(o, "not_sent", count((int64_t)r->not_sent));
    json_object_set_new(o, "delivered", count((int64_t)r->delivered));
    json_object_set_new(o, "no_contact", count((int64_t)r->no_contact));
    json_object_set_new(o, "responded", count((int64_t)r->responded));
    json_object_set_new(o, "not_due", count((int64_t)r->not_due));
    json_object_set_new(o, "schedule_finished", count((int64_t)r->finished));
    json_object_set_new(o, "problems", probs);
    return o;
}

void ot_campaign_send_result_free(ot_campaign_send_result *res)
{
    ot_send_report_free(&res->report);
}

/* ---- campaign status ----------------------------------------------------------------- */

ot_code ot_app_campaign_status(ot_app *app, const ot_campaign_status_request *req,
                               ot_campaign_status_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req ? req->campaign : NULL, &res->campaign, err);
    if (rc == OT_OK) rc = ot_campaign_status_get(ws, &res->campaign, &res->status, err);
    return rc;
}

static json_t *counts_json(const ot_status_counts *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "suppliers", count(c->suppliers));
    json_object_set_new(o, "suppliers_in_scope", count(c->suppliers_in_scope));
    json_object_set_new(o, "surveyed", count(c->surveyed));
    json_object_set_new(o, "not_contacted", count(c->not_contacted));
    json_object_set_new(o, "not_contacted_reasons",
                        json_pack("{s:I, s:I}", "no_contact_email",
                                  (json_int_t)c->not_contacted_no_email, "not_sent_yet",
                                  (json_int_t)(c->not_contacted - c->not_contacted_no_email)));
    json_object_set_new(o, "responded", count(c->responded));
    json_object_set_new(o, "response_rate",
                        json_real(ot_round_to(ot_campaign_response_rate(c), 1)));
    json_object_set_new(o, "valid", count(c->valid));
    json_object_set_new(o, "no_3tg", count(c->no_3tg));
    json_object_set_new(o, "invalid", count(c->invalid));
    json_object_set_new(o, "outdated", count(c->outdated));
    json_object_set_new(o, "declined", count(c->declined));
    json_object_set_new(o, "outstanding", count(c->outstanding));
    json_object_set_new(o, "no_response", count(c->no_response));
    json_object_set_new(o, "non_responsive", count(c->non_responsive));
    json_object_set_new(o, "escalated", count(c->escalated));
    json_object_set_new(o, "reminders_sent", count(c->reminders_sent));
    json_object_set_new(o, "escalations_sent", count(c->escalations_sent));
    json_object_set_new(o, "corrections_sent", count(c->corrections_sent));
    json_object_set_new(o, "out_of_scope", count(c->out_of_scope));
    return o;
}

json_t *ot_campaign_status_result_to_json(const ot_campaign_status_result *res)
{
    const ot_campaign_status *s = &res->status;
    json_t *o = json_pack("{s:i, s:s, s:s, s:s}", "campaign", res->campaign.year, "family",
                          res->campaign.family, "template", res->campaign.template_name, "due_date",
                          res->campaign.due_date);
    json_t *tot = counts_json(&s->total);
    json_object_update(o, tot);
    json_decref(tot);
    json_t *by_status = json_object();
    for (int i = 0; i < OT_REQUEST_STATUSES; i++)
        json_object_set_new(by_status, ot_request_status_names[i], count(s->total.by_status[i]));
    json_object_set_new(o, "by_status", by_status);
    json_t *cats = json_object();
    for (size_t i = 0; i < s->n_categories; i++)
        json_object_set_new(cats, s->by_category[i].category, counts_json(&s->by_category[i].c));
    json_object_set_new(o, "by_category", cats);
    json_object_set_new(o, "submissions",
                        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "received",
                                  (json_int_t)s->submissions.received, "valid",
                                  (json_int_t)s->submissions.valid, "invalid",
                                  (json_int_t)s->submissions.invalid, "unreadable",
                                  (json_int_t)s->submissions.unreadable, "unlinked",
                                  (json_int_t)s->submissions.unlinked, "superseded",
                                  (json_int_t)s->submissions.superseded));
    return o;
}

void ot_campaign_status_result_free(ot_campaign_status_result *res)
{
    ot_campaign_status_free(&res->status);
}

/* ---- campaign mark ------------------------------------------------------------------- */

ot_code ot_app_campaign_mark(ot_app *app, const ot_campaign_mark_request *req,
                             ot_campaign_mark_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req->campaign, &res->campaign, err);
    if (rc == OT_OK)
        rc = ot_campaign_set_status(ws, &res->campaign, req->supplier_id, req->status, req->note,
                                    ot_app_actor(req->actor), req->today, &res->previous, err);
    if (rc != OT_OK) return rc;
    res->supplier_id = strdup(req->supplier_id);
    res->status = strdup(req->status);
    if (!res->supplier_id || !res->status) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return OT_OK;
}

json_t *ot_campaign_mark_result_to_json(const ot_campaign_mark_result *res)
{
    return json_pack("{s:o, s:o, s:o}", "supplier_id", ot_json_text(res->supplier_id), "status",
                     ot_json_text(res->status), "previous", ot_json_text(res->previous));
}

void ot_campaign_mark_result_free(ot_campaign_mark_result *res)
{
    free(res->supplier_id);
    free(res->status);
    free(res->previous);
    res->supplier_id = res->status = res->previous = NULL;
}

/* ---- campaign link, campaign unlink -------------------------------------------------- */

ot_code ot_app_campaign_link(ot_app *app, const ot_campaign_link_request *req,
                             ot_campaign_link_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_campaign_find(ws, req->campaign, &res->campaign, err);
    if (rc == OT_OK)
        rc = ot_ingest_link(ws, &res->campaign, req->file_id, req->supplier_id, req->note,
                            ot_app_actor(req->actor), req->today, &res->held_back, err);
    if (rc != OT_OK) return rc;
    res->file_id = req->file_id;
    res->supplier_id = strdup(req->supplier_id);
    return res->supplier_id ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

json_t *ot_campaign_link_result_to_json(const ot_campaign_link_result *res)
{
    return json_pack("{s:I, s:o, s:b}", "file_id", (json_int_t)res->file_id, "supplier_id",
                     ot_json_text(res->supplier_id), "held_back", res->held_back);
}

void ot_campaign_link_result_free(ot_campaign_link_result *res)
{
    free(res->supplier_id);
    res->supplier_id = NULL;
}

ot_code ot_app_campaign_unlink(ot_app *app, const ot_campaign_unlink_request *req,
                               ot_campaign_unlink_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->file_id = req->file_id;
    return ot_ingest_unlink(ot_app_workspace(app), req->file_id, req->note,
                            ot_app_actor(req->actor), req->today, &res->supplier_id, err);
}

json_t *ot_campaign_unlink_result_to_json(const ot_campaign_unlink_result *res)
{
    return json_pack("{s:I, s:o}", "file_id", (json_int_t)res->file_id, "supplier_id",
                     ot_json_text(res->supplier_id));
}

void ot_campaign_unlink_result_free(ot_campaign_unlink_result *res)
{
    free(res->supplier_id);
    res->supplier_id = NULL;
}
