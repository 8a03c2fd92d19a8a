/* cmd_actions.c - `oretrace actions list|add|close|reopen`: the corrective actions of a
 * campaign, proposed by red flags and gaps in suppliers' answers, accepted, followed and
 * closed with a note (use cases: app/actions.h). */
#include <stdio.h>
#include <stdlib.h>

#include "app/actions.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

static int begin(const cli_call *call, int32_t *today, ot_app **app)
{
    int rc = cli_today(call, today);
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, app);
    return rc;
}

static void print_action(const ot_action_item *it)
{
    const ot_action_row *r = &it->row;
    ot_shown sh = {0};
    printf("%5lld  %-6s %-10s%s %-12s %-26s %-10s %s\n", (long long)r->id, r->status,
           r->due_date ? r->due_date : "-", it->overdue ? "!" : " ",
           r->supplier_id ? ot_show(&sh, r->supplier_id) : "(company)", r->kind,
           r->smelter_id ? r->smelter_id : "-", r->owner ? ot_show(&sh, r->owner) : "-");
    printf("       %s\n", ot_show(&sh, r->text));
    if (r->close_note) printf("       closed %s: %s\n", r->closed_on, ot_show(&sh, r->close_note));
    ot_shown_free(&sh);
}

static void print_proposal(const ot_action_proposal *p)
{
    ot_shown sh = {0};
    printf("  %s\n      %s (%s); due %s if accepted today\n", ot_show(&sh, p->key),
           ot_show(&sh, p->text), ot_show(&sh, p->reason), p->due_date);
    ot_shown_free(&sh);
}

static void print_list(const ot_actions_list_result *res)
{
    printf("Corrective actions, campaign %d: %zu\n", res->campaign.year, res->n_actions);
    if (res->n_actions)
        printf("%5s  %-6s %-10s  %-12s %-26s %-10s %s\n", "id", "status", "due", "supplier", "kind",
               "smelter", "owner");
    for (size_t i = 0; i < res->n_actions; i++)
        print_action(&res->actions[i]);
    if (!res->proposals_listed) return;
    printf("\nProposed, not accepted yet: %zu (accept one: oretrace actions add KEY)\n",
           res->n_proposals);
    for (size_t i = 0; i < res->n_proposals; i++)
        print_proposal(&res->proposals[i]);
}

int run_actions_list(const cli_call *call)
{
    bool open = cli_flag(call, "open"), closed = cli_flag(call, "closed");
    if (open && closed) {
        cli_errorf(call->name, "--open and --closed exclude each other (neither: both)");
        return OT_EXIT_USAGE;
    }
    ot_actions_list_request req = {.campaign = cli_opt(call, "campaign"),
                                   .status = open     ? "open"
                                             : closed ? "closed"
                                                      : NULL,
                                   .supplier_id = cli_opt(call, "supplier"),
                                   .proposed = cli_flag(call, "proposed")};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_actions_list_result res;
    ot_error err = {0};
    ot_code c = ot_app_actions_list(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK)
        rc = cli_fail(call, &err);
    else if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_actions_list_result_to_json(&res));
    else
        print_list(&res);
    ot_actions_list_result_free(&res);
    return rc;
}

static int print_one(const cli_call *call, const char *what, const ot_actions_one_result *res)
{
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_actions_one_result_to_json(res));
    printf("Corrective action %lld %s.\n", (long long)res->action.row.id, what);
    print_action(&res->action);
    return OT_EXIT_OK;
}

int run_actions_add(const cli_call *call)
{
    const char *due = cli_opt(call, "due");
    ot_actions_add_request req = {.campaign = cli_opt(call, "campaign"),
                                  .proposal_key = call->nargs ? call->args[0] : NULL,
                                  .supplier_id = cli_opt(call, "supplier"),
                                  .kind = cli_opt(call, "kind"),
                                  .text = cli_opt(call, "text"),
                                  .smelter_id = cli_opt(call, "smelter"),
                                  .owner = cli_opt(call, "owner"),
                                  .due_date = due && *due ? due : NULL,
                                  .note = cli_opt(call, "note")};
    if (req.proposal_key && (req.supplier_id || req.kind || req.text || req.smelter_id)) {
        cli_errorf(call->name, "a proposal brings its supplier, kind, text and smelter: give "
                               "either PROPOSAL or --supplier/--kind/--text/--smelter");
        return OT_EXIT_USAGE;
    }
    if (!req.proposal_key && !req.supplier_id) {
        cli_errorf(call->name, "give a PROPOSAL key (oretrace actions list --proposed) or "
                               "--supplier ID with --text or --kind");
        return OT_EXIT_USAGE;
    }
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_actions_one_result res;
    ot_error err = {0};
    ot_code c = ot_app_actions_add(app, &req, &res, &err);
    ot_app_close(app);
    rc = c != OT_OK ? cli_fail(call, &err) : print_one(call, "opened", &res);
    ot_actions_one_result_free(&res);
    return rc;
}

static int run_change(const cli_call *call, bool closing)
{
    char *end;
    long long id = strtoll(call->args[0], &end, 10);
    if (end == call->args[0] || *end || id <= 0) {
        cli_errorf(call->name, "'%s' is not an action id (see oretrace actions list)",
                   call->args[0]);
        return OT_EXIT_USAGE;
    }
    const char *note = cli_opt(call, "note"), *due = cli_opt(call, "due");
    if (closing && (!note || !*note)) {
        cli_errorf(call->name, "--note TEXT is required: say what was done");
        return OT_EXIT_USAGE;
    }
    ot_actions_change_request req = {.id = id, .note = note, .due_date = due && *due ? due : NULL};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_actions_one_result res;
    ot_error err = {0};
    ot_code c = closing ? ot_app_actions_close(app, &req, &res, &err)
                        : ot_app_actions_reopen(app, &req, &res, &err);
    ot_app_close(app);
    rc = c != OT_OK ? cli_fail(call, &err) : print_one(call, closing ? "closed" : "reopened", &res);
    ot_actions_one_result_free(&res);
    return rc;
}

int run_actions_close(const cli_call *call)
{
    return run_change(call, true);
}

int run_actions_reopen(const cli_call *call)
{
    return run_change(call, false);
}
