/* JSON numbers as people read them and programs read them back: a rate of 93.3 prints
 * as 93.3 (jansson alone writes 93.299999999999997), every real still parses back to
 * the very same double, and a string that is not UTF-8 is repaired rather than dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonout.h"

static void rounded_rates_print_as_written(void **state)
{
    (void)state;
    json_t *o =
        json_pack("{s:f, s:f, s:f, s:i}", "response_rate", ot_round_to(279.0 / 299 * 100, 1),
                  "confidence", 0.95, "whole", 100.0, "files", 12);
    char *s = ot_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(
        s, "{\"response_rate\":93.3,\"confidence\":0.95,\"whole\":100.0,\"files\":12}");
    free(s);
    json_decref(o);
}

/* A 100 % response rate alone in its output is 100.0, not 1e+02. */
static void whole_numbers_alone_keep_their_digits(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:f, s:f}", "response_rate", 100.0, "big", 123456.0);
    char *s = ot_json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(s, "{\"response_rate\":100.0,\"big\":123456.0}");
    free(s);
    json_decref(o);
}

static void every_real_reads_back_exactly(void **state)
{
    (void)state;
    const double values[] = {0.1 + 0.2, 93.3, 1.0 / 3, 1e-7, 123456789.125, -0.0};
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        json_array_append_new(a, json_real(values[i]));
    char *s = ot_json_dumps(a, JSON_COMPACT);
    json_t *back = json_loads(s, 0, NULL);
    assert_non_null(back);
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        assert_true(json_real_value(json_array_get(back, i)) == values[i]);
    free(s);
    json_decref(back);
    json_decref(a);
    json_t *half = json_real(0.5);
    assert_int_equal(ot_json_real_digits(half), 1);
    json_decref(half);
}

static void text_that_is_not_utf8_is_kept(void **state)
{
    (void)state;
    json_t *v = ot_json_text("M\xfcller");
    assert_non_null(v);
    assert_string_equal(json_string_value(v), "M\xef\xbf\xbdller");
    json_decref(v);
    v = ot_json_text(NULL);
    assert_true(json_is_null(v));
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rounded_rates_print_as_written),
        cmocka_unit_test(whole_numbers_alone_keep_their_digits),
        cmocka_unit_test(every_real_reads_back_exactly),
        cmocka_unit_test(text_that_is_not_utf8_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
