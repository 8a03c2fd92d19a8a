/* docs/risk.md and the risk tables agree: the file is exactly what ot_risk_markdown
 * generates from the red-flag, level and program-strength tables and the data files,
 * every flag code is documented and every documented code exists.
 * ORETRACE_UPDATE_DOCS=1 rewrites the file from the tables (then the test checks it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "risk/risk.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *generated(void)
{
    ot_strbuf sb = {0};
    ot_risk_markdown(&sb);
    assert_false(sb.failed);
    char *s = strdup(ot_sb_str(&sb));
    ot_sb_free(&sb);
    return s;
}

static void test_file_is_generated_from_the_tables(void **state)
{
    (void)state;
    char *want = generated();
    const char *path = src_path("docs/risk.md");
    const char *update = getenv("ORETRACE_UPDATE_DOCS");
    if (update && strcmp(update, "1") == 0) assert_int_equal(spit(path, want, strlen(want)), 0);
    char *doc = slurp(path, NULL);
    assert_non_null(doc);
    if (strcmp(doc, want) != 0)
        fprintf(stderr,
                "  docs/risk.md is stale: run ORETRACE_UPDATE_DOCS=1 build/tests/risk_test_docs\n");
    assert_string_equal(doc, want);
    free(doc);
    free(want);
}

/* Codes written as `RF-...` in the first column of a table row. */
static size_t documented_codes(const char *doc, char codes[][64], size_t max)
{
    size_t n = 0;
    for (const char *line = doc; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "| `RF-", 6) != 0) continue;
        const char *start = line + 3, *end = strchr(start, '`');
        if (!end || (size_t)(end - start) >= 64 || n >= max) continue;
        memcpy(codes[n], start, (size_t)(end - start));
        codes[n][end - start] = '\0';
        n++;
    }
    return n;
}

static void test_every_flag_documented_and_back(void **state)
{
    (void)state;
    char *doc = slurp(src_path("docs/risk.md"), NULL);
    assert_non_null(doc);
    char codes[64][64];
    size_t n = documented_codes(doc, codes, 64);
    assert_int_equal(n, ot_risk_flag_count());
    ot_risk_flag_info f;
    for (size_t i = 0; ot_risk_flag_info_at(i, &f); i++) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = strcmp(codes[k], f.code) == 0;
        if (!found) fail_msg("not documented: %s", f.code);
    }
    for (size_t k = 0; k < n; k++) {
        bool exists = false;
        for (size_t i = 0; ot_risk_flag_info_at(i, &f) && !exists; i++)
            exists = strcmp(codes[k], f.code) == 0;
        if (!exists) fail_msg("documented but unknown: %s", codes[k]);
    }
    /* the covered countries, the map rows and the data sources are there too */
    for (size_t i = 0; i < ot_risk_covered_count(); i++)
        assert_non_null(strstr(doc, ot_risk_covered_at(i)->name));
    ot_program_map_info m;
    for (size_t i = 0; ot_program_map_at(i, &m); i++)
        assert_non_null(strstr(doc, m.label));
    assert_non_null(strstr(doc, ot_risk_table_source_at("countries", 0)));
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_is_generated_from_the_tables),
        cmocka_unit_test(test_every_flag_documented_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
