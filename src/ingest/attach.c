/* attach.c - a received file as an answer to a campaign: its campaign_file row, its
 * campaign findings (dated before the reporting period, an older template version than
 * asked for), and the request it answers brought up to date (which of the supplier's
 * files is current, the supplier's status). Used by ingest, `campaign link` and
 * `campaign unlink`; always inside the caller's transaction. */
#include "ingest_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign_internal.h"
#include "campaign/import_util.h"
#include "store/audit.h"
#include "template/template.h"

/* The campaign's year and template, and the file's family, version and effective date
 * (NULL texts when the file was not read). */
typedef struct answer_facts {
    int year;
    char asked[32]; /* "CMRT 6.5" */
    char family[8], version[16], effective[OT_DATE_LEN];
    bool read;
} answer_facts;

static ot_code load_facts(ot_db *db, int64_t campaign_id, int64_t sid, answer_facts *f,
                          ot_error *err)
{
    memset(f, 0, sizeof *f);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        db,
        "SELECT c.reporting_year, c.template, d.family, d.version, d.effective_date FROM "
        "campaign c LEFT JOIN declaration d ON d.submission_id = ? WHERE c.id = ?",
        &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_all(st, OT_DB_PARAMS(ot_db_int(sid), ot_db_int(campaign_id)), err);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        f->year = (int)ot_stmt_int(st, 0);
        snprintf(f->asked, sizeof f->asked, "%s", ot_stmt_text(st, 1));
        f->read = !ot_stmt_is_null(st, 2);
        const char *v;
        if ((v = ot_stmt_text(st, 2))) snprintf(f->family, sizeof f->family, "%s", v);
        if ((v = ot_stmt_text(st, 3))) snprintf(f->version, sizeof f->version, "%s", v);
        if ((v = ot_stmt_text(st, 4))) snprintf(f->effective, sizeof f->effective, "%s", v);
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    return s == OT_STEP_ROW
               ? OT_OK
               : ot_fail(err, OT_E_NOT_FOUND, "no campaign %lld", (long long)campaign_id);
}

static ot_code add_finding(ot_db *db, int64_t campaign_id, int64_t sid, const char *code,
                           const char *cell, const char *message, const char *fix, ot_error *err)
{
    return ot_db_exec(db,
                      "INSERT INTO campaign_finding (submission_id, campaign_id, code, sheet, "
                      "cell, message, fix) VALUES (?, ?, ?, 'Declaration', ?, ?, ?)",
                      OT_DB_PARAMS(ot_db_int(sid), ot_db_int(campaign_id), ot_db_text(code),
                                   ot_db_text(cell && *cell ? cell : NULL), ot_db_text(message),
                                   ot_db_text(fix)),
                      err);
}

/* Rewrites the file's campaign findings. A declaration answers for the reporting period
 * (the calendar year) when its effective date is on or after the period's first day:
 * one signed before it cannot speak for the year. */
static ot_code write_campaign_findings(ot_db *db, int64_t campaign_id, int64_t sid, ot_error *err)
{
    ot_code rc = ot_db_exec(db, "DELETE FROM campaign_finding WHERE submission_id = ?",
                            OT_DB_PARAMS(ot_db_int(sid)), err);
    answer_facts f;
    if (rc == OT_OK) rc = load_facts(db, campaign_id, sid, &f, err);
    if (rc != OT_OK || !f.read) return rc;
    ot_family fam = OT_FAMILY_UNKNOWN;
    ot_family_parse(f.family, &fam);
    char start[OT_DATE_LEN], msg[256], fix[256], cell[16];
    snprintf(start, sizeof start, "%d-01-01", f.year);
    if (f.effective[0] && strcmp(f.effective, start) < 0) {
        ot_template_field_cell(fam, f.version, OT_F_EFFECTIVE_DATE, cell);
        snprintf(msg, sizeof msg, "declaration dated %s, before the %d reporting period",
                 f.effective, f.year);
        snprintf(fix, sizeof fix, "send a declaration for %d: reviewed and dated on or after %s",
                 f.year, start);
        rc = add_finding(db, campaign_id, sid, OT_CAMPAIGN_DATE_BEFORE_PERIOD, cell, msg, fix, err);
    }
    const char *asked_version = strchr(f.asked, ' ');
    if (rc == OT_OK && asked_version && f.version[0] &&
        ot_template_version_cmp(f.version, asked_version + 1) < 0) {
        snprintf(msg, sizeof msg, "template %s %s is older than %s, the version requested for %d",
                 f.family, f.version, f.asked, f.year);
        snprintf(fix, sizeof fix,
                 "fill in the current %s template (responsiblemineralsinitiative.org)", f.asked);
        rc = add_finding(db, campaign_id, sid, OT_CAMPAIGN_VERSION_OLDER, NULL, msg, fix, err);
    }
    return rc;
}

/* A file answers only a campaign of its own template family: a supplier's EMRT is no
 * answer to the CMRT survey (and must not supersede its CMRT). */
static ot_code check_family(ot_db *db, int64_t campaign_id, int64_t sid, ot_error *err)
{
    char *fam = NULL, *asked = NULL;
    ot_code rc = ot_db_query_text(db, "SELECT family FROM declaration WHERE submission_id = ?",
                                  OT_DB_PARAMS(ot_db_int(sid)), &fam, err);
    if (rc == OT_E_NOT_FOUND) return OT_OK; /* not read: no family to check */
    if (rc == OT_OK)
        rc = ot_db_query_text(db, "SELECT family FROM campaign WHERE id = ?",
                              OT_DB_PARAMS(ot_db_int(campaign_id)), &asked, err);
    if (rc == OT_OK && fam && asked && strcmp(fam, asked) != 0)
        rc = ot_fail(err, OT_E_CONFLICT,
                     "file %lld is an %s, not an answer to a %s campaign (a file answers the "
                     "campaign of its own template family)",
                     (long long)sid, fam, asked);
    free(fam);
    free(asked);
    return rc;
}

/* The status a request takes from its current file. */
static const char *status_from(const char *outcome, bool outdated, bool had_problem)
{
    if (strcmp(outcome, "valid") != 0) return "responded_invalid";
    if (outdated) return "responded_outdated";
    return had_problem ? "corrected" : "responded_valid";
}

/* The request's newest file that may be current (not held back), or 0. */
static ot_code newest_file(ot_db *db, int64_t request_id, int64_t *sid, char outcome[16],
                           bool *outdated, ot_error *err)
{
    ot_stmt *st;
    *sid = 0;
    ot_code rc = ot_db_prepare(
        db,
        "SELECT f.submission_id, f.outcome, EXISTS (SELECT 1 FROM campaign_finding g WHERE "
        "g.submission_id = f.submission_id) FROM campaign_file f WHERE f.request_id = ? AND "
        "f.held_back = 0 ORDER BY f.received_at DESC, f.submission_id DESC LIMIT 1",
        &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, request_id, err);
    ot_step step = ot_stmt_step(st, err);
    if (step == OT_STEP_ROW) {
        *sid = ot_stmt_int(st, 0);
        snprintf(outcome, 16, "%s", ot_stmt_text(st, 1));
        *outdated = ot_stmt_int(st, 2) != 0;
    }
    ot_stmt_finalize(st);
    return step == OT_STEP_ERROR ? err->code : OT_OK;
}

ot_code ot_ingest_refresh_request(ot_db *db, int64_t request_id, const char *fallback_status,
                                  json_t *detail, const char *actor, int32_t today,
                                  size_t *superseded, ot_error *err)
{
    int64_t newest = 0, had = 0, newly = 0;
    char outcome[16] = "";
    bool outdated = false;
    ot_code rc = newest_file(db, request_id, &newest, outcome, &outdated, err);
    if (rc == OT_OK && newest)
        rc = ot_db_query_int(
            db,
            "SELECT COUNT(*) FROM campaign_file f WHERE f.request_id = ? AND f.submission_id <> ? "
            "AND f.held_back = 0 AND (f.outcome <> 'valid' OR EXISTS (SELECT 1 FROM "
            "campaign_finding g WHERE g.submission_id = f.submission_id))",
            OT_DB_PARAMS(ot_db_int(request_id), ot_db_int(newest)), &had, err);
    if (rc == OT_OK)
        rc = ot_db_query_int(db,
                             "SELECT COUNT(*) FROM campaign_file WHERE request_id = ? AND "
                             "submission_id <> ? AND held_back = 0 AND superseded_by IS NULL",
                             OT_DB_PARAMS(ot_db_int(request_id), ot_db_int(newest)), &newly, err);
    /* the newest file is current; every other one (held-back files aside) is superseded */
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "UPDATE campaign_file SET superseded_by = CASE WHEN submission_id = ? OR "
                        "held_back = 1 OR ? = 0 THEN NULL ELSE ? END WHERE request_id = ?",
                        OT_DB_PARAMS(ot_db_int(newest), ot_db_int(newest), ot_db_int(newest),
                                     ot_db_int(request_id)),
                        err);
    if (rc != OT_OK) return rc;
    if (superseded) *superseded = newest ? (size_t)newly : 0;
    const char *status = newest ? status_from(outcome, outdated, had > 0) : fallback_status;
    char *old = NULL;
    rc = ot_db_query_text(db, "SELECT status FROM request WHERE id = ?",
                          OT_DB_PARAMS(ot_db_int(request_id)), &old, err);
    if (rc == OT_OK && status && (!old || strcmp(old, status) != 0)) {
        json_t *d = detail ? json_deep_copy(detail) : json_object();
        if (newest) json_object_set_new(d, "current_file", json_integer(newest));
        rc = ot_request_change_status(db, request_id, status, today, NULL, actor, OT_AUDIT_STATUS,
                                      d, err);
        json_decref(d);
    }
    free(old);
    return rc;
}

ot_code ot_ingest_attach(ot_db *db, int64_t campaign_id, int64_t submission_id, const char *outcome,
                         bool no_3tg, const ot_link *link, bool hold_back, const char *received_at,
                         const char *actor, int32_t today, size_t *superseded, ot_error *err)
{
    *superseded = 0;
    ot_code rc = check_family(db, campaign_id, submission_id, err);
    if (rc == OT_OK)
        rc = ot_db_exec(
            db,
            "INSERT INTO campaign_file (submission_id, campaign_id, request_id, outcome, declined, "
            "link_method, link_confidence, received_at, held_back) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?) ON CONFLICT (submission_id) DO UPDATE SET campaign_id = excluded.campaign_id, "
            "request_id = excluded.request_id, link_method = excluded.link_method, "
            "link_confidence = excluded.link_confidence, held_back = excluded.held_back, "
            "superseded_by = NULL",
            OT_DB_PARAMS(ot_db_int(submission_id), ot_db_int(campaign_id),
                         link ? ot_db_int(link->request_id) : ot_db_null(), ot_db_text(outcome),
                         ot_db_bool(no_3tg), ot_db_text(link ? link->method : NULL),
                         link ? ot_db_double(link->confidence) : ot_db_null(),
                         ot_db_text(received_at), ot_db_bool(hold_back)),
            err);
    if (rc == OT_OK) rc = write_campaign_findings(db, campaign_id, submission_id, err);
    if (rc != OT_OK || !link) return rc;
    json_t *d = json_pack("{s:s, s:I, s:s, s:s, s:f}", "supplier_id", link->supplier_key,
                          "submission_id", (json_int_t)submission_id, "outcome", outcome, "link",
                          link->method, "confidence", link->confidence);
    rc = ot_ingest_refresh_request(db, link->request_id, NULL, d, actor, today, superseded, err);
    json_decref(d);
    return rc;
}
