/* docs/report.md's generated sections are the tables in the code: the placeholders (the
 * figures table, report/figures.c) and the RCOI decision rule (report/cmr_rcoi.c).
 * ORETRACE_UPDATE_DOCS=1 rewrites them instead of failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/cmr.h"
#include "report/figures.h"
#include "testutil.h"

/* Checks (or rewrites) the text between <!-- NAME:begin --> and <!-- NAME:end -->. */
static void check_section(const char *name, const char *expected)
{
    const char *path = src_path("docs/report.md");
    char *doc = slurp(path, NULL);
    assert_non_null(doc);
    char begin[64], end[64];
    snprintf(begin, sizeof begin, "<!-- %s:begin -->\n", name);
    snprintf(end, sizeof end, "<!-- %s:end -->", name);
    char *b = strstr(doc, begin), *e = b ? strstr(b, end) : NULL;
    if (!b || !e) fail_msg("docs/report.md has no %s markers", name);
    b += strlen(begin);
    size_t have = (size_t)(e - b);
    bool same = have == strlen(expected) && memcmp(b, expected, have) == 0;
    if (!same && getenv("ORETRACE_UPDATE_DOCS")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(doc, 1, (size_t)(b - doc), f);
        fputs(expected, f);
        fputs(e, f);
        fclose(f);
        same = true;
    }
    free(doc);
    if (!same)
        fail_msg("docs/report.md section %s is out of date: ORETRACE_UPDATE_DOCS=1 "
                 "build/tests/report_test_report_doc",
                 name);
}

static void the_placeholder_table_is_the_figures_table(void **state)
{
    (void)state;
    ot_strbuf sb = {0};
    ot_cmr_figures_markdown(&sb);
    check_section("placeholders", ot_sb_str(&sb));
    ot_sb_free(&sb);
}

static void the_decision_rule_is_the_rule_table(void **state)
{
    (void)state;
    ot_strbuf sb = {0};
    ot_rcoi_rules_markdown(&sb);
    check_section("rcoi-rule", ot_sb_str(&sb));
    ot_sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_placeholder_table_is_the_figures_table),
        cmocka_unit_test(the_decision_rule_is_the_rule_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
