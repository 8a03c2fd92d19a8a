/* The program's use cases (app/suppliers.h, app/campaign.h, app/ingest.h) called directly,
 * as a web server or the report generator will call them, on a workspace with a vendor
 * list, a campaign and files ingested; and the CLI's --json on the same workspace prints
 * exactly what the use case's to_json returns: one line for an object, a line per element
 * for a list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/campaign.h"
#include "app/ingest.h"
#include "app/suppliers.h"
#include "testutil.h"
#include "util/jsonout.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland "
    "Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,j@rheinland-praezision.example\n"
    "V-3,Office Supplies Ltd,GB,service,2025-05-01,yes,Sam,sam@office.example\n";

typedef struct fixture {
    char *dir;
    ot_app *app;
} fixture;

static void copy_fixture(const char *name, const char *to)
{
    size_t len;
    char *data = slurp(src_path(name), &len);
    assert_non_null(data);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

/* A campaign for 2025 with requests sent and two returned files ingested through the
 * ingest use case. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ot_workspace *ws = open_temp_workspace(&f->dir, "company_name = Buyer Corp\n"
                                                    "contact_email = compliance@buyer.example\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    ot_error err;
    assert_int_equal(ot_app_open(f->dir, &f->app, &err), OT_OK);
    ot_campaign_new_result made;
    ot_campaign_new_request nreq = {
        .year = 2025, .due_date = "2026-03-31", .today = iso_day("2026-01-05"), .actor = "test"};
    assert_int_equal(ot_app_campaign_new(f->app, &nreq, &made, &err), OT_OK);
    ot_campaign_send_request sreq = {.today = iso_day("2026-01-05"), .actor = "test"};
    ot_campaign_send_result sent;
    assert_int_equal(ot_app_campaign_send(f->app, &sreq, &sent, &err), OT_OK);
    assert_int_equal(sent.report.written, 2); /* the service supplier is out of scope */
    ot_campaign_send_result_free(&sent);
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/harbor.xlsx", f->dir);
    snprintf(b, sizeof b, "%s/rheinland.xlsx", f->dir);
    copy_fixture("tests/fixtures/cmrt65_valid_company.xlsx", a);
    copy_fixture("tests/fixtures/cmrt64_valid_products.xlsx", b);
    const char *paths[] = {a, b};
    ot_ingest_request ireq = {.paths = paths,
                              .n_paths = 2,
                              .threads = 2,
                              .today = iso_day("2026-02-01"),
                              .actor = "test"};
    ot_ingest_result ing;
    assert_int_equal(ot_app_ingest(f->app, &ireq, &ing, &err), OT_OK);
    assert_int_equal(ing.summary.ingested, 2);
    assert_int_equal(ing.n_outcomes, 2);
    assert_string_equal(ing.outcomes[0].supplier_id, "V-1"); /* by the contact's e-mail domain */
    ot_ingest_result_free(&ing);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_app_close(f->app);
    close_temp_workspace(NULL, f->dir);
    free(f);
    return 0;
}

/* What the CLI prints for value: each element of an array, or the object, as one compact
 * line. Releases value. */
static char *as_json_lines(json_t *value)
{
    assert_non_null(value);
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
    size_t cap = 1 << 16, len = 0;
    char *text = calloc(1, cap);
    size_t n = json_is_array(value) ? json_array_size(value) : 1;
    for (size_t i = 0; i < n; i++) {
        char *line = ot_json_dumps(json_is_array(value) ? json_array_get(value, i) : value, flags);
        assert_non_null(line);
        assert_true(len + strlen(line) + 2 < cap);
        len += (size_t)snprintf(text + len, cap - len, "%s\n", line);
        free(line);
    }
    json_decref(value);
    return text;
}

/* The CLI's output for `oretrace ARGS --json --workspace DIR`. */
static char *cli_json(const fixture *f, const char *args)
{
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "%s --json --workspace '%s'", args, f->dir), 0);
    free(err);
    return out;
}

static void campaign_status_json_is_the_use_case_s(void **state)
{
    fixture *f = *state;
    ot_campaign_status_request req = {.campaign = "2025"};
    ot_campaign_status_result res;
    ot_error err;
    assert_int_equal(ot_app_campaign_status(f->app, &req, &res, &err), OT_OK);
    assert_int_equal(res.status.total.surveyed, 2);
    assert_int_equal(res.status.total.responded, 2);
    assert_int_equal(res.status.submissions.received, 2);
    char *want = as_json_lines(ot_campaign_status_result_to_json(&res));
    ot_campaign_status_result_free(&res);
    char *got = cli_json(f, "campaign status");
    assert_string_equal(got, want);
    /* one object on one line, with the figures a report quotes */
    assert_ptr_equal(strchr(got, '\n'), got + strlen(got) - 1);
    json_t *j = parse_json(got);
    assert_int_equal(json_integer_value(json_object_get(j, "campaign")), 2025);
    assert_true(json_real_value(json_object_get(j, "response_rate")) == 100.0);
    json_decref(j);
    free(got);
    free(want);
}

static void lists_print_one_line_per_row_from_the_use_case(void **state)
{
    fixture *f = *state;
    ot_error err;
    ot_campaign_suppliers_request creq = {.campaign = NULL};
    ot_campaign_suppliers_result cres;
    assert_int_equal(ot_app_campaign_suppliers(f->app, &creq, &cres, &err), OT_OK);
    assert_int_equal(cres.n, 3);
    char *want = as_json_lines(ot_campaign_suppliers_result_to_json(&cres));
    ot_campaign_suppliers_result_free(&cres);
    char *got = cli_json(f, "campaign suppliers");
    assert_string_equal(got, want);
    free(got);
    free(want);

    ot_campaign_files_request freq = {.campaign = "2025"};
    ot_campaign_files_result fres;
    assert_int_equal(ot_app_campaign_files(f->app, &freq, &fres, &err), OT_OK);
    assert_int_equal(fres.n, 2);
    want = as_json_lines(ot_campaign_files_result_to_json(&fres));
    ot_campaign_files_result_free(&fres);
    got = cli_json(f, "campaign files");
    assert_string_equal(got, want);
    free(got);
    free(want);

    ot_suppliers_list_request lreq = {.in_scope_only = true};
    ot_suppliers_list_result lres;
    assert_int_equal(ot_app_suppliers_list(f->app, &lreq, &lres, &err), OT_OK);
    assert_int_equal(lres.n, 2);
    want = as_json_lines(ot_suppliers_list_result_to_json(&lres));
    ot_suppliers_list_result_free(&lres);
    got = cli_json(f, "suppliers list --in-scope");
    assert_string_equal(got, want);
    json_t *rows = parse_json_lines(got);
    assert_int_equal(json_array_size(rows), 2);
    json_decref(rows);
    free(got);
    free(want);
}

static void a_missing_campaign_is_told_apart(void **state)
{
    fixture *f = *state;
    ot_campaign_status_request req = {.campaign = "2031"};
    ot_campaign_status_result res;
    ot_error err;
    assert_int_equal(ot_app_campaign_status(f->app, &req, &res, &err), OT_E_NOT_FOUND);
    assert_int_equal(res.campaign.id, 0);
    /* the library speaks of campaigns; the CLI adds its command */
    assert_null(strstr(err.message, "oretrace"));
    ot_campaign_status_result_free(&res);
    char *out = NULL, *text = NULL;
    assert_int_equal(
        run_clif(&out, &text, "campaign status --campaign 2031 --workspace '%s'", f->dir), 4);
    assert_non_null(
        strstr(text, "no campaign for 2031 (create it with `oretrace campaign new 2031`)"));
    free(out);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(campaign_status_json_is_the_use_case_s, setup, teardown),
        cmocka_unit_test_setup_teardown(lists_print_one_line_per_row_from_the_use_case, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_missing_campaign_is_told_apart, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
