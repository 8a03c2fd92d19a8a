/* `oretrace export cmrt` end to end on a real workspace: four suppliers' files ingested
 * through the CLI (the roll-up's fixture set), the company's CMRT keys in oretrace.conf.
 *  - the filled CMRT 6.5 reads back (`inspect --json`) with the configuration's company
 *    information, the derived answers the command printed, exactly the roll-up's smelter
 *    IDs on the Smelter List, and `validate` finds no error;
 *  - an override replaces the derived answer, its note is the comment, and the audit log
 *    records the export with the override;
 *  - bad input is one clear line and a non-zero status: an override without a note, a
 *    missing configuration key (named), a workbook that is no RMI template, a template
 *    version oretrace does not fill, an output folder that does not exist. */
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

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,"
    "j@rheinland-praezision.example\n"
    "V-3,Lakeside Components,GB,direct,2025-05-01,yes,Priya,priya@lakeside-components.example\n"
    "V-4,Northwind Sensor Systems,GB,direct,2025-05-01,yes,Jana,jana@northwind-sensors.example\n";

static const char *const fixtures[] = {"cmrt65_valid_company.xlsx", "cmrt64_valid_products.xlsx",
                                       "cmrt65_valid_covered.xlsx",
                                       "cmrt65_defect_missing_company_name.xlsx"};

static const char *const config = "company_name = Buyer Corp\n"
                                  "contact_name = Ada Byron\n"
                                  "contact_email = compliance@buyer.example\n"
                                  "contact_phone = +1 410 555 0100\n"
                                  "authorizer_name = Grace Hopper\n"
                                  "authorizer_title = General Counsel\n"
                                  "authorizer_email = grace@buyer.example\n"
                                  "policy_url = https://buyer.example/minerals-policy\n"
                                  "cmrt_policy = yes\n"
                                  "cmrt_require_validated = yes\n"
                                  "cmrt_due_diligence = yes\n"
                                  "cmrt_review = yes\n"
                                  "cmrt_corrective = yes\n"
                                  "cmrt_disclosure = sec\n";

static char *ws_dir;

static int setup(void **state)
{
    (void)state;
    ot_workspace *ws = open_temp_workspace(&ws_dir, config);
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    char args[8192];
    int n = snprintf(args, sizeof args, "ingest --today 2026-02-01");
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s", fixtures[i]);
        n += snprintf(args + n, sizeof args - (size_t)n, " '%s'", src_path(rel));
    }
    const char *steps[] = {"campaign new 2025 --due 2026-03-31 --today 2026-01-05",
                           "campaign send --today 2026-01-05", args};
    for (int i = 0; i < 3; i++) {
        char *out = NULL, *err = NULL;
        int rc = run_clif(&out, &err, "%s --workspace '%s'", steps[i], ws_dir);
        if (rc != 0 && i < 2) fail_msg("%s: %d %s", steps[i], rc, err);
        free(out);
        free(err);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    close_temp_workspace(NULL, ws_dir);
    return 0;
}

/* Runs the CLI in the workspace; returns the status, output in *out (caller frees). */
static int cli(char **out, char **err, const char *fmt, const char *a, const char *b)
{
    char args[4096];
    snprintf(args, sizeof args, fmt, a, b);
    return run_clif(out, err, "%s --workspace '%s'", args, ws_dir);
}

static char *out_path(const char *name)
{
    char *p = malloc(strlen(ws_dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", ws_dir, name);
    return p;
}

static const char *jstr(json_t *o, const char *a, const char *b, const char *c)
{
    json_t *v = json_object_get(o, a);
    if (b) v = json_object_get(v, b);
    if (c) v = json_object_get(v, c);
    return json_string_value(v);
}

static json_t *export_json(const char *extra, const char *name)
{
    char *path = out_path(name), *out = NULL, *err = NULL;
    char fmt[512];
    snprintf(fmt, sizeof fmt,
             "export cmrt --campaign 2025 --template '%%s' --out '%%s' --json "
             "--today 2026-02-10 %s",
             extra);
    int rc = cli(&out, &err, fmt, vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), path);
    if (rc != 0) fail_msg("export cmrt: %d: %s", rc, err);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    free(path);
    return j;
}

/* The derived answer the command printed for question q and metal m. */
static const char *printed(json_t *res, const char *q, const char *m)
{
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(res, "answers"), i, a)
    {
        if (!strcmp(jstr(a, "question", NULL, NULL), q) && !strcmp(jstr(a, "metal", NULL, NULL), m))
            return jstr(a, "answer", NULL, NULL);
    }
    return NULL;
}

static json_t *read_back(const char *cmd, const char *name, int want)
{
    char *path = out_path(name), *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --json '%s'", cmd, path);
    if (rc != want) fail_msg("%s: exit %d: %s", cmd, rc, err);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    free(path);
    return j;
}

static void exported_cmrt_reads_back(void **state)
{
    (void)state;
    json_t *res = export_json("", "ours.xlsx");
    assert_string_equal(jstr(res, "template", "type", NULL), "CMRT");
    assert_string_equal(jstr(res, "template", "version", NULL), "6.5");
    json_t *d = read_back("inspect", "ours.xlsx", 0);
    assert_string_equal(jstr(d, "company", "name", NULL), "Buyer Corp");
    assert_string_equal(jstr(d, "company", "scope", NULL), "A. Company");
    assert_string_equal(jstr(d, "company", "authorizer", "email"), "grace@buyer.example");
    assert_string_equal(jstr(d, "company", "effective_date", NULL), "2026-02-10");
    assert_string_equal(jstr(d, "company_questions", "B", "comment"),
                        "https://buyer.example/minerals-policy");
    assert_string_equal(jstr(d, "company_questions", "H", "answer"), "Yes, with the SEC");
    static const char *const metals[] = {"Tantalum", "Tin", "Gold", "Tungsten"};
    for (int q = 1; q <= 8; q++)
        for (int m = 0; m < 4; m++) {
            char key[4];
            snprintf(key, sizeof key, "%d", q);
            const char *want = printed(res, key, metals[m]);
            const char *got = jstr(d, "questions", key, metals[m]) ? NULL : NULL;
            json_t *cell =
                json_object_get(json_object_get(json_object_get(d, "questions"), key), metals[m]);
            got = json_string_value(json_object_get(cell, "answer"));
            if ((want == NULL) != (got == NULL) || (want && strcmp(want, got)))
                fail_msg("Q%s %s: printed %s, file %s", key, metals[m], want, got);
        }
    /* every smelter of the roll-up by ID, and nothing else by ID */
    char *out = NULL, *err = NULL;
    assert_int_equal(cli(&out, &err, "rollup --campaign %s%s --json", "2025", ""), 0);
    json_t *lines = parse_json_lines(out);
    size_t by_id = 0, i;
    json_t *row;
    json_array_foreach(json_object_get(d, "smelters"), i, row)
    {
        const char *id = jstr(row, "smelter_id_input", NULL, NULL);
        if (!id) continue;
        by_id++;
        bool found = false;
        size_t k;
        json_t *line;
        json_array_foreach(lines, k, line) found =
            found || !strcmp(jstr(line, "smelter_id", NULL, NULL), id);
        assert_true(found);
    }
    assert_int_equal(by_id, json_array_size(lines));
    assert_int_equal(
        by_id, json_integer_value(json_object_get(json_object_get(res, "smelters"), "by_id")));
    json_t *v = read_back("validate", "ours.xlsx", 0);
    json_t *f;
    json_array_foreach(json_object_get(v, "findings"), i, f)
    {
        if (!strcmp(jstr(f, "severity", NULL, NULL), "error"))
            fail_msg("validate error: %s", json_dumps(f, JSON_COMPACT));
    }
    json_decref(v);
    json_decref(lines);
    free(out);
    free(err);
    json_decref(d);
    json_decref(res);
}

static void override_is_written_and_audited(void **state)
{
    (void)state;
    json_t *res = export_json("--answer 3/Tin=Unknown --note 'smelter audit of V-2 pending'",
                              "overridden.xlsx");
    size_t i;
    json_t *a;
    bool seen = false;
    json_array_foreach(json_object_get(res, "answers"), i, a)
    {
        if (strcmp(jstr(a, "question", NULL, NULL), "3") ||
            strcmp(jstr(a, "metal", NULL, NULL), "Tin"))
            continue;
        seen = true;
        assert_true(json_is_true(json_object_get(a, "overridden")));
        assert_string_equal(jstr(a, "reason", NULL, NULL), "smelter audit of V-2 pending");
    }
    assert_true(seen);
    json_t *d = read_back("inspect", "overridden.xlsx", 0);
    assert_string_equal(jstr(d, "questions", "3", "Tin") ? "" : "", "");
    json_t *tin = json_object_get(json_object_get(json_object_get(d, "questions"), "3"), "Tin");
    assert_string_equal(json_string_value(json_object_get(tin, "answer")), "Unknown");
    assert_string_equal(json_string_value(json_object_get(tin, "comment")),
                        "smelter audit of V-2 pending");
    char *out = NULL, *err = NULL;
    assert_int_equal(cli(&out, &err, "audit show --action %s%s --json", "cmrt.export", ""), 0);
    assert_non_null(strstr(out, "smelter audit of V-2 pending"));
    free(out);
    free(err);
    json_decref(d);
    json_decref(res);
}

/* exit status non-zero, one line on stderr naming `want`, no file written */
static void refused(const char *fmt, const char *tpl, const char *want)
{
    char *path = out_path("refused.xlsx"), *out = NULL, *err = NULL;
    int rc = cli(&out, &err, fmt, tpl, path);
    assert_int_not_equal(rc, 0);
    if (!strstr(err, want)) fail_msg("stderr \"%s\" lacks \"%s\"", err, want);
    assert_non_null(strchr(err, '\n'));
    assert_null(strchr(err, '\n') + 1 < err + strlen(err) ? strchr(strchr(err, '\n') + 1, '\n')
                                                          : NULL);
    assert_null(slurp(path, NULL));
    free(path);
    free(out);
    free(err);
}

static void bad_input_is_one_clear_line(void **state)
{
    (void)state;
    const char *tpl = vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx");
    refused("export cmrt --template '%s' --out '%s' --answer 3/Tin=No", tpl, "note");
    refused("export cmrt --template '%s' --out '%s' --answer 3/Tin=Maybe --note x", tpl, "Maybe");
    refused("export cmrt --template '%s' --out '%s' --scope everything", tpl, "scope");
    refused("export cmrt --template '%s' --out '%s'",
            src_path("tests/fixtures/hostile/not_a_template.xlsx"), "not an RMI");
    refused("export cmrt --template '%s' --out '%s'", src_path("tests/fixtures/emrt13_valid.xlsx"),
            "EMRT 1.3");
    char *out = NULL, *err = NULL;
    int rc = cli(&out, &err, "export cmrt --template '%s' --out '%s'", tpl,
                 "/nonexistent-folder/ours.xlsx");
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err, "/nonexistent-folder/ours.xlsx"));
    free(out);
    free(err);
}

static void missing_config_key_is_named(void **state)
{
    (void)state;
    char *dir = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "company_name = Buyer Corp\n");
    ot_workspace_close(ws);
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "export cmrt --template '%s' --out '%s/x.xlsx' --workspace '%s'",
                      vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), dir, dir);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err, "contact_name"));
    free(out);
    free(err);
    close_temp_workspace(NULL, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exported_cmrt_reads_back),
        cmocka_unit_test(override_is_written_and_audited),
        cmocka_unit_test(bad_input_is_one_clear_line),
        cmocka_unit_test(missing_config_key_is_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
