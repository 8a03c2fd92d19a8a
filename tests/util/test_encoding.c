/* Vendor CSVs in the encodings they really come in: UTF-8 with or without a byte-order
 * mark, UTF-16 (recognised by its byte-order mark), Latin-1 and Windows-1252 when named.
 * Text that is not what it claims is refused with the line, never stored half-decoded;
 * a NUL byte is refused instead of silently ending a field. The byte strings are
 * written out here so the test needs no fixture files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/encoding.h"

static char *decode(const char *bytes, size_t len, const char *encoding)
{
    char *out = NULL;
    size_t n = 0;
    ot_error err;
    ot_code rc = ot_text_decode((const unsigned char *)bytes, len, encoding, &out, &n, &err);
    if (rc != OT_OK) fail_msg("decode failed: %s", err.message);
    assert_int_equal(strlen(out), n);
    return out;
}

static void refused(const char *bytes, size_t len, const char *encoding, const char *why)
{
    char *out = (char *)"untouched";
    size_t n;
    ot_error err;
    assert_int_not_equal(
        ot_text_decode((const unsigned char *)bytes, len, encoding, &out, &n, &err), OT_OK);
    assert_null(out);
    if (!strstr(err.message, why)) fail_msg("'%s' does not say '%s'", err.message, why);
}

static void utf8_with_or_without_bom(void **state)
{
    (void)state;
    char *s = decode("\xef\xbb\xbfid,name\nS-1,M\xc3\xbcller\n", 23, NULL);
    assert_string_equal(s, "id,name\nS-1,Müller\n");
    free(s);
    s = decode("id\n", 3, "UTF-8");
    assert_string_equal(s, "id\n");
    free(s);
}

static void utf16_is_recognised_by_its_byte_order_mark(void **state)
{
    (void)state;
    /* "id,ü\r\n" in UTF-16LE and UTF-16BE, each after its byte-order mark */
    static const char le[] = "\xff\xfei\0d\0,\0\xfc\0\r\0\n\0";
    static const char be[] = "\xfe\xff\0i\0d\0,\0\xfc\0\r\0\n";
    char *s = decode(le, sizeof le - 1, NULL);
    assert_string_equal(s, "id,ü\r\n");
    free(s);
    s = decode(be, sizeof be - 1, NULL);
    assert_string_equal(s, "id,ü\r\n");
    free(s);
}

static void latin1_is_refused_with_its_line_unless_named(void **state)
{
    (void)state;
    static const char latin1[] = "id,name\nS-1,Acme\nS-2,M\xfcller\n";
    refused(latin1, sizeof latin1 - 1, NULL, "line 3 is not valid UTF-8 (byte 0xfc)");
    char *s = decode(latin1, sizeof latin1 - 1, "latin1");
    assert_string_equal(s, "id,name\nS-1,Acme\nS-2,Müller\n");
    free(s);
    s = decode("\x80 5\n", 4, "windows-1252");
    assert_string_equal(s, "€ 5\n");
    free(s);
    refused("ok\r\n\x81\n", 5, "windows-1252",
            "line 2: byte 0x81 is not a character in windows-1252");
    refused("x", 1, "klingon-8", "unknown encoding 'klingon-8'");
}

static void nul_bytes_are_refused_not_truncated(void **state)
{
    (void)state;
    static const char nul[] = "id,name\nS-1,Ac\0me\n";
    refused(nul, sizeof nul - 1, NULL, "line 2 holds a NUL byte");
    /* UTF-16 without a byte-order mark looks like text full of NUL bytes */
    refused("i\0d\0\n\0", 6, NULL, "line 1 holds a NUL byte");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_with_or_without_bom),
        cmocka_unit_test(utf16_is_recognised_by_its_byte_order_mark),
        cmocka_unit_test(latin1_is_refused_with_its_line_unless_named),
        cmocka_unit_test(nul_bytes_are_refused_not_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
