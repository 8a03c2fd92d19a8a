/* What human-readable output shows of text from outside (a company name, a file name, a
 * sheet name): control characters escaped the way the JSON output writes them, so an
 * escape sequence never reaches the terminal and a line break never starts a forged line;
 * ordinary UTF-8, backslashes and quotes untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/printable.h"

static void shows(const char *in, const char *want)
{
    char *got = ot_printable(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void control_characters_are_escaped_like_json(void **state)
{
    (void)state;
    shows("evil\x1b[2J.xlsx", "evil\\u001b[2J.xlsx");
    shows("a\nb\rc\td\be\ff", "a\\nb\\rc\\td\\be\\ff");
    shows("bell\a del\x7f", "bell\\u0007 del\\u007f");
    shows("c1 \xc2\x9b csi", "c1 \\u009b csi");       /* U+009B, a one-byte CSI */
    shows("rtl \xe2\x80\xae txt", "rtl \\u202e txt"); /* right-to-left override */
    shows("latin1 caf\xe9", "latin1 caf\\xe9");       /* not UTF-8: the byte */
}

static void ordinary_text_is_left_alone(void **state)
{
    (void)state;
    const char *plain = "Müller GmbH \"Zinn\" C:\\Lieferanten 錫 €";
    shows(plain, plain);
    shows("", "");
    shows(NULL, "");
    assert_false(ot_text_needs_escape(plain));
    assert_true(ot_text_needs_escape("x\n"));
    ot_shown sh = {0};
    assert_ptr_equal(ot_show(&sh, plain), plain); /* nothing copied when nothing to escape */
    assert_string_equal(ot_show(&sh, "a\x1b"), "a\\u001b");
    assert_string_equal(ot_show(&sh, NULL), "");
    ot_shown_free(&sh);
}

static void single_line_fields_refuse_line_breaks_and_escapes(void **state)
{
    (void)state;
    assert_int_equal(ot_text_first_control("Jane\r\nDoe"), '\r');
    assert_int_equal(ot_text_first_control("Jane\x1b"), 0x1b);
    assert_int_equal(ot_text_first_control("Tab\tis fine"), 0);
    assert_int_equal(ot_text_first_control("Jürgen"), 0);
    assert_int_equal(ot_text_first_control(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(control_characters_are_escaped_like_json),
        cmocka_unit_test(ordinary_text_is_left_alone),
        cmocka_unit_test(single_line_fields_refuse_line_breaks_and_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
