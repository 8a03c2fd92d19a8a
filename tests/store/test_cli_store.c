/* The workspace commands end to end through the built binary: init (twice), audit show /
 * verify (intact and after a raw edit of the database file), retention report, and the
 * message a command gives where no workspace exists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "workspace_util.h"

/* A workspace made by `oretrace init` in a new temp folder (malloc'd path). */
static char *workspace_by_cli(void)
{
    char *dir = make_temp_dir();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "init '%s'", dir), 0);
    free(out);
    free(err);
    return dir;
}

/* Runs SQL on the workspace's database file through a raw connection, as a tamperer would. */
static void tamper(const char *dir, const char *sql)
{
    char db[4200];
    snprintf(db, sizeof db, "%s/oretrace.db", dir);
    raw_sql(db, sql);
}

static void init_twice_then_audit_and_retention(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "init '%s' --json", dir), 0);
    json_t *j = parse_json(out);
    assert_true(json_is_true(json_object_get(j, "created_database")));
    assert_true(json_is_true(json_object_get(j, "created_config")));
    json_decref(j);
    free(out);
    free(err);

    assert_int_equal(run_clif(&out, &err, "init '%s'", dir), 0);
    assert_non_null(strstr(out, "Kept the existing"));
    free(out);
    free(err);

    /* --workspace and $ORETRACE_WORKSPACE both name the workspace. */
    assert_int_equal(run_clif(&out, &err, "audit show --json --workspace '%s'", dir), 0);
    /* JSON lines: one per entry, then the head hash */
    j = parse_json_lines(out);
    assert_int_equal(json_array_size(j), 2);
    json_t *e0 = json_array_get(j, 0);
    assert_string_equal(json_string_value(json_object_get(e0, "action")), "init");
    assert_true(json_is_object(json_object_get(e0, "detail")));
    json_t *head = json_array_get(j, 1);
    assert_int_equal(json_object_size(head), 1);
    assert_string_equal(json_string_value(json_object_get(head, "head_hash")),
                        json_string_value(json_object_get(e0, "hash")));
    json_decref(j);
    free(out);
    free(err);

    assert_int_equal(run_clif(&out, &err, "audit verify --json --workspace '%s'", dir), 0);
    j = parse_json(out);
    assert_true(json_is_true(json_object_get(j, "intact")));
    assert_int_equal(json_integer_value(json_object_get(j, "entries_checked")), 1);
    json_decref(j);
    free(out);
    free(err);

    assert_int_equal(run_clif(&out, &err, "retention report --json --workspace '%s'", dir), 0);
    j = parse_json(out);
    assert_int_equal(json_integer_value(json_object_get(j, "retention_years")), 5);
    json_t *classes = json_object_get(j, "classes");
    assert_int_equal(json_array_size(classes), 3);
    json_t *audit = json_array_get(classes, 2);
    assert_string_equal(json_string_value(json_object_get(audit, "class")), "audit_log");
    assert_int_equal(json_integer_value(json_object_get(audit, "count")), 1);
    assert_int_equal(json_integer_value(json_object_get(audit, "past_retention")), 0);
    json_decref(j);
    free(out);
    free(err);

    setenv("ORETRACE_WORKSPACE", dir, 1);
    assert_int_equal(run_cli("retention report", &out, &err), 0);
    unsetenv("ORETRACE_WORKSPACE");
    assert_non_null(strstr(out, "vault_files"));
    assert_non_null(strstr(out, "Nothing is past its retention period"));
    free(out);
    free(err);
    rm_rf(dir);
    free(dir);
}

static void verify_exits_4_naming_the_tampered_entry(void **state)
{
    (void)state;
    char *dir = workspace_by_cli();
    char *out = NULL, *err = NULL;
    /* Change the init entry. */
    tamper(dir, "DROP TRIGGER audit_log_no_update;"
                "UPDATE audit_log SET actor = 'os:someone-else' WHERE id = 1;");

    assert_int_equal(run_clif(&out, &err, "audit verify --workspace '%s'", dir), 4);
    assert_non_null(strstr(out, "TAMPERED at entry 1"));
    free(out);
    free(err);
    assert_int_equal(run_clif(&out, &err, "audit verify --json --workspace '%s'", dir), 4);
    json_t *j = parse_json(out);
    assert_true(json_is_false(json_object_get(j, "intact")));
    assert_int_equal(json_integer_value(json_object_get(j, "first_bad_id")), 1);
    json_decref(j);
    free(out);
    free(err);
    rm_rf(dir);
    free(dir);
}

static void commands_without_a_workspace_say_run_init(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    const char *cmds[] = {"audit show --workspace '%s'", "audit verify --workspace '%s'",
                          "retention report --workspace '%s'"};
    for (size_t i = 0; i < 3; i++) {
        char *out = NULL, *err = NULL;
        assert_int_equal(run_clif(&out, &err, cmds[i], dir), 1); /* a usage error */
        assert_non_null(strstr(err, "oretrace init"));
        free(out);
        free(err);
    }
    rm_rf(dir);
    free(dir);
}

static void vault_verify_reports_a_damaged_file(void **state)
{
    (void)state;
    char *dir = workspace_by_cli();
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "vault verify --json --workspace '%s'", dir), 0);
    json_t *j = parse_json(out);
    assert_true(json_is_true(json_object_get(j, "intact")));
    assert_int_equal(json_integer_value(json_object_get(j, "files_ok")), 0);
    json_decref(j);
    free(out);
    free(err);

    /* Record a file as received whose bytes are not what its name says. */
    const char *sha =
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; /* "hello" */
    char sql[512], path[4300], sub[4200];
    snprintf(sub, sizeof sub, "%s/vault/2c", dir);
    mkdir(sub, 0755);
    snprintf(path, sizeof path, "%s/%s", sub, sha + 2);
    assert_int_equal(spit(path, "hellO", 5), 0);
    snprintf(sql, sizeof sql, "INSERT INTO vault_file VALUES ('%s', 5, '2025-01-01T00:00:00.000Z')",
             sha);
    tamper(dir, sql);

    assert_int_equal(run_clif(&out, &err, "vault verify --workspace '%s'", dir), 4);
    assert_non_null(strstr(out, "DAMAGED"));
    assert_non_null(strstr(out, sha));
    free(out);
    free(err);
    rm_rf(dir);
    free(dir);
}

static void help_and_usage_errors(void **state)
{
    (void)state;
    const char *cmds[] = {"init --help", "audit --help", "audit show --help", "retention --help"};
    for (size_t i = 0; i < 4; i++) {
        char *out = NULL;
        assert_int_equal(run_cli(cmds[i], &out, NULL), 0);
        assert_non_null(strstr(out, "usage: oretrace"));
        free(out);
    }
    char *out = NULL, *err = NULL;
    assert_int_equal(run_cli("audit frobnicate", &out, &err), 1);
    assert_non_null(strstr(err, "frobnicate"));
    free(out);
    free(err);
    assert_int_equal(run_cli("audit show --limit many", &out, &err), 1);
    assert_non_null(strstr(err, "--limit"));
    free(out);
    free(err);
    assert_int_equal(run_cli("retention", &out, &err), 1);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_twice_then_audit_and_retention),
        cmocka_unit_test(verify_exits_4_naming_the_tampered_entry),
        cmocka_unit_test(commands_without_a_workspace_say_run_init),
        cmocka_unit_test(vault_verify_reports_a_damaged_file),
        cmocka_unit_test(help_and_usage_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
