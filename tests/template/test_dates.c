/* Effective dates typed as text: the forms suppliers use are read as ISO dates, anything
 * else is refused (the raw text then stays for a finding to quote). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "template/template.h"

static void accepted_forms_become_iso(void **state)
{
    (void)state;
    static const struct {
        const char *text, *iso;
    } ok[] = {
        {"05-Mar-2025", "2025-03-05"},  {"5-mar-2025", "2025-03-05"},
        {"31/Dec/2024", "2024-12-31"},  {"1/JAN/2026", "2026-01-01"},
        {"2025-03-05", "2025-03-05"},   {"2024-06-05 00:00:00", "2024-06-05"},
        {"05.03.2025", "2025-03-05"},   {" 29-Feb-2024 ", "2024-02-29"},
        {"12-September-2023", "2023-09-12"}, {"12-Sept-2023", "2023-09-12"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char out[11] = "";
        if (!ot_template_parse_date_text(ok[i].text, out))
            fail_msg("'%s' was refused", ok[i].text);
        assert_string_equal(out, ok[i].iso);
    }
}

static void other_text_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "29-Feb-2025",     /* not a leap year */
        "31-Apr-2025",     /* April has 30 days */
        "2025-13-01",      /* no month 13 */
        "03/05/2025",      /* ambiguous numeric month order: not a template form */
        "Q1 2025", "next Monday", "", "05-Mar-25", "5-Mrz-2025", "05.03.2025 extra",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[11] = "";
        if (ot_template_parse_date_text(bad[i], out))
            fail_msg("'%s' was accepted as %s", bad[i], out);
    }
    char out[11];
    assert_false(ot_template_parse_date_text(NULL, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepted_forms_become_iso),
        cmocka_unit_test(other_text_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
