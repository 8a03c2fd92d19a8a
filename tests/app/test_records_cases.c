/* The records use cases (init, audit show/verify, vault verify, refdata show/sources) are
 * the same for every front end: called directly on a workspace, each gives exactly the
 * JSON the CLI prints for it with --json (JSON lines: one line per element of a list). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/init.h"
#include "app/refdata.h"
#include "app/vault.h"
#include "testutil.h"

/* The CLI's --json output for `args` on the workspace, as an array of its lines. */
static json_t *cli_lines(const char *ws, const char *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --json --workspace '%s'", args, ws);
    if (rc != 0) fail_msg("`%s` exit %d: %s", args, rc, err);
    json_t *lines = parse_json_lines(out);
    free(out);
    free(err);
    return lines;
}

/* The use case's to_json as the lines the CLI prints: an array stays one, an object is
 * one line. Takes the reference. */
static json_t *as_lines(json_t *v)
{
    assert_non_null(v);
    if (json_is_array(v)) return v;
    json_t *lines = json_array();
    json_array_append_new(lines, v);
    return lines;
}

static void assert_same_json(json_t *cli, json_t *use_case)
{
    if (!json_equal(cli, use_case)) {
        char *a = json_dumps(cli, JSON_COMPACT), *b = json_dumps(use_case, JSON_COMPACT);
        fail_msg("the CLI printed\n%s\nthe use case gives\n%s", a, b);
    }
    json_decref(cli);
    json_decref(use_case);
}

/* A workspace made by the init use case, with one reference list imported by the CLI. */
static char *workspace(void)
{
    char *dir = make_temp_dir();
    ot_init_request req = {dir};
    ot_init_result res;
    ot_error err = {0};
    assert_int_equal(ot_app_init(&req, &res, &err), OT_OK);
    assert_true(res.info.created_db);
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL, "refdata import --as-of 2025-04-25 --workspace '%s' '%s'",
                              dir, vendored_path("refdata/cmrt-6.5-smelter-lookup.csv")),
                     0);
    free(out);
    return dir;
}

static ot_app *open_app(const char *dir)
{
    ot_app *app = NULL;
    ot_error err = {0};
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    return app;
}

static void init_prints_what_the_use_case_returns(void **state)
{
    (void)state;
    char *dir = workspace();
    json_t *cli = cli_lines(dir, "init");
    ot_init_request req = {dir};
    ot_init_result res;
    ot_error err = {0};
    assert_int_equal(ot_app_init(&req, &res, &err), OT_OK); /* again: nothing created */
    assert_false(res.info.created_db);
    /* the CLI was given the folder by --workspace, the use case by the request */
    assert_same_json(cli, as_lines(ot_init_result_to_json(&res)));
    rm_rf(dir);
    free(dir);
}

static void audit_show_and_verify_print_what_the_use_cases_return(void **state)
{
    (void)state;
    char *dir = workspace();
    ot_app *app = open_app(dir);
    ot_error err = {0};
    ot_audit_show_request req = {.limit = 50};
    ot_audit_show_result shown;
    assert_int_equal(ot_app_audit_show(app, &req, &shown, &err), OT_OK);
    assert_int_equal(shown.count, 2); /* init, refdata.import */
    json_t *lines = ot_audit_show_result_to_json(&shown);
    /* JSON lines: the entries, then the head hash alone */
    assert_int_equal(json_array_size(lines), 3);
    json_t *head = json_array_get(lines, 2);
    assert_string_equal(json_string_value(json_object_get(head, "head_hash")),
                        shown.entries[1].hash);
    assert_same_json(cli_lines(dir, "audit show"), lines);
    ot_audit_show_result_free(&shown);

    ot_audit_verification v;
    assert_int_equal(ot_app_audit_verify(app, &v, &err), OT_OK);
    assert_true(v.intact);
    assert_same_json(cli_lines(dir, "audit verify"), as_lines(ot_audit_verification_to_json(&v)));
    ot_audit_verification_free(&v);
    ot_app_close(app);
    rm_rf(dir);
    free(dir);
}

static void vault_verify_prints_what_the_use_case_returns(void **state)
{
    (void)state;
    char *dir = workspace();
    ot_app *app = open_app(dir);
    ot_error err = {0};
    ot_vault_verification v;
    assert_int_equal(ot_app_vault_verify(app, NULL, &v, &err), OT_OK);
    assert_true(v.intact);
    assert_same_json(cli_lines(dir, "vault verify"), as_lines(ot_vault_verification_to_json(&v)));
    ot_vault_verification_free(&v);
    ot_app_close(app);
    rm_rf(dir);
    free(dir);
}

static void refdata_sources_and_show_print_what_the_use_cases_return(void **state)
{
    (void)state;
    char *dir = workspace();
    ot_app *app = open_app(dir);
    ot_error err = {0};
    ot_refdata_sources_result src;
    assert_int_equal(ot_app_refdata_sources(app, &src, &err), OT_OK);
    assert_false(src.from_snapshot);
    assert_true(src.count >= 1);
    /* the list imported is the last source in force, with its IMPORT_ID */
    const ot_refdata_source_line *last = &src.lines[src.count - 1];
    assert_true(last->in_force);
    assert_non_null(last->import);
    assert_int_equal(last->import->id, 1);
    assert_same_json(cli_lines(dir, "refdata sources"), ot_refdata_sources_result_to_json(&src));
    ot_refdata_sources_result_free(&src);

    ot_refdata_show_request req = {"CID000401", NULL, NULL};
    ot_refdata_show_result shown;
    assert_int_equal(ot_app_refdata_show(app, &req, &shown, &err), OT_OK);
    assert_string_equal(shown.smelter->id, "CID000401");
    assert_same_json(cli_lines(dir, "refdata show CID000401"),
                     as_lines(ot_refdata_show_result_to_json(&shown)));
    ot_refdata_show_result_free(&shown);
    ot_app_close(app);
    rm_rf(dir);
    free(dir);
}

/* Without a workspace the reading use cases read the shipped snapshot, as the CLI does. */
static void refdata_sources_without_a_workspace_read_the_snapshot(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    ot_error err = {0};
    ot_refdata_sources_result src;
    assert_int_equal(ot_app_refdata_sources(NULL, &src, &err), OT_OK);
    assert_true(src.from_snapshot);
    assert_true(src.count > 10);
    assert_same_json(cli_lines(dir, "refdata sources"), ot_refdata_sources_result_to_json(&src));
    ot_refdata_sources_result_free(&src);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_prints_what_the_use_case_returns),
        cmocka_unit_test(audit_show_and_verify_print_what_the_use_cases_return),
        cmocka_unit_test(vault_verify_prints_what_the_use_case_returns),
        cmocka_unit_test(refdata_sources_and_show_print_what_the_use_cases_return),
        cmocka_unit_test(refdata_sources_without_a_workspace_read_the_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
