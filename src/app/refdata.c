/* refdata.c - the reference data of a workspace, and the use cases that change them:
 * import, status-import, undo, export (refdata.h). show and sources: refdata_show.c. */
#include "app/refdata.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/json.h"
#include "store/audit.h"
#include "util/jsonout.h"

ot_code ot_app_refdata(ot_app *app, ot_refdata **rd, bool *from_snapshot, ot_error *err)
{
    *rd = NULL;
    if (!app) {
        if (from_snapshot) *from_snapshot = true;
        return ot_refdata_load_snapshot(rd, err);
    }
    /* the file an earlier oretrace kept the store in, taken over once */
    char *old_store = ot_refdata_path(ot_app_workspace(app)->dir);
    if (!old_store) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = ot_refdata_load_db(ot_app_db(app), old_store, rd, from_snapshot, err);
    free(old_store);
    return rc;
}

/* ---- import ----------------------------------------------------------------------- */

static ot_code import_files(ot_refdata *rd, const ot_refdata_import_request *req,
                            ot_refdata_import_result *res, ot_error *err)
{
    ot_import_opts opts = {req->as_of, req->partial};
    for (size_t i = 0; i < req->file_count; i++) {
        ot_refdata_import_file *f = &res->files[i];
        f->file = req->files[i];
        if (ot_refdata_import_with(rd, f->file, &opts, &f->report, err) != OT_OK) {
            res->refused_file = f->file;
            res->too_small = f->report.too_small;
            res->need_date = f->report.need_date;
            return err->code;
        }
        res->count++;
    }
    return OT_OK;
}

ot_code ot_app_refdata_import(ot_app *app, const ot_refdata_import_request *req,
                              ot_refdata_import_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->files = calloc(req->file_count + 1, sizeof *res->files);
    if (!res->files) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_refdata *rd = NULL;
    ot_code rc = req->fresh ? ot_refdata_new(&rd, err) : ot_app_refdata(app, &rd, NULL, err);
    if (rc == OT_OK) rc = import_files(rd, req, res, err);
    /* nothing is saved unless every file was taken: a refused batch changes nothing */
    if (rc == OT_OK) rc = ot_refdata_save_db(rd, ot_app_db(app), err);
    /* what stored rows resolve to follows the reference data (report/reresolve.h) */
    if (rc == OT_OK)
        rc = ot_smelter_rows_reresolve(ot_app_db(app), rd, ot_app_actor(NULL), &res->reresolved,
                                       err);
    ot_refdata_free(rd);
    return rc;
}

static json_t *import_to_json(const ot_refdata_import_file *f, const ot_reresolve_report *rr)
{
    const ot_import_report *r = &f->report;
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(f->file));
    json_object_set_new(o, "source", ot_json_text(r->label));
    json_object_set_new(o, "as_of", ot_json_text(r->as_of));
    json_object_set_new(o, "duplicate", json_boolean(r->duplicate));
    json_object_set_new(o, "backfill", json_boolean(r->backfill));
    json_object_set_new(o, "metals", ot_json_text(r->metals));
    json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
    json_object_set_new(o, "smelters", json_integer((json_int_t)r->smelters));
    json_object_set_new(o, "added", json_integer((json_int_t)r->added));
    json_object_set_new(o, "renamed", json_integer((json_int_t)r->renamed));
    json_object_set_new(o, "country_changed", json_integer((json_int_t)r->country_changed));
    json_object_set_new(o, "retired", json_integer((json_int_t)r->retired));
    json_object_set_new(o, "merged", json_integer((json_int_t)r->merged));
    json_object_set_new(o, "reinstated", json_integer((json_int_t)r->reinstated));
    json_object_set_new(o, "aliases_added", json_integer((json_int_t)r->aliases_added));
    json_object_set_new(o, "legacy_ids", json_integer((json_int_t)r->legacy_ids));
    json_object_set_new(o, "partial", json_boolean(r->partial));
    json_object_set_new(o, "partial_metals", ot_json_text(r->partial_metals));
    json_object_set_new(o, "rows_reresolved", json_integer((json_int_t)rr->changed));
    return o;
}

json_t *ot_refdata_import_result_to_json(const ot_refdata_import_result *res)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < res->count; i++)
        json_array_append_new(lines, import_to_json(&res->files[i], &res->reresolved));
    return lines;
}

void ot_refdata_import_result_free(ot_refdata_import_result *res)
{
    if (!res) return;
    free(res->files);
    res->files = NULL;
    res->count = 0;
}

/* ---- status-import ---------------------------------------------------------------- */

/* A list older than status_list_max_age_days is imported (it is what the user has) but
 * flagged, and the warning is kept in the audit log beside the import's own entry. */
static ot_code check_status_age(ot_app *app, int32_t today, ot_refdata_status_import_result *res,
                                ot_error *err)
{
    res->max_age_days = ot_app_config(app)->status_list_max_age_days;
    int32_t as_of;
    if (!ot_date_parse(res->report.as_of, &as_of)) return OT_OK; /* nothing stored */
    res->age_days = (long)((today ? today : ot_date_today()) - as_of);
    res->stale = res->age_days > res->max_age_days;
    if (!res->stale) return OT_OK;
    ot_db *db = ot_app_db(app);
    char *detail = NULL;
    json_t *d =
        json_pack("{s:s, s:s, s:I, s:i}", "source", res->report.label, "as_of", res->report.as_of,
                  "age_days", (json_int_t)res->age_days, "max_age_days", res->max_age_days);
    if (d) detail = ot_json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(d);
    if (!detail) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code rc = ot_db_begin(db, err);
    if (rc == OT_OK)
        rc = ot_audit_append(db, ot_audit_os_actor(), "refdata.status_old", "refdata_source",
                             res->report.label, detail, NULL, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    free(detail);
    return rc;
}

ot_code ot_app_refdata_status_import(ot_app *app, const ot_refdata_status_import_request *req,
                                     ot_refdata_status_import_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->file = req->file;
    ot_refdata *rd = NULL;
    ot_code rc = ot_app_refdata(app, &rd, NULL, err);
    if (rc == OT_OK) rc = ot_refdata_import_status(rd, req->file, req->as_of, &res->report, err);
    if (rc == OT_OK) rc = ot_refdata_save_db(rd, ot_app_db(app), err);
    ot_refdata_free(rd);
    if (rc == OT_OK) rc = check_status_age(app, req->today, res, err);
    return rc;
}

json_t *ot_refdata_status_import_result_to_json(const ot_refdata_status_import_result *res)
{
    const ot_status_import_report *r = &res->report;
    json_t *j = json_object();
    json_object_set_new(j, "file", ot_json_text(res->file));
    json_object_set_new(j, "source", ot_json_text(r->label));
    json_object_set_new(j, "rows", json_integer((json_int_t)r->rows));
    json_object_set_new(j, "imported", json_integer((json_int_t)r->imported));
    json_object_set_new(j, "by_name", json_integer((json_int_t)r->by_name));
    json_object_set_new(j, "unknown_ids", json_integer((json_int_t)r->unknown_ids));
    json_object_set_new(j, "unmatched", json_integer((json_int_t)r->unmatched));
    json_object_set_new(j, "skipped", json_integer((json_int_t)r->skipped_bad));
    json_object_set_new(j, "first_problem", ot_json_text(r->first_problem));
    json_object_set_new(j, "as_of", ot_json_text_or_null(r->as_of));
    json_object_set_new(j, "age_days", json_integer((json_int_t)res->age_days));
    json_object_set_new(j, "max_age_days", json_integer(res->max_age_days));
    json_object_set_new(j, "stale", json_boolean(res->stale));
    return j;
}

/* ---- undo and export -------------------------------------------------------------- */

ot_code ot_app_refdata_undo(ot_app *app, const ot_refdata_undo_request *req,
                            ot_refdata_undo_result *res, ot_error *err)
{
    ot_code rc = ot_refdata_undo(ot_app_db(app), req->import_id, res, err);
    if (rc != OT_OK) return rc;
    ot_refdata *rd = NULL;
    ot_reresolve_report rep;
    rc = ot_app_refdata(app, &rd, NULL, err);
    if (rc == OT_OK)
        rc = ot_smelter_rows_reresolve(ot_app_db(app), rd, ot_app_actor(NULL), &rep, err);
    ot_refdata_free(rd);
    return rc;
}

json_t *ot_refdata_undo_result_to_json(const ot_refdata_undo_result *res)
{
    const ot_refdata_import_entry *e = &res->import;
    json_t *j = json_object();
    json_object_set_new(j, "import_id", json_integer(e->id));
    json_object_set_new(j, "source", ot_json_text(e->label));
    json_object_set_new(j, "kind", ot_json_text(e->kind));
    json_object_set_new(j, "as_of", ot_json_text(e->as_of));
    json_object_set_new(j, "undone_at", ot_json_text(e->undone_at));
    json_object_set_new(j, "undone_by", ot_json_text(e->undone_by));
    json_object_set_new(j, "restored", json_string(res->to_snapshot ? "snapshot" : "store"));
    json_object_set_new(j, "smelters", json_integer((json_int_t)res->smelters));
    json_object_set_new(j, "sources", json_integer((json_int_t)res->sources));
    return j;
}

ot_code ot_app_refdata_export(ot_app *app, const ot_refdata_export_request *req, ot_error *err)
{
    ot_refdata *rd = NULL;
    ot_code rc = ot_app_refdata(app, &rd, NULL, err);
    if (rc == OT_OK) rc = ot_refdata_save_file(rd, req->file, err);
    ot_refdata_free(rd);
    return rc;
}
