/* cmd_report_cmr.c - `oretrace report cmr|verify`: the Form SD and the Conflict Minerals
 * Report with their evidence, and the evidence checked against the workspace (use cases:
 * app/report_cmr.h). Their rows join the command table once the roll-up they read is
 * built in (report/rollup.h). */
#include <stdio.h>

#include "app/report_cmr.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"

int run_report_cmr(const cli_call *call)
{
    ot_report_cmr_request req = {.out_dir = cli_opt(call, "out"), .as_of = cli_opt(call, "as-of")};
    req.campaign = cli_campaign_selector(call);
    int rc = OT_EXIT_OK;
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_report_cmr_result res;
    ot_error err = {0};
    ot_code c = ot_app_report_cmr(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_report_cmr_result_to_json(&res));
    const char *dir = req.out_dir ? req.out_dir : ".";
    printf("Campaign %s as of %s: %s (%s)%s.\n", res.campaign, res.as_of,
           ot_rcoi_conclusion_name(res.conclusion), ot_dd_outcome_name(res.outcome),
           res.overridden ? ", as recorded with a justification" : "");
    printf("Wrote %s/%s", dir, res.form_sd);
    if (res.cmr[0]) printf(", %s/%s", dir, res.cmr);
    printf(", %s/%s (unofficial PDF copy) and %s/%s.\n", dir, res.pdf, dir, OT_EVIDENCE_FILE);
    return OT_EXIT_OK;
}

int run_report_verify(const cli_call *call)
{
    ot_report_verify_request req = {.dir = call->args[0]};
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_report_verify_result res;
    ot_error err = {0};
    ot_code c = ot_app_report_verify(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    int status = res.diff.change_count ? OT_EXIT_INVALID : OT_EXIT_OK;
    if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_report_verify_result_to_json(&res));
        ot_report_verify_result_free(&res);
        return rc != OT_EXIT_OK ? rc : status;
    }
    for (size_t i = 0; i < res.diff.change_count; i++)
        printf("changed: %s: %s -> %s\n", res.diff.changes[i].what, res.diff.changes[i].before,
               res.diff.changes[i].after);
    printf("%zu figures and %zu appendix rows checked against campaign %s as of %s: %s.\n",
           res.diff.figures_checked, res.diff.smelters_checked, res.campaign, res.as_of,
           res.diff.change_count ? "changed" : "unchanged");
    ot_report_verify_result_free(&res);
    return status;
}
