/* test_robust.c - validation never crashes and stays bounded on declarations a hostile or
 * broken file could produce: odd and huge values in any cell, metals without answers,
 * thousands of broken smelter rows. Deterministic pseudo-random mutations of real
 * declarations (the valid fixtures), run under the sanitizers in CI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"
#include "vsupport.h"

static const char *const nasty[] = {"",
                                    " ",
                                    "=",
                                    "+",
                                    "-",
                                    "@",
                                    "=cmd|' /C calc'!A0",
                                    "Yes",
                                    "No",
                                    "yes ",
                                    "  NO",
                                    "Unknown",
                                    "100%",
                                    "1",
                                    "0",
                                    "CID",
                                    "CID00000",
                                    "CID0000001",
                                    "cid000019",
                                    "Smelter not listed",
                                    "smelter NOT listed",
                                    "Smelter not yet identified",
                                    "Tin",
                                    "Gold",
                                    "Tantalum (Ta)",
                                    "Unobtainium",
                                    "CHINA",
                                    "USA",
                                    "a@b",
                                    "@",
                                    "x@y.z",
                                    "2026-13-45",
                                    "31-Feb-2024",
                                    "\xe4\xb8\xad\xe6\x96\x87",
                                    "%s%s%n%p",
                                    "\"quoted\"",
                                    "<script>alert(1)</script>",
                                    NULL};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static char *long_value(ot_declaration *d)
{
    size_t n = 40000;
    char *s = ot_arena_alloc(&d->arena, n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = "=+-@aZ 9\xc3\xa9"[i % 10];
    s[n] = '\0';
    return s;
}

static void scramble(ot_value *v, ot_declaration *d)
{
    uint32_t pick = rnd(50);
    size_t count = sizeof nasty / sizeof nasty[0] - 1;
    if (pick < count)
        v->value = nasty[pick][0] ? ot_arena_strdup(&d->arena, nasty[pick]) : NULL;
    else if (pick == count)
        v->value = long_value(d);
    v->numeric = rnd(10) == 0;
    v->formula = rnd(10) == 0;
}

static void mutate(ot_declaration *d)
{
    for (int f = 0; f < OT_F__COUNT; f++)
        if (rnd(3) == 0) scramble(&d->fields[f], d);
    for (size_t q = 0; q < d->question_count; q++)
        for (size_t m = 0; m < d->metal_count; m++) {
            if (rnd(2) == 0) scramble(&d->questions[q].per_metal[m].answer, d);
            if (rnd(4) == 0) scramble(&d->questions[q].per_metal[m].comment, d);
        }
    for (size_t i = 0; i < d->company_question_count; i++) {
        ot_company_question *cq = &d->company_questions[i];
        if (rnd(2) == 0) scramble(&cq->answer.answer, d);
        for (size_t m = 0; m < d->metal_count; m++)
            if (rnd(2) == 0) scramble(&cq->per_metal_ans[m].answer, d);
    }
    for (size_t r = 0; r < d->smelter_count; r++)
        for (int c = 0; c < OT_SM__COUNT; c++)
            if (rnd(3) == 0) scramble(&d->smelters[r].col[c], d);
    for (size_t r = 0; r < d->product_count; r++)
        if (rnd(2) == 0) scramble(&d->products[r].col[OT_PR_NUMBER], d);
    if (rnd(8) == 0) d->metal_count = rnd((uint32_t)d->metal_count + 1);
    if (rnd(8) == 0) memcpy(d->effective_date, "1900-01-01", 11);
    d->scope_letter[0] = "ABCD?"[rnd(5)];
}

static const char *const files[] = {
    "tests/fixtures/cmrt65_valid_company.xlsx",
    "tests/fixtures/cmrt601_valid_tin_only.xlsx",
    "tests/fixtures/crt221_valid.xlsx",
    "tests/fixtures/emrt13_valid.xlsx",
    "tests/fixtures/emrt21_valid_deleted_minerals.xlsx",
    "tests/fixtures/amrt13_valid_other_mineral.xlsx",
};

static void test_random_mutations(void **state)
{
    csv_ref *ref = *state;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        for (int round = 0; round < 25; round++) {
            loaded l;
            assert_true(load_declaration(src_path(files[f]), &l));
            mutate(l.d);
            ot_findings out;
            ot_findings_init(&out);
            ot_validate_ctx ctx = {&ref->ref, round % 2 ? NULL : "2026-06-30"};
            ot_validate(l.d, &ctx, &out);
            assert_false(out.failed);
            assert_int_equal(out.errors + out.warnings, out.count + out.dropped);
            for (size_t i = 0; i < out.count; i++) {
                assert_true(ot_rule_exists(out.items[i].code));
                assert_true(strlen(out.items[i].message) < 700); /* long values are cut */
            }
            ot_strbuf letter = {0};
            ot_feedback_info info = {l.d->fields[OT_F_COMPANY_NAME].value, NULL, "x.xlsx", "T"};
            ot_feedback_html(&info, &out, &letter);
            assert_null(strstr(ot_sb_str(&letter), "<script>"));
            ot_sb_free(&letter);
            ot_findings_free(&out);
            unload(&l);
        }
    }
}

/* 2 500 broken rows (the template's maximum) give a bounded list with exact counts. */
static void test_findings_are_capped(void **state)
{
    csv_ref *ref = *state;
    loaded l;
    assert_true(load_declaration(src_path(files[0]), &l));
    ot_declaration *d = l.d;
    size_t n = 2500;
    ot_smelter_row *rows = ot_arena_alloc(&d->arena, n * sizeof *rows);
    memset(rows, 0, n * sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        rows[i].row = (uint32_t)(5 + i);
        for (int c = 0; c < OT_SM__COUNT; c++)
            rows[i].col[c] = (ot_value){.sheet = OT_SHEET_SMELTER_LIST,
                                        .row = rows[i].row,
                                        .col = ot_template_smelter_col(d, c)};
        rows[i].col[OT_SM_ID_INPUT].value = "CID12";
        rows[i].col[OT_SM_METAL].value = "Unobtainium";
        rows[i].col[OT_SM_LOOKUP_NAME].value = "Smelter not listed";
        rows[i].col[OT_SM_COUNTRY].value = "=1+1";
    }
    d->smelters = rows;
    d->smelter_count = n;
    ot_findings out;
    ot_findings_init(&out);
    ot_validate_ctx ctx = {&ref->ref, "2026-06-30"};
    ot_validate(d, &ctx, &out);
    assert_int_equal(out.count, OT_FINDINGS_MAX);
    assert_true(out.dropped > 0);
    assert_true(out.errors >= 4 * n); /* id format, metal, name, country, injection per row */
    assert_false(ot_findings_valid(&out));
    ot_findings_free(&out);
    unload(&l);
}

static int setup(void **state)
{
    static csv_ref ref;
    csv_ref_init(&ref);
    *state = &ref;
    return 0;
}

static int teardown(void **state)
{
    csv_ref_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_mutations),
        cmocka_unit_test(test_findings_are_capped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
