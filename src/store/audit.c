/* audit.c - appending to and verifying the hash-chained audit log, and its head file
 * (see audit.h).
 *
 * Appending reads the chain head and inserts the next row inside the caller's write
 * transaction; BEGIN IMMEDIATE holds the write lock, so no other writer can append in
 * between and fork the chain. */
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/text.h"

static ot_code advance_head(ot_db *db, ot_error *err);

static const char zero_hash[OT_SHA256_HEX_LEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(ot_strbuf *sb, const char *s)
{
    if (!s) {
        ot_sb_puts(sb, "-\n");
        return;
    }
    ot_sb_printf(sb, "%zu:", strlen(s));
    ot_sb_puts(sb, s);
    ot_sb_putc(sb, '\n');
}

void ot_audit_hash(int64_t id, const char *ts, const char *actor, const char *action,
                   const char *subject_type, const char *subject_id, const char *detail,
                   const char *prev_hash, char out[OT_SHA256_HEX_LEN])
{
    ot_strbuf sb = {0};
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    ot_sb_puts(&sb, "oretrace-audit-v1\n");
    put_field(&sb, idtext);
    put_field(&sb, ts);
    put_field(&sb, actor);
    put_field(&sb, action);
    put_field(&sb, subject_type);
    put_field(&sb, subject_id);
    put_field(&sb, detail);
    put_field(&sb, prev_hash);
    if (sb.failed) /* cannot hash what we could not build; an impossible hash never matches */
        snprintf(out, 65, "%s", "out-of-memory");
    else
        ot_sha256_hex(sb.data, sb.len, out);
    ot_sb_free(&sb);
}

const char *ot_audit_os_actor(void)
{
    static char actor[96];
    const char *name = NULL;
    struct passwd pw, *res = NULL;
    char buf[1024];
    if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) == 0 && res) name = res->pw_name;
    if (!name || !*name) name = getenv("USER");
    snprintf(actor, sizeof actor, "os:%s", name && *name ? name : "unknown");
    return actor;
}

ot_code ot_audit_append(ot_db *db, const char *actor, const char *action, const char *subject_type,
                        const char *subject_id, const char *detail_json, int64_t *id_out,
                        ot_error *err)
{
    if (id_out) *id_out = 0;
    if (!ot_db_in_transaction(db))
        return ot_fail(err, OT_E_USAGE,
                       "audit entries must be written inside the transaction of the change "
                       "they record (call ot_db_begin first)");
    if (!actor || !*actor || !action || !*action)
        return ot_fail(err, OT_E_USAGE, "an audit entry needs an actor and an action");
    const char *detail = detail_json && *detail_json ? detail_json : "{}";

    ot_stmt *st = NULL;
    ot_code c =
        ot_db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, err);
    if (c != OT_OK) return c;
    int64_t id = 1;
    char prev[OT_SHA256_HEX_LEN];
    memcpy(prev, zero_hash, sizeof prev);
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        id = ot_stmt_int(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", ot_stmt_text(st, 1) ? ot_stmt_text(st, 1) : "");
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err ? err->code : OT_E_DB;

    c = ot_db_after_commit(db, advance_head, err);
    if (c != OT_OK) return c;
    char ts[OT_TS_LEN], hash[OT_SHA256_HEX_LEN];
    ot_db_timestamp(ts);
    ot_audit_hash(id, ts, actor, action, subject_type, subject_id, detail, prev, hash);
    c = ot_db_exec(db,
                   "INSERT INTO audit_log (id, ts, actor, action, subject_type, subject_id,"
                   " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   OT_DB_PARAMS(ot_db_int(id), ot_db_text(ts), ot_db_text(actor),
                                ot_db_text(action), ot_db_text(subject_type),
                                ot_db_text(subject_id), ot_db_text(detail), ot_db_text(prev),
                                ot_db_text(hash)),
                   err);
    if (c == OT_OK && id_out) *id_out = id;
    return c;
}

static void mark_bad(ot_audit_verify_result *res, int64_t id, const char *reason)
{
    res->intact = false;
    res->first_bad_id = id;
    snprintf(res->reason, sizeof res->reason, "%s", reason);
}

/* Columns of the verify query, in order, and whether SQL NULL is allowed. */
static const struct {
    const char *name;
    bool nullable;
} verify_cols[] = {{"id", false},     {"ts", false},          {"actor", false},
                   {"action", false}, {"subject_type", true}, {"subject_id", true},
                   {"detail", false}, {"prev_hash", false},   {"hash", false}};

/* Every field must be what the hash reads it as: id an integer, the rest UTF-8 text
 * without NUL bytes. The hash sees text only up to its first NUL, so a BLOB or bytes
 * hidden after a NUL would otherwise pass. Types are read before any conversion. */
static bool fields_are_text(ot_stmt *st, char *why, size_t size)
{
    if (ot_stmt_type(st, 0) != OT_DB_INT) {
        snprintf(why, size, "id is not an integer");
        return false;
    }
    ot_db_type types[9];
    for (int i = 1; i < 9; i++)
        types[i] = ot_stmt_type(st, i);
    for (int i = 1; i < 9; i++) {
        const char *name = verify_cols[i].name;
        if (types[i] == OT_DB_NULL && verify_cols[i].nullable) continue;
        if (types[i] != OT_DB_TEXT) {
            snprintf(why, size, "%s is not text (%s)", name,
                     types[i] == OT_DB_BLOB   ? "a BLOB"
                     : types[i] == OT_DB_NULL ? "NULL"
                                              : "a number");
            return false;
        }
        const char *t = ot_stmt_text(st, i);
        size_t n = ot_stmt_bytes(st, i);
        if (!t || strlen(t) != n) {
            snprintf(why, size, "%s contains a NUL byte", name);
            return false;
        }
        if (!ot_utf8_valid(t, n)) {
            snprintf(why, size, "%s is not valid UTF-8 text", name);
            return false;
        }
    }
    return true;
}

/* Checks one row against the chain so far; false (with res marked) when it breaks. */
static bool check_row(ot_stmt *st, const char *prev, int64_t expect_id, ot_audit_verify_result *res)
{
    int64_t id = ot_stmt_int(st, 0);
    char why[160];
    if (!fields_are_text(st, why, sizeof why)) {
        mark_bad(res, id, why);
        return false;
    }
    const char *stored_prev = ot_stmt_text(st, 7);
    const char *stored_hash = ot_stmt_text(st, 8);
    char want[OT_SHA256_HEX_LEN];
    ot_audit_hash(id, ot_stmt_text(st, 1), ot_stmt_text(st, 2), ot_stmt_text(st, 3),
                  ot_stmt_text(st, 4), ot_stmt_text(st, 5), ot_stmt_text(st, 6), stored_prev, want);
    if (id != expect_id) {
        snprintf(why, sizeof why, "entry ids jump from %lld to %lld (entries removed)",
                 (long long)(expect_id - 1), (long long)id);
        mark_bad(res, id, why);
    } else if (strcmp(stored_prev, prev) != 0) {
        mark_bad(res, id, "prev_hash does not match the previous entry's hash");
    } else if (strcmp(stored_hash, want) != 0) {
        mark_bad(res, id, "hash does not match the entry's contents (entry was changed)");
    }
    return res->intact;
}

ot_code ot_audit_verify(ot_db *db, ot_audit_verify_result *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->intact = true;
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(db,
                              "SELECT id, ts, actor, action, subject_type, subject_id, detail,"
                              " prev_hash, hash FROM audit_log ORDER BY id",
                              &st, err);
    if (c != OT_OK) return c;
    char prev[OT_SHA256_HEX_LEN];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t expect_id = 1;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        res->entries++;
        if (!check_row(st, prev, expect_id, res)) break;
        snprintf(prev, sizeof prev, "%s", ot_stmt_text(st, 8));
        snprintf(res->head_hash, sizeof res->head_hash, "%s", prev);
        expect_id = ot_stmt_int(st, 0) + 1;
    }
    ot_stmt_finalize(st);
    if (s == OT_STEP_ERROR) return err ? err->code : OT_E_DB;
    return OT_OK;
}

/* ---- the head file ---------------------------------------------------------------- */

#define HEAD_MAGIC "oretrace audit head v1\n"
#define HEAD_FILE_MAX 512

bool ot_audit_head_path(ot_db *db, char *out, size_t size)
{
    const char *db_path = ot_db_path(db);
    if (!db_path) return false;
    const char *slash = strrchr(db_path, '/');
    if (!slash) return (size_t)snprintf(out, size, "%s", OT_AUDIT_HEAD_NAME) < size;
    return (size_t)snprintf(out, size, "%.*s/%s", (int)(slash - db_path), db_path,
                            OT_AUDIT_HEAD_NAME) < size;
}

static bool hex64(const char *s)
{
    if (strlen(s) != 64) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

ot_code ot_audit_head_read(const char *path, ot_audit_head *head, ot_error *err)
{
    memset(head, 0, sizeof *head);
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT
                   ? ot_fail(err, OT_E_NOT_FOUND, "%s does not exist", path)
                   : ot_fail(err, OT_E_STORAGE, "cannot read %s: %s", path, strerror(errno));
    unsigned char *text = NULL;
    size_t len = 0;
    ot_error e = {0};
    ot_code c = S_ISREG(st.st_mode) ? ot_read_file(path, HEAD_FILE_MAX, &text, &len, &e)
                                    : OT_E_CORRUPT; /* a folder, a link, a FIFO */
    if (c == OT_E_TOO_LARGE || c == OT_E_CORRUPT)
        return ot_fail(err, OT_E_CORRUPT, "%s is not an audit head file", path);
    if (c != OT_OK) return ot_fail(err, c, "cannot read %s: %s", path, e.message);
    long long entries = -1;
    char hash[80] = "", tail = 0;
    bool ok = strlen((char *)text) == len &&
              strncmp((char *)text, HEAD_MAGIC, strlen(HEAD_MAGIC)) == 0 &&
              sscanf((char *)text + strlen(HEAD_MAGIC), "entries %lld\nhash %70s\n%c", &entries,
                     hash, &tail) == 2 &&
              entries >= 0 && hex64(hash) && text[len - 1] == '\n';
    free(text);
    if (!ok) return ot_fail(err, OT_E_CORRUPT, "%s is not an audit head file", path);
    head->entries = entries;
    memcpy(head->hash, hash, 65);
    return OT_OK;
}

static ot_code fsync_parent(const char *path, ot_error *err)
{
    char dir[4200];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd < 0 ? -1 : fsync(fd);
    int saved = errno;
    if (fd >= 0) close(fd);
    if (rc != 0)
        return ot_fail(err, ot_error_code_for_write(saved), "cannot sync folder %s: %s", dir,
                       strerror(saved));
    return OT_OK;
}

/* Temp file, fsync, rename, fsync of the folder. Callers hold the database's write lock,
 * so one temp name is enough: no two writers use it at once. */
static ot_code head_write(const char *path, const ot_audit_head *head, ot_error *err)
{
    char text[HEAD_FILE_MAX], tmp[4300];
    int n = snprintf(text, sizeof text, HEAD_MAGIC "entries %lld\nhash %s\n",
                     (long long)head->entries, head->hash);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return ot_fail(err, ot_error_code_for_write(errno), "cannot create %s: %s", tmp,
                       strerror(errno));
    ssize_t w = write(fd, text, (size_t)n);
    int saved = w < 0 ? errno : ENOSPC; /* a short write of a few bytes: the disk is full */
    bool ok = w == n && fsync(fd) == 0;
    if (w == n && !ok) saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        return ot_fail(err, ot_error_code_for_write(saved), "cannot write %s: %s", path,
                       strerror(saved));
    }
    return fsync_parent(path, err);
}

ot_code ot_audit_head_of_log(ot_db *db, ot_audit_head *head, ot_error *err)
{
    memset(head, 0, sizeof *head);
    memcpy(head->hash, zero_hash, sizeof head->hash);
    ot_stmt *st = NULL;
    ot_code c =
        ot_db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, err);
    if (c != OT_OK) return c;
    ot_step s = ot_stmt_step(st, err);
    if (s == OT_STEP_ROW) {
        head->entries = ot_stmt_int(st, 0);
        snprintf(head->hash, sizeof head->hash, "%s",
                 ot_stmt_text(st, 1) ? ot_stmt_text(st, 1) : "");
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? (err ? err->code : OT_E_DB) : OT_OK;
}

/* The hash of entry id into out ("" when there is no such entry). */
static ot_code hash_at(ot_db *db, int64_t id, char out[OT_SHA256_HEX_LEN], ot_error *err)
{
    out[0] = '\0';
    if (id == 0) {
        memcpy(out, zero_hash, 65);
        return OT_OK;
    }
    char *h = NULL;
    ot_code c = ot_db_query_text(db, "SELECT hash FROM audit_log WHERE id = ?",
                                 OT_DB_PARAMS(ot_db_int(id)), &h, err);
    if (c == OT_E_NOT_FOUND) return OT_OK;
    if (c == OT_OK) snprintf(out, 65, "%s", h ? h : "");
    free(h);
    return c;
}

/* Under the write lock: moves the file forward to the log's head when the log continues
 * what the file records. Anything else is left for ot_audit_check_head to report. */
static ot_code advance_locked(ot_db *db, const char *path, ot_error *err)
{
    ot_audit_head file, log;
    ot_code c = ot_audit_head_read(path, &file, err);
    if (c == OT_E_NOT_FOUND || c == OT_E_CORRUPT) return OT_OK;
    if (c == OT_OK) c = ot_audit_head_of_log(db, &log, err);
    if (c != OT_OK || log.entries <= file.entries) return c;
    char at[OT_SHA256_HEX_LEN];
    if ((c = hash_at(db, file.entries, at, err)) != OT_OK) return c;
    if (strcmp(at, file.hash) != 0) return OT_OK;
    return head_write(path, &log, err);
}

static ot_code advance_head(ot_db *db, ot_error *err)
{
    char path[4200];
    if (!ot_audit_head_path(db, path, sizeof path)) return OT_OK;
    ot_error e = {0};
    /* The write lock orders the rewrites of concurrent writers: each sees the others'
     * commits and the file only moves forward. */
    ot_code c = ot_db_begin(db, &e);
    if (c == OT_OK) {
        c = advance_locked(db, path, &e);
        ot_db_rollback(db);
    }
    if (c != OT_OK)
        return ot_fail(err, c, "the change was saved, but %s could not be brought up to date: %s",
                       path, e.message);
    return OT_OK;
}

ot_code ot_audit_head_create(ot_db *db, bool *written, ot_audit_head *head, ot_error *err)
{
    *written = false;
    ot_audit_head local;
    if (!head) head = &local;
    memset(head, 0, sizeof *head);
    char path[4200];
    if (!ot_audit_head_path(db, path, sizeof path)) return OT_OK;
    ot_code c = ot_db_begin(db, err);
    if (c != OT_OK) return c;
    c = ot_audit_head_read(path, head, err);
    if (c == OT_E_NOT_FOUND) {
        c = ot_audit_head_of_log(db, head, err);
        if (c == OT_OK) c = head_write(path, head, err);
        *written = c == OT_OK;
    }
    ot_db_rollback(db);
    return c;
}

ot_code ot_audit_head_kept(ot_db *db, bool *yes, ot_error *err)
{
    bool table = false;
    *yes = false;
    ot_code c = ot_db_table_exists(db, "workspace_meta", &table, err);
    if (c != OT_OK || !table) return c;
    int64_t n = 0;
    c = ot_db_query_int(db, "SELECT COUNT(*) FROM workspace_meta WHERE key = 'audit_head_file'",
                        OT_DB_NO_PARAMS, &n, err);
    *yes = n > 0;
    return c;
}

ot_code ot_audit_check_head(ot_db *db, ot_audit_head_check *res, ot_error *err)
{
    memset(res, 0, sizeof *res);
    res->state = OT_AUDIT_HEAD_NONE;
    if (!ot_audit_head_path(db, res->path, sizeof res->path)) return OT_OK;
    ot_error e = {0};
    ot_code c = ot_audit_head_read(res->path, &res->file, &e); /* first: see audit.h */
    ot_audit_head log;
    ot_code lc = ot_audit_head_of_log(db, &log, err);
    if (lc != OT_OK) return lc;
    res->log_entries = log.entries;
    if (c == OT_E_NOT_FOUND) {
        bool keeps = false;
        if ((c = ot_audit_head_kept(db, &keeps, err)) != OT_OK) return c;
        res->state = keeps ? OT_AUDIT_HEAD_MISSING : OT_AUDIT_HEAD_NONE;
        return OT_OK;
    }
    if (c == OT_E_CORRUPT) {
        res->state = OT_AUDIT_HEAD_MALFORMED;
        return OT_OK;
    }
    if (c != OT_OK) return ot_fail(err, c, "%s", e.message);
    if (res->file.entries > log.entries) {
        res->state = OT_AUDIT_HEAD_AHEAD;
        return OT_OK;
    }
    char at[OT_SHA256_HEX_LEN];
    if ((c = hash_at(db, res->file.entries, at, err)) != OT_OK) return c;
    res->state = strcmp(at, res->file.hash) == 0 ? OT_AUDIT_HEAD_OK : OT_AUDIT_HEAD_MISMATCH;
    return OT_OK;
}
