/* cli_refdata_log.c - `oretrace refdata sources` and `oretrace refdata undo IMPORT_ID`:
 * the lists the reference data in use were built from, each with the IMPORT_ID of the
 * workspace import that brought it in, and undoing the latest import (use cases in
 * app/refdata.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/refdata.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_refdata.h"
#include "cli_store.h"
#include "cmdtable.h"

static void print_import(const ot_refdata_import_entry *e)
{
    printf("  %-9lld  %-10s  %-8s  %s%s; imported %s by %s", e->id, e->as_of, e->kind, e->label,
           e->partial ? " (partial)" : "", e->imported_at, e->imported_by);
    if (e->undone_at[0]) printf("; undone %s by %s", e->undone_at, e->undone_by);
    printf("\n");
}

static void print_source(const ot_refdata_source_line *l)
{
    const ot_refdata_import_entry *e = l->import;
    char id[24] = "-";
    if (e) snprintf(id, sizeof id, "%lld", e->id);
    printf("  %-9s  %-10s  %-8s  %s (%lld rows)", id, l->as_of, l->kind, l->source, l->rows);
    if (e)
        printf("%s; imported %s by %s", e->partial ? ", partial" : "", e->imported_at,
               e->imported_by);
    printf("\n");
}

static void print_sources(const ot_refdata_sources_result *r)
{
    printf("%s\n", r->from_snapshot
                       ? "Shipped snapshot (nothing imported into this workspace is in force):"
                       : "Lists the reference data in use were built from:");
    printf("  IMPORT_ID  list date   kind      source   (IMPORT_ID -: shipped with oretrace)\n");
    bool header = false;
    for (size_t i = 0; i < r->count; i++) {
        const ot_refdata_source_line *l = &r->lines[i];
        if (l->in_force) {
            print_source(l);
            continue;
        }
        if (!header)
            printf("Imports no longer in force (undone, or replaced by a --fresh import):\n");
        header = true;
        print_import(l->import);
    }
    printf("%zu smelter IDs (%zu current), %zu names, %zu status entries.\n", r->smelters,
           r->current, r->names, r->statuses);
    if (r->undoable) printf("Undo the latest import with: oretrace refdata undo IMPORT_ID\n");
}

int run_refdata_sources(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app_if_any(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_sources_result res;
    ot_error err = {0};
    ot_code c = ot_app_refdata_sources(app, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_refdata_sources_result_to_json(&res));
    else
        print_sources(&res);
    ot_refdata_sources_result_free(&res);
    return rc;
}

static bool parse_id(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 1) return false;
    *out = v;
    return true;
}

static void print_undo(const ot_refdata_undo_result *r)
{
    const ot_refdata_import_entry *e = &r->import;
    printf("Undid import %lld (%s, list of %s, imported %s by %s): ", e->id, e->label, e->as_of,
           e->imported_at, e->imported_by);
    if (r->to_snapshot)
        printf("nothing imported is in force any more; the shipped snapshot is used.\n");
    else
        printf("the reference data are as they were before it (%zu smelter IDs, %zu sources).\n",
               r->smelters, r->sources);
}

int run_refdata_undo(const cli_call *call)
{
    ot_refdata_undo_request req;
    if (!parse_id(call->args[0], &req.import_id)) {
        cli_errorf(call->name, "'%s' is not an IMPORT_ID (a number from oretrace refdata sources)",
                   call->args[0]);
        return OT_EXIT_USAGE;
    }
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_refdata_undo_result res;
    ot_error err = {0};
    ot_code c = ot_app_refdata_undo(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) {
        /* refused (not the latest, already undone, unknown) or failed: never bad input */
        cli_errorf(call->name, "%s", err.message);
        return OT_EXIT_FAILURE;
    }
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_refdata_undo_result_to_json(&res));
    print_undo(&res);
    return OT_EXIT_OK;
}
