/* cmd_refdata.c - `oretrace refdata import|status-import|show|export`: the RMI smelter
 * reference list and RMAP status lists of the workspace (use cases in app/refdata.h);
 * sources and undo are in cli_refdata_log.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/refdata.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_refdata.h"
#include "cli_store.h"
#include "cmdtable.h"

/* A list refused for what it holds (not a template, no date, too small...) is unreadable
 * input (2), like a workbook that cannot be read; storage failures stay 4. */
static int refused_exit(ot_code code)
{
    if (code == OT_E_IO || code == OT_E_NOT_FOUND || code == OT_E_INVALID)
        return OT_EXIT_UNREADABLE;
    return cli_exit_code(code);
}

/* ---- import ----------------------------------------------------------------------- */

static void print_import(const ot_refdata_import_file *f)
{
    const ot_import_report *r = &f->report;
    if (r->duplicate) {
        printf("%s: already imported as %s; nothing changed.\n", f->file, r->label);
        return;
    }
    printf("%s: %s, list of %s: %zu smelters (%s)", f->file, r->label, r->as_of, r->smelters,
           r->metals);
    printf("; %zu added, %zu renamed, %zu moved country, %zu retired, %zu merged, %zu "
           "reinstated, %zu new names, %zu legacy IDs",
           r->added, r->renamed, r->country_changed, r->retired, r->merged, r->reinstated,
           r->aliases_added, r->legacy_ids);
    if (r->backfill) printf("; older than the lists already imported: kept as history");
    if (r->partial) printf("; imported as a partial list: nothing retired");
    printf(".\n");
}

/* The refusal, with the option that would take the list when that is the reason. */
static int import_refused(const cli_call *call, const ot_refdata_import_result *res,
                          const ot_error *err)
{
    cli_errorf(call->name, "%s%s", err->message,
               res->too_small   ? "; give --partial to import it so"
               : res->need_date ? " (--as-of DATE)"
                                : "");
    return refused_exit(err->code);
}

int run_refdata_import(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_import_request req = {call->args, (size_t)call->nargs, cli_opt(call, "as-of"),
                                     cli_flag(call, "partial"), cli_flag(call, "fresh")};
    ot_refdata_import_result res;
    ot_error err = {0};
    ot_code c = ot_app_refdata_import(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        rc = res.refused_file ? import_refused(call, &res, &err) : cli_fail(call, &err);
    } else if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_refdata_import_result_to_json(&res));
    } else {
        for (size_t i = 0; i < res.count; i++)
            print_import(&res.files[i]);
        if (res.reresolved.changed)
            printf("%zu stored Smelter List rows now resolve differently (%zu newly resolved, "
                   "%zu no longer resolved).\n",
                   res.reresolved.changed, res.reresolved.newly_resolved,
                   res.reresolved.no_longer_resolved);
    }
    ot_refdata_import_result_free(&res);
    return rc;
}

/* ---- status-import ---------------------------------------------------------------- */

static void print_status_import(const ot_refdata_status_import_result *res)
{
    const ot_status_import_report *r = &res->report;
    printf("%s: %zu rows, %zu statuses stored (%zu placed by name)", res->file, r->rows,
           r->imported, r->by_name);
    if (r->unknown_ids) printf(", %zu for IDs not on the reference list", r->unknown_ids);
    if (r->unmatched || r->skipped_bad)
        printf("; %zu rows skipped (first: %s)", r->unmatched + r->skipped_bad, r->first_problem);
    printf(".\n");
}

/* On stderr, also with --json: the user must see it either way. */
static void warn_if_old(const cli_call *call, const ot_refdata_status_import_result *res)
{
    if (!res->stale) return;
    cli_errorf(call->name,
               "warning: the status list is as of %s, %ld days ago (status_list_max_age_days "
               "= %d): RMI's statuses change every few weeks; import a current list before "
               "relying on them (recorded in the audit log)",
               res->report.as_of, res->age_days, res->max_age_days);
}

int run_refdata_status_import(const cli_call *call)
{
    ot_refdata_status_import_request req = {call->args[0], cli_opt(call, "as-of"), 0};
    int rc = cli_today(call, &req.today);
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_status_import_result res;
    ot_error err = {0};
    ot_code c = ot_app_refdata_status_import(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        cli_errorf(call->name, "%s%s", err.message, res.report.need_date ? " (--as-of DATE)" : "");
        return refused_exit(c);
    }
    warn_if_old(call, &res);
    if (cli_flag(call, "json"))
        return cli_print_jsonl(ot_refdata_status_import_result_to_json(&res));
    print_status_import(&res);
    return OT_EXIT_OK;
}

/* ---- show ------------------------------------------------------------------------- */

static int by_date(const void *a, const void *b)
{
    const ot_refdata_event *x = *(const ot_refdata_event *const *)a;
    const ot_refdata_event *y = *(const ot_refdata_event *const *)b;
    return strcmp(x->date, y->date);
}

static void print_history(const ot_refdata_show_result *r)
{
    if (!r->history_count) return;
    const ot_refdata_event **ev = malloc(r->history_count * sizeof *ev);
    if (!ev) return;
    memcpy(ev, r->history, r->history_count * sizeof *ev);
    qsort(ev, r->history_count, sizeof *ev, by_date);
    printf("  history:\n");
    for (size_t i = 0; i < r->history_count; i++) {
        const ot_refdata_event *e = ev[i];
        printf("    %s  %-15s", e->date, ot_event_kind_name(e->kind));
        if (strcmp(e->smelter_id, r->smelter->id) != 0) printf(" %s", e->smelter_id);
        if (*e->old_value && *e->new_value)
            printf(" '%s' -> '%s'", e->old_value, e->new_value);
        else if (*e->new_value)
            printf(" '%s'", e->new_value);
        else if (*e->old_value)
            printf(" '%s'", e->old_value);
        printf("  (%s)\n", e->source);
    }
    free(ev);
}

static void print_smelter(const ot_refdata_show_result *r)
{
    const ot_smelter *s = r->smelter;
    printf("%s  %s\n", s->id, s->standard_name);
    printf("  metal:      %s\n", s->metal);
    printf("  country:    %s", *s->country ? s->country : "(not given)");
    if (*s->city || *s->state_province)
        printf("  (%s%s%s)", s->city, *s->city && *s->state_province ? ", " : "",
               s->state_province);
    printf("\n  on the list: %s", ot_smelter_state_name(s->state));
    if (s->successor_id) printf(", replaced by %s", s->successor_id);
    printf(" (last listed in %s, %s)\n", s->last_source, s->last_seen);
    if (r->status)
        printf("  RMAP:       %s as of %s (%s)\n", ot_rmap_status_name(r->status->status),
               r->status->as_of, r->status->source);
    else
        printf("  RMAP:       no status known\n");
    printf("  names:\n");
    for (size_t i = 0; i < r->name_count; i++) {
        const ot_refdata_alias *a = r->names[i];
        printf("    %s", a->name);
        if (strcmp(a->smelter_id, s->id) != 0) printf("  [as %s]", a->smelter_id);
        printf("  (%s)\n", a->source);
    }
    for (size_t i = 0; i < r->legacy_count; i++)
        printf("  legacy ID:  %s\n", r->legacy_ids[i]);
    print_history(r);
}

static int show_failed(const cli_call *call, const ot_refdata_show_result *r, const ot_error *err)
{
    if (err->code == OT_E_USAGE) {
        cli_errorf(call->name, "--date %s", err->message);
        return OT_EXIT_USAGE;
    }
    cli_errorf(call->name, "%s%s", err->message, r->candidate_count ? "; closest:" : "");
    for (size_t i = 0; i < r->candidate_count; i++)
        fprintf(stderr, "  %s  %s (%s, %s)\n", r->candidates[i]->id,
                r->candidates[i]->standard_name, r->candidates[i]->metal,
                r->candidates[i]->country);
    if (r->several_metals) fprintf(stderr, "  (several metals: add --metal)\n");
    return OT_EXIT_FAILURE;
}

int run_refdata_show(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app_if_any(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_show_request req = {call->args[0], cli_opt(call, "metal"), cli_opt(call, "date")};
    ot_refdata_show_result res;
    ot_error err = {0};
    ot_code c = ot_app_refdata_show(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK)
        rc = show_failed(call, &res, &err);
    else if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_refdata_show_result_to_json(&res));
    else
        print_smelter(&res);
    ot_refdata_show_result_free(&res);
    return rc;
}

/* ---- export ----------------------------------------------------------------------- */

int run_refdata_export(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app_if_any(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_export_request req = {call->args[0]};
    ot_error err = {0};
    ot_code c = ot_app_refdata_export(app, &req, &err);
    ot_app_close(app);
    return c == OT_OK ? OT_EXIT_OK : cli_fail(call, &err);
}
