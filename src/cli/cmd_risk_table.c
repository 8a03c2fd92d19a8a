/* cmd_risk_table.c - `oretrace risk`: per in-scope supplier of a campaign, its program, scope,
 * completeness, file outcome, red-flag smelters, findings and open corrective actions
 * (use case: app/risk_table.h). */
#include <stdio.h>

#include "app/risk_table.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "risk/actions.h"
#include "util/printable.h"

static void print_row(const ot_risk_table_row *row)
{
    const ot_rollup_supplier *s = row->supplier;
    const ot_supplier_program *p = &s->program;
    ot_shown sh = {0};
    char open[32];
    snprintf(open, sizeof open, "%zu%s", row->actions_open, row->actions_overdue ? "!" : "");
    printf("%-12s %-26.26s %-10s %-8s %-12s %-14s %5zu  %-5s ", ot_show(&sh, s->supplier_id),
           ot_show(&sh, s->name), s->outcome, ot_program_strength_name(p->strength),
           ot_scope_kind_name(p->scope), ot_completeness_name(p->completeness),
           s->red_flag_smelters, open);
    bool any = false;
    for (int g = 0; g < OT_GAP__COUNT; g++)
        if (row->gaps & (1u << g)) {
            printf("%s%s", any ? " " : "", ot_gap_code((ot_supplier_gap)g));
            any = true;
        }
    printf("%s\n", any ? "" : "-");
    ot_shown_free(&sh);
}

static void print_table(const ot_risk_table_result *res)
{
    printf("Campaign %d (%s): %zu in-scope suppliers\n\n", res->campaign.year,
           res->campaign.template_name, res->n);
    printf("%-12s %-26s %-10s %-8s %-12s %-14s %5s  %-5s %s\n", "supplier", "name", "file",
           "program", "scope", "completeness", "flags", "open", "findings");
    for (size_t i = 0; i < res->n; i++)
        print_row(&res->rows[i]);
    printf("\nflags: red-flag smelters named (medium or high risk); open: corrective actions "
           "(! = some overdue). Findings propose actions: oretrace actions list --proposed.\n");
}

int run_risk(const cli_call *call)
{
    ot_risk_table_request req = {.campaign = cli_opt(call, "campaign")};
    /* --today read here, not with cli_today (cli_campaign.h): campaign.h and the risk.h
     * this file needs cannot be included together (both name ot_response_rate) */
    const char *today = cli_opt(call, "today");
    if (today && !ot_date_parse(today, &req.today)) {
        cli_errorf(call->name, "--today needs a date as YYYY-MM-DD, not '%s'", today);
        return OT_EXIT_USAGE;
    }
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_risk_table_result res;
    ot_error err = {0};
    ot_code c = ot_app_risk_table(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK)
        rc = cli_fail(call, &err);
    else if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_risk_table_result_to_json(&res));
    else
        print_table(&res);
    ot_risk_table_result_free(&res);
    return rc;
}
