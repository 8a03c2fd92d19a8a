/* cmd_inspect.c - `oretrace inspect FILE|DIR...`: what each workbook contains, as text or
 * one JSON object per line and file (use case app/inspect.h), in the order given. */
#include <stdlib.h>

#include "app/inspect.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_files.h"
#include "cli_store.h"
#include "cmdtable.h"
#include "util/printable.h"
#include "util/strbuf.h"
#include "util/text.h"

typedef struct inspect_out {
    const cli_call *call;
    bool json;
    size_t failed; /* files whose output could not be made */
    cli_progress progress;
} inspect_out;

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

static void summary_text(ot_strbuf *sb, const char *path, const ot_declaration *d)
{
    ot_shown sh = {0};
    const ot_value *f = d->fields;
    ot_sb_printf(sb, "%s\n", ot_show(&sh, path));
    ot_sb_printf(sb, "  template:  %s %s", ot_family_name(d->family),
                 d->version[0] ? ot_show(&sh, d->version) : "(no revision stated)");
    if (!d->exact) ot_sb_printf(sb, " (nearest layout: %s)", ot_show(&sh, d->layout_version));
    ot_sb_printf(sb, "\n  company:   %s\n", shown(&sh, f[OT_F_COMPANY_NAME].value));
    ot_sb_printf(sb, "  scope:     %s\n", shown(&sh, f[OT_F_SCOPE].value));
    ot_sb_printf(sb, "  date:      %s\n",
                 d->effective_date[0] ? ot_show(&sh, d->effective_date)
                                      : shown(&sh, f[OT_F_EFFECTIVE_DATE].value));
    ot_sb_puts(sb, "  minerals:  ");
    for (size_t m = 0; m < d->metal_count; m++)
        ot_sb_printf(sb, "%s%s", m ? ", " : "", ot_show(&sh, d->metals[m]));
    ot_sb_puts(sb, d->metal_count ? "\n  in use:    " : "none\n  in use:    ");
    metals_in_use(d, sb);
    ot_sb_printf(sb, " (question 1 = Yes)\n  smelters:  %zu row%s\n  products:  %zu row%s\n",
                 d->smelter_count, d->smelter_count == 1 ? "" : "s", d->product_count,
                 d->product_count == 1 ? "" : "s");
    if (d->has_mine_list)
        ot_sb_printf(sb, "  mines:     %zu row%s\n", d->mine_count, d->mine_count == 1 ? "" : "s");
    if (!d->exact && d->layout_note)
        ot_sb_printf(sb, "  note:      %s\n", ot_show(&sh, d->layout_note));
    ot_shown_free(&sh);
}

/* With --resolve: one line per Smelter List row, then how many resolved. */
static void resolutions_text(ot_strbuf *sb, const ot_inspect_file *f)
{
    const ot_declaration *d = f->decl;
    size_t resolved = 0;
    for (size_t i = 0; i < d->smelter_count; i++) {
        const ot_match_input *in = &f->inputs[i];
        const ot_match_result *r = &f->resolutions[i];
        resolved += r->smelter != NULL;
        char why[512];
        const char *typed = in->name          ? in->name
                            : in->lookup_name ? in->lookup_name
                            : in->smelter_id  ? in->smelter_id
                                              : "";
        ot_shown sh = {0};
        ot_sb_printf(sb, "    row %u  %s  '%s' -> %s %s (%s %.2f): %s\n",
                     (unsigned)d->smelters[i].row, shown(&sh, in->metal), ot_show(&sh, typed),
                     r->smelter ? ot_show(&sh, r->smelter->id) : "unresolved",
                     r->smelter ? ot_show(&sh, r->smelter->standard_name) : "",
                     ot_match_method_name(r->method), r->confidence,
                     ot_show(&sh, ot_match_explain(in, r, why, sizeof why)));
        ot_shown_free(&sh);
    }
    ot_sb_printf(sb, "  resolved:  %zu of %zu smelter rows\n", resolved, d->smelter_count);
}

static bool print_text(const ot_inspect_file *f)
{
    ot_strbuf sb = {0};
    summary_text(&sb, f->path, f->decl);
    if (f->resolutions)
        resolutions_text(&sb, f);
    else
        ot_sb_puts(&sb, "\n"); /* a blank line between files (as before --resolve existed) */
    bool ok = !sb.failed;
    if (ok) fputs(sb.data, stdout);
    ot_sb_free(&sb);
    return ok;
}

static void emit_file(const ot_inspect_file *f, void *ctx)
{
    inspect_out *out = ctx;
    bool ok;
    if (out->json) {
        ok = cli_print_jsonl(ot_inspect_file_to_json(f)) == OT_EXIT_OK;
    } else if (f->decl) {
        ok = print_text(f);
    } else {
        cli_errorf(out->call->name, "%s: %s [%s]", f->path, f->err.message,
                   ot_error_code_name(f->err.code));
        ok = true;
    }
    if (!ok) {
        cli_errorf(out->call->name, "%s: out of memory while formatting", f->path);
        out->failed++;
    }
    cli_files_done(&out->progress, f->index + 1);
}

int run_inspect(const cli_call *call)
{
    ot_inspect_request req = {.resolve = cli_flag(call, "resolve"), .emit = emit_file};
    if (!cli_files_threads(call, &req.threads)) return OT_EXIT_USAGE;
    ot_pathlist paths = {0};
    int rc = cli_files_list(call, &paths);
    ot_error err = {0};
    if (rc < 0 && req.resolve && cli_open_reference(call, &req.reference, &err) != OT_OK) {
        cli_errorf(call->name, "%s", err.message);
        rc = err.code == OT_E_IO ? OT_EXIT_UNREADABLE : cli_exit_code(err.code);
    }
    if (rc < 0) {
        inspect_out out = {.call = call, .json = cli_flag(call, "json")};
        req.files = &paths;
        req.ctx = &out;
        size_t skipped = cli_files_report_skipped(call->name, &paths);
        ot_inspect_result res;
        cli_progress_start(&out.progress, call->name, paths.n);
        ot_code c = ot_app_inspect(NULL, &req, &res, &err);
        cli_progress_end(&out.progress);
        rc = c != OT_OK                                ? cli_fail(call, &err)
             : res.unreadable || skipped || out.failed ? OT_EXIT_UNREADABLE
                                                       : OT_EXIT_OK;
    }
    ot_reference_free(req.reference);
    ot_pathlist_free(&paths);
    return rc;
}
