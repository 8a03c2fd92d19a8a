/* cmd_vault.c - `oretrace vault verify`: print what the check of the database and of
 * every received file in the vault found (use case in app/vault.h). */
#include <stdio.h>
#include <string.h>

#include "app/vault.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

/* The vault verify help in commands.c speaks of 15 minutes. */
_Static_assert(OT_VAULT_TEMP_MIN_AGE == 15 * 60, "update the vault verify help text");

/* The problems one per line, then what to do about each kind seen. */
static void print_problems(const ot_vault_verification *v)
{
    bool unrecorded = false, temp = false, unexpected = false;
    for (size_t i = 0; i < v->problem_count; i++) {
        const ot_vault_problem *p = &v->problems[i];
        printf("%-12s %s\n", p->kind, p->what);
        unrecorded |= strcmp(p->kind, "unrecorded") == 0;
        temp |= strcmp(p->kind, "temp") == 0;
        unexpected |= strcmp(p->kind, "unexpected") == 0;
    }
    if (unrecorded)
        printf("Unrecorded files: ingest them again to record them, or find out who put them "
               "there.\n");
    if (temp)
        printf("Leftover temp files: remove them with `oretrace vault verify --clean-temp`.\n");
    if (unexpected)
        printf("Unexpected entries: oretrace did not write them; move them out of the vault.\n");
}

static void print_text(const ot_vault_verification *v)
{
    const ot_vault_report *r = &v->report;
    for (size_t i = 0; i < v->integrity.count; i++)
        printf("integrity  %s\n", v->integrity.problems[i]);
    print_problems(v);
    if (r->temp_removed) printf("Removed %zu leftover temp files.\n", r->temp_removed);
    printf("Database integrity: %s.\n",
           v->integrity.count ? "PROBLEMS FOUND (listed above)" : "ok");
    printf("Vault %s: %zu files intact, %zu missing, %zu damaged, %zu unrecorded, %zu leftover "
           "temp files, %zu unexpected entries.\n",
           v->intact                  ? "intact"
           : r->missing || r->corrupt ? "DAMAGED"
                                      : "has PROBLEMS",
           r->files_ok, r->missing, r->corrupt, r->unrecorded, r->temp, r->unexpected);
}

int run_vault_verify(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_vault_verify_request req = {.clean_temp = cli_flag(call, "clean-temp")};
    ot_vault_verification v;
    ot_error err = {0};
    ot_code c = ot_app_vault_verify(app, &req, &v, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_vault_verification_to_json(&v));
    else
        print_text(&v);
    bool intact = v.intact;
    ot_vault_verification_free(&v);
    return intact ? rc : OT_EXIT_FAILURE;
}
