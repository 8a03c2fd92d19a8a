/* persist_undo.c - the import log (migration 007_refdata_undo.sql; docs/refdata.md).
 *
 * Every import saved into a workspace (a look-up list or an RMAP status list) becomes a
 * row of refdata_import holding the whole reference store as it was before the import
 * (the store file text, deflated: about 83 KB for the full RMI list) and the SHA-256 of
 * the store right after it. Undo puts the saved store back, table for table, so
 * smelters, names, aliases, history, statuses and sources are exactly what they were.
 *
 * Imports are undone newest first: only the latest import still in force can be undone,
 * and only while the store is still what that import left (its SHA-256 matches), so an
 * undo never throws away a later change. Undo is itself recorded: the row is marked
 * undone (never deleted) and an audit entry refdata.undo is appended, in the same
 * transaction as the restored tables. */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "refdata/refdata_internal.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/fileio.h"

/* A saved store is never larger than a store file may be (persist.c). */
#define MAX_STATE_BYTES (256u << 20)

/* ---- saved states ------------------------------------------------------------------ */

static unsigned char *deflate_text(const char *text, size_t len, size_t *zlen)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    if (!c) return NULL;
    size_t bound = libdeflate_zlib_compress_bound(c, len);
    unsigned char *out = malloc(bound ? bound : 1);
    *zlen = out ? libdeflate_zlib_compress(c, text, len, out, bound) : 0;
    libdeflate_free_compressor(c);
    if (*zlen == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The saved text, NUL-terminated; NULL when it does not inflate to exactly len bytes. */
static char *inflate_text(const unsigned char *z, size_t zlen, size_t len)
{
    if (len > MAX_STATE_BYTES) return NULL;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    char *out = malloc(len + 1);
    size_t actual = 0;
    bool ok = d && out &&
              libdeflate_zlib_decompress(d, z, zlen, out, len, &actual) == LIBDEFLATE_SUCCESS &&
              actual == len;
    if (d) libdeflate_free_decompressor(d);
    if (!ok) {
        free(out);
        return NULL;
    }
    out[len] = '\0';
    return out;
}

static bool push_note(ot_refdata *rd, const rd_audit_note *n)
{
    if (rd->n_audit == rd->cap_audit) {
        size_t cap = rd->cap_audit ? rd->cap_audit * 2 : 4;
        rd_audit_note *a = realloc(rd->audit, cap * sizeof *a);
        if (!a) return false;
        rd->audit = a;
        rd->cap_audit = cap;
    }
    rd->audit[rd->n_audit++] = *n;
    return true;
}

ot_code rd_note_import(ot_refdata *rd, const char *action, const char *subject, json_t *detail,
                       rd_import_meta *meta, ot_error *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    char sha[OT_SHA256_HEX_LEN] = "";
    rd_audit_note n = {0};
    if (meta->before) {
        ot_sha256_hex(meta->before, meta->before_len, sha);
        n.before = deflate_text(meta->before, meta->before_len, &n.before_zlen);
        n.before_len = meta->before_len;
    }
    free(meta->before);
    meta->before = NULL;
    ot_arena *a = &rd->arena;
    n.action = ot_arena_strdup(a, action);
    n.subject = ot_arena_strdup(a, subject);
    n.detail = text ? ot_arena_strdup(a, text) : NULL;
    n.before_sha = ot_arena_strdup(a, sha);
    n.kind = ot_arena_strdup(a, meta->kind ? meta->kind : "");
    n.as_of = ot_arena_strdup(a, meta->as_of ? meta->as_of : "");
    n.sha256 = ot_arena_strdup(a, meta->sha256 ? meta->sha256 : "");
    n.file = ot_arena_strdup(a, meta->file ? meta->file : "");
    n.partial = meta->partial;
    free(text);
    bool ok = n.action && n.subject && n.detail && n.before_sha && n.kind && n.as_of && n.sha256 &&
              n.file && (n.before || !sha[0]) && push_note(rd, &n);
    if (!ok) {
        free(n.before);
        return ot_fail(err, OT_E_NOMEM, "out of memory recording the import");
    }
    return OT_OK;
}

void rd_clear_notes(ot_refdata *rd)
{
    for (size_t i = 0; i < rd->n_audit; i++)
        free(rd->audit[i].before);
    rd->n_audit = 0;
}

/* ---- recording --------------------------------------------------------------------- */

typedef struct saved_state {
    const unsigned char *z;
    size_t zlen, len;
    const char *sha; /* "" when there is no state (nothing imported) */
} saved_state;

static ot_code insert_import(ot_db *db, const rd_audit_note *n, const saved_state *before,
                             const char *after_sha, int64_t *id, ot_error *err)
{
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_db_value blob = before->z ? ot_db_blob(before->z, before->zlen) : ot_db_null();
    ot_code rc = ot_db_exec(
        db,
        "INSERT INTO refdata_import (source_label, kind, as_of, sha256, file_name, partial, "
        "imported_at, imported_by, before_state, before_len, before_sha256, after_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        OT_DB_PARAMS(ot_db_text(n->subject), ot_db_text(n->kind), ot_db_text(n->as_of),
                     ot_db_text(n->sha256), ot_db_text(n->file), ot_db_bool(n->partial),
                     ot_db_text(ts), ot_db_text(ot_audit_os_actor()), blob,
                     ot_db_int((int64_t)before->len), ot_db_text(before->sha),
                     ot_db_text(after_sha)),
        err);
    if (rc == OT_OK) *id = ot_db_last_insert_id(db);
    return rc;
}

/* The note's audit entry, its detail naming the import's IMPORT_ID. */
static ot_code append_audit(ot_db *db, const rd_audit_note *n, int64_t import_id, ot_error *err)
{
    json_t *detail = json_loads(n->detail, 0, NULL);
    if (!detail) detail = json_object();
    char *text = NULL;
    if (detail && json_object_set_new(detail, "import_id", json_integer(import_id)) == 0)
        text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    if (!text) return ot_fail(err, OT_E_NOMEM, "out of memory recording the import");
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)import_id);
    int64_t audit_id = 0;
    ot_code rc = ot_audit_append(db, ot_audit_os_actor(), n->action, "refdata_source", n->subject,
                                 text, &audit_id, err);
    free(text);
    if (rc == OT_OK)
        rc = ot_db_exec(db, "UPDATE refdata_import SET audit_id = ? WHERE import_id = ?",
                        OT_DB_PARAMS(ot_db_int(audit_id), ot_db_int(import_id)), err);
    return rc;
}

ot_code rd_log_notes(ot_db *db, const ot_refdata *rd, const char *db_before, size_t db_before_len,
                     ot_error *err)
{
    if (rd->n_audit == 0) return OT_OK;
    size_t final_len;
    char *final = rd_state_text(rd, &final_len);
    if (!final) return ot_fail(err, OT_E_NOMEM, "out of memory recording the import");
    char final_sha[OT_SHA256_HEX_LEN], first_sha[OT_SHA256_HEX_LEN] = "";
    ot_sha256_hex(final, final_len, final_sha);
    free(final);
    saved_state first = {NULL, 0, db_before_len, first_sha};
    unsigned char *z0 = NULL;
    if (db_before) {
        ot_sha256_hex(db_before, db_before_len, first_sha);
        if (!(z0 = deflate_text(db_before, db_before_len, &first.zlen)))
            return ot_fail(err, OT_E_NOMEM, "out of memory recording the import");
        first.z = z0;
    }
    ot_code rc = OT_OK;
    for (size_t i = 0; rc == OT_OK && i < rd->n_audit; i++) {
        const rd_audit_note *n = &rd->audit[i];
        /* import i left the store that import i + 1 started from */
        const char *after = i + 1 < rd->n_audit ? rd->audit[i + 1].before_sha : final_sha;
        saved_state mine = {n->before, n->before_zlen, n->before_len, n->before_sha};
        int64_t id = 0;
        rc = insert_import(db, n, i == 0 ? &first : &mine, after, &id, err);
        if (rc == OT_OK) rc = append_audit(db, n, id, err);
    }
    free(z0);
    return rc;
}

/* ---- listing ----------------------------------------------------------------------- */

#define ENTRY_COLUMNS                                                                              \
    "import_id, source_label, kind, as_of, sha256, file_name, partial, imported_at, "              \
    "imported_by, undone_at, undone_by"

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void read_entry(ot_stmt *st, ot_refdata_import_entry *e)
{
    memset(e, 0, sizeof *e);
    e->id = (long long)ot_stmt_int(st, 0);
    copy_text(e->label, sizeof e->label, ot_stmt_text(st, 1));
    copy_text(e->kind, sizeof e->kind, ot_stmt_text(st, 2));
    copy_text(e->as_of, sizeof e->as_of, ot_stmt_text(st, 3));
    copy_text(e->sha256, sizeof e->sha256, ot_stmt_text(st, 4));
    copy_text(e->file, sizeof e->file, ot_stmt_text(st, 5));
    e->partial = ot_stmt_int(st, 6) != 0;
    copy_text(e->imported_at, sizeof e->imported_at, ot_stmt_text(st, 7));
    copy_text(e->imported_by, sizeof e->imported_by, ot_stmt_text(st, 8));
    copy_text(e->undone_at, sizeof e->undone_at, ot_stmt_text(st, 9));
    copy_text(e->undone_by, sizeof e->undone_by, ot_stmt_text(st, 10));
}

static ot_code list_entries(ot_db *db, ot_refdata_import_entry **out, size_t *n, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT " ENTRY_COLUMNS " FROM refdata_import ORDER BY "
                               "import_id",
                               &st, err);
    if (rc != OT_OK) return rc;
    size_t cap = 0;
    ot_step step;
    while ((step = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            ot_refdata_import_entry *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = ot_fail(err, OT_E_NOMEM, "out of memory");
                break;
            }
            *out = p;
        }
        read_entry(st, &(*out)[(*n)++]);
    }
    if (rc == OT_OK && step == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    return rc;
}

ot_code ot_refdata_imports(ot_db *db, ot_refdata_import_entry **out, size_t *n, ot_error *err)
{
    *out = NULL;
    *n = 0;
    ot_code rc = list_entries(db, out, n, err);
    if (rc != OT_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- undo -------------------------------------------------------------------------- */

typedef struct undo_row {
    ot_refdata_import_entry e;
    unsigned char *z; /* before_state, copied; NULL when nothing was imported before */
    size_t zlen, len;
    char before_sha[OT_SHA256_HEX_LEN], after_sha[OT_SHA256_HEX_LEN];
} undo_row;

static ot_code read_undo_row(ot_db *db, long long id, undo_row *r, ot_error *err)
{
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT " ENTRY_COLUMNS ", before_state, before_len, "
                               "before_sha256, after_sha256 FROM refdata_import "
                               "WHERE import_id = ?",
                               &st, err);
    if (rc == OT_OK) rc = ot_stmt_bind_int(st, 1, id, err);
    ot_step step = rc == OT_OK ? ot_stmt_step(st, err) : OT_STEP_ERROR;
    if (step == OT_STEP_ROW) {
        read_entry(st, &r->e);
        size_t zlen = 0;
        const void *z = ot_stmt_blob(st, 11, &zlen);
        if (z && zlen) {
            r->z = malloc(zlen);
            if (r->z)
                memcpy(r->z, z, zlen);
            else
                rc = ot_fail(err, OT_E_NOMEM, "out of memory");
            r->zlen = zlen;
        }
        r->len = (size_t)ot_stmt_int(st, 12);
        copy_text(r->before_sha, sizeof r->before_sha, ot_stmt_text(st, 13));
        copy_text(r->after_sha, sizeof r->after_sha, ot_stmt_text(st, 14));
    } else if (step == OT_STEP_DONE) {
        rc = ot_fail(err, OT_E_NOT_FOUND,
                     "there is no reference-data import %lld in this "
                     "workspace",
                     id);
    } else if (rc == OT_OK) {
        rc = err->code;
    }
    ot_stmt_finalize(st);
    return rc;
}

/* Only the latest import still in force may be undone. */
static ot_code check_latest(ot_db *db, const undo_row *r, ot_error *err)
{
    if (r->e.undone_at[0])
        return ot_fail(err, OT_E_CONFLICT, "import %lld (%s) was already undone on %s", r->e.id,
                       r->e.label, r->e.undone_at);
    ot_stmt *st;
    ot_code rc = ot_db_prepare(db,
                               "SELECT import_id FROM refdata_import WHERE import_id > ? "
                               "AND undone_at IS NULL ORDER BY import_id DESC",
                               &st, err);
    if (rc == OT_OK) rc = ot_stmt_bind_int(st, 1, r->e.id, err);
    char later[200] = "";
    size_t n = 0;
    ot_step step;
    while (rc == OT_OK && (step = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        size_t l = strlen(later);
        if (l + 24 < sizeof later)
            snprintf(later + l, sizeof later - l, "%s%lld", n ? ", " : "",
                     (long long)ot_stmt_int(st, 0));
        n++;
    }
    if (rc == OT_OK && step == OT_STEP_ERROR) rc = err->code;
    ot_stmt_finalize(st);
    if (rc == OT_OK && n)
        rc = ot_fail(err, OT_E_CONFLICT,
                     "import %lld is not the latest: undo import%s %s "
                     "first (imports are undone newest first)",
                     r->e.id, n > 1 ? "s" : "", later);
    return rc;
}

/* The store must still be what the import left: nothing else may be thrown away. */
static ot_code check_unchanged(ot_db *db, const undo_row *r, ot_error *err)
{
    char *text;
    size_t len;
    ot_code rc = rd_db_state(db, &text, &len, err);
    if (rc != OT_OK) return rc;
    char sha[OT_SHA256_HEX_LEN] = "";
    if (text) ot_sha256_hex(text, len, sha);
    free(text);
    if (strcmp(sha, r->after_sha) != 0)
        return ot_fail(err, OT_E_CONFLICT,
                       "the reference data changed after import %lld "
                       "other than by a recorded import: not undoing it",
                       r->e.id);
    return OT_OK;
}

/* Writes the saved store back (or empties the tables when nothing was imported before). */
static ot_code restore(ot_db *db, const undo_row *r, ot_refdata_undo_report *rep, ot_error *err)
{
    if (!r->z) {
        rep->to_snapshot = true;
        return rd_db_write(db, NULL, err);
    }
    char *text = inflate_text(r->z, r->zlen, r->len);
    char sha[OT_SHA256_HEX_LEN] = "";
    if (text) ot_sha256_hex(text, r->len, sha);
    if (!text || strcmp(sha, r->before_sha) != 0) {
        free(text);
        return ot_fail(err, OT_E_CORRUPT,
                       "the store saved before import %lld is damaged "
                       "(it does not match its SHA-256): not undoing it",
                       r->e.id);
    }
    ot_refdata *rd;
    ot_code rc = ot_refdata_new(&rd, err);
    if (rc == OT_OK) rc = rd_parse(rd, text, r->len, "the store saved before the import", err);
    if (rc == OT_OK) rc = rd_db_write(db, rd, err);
    if (rc == OT_OK) {
        rep->smelters = ot_refdata_smelter_count(rd);
        rep->sources = ot_refdata_source_count(rd);
    }
    ot_refdata_free(rd);
    free(text);
    return rc;
}

static ot_code mark_undone(ot_db *db, undo_row *r, const ot_refdata_undo_report *rep, ot_error *err)
{
    json_t *j =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "import_id", (json_int_t)r->e.id,
                  "source", r->e.label, "kind", r->e.kind, "as_of", r->e.as_of, "restored",
                  rep->to_snapshot ? "snapshot" : "store", "restored_sha256", r->before_sha,
                  "smelters", (json_int_t)rep->smelters, "sources", (json_int_t)rep->sources);
    char *detail = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!detail) return ot_fail(err, OT_E_NOMEM, "out of memory");
    char id[32], ts[OT_TS_LEN];
    snprintf(id, sizeof id, "%lld", r->e.id);
    ot_db_timestamp(ts);
    int64_t audit_id = 0;
    ot_code rc = ot_audit_append(db, ot_audit_os_actor(), "refdata.undo", "refdata_import", id,
                                 detail, &audit_id, err);
    free(detail);
    if (rc == OT_OK)
        rc = ot_db_exec(db,
                        "UPDATE refdata_import SET undone_at = ?, undone_by = ?, "
                        "undo_audit_id = ? WHERE import_id = ?",
                        OT_DB_PARAMS(ot_db_text(ts), ot_db_text(ot_audit_os_actor()),
                                     ot_db_int(audit_id), ot_db_int(r->e.id)),
                        err);
    if (rc == OT_OK) {
        copy_text(r->e.undone_at, sizeof r->e.undone_at, ts);
        copy_text(r->e.undone_by, sizeof r->e.undone_by, ot_audit_os_actor());
    }
    return rc;
}

ot_code ot_refdata_undo(ot_db *db, long long id, ot_refdata_undo_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    undo_row r = {0};
    ot_code rc = ot_db_begin(db, err);
    if (rc == OT_OK) rc = read_undo_row(db, id, &r, err);
    if (rc == OT_OK) rc = check_latest(db, &r, err);
    if (rc == OT_OK) rc = check_unchanged(db, &r, err);
    if (rc == OT_OK) rc = restore(db, &r, rep, err);
    if (rc == OT_OK) rc = mark_undone(db, &r, rep, err);
    if (rc == OT_OK) rc = ot_db_commit(db, err);
    if (rc != OT_OK) ot_db_rollback(db);
    rep->import = r.e;
    free(r.z);
    return rc;
}
