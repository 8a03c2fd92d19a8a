/* vault.c - content-addressed storage of received files (see vault.h for the invariant).
 *
 * Write path, in this order, so that a crash at any point leaves either no file or the
 * complete file under its final name (never a partial one):
 *   1. hash the bytes;
 *   2. write them to a temp file in the same folder, fsync it;
 *   3. rename it to the final name (atomic on POSIX), fsync the folder so the rename
 *      itself survives a power cut;
 *   4. record the vault_file / vault_name rows.
 * A crash between 3 and 4 leaves an unrecorded file, which the next put of the same
 * bytes records. A stored file whose bytes were damaged on disk is set aside as
 * "<name>.damaged-<time>" (never deleted) and replaced by the good bytes being put. */
#include "store/vault.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fileio.h"

/* Largest file the vault reads back (get/verify); received files are workbooks. */
#define VAULT_READ_MAX ((size_t)1 << 31)

bool ot_vault_sha_valid(const char *sha_hex)
{
    if (!sha_hex || strlen(sha_hex) != 64) return false;
    for (const char *p = sha_hex; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

void ot_vault_path(const ot_workspace *ws, const char *sha_hex, char *out, size_t size)
{
    snprintf(out, size, "%s/%.2s/%s", ws->vault_dir, sha_hex, sha_hex + 2);
}

/* Every write-side failure below is the workspace's, not the input's: its code says
 * whether the disk is full (OT_E_DISK_FULL) or the storage failed (OT_E_STORAGE). */
static ot_code fsync_dir(const char *dir, ot_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ot_fail(err, ot_error_code_for_write(errno), "cannot open folder %s: %s", dir,
                       strerror(errno));
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    if (rc != 0)
        return ot_fail(err, ot_error_code_for_write(saved), "cannot sync folder %s: %s", dir,
                       strerror(saved));
    return OT_OK;
}

/* 0, or the errno of the failed write (ENOSPC for a write that stopped short). */
static int write_all(int fd, const void *bytes, size_t len)
{
    const unsigned char *p = bytes;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return ENOSPC;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Steps 2 and 3 of the write path. */
static ot_code write_durably(const char *dir, const char *path, const void *bytes, size_t len,
                             ot_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/" OT_VAULT_TEMP_PREFIX "XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ot_fail(err, ot_error_code_for_write(errno), "cannot create a file in %s: %s", dir,
                       strerror(errno));
    int saved = write_all(fd, bytes, len);
    if (!saved && (fchmod(fd, 0444) != 0 || fsync(fd) != 0)) saved = errno;
    if (close(fd) != 0 && !saved) saved = errno;
    if (!saved && rename(tmp, path) != 0) saved = errno;
    if (saved) {
        unlink(tmp);
        return ot_fail(err, ot_error_code_for_write(saved), "cannot store %s in the vault: %s",
                       path, strerror(saved));
    }
    return fsync_dir(dir, err);
}

/* OT_OK when the file at path holds exactly the bytes with this hash. */
static ot_code check_stored(const char *path, const char *sha_hex, ot_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    ot_code c = ot_read_file(path, VAULT_READ_MAX, &data, &len, err);
    if (c != OT_OK) return c;
    char got[OT_SHA256_HEX_LEN];
    ot_sha256_hex(data, len, got);
    free(data);
    if (strcmp(got, sha_hex) != 0)
        return ot_fail(err, OT_E_CORRUPT, "vault file %s is damaged: its bytes hash to %s", path,
                       got);
    return OT_OK;
}

static ot_code store_bytes(ot_workspace *ws, const char *sha, const void *bytes, size_t len,
                           ot_error *err)
{
    char dir[4200], path[4200];
    snprintf(dir, sizeof dir, "%s/%.2s", ws->vault_dir, sha);
    ot_vault_path(ws, sha, path, sizeof path);
    bool new_dir = mkdir(dir, 0755) == 0;
    if (!new_dir && errno != EEXIST)
        return ot_fail(err, ot_error_code_for_write(errno), "cannot create vault folder %s: %s",
                       dir, strerror(errno));
    if (new_dir) {
        ot_code c = fsync_dir(ws->vault_dir, err);
        if (c != OT_OK) return c;
    }
    if (access(path, F_OK) == 0) {
        ot_error check;
        if (check_stored(path, sha, &check) == OT_OK) return OT_OK; /* already stored */
        /* Damaged on disk: keep the damaged copy for inspection, store the good bytes. */
        char aside[4300], ts[OT_TS_LEN];
        ot_db_timestamp(ts);
        snprintf(aside, sizeof aside, "%s.damaged-%s", path, ts);
        if (rename(path, aside) != 0)
            return ot_fail(err, ot_error_code_for_write(errno),
                           "cannot set aside damaged vault file %s: %s", path, strerror(errno));
    }
    return write_durably(dir, path, bytes, len, err);
}

ot_code ot_vault_record(ot_db *db, const char *sha, size_t len, const char *name, ot_error *err)
{
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_code c =
        ot_db_exec(db,
                   "INSERT INTO vault_file (sha256, size, first_seen) VALUES (?, ?, ?)"
                   " ON CONFLICT (sha256) DO NOTHING",
                   OT_DB_PARAMS(ot_db_text(sha), ot_db_int((int64_t)len), ot_db_text(ts)), err);
    if (c == OT_OK && name && *name)
        c = ot_db_exec(db,
                       "INSERT INTO vault_name (sha256, original_name, first_seen) VALUES (?, ?, ?)"
                       " ON CONFLICT (sha256, original_name) DO NOTHING",
                       OT_DB_PARAMS(ot_db_text(sha), ot_db_text(name), ot_db_text(ts)), err);
    return c;
}

/* Records the vault rows in the caller's transaction, or in one of their own. */
static ot_code record_in_transaction(ot_workspace *ws, const char *sha_hex, size_t len,
                                     const char *original_name, ot_error *err)
{
    if (ot_db_in_transaction(ws->db))
        return ot_vault_record(ws->db, sha_hex, len, original_name, err);
    ot_code c = ot_db_begin(ws->db, err);
    if (c != OT_OK) return c;
    c = ot_vault_record(ws->db, sha_hex, len, original_name, err);
    if (c != OT_OK) {
        ot_db_rollback(ws->db);
        return c;
    }
    return ot_db_commit(ws->db, err);
}

ot_code ot_vault_put(ot_workspace *ws, const void *bytes, size_t len, const char *original_name,
                     char sha_hex[OT_SHA256_HEX_LEN], ot_error *err)
{
    ot_sha256_hex(bytes, len, sha_hex);
    ot_code c = store_bytes(ws, sha_hex, bytes, len, err);
    return c != OT_OK ? c : record_in_transaction(ws, sha_hex, len, original_name, err);
}

ot_code ot_vault_store_file(ot_workspace *ws, const char *path, size_t max_bytes,
                            char sha_hex[OT_SHA256_HEX_LEN], unsigned char **bytes, size_t *len,
                            ot_error *err)
{
    *bytes = NULL;
    *len = 0;
    unsigned char *data = NULL;
    size_t n = 0;
    ot_code c = ot_read_file(path, max_bytes, &data, &n, err);
    if (c != OT_OK) return c;
    ot_sha256_hex(data, n, sha_hex);
    c = store_bytes(ws, sha_hex, data, n, err);
    if (c != OT_OK) {
        free(data);
        return c;
    }
    *bytes = data;
    *len = n;
    return OT_OK;
}

ot_code ot_vault_put_file(ot_workspace *ws, const char *path, size_t max_bytes,
                          char sha_hex[OT_SHA256_HEX_LEN], unsigned char **bytes, size_t *len,
                          ot_error *err)
{
    ot_code c = ot_vault_store_file(ws, path, max_bytes, sha_hex, bytes, len, err);
    if (c != OT_OK) return c;
    const char *slash = strrchr(path, '/');
    c = record_in_transaction(ws, sha_hex, *len, slash ? slash + 1 : path, err);
    if (c != OT_OK) {
        free(*bytes);
        *bytes = NULL;
        *len = 0;
    }
    return c;
}

ot_code ot_vault_get(ot_workspace *ws, const char *sha_hex, unsigned char **bytes, size_t *len,
                     ot_error *err)
{
    *bytes = NULL;
    *len = 0;
    if (!ot_vault_sha_valid(sha_hex))
        return ot_fail(err, OT_E_USAGE, "'%s' is not a SHA-256 in lowercase hex", sha_hex);
    char path[4200];
    ot_vault_path(ws, sha_hex, path, sizeof path);
    if (access(path, F_OK) != 0)
        return ot_fail(err, OT_E_NOT_FOUND, "file %s is not in the vault", sha_hex);
    unsigned char *data = NULL;
    size_t n = 0;
    ot_code c = ot_read_file(path, VAULT_READ_MAX, &data, &n, err);
    if (c != OT_OK) return c;
    char got[OT_SHA256_HEX_LEN];
    ot_sha256_hex(data, n, got);
    if (strcmp(got, sha_hex) != 0) {
        free(data);
        return ot_fail(err, OT_E_CORRUPT, "vault file %s is damaged: its bytes hash to %s", path,
                       got);
    }
    *bytes = data;
    *len = n;
    return OT_OK;
}

/* ---- verify --------------------------------------------------------------------- */

static bool hex_name(const char *s, size_t n)
{
    if (strlen(s) != n) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

static void problem(ot_vault_problem_fn fn, void *ctx, const char *what, const char *kind)
{
    if (fn) fn(what, kind, ctx);
}

typedef struct walk {
    ot_workspace *ws;
    unsigned flags;
    ot_stmt *has_row;
    ot_vault_report *r;
    ot_vault_problem_fn fn;
    void *ctx;
    time_t now;
} walk;

/* A temp file of a write that never finished. A young one may belong to a write going on
 * right now (an ingest in another process): it is neither reported nor removed. */
static void temp_file(walk *w, const char *path, const char *rel)
{
    struct stat st;
    if (lstat(path, &st) != 0 || w->now - st.st_mtime < OT_VAULT_TEMP_MIN_AGE) return;
    if ((w->flags & OT_VAULT_CLEAN_TEMP) && unlink(path) == 0) {
        w->r->temp_removed++;
        problem(w->fn, w->ctx, rel, "temp_removed");
        return;
    }
    w->r->temp++;
    problem(w->fn, w->ctx, rel, "temp");
}

/* One stored file: its bytes must hash to its name, and a vault_file row must name it. */
static ot_code stored_file(walk *w, const char *sha, const char *path, ot_error *err)
{
    ot_error e;
    if (check_stored(path, sha, &e) != OT_OK) {
        w->r->corrupt++;
        problem(w->fn, w->ctx, sha, "corrupt");
    } else {
        w->r->files_ok++;
    }
    ot_stmt_reset(w->has_row);
    ot_code c = ot_stmt_bind_text(w->has_row, 1, sha, err);
    if (c != OT_OK) return c;
    ot_step s = ot_stmt_step(w->has_row, err);
    if (s == OT_STEP_ERROR) return err ? err->code : OT_E_DB;
    if (s == OT_STEP_DONE) {
        w->r->unrecorded++;
        problem(w->fn, w->ctx, sha, "unrecorded");
    }
    return OT_OK;
}

static void unexpected(walk *w, const char *rel)
{
    w->r->unexpected++;
    problem(w->fn, w->ctx, rel, "unexpected");
}

/* Everything in vault/xx/: stored files, temp files, set-aside damaged copies. */
static ot_code walk_folder(walk *w, const char *name, ot_error *err)
{
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/%s", w->ws->vault_dir, name);
    DIR *in = opendir(sub);
    if (!in) {
        unexpected(w, name); /* a file where a folder belongs, or an unreadable folder */
        return OT_OK;
    }
    ot_code c = OT_OK;
    struct dirent *f;
    while (c == OT_OK && (f = readdir(in)) != NULL) {
        const char *n = f->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
        char path[4300], rel[300];
        snprintf(path, sizeof path, "%.4200s/%.255s", sub, n);
        snprintf(rel, sizeof rel, "%s/%.255s", name, n);
        if (hex_name(n, 62)) {
            char sha[OT_SHA256_HEX_LEN];
            snprintf(sha, sizeof sha, "%.2s%.62s", name, n);
            c = stored_file(w, sha, path, err);
        } else if (strncmp(n, OT_VAULT_TEMP_PREFIX, strlen(OT_VAULT_TEMP_PREFIX)) == 0) {
            temp_file(w, path, rel);
        } else if (strlen(n) > 62 && strncmp(n + 62, ".damaged-", 9) == 0) {
            w->r->set_aside++; /* kept on purpose (see the top of this file) */
        } else {
            unexpected(w, rel);
        }
    }
    closedir(in);
    return c;
}

static ot_code verify_files(walk *w, ot_error *err)
{
    DIR *top = opendir(w->ws->vault_dir);
    if (!top)
        return ot_fail(err, OT_E_STORAGE, "cannot open vault %s: %s", w->ws->vault_dir,
                       strerror(errno));
    ot_code c = OT_OK;
    struct dirent *d;
    while (c == OT_OK && (d = readdir(top)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
        if (hex_name(d->d_name, 2))
            c = walk_folder(w, d->d_name, err);
        else
            unexpected(w, d->d_name);
    }
    closedir(top);
    return c;
}

/* Checks every vault_file row has its file. */
static ot_code verify_rows(ot_workspace *ws, ot_vault_report *r, ot_vault_problem_fn fn, void *ctx,
                           ot_error *err)
{
    ot_stmt *st = NULL;
    ot_code c = ot_db_prepare(ws->db, "SELECT sha256 FROM vault_file ORDER BY sha256", &st, err);
    if (c != OT_OK) return c;
    ot_step s;
    while ((s = ot_stmt_step(st, err)) == OT_STEP_ROW) {
        const char *sha = ot_stmt_text(st, 0);
        char path[4200];
        if (!sha || !ot_vault_sha_valid(sha)) continue;
        ot_vault_path(ws, sha, path, sizeof path);
        if (access(path, F_OK) != 0) {
            r->missing++;
            problem(fn, ctx, sha, "missing");
        }
    }
    ot_stmt_finalize(st);
    return s == OT_STEP_ERROR ? (err ? err->code : OT_E_DB) : OT_OK;
}

bool ot_vault_report_clean(const ot_vault_report *r)
{
    return r->missing == 0 && r->corrupt == 0 && r->unrecorded == 0 && r->temp == 0 &&
           r->unexpected == 0;
}

ot_code ot_vault_verify(ot_workspace *ws, unsigned flags, ot_vault_report *report,
                        ot_vault_problem_fn on_problem, void *ctx, ot_error *err)
{
    memset(report, 0, sizeof *report);
    walk w = {
        .ws = ws, .flags = flags, .r = report, .fn = on_problem, .ctx = ctx, .now = time(NULL)};
    ot_code c = ot_db_prepare(ws->db, "SELECT 1 FROM vault_file WHERE sha256 = ?", &w.has_row, err);
    if (c != OT_OK) return c;
    c = verify_files(&w, err);
    ot_stmt_finalize(w.has_row);
    if (c == OT_OK) c = verify_rows(ws, report, on_problem, ctx, err);
    return c;
}
