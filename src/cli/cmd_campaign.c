/* cmd_campaign.c - `oretrace campaign new|send|remind|status|mark|suppliers|files|link`:
 * one year's survey of the in-scope suppliers (use cases: app/campaign.h). */
#include <stdio.h>
#include <stdlib.h>

#include "app/campaign.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

/* Opens the workspace after reading --today and --campaign; what every sub-command does
 * first. */
static int begin(const cli_call *call, int32_t *today, const char **campaign, ot_app **app)
{
    int rc = today ? cli_today(call, today) : OT_EXIT_OK;
    if (campaign) *campaign = cli_campaign_selector(call);
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, app);
    return rc;
}

int run_campaign_new(const cli_call *call)
{
    long year = 0; /* none given: reporting_year from oretrace.conf */
    if (call->nargs) {
        char *end;
        year = strtol(call->args[0], &end, 10);
        if (end == call->args[0] || *end) {
            cli_errorf(call->name, "'%s' is not a reporting year", call->args[0]);
            return OT_EXIT_USAGE;
        }
    }
    const char *due = cli_opt(call, "due");
    ot_campaign_new_request req = {.year = (int)year,
                                   .template_name = cli_opt(call, "template"),
                                   .due_date = due && *due ? due : NULL};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, NULL, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_new_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_new(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_campaign_new_result_to_json(&res));
    printf("Campaign %d/%s created (%s, due %s). Next: oretrace campaign send --campaign %d/%s\n",
           res.campaign.year, res.campaign.family, res.campaign.template_name,
           res.campaign.due_date, res.campaign.year, res.campaign.family);
    return OT_EXIT_OK;
}

int run_campaign_list(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = begin(call, NULL, NULL, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_list_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_list(app, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_fail(call, &err);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_list_result_to_json(&res));
    } else {
        printf("%-10s %-10s %-10s %10s %9s %6s\n", "CAMPAIGN", "TEMPLATE", "DUE", "IN SCOPE",
               "SURVEYED", "FILES");
        for (size_t i = 0; i < res.n; i++) {
            const ot_campaign_summary *s = &res.rows[i];
            char name[24];
            snprintf(name, sizeof name, "%d/%s", s->c.year, s->c.family);
            printf("%-10s %-10s %-10s %10lld %9lld %6lld\n", name, s->c.template_name,
                   s->c.due_date, (long long)s->suppliers_in_scope, (long long)s->surveyed,
                   (long long)s->files);
        }
        if (!res.n) printf("No campaign yet: oretrace campaign new YEAR\n");
    }
    ot_campaign_list_result_free(&res);
    return rc;
}

/* Exit status 4 when a supplier's data kept its message from being written: the others
 * were written, but the run did not do all it should. */
static int print_send(const cli_call *call, const char *what, const ot_campaign_send_result *res)
{
    const ot_send_report *rep = &res->report;
    int status = rep->not_sent ? OT_EXIT_FAILURE : OT_EXIT_OK;
    if (cli_flag(call, "json")) {
        int rc = cli_print_jsonl(ot_campaign_send_result_to_json(res));
        return rc != OT_EXIT_OK ? rc : status;
    }
    for (size_t i = 0; i < rep->n_problems; i++) {
        ot_shown sh = {0};
        fprintf(stderr, "supplier %s: %s\n", ot_show(&sh, rep->problems[i].supplier_id),
                ot_show(&sh, rep->problems[i].message));
        ot_shown_free(&sh);
    }
    printf("%zu %s written to the outbox", rep->written, what);
    if (rep->delivered) printf(" (%zu sent by SMTP)", rep->delivered);
    if (rep->not_sent) printf("; %zu not written (see above)", rep->not_sent);
    if (rep->no_contact) printf("; %zu suppliers without a contact e-mail", rep->no_contact);
    if (rep->not_due || rep->responded || rep->finished)
        printf("; %zu not due yet, %zu answered, %zu past the last step", rep->not_due,
               rep->responded, rep->finished);
    printf(".\n");
    return status;
}

static int run_send(const cli_call *call, bool remind)
{
    ot_campaign_send_request req = {0};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_send_result res;
    ot_error err = {0};
    ot_code c = remind ? ot_app_campaign_remind(app, &req, &res, &err)
                       : ot_app_campaign_send(app, &req, &res, &err);
    ot_app_close(app);
    rc = c != OT_OK ? cli_campaign_failed(call, &err, &res.campaign)
                    : print_send(call, remind ? "follow-ups" : "requests", &res);
    ot_campaign_send_result_free(&res);
    return rc;
}

int run_campaign_send(const cli_call *call)
{
    return run_send(call, false);
}

int run_campaign_remind(const cli_call *call)
{
    if (!cli_flag(call, "due")) {
        cli_errorf(call->name, "remind needs --due (it writes the follow-ups due today)");
        return OT_EXIT_USAGE;
    }
    return run_send(call, true);
}

static void print_counts(const ot_status_counts *t)
{
    printf("  suppliers in scope     %lld (%lld out of scope)\n", (long long)t->suppliers_in_scope,
           (long long)t->out_of_scope);
    printf("  surveyed               %lld (sent a request)\n", (long long)t->surveyed);
    printf("  not contacted          %lld (%lld without a contact e-mail, %lld not sent yet)\n",
           (long long)t->not_contacted, (long long)t->not_contacted_no_email,
           (long long)(t->not_contacted - t->not_contacted_no_email));
    printf("  responded              %lld (response rate %.1f%%)\n", (long long)t->responded,
           ot_campaign_response_rate(t));
    printf("  valid                  %lld (of which %lld declare no 3TG)\n", (long long)t->valid,
           (long long)t->no_3tg);
    printf("  invalid                %lld\n", (long long)t->invalid);
    printf("  outdated               %lld (before the period or an older template)\n",
           (long long)t->outdated);
    printf("  declined               %lld\n", (long long)t->declined);
    printf("  outstanding            %lld (%lld without any answer, %lld non-responsive)\n",
           (long long)t->outstanding, (long long)t->no_response, (long long)t->non_responsive);
    printf("  sent                   %lld reminders, %lld escalations (%lld suppliers), %lld "
           "correction requests\n",
           (long long)t->reminders_sent, (long long)t->escalations_sent, (long long)t->escalated,
           (long long)t->corrections_sent);
}

static void print_status(const ot_campaign_status_result *res)
{
    const ot_campaign_status *s = &res->status;
    printf("Campaign %d/%s (%s, due %s)\n", res->campaign.year, res->campaign.family,
           res->campaign.template_name, res->campaign.due_date);
    print_counts(&s->total);
    printf("  by category:\n");
    for (size_t i = 0; i < s->n_categories; i++) {
        const ot_status_counts *k = &s->by_category[i].c;
        ot_shown sh = {0};
        printf("    %-22s surveyed %lld, responded %lld (%.1f%%), valid %lld, outstanding %lld\n",
               ot_show(&sh, s->by_category[i].category), (long long)k->surveyed,
               (long long)k->responded, ot_campaign_response_rate(k), (long long)k->valid,
               (long long)k->outstanding);
        ot_shown_free(&sh);
    }
    printf("  files received         %lld: %lld valid, %lld invalid, %lld unreadable; "
           "%lld unlinked, %lld superseded\n",
           (long long)s->submissions.received, (long long)s->submissions.valid,
           (long long)s->submissions.invalid, (long long)s->submissions.unreadable,
           (long long)s->submissions.unlinked, (long long)s->submissions.superseded);
}

int run_campaign_status(const cli_call *call)
{
    ot_campaign_status_request req = {0};
    int32_t today;
    ot_app *app = NULL;
    int rc = begin(call, &today, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_status_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_status(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK)
        rc = cli_campaign_failed(call, &err, &res.campaign);
    else if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_campaign_status_result_to_json(&res));
    else
        print_status(&res);
    ot_campaign_status_result_free(&res);
    return rc;
}

int run_campaign_mark(const cli_call *call)
{
    ot_campaign_mark_request req = {
        .supplier_id = call->args[0], .status = call->args[1], .note = cli_opt(call, "note")};
    if (!ot_request_status_valid(req.status)) { /* before opening anything */
        cli_errorf(call->name, "'%s' is not a status (%s)", req.status, OT_REQUEST_STATUS_LIST);
        return OT_EXIT_USAGE;
    }
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_mark_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_mark(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_campaign_failed(call, &err, &res.campaign);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_mark_result_to_json(&res));
    } else {
        ot_shown sh = {0};
        printf("Supplier %s: %s (was %s).\n", ot_show(&sh, res.supplier_id), res.status,
               res.previous ? res.previous : "-");
        ot_shown_free(&sh);
    }
    ot_campaign_mark_result_free(&res);
    return rc;
}

static void print_request(const ot_request_info *r)
{
    char file[24] = "-";
    if (r->current_file) snprintf(file, sizeof file, "%lld", (long long)r->current_file);
    ot_shown sh = {0};
    printf("%-12s %-28.28s %-18s %-10s %-10s %d/%d  %-6s %s\n", ot_show(&sh, r->supplier_id),
           ot_show(&sh, r->name), r->status, r->status_date,
           r->requested_on ? r->requested_on : "-", r->reminders, r->escalations, file, r->token);
    ot_shown_free(&sh);
}

int run_campaign_suppliers(const cli_call *call)
{
    ot_campaign_suppliers_request req = {.status = cli_opt(call, "status")};
    int32_t today;
    ot_app *app = NULL;
    int rc = begin(call, &today, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_suppliers_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_suppliers(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_campaign_failed(call, &err, &res.campaign);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_suppliers_result_to_json(&res));
    } else {
        printf("%-12s %-28s %-18s %-10s %-10s %-4s %-6s %s\n", "SUPPLIER", "NAME", "STATUS",
               "SINCE", "REQUESTED", "R/E", "FILE", "TOKEN");
        for (size_t i = 0; i < res.n; i++)
            print_request(&res.rows[i]);
    }
    ot_campaign_suppliers_result_free(&res);
    return rc;
}

static void print_file(const ot_ingested_file *f)
{
    char link[32] = "-";
    if (f->link_method) snprintf(link, sizeof link, "%s %.2f", f->link_method, f->confidence);
    ot_shown sh = {0};
    printf("%-6lld %-10s %-10s %-12s %-24.24s %s%s\n", (long long)f->file_id, f->outcome,
           f->supplier_id ? ot_show(&sh, f->supplier_id) : "-", link, ot_show(&sh, f->company_name),
           ot_show(&sh, f->name),
           f->held_back       ? " (unreadable: kept, not current)"
           : f->superseded_by ? " (superseded)"
                              : "");
    for (size_t i = 0; i < f->n_campaign_findings; i++) {
        const ot_file_finding *x = &f->campaign_findings[i];
        printf("       %s%s%s: %s [%s]\n", x->sheet ? x->sheet : "", x->cell ? "!" : "",
               x->cell ? x->cell : "", x->message, x->code);
    }
    ot_shown_free(&sh);
}

int run_campaign_files(const cli_call *call)
{
    ot_campaign_files_request req = {.unlinked_only = cli_flag(call, "unlinked")};
    ot_app *app = NULL;
    int rc = begin(call, NULL, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_files_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_files(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_campaign_failed(call, &err, &res.campaign);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_files_result_to_json(&res));
    } else {
        printf("%-6s %-10s %-10s %-12s %-24s %s\n", "FILE", "OUTCOME", "SUPPLIER", "LINK",
               "COMPANY", "NAME");
        for (size_t i = 0; i < res.n; i++)
            print_file(&res.rows[i]);
    }
    ot_campaign_files_result_free(&res);
    return rc;
}

int run_campaign_link(const cli_call *call)
{
    char *end;
    long long id = strtoll(call->args[0], &end, 10);
    if (end == call->args[0] || *end || id <= 0) {
        cli_errorf(call->name, "'%s' is not a file id (see oretrace campaign files)",
                   call->args[0]);
        return OT_EXIT_USAGE;
    }
    ot_campaign_link_request req = {
        .file_id = id, .supplier_id = call->args[1], .note = cli_opt(call, "note")};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, &req.campaign, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_link_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_link(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_campaign_failed(call, &err, &res.campaign);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_link_result_to_json(&res));
    } else {
        ot_shown sh = {0};
        printf("File %lld linked to supplier %s%s.\n", (long long)res.file_id,
               ot_show(&sh, res.supplier_id),
               res.held_back ? " (unreadable: kept with the supplier, never its current file)"
                             : "");
        ot_shown_free(&sh);
    }
    ot_campaign_link_result_free(&res);
    return rc;
}

int run_campaign_unlink(const cli_call *call)
{
    char *end;
    long long id = strtoll(call->args[0], &end, 10);
    if (end == call->args[0] || *end || id <= 0) {
        cli_errorf(call->name, "'%s' is not a file id (see oretrace campaign files)",
                   call->args[0]);
        return OT_EXIT_USAGE;
    }
    ot_campaign_unlink_request req = {.file_id = id, .note = cli_opt(call, "note")};
    ot_app *app = NULL;
    int rc = begin(call, &req.today, NULL, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_campaign_unlink_result res;
    ot_error err = {0};
    ot_code c = ot_app_campaign_unlink(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = cli_fail(call, &err);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_campaign_unlink_result_to_json(&res));
    } else {
        ot_shown sh = {0};
        printf("File %lld: the link to supplier %s is undone.\n", (long long)res.file_id,
               ot_show(&sh, res.supplier_id));
        ot_shown_free(&sh);
    }
    ot_campaign_unlink_result_free(&res);
    return rc;
}
