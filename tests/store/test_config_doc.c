/* The table of settings (store/config.h) and what is generated from it agree: the key
 * tables of docs/workspace.md are exactly what ot_config_markdown makes, the oretrace.conf
 * that `oretrace init` writes names every key and parses back to the defaults, and every
 * key is read by some code (its typed field is used outside the config module), unless
 * the table says it is for people or templates only.
 * ORETRACE_UPDATE_DOCS=1 rewrites the docs' tables from the table (then the test checks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/config.h"
#include "testutil.h"
#include "util/strbuf.h"

#define BEGIN "<!-- config:begin -->\n"
#define END "<!-- config:end -->"

static void test_docs_tables_are_generated_from_the_table(void **state)
{
    (void)state;
    ot_strbuf want = {0};
    ot_config_markdown(&want);
    assert_false(want.failed);
    const char *path = src_path("docs/workspace.md");
    char *doc = slurp(path, NULL);
    assert_non_null(doc);
    char *begin = strstr(doc, BEGIN), *end = begin ? strstr(begin, END) : NULL;
    if (!begin || !end) fail_msg("docs/workspace.md has no %s ... %s block", BEGIN, END);
    begin += strlen(BEGIN);
    const char *update = getenv("ORETRACE_UPDATE_DOCS");
    if (update && strcmp(update, "1") == 0) {
        ot_strbuf out = {0};
        ot_sb_append(&out, doc, (size_t)(begin - doc));
        ot_sb_puts(&out, ot_sb_str(&want));
        ot_sb_puts(&out, end);
        assert_int_equal(spit(path, out.data, out.len), 0);
        ot_sb_free(&out);
        free(doc);
        doc = slurp(path, NULL);
        begin = strstr(doc, BEGIN) + strlen(BEGIN);
        end = strstr(begin, END);
    }
    *end = '\0';
    if (strcmp(begin, ot_sb_str(&want)) != 0)
        fprintf(stderr, "  docs/workspace.md is stale: run ORETRACE_UPDATE_DOCS=1 "
                        "build/tests/store_test_config_doc\n");
    assert_string_equal(begin, ot_sb_str(&want));
    free(doc);
    ot_sb_free(&want);
}

/* Whether two parsed configs hold the same value for the key. */
static bool same_value(const ot_config *a, const ot_config *b, const ot_config_key *k)
{
    const char *pa = (const char *)a + k->offset, *pb = (const char *)b + k->offset;
    switch (k->type) {
    case OT_CONFIG_INT:
    case OT_CONFIG_YEAR:
        return *(const int *)pa == *(const int *)pb;
    case OT_CONFIG_BOOL:
        return *(const bool *)pa == *(const bool *)pb;
    case OT_CONFIG_DAYS:
    case OT_CONFIG_ESCALATION:
    case OT_CONFIG_LIST:
        break;
    default:
        return strcmp(*(const char *const *)pa, *(const char *const *)pb) == 0;
    }
    size_t n = *(const size_t *)((const char *)a + k->count_offset);
    if (n != *(const size_t *)((const char *)b + k->count_offset)) return false;
    for (size_t i = 0; i < n; i++) {
        if (k->type == OT_CONFIG_DAYS && ((const int *)pa)[i] != ((const int *)pb)[i]) return false;
        if (k->type == OT_CONFIG_LIST &&
            strcmp(((const char *const *)pa)[i], ((const char *const *)pb)[i]) != 0)
            return false;
        const ot_escalation *ea = (const ot_escalation *)pa + i,
                            *eb = (const ot_escalation *)pb + i;
        if (k->type == OT_CONFIG_ESCALATION && (ea->day != eb->day || strcmp(ea->role, eb->role)))
            return false;
    }
    return true;
}

static void test_init_writes_every_key_and_it_parses_to_the_defaults(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char *out = NULL;
    assert_int_equal(run_clif(&out, NULL, "init '%s'", dir), 0);
    free(out);
    char path[4200];
    snprintf(path, sizeof path, "%s/oretrace.conf", dir);
    char *text = slurp(path, NULL);
    assert_non_null(text);
    for (size_t i = 0; i < ot_config_key_count; i++) {
        char line[128];
        snprintf(line, sizeof line, "\n%s =", ot_config_keys[i].name);
        if (!strstr(text, line)) fail_msg("oretrace.conf written by init lacks %s", line + 1);
    }
    ot_config written, defaults;
    ot_error err;
    assert_int_equal(ot_config_parse(text, path, &written, &err), OT_OK);
    assert_int_equal(ot_config_parse("", "empty", &defaults, &err), OT_OK);
    for (size_t i = 0; i < ot_config_key_count; i++)
        if (!same_value(&written, &defaults, &ot_config_keys[i]))
            fail_msg("%s in the written file is not its default", ot_config_keys[i].name);
    /* the documented defaults */
    assert_int_equal(written.reporting_year, ot_config_last_year());
    assert_int_equal(written.response_days, 60);
    assert_int_equal(written.retention_years, 5);
    assert_int_equal(written.reminder_count, 3);
    assert_int_equal(written.reminder_days[2], 42);
    assert_string_equal(written.escalations[1].role, "senior_officer");
    assert_true(written.exclude_inactive);
    assert_string_equal(written.scope_route, "auto");
    assert_string_equal(written.portal_url, "");
    assert_int_equal(written.lock_wait_seconds, 60);
    ot_config_free(&written);
    ot_config_free(&defaults);
    free(text);
    rm_rf(dir);
    free(dir);
}

/* Whether text reads the field of a config: `cfg->field`, `config.field`,
 * `ot_app_config(app)->field`... (an access whose object, on the same line just before,
 * names a config). */
static bool reads_field(const char *text, const char *field)
{
    size_t n = strlen(field);
    for (const char *p = strstr(text, field); p; p = strstr(p + 1, field)) {
        char after = p[n];
        if (after == '_' || (after >= 'a' && after <= 'z') || (after >= '0' && after <= '9'))
            continue;
        bool arrow = p - text >= 2 && p[-1] == '>' && p[-2] == '-';
        if (!arrow && !(p - text >= 1 && p[-1] == '.')) continue;
        const char *line = p;
        while (line > text && line[-1] != '\n' && p - line < 48)
            line--;
        char before[64];
        snprintf(before, sizeof before, "%.*s", (int)(p - line), line);
        if (strstr(before, "cfg") || strstr(before, "config")) return true;
    }
    return false;
}

/* Appends to *all every .c file under dir, except the config module's own. */
static void read_sources(const char *dir, ot_strbuf *all)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = strlen(e->d_name);
        if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0) {
            if (strstr(path, "/store/config")) continue;
            char *text = slurp(path, NULL);
            ot_sb_puts(all, text);
            ot_sb_putc(all, '\n');
            free(text);
        } else if (!strchr(e->d_name, '.')) {
            read_sources(path, all);
        }
    }
    closedir(d);
}

static void test_every_key_is_read_by_code(void **state)
{
    (void)state;
    ot_strbuf all = {0};
    read_sources(src_path("src"), &all);
    assert_false(all.failed);
    assert_true(all.len > 100000); /* found the sources */
    ot_strbuf unread = {0};
    for (size_t i = 0; i < ot_config_key_count; i++) {
        const ot_config_key *k = &ot_config_keys[i];
        if (!k->for_people && !reads_field(ot_sb_str(&all), k->field))
            ot_sb_printf(&unread, " %s (field %s)", k->name, k->field);
    }
    if (unread.len)
        fail_msg("no code outside src/store/config*.c reads%s: read them, or mark them for "
                 "people/templates only",
                 ot_sb_str(&unread));
    ot_sb_free(&unread);
    ot_sb_free(&all);
}

/* Each row is complete: help and section, a known type, a default where the parser needs
 * one, allowed values where the type needs them. */
static void test_every_row_is_complete(void **state)
{
    (void)state;
    for (size_t i = 0; i < ot_config_key_count; i++) {
        const ot_config_key *k = &ot_config_keys[i];
        assert_true(*k->help && *k->section && k->field && k->def);
        assert_null(strchr(k->help, '\n')); /* one paragraph: wrapped by the generators */
        if (k->type == OT_CONFIG_BOOL || k->type == OT_CONFIG_ENUM) assert_true(*k->def);
        if (k->type == OT_CONFIG_ENUM || k->type == OT_CONFIG_URL) assert_non_null(k->values);
        if ((k->type == OT_CONFIG_INT || k->type == OT_CONFIG_YEAR) && !*k->def)
            assert_non_null(k->def_int);
        assert_ptr_equal(ot_config_key_find(k->name), k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_tables_are_generated_from_the_table),
        cmocka_unit_test(test_init_writes_every_key_and_it_parses_to_the_defaults),
        cmocka_unit_test(test_every_key_is_read_by_code),
        cmocka_unit_test(test_every_row_is_complete),
    };
    return cmocka_run_group_tests(tests, setup_workspace_env, teardown_workspace_env);
}
