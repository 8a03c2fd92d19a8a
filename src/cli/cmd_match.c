/* cmd_match.c - `oretrace match`: resolve smelter names typed by suppliers against the
 * RMI reference list, one name from the command line or a TSV batch. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "cli_refdata.h"
#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/printable.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace match [--metal M] [--country C] [--id ID] NAME\n"
            "       oretrace match --tsv FILE [--json]\n\n"
            "Resolves smelter names as suppliers type them to RMI smelter IDs: which smelter,\n"
            "how (method), how sure (confidence 0-1), its RMAP status, and the runner-up\n"
            "candidates. Methods: id, alias-exact, normalized, fuzzy, cross-metal,\n"
            "unresolved. A name that fits nothing well enough stays unresolved: a wrong\n"
            "match is worse than none (docs/refdata.md explains the threshold).\n\n"
            "The reference list is the workspace's (after `oretrace refdata import`) or the\n"
            "snapshot shipped with oretrace.\n\n"
            "options:\n"
            "  --metal M        metal of the row (garbled spellings are recognised)\n"
            "  --country C      country the supplier gave\n"
            "  --id ID          smelter ID the supplier typed\n"
            "  --lookup NAME    the row's Smelter Look-up choice, when it differs from NAME\n"
            "  --tsv FILE       batch: a TSV file with the header row\n"
            "                   metal<TAB>name<TAB>country<TAB>smelter_id (lookup_name\n"
            "                   optional, other columns ignored; FILE - reads stdin); one\n"
            "                   result per row, in order\n"
            "  --json           JSON (one object per line with --tsv)\n"
            "  --date D         RMAP status as known on date D (YYYY-MM-DD; default latest)\n"
            "  --threshold T    resolution threshold (default %.2f; for evaluation)\n"
            "  --timing         print load, index and matching times on stderr\n"
            "  --repeat N       match the batch N times (benchmarks; output once)\n"
            "  --workspace DIR  the workspace folder\n"
            "  -h, --help       this help\n",
            0.80);
}

typedef struct match_opts {
    const char *metal, *country, *id, *lookup, *tsv, *date, *workspace;
    double threshold;
    bool json, timing;
    long repeat;
} match_opts;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: what one core spent, whatever else the machine runs. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- TSV batch --------------------------------------------------------------------- */

enum { C_METAL, C_NAME, C_COUNTRY, C_ID, C_LOOKUP, C__COUNT };

static const char *const tsv_names[C__COUNT][4] = {
    [C_METAL] = {"metal", NULL},
    [C_NAME] = {"name", "smelter_name", "smelter name", NULL},
    [C_COUNTRY] = {"country", "smelter_country", "smelter country", NULL},
    [C_ID] = {"smelter_id", "smelter id", "id", NULL},
    [C_LOOKUP] = {"lookup_name", "smelter look-up", "lookup", NULL},
};

typedef struct tsv_rows {
    char *data;
    ot_match_input *in;
    size_t n;
} tsv_rows;

static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static int read_stdin(unsigned char **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap + 1);
    if (!buf) return -1;
    for (size_t got; (got = fread(buf + n, 1, cap - n, stdin)) > 0;) {
        n += got;
        if (n == cap) {
            if (cap >= (64u << 20)) break;
            unsigned char *p = realloc(buf, cap * 2 + 1);
            if (!p) {
                free(buf);
                return -1;
            }
            buf = p;
            cap *= 2;
        }
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

static int load_tsv(const char *path, tsv_rows *rows)
{
    unsigned char *data;
    size_t len;
    ot_error err = {0};
    if (strcmp(path, "-") == 0) {
        if (read_stdin(&data, &len) != 0) {
            cli_errorf("match", "out of memory reading standard input");
            return OT_EXIT_FAILURE;
        }
    } else if (ot_read_file(path, 64u << 20, &data, &len, &err) != OT_OK) {
        cli_errorf("match", "%s", err.message);
        return OT_EXIT_UNREADABLE;
    }
    rows->data = (char *)data;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += data[i] == '\n';
    rows->in = calloc(lines + 1, sizeof *rows->in);
    if (!rows->in) {
        cli_errorf("match", "out of memory");
        return OT_EXIT_FAILURE;
    }
    int col[C__COUNT];
    bool header = false;
    size_t line_no = 0;
    for (char *line = rows->data, *next; line; line = next) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        next = nl ? nl + 1 : NULL;
        line_no++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r') line[--l] = '\0';
        if (!header && line_no == 1 && l >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* a UTF-8 byte-order mark (only a whole one: the file may end sooner) */
            l -= 3;
        }
        if (!l && !next) break;
        char *f[64];
        size_t nf = split_tabs(line, f, 64);
        if (!header) {
            for (int c = 0; c < C__COUNT; c++) {
                col[c] = -1;
                for (size_t i = 0; i < nf && col[c] < 0; i++)
                    for (int k = 0; tsv_names[c][k]; k++)
                        if (strcasecmp(f[i], tsv_names[c][k]) == 0) col[c] = (int)i;
            }
            if (col[C_NAME] < 0 && col[C_ID] < 0 && col[C_LOOKUP] < 0) {
                cli_errorf("match", "%s: the first line must be a header with at least a "
                           "'name' or 'smelter_id' column (metal, name, country, smelter_id)",
                           path);
                return OT_EXIT_UNREADABLE;
            }
            header = true;
            continue;
        }
        ot_match_input *in = &rows->in[rows->n++];
        const char **slots[C__COUNT] = {&in->metal, &in->name, &in->country, &in->smelter_id,
                                        &in->lookup_name};
        for (int c = 0; c < C__COUNT; c++)
            *slots[c] = col[c] >= 0 && (size_t)col[c] < nf ? f[col[c]] : NULL;
    }
    if (!header) {
        cli_errorf("match", "%s is empty (expected a header row)", path);
        return OT_EXIT_UNREADABLE;
    }
    return OT_EXIT_OK;
}

/* One field of the TSV output: control characters escaped (a tab or line break would
 * shift the columns, an escape sequence would reach the terminal). */
static void print_tsv_field(const char *s)
{
    ot_shown sh = {0};
    fputs(ot_show(&sh, s), stdout);
    ot_shown_free(&sh);
}

static void print_row_text(const ot_refdata *rd, size_t row, const ot_match_input *in,
                           const ot_match_result *r, const char *date)
{
    char why[512];
    const ot_smelter *s = r->smelter;
    const ot_status_entry *st = s ? ot_refdata_status(rd, s->id, date) : NULL;
    printf("%zu\t", row);
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

static int run_batch(const match_opts *o, ot_refdata *rd, ot_matcher *m, double t_load,
                     double t_index, double c_load_index)
{
    tsv_rows rows = {0};
    int rc = load_tsv(o->tsv, &rows);
    if (rc != OT_EXIT_OK) {
        free(rows.data);
        free(rows.in);
        return rc;
    }
    ot_match_result *res = calloc(rows.n + 1, sizeof *res);
    if (!res) {
        cli_errorf("match", "out of memory");
        free(rows.data);
        free(rows.in);
        return OT_EXIT_FAILURE;
    }
    cli_progress p;
    cli_progress_start(&p, "matching", rows.n * (size_t)o->repeat);
    double t0 = now_ms(), c0 = cpu_ms();
    for (long rep = 0; rep < o->repeat; rep++)
        for (size_t i = 0; i < rows.n; i++) {
            ot_match(m, &rows.in[i], &res[i]);
            if ((i & 1023) == 0) cli_progress_tick(&p, (size_t)rep * rows.n + i);
        }
    double t_match = now_ms() - t0, c_match = cpu_ms() - c0;
    cli_progress_end(&p);
    if (o->timing) {
        double lookups = (double)rows.n * (double)o->repeat;
        fprintf(stderr,
                "timing: load %.2f ms, index %.2f ms (cpu %.2f ms together); match %.2f ms "
                "wall, %.2f ms cpu for %.0f look-ups (%.0f look-ups/s per cpu second)\n",
                t_load, t_index, c_load_index, t_match, c_match, lookups,
                c_match > 0 ? lookups / (c_match / 1e3) : 0);
    }
    if (!o->json) printf("row\tname\tsmelter_id\tstandard_name\tmetal\tmethod\tconfidence\tstatus\twhy\n");
    for (size_t i = 0; i < rows.n; i++) {
        if (o->json) {
            json_t *j = cli_match_json(rd, &rows.in[i], &res[i], o->date);
            json_object_set_new(j, "row", json_integer((json_int_t)i + 1));
            char *text = ot_json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (text) puts(text);
            free(text);
            json_decref(j);
        } else print_row_text(rd, i + 1, &rows.in[i], &res[i], o->date);
    }
    free(res);
    free(rows.data);
    free(rows.in);
    return fflush(stdout) == 0 ? OT_EXIT_OK : OT_EXIT_FAILURE;
}

static void print_single(const ot_refdata *rd, const ot_match_input *in, const ot_match_result *r,
                         const char *date)
{
    char why[512];
    const ot_smelter *s = r->smelter;
    ot_shown sh = {0};
    printf("%s\n", ot_show(&sh, in->name ? in->name : (in->lookup_name ? in->lookup_name : in->smelter_id)));
    if (s) {
        printf("  resolved:   %s  %s (%s, %s)%s\n", ot_show(&sh, s->id), ot_show(&sh, s->standard_name),
               ot_show(&sh, s->metal), *s->country ? ot_show(&sh, s->country) : "country unknown",
               s->state == OT_SMELTER_CURRENT ? "" : s->state == OT_SMELTER_RETIRED
                                                         ? "  [retired]" : "  [merged]");
        const ot_status_entry *st = ot_refdata_status(rd, s->id, date);
        if (st) printf("  RMAP:       %s as of %s (%s)\n", ot_rmap_status_name(st->status),
                       ot_show(&sh, st->as_of), ot_show(&sh, st->source));
        else printf("  RMAP:       no status known\n");
    } else printf("  unresolved\n");
    printf("  method:     %s, confidence %.2f\n", ot_match_method_name(r->method), r->confidence);
    printf("  why:        %s\n", ot_show(&sh, ot_match_explain(in, r, why, sizeof why)));
    if (r->candidate_count) {
        printf("  candidates:\n");
        for (size_t i = 0; i < r->candidate_count; i++) {
            const ot_match_candidate *c = &r->candidates[i];
            printf("    %.2f  %s  %s (%s, %s)\n", c->score, ot_show(&sh, c->smelter->id),
                   ot_show(&sh, c->smelter->standard_name), ot_show(&sh, c->smelter->metal),
                   ot_show(&sh, c->smelter->country));
        }
    }
    ot_shown_free(&sh);
}

static int parse_args(int argc, char **argv, match_opts *o, const char **name)
{
    static const struct option opts[] = {
        {"metal", required_argument, NULL, 'm'},   {"country", required_argument, NULL, 'c'},
        {"id", required_argument, NULL, 'i'},      {"lookup", required_argument, NULL, 'l'},
        {"tsv", required_argument, NULL, 't'},     {"json", no_argument, NULL, 'j'},
        {"date", required_argument, NULL, 'd'},    {"threshold", required_argument, NULL, 'T'},
        {"timing", no_argument, NULL, 'M'},        {"repeat", required_argument, NULL, 'r'},
        {"workspace", required_argument, NULL, 'w'}, {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': o->metal = optarg; break;
        case 'c': o->country = optarg; break;
        case 'i': o->id = optarg; break;
        case 'l': o->lookup = optarg; break;
        case 't': o->tsv = optarg; break;
        case 'j': o->json = true; break;
        case 'd': o->date = optarg; break;
        case 'M': o->timing = true; break;
        case 'w': o->workspace = optarg; break;
        case 'T': {
            char *end;
            o->threshold = strtod(optarg, &end);
            if (*end || o->threshold <= 0 || o->threshold > 1) {
                cli_errorf("match", "--threshold wants a number in (0, 1], not '%s'", optarg);
                return OT_EXIT_USAGE;
            }
            break;
        }
        case 'r': {
            char *end;
            o->repeat = strtol(optarg, &end, 10);
            if (*end || o->repeat < 1 || o->repeat > 100000) {
                cli_errorf("match", "--repeat wants a count from 1 to 100000, not '%s'", optarg);
                return OT_EXIT_USAGE;
            }
            break;
        }
        default:
            cli_errorf("match", "unknown or incomplete option '%s' (see oretrace match --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    if (o->date) {
        static char iso[11];
        if (!ot_refdata_parse_date(o->date, iso)) {
            cli_errorf("match", "--date '%s' is not a date (use YYYY-MM-DD)", o->date);
            return OT_EXIT_USAGE;
        }
        o->date = iso;
    }
    if (o->tsv) {
        if (optind < argc) {
            cli_errorf("match", "give either NAME or --tsv FILE, not both");
            return OT_EXIT_USAGE;
        }
        return OT_EXIT_OK;
    }
    if (argc - optind > 1) {
        cli_errorf("match", "one NAME at a time (quote names with spaces), or use --tsv");
        return OT_EXIT_USAGE;
    }
    *name = optind < argc ? argv[optind] : NULL;
    if (!*name && !o->id && !o->lookup) {
        cli_errorf("match", "give a NAME, --id ID or --tsv FILE (see oretrace match --help)");
        return OT_EXIT_USAGE;
    }
    return OT_EXIT_OK;
}

int cmd_match(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help(stdout);
        return OT_EXIT_OK;
    }
    match_opts o = {.repeat = 1};
    const char *name = NULL;
    int rc = parse_args(argc, argv, &o, &name);
    if (rc != OT_EXIT_OK) return rc;

    double t0 = now_ms(), c0 = cpu_ms();
    ot_refdata *rd;
    rc = cli_refdata_open("match", o.workspace, &rd, NULL);
    if (rc != OT_EXIT_OK) return rc;
    double t_load = now_ms() - t0;
    t0 = now_ms();
    ot_matcher *m;
    ot_error err = {0};
    if (ot_matcher_build(rd, &m, &err) != OT_OK) {
        cli_errorf("match", "%s", err.message);
        ot_refdata_free(rd);
        return OT_EXIT_FAILURE;
    }
    double t_index = now_ms() - t0, c_load_index = cpu_ms() - c0;
    if (o.threshold > 0) ot_matcher_set_threshold(m, o.threshold);

    if (o.tsv) rc = run_batch(&o, rd, m, t_load, t_index, c_load_index);
    else {
        ot_match_input in = {o.metal, o.id, o.lookup, name, o.country};
        ot_match_result r;
        ot_match(m, &in, &r);
        if (o.json) {
            json_t *j = cli_match_json(rd, &in, &r, o.date);
            char *text = ot_json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            if (text) puts(text);
            free(text);
            json_decref(j);
        } else print_single(rd, &in, &r, o.date);
        rc = OT_EXIT_OK;
    }
    ot_matcher_free(m);
    ot_refdata_free(rd);
    return rc;
}
