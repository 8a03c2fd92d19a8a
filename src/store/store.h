/* store.h - the one storage interface: every database access in oretrace goes through it.
 *
 * Backend-neutral by design. Callers write plain SQL with `?` placeholders and pass values
 * as typed parameters (never by formatting them into the SQL text); a PostgreSQL backend
 * (postgres.c, later) rewrites `?` to `$n` and implements the same functions, so callers
 * do not change. sqlite.c is the backend shipped today (WAL, foreign keys on, a bounded
 * wait for other processes' locks, synchronous=NORMAL, see ot_db_begin_durable for the
 * exceptions).
 *
 * SQL that works on both SQLite (>= 3.35) and PostgreSQL, please:
 *   - `INSERT ... ON CONFLICT (cols) DO NOTHING` / `DO UPDATE SET x = excluded.x`
 *     (not INSERT OR IGNORE / INSERT OR REPLACE);
 *   - `INSERT ... RETURNING id` or ot_db_last_insert_id();
 *   - timestamps as ISO-8601 UTC TEXT computed in C (ot_db_timestamp), not datetime('now');
 *   - booleans as INTEGER 0/1; `||` for concatenation; COALESCE, not IFNULL.
 * Schema changes are migrations (src/store/migrations/NNN_name.sql, embedded into the
 * binary at build time, applied in order, recorded in schema_version). Numbering: one
 * sequence for the whole schema, in the order the migrations apply (001, 002, ...); a new
 * migration takes the next number, whichever module it belongs to. (Databases written
 * before issue 9 recorded per-module numbers; ot_db_migrate renumbers them, see
 * migrate.c.) Migration files are written in the SQLite dialect kept to the
 * common subset; a PostgreSQL backend carries its own files only where dialects differ
 * (identity columns, triggers).
 *
 * Errors: every function that can fail fills an ot_error (code OT_E_DB with the
 * database's own message, OT_E_CONFLICT for a constraint violation, OT_E_NOMEM,
 * OT_E_DISK_FULL when the disk or the database is full, OT_E_STORAGE for an I/O error,
 * both with the operating system's cause; OT_E_LOCKED when another process held a lock
 * past the wait bound, OT_E_USAGE for misuse) and returns its code. Nothing here prints
 * or exits.
 *
 * Threads: one ot_db per thread; an ot_db and its statements are not shared. */
#ifndef OT_STORE_H
#define OT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h" /* OT_TS_LEN */
#include "util/error.h"

typedef struct ot_db ot_db;
typedef struct ot_stmt ot_stmt;

/* ---- values --------------------------------------------------------------------- */

typedef enum {
    OT_DB_NULL = 0,
    OT_DB_INT,    /* int64_t */
    OT_DB_DOUBLE, /* double */
    OT_DB_TEXT,   /* UTF-8 text */
    OT_DB_BLOB,   /* bytes */
} ot_db_type;

/* One bound parameter. Build them with the helpers below; text and blobs are copied by
 * the backend at bind time, so the pointers only need to live for the call. */
typedef struct ot_db_value {
    ot_db_type type;
    int64_t i;
    double d;
    const void *p; /* text (NUL-terminated unless len set) or blob */
    size_t len;    /* blob length; for text, 0 means "up to the NUL" */
} ot_db_value;

static inline ot_db_value ot_db_null(void)
{
    return (ot_db_value){.type = OT_DB_NULL};
}
static inline ot_db_value ot_db_int(int64_t v)
{
    return (ot_db_value){.type = OT_DB_INT, .i = v};
}
static inline ot_db_value ot_db_double(double v)
{
    return (ot_db_value){.type = OT_DB_DOUBLE, .d = v};
}
/* NULL text binds SQL NULL, so optional fields need no special case. */
static inline ot_db_value ot_db_text(const char *s)
{
    return s ? (ot_db_value){.type = OT_DB_TEXT, .p = s} : ot_db_null();
}
static inline ot_db_value ot_db_text_n(const char *s, size_t n)
{
    return s ? (ot_db_value){.type = OT_DB_TEXT, .p = s, .len = n} : ot_db_null();
}
static inline ot_db_value ot_db_blob(const void *b, size_t n)
{
    return (ot_db_value){.type = OT_DB_BLOB, .p = b, .len = n};
}
static inline ot_db_value ot_db_bool(bool b)
{
    return ot_db_int(b ? 1 : 0);
}

/* Parameter list for ot_db_exec / ot_db_query_*: expands to `array, count`.
 *   ot_db_exec(db, "UPDATE supplier SET name = ? WHERE id = ?",
 *              OT_DB_PARAMS(ot_db_text(name), ot_db_int(id)), err);
 * Use OT_DB_NO_PARAMS when there are none. */
#define OT_DB_PARAMS(...)                                                                          \
    ((const ot_db_value[]){__VA_ARGS__}),                                                          \
        (sizeof((const ot_db_value[]){__VA_ARGS__}) / sizeof(ot_db_value))
#define OT_DB_NO_PARAMS NULL, 0

/* ---- connection ----------------------------------------------------------------- */

/* Opens the EXISTING database at path: OT_E_NOT_FOUND when there is no file, OT_E_DB when
 * it is empty (0 bytes) or not a database. For SQLite: WAL journal, foreign keys ON,
 * synchronous NORMAL, a wait of OT_DB_LOCK_WAIT_DEFAULT seconds for other processes'
 * locks. Does NOT migrate; see ot_db_migrate, which refuses to put a schema into a
 * database that has none unless the connection came from ot_db_create. */
ot_code ot_db_open(const char *path, ot_db **db, ot_error *err);
/* ot_db_open, but creates the file when missing; only such a connection may receive a
 * first schema from ot_db_migrate (`oretrace init` and tests). */
ot_code ot_db_create(const char *path, ot_db **db, ot_error *err);
/* True for a connection opened by ot_db_create. */
bool ot_db_may_initialise(const ot_db *db);
/* The file the database lives in; NULL for one that has none (in memory). */
const char *ot_db_path(const ot_db *db);
/* Whether a table of that name exists. */
ot_code ot_db_table_exists(ot_db *db, const char *table, bool *exists, ot_error *err);
/* Rolls back an open transaction and closes. Finalize your statements first (leftover
 * ones are finalized as a safety net, which leaves their ot_stmt handles dangling).
 * NULL is fine. */
void ot_db_close(ot_db *db);
/* ---- waiting for other processes ------------------------------------------------ */

#define OT_DB_LOCK_WAIT_DEFAULT 60
/* How long this connection waits for a lock another process holds (the write lock of a
 * long import) before failing with OT_E_LOCKED; 0 = fail at once. Workspaces set it from
 * lock_wait_seconds in oretrace.conf. */
void ot_db_set_lock_wait(ot_db *db, int seconds);
/* Called on the waiting thread when a connection starts to wait for another process's
 * lock, with what it waits for ("/w/oretrace.db is held by process 4242 (oretrace
 * suppliers import v.csv)") and the bound in seconds. Process-wide: set it once, before
 * opening connections. The CLI prints it; library code never does. */
typedef void (*ot_db_wait_fn)(const char *what, int max_seconds);
void ot_db_set_wait_notifier(ot_db_wait_fn fn);

/* "sqlite" (or "postgres" later): for diagnostics only, never to branch SQL on. */
const char *ot_db_backend(const ot_db *db);

/* Runs one statement (or, with no params, several separated by ';'), discarding rows. */
ot_code ot_db_exec(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                   ot_error *err);

/* Single-value queries: first column of the first row. OT_E_NOT_FOUND when no row.
 * A NULL value gives 0 / NULL text (text: *out malloc'd, caller frees). */
ot_code ot_db_query_int(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                        int64_t *out, ot_error *err);
ot_code ot_db_query_text(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                         char **out, ot_error *err);

/* Row id of the last INSERT on this connection, and rows touched by the last statement. */
int64_t ot_db_last_insert_id(ot_db *db);
int64_t ot_db_changes(ot_db *db);

/* ---- transactions --------------------------------------------------------------- */

/* Begins a write transaction that takes the write lock immediately (SQLite BEGIN
 * IMMEDIATE), so two writers never deadlock on a lock upgrade. No nesting: beginning
 * inside a transaction is OT_E_USAGE. */
ot_code ot_db_begin(ot_db *db, ot_error *err);
/* Same, but the commit is made durable against power loss / OS crash before it returns
 * (SQLite: synchronous=FULL for this transaction only). With WAL + synchronous=NORMAL a
 * killed *process* never loses or corrupts a committed transaction; only an OS crash
 * may roll back the last few commits. Use this for commits that record something done
 * outside the database and not repeatable for free: a request e-mailed, an ingested
 * file acknowledged to a supplier, a person's override. */
ot_code ot_db_begin_durable(ot_db *db, ot_error *err);
ot_code ot_db_commit(ot_db *db, ot_error *err);
/* Work that must follow a commit, outside the database (the audit log's head file). */
typedef ot_code (*ot_db_commit_hook)(ot_db *db, ot_error *err);
/* Runs hook once right after the open transaction commits (never after a rollback). The
 * commit is then made durable, as with ot_db_begin_durable, so what the hook writes
 * cannot survive an OS crash that the commit does not. One hook per transaction
 * (registering the same one again is fine; another is OT_E_USAGE). ot_db_commit returns
 * the hook's error, if any, after the commit itself succeeded. */
ot_code ot_db_after_commit(ot_db *db, ot_db_commit_hook hook, ot_error *err);
/* For a batch that commits once per item (ingest: one transaction per file): while
 * deferred, hooks are held back (one run covers every commit since) until
 * ot_db_run_deferred_hooks, which syncs the commits and runs them. What a hook writes then
 * lags behind the database until that call, also after a crash; its owner must tolerate
 * that (the audit head does: a head behind the log that the log continues is intact).
 * Measured: the head rewrite costs three fsyncs, ~10 ms per file on a busy disk, more
 * than the rest of a file's transaction. ot_db_close runs what is still held back. */
void ot_db_defer_commit_hooks(ot_db *db, bool defer);
ot_code ot_db_run_deferred_hooks(ot_db *db, ot_error *err);
/* Rolls back when a transaction is open; harmless otherwise. Never fails visibly. */
void ot_db_rollback(ot_db *db);
bool ot_db_in_transaction(ot_db *db);

/* ---- prepared statements -------------------------------------------------------- */

ot_code ot_db_prepare(ot_db *db, const char *sql, ot_stmt **st, ot_error *err);
/* Finalizes; NULL is fine. */
void ot_stmt_finalize(ot_stmt *st);
/* Resets for another execution and clears all bindings. */
void ot_stmt_reset(ot_stmt *st);

/* Binds are 1-based, like the `?` they fill. */
ot_code ot_stmt_bind(ot_stmt *st, int idx, ot_db_value v, ot_error *err);
ot_code ot_stmt_bind_all(ot_stmt *st, const ot_db_value *params, size_t nparams, ot_error *err);
ot_code ot_stmt_bind_text(ot_stmt *st, int idx, const char *s, ot_error *err); /* NULL -> NULL */
ot_code ot_stmt_bind_int(ot_stmt *st, int idx, int64_t v, ot_error *err);
ot_code ot_stmt_bind_double(ot_stmt *st, int idx, double v, ot_error *err);
ot_code ot_stmt_bind_null(ot_stmt *st, int idx, ot_error *err);
ot_code ot_stmt_bind_blob(ot_stmt *st, int idx, const void *b, size_t n, ot_error *err);

typedef enum {
    OT_STEP_ERROR = -1, /* err is filled */
    OT_STEP_DONE = 0,
    OT_STEP_ROW = 1,
} ot_step;

/* Steps to the next row:
 *   ot_step s;
 *   while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) { ... ot_stmt_text(st, 0) ... }
 *   if (s == OT_STEP_ERROR) goto fail; */
ot_step ot_stmt_step(ot_stmt *st, ot_error *err);

/* Column getters, 0-based, valid for the current row until the next step/reset.
 * Text is NULL for SQL NULL; pointers are owned by the statement. */
int ot_stmt_column_count(ot_stmt *st);
const char *ot_stmt_column_name(ot_stmt *st, int col);
ot_db_type ot_stmt_type(ot_stmt *st, int col);
bool ot_stmt_is_null(ot_stmt *st, int col);
int64_t ot_stmt_int(ot_stmt *st, int col);
double ot_stmt_double(ot_stmt *st, int col);
const char *ot_stmt_text(ot_stmt *st, int col);
/* Length in bytes of the value as text or blob (after ot_stmt_text/ot_stmt_blob), which
 * for text with a NUL byte inside is more than strlen. */
size_t ot_stmt_bytes(ot_stmt *st, int col);
const void *ot_stmt_blob(ot_stmt *st, int col, size_t *len);

/* ---- consistency ---------------------------------------------------------------- */

typedef void (*ot_db_problem_fn)(const char *problem, void *ctx);
/* The database's own full consistency check (SQLite: PRAGMA integrity_check, which reads
 * every page and checks every index and constraint, then PRAGMA foreign_key_check). Each
 * problem is passed to fn (may be NULL), *problems receives their count (0: consistent).
 * Returns OT_OK when the check ran. */
ot_code ot_db_check_integrity(ot_db *db, ot_db_problem_fn fn, void *ctx, size_t *problems,
                              ot_error *err);

/* ---- migrations ----------------------------------------------------------------- */

typedef struct ot_migration {
    int version;      /* NNN from the file name; strictly increasing */
    const char *name; /* the rest of the file name, e.g. "vault" */
    const char *sql;  /* the file's text */
} ot_migration;

/* The migrations built into this binary (generated from src/store/migrations/). */
extern const ot_migration ot_store_migrations[];
extern const size_t ot_store_migration_count;

/* Applies, in order, every migration whose version is not yet in schema_version, each
 * in its own transaction together with its schema_version row (version, name, sha256 of
 * the SQL, applied_at). Idempotent. Refuses (OT_E_CONFLICT) a database whose schema is
 * newer than the newest migration given (made by a newer oretrace), and (OT_E_DB) one
 * without a schema_version table unless the connection came from ot_db_create: an
 * emptied or foreign database is never silently turned into a new, empty workspace.
 * *applied (may be NULL) receives how many were applied now. */
ot_code ot_db_migrate_with(ot_db *db, const ot_migration *migrations, size_t count, int *applied,
                           ot_error *err);
/* ot_db_migrate_with over the built-in set, after renumbering the versions a database
 * written before the global sequence recorded (010 suppliers -> 004, ...; migrate.c). */
ot_code ot_db_migrate(ot_db *db, int *applied, ot_error *err);
/* Highest applied version (0 for a database without schema_version; changes nothing). */
ot_code ot_db_schema_version(ot_db *db, int *version, ot_error *err);

/* ---- small helpers -------------------------------------------------------------- */

/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (sorts as text). */
void ot_db_timestamp(char out[OT_TS_LEN]);

#endif
