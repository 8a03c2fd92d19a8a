/* test_export_cli.c - `oretrace export csv|xlsx` on a real workspace: five suppliers'
 * files ingested through the CLI (tests/fixtures: two naming the same smelters, one naming
 * refiners in Rwanda and Uganda, one invalid, one with a formula in a comment, from a
 * supplier whose name is a formula) and a corrective action. The exports hold exactly the
 * roll-up's smelters and unresolved names in its order, every supplier, the findings of
 * the current submissions, the action;
 * a supplier's formula is text in both formats, neutralised alike; the CLI's --json is
 * the use case's to_json; a campaign that does not exist or a folder that cannot be
 * written is one line and a non-zero status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/export.h"
#include "testutil.h"
#include "util/csv.h"
#include "util/jsonout.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,"
    "j@rheinland-praezision.example\n"
    "V-3,Lakeside Components,GB,direct,2025-05-01,yes,Priya,priya@lakeside-components.example\n"
    "V-4,Northwind Sensor Systems,GB,direct,2025-05-01,yes,Jana,jana@northwind-sensors.example\n"
    "V-5,\"=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",GB,direct,2025-05-01,yes,Eve,"
    "eve@formula.example\n";

static const char *const fixtures[] = {
    "cmrt65_valid_company.xlsx",               /* V-1 */
    "cmrt64_valid_products.xlsx",              /* V-2 */
    "cmrt65_valid_covered.xlsx",               /* V-3 */
    "cmrt65_defect_missing_company_name.xlsx", /* V-4: invalid */
};

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static char *cli_out(const char *dir, int want, const char *fmt, const char *arg)
{
    char args[8192], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, fmt, arg);
    int rc = run_clif(&out, &err, "%s --workspace '%s'", args, dir);
    if (rc != want) fprintf(stderr, "oretrace %s: %d\n%s%s", args, rc, out, err);
    assert_int_equal(rc, want);
    free(err);
    return out;
}

/* The 2025 campaign with the four fixture files ingested, and V-5's file with a formula
 * in a comment ingested for it. */
static int setup(void **state)
{
    char *dir = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "company_name = Buyer Corp\n"
                                                 "contact_email = compliance@buyer.example\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    free(cli_out(dir, 0, "campaign new 2025 --due 2026-03-31 --today 2026-01-05%s", ""));
    free(cli_out(dir, 0, "campaign send --today 2026-01-05%s", ""));
    char args[8192];
    int n = snprintf(args, sizeof args, "ingest --today 2026-02-01");
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s", fixtures[i]);
        n += snprintf(args + n, sizeof args - (size_t)n, " '%s'", src_path(rel));
    }
    free(cli_out(dir, 3, "%s", args)); /* 3: one file is invalid, on purpose */
    free(cli_out(dir, 3, "ingest --today 2026-02-01 --supplier V-5 '%s'",
                 src_path("tests/fixtures/cmrt65_defect_formula_injection.xlsx")));
    free(cli_out(dir, 0,
                 "actions add --supplier V-3 --text '=ask for the RMAP audit report' --owner Ann "
                 "--due 2026-04-30 --today 2026-02-02%s",
                 ""));
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    close_temp_workspace(NULL, *state);
    return 0;
}

/* ---- reading the CSV files back ---------------------------------------------------- */

typedef struct csv_rows {
    json_t *rows; /* array of arrays of strings, header first */
} csv_rows;

static ot_code add_row(const ot_csv_row *row, void *ctx, ot_error *err)
{
    (void)err;
    assert_false(row->malformed);
    json_t *r = json_array();
    for (size_t i = 0; i < row->count; i++)
        json_array_append_new(r, json_string(row->fields[i]));
    json_array_append_new(((csv_rows *)ctx)->rows, r);
    return OT_OK;
}

static json_t *read_csv(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    csv_rows c = {json_array()};
    ot_error err = {0};
    assert_int_equal(ot_csv_read_file(p, 0, add_row, &c, &err), OT_OK);
    free(p);
    return c.rows;
}

static const char *field(json_t *rows, size_t row, size_t col)
{
    return json_string_value(json_array_get(json_array_get(rows, row), col));
}

/* Row of table rows whose first column is key, 0 when none. */
static size_t row_of(json_t *rows, size_t col, const char *key)
{
    for (size_t i = 1; i < json_array_size(rows); i++)
        if (strcmp(field(rows, i, col), key) == 0) return i;
    return 0;
}

static void test_csv_holds_the_rollup(void **state)
{
    const char *dir = *state;
    char *out_dir = path_in(dir, "auditors");
    free(cli_out(dir, 0, "export csv --campaign 2025 --out '%s'", out_dir));
    /* the smelters: the roll-up's, in its order (metal, name, ID) */
    char *text = cli_out(dir, 0, "rollup --campaign 2025 --json%s", "");
    json_t *rolled = parse_json_lines(text);
    free(text);
    json_t *smelters = read_csv(out_dir, "smelters.csv");
    assert_true(json_array_size(rolled) > 5);
    assert_int_equal(json_array_size(smelters), json_array_size(rolled) + 1);
    for (size_t i = 0; i < json_array_size(rolled); i++) {
        json_t *r = json_array_get(rolled, i);
        assert_string_equal(field(smelters, i + 1, 1),
                            json_string_value(json_object_get(r, "smelter_id")));
        assert_string_equal(field(smelters, i + 1, 5),
                            json_string_value(json_object_get(r, "rmap_status")));
        char count[16];
        snprintf(count, sizeof count, "%lld",
                 (long long)json_integer_value(json_object_get(r, "suppliers")));
        assert_string_equal(field(smelters, i + 1, 9), count);
    }
    text = cli_out(dir, 0, "rollup --campaign 2025 --unresolved --json%s", "");
    json_t *unresolved = parse_json_lines(text);
    free(text);
    json_t *names = read_csv(out_dir, "unresolved.csv");
    assert_int_equal(json_array_size(names), json_array_size(unresolved) + 1);
    /* every supplier; the formula in V-5's name is text */
    json_t *sup = read_csv(out_dir, "suppliers.csv");
    assert_int_equal(json_array_size(sup), 6);
    size_t v5 = row_of(sup, 0, "V-5");
    assert_true(v5 > 0);
    assert_string_equal(field(sup, v5, 1), "'=HYPERLINK(\"http://x.example\",\"y\")");
    assert_string_equal(field(sup, v5, 6), "invalid");
    assert_string_equal(field(sup, row_of(sup, 0, "V-3"), 8), "weak");
    /* the findings of the current submissions, the formula finding among them */
    json_t *findings = read_csv(out_dir, "findings.csv");
    size_t inj = row_of(findings, 4, "CMRT-INJECT-FORMULA-TEXT");
    assert_true(inj > 0);
    assert_string_equal(field(findings, inj, 0), "V-5");
    assert_true(row_of(findings, 4, "CMRT-REQ-COMPANY-NAME") > 0);
    assert_int_equal(strlen(field(findings, inj, 2)), 10); /* a date */
    /* the corrective action written by hand, its formula-like text neutralised */
    json_t *actions = read_csv(out_dir, "actions.csv");
    assert_int_equal(json_array_size(actions), 2);
    assert_string_equal(field(actions, 1, 1), "V-3");
    assert_string_equal(field(actions, 1, 6), "'=ask for the RMAP audit report");
    assert_string_equal(field(actions, 1, 8), "2026-04-30");
    assert_string_equal(field(actions, 1, 9), "open");
    json_decref(actions);
    json_decref(rolled);
    json_decref(unresolved);
    json_decref(smelters);
    json_decref(names);
    json_decref(sup);
    json_decref(findings);
    free(out_dir);
}

static const char *python(void)
{
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static void test_xlsx_sheets_typed(void **state)
{
    const char *dir = *state;
    char *file = path_in(dir, "auditors.xlsx");
    free(cli_out(dir, 0, "export xlsx --campaign 2025 --out '%s'", file));
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s -c 'import openpyxl' >/dev/null 2>&1", python());
    if (system(cmd) != 0) {
        printf("note: python3-openpyxl missing, the workbook is not read back\n");
        free(file);
        skip();
    }
    snprintf(cmd, sizeof cmd, "%s '%s' '%s'", python(), src_path("tests/report/xlsx_dump.py"),
             file);
    FILE *p = popen(cmd, "r");
    char *buf = calloc(1, 1 << 20);
    size_t len = fread(buf, 1, (1 << 20) - 1, p);
    assert_int_equal(pclose(p), 0);
    buf[len] = '\0';
    json_t *dump = parse_json(buf);
    json_t *sheets = json_object_get(dump, "sheets");
    assert_int_equal(json_array_size(sheets), OT_EXPORT__COUNT);
    json_t *sup = json_array_get(sheets, OT_EXPORT_SUPPLIERS);
    assert_string_equal(json_string_value(json_object_get(sup, "name")), "Suppliers");
    assert_string_equal(json_string_value(json_object_get(sup, "freeze")), "A2");
    assert_string_equal(json_string_value(json_object_get(sup, "filter")), "A1:P6");
    json_t *v1 = json_array_get(json_object_get(sup, "rows"), 1);
    json_t *sub = json_array_get(v1, 4), *received = json_array_get(v1, 5);
    assert_string_equal(json_string_value(json_object_get(sub, "t")), "n");
    assert_true(json_is_true(json_object_get(received, "date")));
    json_t *v5 = json_array_get(json_object_get(sup, "rows"), 5);
    assert_string_equal(json_string_value(json_object_get(json_array_get(v5, 1), "v")),
                        "'=HYPERLINK(\"http://x.example\",\"y\")");
    assert_string_equal(json_string_value(json_object_get(json_array_get(v5, 1), "t")), "s");
    assert_non_null(strstr(json_string_value(json_object_get(dump, "title")), "campaign 2025"));
    json_t *act = json_array_get(sheets, OT_EXPORT_ACTIONS);
    assert_string_equal(json_string_value(json_object_get(act, "name")), "Corrective actions");
    json_t *a1 = json_array_get(json_object_get(act, "rows"), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a1, 0), "t")), "n");
    assert_true(json_is_true(json_object_get(json_array_get(a1, 8), "date")));
    json_decref(dump);
    free(buf);
    free(file);
}

/* `--json` prints exactly the use case's to_json. */
static void test_json_is_the_use_case_s(void **state)
{
    const char *dir = *state;
    char *file = path_in(dir, "same.xlsx");
    char *line = cli_out(dir, 0, "export xlsx --campaign 2025 --json --out '%s'", file);
    ot_app *app = NULL;
    ot_error err = {0};
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    ot_export_request req = {.campaign = "2025", .format = OT_EXPORT_FORMAT_XLSX, .out = file};
    ot_export_result res;
    assert_int_equal(ot_app_export(app, &req, &res, &err), OT_OK);
    ot_app_close(app);
    json_t *j = ot_export_result_to_json(&res);
    char *want = ot_json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    size_t n = strlen(line);
    assert_true(n > 0 && line[n - 1] == '\n');
    line[n - 1] = '\0';
    assert_string_equal(line, want);
    assert_int_equal(res.rows[OT_EXPORT_SUPPLIERS], 5);
    free(want);
    free(line);
    free(file);
}

static void test_errors_are_one_line(void **state)
{
    const char *dir = *state;
    char *out = NULL, *err = NULL;
    int rc =
        run_clif(&out, &err, "export csv --campaign 2031 --out '%s/x' --workspace '%s'", dir, dir);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err, "2031"));
    size_t lines = 0;
    for (const char *c = err; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1);
    free(out);
    free(err);
    rc =
        run_clif(&out, &err,
                 "export xlsx --campaign 2025 --out /nonexistent-dir/a.xlsx --workspace '%s'", dir);
    assert_int_equal(rc, 4);
    assert_non_null(strstr(err, "/nonexistent-dir/a.xlsx"));
    free(out);
    free(err);
    rc =
        run_clif(&out, &err, "export csv --campaign 2025 --as-of 2026-13-45 --workspace '%s'", dir);
    assert_int_equal(rc, 1);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_holds_the_rollup),
        cmocka_unit_test(test_xlsx_sheets_typed),
        cmocka_unit_test(test_json_is_the_use_case_s),
        cmocka_unit_test(test_errors_are_one_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
