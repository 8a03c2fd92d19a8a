/* Upgrading a workspace: a database written by the previous release (per-module migration
 * numbers 010, 011, 020, 021, 030; tests/fixtures/upgrade/README.md) is opened by this
 * oretrace, its migrations are recognised under the global numbers instead of applied
 * again, and it ends with exactly the schema of a brand-new workspace, its rows kept. So
 * does a database older than some modules, which applied the migrations in another order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"
#include "testutil.h"
#include "util/strbuf.h"
#include "workspace_util.h"

/* Whitespace runs become one space, so the text compares what SQLite keeps, not layout. */
static void put_normalised(ot_strbuf *sb, const char *sql)
{
    bool space = false;
    for (const char *p = sql ? sql : "(null)"; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = true;
            continue;
        }
        if (space) ot_sb_putc(sb, ' ');
        space = false;
        ot_sb_putc(sb, *p);
    }
}

/* One line per row of `sql` (columns joined by " | "); malloc'd. */
static char *rows_text(ot_db *db, const char *sql)
{
    ot_strbuf sb = {0};
    ot_stmt *st = NULL;
    ot_error err;
    assert_int_equal(ot_db_prepare(db, sql, &st, &err), OT_OK);
    ot_step s;
    while ((s = ot_stmt_step(st, &err)) == OT_STEP_ROW) {
        for (int c = 0; c < ot_stmt_column_count(st); c++) {
            if (c) ot_sb_puts(&sb, " | ");
            put_normalised(&sb, ot_stmt_text(st, c));
        }
        ot_sb_putc(&sb, '\n');
    }
    assert_int_equal(s, OT_STEP_DONE);
    ot_stmt_finalize(st);
    char *out = strdup(ot_sb_str(&sb));
    ot_sb_free(&sb);
    return out;
}

static const char *const SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_master"
                                      " WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name";
static const char *const VERSIONS_SQL = "SELECT version, name FROM schema_version ORDER BY version";

static char *db_rows(const char *path, const char *sql)
{
    ot_db *db = NULL;
    ot_error err;
    assert_int_equal(ot_db_open(path, &db, &err), OT_OK);
    char *text = rows_text(db, sql);
    ot_db_close(db);
    return text;
}

static const char *in(const char *dir, const char *name)
{
    static char buf[4][4200];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

/* A workspace folder holding a copy of the previous release's database. */
static void copy_fixture_into(const char *dir)
{
    size_t len = 0;
    char *bytes = slurp(src_path("tests/fixtures/upgrade/previous-release.db"), &len);
    assert_non_null(bytes);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(spit(in(dir, "oretrace.db"), bytes, len), 0);
    free(bytes);
}

static void the_previous_release_database_ends_with_the_new_schema(void **state)
{
    (void)state;
    char *tmp = make_temp_dir();
    char old_ws[4200], new_ws[4200];
    snprintf(old_ws, sizeof old_ws, "%s/old", tmp);
    snprintf(new_ws, sizeof new_ws, "%s/new", tmp);
    copy_fixture_into(old_ws);
    /* as the previous release left it: its own numbers */
    char *before = db_rows(in(old_ws, "oretrace.db"), VERSIONS_SQL);
    assert_non_null(strstr(before, "30 | ingest"));
    free(before);

    assert_int_equal(run_clif(NULL, NULL, "init '%s'", old_ws), 0);
    assert_int_equal(run_clif(NULL, NULL, "init '%s'", new_ws), 0);

    char *old_schema = db_rows(in(old_ws, "oretrace.db"), SCHEMA_SQL);
    char *new_schema = db_rows(in(new_ws, "oretrace.db"), SCHEMA_SQL);
    assert_true(strlen(new_schema) > 1000);
    assert_string_equal(old_schema, new_schema);
    char *old_versions = db_rows(in(old_ws, "oretrace.db"), VERSIONS_SQL);
    char *new_versions = db_rows(in(new_ws, "oretrace.db"), VERSIONS_SQL);
    assert_string_equal(old_versions, new_versions);
    assert_non_null(strstr(new_versions, "4 | suppliers\n"));
    free(old_schema);
    free(new_schema);
    free(old_versions);
    free(new_versions);

    /* the rows it held are still there and read by the commands */
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL, "suppliers list --workspace '%s'", old_ws), 0);
    assert_non_null(strstr(out, "Cascadia Medical Electronics"));
    free(out);
    assert_int_equal(run_clif(&out, NULL, "audit verify --workspace '%s'", old_ws), 0);
    assert_non_null(strstr(out, "intact"));
    free(out);
    ot_db *db = NULL;
    ot_error err;
    assert_int_equal(ot_db_open(in(old_ws, "oretrace.db"), &db, &err), OT_OK);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM supplier"), 3);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM submission"), 1);
    assert_true(db_int(db, "SELECT COUNT(*) FROM smelter_row") > 0);
    assert_true(db_int(db, "SELECT COUNT(*) FROM request_status_log") > 0);
    /* opening it again changes nothing */
    int applied = -1;
    assert_int_equal(ot_db_migrate(db, &applied, &err), OT_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(db_int(db, "SELECT COUNT(*) FROM schema_version"),
                     (int64_t)ot_store_migration_count);
    ot_db_close(db);
    rm_rf(tmp);
    free(tmp);
}

/* The built-in migration of a given name, under the number the previous releases gave it. */
static ot_migration under_old_number(const char *name, int old_version)
{
    for (size_t i = 0; i < ot_store_migration_count; i++)
        if (strcmp(ot_store_migrations[i].name, name) == 0) {
            ot_migration m = ot_store_migrations[i];
            m.version = old_version;
            return m;
        }
    fail_msg("no migration named %s", name);
    return ot_store_migrations[0];
}

/* A workspace made when only the store and ingest migrations existed (001-003, 030)
 * got the campaign and refdata ones later, after ingest: the order differed from a new
 * database's. Renumbered, it completes to the same schema. */
static void a_database_older_than_some_modules_completes_to_the_same_schema(void **state)
{
    temp_db *f = *state;
    const ot_migration early[] = {
        under_old_number("workspace", 1),
        under_old_number("vault", 2),
        under_old_number("audit", 3),
        under_old_number("ingest", 30),
    };
    ot_error err;
    int applied = 0;
    assert_int_equal(ot_db_migrate_with(f->db, early, 4, &applied, &err), OT_OK);
    assert_int_equal(applied, 4);
    assert_int_equal(ot_db_migrate(f->db, &applied, &err), OT_OK);
    assert_int_equal(applied, (int)ot_store_migration_count - 4);

    char *fresh = make_temp_dir();
    ot_db *db = NULL;
    assert_int_equal(ot_db_create(in(fresh, "new.db"), &db, &err), OT_OK);
    assert_int_equal(ot_db_migrate(db, NULL, &err), OT_OK);
    char *want = rows_text(db, SCHEMA_SQL), *got = rows_text(f->db, SCHEMA_SQL);
    assert_string_equal(got, want);
    free(want);
    free(got);
    want = rows_text(db, VERSIONS_SQL);
    got = rows_text(f->db, VERSIONS_SQL);
    assert_string_equal(got, want);
    free(want);
    free(got);
    ot_db_close(db);
    rm_rf(fresh);
    free(fresh);
}

/* An old number under another name is not an old migration: a future migration may be
 * numbered 30 without being taken for the old ingest one (10-14 are taken by now). */
static void only_the_old_name_with_the_old_number_is_renumbered(void **state)
{
    temp_db *f = *state;
    ot_error err;
    assert_int_equal(ot_db_migrate(f->db, NULL, &err), OT_OK);
    assert_int_equal(ot_db_exec(f->db,
                                "INSERT INTO schema_version VALUES (30, 'future', 'x', 'now')",
                                OT_DB_NO_PARAMS, &err),
                     OT_OK);
    /* a schema newer than this binary, as before: refused, not renumbered */
    assert_int_equal(ot_db_migrate(f->db, NULL, &err), OT_E_CONFLICT);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM schema_version WHERE version = 30"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_previous_release_database_ends_with_the_new_schema),
        cmocka_unit_test_setup_teardown(
            a_database_older_than_some_modules_completes_to_the_same_schema, setup_temp_db,
            teardown_temp_db),
        cmocka_unit_test_setup_teardown(only_the_old_name_with_the_old_number_is_renumbered,
                                        setup_temp_db, teardown_temp_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
