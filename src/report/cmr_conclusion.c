/* cmr_conclusion.c - the user's recorded replacement of the derived RCOI conclusion
 * (cmr.h, table report_conclusion of migration 013): read the latest, record a new one
 * with its justification and an audit entry. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cmr.h"
#include "store/audit.h"
#include "util/jsonout.h"

ot_code ot_rcoi_override_load(ot_db *db, int64_t campaign_id, ot_rcoi_override *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db,
                              "SELECT conclusion, outcome, justification, actor, decided_at"
                              " FROM report_conclusion WHERE campaign_id = ?"
                              " ORDER BY id DESC LIMIT 1",
                              &st, err);
    if (c == OT_OK) c = ot_stmt_bind_int(st, 1, campaign_id, err);
    ot_step s = c == OT_OK ? ot_stmt_step(st, err) : OT_STEP_ERROR;
    if (s == OT_STEP_ROW) {
        const char *concl = ot_stmt_text(st, 0);
        out->present = ot_rcoi_conclusion_parse(concl, &out->conclusion);
        if (!ot_dd_outcome_parse(ot_stmt_text(st, 1), &out->outcome))
            out->outcome = OT_DD_NOT_APPLICABLE;
        snprintf(out->justification, sizeof out->justification, "%s", ot_stmt_text(st, 2));
        snprintf(out->actor, sizeof out->actor, "%s", ot_stmt_text(st, 3));
        snprintf(out->decided_at, sizeof out->decided_at, "%s", ot_stmt_text(st, 4));
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? (c != OT_OK ? c : err ? err->code : OT_E_DB) : OT_OK;
}

/* Checks the request and fills the conclusion and outcome names to store. */
static ot_code check_override(const char *conclusion, const char *outcome,
                              const char *justification, const char **concl_out,
                              const char **outcome_out, ot_error *err)
{
    ot_rcoi_conclusion cc = OT_RCOI_DD_REQUIRED;
    bool derived = !conclusion || strcmp(conclusion, "derived") == 0;
    if (!derived && !ot_rcoi_conclusion_parse(conclusion, &cc))
        return ot_fail(err, OT_E_INVALID,
                       "unknown conclusion '%s' (derived, no_necessary_3tg, rcoi_negative or "
                       "dd_required)",
                       conclusion);
    ot_dd_outcome oc = OT_DD_NOT_APPLICABLE;
    if (outcome && !ot_dd_outcome_parse(outcome, &oc))
        return ot_fail(err, OT_E_INVALID,
                       "unknown due-diligence outcome '%s' (no_cc_or_scrap, conflict_free or "
                       "undetermined)",
                       outcome);
    if (!derived && cc == OT_RCOI_DD_REQUIRED && oc == OT_DD_NOT_APPLICABLE)
        oc = outcome ? oc : OT_DD_UNDETERMINED;
    if ((derived || cc != OT_RCOI_DD_REQUIRED) && oc != OT_DD_NOT_APPLICABLE)
        return ot_fail(err, OT_E_INVALID,
                       "a due-diligence outcome goes only with the conclusion dd_required");
    if (!derived && cc == OT_RCOI_DD_REQUIRED && oc == OT_DD_NOT_APPLICABLE)
        return ot_fail(err, OT_E_INVALID, "dd_required needs a due-diligence outcome");
    size_t n = justification ? strlen(justification) : 0;
    size_t blank = justification ? strspn(justification, " \t\r\n") : 0;
    if (n == blank)
        return ot_fail(err, OT_E_INVALID,
                       "a justification is required: the report prints why the derived "
                       "conclusion was replaced");
    if (n > 1000) return ot_fail(err, OT_E_INVALID, "the justification is longer than 1000 bytes");
    *concl_out = derived ? "derived" : ot_rcoi_conclusion_name(cc);
    *outcome_out = ot_dd_outcome_name(oc);
    return OT_OK;
}

ot_code ot_rcoi_override_record(ot_db *db, int64_t campaign_id, const char *conclusion,
                                const char *outcome, const char *justification, const char *actor,
                                ot_error *err)
{
    const char *cc = NULL, *oc = NULL;
    ot_code c = check_override(conclusion, outcome, justification, &cc, &oc, err);
    if (c != OT_OK) return c;
    char ts[OT_TS_LEN], subject[32];
    ot_db_timestamp(ts);
    snprintf(subject, sizeof subject, "%lld", (long long)campaign_id);
    json_t *detail = json_pack("{s:s, s:s, s:s, s:s}", "what", "rcoi_conclusion", "conclusion", cc,
                               "outcome", oc, "justification", justification);
    char *text = detail ? ot_json_dumps(detail, JSON_COMPACT) : NULL;
    json_decref(detail);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory");
    c = ot_db_begin_durable(db, err);
    if (c == OT_OK)
        c = ot_db_exec(db,
                       "INSERT INTO report_conclusion (campaign_id, conclusion, outcome,"
                       " justification, actor, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                       OT_DB_PARAMS(ot_db_int(campaign_id), ot_db_text(cc), ot_db_text(oc),
                                    ot_db_text(justification), ot_db_text(actor), ot_db_text(ts)),
                       err);
    if (c == OT_OK)
        c = ot_audit_append(db, actor, OT_AUDIT_OVERRIDE, "campaign", subject, text, NULL, err);
    free(text);
    if (c == OT_OK) return ot_db_commit(db, err);
    ot_db_rollback(db);
    return c;
}
