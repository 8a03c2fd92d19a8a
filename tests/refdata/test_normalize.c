/* Normalisation as the matcher relies on it: two spellings of one company name give one
 * key (accents, case, punctuation, legal forms, "&"), while legal forms stay visible and
 * different names stay different; metals and countries as suppliers type them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "refdata/normalize.h"
#include "testutil.h"

static const char *key_of(const char *name, char *buf)
{
    ot_norm_name n;
    ot_normalize_name(name, &n);
    strcpy(buf, n.key);
    return buf;
}

#define SAME_KEY(a, b)                                                                             \
    do {                                                                                           \
        char ka_[OT_NORM_TEXT], kb_[OT_NORM_TEXT];                                                 \
        assert_string_equal(key_of(a, ka_), key_of(b, kb_));                                       \
    } while (0)

#define DIFFERENT_KEY(a, b)                                                                        \
    do {                                                                                           \
        char ka_[OT_NORM_TEXT], kb_[OT_NORM_TEXT];                                                 \
        assert_string_not_equal(key_of(a, ka_), key_of(b, kb_));                                   \
    } while (0)

static void test_accents_case_punctuation(void **state)
{
    (void)state;
    SAME_KEY("Cendres + Métaux SA", "CENDRES + METAUX S.A.");
    SAME_KEY("AngloGold Ashanti Córrego do Sítio Mineração",
             "AngloGold Ashanti Corrego do Sitio Mineracao");
    SAME_KEY("Gejiu Non-Ferrous Metal Processing Co. Ltd.", "Gejiu Nonferrous Metal Processing");
    SAME_KEY("L'azurde Company For Jewelry", "L azurde Company For Jewelry");
    SAME_KEY("Wolfram Bergbau und Hütten AG", "Wolfram Bergbau & Hutten AG");
    SAME_KEY("Dowa Metals & Mining Co. Ltd", "Dowa Metals and Mining Co., Ltd.");
    /* NFKC: full-width letters and ligatures read as plain ones */
    SAME_KEY("ＰＴ Ｔｉｍａｈ", "PT Timah");
    SAME_KEY("Nordic Stål", "Nordic Stal");
    SAME_KEY("Hjørring Metal", "Hjorring Metal");
    DIFFERENT_KEY("Metalor Technologies SA", "Metallix Refining Inc.");
}

static void test_legal_forms_recognised_not_discarded(void **state)
{
    (void)state;
    SAME_KEY("Jiangxi Copper Co., Ltd.", "Jiangxi Copper Company Limited");
    SAME_KEY("Jiangxi Copper Co.,Ltd", "JIANGXI COPPER CO LTD");
    SAME_KEY("Chimet S.p.A.", "Chimet SpA");
    SAME_KEY("Metalurgica Met-Mex Peñoles S.A. De C.V.", "Metalurgica Met-Mex Penoles");
    SAME_KEY("PT Bukit Timah", "Bukit Timah");
    SAME_KEY("Malaysia Smelting Corporation Berhad", "Malaysia Smelting Corp. Bhd");
    SAME_KEY("OJSC Novosibirsk Refinery", "Novosibirsk Refinery");
    SAME_KEY("Heraeus Precious Metals GmbH & Co. KG", "Heraeus Precious Metals");
    /* a legal form a typist damaged is still one */
    SAME_KEY("Fairsky Industrial Co., Lmited", "Fairsky Industrial Co., Limited");
    SAME_KEY("Taki Chemical Co., Ltcl.", "Taki Chemical Co., Ltd.");
    /* ...and after a facility word */
    SAME_KEY("Jalan & Company Smelter", "Jalan Smelter");
    /* listed words an OCR engine damaged are still recognised... */
    SAME_KEY("Kundur 5melter", "Kundur Smelter");
    SAME_KEY("PT Aneka Tambang (Perser0) Tbk", "PT Aneka Tambang (Persero) Tbk");
    SAME_KEY("VQB Mineral ancl Trading", "VQB Mineral and Trading");
    /* ...but ordinary words are not "repaired" */
    DIFFERENT_KEY("Plant 1", "Plant l");

    ot_norm_name n;
    ot_normalize_name("Yunnan Tin Company Limited", &n);
    assert_string_equal(n.key, "yunnantin");
    assert_string_equal(n.legal, "co ltd"); /* kept, in canonical spelling */
    /* not blindly: a name that is only a legal form keeps its words */
    ot_normalize_name("AG", &n);
    assert_string_equal(n.key, "ag");
    /* "Zinc" is one edit from "Inc" but a word */
    ot_normalize_name("Korea Zinc", &n);
    assert_string_equal(n.key, "koreazinc");
}

static void test_parentheses_and_abbreviations(void **state)
{
    (void)state;
    ot_norm_name n;
    ot_normalize_name("Almalyk Mining and Metallurgical Complex (AMMC)", &n);
    assert_string_equal(n.key, "almalykminingmetallurgycomplex");
    assert_string_equal(n.full_key, "almalykminingmetallurgycomplexammc");
    assert_true(n.has_paren);
    /* dotted abbreviations are one word */
    SAME_KEY("H.C. Starck Tantalum and Niobium GmbH", "HC Starck Tantalum & Niobium");
    SAME_KEY("A.L.M.T. Corp.", "ALMT Corporation");
    /* common words in one spelling */
    SAME_KEY("Jiangxi Tungsten Industries Group", "Jiangxi Tungsten Ind. Group");
    SAME_KEY("Metallurgical Products India", "Metallurgical Product India");
}

static void test_metals(void **state)
{
    (void)state;
    bool garbled;
    assert_string_equal(ot_metal_canonical("Gold", &garbled), "Gold");
    assert_false(garbled);
    assert_string_equal(ot_metal_canonical("gold (Au)", &garbled), "Gold");
    assert_false(garbled);
    assert_string_equal(ot_metal_canonical("Tin (Sn)", NULL), "Tin");
    assert_string_equal(ot_metal_canonical("Wolfram", NULL), "Tungsten");
    assert_string_equal(ot_metal_canonical("錫", NULL), "Tin");
    assert_string_equal(ot_metal_canonical("Fantalum", &garbled), "Tantalum");
    assert_true(garbled);
    assert_string_equal(ot_metal_canonical("Tungstcn", &garbled), "Tungsten");
    assert_true(garbled);
    assert_string_equal(ot_metal_canonical("Ti n", &garbled), "Tin");
    assert_true(garbled);
    assert_string_equal(ot_metal_canonical("T1n", NULL), "Tin");
    assert_string_equal(ot_metal_canonical("Nickle", NULL), "Nickel");
    assert_null(ot_metal_canonical("Steel", NULL));
    assert_null(ot_metal_canonical("", NULL));
    assert_null(ot_metal_canonical(NULL, NULL));
}

static void test_countries(void **state)
{
    (void)state;
    char a[96], b[96];
    ot_country_key("USA", a, sizeof a);
    ot_country_key("UNITED STATES OF AMERICA", b, sizeof b);
    assert_string_equal(a, b);
    ot_country_key("UNITED STATES", a, sizeof a); /* legacy template spelling */
    assert_string_equal(a, b);
    ot_country_key("South Korea", a, sizeof a);
    ot_country_key("KOREA, REPUBLIC OF", b, sizeof b);
    assert_string_equal(a, b);
    ot_country_key("KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF)", a, sizeof a);
    assert_string_not_equal(a, b);
    ot_country_key("DRC", a, sizeof a);
    ot_country_key("CONGO, DEMOCRATIC REPUBLIC OF THE", b, sizeof b);
    assert_string_equal(a, b);
    ot_country_key("Congo", a, sizeof a); /* the Republic of the Congo is another country */
    assert_string_not_equal(a, b);
    ot_country_key("Bolivia", a, sizeof a);
    ot_country_key("BOLIVIA (PLURINATIONAL STATE OF)", b, sizeof b);
    assert_string_equal(a, b);
    assert_int_equal(ot_country_key("Unknown", a, sizeof a), 0);
    assert_int_equal(ot_country_key("", a, sizeof a), 0);
    assert_true(ot_country_differs("China", "JAPAN"));
    assert_false(ot_country_differs("China", "CHINA"));
    assert_false(ot_country_differs("", "CHINA")); /* nothing known is no difference */
}

static void test_edit_distance_and_ocr(void **state)
{
    (void)state;
    assert_int_equal(ot_edit_distance("tungsten", 8, "tungstcn", 8, 3), 1);
    assert_int_equal(ot_edit_distance("kitten", 6, "sitting", 7, 5), 3);
    assert_int_equal(ot_edit_distance("abc", 3, "xyzxyz", 6, 2), 3); /* cut off: limit + 1 */
    assert_int_equal(ot_edit_distance_swap("limited", 7, "lmiited", 7, 2), 1);
    char a[32], b[32];
    ot_ocr_fold("urnicore", 8, a, sizeof a);
    ot_ocr_fold("umicore", 7, b, sizeof b);
    assert_string_equal(a, b);
    ot_ocr_fold("sab1n", 5, a, sizeof a);
    ot_ocr_fold("sabin", 5, b, sizeof b);
    assert_string_equal(a, b);
    /* a long name and hostile input stay bounded */
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ot_norm_name n;
    ot_normalize_name(big, &n);
    assert_true(n.key_len < OT_NORM_TEXT);
    ot_normalize_name("\xff\xfe broken \xc3", &n); /* invalid UTF-8 */
    assert_string_equal(n.key, "broken");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accents_case_punctuation),
        cmocka_unit_test(test_legal_forms_recognised_not_discarded),
        cmocka_unit_test(test_parentheses_and_abbreviations),
        cmocka_unit_test(test_metals),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_edit_distance_and_ocr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
