/* sqlite.c - the SQLite backend of store.h.
 *
 * Connection settings and why:
 *   journal_mode=WAL   readers never block the writer (web dashboard while ingesting), and
 *                      a commit is one append to the WAL, which survives a killed process.
 *   foreign_keys=ON    SQLite leaves them off by default; our schema relies on them.
 *   busy_timeout=10s   a second oretrace process waits for the write lock instead of
 *                      failing at once.
 *   synchronous=NORMAL in WAL mode this never corrupts the database and never loses a
 *                      commit when the *process* dies (SIGKILL included); only an OS crash
 *                      or power cut may roll back the last commits. ot_db_begin_durable
 *                      switches to FULL for the transactions where that matters.
 *   trusted_schema=OFF a crafted database cannot make us run functions from its schema.
 * Writers use BEGIN IMMEDIATE so the write lock is taken up front: two writers then
 * serialise on busy_timeout instead of failing with SQLITE_BUSY on a lock upgrade. */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


struct ot_db {
    sqlite3 *h;
    bool durable_tx; /* synchronous=FULL is set for the open transaction */
};

struct ot_stmt {
    sqlite3_stmt *s;
    ot_db *db;
    ot_code last; /* code of the last failed step, for callers that pass err = NULL */
};

#define BUSY_TIMEOUT_MS 10000

/* ---- errors ------------------------------------------------------------------- */

static ot_code db_fail(ot_db *db, ot_error *err, const char *what)
{
    int rc = sqlite3_extended_errcode(db->h);
    int primary = rc & 0xff;
    ot_code code = primary == SQLITE_CONSTRAINT ? OT_E_CONFLICT
                   : primary == SQLITE_NOMEM    ? OT_E_NOMEM
                                                : OT_E_DB;
    return ot_fail(err, code, "%s: %s", what, sqlite3_errmsg(db->h));
}

/* ---- connection ----------------------------------------------------------------- */

ot_code ot_db_open(const char *path, ot_db **out, ot_error *err)
{
    *out = NULL;
    ot_db *db = calloc(1, sizeof *db);
    if (!db) return ot_fail(err, OT_E_NOMEM, "out of memory opening %s", path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        ot_code c = db->h ? ot_fail(err, OT_E_DB, "cannot open database %s: %s", path,
                                    sqlite3_errmsg(db->h))
                          : ot_fail(err, OT_E_NOMEM, "out of memory opening %s", path);
        sqlite3_close(db->h);
        free(db);
        return c;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    char *msg = NULL;
    if (sqlite3_exec(db->h,
                     "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                     "PRAGMA synchronous=NORMAL; PRAGMA trusted_schema=OFF;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        ot_fail(err, OT_E_DB, "cannot set up database %s: %s", path,
                msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        sqlite3_close(db->h);
        free(db);
        return OT_E_DB;
    }
    *out = db;
    return OT_OK;
}

void ot_db_close(ot_db *db)
{
    if (!db) return;
    ot_db_rollback(db);
    sqlite3_stmt *s;
    while ((s = sqlite3_next_stmt(db->h, NULL)) != NULL) sqlite3_finalize(s);
    sqlite3_close(db->h);
    free(db);
}

const char *ot_db_backend(const ot_db *db)
{
    (void)db;
    return "sqlite";
}

int64_t ot_db_last_insert_id(ot_db *db) { return sqlite3_last_insert_rowid(db->h); }
int64_t ot_db_changes(ot_db *db) { return sqlite3_changes64(db->h); }

/* ---- prepared statements -------------------------------------------------------- */

ot_code ot_db_prepare(ot_db *db, const char *sql, ot_stmt **out, ot_error *err)
{
    *out = NULL;
    ot_stmt *st = calloc(1, sizeof *st);
    if (!st) return ot_fail(err, OT_E_NOMEM, "out of memory preparing a statement");
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st->s, &tail) != SQLITE_OK) {
        free(st);
        return db_fail(db, err, "cannot prepare statement");
    }
    if (!st->s) {
        free(st);
        return ot_fail(err, OT_E_USAGE, "empty SQL statement");
    }
    st->db = db;
    *out = st;
    return OT_OK;
}

void ot_stmt_finalize(ot_stmt *st)
{
    if (!st) return;
    sqlite3_finalize(st->s);
    free(st);
}

void ot_stmt_reset(ot_stmt *st)
{
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s);
}

ot_code ot_stmt_bind(ot_stmt *st, int idx, ot_db_value v, ot_error *err)
{
    int rc;
    switch (v.type) {
    case OT_DB_INT: rc = sqlite3_bind_int64(st->s, idx, v.i); break;
    case OT_DB_DOUBLE: rc = sqlite3_bind_double(st->s, idx, v.d); break;
    case OT_DB_TEXT:
        rc = sqlite3_bind_text64(st->s, idx, v.p, v.len ? (sqlite3_uint64)v.len : strlen(v.p),
                                 SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    case OT_DB_BLOB:
        /* A zero-length blob is an empty value, not NULL. */
        rc = v.len ? sqlite3_bind_blob64(st->s, idx, v.p, v.len, SQLITE_TRANSIENT)
                   : sqlite3_bind_zeroblob(st->s, idx, 0);
        break;
    case OT_DB_NULL:
    default: rc = sqlite3_bind_null(st->s, idx); break;
    }
    if (rc == SQLITE_RANGE)
        return ot_fail(err, OT_E_USAGE, "parameter %d is out of range (statement has %d)", idx,
                       sqlite3_bind_parameter_count(st->s));
    if (rc != SQLITE_OK) return db_fail(st->db, err, "cannot bind parameter");
    return OT_OK;
}

ot_code ot_stmt_bind_all(ot_stmt *st, const ot_db_value *params, size_t nparams, ot_error *err)
{
    if ((int)nparams != sqlite3_bind_parameter_count(st->s))
        return ot_fail(err, OT_E_USAGE, "statement has %d parameters, %zu given",
                       sqlite3_bind_parameter_count(st->s), nparams);
    for (size_t i = 0; i < nparams; i++) {
        ot_code c = ot_stmt_bind(st, (int)i + 1, params[i], err);
        if (c != OT_OK) return c;
    }
    return OT_OK;
}

ot_code ot_stmt_bind_text(ot_stmt *st, int idx, const char *s, ot_error *err)
{
    return ot_stmt_bind(st, idx, ot_db_text(s), err);
}
ot_code ot_stmt_bind_int(ot_stmt *st, int idx, int64_t v, ot_error *err)
{
    return ot_stmt_bind(st, idx, ot_db_int(v), err);
}
ot_code ot_stmt_bind_double(ot_stmt *st, int idx, double v, ot_error *err)
{
    return ot_stmt_bind(st, idx, ot_db_double(v), err);
}
ot_code ot_stmt_bind_null(ot_stmt *st, int idx, ot_error *err)
{
    return ot_stmt_bind(st, idx, ot_db_null(), err);
}
ot_code ot_stmt_bind_blob(ot_stmt *st, int idx, const void *b, size_t n, ot_error *err)
{
    return ot_stmt_bind(st, idx, ot_db_blob(b, n), err);
}

ot_step ot_stmt_step(ot_stmt *st, ot_error *err)
{
    int rc = sqlite3_step(st->s);
    if (rc == SQLITE_ROW) return OT_STEP_ROW;
    if (rc == SQLITE_DONE) return OT_STEP_DONE;
    st->last = db_fail(st->db, err, "statement failed");
    sqlite3_reset(st->s); /* so the statement can be reused or finalized cleanly */
    return OT_STEP_ERROR;
}

int ot_stmt_column_count(ot_stmt *st) { return sqlite3_column_count(st->s); }
const char *ot_stmt_column_name(ot_stmt *st, int col) { return sqlite3_column_name(st->s, col); }

ot_db_type ot_stmt_type(ot_stmt *st, int col)
{
    switch (sqlite3_column_type(st->s, col)) {
    case SQLITE_INTEGER: return OT_DB_INT;
    case SQLITE_FLOAT: return OT_DB_DOUBLE;
    case SQLITE_TEXT: return OT_DB_TEXT;
    case SQLITE_BLOB: return OT_DB_BLOB;
    default: return OT_DB_NULL;
    }
}

bool ot_stmt_is_null(ot_stmt *st, int col)
{
    return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}
int64_t ot_stmt_int(ot_stmt *st, int col) { return sqlite3_column_int64(st->s, col); }
double ot_stmt_double(ot_stmt *st, int col) { return sqlite3_column_double(st->s, col); }
const char *ot_stmt_text(ot_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->s, col);
}
const void *ot_stmt_blob(ot_stmt *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(st->s, col);
    if (len) *len = (size_t)sqlite3_column_bytes(st->s, col);
    return p;
}

/* ---- one-shot helpers ------------------------------------------------------------- */

static ot_code prepare_bound(ot_db *db, const char *sql, const ot_db_value *params,
                             size_t nparams, ot_stmt **st, ot_error *err)
{
    ot_code c = ot_db_prepare(db, sql, st, err);
    if (c != OT_OK) return c;
    c = ot_stmt_bind_all(*st, params, nparams, err);
    if (c != OT_OK) {
        ot_stmt_finalize(*st);
        *st = NULL;
    }
    return c;
}

static bool only_space(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ';') return false;
    return true;
}

/* Several statements separated by ';' (schema scripts), none with parameters: a `?`
 * here would silently bind NULL, so it is refused instead. */
static ot_code exec_script(ot_db *db, const char *sql, ot_error *err)
{
    const char *next = sql;
    while (next && *next) {
        sqlite3_stmt *raw = NULL;
        if (sqlite3_prepare_v2(db->h, next, -1, &raw, &next) != SQLITE_OK)
            return db_fail(db, err, "cannot prepare statement");
        if (!raw) continue; /* whitespace or a comment */
        if (sqlite3_bind_parameter_count(raw) > 0) {
            sqlite3_finalize(raw);
            return ot_fail(err, OT_E_USAGE, "statement has parameters but none were given");
        }
        int rc;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {}
        if (rc != SQLITE_DONE) {
            ot_code c = db_fail(db, err, "statement failed");
            sqlite3_finalize(raw);
            return c;
        }
        sqlite3_finalize(raw);
    }
    return OT_OK;
}

ot_code ot_db_exec(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                   ot_error *err)
{
    if (nparams == 0) return exec_script(db, sql, err);
    sqlite3_stmt *raw = NULL;
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &raw, &tail) != SQLITE_OK)
        return db_fail(db, err, "cannot prepare statement");
    if (!raw) return ot_fail(err, OT_E_USAGE, "empty SQL statement");
    if (tail && !only_space(tail)) {
        sqlite3_finalize(raw);
        return ot_fail(err, OT_E_USAGE, "a statement with parameters must be a single statement");
    }
    ot_stmt st = {.s = raw, .db = db};
    ot_code c = ot_stmt_bind_all(&st, params, nparams, err);
    if (c == OT_OK) {
        ot_step s;
        while ((s = ot_stmt_step(&st, err)) == OT_STEP_ROW) {}
        if (s == OT_STEP_ERROR) c = st.last;
    }
    sqlite3_finalize(raw);
    return c;
}

static ot_code query_first(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                           ot_stmt **st, ot_error *err)
{
    ot_code c = prepare_bound(db, sql, params, nparams, st, err);
    if (c != OT_OK) return c;
    ot_step s = ot_stmt_step(*st, err);
    if (s == OT_STEP_ROW) return OT_OK;
    c = s == OT_STEP_DONE ? ot_fail(err, OT_E_NOT_FOUND, "no row") : (*st)->last;
    ot_stmt_finalize(*st);
    *st = NULL;
    return c;
}

ot_code ot_db_query_int(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                        int64_t *out, ot_error *err)
{
    *out = 0;
    ot_stmt *st = NULL;
    ot_code c = query_first(db, sql, params, nparams, &st, err);
    if (c != OT_OK) return c;
    *out = ot_stmt_int(st, 0);
    ot_stmt_finalize(st);
    return OT_OK;
}

ot_code ot_db_query_text(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                         char **out, ot_error *err)
{
    *out = NULL;
    ot_stmt *st = NULL;
    ot_code c = query_first(db, sql, params, nparams, &st, err);
    if (c != OT_OK) return c;
    const char *t = ot_stmt_text(st, 0);
    if (t && !(*out = strdup(t))) c = ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_stmt_finalize(st);
    return c;
}

/* ---- transactions --------------------------------------------------------------- */

bool ot_db_in_transaction(ot_db *db) { return !sqlite3_get_autocommit(db->h); }

static void set_synchronous(ot_db *db, bool full)
{
    sqlite3_exec(db->h, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", NULL,
                 NULL, NULL);
    db->durable_tx = full;
}

static ot_code begin(ot_db *db, bool durable, ot_error *err)
{
    if (ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE, "a transaction is already open on this connection");
    if (durable) set_synchronous(db, true);
    if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        ot_code c = db_fail(db, err, "cannot begin a transaction");
        if (durable) set_synchronous(db, false);
        return c;
    }
    return OT_OK;
}

ot_code ot_db_begin(ot_db *db, ot_error *err) { return begin(db, false, err); }
ot_code ot_db_begin_durable(ot_db *db, ot_error *err) { return begin(db, true, err); }

ot_code ot_db_commit(ot_db *db, ot_error *err)
{
    if (!ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE, "commit without an open transaction");
    ot_code c = OT_OK;
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        c = db_fail(db, err, "cannot commit");
        /* A failed COMMIT may leave the transaction open; never leave it dangling. */
        if (ot_db_in_transaction(db)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    }
    if (db->durable_tx) set_synchronous(db, false);
    return c;
}

void ot_db_rollback(ot_db *db)
{
    if (ot_db_in_transaction(db)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    if (db->durable_tx) set_synchronous(db, false);
}

/* ---- helpers -------------------------------------------------------------------- */

void ot_db_timestamp(char out[OT_TS_LEN])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char buf[96]; /* roomier than needed: the compiler cannot bound tm's fields */
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)(ts.tv_nsec / 1000000));
    memcpy(out, buf, OT_TS_LEN - 1);
    out[OT_TS_LEN - 1] = '\0';
}
