/* cmd_validate.c - `oretrace validate FILE|DIR... [--json] [--feedback DIR]`: check
 * supplier templates against the rule table (validate/validate.h) and say, per file,
 * VALID, VALID (n warnings), INVALID (n errors) or UNREADABLE, with the findings; or one
 * JSON object per line; optionally write a correction letter per invalid file.
 *
 * Files are read once each (hashed and parsed from the same buffer), in parallel, and
 * reported in the order given. Each worker frees the workbook and declaration before the
 * next file, so memory stays bounded by the reader limits times the thread count. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "cli_files.h"
#include "cli_smelterref.h"
#include "refdata/refdata.h"
#include "util/fileio.h"
#include "util/jsonout.h"
#include "util/printable.h"
#include "util/strbuf.h"
#include "validate/validate.h"

static const char usage_text[] =
    "usage: oretrace validate [--json] [--feedback DIR] [--threads N] FILE|DIR...\n"
    "       oretrace validate --list-rules [--markdown | --json]\n"
    "\n"
    "Checks RMI reporting templates (CMRT, CRT, EMRT, AMRT) the way a compliance team\n"
    "reviews them: everything the template's own Checker requires, answers outside the\n"
    "drop-down lists, formats (e-mail, phone, dates, placeholders), the Smelter List\n"
    "(metals, countries, smelter IDs against the RMI reference, duplicates),\n"
    "contradictions between answers, and text that would run as a spreadsheet formula.\n"
    "Rules and codes: docs/findings.md. A folder stands for the .xlsx/.xlsm/.xls files\n"
    "in it (sorted, not recursive; symbolic links in it are skipped with a note). Only\n"
    "regular files are read: a FIFO or a device is refused.\n"
    "\n"
    "Per file: VALID, VALID (n warnings), INVALID (n errors) or UNREADABLE (the reader's\n"
    "reason), then the findings (severity, sheet!cell, message, rule code), then a totals\n"
    "line. Text from the files is shown with control characters escaped (\\n, \\u001b).\n"
    "\n"
    "options:\n"
    "  --json           one JSON object per line and file: file, sha256, template\n"
    "                   {type, version, exact}, status (valid|invalid|unreadable),\n"
    "                   findings [{code, severity, sheet, cell, field, metal, message,\n"
    "                   fix}], and error {code, message} for unreadable files\n"
    "  --feedback DIR   write DIR/<file>.txt and DIR/<file>.html for each invalid file:\n"
    "                   a polite letter to the supplier listing each problem, where it\n"
    "                   is and how to fix it\n"
    "  --workspace DIR  smelter reference of this workspace (default: $ORETRACE_WORKSPACE,\n"
    "                   else \".\"; without one, the reference shipped with oretrace)\n"
    "  --threads N      check N files at a time (default: $ORETRACE_THREADS, else all cores)\n"
    "  --follow-symlinks  also check the workbooks symbolic links in a folder lead to\n"
    "  --list-rules     print the rule catalogue (--markdown: docs/findings.md)\n"
    "  --timing         print on stderr the time spent reading and validating (for bench/)\n"
    "  -h, --help       show this help\n"
    "\n"
    "Dates in the future are judged against today (UTC), or $ORETRACE_TODAY (YYYY-MM-DD).\n"
    "\n"
    "exit status: 0 every file valid, 3 some file invalid, 2 some file (or sub-folder)\n"
    "unreadable (takes precedence over 3), 1 usage error, 4 a feedback letter could not be\n"
    "written.\n";

typedef struct validate_opts {
    bool json, list_rules, markdown, timing;
    const char *feedback_dir, *workspace;
    cli_files files;
} validate_opts;

typedef enum { ST_VALID, ST_INVALID, ST_UNREADABLE } file_status;

typedef struct vresult {
    file_status status;
    bool have_sha, have_template;
    char sha[65];
    ot_error err;
    char family[8], version[16];
    bool exact;
    char *company, *contact;
    ot_findings findings;
    double read_ms, validate_ms; /* reading + template model, rule table */
} vresult;

typedef struct validate_run {
    const validate_opts *opts;
    ot_validate_ctx vctx;
    size_t valid, invalid, unreadable, letters_failed;
    double read_ms, validate_ms;
    char **stems; /* feedback file names used so far */
    size_t nstems;
} validate_run;

/* ---- arguments ---------------------------------------------------------------------- */

/* Value of an option given as "--opt V" or "--opt=V"; NULL when missing. */
static const char *opt_value(const char *a, const char *name, int argc, char **argv, int *i)
{
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=') return a + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* Returns -1 when parsed, else the exit code to return. */
static int parse_args(int argc, char **argv, validate_opts *o)
{
    for (int i = 1; i < argc; i++) {
        int rc = cli_files_arg("validate", &o->files, argc, argv, &i);
        if (rc == CLI_ARG_TAKEN) continue;
        if (rc != CLI_ARG_OTHER) return rc;
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--list-rules") == 0) {
            o->list_rules = true;
        } else if (strcmp(a, "--timing") == 0) {
            o->timing = true;
        } else if (strcmp(a, "--markdown") == 0) {
            o->markdown = true;
        } else if (is_opt(a, "--feedback")) {
            o->feedback_dir = opt_value(a, "--feedback", argc, argv, &i);
            if (!o->feedback_dir || !*o->feedback_dir) {
                cli_errorf("validate", "--feedback needs a folder");
                return OT_EXIT_USAGE;
            }
        } else if (is_opt(a, "--workspace")) {
            o->workspace = opt_value(a, "--workspace", argc, argv, &i);
            if (!o->workspace) {
                cli_errorf("validate", "--workspace needs a folder");
                return OT_EXIT_USAGE;
            }
        } else {
            cli_errorf("validate", "unknown option '%s' (see oretrace validate --help)", a);
            return OT_EXIT_USAGE;
        }
    }
    if (o->list_rules) {
        if (o->files.args.n) {
            cli_errorf("validate", "--list-rules takes no files");
            return OT_EXIT_USAGE;
        }
        return -1;
    }
    if (o->markdown) {
        cli_errorf("validate", "--markdown goes with --list-rules");
        return OT_EXIT_USAGE;
    }
    int rc = o->files.args.n ? cli_files_list("validate", &o->files) : -1;
    if (rc >= 0) return rc;
    if (o->files.paths.n == 0 && o->files.paths.n_skipped == 0) {
        cli_errorf("validate", "no input files (see oretrace validate --help)");
        return OT_EXIT_USAGE;
    }
    return -1;
}

/* ---- one file (worker thread) --------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static void *validate_one(size_t i, void *ctx)
{
    validate_run *run = ctx;
    const char *path = run->opts->files.paths.items[i];
    vresult *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    ot_findings_init(&r->findings);
    ot_error_clear(&r->err);
    r->status = ST_UNREADABLE;
    double t0 = now_ms();
    cli_workbook w;
    if (cli_workbook_read(path, &w, &r->err) == OT_OK) {
        const ot_declaration *d = w.decl;
        r->have_template = true;
        snprintf(r->family, sizeof r->family, "%s", ot_family_name(d->family));
        snprintf(r->version, sizeof r->version, "%s",
                 d->version[0] ? d->version : d->layout_version);
        r->exact = d->exact;
        r->company = dup_or_null(d->fields[OT_F_COMPANY_NAME].value);
        r->contact = dup_or_null(d->fields[OT_F_CONTACT_NAME].value);
        double t1 = now_ms();
        r->read_ms = t1 - t0;
        ot_validate(d, &run->vctx, &r->findings);
        r->validate_ms = now_ms() - t1;
        r->status = ot_findings_valid(&r->findings) ? ST_VALID : ST_INVALID;
    }
    r->have_sha = w.have_sha;
    memcpy(r->sha, w.sha, sizeof r->sha);
    cli_workbook_close(&w);
    return r;
}

static void free_result(vresult *r)
{
    if (!r) return;
    ot_findings_free(&r->findings);
    free(r->company);
    free(r->contact);
    free(r);
}

/* ---- output ------------------------------------------------------------------------------ */

static const char *status_word(file_status s)
{
    return s == ST_VALID ? "valid" : s == ST_INVALID ? "invalid" : "unreadable";
}

static json_t *finding_json(const ot_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(f->code));
    json_object_set_new(o, "severity", json_string(ot_severity_name(f->severity)));
    json_object_set_new(o, "sheet", f->sheet[0] ? json_string(f->sheet) : json_null());
    json_object_set_new(o, "cell", f->cell[0] ? json_string(f->cell) : json_null());
    json_object_set_new(o, "field", f->field[0] ? json_string(f->field) : json_null());
    json_object_set_new(o, "metal", f->metal[0] ? json_string(f->metal) : json_null());
    json_object_set_new(o, "message", ot_json_text(f->message));
    json_object_set_new(o, "fix", ot_json_text(f->fix));
    return o;
}

static void print_json(const char *path, const vresult *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", ot_json_text(path));
    json_object_set_new(o, "sha256", r->have_sha ? json_string(r->sha) : json_null());
    if (r->have_template) {
        json_t *t = json_object();
        json_object_set_new(t, "type", json_string(r->family));
        json_object_set_new(t, "version", json_string(r->version));
        json_object_set_new(t, "exact", json_boolean(r->exact));
        json_object_set_new(o, "template", t);
    } else {
        json_object_set_new(o, "template", json_null());
    }
    json_object_set_new(o, "status", json_string(status_word(r->status)));
    json_t *list = json_array();
    for (size_t k = 0; k < r->findings.count; k++)
        json_array_append_new(list, finding_json(&r->findings.items[k]));
    json_object_set_new(o, "findings", list);
    if (r->findings.dropped)
        json_object_set_new(o, "findings_not_listed", json_integer((json_int_t)r->findings.dropped));
    if (r->status == ST_UNREADABLE) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(ot_error_code_name(r->err.code)));
        json_object_set_new(e, "message", ot_json_text(r->err.message));
        json_object_set_new(o, "error", e);
    }
    char *s = ot_json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s) puts(s);
    free(s);
}

static void print_human(const char *path, const vresult *r)
{
    ot_shown sh = {0};
    if (r->status == ST_UNREADABLE) {
        printf("%s: UNREADABLE (%s: %s)\n", ot_show(&sh, path), ot_error_code_name(r->err.code),
               ot_show(&sh, r->err.message));
        ot_shown_free(&sh);
        return;
    }
    const ot_findings *f = &r->findings;
    printf("%s: ", ot_show(&sh, path));
    if (r->status == ST_VALID && f->warnings == 0)
        printf("VALID");
    else if (r->status == ST_VALID)
        printf("VALID (%zu warning%s)", f->warnings, f->warnings == 1 ? "" : "s");
    else if (f->warnings)
        printf("INVALID (%zu error%s, %zu warning%s)", f->errors, f->errors == 1 ? "" : "s",
               f->warnings, f->warnings == 1 ? "" : "s");
    else
        printf("INVALID (%zu error%s)", f->errors, f->errors == 1 ? "" : "s");
    printf("  [%s %s]\n", r->family, ot_show(&sh, r->version));
    for (size_t k = 0; k < f->count; k++) {
        const ot_finding *x = &f->items[k];
        char where[96];
        if (x->cell[0])
            snprintf(where, sizeof where, "%s!%s", x->sheet, x->cell);
        else
            snprintf(where, sizeof where, "%s", x->sheet[0] ? x->sheet : "-");
        printf("  %-7s %-22s %s [%s]\n", ot_severity_name(x->severity), ot_show(&sh, where),
               ot_show(&sh, x->message), x->code);
    }
    if (f->dropped) printf("  ... and %zu more findings not listed\n", f->dropped);
    ot_shown_free(&sh);
}

/* ---- feedback letters -------------------------------------------------------------------- */

/* The file's name without folder and extension, reduced to safe characters, made unique
 * among the letters of this run. */
static char *letter_stem(validate_run *run, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    if (n > 120) n = 120;
    char stem[160];
    size_t o = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)base[k];
        stem[o++] = (c >= 0x80 || c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9') ||
                     (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                        ? (char)c
                        : '_';
    }
    stem[o] = '\0';
    if (!o || stem[0] == '.') stem[0] = '_', stem[1] = '\0';
    char unique[176];
    snprintf(unique, sizeof unique, "%s", stem);
    for (unsigned k = 2;; k++) {
        bool used = false;
        for (size_t s = 0; s < run->nstems && !used; s++) used = strcmp(run->stems[s], unique) == 0;
        if (!used) break;
        snprintf(unique, sizeof unique, "%s-%u", stem, k);
    }
    char **grown = realloc(run->stems, (run->nstems + 1) * sizeof *grown);
    if (!grown) return NULL;
    run->stems = grown;
    run->stems[run->nstems] = strdup(unique);
    return run->stems[run->nstems] ? run->stems[run->nstems++] : NULL;
}

static bool write_letter(const char *dir, const char *stem, const char *ext, const ot_strbuf *sb,
                         ot_error *err)
{
    size_t n = strlen(dir) + strlen(stem) + strlen(ext) + 3;
    char *path = malloc(n);
    if (!path) return !ot_fail(err, OT_E_NOMEM, "out of memory");
    snprintf(path, n, "%s/%s%s", dir, stem, ext);
    bool ok = !sb->failed && ot_write_file_atomic(path, sb->data ? sb->data : "", sb->len, err) == OT_OK;
    if (sb->failed) ot_fail(err, OT_E_NOMEM, "out of memory while writing %s", path);
    free(path);
    return ok;
}

static void write_feedback(validate_run *run, const char *path, const vresult *r)
{
    const char *base = strrchr(path, '/');
    char tmpl[32];
    snprintf(tmpl, sizeof tmpl, "%s %s", r->family, r->version);
    ot_feedback_info info = {r->company, r->contact, base ? base + 1 : path, tmpl};
    const char *stem = letter_stem(run, path);
    ot_strbuf text = {0}, html = {0};
    ot_error err;
    ot_error_clear(&err);
    bool ok = stem != NULL;
    if (ok) {
        ot_feedback_text(&info, &r->findings, &text);
        ot_feedback_html(&info, &r->findings, &html);
        ok = write_letter(run->opts->feedback_dir, stem, ".txt", &text, &err) &&
             write_letter(run->opts->feedback_dir, stem, ".html", &html, &err);
    }
    if (!ok) {
        run->letters_failed++;
        cli_errorf("validate", "%s: feedback letter not written: %s", path,
                   err.message[0] ? err.message : "out of memory");
    }
    ot_sb_free(&text);
    ot_sb_free(&html);
}

static void emit_one(size_t i, void *result, void *ctx)
{
    validate_run *run = ctx;
    vresult *r = result;
    const char *path = run->opts->files.paths.items[i];
    if (!r) {
        cli_errorf("validate", "%s: out of memory", path);
        run->unreadable++;
        return;
    }
    if (run->opts->json)
        print_json(path, r);
    else
        print_human(path, r);
    if (r->status == ST_VALID) run->valid++;
    if (r->status == ST_INVALID) run->invalid++;
    if (r->status == ST_UNREADABLE) run->unreadable++;
    if (r->status == ST_INVALID && run->opts->feedback_dir) write_feedback(run, path, r);
    run->read_ms += r->read_ms;
    run->validate_ms += r->validate_ms;
    free_result(r);
}

/* ---- the rule catalogue ------------------------------------------------------------------ */

static int list_rules(const validate_opts *o)
{
    if (o->markdown) {
        ot_strbuf sb = {0};
        ot_rules_markdown(&sb);
        fputs(ot_sb_str(&sb), stdout);
        bool failed = sb.failed;
        ot_sb_free(&sb);
        return failed ? OT_EXIT_FAILURE : OT_EXIT_OK;
    }
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++) {
        if (o->json) {
            json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", info.code,
                                  "family", ot_family_name(info.family), "severity",
                                  ot_severity_name(info.severity), "concern", info.concern,
                                  "versions", info.versions, "meaning", info.meaning, "fix",
                                  info.fix);
            char *s = j ? ot_json_dumps(j, JSON_COMPACT) : NULL;
            if (s) puts(s);
            free(s);
            json_decref(j);
        } else {
            printf("%-40s %-7s %s\n", info.code, ot_severity_name(info.severity), info.meaning);
        }
    }
    return OT_EXIT_OK;
}

/* ---- the command ------------------------------------------------------------------------- */

static bool ensure_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return true;
        cli_errorf("validate", "%s: not a folder", dir);
        return false;
    }
    cli_errorf("validate", "%s: cannot create folder: %s", dir, strerror(errno));
    return false;
}

static int run_files(const validate_opts *opts)
{
    if (opts->feedback_dir && !ensure_dir(opts->feedback_dir)) return OT_EXIT_FAILURE;
    ot_refdata *rd = NULL;
    cli_smelterref *ref = NULL;
    ot_error err;
    if (ot_refdata_open(cli_workspace(opts->workspace), &rd, NULL, &err) == OT_OK)
        ref = cli_smelterref_new(rd);
    else
        cli_errorf("validate", "smelter reference not available (%s); smelter ID checks skipped",
                   err.message);
    validate_run run = {.opts = opts};
    run.unreadable = cli_files_report_skipped("validate", &opts->files.paths);
    run.vctx.smelters = cli_smelterref_get(ref);
    const char *today = getenv("ORETRACE_TODAY");
    run.vctx.today = today && *today ? today : NULL;
    size_t nfiles = opts->files.paths.n;
    cli_files_run("validate", &opts->files, validate_one, emit_one, &run);
    if (!opts->json)
        printf("%zu file%s: %zu valid, %zu invalid, %zu unreadable\n", nfiles,
               nfiles == 1 ? "" : "s", run.valid, run.invalid, run.unreadable);
    if (opts->timing)
        fprintf(stderr, "timing: read %.1f ms, validate %.1f ms (%.1f%% of reading) over %zu files\n",
                run.read_ms, run.validate_ms,
                run.read_ms > 0 ? run.validate_ms / run.read_ms * 100 : 0.0, nfiles);
    for (size_t s = 0; s < run.nstems; s++) free(run.stems[s]);
    free(run.stems);
    cli_smelterref_free(ref);
    ot_refdata_free(rd);
    if (run.unreadable) return OT_EXIT_UNREADABLE;
    if (run.letters_failed) return OT_EXIT_FAILURE;
    return run.invalid ? OT_EXIT_INVALID : OT_EXIT_OK;
}

int cmd_validate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return OT_EXIT_OK;
    }
    validate_opts opts = {0};
    cli_files_init(&opts.files);
    int rc = parse_args(argc, argv, &opts);
    if (rc < 0) rc = opts.list_rules ? list_rules(&opts) : run_files(&opts);
    cli_files_free(&opts.files);
    return rc;
}
