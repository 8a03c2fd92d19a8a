/* workspace.h - a program's workspace folder: database, vault, outbox and config file.
 *
 *   DIR/oretrace.db     the database (migrated on init and on every open)
 *   DIR/audit.head      the audit chain's head, kept outside the database (audit.h)
 *   DIR/vault/ab/cdef…  every received file, byte for byte, under its SHA-256 (vault.h)
 *   DIR/outbox/         messages written for sending (campaign)
 *   DIR/oretrace.conf   settings a person edits: `key = value` lines, `#` comments
 *
 * Only ot_workspace_init creates a database. It creates what is missing and never
 * overwrites what exists, so running it twice is safe; it refuses a database file that is
 * empty or holds no schema (emptied or replaced: to be restored, not started afresh) and a
 * missing database beside an audit.head (the workspace lost its database).
 * ot_workspace_open refuses a folder without a workspace (OT_E_NOT_FOUND) and a damaged or
 * lost database (OT_E_DB, saying what is wrong). The messages name no command: a front end
 * adds how to create a workspace by the code (the CLI: cli_app.c). */
#ifndef OT_WORKSPACE_H
#define OT_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/config.h"
#include "store/store.h"
#include "util/error.h"

#define OT_WS_DB_NAME "oretrace.db"
#define OT_WS_CONFIG_NAME "oretrace.conf"
#define OT_WS_VAULT_NAME "vault"
#define OT_WS_OUTBOX_NAME "outbox"

typedef struct ot_workspace {
    char *dir;
    char *db_path;
    char *vault_dir;
    char *outbox_dir;
    char *config_path;
    ot_db *db;
    ot_config config;
    char notice[384]; /* "" or what opening did that a person should know (audit.head
                         written for a workspace made by an earlier oretrace) */
} ot_workspace;

/* What ot_workspace_init did (for the CLI to tell the user). */
typedef struct ot_workspace_init_info {
    bool created_dir;
    bool created_db;
    bool created_config;
    int migrations_applied;
    int schema_version;
    bool wrote_head;        /* audit.head was missing and has been written */
    long long head_entries; /* the entries it records */
} ot_workspace_init_info;

/* Creates DIR (and parents), DIR/vault, DIR/outbox, DIR/oretrace.conf (only when
 * missing) and DIR/oretrace.db, migrates it, records an "init" audit entry the first
 * time and writes DIR/audit.head when missing. Safe to re-run. info may be NULL. */
ot_code ot_workspace_init(const char *dir, ot_workspace_init_info *info, ot_error *err);

/* Opens an existing workspace: reads the config, opens and migrates the database (and
 * writes audit.head, with a ws->notice, for a workspace made before it existed).
 * OT_E_NOT_FOUND when DIR has none; OT_E_DB when its database is missing beside an
 * audit.head, empty, or holds no schema. */
ot_code ot_workspace_open(const char *dir, ot_workspace **ws, ot_error *err);
/* True when DIR holds a workspace database. */
bool ot_workspace_exists(const char *dir);
void ot_workspace_close(ot_workspace *ws);

#endif
