/* Extraction against the generated fixtures (tests/fixtures, scripts/make-fixtures.py):
 * every <name>.expected.json describes what the official template filled by a "supplier"
 * holds; ot_template_read + ot_declaration_to_json must give the same values, key by key.
 * The fixtures are written by openpyxl (no cached formula values), cover CMRT 6.01-6.5,
 * CRT, EMRT 1.3/2.1 and AMRT 1.3 in several languages, numeric picks ("100%" stored as
 * 1), text dates and deleted / "Other" minerals. tests/fixtures/hostile/ holds broken
 * and hostile files, each of which must give its one error code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "reader/workbook.h"
#include "template/template.h"
#include "testutil.h"
#include "util/fileio.h"

static int failures;
static const char *current;

/* Keys of the expected JSON that describe how the fixture was made, not its content. */
static bool ignored_key(const char *k)
{
    static const char *const keys[] = {
        "file",        "template_file", "producer",        "cached_values",
        "valid",       "intent",        "expected_defect", "minerals_selection",
        "resolves_to", "numeric",       "language",        NULL};
    for (int i = 0; keys[i]; i++)
        if (strcmp(k, keys[i]) == 0) return true;
    return false;
}

static void report(const char *path, json_t *want, json_t *got)
{
    failures++;
    if (failures > 60) return;
    char *w = want ? json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    print_error("%s: %s: want %.200s, got %.200s\n", current, path, w ? w : "(absent)",
                g ? g : "(absent)");
    free(w);
    free(g);
}

/* Every value of `want` must be in `got` (got may hold more keys). */
static void compare(const char *path, json_t *want, json_t *got)
{
    char sub[512];
    if (json_is_object(want)) {
        if (!json_is_object(got)) {
            report(path, want, got);
            return;
        }
        const char *k;
        json_t *v;
        json_object_foreach(want, k, v)
        {
            if (ignored_key(k)) continue;
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            compare(sub, v, json_object_get(got, k));
        }
        return;
    }
    if (json_is_array(want)) {
        if (!json_is_array(got) || json_array_size(got) != json_array_size(want)) {
            snprintf(sub, sizeof sub, "%s (length %zu vs %zu)", path, json_array_size(want),
                     got ? json_array_size(got) : 0);
            report(sub, NULL, NULL);
            return;
        }
        size_t i;
        json_t *v;
        json_array_foreach(want, i, v)
        {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            compare(sub, v, json_array_get(got, i));
        }
        return;
    }
    if (!got || !json_equal(want, got)) report(path, want, got);
}

/* "numeric": true in the expected answers = the cell holds a number (a pick of the
 * numeric "100%" item, or a typed number). */
static void compare_numeric_flags(const ot_declaration *d, json_t *questions)
{
    for (size_t q = 0; q < d->question_count; q++) {
        json_t *per = json_object_get(questions, d->questions[q].key);
        for (size_t m = 0; m < d->metal_count; m++) {
            json_t *e = json_object_get(per, d->metals[m]);
            bool want = json_is_true(json_object_get(e, "numeric"));
            if (e && want != d->questions[q].per_metal[m].answer.numeric) {
                char path[128];
                snprintf(path, sizeof path, "questions.%s.%s.numeric", d->questions[q].key,
                         d->metals[m]);
                report(path, json_boolean(want), NULL);
            }
        }
    }
}

static json_t *read_as_json(const char *path, ot_declaration **out)
{
    ot_workbook *wb = NULL;
    ot_error err;
    if (ot_workbook_open(path, NULL, &wb, &err) || ot_template_read(wb, out, &err)) {
        ot_workbook_close(wb);
        json_t *msg = json_string(err.message);
        report("read", NULL, msg);
        json_decref(msg);
        return NULL;
    }
    ot_workbook_close(wb);
    return ot_declaration_to_json(*out);
}

static int check_fixture(const char *expected_path)
{
    json_error_t jerr;
    json_t *want = json_load_file(expected_path, 0, &jerr);
    if (!want) fail_msg("%s: %s", expected_path, jerr.text);
    const char *file = json_string_value(json_object_get(want, "file"));
    char rel[512];
    snprintf(rel, sizeof rel, "tests/fixtures/%s", file);
    current = file;
    ot_declaration *d = NULL;
    json_t *got = read_as_json(src_path(rel), &d);
    if (got) {
        compare("", want, got);
        compare_numeric_flags(d, json_object_get(want, "questions"));
        json_t *lang = json_object_get(want, "language");
        if (!json_is_null(lang) &&
            (!d->language || strcmp(d->language, json_string_value(lang)) != 0)) {
            json_t *g = d->language ? json_string(d->language) : NULL;
            report("language", lang, g);
            json_decref(g);
        }
    }
    json_decref(got);
    ot_declaration_free(d);
    json_decref(want);
    return 1;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void every_fixture_matches_its_expected_json(void **state)
{
    (void)state;
    DIR *dh = opendir(src_path("tests/fixtures"));
    assert_non_null(dh);
    struct dirent *e;
    int checked = 0;
    while ((e = readdir(dh))) {
        if (!has_suffix(e->d_name, ".expected.json")) continue;
        char rel[512];
        snprintf(rel, sizeof rel, "tests/fixtures/%s", e->d_name);
        checked += check_fixture(src_path(rel));
    }
    closedir(dh);
    assert_true(checked >= 10); /* the generator writes about thirty */
    if (failures)
        fail_msg("%d mismatches in %d fixtures (first ones listed above)", failures, checked);
}

/* Hostile inputs: read the bytes, open, read the template: each stops with its code. */
static void every_hostile_file_gives_its_error(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *codes = json_load_file(src_path("tests/fixtures/hostile/expected.json"), 0, &jerr);
    if (!codes) skip(); /* generated with the fixtures; absent in a partial checkout */
    const char *name;
    json_t *code;
    int bad = 0;
    json_object_foreach(codes, name, code)
    {
        char rel[512];
        snprintf(rel, sizeof rel, "tests/fixtures/hostile/%s", name);
        unsigned char *data = NULL;
        size_t len = 0;
        ot_workbook *wb = NULL;
        ot_declaration *d = NULL;
        ot_error err;
        ot_error_clear(&err);
        ot_code rc = ot_read_file(src_path(rel), ot_reader_default_limits()->max_file_bytes, &data,
                                  &len, &err);
        if (!rc) rc = ot_workbook_open_mem(data, len, name, NULL, &wb, &err);
        if (!rc) rc = ot_template_read(wb, &d, &err);
        if (strcmp(ot_error_code_name(rc), json_string_value(code)) != 0) {
            print_error("%s: want %s, got %s (%s)\n", name, json_string_value(code),
                        ot_error_code_name(rc), err.message);
            bad++;
        } else {
            assert_true(strlen(err.message) > 0); /* one clear line for the user */
        }
        ot_declaration_free(d);
        ot_workbook_close(wb);
        free(data);
    }
    json_decref(codes);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_fixture_matches_its_expected_json),
        cmocka_unit_test(every_hostile_file_gives_its_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
