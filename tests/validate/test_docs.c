/* test_docs.c - docs/findings.md and the rule table agree: every code the program can
 * report is documented, every documented code exists, and the file is exactly what
 * `oretrace validate --list-rules --markdown` generates from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/strbuf.h"
#include "validate/validate.h"

/* Codes written as `FAMILY-RULE` in the first column of a table row. */
static size_t documented_codes(const char *doc, char codes[][64], size_t max)
{
    size_t n = 0;
    for (const char *line = doc; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "| `", 3) != 0) continue;
        const char *start = line + 3, *end = strchr(start, '`');
        if (!end || (size_t)(end - start) >= 64 || n >= max) continue;
        memcpy(codes[n], start, (size_t)(end - start));
        codes[n][end - start] = '\0';
        n++;
    }
    return n;
}

static void test_every_code_documented_and_back(void **state)
{
    (void)state;
    char *doc = slurp(src_path("docs/findings.md"), NULL);
    assert_non_null(doc);
    static char codes[400][64];
    size_t n = documented_codes(doc, codes, 400);
    assert_int_equal(n, ot_rule_count());
    for (size_t i = 0; i < n; i++) {
        if (!ot_rule_exists(codes[i])) fprintf(stderr, "  documented but unknown: %s\n", codes[i]);
        assert_true(ot_rule_exists(codes[i]));
    }
    ot_rule_info info;
    for (size_t i = 0; ot_rule_info_at(i, &info); i++) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = strcmp(codes[k], info.code) == 0;
        if (!found) fprintf(stderr, "  not documented: %s\n", info.code);
        assert_true(found);
        assert_true(info.meaning[0] && info.fix[0]);
    }
    free(doc);
}

static void test_file_is_generated_from_the_table(void **state)
{
    (void)state;
    char *doc = slurp(src_path("docs/findings.md"), NULL);
    assert_non_null(doc);
    ot_strbuf sb = {0};
    ot_rules_markdown(&sb);
    if (strcmp(doc, ot_sb_str(&sb)) != 0)
        fprintf(stderr, "  docs/findings.md is stale: run oretrace validate --list-rules "
                        "--markdown > docs/findings.md\n");
    assert_string_equal(doc, ot_sb_str(&sb));
    ot_sb_free(&sb);
    free(doc);
}

/* Codes are FAMILY-RULE, upper case, unique; each family's count adds up. */
static void test_codes_are_stable_shaped(void **state)
{
    (void)state;
    ot_rule_info info;
    size_t total = 0;
    static char seen[400][64];
    for (size_t i = 0; ot_rule_info_at(i, &info); i++) {
        assert_true(i < 400);
        for (const char *p = info.code; *p; p++)
            assert_true(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-');
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(seen[k], info.code);
        snprintf(seen[i], 64, "%s", info.code);
        total++;
    }
    assert_int_equal(total, ot_rule_count_for(OT_FAMILY_CMRT) + ot_rule_count_for(OT_FAMILY_CRT) +
                                ot_rule_count_for(OT_FAMILY_EMRT) +
                                ot_rule_count_for(OT_FAMILY_AMRT));
    assert_true(ot_rule_exists("CMRT-REQ-CONTACT-EMAIL"));
    assert_false(ot_rule_exists("CMRT-NO-SUCH-RULE"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_documented_and_back),
        cmocka_unit_test(test_file_is_generated_from_the_table),
        cmocka_unit_test(test_codes_are_stable_shaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
