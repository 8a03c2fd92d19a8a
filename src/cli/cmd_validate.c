/* cmd_validate.c - `oretrace validate FILE|DIR...`: per file VALID, VALID (n warnings),
 * INVALID (n errors) or UNREADABLE with the findings, or one JSON object per line; with
 * --feedback a correction letter per invalid file (use case app/validate.h). Also
 * `validate --list-rules`: the rule catalogue. */
#include <stdlib.h>

#include "app/files.h"
#include "app/validate.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_files.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"
#include "util/strbuf.h"

typedef struct validate_out {
    const cli_call *call;
    bool json;
    cli_progress progress;
} validate_out;

static void print_verdict(const ot_validate_file *r)
{
    const ot_findings *f = &r->findings;
    if (r->status == OT_FILE_VALID && f->warnings == 0)
        printf("VALID");
    else if (r->status == OT_FILE_VALID)
        printf("VALID (%zu warning%s)", f->warnings, f->warnings == 1 ? "" : "s");
    else if (f->warnings)
        printf("INVALID (%zu error%s, %zu warning%s)", f->errors, f->errors == 1 ? "" : "s",
               f->warnings, f->warnings == 1 ? "" : "s");
    else
        printf("INVALID (%zu error%s)", f->errors, f->errors == 1 ? "" : "s");
}

static void print_text(const ot_validate_file *r)
{
    ot_shown sh = {0};
    if (r->status == OT_FILE_UNREADABLE) {
        printf("%s: UNREADABLE (%s: %s)\n", ot_show(&sh, r->path), ot_error_code_name(r->err.code),
               ot_show(&sh, r->err.message));
        ot_shown_free(&sh);
        return;
    }
    printf("%s: ", ot_show(&sh, r->path));
    print_verdict(r);
    printf("  [%s %s]\n", r->family, ot_show(&sh, r->version));
    const ot_findings *f = &r->findings;
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

static void emit_file(const ot_validate_file *f, void *ctx)
{
    validate_out *out = ctx;
    if (out->json)
        cli_print_jsonl(ot_validate_file_to_json(f));
    else
        print_text(f);
    if (f->letter_err.code)
        cli_errorf(out->call->name, "%s: feedback letter not written: %s", f->path,
                   f->letter_err.message);
    cli_files_done(&out->progress, f->index + 1);
}

static void print_totals(const cli_call *call, const ot_validate_result *res, size_t skipped)
{
    if (!cli_flag(call, "json"))
        printf("%zu file%s: %zu valid, %zu invalid, %zu unreadable\n", res->files,
               res->files == 1 ? "" : "s", res->valid, res->invalid, res->unreadable + skipped);
    if (cli_flag(call, "timing"))
        fprintf(stderr,
                "timing: read %.1f ms, validate %.1f ms (%.1f%% of reading) over %zu files\n",
                res->read_ms, res->validate_ms,
                res->read_ms > 0 ? res->validate_ms / res->read_ms * 100 : 0.0, res->files);
}

/* The smelter list for the reference checks; without one they are skipped, with a note. */
static ot_reference *open_reference(const cli_call *call)
{
    ot_reference *ref = NULL;
    ot_error err = {0};
    if (cli_open_reference(call, &ref, &err) != OT_OK)
        cli_errorf(call->name, "smelter reference not available (%s); smelter ID checks skipped",
                   err.message);
    return ref;
}

static int check_files(const cli_call *call, const ot_pathlist *paths, unsigned threads)
{
    validate_out out = {.call = call, .json = cli_flag(call, "json")};
    const char *today = getenv("ORETRACE_TODAY");
    ot_validate_request req = {.files = paths,
                               .threads = threads,
                               .today = today && *today ? today : NULL,
                               .feedback_dir = cli_opt(call, "feedback"),
                               .emit = emit_file,
                               .ctx = &out};
    ot_error err = {0};
    ot_validate_result res;
    if (req.feedback_dir && !*req.feedback_dir) {
        cli_errorf(call->name, "--feedback needs a folder");
        return OT_EXIT_USAGE;
    }
    req.reference = open_reference(call);
    size_t skipped = cli_files_report_skipped(call->name, paths);
    cli_progress_start(&out.progress, call->name, paths->n);
    ot_code c = ot_app_validate(NULL, &req, &res, &err);
    cli_progress_end(&out.progress);
    ot_reference_free(req.reference);
    if (c != OT_OK) return cli_fail(call, &err);
    print_totals(call, &res, skipped);
    if (res.unreadable || skipped) return OT_EXIT_UNREADABLE;
    if (res.letters_failed) return OT_EXIT_FAILURE;
    return res.invalid ? OT_EXIT_INVALID : OT_EXIT_OK;
}

static int list_rules(const cli_call *call)
{
    if (call->nargs) {
        cli_errorf(call->name, "--list-rules takes no files");
        return OT_EXIT_USAGE;
    }
    if (cli_flag(call, "markdown")) {
        ot_strbuf sb = {0};
        ot_rules_markdown(&sb);
        fputs(ot_sb_str(&sb), stdout);
        bool failed = sb.failed;
        ot_sb_free(&sb);
        return failed ? OT_EXIT_FAILURE : OT_EXIT_OK;
    }
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_rules_to_json());
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++)
        printf("%-40s %-7s %s\n", info.code, ot_severity_name(info.severity), info.meaning);
    return OT_EXIT_OK;
}

int run_validate(const cli_call *call)
{
    if (cli_flag(call, "list-rules")) return list_rules(call);
    if (cli_flag(call, "markdown")) {
        cli_errorf(call->name, "--markdown goes with --list-rules");
        return OT_EXIT_USAGE;
    }
    unsigned threads;
    if (!cli_files_threads(call, &threads)) return OT_EXIT_USAGE;
    ot_pathlist paths = {0};
    int rc = cli_files_list(call, &paths);
    if (rc < 0) rc = check_files(call, &paths, threads);
    ot_pathlist_free(&paths);
    return rc;
}
