/* test_cmrt_libreoffice.c - a filled CMRT opens in LibreOffice and recalculates cleanly.
 *
 * The filled CMRT 6.5 (company scope, all four metals, smelters entered by ID and one as
 * "Smelter not listed") is converted by `soffice --headless --convert-to xlsx` with a
 * private profile. LibreOffice recalculates on load (the writer set fullCalcOnLoad), so
 * the converted file holds fresh results of the template's own formulas: the Checker's
 * count of open required items (Checker!H70 = SUM(H4:H69)) must be 0 - every required
 * field is filled in the template's own eyes - and the Smelter List's look-up formulas
 * must have found the typed IDs (metal and standard name in B and C). Skipped, with the
 * reason, when soffice is not installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/workbook.h"
#include "report/cmrt_writer.h"
#include "testutil.h"

static const char *const METALS[] = {"Tantalum", "Tin", "Gold", "Tungsten"};
static const char *const IDS[] = {"CID002549", "CID000292", "CID000015", "CID002044"};

static void fill(ot_cmrt_input *in, ot_cmrt_metal metals[4], ot_cmrt_smelter sm[5])
{
    memset(in, 0, sizeof *in);
    in->language = "English";
    const char *f[OT_F__COUNT] = {[OT_F_COMPANY_NAME] = "Northwind Sensors Ltd",
                                  [OT_F_SCOPE] = "A",
                                  [OT_F_CONTACT_NAME] = "Ada Byron",
                                  [OT_F_CONTACT_EMAIL] = "ada@nw.example",
                                  [OT_F_CONTACT_PHONE] = "+44 113 555 0199",
                                  [OT_F_AUTHORIZER_NAME] = "Grace Hopper",
                                  [OT_F_AUTHORIZER_EMAIL] = "grace@nw.example",
                                  [OT_F_EFFECTIVE_DATE] = "2026-01-20"};
    memcpy(in->fields, f, sizeof f);
    for (int m = 0; m < 4; m++) {
        memset(&metals[m], 0, sizeof metals[m]);
        metals[m].metal = METALS[m];
        static const int roles[] = {
            OT_Q_INTENTIONAL, OT_Q_REMAINS,      OT_Q_COVERED_COUNTRIES, OT_Q_CAHRA,
            OT_Q_RECYCLED,    OT_Q_ALL_SMELTERS, OT_Q_ALL_INFO_REPORTED};
        static const char *const ans[] = {"Yes", "Yes", "No", "No", "No", "Yes", "Yes"};
        for (int q = 0; q < 7; q++)
            metals[m].q[roles[q]].answer = ans[q];
        metals[m].q[OT_Q_RESPONSE_RATE].answer = "100%";
        sm[m] = (ot_cmrt_smelter){.smelter_id = IDS[m], .metal = METALS[m]};
    }
    sm[4] = (ot_cmrt_smelter){
        NULL, "Tin", "Example Tin Works", "BOLIVIA (PLURINATIONAL STATE OF)", "Unknown", NULL};
    in->metal_count = 4;
    in->metals = metals;
    static const char *const cq[] = {"Yes", "No", "Yes", "Yes", "No", "Yes", "Yes", "No"};
    static const int roles[] = {OT_CQ_POLICY,        OT_CQ_POLICY_PUBLIC, OT_CQ_REQUIRE_VALIDATED,
                                OT_CQ_DUE_DILIGENCE, OT_CQ_SURVEY,        OT_CQ_REVIEW,
                                OT_CQ_CORRECTIVE,    OT_CQ_DISCLOSURE};
    for (int i = 0; i < 8; i++)
        in->company[roles[i]].answer = cq[i];
    in->smelter_count = 5;
    in->smelters = sm;
}

static const ot_cell *cell(const ot_sheet *sh, const char *a1)
{
    uint32_t r, c;
    assert_true(ot_parse_a1(a1, &r, &c));
    return ot_sheet_cell(sh, r, c);
}

/* LibreOffice 7.4 leaves the cached results of an .xlsx as they are unless its setting
 * "Recalculation on file load, Excel 2007 and newer" says Always (default: Never; it does
 * not read fullCalcOnLoad, which Excel honours). The private profile says Always. */
static void set_recalc_always(void)
{
    char dir[1024], path[1100];
    snprintf(dir, sizeof dir, "mkdir -p '%s/lo-profile/user'", test_dir);
    assert_int_equal(system(dir), 0);
    snprintf(path, sizeof path, "%s/lo-profile/user/registrymodifications.xcu", test_dir);
    const char *xcu =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
        "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\">"
        "<prop oor:name=\"OOXMLRecalcMode\" oor:op=\"fuse\"><value>0</value></prop></item>\n"
        "</oor:items>\n";
    assert_int_equal(spit(path, xcu, strlen(xcu)), 0);
}

static void libreoffice_recalculates_a_clean_checker(void **state)
{
    (void)state;
    char filled[1024], outdir[1024], converted[1100], cmd[4096];
    snprintf(filled, sizeof filled, "%s/ours.xlsx", test_dir);
    snprintf(outdir, sizeof outdir, "%s/converted", test_dir);
    snprintf(converted, sizeof converted, "%s/ours.xlsx", outdir);
    ot_cmrt_input in;
    ot_cmrt_metal metals[4];
    ot_cmrt_smelter sm[5];
    fill(&in, metals, sm);
    ot_cmrt_output info;
    ot_error err = {0};
    if (ot_cmrt_fill_file(vendored_path("rmi-templates/RMI_CMRT_6.5.xlsx"), &in, filled, &info,
                          &err))
        fail_msg("fill: %s", err.message);
    set_recalc_always();
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LC_ALL=C.UTF-8 TZ=UTC HOME='%s' timeout 300 soffice --headless "
             "--norestore '-env:UserInstallation=file://%s/lo-profile' --convert-to xlsx "
             "--outdir '%s' '%s' >/dev/null 2>&1",
             test_dir, test_dir, test_dir, outdir, filled);
    assert_int_equal(system(cmd), 0);

    ot_workbook *wb;
    if (ot_workbook_open(converted, NULL, &wb, &err)) fail_msg("converted: %s", err.message);
    const ot_sheet *checker, *list;
    assert_int_equal(ot_workbook_sheet(wb, "Checker", &checker, &err), OT_OK);
    assert_int_equal(ot_workbook_sheet(wb, "Smelter List", &list, &err), OT_OK);
    const ot_cell *open_items = cell(checker, "H70");
    assert_non_null(open_items);
    assert_int_equal(open_items->kind, OT_CELL_NUMBER);
    if (open_items->number != 0) { /* name the Checker rows still open */
        for (uint32_t r = 4; r <= 69; r++) {
            const ot_cell *h = ot_sheet_cell(checker, r, 8);
            if (h && h->kind == OT_CELL_NUMBER && h->number != 0)
                print_message("open Checker row %u\n", r);
        }
        fail_msg("Checker!H70 = %g open required items", open_items->number);
    }
    assert_string_equal(cell(list, "B5")->text, "Tantalum");
    assert_string_equal(cell(list, "C5")->text, "TANIOBIS Japan Co., Ltd.");
    assert_string_equal(cell(list, "B8")->text, "Tungsten");
    assert_string_equal(cell(list, "C9")->text, "Smelter not listed");
    assert_string_equal(cell(list, "E9")->text, "BOLIVIA (PLURINATIONAL STATE OF)");
    ot_workbook_close(wb);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (system("command -v soffice >/dev/null 2>&1") != 0) {
        const char *slash = strrchr(argv[0], '/');
        char line[256];
        snprintf(line, sizeof line, "%s: needs soffice (Debian: libreoffice-calc-nogui)\n",
                 slash ? slash + 1 : argv[0]);
        printf("SKIPPED %s", line);
        const char *log = getenv("ORETRACE_SKIP_LOG");
        FILE *f = log && *log ? fopen(log, "a") : NULL;
        if (f) {
            fputs(line, f);
            fclose(f);
        }
        return OT_SKIP_STATUS;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(libreoffice_recalculates_a_clean_checker),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
