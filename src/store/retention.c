/* retention.c - the retention report (see retention.h).
 *
 * Record classes are a table: a class is a table plus the column saying when a record was
 * received or decided. Modules whose records fall under retention add a line here. */
#include "store/retention.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct retention_source {
    const char *name, *description, *table, *ts_column;
} retention_source;

static const retention_source sources[] = {
    {"vault_files", "received files, byte for byte (vault)", "vault_file", "first_seen"},
    {"submissions",
     "submissions read from received files, with their answers, smelters "
     "and findings",
     "submission", "received_at"},
    {"audit_log", "decisions and state changes (audit log)", "audit_log", "ts"},
};

static ot_code fill_class(ot_db *db, const retention_source *src, const char *cutoff, int years,
                          ot_retention_class *cls, ot_error *err)
{
    /* Table and column names come from the constant table above, never from input. */
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*), MIN(%s), MAX(%s),"
             " SUM(CASE WHEN %s < ? THEN 1 ELSE 0 END) FROM %s",
             src->ts_column, src->ts_column, src->ts_column, src->table);
    memset(cls, 0, sizeof *cls);
    cls->name = src->name;
    cls->description = src->description;
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db, sql, &st, err);
    if (c == OT_OK) c = ot_stmt_bind_text(st, 1, cutoff, err);
    if (c == OT_OK) {
        ot_step s = ot_stmt_step(st, err);
        if (s == OT_STEP_ROW) {
            cls->count = ot_stmt_int(st, 0);
            snprintf(cls->oldest, OT_TS_LEN, "%s", ot_stmt_text(st, 1) ? ot_stmt_text(st, 1) : "");
            snprintf(cls->newest, OT_TS_LEN, "%s", ot_stmt_text(st, 2) ? ot_stmt_text(st, 2) : "");
            cls->past_retention = ot_stmt_int(st, 3);
        } else {
            c = s == OT_STEP_ERROR && err ? err->code : OT_E_DB;
        }
    }
    ot_stmt_finalize(st);
    if (c == OT_OK && cls->count) {
        ot_iso_add_years(cls->oldest, years, cls->keep_oldest_until);
        ot_iso_add_years(cls->newest, years, cls->keep_all_until);
    }
    return c;
}

ot_code ot_retention_report_make(ot_db *db, int years, const char *as_of, ot_retention_report *rep,
                                 ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    if (years < 1) return ot_fail(err, OT_E_USAGE, "retention period must be at least one year");
    rep->years = years;
    if (as_of)
        snprintf(rep->as_of, OT_TS_LEN, "%s", as_of);
    else
        ot_db_timestamp(rep->as_of);
    ot_iso_add_years(rep->as_of, -years, rep->cutoff);
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        ot_code c = fill_class(db, &sources[i], rep->cutoff, years, &rep->classes[i], err);
        if (c != OT_OK) return c;
        rep->class_count++;
    }
    return OT_OK;
}
