/* findings.c - what a supplier must act on for one file: its validation findings and its
 * campaign findings (campaign.h), for listings and correction requests. */
#include "campaign.h"

ot_code ot_campaign_file_findings_each(ot_db *db, int64_t submission_id, unsigned kinds,
                                       ot_file_finding_fn fn, void *ctx, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        db,
        "SELECT code, severity, sheet, cell, message, fix FROM (SELECT 0 AS k, id AS o, code, "
        "severity, sheet, cell, message, fix FROM finding WHERE submission_id = ? AND ((? AND "
        "severity = 'error') OR (? AND severity = 'warning')) UNION ALL SELECT 1, 0, code, "
        "'campaign', sheet, cell, message, fix FROM campaign_finding WHERE submission_id = ? AND "
        "?) ORDER BY k, o, code",
        &st, err);
    if (rc != OT_OK) return rc;
    rc = ot_stmt_bind_all(
        st,
        OT_DB_PARAMS(ot_db_int(submission_id), ot_db_bool(kinds & OT_FINDINGS_ERRORS),
                     ot_db_bool(kinds & OT_FINDINGS_WARNINGS), ot_db_int(submission_id),
                     ot_db_bool(kinds & OT_FINDINGS_CAMPAIGN)),
        err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_file_finding f = {ot_stmt_text(st, 0), ot_stmt_text(st, 1), ot_stmt_text(st, 2),
                             ot_stmt_text(st, 3), ot_stmt_text(st, 4), ot_stmt_text(st, 5)};
        rc = fn(&f, ctx, err);
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
