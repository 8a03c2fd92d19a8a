/* audit.h - use cases "audit show" (the hash-chained audit log, oldest first, and its
 * head hash) and "audit verify" (the database's integrity, the whole chain, and the head
 * kept outside the database in audit.head). */
#ifndef OT_APP_AUDIT_H
#define OT_APP_AUDIT_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "util/fileio.h"
#include "app/integrity.h"
#include "store/audit.h"

/* ---- audit show ------------------------------------------------------------------ */

typedef struct ot_audit_show_request {
    long limit;          /* at most the last `limit` matching entries; 0: all */
    const char *subject; /* "TYPE" or "TYPE:ID" (e.g. "supplier:42"); NULL: any */
    const char *action;  /* NULL: any */
} ot_audit_show_request;

typedef struct ot_audit_show_result {
    ot_audit_entry *entries; /* oldest first */
    size_t count;
    char
        head_hash[OT_SHA256_HEX_LEN]; /* hash of the newest entry of the whole log; "" when empty */
    bool filtered;                    /* a subject or action was asked for */
} ot_audit_show_result;

ot_code ot_app_audit_show(ot_app *app, const ot_audit_show_request *req, ot_audit_show_result *res,
                          ot_error *err);
/* JSON lines: one object per entry {id, ts, actor, action, subject_type, subject_id,
 * detail (the stored JSON), hash}, then a last line {"head_hash": hash or null}. */
json_t *ot_audit_show_result_to_json(const ot_audit_show_result *res);
void ot_audit_show_result_free(ot_audit_show_result *res);

/* ---- audit verify ---------------------------------------------------------------- */

/* The verdict of `audit verify` (named apart from the store's chain-only
 * ot_audit_verify_result, which it contains). */
typedef struct ot_audit_verification {
    ot_integrity_result integrity; /* the database's own check */
    ot_audit_verify_result chain;  /* the walk of the whole chain */
    ot_audit_head_check head;      /* audit.head against the log */
    char head_problem[4700];       /* what is wrong with audit.head, "" when nothing */
    bool intact;                   /* database, chain and head all fine */
} ot_audit_verification;

/* Runs the three checks. An error only when a check could not run; what they found is
 * in the result (res->intact). */
ot_code ot_app_audit_verify(ot_app *app, ot_audit_verification *res, ot_error *err);
/* One object: intact, entries_checked, first_bad_id, reason, head_hash, head_file {state,
 * entries, hash, log_entries}, database_integrity {ok, problems}. */
json_t *ot_audit_verification_to_json(const ot_audit_verification *res);
void ot_audit_verification_free(ot_audit_verification *res);
/* "ok", "none", "missing", "malformed", "ahead", "mismatch". */
const char *ot_audit_head_state_name(ot_audit_head_state state);

#endif
