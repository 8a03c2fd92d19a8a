/* findings.c - what a supplier must act on for one file: its validation findings and its
 * campaign findings (campaign.h), for listings and correction requests. */
#include "campaign.h"

#include <stdlib.h>

#include "campaign/campaign_internal.h"

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

static ot_code finding_paragraph(const ot_file_finding *f, void *ctx, ot_error *err)
{
    (void)err;
    ot_strbuf *out = ctx;
    ot_sb_printf(out, "  - %s%s%s%s%s [%s]\n", f->sheet ? f->sheet : "",
                 f->sheet && f->cell ? "!" : "", f->cell ? f->cell : "",
                 f->sheet || f->cell ? ": " : "", f->message, f->code);
    if (f->fix && *f->fix) ot_sb_printf(out, "    Fix: %s\n", f->fix);
    return OT_OK;
}

ot_code ot_correction_findings_text(ot_db *db, int64_t submission_id, ot_strbuf *out, ot_error *err)
{
    size_t before = out->len;
    ot_code rc = ot_campaign_file_findings_each(
        db, submission_id, OT_FINDINGS_ERRORS | OT_FINDINGS_CAMPAIGN, finding_paragraph, out, err);
    if (rc != OT_OK || out->len > before) return rc;
    char *why = NULL;
    ot_error e = {0};
    ot_db_query_text(db, "SELECT error_message FROM submission WHERE id = ?",
                     OT_DB_PARAMS(ot_db_int(submission_id)), &why, &e);
    ot_sb_printf(out,
                 "  - The file could not be read as an RMI template%s%s.\n"
                 "    Fix: send the completed template as the Excel file the RMI publishes.\n",
                 why ? ": " : "", why ? why : "");
    free(why);
    return OT_OK;
}
