/* risk_table.c - use case "risk" (app/risk_table.h): the roll-up's suppliers with their
 * gaps, the red-flag smelters each names and its open corrective actions. */
#include "app/risk_table.h"

#include <stdlib.h>
#include <string.h>

#include "app/json.h"
#include "campaign/actions.h"
#include "risk/actions.h"
#include "util/arena.h"

static int row_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const ot_risk_table_row *)elem)->supplier->supplier_id);
}

static ot_risk_table_row *row_of(ot_risk_table_result *res, const char *supplier_id)
{
    return supplier_id ? bsearch(supplier_id, res->rows, res->n, sizeof *res->rows, row_cmp) : NULL;
}

static int by_supplier(const void *a, const void *b)
{
    return strcmp(((const ot_risk_table_row *)a)->supplier->supplier_id,
                  ((const ot_risk_table_row *)b)->supplier->supplier_id);
}

static bool red_flag(const ot_rollup_smelter *s)
{
    return s->risk.level >= OT_RISK_MEDIUM;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Each supplier's red-flag smelters: counted, then filled into arrays of that size. */
static ot_code red_flag_lists(ot_risk_table_result *res, ot_arena *arena, ot_error *err)
{
    size_t ns = ot_rollup_smelter_count(res->rollup);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ns; i++) {
            const ot_rollup_smelter *s = ot_rollup_smelter_at(res->rollup, i);
            for (size_t u = 0; red_flag(s) && u < s->supplier_count; u++) {
                ot_risk_table_row *row = row_of(res, s->supplier_ids[u]);
                if (!row) continue;
                if (pass) row->red_flag_smelter_ids[row->n_red_flag_smelters] = s->smelter_id;
                row->n_red_flag_smelters++;
            }
        }
        for (size_t r = 0; r < res->n; r++) {
            ot_risk_table_row *row = &res->rows[r];
            if (pass) {
                qsort(row->red_flag_smelter_ids, row->n_red_flag_smelters, sizeof(char *),
                      cmp_text);
                continue;
            }
            row->red_flag_smelter_ids =
                ot_arena_alloc(arena, (row->n_red_flag_smelters + 1) * sizeof(char *));
            if (!row->red_flag_smelter_ids) return ot_fail(err, OT_E_NOMEM, "out of memory");
            row->n_red_flag_smelters = 0;
        }
    }
    return OT_OK;
}

typedef struct open_ctx {
    ot_risk_table_result *res;
    int32_t today;
} open_ctx;

static ot_code count_open(const ot_action_row *a, void *vctx, ot_error *err)
{
    (void)err;
    open_ctx *c = vctx;
    ot_risk_table_row *row = row_of(c->res, a->supplier_id);
    if (!row) return OT_OK; /* the company's own, or a supplier out of scope now */
    row->actions_open++;
    int32_t due;
    if (a->due_date && ot_date_parse(a->due_date, &due) && due < c->today) row->actions_overdue++;
    return OT_OK;
}

ot_code ot_app_risk_table(ot_app *app, const ot_risk_table_request *req, ot_risk_table_result *res,
                          ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_code rc = ot_app_campaign_select(app, req->campaign, &res->campaign, err);
    ot_rollup_params p = {.campaign_id = res->campaign.id,
                          .status_max_age_days =
                              (unsigned)ot_app_config(app)->status_list_max_age_days};
    if (rc == OT_OK) rc = ot_rollup_compute(ot_app_workspace(app), &p, &res->rollup, err);
    if (rc != OT_OK) return rc;
    ot_arena *arena = calloc(1, sizeof *arena);
    res->n = ot_rollup_supplier_count(res->rollup);
    res->rows = calloc(res->n + 1, sizeof *res->rows);
    if (!arena || !res->rows) {
        free(arena);
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    ot_arena_init(arena, 0);
    res->storage_ = arena;
    for (size_t i = 0; i < res->n; i++) {
        const ot_rollup_supplier *s = ot_rollup_supplier_at(res->rollup, i);
        bool none = strcmp(s->outcome, "none") == 0;
        res->rows[i] = (ot_risk_table_row){
            .supplier = s, .gaps = ot_supplier_gaps(s->outcome, none ? NULL : &s->program)};
    }
    qsort(res->rows, res->n, sizeof *res->rows, by_supplier); /* for row_of */
    rc = red_flag_lists(res, arena, err);
    open_ctx oc = {res, req->today ? req->today : ot_date_today()};
    ot_action_filter f = {.campaign_id = res->campaign.id, .status = "open"};
    if (rc == OT_OK) rc = ot_actions_each(ot_app_workspace(app), &f, count_open, &oc, err);
    return rc;
}

static json_t *findings_json(unsigned gaps)
{
    json_t *a = json_array();
    for (int g = 0; g < OT_GAP__COUNT; g++)
        if (gaps & (1u << g))
            json_array_append_new(a,
                                  json_pack("{s:s, s:s}", "code", ot_gap_code((ot_supplier_gap)g),
                                            "action", ot_action_for_gap((ot_supplier_gap)g)->code));
    return a;
}

static json_t *template_json(const ot_rollup_supplier *s)
{
    if (!s->family) return json_null();
    json_t *t =
        json_pack("{s:s, s:s}", "family", s->family, "version", s->version ? s->version : "");
    return t ? t : json_null();
}

static json_t *row_json(int year, const ot_risk_table_row *row)
{
    const ot_rollup_supplier *s = row->supplier;
    const ot_supplier_program *p = &s->program;
    json_t *ids = json_array();
    for (size_t i = 0; i < row->n_red_flag_smelters; i++)
        json_array_append_new(ids, json_string(row->red_flag_smelter_ids[i]));
    json_t *o = json_object();
    json_object_set_new(o, "supplier_id", ot_json_text_or_null(s->supplier_id));
    json_object_set_new(o, "name", ot_json_text_or_null(s->name));
    json_object_set_new(o, "category", ot_json_text_or_null(s->category));
    json_object_set_new(o, "campaign", json_integer(year));
    json_object_set_new(o, "request_status", ot_json_text_or_null(s->request_status));
    json_object_set_new(o, "outcome", json_string(s->outcome));
    json_object_set_new(o, "template", template_json(s));
    json_object_set_new(o, "program", json_string(ot_program_strength_name(p->strength)));
    json_object_set_new(o, "program_why", ot_json_text_or_null(p->why));
    json_object_set_new(o, "scope", json_string(ot_scope_kind_name(p->scope)));
    json_object_set_new(o, "completeness", json_string(ot_completeness_name(p->completeness)));
    json_object_set_new(o, "lowest_response",
                        json_string(ot_response_rate_name(p->lowest_response)));
    json_object_set_new(o, "smelter_rows", json_integer((json_int_t)s->smelter_rows));
    json_object_set_new(o, "red_flag_smelters", json_integer((json_int_t)s->red_flag_smelters));
    json_object_set_new(o, "red_flag_smelter_ids", ids);
    json_object_set_new(o, "errors", json_integer((json_int_t)s->errors));
    json_object_set_new(o, "warnings", json_integer((json_int_t)s->warnings));
    json_object_set_new(o, "findings", findings_json(row->gaps));
    json_object_set_new(o, "actions_open", json_integer((json_int_t)row->actions_open));
    json_object_set_new(o, "actions_overdue", json_integer((json_int_t)row->actions_overdue));
    return o;
}

json_t *ot_risk_table_result_to_json(const ot_risk_table_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++)
        json_array_append_new(a, row_json(res->campaign.year, &res->rows[i]));
    return a;
}

void ot_risk_table_result_free(ot_risk_table_result *res)
{
    if (!res) return;
    ot_rollup_free(res->rollup);
    free(res->rows);
    if (res->storage_) ot_arena_free(res->storage_);
    free(res->storage_);
    memset(res, 0, sizeof *res);
}
