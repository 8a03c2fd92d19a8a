/* audit.c - use cases "audit show" and "audit verify" (audit.h). */
#include "app/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/json.h"
#include "util/jsonout.h"

/* ---- audit show ------------------------------------------------------------------ */

ot_code ot_app_audit_show(ot_app *app, const ot_audit_show_request *req, ot_audit_show_result *res,
                          ot_error *err)
{
    memset(res, 0, sizeof *res);
    static const ot_audit_show_request none = {0};
    if (!req) req = &none;
    char *type = NULL;
    ot_audit_filter f = {.action = req->action, .limit = req->limit};
    if (req->subject) {
        if (!(type = strdup(req->subject))) return ot_fail(err, OT_E_NOMEM, "out of memory");
        char *colon = strchr(type, ':');
        if (colon) {
            *colon = '\0';
            f.subject_id = colon + 1;
        }
        f.subject_type = type;
    }
    res->filtered = req->subject || req->action;
    ot_code c = ot_audit_list(ot_app_db(app), &f, &res->entries, &res->count, err);
    free(type);
    ot_audit_head head;
    if (c == OT_OK) c = ot_audit_head_of_log(ot_app_db(app), &head, err);
    if (c != OT_OK) {
        ot_audit_show_result_free(res);
        return c;
    }
    if (head.entries > 0) memcpy(res->head_hash, head.hash, sizeof res->head_hash);
    return OT_OK;
}

static json_t *entry_to_json(const ot_audit_entry *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(e->id));
    json_object_set_new(o, "ts", ot_json_text(e->ts));
    json_object_set_new(o, "actor", ot_json_text(e->actor));
    json_object_set_new(o, "action", ot_json_text(e->action));
    json_object_set_new(o, "subject_type", ot_json_text(e->subject_type));
    json_object_set_new(o, "subject_id", ot_json_text(e->subject_id));
    json_object_set_new(o, "detail", ot_json_from_text(e->detail));
    json_object_set_new(o, "hash", ot_json_text(e->hash));
    return o;
}

json_t *ot_audit_show_result_to_json(const ot_audit_show_result *res)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < res->count; i++)
        json_array_append_new(lines, entry_to_json(&res->entries[i]));
    json_t *head = json_object();
    json_object_set_new(head, "head_hash", ot_json_text_or_null(res->head_hash));
    json_array_append_new(lines, head);
    return lines;
}

void ot_audit_show_result_free(ot_audit_show_result *res)
{
    if (!res) return;
    ot_audit_entries_free(res->entries, res->count);
    res->entries = NULL;
    res->count = 0;
}

/* ---- audit verify ---------------------------------------------------------------- */

/* What is wrong with the head file, as one sentence ("" when nothing). */
static void head_problem(const ot_audit_head_check *h, char *out, size_t size)
{
    out[0] = '\0';
    switch (h->state) {
    case OT_AUDIT_HEAD_OK:
    case OT_AUDIT_HEAD_NONE:
        break;
    case OT_AUDIT_HEAD_MISSING:
        snprintf(out, size,
                 "%s is missing although this workspace keeps one: entries removed from the "
                 "end of the log cannot be detected without it",
                 h->path);
        break;
    case OT_AUDIT_HEAD_MALFORMED:
        snprintf(out, size, "%s is not an audit head file (damaged or replaced)", h->path);
        break;
    case OT_AUDIT_HEAD_AHEAD:
        snprintf(out, size,
                 "%s records %lld entries but the log has only %lld: entries were removed from "
                 "the end of the log, or the database was replaced by an older copy",
                 h->path, (long long)h->file.entries, (long long)h->log_entries);
        break;
    case OT_AUDIT_HEAD_MISMATCH:
        snprintf(out, size,
                 "%s records entry %lld with hash %.16s..., but the log's entry %lld is a "
                 "different one: the database was replaced or its log rewritten",
                 h->path, (long long)h->file.entries, h->file.hash, (long long)h->file.entries);
        break;
    }
}

ot_code ot_app_audit_verify(ot_app *app, ot_audit_verification *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    ot_code c = ot_app_check_integrity(app, &res->integrity, err);
    if (c != OT_OK) return c;
    /* the head file first (ot_audit_check_head reads it before the log), then the chain:
     * a writer committing meanwhile only lengthens the log. */
    ot_error e = {0};
    c = ot_audit_check_head(ot_app_db(app), &res->head, &e);
    if (c == OT_OK) c = ot_audit_verify(ot_app_db(app), &res->chain, &e);
    if (c != OT_OK) {
        ot_audit_verification_free(res);
        return ot_fail(err, c, "cannot verify the audit log: %s", e.message);
    }
    head_problem(&res->head, res->head_problem, sizeof res->head_problem);
    res->intact = res->chain.intact && !res->head_problem[0] && res->integrity.count == 0;
    return OT_OK;
}

const char *ot_audit_head_state_name(ot_audit_head_state s)
{
    static const char *const names[] = {"ok", "none", "missing", "malformed", "ahead", "mismatch"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

static json_t *head_to_json(const ot_audit_head_check *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "state", json_string(ot_audit_head_state_name(h->state)));
    bool read = h->state == OT_AUDIT_HEAD_OK || h->state == OT_AUDIT_HEAD_AHEAD ||
                h->state == OT_AUDIT_HEAD_MISMATCH;
    json_object_set_new(o, "entries", read ? json_integer(h->file.entries) : json_null());
    json_object_set_new(o, "hash", read ? ot_json_text(h->file.hash) : json_null());
    json_object_set_new(o, "log_entries", json_integer(h->log_entries));
    return o;
}

json_t *ot_audit_verification_to_json(const ot_audit_verification *res)
{
    const ot_audit_verify_result *r = &res->chain;
    json_t *out = json_object();
    json_object_set_new(out, "intact", json_boolean(res->intact));
    json_object_set_new(out, "entries_checked", json_integer(r->entries));
    json_object_set_new(out, "first_bad_id",
                        r->intact ? json_null() : json_integer(r->first_bad_id));
    json_object_set_new(out, "reason",
                        !r->intact ? ot_json_text(r->reason)
                                   : ot_json_text_or_null(res->head_problem));
    json_object_set_new(out, "head_hash",
                        r->intact ? ot_json_text_or_null(r->head_hash) : json_null());
    json_object_set_new(out, "head_file", head_to_json(&res->head));
    json_object_set_new(out, "database_integrity", ot_integrity_result_to_json(&res->integrity));
    return out;
}

void ot_audit_verification_free(ot_audit_verification *res)
{
    if (res) ot_integrity_result_free(&res->integrity);
}
