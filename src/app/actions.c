/* actions.c - use cases "actions list|add|close|reopen" (app/actions.h): stored actions
 * with their history, accepting a proposal or writing an action, closing and reopening.
 * The proposals are computed from the roll-up in actions_propose.c. */
#include "app/actions.h"

#include <stdlib.h>
#include <string.h>

#include "app/actions_internal.h"
#include "app/app_internal.h"
#include "app/json.h"
#include "util/jsonout.h"

/* ---- copying stored rows into a result --------------------------------------------- */

typedef struct keep_ctx {
    ot_workspace *ws;
    ot_arena *arena;
    int32_t today;
    ot_action_item *items;
    size_t n, cap;
    bool ok;
} keep_ctx;

static ot_code keep_event(const ot_action_event *e, void *vctx, ot_error *err)
{
    keep_ctx *k = vctx;
    ot_action_item *it = &k->items[k->n - 1];
    ot_action_event_item *h = ot_arena_alloc(k->arena, (it->n_history + 1) * sizeof *h);
    if (!h) return ot_fail(err, OT_E_NOMEM, "out of memory");
    if (it->n_history) memcpy(h, it->history, it->n_history * sizeof *h);
    h[it->n_history] = (ot_action_event_item){
        ot_app_keep(k->arena, e->event, &k->ok), ot_app_keep(k->arena, e->on_date, &k->ok),
        ot_app_keep(k->arena, e->at, &k->ok), ot_app_keep(k->arena, e->actor, &k->ok),
        ot_app_keep(k->arena, e->note, &k->ok)};
    it->history = h;
    it->n_history++;
    return k->ok ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}

static void keep_row(keep_ctx *k, const ot_action_row *r, ot_action_row *out)
{
    ot_arena *a = k->arena;
    *out = *r;
    const char **s[] = {&out->supplier_id,  &out->supplier_name, &out->smelter_id, &out->answers,
                        &out->proposal_key, &out->kind,          &out->text,       &out->owner,
                        &out->due_date,     &out->status,        &out->created_on, &out->created_by,
                        &out->closed_on,    &out->close_note};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        *s[i] = ot_app_keep(a, *s[i], &k->ok);
}

static ot_code keep_action(const ot_action_row *r, void *vctx, ot_error *err)
{
    keep_ctx *k = vctx;
    if (!ot_app_grow((void **)&k->items, &k->cap, k->n, sizeof *k->items))
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_action_item *it = &k->items[k->n++];
    memset(it, 0, sizeof *it);
    keep_row(k, r, &it->row);
    int32_t due;
    it->overdue = strcmp(r->status, "open") == 0 && r->due_date &&
                  ot_date_parse(r->due_date, &due) && due < k->today;
    if (!k->ok) return ot_fail(err, OT_E_NOMEM, "out of memory");
    return ot_action_history(k->ws, r->id, keep_event, k, err);
}

static ot_code load_actions(ot_app *app, const ot_action_filter *f, int32_t today, ot_arena *arena,
                            ot_action_item **out, size_t *n, ot_error *err)
{
    keep_ctx k = {.ws = ot_app_workspace(app), .arena = arena, .today = today, .ok = true};
    ot_code rc = ot_actions_each(k.ws, f, keep_action, &k, err);
    *out = k.items;
    *n = k.n;
    return rc;
}

/* ---- list -------------------------------------------------------------------------- */

ot_code ot_app_actions_list(ot_app *app, const ot_actions_list_request *req,
                            ot_actions_list_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    ot_code rc = ot_app_campaign_select(app, req->campaign, &res->campaign, err);
    ot_action_filter f = {
        .campaign_id = res->campaign.id, .status = req->status, .supplier_id = req->supplier_id};
    if (rc == OT_OK)
        rc = load_actions(app, &f, req->today, &res->arena, &res->actions, &res->n_actions, err);
    if (rc == OT_OK && req->proposed) {
        res->proposals_listed = true;
        rc = ot_app_action_proposals(app, res->campaign.id, req->supplier_id, req->today,
                                     &res->arena, &res->proposals, &res->n_proposals, err);
    }
    return rc;
}

static json_t *codes_json(const char *answers)
{
    json_t *arr = json_array();
    for (const char *p = answers; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n) json_array_append_new(arr, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return arr;
}

static json_t *action_json(const ot_action_item *it)
{
    const ot_action_row *r = &it->row;
    json_t *h = json_array();
    for (size_t i = 0; i < it->n_history; i++) {
        const ot_action_event_item *e = &it->history[i];
        json_array_append_new(
            h, json_pack("{s:o, s:o, s:o, s:o, s:o}", "event", ot_json_text(e->event), "on_date",
                         ot_json_text(e->on_date), "at", ot_json_text(e->at), "actor",
                         ot_json_text(e->actor), "note", ot_json_text_or_null(e->note)));
    }
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("action"));
    json_object_set_new(o, "id", json_integer((json_int_t)r->id));
    json_object_set_new(o, "campaign", json_integer(r->campaign_year));
    json_object_set_new(o, "supplier_id", ot_json_text_or_null(r->supplier_id));
    json_object_set_new(o, "supplier_name", ot_json_text_or_null(r->supplier_name));
    json_object_set_new(o, "smelter_id", ot_json_text_or_null(r->smelter_id));
    json_object_set_new(o, "answers", codes_json(r->answers));
    json_object_set_new(o, "proposal_key", ot_json_text_or_null(r->proposal_key));
    json_object_set_new(o, "kind", ot_json_text(r->kind));
    json_object_set_new(o, "text", ot_json_text(r->text));
    json_object_set_new(o, "owner", ot_json_text_or_null(r->owner));
    json_object_set_new(o, "due_date", ot_json_text_or_null(r->due_date));
    json_object_set_new(o, "status", ot_json_text(r->status));
    json_object_set_new(o, "overdue", json_boolean(it->overdue));
    json_object_set_new(o, "created_on", ot_json_text(r->created_on));
    json_object_set_new(o, "created_by", ot_json_text(r->created_by));
    json_object_set_new(o, "closed_on", ot_json_text_or_null(r->closed_on));
    json_object_set_new(o, "close_note", ot_json_text_or_null(r->close_note));
    json_object_set_new(o, "reopened", json_integer((json_int_t)r->reopened));
    json_object_set_new(o, "history", h);
    return o;
}

static json_t *proposal_json(int year, const ot_action_proposal *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("proposal"));
    json_object_set_new(o, "key", ot_json_text(p->key));
    json_object_set_new(o, "campaign", json_integer(year));
    json_object_set_new(o, "supplier_id", ot_json_text_or_null(p->supplier_id));
    json_object_set_new(o, "supplier_name", ot_json_text_or_null(p->supplier_name));
    json_object_set_new(o, "smelter_id", ot_json_text_or_null(p->smelter_id));
    json_object_set_new(o, "smelter_name", ot_json_text_or_null(p->smelter_name));
    json_object_set_new(o, "kind", ot_json_text(p->kind));
    json_object_set_new(o, "text", ot_json_text(p->text));
    json_object_set_new(o, "answers", codes_json(p->answers));
    json_object_set_new(o, "reason", ot_json_text(p->reason));
    json_object_set_new(o, "due_date", ot_json_text(p->due_date));
    return o;
}

json_t *ot_actions_list_result_to_json(const ot_actions_list_result *res)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < res->n_actions; i++)
        json_array_append_new(arr, action_json(&res->actions[i]));
    for (size_t i = 0; i < res->n_proposals; i++)
        json_array_append_new(arr, proposal_json(res->campaign.year, &res->proposals[i]));
    return arr;
}

void ot_actions_list_result_free(ot_actions_list_result *res)
{
    if (!res) return;
    free(res->actions);
    free(res->proposals);
    ot_arena_free(&res->arena);
    memset(res, 0, sizeof *res);
}

/* ---- add, close, reopen ------------------------------------------------------------ */

/* Reads action id back into res after a change. */
static ot_code load_one(ot_app *app, int64_t id, int32_t today, ot_actions_one_result *res,
                        ot_error *err)
{
    ot_action_filter f = {.id = id};
    ot_action_item *items = NULL;
    size_t n = 0;
    ot_code rc = load_actions(app, &f, today, &res->arena, &items, &n, err);
    if (rc == OT_OK && n != 1)
        rc = ot_fail(err, OT_E_NOT_FOUND, "no corrective action %lld", (long long)id);
    if (rc == OT_OK) res->action = items[0];
    free(items);
    return rc;
}

/* The stored form of an action a person writes. */
static ot_code free_action(const ot_actions_add_request *req, ot_action_new *a, ot_error *err)
{
    if (!req->supplier_id || !*req->supplier_id)
        return ot_fail(err, OT_E_USAGE, "an action needs the supplier it is asked of");
    const char *kind, *text;
    unsigned days;
    if (!ot_app_action_kind(req->kind, &kind, &text, &days))
        return ot_fail(err, OT_E_USAGE, "unknown action kind '%s' (docs/risk.md lists them)",
                       req->kind);
    bool own_text = req->text && *req->text;
    if (!own_text && !req->kind)
        return ot_fail(err, OT_E_USAGE, "an action a person writes needs its text");
    a->supplier_id = req->supplier_id;
    a->smelter_id = req->smelter_id && *req->smelter_id ? req->smelter_id : NULL;
    a->kind = kind;
    a->text = own_text ? req->text : text;
    return OT_OK;
}

static void default_due(const char *kind, int32_t today, char out[OT_DATE_LEN])
{
    unsigned days = 30;
    ot_app_action_kind(kind, NULL, NULL, &days);
    ot_date_format(today + (int32_t)days, out);
}

ot_code ot_app_actions_add(ot_app *app, const ot_actions_add_request *req,
                           ot_actions_one_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    ot_workspace *ws = ot_app_workspace(app);
    ot_code rc = ot_app_campaign_select(app, req->campaign, &res->campaign, err);
    ot_action_new a = {.campaign_id = res->campaign.id,
                       .owner = req->owner,
                       .due_date = req->due_date,
                       .note = req->note};
    ot_action_proposal p;
    if (rc == OT_OK && req->proposal_key) {
        rc = ot_app_action_proposal_find(app, res->campaign.id, req->proposal_key, req->today,
                                         &res->arena, &p, err);
        if (rc == OT_OK)
            a = (ot_action_new){
                res->campaign.id, p.supplier_id, p.smelter_id, p.answers,     p.key,
                p.kind,           p.text,        req->owner,   req->due_date, req->note};
    } else if (rc == OT_OK) {
        rc = free_action(req, &a, err);
    }
    char due[OT_DATE_LEN];
    if (rc == OT_OK && !a.due_date) {
        default_due(a.kind, req->today, due);
        a.due_date = due;
    }
    int64_t id = 0;
    if (rc == OT_OK) rc = ot_action_add(ws, &a, ot_app_actor(req->actor), req->today, &id, err);
    if (rc == OT_OK) rc = load_one(app, id, req->today, res, err);
    return rc;
}

static ot_code change(ot_app *app, bool closing, const ot_actions_change_request *req,
                      ot_actions_one_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_arena_init(&res->arena, 0);
    ot_workspace *ws = ot_app_workspace(app);
    const char *actor = ot_app_actor(req->actor);
    ot_code rc =
        closing ? ot_action_close(ws, req->id, req->note, actor, req->today, err)
                : ot_action_reopen(ws, req->id, req->note, req->due_date, actor, req->today, err);
    if (rc == OT_OK) rc = load_one(app, req->id, req->today, res, err);
    return rc;
}

ot_code ot_app_actions_close(ot_app *app, const ot_actions_change_request *req,
                             ot_actions_one_result *res, ot_error *err)
{
    return change(app, true, req, res, err);
}

ot_code ot_app_actions_reopen(ot_app *app, const ot_actions_change_request *req,
                              ot_actions_one_result *res, ot_error *err)
{
    return change(app, false, req, res, err);
}

json_t *ot_actions_one_result_to_json(const ot_actions_one_result *res)
{
    return action_json(&res->action);
}

void ot_actions_one_result_free(ot_actions_one_result *res)
{
    if (!res) return;
    ot_arena_free(&res->arena);
    memset(res, 0, sizeof *res);
}
