/* test_cli.c - `oretrace validate` as a user drives it: exit codes, the human report
 * (VALID / VALID (n warnings) / INVALID (n errors) / UNREADABLE, findings, totals), the
 * JSON line shape, input order with several threads, feedback letters (text and HTML, for
 * invalid files only, HTML-escaped), --list-rules and usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#define VALID_FILE "tests/fixtures/crt221_valid.xlsx" /* no finding at all */
#define WARN_FILE "tests/fixtures/emrt13_valid.xlsx"  /* valid, 1 warning */
#define INVALID_FILE "tests/fixtures/cmrt65_defect_formula_injection.xlsx"
#define INVALID2_FILE "tests/fixtures/cmrt65_defect_missing_company_name.xlsx"
#define BROKEN_FILE "tests/fixtures/hostile/truncated.xlsx"

static char *quoted(const char *rel)
{
    static char bufs[8][1024];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, 1024, "'%s'", src_path(rel));
    return b;
}

/* `oretrace validate ARGS`, ARGS formatted printf-style (the format a string literal). */
#define cli(out, err, ...) run_clif(out, err, "validate " __VA_ARGS__)

static void test_exit_codes(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(cli(&out, NULL, "%s", quoted(VALID_FILE)), 0);
    free(out);
    assert_int_equal(cli(&out, NULL, "%s %s", quoted(VALID_FILE), quoted(WARN_FILE)), 0);
    free(out);
    assert_int_equal(cli(&out, NULL, "%s %s", quoted(VALID_FILE), quoted(INVALID_FILE)), 3);
    free(out);
    assert_int_equal(cli(&out, NULL, "%s %s", quoted(INVALID_FILE), quoted(BROKEN_FILE)), 2);
    free(out);
    assert_int_equal(cli(&out, NULL, "%s", "'/nonexistent/file.xlsx'"), 2);
    free(out);
    char *err = NULL;
    assert_int_equal(cli(&out, &err, "%s", ""), 1);
    assert_non_null(strstr(err, "no input files"));
    free(out);
    free(err);
    assert_int_equal(cli(&out, &err, "--frobnicate %s", quoted(VALID_FILE)), 1);
    assert_non_null(strstr(err, "--frobnicate"));
    free(out);
    free(err);
    assert_int_equal(cli(&out, NULL, "--markdown %s", quoted(VALID_FILE)), 1);
    free(out);
    assert_int_equal(cli(&out, NULL, "--threads 0 %s", quoted(VALID_FILE)), 1);
    free(out);
    assert_int_equal(cli(&out, NULL, "--help"), 0);
    assert_non_null(strstr(out, "--feedback DIR"));
    free(out);
}

static void test_human_report(void **state)
{
    (void)state;
    char *out = NULL;
    int rc = cli(&out, NULL, "%s %s %s %s", quoted(VALID_FILE), quoted(WARN_FILE),
                 quoted(INVALID2_FILE), quoted(BROKEN_FILE));
    assert_int_equal(rc, 2);
    /* one status line per file, in input order */
    const char *v = strstr(out, "crt221_valid.xlsx: VALID");
    const char *w = strstr(out, "emrt13_valid.xlsx: VALID (1 warning)");
    const char *i = strstr(out, "cmrt65_defect_missing_company_name.xlsx: INVALID (1 error");
    const char *u = strstr(out, "truncated.xlsx: UNREADABLE (truncated: ");
    assert_non_null(v);
    assert_non_null(w);
    assert_non_null(i);
    assert_non_null(u);
    assert_true(v < w && w < i && i < u);
    assert_null(strstr(v, "crt221_valid.xlsx: VALID ("));
    /* the finding: severity, place, message, code */
    const char *f = strstr(i, "error   Declaration!D8");
    assert_non_null(f);
    assert_true(f < u);
    assert_non_null(strstr(f, "[CMRT-REQ-COMPANY-NAME]"));
    assert_non_null(strstr(out, "4 files: 2 valid, 1 invalid, 1 unreadable"));
    free(out);
}

static void test_json_shape(void **state)
{
    (void)state;
    char *out = NULL;
    int rc = cli(&out, NULL, "--json --threads 2 %s %s %s %s", quoted(INVALID_FILE),
                 quoted(BROKEN_FILE), quoted(VALID_FILE), quoted(INVALID2_FILE));
    assert_int_equal(rc, 2);
    const char *names[] = {"formula_injection", "truncated", "crt221_valid",
                           "missing_company_name"};
    const char *statuses[] = {"invalid", "unreadable", "valid", "invalid"};
    char *save = NULL;
    size_t n = 0;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
        assert_true(n < 4);
        json_error_t jerr;
        json_t *o = json_loads(line, 0, &jerr);
        assert_non_null(o);
        assert_non_null(strstr(json_string_value(json_object_get(o, "file")), names[n]));
        assert_string_equal(json_string_value(json_object_get(o, "status")), statuses[n]);
        const char *sha = json_string_value(json_object_get(o, "sha256"));
        assert_non_null(sha);
        assert_int_equal(strlen(sha), 64);
        json_t *t = json_object_get(o, "template");
        json_t *findings = json_object_get(o, "findings");
        assert_true(json_is_array(findings));
        if (n == 1) {
            assert_true(json_is_null(t));
            assert_string_equal(
                json_string_value(json_object_get(json_object_get(o, "error"), "code")),
                "truncated");
        } else {
            assert_string_equal(json_string_value(json_object_get(t, "type")),
                                n == 2 ? "CRT" : "CMRT");
            assert_non_null(json_string_value(json_object_get(t, "version")));
        }
        size_t k;
        json_t *f;
        json_array_foreach(findings, k, f)
        {
            static const char *const keys[] = {"code",  "severity", "sheet",   "cell",
                                               "field", "metal",    "message", "fix"};
            assert_int_equal(json_object_size(f), 8);
            for (size_t j = 0; j < 8; j++)
                assert_non_null(json_object_get(f, keys[j]));
            const char *sev = json_string_value(json_object_get(f, "severity"));
            assert_true(strcmp(sev, "error") == 0 || strcmp(sev, "warning") == 0);
        }
        if (n == 0) {
            /* the injected comment: the cell a reviewer jumps to */
            bool found = false;
            json_array_foreach(findings, k, f) found |=
                strcmp(json_string_value(json_object_get(f, "code")), "CMRT-INJECT-FORMULA-TEXT") ==
                    0 &&
                strcmp(json_string_value(json_object_get(f, "cell")), "G81") == 0 &&
                strcmp(json_string_value(json_object_get(f, "sheet")), "Declaration") == 0 &&
                strcmp(json_string_value(json_object_get(f, "field")),
                       "company_question_D.comment") == 0;
            assert_true(found);
        }
        json_decref(o);
    }
    assert_int_equal(n, 4);
    free(out);
}

static void test_feedback_letters(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char fb[1200];
    snprintf(fb, sizeof fb, "%s/letters", dir);
    char *out = NULL;
    int rc = cli(&out, NULL, "--feedback '%s' %s %s %s", fb, quoted(VALID_FILE),
                 quoted(INVALID_FILE), quoted(INVALID2_FILE));
    assert_int_equal(rc, 3);
    free(out);
    char path[1400];
    snprintf(path, sizeof path, "%s/crt221_valid.txt", fb);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0); /* no letter for a valid file */

    snprintf(path, sizeof path, "%s/cmrt65_defect_missing_company_name.txt", fb);
    char *text = slurp(path, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "Dear Jana Hoffmann,"));
    assert_non_null(strstr(text, "Please correct the following:"));
    assert_non_null(strstr(text, "1. In sheet \"Declaration\", cell D8: Company name is empty"));
    assert_non_null(strstr(text, "How to fix: Enter your company's legal name"));
    assert_non_null(strstr(text, "Kind regards"));
    assert_null(strstr(text, "CMRT-REQ")); /* rule codes are for us, not for the supplier */
    free(text);

    snprintf(path, sizeof path, "%s/cmrt65_defect_formula_injection.html", fb);
    char *html = slurp(path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "Northwind Sensor Systems Ltd."));
    assert_non_null(strstr(html, "cell G81"));
    /* the supplier's text is escaped, never live markup */
    assert_non_null(strstr(html, "=HYPERLINK(&quot;http://attacker.example/x&quot;"));
    assert_null(strstr(html, "\"http://attacker.example/x\""));
    free(html);
    rm_rf(dir);
    free(dir);
}

static void test_list_rules(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(cli(&out, NULL, "--list-rules --json"), 0);
    size_t lines = 0;
    bool has_example = false;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t jerr;
        json_t *o = json_loads(line, 0, &jerr);
        assert_non_null(o);
        has_example |=
            strcmp(json_string_value(json_object_get(o, "code")), "CMRT-REQ-CONTACT-EMAIL") == 0;
        json_decref(o);
        lines++;
    }
    assert_true(has_example);
    assert_true(lines > 100);
    free(out);
    assert_int_equal(cli(&out, NULL, "--list-rules %s", quoted(VALID_FILE)), 1);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_codes), cmocka_unit_test(test_human_report),
        cmocka_unit_test(test_json_shape), cmocka_unit_test(test_feedback_letters),
        cmocka_unit_test(test_list_rules),
    };
    return cmocka_run_group_tests(tests, setup_workspace_env, teardown_workspace_env);
}
