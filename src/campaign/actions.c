/* actions.c - corrective actions as stored (actions.h): add, close, reopen, each in one
 * durable transaction with its log row and audit entry; listing and history. */
#include "campaign/actions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/import_util.h"
#include "store/audit.h"

static bool blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

static ot_code check_due(const char *due, ot_error *err)
{
    int32_t day;
    if (due && !ot_date_parse(due, &day))
        return ot_fail(err, OT_E_USAGE, "due date '%s' is not a date (YYYY-MM-DD)", due);
    return OT_OK;
}

static ot_code log_event(ot_db *db, int64_t id, const char *event, const char *note,
                         const char *actor, int32_t today, ot_error *err)
{
    char day[OT_DATE_LEN], ts[OT_TS_LEN];
    ot_date_format(today, day);
    ot_db_timestamp(ts);
    return ot_db_exec(db,
                      "INSERT INTO corrective_action_log (action_id, event, on_date, at, actor, "
                      "note) VALUES (?, ?, ?, ?, ?, ?)",
                      OT_DB_PARAMS(ot_db_int(id), ot_db_text(event), ot_db_text(day),
                                   ot_db_text(ts), ot_db_text(actor), ot_db_text(note)),
                      err);
}

/* The log row and the audit entry of a change to action id (caller's transaction). */
static ot_code record(ot_db *db, int64_t id, const char *event, const char *audit_action,
                      json_t *detail, const char *note, const char *actor, int32_t today,
                      ot_error *err)
{
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    ot_code rc = log_event(db, id, event, note, actor, today, err);
    if (note) json_object_set_new(detail, "note", json_string(note));
    if (rc == OT_OK)
        rc = ot_audit_json(db, actor, audit_action, "corrective_action", sid, detail, err);
    return rc;
}

static ot_code finish(ot_db *db, ot_code rc, ot_error *err)
{
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    return rc;
}

/* The supplier's row id (0 for the company's own action). */
static ot_code supplier_row(ot_db *db, const char *key, int64_t *row, ot_error *err)
{
    *row = 0;
    if (!key) return OT_OK;
    ot_code rc = ot_db_query_int(db, "SELECT id FROM supplier WHERE supplier_key = ?",
                                 OT_DB_PARAMS(ot_db_text(key)), row, err);
    if (rc == OT_E_NOT_FOUND)
        return ot_fail(err, OT_E_NOT_FOUND, "no supplier '%s' in the vendor list", key);
    return rc;
}

static ot_code proposal_free(ot_db *db, const ot_action_new *a, ot_error *err)
{
    if (!a->proposal_key) return OT_OK;
    int64_t id = 0;
    ot_code rc = ot_db_query_int(
        db, "SELECT id FROM corrective_action WHERE campaign_id = ? AND proposal_key = ?",
        OT_DB_PARAMS(ot_db_int(a->campaign_id), ot_db_text(a->proposal_key)), &id, err);
    if (rc == OT_E_NOT_FOUND) return OT_OK;
    if (rc != OT_OK) return rc;
    return ot_fail(err, OT_E_CONFLICT, "proposal %s was accepted already: action %lld",
                   a->proposal_key, (long long)id);
}

static ot_code insert_action(ot_db *db, const ot_action_new *a, int64_t supplier, const char *actor,
                             int32_t today, int64_t *id, ot_error *err)
{
    char day[OT_DATE_LEN], ts[OT_TS_LEN];
    ot_date_format(today, day);
    ot_db_timestamp(ts);
    ot_code rc = ot_db_exec(
        db,
        "INSERT INTO corrective_action (campaign_id, supplier_id, smelter_id, answers, "
        "proposal_key, kind, text, owner, due_date, status, created_on, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
        OT_DB_PARAMS(ot_db_int(a->campaign_id), supplier ? ot_db_int(supplier) : ot_db_null(),
                     ot_db_text(a->smelter_id), ot_db_text(a->answers ? a->answers : ""),
                     ot_db_text(a->proposal_key), ot_db_text(a->kind), ot_db_text(a->text),
                     ot_db_text(a->owner), ot_db_text(a->due_date), ot_db_text(day), ot_db_text(ts),
                     ot_db_text(actor)),
        err);
    *id = ot_db_last_insert_id(db);
    return rc;
}

ot_code ot_action_add(ot_workspace *ws, const ot_action_new *a, const char *actor, int32_t today,
                      int64_t *id_out, ot_error *err)
{
    if (blank(a->kind) || blank(a->text))
        return ot_fail(err, OT_E_USAGE, "an action needs a kind and a text");
    ot_code rc = check_due(a->due_date, err);
    if (rc != OT_OK) return rc;
    ot_db *db = ws->db;
    int64_t supplier = 0, id = 0;
    rc = ot_db_begin_durable(db, err);
    if (rc == OT_OK) rc = supplier_row(db, a->supplier_id, &supplier, err);
    if (rc == OT_OK) rc = proposal_free(db, a, err);
    if (rc == OT_OK) rc = insert_action(db, a, supplier, actor, today, &id, err);
    if (rc == OT_OK) {
        json_t *d = json_pack("{s:I, s:s?, s:s?, s:s, s:s?, s:s?, s:s?}", "campaign_id",
                              (json_int_t)a->campaign_id, "supplier_id", a->supplier_id,
                              "smelter_id", a->smelter_id, "kind", a->kind, "proposal_key",
                              a->proposal_key, "owner", a->owner, "due_date", a->due_date);
        if (!d) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
        if (rc == OT_OK) rc = record(db, id, "opened", "action_add", d, a->note, actor, today, err);
        json_decref(d);
    }
    rc = finish(db, rc, err);
    if (rc == OT_OK && id_out) *id_out = id;
    return rc;
}

/* The action's status ("open" / "closed") into out; OT_E_NOT_FOUND when there is none. */
static ot_code action_status(ot_db *db, int64_t id, char out[8], ot_error *err)
{
    char *status = NULL;
    ot_code rc = ot_db_query_text(db, "SELECT status FROM corrective_action WHERE id = ?",
                                  OT_DB_PARAMS(ot_db_int(id)), &status, err);
    if (rc == OT_E_NOT_FOUND)
        return ot_fail(err, OT_E_NOT_FOUND, "no corrective action %lld", (long long)id);
    if (rc == OT_OK) snprintf(out, 8, "%s", status ? status : "");
    free(status);
    return rc;
}

/* Moves action id from status `from` to the other one: close or reopen. */
static ot_code change(ot_workspace *ws, int64_t id, bool closing, const char *note, const char *due,
                      const char *actor, int32_t today, ot_error *err)
{
    ot_db *db = ws->db;
    char status[8], day[OT_DATE_LEN];
    ot_date_format(today, day);
    ot_code rc = ot_db_begin_durable(db, err);
    if (rc == OT_OK) rc = action_status(db, id, status, err);
    if (rc == OT_OK && strcmp(status, closing ? "open" : "closed") != 0)
        rc = ot_fail(err, OT_E_CONFLICT, "corrective action %lld is %s already", (long long)id,
                     closing ? "closed" : "open");
    if (rc == OT_OK && closing)
        rc = ot_db_exec(db,
                        "UPDATE corrective_action SET status = 'closed', closed_on = ?, "
                        "close_note = ? WHERE id = ?",
                        OT_DB_PARAMS(ot_db_text(day), ot_db_text(note), ot_db_int(id)), err);
    if (rc == OT_OK && !closing)
        rc = ot_db_exec(db,
                        "UPDATE corrective_action SET status = 'open', closed_on = NULL, "
                        "close_note = NULL, due_date = COALESCE(?, due_date) WHERE id = ?",
                        OT_DB_PARAMS(ot_db_text(due), ot_db_int(id)), err);
    if (rc == OT_OK) {
        json_t *d = closing || !due ? json_object() : json_pack("{s:s}", "due_date", due);
        rc = record(db, id, closing ? "closed" : "reopened",
                    closing ? "action_close" : "action_reopen", d, note, actor, today, err);
        json_decref(d);
    }
    return finish(db, rc, err);
}

ot_code ot_action_close(ot_workspace *ws, int64_t id, const char *note, const char *actor,
                        int32_t today, ot_error *err)
{
    if (blank(note))
        return ot_fail(err, OT_E_USAGE, "closing an action needs a note saying what was done");
    return change(ws, id, true, note, NULL, actor, today, err);
}

ot_code ot_action_reopen(ot_workspace *ws, int64_t id, const char *note, const char *due_date,
                         const char *actor, int32_t today, ot_error *err)
{
    ot_code rc = check_due(due_date, err);
    return rc == OT_OK ? change(ws, id, false, note, due_date, actor, today, err) : rc;
}

static void row_from(ot_stmt *st, ot_action_row *r)
{
    *r = (ot_action_row){.id = ot_stmt_int(st, 0),
                         .campaign_id = ot_stmt_int(st, 1),
                         .campaign_year = (int)ot_stmt_int(st, 2),
                         .supplier_id = ot_stmt_text(st, 3),
                         .supplier_name = ot_stmt_text(st, 4),
                         .smelter_id = ot_stmt_text(st, 5),
                         .answers = ot_stmt_text(st, 6),
                         .proposal_key = ot_stmt_text(st, 7),
                         .kind = ot_stmt_text(st, 8),
                         .text = ot_stmt_text(st, 9),
                         .owner = ot_stmt_text(st, 10),
                         .due_date = ot_stmt_text(st, 11),
                         .status = ot_stmt_text(st, 12),
                         .created_on = ot_stmt_text(st, 13),
                         .created_by = ot_stmt_text(st, 14),
                         .closed_on = ot_stmt_text(st, 15),
                         .close_note = ot_stmt_text(st, 16),
                         .reopened = ot_stmt_int(st, 17)};
    if (!r->answers) r->answers = "";
}

ot_code ot_actions_each(ot_workspace *ws, const ot_action_filter *f, ot_action_fn fn, void *ctx,
                        ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT a.id, a.campaign_id, c.reporting_year, s.supplier_key, s.name, a.smelter_id, "
        "a.answers, a.proposal_key, a.kind, a.text, a.owner, a.due_date, a.status, a.created_on, "
        "a.created_by, a.closed_on, a.close_note, (SELECT COUNT(*) FROM corrective_action_log l "
        "WHERE l.action_id = a.id AND l.event = 'reopened') FROM corrective_action a "
        "JOIN campaign c ON c.id = a.campaign_id LEFT JOIN supplier s ON s.id = a.supplier_id "
        "WHERE (? = 0 OR a.id = ?) AND (? = 0 OR a.campaign_id = ?) AND (? IS NULL OR a.status "
        "= ?) AND (? IS NULL OR s.supplier_key = ?) ORDER BY a.id",
        &st, err);
    if (rc != OT_OK) return rc;
    ot_db_value p[] = {ot_db_int(f->id),           ot_db_int(f->id),
                       ot_db_int(f->campaign_id),  ot_db_int(f->campaign_id),
                       ot_db_text(f->status),      ot_db_text(f->status),
                       ot_db_text(f->supplier_id), ot_db_text(f->supplier_id)};
    rc = ot_stmt_bind_all(st, p, sizeof p / sizeof p[0], err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_action_row row;
        row_from(st, &row);
        rc = fn(&row, ctx, err);
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}

ot_code ot_action_history(ot_workspace *ws, int64_t id, ot_action_event_fn fn, void *ctx,
                          ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(ws->db,
                               "SELECT event, on_date, at, actor, note FROM corrective_action_log "
                               "WHERE action_id = ? ORDER BY id",
                               &st, err);
    if (rc != OT_OK) return rc;
    rc = ot_stmt_bind_int(st, 1, id, err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_action_event e = {ot_stmt_text(st, 0), ot_stmt_text(st, 1), ot_stmt_text(st, 2),
                             ot_stmt_text(st, 3), ot_stmt_text(st, 4)};
        rc = fn(&e, ctx, err);
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
