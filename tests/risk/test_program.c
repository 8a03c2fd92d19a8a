/* Supplier program strength, scope and completeness, read from real filled templates
 * (tests/fixtures: CMRT 6.01-6.5, CRT 2.21, EMRT 1.3 and 2.1, AMRT 1.3) through the
 * template module: the four company answers are found by meaning whatever their letter
 * (A/D/F/G in CMRT 6.x and EMRT, A/C/H/I in CRT, A/E/H/I in CMRT 2.x-3.01, A/E/I/J in
 * 1.00), strong only when all are Yes, weak on a No, a blank or an invalid form, unknown
 * without a submission, for AMRT (no company questions) and for a version whose questions
 * do not line up with the layout it was read with. The per-version map is checked against
 * every layout the template module has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader/workbook.h"
#include "risk/risk.h"
#include "template/layout.h"
#include "template/template.h"
#include "testutil.h"

static ot_declaration *read_file(const char *path)
{
    ot_workbook *wb = NULL;
    ot_declaration *d = NULL;
    ot_error err;
    if (ot_workbook_open(path, NULL, &wb, &err) || ot_template_read(wb, &d, &err))
        fail_msg("%s: %s", path, err.message);
    ot_workbook_close(wb);
    return d;
}

static ot_declaration *read_fixture(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/%s", name);
    return read_file(src_path(rel));
}

static ot_supplier_program program_of(const char *fixture)
{
    ot_declaration *d = read_fixture(fixture);
    ot_supplier_program p;
    ot_risk_supplier_program(d, false, &p);
    /* strings point into the declaration: keep only what the tests compare */
    for (size_t i = 0; i < OT_PM__COUNT; i++)
        p.answers[i].answer = NULL;
    for (size_t i = 0; i < p.metal_count; i++)
        p.metals[i].metal = NULL;
    ot_declaration_free(d);
    return p;
}

static void assert_letters(const ot_supplier_program *p, const char *a, const char *b,
                           const char *c, const char *d)
{
    assert_string_equal(p->answers[OT_PM_POLICY].letter, a);
    assert_string_equal(p->answers[OT_PM_DUE_DILIGENCE].letter, b);
    assert_string_equal(p->answers[OT_PM_REVIEW].letter, c);
    assert_string_equal(p->answers[OT_PM_CORRECTIVE].letter, d);
}

static void test_cmrt65_company(void **state)
{
    (void)state;
    ot_supplier_program p = program_of("cmrt65_valid_company.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_string_equal(p.mapping, "CMRT 6.01 and later");
    assert_letters(&p, "A", "D", "F", "G");
    assert_string_equal(p.why, "Yes to A, D, F and G");
    assert_int_equal(p.scope, OT_SCOPE_COMPANY);
    assert_string_equal(p.scope_letter, "A");
    /* Gold: "Greater than 90%" and Q7 (all smelters identified) = No */
    assert_int_equal(p.metal_count, 4);
    assert_int_equal(p.completeness, OT_COMPLETE_NO);
    assert_int_equal(p.lowest_response, OT_RESP_GT90);
    assert_int_equal(p.metals[2].response, OT_RESP_GT90);
    assert_int_equal(p.metals[2].all_smelters, OT_ANS_NO);
    assert_false(p.metals[2].complete);
    assert_true(p.metals[0].complete);
    assert_true(p.metals[0].all_info_asked);
}

static void test_cmrt631_and_622(void **state)
{
    (void)state;
    /* 6.31, user-defined scope; Tantalum Q1 No and Gold Q2 No are not in use */
    ot_supplier_program p = program_of("cmrt631_valid_user_defined.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_letters(&p, "A", "D", "F", "G");
    assert_int_equal(p.scope, OT_SCOPE_USER_DEFINED);
    assert_int_equal(p.metal_count, 2);
    assert_int_equal(p.completeness, OT_COMPLETE_YES);
    assert_int_equal(p.lowest_response, OT_RESP_ALL);
    /* 6.22: "100%" stored as the number 1 */
    p = program_of("cmrt622_valid_text_date.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_int_equal(p.scope, OT_SCOPE_COMPANY);
    assert_int_equal(p.metal_count, 4);
    assert_int_equal(p.completeness, OT_COMPLETE_YES);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(p.metals[i].response, OT_RESP_ALL);
}

static void test_other_cmrt6_versions(void **state)
{
    (void)state;
    ot_supplier_program p = program_of("cmrt64_valid_products.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_int_equal(p.scope, OT_SCOPE_PRODUCT);
    assert_int_equal(p.metal_count, 3); /* Tungsten Q1 = No */
    assert_int_equal(p.completeness, OT_COMPLETE_NO);
    p = program_of("cmrt61_valid_products.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_int_equal(p.scope, OT_SCOPE_PRODUCT);
    assert_int_equal(p.metal_count, 2); /* Tantalum Q2 = No, Tungsten Q1 = No */
    p = program_of("cmrt601_valid_tin_only.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_int_equal(p.metal_count, 1);
    assert_int_equal(p.completeness, OT_COMPLETE_YES);
}

static void test_emrt21_weak(void **state)
{
    (void)state;
    ot_declaration *d = read_fixture("emrt21_valid_deleted_minerals.xlsx");
    ot_supplier_program p;
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_WEAK);
    assert_string_equal(p.mapping, "EMRT 1.1 and later");
    assert_letters(&p, "A", "D", "F", "G");
    assert_string_equal(p.answers[OT_PM_CORRECTIVE].answer, "No");
    assert_int_equal(p.answers[OT_PM_CORRECTIVE].kind, OT_ANS_NO);
    assert_string_equal(p.why, "G (corrective-action management): No");
    assert_int_equal(p.scope, OT_SCOPE_PRODUCT);
    /* Cobalt and Lithium in use (Graphite Q1 No, Mica Q1 Unknown); Cobalt: >75%, Q6 No */
    assert_int_equal(p.metal_count, 2);
    assert_string_equal(p.metals[0].metal, "Cobalt");
    assert_int_equal(p.metals[0].response, OT_RESP_GT75);
    assert_int_equal(p.metals[0].all_smelters, OT_ANS_NO);
    assert_string_equal(p.metals[1].metal, "Lithium");
    assert_true(p.metals[1].complete);
    assert_int_equal(p.completeness, OT_COMPLETE_NO);
    assert_int_equal(p.lowest_response, OT_RESP_GT75);
    ot_declaration_free(d);
}

static void test_emrt13_crt_amrt(void **state)
{
    (void)state;
    ot_supplier_program p = program_of("emrt13_valid.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_letters(&p, "A", "D", "F", "G");
    assert_int_equal(p.completeness, OT_COMPLETE_NO); /* mica: "Greater than 50%" */
    assert_int_equal(p.lowest_response, OT_RESP_GT50);
    /* CRT letters differ: policy A, due diligence C, review H, corrective action I */
    p = program_of("crt221_valid.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_string_equal(p.mapping, "CRT 2.2 and later");
    assert_letters(&p, "A", "C", "H", "I");
    assert_int_equal(p.scope, OT_SCOPE_USER_DEFINED);
    assert_int_equal(p.completeness, OT_COMPLETE_YES);
    /* AMRT asks no company-level questions */
    p = program_of("amrt13_valid_other_mineral.xlsx");
    assert_int_equal(p.strength, OT_PROGRAM_UNKNOWN);
    assert_string_equal(p.why, "AMRT 1.3 asks no company-level questions");
    assert_int_equal(p.scope, OT_SCOPE_COMPANY);
    assert_int_equal(p.completeness, OT_COMPLETE_UNKNOWN);
}

static void test_no_submission(void **state)
{
    (void)state;
    ot_supplier_program p;
    ot_risk_supplier_program(NULL, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_UNKNOWN);
    assert_string_equal(p.why, "no readable submission");
    assert_int_equal(p.scope, OT_SCOPE_UNKNOWN);
    assert_int_equal(p.completeness, OT_COMPLETE_UNKNOWN);
    assert_string_equal(ot_program_strength_name(p.strength), "unknown");
}

/* Answers changed in a real CMRT 6.5 declaration: a No, a blank, an invalid form. */
static void test_weak_answers(void **state)
{
    (void)state;
    ot_declaration *d = read_fixture("cmrt65_defect_q1_missing.xlsx");
    ot_company_question *dd = NULL, *rev = NULL;
    for (size_t i = 0; i < d->company_question_count; i++) {
        if (strcmp(d->company_questions[i].letter, "D") == 0) dd = &d->company_questions[i];
        if (strcmp(d->company_questions[i].letter, "F") == 0) rev = &d->company_questions[i];
    }
    ot_supplier_program p;
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    ot_risk_supplier_program(d, true, &p);
    assert_int_equal(p.strength, OT_PROGRAM_WEAK);
    assert_string_equal(p.why, "Yes to A, D, F and G; the submission is invalid");
    dd->answer.answer.value = "No";
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_WEAK);
    assert_string_equal(p.why, "D (due-diligence measures): No");
    dd->answer.answer.value = "Yes";
    rev->answer.answer.value = NULL;
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_WEAK);
    assert_string_equal(p.why, "F (review of supplier information): not answered");
    /* the other company questions do not count (B policy public, H disclosure) */
    rev->answer.answer.value = "Yes";
    for (size_t i = 0; i < d->company_question_count; i++)
        if (strchr("BCEH", d->company_questions[i].letter[0]))
            d->company_questions[i].answer.answer.value = "No";
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    ot_declaration_free(d);
}

/* ---- every layout against the map -------------------------------------------------- */

/* A declaration shaped like layout l (letters, meanings, questions) with every answer
 * `answer`; version = what the file would state (NULL: the layout's own). */
static ot_declaration *synthetic(const ot_layout *l, const char *version, const char *answer)
{
    ot_declaration *d = calloc(1, sizeof *d);
    d->family = l->family;
    snprintf(d->version, sizeof d->version, "%s", version ? version : l->version);
    snprintf(d->layout_version, sizeof d->layout_version, "%s", l->version);
    d->exact = version == NULL;
    d->metal_count = l->slots ? 1 : l->metal_count;
    for (size_t m = 0; m < d->metal_count; m++)
        d->metals[m] = l->slots ? "Cobalt" : l->metals[m];
    d->question_count = l->question_count;
    for (size_t i = 0; i < l->question_count; i++) {
        ot_question *q = &d->questions[i];
        snprintf(q->key, sizeof q->key, "%s", l->questions[i].key);
        q->role = l->questions[i].role;
        for (size_t m = 0; m < d->metal_count; m++)
            q->per_metal[m].answer.value = q->role == OT_Q_RESPONSE_RATE ? "100%" : "Yes";
    }
    d->company_question_count = l->company_question_count;
    for (size_t i = 0; i < l->company_question_count; i++) {
        ot_company_question *q = &d->company_questions[i];
        snprintf(q->letter, sizeof q->letter, "%s", l->company_questions[i].letter);
        q->role = l->company_questions[i].role;
        q->per_metal = l->company_questions[i].per_metal;
        q->answer.answer.value = answer;
    }
    snprintf(d->scope_letter, sizeof d->scope_letter, "A");
    return d;
}

static void test_map_agrees_with_every_layout(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t i = 0; i < ot_layout_count; i++) {
        const ot_layout *l = ot_layouts[i];
        ot_declaration *d = synthetic(l, NULL, "Yes");
        ot_supplier_program p;
        ot_risk_supplier_program(d, false, &p);
        if (!p.mapping) fail_msg("%s: no map row", l->name);
        if (l->company_question_count) {
            if (p.strength != OT_PROGRAM_STRONG) fail_msg("%s: %s", l->name, p.why);
            /* a No to any mapped letter makes it weak */
            for (size_t k = 0; k < OT_PM__COUNT; k++) {
                for (size_t q = 0; q < d->company_question_count; q++)
                    if (strcmp(d->company_questions[q].letter, p.answers[k].letter) == 0)
                        d->company_questions[q].answer.answer.value = "No";
                ot_supplier_program w;
                ot_risk_supplier_program(d, false, &w);
                if (w.strength != OT_PROGRAM_WEAK)
                    fail_msg("%s: No to %s is not weak", l->name, p.answers[k].letter);
                for (size_t q = 0; q < d->company_question_count; q++)
                    d->company_questions[q].answer.answer.value = "Yes";
            }
            checked++;
        } else {
            assert_int_equal(p.strength, OT_PROGRAM_UNKNOWN);
        }
        /* completeness questions line up wherever the map names them */
        if (p.completeness == OT_COMPLETE_UNKNOWN && l->family != OT_FAMILY_AMRT)
            fail_msg("%s: completeness unknown", l->name);
        if (p.completeness != OT_COMPLETE_UNKNOWN)
            assert_int_equal(p.completeness, OT_COMPLETE_YES);
        free(d);
    }
    assert_true(checked >= 19); /* CMRT 1.00-6.5, CRT, EMRT 1.1-2.1 */
}

static const ot_layout *layout_named(const char *name)
{
    for (size_t i = 0; i < ot_layout_count; i++)
        if (strcmp(ot_layouts[i]->name, name) == 0) return ot_layouts[i];
    fail_msg("no layout %s", name);
    return NULL;
}

/* Legacy letters: 1.00 A/E/I/J, 2.x A/E/H/I with "Yes (documentation review only)". */
static void test_legacy_letters(void **state)
{
    (void)state;
    ot_declaration *d =
        synthetic(layout_named("CMRT 1.00"), NULL, "Yes (documentation review only)");
    ot_supplier_program p;
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    assert_letters(&p, "A", "E", "I", "J");
    assert_int_equal(p.scope, OT_SCOPE_UNKNOWN); /* 1.00 has no scope field */
    free(d);
    d = synthetic(layout_named("CMRT 2.03a"), NULL, "Yes");
    d->company_questions[7].answer.answer.value = "No"; /* H */
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_WEAK);
    assert_letters(&p, "A", "E", "H", "I");
    assert_string_equal(p.why, "H (review of supplier information): No");
    snprintf(d->scope_letter, sizeof d->scope_letter, "D");
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.scope, OT_SCOPE_PRODUCT); /* 2.x "D. Product Level" */
    free(d);
    d = synthetic(layout_named("CMRT 3.01"), NULL, "Yes");
    ot_risk_supplier_program(d, false, &p);
    assert_letters(&p, "A", "E", "H", "I");
    assert_string_equal(p.mapping, "CMRT 3.x");
    free(d);
}

/* No 5.x layout exists: a 5.12 file is read with the 3.01 layout, whose G and H are
 * "smelter names" and "review" - not 5.x's review and corrective action. */
static void test_versions_without_layout(void **state)
{
    (void)state;
    ot_declaration *d = synthetic(layout_named("CMRT 3.01"), "5.12", "Yes");
    ot_supplier_program p;
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_UNKNOWN);
    assert_string_equal(p.mapping, "CMRT 5.x");
    assert_string_equal(p.why, "CMRT 5.12 was read with the CMRT 3.01 layout, where question G is "
                               "not the review of supplier information question");
    assert_int_equal(p.completeness, OT_COMPLETE_UNKNOWN);
    snprintf(d->version, sizeof d->version, "4.10");
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_UNKNOWN);
    assert_null(p.mapping);
    assert_string_equal(p.why, "no company-question map for CMRT 4.10");
    free(d);
    /* a newer 6.x read with the 6.5 layout is mapped like 6.5 */
    d = synthetic(layout_named("CMRT 6.5"), "6.6", "Yes");
    ot_risk_supplier_program(d, false, &p);
    assert_int_equal(p.strength, OT_PROGRAM_STRONG);
    free(d);
}

/* The legacy samples of ../shared (filled by RMI), when present. */
static void test_shared_legacy_samples(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        ot_program_strength strength;
        ot_completeness completeness;
    } cases[] = {
        {"rmi-templates/legacy/2.00_-_green.xlsx", OT_PROGRAM_STRONG, OT_COMPLETE_NO},
        {"rmi-templates/legacy/2.03a_-_high_risk.xlsx", OT_PROGRAM_STRONG, OT_COMPLETE_NO},
        {"rmi-templates/legacy/3.01_-_green.xlsx", OT_PROGRAM_STRONG, OT_COMPLETE_YES},
        {"rmi-templates/legacy/3.01_-_filled.xls", OT_PROGRAM_WEAK, OT_COMPLETE_NO},
    };
    if (access(shared_path(cases[0].file), R_OK) != 0) skip();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_declaration *d = read_file(shared_path(cases[i].file));
        ot_supplier_program p;
        ot_risk_supplier_program(d, false, &p);
        if (p.strength != cases[i].strength || p.completeness != cases[i].completeness)
            fail_msg("%s: %s (%s), %s", cases[i].file, ot_program_strength_name(p.strength), p.why,
                     ot_completeness_name(p.completeness));
        ot_declaration_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmrt65_company),
        cmocka_unit_test(test_cmrt631_and_622),
        cmocka_unit_test(test_other_cmrt6_versions),
        cmocka_unit_test(test_emrt21_weak),
        cmocka_unit_test(test_emrt13_crt_amrt),
        cmocka_unit_test(test_no_submission),
        cmocka_unit_test(test_weak_answers),
        cmocka_unit_test(test_map_agrees_with_every_layout),
        cmocka_unit_test(test_legacy_letters),
        cmocka_unit_test(test_versions_without_layout),
        cmocka_unit_test(test_shared_legacy_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
