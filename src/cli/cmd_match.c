/* cmd_match.c - `oretrace match`: resolve smelter names typed by suppliers against the
 * RMI reference list, one name from the command line or a TSV batch (use case
 * app/match.h); as text or JSON lines, with --timing where the time went. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/match.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"

/* What the options ask for, checked. */
typedef struct match_opts {
    char date[11];    /* "" = latest */
    double threshold; /* 0 = default */
    long repeat;
} match_opts;

/* Where the time of opening the reference went (--timing). */
typedef struct ref_timing {
    double load_ms, index_ms, cpu_ms;
} ref_timing;

static double clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int parse_opts(const cli_call *call, match_opts *o)
{
    *o = (match_opts){0};
    const char *t = cli_opt(call, "threshold"), *d = cli_opt(call, "date");
    if (t) {
        char *end;
        o->threshold = strtod(t, &end);
        if (end == t || *end || !(o->threshold > 0 && o->threshold <= 1)) {
            cli_errorf(call->name, "--threshold wants a number in (0, 1], not '%s'", t);
            return OT_EXIT_USAGE;
        }
    }
    if (!cli_opt_long(call, "repeat", 1, 100000, 1, &o->repeat)) return OT_EXIT_USAGE;
    if (d && !ot_refdata_parse_date(d, o->date)) {
        cli_errorf(call->name, "--date '%s' is not a date (use YYYY-MM-DD)", d);
        return OT_EXIT_USAGE;
    }
    if (cli_opt(call, "tsv") && call->nargs) {
        cli_errorf(call->name, "give either NAME or --tsv FILE, not both");
        return OT_EXIT_USAGE;
    }
    if (!cli_opt(call, "tsv") && !call->nargs && !cli_opt(call, "id") && !cli_opt(call, "lookup")) {
        cli_errorf(call->name, "give a NAME, --id ID or --tsv FILE (see oretrace help match)");
        return OT_EXIT_USAGE;
    }
    return OT_EXIT_OK;
}

/* Opens the reference and builds its matcher, timed. */
static int open_reference(const cli_call *call, ot_reference **ref, ref_timing *t)
{
    double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    ot_error err = {0};
    ot_matcher *m;
    ot_code rc = cli_open_reference(call, ref, &err);
    t->load_ms = clock_ms(CLOCK_MONOTONIC) - t0;
    double t1 = clock_ms(CLOCK_MONOTONIC);
    if (rc == OT_OK) rc = ot_reference_matcher(*ref, &m, &err);
    t->index_ms = clock_ms(CLOCK_MONOTONIC) - t1;
    t->cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (rc == OT_OK) return OT_EXIT_OK;
    cli_errorf(call->name, "%s", err.message);
    return err.code == OT_E_IO ? OT_EXIT_UNREADABLE : cli_exit_code(err.code);
}

/* ---- one name ------------------------------------------------------------------------- */

static void print_smelter(const ot_match_outcome *o, ot_shown *sh)
{
    const ot_smelter *s = o->match.smelter;
    printf("  resolved:   %s  %s (%s, %s)%s\n", ot_show(sh, s->id), ot_show(sh, s->standard_name),
           ot_show(sh, s->metal), *s->country ? ot_show(sh, s->country) : "country unknown",
           s->state == OT_SMELTER_CURRENT   ? ""
           : s->state == OT_SMELTER_RETIRED ? "  [retired]"
                                            : "  [merged]");
    const ot_status_entry *st = ot_refdata_status(o->refdata, s->id, o->date);
    if (st)
        printf("  RMAP:       %s as of %s (%s)\n", ot_rmap_status_name(st->status),
               ot_show(sh, st->as_of), ot_show(sh, st->source));
    else
        printf("  RMAP:       no status known\n");
}

static void print_single(const ot_match_outcome *o)
{
    char why[512];
    const ot_match_input *in = &o->input;
    const ot_match_result *r = &o->match;
    ot_shown sh = {0};
    printf("%s\n", ot_show(&sh, in->name          ? in->name
                                : in->lookup_name ? in->lookup_name
                                                  : in->smelter_id));
    if (r->smelter)
        print_smelter(o, &sh);
    else
        printf("  unresolved\n");
    printf("  method:     %s, confidence %.2f\n", ot_match_method_name(r->method), r->confidence);
    printf("  why:        %s\n", ot_show(&sh, ot_match_explain(in, r, why, sizeof why)));
    if (r->candidate_count) printf("  candidates:\n");
    for (size_t i = 0; i < r->candidate_count; i++) {
        const ot_match_candidate *c = &r->candidates[i];
        printf("    %.2f  %s  %s (%s, %s)\n", c->score, ot_show(&sh, c->smelter->id),
               ot_show(&sh, c->smelter->standard_name), ot_show(&sh, c->smelter->metal),
               ot_show(&sh, c->smelter->country));
    }
    ot_shown_free(&sh);
}

static int match_one(const cli_call *call, const match_opts *o, ot_reference *ref)
{
    ot_match_request req = {
        .reference = ref,
        .input = {cli_opt(call, "metal"), cli_opt(call, "id"), cli_opt(call, "lookup"),
                  call->nargs ? call->args[0] : NULL, cli_opt(call, "country")},
        .date = o->date[0] ? o->date : NULL,
        .threshold = o->threshold,
    };
    ot_match_outcome res;
    ot_error err = {0};
    if (ot_app_match(NULL, &req, &res, &err) != OT_OK) return cli_fail(call, &err);
    int rc = OT_EXIT_OK;
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_match_outcome_to_json(&res));
    else
        print_single(&res);
    ot_match_outcome_free(&res);
    return rc;
}

/* ---- a TSV batch ---------------------------------------------------------------------- */

/* Standard input, whole, up to 64 MiB. */
static char *read_stdin(size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0;) {
        n += got;
        if (n < cap) continue;
        if (cap >= (64u << 20)) break;
        char *p = realloc(buf, cap * 2 + 1);
        if (!p) free(buf);
        buf = p;
        cap *= 2;
    }
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

/* One field of the TSV output: control characters escaped (a tab or line break would
 * shift the columns, an escape sequence would reach the terminal). */
static void print_tsv_field(const char *s)
{
    ot_shown sh = {0};
    fputs(ot_show(&sh, s), stdout);
    ot_shown_free(&sh);
}

static void print_row_text(const ot_match_batch_result *res, size_t i)
{
    char why[512];
    const ot_match_input *in = &res->inputs[i];
    const ot_match_result *r = &res->matches[i];
    const ot_smelter *s = r->smelter;
    const ot_status_entry *st = s ? ot_refdata_status(res->refdata, s->id, res->date) : NULL;
    printf("%zu\t", i + 1);
    print_tsv_field(in->name && *in->name ? in->name : in->lookup_name);
    printf("\t");
    print_tsv_field(s ? s->id : "-");
    printf("\t");
    print_tsv_field(s ? s->standard_name : "");
    printf("\t%s\t%s\t%.2f\t%s\t", s ? s->metal : (r->metal ? r->metal : ""),
           ot_match_method_name(r->method), r->confidence,
           st ? ot_rmap_status_name(st->status) : "");
    print_tsv_field(ot_match_explain(in, r, why, sizeof why));
    putchar('\n');
}

/* The bar starts when the batch's size is known (its first tick). */
typedef struct batch_progress {
    cli_progress bar;
    bool started;
} batch_progress;

static void progress_tick(size_t done, size_t total, void *ctx)
{
    batch_progress *p = ctx;
    if (!p->started) cli_progress_start(&p->bar, "matching", total);
    p->started = true;
    cli_progress_tick(&p->bar, done);
}

static void print_batch_timing(const ref_timing *t, const ot_match_batch_result *res, long repeat)
{
    double lookups = (double)res->n * (double)repeat;
    fprintf(stderr,
            "timing: load %.2f ms, index %.2f ms (cpu %.2f ms together); match %.2f ms "
            "wall, %.2f ms cpu for %.0f look-ups (%.0f look-ups/s per cpu second)\n",
            t->load_ms, t->index_ms, t->cpu_ms, res->match_ms, res->match_cpu_ms, lookups,
            res->match_cpu_ms > 0 ? lookups / (res->match_cpu_ms / 1e3) : 0);
}

static int print_batch(const cli_call *call, const ot_match_batch_result *res)
{
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_match_batch_to_json(res));
    printf("row\tname\tsmelter_id\tstandard_name\tmetal\tmethod\tconfidence\tstatus\twhy\n");
    for (size_t i = 0; i < res->n; i++)
        print_row_text(res, i);
    return fflush(stdout) == 0 ? OT_EXIT_OK : OT_EXIT_FAILURE;
}

static int match_batch(const cli_call *call, const match_opts *o, ot_reference *ref,
                       const ref_timing *t)
{
    const char *tsv = cli_opt(call, "tsv");
    batch_progress progress = {0};
    ot_match_batch_request req = {.reference = ref,
                                  .name = tsv,
                                  .path = tsv,
                                  .date = o->date[0] ? o->date : NULL,
                                  .threshold = o->threshold,
                                  .repeat = o->repeat,
                                  .progress = progress_tick,
                                  .ctx = &progress};
    char *input = NULL;
    if (strcmp(tsv, "-") == 0 && !(req.data = input = read_stdin(&req.len))) {
        cli_errorf(call->name, "out of memory reading standard input");
        return OT_EXIT_FAILURE;
    }
    ot_match_batch_result res;
    ot_error err = {0};
    ot_code c = ot_app_match_batch(NULL, &req, &res, &err);
    if (progress.started) cli_progress_end(&progress.bar);
    free(input);
    if (c != OT_OK) {
        cli_errorf(call->name, "%s", err.message);
        return c == OT_E_NOMEM ? OT_EXIT_FAILURE : OT_EXIT_UNREADABLE; /* the file's fault */
    }
    if (cli_flag(call, "timing")) print_batch_timing(t, &res, o->repeat);
    int rc = print_batch(call, &res);
    ot_match_batch_free(&res);
    return rc;
}

int run_match(const cli_call *call)
{
    match_opts o;
    int rc = parse_opts(call, &o);
    if (rc != OT_EXIT_OK) return rc;
    ot_reference *ref = NULL;
    ref_timing t;
    rc = open_reference(call, &ref, &t);
    if (rc == OT_EXIT_OK)
        rc = cli_opt(call, "tsv") ? match_batch(call, &o, ref, &t) : match_one(call, &o, ref);
    ot_reference_free(ref);
    return rc;
}
