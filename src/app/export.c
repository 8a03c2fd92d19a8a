/* export.c - use cases "export xlsx|csv" (export.h): roll the campaign up at the
 * evaluation date (app/rollup.h), fill the export book from it and write it in the chosen
 * format. */
#include "app/export.h"

#include <stdio.h>
#include <string.h>

#include "app/rollup.h"

static void out_path(const ot_export_request *req, int year, char *out, size_t size)
{
    if (req->out && *req->out)
        snprintf(out, size, "%s", req->out);
    else
        snprintf(out, size, "oretrace-export-%d%s", year,
                 req->format == OT_EXPORT_FORMAT_CSV ? "" : ".xlsx");
}

static ot_code write_book(const ot_export_book *b, const ot_export_result *res, ot_error *err)
{
    if (res->format == OT_EXPORT_FORMAT_CSV) return ot_export_write_csv(b, res->path, err);
    return ot_export_write_xlsx(b, res->path, err);
}

ot_code ot_app_export(ot_app *app, const ot_export_request *req, ot_export_result *res,
                      ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->format = req->format;
    ot_rollup_request rreq = {.campaign = req->campaign, .as_of = req->as_of};
    ot_rollup_result rolled;
    ot_code rc = ot_app_rollup(app, &rreq, &rolled, err);
    res->campaign = rolled.campaign;
    if (rc != OT_OK) {
        ot_rollup_result_free(&rolled);
        return rc;
    }
    snprintf(res->as_of, sizeof res->as_of, "%s", ot_rollup_summary_get(rolled.rollup)->as_of);
    out_path(req, res->campaign.year, res->path, sizeof res->path);
    char title[160];
    snprintf(title, sizeof title, "oretrace export: campaign %d (%s) as of %s", res->campaign.year,
             res->campaign.template_name, res->as_of);
    ot_export_book *b = NULL;
    rc = ot_export_book_from_rollup(ot_app_workspace(app), rolled.rollup, res->campaign.id, title,
                                    &b, err);
    ot_rollup_result_free(&rolled);
    if (rc == OT_OK) rc = write_book(b, res, err);
    for (int id = 0; rc == OT_OK && id < OT_EXPORT__COUNT; id++)
        res->rows[id] = ot_export_book_rows(b, (ot_export_table_id)id);
    ot_export_book_free(b);
    return rc;
}

json_t *ot_export_result_to_json(const ot_export_result *res)
{
    json_t *rows = json_object();
    for (int id = 0; id < OT_EXPORT__COUNT; id++)
        json_object_set_new(rows, ot_export_table_get(id)->name,
                            json_integer((json_int_t)res->rows[id]));
    return json_pack("{s:i, s:s, s:s, s:s, s:s, s:o}", "campaign", res->campaign.year, "template",
                     res->campaign.template_name, "format",
                     res->format == OT_EXPORT_FORMAT_CSV ? "csv" : "xlsx", "as_of", res->as_of,
                     "path", res->path, "rows", rows);
}
