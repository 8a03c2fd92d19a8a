/* `oretrace match --tsv` on what a user may hand it: a file of one byte 0xEF (the start
 * of a byte-order mark, nothing more) is refused as having no header without reading
 * past its buffer (AddressSanitizer checks the ASan build), a whole byte-order mark is
 * skipped, and control characters in the names come out escaped so the output's columns
 * and the terminal stay intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void lone_bom_byte_is_no_header(void **state)
{
    (void)state;
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/ef.tsv", test_dir);
    assert_int_equal(spit(tsv, "\xef", 1), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "match --workspace '%s' --tsv '%s'", test_dir, tsv), 2);
    assert_non_null(strstr(err, "the first line must be a header"));
    free(out);
    free(err);
    assert_int_equal(spit(tsv, "\xef\xbb", 2), 0);
    assert_int_equal(run_clif(&out, &err, "match --workspace '%s' --tsv '%s'", test_dir, tsv), 2);
    free(out);
    free(err);
}

static void bom_is_skipped_and_names_are_escaped(void **state)
{
    (void)state;
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/names.tsv", test_dir);
    const char rows[] = "\xef\xbb\xbfmetal\tname\tcountry\n"
                        "Gold\tEvil\x1b[2J Refinery\tJapan\n";
    assert_int_equal(spit(tsv, rows, sizeof rows - 1), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "match --workspace '%s' --tsv '%s'", test_dir, tsv), 0);
    assert_null(strchr(out, '\x1b'));
    assert_non_null(strstr(out, "\n1\tEvil\\u001b[2J Refinery\t"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lone_bom_byte_is_no_header),
        cmocka_unit_test(bom_is_skipped_and_names_are_escaped),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
