/* workspace_util.c - see workspace_util.h. */
#include "workspace_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "campaign/suppliers.h"
#include "testutil.h"

int32_t iso_day(const char *iso)
{
    int32_t d;
    assert_true(ot_date_parse(iso, &d));
    return d;
}

void append_config(const char *dir, const char *lines)
{
    char conf[4200];
    snprintf(conf, sizeof conf, "%s/oretrace.conf", dir);
    size_t len;
    char *old = slurp(conf, &len);
    assert_non_null(old);
    size_t n = len + strlen(lines) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", old, lines);
    assert_int_equal(spit(conf, text, strlen(text)), 0);
    free(old);
    free(text);
}

ot_workspace *open_temp_workspace(char **dir, const char *config_lines)
{
    *dir = make_temp_dir();
    assert_non_null(*dir);
    ot_error err;
    assert_int_equal(ot_workspace_init(*dir, NULL, &err), OT_OK);
    if (config_lines) append_config(*dir, config_lines);
    ot_workspace *ws = NULL;
    assert_int_equal(ot_workspace_open(*dir, &ws, &err), OT_OK);
    return ws;
}

void close_temp_workspace(ot_workspace *ws, char *dir)
{
    ot_workspace_close(ws);
    rm_rf(dir);
    free(dir);
}

int setup_temp_workspace(void **state)
{
    temp_workspace *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->ws = open_temp_workspace(&t->dir, NULL);
    *state = t;
    return 0;
}

int teardown_temp_workspace(void **state)
{
    temp_workspace *t = *state;
    close_temp_workspace(t->ws, t->dir);
    free(t);
    return 0;
}

int setup_temp_db(void **state)
{
    temp_db *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->dir = make_temp_dir();
    assert_non_null(t->dir);
    snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
    ot_error err;
    assert_int_equal(ot_db_create(t->path, &t->db, &err), OT_OK);
    *state = t;
    return 0;
}

int setup_temp_db_migrated(void **state)
{
    setup_temp_db(state);
    temp_db *t = *state;
    ot_error err;
    assert_int_equal(ot_db_migrate(t->db, NULL, &err), OT_OK);
    return 0;
}

int teardown_temp_db(void **state)
{
    temp_db *t = *state;
    ot_db_close(t->db);
    rm_rf(t->dir);
    free(t->dir);
    free(t);
    return 0;
}

void import_vendors(ot_workspace *ws, const char *csv, int32_t today)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/vendors.csv", ws->dir);
    assert_int_equal(spit(path, csv, strlen(csv)), 0);
    ot_supplier_import_report rep;
    ot_error err;
    assert_int_equal(ot_suppliers_import(ws, path, NULL, "test", today, &rep, &err), OT_OK);
    ot_supplier_import_report_free(&rep);
}

int64_t db_int(ot_db *db, const char *sql)
{
    int64_t n = -1;
    ot_error err;
    assert_int_equal(ot_db_query_int(db, sql, OT_DB_NO_PARAMS, &n, &err), OT_OK);
    return n;
}

int64_t db_int_for(ot_db *db, const char *sql, const char *key)
{
    int64_t n = -1;
    ot_error err;
    assert_int_equal(ot_db_query_int(db, sql, OT_DB_PARAMS(ot_db_text(key)), &n, &err), OT_OK);
    return n;
}

char *db_text_for(ot_db *db, const char *sql, const char *key)
{
    char *out = NULL;
    ot_error err;
    assert_int_equal(ot_db_query_text(db, sql, OT_DB_PARAMS(ot_db_text(key)), &out, &err), OT_OK);
    return out;
}

void raw_sql(const char *db_path, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db_path, &h), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "raw sql failed: %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(h);
    assert_int_equal(rc, SQLITE_OK);
}
