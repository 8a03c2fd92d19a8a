/* cmd_rollup.c - `oretrace rollup`: the campaign's smelters with RMAP status, red flags
 * and risk, the unresolved names, or the summary counts (use case: app/rollup.h). */
#include <stdio.h>
#include <string.h>

#include "app/rollup.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

static const char *dash(const char *s)
{
    return s && *s ? s : "-";
}

static void print_smelters(const ot_rollup *r)
{
    printf("%-10s %-9s %-40.40s %-16.16s %-15.15s %-10s %4s  %-6s %s\n", "smelter", "metal",
           "standard name", "country", "RMAP status", "as of", "sup.", "risk", "red flags");
    for (size_t i = 0; i < ot_rollup_smelter_count(r); i++) {
        const ot_rollup_smelter *s = ot_rollup_smelter_at(r, i);
        printf("%-10s %-9s %-40.40s %-16.16s %-15.15s %-10s %4zu  %-6s", s->smelter_id,
               dash(s->metal), dash(s->standard_name), dash(s->country), s->rmap_status,
               dash(s->status_as_of), s->supplier_count, ot_risk_level_name(s->risk.level));
        for (size_t k = 0; k < s->risk.count; k++)
            printf("%s%s", k ? ", " : " ", s->risk.flags[k].code);
        printf("\n");
    }
}

static void print_unresolved(const ot_rollup *r)
{
    printf("%-9s %-40.40s %-16.16s %-12s %6s %4s  %s\n", "metal", "name as typed", "country",
           "supplier", "file", "row", "why");
    for (size_t i = 0; i < ot_rollup_unresolved_count(r); i++) {
        const ot_rollup_unresolved *u = ot_rollup_unresolved_at(r, i);
        printf("%-9s %-40.40s %-16.16s %-12s %6lld %4u  %s\n", dash(u->metal), dash(u->name),
               dash(u->country), u->supplier_id, (long long)u->submission_id, u->row_no, u->reason);
    }
}

static void print_list(const char *what, const ot_risklist_info *in)
{
    if (in)
        printf("%s: %s (%zu entries, imported %.10s)\n", what, in->file, in->entries,
               in->imported_at);
    else
        printf("%s: none imported\n", what);
}

static void print_summary(const ot_rollup_result *res)
{
    const ot_rollup_summary *m = ot_rollup_summary_get(res->rollup);
    printf("Campaign %d (%s), as of %s%s\n", res->campaign.year, res->campaign.template_name,
           m->as_of, res->valid_only ? ", valid submissions only" : "");
    printf("Suppliers in scope: %zu, rolled up: %zu (program strong %zu, weak %zu, unknown %zu)\n",
           m->suppliers, m->suppliers_included, m->suppliers_by_program[OT_PROGRAM_STRONG],
           m->suppliers_by_program[OT_PROGRAM_WEAK], m->suppliers_by_program[OT_PROGRAM_UNKNOWN]);
    printf("Smelter List rows: %zu; smelters reported: %zu (resolved to an ID: %zu, "
           "unresolved names: %zu)\n",
           m->smelter_rows, m->smelters_reported, m->smelters_resolved, m->unresolved_names);
    printf("RMAP status (statuses as of %s):", dash(m->status_list_as_of));
    for (int i = 0; i < OT_RMAP__COUNT; i++)
        if (m->by_status[i])
            printf(" %s %zu;", ot_rmap_status_name((ot_rmap_status)i), m->by_status[i]);
    printf(" none on record %zu\n", m->status_unknown);
    printf("Located in a covered country: %zu, in a CAHRA: %zu; origin reported: %zu (from a "
           "covered country: %zu)\n",
           m->in_covered_countries, m->in_cahra, m->origin_known, m->origin_covered);
    printf("Risk: high %zu, medium %zu, low %zu\n", m->by_risk[OT_RISK_HIGH],
           m->by_risk[OT_RISK_MEDIUM], m->by_risk[OT_RISK_LOW]);
    print_list("CAHRA list", ot_rollup_list_info(res->rollup, OT_RISKLIST_CAHRA));
    print_list("Watch list", ot_rollup_list_info(res->rollup, OT_RISKLIST_WATCH));
}

static int print(const cli_call *call, const ot_rollup_result *res)
{
    bool json = cli_flag(call, "json");
    if (cli_flag(call, "summary")) {
        if (json) return cli_print_jsonl(ot_rollup_summary_to_json(res));
        print_summary(res);
    } else if (cli_flag(call, "unresolved")) {
        if (json) return cli_print_jsonl(ot_rollup_unresolved_to_json(res));
        print_unresolved(res->rollup);
    } else {
        if (json) return cli_print_jsonl(ot_rollup_result_to_json(res));
        print_smelters(res->rollup);
    }
    return OT_EXIT_OK;
}

int run_rollup(const cli_call *call)
{
    if (cli_flag(call, "summary") && cli_flag(call, "unresolved")) {
        cli_errorf(call->name, "--summary and --unresolved are two different views: give one");
        return OT_EXIT_USAGE;
    }
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_rollup_request req = {.campaign = cli_opt(call, "campaign"),
                             .as_of = cli_opt(call, "as-of"),
                             .valid_only = cli_flag(call, "valid-only")};
    ot_rollup_result res;
    ot_error err = {0};
    ot_code c = ot_app_rollup(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    rc = print(call, &res);
    ot_rollup_result_free(&res);
    return rc;
}
