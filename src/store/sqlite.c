/* sqlite.c - the SQLite backend of store.h.
 *
 * Connection settings and why:
 *   journal_mode=WAL   readers never block the writer (web dashboard while ingesting), and
 *                      a commit is one append to the WAL, which survives a killed process.
 *   foreign_keys=ON    SQLite leaves them off by default; our schema relies on them.
 *   busy handler       a second oretrace process waits for the write lock (up to the
 *                      connection's bound, lock_wait_seconds, default 60 s) instead of
 *                      failing at once, and says once what it waits for.
 *   synchronous=NORMAL in WAL mode this never corrupts the database and never loses a
 *                      commit when the *process* dies (SIGKILL included); only an OS crash
 *                      or power cut may roll back the last commits. ot_db_begin_durable
 *                      and commits with an after-commit hook switch to FULL.
 *   trusted_schema=OFF a crafted database cannot make us run functions from its schema.
 * Writers use BEGIN IMMEDIATE so the write lock is taken up front: two writers then
 * serialise in the busy handler instead of failing with SQLITE_BUSY on a lock upgrade. */
#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ot_db {
    sqlite3 *h;
    bool durable_tx;           /* synchronous=FULL is set for the open transaction */
    bool may_initialise;       /* opened by ot_db_create: may receive a schema */
    ot_db_commit_hook hook;    /* to run after the open transaction commits */
    bool defer_hooks;          /* hold hooks back until ot_db_run_deferred_hooks */
    ot_db_commit_hook pending; /* the hook held back */
    int lock_wait_s;           /* how long the busy handler waits */
    double wait_start;         /* when the current wait began (monotonic seconds) */
    bool lock_timed_out;       /* the last wait ended at the bound */
    char wait_what[320];       /* what the current wait is for, for messages */
};

struct ot_stmt {
    sqlite3_stmt *s;
    ot_db *db;
    ot_code last; /* code of the last failed step, for callers that pass err = NULL */
};

/* ---- errors ------------------------------------------------------------------- */

static ot_code lock_fail(ot_db *db, ot_error *err, const char *what)
{
    if (!db->lock_timed_out) /* SQLITE_LOCKED / a deadlock SQLite refused to wait for */
        return ot_fail(err, OT_E_LOCKED, "%s: %s", what, sqlite3_errmsg(db->h));
    return ot_fail(err, OT_E_LOCKED,
                   "%s: the database is locked: %s; gave up after %d s "
                   "(lock_wait_seconds in oretrace.conf sets how long to wait)",
                   what, db->wait_what, db->lock_wait_s);
}

/* The errno of the last failed operation on the database or its WAL file: SQLite keeps
 * it per file, while sqlite3_system_errno is not set on every path (a failed COMMIT). */
static int file_errno(ot_db *db)
{
    int e = 0;
    sqlite3_file *wal = NULL;
    if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
        wal && wal->pMethods &&
        wal->pMethods->xFileControl(wal, SQLITE_FCNTL_LAST_ERRNO, &e) == SQLITE_OK && e)
        return e;
    e = 0;
    sqlite3_file_control(db->h, "main", SQLITE_FCNTL_LAST_ERRNO, &e);
    return e;
}

/* The database's message plus, for storage failures, the operating system's cause
 * (SQLite says "disk I/O error" for a file-size limit or a failed fsync). */
static ot_code db_fail(ot_db *db, ot_error *err, const char *what)
{
    int rc = sqlite3_extended_errcode(db->h);
    int primary = rc & 0xff;
    int sys = sqlite3_system_errno(db->h);
    if (!sys && primary == SQLITE_IOERR) sys = file_errno(db);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return lock_fail(db, err, what);
    ot_code code = primary == SQLITE_CONSTRAINT ? OT_E_CONFLICT
                   : primary == SQLITE_NOMEM    ? OT_E_NOMEM
                   : primary == SQLITE_FULL     ? OT_E_DISK_FULL
                   : primary == SQLITE_IOERR    ? ot_error_code_for_write(sys)
                                                : OT_E_DB;
    if ((primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN) &&
        sys != 0) {
        if (primary == SQLITE_CANTOPEN) code = ot_error_code_for_write(sys);
        return ot_fail(err, code, "%s: %s (%s)", what, sqlite3_errmsg(db->h), strerror(sys));
    }
    return ot_fail(err, code, "%s: %s", what, sqlite3_errmsg(db->h));
}

/* ---- waiting for another process's lock ---------------------------------------- */

static ot_db_wait_fn wait_notifier;

void ot_db_set_wait_notifier(ot_db_wait_fn fn)
{
    wait_notifier = fn;
}

void ot_db_set_lock_wait(ot_db *db, int seconds)
{
    db->lock_wait_s = seconds < 0 ? 0 : seconds;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The command line of process pid, one line, at most size - 1 bytes ("" when unknown). */
static void process_command(long pid, char *out, size_t size)
{
    out[0] = '\0';
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
    FILE *f = fopen(path, "rb");
    if (!f) return;
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    while (n && out[n - 1] == '\0')
        n--;
    out[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f) out[i] = out[i] ? '?' : ' ';
}

/* The process holding the WAL write lock of the database: a POSIX lock on byte 120 of
 * the -shm file (SQLite's WAL_WRITE_LOCK). Read from /proc/locks, never by opening the
 * -shm file: closing any descriptor of it would drop this process's own SQLite locks. */
static long write_lock_holder(const char *db_path)
{
    char shm[4200];
    struct stat st;
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    if (stat(shm, &st) != 0) return 0;
    FILE *f = fopen("/proc/locks", "r");
    if (!f) return 0;
    char line[256];
    long holder = 0;
    while (!holder && fgets(line, sizeof line, f)) {
        char kind[16], mode[16];
        long pid;
        unsigned maj, min;
        unsigned long ino;
        char start[24], end[24];
        if (strstr(line, "->")) continue; /* a process waiting, not holding */
        if (sscanf(line, "%*d: POSIX %15s %15s %ld %x:%x:%lu %23s %23s", kind, mode, &pid, &maj,
                   &min, &ino, start, end) == 8 &&
            strcmp(mode, "WRITE") == 0 && ino == (unsigned long)st.st_ino &&
            strcmp(start, "120") == 0 && pid != (long)getpid())
            holder = pid;
    }
    fclose(f);
    return holder;
}

static void describe_wait(ot_db *db)
{
    const char *path = sqlite3_db_filename(db->h, "main");
    long pid = path && *path ? write_lock_holder(path) : 0;
    char cmd[160];
    if (pid) process_command(pid, cmd, sizeof cmd);
    if (pid && cmd[0])
        snprintf(db->wait_what, sizeof db->wait_what,
                 "the write lock of %s is held by process %ld (%s)", path, pid, cmd);
    else if (pid)
        snprintf(db->wait_what, sizeof db->wait_what, "the write lock of %s is held by process %ld",
                 path, pid);
    else
        snprintf(db->wait_what, sizeof db->wait_what, "%s is in use by another process",
                 path && *path ? path : "the database");
}

/* SQLite's busy handler: count is 0 at the start of each wait. Sleeps with a growing
 * delay (1 ms to 100 ms, like SQLite's own) until the lock is free or the bound passed. */
static int busy_wait(void *arg, int count)
{
    static const int delays_ms[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    ot_db *db = arg;
    double now = mono_now();
    if (count == 0) {
        db->wait_start = now;
        db->lock_timed_out = false;
        describe_wait(db);
        if (wait_notifier && db->lock_wait_s > 0) wait_notifier(db->wait_what, db->lock_wait_s);
    }
    if (now - db->wait_start >= db->lock_wait_s) {
        db->lock_timed_out = true;
        return 0;
    }
    size_t n = sizeof delays_ms / sizeof delays_ms[0];
    int ms = delays_ms[(size_t)count < n ? (size_t)count : n - 1];
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
    return 1;
}

/* ---- connection ----------------------------------------------------------------- */

static ot_code open_connection(const char *path, bool create, ot_db **out, ot_error *err)
{
    *out = NULL;
    ot_db *db = calloc(1, sizeof *db);
    if (!db) return ot_fail(err, OT_E_NOMEM, "out of memory opening %s", path);
    char what[4200];
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        snprintf(what, sizeof what, "cannot open database %s", path);
        ot_code c = db->h ? db_fail(db, err, what)
                          : ot_fail(err, OT_E_NOMEM, "out of memory opening %s", path);
        sqlite3_close(db->h);
        free(db);
        return c;
    }
    db->may_initialise = create;
    db->lock_wait_s = OT_DB_LOCK_WAIT_DEFAULT;
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_handler(db->h, busy_wait, db);
    /* One statement at a time, so a failure is reported with its own error code. */
    static const char *const setup[] = {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                                        "PRAGMA synchronous=NORMAL", "PRAGMA trusted_schema=OFF"};
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        if (sqlite3_exec(db->h, setup[i], NULL, NULL, NULL) == SQLITE_OK) continue;
        snprintf(what, sizeof what, "cannot set up database %s", path);
        ot_code c = db_fail(db, err, what);
        sqlite3_close(db->h);
        free(db);
        return c;
    }
    *out = db;
    return OT_OK;
}

ot_code ot_db_open(const char *path, ot_db **out, ot_error *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT
                   ? ot_fail(err, OT_E_NOT_FOUND, "no database at %s", path)
                   : ot_fail(err, OT_E_DB, "cannot open database %s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return ot_fail(err, OT_E_DB, "database %s is not a regular file", path);
    /* SQLite would take an empty file for a new database and write one into it. */
    if (st.st_size == 0) return ot_fail(err, OT_E_DB, "database %s is empty (0 bytes)", path);
    return open_connection(path, false, out, err);
}

ot_code ot_db_create(const char *path, ot_db **out, ot_error *err)
{
    return open_connection(path, true, out, err);
}

bool ot_db_may_initialise(const ot_db *db)
{
    return db->may_initialise;
}

const char *ot_db_path(const ot_db *db)
{
    const char *p = sqlite3_db_filename(db->h, "main");
    return p && *p ? p : NULL;
}

ot_code ot_db_table_exists(ot_db *db, const char *table, bool *exists, ot_error *err)
{
    int64_t n = 0;
    ot_code c =
        ot_db_query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                        OT_DB_PARAMS(ot_db_text(table)), &n, err);
    *exists = c == OT_OK && n > 0;
    return c;
}

void ot_db_close(ot_db *db)
{
    if (!db) return;
    ot_db_rollback(db);
    if (db->pending) ot_db_run_deferred_hooks(db, NULL); /* a caller that forgot: best effort */
    sqlite3_stmt *s;
    while ((s = sqlite3_next_stmt(db->h, NULL)) != NULL)
        sqlite3_finalize(s);
    sqlite3_close(db->h);
    free(db);
}

const char *ot_db_backend(const ot_db *db)
{
    (void)db;
    return "sqlite";
}

int64_t ot_db_last_insert_id(ot_db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}
int64_t ot_db_changes(ot_db *db)
{
    return sqlite3_changes64(db->h);
}

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
    case OT_DB_INT:
        rc = sqlite3_bind_int64(st->s, idx, v.i);
        break;
    case OT_DB_DOUBLE:
        rc = sqlite3_bind_double(st->s, idx, v.d);
        break;
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
    default:
        rc = sqlite3_bind_null(st->s, idx);
        break;
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

int ot_stmt_column_count(ot_stmt *st)
{
    return sqlite3_column_count(st->s);
}
const char *ot_stmt_column_name(ot_stmt *st, int col)
{
    return sqlite3_column_name(st->s, col);
}

ot_db_type ot_stmt_type(ot_stmt *st, int col)
{
    switch (sqlite3_column_type(st->s, col)) {
    case SQLITE_INTEGER:
        return OT_DB_INT;
    case SQLITE_FLOAT:
        return OT_DB_DOUBLE;
    case SQLITE_TEXT:
        return OT_DB_TEXT;
    case SQLITE_BLOB:
        return OT_DB_BLOB;
    default:
        return OT_DB_NULL;
    }
}

bool ot_stmt_is_null(ot_stmt *st, int col)
{
    return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}
int64_t ot_stmt_int(ot_stmt *st, int col)
{
    return sqlite3_column_int64(st->s, col);
}
double ot_stmt_double(ot_stmt *st, int col)
{
    return sqlite3_column_double(st->s, col);
}
const char *ot_stmt_text(ot_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->s, col);
}
size_t ot_stmt_bytes(ot_stmt *st, int col)
{
    return (size_t)sqlite3_column_bytes(st->s, col);
}
const void *ot_stmt_blob(ot_stmt *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(st->s, col);
    if (len) *len = (size_t)sqlite3_column_bytes(st->s, col);
    return p;
}

/* ---- one-shot helpers ------------------------------------------------------------- */

static ot_code prepare_bound(ot_db *db, const char *sql, const ot_db_value *params, size_t nparams,
                             ot_stmt **st, ot_error *err)
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
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        }
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
        while ((s = ot_stmt_step(&st, err)) == OT_STEP_ROW) {
        }
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

bool ot_db_in_transaction(ot_db *db)
{
    return !sqlite3_get_autocommit(db->h);
}

static void set_synchronous(ot_db *db, bool full)
{
    sqlite3_exec(db->h, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", NULL, NULL,
                 NULL);
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

ot_code ot_db_begin(ot_db *db, ot_error *err)
{
    return begin(db, false, err);
}
ot_code ot_db_begin_durable(ot_db *db, ot_error *err)
{
    return begin(db, true, err);
}

/* Syncs the WAL, which holds the commit just made: what synchronous=FULL would have done
 * at COMMIT. (SQLite refuses to change synchronous inside a transaction, and the need for
 * it is only known once the transaction has begun.) */
static ot_code sync_wal(ot_db *db, ot_error *err)
{
    sqlite3_file *f = NULL;
    if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK || !f ||
        !f->pMethods)
        return OT_OK; /* no journal open: the commit went straight to the database file */
    int rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
    if (rc == SQLITE_OK) return OT_OK;
    ot_code c = ot_error_code_for_write(sqlite3_system_errno(db->h));
    return ot_fail(err, c,
                   "the change was saved, but could not be made durable: disk I/O error "
                   "syncing the database's write-ahead log");
}

ot_code ot_db_after_commit(ot_db *db, ot_db_commit_hook hook, ot_error *err)
{
    if (!ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE, "an after-commit hook needs an open transaction");
    if (db->hook && db->hook != hook)
        return ot_fail(err, OT_E_USAGE, "this transaction already has an after-commit hook");
    db->hook = hook;
    return OT_OK;
}

ot_code ot_db_commit(ot_db *db, ot_error *err)
{
    if (!ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE, "commit without an open transaction");
    ot_db_commit_hook hook = db->hook;
    db->hook = NULL;
    bool synced = db->durable_tx;
    ot_code c = OT_OK;
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        c = db_fail(db, err, "cannot commit");
        /* A failed COMMIT may leave the transaction open; never leave it dangling. */
        if (ot_db_in_transaction(db)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    }
    if (db->durable_tx) set_synchronous(db, false);
    if (c == OT_OK && hook && db->defer_hooks) {
        if (db->pending && db->pending != hook) c = ot_db_run_deferred_hooks(db, err);
        db->pending = hook;
        return c;
    }
    /* What a hook writes outside the database (the audit head) must never outlive, after
     * an OS crash, the commit it follows: make the commit durable first. */
    if (c == OT_OK && hook && !synced) c = sync_wal(db, err);
    if (c == OT_OK && hook) c = hook(db, err);
    return c;
}

void ot_db_defer_commit_hooks(ot_db *db, bool defer)
{
    db->defer_hooks = defer;
}

ot_code ot_db_run_deferred_hooks(ot_db *db, ot_error *err)
{
    ot_db_commit_hook hook = db->pending;
    db->pending = NULL;
    if (!hook) return OT_OK;
    /* syncing the WAL now makes every commit held back durable: those a checkpoint moved
     * into the database file were synced there by the checkpoint */
    ot_code c = sync_wal(db, err);
    return c == OT_OK ? hook(db, err) : c;
}

void ot_db_rollback(ot_db *db)
{
    db->hook = NULL;
    if (ot_db_in_transaction(db)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    if (db->durable_tx) set_synchronous(db, false);
}

/* ---- consistency ---------------------------------------------------------------- */

/* Problems passed on one by one; the rest are counted (a damaged table can have a
 * million rows without their parent). integrity_check stops at 100 by itself. */
#define CHECK_REPORT_MAX 100

/* Runs one checking pragma; every row that is not "ok" is a problem. */
static ot_code run_check(ot_db *db, const char *sql, bool fk, ot_db_problem_fn fn, void *ctx,
                         size_t *problems, ot_error *err)
{
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db, sql, &st, err);
    if (c != OT_OK) return c;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        char line[512];
        if (fk) {
            const char *parent = ot_stmt_text(st, 2);
            snprintf(line, sizeof line, "%s row %lld refers to a %s row that does not exist",
                     ot_stmt_text(st, 0) ? ot_stmt_text(st, 0) : "?", (long long)ot_stmt_int(st, 1),
                     parent ? parent : "?");
        } else {
            const char *t = ot_stmt_text(st, 0);
            if (t && strcmp(t, "ok") == 0) continue;
            snprintf(line, sizeof line, "%s", t ? t : "?");
        }
        if (++*problems <= CHECK_REPORT_MAX && fn) fn(line, ctx);
    }
    c = s == OT_STEP_ERROR ? st->last : OT_OK;
    ot_stmt_finalize(st);
    return c;
}

ot_code ot_db_check_integrity(ot_db *db, ot_db_problem_fn fn, void *ctx, size_t *problems,
                              ot_error *err)
{
    *problems = 0;
    ot_code c = run_check(db, "PRAGMA integrity_check", false, fn, ctx, problems, err);
    if (c == OT_OK) c = run_check(db, "PRAGMA foreign_key_check", true, fn, ctx, problems, err);
    if (c == OT_OK && *problems > CHECK_REPORT_MAX && fn) {
        char line[96];
        snprintf(line, sizeof line, "... and %zu more problems", *problems - CHECK_REPORT_MAX);
        fn(line, ctx);
    }
    return c;
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
