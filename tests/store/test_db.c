/* The storage interface on a real SQLite file: migrations apply once and in one piece,
 * parameters are bound (never spliced into SQL), transactions and constraints behave as
 * callers rely on, and the connection has the settings crash safety depends on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "testutil.h"
#include "workspace_util.h"

typedef temp_db fixture;

static void migrations_apply_once_and_survive_reopening(void **state)
{
    fixture *f = *state;
    ot_error err;
    int applied = -1, version = -1;
    assert_int_equal(ot_db_migrate(f->db, &applied, &err), OT_OK);
    assert_int_equal(applied, (int)ot_store_migration_count);
    assert_true(applied >= 4);
    assert_int_equal(ot_db_schema_version(f->db, &version, &err), OT_OK);
    assert_int_equal(version, ot_store_migrations[ot_store_migration_count - 1].version);

    assert_int_equal(ot_db_migrate(f->db, &applied, &err), OT_OK);
    assert_int_equal(applied, 0);
    ot_db_close(f->db);
    assert_int_equal(ot_db_open(f->path, &f->db, &err), OT_OK);
    assert_int_equal(ot_db_migrate(f->db, &applied, &err), OT_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM schema_version"),
                     (int64_t)ot_store_migration_count);
    /* The tables the other modules rely on exist. */
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM audit_log"), 0);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM vault_file"), 0);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM smelter_row"), 0);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM finding"), 0);
}

static void a_failing_migration_leaves_nothing_behind(void **state)
{
    fixture *f = *state;
    const ot_migration set[] = {
        {1, "good", "CREATE TABLE good (x INTEGER);"},
        {2, "bad", "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);"},
    };
    ot_error err;
    int applied = 0;
    assert_int_equal(ot_db_migrate_with(f->db, set, 2, &applied, &err), OT_E_DB);
    assert_non_null(strstr(err.message, "002_bad"));
    assert_non_null(strstr(err.message, "nowhere"));
    assert_int_equal(applied, 1);
    assert_int_equal(db_int(f->db, "SELECT MAX(version) FROM schema_version"), 1);
    /* The first statement of the failed migration was rolled back with it. */
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"), 0);
    assert_false(ot_db_in_transaction(f->db));
}

static void a_later_lower_numbered_migration_is_still_applied(void **state)
{
    fixture *f = *state;
    const ot_migration first[] = {
        {1, "a", "CREATE TABLE a (x INTEGER);"},
        {30, "c", "CREATE TABLE c (x INTEGER);"},
    };
    const ot_migration later[] = {
        {1, "a", "CREATE TABLE a (x INTEGER);"},
        {10, "b", "CREATE TABLE b (x INTEGER);"},
        {30, "c", "CREATE TABLE c (x INTEGER);"},
    };
    ot_error err;
    int applied = 0;
    assert_int_equal(ot_db_migrate_with(f->db, first, 2, &applied, &err), OT_OK);
    assert_int_equal(applied, 2);
    assert_int_equal(ot_db_migrate_with(f->db, later, 3, &applied, &err), OT_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM b"), 0);
}

static void a_schema_newer_than_the_binary_is_refused(void **state)
{
    fixture *f = *state;
    ot_error err;
    assert_int_equal(ot_db_migrate(f->db, NULL, &err), OT_OK);
    assert_int_equal(ot_db_exec(f->db,
                                "INSERT INTO schema_version VALUES (999, 'future', 'x', 'now')",
                                OT_DB_NO_PARAMS, &err),
                     OT_OK);
    assert_int_equal(ot_db_migrate(f->db, NULL, &err), OT_E_CONFLICT);
    assert_non_null(strstr(err.message, "newer oretrace"));
}

static void hostile_text_round_trips_as_data(void **state)
{
    fixture *f = *state;
    ot_error err;
    assert_int_equal(ot_db_exec(f->db,
                                "CREATE TABLE supplier (id INTEGER PRIMARY KEY, name TEXT,"
                                " score DOUBLE PRECISION, big BIGINT, raw BLOB)",
                                OT_DB_NO_PARAMS, &err),
                     OT_OK);
    const char *names[] = {
        "O'Brien \"Metals\" Ltd.",
        "x'); DROP TABLE supplier; --",
        "Robert'); DELETE FROM supplier WHERE ('1'='1",
        "Zhuzhou 株洲 Cemented Carbide — Ñandú ?",
        "",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_int_equal(ot_db_exec(f->db, "INSERT INTO supplier (name) VALUES (?)",
                                    OT_DB_PARAMS(ot_db_text(names[i])), &err),
                         OT_OK);
        int64_t id = ot_db_last_insert_id(f->db);
        char *back = NULL;
        assert_int_equal(ot_db_query_text(f->db, "SELECT name FROM supplier WHERE id = ?",
                                          OT_DB_PARAMS(ot_db_int(id)), &back, &err),
                         OT_OK);
        assert_string_equal(back, names[i]);
        free(back);
        int64_t found = 0;
        assert_int_equal(ot_db_query_int(f->db, "SELECT id FROM supplier WHERE name = ?",
                                         OT_DB_PARAMS(ot_db_text(names[i])), &found, &err),
                         OT_OK);
        assert_int_equal(found, id);
    }
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM supplier"), 5);

    /* Typed values: NULL text, extremes of int64, doubles, blobs with NUL bytes. */
    const unsigned char blob[] = {0, 1, 0, 255, 'x'};
    assert_int_equal(ot_db_exec(f->db,
                                "INSERT INTO supplier (name, score, big, raw) VALUES (?, ?, ?, ?)",
                                OT_DB_PARAMS(ot_db_text(NULL), ot_db_double(0.125),
                                             ot_db_int(INT64_MIN), ot_db_blob(blob, sizeof blob)),
                                &err),
                     OT_OK);
    int64_t id = ot_db_last_insert_id(f->db);
    ot_stmt *st;
    assert_int_equal(
        ot_db_prepare(f->db, "SELECT name, score, big, raw FROM supplier WHERE id = ?", &st, &err),
        OT_OK);
    assert_int_equal(ot_stmt_bind_int(st, 1, id, &err), OT_OK);
    assert_int_equal(ot_stmt_step(st, &err), OT_STEP_ROW);
    assert_true(ot_stmt_is_null(st, 0));
    assert_null(ot_stmt_text(st, 0));
    assert_int_equal(ot_stmt_type(st, 1), OT_DB_DOUBLE);
    assert_true(ot_stmt_double(st, 1) == 0.125);
    assert_true(ot_stmt_int(st, 2) == INT64_MIN);
    size_t len = 0;
    const void *b = ot_stmt_blob(st, 3, &len);
    assert_int_equal(len, sizeof blob);
    assert_memory_equal(b, blob, sizeof blob);
    assert_string_equal(ot_stmt_column_name(st, 3), "raw");
    assert_int_equal(ot_stmt_step(st, &err), OT_STEP_DONE);
    ot_stmt_finalize(st);
}

static void misuse_is_reported_not_executed(void **state)
{
    fixture *f = *state;
    ot_error err;
    assert_int_equal(ot_db_exec(f->db, "CREATE TABLE t (x TEXT)", OT_DB_NO_PARAMS, &err), OT_OK);
    /* A second statement smuggled behind a parameterised one is refused, not run. */
    assert_int_equal(ot_db_exec(f->db, "INSERT INTO t VALUES (?); DROP TABLE t",
                                OT_DB_PARAMS(ot_db_text("a")), &err),
                     OT_E_USAGE);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM t"), 0);
    /* A placeholder without a value is refused rather than silently bound to NULL. */
    assert_int_equal(ot_db_exec(f->db, "INSERT INTO t VALUES (?)", OT_DB_NO_PARAMS, &err),
                     OT_E_USAGE);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM t"), 0);
    /* Wrong parameter count. */
    assert_int_equal(ot_db_exec(f->db, "INSERT INTO t VALUES (?)",
                                OT_DB_PARAMS(ot_db_text("a"), ot_db_text("b")), &err),
                     OT_E_USAGE);
    /* SQL errors carry SQLite's message. */
    assert_int_equal(ot_db_exec(f->db, "SELECT nope FROM t", OT_DB_NO_PARAMS, &err), OT_E_DB);
    assert_non_null(strstr(err.message, "no such column"));
    int64_t v;
    assert_int_equal(ot_db_query_int(f->db, "SELECT 1 FROM t", OT_DB_NO_PARAMS, &v, &err),
                     OT_E_NOT_FOUND);
}

static void transactions_commit_roll_back_and_do_not_nest(void **state)
{
    fixture *f = *state;
    ot_error err;
    assert_int_equal(ot_db_exec(f->db, "CREATE TABLE t (x INTEGER UNIQUE)", OT_DB_NO_PARAMS, &err),
                     OT_OK);
    assert_int_equal(ot_db_begin(f->db, &err), OT_OK);
    assert_true(ot_db_in_transaction(f->db));
    assert_int_equal(ot_db_begin(f->db, &err), OT_E_USAGE);
    assert_int_equal(
        ot_db_exec(f->db, "INSERT INTO t VALUES (?)", OT_DB_PARAMS(ot_db_int(1)), &err), OT_OK);
    ot_db_rollback(f->db);
    assert_false(ot_db_in_transaction(f->db));
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM t"), 0);

    assert_int_equal(ot_db_begin_durable(f->db, &err), OT_OK);
    assert_int_equal(
        ot_db_exec(f->db, "INSERT INTO t VALUES (?)", OT_DB_PARAMS(ot_db_int(1)), &err), OT_OK);
    assert_int_equal(ot_db_changes(f->db), 1);
    char *sync = NULL;
    assert_int_equal(ot_db_query_text(f->db, "PRAGMA synchronous", OT_DB_NO_PARAMS, &sync, &err),
                     OT_OK);
    assert_string_equal(sync, "2"); /* FULL while the durable transaction is open */
    free(sync);
    assert_int_equal(ot_db_commit(f->db, &err), OT_OK);
    assert_int_equal(ot_db_query_text(f->db, "PRAGMA synchronous", OT_DB_NO_PARAMS, &sync, &err),
                     OT_OK);
    assert_string_equal(sync, "1"); /* back to NORMAL */
    free(sync);
    assert_int_equal(db_int(f->db, "SELECT COUNT(*) FROM t"), 1);
    assert_int_equal(ot_db_commit(f->db, &err), OT_E_USAGE);

    /* A unique violation is a conflict, distinguishable from other database errors. */
    assert_int_equal(
        ot_db_exec(f->db, "INSERT INTO t VALUES (?)", OT_DB_PARAMS(ot_db_int(1)), &err),
        OT_E_CONFLICT);
    assert_non_null(strstr(err.message, "UNIQUE"));
}

static void connection_has_wal_and_foreign_keys(void **state)
{
    fixture *f = *state;
    ot_error err;
    char *mode = NULL;
    assert_int_equal(ot_db_query_text(f->db, "PRAGMA journal_mode", OT_DB_NO_PARAMS, &mode, &err),
                     OT_OK);
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(ot_db_migrate(f->db, NULL, &err), OT_OK);
    /* A vault_name row pointing at no vault_file is refused: foreign keys are enforced. */
    assert_int_equal(ot_db_exec(f->db,
                                "INSERT INTO vault_name (sha256, original_name, first_seen)"
                                " VALUES (?, 'a.xlsx', 'now')",
                                OT_DB_PARAMS(ot_db_text("0000000000000000000000000000000000000000"
                                                        "000000000000000000000000")),
                                &err),
                     OT_E_CONFLICT);
    assert_non_null(strstr(err.message, "FOREIGN KEY"));
}

static void an_unopenable_path_is_an_error_value(void **state)
{
    (void)state;
    ot_db *db = NULL;
    ot_error err;
    /* ot_db_open never creates: a missing file is "not found", not a new database */
    assert_int_equal(ot_db_open("/nonexistent-dir/x/y.db", &db, &err), OT_E_NOT_FOUND);
    assert_null(db);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x/y.db"));
    assert_int_equal(ot_db_create("/nonexistent-dir/x/y.db", &db, &err), OT_E_STORAGE);
    assert_null(db);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x/y.db"));
}

static void timestamps_are_iso_utc_and_sort_as_text(void **state)
{
    (void)state;
    char a[OT_TS_LEN], b[OT_TS_LEN];
    ot_db_timestamp(a);
    ot_db_timestamp(b);
    assert_int_equal(strlen(a), 24);
    assert_int_equal(a[4], '-');
    assert_int_equal(a[10], 'T');
    assert_int_equal(a[23], 'Z');
    assert_true(strcmp(a, b) <= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrations_apply_once_and_survive_reopening, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(a_failing_migration_leaves_nothing_behind, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(a_later_lower_numbered_migration_is_still_applied,
                                        setup_temp_db, teardown_temp_db),
        cmocka_unit_test_setup_teardown(a_schema_newer_than_the_binary_is_refused, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(hostile_text_round_trips_as_data, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(misuse_is_reported_not_executed, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(transactions_commit_roll_back_and_do_not_nest,
                                        setup_temp_db, teardown_temp_db),
        cmocka_unit_test_setup_teardown(connection_has_wal_and_foreign_keys, setup_temp_db,
                                        teardown_temp_db),
        cmocka_unit_test(an_unopenable_path_is_an_error_value),
        cmocka_unit_test(timestamps_are_iso_utc_and_sort_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
