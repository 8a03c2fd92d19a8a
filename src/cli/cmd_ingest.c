/* cmd_ingest.c - `oretrace ingest`: take returned workbooks into a campaign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "cli.h"
#include "cli_campaign.h"
#include "cli_files.h"
#include "cli_smelterref.h"
#include "cli_store.h"
#include "store/audit.h"
#include "util/jsonout.h"
#include "util/printable.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: oretrace ingest [--campaign YEAR] [--supplier ID] [--follow-symlinks]\n"
            "                       FILE|FOLDER... [--json]\n\n"
            "Takes returned CMRT/EMRT workbooks (.xlsx, .xlsm, .xls; folders are searched\n"
            "recursively) into a campaign. Only regular files are taken: a symbolic link\n"
            "inside a folder is skipped with a note (--follow-symlinks follows them), and a\n"
            "FIFO or device is refused. A sub-folder that cannot be opened or a link loop\n"
            "is reported and the rest is ingested. For every file:\n"
            "  - its exact bytes are kept in the vault first (WORKSPACE/vault), whatever\n"
            "    happens next; the same bytes ingested again are reported as duplicates;\n"
            "  - it is read, validated (see `oretrace validate`) and its smelters are\n"
            "    resolved against the reference list (`oretrace refdata`);\n"
            "  - it is linked to its supplier: --supplier, else the upload token (OT-...)\n"
            "    in the file name or anywhere in the declaration, else the contact e-mail's\n"
            "    domain, else the declaration's unique ID equal to a supplier_id, else the\n"
            "    company name (normalised; the confidence is shown). Files that match no\n"
            "    supplier are kept as unlinked: list them with `oretrace campaign files\n"
            "    --unlinked` and link them with `oretrace campaign link FILE_ID SUPPLIER`;\n"
            "  - a later file from a supplier supersedes its earlier ones; the supplier's\n"
            "    status follows the newest: responded_valid, corrected, declined (no 3TG)\n"
            "    or responded_invalid.\n"
            "Files are read on all cores; each file is written in its own transaction, so\n"
            "an interrupted run is completed by running it again.\n\n"
            "Exit status: 0 all files valid, 2 some file (or sub-folder) unreadable, 3 some\n"
            "file invalid, 4 the batch stopped (database, disk).\n\n"
            "options:\n"
            "  --campaign YEAR     the campaign (default: the most recent)\n"
            "  --supplier ID       every file comes from this supplier\n"
            "  --jobs N            reader threads (default: one per core)\n"
            "  --verbose           one line per file (default: only files needing attention)\n"
            "  --follow-symlinks   follow symbolic links found in folders\n"
            "  --today YYYY-MM-DD  the date status changes are recorded under\n"
            "  --workspace DIR     the workspace folder (default $ORETRACE_WORKSPACE or .)\n"
            "  --json              machine-readable output\n"
            "  -h, --help          this help\n");
}

typedef struct state {
    bool json, verbose;
    json_t *files;
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
        printf("%s: %s%s%s, %zu errors, %zu warnings; %s%s (file %lld)\n", path, f->outcome,
               f->template_name[0] ? " " : "", ot_show(&sh, f->template_name), f->errors,
               f->warnings, f->supplier_id ? "supplier " : "UNLINKED",
               f->supplier_id ? ot_show(&sh, f->supplier_id) : "", (long long)f->submission_id);
    if (f->outcome && !strcmp(f->outcome, "unreadable") && f->message)
        printf("    %s\n", ot_show(&sh, f->message));
    ot_shown_free(&sh);
}

static void on_file(const ot_ingest_file *f, size_t done, size_t total, void *ctx)
{
    state *s = ctx;
    (void)total;
    if (s->json) {
        json_t *o = json_object();
        json_object_set_new(o, "file", ot_json_text(f->path));
        json_object_set_new(o, "sha256", json_string(f->sha256));
        json_object_set_new(o, "duplicate", json_boolean(f->duplicate));
        json_object_set_new(o, "submission_id", f->submission_id ? json_integer(f->submission_id) : json_null());
        json_object_set_new(o, "outcome", f->outcome ? json_string(f->outcome) : json_null());
        json_object_set_new(o, "template", f->template_name[0] ? json_string(f->template_name) : json_null());
        json_object_set_new(o, "errors", json_integer((json_int_t)f->errors));
        json_object_set_new(o, "warnings", json_integer((json_int_t)f->warnings));
        json_object_set_new(o, "smelters", json_integer((json_int_t)f->smelters));
        json_object_set_new(o, "smelters_resolved", json_integer((json_int_t)f->smelters_resolved));
        json_object_set_new(o, "supplier_id", f->supplier_id ? json_string(f->supplier_id) : json_null());
        json_object_set_new(o, "link", f->link_method ? json_string(f->link_method) : json_null());
        json_object_set_new(o, "confidence", f->supplier_id ? json_real(ot_round_to(f->link_confidence, 3)) : json_null());
        json_object_set_new(o, "message", ot_json_text(f->message));
        json_array_append_new(s->files, o);
    } else {
        bool attention = !f->duplicate && (!f->outcome || strcmp(f->outcome, "valid") != 0 ||
                                           !f->supplier_id);
        if (s->verbose || attention) print_file(s, f);
    }
    cli_progress_tick(&s->progress, done);
}

/* The folder entries left out, for --json: [{path, why, problem}]. */
static json_t *skipped_json(const ot_pathlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n_skipped; i++)
        json_array_append_new(a, json_pack("{s:o, s:s, s:b}", "path", ot_json_text(l->skipped[i].path),
                                           "why", l->skipped[i].why, "problem", l->skipped[i].problem));
    return a;
}

int cmd_ingest(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help(stdout);
        return OT_EXIT_OK;
    }
    static const struct option table[] = {
        CLI_COMMON_OPTIONS,
        {"campaign", required_argument, NULL, 'c'}, {"supplier", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'J'},     {"verbose", no_argument, NULL, 'v'},
        {"follow-symlinks", no_argument, NULL, 'L'}, {NULL, 0, NULL, 0},
    };
    cli_common c = {0};
    int campaign = 0;
    long jobs = 0;
    const char *supplier = NULL;
    bool follow_links = false;
    state s = {0};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", table, NULL)) != -1) {
        if (cli_common_option(ch, optarg, &c)) continue;
        char *end;
        switch (ch) {
        case 'v': s.verbose = true; break;
        case 'L': follow_links = true; break;
        case 's': supplier = optarg; break;
        case 'c':
            if (cli_parse_campaign_year("ingest", optarg, &campaign) != OT_EXIT_OK)
                return OT_EXIT_USAGE;
            break;
        case 'J':
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > 256) {
                cli_errorf("ingest", "--jobs needs a number of threads 1-256, not '%s'", optarg);
                return OT_EXIT_USAGE;
            }
            break;
        default:
            cli_errorf("ingest", "unknown or incomplete option '%s' (see oretrace ingest --help)",
                       argv[optind - 1]);
            return OT_EXIT_USAGE;
        }
    }
    s.json = c.json;
    int st = cli_resolve_today("ingest", &c);
    if (st != OT_EXIT_OK) return st;
    if (optind >= argc) {
        cli_errorf("ingest", "give the files or folders to ingest (see oretrace ingest --help)");
        return OT_EXIT_USAGE;
    }
    ot_error err = {0};
    ot_pathlist list = {0};
    if (ot_ingest_collect((const char *const *)argv + optind, (size_t)(argc - optind),
                          follow_links, &list, &err) != OT_OK) {
        cli_errorf("ingest", "%s", err.message);
        ot_pathlist_free(&list);
        return OT_EXIT_UNREADABLE;
    }
    char **paths = list.items;
    size_t n = list.n;
    ot_workspace *ws;
    if ((st = cli_open_workspace("ingest", c.workspace, &ws)) != OT_EXIT_OK) {
        ot_pathlist_free(&list);
        return st;
    }
    ot_campaign_info info;
    ot_refdata *rd = NULL;
    cli_smelterref *ref = NULL;
    if (ot_campaign_get(ws, campaign, &info, &err) != OT_OK) {
        cli_errorf("ingest", "%s", err.message);
        st = OT_EXIT_FAILURE;
    } else if (ot_refdata_open(ws->dir, &rd, NULL, &err) != OT_OK) {
        cli_errorf("ingest", "smelter reference data: %s", err.message);
        st = OT_EXIT_FAILURE;
    }
    if (st == OT_EXIT_OK) {
        ref = cli_smelterref_new(rd); /* NULL (out of memory): reference rules skipped */
        ot_ingest_options o = {.supplier_id = supplier, .threads = (unsigned)jobs, .today = c.today,
                               .source = "cli", .refdata = rd,
                               .smelters = cli_smelterref_get(ref)};
        if (ot_db_open(ws->db_path, &o.vault_db, &err) != OT_OK) {
            cli_errorf("ingest", "%s", err.message);
            st = OT_EXIT_FAILURE;
            goto done;
        }
        ot_db_set_lock_wait(o.vault_db, ws->config.lock_wait_seconds);
        ot_ingest_summary sum;
        s.files = s.json ? json_array() : NULL;
        size_t skipped_bad = cli_files_report_skipped("ingest", &list);
        cli_progress_start(&s.progress, "ingest", n);
        ot_code rc = ot_ingest(ws, &info, (const char *const *)paths, n, &o, ot_audit_os_actor(),
                               on_file, &s, &sum, &err);
        cli_progress_end(&s.progress);
        ot_db_close(o.vault_db);
        if (rc != OT_OK) cli_errorf("ingest", "%s", err.message);
        st = rc != OT_OK ? OT_EXIT_FAILURE
             : sum.unreadable || sum.failed || skipped_bad ? OT_EXIT_UNREADABLE
             : sum.invalid ? OT_EXIT_INVALID : OT_EXIT_OK;
        if (s.json) {
            json_t *o2 = json_object();
            json_object_set_new(o2, "campaign", json_integer(info.year));
            json_object_set_new(
                o2, "summary",
                json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "files",
                          (json_int_t)sum.files, "ingested", (json_int_t)sum.ingested, "duplicates",
                          (json_int_t)sum.duplicates, "valid", (json_int_t)sum.valid, "invalid",
                          (json_int_t)sum.invalid, "unreadable", (json_int_t)sum.unreadable,
                          "linked", (json_int_t)sum.linked, "unlinked", (json_int_t)sum.unlinked,
                          "superseded", (json_int_t)sum.superseded, "failed", (json_int_t)sum.failed));
            json_object_set_new(o2, "seconds",
                                json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "vault",
                                          ot_round_to(sum.vault_s, 3), "read", ot_round_to(sum.read_s, 3),
                                          "validate", ot_round_to(sum.validate_s, 3), "match",
                                          ot_round_to(sum.match_s, 3), "database",
                                          ot_round_to(sum.db_s, 3), "total", ot_round_to(sum.total_s, 3)));
            json_object_set_new(o2, "files", s.files);
            json_object_set_new(o2, "skipped", skipped_json(&list));
            int pj = cli_print_json(o2);
            if (pj != OT_EXIT_OK) st = pj;
        } else {
            printf("%zu files: %zu ingested (%zu valid, %zu invalid, %zu unreadable), %zu already "
                   "ingested%s; %zu linked to a supplier, %zu unlinked, %zu superseded earlier files.\n",
                   sum.files, sum.ingested, sum.valid, sum.invalid, sum.unreadable, sum.duplicates,
                   sum.failed ? ", some not stored" : "", sum.linked, sum.unlinked, sum.superseded);
            printf("time: %.1f s (vault %.1f s; per-file reading %.1f s, validation %.1f s, "
                   "matching %.1f s across threads; database %.1f s)\n",
                   sum.total_s, sum.vault_s, sum.read_s, sum.validate_s, sum.match_s, sum.db_s);
            if (sum.unlinked)
                printf("Link the unlinked files: oretrace campaign files --unlinked\n");
        }
    }
done:
    cli_smelterref_free(ref);
    ot_refdata_free(rd);
    ot_workspace_close(ws);
    ot_pathlist_free(&list);
    return st;
}
