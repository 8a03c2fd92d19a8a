/* report.c - use cases "report conclude" and "report init-text" (report.h). */
#include "app/report.h"

#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "campaign/campaign.h"
#include "report/figures.h"
#include "report/narrative.h"

ot_code ot_app_report_conclude(ot_app *app, const ot_report_conclude_request *req,
                               ot_report_conclude_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_campaign_info c;
    ot_code rc = ot_cmr_find_campaign(ot_app_workspace(app), req->campaign, &c, err);
    if (rc != OT_OK) return rc;
    res->year = c.year;
    snprintf(res->campaign, sizeof res->campaign, "%d/%s", c.year, c.family);
    rc = ot_rcoi_override_record(ot_app_db(app), c.id, req->conclusion, req->outcome,
                                 req->justification, ot_app_actor(req->actor), err);
    if (rc == OT_OK) rc = ot_rcoi_override_load(ot_app_db(app), c.id, &res->recorded, err);
    return rc;
}

json_t *ot_report_conclude_result_to_json(const ot_report_conclude_result *res)
{
    const ot_rcoi_override *o = &res->recorded;
    json_t *j = json_object();
    json_object_set_new(j, "campaign", json_string(res->campaign));
    json_object_set_new(j, "year", json_integer(res->year));
    json_object_set_new(
        j, "conclusion",
        json_string(o->present ? ot_rcoi_conclusion_name(o->conclusion) : "derived"));
    json_object_set_new(j, "outcome",
                        o->present ? json_string(ot_dd_outcome_name(o->outcome)) : json_null());
    json_object_set_new(j, "justification", json_string(o->justification));
    json_object_set_new(j, "actor", json_string(o->actor));
    json_object_set_new(j, "decided_at", json_string(o->decided_at));
    return j;
}

ot_code ot_app_report_init_text(ot_app *app, ot_report_init_text_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->total = OT_TEXT__COUNT;
    return ot_narrative_init(ot_app_workspace(app)->dir, &res->written, err);
}

json_t *ot_report_init_text_result_to_json(const ot_report_init_text_result *res)
{
    json_t *j = json_object();
    json_object_set_new(j, "folder", json_string(OT_NARRATIVE_DIR));
    json_object_set_new(j, "written", json_integer((json_int_t)res->written));
    json_object_set_new(j, "total", json_integer((json_int_t)res->total));
    return j;
}
