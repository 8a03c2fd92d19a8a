/* Extraction from the legacy EICC-GeSI / CFSI CMRT samples (2.00-3.01), whose cells sit
 * elsewhere than in 6.x: values below were read independently with openpyxl from the
 * sample files in ../shared/rmi-templates/legacy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "testutil.h"

static ot_declaration *read_legacy(const char *name, ot_workbook **wb)
{
    char rel[256];
    snprintf(rel, sizeof rel, "rmi-templates/legacy/%s", name);
    ot_error err;
    ot_declaration *d = NULL;
    if (ot_workbook_open(shared_path(rel), NULL, wb, &err) || ot_template_read(*wb, &d, &err))
        fail_msg("%s: %s", name, err.message);
    return d;
}

static const char *answer(const ot_declaration *d, ot_question_role role, const char *metal)
{
    const ot_question *q = ot_declaration_question(d, role);
    int m = ot_declaration_metal_index(d, metal);
    assert_non_null(q);
    assert_true(m >= 0);
    return q->per_metal[m].answer.value;
}

static void cmrt_2_00_cells_and_smelter_rows(void **state)
{
    (void)state;
    ot_workbook *wb;
    ot_declaration *d = read_legacy("2.00_-_green.xlsx", &wb);
    assert_string_equal(d->fields[OT_F_COMPANY_NAME].value, "Green Status Pro");
    assert_string_equal(d->fields[OT_F_SCOPE].value, "A. Company Level");
    assert_string_equal(d->scope_letter, "A");
    /* 2.x has no contact person: the representative in D14 is the authorizer */
    assert_string_equal(d->fields[OT_F_AUTHORIZER_NAME].value, "Leo de Nevi");
    assert_int_equal(d->fields[OT_F_AUTHORIZER_NAME].row, 14);
    assert_null(d->fields[OT_F_CONTACT_NAME].value);
    assert_int_equal(d->fields[OT_F_CONTACT_NAME].row, 0); /* no such cell in 2.x */
    assert_string_equal(d->effective_date, "2014-05-31");
    /* question 2 of 2.x = DRC or adjoining country, Gold in D30 */
    assert_string_equal(answer(d, OT_Q_COVERED_COUNTRIES, "Gold"), "Uncertain or Unknown");
    const ot_company_question *h = ot_declaration_company_question(d, OT_CQ_REVIEW);
    assert_string_equal(h->letter, "H");
    assert_string_equal(h->answer.answer.value, "Yes (documentation review only)");
    const ot_company_question *b = ot_declaration_company_question(d, OT_CQ_POLICY_PUBLIC);
    assert_string_equal(b->answer.comment.value, "http://company/policy");
    assert_int_equal(d->smelter_count, 4);
    static const char *const metals[] = {"Gold", "Tin", "Tantalum", "Tungsten"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(d->smelters[i].row, 5 + i);
        assert_string_equal(d->smelters[i].col[OT_SM_METAL].value, metals[i]);
    }
    assert_string_equal(d->smelters[0].col[OT_SM_LOOKUP_NAME].value,
                        "Allgemeine Gold- & Silberscheideanstalt");
    assert_string_equal(d->smelters[0].col[OT_SM_COUNTRY].value, "GERMANY");
    assert_string_equal(d->smelters[3].col[OT_SM_ID].value, "4CHN005"); /* column A, a formula */
    assert_true(d->smelters[3].col[OT_SM_ID].formula);
    assert_int_equal(ot_template_countries(d)->count, 238); /* the legacy country list */
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

static void cmrt_3_01_has_the_6x_company_block_and_own_questions(void **state)
{
    (void)state;
    ot_workbook *wb;
    ot_declaration *d = read_legacy("3.01_-_green.xlsx", &wb);
    assert_string_equal(d->fields[OT_F_CONTACT_NAME].value, "Leo de Nevi");
    assert_int_equal(d->fields[OT_F_CONTACT_NAME].row, 15);
    assert_string_equal(d->effective_date, "2014-05-31");
    assert_int_equal(d->question_count, 7);
    /* question 3 of 3.01 = covered countries, Tantalum in D38 */
    assert_string_equal(answer(d, OT_Q_COVERED_COUNTRIES, "Tantalum"), "No");
    const ot_company_question *b = ot_declaration_company_question(d, OT_CQ_POLICY_PUBLIC);
    assert_string_equal(b->letter, "B");
    assert_string_equal(b->answer.comment.value, "http://company/policy");
    const ot_company_question *j = ot_declaration_company_question(d, OT_CQ_DISCLOSURE);
    assert_string_equal(j->letter, "J");
    assert_string_equal(j->answer.answer.value, "Yes");
    assert_int_equal(d->smelter_count, 4);
    assert_string_equal(d->smelters[3].col[OT_SM_NAME].value, "Ganzhou Huaxing Tungsten");
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

/* 2.03a: the smelter-ID look-up formula cached "#N/A" for rows it could not match; that
 * is no smelter ID. */
static void formula_errors_are_no_values(void **state)
{
    (void)state;
    ot_workbook *wb;
    ot_declaration *d = read_legacy("2.03a_-_high_risk.xlsx", &wb);
    assert_string_equal(answer(d, OT_Q_RECYCLED, "Gold"), "Uncertain or Unknown");
    assert_int_equal(d->smelter_count, 4);
    assert_null(d->smelters[0].col[OT_SM_ID].value);
    assert_true(d->smelters[0].col[OT_SM_ID].formula);
    assert_string_equal(d->smelters[0].col[OT_SM_NAME].value, "Allgemeine Gold");
    ot_declaration_free(d);
    ot_workbook_close(wb);
}

int main(int argc, char **argv)
{
    (void)argc;
    skip_program_without_shared(argv[0], "the legacy CMRT 2.00 and 3.01 files");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cmrt_2_00_cells_and_smelter_rows),
        cmocka_unit_test(cmrt_3_01_has_the_6x_company_block_and_own_questions),
        cmocka_unit_test(formula_errors_are_no_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
