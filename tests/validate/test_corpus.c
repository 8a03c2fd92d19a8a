/* test_corpus.c - `oretrace validate` classifies the fixture corpus and the sample
 * submissions the way they are meant: valid files valid, each defect fixture invalid with
 * an error at the defect's cell (rule matching the defect's kind), each hostile file
 * unreadable with the reader's reason, and the samples of ../shared/samples as their
 * truth.jsonl says (valid flag and every listed defect found at its cell).
 *
 * Runs the real command (--json), so the smelter reference is the one users get: the
 * snapshot shipped with oretrace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Which rule (code without family) may report a defect kind of the fixtures/truth. */
static const char *const kind_rules[][4] = {
    {"missing_required_field", "REQ-", NULL},
    {"required_answer_missing", "REQ-Q1-ANSWER", "REQ-MINERAL-ANSWER", NULL},
    {"answer_not_in_dropdown", "ANSWER-NOT-IN-LIST", NULL},
    {"smelter_id_bad_format", "SMELTER-ID-FORMAT", NULL},
    {"country_not_in_list", "SMELTER-COUNTRY-INVALID", NULL},
    {"duplicate_smelter_row", "SMELTER-DUPLICATE", NULL},
    {"invalid_email", "REQ-CONTACT-EMAIL", "FMT-EMAIL", NULL},
    {"no_smelters_for_metal", "CONTRA-ALL-IDENTIFIED-NONE-LISTED", NULL},
    {"smelter_not_listed_without_country", "REQ-NOT-LISTED-COUNTRY", NULL},
    {"smelter_not_listed_without_name", "REQ-NOT-LISTED-NAME", NULL},
    {"product_list_missing", "REQ-PRODUCT-LIST", NULL},
    {"smelter_for_metal_not_in_scope", "SMELTER-METAL-NOT-USED", NULL},
    {"smelter_id_wrong_metal", "SMELTER-ID-WRONG-METAL", NULL},
    {"smelter_id_unknown", "SMELTER-ID-UNKNOWN", NULL},
    {"text_starting_with_equals", "INJECT-FORMULA-TEXT", NULL},
    {"text_starting_with_at", "INJECT-FORMULA-TEXT", NULL},
    {"text_starting_with_plus", "INJECT-FORMULA-TEXT", NULL},
    {"effective_date_invalid", "FMT-EFFECTIVE-DATE", NULL},
    {"placeholder_value", "FMT-PERSON-PLACEHOLDER", "FMT-COMPANY-NAME-PLACEHOLDER", NULL},
};

static bool rule_matches_kind(const char *code, const char *kind)
{
    const char *rule = strchr(code, '-') + 1;
    for (size_t i = 0; i < sizeof kind_rules / sizeof kind_rules[0]; i++) {
        if (strcmp(kind_rules[i][0], kind) != 0) continue;
        for (size_t k = 1; k < 4 && kind_rules[i][k]; k++)
            if (strncmp(rule, kind_rules[i][k], strlen(kind_rules[i][k])) == 0 &&
                (kind_rules[i][k][strlen(kind_rules[i][k]) - 1] == '-' ||
                 strcmp(rule, kind_rules[i][k]) == 0))
                return true;
        return false;
    }
    fail_msg("defect kind %s has no rule mapping in this test", kind);
    return false;
}

/* Runs validate --json over the files and returns one parsed object per line. */
static json_t *validate_json(const char *args, int *status)
{
    char cmd[16384], *out = NULL;
    snprintf(cmd, sizeof cmd, "validate --json %s", args);
    *status = run_cli(cmd, &out, NULL);
    assert_non_null(out);
    json_t *list = parse_json_lines(out);
    free(out);
    return list;
}

static bool has_finding(json_t *file, const char *sheet, const char *cell, const char *kind,
                        bool error_only)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(file, "findings"), i, f)
    {
        const char *s = json_string_value(json_object_get(f, "sheet"));
        const char *c = json_string_value(json_object_get(f, "cell"));
        const char *sev = json_string_value(json_object_get(f, "severity"));
        if (!s || !c || strcmp(s, sheet) != 0 || strcmp(c, cell) != 0) continue;
        if (error_only && strcmp(sev, "error") != 0) continue;
        if (rule_matches_kind(json_string_value(json_object_get(f, "code")), kind)) return true;
    }
    return false;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void test_fixtures(void **state)
{
    (void)state;
    const char *dir = src_path("tests/fixtures");
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    char args[12000] = "";
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".xlsx") != 0) continue;
        char expected[1024];
        snprintf(expected, sizeof expected, "%s/%.*s.expected.json", dir, (int)(len - 5),
                 e->d_name);
        FILE *probe = fopen(expected, "r");
        if (!probe) continue;
        fclose(probe);
        strncat(args, " '", sizeof args - strlen(args) - 1);
        strncat(args, dir, sizeof args - strlen(args) - 1);
        strncat(args, "/", sizeof args - strlen(args) - 1);
        strncat(args, e->d_name, sizeof args - strlen(args) - 1);
        strncat(args, "'", sizeof args - strlen(args) - 1);
        n++;
    }
    closedir(dh);
    assert_true(n >= 25);
    int status;
    json_t *results = validate_json(args, &status);
    assert_int_equal(json_array_size(results), n);
    size_t i, defects = 0;
    json_t *r;
    bool any_invalid = false;
    json_array_foreach(results, i, r)
    {
        const char *path = json_string_value(json_object_get(r, "file"));
        char expected_path[1024];
        snprintf(expected_path, sizeof expected_path, "%.*s.expected.json", (int)(strlen(path) - 5),
                 path);
        json_error_t err;
        json_t *exp = json_load_file(expected_path, 0, &err);
        assert_non_null(exp);
        bool valid = json_is_true(json_object_get(exp, "valid"));
        const char *st = json_string_value(json_object_get(r, "status"));
        if (strcmp(st, valid ? "valid" : "invalid") != 0)
            fprintf(stderr, "  %s: expected %s, got %s\n", base_name(path),
                    valid ? "valid" : "invalid", st);
        assert_string_equal(st, valid ? "valid" : "invalid");
        any_invalid |= !valid;
        json_t *d = json_object_get(exp, "expected_defect");
        if (d) {
            const char *sheet = json_string_value(json_object_get(d, "sheet"));
            const char *cell = json_string_value(json_object_get(d, "cell"));
            const char *kind = json_string_value(json_object_get(d, "kind"));
            if (!has_finding(r, sheet, cell, kind, true))
                fprintf(stderr, "  %s: no error for %s at %s!%s\n", base_name(path), kind, sheet,
                        cell);
            assert_true(has_finding(r, sheet, cell, kind, true));
            defects++;
        }
        json_decref(exp);
    }
    assert_true(defects >= 15);
    assert_int_equal(status, any_invalid ? 3 : 0);
    json_decref(results);
}

static void test_hostile_files_are_unreadable(void **state)
{
    (void)state;
    json_error_t err;
    json_t *expected = json_load_file(src_path("tests/fixtures/hostile/expected.json"), 0, &err);
    assert_non_null(expected);
    char args[4096];
    snprintf(args, sizeof args, "'%s'", src_path("tests/fixtures/hostile"));
    int status;
    json_t *results = validate_json(args, &status);
    assert_int_equal(status, 2);
    assert_int_equal(json_array_size(results), json_object_size(expected));
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        const char *name = base_name(json_string_value(json_object_get(r, "file")));
        assert_string_equal(json_string_value(json_object_get(r, "status")), "unreadable");
        assert_int_equal(json_array_size(json_object_get(r, "findings")), 0);
        json_t *e = json_object_get(r, "error");
        const char *want = json_string_value(json_object_get(expected, name));
        assert_non_null(want);
        assert_string_equal(json_string_value(json_object_get(e, "code")), want);
        assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 10);
    }
    json_decref(results);
    json_decref(expected);
}

static void test_samples_agree_with_truth(void **state)
{
    (void)state;
    char *truth = slurp(shared_path("samples/truth.jsonl"), NULL);
    assert_non_null(truth);
    size_t checked = 0;
    char *save = NULL;
    for (char *line = strtok_r(truth, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t err;
        json_t *t = json_loads(line, 0, &err);
        assert_non_null(t);
        char args[1024];
        snprintf(args, sizeof args, "'%s/%s'", shared_path("samples"),
                 json_string_value(json_object_get(t, "file")));
        int status;
        json_t *results = validate_json(args, &status);
        json_t *r = json_array_get(results, 0);
        bool valid = json_is_true(json_object_get(t, "valid"));
        const char *st = json_string_value(json_object_get(r, "status"));
        if (strcmp(st, valid ? "valid" : "invalid") != 0)
            fprintf(stderr, "  %s: truth %s, got %s\n",
                    json_string_value(json_object_get(t, "file")), valid ? "valid" : "invalid", st);
        assert_string_equal(st, valid ? "valid" : "invalid");
        assert_int_equal(status, valid ? 0 : 3);
        size_t k;
        json_t *d;
        json_array_foreach(json_object_get(t, "defects"), k, d)
        {
            const char *sheet = json_string_value(json_object_get(d, "sheet"));
            const char *cell = json_string_value(json_object_get(d, "cell"));
            const char *kind = json_string_value(json_object_get(d, "kind"));
            if (!has_finding(r, sheet, cell, kind, false))
                fprintf(stderr, "  %s: no finding for %s at %s!%s\n",
                        json_string_value(json_object_get(t, "file")), kind, sheet, cell);
            assert_true(has_finding(r, sheet, cell, kind, false));
        }
        json_decref(results);
        json_decref(t);
        checked++;
    }
    assert_true(checked >= 12);
    free(truth);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_hostile_files_are_unreadable),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(test_samples_agree_with_truth),
    };
    /* an empty workspace: the shipped smelter reference, nothing else */
    return run_test_groups(argc, argv, tests, shared_tests,
                           "the supplier samples and their truth.jsonl", setup_workspace_env,
                           teardown_workspace_env);
}
