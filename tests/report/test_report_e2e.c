/* `oretrace report cmr` and `report verify` end to end through the CLI: a workspace with
 * a vendor list, the 2025 campaign sent and three supplier files ingested; the documents
 * pass the EDGAR profile, every number of the CMR is in evidence.json, verify agrees on
 * the unchanged workspace and reports the change once another file is ingested; a
 * missing filer key and an unknown placeholder fail, naming the key / file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmr_check.h"
#include "report/edgar.h"
#include "util/fileio.h"
#include "testutil.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint-elec.example\n"
    "V-2,Rheinland Praezisionsteile,DE,direct,2025-05-01,yes,Juergen,"
    "j@rheinland-praezision.example\n"
    "V-3,Lakeside Components,GB,direct,2025-05-01,yes,Priya,priya@lakeside-components.example\n"
    "V-4,Northwind Sensor Systems,GB,direct,2025-05-01,yes,Jana,jana@northwind-sensors.example\n";

static const char *const filer =
    "company_name = Buyer Corp\ncontact_email = compliance@buyer.example\n"
    "filer_name = Buyer Corp\nfiler_state = Delaware\nfiler_file_number = 001-34674\n"
    "filer_irs_number = 68-0438710\nfiler_address = 1 Main Street, Springfield, IL 62701\n"
    "filer_contact = Jane Roe, General Counsel\nfiler_phone = (555) 010-0199\n"
    "filer_signer = Jane Roe\nfiler_signer_title = General Counsel\n";

static char *ws_dir;

static int cli(char **out, char **err, const char *fmt, const char *arg)
{
    char args[4096];
    snprintf(args, sizeof args, fmt, arg);
    return run_clif(out, err, "%s --workspace '%s'", args, ws_dir);
}

static void ingest(const char *fixture)
{
    char rel[256], *out = NULL;
    snprintf(rel, sizeof rel, "tests/fixtures/%s", fixture);
    int rc = cli(&out, NULL, "ingest --today 2026-02-01 '%s'", src_path(rel));
    assert_true(rc == 0 || rc == 3); /* 3: the file is invalid, on purpose */
    free(out);
}

static int setup(void **state)
{
    (void)state;
    ot_workspace *ws = open_temp_workspace(&ws_dir, filer);
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    char *out = NULL;
    if (cli(&out, NULL, "campaign new 2025 --due 2026-03-31 --today %s", "2026-01-05")) return -1;
    free(out);
    if (cli(&out, NULL, "campaign send --today %s", "2026-01-05")) return -1;
    free(out);
    if (cli(&out, NULL, "report init-text%s", "")) return -1;
    free(out);
    ingest("cmrt65_valid_company.xlsx");
    ingest("cmrt64_valid_products.xlsx");
    ingest("cmrt65_valid_covered.xlsx");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    close_temp_workspace(NULL, ws_dir);
    return 0;
}

static char *in_out(const char *name)
{
    static char path[4][4200];
    static int slot;
    char *p = path[slot++ % 4];
    snprintf(p, sizeof path[0], "%s/out/%s", ws_dir, name);
    return p;
}

/* The PDF copy is beside the HTML, listed in the evidence with the SHA-256 of its bytes,
 * and says what the CMR says (its response rate, its page numbers). */
static void pdf_copy_is_evidenced(json_t *ev)
{
    json_t *docs = json_object_get(ev, "documents"), *d = NULL, *pdf = NULL;
    size_t i;
    json_array_foreach(
        docs, i, d) if (strcmp(json_string_value(json_object_get(d, "kind")), "pdf") == 0) pdf = d;
    assert_non_null(pdf);
    const char *name = json_string_value(json_object_get(pdf, "file"));
    assert_string_equal(name, "conflict-minerals-report-2025.pdf");
    size_t len = 0;
    char *bytes = slurp(in_out(name), &len);
    assert_non_null(bytes);
    assert_memory_equal(bytes, "%PDF-", 5);
    char sha[OT_SHA256_HEX_LEN];
    ot_sha256_hex(bytes, len, sha);
    assert_string_equal(sha, json_string_value(json_object_get(pdf, "sha256")));
    free(bytes);
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) return; /* poppler-utils: test set */
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' -", in_out(name));
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t got = fread(text, 1, (1 << 20) - 1, p);
    assert_int_equal(pclose(p), 0);
    assert_true(got > 0);
    assert_non_null(strstr(text, "Conflict Minerals Report"));
    assert_non_null(strstr(text, "Supplier responses over the campaign"));
    assert_non_null(strstr(text, "Page 1 of"));
    free(text);
}

static void the_report_passes_edgar_and_every_number_is_evidenced(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL, outdir[4200];
    snprintf(outdir, sizeof outdir, "%s/out", ws_dir);
    int rc =
        cli(&out, &err, "report cmr --campaign 2025 --as-of 2099-12-31 --json --out '%s'", outdir);
    if (rc) fail_msg("report cmr: %d %s", rc, err);
    json_t *res = parse_json(out);
    assert_string_equal(json_string_value(json_object_get(res, "conclusion")), "dd_required");
    json_decref(res);
    free(out), free(err);
    const char *names[] = {"formsd2025.htm", "ex101cmr2025.htm"};
    char *html[2];
    for (int i = 0; i < 2; i++) {
        size_t len = 0;
        html[i] = slurp(in_out(names[i]), &len);
        assert_non_null(html[i]);
        ot_error e = {0};
        const char *other[] = {names[1 - i]};
        if (ot_edgar_check(names[i], html[i], len, other, 1, &e) != OT_OK)
            fail_msg("%s", e.message);
    }
    json_error_t je;
    json_t *ev = json_load_file(in_out("evidence.json"), 0, &je);
    assert_non_null(ev);
    char *text = visible_text(html[1]);
    const char *left = number_not_in_evidence(text, ev);
    if (left) fail_msg("a number in the CMR that evidence.json does not give: ...%.60s", left);
    /* the figures behind the response rate name the supplier that answered */
    json_t *figs = json_object_get(ev, "figures");
    size_t i;
    json_t *f = NULL;
    json_array_foreach(figs, i, f) if (strcmp(json_string_value(json_object_get(f, "name")),
                                              "suppliers_responded") == 0) break;
    assert_non_null(f);
    assert_true(json_array_size(json_object_get(f, "supplier_ids")) ==
                (size_t)json_integer_value(json_object_get(f, "value")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(ev, "inputs"), "as_of")),
                        "2099-12-31");
    assert_true(json_array_size(json_object_get(json_object_get(ev, "appendix"), "smelters")) > 0);
    pdf_copy_is_evidenced(ev);
    json_decref(ev);
    free(text), free(html[0]), free(html[1]);
    rc = cli(&out, NULL, "report verify '%s'", outdir);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "unchanged"));
    free(out);
}

static void an_unknown_placeholder_fails_naming_file_and_line(void **state)
{
    (void)state;
    char path[4200], *out = NULL, *err = NULL;
    snprintf(path, sizeof path, "%s/report-text/grievance.txt", ws_dir);
    char *saved = slurp(path, NULL);
    const char *bad = "Concerns go to {{hotline_number}}.\n";
    assert_int_equal(spit(path, bad, strlen(bad)), 0);
    assert_int_not_equal(cli(&out, &err, "report cmr --out '%s/bad'", ws_dir), 0);
    assert_non_null(strstr(err, "report-text/grievance.txt:1"));
    assert_non_null(strstr(err, "{{hotline_number}}"));
    assert_int_equal(spit(path, saved, strlen(saved)), 0);
    free(saved), free(out), free(err);
}

static void verify_reports_a_change_after_a_new_submission(void **state)
{
    (void)state;
    ingest("cmrt65_defect_missing_company_name.xlsx");
    char *out = NULL, outdir[4200];
    snprintf(outdir, sizeof outdir, "%s/out", ws_dir);
    assert_int_equal(cli(&out, NULL, "report verify --json '%s'", outdir), 3);
    json_t *j = parse_json(out);
    assert_true(json_integer_value(json_object_get(j, "changed")) > 0);
    bool responded = false;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "changes"), i, c) responded |=
        strcmp(json_string_value(json_object_get(c, "what")), "figure suppliers_responded") == 0;
    assert_true(responded);
    json_decref(j);
    free(out);
}

static void a_missing_filer_key_fails_naming_it(void **state)
{
    (void)state;
    char *dir = NULL, *out = NULL, *err = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "filer_name = Buyer Corp\n");
    ot_workspace_close(ws);
    char *saved = ws_dir;
    ws_dir = dir;
    assert_int_equal(cli(&out, NULL, "campaign new 2025 --due %s", "2026-03-31"), 0);
    free(out);
    assert_int_not_equal(cli(&out, &err, "report cmr --out '%s/out'", dir), 0);
    assert_non_null(strstr(err, "filer_state"));
    free(out), free(err);
    ws_dir = saved;
    close_temp_workspace(NULL, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_report_passes_edgar_and_every_number_is_evidenced),
        cmocka_unit_test(an_unknown_placeholder_fails_naming_file_and_line),
        cmocka_unit_test(verify_reports_a_change_after_a_new_submission),
        cmocka_unit_test(a_missing_filer_key_fails_naming_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
