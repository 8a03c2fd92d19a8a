/* `oretrace inspect`: what a user sees. JSON lines in the order the files were given
 * (also when read in parallel), the documented keys, an error object for an unreadable
 * file with exit status 2, folders expanded to their workbooks, usage errors = 1. */
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
#include "util/fileio.h"

static const char *file_of(json_t *o)
{
    return json_string_value(json_object_get(o, "file"));
}

static void json_lines_keep_input_order_and_flag_the_broken_file(void **state)
{
    (void)state;
    char args[4096];
    snprintf(args, sizeof args, "inspect --json --threads 3 '%s' '%s' '%s' '%s'",
             shared_path("samples/011_aomori-denshi-kogyo-k-k.xlsx"),
             shared_path("rmi-templates/legacy/invalid_cmrt.xls"),
             shared_path("samples/001_rheinau-steckverbinder-gmbh-.xlsx"),
             shared_path("rmi-templates/legacy/2.03a_-_green.xlsx"));
    char *out = NULL;
    int rc = run_cli(args, &out, NULL);
    assert_int_equal(rc, 2); /* some input unreadable */
    json_t *lines = parse_json_lines(out);
    assert_int_equal(json_array_size(lines), 4);
    json_t *aomori = json_array_get(lines, 0), *broken = json_array_get(lines, 1);
    json_t *rheinau = json_array_get(lines, 2), *green = json_array_get(lines, 3);
    assert_non_null(strstr(file_of(aomori), "011_aomori"));
    assert_non_null(strstr(file_of(broken), "invalid_cmrt.xls"));
    assert_non_null(strstr(file_of(rheinau), "001_rheinau"));
    assert_non_null(strstr(file_of(green), "2.03a_-_green"));

    /* the unreadable file: error code and message, and the hash of the bytes it had */
    json_t *err = json_object_get(broken, "error");
    assert_string_equal(json_string_value(json_object_get(err, "code")), "not_a_workbook");
    assert_true(strlen(json_string_value(json_object_get(err, "message"))) > 0);
    size_t len;
    char *bytes = slurp(shared_path("rmi-templates/legacy/invalid_cmrt.xls"), &len);
    char sha[65];
    ot_sha256_hex(bytes, len, sha);
    free(bytes);
    assert_string_equal(json_string_value(json_object_get(broken, "sha256")), sha);
    assert_null(json_object_get(broken, "template"));

    /* a read file: exactly the documented top-level keys, in this order */
    static const char *const keys[] = {"file",     "sha256",    "template",          "company",
                                       "minerals", "questions", "company_questions", "smelters",
                                       "products"};
    const char *k;
    json_t *v;
    size_t i = 0;
    json_object_foreach(aomori, k, v)
    {
        assert_true(i < sizeof keys / sizeof keys[0]);
        assert_string_equal(k, keys[i]);
        i++;
    }
    assert_int_equal(i, sizeof keys / sizeof keys[0]);
    json_t *tpl = json_object_get(aomori, "template");
    assert_string_equal(json_string_value(json_object_get(tpl, "type")), "CMRT");
    assert_string_equal(json_string_value(json_object_get(tpl, "version")), "6.5");
    assert_true(json_is_true(json_object_get(tpl, "exact")));
    json_t *company = json_object_get(aomori, "company");
    assert_string_equal(json_string_value(json_object_get(company, "name")),
                        "Aomori Denshi Kogyo K.K.");
    assert_true(json_is_object(json_object_get(company, "contact")));
    assert_true(json_is_object(json_object_get(company, "authorizer")));
    assert_string_equal(json_string_value(json_object_get(company, "effective_date")),
                        "2025-08-20");
    assert_int_equal(json_array_size(json_object_get(aomori, "smelters")), 51);
    json_t *first = json_array_get(json_object_get(aomori, "smelters"), 0);
    assert_int_equal(json_integer_value(json_object_get(first, "row")), 5);
    assert_string_equal(json_string_value(json_object_get(first, "lookup_name")),
                        "Novosibirsk Tin Combine");
    assert_true(json_is_null(json_object_get(first, "street"))); /* empty = null */

    /* EMRT 2.1 has a Mine List; its minerals are the supplier's selection */
    assert_true(json_is_array(json_object_get(rheinau, "mines")));
    json_t *minerals = json_object_get(rheinau, "minerals");
    assert_int_equal(json_array_size(minerals), 4);
    assert_string_equal(json_string_value(json_array_get(minerals, 0)), "Cobalt");
    json_t *c = json_object_get(json_object_get(rheinau, "company_questions"), "C");
    assert_true(json_is_object(json_object_get(c, "Cobalt"))); /* per-mineral question */
    json_decref(lines);
    free(out);
}

/* The same files read on one thread and on several give identical output. */
static void parallel_output_equals_sequential_output(void **state)
{
    (void)state;
    char args[1024];
    char *seq = NULL, *par = NULL;
    snprintf(args, sizeof args, "inspect --json --threads 1 '%s'", shared_path("samples"));
    assert_int_equal(run_cli(args, &seq, NULL), 0);
    snprintf(args, sizeof args, "inspect --json --threads 4 '%s'", shared_path("samples"));
    assert_int_equal(run_cli(args, &par, NULL), 0);
    assert_string_equal(seq, par);
    /* a folder stands for its workbooks, sorted by name (truth.jsonl is not one) */
    json_t *lines = parse_json_lines(seq);
    size_t n = json_array_size(lines);
    assert_int_equal(n, 12);
    for (size_t i = 1; i < n; i++)
        assert_true(
            strcmp(file_of(json_array_get(lines, i - 1)), file_of(json_array_get(lines, i))) < 0);
    json_decref(lines);
    free(seq);
    free(par);
}

static void human_summary_names_template_company_and_counts(void **state)
{
    (void)state;
    char args[1024];
    char *out = NULL;
    snprintf(args, sizeof args, "inspect '%s'",
             shared_path("samples/003_osaka-kiban-technologies-co-.xlsx"));
    assert_int_equal(run_cli(args, &out, NULL), 0);
    assert_non_null(strstr(out, "CMRT 6.31"));
    assert_non_null(strstr(out, "Osaka Kiban Technologies Co., Ltd."));
    assert_non_null(strstr(out, "B. Product (or List of Products)"));
    assert_non_null(strstr(out, "in use:    Tin ("));
    assert_non_null(strstr(out, "smelters:  7 rows"));
    assert_non_null(strstr(out, "products:  10 rows"));
    free(out);
}

static void unreadable_file_in_human_mode_gives_one_error_line(void **state)
{
    (void)state;
    char args[1024];
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "inspect /nonexistent/oretrace-missing.xlsx");
    assert_int_equal(run_cli(args, &out, &err), 2);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "oretrace-missing.xlsx"));
    assert_null(strchr(strchr(err, '\n') + 1, '\n')); /* exactly one line */
    free(out);
    free(err);
}

static void usage_errors_exit_1_and_help_exits_0(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(run_cli("inspect", &out, &err), 1);
    assert_non_null(strstr(err, "missing FILE|DIR"));
    free(out);
    free(err);
    assert_int_equal(run_cli("inspect --bogus x.xlsx", &out, &err), 1);
    assert_non_null(strstr(err, "--bogus"));
    free(out);
    free(err);
    assert_int_equal(run_cli("inspect --threads zero x.xlsx", &out, &err), 1);
    free(out);
    free(err);
    assert_int_equal(run_cli("inspect --help", &out, NULL), 0);
    assert_non_null(strstr(out, "usage: oretrace inspect"));
    assert_non_null(strstr(out, "--json"));
    free(out);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unreadable_file_in_human_mode_gives_one_error_line),
        cmocka_unit_test(usage_errors_exit_1_and_help_exits_0),
    };
    const struct CMUnitTest shared_tests[] = {
        cmocka_unit_test(json_lines_keep_input_order_and_flag_the_broken_file),
        cmocka_unit_test(parallel_output_equals_sequential_output),
        cmocka_unit_test(human_summary_names_template_company_and_counts),
    };
    return run_test_groups(argc, argv, tests, shared_tests, "the supplier samples", NULL, NULL);
}
