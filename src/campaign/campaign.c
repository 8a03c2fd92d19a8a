/* campaign.c - campaigns, request rows and their status (see campaign.h). Messages are
 * written by messages.c; this file owns the rows and the figures. */
#include "campaign.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign_internal.h"
#include "util/date.h"
#include "campaign/import_util.h"
#include "campaign/token.h"
#include "store/audit.h"
#include "template/template.h"

const char *const ot_request_status_names[OT_REQUEST_STATUSES] = {
    "not_contacted",   "requested",          "reminded",       "escalated",
    "responded_valid", "responded_invalid",  "corrected",      "declined",
    "out_of_scope",    "responded_outdated", "non_responsive",
};

bool ot_request_status_valid(const char *status)
{
    for (int i = 0; i < OT_REQUEST_STATUSES; i++)
        if (status && strcmp(status, ot_request_status_names[i]) == 0) return true;
    return false;
}

bool ot_campaign_template_parse(const char *s, char out[32])
{
    static const char *const families[] = {"CMRT", "EMRT", "CRT", "AMRT"};
    if (!s) return false;
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(families[i]);
        if (strncasecmp(s, families[i], n) != 0) continue;
        const char *v = s + n;
        if (*v == '-' || *v == ' ' || *v == '_') v++;
        if (!isdigit((unsigned char)*v)) return false;
        for (const char *p = v; *p; p++)
            if (!isdigit((unsigned char)*p) && *p != '.') return false;
        if (strlen(v) > 10) return false;
        snprintf(out, 32, "%s %s", families[i], v);
        return true;
    }
    return false;
}

/* A template name the program can survey with: a known family and a version one of its
 * layouts reads. */
static ot_code check_template(const char *given, char tmpl[32], char family[8], ot_error *err)
{
    if (!ot_campaign_template_parse(given, tmpl))
        return ot_fail(err, OT_E_USAGE, "template '%s' is not FAMILY-VERSION (e.g. CMRT-6.5)",
                       given);
    const char *space = strchr(tmpl, ' ');
    snprintf(family, 8, "%.*s", (int)(space - tmpl), tmpl);
    ot_family f;
    if (!ot_family_parse(family, &f) || !ot_template_version_known(f, space + 1)) {
        char known[256];
        ot_template_versions_list(f, known, sizeof known);
        return ot_fail(err, OT_E_USAGE,
                       "template '%s' is not a version oretrace knows; known %s versions: %s",
                       given, family, known);
    }
    return OT_OK;
}

static ot_code insert_campaign(ot_db *db, int year, const char *family, const char *tmpl,
                               const char *due, const char *actor, int64_t *id, ot_error *err)
{
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    int64_t exists = 0;
    ot_code rc =
        ot_db_query_int(db, "SELECT COUNT(*) FROM campaign WHERE reporting_year = ? AND family = ?",
                        OT_DB_PARAMS(ot_db_int(year), ot_db_text(family)), &exists, err);
    if (rc == OT_OK && exists)
        rc = ot_fail(err, OT_E_CONFLICT, "a %s campaign for %d exists already (%d/%s)", family,
                     year, year, family);
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "INSERT INTO campaign (reporting_year, family, template, due_date, "
                        "created_at) VALUES (?, ?, ?, ?, ?)",
                        OT_DB_PARAMS(ot_db_int(year), ot_db_text(family), ot_db_text(tmpl),
                                     ot_db_text(due), ot_db_text(ts)),
                        err);
    if (rc != OT_OK) return rc;
    *id = ot_db_last_insert_id(db);
    json_t *detail = json_pack("{s:i, s:s, s:s, s:s}", "reporting_year", year, "family", family,
                               "template", tmpl, "due_date", due);
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)*id);
    rc = ot_audit_json(db, actor, "campaign_new", "campaign", sid, detail, err);
    json_decref(detail);
    return rc;
}

ot_code ot_campaign_create(ot_workspace *ws, int year, const char *template_name,
                           const char *due_date, const char *actor, int32_t today,
                           ot_campaign_info *out, ot_error *err)
{
    char tmpl[32], family[8];
    ot_code rc = check_template(template_name ? template_name : "CMRT-6.5", tmpl, family, err);
    if (rc != OT_OK) return rc;
    if (year == 0) year = ws->config.reporting_year;
    if (year < 2010 || year > 2200)
        return ot_fail(err, OT_E_USAGE, "'%d' is not a reporting year", year);
    char due[OT_DATE_LEN];
    int32_t d;
    if (due_date) {
        if (!ot_date_parse(due_date, &d))
            return ot_fail(err, OT_E_USAGE, "due date '%s' is not YYYY-MM-DD", due_date);
    } else {
        d = today + ws->config.response_days;
    }
    ot_date_format(d, due);
    ot_db *db = ws->db;
    rc = ot_db_begin(db, err);
    if (rc != OT_OK) return rc;
    int64_t id = 0;
    rc = insert_campaign(db, year, family, tmpl, due, actor, &id, err);
    if (rc == OT_OK) rc = ot_campaign_sync(ws, id, actor, today, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) {
        ot_db_rollback(db);
        return rc;
    }
    return ot_campaign_get_family(ws, year, family, out, err);
}

/* ---- status changes ---------------------------------------------------------------- */

ot_code ot_request_change_status(ot_db *db, int64_t request_id, const char *status, int32_t today,
                                 const char *note, const char *actor, const char *action,
                                 json_t *detail, ot_error *err)
{
    char day[OT_DATE_LEN], ts[OT_TS_LEN];
    ot_date_format(today, day);
    ot_db_timestamp(ts);
    ot_code rc =
        ot_db_exec(db, "UPDATE request SET status = ?, status_date = ? WHERE id = ?",
                   OT_DB_PARAMS(ot_db_text(status), ot_db_text(day), ot_db_int(request_id)), err);
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "INSERT INTO request_status_log (request_id, status, on_date, at, note) "
                        "VALUES (?, ?, ?, ?, ?)",
                        OT_DB_PARAMS(ot_db_int(request_id), ot_db_text(status), ot_db_text(day),
                                     ot_db_text(ts), ot_db_text(note)),
                        err);
    if (rc != OT_OK) return rc;
    json_t *d = detail ? json_incref(detail) : json_object();
    json_object_set_new(d, "status", json_string(status));
    json_object_set_new(d, "on", json_string(day));
    if (note) json_object_set_new(d, "note", json_string(note));
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)request_id);
    rc = ot_audit_json(db, actor, action ? action : OT_AUDIT_STATUS, "request", sid, d, err);
    json_decref(d);
    return rc;
}

typedef struct sync_row {
    int64_t supplier_id, request_id;
    bool in_scope;
    char category[64];
    char status[24];
} sync_row;

ot_code ot_campaign_sync(ot_workspace *ws, int64_t campaign_id, const char *actor, int32_t today,
                         ot_error *err)
{
    ot_db *db = ws->db;
    ot_stmt *st;
    ot_code rc =
        ot_db_prepare(db,
                      "SELECT s.id, COALESCE(s.in_scope, 0), s.category_norm, r.id, r.status "
                      "FROM supplier s LEFT JOIN request r ON r.supplier_id = s.id AND "
                      "r.campaign_id = ? ORDER BY s.id",
                      &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, campaign_id, err);
    sync_row *rows = NULL;
    size_t n = 0, cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            sync_row *r = realloc(rows, cap * sizeof *r);
            if (!r) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory");
                break;
            }
            rows = r;
        }
        sync_row *r = &rows[n++];
        r->supplier_id = ot_stmt_int(st, 0);
        r->in_scope = ot_stmt_int(st, 1) != 0;
        snprintf(r->category, sizeof r->category, "%s",
                 ot_stmt_text(st, 2) ? ot_stmt_text(st, 2) : "");
        r->request_id = ot_stmt_is_null(st, 3) ? 0 : ot_stmt_int(st, 3);
        snprintf(r->status, sizeof r->status, "%s", ot_stmt_text(st, 4) ? ot_stmt_text(st, 4) : "");
    }
    ot_stmt_finalize(st);
    rc = s == OT_STEP_ERROR ? err->code : OT_OK;
    char day[OT_DATE_LEN];
    ot_date_format(today, day);
    size_t created = 0;
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        sync_row *r = &rows[i];
        const char *want = r->in_scope ? "not_contacted" : "out_of_scope";
        if (!r->request_id) {
            char token[OT_TOKEN_LEN + 1];
            rc = ot_token_new(token, err);
            if (rc == OT_OK)
                rc = ot_db_exec(db,
                                "INSERT INTO request (campaign_id, supplier_id, token, status, "
                                "status_date, category) VALUES (?, ?, ?, ?, ?, ?)",
                                OT_DB_PARAMS(ot_db_int(campaign_id), ot_db_int(r->supplier_id),
                                             ot_db_text(token), ot_db_text(want), ot_db_text(day),
                                             ot_db_text(r->category)),
                                err);
            created++;
        } else if ((strcmp(r->status, "not_contacted") == 0 && !r->in_scope) ||
                   (strcmp(r->status, "out_of_scope") == 0 && r->in_scope)) {
            rc = ot_request_change_status(db, r->request_id, want, today,
                                          "scope changed before the request was sent", actor, NULL,
                                          NULL, err);
        }
    }
    free(rows);
    if (rc == OT_OK && created) {
        json_t *d = json_pack("{s:I}", "requests_created", (json_int_t)created);
        char sid[32];
        snprintf(sid, sizeof sid, "%lld", (long long)campaign_id);
        rc = ot_audit_json(db, actor, "campaign_sync", "campaign", sid, d, err);
        json_decref(d);
    }
    return rc;
}

ot_code ot_campaign_set_status(ot_workspace *ws, const ot_campaign_info *c, const char *supplier_id,
                               const char *status, const char *note, const char *actor,
                               int32_t today, char **previous, ot_error *err)
{
    if (previous) *previous = NULL;
    if (!ot_request_status_valid(status))
        return ot_fail(err, OT_E_USAGE, "'%s' is not a status (" OT_REQUEST_STATUS_LIST ")",
                       status ? status : "");
    int64_t rid = 0;
    char *old = NULL;
    ot_code rc = ot_db_begin_durable(ws->db, err);
    if (rc != OT_OK) return rc;
    rc = ot_db_query_int(ws->db,
                         "SELECT r.id FROM request r JOIN supplier s ON s.id = r.supplier_id "
                         "WHERE r.campaign_id = ? AND s.supplier_key = ?",
                         OT_DB_PARAMS(ot_db_int(c->id), ot_db_text(supplier_id)), &rid, err);
    if (rc == OT_E_NOT_FOUND)
        ot_fail(err, rc, "supplier %s has no request in campaign %d/%s", supplier_id, c->year,
                c->family);
    if (rc == OT_OK)
        rc = ot_db_query_text(ws->db, "SELECT status FROM request WHERE id = ?",
                              OT_DB_PARAMS(ot_db_int(rid)), &old, err);
    json_t *d = json_pack("{s:s, s:s}", "supplier_id", supplier_id, "previous", old ? old : "");
    if (rc == OT_OK)
        rc = ot_request_change_status(ws->db, rid, status, today, note, actor, OT_AUDIT_OVERRIDE, d,
                                      err);
    json_decref(d);
    if (rc == OT_OK) rc = ot_db_commit(ws->db, err);
    if (rc != OT_OK) ot_db_rollback(ws->db);
    if (rc == OT_OK && previous)
        *previous = old;
    else
        free(old);
    return rc;
}

/* ---- figures ----------------------------------------------------------------------- */

static int status_index(const char *s)
{
    for (int i = 0; i < OT_REQUEST_STATUSES; i++)
        if (strcmp(s, ot_request_status_names[i]) == 0) return i;
    return -1;
}

/* One group of requests of the same status: how many, and of them how many were
 * surveyed, escalated, have no e-mail, declare no 3TG; the messages sent them. */
typedef struct status_group {
    int status;
    int64_t n, surveyed, escalated, no_email, no_3tg, reminders, escalations, corrections;
} status_group;

static bool is(const char *name, const char *s)
{
    return strcmp(name, s) == 0;
}

static void add_counts(ot_status_counts *c, const status_group *g)
{
    const char *name = ot_request_status_names[g->status];
    c->by_status[g->status] += g->n;
    c->suppliers += g->n;
    c->escalated += g->escalated;
    c->reminders_sent += g->reminders;
    c->escalations_sent += g->escalations;
    c->corrections_sent += g->corrections;
    if (is(name, "out_of_scope")) {
        c->out_of_scope += g->n;
        return;
    }
    c->suppliers_in_scope += g->n;
    c->surveyed += g->surveyed;
    c->not_contacted += g->n - g->surveyed;
    c->not_contacted_no_email += g->no_email;
    bool valid = is(name, "responded_valid") || is(name, "corrected");
    bool responded = valid || is(name, "responded_invalid") || is(name, "responded_outdated") ||
                     is(name, "declined");
    if (responded) {
        c->responded += g->n;
        c->responded_surveyed += g->surveyed;
    } else {
        c->no_response += g->surveyed;
    }
    if (valid) c->valid += g->n;
    if (valid) c->no_3tg += g->no_3tg;
    if (is(name, "responded_invalid")) c->invalid += g->n;
    if (is(name, "responded_outdated")) c->outdated += g->n;
    if (is(name, "declined")) c->declined += g->n;
    if (is(name, "non_responsive")) c->non_responsive += g->n;
    c->outstanding = c->suppliers_in_scope - c->valid - c->declined;
}

double ot_campaign_response_rate(const ot_status_counts *c)
{
    return c->surveyed ? 100.0 * (double)c->responded_surveyed / (double)c->surveyed : 0.0;
}

static ot_category_counts *category_slot(ot_campaign_status *out, size_t *cap, const char *label,
                                         ot_error *err)
{
    if (out->n_categories && !strcmp(out->by_category[out->n_categories - 1].category, label))
        return &out->by_category[out->n_categories - 1];
    if (out->n_categories == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        ot_category_counts *b = realloc(out->by_category, *cap * sizeof *b);
        if (!b) {
            ot_fail(err, OT_E_NOMEM, "out of memory");
            return NULL;
        }
        out->by_category = b;
    }
    ot_category_counts *b = &out->by_category[out->n_categories++];
    memset(b, 0, sizeof *b);
    snprintf(b->category, sizeof b->category, "%s", label);
    return b;
}

/* request_campaign_status (campaign_id, status, category) narrows this to the campaign;
 * the sub-queries use the contact key and campaign_file_request. */
#define STATUS_GROUPS_SQL                                                                          \
    "SELECT r.category, r.status, COUNT(*), SUM(CASE WHEN r.escalations > 0 THEN 1 ELSE 0 END), "  \
    "SUM(CASE WHEN r.requested_on IS NOT NULL THEN 1 ELSE 0 END), "                                \
    "SUM(CASE WHEN r.requested_on IS NULL AND NOT EXISTS (SELECT 1 FROM supplier_contact k "       \
    "WHERE k.supplier_id = r.supplier_id AND k.email IS NOT NULL) THEN 1 ELSE 0 END), "            \
    "SUM(CASE WHEN EXISTS (SELECT 1 FROM campaign_file f WHERE f.request_id = r.id AND "           \
    "f.superseded_by IS NULL AND f.held_back = 0 AND f.declined = 1) THEN 1 ELSE 0 END), "         \
    "SUM(r.reminders), SUM(r.escalations), SUM(r.corrections) FROM request r WHERE "               \
    "r.campaign_id = ? GROUP BY r.category, r.status ORDER BY r.category"

static ot_code count_requests(ot_workspace *ws, const ot_campaign_info *c, ot_campaign_status *out,
                              ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(ws->db, STATUS_GROUPS_SQL, &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, c->id, err);
    ot_step s;
    size_t cap = 0;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        const char *cat = ot_stmt_text(st, 0) ? ot_stmt_text(st, 0) : "";
        status_group g = {status_index(ot_stmt_text(st, 1)),
                          ot_stmt_int(st, 2),
                          ot_stmt_int(st, 4),
                          ot_stmt_int(st, 3),
                          ot_stmt_int(st, 5),
                          ot_stmt_int(st, 6),
                          ot_stmt_int(st, 7),
                          ot_stmt_int(st, 8),
                          ot_stmt_int(st, 9)};
        if (g.status < 0) continue;
        add_counts(&out->total, &g);
        ot_category_counts *b = category_slot(out, &cap, *cat ? cat : "uncategorised", err);
        if (!b) {
            s = OT_STEP_ERROR;
            break;
        }
        add_counts(&b->c, &g);
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

ot_code ot_campaign_status_get(ot_workspace *ws, const ot_campaign_info *c, ot_campaign_status *out,
                               ot_error *err)
{
    memset(out, 0, sizeof *out);
    ot_code rc = count_requests(ws, c, out, err);
    if (rc != OT_OK) return rc;
    ot_stmt *st;
    ot_step s;
    /* campaign_file_campaign (campaign_id, outcome) narrows this to the campaign's files */
    rc = ot_db_prepare(ws->db,
                       "SELECT COUNT(*), "
                       "COALESCE(SUM(CASE WHEN outcome = 'valid' THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN outcome = 'invalid' THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN outcome = 'unreadable' THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN request_id IS NULL THEN 1 ELSE 0 END), 0), "
                       "COALESCE(SUM(CASE WHEN superseded_by IS NOT NULL THEN 1 ELSE 0 END), 0) "
                       "FROM campaign_file WHERE campaign_id = ?",
                       &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, c->id, err);
    s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        out->submissions.received = ot_stmt_int(st, 0);
        out->submissions.valid = ot_stmt_int(st, 1);
        out->submissions.invalid = ot_stmt_int(st, 2);
        out->submissions.unreadable = ot_stmt_int(st, 3);
        out->submissions.unlinked = ot_stmt_int(st, 4);
        out->submissions.superseded = ot_stmt_int(st, 5);
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

void ot_campaign_status_free(ot_campaign_status *s)
{
    free(s->by_category);
    s->by_category = NULL;
    s->n_categories = 0;
}

void ot_send_report_free(ot_send_report *r)
{
    free(r->problems);
    r->problems = NULL;
    r->n_problems = 0;
}

ot_code ot_campaign_requests_each(ot_workspace *ws, const ot_campaign_info *c, const char *status,
                                  ot_request_fn fn, void *ctx, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(
        ws->db,
        "SELECT s.supplier_key, s.name, r.category, r.status, r.status_date, r.requested_on, "
        "r.reminders, r.escalations, r.token, "
        "(SELECT f.submission_id FROM campaign_file f WHERE f.request_id = r.id AND "
        " f.superseded_by IS NULL AND f.held_back = 0 ORDER BY f.received_at DESC LIMIT 1), "
        "(SELECT COUNT(*) FROM campaign_file f WHERE f.request_id = r.id), "
        "COALESCE(r.due_date, c.due_date), r.corrections, "
        "CASE WHEN r.requested_on IS NOT NULL OR r.status = 'out_of_scope' THEN NULL "
        "WHEN NOT EXISTS (SELECT 1 FROM supplier_contact k WHERE k.supplier_id = s.id AND "
        "k.email IS NOT NULL) THEN 'no contact e-mail in the vendor list' "
        "ELSE 'request not sent yet' END "
        "FROM request r JOIN supplier s ON s.id = r.supplier_id JOIN campaign c ON c.id = "
        "r.campaign_id WHERE r.campaign_id = ? AND "
        "(? IS NULL OR r.status = ?) ORDER BY s.supplier_key",
        &st, err);
    if (rc != OT_OK) return rc;
    rc = ot_stmt_bind_all(
        st, OT_DB_PARAMS(ot_db_int(c->id), ot_db_text(status), ot_db_text(status)), err);
    ot_step s = OT_STEP_DONE;
    while (rc == OT_OK && (s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        ot_request_info in = {
            .supplier_id = ot_stmt_text(st, 0),
            .name = ot_stmt_text(st, 1),
            .category = ot_stmt_text(st, 2),
            .status = ot_stmt_text(st, 3),
            .status_date = ot_stmt_text(st, 4),
            .requested_on = ot_stmt_text(st, 5),
            .reminders = (int)ot_stmt_int(st, 6),
            .escalations = (int)ot_stmt_int(st, 7),
            .token = ot_stmt_text(st, 8),
            .current_file = ot_stmt_int(st, 9),
            .files = ot_stmt_int(st, 10),
            .due_date = ot_stmt_text(st, 11),
            .corrections = (int)ot_stmt_int(st, 12),
            .not_contacted_reason = ot_stmt_text(st, 13),
        };
        rc = fn(&in, ctx, err);
    }
    if (rc == OT_OK && s == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}
