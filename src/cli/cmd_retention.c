/* cmd_retention.c - `oretrace retention report`: what is kept and until when. */
#include <stdio.h>

#include "app/retention.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

static void print_text(const ot_retention_result *r)
{
    printf("Retention period: %d years (records from before %.10s are past it).\n\n", r->years,
           r->cutoff);
    printf("%-12s %8s  %-10s  %-10s  %-17s  %s\n", "records", "count", "oldest", "newest",
           "keep oldest until", "past retention");
    long long past = 0;
    for (size_t i = 0; i < r->class_count; i++) {
        const ot_retention_class *c = &r->classes[i];
        printf("%-12s %8lld  %-10.10s  %-10.10s  %-17.10s  %lld\n", c->name, (long long)c->count,
               *c->oldest ? c->oldest : "-", *c->newest ? c->newest : "-",
               *c->keep_oldest_until ? c->keep_oldest_until : "-", (long long)c->past_retention);
        past += c->past_retention;
    }
    if (past)
        printf("\n%lld records are past their retention period and could be deleted under your "
               "policy; oretrace keeps them until a person decides.\n",
               past);
    else
        printf("\nNothing is past its retention period: nothing may be deleted yet.\n");
}

int run_retention_report(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_retention_result r;
    ot_error err = {0};
    ot_code c = ot_app_retention_report(app, NULL, &r, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json")) return cli_print_jsonl(ot_retention_result_to_json(&r));
    print_text(&r);
    return OT_EXIT_OK;
}
