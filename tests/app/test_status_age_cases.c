/* The age of an RMAP status list (`refdata status-import`, app/refdata.h): a list whose
 * newest status is older than status_list_max_age_days (default 180) is imported, with a
 * warning on stderr (also with --json) and an audit entry refdata.status_old; a list
 * within the limit gives neither; the limit comes from oretrace.conf. The list is an
 * excerpt of statuses printed in two public filings as of May 2020 (tests/fixtures/README.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"
#include "workspace_util.h"

#define LIST "tests/fixtures/rmap-status-2020-05-excerpt.csv"

static int setup(void **state)
{
    char *dir = make_temp_dir();
    assert_int_equal(run_clif(NULL, NULL, "init '%s'", dir), 0);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    rm_rf(*state);
    free(*state);
    return 0;
}

/* Imports the excerpt on `today`: the status, the JSON line, stderr. */
static int import(const char *dir, const char *today, json_t **line, char **err)
{
    char *out = NULL;
    int rc = run_clif(&out, err, "refdata status-import '%s' --today %s --json --workspace '%s'",
                      src_path(LIST), today, dir);
    json_t *lines = parse_json_lines(out);
    assert_int_equal(json_array_size(lines), 1);
    *line = json_incref(json_array_get(lines, 0));
    json_decref(lines);
    free(out);
    return rc;
}

static size_t old_list_entries(const char *dir)
{
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL,
                              "audit show --action refdata.status_old --limit 0 --json "
                              "--workspace '%s'",
                              dir),
                     0);
    json_t *lines = parse_json_lines(out);
    size_t n = json_array_size(lines) - 1; /* the head_hash line */
    json_decref(lines);
    free(out);
    return n;
}

static void an_old_list_is_imported_with_a_recorded_warning(void **state)
{
    const char *dir = *state;
    json_t *r;
    char *err = NULL;
    assert_int_equal(import(dir, "2021-01-01", &r, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "imported")), 6);
    assert_string_equal(json_string_value(json_object_get(r, "as_of")), "2020-05-29");
    assert_int_equal(json_integer_value(json_object_get(r, "age_days")), 217);
    assert_int_equal(json_integer_value(json_object_get(r, "max_age_days")), 180);
    assert_true(json_is_true(json_object_get(r, "stale")));
    assert_non_null(strstr(err, "warning: the status list is as of 2020-05-29, 217 days ago"));
    json_decref(r);
    free(err);
    assert_int_equal(old_list_entries(dir), 1);
}

static void a_current_list_gives_no_warning(void **state)
{
    const char *dir = *state;
    json_t *r;
    char *err = NULL;
    assert_int_equal(import(dir, "2020-06-01", &r, &err), 0);
    assert_false(json_is_true(json_object_get(r, "stale")));
    assert_int_equal(json_integer_value(json_object_get(r, "age_days")), 3);
    assert_null(strstr(err, "warning"));
    json_decref(r);
    free(err);
    assert_int_equal(old_list_entries(dir), 1); /* still only the first import's */
}

static void the_limit_comes_from_the_configuration(void **state)
{
    const char *dir = *state;
    append_config(dir, "status_list_max_age_days = 365\n");
    json_t *r;
    char *err = NULL;
    assert_int_equal(import(dir, "2021-01-01", &r, &err), 0);
    assert_false(json_is_true(json_object_get(r, "stale")));
    assert_int_equal(json_integer_value(json_object_get(r, "max_age_days")), 365);
    json_decref(r);
    free(err);
    assert_int_equal(old_list_entries(dir), 1);
    /* and one day past it, the warning again */
    assert_int_equal(import(dir, "2021-05-30", &r, &err), 0);
    assert_true(json_is_true(json_object_get(r, "stale")));
    json_decref(r);
    free(err);
    assert_int_equal(old_list_entries(dir), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_old_list_is_imported_with_a_recorded_warning),
        cmocka_unit_test(a_current_list_gives_no_warning),
        cmocka_unit_test(the_limit_comes_from_the_configuration),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
