/* listing.c - the files ingested into a campaign, for a person to review and link
 * (see ingest.h). */
#include "ingest/ingest.h"

ot_code ot_ingest_files_each(ot_workspace *ws, const ot_campaign_info *c, bool unlinked_only,
                             ot_ingested_fn fn, void *ctx, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT f.submission_id, s.original_name, f.received_at, f.outcome, sup.supplier_key, "
        "f.link_method, f.link_confidence, f.superseded_by, s.errors, s.warnings, d.company_name "
        "FROM campaign_file f JOIN submission s ON s.id = f.submission_id "
        "LEFT JOIN declaration d ON d.submission_id = s.id "
        "LEFT JOIN request r ON r.id = f.request_id LEFT JOIN supplier sup ON sup.id = "
        "r.supplier_id "
        "WHERE f.campaign_id = ? AND (? = 0 OR f.request_id IS NULL) ORDER BY f.submission_id",
        &st, err);
    if (rc == OT_OK)
        rc = ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(c->id), ot_db_int(unlinked_only)), err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_ingested_file f = {
            .file_id = ot_stmt_int(st, 0),
            .name = ot_stmt_text(st, 1),
            .received_at = ot_stmt_text(st, 2),
            .outcome = ot_stmt_text(st, 3),
            .supplier_id = ot_stmt_text(st, 4),
            .link_method = ot_stmt_text(st, 5),
            .has_confidence = !ot_stmt_is_null(st, 6),
            .confidence = ot_stmt_double(st, 6),
            .superseded_by = ot_stmt_int(st, 7),
            .errors = ot_stmt_int(st, 8),
            .warnings = ot_stmt_int(st, 9),
            .company_name = ot_stmt_text(st, 10),
        };
        rc = fn(&f, ctx, err);
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
