/* test_pathlist.c - a folder given to inspect, validate or ingest stands for the
 * workbooks in it: sorted by path, hidden files and other files left out, sub-folders
 * and Excel lock files only as asked; a missing folder is one clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "util/pathlist.h"

static void touch(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(spit(path, "x", 1), 0);
}

/* dir holds b.XLSX, a.xlsm, c.xls, ~$a.xlsm, .hidden.xlsx, notes.txt and sub/d.xlsx. */
static char *make_folder(void)
{
    char *dir = make_temp_dir();
    const char *names[] = {"b.XLSX", "a.xlsm", "c.xls", "~$a.xlsm", ".hidden.xlsx", "notes.txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) touch(dir, names[i]);
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    touch(sub, "d.xlsx");
    return dir;
}

/* The list's file names after dir + "/", joined by spaces. */
static void names_of(const ot_pathlist *l, const char *dir, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        assert_memory_equal(l->items[i], dir, strlen(dir));
        const char *rel = l->items[i] + strlen(dir) + 1;
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", rel);
    }
}

static void test_flat_folder(void **state)
{
    (void)state;
    char *dir = make_folder();
    ot_pathlist l = {0};
    ot_error err;
    assert_true(ot_pathlist_add(&l, "given-first.xlsx"));
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, 0, &err), OT_OK);
    assert_string_equal(l.items[0], "given-first.xlsx");
    ot_pathlist rest = {l.items + 1, l.n - 1, l.n - 1};
    char names[512];
    names_of(&rest, dir, names, sizeof names);
    assert_string_equal(names, "a.xlsm b.XLSX c.xls ~$a.xlsm");
    ot_pathlist_free(&l);
    assert_int_equal(l.n, 0);
    rm_rf(dir);
    free(dir);
}

static void test_recursive_without_locks(void **state)
{
    (void)state;
    char *dir = make_folder();
    ot_pathlist l = {0};
    ot_error err;
    unsigned flags = OT_WORKBOOKS_RECURSIVE | OT_WORKBOOKS_SKIP_LOCKS;
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, flags, &err), OT_OK);
    char names[512];
    names_of(&l, dir, names, sizeof names);
    assert_string_equal(names, "a.xlsm b.XLSX c.xls sub/d.xlsx");
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

static void test_trailing_slash_and_missing_folder(void **state)
{
    (void)state;
    char *dir = make_folder();
    char slashed[1024];
    snprintf(slashed, sizeof slashed, "%s/", dir);
    ot_pathlist l = {0};
    ot_error err;
    assert_int_equal(ot_pathlist_add_workbooks(&l, slashed, OT_WORKBOOKS_SKIP_LOCKS, &err), OT_OK);
    assert_int_equal(l.n, 3);
    assert_null(strstr(l.items[0], "//"));
    strcat(slashed, "nosuch");
    assert_int_equal(ot_pathlist_add_workbooks(&l, slashed, 0, &err), OT_E_IO);
    assert_non_null(strstr(err.message, "nosuch: cannot open folder"));
    assert_int_equal(l.n, 3);
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

static void test_workbook_names(void **state)
{
    (void)state;
    assert_true(ot_is_workbook_name("x.xlsx"));
    assert_true(ot_is_workbook_name("x.Xls"));
    assert_true(ot_is_workbook_name("x.XLSM"));
    assert_false(ot_is_workbook_name("x.xlsx.txt"));
    assert_false(ot_is_workbook_name("xlsx"));
    assert_false(ot_is_workbook_name("x.xlsb"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_folder),
        cmocka_unit_test(test_recursive_without_locks),
        cmocka_unit_test(test_trailing_slash_and_missing_folder),
        cmocka_unit_test(test_workbook_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
