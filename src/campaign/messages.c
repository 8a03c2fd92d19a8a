/* messages.c - writing requests, reminders and escalation notices (see campaign.h).
 *
 * For each message: render the workspace's letter template, format the .eml, write it
 * atomically into the outbox, then record it in one durable transaction (message row,
 * request status, status log, audit entry). The (request_id, step) key decides whether
 * a message exists: when two runs race, the second insert finds the row and its file is
 * left as a harmless duplicate of the recorded one. */
#include "campaign.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "campaign/actions.h"
#include "campaign/campaign_internal.h"
#include "util/date.h"
#include "campaign/followup.h"
#include "campaign/import_util.h"
#include "campaign/letter.h"
#include "campaign/mail.h"
#include "campaign/smtp.h"
#include "store/audit.h"
#include "util/fileio.h"
#include "util/strbuf.h"

typedef struct job {
    int64_t request_id, supplier_id;
    char *supplier_key, *supplier_name, *token, *requested_on;
    size_t followups;
    int reminders, escalations;
    int corrections;        /* correction requests written so far */
    char *followup_from;    /* day 0 of the current follow-up cycle */
    char *due_date;         /* the supplier's own due date, NULL: the campaign's */
    int64_t current_file;   /* the supplier's current file, 0: none */
    int64_t correction_for; /* the file the last correction request named */
} job;

/* What a message is: the request (cycle 0) or correction request k (cycle k), or a
 * follow-up of either. Its step number, unique per request, is cycle * 100 + the
 * follow-up's number (OT_FOLLOWUP_MAX < 100), so every cycle is generated once. */
typedef struct msg_step {
    int cycle;
    const ot_followup_step *followup; /* NULL: the request or correction itself */
} msg_step;

static int step_number(const msg_step *ms)
{
    return ms->cycle * 100 + (ms->followup ? ms->followup->number : 0);
}

typedef struct run {
    ot_workspace *ws;
    const ot_campaign_info *c;
    const char *actor;
    int32_t today;
    ot_send_report *rep;
    char *letters[OT_LETTER__COUNT];
    ot_mail_address from;
    char from_domain[128];
} run;

static void problem(ot_send_report *rep, const char *supplier, const char *fmt, ...)
{
    if ((rep->n_problems & (rep->n_problems - 1)) == 0) {
        size_t cap = rep->n_problems ? rep->n_problems * 2 : 8;
        ot_send_problem *p = realloc(rep->problems, cap * sizeof *p);
        if (!p) return;
        rep->problems = p;
    }
    ot_send_problem *p = &rep->problems[rep->n_problems++];
    snprintf(p->supplier_id, sizeof p->supplier_id, "%s", supplier);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
}

static ot_code setup_run(run *r, ot_error *err)
{
    const ot_config *cfg = &r->ws->config;
    const char *addr = *cfg->smtp_from ? cfg->smtp_from : cfg->contact_email;
    if (!ot_mail_address_valid(addr))
        return ot_fail(err, OT_E_INVALID,
                       "set contact_email (the address suppliers reply to) in %s before sending "
                       "requests%s%s%s",
                       r->ws->config_path, *addr ? " ('" : "", addr,
                       *addr ? "' is not an address)" : "");
    r->from.email = addr;
    r->from.name = *cfg->contact_name ? cfg->contact_name : cfg->company_name;
    snprintf(r->from_domain, sizeof r->from_domain, "%s", strchr(addr, '@') + 1);
    return OT_OK;
}

static void free_run(run *r)
{
    for (int i = 0; i < OT_LETTER__COUNT; i++)
        free(r->letters[i]);
}

static void free_jobs(job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(jobs[i].supplier_key);
        free(jobs[i].supplier_name);
        free(jobs[i].token);
        free(jobs[i].requested_on);
        free(jobs[i].followup_from);
        free(jobs[i].due_date);
    }
    free(jobs);
}

static char *dup_text(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The requests to write something for: */
#define JOBS_NEW_REQUEST "status = 'not_contacted'"
/* a current file that cannot be used, not yet named in a correction request */
#define JOBS_CORRECTION                                                                            \
    "status IN ('responded_invalid', 'responded_outdated') AND current_file IS NOT NULL AND "      \
    "(correction_for IS NULL OR correction_for <> current_file)"
/* open requests and open correction requests: their follow-ups */
#define JOBS_FOLLOWUP                                                                              \
    "status IN ('requested', 'reminded', 'escalated') OR (status IN ('responded_invalid', "        \
    "'responded_outdated') AND corrections > 0 AND correction_for = current_file)"

static void job_from(ot_stmt *st, job *j)
{
    j->request_id = ot_stmt_int(st, 0);
    j->supplier_id = ot_stmt_int(st, 1);
    j->supplier_key = dup_text(ot_stmt_text(st, 2));
    j->supplier_name = dup_text(ot_stmt_text(st, 3));
    j->token = dup_text(ot_stmt_text(st, 4));
    j->requested_on = dup_text(ot_stmt_text(st, 5));
    j->followups = (size_t)ot_stmt_int(st, 6);
    j->reminders = (int)ot_stmt_int(st, 7);
    j->escalations = (int)ot_stmt_int(st, 8);
    j->corrections = (int)ot_stmt_int(st, 9);
    j->followup_from = dup_text(ot_stmt_text(st, 10));
    j->due_date = dup_text(ot_stmt_text(st, 11));
    j->correction_for = ot_stmt_int(st, 12);
    j->current_file = ot_stmt_int(st, 13);
}

/* Requests of the campaign matching `which` (one of JOBS_*), by supplier_id. */
static ot_code load_jobs(ot_db *db, int64_t campaign_id, const char *which, job **out,
                         size_t *count, ot_error *err)
{
    char sql[1600];
    snprintf(sql, sizeof sql,
             "SELECT * FROM (SELECT r.id, s.id AS sid, s.supplier_key, s.name, r.token, "
             "r.requested_on, r.followups, r.reminders, r.escalations, r.corrections, "
             "COALESCE(r.followup_from, r.requested_on), r.due_date, r.correction_for, "
             "(SELECT f.submission_id FROM campaign_file f WHERE f.request_id = r.id AND "
             "f.superseded_by IS NULL AND f.held_back = 0 ORDER BY f.received_at DESC, "
             "f.submission_id DESC LIMIT 1) AS current_file, r.status, r.campaign_id "
             "FROM request r JOIN supplier s ON s.id = r.supplier_id) q "
             "WHERE q.campaign_id = ? AND (%s) ORDER BY q.supplier_key",
             which);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db, sql, &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, campaign_id, err);
    job *jobs = NULL;
    size_t n = 0, cap = 0;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            job *j = realloc(jobs, cap * sizeof *j);
            if (!j) {
                s = OT_STEP_ERROR;
                ot_fail(err, OT_E_NOMEM, "out of memory");
                break;
            }
            jobs = j;
        }
        job_from(st, &jobs[n++]);
    }
    ot_stmt_finalize(st);
    *out = jobs;
    *count = n;
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

typedef struct recipients {
    ot_mail_address to[16];
    char *names[16], *emails[16];
    size_t n;
} recipients;

static void free_recipients(recipients *rc)
{
    for (size_t i = 0; i < rc->n; i++) {
        free(rc->names[i]);
        free(rc->emails[i]);
    }
}

static ot_code load_recipients(ot_db *db, int64_t supplier_id, recipients *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT name, email FROM supplier_contact WHERE supplier_id = ? AND "
                               "email IS NOT NULL ORDER BY position LIMIT 16",
                               &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_int(st, 1, supplier_id, err);
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        out->names[out->n] = dup_text(ot_stmt_text(st, 0));
        out->emails[out->n] = dup_text(ot_stmt_text(st, 1));
        out->to[out->n] = (ot_mail_address){out->names[out->n], out->emails[out->n]};
        out->n++;
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}

/* A supplier key as a file-name part. */
static void file_part(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.';
        out[n++] = ok ? c : '_';
    }
    out[n] = '\0';
    if (out[0] == '.') out[0] = '_';
}

static ot_code ensure_dir(const char *path, ot_error *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return ot_fail(err, OT_E_IO, "%s: cannot create: %s", path, strerror(errno));
    return OT_OK;
}

/* The escalation role's name and address from the config: the typed fields of the
 * default roles, <role>_name / <role>_email (ot_config_get) for roles the user added. */
static void role_contact(const ot_config *cfg, const char *role, char *label, size_t size,
                         ot_mail_address *cc, bool *has_cc)
{
    const char *email, *name;
    if (strcmp(role, "buyer") == 0) {
        email = cfg->buyer_email;
        name = cfg->buyer_name;
    } else if (strcmp(role, "senior_officer") == 0) {
        email = cfg->senior_officer_email;
        name = cfg->senior_officer_name;
    } else {
        char key[96];
        snprintf(key, sizeof key, "%s_email", role);
        email = ot_config_get(cfg, key);
        snprintf(key, sizeof key, "%s_name", role);
        name = ot_config_get(cfg, key);
    }
    char pretty[64];
    snprintf(pretty, sizeof pretty, "%s", role);
    for (char *p = pretty; *p; p++)
        if (*p == '_') *p = ' ';
    *has_cc = email && ot_mail_address_valid(email);
    if (*has_cc) *cc = (ot_mail_address){name && *name ? name : NULL, email};
    if (name && *name && *has_cc)
        snprintf(label, size, "our %s, %s <%s>", pretty, name, email);
    else if (*has_cc)
        snprintf(label, size, "our %s <%s>", pretty, email);
    else
        snprintf(label, size, "our %s", pretty);
}

/* SMTP delivery of a recorded message, itself recorded (delivered_at or delivery_error)
 * and audited. A failed delivery is reported, not fatal: the .eml stays in the outbox. */
static ot_code deliver(run *r, const job *j, int step, const char *label, const char *const *rcpts,
                       size_t n, const ot_strbuf *eml, ot_error *err)
{
    ot_error e = {0};
    ot_code sent =
        ot_smtp_send(r->ws->config.smtp_url, r->from.email, rcpts, n, eml->data, eml->len, &e);
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_db *db = r->ws->db;
    ot_code rc = ot_db_begin(db, err);
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "UPDATE request_message SET delivered_at = ?, delivery_error = ? WHERE "
                        "request_id = ? AND step = ?",
                        OT_DB_PARAMS(ot_db_text(sent == OT_OK ? ts : NULL),
                                     ot_db_text(sent == OT_OK ? NULL : e.message),
                                     ot_db_int(j->request_id), ot_db_int(step)),
                        err);
    if (rc == OT_OK) {
        json_t *d = json_pack("{s:s, s:s, s:b}", "supplier_id", j->supplier_key, "step", label,
                              "delivered", sent == OT_OK);
        if (sent != OT_OK) json_object_set_new(d, "error", json_string(e.message));
        char sid[32];
        snprintf(sid, sizeof sid, "%lld", (long long)j->request_id);
        rc = ot_audit_json(db, r->actor, "deliver", "request", sid, d, err);
        json_decref(d);
    }
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) {
        ot_db_rollback(db);
        return rc;
    }
    if (sent == OT_OK)
        r->rep->delivered++;
    else
        problem(r->rep, j->supplier_key, "%s (the message stays in the outbox)", e.message);
    return OT_OK;
}

/* One message on its way: recipients, the rendered letter, the .eml and where it went. */
typedef struct message {
    recipients to;
    ot_mail_address cc; /* the escalation role, when the config names its address */
    bool has_cc;
    char label[64]; /* "request", "reminder-1", "escalation-buyer" */
    char mid[192];  /* Message-ID */
    char rel[512];  /* outbox/<year>/<supplier>-<label>.eml, relative to the workspace */
    ot_strbuf subject, body, eml, rcpt;
} message;

static void free_message(message *m)
{
    ot_sb_free(&m->subject);
    ot_sb_free(&m->body);
    ot_sb_free(&m->eml);
    ot_sb_free(&m->rcpt);
    free_recipients(&m->to);
}

static ot_letter_kind letter_kind(const msg_step *ms)
{
    if (ms->cycle) return OT_LETTER_CORRECTION; /* its follow-ups too: they name the findings */
    if (!ms->followup) return OT_LETTER_REQUEST;
    return ms->followup->kind == OT_FOLLOWUP_REMINDER ? OT_LETTER_REMINDER : OT_LETTER_ESCALATION;
}

/* "request", "reminder-2", "correction-1", "correction-1-reminder-2": step labels and
 * file names. */
static void step_label(const msg_step *ms, char out[64])
{
    char follow[64] = "";
    if (ms->followup) ot_followup_label(ms->followup, follow);
    if (!ms->cycle)
        snprintf(out, 64, "%s", ms->followup ? follow : "request");
    else
        snprintf(out, 64, "correction-%d%s%s", ms->cycle, ms->followup ? "-" : "", follow);
}

/* How the supplier returns the file: the portal link when the config has one, else a
 * reply carrying the token. */
static void upload_text(const ot_config *cfg, const char *token, char *out, size_t size)
{
    const char *portal = cfg->portal_url;
    if (*portal)
        snprintf(out, size, "Upload it at %s%stoken=%s", portal, strchr(portal, '?') ? "&" : "?",
                 token);
    else
        snprintf(out, size,
                 "Reply to this e-mail with the completed file attached, its file name\n"
                 "containing %s.",
                 token);
}

/* The parts of a letter computed per supplier beyond its fields: for a correction
 * request, the file and what to correct in it. THE place to add paragraphs to the
 * letters (e.g. the supplier's open corrective actions): compute them here and add a
 * placeholder to letter.c. */
typedef struct letter_parts {
    char file_name[256], received_on[OT_DATE_LEN], followup_note[32];
    ot_strbuf findings;
} letter_parts;

static ot_code compose_parts(run *r, const job *j, const msg_step *ms, letter_parts *p,
                             ot_error *err)
{
    if (ms->followup && ms->cycle)
        snprintf(p->followup_note, sizeof p->followup_note,
                 "%s %d: ", ms->followup->kind == OT_FOLLOWUP_REMINDER ? "Reminder" : "Escalation",
                 ms->followup->kind_number);
    if (!ms->cycle || !j->current_file) return OT_OK;
    char *name = NULL, *received = NULL;
    ot_error e = {0};
    ot_db_query_text(r->ws->db, "SELECT original_name FROM submission WHERE id = ?",
                     OT_DB_PARAMS(ot_db_int(j->current_file)), &name, &e);
    ot_db_query_text(r->ws->db, "SELECT substr(received_at, 1, 10) FROM submission WHERE id = ?",
                     OT_DB_PARAMS(ot_db_int(j->current_file)), &received, &e);
    snprintf(p->file_name, sizeof p->file_name, "%s", name ? name : "");
    snprintf(p->received_on, sizeof p->received_on, "%s", received ? received : "");
    free(name);
    free(received);
    return ot_correction_findings_text(r->ws->db, j->current_file, &p->findings, err);
}

/* Fills the workspace's letter template of the step's kind into m->subject and m->body;
 * also sets m->label and, for an escalation, m->cc. One function composes every letter. */
static ot_code render_letter(run *r, const job *j, const msg_step *ms, const char *due, message *m,
                             ot_error *err)
{
    const ot_config *cfg = &r->ws->config;
    ot_letter_kind kind = letter_kind(ms);
    ot_code rc = OT_OK;
    if (!r->letters[kind] &&
        (rc = ot_letter_load(r->ws->dir, kind, &r->letters[kind], err)) != OT_OK)
        return rc;
    letter_parts parts = {0};
    if ((rc = compose_parts(r, j, ms, &parts, err)) != OT_OK) {
        ot_sb_free(&parts.findings);
        return rc;
    }
    const ot_followup_step *step = ms->followup;
    char today[OT_DATE_LEN], year[8], start[OT_DATE_LEN], end[OT_DATE_LEN], num[8] = "",
                                                                            esc[8] = "";
    char esc_contact[256] = "", upload[512];
    ot_date_format(r->today, today);
    snprintf(year, sizeof year, "%d", r->c->year);
    snprintf(start, sizeof start, "%d-01-01", r->c->year);
    snprintf(end, sizeof end, "%d-12-31", r->c->year);
    step_label(ms, m->label);
    if (step) {
        snprintf(step->kind == OT_FOLLOWUP_REMINDER ? num : esc, 8, "%d", step->kind_number);
        if (step->kind == OT_FOLLOWUP_ESCALATION)
            role_contact(cfg, step->role, esc_contact, sizeof esc_contact, &m->cc, &m->has_cc);
    }
    upload_text(cfg, j->token, upload, sizeof upload);
    /* {{policy_note}} ends a line of the default request: nothing when no policy is set */
    char policy[600] = "";
    if (*cfg->policy_url)
        snprintf(policy, sizeof policy, "\nOur conflict minerals sourcing policy: %s",
                 cfg->policy_url);
    const char *contact = m->to.names[0] && *m->to.names[0] ? m->to.names[0] : "Sir or Madam";
    ot_strbuf acts = {0}; /* {{open_actions}}: the supplier's open corrective actions */
    if ((rc = ot_actions_letter_text(r->ws, r->c->id, j->supplier_key, &acts, err)) != OT_OK) {
        ot_sb_free(&parts.findings);
        ot_sb_free(&acts);
        return rc;
    }
    ot_letter_var vars[] = {
        {"company_name", cfg->company_name},
        {"sender_name", r->from.name},
        {"sender_email", r->from.email},
        {"supplier_name", j->supplier_name},
        {"supplier_id", j->supplier_key},
        {"contact_name", contact},
        {"campaign", year},
        {"reporting_year", year},
        {"period_start", start},
        {"period_end", end},
        {"template", r->c->template_name},
        {"request_date", j->requested_on ? j->requested_on : today},
        {"due_date", due},
        {"token", j->token},
        {"upload_link", upload},
        {"reminder_number", num},
        {"escalation_level", esc},
        {"escalation_contact", esc_contact},
        {"policy_url", cfg->policy_url},
        {"policy_note", policy},
        {"file_name", parts.file_name},
        {"received_on", parts.received_on},
        {"findings", ot_sb_str(&parts.findings)},
        {"followup_note", parts.followup_note},
        {"open_actions", ot_sb_str(&acts)},
    };
    char where[64];
    snprintf(where, sizeof where, "templates/%s", ot_letter_file_name(kind));
    rc = ot_letter_render(r->letters[kind], where, vars, sizeof vars / sizeof vars[0], &m->subject,
                          &m->body, err);
    ot_sb_free(&parts.findings);
    /* a follow-up template written before {{open_actions}} existed still lists them */
    if (rc == OT_OK && acts.len && kind != OT_LETTER_REQUEST &&
        !strstr(r->letters[kind], "{{open_actions}}"))
        ot_sb_printf(&m->body, "%s\n", ot_sb_str(&acts));
    ot_sb_free(&acts);
    return rc;
}

/* The .eml (RFC 5322) of the rendered letter into m->eml, and the recipients as one text
 * (m->rcpt) for the message row and the audit entry. OT_E_INVALID: this supplier's own
 * data (a contact name with a line break, ...) cannot go into a message. */
static ot_code format_mail(run *r, const job *j, message *m, ot_error *err)
{
    ot_code rc = ot_mail_new_message_id(r->from_domain, m->mid, sizeof m->mid, err);
    if (rc != OT_OK) return rc;
    ot_mail_header extra[] = {{"X-Oretrace-Token", j->token}, {"X-Oretrace-Step", m->label}};
    ot_mail mail = {.from = r->from,
                    .to = m->to.to,
                    .n_to = m->to.n,
                    .cc = m->has_cc ? &m->cc : NULL,
                    .n_cc = m->has_cc,
                    .reply_to = NULL,
                    .subject = ot_sb_str(&m->subject),
                    .body = ot_sb_str(&m->body),
                    .date = time(NULL),
                    .message_id = m->mid,
                    .extra = extra,
                    .n_extra = 2};
    for (size_t i = 0; i < m->to.n; i++)
        ot_sb_printf(&m->rcpt, "%s%s", i ? ", " : "", m->to.emails[i]);
    if (m->has_cc) ot_sb_printf(&m->rcpt, "; cc %s", m->cc.email);
    return ot_mail_format(&mail, &m->eml, err);
}

/* Writes the .eml atomically to WORKSPACE/outbox/<year>/<supplier>[-<family>]-<label>.eml. */
static ot_code write_to_outbox(run *r, const job *j, message *m, ot_error *err)
{
    ot_workspace *ws = r->ws;
    char dir[4096], path[4700], key[128];
    file_part(j->supplier_key, key, sizeof key);
    snprintf(dir, sizeof dir, "%s/%d", ws->outbox_dir, r->c->year);
    /* one folder per year; a non-CMRT campaign's files carry its family ("S-1-EMRT-request") */
    bool cmrt = strcmp(r->c->family, "CMRT") == 0;
    snprintf(m->rel, sizeof m->rel, "%s/%d/%s%s%s-%s.eml", OT_WS_OUTBOX_NAME, r->c->year, key,
             cmrt ? "" : "-", cmrt ? "" : r->c->family, m->label);
    snprintf(path, sizeof path, "%s/%s", ws->dir, m->rel);
    ot_code rc = ensure_dir(ws->outbox_dir, err);
    if (rc == OT_OK) rc = ensure_dir(dir, err);
    if (rc == OT_OK) rc = ot_write_file_atomic(path, m->eml.data, m->eml.len, err);
    return rc;
}

/* The request's row changes of a message just recorded: its date, the start of a
 * correction cycle (new due date, follow-ups counted from today), or its follow-up
 * counters. */
static ot_code advance_request(run *r, const job *j, const msg_step *ms, const char *due,
                               ot_error *err)
{
    ot_db *db = r->ws->db;
    char day[OT_DATE_LEN];
    ot_date_format(r->today, day);
    if (!ms->followup && !ms->cycle)
        return ot_db_exec(db, "UPDATE request SET requested_on = ?, followups = 0 WHERE id = ?",
                          OT_DB_PARAMS(ot_db_text(day), ot_db_int(j->request_id)), err);
    if (!ms->followup)
        return ot_db_exec(db,
                          "UPDATE request SET corrections = ?, correction_for = ?, followup_from = "
                          "?, followups = 0, due_date = ? WHERE id = ?",
                          OT_DB_PARAMS(ot_db_int(ms->cycle), ot_db_int(j->current_file),
                                       ot_db_text(day), ot_db_text(due), ot_db_int(j->request_id)),
                          err);
    bool rem = ms->followup->kind == OT_FOLLOWUP_REMINDER;
    return ot_db_exec(db,
                      "UPDATE request SET followups = ?, reminders = reminders + ?, "
                      "escalations = escalations + ? WHERE id = ?",
                      OT_DB_PARAMS(ot_db_int(ms->followup->number), ot_db_int(rem), ot_db_int(!rem),
                                   ot_db_int(j->request_id)),
                      err);
}

/* The status a message moves its request to (NULL: none; a correction cycle leaves the
 * status of the file in question) and its audit action. */
static const char *message_status(const job *j, const msg_step *ms, const char **action)
{
    bool reminder = ms->followup && ms->followup->kind == OT_FOLLOWUP_REMINDER;
    *action = !ms->followup ? (ms->cycle ? "correction" : OT_AUDIT_SEND)
              : reminder    ? OT_AUDIT_REMINDER
                            : OT_AUDIT_ESCALATE;
    if (ms->cycle) return NULL;
    return !ms->followup ? "requested" : reminder && j->escalations == 0 ? "reminded" : "escalated";
}

/* Records the written message in one durable transaction: its row, the request's
 * counters, its new status and the audit entry. *fresh is false when the (request, step)
 * row existed already (another run wrote it first): then nothing changes. */
static ot_code record_message(run *r, const job *j, const msg_step *ms, const char *due,
                              const message *m, bool *fresh, ot_error *err)
{
    ot_db *db = r->ws->db;
    char ts[OT_TS_LEN], due_on[OT_DATE_LEN];
    ot_db_timestamp(ts);
    int32_t day0 = r->today;
    if (j->followup_from) ot_date_parse(j->followup_from, &day0);
    ot_date_format(ms->followup ? day0 + ms->followup->day : r->today, due_on);
    ot_code rc = ot_db_begin_durable(db, err);
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "INSERT INTO request_message (request_id, step, label, due_on, created_at, "
                        "eml_path, message_id, recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (request_id, step) DO NOTHING",
                        OT_DB_PARAMS(ot_db_int(j->request_id), ot_db_int(step_number(ms)),
                                     ot_db_text(m->label), ot_db_text(due_on), ot_db_text(ts),
                                     ot_db_text(m->rel), ot_db_text(m->mid),
                                     ot_db_text(ot_sb_str(&m->rcpt))),
                        err);
    *fresh = rc == OT_OK && ot_db_changes(db) == 1;
    if (*fresh) rc = advance_request(r, j, ms, due, err);
    if (*fresh && rc == OT_OK) {
        const char *action;
        const char *status = message_status(j, ms, &action);
        json_t *d =
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "supplier_id", j->supplier_key, "step", m->label,
                      "file", m->rel, "message_id", m->mid, "to", ot_sb_str(&m->rcpt));
        if (ms->cycle) json_object_set_new(d, "about_file", json_integer(j->current_file));
        if (ms->cycle) json_object_set_new(d, "due_date", json_string(due));
        char sid[32];
        snprintf(sid, sizeof sid, "%lld", (long long)j->request_id);
        rc = status ? ot_request_change_status(db, j->request_id, status, r->today, NULL, r->actor,
                                               action, d, err)
                    : ot_audit_json(db, r->actor, action, "request", sid, d, err);
        json_decref(d);
    }
    if (rc == OT_OK && ot_db_in_transaction(db)) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    return rc;
}

/* Sends a recorded message by SMTP to its recipients and the cc. */
static ot_code send_recorded(run *r, const job *j, const msg_step *ms, const message *m,
                             ot_error *err)
{
    const char *rcpts[17];
    size_t nr = 0;
    for (size_t i = 0; i < m->to.n; i++)
        rcpts[nr++] = m->to.emails[i];
    if (m->has_cc) rcpts[nr++] = m->cc.email;
    return deliver(r, j, step_number(ms), m->label, rcpts, nr, &m->eml, err);
}

/* The due date a message names: a correction request sets a new one (today +
 * response_days); the rest name the supplier's own, else the campaign's. */
static void message_due(const run *r, const job *j, const msg_step *ms, char due[OT_DATE_LEN])
{
    if (ms->cycle && !ms->followup)
        ot_date_format(r->today + r->ws->config.response_days, due);
    else
        snprintf(due, OT_DATE_LEN, "%s", j->due_date ? j->due_date : r->c->due_date);
}

/* One supplier's message for this step: rendered, written to the outbox, recorded, and
 * sent when smtp_url is set. A supplier without a contact e-mail, or whose data cannot go
 * into a message, is reported in r->rep and the run goes on. */
static ot_code write_one(run *r, const job *j, const msg_step *ms, ot_error *err)
{
    message m = {0};
    char due[OT_DATE_LEN];
    message_due(r, j, ms, due);
    ot_code rc = load_recipients(r->ws->db, j->supplier_id, &m.to, err);
    if (rc == OT_OK && !m.to.n) {
        r->rep->no_contact++;
        problem(r->rep, j->supplier_key, "no contact e-mail in the vendor list: not sent");
        free_message(&m);
        return OT_OK;
    }
    if (rc == OT_OK) rc = render_letter(r, j, ms, due, &m, err); /* a broken template stops it */
    bool unsendable = false, fresh = false;
    if (rc == OT_OK) {
        rc = format_mail(r, j, &m, err);
        /* OT_E_INVALID from the mail writer: this supplier's own data. Every later step is
         * skipped (they all need rc == OT_OK); the supplier is reported, the run goes on. */
        unsendable = rc == OT_E_INVALID;
    }
    if (rc == OT_OK) rc = write_to_outbox(r, j, &m, err);
    if (rc == OT_OK) rc = record_message(r, j, ms, due, &m, &fresh, err);
    if (fresh && rc == OT_OK) r->rep->written++;
    if (fresh && rc == OT_OK && ms->cycle && !ms->followup) r->rep->corrections++;
    if (fresh && rc == OT_OK && *r->ws->config.smtp_url) rc = send_recorded(r, j, ms, &m, err);
    if (unsendable) {
        r->rep->not_sent++;
        problem(r->rep, j->supplier_key,
                "not sent: %s; correct it in the vendor list and import "
                "it again",
                err->message);
        rc = OT_OK;
    }
    free_message(&m);
    return rc;
}

/* The correction requests due: one for every supplier whose current file cannot be used
 * and was not named in a correction request yet. */
static ot_code write_corrections(run *r, ot_error *err)
{
    job *jobs = NULL;
    size_t n = 0;
    ot_code rc = load_jobs(r->ws->db, r->c->id, JOBS_CORRECTION, &jobs, &n, err);
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        msg_step ms = {jobs[i].corrections + 1, NULL};
        rc = write_one(r, &jobs[i], &ms, err);
    }
    free_jobs(jobs, n);
    return rc;
}

ot_code ot_campaign_send(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                         int32_t today, ot_send_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    run r = {.ws = ws, .c = c, .actor = actor, .today = today, .rep = rep};
    ot_code rc = setup_run(&r, err);
    if (rc == OT_OK) rc = ot_db_begin(ws->db, err);
    if (rc == OT_OK) rc = ot_campaign_sync(ws, c->id, actor, today, err);
    if (rc == OT_OK) rc = ot_db_commit(ws->db, err);
    if (rc != OT_OK) ot_db_rollback(ws->db);
    job *jobs = NULL;
    size_t n = 0;
    if (rc == OT_OK) rc = load_jobs(ws->db, c->id, JOBS_NEW_REQUEST, &jobs, &n, err);
    msg_step request = {0, NULL};
    for (size_t i = 0; rc == OT_OK && i < n; i++)
        rc = write_one(&r, &jobs[i], &request, err);
    free_jobs(jobs, n);
    if (rc == OT_OK) rc = write_corrections(&r, err);
    free_run(&r);
    return rc;
}

static ot_code make_plan(const ot_config *cfg, ot_followup_plan *plan, ot_error *err)
{
    const char *roles[OT_CONFIG_MAX_ESCALATIONS];
    int days[OT_CONFIG_MAX_ESCALATIONS];
    for (size_t i = 0; i < cfg->escalation_count; i++) {
        roles[i] = cfg->escalations[i].role;
        days[i] = cfg->escalations[i].day;
    }
    ot_code rc = ot_followup_plan_make(cfg->reminder_days, cfg->reminder_count, roles, days,
                                       cfg->escalation_count, plan, err);
    if (rc != OT_OK) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        return ot_fail(err, rc, "oretrace.conf: reminder_days / escalation: %s", why);
    }
    return OT_OK;
}

/* The follow-ups due today of the open requests and open correction requests, one step
 * per supplier, counted from the request or from the last correction request. */
static ot_code write_followups(run *r, const ot_followup_plan *plan, ot_error *err)
{
    job *jobs = NULL;
    size_t n = 0;
    ot_code rc = load_jobs(r->ws->db, r->c->id, JOBS_FOLLOWUP, &jobs, &n, err);
    for (size_t i = 0; rc == OT_OK && i < n; i++) {
        const job *j = &jobs[i];
        int32_t day0;
        if (!j->followup_from || !ot_date_parse(j->followup_from, &day0)) continue;
        msg_step ms = {j->correction_for == j->current_file && j->current_file ? j->corrections : 0,
                       ot_followup_due(plan, day0, j->followups, r->today)};
        if (!ms.followup) {
            if (j->followups >= plan->count)
                r->rep->finished++;
            else
                r->rep->not_due++;
            continue;
        }
        rc = write_one(r, j, &ms, err);
    }
    free_jobs(jobs, n);
    return rc;
}

ot_code ot_campaign_remind(ot_workspace *ws, const ot_campaign_info *c, const char *actor,
                           int32_t today, ot_send_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    run r = {.ws = ws, .c = c, .actor = actor, .today = today, .rep = rep};
    ot_followup_plan plan;
    ot_code rc = make_plan(&ws->config, &plan, err);
    if (rc == OT_OK) rc = setup_run(&r, err);
    int64_t answered = 0;
    if (rc == OT_OK)
        rc = ot_db_query_int(ws->db,
                             "SELECT COUNT(*) FROM request WHERE campaign_id = ? AND status IN "
                             "('responded_valid', 'corrected', 'declined', 'non_responsive')",
                             OT_DB_PARAMS(ot_db_int(c->id)), &answered, err);
    rep->responded = (size_t)answered;
    /* follow-ups first: a correction written in this run starts its cycle today */
    if (rc == OT_OK) rc = write_followups(&r, &plan, err);
    if (rc == OT_OK) rc = write_corrections(&r, err);
    free_run(&r);
    return rc;
}
