/* relink.c - a person's corrections of how files are linked: `campaign link` ties a file
 * to a supplier, `campaign unlink` puts the last such link back. Every hand link is kept
 * in campaign_link_log with what it replaced, so it can be undone exactly. */
#include "ingest_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/import_util.h"
#include "store/audit.h"

/* What a file is, and where it is now (campaign_file; campaign_id 0 when in none). */
typedef struct file_state {
    char outcome[16];
    bool no_3tg;
    char received_at[40];
    int64_t campaign_id, request_id;
    char method[24];
    bool has_confidence;
    double confidence;
} file_state;

/* The outcome of a file that went to no campaign, from the submission: read files are
 * valid or invalid by their findings; "no 3TG" when question 1 is No for every metal. */
#define FILE_STATE_SQL                                                                             \
    "SELECT CASE WHEN s.status <> 'read' THEN 'unreadable' WHEN s.valid = 1 THEN 'valid' ELSE "    \
    "'invalid' END, s.received_at, COALESCE(f.declined, (SELECT COUNT(*) > 0 AND SUM(CASE WHEN "   \
    "lower(trim(a.answer)) = 'no' THEN 0 ELSE 1 END) = 0 AND s.valid = 1 FROM answer a WHERE "     \
    "a.submission_id = s.id AND a.role = 'intentional')), COALESCE(f.campaign_id, 0), "            \
    "COALESCE(f.request_id, 0), f.link_method, f.link_confidence, f.outcome "                      \
    "FROM submission s LEFT JOIN campaign_file f ON f.submission_id = s.id WHERE s.id = ?"

static ot_code load_file(ot_db *db, int64_t sid, file_state *fs, ot_error *err)
{
    memset(fs, 0, sizeof *fs);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db, FILE_STATE_SQL, &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, sid, err);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        const char *outcome = ot_stmt_text(st, 7) ? ot_stmt_text(st, 7) : ot_stmt_text(st, 0);
        snprintf(fs->outcome, sizeof fs->outcome, "%s", outcome);
        snprintf(fs->received_at, sizeof fs->received_at, "%s", ot_stmt_text(st, 1));
        fs->no_3tg = ot_stmt_int(st, 2) != 0;
        fs->campaign_id = ot_stmt_int(st, 3);
        fs->request_id = ot_stmt_int(st, 4);
        snprintf(fs->method, sizeof fs->method, "%s",
                 ot_stmt_text(st, 5) ? ot_stmt_text(st, 5) : "");
        fs->has_confidence = !ot_stmt_is_null(st, 6);
        fs->confidence = ot_stmt_double(st, 6);
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    if (s == OT_STEP_DONE)
        return ot_fail(err, OT_E_NOT_FOUND, "there is no file %lld (see the campaign's files)",
                       (long long)sid);
    return OT_OK;
}

static char *status_of(ot_db *db, int64_t request_id)
{
    char *st = NULL;
    ot_error e = {0};
    if (request_id)
        ot_db_query_text(db, "SELECT status FROM request WHERE id = ?",
                         OT_DB_PARAMS(ot_db_int(request_id)), &st, &e);
    return st;
}

static ot_code log_link(ot_db *db, int64_t sid, const ot_campaign_info *c, const ot_link *link,
                        const file_state *fs, const char *note, const char *actor, ot_error *err)
{
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    char *before = status_of(db, link->request_id), *other = status_of(db, fs->request_id);
    ot_code rc = ot_db_exec(
        db,
        "INSERT INTO campaign_link_log (submission_id, campaign_id, request_id, "
        "before_campaign_id, before_request_id, before_method, before_confidence, before_status, "
        "before_other_status, note, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        OT_DB_PARAMS(ot_db_int(sid), ot_db_int(c->id), ot_db_int(link->request_id),
                     fs->campaign_id ? ot_db_int(fs->campaign_id) : ot_db_null(),
                     fs->request_id ? ot_db_int(fs->request_id) : ot_db_null(),
                     ot_db_text(fs->method[0] ? fs->method : NULL),
                     fs->has_confidence ? ot_db_double(fs->confidence) : ot_db_null(),
                     ot_db_text(before), ot_db_text(other), ot_db_text(note), ot_db_text(ts),
                     ot_db_text(actor)),
        err);
    free(before);
    free(other);
    return rc;
}

/* The status a request without files falls back to: requested once a request went out. */
static ot_code fallback_status(ot_db *db, int64_t request_id, char out[24], ot_error *err)
{
    int64_t sent = 0;
    ot_code rc = ot_db_query_int(db, "SELECT requested_on IS NOT NULL FROM request WHERE id = ?",
                                 OT_DB_PARAMS(ot_db_int(request_id)), &sent, err);
    snprintf(out, 24, "%s", sent ? "requested" : "not_contacted");
    return rc;
}

static ot_code audit_override(ot_db *db, const char *action, int64_t sid, const char *supplier,
                              const char *note, const char *actor, ot_error *err)
{
    json_t *d = json_pack("{s:s, s:I, s:s}", "action", action, "submission_id", (json_int_t)sid,
                          "supplier_id", supplier);
    if (note) json_object_set_new(d, "note", json_string(note));
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)sid);
    ot_code rc = ot_audit_json(db, actor, OT_AUDIT_OVERRIDE, "submission", id, d, err);
    json_decref(d);
    return rc;
}

/* The link, its log row, the request it left, the audit entry: one transaction. */
static ot_code link_in_tx(ot_db *db, const ot_campaign_info *c, int64_t sid, const ot_link *link,
                          const char *note, const char *actor, int32_t today, bool *held_back,
                          ot_error *err)
{
    file_state fs;
    ot_code rc = load_file(db, sid, &fs, err);
    if (rc != OT_OK) return rc;
    *held_back = strcmp(fs.outcome, "unreadable") == 0;
    size_t superseded;
    rc = log_link(db, sid, c, link, &fs, note, actor, err);
    if (rc == OT_OK)
        rc = ot_ingest_attach(db, c->id, sid, fs.outcome, fs.no_3tg, link, *held_back,
                              fs.received_at, actor, today, &superseded, err);
    if (rc == OT_OK && fs.request_id && fs.request_id != link->request_id) {
        char fb[24];
        rc = fallback_status(db, fs.request_id, fb, err);
        if (rc == OT_OK)
            rc = ot_ingest_refresh_request(db, fs.request_id, fb, NULL, actor, today, NULL, err);
    }
    if (rc == OT_OK) rc = audit_override(db, "link", sid, link->supplier_key, note, actor, err);
    return rc;
}

ot_code ot_ingest_link(ot_workspace *ws, const ot_campaign_info *c, int64_t submission_id,
                       const char *supplier_id, const char *note, const char *actor, int32_t today,
                       bool *held_back, ot_error *err)
{
    ot_linker *l;
    ot_code rc = ot_linker_load(ws->db, c->id, &l, err);
    if (rc != OT_OK) return rc;
    ot_link link;
    if (!ot_linker_by_key(l, supplier_id, &link)) {
        ot_linker_free(l);
        return ot_fail(err, OT_E_NOT_FOUND, "supplier %s has no request in campaign %d/%s",
                       supplier_id, c->year, c->family);
    }
    link.method = "person";
    rc = ot_db_begin_durable(ws->db, err);
    if (rc == OT_OK)
        rc = link_in_tx(ws->db, c, submission_id, &link, note, actor, today, held_back, err);
    if (rc == OT_OK) rc = ot_db_commit(ws->db, err);
    if (rc != OT_OK) ot_db_rollback(ws->db);
    ot_linker_free(l);
    return rc;
}

/* The last hand link of the file still in force. */
typedef struct link_entry {
    int64_t id, campaign_id, request_id, before_campaign, before_request;
    char before_method[24], before_status[24], supplier[64], before_supplier[64];
    bool has_confidence;
    double before_confidence;
} link_entry;

static ot_code last_link(ot_db *db, int64_t sid, link_entry *e, ot_error *err)
{
    memset(e, 0, sizeof *e);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        db,
        "SELECT l.id, l.campaign_id, l.request_id, COALESCE(l.before_campaign_id, 0), "
        "COALESCE(l.before_request_id, 0), COALESCE(l.before_method, ''), l.before_confidence, "
        "COALESCE(l.before_status, ''), s.supplier_key, COALESCE(bs.supplier_key, '') FROM "
        "campaign_link_log l JOIN request r ON r.id = l.request_id JOIN supplier s ON s.id = "
        "r.supplier_id LEFT JOIN request br ON br.id = l.before_request_id LEFT JOIN supplier bs "
        "ON bs.id = br.supplier_id WHERE l.submission_id = ? AND l.undone_at IS NULL ORDER BY "
        "l.id DESC LIMIT 1",
        &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, sid, err);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        e->id = ot_stmt_int(st, 0);
        e->campaign_id = ot_stmt_int(st, 1);
        e->request_id = ot_stmt_int(st, 2);
        e->before_campaign = ot_stmt_int(st, 3);
        e->before_request = ot_stmt_int(st, 4);
        snprintf(e->before_method, sizeof e->before_method, "%s", ot_stmt_text(st, 5));
        e->has_confidence = !ot_stmt_is_null(st, 6);
        e->before_confidence = ot_stmt_double(st, 6);
        snprintf(e->before_status, sizeof e->before_status, "%s", ot_stmt_text(st, 7));
        snprintf(e->supplier, sizeof e->supplier, "%s", ot_stmt_text(st, 8));
        snprintf(e->before_supplier, sizeof e->before_supplier, "%s", ot_stmt_text(st, 9));
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err->code;
    if (s == OT_STEP_DONE)
        return ot_fail(err, OT_E_NOT_FOUND, "file %lld has no link made by hand to undo",
                       (long long)sid);
    return OT_OK;
}

/* The file back where it was before the link: in no campaign, or in its campaign with
 * the link it had (none, or another supplier's). */
static ot_code put_back(ot_db *db, int64_t sid, const link_entry *e, const char *actor,
                        int32_t today, ot_error *err)
{
    if (!e->before_campaign) {
        ot_code rc = ot_db_exec(db, "DELETE FROM campaign_finding WHERE submission_id = ?",
                                OT_DB_PARAMS(ot_db_int(sid)), err);
        if (rc == OT_OK)
            rc = ot_db_exec(db, "DELETE FROM campaign_file WHERE submission_id = ?",
                            OT_DB_PARAMS(ot_db_int(sid)), err);
        return rc;
    }
    file_state fs;
    ot_code rc = load_file(db, sid, &fs, err);
    ot_link before = {e->before_request, e->before_supplier, e->before_method,
                      e->has_confidence ? e->before_confidence : 0};
    bool hold = e->before_request && !strcmp(e->before_method, "person") &&
                !strcmp(fs.outcome, "unreadable");
    size_t superseded;
    if (rc == OT_OK)
        rc = ot_ingest_attach(db, e->before_campaign, sid, fs.outcome, fs.no_3tg,
                              e->before_request ? &before : NULL, hold, fs.received_at, actor,
                              today, &superseded, err);
    return rc;
}

ot_code ot_ingest_unlink(ot_workspace *ws, int64_t submission_id, const char *note,
                         const char *actor, int32_t today, char **supplier_id, ot_error *err)
{
    *supplier_id = NULL;
    ot_db *db = ws->db;
    link_entry e;
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_code rc = ot_db_begin_durable(db, err);
    if (rc == OT_OK) rc = last_link(db, submission_id, &e, err);
    if (rc == OT_OK) rc = put_back(db, submission_id, &e, actor, today, err);
    if (rc == OT_OK && e.request_id != e.before_request)
        rc =
            ot_ingest_refresh_request(db, e.request_id, e.before_status[0] ? e.before_status : NULL,
                                      NULL, actor, today, NULL, err);
    if (rc == OT_OK)
        rc = ot_db_exec(db, "UPDATE campaign_link_log SET undone_at = ? WHERE id = ?",
                        OT_DB_PARAMS(ot_db_text(ts), ot_db_int(e.id)), err);
    if (rc == OT_OK) rc = audit_override(db, "unlink", submission_id, e.supplier, note, actor, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) {
        ot_db_rollback(db);
        return rc;
    }
    *supplier_id = strdup(e.supplier);
    return *supplier_id ? OT_OK : ot_fail(err, OT_E_NOMEM, "out of memory");
}
