/* workspace.c - creating and opening a workspace folder (see workspace.h for its layout).
 *
 * init is idempotent: every step creates only what is missing. The database is migrated
 * on every open, so a workspace made by an older oretrace gains new tables the first time
 * a newer one touches it. Only init creates a database: a command that found an emptied
 * or replaced oretrace.db and quietly started a new one would erase the evidence that
 * anything was lost. */
#include "store/workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/audit.h"
#include "util/fileio.h"
#include "util/strbuf.h"

#define CONFIG_MAX_BYTES (1u << 20)

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* mkdir -p */
static ot_code make_dirs(const char *path, ot_error *err)
{
    char *p = strdup(path);
    if (!p) return ot_fail(err, OT_E_NOMEM, "out of memory");
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0') continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            ot_code c = ot_fail(err, OT_E_IO, "cannot create folder %s: %s", p, strerror(errno));
            free(p);
            return c;
        }
        if (!is_dir(p)) {
            ot_code c = ot_fail(err, OT_E_IO, "%s exists and is not a folder", p);
            free(p);
            return c;
        }
        *s = saved;
        if (!saved) break;
    }
    free(p);
    return OT_OK;
}

static ot_workspace *workspace_new(const char *dir)
{
    ot_workspace *ws = calloc(1, sizeof *ws);
    if (!ws) return NULL;
    ws->dir = strdup(dir);
    ws->db_path = join(dir, OT_WS_DB_NAME);
    ws->vault_dir = join(dir, OT_WS_VAULT_NAME);
    ws->outbox_dir = join(dir, OT_WS_OUTBOX_NAME);
    ws->config_path = join(dir, OT_WS_CONFIG_NAME);
    if (!ws->dir || !ws->db_path || !ws->vault_dir || !ws->outbox_dir || !ws->config_path) {
        ot_workspace_close(ws);
        return NULL;
    }
    return ws;
}

void ot_workspace_close(ot_workspace *ws)
{
    if (!ws) return;
    ot_db_close(ws->db);
    ot_config_free(&ws->config);
    free(ws->dir);
    free(ws->db_path);
    free(ws->vault_dir);
    free(ws->outbox_dir);
    free(ws->config_path);
    free(ws);
}

bool ot_workspace_exists(const char *dir)
{
    char *db = join(dir, OT_WS_DB_NAME);
    bool yes = db && is_file(db);
    free(db);
    return yes;
}

/* The default oretrace.conf, generated from the table of settings (config.h). */
static ot_code write_default_config(const char *path, ot_error *err)
{
    ot_strbuf text = {0};
    ot_config_default_text(&text);
    ot_code c = text.failed ? ot_fail(err, OT_E_NOMEM, "out of memory writing %s", path)
                            : ot_write_file_atomic(path, text.data, text.len, err);
    ot_sb_free(&text);
    return c;
}

static ot_code read_config(ot_workspace *ws, ot_error *err)
{
    if (!is_file(ws->config_path)) /* deleted by hand: run on defaults rather than refuse */
        return ot_config_parse("", ws->config_path, &ws->config, err);
    unsigned char *text = NULL;
    size_t len = 0;
    ot_code c = ot_read_file(ws->config_path, CONFIG_MAX_BYTES, &text, &len, err);
    if (c != OT_OK) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err ? err->message : "");
        return ot_fail(err, c, "cannot read %s: %s", ws->config_path, why);
    }
    if (strlen((char *)text) != len) {
        free(text);
        return ot_fail(err, OT_E_INVALID, "%s contains NUL bytes; is it a text file?",
                       ws->config_path);
    }
    c = ot_config_parse((char *)text, ws->config_path, &ws->config, err);
    free(text);
    return c;
}

/* A database that is there but cannot be used: say what is wrong and how to recover (the
 * front end adds that initialising will not help: it creates only new workspaces). */
static ot_code unusable_db(const ot_workspace *ws, ot_code c, ot_error *err)
{
    if (c != OT_E_DB || !err) return c;
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", err->message);
    return ot_fail(err, c,
                   "the workspace database cannot be used: %s. Restore %s from a backup (with "
                   "its -wal file if there is one)",
                   why, ws->db_path);
}

/* The folders, the config and the database, migrated. *kept_head receives whether the
 * database kept audit.head before this opening (false for one just created). */
static ot_code open_parts(ot_workspace *ws, bool create, int *applied, bool *kept_head,
                          ot_error *err)
{
    *kept_head = false;
    ot_code c = make_dirs(ws->vault_dir, err);
    if (c == OT_OK) c = make_dirs(ws->outbox_dir, err);
    if (c == OT_OK) c = read_config(ws, err);
    if (c != OT_OK) return c;
    c = create ? ot_db_create(ws->db_path, &ws->db, err) : ot_db_open(ws->db_path, &ws->db, err);
    if (c == OT_OK) {
        ot_db_set_lock_wait(ws->db, ws->config.lock_wait_seconds);
        c = ot_audit_head_kept(ws->db, kept_head, err);
    }
    if (c == OT_OK) c = ot_db_migrate(ws->db, applied, err);
    return unusable_db(ws, c, err);
}

/* A workspace from before audit.head existed gets one the first time it is opened. A
 * newer workspace whose file is gone does not: audit verify reports that, and init
 * writes a new one when a person asks for it. */
static ot_code upgrade_head(ot_workspace *ws, bool kept_head, ot_error *err)
{
    if (kept_head) return OT_OK;
    bool written = false;
    ot_audit_head head;
    ot_code c = ot_audit_head_create(ws->db, &written, &head, err);
    if (c == OT_OK && written)
        snprintf(ws->notice, sizeof ws->notice,
                 "this workspace was made by an earlier oretrace and had no %s: wrote one for "
                 "the %lld entries of its audit log (from now on, entries removed from the "
                 "end of the log are detected)",
                 OT_AUDIT_HEAD_NAME, (long long)head.entries);
    return c;
}

/* DIR/audit.head without DIR/oretrace.db: the workspace lost its database. */
static ot_code lost_db(const ot_workspace *ws, ot_error *err)
{
    char head_path[4200];
    snprintf(head_path, sizeof head_path, "%s/%s", ws->dir, OT_AUDIT_HEAD_NAME);
    if (!is_file(head_path)) return OT_OK;
    ot_audit_head head;
    ot_error e;
    bool readable = ot_audit_head_read(head_path, &head, &e) == OT_OK;
    char entries[64] = "";
    if (readable)
        snprintf(entries, sizeof entries, " with %lld audit entries", (long long)head.entries);
    return ot_fail(err, OT_E_DB,
                   "the workspace database %s is missing, but %s shows a workspace%s was kept "
                   "here: restore the database from a backup (or remove %s to start over)",
                   ws->db_path, head_path, entries, OT_AUDIT_HEAD_NAME);
}

/* Records creation once: workspace_meta.created_at plus the "init" audit entry. */
static ot_code record_creation(ot_workspace *ws, ot_error *err)
{
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    ot_code c = ot_db_begin_durable(ws->db, err);
    if (c != OT_OK) return c;
    c = ot_db_exec(ws->db,
                   "INSERT INTO workspace_meta (key, value) VALUES ('created_at', ?)"
                   " ON CONFLICT (key) DO NOTHING",
                   OT_DB_PARAMS(ot_db_text(ts)), err);
    if (c == OT_OK && ot_db_changes(ws->db) == 1) {
        c = ot_db_exec(ws->db,
                       "INSERT INTO workspace_meta (key, value) VALUES ('created_by', ?)"
                       " ON CONFLICT (key) DO NOTHING",
                       OT_DB_PARAMS(ot_db_text("oretrace 0.1.0")), err);
        if (c == OT_OK)
            c = ot_audit_append(ws->db, ot_audit_os_actor(), OT_AUDIT_INIT, "workspace", NULL, "{}",
                                NULL, err);
    }
    if (c != OT_OK) {
        ot_db_rollback(ws->db);
        return c;
    }
    return ot_db_commit(ws->db, err);
}

ot_code ot_workspace_init(const char *dir, ot_workspace_init_info *info, ot_error *err)
{
    ot_workspace_init_info local = {0};
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (!dir || !*dir) return ot_fail(err, OT_E_USAGE, "no workspace folder given");
    info->created_dir = !is_dir(dir);
    ot_code c = make_dirs(dir, err);
    if (c != OT_OK) return c;
    ot_workspace *ws = workspace_new(dir);
    if (!ws) return ot_fail(err, OT_E_NOMEM, "out of memory");
    struct stat st;
    info->created_db = lstat(ws->db_path, &st) != 0 && errno == ENOENT;
    if (info->created_db) c = lost_db(ws, err);
    if (c == OT_OK && !is_file(ws->config_path)) {
        c = write_default_config(ws->config_path, err);
        info->created_config = c == OT_OK;
    }
    bool kept_head = false;
    if (c == OT_OK)
        c = open_parts(ws, info->created_db, &info->migrations_applied, &kept_head, err);
    if (c == OT_OK) c = record_creation(ws, err);
    ot_audit_head head = {0};
    if (c == OT_OK) c = ot_audit_head_create(ws->db, &info->wrote_head, &head, err);
    info->head_entries = head.entries;
    if (c == OT_OK) c = ot_db_schema_version(ws->db, &info->schema_version, err);
    ot_workspace_close(ws);
    return c;
}

ot_code ot_workspace_open(const char *dir, ot_workspace **out, ot_error *err)
{
    *out = NULL;
    if (!dir || !*dir) return ot_fail(err, OT_E_USAGE, "no workspace folder given");
    ot_workspace *ws = workspace_new(dir);
    if (!ws) return ot_fail(err, OT_E_NOMEM, "out of memory");
    ot_code c = OT_OK;
    if (!ot_workspace_exists(dir)) {
        c = lost_db(ws, err);
        if (c == OT_OK)
            c = ot_fail(err, OT_E_NOT_FOUND, "no oretrace workspace in %s (no %s there)", dir,
                        OT_WS_DB_NAME);
    }
    bool kept_head = false;
    if (c == OT_OK) c = open_parts(ws, false, NULL, &kept_head, err);
    if (c == OT_OK) c = upgrade_head(ws, kept_head, err);
    if (c != OT_OK) {
        ot_workspace_close(ws);
        return c;
    }
    *out = ws;
    return OT_OK;
}
