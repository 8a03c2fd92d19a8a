/* cmd_export_cmrt.c - `oretrace export cmrt`: the company's own CMRT (or EMRT 2.x) filled
 * into the official template (app/export_cmrt.h); prints where it went and every answer
 * with the rule or the override note behind it. */
#include <stdio.h>

#include "app/export_cmrt.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/date.h"

static void print_text(const ot_export_cmrt_result *r)
{
    printf("Wrote %s: %s %s, campaign %d, %s scope.\n", r->out_path, r->family, r->version, r->year,
           r->scope);
    printf("Smelter List: %zu smelter(s) by ID, %zu as \"Smelter not listed\"", r->smelters_by_id,
           r->smelters_not_listed);
    if (r->unresolved_left_out)
        printf(", %zu unresolved name(s) left out (no metal or country)", r->unresolved_left_out);
    printf(". Product List: %zu product(s).\n\n", r->products);
    for (size_t i = 0; i < r->answer_count; i++) {
        const ot_export_cmrt_answer *a = &r->answers[i];
        printf("Q%-2s %-9s %-18s %s%s\n", a->question, a->metal, a->answer,
               a->overridden ? "OVERRIDDEN: " : "", a->reason);
    }
}

/* --today (cli_campaign.h has it too, but that header cannot meet risk.h in one file) */
static int today_of(const cli_call *call, int32_t *today)
{
    const char *text = cli_opt(call, "today");
    *today = ot_date_today();
    if (!text || ot_date_parse(text, today)) return OT_EXIT_OK;
    cli_errorf(call->name, "--today needs a date as YYYY-MM-DD, not '%s'", text);
    return OT_EXIT_USAGE;
}

int run_export_cmrt(const cli_call *call)
{
    ot_export_cmrt_request req = {.campaign = cli_opt(call, "campaign"),
                                  .template_path = cli_opt(call, "template"),
                                  .out_path = cli_opt(call, "out"),
                                  .scope = cli_opt(call, "scope"),
                                  .as_of = cli_opt(call, "as-of"),
                                  .answers = cli_opt(call, "answer"),
                                  .note = cli_opt(call, "note")};
    if (!req.template_path || !req.out_path) {
        cli_errorf(call->name, "--template and --out are required");
        return OT_EXIT_USAGE;
    }
    int rc = today_of(call, &req.today);
    if (rc != OT_EXIT_OK) return rc;
    ot_app *app = NULL;
    rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_export_cmrt_result r;
    ot_error err = {0};
    ot_code c = ot_app_export_cmrt(app, &req, &r, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        ot_export_cmrt_result_free(&r);
        return cli_fail(call, &err);
    }
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_export_cmrt_result_to_json(&r));
    else
        print_text(&r);
    ot_export_cmrt_result_free(&r);
    return rc;
}
