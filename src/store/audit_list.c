/* audit_list.c - reading audit entries back, newest last, filtered by subject and action
 * (audit.h). */
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

/* The last `limit` matching entries, oldest first: newest-first inner query, re-sorted. */
static const char *const list_sql =
    "SELECT id, ts, actor, action, subject_type, subject_id, detail, hash FROM ("
    " SELECT * FROM audit_log"
    " WHERE (? IS NULL OR subject_type = ?) AND (? IS NULL OR subject_id = ?)"
    "   AND (? IS NULL OR action = ?)"
    " ORDER BY id DESC LIMIT ?) AS recent ORDER BY id";

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Copies the current row into e; false when out of memory (e then holds what was copied). */
static bool read_entry(ot_stmt *st, ot_audit_entry *e)
{
    e->id = ot_stmt_int(st, 0);
    char **fields[] = {&e->ts,         &e->actor,  &e->action, &e->subject_type,
                       &e->subject_id, &e->detail, &e->hash};
    bool ok = true;
    for (int i = 0; i < 7; i++) {
        const char *v = ot_stmt_text(st, i + 1);
        *fields[i] = dup_or_null(v);
        if (v && !*fields[i]) ok = false;
    }
    return ok;
}

static ot_code bind_filter(ot_stmt *st, const ot_audit_filter *f, ot_error *err)
{
    return ot_stmt_bind_all(st,
                            OT_DB_PARAMS(ot_db_text(f->subject_type), ot_db_text(f->subject_type),
                                         ot_db_text(f->subject_id), ot_db_text(f->subject_id),
                                         ot_db_text(f->action), ot_db_text(f->action),
                                         ot_db_int(f->limit > 0 ? f->limit : -1)),
                            err);
}

ot_code ot_audit_list(ot_db *db, const ot_audit_filter *filter, ot_audit_entry **out, size_t *n,
                      ot_error *err)
{
    static const ot_audit_filter all = {0};
    const ot_audit_filter *f = filter ? filter : &all;
    *out = NULL;
    *n = 0;
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db, list_sql, &st, err);
    if (c == OT_OK) c = bind_filter(st, f, err);
    size_t cap = 0;
    ot_step s = OT_STEP_DONE;
    while (c == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            ot_audit_entry *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                c = ot_fail(err, OT_E_NOMEM, "out of memory reading the audit log");
                break;
            }
            *out = p;
        }
        ot_audit_entry *e = &(*out)[(*n)++];
        memset(e, 0, sizeof *e);
        if (!read_entry(st, e)) c = ot_fail(err, OT_E_NOMEM, "out of memory reading the audit log");
    }
    if (c == OT_OK && s == OT_STEP_ERROR) c = err ? err->code : OT_E_DB;
    ot_stmt_finalize(st);
    if (c != OT_OK) {
        ot_audit_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return c;
}

void ot_audit_entries_free(ot_audit_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ot_audit_entry *e = &entries[i];
        free(e->ts);
        free(e->actor);
        free(e->action);
        free(e->subject_type);
        free(e->subject_id);
        free(e->detail);
        free(e->hash);
    }
    free(entries);
}
