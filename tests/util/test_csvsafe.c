/* test_csvsafe.c - supplier text never reaches a CSV/XLSX cell in a form a spreadsheet
 * would run as a formula, while ordinary text (and phone numbers) stay readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/csvsafe.h"

static void test_formula_like(void **state)
{
    (void)state;
    assert_true(ot_text_is_formula_like("=1+1"));
    assert_true(ot_text_is_formula_like("+49 621 555"));
    assert_true(ot_text_is_formula_like("-2+3"));
    assert_true(ot_text_is_formula_like("@SUM(A1)"));
    assert_true(ot_text_is_formula_like("\t=cmd"));
    assert_false(ot_text_is_formula_like("Yes"));
    assert_false(ot_text_is_formula_like(" =not first"));
    assert_false(ot_text_is_formula_like(""));
    assert_false(ot_text_is_formula_like(NULL));
}

static void test_risky(void **state)
{
    (void)state;
    assert_true(ot_text_is_risky_formula("=HYPERLINK(\"http://x\",\"y\")"));
    assert_true(ot_text_is_risky_formula("+cmd|' /C calc'!A0"));
    assert_true(ot_text_is_risky_formula("@SUM(1+9)*cmd|' /C calc'!A0"));
    assert_true(ot_text_is_risky_formula("-2+3+cmd|' /C calc'!A0"));
    assert_false(ot_text_is_risky_formula("+49 621 5550 4212"));
    assert_false(ot_text_is_risky_formula("- see attached letter"));
    assert_false(ot_text_is_risky_formula("-"));
    assert_false(ot_text_is_risky_formula("plain text (with parentheses)"));
}

static void test_defuse(void **state)
{
    (void)state;
    char *s = ot_text_defuse("=HYPERLINK(\"http://x\")");
    assert_string_equal(s, "'=HYPERLINK(\"http://x\")");
    free(s);
    s = ot_text_defuse("Tin");
    assert_string_equal(s, "Tin");
    free(s);
    s = ot_text_defuse(NULL);
    assert_string_equal(s, "");
    free(s);
}

static void test_csv_field(void **state)
{
    (void)state;
    ot_strbuf sb = {0};
    ot_csv_append_field(&sb, "Tin");
    ot_sb_putc(&sb, ',');
    ot_csv_append_field(&sb, "=1+1");
    ot_sb_putc(&sb, ',');
    ot_csv_append_field(&sb, "=HYPERLINK(\"a\",\"b\")");
    ot_sb_putc(&sb, ',');
    ot_csv_append_field(&sb, "a, b\nc");
    assert_string_equal(ot_sb_str(&sb),
                        "Tin,'=1+1,\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\",\"a, b\nc\"");
    ot_sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_like),
        cmocka_unit_test(test_risky),
        cmocka_unit_test(test_defuse),
        cmocka_unit_test(test_csv_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
