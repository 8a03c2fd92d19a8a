/* test_libreoffice.c - filled official templates saved by LibreOffice Calc as "Excel
 * 97-2003" (tests/fixtures/libreoffice/, made by scripts/make-libreoffice-fixtures.sh from
 * the .xlsx fixtures beside them) read like the workbook they were made from.
 *
 * LibreOffice splits its shared string table over CONTINUE records with formatting runs
 * running on from one record into the next, which oretrace once refused ("shared string
 * formatting runs past its record"). For each fixture, through the real CLI:
 *  - `inspect --json` gives the declaration of the source .xlsx: template, company, answers,
 *    minerals, products, and the smelter list. One honest difference: the .xlsx (written by
 *    openpyxl) has no cached formula values, while LibreOffice recalculates and stores them,
 *    so the computed Smelter List columns are empty in one and filled in the other. For a
 *    row entered by smelter ID or by look-up name the .xls must hold what the template's
 *    own look-up gives (`resolves_to` of the fixture's expected JSON) - which also shows
 *    the strings of the look-up sheet were read right.
 *  - `validate --json` classifies it the same: same status, same findings, same exit code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"

static const char *const FIXTURES[] = {
    "cmrt601_valid_tin_only",               /* CMRT 6.01, the version of the report */
    "cmrt65_defect_smelter_id_wrong_metal", /* CMRT 6.5 with one defect */
    "emrt13_valid",                         /* EMRT 1.3 with one warning */
    "emrt21_valid_deleted_minerals",        /* EMRT 2.1: its cached mineral list is 0 */
};

/* Smelter List columns the template computes by formula (B, C, E-J) for a row entered by
 * smelter ID or by look-up name. */
static bool computed_column(const char *key)
{
    static const char *const keys[] = {"metal",      "lookup_name", "country",
                                       "smelter_id", "id_source",   "street",
                                       "city",       "state",       NULL};
    for (int i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0) return true;
    return false;
}

static json_t *cli_json(int want_rc, const char *command, const char *path)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --json '%s'", command, path);
    if (rc != want_rc) fail_msg("%s %s: exit %d, want %d: %s", command, path, rc, want_rc, err);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    return j;
}

static void assert_same(const char *what, const char *name, json_t *a, json_t *b)
{
    if (json_equal(a, b)) return;
    char *x = json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);
    char *y = json_dumps(b, JSON_ENCODE_ANY | JSON_COMPACT);
    fail_msg("%s: %s differs:\n  xlsx %.600s\n  xls  %.600s", name, what, x, y);
}

static const char *str_at(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* One Smelter List row: what was typed is the same; what the template computes is, in the
 * .xls, what its look-up gives. */
static void compare_smelter(const char *name, json_t *xlsx, json_t *xls, json_t *expected)
{
    const char *key;
    json_t *want;
    json_object_foreach(xlsx, key, want)
    {
        json_t *got = json_object_get(xls, key);
        if (json_is_null(want) && computed_column(key)) continue;
        char what[96];
        snprintf(what, sizeof what, "smelter row %lld %s",
                 (long long)json_integer_value(json_object_get(xlsx, "row")), key);
        assert_same(what, name, want, got);
    }
    /* rows entered by ID (metal computed) or by look-up name; a metal typed over an ID
     * row's formula (the defect fixture) is left to the template's own logic */
    json_t *to = json_object_get(expected, "resolves_to");
    bool by_id = str_at(xlsx, "smelter_id_input") && !str_at(xlsx, "metal");
    bool by_name = str_at(xlsx, "lookup_name") != NULL;
    if (!json_is_object(to) || (!by_id && !by_name)) return;
    assert_string_equal(str_at(xls, "country"), str_at(to, "country"));
    assert_string_equal(str_at(xls, "smelter_id"), str_at(to, "smelter_id"));
    if (!by_id) return;
    assert_string_equal(str_at(xls, "metal"), str_at(to, "metal"));
    assert_string_equal(str_at(xls, "lookup_name"), str_at(to, "standard_name"));
}

static void compare_declarations(const char *name, json_t *xlsx, json_t *xls, json_t *expected)
{
    static const char *const same[] = {"template",          "company",  "minerals", "questions",
                                       "company_questions", "products", NULL};
    for (int i = 0; same[i]; i++)
        assert_same(same[i], name, json_object_get(xlsx, same[i]), json_object_get(xls, same[i]));
    json_t *a = json_object_get(xlsx, "smelters"), *b = json_object_get(xls, "smelters");
    json_t *e = json_object_get(expected, "smelters");
    assert_true(json_array_size(a) > 0);
    assert_int_equal(json_array_size(a), json_array_size(b));
    assert_int_equal(json_array_size(a), json_array_size(e));
    for (size_t i = 0; i < json_array_size(a); i++)
        compare_smelter(name, json_array_get(a, i), json_array_get(b, i), json_array_get(e, i));
}

static void inspect_gives_the_source_declaration(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof FIXTURES / sizeof *FIXTURES; f++) {
        const char *name = FIXTURES[f];
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s.xlsx", name);
        json_t *xlsx = cli_json(0, "inspect", src_path(rel));
        snprintf(rel, sizeof rel, "tests/fixtures/libreoffice/%s.xls", name);
        json_t *xls = cli_json(0, "inspect", src_path(rel));
        snprintf(rel, sizeof rel, "tests/fixtures/%s.expected.json", name);
        json_error_t jerr;
        json_t *expected = json_load_file(src_path(rel), 0, &jerr);
        assert_non_null(expected);
        assert_non_null(json_object_get(xls, "company"));
        compare_declarations(name, xlsx, xls, expected);
        json_decref(xlsx);
        json_decref(xls);
        json_decref(expected);
    }
}

static void validate_classifies_it_the_same(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof FIXTURES / sizeof *FIXTURES; f++) {
        const char *name = FIXTURES[f];
        /* the defect fixture is invalid (exit 3); the others valid (exit 0) */
        int want_rc = strstr(name, "_defect_") ? 3 : 0;
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s.xlsx", name);
        json_t *xlsx = cli_json(want_rc, "validate", src_path(rel));
        snprintf(rel, sizeof rel, "tests/fixtures/libreoffice/%s.xls", name);
        json_t *xls = cli_json(want_rc, "validate", src_path(rel));
        assert_same("status", name, json_object_get(xlsx, "status"),
                    json_object_get(xls, "status"));
        assert_same("findings", name, json_object_get(xlsx, "findings"),
                    json_object_get(xls, "findings"));
        json_decref(xlsx);
        json_decref(xls);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inspect_gives_the_source_declaration),
        cmocka_unit_test(validate_classifies_it_the_same),
    };
    return cmocka_run_group_tests(tests, setup_workspace_env, teardown_workspace_env);
}
