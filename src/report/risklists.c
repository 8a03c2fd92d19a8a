/* risklists.c - storing and reading the CAHRA and watch lists (risklists.h). */
#include "report/risklists.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "util/jsonout.h"

#define MAX_LIST_BYTES (16u << 20) /* a country or watch list is kilobytes, not megabytes */

const char *ot_risklist_kind_name(ot_risklist_kind k)
{
    return k == OT_RISKLIST_WATCH ? "watch" : "cahra";
}

static const char *what(ot_risklist_kind k)
{
    return k == OT_RISKLIST_WATCH ? "watch list" : "CAHRA list";
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static ot_code insert_cahra(ot_db *db, int64_t id, const ot_cahra_list *l, ot_error *err)
{
    ot_code rc = OT_OK;
    for (size_t i = 0; rc == OT_OK && i < ot_risk_cahra_count(l); i++) {
        const ot_cahra_entry *e = ot_risk_cahra_at(l, i);
        rc = ot_db_exec(db,
                        "INSERT INTO risk_cahra_entry (import_id, line, alpha2, country, "
                        "region, source, as_of) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        OT_DB_PARAMS(ot_db_int(id), ot_db_int((int64_t)e->line),
                                     ot_db_text(e->alpha2), ot_db_text(e->country),
                                     ot_db_text(e->region), ot_db_text(e->source),
                                     ot_db_text(e->as_of)),
                        err);
    }
    return rc;
}

static ot_code insert_watch(ot_db *db, int64_t id, const ot_watch_list *l, ot_error *err)
{
    ot_code rc = OT_OK;
    for (size_t i = 0; rc == OT_OK && i < ot_risk_watch_count(l); i++) {
        const ot_watch_entry *e = ot_risk_watch_at(l, i);
        rc = ot_db_exec(db,
                        "INSERT INTO risk_watch_entry (import_id, line, smelter_id, name, metal, "
                        "reason, source, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        OT_DB_PARAMS(ot_db_int(id), ot_db_int((int64_t)e->line),
                                     ot_db_text(e->smelter_id), ot_db_text(e->name),
                                     ot_db_text(e->metal), ot_db_text(e->reason),
                                     ot_db_text(e->source), ot_db_text(e->date)),
                        err);
    }
    return rc;
}

static ot_code audit(ot_db *db, const ot_risklist_info *in, const char *actor, ot_error *err)
{
    json_t *d = json_pack("{s:s, s:s, s:s?, s:s?, s:I}", "file", in->file, "sha256", in->sha256,
                          "source", in->source[0] ? in->source : NULL, "as_of",
                          in->as_of[0] ? in->as_of : NULL, "entries", (json_int_t)in->entries);
    char *text = d ? ot_json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory recording the import");
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)in->id);
    ot_code rc = ot_audit_append(
        db, actor, in->kind == OT_RISKLIST_WATCH ? "risk.watch_import" : "risk.cahra_import",
        "risk_list_import", id, text, NULL, err);
    free(text);
    return rc;
}

/* Stores the import row, its entries and the audit entry in one transaction. */
static ot_code store(ot_db *db, ot_risklist_info *in, const char *text, const void *list,
                     const char *actor, ot_error *err)
{
    ot_code rc = ot_db_begin(db, err);
    if (rc != OT_OK) return rc;
    rc = ot_db_exec(db,
                    "INSERT INTO risk_list_import (kind, file_name, sha256, source, as_of, "
                    "content, entries, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "?, ?)",
                    OT_DB_PARAMS(ot_db_text(ot_risklist_kind_name(in->kind)), ot_db_text(in->file),
                                 ot_db_text(in->sha256),
                                 ot_db_text(in->source[0] ? in->source : NULL),
                                 ot_db_text(in->as_of[0] ? in->as_of : NULL), ot_db_text(text),
                                 ot_db_int((int64_t)in->entries), ot_db_text(in->imported_at),
                                 ot_db_text(in->imported_by)),
                    err);
    in->id = ot_db_last_insert_id(db);
    if (rc == OT_OK)
        rc = in->kind == OT_RISKLIST_WATCH ? insert_watch(db, in->id, list, err)
                                           : insert_cahra(db, in->id, list, err);
    if (rc == OT_OK) rc = audit(db, in, actor, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    return rc;
}

static ot_code parse(ot_risklist_kind kind, const char *text, size_t len, const char *name,
                     const char *source, const char *as_of, void **list, size_t *entries,
                     ot_error *err)
{
    ot_code rc;
    if (kind == OT_RISKLIST_WATCH) {
        ot_watch_list *w = NULL;
        rc = ot_risk_watch_parse(text, len, name, source, as_of, &w, err);
        *entries = rc == OT_OK ? ot_risk_watch_count(w) : 0;
        *list = w;
    } else {
        ot_cahra_list *c = NULL;
        rc = ot_risk_cahra_parse(text, len, name, source, as_of, &c, err);
        *entries = rc == OT_OK ? ot_risk_cahra_count(c) : 0;
        *list = c;
    }
    return rc;
}

static void free_list(ot_risklist_kind kind, void *list)
{
    if (kind == OT_RISKLIST_WATCH)
        ot_risk_watch_free(list);
    else
        ot_risk_cahra_free(list);
}

ot_code ot_risklist_import(ot_db *db, ot_risklist_kind kind, const char *path, const char *source,
                           const char *as_of, const char *actor, ot_risklist_info *out,
                           ot_error *err)
{
    memset(out, 0, sizeof *out);
    int32_t day;
    if (as_of && !ot_date_parse(as_of, &day))
        return ot_fail(err, OT_E_USAGE, "the %s's date '%s' is not a date (YYYY-MM-DD)", what(kind),
                       as_of);
    unsigned char *data = NULL;
    size_t len = 0;
    ot_code rc = ot_read_file(path, MAX_LIST_BYTES, &data, &len, err);
    if (rc != OT_OK) return rc;
    void *list = NULL;
    rc = parse(kind, (const char *)data, len, base_name(path), source, as_of, &list, &out->entries,
               err);
    if (rc == OT_OK && !out->entries)
        rc = ot_fail(err, OT_E_INVALID, "%s: the %s has no entries", base_name(path), what(kind));
    if (rc == OT_OK) {
        out->kind = kind;
        snprintf(out->file, sizeof out->file, "%s", path);
        ot_sha256_hex(data, len, out->sha256);
        snprintf(out->source, sizeof out->source, "%s", source ? source : "");
        snprintf(out->as_of, sizeof out->as_of, "%s", as_of ? as_of : "");
        ot_db_timestamp(out->imported_at);
        snprintf(out->imported_by, sizeof out->imported_by, "%s", actor);
        rc = store(db, out, (const char *)data, list, actor, err);
    }
    free_list(kind, list);
    free(data);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------ */

static const char info_columns[] = "SELECT id, kind, file_name, sha256, COALESCE(source, ''), "
                                   "COALESCE(as_of, ''), entries, imported_at, imported_by, "
                                   "content FROM risk_list_import WHERE kind = ? ";

static void read_info(ot_stmt *st, ot_risklist_info *in)
{
    memset(in, 0, sizeof *in);
    in->id = ot_stmt_int(st, 0);
    in->kind = strcmp(ot_stmt_text(st, 1), "watch") == 0 ? OT_RISKLIST_WATCH : OT_RISKLIST_CAHRA;
    snprintf(in->file, sizeof in->file, "%s", ot_stmt_text(st, 2));
    snprintf(in->sha256, sizeof in->sha256, "%s", ot_stmt_text(st, 3));
    snprintf(in->source, sizeof in->source, "%s", ot_stmt_text(st, 4));
    snprintf(in->as_of, sizeof in->as_of, "%s", ot_stmt_text(st, 5));
    in->entries = (size_t)ot_stmt_int(st, 6);
    snprintf(in->imported_at, sizeof in->imported_at, "%s", ot_stmt_text(st, 7));
    snprintf(in->imported_by, sizeof in->imported_by, "%s", ot_stmt_text(st, 8));
}

static ot_code current(ot_db *db, ot_risklist_kind kind, void **list, ot_risklist_info *info,
                       ot_error *err)
{
    ot_risklist_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    *list = NULL;
    char sql[512];
    snprintf(sql, sizeof sql, "%sORDER BY id DESC LIMIT 1", info_columns);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db, sql, &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_text(st, 1, ot_risklist_kind_name(kind), err);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        read_info(st, info);
        const char *text = ot_stmt_text(st, 9);
        size_t n;
        rc = parse(kind, text ? text : "", ot_stmt_bytes(st, 9), base_name(info->file),
                   info->source[0] ? info->source : NULL, info->as_of[0] ? info->as_of : NULL, list,
                   &n, err);
    } else if (s == OT_STEP_ERROR) {
        rc = err->code;
    }
    ot_stmt_finalize(st);
    return rc;
}

ot_code ot_risklist_cahra(ot_db *db, ot_cahra_list **cahra, ot_risklist_info *info, ot_error *err)
{
    void *l;
    ot_code rc = current(db, OT_RISKLIST_CAHRA, &l, info, err);
    *cahra = l;
    return rc;
}

ot_code ot_risklist_watch(ot_db *db, ot_watch_list **watch, ot_risklist_info *info, ot_error *err)
{
    void *l;
    ot_code rc = current(db, OT_RISKLIST_WATCH, &l, info, err);
    *watch = l;
    return rc;
}

ot_code ot_risklist_history(ot_db *db, ot_risklist_kind kind, ot_risklist_info **out, size_t *n,
                            ot_error *err)
{
    *out = NULL;
    *n = 0;
    char sql[512];
    snprintf(sql, sizeof sql, "%sORDER BY id DESC", info_columns);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db, sql, &st, err);
    if (rc != OT_OK) return rc;
    ot_stmt_bind_text(st, 1, ot_risklist_kind_name(kind), err);
    ot_step s;
    size_t cap = 0;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            ot_risklist_info *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                ot_stmt_finalize(st);
                return ot_fail(err, OT_E_NOMEM, "out of memory listing the imports");
            }
            *out = p;
        }
        read_info(st, &(*out)[(*n)++]);
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? err->code : OT_OK;
}
