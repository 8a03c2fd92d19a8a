/* CSV reading as importers rely on it: RFC 4180 quoting, line numbers that point at the
 * right line in the user's file, bad records reported and skipped without losing the
 * records after them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/csv.h"
#include "util/strbuf.h"

/* Collects records as "line:f1|f2|..." (or "line:BAD") joined by newlines. */
static ot_code collect(const ot_csv_row *row, void *ctx, ot_error *err)
{
    (void)err;
    ot_strbuf *sb = ctx;
    ot_sb_printf(sb, "%zu:", row->line);
    if (row->malformed) {
        ot_sb_puts(sb, "BAD\n");
        return OT_OK;
    }
    for (size_t i = 0; i < row->count; i++) {
        if (i) ot_sb_putc(sb, '|');
        ot_sb_puts(sb, row->fields[i]);
    }
    ot_sb_putc(sb, '\n');
    return OT_OK;
}

static char *parse(const char *text)
{
    ot_strbuf sb = {0};
    ot_error err;
    assert_int_equal(ot_csv_read_mem(text, strlen(text), collect, &sb, &err), OT_OK);
    char *s = strdup(ot_sb_str(&sb));
    ot_sb_free(&sb);
    return s;
}

static void quoted_fields_keep_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    char *s = parse("id,name,note\r\n"
                    "1,\"Acme, Inc.\",\"said \"\"hi\"\"\"\r\n"
                    "2,\"Two\r\nlines\",x\r\n"
                    "3,Plain,\r\n");
    assert_string_equal(s, "1:id|name|note\n"
                           "2:1|Acme, Inc.|said \"hi\"\n"
                           "3:2|Two\r\nlines|x\n"
                           "5:3|Plain|\n");
    free(s);
}

static void bom_blank_lines_and_missing_final_newline_are_tolerated(void **state)
{
    (void)state;
    char *s = parse("\xEF\xBB\xBF"
                    "a,b\n\n\nc,d");
    assert_string_equal(s, "1:a|b\n4:c|d\n");
    free(s);
}

static void lone_cr_line_endings_count_as_lines(void **state)
{
    (void)state;
    char *s = parse("a,b\rc,d\r");
    assert_string_equal(s, "1:a|b\n2:c|d\n");
    free(s);
}

static void malformed_record_is_reported_and_reading_goes_on(void **state)
{
    (void)state;
    char *s = parse("h1,h2\n"
                    "ok,1\n"
                    "\"closed\"junk,2\n"
                    "bad\"quote,3\n"
                    "fine,4\n");
    assert_string_equal(s, "1:h1|h2\n2:ok|1\n3:BAD\n4:BAD\n5:fine|4\n");
    free(s);
}

static void unterminated_quote_is_malformed_at_its_start_line(void **state)
{
    (void)state;
    char *s = parse("a,b\n1,2\n3,\"never closed\n4,5\n");
    assert_string_equal(s, "1:a|b\n2:1|2\n3:BAD\n");
    free(s);
}

static ot_code stop_at_second(const ot_csv_row *row, void *ctx, ot_error *err)
{
    int *n = ctx;
    if (++*n == 2) return ot_fail(err, OT_E_INVALID, "stop at line %zu", row->line);
    return OT_OK;
}

static void callback_error_stops_reading(void **state)
{
    (void)state;
    int n = 0;
    ot_error err;
    const char *t = "a\nb\nc\n";
    assert_int_equal(ot_csv_read_mem(t, strlen(t), stop_at_second, &n, &err), OT_E_INVALID);
    assert_int_equal(n, 2);
    assert_string_equal(err.message, "stop at line 2");
}

static void header_lookup_ignores_case_and_spaces(void **state)
{
    (void)state;
    const char *f[] = {"Vendor No", " NAME ", "country"};
    ot_csv_row h = {.line = 1, .count = 3, .fields = f};
    assert_int_equal(ot_csv_column(&h, "vendor no"), 0);
    assert_int_equal(ot_csv_column(&h, "Name"), 1);
    assert_int_equal(ot_csv_column(&h, "category"), -1);
}

static void written_fields_read_back_unchanged(void **state)
{
    (void)state;
    const char *values[] = {"plain", "a,b", "say \"x\"", "two\nlines", " padded "};
    ot_strbuf sb = {0};
    for (size_t i = 0; i < 5; i++) {
        if (i) ot_sb_putc(&sb, ',');
        ot_csv_put_field(&sb, values[i]);
    }
    ot_sb_puts(&sb, "\r\n");
    char *s = parse(ot_sb_str(&sb));
    assert_string_equal(s, "1:plain|a,b|say \"x\"|two\nlines| padded \n");
    free(s);
    ot_sb_free(&sb);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    ot_error err;
    int n = 0;
    assert_int_equal(ot_csv_read_file("/nonexistent/x.csv", 0, stop_at_second, &n, &err), OT_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_fields_keep_commas_quotes_and_line_breaks),
        cmocka_unit_test(bom_blank_lines_and_missing_final_newline_are_tolerated),
        cmocka_unit_test(lone_cr_line_endings_count_as_lines),
        cmocka_unit_test(malformed_record_is_reported_and_reading_goes_on),
        cmocka_unit_test(unterminated_quote_is_malformed_at_its_start_line),
        cmocka_unit_test(callback_error_stops_reading),
        cmocka_unit_test(header_lookup_ignores_case_and_spaces),
        cmocka_unit_test(written_fields_read_back_unchanged),
        cmocka_unit_test(missing_file_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
