/* cmd_init.c - `oretrace init [DIR]`: create (or bring up to date) a workspace (use case
 * in app/init.h). */
#include <stdio.h>

#include "app/init.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "store/audit.h"

static void print_text(const ot_init_result *r)
{
    const ot_workspace_init_info *info = &r->info;
    printf("%s workspace in %s (schema version %d", info->created_db ? "Created" : "Checked",
           r->dir, info->schema_version);
    if (info->migrations_applied) printf(", %d migrations applied", info->migrations_applied);
    printf(").\n");
    if (info->wrote_head && !info->created_db)
        printf("Wrote %s/%s for the %lld entries of the audit log as it is now (it was "
               "missing).\n",
               r->dir, OT_AUDIT_HEAD_NAME, info->head_entries);
    if (info->created_config)
        printf("Edit %s/%s to set your company name, policy URL and contacts.\n", r->dir,
               OT_WS_CONFIG_NAME);
    else
        printf("Kept the existing %s/%s.\n", r->dir, OT_WS_CONFIG_NAME);
    if (r->texts_written)
        printf("Wrote %zu report texts into %s/report-text/ (edit them before the report).\n",
               r->texts_written, r->dir);
}

int run_init(const cli_call *call)
{
    ot_init_request req = {call->nargs ? call->args[0] : cli_workspace(cli_opt(call, "workspace"))};
    ot_init_result res;
    ot_error err = {0};
    if (ot_app_init(&req, &res, &err) != OT_OK)
        return cli_fail_workspace(call->name, req.dir, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_init_result_to_json(&res));
    print_text(&res);
    return OT_EXIT_OK;
}
