/* The matcher on the shipped RMI reference list, one case per kind of supplier entry:
 * what it resolves to, how, how sure, and what it reports. A wrong match is worse than
 * none, so unknown facilities must stay unresolved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "refdata/match.h"
#include "refdata/refdata.h"
#include "testutil.h"

static ot_refdata *rd;
static ot_matcher *m;

static int setup(void **state)
{
    (void)state;
    ot_error err = {0};
    if (ot_refdata_load_snapshot(&rd, &err) != OT_OK) return -1;
    return ot_matcher_build(rd, &m, &err) == OT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ot_matcher_free(m);
    ot_refdata_free(rd);
    return 0;
}

static ot_match_result run(const char *metal, const char *id, const char *lookup, const char *name,
                           const char *country)
{
    ot_match_input in = {metal, id, lookup, name, country};
    ot_match_result r;
    ot_match(m, &in, &r);
    return r;
}

#define RESOLVES(r, want_id, want_method)                                                          \
    do {                                                                                           \
        assert_non_null((r).smelter);                                                              \
        assert_string_equal((r).smelter->id, want_id);                                             \
        assert_int_equal((r).method, want_method);                                                 \
    } while (0)

static void test_exact_alias_and_spelling_variants(void **state)
{
    (void)state;
    ot_match_result r = run("Gold", NULL, NULL, "AKITA Seiren", "JAPAN");
    RESOLVES(r, "CID000401", OT_MATCH_ALIAS_EXACT);
    assert_true(r.confidence >= 0.99);
    assert_string_equal(r.matched_name, "AKITA Seiren");

    r = run("Gold", NULL, NULL, "akita  SEIREN", NULL); /* case, spacing */
    RESOLVES(r, "CID000401", OT_MATCH_ALIAS_EXACT);

    r = run("Gold", NULL, NULL, "Aida Chemical Industries Company Limited", "Japan");
    RESOLVES(r, "CID000019", OT_MATCH_NORMALIZED); /* legal form spelled out */
    assert_true(r.confidence > 0.9 && r.confidence < 1.0);

    r = run("Gold", NULL, NULL, "AngloGold Ashanti Córrego do Sítio Mineração", "BRAZIL");
    assert_non_null(r.smelter); /* accents */
    assert_string_equal(r.smelter->id, "CID000058");
}

static void test_renamed_facility_resolves_to_its_id(void **state)
{
    (void)state;
    /* standard name until CMRT 6.1; the list now says "Agosi AG" */
    ot_match_result r =
        run("Gold", NULL, NULL, "Allgemeine Gold-und Silberscheideanstalt A.G.", NULL);
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID000035");
    assert_string_equal(r.smelter->standard_name, "Agosi AG");
    /* "Asahi Pretec Corp." became "ASAHI METALFINE, Inc." */
    r = run("Gold", NULL, NULL, "Asahi Pretec Corp.", "JAPAN");
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID000082");
}

static void test_typos_and_ocr_damage(void **state)
{
    (void)state;
    ot_match_result r = run("Tungsten", NULL, NULL, "Kennametal Huntsvile", NULL);
    RESOLVES(r, "CID000105", OT_MATCH_FUZZY);
    assert_true(r.confidence >= ot_matcher_threshold(m) && r.confidence < 1.0);
    /* the runner-up is reported with its (lower) score */
    assert_true(r.candidate_count >= 1);
    assert_string_equal(r.candidates[0].smelter->id, "CID000966");
    assert_true(r.candidates[0].score < r.confidence);

    r = run("Gold", NULL, NULL, "Aurub1s AG", "GERMANY"); /* 1 for i */
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID000113");
    r = run("Tin", NULL, NULL, "China Tin Group Co., Ltcl.", "CHINA"); /* cl for d */
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID001070");
}

static void test_wrong_metal_is_cross_metal_and_reported(void **state)
{
    (void)state;
    ot_match_result r = run("Tantalum", NULL, NULL, "Aurubis AG", "GERMANY");
    RESOLVES(r, "CID000113", OT_MATCH_CROSS_METAL);
    assert_string_equal(r.smelter->metal, "Gold");
    assert_true(r.notes & OT_NOTE_METAL_MISMATCH);
    assert_true(r.confidence < 1.0);
}

static void test_garbled_metal_is_recognised(void **state)
{
    (void)state;
    ot_match_result r = run("Tungstcn", NULL, NULL, "Kennametal Fallon", NULL);
    RESOLVES(r, "CID000966", OT_MATCH_ALIAS_EXACT);
    assert_true(r.notes & OT_NOTE_METAL_GARBLED);
    assert_false(r.notes & OT_NOTE_METAL_MISMATCH);
    r = run("Ti n", NULL, NULL, "PT Timah Tbk Mentok", NULL);
    RESOLVES(r, "CID001482", OT_MATCH_ALIAS_EXACT);
    assert_string_equal(r.metal, "Tin");
}

static void test_wrong_country_lowers_confidence(void **state)
{
    (void)state;
    ot_match_result right = run("Gold", NULL, NULL, "Dowa", "JAPAN");
    ot_match_result wrong = run("Gold", NULL, NULL, "Dowa", "China");
    assert_non_null(wrong.smelter);
    assert_string_equal(wrong.smelter->id, "CID000401");
    assert_true(wrong.notes & OT_NOTE_COUNTRY_MISMATCH);
    assert_false(right.notes & OT_NOTE_COUNTRY_MISMATCH);
    assert_true(wrong.confidence < right.confidence);
}

static void test_unknown_facilities_stay_unresolved(void **state)
{
    (void)state;
    static const struct {
        const char *metal, *name;
    } unknown[] = {
        {"Tin", "Shenzhen Huaqiang Electronics Market"},
        {"Gold", "Global Metals Trading Ltd"},
        {"Tungsten", "Hunan Xinrui Nonferrous Metals Co., Ltd."},
        {"Tungsten", "Kennametal Springfield"},        /* a plant that is not listed */
        {"Nickel", "Fuda Murrin Nickel Cobalt Plant"}, /* near "Murrin Murrin" */
        {"Gold", "Zhongxing Gold FZC"},                /* near "Zhongjin Gold" */
        {"Gold", "Various"},
        {"Tin", "Recycled"},
        {"Gold", "Apple Inc."},
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        ot_match_result r = run(unknown[i].metal, NULL, NULL, unknown[i].name, NULL);
        if (r.smelter) fail_msg("'%s' resolved to %s", unknown[i].name, r.smelter->id);
        assert_int_equal(r.method, OT_MATCH_UNRESOLVED);
        assert_true(r.confidence == 0.0);
        for (size_t c = 1; c < r.candidate_count; c++)
            assert_true(r.candidates[c].score <= r.candidates[c - 1].score);
    }
    /* a near miss still shows what it was close to */
    ot_match_result r = run("Tungsten", NULL, NULL, "Kennametal Springfield", NULL);
    assert_true(r.candidate_count >= 1);
    assert_memory_equal(r.candidates[0].smelter->standard_name, "Kennametal", 10);
}

static void test_typed_id(void **state)
{
    (void)state;
    ot_match_result r = run("Gold", "CID000401", NULL, "Dowa Kogyo", NULL);
    RESOLVES(r, "CID000401", OT_MATCH_ID);
    assert_true(r.confidence >= 0.99);
    r = run("Gold", "cid 401", NULL, NULL, NULL); /* as people type it */
    RESOLVES(r, "CID000401", OT_MATCH_ID);
    /* legacy CMRT 2.x ID mapped to today's CID by the 3.01 list */
    r = run(NULL, "1JPN072", NULL, NULL, NULL);
    RESOLVES(r, "CID000019", OT_MATCH_ID);
    assert_true(r.notes & OT_NOTE_LEGACY_ID);
}

static void test_typed_id_conflicts_are_reported(void **state)
{
    (void)state;
    /* the ID exists only for Gold; the row says Tin and names a tin smelter */
    ot_match_result r = run("Tin", "CID000401", NULL, "PT Timah Tbk Mentok", NULL);
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID001482");
    assert_true(r.notes & OT_NOTE_ID_OTHER_METAL);
    assert_non_null(r.typed_id_smelter);
    assert_string_equal(r.typed_id_smelter->id, "CID000401");
    /* ...and with nothing else to go on it is not accepted */
    r = run("Tin", "CID000401", NULL, NULL, NULL);
    assert_null(r.smelter);
    assert_true(r.notes & OT_NOTE_ID_OTHER_METAL);
    assert_true(r.candidate_count >= 1);
    assert_string_equal(r.candidates[0].smelter->id, "CID000401");
    /* the ID's smelter and the typed name clearly disagree */
    r = run("Gold", "CID000401", NULL, "Aurubis AG", NULL);
    RESOLVES(r, "CID000401", OT_MATCH_ID);
    assert_true(r.notes & OT_NOTE_ID_NAME_CONFLICT);
    assert_true(r.confidence < 0.8);
    assert_string_equal(r.candidates[0].smelter->id, "CID000113");
    /* an ID the list does not know: the name decides, the ID is reported */
    r = run("Gold", "CID999999", NULL, "Dowa", NULL);
    RESOLVES(r, "CID000401", OT_MATCH_ALIAS_EXACT);
    assert_true(r.notes & OT_NOTE_ID_UNKNOWN);
}

static void test_retired_and_special_rows(void **state)
{
    (void)state;
    ot_match_result r = run("Gold", NULL, NULL, "DODUCO Contacts and Refining GmbH", "GERMANY");
    assert_non_null(r.smelter);
    assert_string_equal(r.smelter->id, "CID000362");
    assert_true(r.notes & OT_NOTE_RETIRED);
    r = run("Gold", NULL, "Smelter not yet identified", NULL, NULL);
    assert_null(r.smelter);
    assert_true(r.notes & OT_NOTE_NOT_YET_IDENTIFIED);
    r = run("Gold", NULL, "Smelter not listed", "Aurubis AG", "GERMANY");
    RESOLVES(r, "CID000113", OT_MATCH_ALIAS_EXACT);
    r = run("Gold", NULL, NULL, NULL, NULL);
    assert_null(r.smelter);
    assert_true(r.notes & OT_NOTE_NO_INPUT);
}

static void test_explanation_names_the_reason(void **state)
{
    (void)state;
    ot_match_input in = {"Gold", NULL, NULL, "Dowa", "China"};
    ot_match_result r;
    ot_match(m, &in, &r);
    char why[256];
    ot_match_explain(&in, &r, why, sizeof why);
    assert_non_null(strstr(why, "Dowa"));
    assert_non_null(strstr(why, "country differs"));
    assert_string_equal(ot_match_method_name(OT_MATCH_CROSS_METAL), "cross-metal");
    assert_string_equal(ot_match_note_name(OT_NOTE_COUNTRY_MISMATCH), "country_mismatch");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_alias_and_spelling_variants),
        cmocka_unit_test(test_renamed_facility_resolves_to_its_id),
        cmocka_unit_test(test_typos_and_ocr_damage),
        cmocka_unit_test(test_wrong_metal_is_cross_metal_and_reported),
        cmocka_unit_test(test_garbled_metal_is_recognised),
        cmocka_unit_test(test_wrong_country_lowers_confidence),
        cmocka_unit_test(test_unknown_facilities_stay_unresolved),
        cmocka_unit_test(test_typed_id),
        cmocka_unit_test(test_typed_id_conflicts_are_reported),
        cmocka_unit_test(test_retired_and_special_rows),
        cmocka_unit_test(test_explanation_names_the_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
