/* cmd_inspect.c - `oretrace inspect FILE|DIR... [--json] [--threads N]`: read workbooks
 * and show what they contain (template, company, scope, metals, smelter and product
 * counts), or with --json one JSON object per line for machines.
 *
 * Files are read in parallel and reported in the order given. Each file's bytes are read
 * once: hashed (sha256 in the JSON) and parsed from the same buffer. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_files.h"
#include "util/jsonout.h"
#include "util/printable.h"
#include "util/strbuf.h"
#include "util/text.h"

static const char usage_text[] =
    "usage: oretrace inspect [--json] [--threads N] FILE|DIR...\n"
    "\n"
    "Reads RMI reporting templates (CMRT, CRT, EMRT, AMRT; .xlsx, .xlsm, .xls, also\n"
    "encrypted with Excel's default password) and shows what each contains. A folder\n"
    "stands for the .xlsx/.xlsm/.xls files in it (sorted, not recursive; symbolic links\n"
    "in it are skipped with a note). Only regular files are read: a FIFO or a device is\n"
    "refused. Text from the files is shown with control characters escaped (\\n, \\u001b).\n"
    "\n"
    "options:\n"
    "  --json        one JSON object per line and file, in input order: file, sha256,\n"
    "                template {type, version, exact}, company, minerals, questions,\n"
    "                company_questions, smelters, products (and mines for templates\n"
    "                with a Mine List); empty values are null. An unreadable file gives\n"
    "                {\"file\", \"sha256\" (when its bytes could be read), \"error\":\n"
    "                {\"code\", \"message\"}}.\n"
    "  --threads N   read N files at a time (default: $ORETRACE_THREADS, else all cores)\n"
    "  --follow-symlinks  also read the workbooks symbolic links in a folder lead to\n"
    "  --resolve     resolve each Smelter List row against the RMI smelter list (the\n"
    "                workspace's, else the shipped one): with --json every smelter row\n"
    "                gets a \"resolution\" object as `oretrace match --json` prints it;\n"
    "                as text one line per row (docs/refdata.md)\n"
    "  --workspace DIR  the workspace whose reference list --resolve uses\n"
    "  -h, --help    show this help\n"
    "\n"
    "exit status: 0 every file was read, 1 usage error, 2 some file could not be read\n"
    "(not a workbook, damaged, not an RMI template, too large, not a regular file, a\n"
    "sub-folder that cannot be opened).\n";

struct inspect_resolver;

typedef struct inspect_opts {
    bool json;
    bool resolve;                     /* --resolve (section at the end of this file) */
    const char *workspace;
    struct inspect_resolver *resolver;
    cli_files files;
} inspect_opts;

typedef struct inspect_result {
    char *text; /* what to print on stdout (NULL: nothing) */
    char *err;  /* one line for stderr (human mode), NULL when read */
    bool failed;
} inspect_result;

typedef struct inspect_run {
    const inspect_opts *opts;
    size_t failed;
} inspect_run;

/* ---- arguments ---------------------------------------------------------------------- */

/* Returns -1 when parsed, else the exit code to return. */
static int parse_args(int argc, char **argv, inspect_opts *o)
{
    for (int i = 1; i < argc; i++) {
        int rc = cli_files_arg("inspect", &o->files, argc, argv, &i);
        if (rc == CLI_ARG_TAKEN) continue;
        if (rc != CLI_ARG_OTHER) return rc;
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--resolve") == 0) {
            o->resolve = true;
        } else if (strcmp(a, "--workspace") == 0 && i + 1 < argc) {
            o->workspace = argv[++i];
        } else {
            cli_errorf("inspect", "unknown option '%s' (see oretrace inspect --help)", a);
            return OT_EXIT_USAGE;
        }
    }
    int rc = o->files.args.n ? cli_files_list("inspect", &o->files) : -1;
    if (rc >= 0) return rc;
    if (o->files.paths.n == 0 && o->files.paths.n_skipped == 0) {
        cli_errorf("inspect", "no input files (see oretrace inspect --help)");
        return OT_EXIT_USAGE;
    }
    return -1;
}

/* ---- one file ----------------------------------------------------------------------- */

static char *dump_line(json_t *o)
{
    char *s = ot_json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void error_result(inspect_result *r, const inspect_opts *opts, const char *path,
                         const char *sha, const ot_error *err)
{
    r->failed = true;
    if (opts->json) {
        json_t *o = json_object();
        json_object_set_new(o, "file", ot_json_text(path));
        if (sha) json_object_set_new(o, "sha256", json_string(sha));
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(ot_error_code_name(err->code)));
        json_object_set_new(e, "message", ot_json_text(err->message));
        json_object_set_new(o, "error", e);
        r->text = dump_line(o);
    } else {
        ot_strbuf sb = {0};
        ot_sb_printf(&sb, "%s: %s [%s]", path, err->message, ot_error_code_name(err->code));
        r->err = sb.data;
    }
}

/* Metals whose "intentionally added / necessary" answer is Yes, comma separated. */
static void metals_in_use(const ot_declaration *d, ot_strbuf *sb)
{
    const ot_question *q1 = ot_declaration_question(d, OT_Q_INTENTIONAL);
    size_t n = 0;
    for (size_t m = 0; q1 && m < d->metal_count; m++) {
        const char *a = q1->per_metal[m].answer.value;
        if (!a || !ot_text_equal_loose(a, "Yes")) continue;
        if (n++) ot_sb_puts(sb, ", ");
        ot_sb_put_printable(sb, d->metals[m]);
    }
    if (!n) ot_sb_puts(sb, "none");
}

/* The text of a value from the workbook as it may be shown, "-" when empty. */
static const char *shown(ot_shown *sh, const char *value)
{
    return value ? ot_show(sh, value) : "-";
}

static char *human_summary(const char *path, const ot_declaration *d)
{
    ot_strbuf sb = {0};
    ot_shown sh = {0};
    const ot_value *f = d->fields;
    ot_sb_printf(&sb, "%s\n", ot_show(&sh, path));
    ot_sb_printf(&sb, "  template:  %s %s", ot_family_name(d->family),
                 d->version[0] ? ot_show(&sh, d->version) : "(no revision stated)");
    if (!d->exact) ot_sb_printf(&sb, " (nearest layout: %s)", ot_show(&sh, d->layout_version));
    ot_sb_printf(&sb, "\n  company:   %s\n", shown(&sh, f[OT_F_COMPANY_NAME].value));
    ot_sb_printf(&sb, "  scope:     %s\n", shown(&sh, f[OT_F_SCOPE].value));
    ot_sb_printf(&sb, "  date:      %s\n",
                 d->effective_date[0] ? ot_show(&sh, d->effective_date)
                                      : shown(&sh, f[OT_F_EFFECTIVE_DATE].value));
    ot_sb_puts(&sb, "  minerals:  ");
    for (size_t m = 0; m < d->metal_count; m++)
        ot_sb_printf(&sb, "%s%s", m ? ", " : "", ot_show(&sh, d->metals[m]));
    ot_sb_puts(&sb, d->metal_count ? "\n  in use:    " : "none\n  in use:    ");
    metals_in_use(d, &sb);
    ot_sb_printf(&sb, " (question 1 = Yes)\n  smelters:  %zu row%s\n  products:  %zu row%s\n",
                 d->smelter_count, d->smelter_count == 1 ? "" : "s", d->product_count,
                 d->product_count == 1 ? "" : "s");
    if (d->has_mine_list)
        ot_sb_printf(&sb, "  mines:     %zu row%s\n", d->mine_count, d->mine_count == 1 ? "" : "s");
    if (!d->exact && d->layout_note) ot_sb_printf(&sb, "  note:      %s\n", ot_show(&sh, d->layout_note));
    ot_shown_free(&sh);
    return sb.data;
}

static char *json_summary(const char *path, const char *sha, const ot_declaration *d)
{
    json_t *body = ot_declaration_to_json(d);
    if (!body) return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(path));
    json_object_set_new(o, "sha256", json_string(sha));
    json_object_update(o, body);
    json_decref(body);
    return dump_line(o);
}

static char *resolve_json(const struct inspect_resolver *rs, char *line, const ot_declaration *d);
static char *resolve_text(const struct inspect_resolver *rs, char *text, const ot_declaration *d);
static int resolver_open(inspect_opts *o);
static void resolver_close(inspect_opts *o);

static void *inspect_one(size_t i, void *ctx)
{
    inspect_run *run = ctx;
    const inspect_opts *opts = run->opts;
    const char *path = opts->files.paths.items[i];
    inspect_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    ot_error err;
    ot_error_clear(&err);
    cli_workbook w;
    if (cli_workbook_read(path, &w, &err) != OT_OK) {
        error_result(r, opts, path, w.have_sha ? w.sha : NULL, &err);
    } else {
        const ot_declaration *d = w.decl;
        r->text = opts->json ? json_summary(path, w.sha, d) : human_summary(path, d);
        if (r->text && opts->resolver)
            r->text = opts->json ? resolve_json(opts->resolver, r->text, d)
                                 : resolve_text(opts->resolver, r->text, d);
        if (!r->text) {
            ot_fail(&err, OT_E_NOMEM, "out of memory while formatting");
            error_result(r, opts, path, w.sha, &err);
        }
    }
    cli_workbook_close(&w);
    return r;
}

static void emit_one(size_t i, void *result, void *ctx)
{
    inspect_run *run = ctx;
    inspect_result *r = result;
    if (!r) {
        run->failed++;
        cli_errorf("inspect", "%s: out of memory", run->opts->files.paths.items[i]);
        return;
    }
    if (r->text) {
        fputs(r->text, stdout);
        fputc('\n', stdout);
    }
    if (r->err) cli_errorf("inspect", "%s", r->err);
    if (r->failed) run->failed++;
    free(r->text);
    free(r->err);
    free(r);
}

int cmd_inspect(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return OT_EXIT_OK;
    }
    inspect_opts opts = {0};
    cli_files_init(&opts.files);
    int rc = parse_args(argc, argv, &opts);
    if (rc < 0 && opts.resolve) rc = resolver_open(&opts);
    if (rc < 0) {
        inspect_run run = {.opts = &opts};
        run.failed = cli_files_report_skipped("inspect", &opts.files.paths);
        cli_files_run("inspect", &opts.files, inspect_one, emit_one, &run);
        rc = run.failed ? OT_EXIT_UNREADABLE : OT_EXIT_OK;
    }
    resolver_close(&opts);
    cli_files_free(&opts.files);
    return rc;
}

/* ---- --resolve: Smelter List rows against the RMI list (refdata module) -------------- */

#include "cli_refdata.h"

typedef struct inspect_resolver {
    ot_refdata *rd;
    ot_matcher *m; /* read-only once built; each file uses its own scratch */
} inspect_resolver;

static int resolver_open(inspect_opts *o)
{
    inspect_resolver *rs = calloc(1, sizeof *rs);
    if (!rs) return OT_EXIT_FAILURE;
    o->resolver = rs;
    int rc = cli_refdata_open("inspect", o->workspace, &rs->rd, NULL);
    if (rc != OT_EXIT_OK) return rc;
    ot_error err = {0};
    if (ot_matcher_build(rs->rd, &rs->m, &err) != OT_OK) {
        cli_errorf("inspect", "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    return -1;
}

static void resolver_close(inspect_opts *o)
{
    if (!o->resolver) return;
    ot_matcher_free(o->resolver->m);
    ot_refdata_free(o->resolver->rd);
    free(o->resolver);
    o->resolver = NULL;
}

/* What the row says: the typed ID (column A), else the ID the template looked up. */
static ot_match_input row_input(const ot_smelter_row *row)
{
    const ot_value *c = row->col;
    ot_match_input in = {c[OT_SM_METAL].value, c[OT_SM_ID_INPUT].value,
                         c[OT_SM_LOOKUP_NAME].value, c[OT_SM_NAME].value,
                         c[OT_SM_COUNTRY].value};
    if (!in.smelter_id) in.smelter_id = c[OT_SM_ID].value;
    return in;
}

static char *resolve_json(const inspect_resolver *rs, char *line, const ot_declaration *d)
{
    json_t *o = json_loads(line, 0, NULL);
    free(line);
    json_t *rows = o ? json_object_get(o, "smelters") : NULL;
    ot_match_scratch *sc = ot_match_scratch_new(rs->m);
    if (!o || !sc) {
        json_decref(o);
        ot_match_scratch_free(sc);
        return NULL;
    }
    for (size_t i = 0; i < d->smelter_count && i < json_array_size(rows); i++) {
        ot_match_input in = row_input(&d->smelters[i]);
        ot_match_result r;
        ot_match_r(rs->m, sc, &in, &r);
        json_object_set_new(json_array_get(rows, i), "resolution",
                            cli_match_json(rs->rd, &in, &r, NULL));
    }
    ot_match_scratch_free(sc);
    return dump_line(o);
}

static char *resolve_text(const inspect_resolver *rs, char *text, const ot_declaration *d)
{
    ot_strbuf sb = {0};
    ot_sb_puts(&sb, text);
    free(text);
    ot_match_scratch *sc = ot_match_scratch_new(rs->m);
    if (!sc) {
        ot_sb_free(&sb);
        return NULL;
    }
    size_t resolved = 0;
    for (size_t i = 0; i < d->smelter_count; i++) {
        ot_match_input in = row_input(&d->smelters[i]);
        ot_match_result r;
        ot_match_r(rs->m, sc, &in, &r);
        resolved += r.smelter != NULL;
        char why[512];
        const char *typed = in.name ? in.name : in.lookup_name ? in.lookup_name
                                              : in.smelter_id ? in.smelter_id : "";
        ot_shown sh = {0};
        ot_sb_printf(&sb, "    row %u  %s  '%s' -> %s %s (%s %.2f): %s\n",
                     (unsigned)d->smelters[i].row, shown(&sh, in.metal), ot_show(&sh, typed),
                     r.smelter ? ot_show(&sh, r.smelter->id) : "unresolved",
                     r.smelter ? ot_show(&sh, r.smelter->standard_name) : "",
                     ot_match_method_name(r.method), r.confidence,
                     ot_show(&sh, ot_match_explain(&in, &r, why, sizeof why)));
        ot_shown_free(&sh);
    }
    ot_sb_printf(&sb, "  resolved:  %zu of %zu smelter rows\n", resolved, d->smelter_count);
    ot_match_scratch_free(sc);
    if (sb.failed) {
        ot_sb_free(&sb);
        return NULL;
    }
    /* human_summary's text ends with a newline that emit_one adds again */
    if (sb.len && sb.data[sb.len - 1] == '\n') sb.data[--sb.len] = '\0';
    return sb.data;
}
