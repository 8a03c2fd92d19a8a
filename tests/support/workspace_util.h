/* workspace_util.h - helpers for tests on a real workspace (store, campaign): a fresh
 * workspace in a temp folder with extra settings, a vendor list imported, answers of
 * SQL queries, and raw SQL run on the database file the way a person with the sqlite3
 * shell would. Every helper fails the test when a step fails. */
#ifndef OT_WORKSPACE_UTIL_H
#define OT_WORKSPACE_UTIL_H

#include <stdint.h>

#include "store/store.h"
#include "store/workspace.h"

/* The day number of a YYYY-MM-DD date. */
int32_t iso_day(const char *iso);

/* Initialises a workspace in a new temp folder (*dir, malloc'd), appends config_lines
 * (NULL: none) to its oretrace.conf and opens it. */
ot_workspace *open_temp_workspace(char **dir, const char *config_lines);
/* Closes ws (may be NULL), removes the folder and frees dir. */
void close_temp_workspace(ot_workspace *ws, char *dir);

/* cmocka setup/teardown for tests on an empty workspace: *state is a temp_workspace. */
typedef struct temp_workspace {
    char *dir;
    ot_workspace *ws;
} temp_workspace;
int setup_temp_workspace(void **state);
int teardown_temp_workspace(void **state);

/* cmocka setup/teardown for tests on a bare database file (no workspace) in a temp
 * folder: *state is a temp_db; the _migrated setup brings it to the current schema. */
typedef struct temp_db {
    char *dir;
    char path[4200];
    ot_db *db;
} temp_db;
int setup_temp_db(void **state);
int setup_temp_db_migrated(void **state);
int teardown_temp_db(void **state);

/* Appends lines to DIR/oretrace.conf. */
void append_config(const char *dir, const char *lines);

/* Writes csv to WORKSPACE/vendors.csv and imports it as the vendor list on day today. */
void import_vendors(ot_workspace *ws, const char *csv, int32_t today);

/* The integer answer of sql: without parameters, or with one text parameter (key). */
int64_t db_int(ot_db *db, const char *sql);
int64_t db_int_for(ot_db *db, const char *sql, const char *key);
/* The text answer (malloc'd; NULL for SQL NULL) of sql with one text parameter (key). */
char *db_text_for(ot_db *db, const char *sql, const char *key);

/* Runs sql on the database file db_path through a separate, raw SQLite connection. */
void raw_sql(const char *db_path, const char *sql);

#endif
