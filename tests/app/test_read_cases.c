/* The read use cases (app/inspect.h, app/validate.h, app/match.h) called directly give
 * the same JSON as the command line: every `--json` line of `inspect`, `validate`,
 * `validate --list-rules` and `match` (one name and a TSV batch) equals the use case's
 * to_json for the same files and the same workspace, in the order the files were given.
 * The workspace's smelter list is the one used (a status imported into it shows), and
 * validate's letters are written for the invalid files only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/files.h"
#include "app/inspect.h"
#include "app/match.h"
#include "app/validate.h"
#include "testutil.h"

#define VALID "tests/fixtures/cmrt65_valid_company.xlsx"
#define INVALID "tests/fixtures/cmrt65_defect_smelter_id_wrong_metal.xlsx"
#define TODAY "2026-01-15"

/* A workspace made by the real CLI, with an RMAP status imported into its smelter list
 * (so its list differs from the shipped one); a file that is no workbook beside it. */
static char ws[4200], junk[4200];

static int setup(void **state)
{
    if (setup_test_dir(state) != 0) return -1;
    snprintf(ws, sizeof ws, "%s/ws", test_dir);
    snprintf(junk, sizeof junk, "%s/junk.xlsx", test_dir);
    char status[4200];
    snprintf(status, sizeof status, "%s/status.csv", test_dir);
    const char *st = "smelter_id,status,as_of\nCID000401,Full Compliant,2025-02-01\n";
    if (spit(status, st, strlen(st)) != 0 || spit(junk, "not a workbook", 14) != 0) return -1;
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "init '%s'", ws);
    free(out);
    free(err);
    if (rc == 0)
        rc = run_clif(&out, &err, "refdata status-import --workspace '%s' '%s'", ws, status);
    free(out);
    free(err);
    setenv("ORETRACE_TODAY", TODAY, 1);
    return rc;
}

static int teardown(void **state)
{
    unsetenv("ORETRACE_TODAY");
    return teardown_test_dir(state);
}

/* The --json lines the CLI prints for these arguments (exit status checked). */
static json_t *cli_lines(int want_status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static json_t *cli_lines(int want_status, const char *fmt, ...)
{
    char args[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    char *out = NULL, *err = NULL;
    int rc = run_cli(args, &out, &err);
    if (rc != want_status) fail_msg("exit %d, not %d: %s", rc, want_status, err ? err : "");
    json_t *lines = parse_json_lines(out);
    free(out);
    free(err);
    return lines;
}

static void assert_same_json(json_t *cli, json_t *lib)
{
    if (json_equal(cli, lib)) return;
    char *a = json_dumps(cli, JSON_COMPACT), *b = json_dumps(lib, JSON_COMPACT);
    fail_msg("the CLI printed\n%s\nthe use case gives\n%s", a, b);
}

static void list_files(ot_pathlist *paths, const char *a, const char *b, const char *c)
{
    char *args[3] = {(char *)src_path(a), (char *)b, (char *)src_path(c)};
    ot_error err = {0};
    assert_int_equal(ot_files_list(args, 3, false, paths, &err), OT_OK);
    assert_int_equal(paths->n, 3);
}

static ot_app *open_ws(void)
{
    ot_app *app = NULL;
    ot_error err = {0};
    if (ot_app_open(ws, &app, &err) != OT_OK) fail_msg("%s", err.message);
    return app;
}

/* ---- inspect ------------------------------------------------------------------------ */

static void collect_inspect(const ot_inspect_file *f, void *ctx)
{
    assert_int_equal(f->index, json_array_size(ctx)); /* input order */
    json_array_append_new(ctx, ot_inspect_file_to_json(f));
}

static void inspect_json_is_the_use_cases(void **state)
{
    (void)state;
    ot_pathlist paths = {0};
    list_files(&paths, INVALID, junk, VALID);
    ot_app *app = open_ws();
    json_t *got = json_array();
    ot_inspect_request req = {
        .files = &paths, .threads = 2, .resolve = true, .emit = collect_inspect, .ctx = got};
    ot_inspect_result res;
    ot_error err = {0};
    assert_int_equal(ot_app_inspect(app, &req, &res, &err), OT_OK);
    assert_int_equal(res.files, 3);
    assert_int_equal(res.unreadable, 1);
    json_t *cli =
        cli_lines(2, "inspect --json --resolve --threads 2 --workspace '%s' '%s' '%s' '%s'", ws,
                  paths.items[0], paths.items[1], paths.items[2]);
    assert_int_equal(json_array_size(cli), 3);
    for (size_t i = 0; i < 3; i++)
        assert_same_json(json_array_get(cli, i), json_array_get(got, i));
    /* what the use case says: a resolution per smelter row, an error for the junk file */
    json_t *rows = json_object_get(json_array_get(got, 0), "smelters");
    assert_true(json_array_size(rows) > 0);
    assert_non_null(json_object_get(json_array_get(rows, 0), "resolution"));
    json_t *e = json_object_get(json_array_get(got, 1), "error");
    assert_string_equal(json_string_value(json_object_get(e, "code")), "not_a_workbook");
    json_decref(cli);
    json_decref(got);
    ot_app_close(app);
    ot_pathlist_free(&paths);
}

/* ---- validate ----------------------------------------------------------------------- */

static void collect_validate(const ot_validate_file *f, void *ctx)
{
    assert_int_equal(f->index, json_array_size(ctx));
    assert_int_equal(f->letter_err.code, OT_OK);
    json_array_append_new(ctx, ot_validate_file_to_json(f));
}

static void validate_json_is_the_use_cases(void **state)
{
    (void)state;
    ot_pathlist paths = {0};
    list_files(&paths, VALID, junk, INVALID);
    ot_app *app = open_ws();
    ot_reference *ref = NULL;
    ot_error err = {0};
    assert_int_equal(ot_reference_open(app, &ref, &err), OT_OK);
    assert_false(ot_reference_is_snapshot(ref));
    char letters[4200];
    snprintf(letters, sizeof letters, "%s/letters", test_dir);
    json_t *got = json_array();
    ot_validate_request req = {.files = &paths,
                               .threads = 2,
                               .reference = ref,
                               .today = TODAY,
                               .feedback_dir = letters,
                               .emit = collect_validate,
                               .ctx = got};
    ot_validate_result res;
    assert_int_equal(ot_app_validate(app, &req, &res, &err), OT_OK);
    assert_int_equal(res.files, 3);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.invalid, 1);
    assert_int_equal(res.unreadable, 1);
    assert_int_equal(res.letters_failed, 0);
    /* one letter, for the invalid file */
    char letter[4300];
    snprintf(letter, sizeof letter, "%s/cmrt65_defect_smelter_id_wrong_metal.txt", letters);
    char *text = slurp(letter, NULL);
    assert_non_null(text);
    free(text);
    snprintf(letter, sizeof letter, "%s/cmrt65_valid_company.txt", letters);
    assert_null(slurp(letter, NULL));

    json_t *cli = cli_lines(2, "validate --json --workspace '%s' '%s' '%s' '%s'", ws,
                            paths.items[0], paths.items[1], paths.items[2]);
    assert_int_equal(json_array_size(cli), 3);
    for (size_t i = 0; i < 3; i++)
        assert_same_json(json_array_get(cli, i), json_array_get(got, i));
    assert_string_equal(json_string_value(json_object_get(json_array_get(got, 2), "status")),
                        "invalid");
    json_decref(cli);
    json_decref(got);
    ot_reference_free(ref);
    ot_app_close(app);
    ot_pathlist_free(&paths);
}

static void rule_catalogue_is_the_use_cases(void **state)
{
    (void)state;
    json_t *cli = cli_lines(0, "validate --list-rules --json");
    json_t *lib = ot_rules_to_json();
    assert_int_equal(json_array_size(lib), ot_rule_count());
    assert_same_json(cli, lib);
    json_decref(cli);
    json_decref(lib);
}

/* ---- match -------------------------------------------------------------------------- */

static void match_json_is_the_use_cases(void **state)
{
    (void)state;
    ot_app *app = open_ws();
    ot_match_request req = {.input = {.metal = "Gold", .name = "Dowa"}};
    ot_match_outcome res;
    ot_error err = {0};
    assert_int_equal(ot_app_match(app, &req, &res, &err), OT_OK);
    json_t *lib = ot_match_outcome_to_json(&res);
    /* the workspace's list: the status imported into it */
    assert_string_equal(json_string_value(json_object_get(lib, "status")), "Conformant");
    json_t *cli = cli_lines(0, "match --json --workspace '%s' --metal Gold Dowa", ws);
    assert_int_equal(json_array_size(cli), 1);
    assert_same_json(json_array_get(cli, 0), lib);
    json_decref(cli);
    json_decref(lib);
    ot_match_outcome_free(&res);
    ot_app_close(app);
}

static void match_batch_json_is_the_use_cases(void **state)
{
    (void)state;
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/names.tsv", test_dir);
    const char *rows = "metal\tname\tcountry\tsmelter_id\n"
                       "Gold\tDowa Metals and Mining Company Limited\tJapan\t\n"
                       "Tin\tTotally Invented Smelting Works\tChina\t\n"
                       "Gold\t\t\tCID000113\n";
    assert_int_equal(spit(tsv, rows, strlen(rows)), 0);
    ot_app *app = open_ws();
    ot_reference *ref = NULL;
    ot_error err = {0};
    assert_int_equal(ot_reference_open(app, &ref, &err), OT_OK);
    ot_match_batch_request req = {.reference = ref, .path = tsv, .date = "2025-06-30"};
    ot_match_batch_result res;
    assert_int_equal(ot_app_match_batch(app, &req, &res, &err), OT_OK);
    assert_int_equal(res.n, 3);
    json_t *lib = ot_match_batch_to_json(&res);
    json_t *cli =
        cli_lines(0, "match --json --workspace '%s' --tsv '%s' --date %s", ws, tsv, "2025-06-30");
    assert_same_json(cli, lib);
    assert_string_equal(json_string_value(json_object_get(json_array_get(lib, 0), "status")),
                        "Conformant");
    json_decref(cli);
    json_decref(lib);
    ot_match_batch_free(&res);
    ot_reference_free(ref);
    ot_app_close(app);
}

/* A TSV without a header naming a name or ID column is refused, saying why. */
static void match_batch_without_header_is_refused(void **state)
{
    (void)state;
    ot_reference *ref = NULL;
    ot_error err = {0};
    assert_int_equal(ot_reference_open(NULL, &ref, &err), OT_OK);
    assert_true(ot_reference_is_snapshot(ref));
    const char *text = "Gold\tDowa\tJapan\n";
    ot_match_batch_request req = {
        .reference = ref, .name = "names.tsv", .data = text, .len = strlen(text)};
    ot_match_batch_result res;
    assert_int_equal(ot_app_match_batch(NULL, &req, &res, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "names.tsv: the first line must be a header"));
    ot_reference_free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inspect_json_is_the_use_cases),
        cmocka_unit_test(validate_json_is_the_use_cases),
        cmocka_unit_test(rule_catalogue_is_the_use_cases),
        cmocka_unit_test(match_json_is_the_use_cases),
        cmocka_unit_test(match_batch_json_is_the_use_cases),
        cmocka_unit_test(match_batch_without_header_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
