/* The audit log: entries chain and verify, commit or vanish with the caller's
 * transaction, cannot be changed through ordinary SQL, and a raw edit of the database
 * file (triggers dropped, a row changed or removed) is found at the right entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/store.h"
#include "testutil.h"
#include "workspace_util.h"

typedef temp_db fixture;

/* Appends n entries, each in its own committed transaction, like real commands do. */
static void append_entries(ot_db *db, int n)
{
    ot_error err;
    for (int i = 0; i < n; i++) {
        char subject[16], detail[64];
        snprintf(subject, sizeof subject, "%d", i + 1);
        snprintf(detail, sizeof detail, "{\"n\": %d, \"note\": \"it's \\\"quoted\\\"\"}", i);
        assert_int_equal(ot_db_begin(db, &err), OT_OK);
        assert_int_equal(ot_audit_append(db, "os:tester", OT_AUDIT_IMPORT, "supplier", subject,
                                         detail, NULL, &err),
                         OT_OK);
        assert_int_equal(ot_db_commit(db, &err), OT_OK);
    }
}

static int64_t entries(ot_db *db)
{
    return db_int(db, "SELECT COUNT(*) FROM audit_log");
}

static void a_fresh_chain_verifies(void **state)
{
    fixture *f = *state;
    ot_audit_verify_result r;
    ot_error err;
    assert_int_equal(ot_audit_verify(f->db, &r, &err), OT_OK);
    assert_true(r.intact);
    assert_int_equal(r.entries, 0);

    append_entries(f->db, 5);
    assert_int_equal(ot_audit_verify(f->db, &r, &err), OT_OK);
    assert_true(r.intact);
    assert_int_equal(r.entries, 5);
    assert_int_equal(r.first_bad_id, 0);
    char *head = NULL;
    assert_int_equal(ot_db_query_text(f->db, "SELECT hash FROM audit_log WHERE id = 5",
                                      OT_DB_NO_PARAMS, &head, &err),
                     OT_OK);
    assert_string_equal(r.head_hash, head);
    free(head);
    /* Each entry links to the one before it; the first to the all-zero hash. */
    int64_t linked = 0;
    assert_int_equal(ot_db_query_int(f->db,
                                     "SELECT COUNT(*) FROM audit_log a JOIN audit_log b"
                                     " ON b.id = a.id + 1 WHERE b.prev_hash = a.hash",
                                     OT_DB_NO_PARAMS, &linked, &err),
                     OT_OK);
    assert_int_equal(linked, 4);
}

static void hash_covers_every_field_unambiguously(void **state)
{
    (void)state;
    char a[65], b[65], c[65], d[65];
    ot_audit_hash(1, "t", "ab", "c", NULL, NULL, "{}", "0", a);
    ot_audit_hash(1, "t", "a", "bc", NULL, NULL, "{}", "0", b);
    ot_audit_hash(1, "t", "ab", "c", "", NULL, "{}", "0", c);
    ot_audit_hash(2, "t", "ab", "c", NULL, NULL, "{}", "0", d);
    assert_string_not_equal(a, b); /* moving a byte between fields changes the hash */
    assert_string_not_equal(a, c); /* NULL and "" differ */
    assert_string_not_equal(a, d); /* the id is covered */
    char again[65];
    ot_audit_hash(1, "t", "ab", "c", NULL, NULL, "{}", "0", again);
    assert_string_equal(a, again);
}

static void append_needs_the_callers_transaction(void **state)
{
    fixture *f = *state;
    ot_error err;
    assert_int_equal(ot_audit_append(f->db, "os:tester", "send", "request", "1", NULL, NULL, &err),
                     OT_E_USAGE);
    assert_int_equal(entries(f->db), 0);

    /* Appended in a transaction that is rolled back: the change and its entry both vanish. */
    assert_int_equal(ot_db_exec(f->db, "CREATE TABLE thing (x INTEGER)", OT_DB_NO_PARAMS, &err),
                     OT_OK);
    assert_int_equal(ot_db_begin(f->db, &err), OT_OK);
    assert_int_equal(ot_db_exec(f->db, "INSERT INTO thing VALUES (1)", OT_DB_NO_PARAMS, &err),
                     OT_OK);
    int64_t id = 0;
    assert_int_equal(ot_audit_append(f->db, "os:tester", "status", "thing", "1", NULL, &id, &err),
                     OT_OK);
    assert_int_equal(id, 1);
    ot_db_rollback(f->db);
    assert_int_equal(entries(f->db), 0);

    /* The next entry is then still id 1, and the chain verifies. */
    append_entries(f->db, 1);
    ot_audit_verify_result r;
    assert_int_equal(ot_audit_verify(f->db, &r, &err), OT_OK);
    assert_true(r.intact);
    assert_int_equal(r.entries, 1);
}

static void ordinary_sql_cannot_change_or_delete_entries(void **state)
{
    fixture *f = *state;
    append_entries(f->db, 3);
    ot_error err;
    assert_int_equal(
        ot_db_exec(f->db, "UPDATE audit_log SET detail = '{}' WHERE id = 2", OT_DB_NO_PARAMS, &err),
        OT_E_CONFLICT);
    assert_non_null(strstr(err.message, "append-only"));
    assert_int_equal(ot_db_exec(f->db, "DELETE FROM audit_log WHERE id = 3", OT_DB_NO_PARAMS, &err),
                     OT_E_CONFLICT);
    assert_int_equal(entries(f->db), 3);
}

static void expect_broken_at(ot_db *db, int64_t id, const char *reason_part)
{
    ot_audit_verify_result r;
    ot_error err;
    assert_int_equal(ot_audit_verify(db, &r, &err), OT_OK);
    assert_false(r.intact);
    assert_int_equal(r.first_bad_id, id);
    assert_non_null(strstr(r.reason, reason_part));
}

static void an_edited_detail_is_found_at_its_entry(void **state)
{
    fixture *f = *state;
    append_entries(f->db, 6);
    raw_sql(f->path, "DROP TRIGGER audit_log_no_update;"
                     "UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = 4;");
    expect_broken_at(f->db, 4, "changed");
}

static void a_rehashed_edit_breaks_the_link_to_the_next_entry(void **state)
{
    fixture *f = *state;
    append_entries(f->db, 5);
    /* A careful tamperer also recomputes the edited row's own hash; the next row's
     * prev_hash still names the original. */
    ot_error err;
    ot_stmt *st;
    assert_int_equal(ot_db_prepare(f->db,
                                   "SELECT ts, actor, action, subject_type, subject_id, prev_hash"
                                   " FROM audit_log WHERE id = 2",
                                   &st, &err),
                     OT_OK);
    assert_int_equal(ot_stmt_step(st, &err), OT_STEP_ROW);
    char forged[65];
    ot_audit_hash(2, ot_stmt_text(st, 0), ot_stmt_text(st, 1), "override", ot_stmt_text(st, 3),
                  ot_stmt_text(st, 4), "{}", ot_stmt_text(st, 5), forged);
    ot_stmt_finalize(st);
    char sql[512];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER audit_log_no_update;"
             "UPDATE audit_log SET action = 'override', detail = '{}', hash = '%s' WHERE id = 2;",
             forged);
    raw_sql(f->path, sql);
    expect_broken_at(f->db, 3, "prev_hash");
}

static void a_deleted_entry_is_found(void **state)
{
    fixture *f = *state;
    append_entries(f->db, 5);
    raw_sql(f->path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;");
    expect_broken_at(f->db, 4, "removed");
}

static void concurrent_writers_keep_one_chain(void **state)
{
    fixture *f = *state;
    /* Several processes append at once, each through its own connection: the write lock
     * taken at BEGIN serialises them, so the chain never forks. */
    enum { WRITERS = 3, EACH = 30 };
    pid_t pids[WRITERS];
    fflush(NULL);
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            ot_db *db = NULL;
            ot_error err;
            if (ot_db_open(f->path, &db, &err) != OT_OK) _exit(3);
            for (int i = 0; i < EACH; i++) {
                if (ot_db_begin(db, &err) != OT_OK ||
                    ot_audit_append(db, "system", "status", "writer", NULL, NULL, NULL, &err) !=
                        OT_OK ||
                    ot_db_commit(db, &err) != OT_OK) {
                    fprintf(stderr, "writer %d: %s\n", w, err.message);
                    _exit(2);
                }
            }
            ot_db_close(db);
            _exit(0);
        }
    }
    for (int w = 0; w < WRITERS; w++) {
        int status = 0;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    ot_audit_verify_result r;
    ot_error err;
    assert_int_equal(ot_audit_verify(f->db, &r, &err), OT_OK);
    assert_true(r.intact);
    assert_int_equal(r.entries, WRITERS * EACH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_fresh_chain_verifies, setup_temp_db_migrated,
                                        teardown_temp_db),
        cmocka_unit_test(hash_covers_every_field_unambiguously),
        cmocka_unit_test_setup_teardown(append_needs_the_callers_transaction,
                                        setup_temp_db_migrated, teardown_temp_db),
        cmocka_unit_test_setup_teardown(ordinary_sql_cannot_change_or_delete_entries,
                                        setup_temp_db_migrated, teardown_temp_db),
        cmocka_unit_test_setup_teardown(an_edited_detail_is_found_at_its_entry,
                                        setup_temp_db_migrated, teardown_temp_db),
        cmocka_unit_test_setup_teardown(a_rehashed_edit_breaks_the_link_to_the_next_entry,
                                        setup_temp_db_migrated, teardown_temp_db),
        cmocka_unit_test_setup_teardown(a_deleted_entry_is_found, setup_temp_db_migrated,
                                        teardown_temp_db),
        cmocka_unit_test_setup_teardown(concurrent_writers_keep_one_chain, setup_temp_db_migrated,
                                        teardown_temp_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
