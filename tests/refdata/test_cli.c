/* The command line end to end: `match --tsv --json` gives one JSON line per input row in
 * order with the documented fields; `refdata import`, `status-import` and `show` work in
 * a workspace they create; bad input gives one error line and the documented status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_match_tsv_json(void **state)
{
    (void)state;
    char tsv[4200], ws[4200];
    snprintf(tsv, sizeof tsv, "%s/list.tsv", test_dir);
    snprintf(ws, sizeof ws, "%s/ws-match", test_dir);
    const char *rows = "metal\tname\tcountry\tsmelter_id\n"
                       "Gold\tDowa Metals and Mining Company Limited\tJapan\t\n"
                       "Tin\tTotally Invented Smelting Works\tChina\t\n"
                       "Gold\t\t\tCID000113\n"
                       "Fantalum\tAurubis AG\tGermany\t\n";
    assert_int_equal(spit(tsv, rows, strlen(rows)), 0);
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "match --workspace '%s' --tsv '%s' --json", ws, tsv);
    assert_int_equal(rc, 0);
    const char *want_ids[] = {"CID000401", NULL, "CID000113", "CID000113"};
    const char *want_methods[] = {"normalized", "unresolved", "id", "cross-metal"};
    size_t n = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), n++) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        assert_non_null(j);
        assert_true(n < 4);
        assert_int_equal(json_integer_value(json_object_get(j, "row")), (json_int_t)n + 1);
        static const char *fields[] = {"smelter_id", "standard_name", "metal",  "country",
                                       "status",     "status_as_of",  "method", "confidence",
                                       "candidates", "notes",         "why"};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
            if (!json_object_get(j, fields[f])) fail_msg("row %zu lacks %s", n + 1, fields[f]);
        json_t *id = json_object_get(j, "smelter_id");
        if (want_ids[n])
            assert_string_equal(json_string_value(id), want_ids[n]);
        else
            assert_true(json_is_null(id));
        assert_string_equal(json_string_value(json_object_get(j, "method")), want_methods[n]);
        assert_true(json_is_array(json_object_get(j, "candidates")));
        double conf = json_number_value(json_object_get(j, "confidence"));
        assert_true(conf >= 0.0 && conf <= 1.0);
        json_decref(j);
    }
    assert_int_equal(n, 4);
    free(out);
    free(err);

    /* the text form says what and why, one line per row */
    rc = run_clif(&out, &err, "match --workspace '%s' --tsv '%s'", ws, tsv);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "CID000401\tDowa\tGold\tnormalized"));
    assert_non_null(strstr(out, "is a Gold smelter"));
    free(out);
    free(err);
}

static void test_refdata_commands(void **state)
{
    (void)state;
    char ws[4200], status[4200];
    snprintf(ws, sizeof ws, "%s/ws-refdata", test_dir);
    snprintf(status, sizeof status, "%s/status.csv", test_dir);
    char *out = NULL, *err = NULL;
    /* refdata import works in a workspace made by `oretrace init` (only init creates one) */
    int rc = run_clif(&out, &err, "refdata import --workspace '%s' '%s' --json", ws,
                      vendored_path("refdata/cmrt-6.5-smelter-lookup.csv"));
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "oretrace init"));
    free(out);
    free(err);
    assert_int_equal(run_clif(NULL, NULL, "init '%s'", ws), 0);
    rc = run_clif(&out, &err, "refdata import --workspace '%s' '%s' --as-of 2025-04-25 --json", ws,
                  vendored_path("refdata/cmrt-6.5-smelter-lookup.csv"));
    assert_int_equal(rc, 0);
    json_t *j = parse_json_lines(out); /* one line per file imported */
    assert_int_equal(json_array_size(j), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "smelters")), 349);
    json_decref(j);
    free(out);
    free(err);
    /* the list went into the workspace database, with an audit entry */
    rc = run_clif(&out, &err, "refdata sources --workspace '%s' --json", ws);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "cmrt-6.5-smelter-lookup.csv"));
    free(out);
    free(err);
    rc = run_clif(&out, &err, "audit show --workspace '%s' --json", ws);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "refdata.import"));
    free(out);
    free(err);

    const char *st = "smelter_id,status,as_of\nCID000401,Full Compliant,2025-02-01\n";
    assert_int_equal(spit(status, st, strlen(st)), 0);
    rc = run_clif(&out, &err, "refdata status-import --workspace '%s' '%s'", ws, status);
    assert_int_equal(rc, 0);
    free(out);
    free(err);
    rc = run_clif(&out, &err, "match --workspace '%s' --metal Gold --json 'AKITA Seiren'", ws);
    assert_int_equal(rc, 0);
    j = json_loads(out, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "Conformant");
    assert_string_equal(json_string_value(json_object_get(j, "status_as_of")), "2025-02-01");
    json_decref(j);
    free(out);
    free(err);

    rc = run_clif(&out, &err, "refdata show --workspace '%s' CID000401 --json", ws);
    assert_int_equal(rc, 0);
    j = json_loads(out, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "standard_name")), "Dowa");
    assert_true(json_array_size(json_object_get(j, "names")) >= 5);
    json_decref(j);
    free(out);
    free(err);
    rc = run_clif(&out, &err, "refdata show --workspace '%s' --metal Gold 'Dowa Kogyo k.k.'", ws);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "CID000401"));
    free(out);
    free(err);
}

static void test_inspect_resolve(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "inspect --resolve --json --workspace '%s' '%s'", test_dir,
                      shared_path("samples/001_rheinau-steckverbinder-gmbh-.xlsx"));
    assert_int_equal(rc, 0);
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    json_t *rows = json_object_get(j, "smelters");
    assert_true(json_array_size(rows) > 0);
    /* every row carries its resolution; the look-up choice of row 5 resolves exactly */
    for (size_t i = 0; i < json_array_size(rows); i++)
        assert_true(json_is_object(json_object_get(json_array_get(rows, i), "resolution")));
    json_t *first = json_object_get(json_array_get(rows, 0), "resolution");
    assert_string_equal(json_string_value(json_object_get(first, "smelter_id")), "CID004745");
    assert_string_equal(json_string_value(json_object_get(first, "method")), "alias-exact");
    json_decref(j);
    free(out);
    free(err);
}

static void test_bad_input(void **state)
{
    (void)state;
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/noheader.tsv", test_dir);
    const char *rows = "Gold\tDowa\tJapan\n";
    assert_int_equal(spit(tsv, rows, strlen(rows)), 0);
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "match --workspace '%s' --tsv '%s'", test_dir, tsv);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "header"));
    assert_non_null(strchr(err, '\n'));
    assert_null(strchr(strchr(err, '\n') + 1, '\n')); /* one line */
    free(out);
    free(err);
    assert_int_equal(run_clif(NULL, NULL, "init '%s/x'", test_dir), 0);
    rc = run_clif(&out, &err, "refdata import --workspace '%s/x' /nonexistent.csv", test_dir);
    assert_int_equal(rc, 2);
    free(out);
    free(err);
    rc = run_clif(&out, &err, "match --threshold 7 Dowa");
    assert_int_equal(rc, 1);
    free(out);
    free(err);
    rc = run_clif(&out, &err, "refdata frobnicate");
    assert_int_equal(rc, 1);
    free(out);
    free(err);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_tsv_json),
        cmocka_unit_test(test_refdata_commands),
        cmocka_unit_test(test_bad_input),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_inspect_resolve),
    };
    return run_test_groups(argc, argv, tests, shared_tests, "a supplier sample", setup_test_dir,
                           teardown_test_dir);
}
