/* test_checker_parity.c - on every official empty RMI template, the "required" findings
 * are exactly the items the template's own Checker sheet lists as open.
 *
 * The oracle is the Checker itself: Excel saved each template with the Checker's cached
 * results, so column H (required x incomplete) of every rule row says what Excel found
 * open. Which cell or list a Checker row is about comes from docs/rmi-layout.json
 * (checker.rules). Table-driven over the RMI_*.xlsx files of ../shared/rmi-templates: a template
 * added there is tested too. CMRT 6.31 and 6.4 are not empty (sample answers, a sample smelter row;
 * rmi-templates.md 3.9) - their Checkers count those, and so must we. The legacy 2.03, 2.03a
 * and 3.01 empty samples are checked the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>

#include "testutil.h"
#include "vsupport.h"

static json_t *layout_json;

/* One open item: "D:<row>" for a Declaration cell, "SL:<metal>" for a smelter list check
 * ("SL:" when the version checks for any row), "PL", "MIN", "OTHER", "NL". */
typedef struct keys {
    char items[160][40];
    size_t count;
} keys;

static void add_key(keys *k, const char *s)
{
    assert_true(k->count < 160);
    snprintf(k->items[k->count++], 40, "%s", s);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void sort_keys(keys *k)
{
    qsort(k->items, k->count, sizeof k->items[0], cmp_key);
}

/* Checker row -> key, using the rule's target or label. */
static bool rule_key(json_t *rule, const ot_declaration *d, char out[40])
{
    const char *target = json_string_value(json_object_get(rule, "target"));
    const char *label = json_string_value(json_object_get(rule, "label"));
    uint32_t row, col;
    if (target && strncmp(target, "Declaration!", 12) == 0 &&
        ot_parse_a1(target + 12, &row, &col)) {
        snprintf(out, 40, "D:%u", (unsigned)row);
        return true;
    }
    if (!label) return false;
    if (strncmp(label, "Smelter List", 12) == 0 && strchr(label, '-')) {
        const char *metal = strrchr(label, '-') + 1;
        while (*metal == ' ')
            metal++;
        snprintf(out, 40, "SL:%s", metal);
        return true;
    }
    int slot;
    if (sscanf(label, "slot_%d (smelter list check)", &slot) == 1 &&
        strstr(label, "smelter list")) {
        assert_true(slot >= 1 && (size_t)slot <= d->metal_count);
        snprintf(out, 40, "SL:%s", d->metals[slot - 1]);
        return true;
    }
    if (strcmp(label, "Smelter List") == 0 || strstr(label, "smelter names")) {
        snprintf(out, 40, "SL:");
        return true;
    }
    if (strstr(label, "Product List")) return snprintf(out, 40, "PL"), true;
    if (strstr(label, "Minerals/Metals in Scope")) return snprintf(out, 40, "MIN"), true;
    if (strstr(label, "\"Other\"")) return snprintf(out, 40, "OTHER"), true;
    if (strstr(label, "Smelter not listed")) return snprintf(out, 40, "NL"), true;
    return false;
}

/* The open items according to the Checker's cached results. */
static void checker_open(ot_workbook *wb, const ot_declaration *d, json_t *checker, keys *k)
{
    const ot_sheet *sh;
    ot_error err;
    assert_int_equal(ot_workbook_sheet(wb, "Checker", &sh, &err), OT_OK);
    size_t index;
    json_t *rule;
    double total = 0;
    json_array_foreach(json_object_get(checker, "rules"), index, rule)
    {
        uint32_t row = (uint32_t)json_integer_value(json_object_get(rule, "row"));
        const ot_cell *h = ot_sheet_cell(sh, row, 8); /* H = required x incomplete */
        bool open = h && h->kind == OT_CELL_NUMBER && h->number != 0;
        if (!open || !json_is_true(json_object_get(rule, "counted_in_total"))) continue;
        total += h->number;
        char key[40];
        if (!rule_key(rule, d, key)) fail_msg("Checker row %u: no key", (unsigned)row);
        add_key(k, key);
    }
    /* sanity: the rows we read add up to the Checker's own total */
    const char *total_cell = json_string_value(json_object_get(checker, "total_cell"));
    uint32_t tr, tc;
    assert_true(ot_parse_a1(total_cell, &tr, &tc));
    const ot_cell *t = ot_sheet_cell(sh, tr, tc);
    assert_non_null(t);
    assert_true(t->number == total);
}

/* Our "required" findings as keys. */
static void our_required(const ot_findings *f, keys *k)
{
    for (size_t i = 0; i < f->count; i++) {
        const ot_finding *x = &f->items[i];
        const char *rule = strchr(x->code, '-') + 1;
        if (strncmp(rule, "REQ-", 4) != 0) continue;
        char key[40];
        uint32_t row, col;
        if (strcmp(rule, "REQ-SMELTER-LIST") == 0)
            snprintf(key, sizeof key, "SL:%s", x->metal);
        else if (strcmp(rule, "REQ-PRODUCT-LIST") == 0)
            snprintf(key, sizeof key, "PL");
        else if (strcmp(rule, "REQ-MINERAL-SELECTION") == 0)
            snprintf(key, sizeof key, "MIN");
        else if (strcmp(rule, "REQ-OTHER-MINERAL-NAME") == 0)
            snprintf(key, sizeof key, "OTHER");
        else if (strncmp(rule, "REQ-NOT-LISTED", 14) == 0)
            snprintf(key, sizeof key, "NL");
        else if (strcmp(x->sheet, "Declaration") == 0 && ot_parse_a1(x->cell, &row, &col))
            snprintf(key, sizeof key, "D:%u", (unsigned)row);
        else
            fail_msg("required finding without a place: %s", x->code);
        add_key(k, key);
    }
}

static void check_template(const char *path, const char *family, const char *version)
{
    loaded l;
    assert_true(load_declaration(path, &l));
    json_t *checker =
        json_object_get(json_object_get(json_object_get(layout_json, family), version), "checker");
    assert_non_null(json_object_get(checker, "rules"));
    keys expected = {0}, got = {0};
    checker_open(l.wb, l.d, checker, &expected);
    ot_findings f;
    ot_findings_init(&f);
    ot_validate_ctx ctx = {NULL, "2026-06-30"};
    ot_validate(l.d, &ctx, &f);
    our_required(&f, &got);
    sort_keys(&expected);
    sort_keys(&got);
    bool same = expected.count == got.count;
    for (size_t i = 0; same && i < got.count; i++)
        same = strcmp(expected.items[i], got.items[i]) == 0;
    if (!same) {
        fprintf(stderr, "  %s: Checker lists %zu open items, we report %zu\n", path, expected.count,
                got.count);
        for (size_t i = 0; i < expected.count; i++)
            fprintf(stderr, "    checker %s\n", expected.items[i]);
        for (size_t i = 0; i < got.count; i++)
            fprintf(stderr, "    ours    %s\n", got.items[i]);
    }
    assert_true(same);
    assert_true(expected.count > 0);
    assert_false(ot_findings_valid(&f)); /* an empty template is never a valid submission */
    ot_findings_free(&f);
    unload(&l);
}

static void test_official_templates(void **state)
{
    (void)state;
    const char *dir = shared_path("rmi-templates");
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *e;
    size_t tested = 0;
    while ((e = readdir(dh))) {
        char family[8], version[8];
        if (sscanf(e->d_name, "RMI_%7[A-Z]_%7[0-9.].xlsx", family, version) != 2) continue;
        size_t n = strlen(version);
        if (n && version[n - 1] == '.') version[n - 1] = '\0'; /* "6.5." from "6.5.xlsx" */
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fprintf(stderr, "  %s %s\n", family, version);
        check_template(path, family, version);
        tested++;
    }
    closedir(dh);
    assert_true(tested >= 16);
}

/* Legacy empty samples whose Checker rmi-layout.json translates (2.03, 2.03a, 3.01). */
static void test_legacy_templates(void **state)
{
    (void)state;
    static const char *const files[][2] = {
        {"rmi-templates/legacy/2.03_-_empty.xlsx", "2.03"},
        {"rmi-templates/legacy/2.03a_-_empty .xlsx", "2.03a"},
        {"rmi-templates/legacy/3.01_-_empty.xls", "3.01"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        fprintf(stderr, "  CMRT %s\n", files[i][1]);
        check_template(shared_path(files[i][0]), "CMRT", files[i][1]);
    }
}

static int setup(void **state)
{
    (void)state;
    json_error_t jerr;
    layout_json = json_load_file(shared_path("docs/rmi-layout.json"), 0, &jerr);
    return layout_json ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(layout_json);
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    skip_program_without_shared(
        argv[0], "all official templates, the legacy CMRT files and docs/rmi-layout.json");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_official_templates),
        cmocka_unit_test(test_legacy_templates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
