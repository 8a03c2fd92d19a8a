/* cmd_report.c - `oretrace report conclude|init-text`: the recorded replacement of the
 * derived RCOI conclusion, and the report's narrative texts for an older workspace (use
 * cases: app/report.h). */
#include <stdio.h>

#include "app/report.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"

int run_report_conclude(const cli_call *call)
{
    ot_report_conclude_request req = {.conclusion = cli_opt(call, "conclusion"),
                                      .outcome = cli_opt(call, "outcome"),
                                      .justification = cli_opt(call, "justification")};
    req.campaign = cli_campaign_selector(call);
    int rc = OT_EXIT_OK;
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_report_conclude_result res;
    ot_error err = {0};
    ot_code c = ot_app_report_conclude(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_report_conclude_result_to_json(&res));
    if (!res.recorded.present)
        printf("Campaign %s: the report states the conclusion the decision rule derives.\n",
               res.campaign);
    else
        printf("Campaign %s: the report states %s (%s) instead of the derived conclusion, with "
               "your justification.\n",
               res.campaign, ot_rcoi_conclusion_name(res.recorded.conclusion),
               ot_dd_outcome_name(res.recorded.outcome));
    return OT_EXIT_OK;
}

int run_report_init_text(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_report_init_text_result res;
    ot_error err = {0};
    ot_code c = ot_app_report_init_text(app, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_report_init_text_result_to_json(&res));
    printf("Wrote %zu of the %zu report texts into report-text/ (the others exist and were "
           "kept).\n",
           res.written, res.total);
    return OT_EXIT_OK;
}
