/* init.c - use case "init" (init.h). */
#include "app/init.h"

#include <string.h>

#include "report/narrative.h"
#include "util/jsonout.h"

ot_code ot_app_init(const ot_init_request *req, ot_init_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->dir = req->dir;
    ot_code rc = ot_workspace_init(req->dir, &res->info, err);
    /* the report's narrative texts, with starting text; existing ones are kept */
    if (rc == OT_OK) rc = ot_narrative_init(req->dir, &res->texts_written, err);
    return rc;
}

json_t *ot_init_result_to_json(const ot_init_result *res)
{
    const ot_workspace_init_info *i = &res->info;
    json_t *o = json_object();
    json_object_set_new(o, "workspace", ot_json_text(res->dir));
    json_object_set_new(o, "created_folder", json_boolean(i->created_dir));
    json_object_set_new(o, "created_database", json_boolean(i->created_db));
    json_object_set_new(o, "created_config", json_boolean(i->created_config));
    json_object_set_new(o, "migrations_applied", json_integer(i->migrations_applied));
    json_object_set_new(o, "schema_version", json_integer(i->schema_version));
    json_object_set_new(o, "wrote_audit_head", json_boolean(i->wrote_head));
    json_object_set_new(o, "report_texts_written", json_integer((json_int_t)res->texts_written));
    return o;
}
