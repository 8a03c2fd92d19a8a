/* listing.c - the files ingested into a campaign, for a person to review and link
 * (see ingest.h). */
#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

/* A file's campaign findings, copied (the statement's strings live only for a step). */
typedef struct finding_list {
    ot_file_finding *items;
    size_t n, cap;
} finding_list;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static ot_code keep_finding(const ot_file_finding *f, void *ctx, ot_error *err)
{
    finding_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        ot_file_finding *g = realloc(l->items, cap * sizeof *g);
        if (!g) return ot_fail(err, OT_E_NOMEM, "out of memory listing findings");
        l->items = g;
        l->cap = cap;
    }
    l->items[l->n++] =
        (ot_file_finding){dup_or_null(f->code), dup_or_null(f->severity), dup_or_null(f->sheet),
                          dup_or_null(f->cell), dup_or_null(f->message),  dup_or_null(f->fix)};
    return OT_OK;
}

static void clear_findings(finding_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        ot_file_finding *f = &l->items[i];
        free((char *)f->code);
        free((char *)f->severity);
        free((char *)f->sheet);
        free((char *)f->cell);
        free((char *)f->message);
        free((char *)f->fix);
    }
    l->n = 0;
}

ot_code ot_ingest_files_each(ot_workspace *ws, const ot_campaign_info *c, bool unlinked_only,
                             ot_ingested_fn fn, void *ctx, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT f.submission_id, s.original_name, f.received_at, f.outcome, sup.supplier_key, "
        "f.link_method, f.link_confidence, f.superseded_by, s.errors, s.warnings, d.company_name, "
        "f.held_back "
        "FROM campaign_file f JOIN submission s ON s.id = f.submission_id "
        "LEFT JOIN declaration d ON d.submission_id = s.id "
        "LEFT JOIN request r ON r.id = f.request_id LEFT JOIN supplier sup ON sup.id = "
        "r.supplier_id "
        "WHERE f.campaign_id = ? AND (? = 0 OR f.request_id IS NULL) ORDER BY f.submission_id",
        &st, err);
    if (rc == OT_OK)
        rc = ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(c->id), ot_db_int(unlinked_only)), err);
    ot_step s = OT_STEP_DONE;
    finding_list fl = {0};
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
            .held_back = ot_stmt_int(st, 11) != 0,
        };
        clear_findings(&fl);
        rc = ot_campaign_file_findings_each(ws->db, f.file_id, OT_FINDINGS_CAMPAIGN, keep_finding,
                                            &fl, err);
        f.campaign_findings = fl.items;
        f.n_campaign_findings = fl.n;
        if (rc == OT_OK) rc = fn(&f, ctx, err);
    }
    clear_findings(&fl);
    free(fl.items);
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
