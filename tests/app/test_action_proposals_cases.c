/* Corrective-action proposals and the per-supplier risk table, both computed from the
 * roll-up (app/actions.h, actions_propose.c; app/risk_table.h, `oretrace risk`)
 * on a real workspace: five suppliers, four files ingested through the CLI (one naming
 * refiners in Rwanda and Uganda with a weak program, one invalid) and one supplier that
 * sent nothing, and the May 2020 status list of demo/ imported. Each gap proposes its
 * action to its supplier, each red flag to every supplier naming the smelter, the status
 * list's age once to the company; accepting a proposal by its key stores it with the
 * codes it answers and takes it off the proposals, accepting twice or an unknown key is
 * refused; --supplier narrows; the CLI's --json is the use case's to_json. `oretrace
 * risk` gives one line per in-scope supplier with its program, scope, findings, red-flag
 * smelters and open actions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/actions.h"
#include "app/app.h"
#include "app/risk_table.h"
#include "testutil.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,"
    "j@rheinland-praezision.example\n"
    "V-3,Lakeside Components,GB,direct,2025-05-01,yes,Priya,priya@lakeside-components.example\n"
    "V-4,Northwind Sensor Systems,GB,direct,2025-05-01,yes,Jana,jana@northwind-sensors.example\n"
    "V-5,Quiet Metals,GB,direct,2025-05-01,yes,Quinn,quinn@quiet-metals.example\n";

static const char *const fixtures[] = {
    "cmrt65_valid_company.xlsx",               /* V-1 */
    "cmrt64_valid_products.xlsx",              /* V-2 */
    "cmrt65_valid_covered.xlsx",               /* V-3: Rwanda, Uganda; program weak */
    "cmrt65_defect_missing_company_name.xlsx", /* V-4: invalid */
};

static int cli(const char *dir, json_t **lines, char **err_text, const char *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --workspace '%s'", args, dir);
    if (lines) *lines = parse_json_lines(out);
    if (err_text)
        *err_text = err;
    else
        free(err);
    free(out);
    return rc;
}

static int setup(void **state)
{
    char *dir = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "company_name = Buyer Corp\n"
                                                 "contact_email = compliance@buyer.example\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    assert_int_equal(cli(dir, NULL, NULL, "campaign new 2025 --due 2026-03-31 --today 2026-01-05"),
                     0);
    assert_int_equal(cli(dir, NULL, NULL, "campaign send --today 2026-01-05"), 0);
    char args[8192];
    int n = snprintf(args, sizeof args, "ingest --today 2026-02-01");
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "tests/fixtures/%s", fixtures[i]);
        n += snprintf(args + n, sizeof args - (size_t)n, " '%s'", src_path(rel));
    }
    assert_int_equal(cli(dir, NULL, NULL, args), 3); /* one file is invalid, on purpose */
    char import[4300];
    snprintf(import, sizeof import, "refdata status-import '%s'",
             src_path("demo/rmap-status-2020-05.csv"));
    assert_int_equal(cli(dir, NULL, NULL, import), 0);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    close_temp_workspace(NULL, *state);
    return 0;
}

static json_t *proposals(const char *dir, const char *extra)
{
    char args[512];
    snprintf(args, sizeof args, "actions list --proposed --today 2026-02-05 --json %s", extra);
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL, args), 0);
    return lines;
}

static json_t *find(json_t *lines, const char *key)
{
    size_t i;
    json_t *row;
    json_array_foreach(lines, i, row)
    {
        json_t *k = json_object_get(row, "key");
        if (k && strcmp(json_string_value(k), key) == 0) return row;
    }
    return NULL;
}

static size_t count_kind(json_t *lines, const char *kind)
{
    size_t i, n = 0;
    json_t *row;
    json_array_foreach(lines, i, row) n +=
        strcmp(json_string_value(json_object_get(row, "kind")), kind) == 0;
    return n;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void gaps_and_flags_propose_their_actions(void **state)
{
    json_t *p = proposals(*state, "");
    /* supplier gaps */
    json_t *weak = find(p, "ACT-STRENGTHEN-PROGRAM:V-3:-");
    assert_non_null(weak);
    assert_string_equal(str(weak, "type"), "proposal");
    assert_string_equal(str(weak, "supplier_name"), "Lakeside Components");
    assert_string_equal(json_string_value(json_array_get(json_object_get(weak, "answers"), 0)),
                        "SP-WEAK-PROGRAM");
    assert_string_equal(str(weak, "due_date"), "2026-08-04"); /* 180 days */
    assert_non_null(find(p, "ACT-REQUEST-CORRECTION:V-4:-"));
    assert_non_null(find(p, "ACT-REQUEST-SUBMISSION:V-5:-"));
    assert_null(find(p, "ACT-STRENGTHEN-PROGRAM:V-4:-")); /* invalid: correction only */
    assert_null(find(p, "ACT-REQUEST-SUBMISSION:V-1:-"));
    /* red flags: the Ugandan refiner, Not Enrolled, is asked of the supplier naming it */
    json_t *uganda = find(p, "ACT-REVIEW-ORIGIN:V-3:CID003185");
    assert_non_null(uganda);
    assert_non_null(strstr(str(uganda, "reason"), "UGANDA"));
    assert_non_null(find(p, "ACT-SMELTER-OUTREACH:V-3:CID003185"));
    /* the old status list: once, to the company */
    assert_int_equal(count_kind(p, "ACT-REFRESH-STATUS"), 1);
    json_t *refresh = find(p, "ACT-REFRESH-STATUS:-:-");
    assert_non_null(refresh);
    assert_true(json_is_null(json_object_get(refresh, "supplier_id")));
    json_decref(p);

    p = proposals(*state, "--supplier V-3");
    size_t i;
    json_t *row;
    json_array_foreach(p, i, row) assert_string_equal(str(row, "supplier_id"), "V-3");
    assert_non_null(find(p, "ACT-STRENGTHEN-PROGRAM:V-3:-"));
    json_decref(p);
}

static void accepting_a_proposal_stores_it(void **state)
{
    const char *dir = *state;
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL,
                         "actions add 'ACT-STRENGTHEN-PROGRAM:V-3:-' --owner bob "
                         "--today 2026-02-05 --json"),
                     0);
    json_t *a = json_array_get(lines, 0);
    assert_string_equal(str(a, "type"), "action");
    assert_string_equal(str(a, "proposal_key"), "ACT-STRENGTHEN-PROGRAM:V-3:-");
    assert_string_equal(str(a, "supplier_id"), "V-3");
    assert_string_equal(str(a, "kind"), "ACT-STRENGTHEN-PROGRAM");
    assert_string_equal(str(a, "owner"), "bob");
    assert_string_equal(str(a, "due_date"), "2026-08-04");
    assert_string_equal(json_string_value(json_array_get(json_object_get(a, "answers"), 0)),
                        "SP-WEAK-PROGRAM");
    json_decref(lines);
    assert_int_equal(cli(dir, &lines, NULL,
                         "actions add 'ACT-REVIEW-ORIGIN:V-3:CID003185' --due 2026-03-01 --json"),
                     0);
    assert_string_equal(str(json_array_get(lines, 0), "smelter_id"), "CID003185");
    assert_string_equal(str(json_array_get(lines, 0), "due_date"), "2026-03-01");
    json_decref(lines);

    json_t *p = proposals(dir, "");
    assert_null(find(p, "ACT-STRENGTHEN-PROGRAM:V-3:-"));
    assert_null(find(p, "ACT-REVIEW-ORIGIN:V-3:CID003185"));
    assert_non_null(find(p, "ACT-SMELTER-OUTREACH:V-3:CID003185"));
    json_decref(p);

    char *err = NULL;
    assert_int_equal(cli(dir, NULL, &err, "actions add 'ACT-STRENGTHEN-PROGRAM:V-3:-'"), 4);
    assert_non_null(strstr(err, "accepted already: action 1"));
    free(err);
    assert_int_equal(cli(dir, NULL, &err, "actions add 'ACT-STRENGTHEN-PROGRAM:V-1:-'"), 4);
    assert_non_null(strstr(err, "propose no action"));
    free(err);
    /* a closed action stays accepted: not proposed again */
    assert_int_equal(cli(dir, NULL, NULL, "actions close 1 --note 'plan received'"), 0);
    p = proposals(dir, "");
    assert_null(find(p, "ACT-STRENGTHEN-PROGRAM:V-3:-"));
    json_decref(p);
}

static void cli_json_is_the_use_case_s(void **state)
{
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(*state, &app, &err), OT_OK);
    ot_actions_list_request req = {.proposed = true, .today = iso_day("2026-02-05")};
    ot_actions_list_result res;
    assert_int_equal(ot_app_actions_list(app, &req, &res, &err), OT_OK);
    assert_int_equal(res.n_actions, 2);
    assert_true(res.n_proposals > 10);
    json_t *want = ot_actions_list_result_to_json(&res);
    ot_actions_list_result_free(&res);
    ot_app_close(app);
    json_t *got = proposals(*state, "");
    assert_true(json_equal(got, want));
    json_decref(got);
    json_decref(want);
}

static json_t *supplier_line(json_t *lines, const char *id)
{
    size_t i;
    json_t *row;
    json_array_foreach(lines, i, row) if (strcmp(str(row, "supplier_id"), id) == 0) return row;
    fail_msg("no line for %s", id);
    return NULL;
}

static bool has_code(json_t *findings, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f) if (strcmp(str(f, "code"), code) == 0) return true;
    return false;
}

static void risk_gives_one_line_per_supplier(void **state)
{
    const char *dir = *state;
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL, "risk --campaign 2025/CMRT --json"), 0);
    assert_int_equal(json_array_size(lines), 5);
    size_t i;
    json_t *row;
    json_array_foreach(lines, i, row)
    {
        /* the count is the list's length, and the list is the smelters' medium/high ones */
        assert_int_equal(json_integer_value(json_object_get(row, "red_flag_smelters")),
                         json_array_size(json_object_get(row, "red_flag_smelter_ids")));
    }
    json_t *v3 = supplier_line(lines, "V-3");
    assert_string_equal(str(v3, "program"), "weak");
    assert_string_equal(str(v3, "scope"), "company");
    assert_string_equal(str(v3, "outcome"), "valid");
    assert_true(has_code(json_object_get(v3, "findings"), "SP-WEAK-PROGRAM"));
    assert_true(has_code(json_object_get(v3, "findings"), "SP-COMPANY-SCOPE"));
    bool uganda = false;
    json_array_foreach(json_object_get(v3, "red_flag_smelter_ids"), i, row) uganda |=
        strcmp(json_string_value(row), "CID003185") == 0;
    assert_true(uganda);
    /* action 1 was closed, action 2 (due 2026-03-01) is open */
    assert_int_equal(json_integer_value(json_object_get(v3, "actions_open")), 1);
    json_t *v1 = supplier_line(lines, "V-1");
    assert_string_equal(str(v1, "program"), "strong");
    assert_int_equal(json_integer_value(json_object_get(v1, "actions_open")), 0);
    json_t *v4 = supplier_line(lines, "V-4");
    assert_string_equal(str(v4, "outcome"), "invalid");
    assert_int_equal(json_array_size(json_object_get(v4, "findings")), 1);
    assert_true(has_code(json_object_get(v4, "findings"), "SP-INVALID"));
    json_t *v5 = supplier_line(lines, "V-5");
    assert_string_equal(str(v5, "outcome"), "none");
    assert_string_equal(str(v5, "program"), "unknown");
    assert_true(has_code(json_object_get(v5, "findings"), "SP-NO-SUBMISSION"));
    json_decref(lines);

    assert_int_equal(cli(dir, &lines, NULL, "risk --today 2026-03-02 --json"), 0);
    assert_int_equal(
        json_integer_value(json_object_get(supplier_line(lines, "V-3"), "actions_overdue")), 1);
    json_decref(lines);

    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "risk --workspace '%s'", dir), 0);
    assert_non_null(strstr(out, "5 in-scope suppliers"));
    assert_non_null(strstr(out, "SP-WEAK-PROGRAM SP-COMPANY-SCOPE"));
    free(out);
    free(err);
    assert_int_equal(run_clif(NULL, &err, "risk --campaign 2025/EMRT --workspace '%s'", dir), 4);
    assert_non_null(strstr(err, "no campaign 2025/EMRT"));
    free(err);
}

static void risk_json_is_the_use_case_s(void **state)
{
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(*state, &app, &err), OT_OK);
    ot_risk_table_request req = {.campaign = "2025", .today = iso_day("2026-02-05")};
    ot_risk_table_result res;
    assert_int_equal(ot_app_risk_table(app, &req, &res, &err), OT_OK);
    json_t *want = ot_risk_table_result_to_json(&res);
    ot_risk_table_result_free(&res);
    ot_app_close(app);
    json_t *got;
    assert_int_equal(cli(*state, &got, NULL, "risk --today 2026-02-05 --json"), 0);
    assert_true(json_equal(got, want));
    json_decref(got);
    json_decref(want);
}

int main(void)
{
    /* in order: each test continues on the workspace the one before left */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gaps_and_flags_propose_their_actions),
        cmocka_unit_test(accepting_a_proposal_stores_it),
        cmocka_unit_test(cli_json_is_the_use_case_s),
        cmocka_unit_test(risk_gives_one_line_per_supplier),
        cmocka_unit_test(risk_json_is_the_use_case_s),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
