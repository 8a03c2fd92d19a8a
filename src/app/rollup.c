/* rollup.c - use case "rollup" (app/rollup.h) and the one place a campaign name
 * ("2025", "2025/CMRT") is resolved. */
#include "app/rollup.h"

#include <stdlib.h>
#include <string.h>

#include "app/json.h"

/* ---- rollup ------------------------------------------------------------------------- */

ot_code ot_app_rollup(ot_app *app, const ot_rollup_request *req, ot_rollup_result *res,
                      ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->valid_only = req->valid_only;
    ot_code rc = ot_app_campaign_select(app, req->campaign, &res->campaign, err);
    if (rc != OT_OK) return rc;
    ot_rollup_params p = {
        .campaign_id = res->campaign.id, .as_of = req->as_of, .valid_only = req->valid_only};
    return ot_rollup_compute(ot_app_workspace(app), &p, &res->rollup, err);
}

void ot_rollup_result_free(ot_rollup_result *res)
{
    if (!res) return;
    ot_rollup_free(res->rollup);
    res->rollup = NULL;
}

static json_t *texts(const char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

static json_t *smelter_to_json(const ot_rollup_smelter *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "smelter_id", json_string(s->smelter_id));
    json_object_set_new(o, "metal", ot_json_text_or_null(s->metal));
    json_object_set_new(o, "standard_name", ot_json_text_or_null(s->standard_name));
    json_object_set_new(o, "country", ot_json_text_or_null(s->country));
    json_object_set_new(o, "country_iso", ot_json_text_or_null(s->country_alpha2));
    json_object_set_new(o, "rmap_status", json_string(s->rmap_status));
    json_object_set_new(o, "status_as_of", ot_json_text_or_null(s->status_as_of));
    json_object_set_new(o, "suppliers", json_integer((json_int_t)s->supplier_count));
    json_object_set_new(o, "supplier_ids", texts(s->supplier_ids, s->supplier_count));
    json_t *subs = json_array();
    for (size_t i = 0; i < s->supplier_count; i++)
        json_array_append_new(subs, json_integer(s->submission_ids[i]));
    json_object_set_new(o, "submission_ids", subs);
    json_object_set_new(o, "mine_countries", texts(s->mine_countries, s->mine_country_count));
    json_t *codes = json_array(), *reasons = json_array();
    for (size_t i = 0; i < s->risk.count; i++) {
        json_array_append_new(codes, json_string(s->risk.flags[i].code));
        json_array_append_new(reasons, json_string(s->risk.flags[i].reason));
    }
    json_object_set_new(o, "red_flags", codes);
    json_object_set_new(o, "red_flag_reasons", reasons);
    json_object_set_new(o, "risk", json_string(ot_risk_level_name(s->risk.level)));
    return o;
}

json_t *ot_rollup_result_to_json(const ot_rollup_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ot_rollup_smelter_count(res->rollup); i++)
        json_array_append_new(a, smelter_to_json(ot_rollup_smelter_at(res->rollup, i)));
    return a;
}

json_t *ot_rollup_unresolved_to_json(const ot_rollup_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ot_rollup_unresolved_count(res->rollup); i++) {
        const ot_rollup_unresolved *u = ot_rollup_unresolved_at(res->rollup, i);
        json_t *o = json_object();
        json_object_set_new(o, "metal", ot_json_text_or_null(u->metal));
        json_object_set_new(o, "name", ot_json_text_or_null(u->name));
        json_object_set_new(o, "country", ot_json_text_or_null(u->country));
        json_object_set_new(o, "smelter_id_input", ot_json_text_or_null(u->smelter_id_input));
        json_object_set_new(o, "supplier_id", json_string(u->supplier_id));
        json_object_set_new(o, "submission_id", json_integer(u->submission_id));
        json_object_set_new(o, "row", json_integer(u->row_no));
        json_object_set_new(o, "reason", json_string(u->reason));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *list_json(const ot_risklist_info *in)
{
    if (!in) return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "import_id", json_integer(in->id));
    json_object_set_new(o, "file", json_string(in->file));
    json_object_set_new(o, "sha256", json_string(in->sha256));
    json_object_set_new(o, "source", ot_json_text_or_null(in->source));
    json_object_set_new(o, "as_of", ot_json_text_or_null(in->as_of));
    json_object_set_new(o, "entries", json_integer((json_int_t)in->entries));
    json_object_set_new(o, "imported_at", json_string(in->imported_at));
    return o;
}

static json_t *n(size_t v)
{
    return json_integer((json_int_t)v);
}

static json_t *breakdowns(const ot_rollup_summary *m, json_t *o)
{
    json_t *st = json_object();
    for (int i = 0; i < OT_RMAP__COUNT; i++)
        if (i != OT_RMAP_UNKNOWN || m->by_status[i])
            json_object_set_new(st, ot_rmap_status_name((ot_rmap_status)i), n(m->by_status[i]));
    json_object_set_new(o, "by_status", st);
    json_object_set_new(o, "status_unknown", n(m->status_unknown));
    json_t *risk = json_object(), *prog = json_object();
    for (int i = OT_RISK_HIGH; i >= OT_RISK_LOW; i--)
        json_object_set_new(risk, ot_risk_level_name((ot_risk_level)i), n(m->by_risk[i]));
    for (int i = OT_PROGRAM_STRONG; i >= OT_PROGRAM_UNKNOWN; i--)
        json_object_set_new(prog, ot_program_strength_name((ot_program_strength)i),
                            n(m->suppliers_by_program[i]));
    json_object_set_new(o, "by_risk", risk);
    json_object_set_new(o, "suppliers_by_program", prog);
    return o;
}

json_t *ot_rollup_summary_to_json(const ot_rollup_result *res)
{
    const ot_rollup_summary *m = ot_rollup_summary_get(res->rollup);
    json_t *o = json_object();
    json_object_set_new(o, "campaign", json_integer(res->campaign.year));
    json_object_set_new(o, "template", json_string(res->campaign.template_name));
    json_object_set_new(o, "as_of", json_string(m->as_of));
    json_object_set_new(o, "valid_only", json_boolean(res->valid_only));
    json_object_set_new(o, "suppliers", n(m->suppliers));
    json_object_set_new(o, "suppliers_included", n(m->suppliers_included));
    json_object_set_new(o, "smelter_rows", n(m->smelter_rows));
    json_object_set_new(o, "smelters_reported", n(m->smelters_reported));
    json_object_set_new(o, "smelters_resolved", n(m->smelters_resolved));
    json_object_set_new(o, "unresolved_names", n(m->unresolved_names));
    json_object_set_new(o, "in_covered_countries", n(m->in_covered_countries));
    json_object_set_new(o, "in_cahra", n(m->in_cahra));
    json_object_set_new(o, "origin_known", n(m->origin_known));
    json_object_set_new(o, "origin_covered", n(m->origin_covered));
    breakdowns(m, o);
    json_object_set_new(o, "status_list_as_of", ot_json_text_or_null(m->status_list_as_of));
    json_object_set_new(o, "cahra_list",
                        list_json(ot_rollup_list_info(res->rollup, OT_RISKLIST_CAHRA)));
    json_object_set_new(o, "watch_list",
                        list_json(ot_rollup_list_info(res->rollup, OT_RISKLIST_WATCH)));
    return o;
}
