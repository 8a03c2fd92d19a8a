/* Country facts of the risk module: every spelling the templates and the smelter
 * reference use resolves to its ISO 3166 code whatever the case, accents or punctuation
 * (legacy spellings such as ZAIRE included), the SEC covered countries are exactly the
 * DRC and its nine neighbours, free-text cells with several countries are split, and the
 * user lists (CAHRA, watch list) are read from CSV text or rejected with a line number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"
#include "risk/risk.h"
#include "template/layout.h"

static void assert_country(const char *typed, const char *alpha2)
{
    const ot_country *c = ot_risk_country_find(typed);
    if (!c || strcmp(c->alpha2, alpha2) != 0)
        fail_msg("\"%s\": want %s, got %s", typed, alpha2, c ? c->alpha2 : "nothing");
}

static void test_tables_load(void **state)
{
    (void)state;
    ot_error err;
    assert_int_equal(ot_risk_init(&err), OT_OK);
    assert_true(ot_risk_country_count() > 400);
    /* every source line names a date */
    assert_true(ot_risk_table_source_count("countries") >= 3);
    assert_true(ot_risk_table_source_count("covered") >= 2);
    assert_non_null(strstr(ot_risk_table_source_at("covered", 0), "13p-1"));
}

static void test_template_spellings(void **state)
{
    (void)state;
    /* current list (CMRT 6.x 'C' sheet), in any case, accents or punctuation */
    assert_country("CONGO, DEMOCRATIC REPUBLIC OF THE", "CD");
    assert_country("Congo, Democratic Republic of the", "CD");
    assert_country("congo democratic republic of the", "CD");
    assert_country("CONGO", "CG");
    assert_country("CÔTE D'IVOIRE", "CI");
    assert_country("Cote d Ivoire", "CI");
    assert_country("ÅLAND ISLANDS", "AX");
    assert_country("aland islands", "AX");
    assert_country("TANZANIA, UNITED REPUBLIC OF", "TZ");
    assert_country("KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)", "KP");
    assert_country("KOREA, REPUBLIC OF", "KR");
    assert_country("WESTERN SAHARA *", "EH");
    assert_country("VIRGIN ISLANDS (BRITISH)", "VG");
    assert_country("VIRGIN ISLANDS (U.S.)", "VI");
    assert_country("  bolivia (plurinational state of) ", "BO");
    /* legacy list (CMRT 2.03-3.01), including codes ISO has changed since */
    assert_country("ZAIRE", "CD");
    assert_country("UNITED STATES", "US");
    assert_country("CZECH REPUBLIC", "CZ");
    assert_country("MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF", "MK");
    assert_country("SWAZILAND", "SZ");
    assert_country("ROMANIA", "RO");
    assert_country("EAST TIMOR", "TL");
    assert_country("CROATIA (local name: Hrvatska)", "HR");
    assert_country("LIBYAN ARAB JAMAHIRIYA", "LY");
    /* smelter look-up spellings found in no country list */
    assert_country("NORTH MACEDONIA, REPUBLIC OF", "MK");
    assert_country("VIETNAM", "VN");
}

static void test_typed_forms(void **state)
{
    (void)state;
    assert_country("DRC", "CD");
    assert_country("D.R.C.", "CD");
    assert_country("Democratic Republic of the Congo", "CD");
    assert_country("DR Congo", "CD");
    assert_country("Republic of the Congo", "CG");
    assert_country("Tanzania", "TZ");
    assert_country("USA", "US");
    assert_country("U.S.A.", "US");
    assert_country("UK", "GB");
    assert_country("Türkiye", "TR");
    assert_country("South Korea", "KR");
    /* ISO codes */
    assert_country("rw", "RW");
    assert_country("UGA", "UG");
    assert_country("cod", "CD");
    assert_string_equal(ot_risk_country_by_code("cd")->name, "CONGO, DEMOCRATIC REPUBLIC OF THE");
    assert_string_equal(ot_risk_country_by_code("COD")->alpha3, "COD");
    assert_null(ot_risk_country_by_code("XX"));
    /* nothing known, or ambiguous */
    assert_null(ot_risk_country_find(NULL));
    assert_null(ot_risk_country_find(""));
    assert_null(ot_risk_country_find("Unknown"));
    assert_null(ot_risk_country_find("UNKNOWN"));
    assert_null(ot_risk_country_find("N/A"));
    assert_null(ot_risk_country_find("NA")); /* "not available" wins over Namibia's code */
    assert_country("NAM", "NA");
    assert_country("Namibia", "NA");
    assert_null(ot_risk_country_find("Narnia"));
    assert_null(ot_risk_country_find("Virgin Islands"));
}

/* Every name of the template drop-downs (current and legacy) finds its own table row, and
 * no two rows of one spelling disagree. */
static void test_every_dropdown_name_resolves(void **state)
{
    (void)state;
    const ot_dropdown *lists[] = {&ot_countries_current, &ot_countries_legacy};
    for (size_t l = 0; l < 2; l++) {
        assert_true(lists[l]->count > 200);
        for (size_t i = 0; i < lists[l]->count; i++) {
            const ot_country *c = ot_risk_country_find(lists[l]->items[i]);
            if (!c) fail_msg("template country \"%s\" does not resolve", lists[l]->items[i]);
            assert_non_null(ot_risk_country_by_code(c->alpha2));
        }
    }
    for (size_t i = 0; i < ot_risk_country_count(); i++) {
        const ot_country *row = ot_risk_country_at(i);
        const ot_country *c = ot_risk_country_find(row->name);
        if (!c || strcmp(c->alpha2, row->alpha2) != 0)
            fail_msg("table row \"%s\" (%s) resolves to %s", row->name, row->alpha2,
                     c ? c->alpha2 : "nothing");
    }
}

/* Every country of the shipped smelter reference resolves: a smelter's reference country
 * can always be placed. */
static void test_smelter_reference_countries_resolve(void **state)
{
    (void)state;
    ot_refdata *rd;
    ot_error err;
    assert_int_equal(ot_refdata_load_snapshot(&rd, &err), OT_OK);
    size_t checked = 0;
    for (size_t i = 0; i < ot_refdata_smelter_count(rd); i++) {
        const ot_smelter *s = ot_refdata_smelter_at(rd, i);
        if (!s->country[0] || strcasecmp(s->country, "Unknown") == 0) continue;
        if (!ot_risk_country_find(s->country)) fail_msg("%s: country \"%s\"", s->id, s->country);
        checked++;
    }
    assert_true(checked > 1000);
    ot_refdata_free(rd);
}

static void test_covered_countries(void **state)
{
    (void)state;
    static const char *const want[] = {"CD", "AO", "BI", "CF", "CG", "RW", "SS", "TZ", "UG", "ZM"};
    assert_int_equal(ot_risk_covered_count(), 10);
    for (size_t i = 0; i < 10; i++) {
        assert_true(ot_risk_is_covered(want[i]));
        assert_string_equal(ot_risk_covered_at(i)->alpha2, want[i]);
    }
    assert_true(ot_risk_covered_at(0)->drc);
    assert_false(ot_risk_covered_at(1)->drc);
    /* neighbours of neighbours, and look-alikes, are not covered */
    static const char *const not_covered[] = {"SD", "KE", "MW", "MZ", "NA",
                                              "CM", "GA", "US", "CN", "GQ"};
    for (size_t i = 0; i < 10; i++)
        assert_false(ot_risk_is_covered(not_covered[i]));
    assert_true(
        ot_risk_is_covered(ot_risk_country_find("Congo, Democratic Republic of the")->alpha2));
    assert_false(ot_risk_is_covered(ot_risk_country_find("SUDAN")->alpha2));
    assert_true(ot_risk_is_covered(ot_risk_country_find("SOUTH SUDAN")->alpha2));
    assert_true(ot_risk_is_covered(ot_risk_country_find("zaire")->alpha2));
}

typedef struct seen {
    char codes[16][3];
    size_t n;
} seen;

static void collect(const ot_country *c, void *ctx)
{
    seen *s = ctx;
    if (s->n < 16) memcpy(s->codes[s->n++], c->alpha2, 3);
}

static void test_countries_in_text(void **state)
{
    (void)state;
    seen s = {0};
    size_t bad;
    ot_risk_countries_in_text("CONGO, DEMOCRATIC REPUBLIC OF THE", collect, &s, &bad);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.codes[0], "CD");
    memset(&s, 0, sizeof s);
    ot_risk_countries_in_text("Rwanda; DRC / Uganda", collect, &s, &bad);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.codes[0], "RW");
    assert_string_equal(s.codes[1], "CD");
    assert_string_equal(s.codes[2], "UG");
    memset(&s, 0, sizeof s);
    ot_risk_countries_in_text("CONGO, DEMOCRATIC REPUBLIC OF THE, Rwanda, Atlantis", collect, &s,
                              &bad);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.codes[0], "CD");
    assert_string_equal(s.codes[1], "RW");
    assert_int_equal(bad, 1);
    memset(&s, 0, sizeof s);
    ot_risk_countries_in_text("DRC (recycled)", collect, &s, &bad); /* the country counts */
    assert_int_equal(s.n, 1);
    memset(&s, 0, sizeof s);
    ot_risk_countries_in_text("recycled", collect, &s, &bad);
    ot_risk_countries_in_text("Recycled / scrap", collect, &s, &bad);
    ot_risk_countries_in_text("", collect, &s, &bad);
    ot_risk_countries_in_text(NULL, collect, &s, &bad);
    assert_int_equal(s.n, 0);
    assert_int_equal(bad, 0);
}

/* ---- CAHRA list --------------------------------------------------------------------- */

static void test_cahra_parse(void **state)
{
    (void)state;
    const char *csv =
        "country,region,source,as_of\n"
        "MM,,EU indicative list,2025-06-30\n"
        "Congo, Democratic Republic of the,North Kivu,EU indicative list,30-Jun-2025\n"
        "AFG,,,\n";
    /* A name with a comma must be quoted: unquoted, its row shifts and is rejected (its
     * "date" is then "EU indicative list") rather than read wrongly. */
    const char *ok =
        "country,region,source,as_of\n"
        "MM,,EU indicative list,2025-06-30\n"
        "\"Congo, Democratic Republic of the\",North Kivu,EU indicative list,30-Jun-2025\n"
        "AFG,,,\n";
    ot_cahra_list *l = NULL;
    ot_error err;
    assert_int_not_equal(
        ot_risk_cahra_parse(csv, strlen(csv), "cahra.csv", "my list", "2025-01-01", &l, &err),
        OT_OK);
    assert_null(l);
    assert_int_equal(
        ot_risk_cahra_parse(ok, strlen(ok), "cahra.csv", "my list", "2025-01-01", &l, &err), OT_OK);
    assert_int_equal(ot_risk_cahra_count(l), 3);
    const ot_cahra_entry *e = ot_risk_cahra_find(l, "CD");
    assert_non_null(e);
    assert_string_equal(e->region, "North Kivu");
    assert_string_equal(e->as_of, "2025-06-30");
    assert_string_equal(e->country, "CONGO, DEMOCRATIC REPUBLIC OF THE");
    e = ot_risk_cahra_find(l, "AF");
    assert_string_equal(e->source, "my list"); /* defaults fill empty cells */
    assert_string_equal(e->as_of, "2025-01-01");
    assert_string_equal(e->region, "");
    assert_int_equal(e->line, 4);
    assert_null(ot_risk_cahra_find(l, "RW"));
    assert_false(ot_risk_cahra_is_example(l));
    ot_risk_cahra_free(l);
}

static void expect_cahra_error(const char *csv, const char *want_in_message)
{
    ot_cahra_list *l = (ot_cahra_list *)1;
    ot_error err;
    ot_error_clear(&err);
    assert_int_equal(ot_risk_cahra_parse(csv, strlen(csv), "cahra.csv", NULL, NULL, &l, &err),
                     OT_E_INVALID);
    assert_null(l);
    if (!strstr(err.message, want_in_message))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, want_in_message);
}

static void test_cahra_rejects_bad_rows(void **state)
{
    (void)state;
    expect_cahra_error("country,source,as_of\nMM,EU,2025-01-01\nNarnia,EU,2025-01-01\n",
                       "cahra.csv line 3: \"Narnia\"");
    expect_cahra_error("country,source,as_of\nMM,EU,yesterday\n",
                       "line 2: \"yesterday\" is not a date");
    expect_cahra_error("country,as_of\nMM,2025-01-01\n", "line 2: no source");
    expect_cahra_error("country,source\nMM,EU\n", "line 2: no date");
    expect_cahra_error("region,source\nx,EU\n", "no \"country\" column");
    expect_cahra_error("", "empty");
    expect_cahra_error("country,source,as_of\n\"MM,EU,2025-01-01\n", "line 2");
}

/* A list as long as the country table (every alpha-3 code once) reads completely. */
static void test_long_lists(void **state)
{
    (void)state;
    char *csv = malloc(64 * 1024), *wcsv = malloc(64 * 1024);
    size_t n = 0, w = 0, rows = 0;
    n += (size_t)sprintf(csv + n, "country,source,as_of\n");
    w += (size_t)sprintf(wcsv + w, "smelter_id,reason,source,date\n");
    for (size_t i = 0; i < ot_risk_country_count(); i++) {
        const ot_country *c = ot_risk_country_at(i);
        if (ot_risk_country_by_code(c->alpha3) != c) continue; /* one row per code */
        n += (size_t)sprintf(csv + n, "%s,list,2025-01-01\n", c->alpha3);
        w += (size_t)sprintf(wcsv + w, "CID%06zu,r,s,2025-01-01\n", rows + 1);
        rows++;
    }
    ot_cahra_list *l;
    ot_watch_list *wl;
    ot_error err;
    assert_int_equal(ot_risk_cahra_parse(csv, n, "all.csv", NULL, NULL, &l, &err), OT_OK);
    assert_int_equal(ot_risk_cahra_count(l), rows);
    assert_true(rows > 240);
    assert_int_equal(ot_risk_watch_parse(wcsv, w, "all.csv", NULL, NULL, &wl, &err), OT_OK);
    assert_int_equal(ot_risk_watch_count(wl), rows);
    assert_non_null(ot_risk_watch_match(wl, "CID000200", NULL, NULL));
    ot_risk_watch_free(wl);
    ot_risk_cahra_free(l);
    free(csv);
    free(wcsv);
}

static void test_cahra_example_is_flagged(void **state)
{
    (void)state;
    ot_cahra_list *l;
    ot_error err;
    assert_int_equal(ot_risk_cahra_example(&l, &err), OT_OK);
    assert_true(ot_risk_cahra_is_example(l));
    assert_true(ot_risk_cahra_count(l) >= 3);
    for (size_t i = 0; i < ot_risk_cahra_count(l); i++)
        assert_non_null(strstr(ot_risk_cahra_at(l, i)->source, "EXAMPLE"));
    assert_non_null(strstr(ot_risk_table_source_at("cahra-example", 0), "NOT an authoritative"));
    ot_risk_cahra_free(l);
}

/* ---- watch list --------------------------------------------------------------------- */

static void test_watch_list(void **state)
{
    (void)state;
    const char *csv =
        "smelter_id,name,metal,reason,source,date\n"
        "cid 2763,,,OFAC SDN listing,US Treasury,2022-03-17\n"
        ",Kilimanjaro Gold Refinery Ltd.,gold,credible adverse media,NGO report,2024-05-01\n"
        ",Any Metal Refinery,,sanctioned,EU list,2024-01-01\n";
    ot_watch_list *l;
    ot_error err;
    assert_int_equal(ot_risk_watch_parse(csv, strlen(csv), "watch.csv", NULL, NULL, &l, &err),
                     OT_OK);
    assert_int_equal(ot_risk_watch_count(l), 3);
    assert_string_equal(ot_risk_watch_at(l, 0)->smelter_id, "CID002763");
    assert_string_equal(ot_risk_watch_at(l, 1)->metal, "Gold");
    /* by ID in any typed form, by name as the matcher compares names, metal respected */
    assert_non_null(ot_risk_watch_match(l, "CID002763", "Gold", NULL));
    assert_non_null(ot_risk_watch_match(l, "2763", NULL, NULL));
    assert_non_null(ot_risk_watch_match(l, NULL, "Gold", "KILIMANJARO GOLD REFINERY LIMITED"));
    assert_null(ot_risk_watch_match(l, NULL, "Tin", "Kilimanjaro Gold Refinery Ltd."));
    assert_non_null(ot_risk_watch_match(l, "CID000001", "Tin", "any metal refinery"));
    assert_null(ot_risk_watch_match(l, "CID000001", "Gold", "Another Refinery"));
    assert_null(ot_risk_watch_match(NULL, "CID002763", NULL, NULL));
    ot_risk_watch_free(l);

    const char *bad[][2] = {
        {"smelter_id,reason,source,date\nXYZ,r,s,2024-01-01\n",
         "line 2: \"XYZ\" is not a smelter ID"},
        {"name,reason,source,date\nA,,s,2024-01-01\n", "line 2: no reason"},
        {"name,metal,reason,source,date\nA,plutonium,r,s,2024-01-01\n",
         "\"plutonium\" is not a metal"},
        {"name,source,date\nA,s,2024-01-01\n", "no \"reason\" column"},
        {"metal,reason\nGold,r\n", "neither a \"smelter_id\" nor a \"name\" column"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        l = (ot_watch_list *)1;
        assert_int_equal(
            ot_risk_watch_parse(bad[i][0], strlen(bad[i][0]), "watch.csv", NULL, NULL, &l, &err),
            OT_E_INVALID);
        assert_null(l);
        if (!strstr(err.message, bad[i][1]))
            fail_msg("message \"%s\" lacks \"%s\"", err.message, bad[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_load),
        cmocka_unit_test(test_template_spellings),
        cmocka_unit_test(test_typed_forms),
        cmocka_unit_test(test_every_dropdown_name_resolves),
        cmocka_unit_test(test_smelter_reference_countries_resolve),
        cmocka_unit_test(test_covered_countries),
        cmocka_unit_test(test_countries_in_text),
        cmocka_unit_test(test_cahra_parse),
        cmocka_unit_test(test_cahra_rejects_bad_rows),
        cmocka_unit_test(test_long_lists),
        cmocka_unit_test(test_cahra_example_is_flagged),
        cmocka_unit_test(test_watch_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
