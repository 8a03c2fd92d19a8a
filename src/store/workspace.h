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

#include "store/store.h"
#include "util/error.h"

#define OT_WS_DB_NAME "oretrace.db"
#define OT_WS_CONFIG_NAME "oretrace.conf"
#define OT_WS_VAULT_NAME "vault"
#define OT_WS_OUTBOX_NAME "outbox"

#define OT_CONFIG_MAX_REMINDERS 16
#define OT_CONFIG_MAX_ESCALATIONS 8
#define OT_CONFIG_MAX_CATEGORIES 16

/* An escalation step: `role` is brought in `day` days after the request was sent when
 * the supplier has still not answered (e.g. buyer:49, senior_officer:63). */
typedef struct ot_escalation {
    const char *role;
    int day;
} ot_escalation;

/* The parsed config file. Strings belong to the config (freed with the workspace); an
 * unset string is "" (never NULL). Keys this struct does not know are kept too and can
 * be read with ot_config_get, so other modules may add settings of their own. */
typedef struct ot_config {
    const char *company_name;
    int reporting_year;   /* calendar year reported on (Form SD: the previous year) */
    const char *policy_url;
    const char *contact_name;
    const char *contact_email;
    int retention_years;  /* default 5 */
    size_t reminder_count;
    int reminder_days[OT_CONFIG_MAX_REMINDERS]; /* days after the request, ascending */
    size_t escalation_count;
    ot_escalation escalations[OT_CONFIG_MAX_ESCALATIONS];
    size_t exclude_category_count;               /* scoping: vendor categories left out */
    const char *exclude_categories[OT_CONFIG_MAX_CATEGORIES];
    int inactive_years;   /* scoping: no purchase in this many years = out of scope */
    const char *smtp_url; /* optional, "" = write to the outbox only */
    const char *smtp_from;
    int lock_wait_seconds; /* how long to wait for another process's database lock */

    /* every key = value pair in file order (including the ones above) */
    size_t entry_count;
    const char **keys;
    const char **values;
    void *storage_; /* internal */
} ot_config;

/* Raw value of any key, NULL when absent. */
const char *ot_config_get(const ot_config *cfg, const char *key);

/* Parses config text (what oretrace.conf holds). `source` names it in error messages.
 * Unset keys get their defaults. Free with ot_config_free. */
ot_code ot_config_parse(const char *text, const char *source, ot_config *cfg, ot_error *err);
void ot_config_free(ot_config *cfg);
/* The documented default config file, with reporting_year = (current year - 1). */
const char *ot_config_default_text(void);

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
