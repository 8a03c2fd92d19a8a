/* cmd_ingest.c - `oretrace ingest`: take returned workbooks into a campaign (use case:
 * app/ingest.h). Prints a line per file that needs attention (every file with
 * --verbose) as the batch goes, then the totals; or the result as one JSON line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ingest.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_campaign.h"
#include "cli_files.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

typedef struct state {
    bool json, verbose, started;
    cli_progress progress;
} state;

/* One line for a person (two for an unreadable file); names and messages escaped. */
static void print_file(const state *s, const ot_ingest_file *f)
{
    ot_shown sh = {0};
    const char *path = ot_show(&sh, f->path);
    if (s->progress.enabled) fputc('\r', stderr);
    if (f->duplicate)
        printf("%s: already ingested (file %lld)\n", path, (long long)f->submission_id);
    else if (!f->outcome)
        printf("%s: not stored: %s\n", path, f->message ? ot_show(&sh, f->message) : "?");
    else
        printf("%s: %s%s%s, %zu errors, %zu warnings; %s%s%s%s%s (file %lld)\n", path, f->outcome,
               f->template_name[0] ? " " : "", ot_show(&sh, f->template_name), f->errors,
               f->warnings, f->supplier_id ? "supplier " : "UNLINKED",
               f->supplier_id ? ot_show(&sh, f->supplier_id) : "",
               f->unlinked_reason[0] ? " (" : "", f->unlinked_reason,
               f->unlinked_reason[0] ? ")" : "", (long long)f->submission_id);
    if (f->outcome && !strcmp(f->outcome, "unreadable") && f->message)
        printf("    %s\n", ot_show(&sh, f->message));
    ot_shown_free(&sh);
}

static void on_file(const ot_ingest_file *f, size_t done, size_t total, void *ctx)
{
    state *s = ctx;
    if (!s->started) {
        cli_progress_start(&s->progress, "ingest", total);
        s->started = true;
    }
    bool attention =
        !f->duplicate && (!f->outcome || strcmp(f->outcome, "valid") != 0 || !f->supplier_id);
    if (!s->json && (s->verbose || attention)) print_file(s, f);
    cli_progress_tick(&s->progress, done);
}

static void print_summary(const ot_ingest_summary *sum)
{
    printf("%zu files: %zu ingested (%zu valid, %zu invalid, %zu unreadable), %zu already "
           "ingested%s; %zu linked to a supplier, %zu unlinked, %zu superseded earlier files.\n",
           sum->files, sum->ingested, sum->valid, sum->invalid, sum->unreadable, sum->duplicates,
           sum->failed ? ", some not stored" : "", sum->linked, sum->unlinked, sum->superseded);
    printf("time: %.1f s (vault %.1f s; per-file reading %.1f s, validation %.1f s, "
           "matching %.1f s across threads; database %.1f s)\n",
           sum->total_s, sum->vault_s, sum->read_s, sum->validate_s, sum->match_s, sum->db_s);
    if (sum->unlinked) printf("Link the unlinked files: oretrace campaign files --unlinked\n");
}

/* Exit status 2 some file or folder unreadable, 3 some file invalid, 4 the batch
 * stopped (or could not start). */
static int finish(const cli_call *call, ot_code c, const ot_error *err, const ot_ingest_result *res)
{
    if (c != OT_OK && !res->listed) {
        cli_errorf(call->name, "%s", err->message);
        return OT_EXIT_UNREADABLE;
    }
    size_t skipped_bad = cli_files_report_skipped(call->name, &res->files);
    if (c != OT_OK) cli_campaign_failed(call, err, &res->campaign);
    if (!res->ran) return OT_EXIT_FAILURE;
    /* what the batch did is reported also when it stopped */
    const ot_ingest_summary *sum = &res->summary;
    int st = c != OT_OK                                      ? OT_EXIT_FAILURE
             : sum->unreadable || sum->failed || skipped_bad ? OT_EXIT_UNREADABLE
             : sum->invalid                                  ? OT_EXIT_INVALID
                                                             : OT_EXIT_OK;
    if (!cli_flag(call, "json")) {
        print_summary(sum);
        return st;
    }
    int pj = cli_print_jsonl(ot_ingest_result_to_json(res));
    return pj != OT_EXIT_OK ? pj : st;
}

int run_ingest(const cli_call *call)
{
    ot_ingest_request req = {.paths = (const char *const *)call->args,
                             .n_paths = (size_t)call->nargs,
                             .follow_links = cli_flag(call, "follow-symlinks"),
                             .supplier_id = cli_opt(call, "supplier")};
    int rc = cli_today(call, &req.today);
    req.campaign = cli_campaign_selector(call);
    if (rc == OT_EXIT_OK && !cli_files_threads(call, &req.threads)) rc = OT_EXIT_USAGE;
    ot_app *app = NULL;
    if (rc == OT_EXIT_OK) rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    state s = {.json = cli_flag(call, "json"), .verbose = cli_flag(call, "verbose")};
    req.on_file = on_file;
    req.ctx = &s;
    ot_ingest_result res;
    ot_error err = {0};
    ot_code c = ot_app_ingest(app, &req, &res, &err);
    if (s.started) cli_progress_end(&s.progress);
    ot_app_close(app);
    rc = finish(call, c, &err, &res);
    ot_ingest_result_free(&res);
    return rc;
}
