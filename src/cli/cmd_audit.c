/* cmd_audit.c - `oretrace audit show|verify`: print the hash-chained audit log and the
 * verdict on it (use cases in app/audit.h). */
#include <limits.h>
#include <stdio.h>

#include "app/audit.h"
#include "cli.h"
#include "cli_app.h"
#include "cli_store.h"
#include "cmdtable.h"

static void print_entries(const ot_audit_show_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        const ot_audit_entry *e = &r->entries[i];
        printf("%6lld  %s  %-16s %-10s %s%s%s  %s\n", (long long)e->id, e->ts, e->actor, e->action,
               e->subject_type ? e->subject_type : "-", e->subject_id ? ":" : "",
               e->subject_id ? e->subject_id : "", e->detail ? e->detail : "");
    }
    if (!r->count) printf("No audit entries%s.\n", r->filtered ? " match" : " yet");
    if (r->head_hash[0]) printf("head hash: %s\n", r->head_hash);
}

int run_audit_show(const cli_call *call)
{
    ot_audit_show_request req = {.subject = cli_opt(call, "subject"),
                                 .action = cli_opt(call, "action")};
    if (!cli_opt_long(call, "limit", 0, INT_MAX, 50, &req.limit)) return OT_EXIT_USAGE;
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_audit_show_result res;
    ot_error err = {0};
    ot_code c = ot_app_audit_show(app, &req, &res, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_audit_show_result_to_json(&res));
    else
        print_entries(&res);
    ot_audit_show_result_free(&res);
    return rc;
}

static void print_verdict(const ot_audit_verification *v)
{
    const ot_audit_verify_result *r = &v->chain;
    const ot_audit_head_check *h = &v->head;
    for (size_t i = 0; i < v->integrity.count; i++)
        printf("integrity  %s\n", v->integrity.problems[i]);
    printf("Database integrity: %s.\n",
           v->integrity.count ? "PROBLEMS FOUND (listed above)" : "ok");
    if (!r->intact) {
        printf("Audit log TAMPERED at entry %lld: %s\n", (long long)r->first_bad_id, r->reason);
        return;
    }
    if (v->head_problem[0]) {
        printf("Audit log TAMPERED: %s%s\n", v->head_problem,
               h->state == OT_AUDIT_HEAD_MISSING
                   ? " (if it was deleted by mistake, `oretrace init` writes a new one from "
                     "the log as it is now)"
                   : "");
        return;
    }
    printf("Audit log intact: %lld entries, head hash %s\n", (long long)r->entries,
           r->head_hash[0] ? r->head_hash : "(empty)");
    if (h->state == OT_AUDIT_HEAD_OK && h->file.entries < h->log_entries)
        printf("%s: entry %lld, %lld behind the log (a command was interrupted before "
               "updating it, or is running now); the log continues it\n",
               OT_AUDIT_HEAD_NAME, (long long)h->file.entries,
               (long long)(h->log_entries - h->file.entries));
    else if (h->state == OT_AUDIT_HEAD_OK)
        printf("%s: matches the log\n", OT_AUDIT_HEAD_NAME);
}

int run_audit_verify(const cli_call *call)
{
    ot_app *app = NULL;
    int rc = cli_open_app(call, &app);
    if (rc != OT_EXIT_OK) return rc;
    ot_audit_verification v;
    ot_error err = {0};
    ot_code c = ot_app_audit_verify(app, &v, &err);
    ot_app_close(app);
    if (c != OT_OK) return cli_fail(call, &err);
    if (cli_flag(call, "json"))
        rc = cli_print_jsonl(ot_audit_verification_to_json(&v));
    else
        print_verdict(&v);
    bool intact = v.intact;
    ot_audit_verification_free(&v);
    return intact ? rc : OT_EXIT_FAILURE;
}
