/* cmd_export.c - `oretrace export xlsx|csv`: the campaign's data for auditors as an XLSX
 * workbook or a folder of CSV files (use case: app/export.h; columns: docs/exports.md). */
#include <stdio.h>

#include "app/export.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

static void print_text(const ot_export_result *r)
{
    printf("Wrote %s: %zu smelters, %zu suppliers, %zu findings, %zu corrective actions, "
           "%zu unresolved names (campaign %d, %s, as of %s).\n",
           r->path, r->rows[OT_EXPORT_SMELTERS], r->rows[OT_EXPORT_SUPPLIERS],
           r->rows[OT_EXPORT_FINDINGS], r->rows[OT_EXPORT_ACTIONS], r->rows[OT_EXPORT_UNRESOLVED],
           r->campaign.year, r->campaign.template_name, r->as_of);
}

static int run_export(const cli_call *call, ot_export_format format)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_export_request req = {.campaign = cli_opt(call, "campaign"),
                             .format = format,
                             .out = cli_opt(call, "out"),
                             .as_of = cli_opt(call, "as-of")};
    ot_export_result res;
    ot_error err = {0};
    ot_code c = ot_app_export(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_export_result_to_json(&res));
    print_text(&res);
    return OT_EXIT_OK;
}

int run_export_xlsx(const cli_call *call)
{
    return run_export(call, OT_EXPORT_FORMAT_XLSX);
}

int run_export_csv(const cli_call *call)
{
    return run_export(call, OT_EXPORT_FORMAT_CSV);
}
