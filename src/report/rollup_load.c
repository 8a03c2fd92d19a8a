/* rollup_load.c - the campaign's in-scope suppliers and the submission that is current
 * for each as of the roll-up's date: the newest linked, readable file received on or
 * before that date and not superseded by another file received by then. */
#include <stdio.h>
#include <string.h>

#include "report/rollup_internal.h"

static ot_code step_failed(ot_stmt *st, ot_step s, ot_error *err)
{
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

/* In-scope suppliers sorted by supplier ID; request IDs into the `keys` table so that
 * files can find their supplier. */
static ot_code load_requests(ot_db *db, ot_rollup *r, int64_t campaign_id, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT s.supplier_key, s.name, COALESCE(NULLIF(q.category, ''), "
                               "s.category_norm), q.status, q.id FROM request q JOIN supplier s "
                               "ON s.id = q.supplier_id WHERE q.campaign_id = ? AND q.status <> "
                               "'out_of_scope' ORDER BY s.supplier_key",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, campaign_id, err);
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_rollup_supplier *sup =
            rl_push((void **)&r->suppliers, &r->nsuppliers, &r->capsuppliers, sizeof *sup);
        int64_t request_id = ot_stmt_int(st, 4);
        char key[24];
        int n = snprintf(key, sizeof key, "q%lld", (long long)request_id);
        rl_entry *e = sup ? rl_table_get(&r->keys, key, (size_t)n, NULL) : NULL;
        if (!e) {
            ot_stmt_finalize(st);
            return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
        }
        e->value = r->nsuppliers - 1;
        sup->supplier_id = rl_intern(&r->strings, ot_stmt_text(st, 0));
        sup->name = rl_intern(&r->strings, ot_stmt_text(st, 1));
        sup->category = rl_intern(&r->strings, ot_stmt_text(st, 2));
        sup->request_status = rl_intern(&r->strings, ot_stmt_text(st, 3));
        sup->outcome = "none";
    }
    return step_failed(st, s, err);
}

/* The first row per request is its current file: readable files first, newest first. */
static const char current_files_sql[] =
    "SELECT cf.request_id, cf.submission_id, cf.outcome, sub.errors, sub.warnings, d.family, "
    "d.version FROM campaign_file cf JOIN submission sub ON sub.id = cf.submission_id "
    "LEFT JOIN declaration d ON d.submission_id = cf.submission_id "
    "WHERE cf.campaign_id = ?1 AND cf.request_id IS NOT NULL "
    "AND substr(cf.received_at, 1, 10) <= ?2 "
    "AND (cf.superseded_by IS NULL OR cf.outcome = 'unreadable' OR NOT EXISTS (SELECT 1 FROM "
    "campaign_file n WHERE n.submission_id = cf.superseded_by AND n.outcome <> 'unreadable' "
    "AND substr(n.received_at, 1, 10) <= ?2)) "
    "ORDER BY cf.request_id, cf.outcome = 'unreadable' OR sub.status <> 'read', "
    "cf.received_at DESC, cf.submission_id DESC";

static void take_file(ot_rollup *r, ot_rollup_supplier *sup, ot_stmt *st)
{
    const char *outcome = ot_stmt_text(st, 2);
    bool readable = outcome && strcmp(outcome, "unreadable") != 0 && !ot_stmt_is_null(st, 5);
    if (!readable) {
        sup->outcome = "unreadable";
        return;
    }
    sup->submission_id = ot_stmt_int(st, 1);
    sup->outcome = strcmp(outcome, "valid") == 0 ? "valid" : "invalid";
    sup->errors = (size_t)ot_stmt_int(st, 3);
    sup->warnings = (size_t)ot_stmt_int(st, 4);
    sup->family = rl_intern(&r->strings, ot_stmt_text(st, 5));
    sup->version = rl_intern(&r->strings, ot_stmt_text(st, 6));
}

ot_code rl_load_suppliers(ot_db *db, ot_rollup *r, int64_t campaign_id, ot_error *err)
{
    ot_code rc = load_requests(db, r, campaign_id, err);
    if (rc != OT_OK) return rc;
    ot_stmt *st;
    if ((rc = ot_db_prepare(db, current_files_sql, &st, err)) != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, campaign_id, err);
    ot_stmt_bind_text(st, 2, r->as_of, err);
    ot_step s;
    int64_t last_request = -1;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        int64_t request_id = ot_stmt_int(st, 0);
        if (request_id == last_request) continue;
        last_request = request_id;
        char key[24];
        int n = snprintf(key, sizeof key, "q%lld", (long long)request_id);
        bool added;
        rl_entry *e = rl_table_get(&r->keys, key, (size_t)n, &added);
        if (!e) {
            ot_stmt_finalize(st);
            return ot_fail(err, OT_E_NOMEM, "out of memory rolling up the campaign");
        }
        if (added || e->value >= r->nsuppliers) continue; /* out of scope */
        take_file(r, &r->suppliers[e->value], st);
    }
    return step_failed(st, s, err);
}
