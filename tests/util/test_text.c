/* Text helpers every stage relies on: trimming what suppliers type, number formatting,
 * A1 references, UTF-8 repair. (Excel dates: test_date.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>

#include "reader/workbook.h"
#include "util/text.h"

static void trims_spaces_nbsp_and_normalises_line_breaks(void **state)
{
    (void)state;
    char s[] = " \xC2\xA0 Tin Smelter\r\nLine two\rthree \t";
    size_t n = ot_text_clean(s, strlen(s));
    assert_string_equal(s, "Tin Smelter\nLine two\nthree");
    assert_int_equal(n, strlen("Tin Smelter\nLine two\nthree"));
}

static void loose_equality_ignores_case_and_surrounding_spaces(void **state)
{
    (void)state;
    assert_true(ot_text_equal_loose(" Smelter Not Listed ", "Smelter not listed"));
    assert_false(ot_text_equal_loose("Smelter not listed", "Smelter not yet identified"));
    assert_true(ot_text_equal_loose(" No", "No"));
}

static void numbers_print_like_a_person_reads_them(void **state)
{
    (void)state;
    char b[32];
    ot_format_number(496215550421.0, b);
    assert_string_equal(b, "496215550421");
    ot_format_number(0.75, b);
    assert_string_equal(b, "0.75");
    ot_format_number(-3, b);
    assert_string_equal(b, "-3");
}

static void a1_references_round_trip_and_reject_the_absurd(void **state)
{
    (void)state;
    uint32_t r, c;
    assert_true(ot_parse_a1("D26", &r, &c));
    assert_int_equal(r, 26);
    assert_int_equal(c, 4);
    assert_true(ot_parse_a1("$AB$12", &r, &c));
    assert_int_equal(c, 28);
    assert_true(ot_parse_a1("XFD1048576", &r, &c));
    assert_false(ot_parse_a1("XFE1", &r, &c));
    assert_false(ot_parse_a1("A1048577", &r, &c));
    assert_false(ot_parse_a1("A0", &r, &c));
    assert_false(ot_parse_a1("ZZZZ1", &r, &c));
    assert_false(ot_parse_a1("A99999999", &r, &c));
    assert_false(ot_parse_a1("12", &r, &c));
    char out[16];
    ot_format_a1(2504, 17, out);
    assert_string_equal(out, "Q2504");
    ot_format_a1(1, 28, out);
    assert_string_equal(out, "AB1");
    assert_int_equal(ot_col_from_letters("AH"), 34);
}

static void invalid_utf8_is_repaired_not_dropped(void **state)
{
    (void)state;
    const char bad[] = "Caf\xE9 Tin"; /* Latin-1 e-acute */
    assert_false(ot_utf8_valid(bad, strlen(bad)));
    char *fixed = ot_utf8_sanitize(bad, strlen(bad));
    assert_string_equal(fixed, "Caf\xEF\xBF\xBD Tin");
    assert_true(ot_utf8_valid(fixed, strlen(fixed)));
    free(fixed);
    assert_true(ot_utf8_valid("Metalúrgica 錫", strlen("Metalúrgica 錫")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trims_spaces_nbsp_and_normalises_line_breaks),
        cmocka_unit_test(loose_equality_ignores_case_and_surrounding_spaces),
        cmocka_unit_test(numbers_print_like_a_person_reads_them),
        cmocka_unit_test(a1_references_round_trip_and_reject_the_absurd),
        cmocka_unit_test(invalid_utf8_is_repaired_not_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
