/* risklists.c - use cases on the stored CAHRA and watch lists (app/risklists.h). */
#include "app/risklists.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/json.h"

ot_code ot_app_risklist_import(ot_app *app, const ot_risklist_import_request *req,
                               ot_risklist_import_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    return ot_risklist_import(ot_app_db(app), req->kind, req->file, req->source, req->as_of,
                              ot_app_actor(req->actor), &res->import, err);
}

static json_t *info_json(const ot_risklist_info *in)
{
    json_t *o = json_object();
    json_object_set_new(o, "list", json_string(ot_risklist_kind_name(in->kind)));
    json_object_set_new(o, "import_id", json_integer(in->id));
    json_object_set_new(o, "file", json_string(in->file));
    json_object_set_new(o, "sha256", json_string(in->sha256));
    json_object_set_new(o, "source", ot_json_text_or_null(in->source));
    json_object_set_new(o, "as_of", ot_json_text_or_null(in->as_of));
    json_object_set_new(o, "entries", json_integer((json_int_t)in->entries));
    json_object_set_new(o, "imported_at", json_string(in->imported_at));
    json_object_set_new(o, "imported_by", json_string(in->imported_by));
    return o;
}

json_t *ot_risklist_import_result_to_json(const ot_risklist_import_result *res)
{
    return info_json(&res->import);
}

ot_code ot_app_risklist_list(ot_app *app, const ot_risklist_list_request *req,
                             ot_risklist_list_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->kind = req->kind;
    ot_db *db = ot_app_db(app);
    ot_code rc = req->kind == OT_RISKLIST_WATCH
                     ? ot_risklist_watch(db, &res->watch, &res->current, err)
                     : ot_risklist_cahra(db, &res->cahra, &res->current, err);
    if (rc == OT_OK)
        rc = ot_risklist_history(db, req->kind, &res->history, &res->history_count, err);
    if (rc != OT_OK) ot_risklist_list_result_free(res);
    return rc;
}

static json_t *cahra_json(const ot_cahra_entry *e, int64_t id)
{
    json_t *o = json_object();
    json_object_set_new(o, "import_id", json_integer(id));
    json_object_set_new(o, "country", json_string(e->country));
    json_object_set_new(o, "alpha2", json_string(e->alpha2));
    json_object_set_new(o, "region", ot_json_text_or_null(e->region));
    json_object_set_new(o, "source", json_string(e->source));
    json_object_set_new(o, "as_of", json_string(e->as_of));
    json_object_set_new(o, "line", json_integer((json_int_t)e->line));
    return o;
}

static json_t *watch_json(const ot_watch_entry *e, int64_t id)
{
    json_t *o = json_object();
    json_object_set_new(o, "import_id", json_integer(id));
    json_object_set_new(o, "smelter_id", ot_json_text_or_null(e->smelter_id));
    json_object_set_new(o, "name", ot_json_text_or_null(e->name));
    json_object_set_new(o, "metal", ot_json_text_or_null(e->metal));
    json_object_set_new(o, "reason", json_string(e->reason));
    json_object_set_new(o, "source", json_string(e->source));
    json_object_set_new(o, "date", json_string(e->date));
    json_object_set_new(o, "line", json_integer((json_int_t)e->line));
    return o;
}

json_t *ot_risklist_list_result_to_json(const ot_risklist_list_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; res->cahra && i < ot_risk_cahra_count(res->cahra); i++)
        json_array_append_new(a, cahra_json(ot_risk_cahra_at(res->cahra, i), res->current.id));
    for (size_t i = 0; res->watch && i < ot_risk_watch_count(res->watch); i++)
        json_array_append_new(a, watch_json(ot_risk_watch_at(res->watch, i), res->current.id));
    return a;
}

void ot_risklist_list_result_free(ot_risklist_list_result *res)
{
    ot_risk_cahra_free(res->cahra);
    ot_risk_watch_free(res->watch);
    free(res->history);
    res->cahra = NULL;
    res->watch = NULL;
    res->history = NULL;
    res->history_count = 0;
}
