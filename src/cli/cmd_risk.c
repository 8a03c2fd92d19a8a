/* cmd_risk.c - `oretrace risk countries import|list` and `oretrace risk watchlist
 * import|list`: the CAHRA list and the watch list the roll-up's red flags use (use
 * cases: app/risklists.h). */
#include <stdio.h>
#include <string.h>

#include "app/risklists.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

static int import(const cli_call *call, ot_risklist_kind kind, const char *date_option)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_risklist_import_request req = {.kind = kind,
                                      .file = call->args[0],
                                      .source = cli_opt(call, "source"),
                                      .as_of = cli_opt(call, date_option)};
    ot_risklist_import_result res;
    ot_error err = {0};
    ot_code c = ot_app_risklist_import(app, &req, &res, &err);
    ot_app_close(app);
    if (c == OT_E_INVALID) {
        cli_errorf(call->name, "%s; nothing was imported, the list in force is unchanged",
                   err.message);
        return OT_EXIT_INVALID;
    }
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_risklist_import_result_to_json(&res));
    printf("%s imported (import %lld): %zu entries from %s; it is now the list in force.\n",
           kind == OT_RISKLIST_WATCH ? "Watch list" : "CAHRA list", (long long)res.import.id,
           res.import.entries, res.import.file);
    return OT_EXIT_OK;
}

int run_risk_countries_import(const cli_call *call)
{
    return import(call, OT_RISKLIST_CAHRA, "as-of");
}

int run_risk_watchlist_import(const cli_call *call)
{
    return import(call, OT_RISKLIST_WATCH, "date");
}

static void print_entries(const ot_risklist_list_result *r)
{
    for (size_t i = 0; r->cahra && i < ot_risk_cahra_count(r->cahra); i++) {
        const ot_cahra_entry *e = ot_risk_cahra_at(r->cahra, i);
        printf("  %s  %-32.32s %-24.24s %s, %s\n", e->alpha2, e->country,
               e->region[0] ? e->region : "(whole country)", e->source, e->as_of);
    }
    for (size_t i = 0; r->watch && i < ot_risk_watch_count(r->watch); i++) {
        const ot_watch_entry *e = ot_risk_watch_at(r->watch, i);
        printf("  %-10s %-32.32s %-9s %s (%s, %s)\n", e->smelter_id[0] ? e->smelter_id : "-",
               e->name[0] ? e->name : "-", e->metal[0] ? e->metal : "any", e->reason, e->source,
               e->date);
    }
}

static int list(const cli_call *call, ot_risklist_kind kind)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_risklist_list_request req = {.kind = kind};
    ot_risklist_list_result res;
    ot_error err = {0};
    ot_code c = ot_app_risklist_list(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) {
        rc = cli_print_jsonl(ot_risklist_list_result_to_json(&res));
    } else if (!res.current.id) {
        printf("No %s imported: the roll-up uses none.\n",
               kind == OT_RISKLIST_WATCH ? "watch list" : "CAHRA list");
    } else {
        printf("In force: import %lld, %s (%zu entries, imported %.10s by %s)\n",
               (long long)res.current.id, res.current.file, res.current.entries,
               res.current.imported_at, res.current.imported_by);
        print_entries(&res);
        if (res.history_count > 1)
            printf("%zu earlier imports are kept (risk_list_import).\n", res.history_count - 1);
    }
    ot_risklist_list_result_free(&res);
    return rc;
}

int run_risk_countries_list(const cli_call *call)
{
    return list(call, OT_RISKLIST_CAHRA);
}

int run_risk_watchlist_list(const cli_call *call)
{
    return list(call, OT_RISKLIST_WATCH);
}
