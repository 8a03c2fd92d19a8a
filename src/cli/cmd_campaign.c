/* cmd_campaign.c - `oretrace campaign new|send|remind|status|mark`: one year's survey of
 * the in-scope suppliers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign.h"
#include "campaign/dates.h"
#include "ingest/ingest.h"
#include "cli.h"
#include "cli_campaign.h"
#include "cli_store.h"
#include "store/audit.h"
#include "util/jsonout.h"
#include "util/printable.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace campaign new YEAR [--template CMRT-6.5] [--due YYYY-MM-DD]\n"
            "       oretrace campaign send [--campaign YEAR]\n"
            "       oretrace campaign remind --due [--campaign YEAR]\n"
            "       oretrace campaign status [--campaign YEAR] [--json]\n"
            "       oretrace campaign mark SUPPLIER STATUS [--note TEXT] [--campaign YEAR]\n"
            "       oretrace campaign suppliers [--status STATUS] [--json]\n"
            "       oretrace campaign files [--unlinked] [--json]\n"
            "       oretrace campaign link FILE_ID SUPPLIER\n\n"
            "new     creates the survey of reporting year YEAR (the calendar year the\n"
            "        suppliers report on) with a request, and a unique upload token, for\n"
            "        every supplier. --due defaults to today + response_days (60).\n"
            "send    writes a request e-mail for every in-scope supplier not contacted\n"
            "        yet to WORKSPACE/outbox/YEAR/<supplier>-request.eml (RFC 5322, UTF-8),\n"
            "        addressed to the supplier's contacts, from WORKSPACE/templates/\n"
            "        request.txt (written on first use; edit it). Suppliers added to the\n"
            "        scope later are picked up by the next send. A supplier whose data\n"
            "        cannot go into an e-mail (a contact name with a line break) is listed\n"
            "        and skipped, the others are written, and the exit status is 4.\n"
            "remind  with --due, writes the follow-ups due today: reminders at\n"
            "        reminder_days (14, 28, 42) after the request, then escalation steps\n"
            "        (escalation = buyer:49, senior_officer:63; <role>_email in\n"
            "        oretrace.conf is copied). One step per supplier per run; running it\n"
            "        twice sends nothing twice; answered suppliers are skipped.\n"
            "status  the figures a Conflict Minerals Report quotes: surveyed, responded,\n"
            "        response rate, valid, invalid outstanding, escalated, by category,\n"
            "        and every received file counted (valid, invalid, unreadable, unlinked,\n"
            "        superseded).\n"
            "mark    sets a supplier's status by hand (e.g. declined) with a note.\n"
            "        Statuses: not_contacted requested reminded escalated responded_valid\n"
            "        responded_invalid corrected declined out_of_scope.\n"
            "suppliers  each supplier's status with its date, reminders, escalations, token\n"
            "        and current file (--status: only suppliers in that status).\n"
            "files   every file ingested into the campaign: its id, outcome, supplier and how\n"
            "        it was linked (--unlinked: only the files waiting for a person).\n"
            "link    ties an ingested file to a supplier by hand (an unlinked file, or one\n"
            "        linked wrongly); the newest file of a supplier stays its current one.\n\n"
            "Every message and status change is in the audit log.\n\n"
            "Exit status: 0 done, 1 usage error, 4 a failure, or (send, remind) some\n"
            "supplier's message not written because of its data (the others are written).\n\n"
            "options:\n"
            "  --campaign YEAR     which campaign (default: the most recent)\n"
            "  --template T        new: the template asked for (default CMRT-6.5)\n"
            "  --due [DATE]        new: the due date; remind: required, only what is due\n"
            "  --note TEXT         mark: why\n"
            "  --unlinked          files: only files not linked to a supplier\n"
            "  --status STATUS     suppliers: only suppliers in this status\n"
            "  --today YYYY-MM-DD  act as if today were this day (default: today, UTC)\n"
            "  --workspace DIR     the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json              machine-readable output\n"
            "  -h, --help          this help\n");
}

typedef struct opts {
    cli_common c;
    int campaign;
    const char *template_name, *due, *note, *status;
    bool due_flag, unlinked;
} opts;

static int parse(int argc, char **argv, opts *o, int *first)
{
    static const struct option table[] = {
        CLI_COMMON_OPTIONS,
        {"campaign", required_argument, NULL, 'c'}, {"template", required_argument, NULL, 'T'},
        {"due", optional_argument, NULL, 'd'},      {"note", required_argument, NULL, 'n'},
        {"unlinked", no_argument, NULL, 'u'},       {"status", required_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", table, NULL)) != -1) {
        if (cli_common_option(ch, optarg, &o->c)) continue;
        switch (ch) {
        case 'T': o->template_name = optarg; break;
        case 'n': o->note = optarg; break;
        case 'u': o->unlinked = true; break;
        case 'S': o->status = optarg; break;
        case 'd': { /* `--due DATE` (new) as well as a bare `--due` (remind) */
            int32_t day;
            o->due_flag = true;
            o->due = optarg;
            if (!optarg && optind < argc && ot_date_parse(argv[optind], &day)) o->due = argv[optind++];
            break;
        }
        case 'c':
            if (cli_parse_campaign_year("campaign", optarg, &o->campaign) != OT_EXIT_OK)
                return OT_EXIT_USAGE;
            break;
        default:
            cli_errorf("campaign", "unknown or incomplete option '%s' (see oretrace campaign --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    *first = optind;
    return cli_resolve_today("campaign", &o->c);
}

static int fail(const ot_error *err)
{
    cli_errorf("campaign", "%s", err->message);
    switch (err->code) {
    case OT_E_USAGE: return OT_EXIT_USAGE;
    case OT_E_NOT_FOUND:
    case OT_E_CONFLICT:
    case OT_E_INVALID: return OT_EXIT_FAILURE;
    default: return OT_EXIT_FAILURE;
    }
}

/* Exit status 4 when a supplier's data kept its message from being written: the others
 * were written, but the run did not do all it should. */
static int print_send(const char *what, const ot_send_report *rep, bool json)
{
    int status = rep->not_sent ? OT_EXIT_FAILURE : OT_EXIT_OK;
    if (json) {
        json_t *probs = json_array();
        for (size_t i = 0; i < rep->n_problems; i++)
            json_array_append_new(probs, json_pack("{s:o, s:o}", "supplier_id",
                                                   ot_json_text(rep->problems[i].supplier_id),
                                                   "problem",
                                                   ot_json_text(rep->problems[i].message)));
        int rc = cli_print_json(json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "written",
                                          (json_int_t)rep->written, "not_sent",
                                          (json_int_t)rep->not_sent, "delivered",
                                          (json_int_t)rep->delivered, "no_contact",
                                          (json_int_t)rep->no_contact, "responded",
                                          (json_int_t)rep->responded, "not_due",
                                          (json_int_t)rep->not_due, "schedule_finished",
                                          (json_int_t)rep->finished, "problems", probs));
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

static json_t *counts_json(const ot_status_counts *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "suppliers", json_integer(c->suppliers));
    json_object_set_new(o, "surveyed", json_integer(c->surveyed));
    json_object_set_new(o, "responded", json_integer(c->responded));
    json_object_set_new(o, "response_rate", json_real(ot_round_to(ot_response_rate(c), 1)));
    json_object_set_new(o, "valid", json_integer(c->valid));
    json_object_set_new(o, "invalid_outstanding", json_integer(c->invalid));
    json_object_set_new(o, "declined", json_integer(c->declined));
    json_object_set_new(o, "no_response", json_integer(c->no_response));
    json_object_set_new(o, "escalated", json_integer(c->escalated));
    json_object_set_new(o, "not_contacted", json_integer(c->not_contacted));
    json_object_set_new(o, "out_of_scope", json_integer(c->out_of_scope));
    return o;
}

static int status(ot_workspace *ws, const ot_campaign_info *c, bool json)
{
    ot_campaign_status s;
    ot_error err = {0};
    if (ot_campaign_status_get(ws, c, &s, &err) != OT_OK) return fail(&err);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "campaign", json_integer(c->year));
        json_object_set_new(o, "template", json_string(c->template_name));
        json_object_set_new(o, "due_date", json_string(c->due_date));
        json_t *tot = counts_json(&s.total);
        json_object_update(o, tot);
        json_decref(tot);
        json_t *by_status = json_object();
        for (int i = 0; i < 9; i++)
            json_object_set_new(by_status, ot_request_status_names[i], json_integer(s.total.by_status[i]));
        json_object_set_new(o, "by_status", by_status);
        json_t *cats = json_object();
        for (size_t i = 0; i < s.n_categories; i++)
            json_object_set_new(cats, s.by_category[i].category, counts_json(&s.by_category[i].c));
        json_object_set_new(o, "by_category", cats);
        json_object_set_new(o, "submissions",
                            json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "received",
                                      (json_int_t)s.submissions.received, "valid",
                                      (json_int_t)s.submissions.valid, "invalid",
                                      (json_int_t)s.submissions.invalid, "unreadable",
                                      (json_int_t)s.submissions.unreadable, "unlinked",
                                      (json_int_t)s.submissions.unlinked, "superseded",
                                      (json_int_t)s.submissions.superseded));
        ot_campaign_status_free(&s);
        return cli_print_json(o);
    }
    const ot_status_counts *t = &s.total;
    printf("Campaign %d (%s, due %s)\n", c->year, c->template_name, c->due_date);
    printf("  suppliers surveyed     %lld (of %lld; %lld out of scope, %lld not contacted yet)\n",
           (long long)t->surveyed, (long long)t->suppliers, (long long)t->out_of_scope,
           (long long)t->not_contacted);
    printf("  responded              %lld (response rate %.1f%%)\n", (long long)t->responded,
           ot_response_rate(t));
    printf("  valid                  %lld\n", (long long)t->valid);
    printf("  invalid outstanding    %lld\n", (long long)t->invalid);
    printf("  declined / no 3TG      %lld\n", (long long)t->declined);
    printf("  escalated              %lld\n", (long long)t->escalated);
    printf("  by category:\n");
    for (size_t i = 0; i < s.n_categories; i++) {
        const ot_status_counts *k = &s.by_category[i].c;
        ot_shown sh = {0};
        printf("    %-22s surveyed %lld, responded %lld (%.1f%%), valid %lld, invalid %lld\n",
               ot_show(&sh, s.by_category[i].category), (long long)k->surveyed,
               (long long)k->responded, ot_response_rate(k), (long long)k->valid,
               (long long)k->invalid);
        ot_shown_free(&sh);
    }
    printf("  files received         %lld: %lld valid, %lld invalid, %lld unreadable; "
           "%lld unlinked, %lld superseded\n",
           (long long)s.submissions.received, (long long)s.submissions.valid,
           (long long)s.submissions.invalid, (long long)s.submissions.unreadable,
           (long long)s.submissions.unlinked, (long long)s.submissions.superseded);
    ot_campaign_status_free(&s);
    return OT_EXIT_OK;
}

static ot_code supplier_row(const ot_request_info *r, void *ctx, ot_error *err)
{
    (void)err;
    json_t *arr = ctx;
    if (arr) {
        json_t *o = json_pack("{s:o, s:o, s:o, s:s, s:s, s:s?, s:i, s:i, s:s}", "supplier_id",
                              ot_json_text(r->supplier_id), "name", ot_json_text(r->name),
                              "category", ot_json_text(r->category), "status", r->status,
                              "status_date", r->status_date, "requested_on", r->requested_on,
                              "reminders", r->reminders, "escalations", r->escalations, "token",
                              r->token);
        json_object_set_new(o, "current_file", r->current_file ? json_integer(r->current_file) : json_null());
        json_object_set_new(o, "files", json_integer(r->files));
        json_array_append_new(arr, o);
    } else {
        char file[24] = "-";
        if (r->current_file) snprintf(file, sizeof file, "%lld", (long long)r->current_file);
        ot_shown sh = {0};
        printf("%-12s %-28.28s %-18s %-10s %-10s %d/%d  %-6s %s\n", ot_show(&sh, r->supplier_id),
               ot_show(&sh, r->name), r->status, r->status_date,
               r->requested_on ? r->requested_on : "-", r->reminders, r->escalations, file,
               r->token);
        ot_shown_free(&sh);
    }
    return OT_OK;
}

static int suppliers(ot_workspace *ws, const ot_campaign_info *c, const char *status, bool json)
{
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-12s %-28s %-18s %-10s %-10s %-4s %-6s %s\n", "SUPPLIER", "NAME", "STATUS", "SINCE",
               "REQUESTED", "R/E", "FILE", "TOKEN");
    ot_error err = {0};
    if (ot_campaign_requests_each(ws, c, status, supplier_row, arr, &err) != OT_OK) {
        json_decref(arr);
        return fail(&err);
    }
    return arr ? cli_print_json(arr) : OT_EXIT_OK;
}

static int files(ot_workspace *ws, const ot_campaign_info *c, bool unlinked, bool json)
{
    ot_error err = {0};
    ot_stmt *st;
    if (ot_db_prepare(ws->db,
                      "SELECT f.submission_id, s.original_name, f.received_at, f.outcome, "
                      "sup.supplier_key, f.link_method, f.link_confidence, f.superseded_by, "
                      "s.errors, s.warnings, d.company_name FROM campaign_file f JOIN submission s "
                      "ON s.id = f.submission_id LEFT JOIN declaration d ON d.submission_id = s.id "
                      "LEFT JOIN request r ON r.id = f.request_id LEFT JOIN supplier sup ON "
                      "sup.id = r.supplier_id WHERE f.campaign_id = ? AND (? = 0 OR f.request_id "
                      "IS NULL) ORDER BY f.submission_id",
                      &st, &err) != OT_OK ||
        ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(c->id), ot_db_int(unlinked)), &err) != OT_OK) {
        ot_stmt_finalize(st);
        return fail(&err);
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json) printf("%-6s %-10s %-10s %-12s %-24s %s\n", "FILE", "OUTCOME", "SUPPLIER", "LINK", "COMPANY", "NAME");
    ot_step s;
    while ((s = ot_stmt_step(st, &err)) == OT_STEP_ROW) {
        const char *name = ot_stmt_text(st, 1), *sup = ot_stmt_text(st, 4), *how = ot_stmt_text(st, 5),
                   *company = ot_stmt_text(st, 10);
        if (arr) {
            json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:o, s:s?}", "file_id",
                                  (json_int_t)ot_stmt_int(st, 0), "name", ot_json_text(name),
                                  "received_at", ot_stmt_text(st, 2), "outcome",
                                  ot_stmt_text(st, 3), "supplier_id", ot_json_text(sup), "link", how);
            json_object_set_new(o, "confidence", ot_stmt_is_null(st, 6) ? json_null()
                                                 : json_real(ot_round_to(ot_stmt_double(st, 6), 3)));
            json_object_set_new(o, "superseded_by", ot_stmt_is_null(st, 7) ? json_null() : json_integer(ot_stmt_int(st, 7)));
            json_object_set_new(o, "errors", json_integer(ot_stmt_int(st, 8)));
            json_object_set_new(o, "warnings", json_integer(ot_stmt_int(st, 9)));
            json_object_set_new(o, "company_name", ot_json_text(company));
            json_array_append_new(arr, o);
        } else {
            char link[32] = "-";
            if (how) snprintf(link, sizeof link, "%s %.2f", how, ot_stmt_double(st, 6));
            ot_shown sh = {0};
            printf("%-6lld %-10s %-10s %-12s %-24.24s %s%s\n", (long long)ot_stmt_int(st, 0),
                   ot_stmt_text(st, 3), sup ? ot_show(&sh, sup) : "-", link, ot_show(&sh, company),
                   ot_show(&sh, name), ot_stmt_is_null(st, 7) ? "" : " (superseded)");
            ot_shown_free(&sh);
        }
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) {
        json_decref(arr);
        return fail(&err);
    }
    return arr ? cli_print_json(arr) : OT_EXIT_OK;
}

int cmd_campaign(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? OT_EXIT_USAGE : OT_EXIT_OK;
    }
    const char *sub = argv[1];
    opts o;
    int first, st = parse(argc - 1, argv + 1, &o, &first);
    if (st != OT_EXIT_OK) return st;
    int nargs = argc - 1 - first;
    char **args = argv + 1 + first;
    static const struct {
        const char *name;
        int nargs;
    } subs[] = {{"new", 1},  {"send", 0},  {"remind", 0}, {"status", 0},
                {"mark", 2}, {"files", 0}, {"link", 2},   {"suppliers", 0}};
    size_t k = 0;
    while (k < 8 && strcmp(subs[k].name, sub) != 0) k++;
    if (k == 8) {
        cli_errorf("campaign",
                   "unknown sub-command '%s' (new, send, remind, status, suppliers, mark, files or link)",
                   sub);
        return OT_EXIT_USAGE;
    }
    if (nargs != subs[k].nargs) {
        cli_errorf("campaign", "%s takes %d argument%s (see oretrace campaign --help)", sub,
                   subs[k].nargs, subs[k].nargs == 1 ? "" : "s");
        return OT_EXIT_USAGE;
    }
    if (k == 2 && !o.due_flag) {
        cli_errorf("campaign", "remind needs --due (write the follow-ups due today)");
        return OT_EXIT_USAGE;
    }
    ot_workspace *ws;
    if ((st = cli_open_workspace("campaign", o.c.workspace, &ws)) != OT_EXIT_OK) return st;
    ot_error err = {0};
    ot_campaign_info c;
    const char *actor = ot_audit_os_actor();
    if (k == 0) {
        char *end;
        long year = strtol(args[0], &end, 10);
        if (*end || year < 2010 || year > 2200) {
            cli_errorf("campaign", "'%s' is not a reporting year", args[0]);
            st = OT_EXIT_USAGE;
        } else if (ot_campaign_create(ws, (int)year, o.template_name, o.due, actor, o.c.today, &c,
                                      &err) != OT_OK) {
            st = fail(&err);
        } else if (o.c.json) {
            st = cli_print_json(json_pack("{s:i, s:s, s:s}", "campaign", c.year, "template",
                                          c.template_name, "due_date", c.due_date));
        } else {
            printf("Campaign %d created (%s, due %s). Next: oretrace campaign send\n", c.year,
                   c.template_name, c.due_date);
        }
    } else if (ot_campaign_get(ws, o.campaign, &c, &err) != OT_OK) {
        st = fail(&err);
    } else if (k == 1 || k == 2) {
        ot_send_report rep;
        ot_code rc = k == 1 ? ot_campaign_send(ws, &c, actor, o.c.today, &rep, &err)
                            : ot_campaign_remind(ws, &c, actor, o.c.today, &rep, &err);
        st = rc != OT_OK ? fail(&err) : print_send(k == 1 ? "requests" : "follow-ups", &rep, o.c.json);
        ot_send_report_free(&rep);
    } else if (k == 3) {
        st = status(ws, &c, o.c.json);
    } else if (k == 5) {
        st = files(ws, &c, o.unlinked, o.c.json);
    } else if (k == 7) {
        if (o.status && !ot_request_status_valid(o.status)) {
            cli_errorf("campaign", "'%s' is not a status (see oretrace campaign --help)", o.status);
            st = OT_EXIT_USAGE;
        } else {
            st = suppliers(ws, &c, o.status, o.c.json);
        }
    } else if (k == 6) {
        char *end;
        long long id = strtoll(args[0], &end, 10);
        if (*end || id <= 0) {
            cli_errorf("campaign", "'%s' is not a file id (see oretrace campaign files)", args[0]);
            st = OT_EXIT_USAGE;
        } else if (ot_ingest_link(ws, &c, id, args[1], actor, o.c.today, &err) != OT_OK) {
            st = fail(&err);
        } else if (o.c.json) {
            st = cli_print_json(json_pack("{s:I, s:s}", "file_id", (json_int_t)id, "supplier_id", args[1]));
        } else {
            printf("File %lld linked to supplier %s.\n", id, args[1]);
        }
    } else {
        if (ot_campaign_set_status(ws, &c, args[0], args[1], o.note, actor, o.c.today, &err) != OT_OK)
            st = fail(&err);
        else if (!o.c.json)
            printf("Supplier %s: %s.\n", args[0], args[1]);
        else
            st = cli_print_json(json_pack("{s:s, s:s}", "supplier_id", args[0], "status", args[1]));
    }
    ot_workspace_close(ws);
    return st;
}
