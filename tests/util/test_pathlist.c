/* test_pathlist.c - a folder given to inspect, validate or ingest stands for the
 * workbooks in it: sorted by path, hidden files and other files left out, sub-folders
 * and Excel lock files only as asked; a missing folder is one clear error. What a folder
 * holds is not trusted: a symbolic link to a file outside is skipped with a note (unless
 * links are followed), a FIFO named like a workbook is skipped, and a link loop, folders
 * nested too deep or a sub-folder that cannot be opened are reported while the rest of
 * the folder is still listed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <sys/syscall.h>

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
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        touch(dir, names[i]);
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
    ot_pathlist rest = {.items = l.items + 1, .n = l.n - 1, .cap = l.n - 1};
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

/* The skipped entry of l whose path ends in tail, or NULL. */
static const ot_path_skip *skipped(const ot_pathlist *l, const char *tail)
{
    for (size_t i = 0; i < l->n_skipped; i++) {
        size_t n = strlen(l->skipped[i].path), t = strlen(tail);
        if (n >= t && strcmp(l->skipped[i].path + n - t, tail) == 0) return &l->skipped[i];
    }
    return NULL;
}

static void test_symlink_to_a_file_outside_is_skipped_unless_followed(void **state)
{
    (void)state;
    char *dir = make_folder();
    char link[1024];
    snprintf(link, sizeof link, "%s/passwd.xlsx", dir);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    snprintf(link, sizeof link, "%s/elsewhere", dir);
    assert_int_equal(symlink("/etc", link), 0);
    ot_pathlist l = {0};
    ot_error err;
    unsigned flags = OT_WORKBOOKS_RECURSIVE | OT_WORKBOOKS_SKIP_LOCKS;
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, flags, &err), OT_OK);
    char names[512];
    names_of(&l, dir, names, sizeof names);
    assert_string_equal(names, "a.xlsm b.XLSX c.xls sub/d.xlsx");
    /* both links are noted, not counted as problems; nothing under /etc was listed */
    assert_int_equal(l.n_skipped, 2);
    const ot_path_skip *s = skipped(&l, "/passwd.xlsx");
    assert_non_null(s);
    assert_false(s->problem);
    assert_string_equal(s->why, "a symbolic link: not followed");
    assert_non_null(skipped(&l, "/elsewhere"));
    ot_pathlist_free(&l);
    /* followed when asked: the linked file is listed under the link's name */
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, OT_WORKBOOKS_FOLLOW_LINKS, &err), OT_OK);
    names_of(&l, dir, names, sizeof names);
    assert_string_equal(names, "a.xlsm b.XLSX c.xls passwd.xlsx ~$a.xlsm");
    assert_int_equal(l.n_skipped, 0);
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

static void test_link_loop_is_reported_and_the_rest_listed(void **state)
{
    (void)state;
    char *dir = make_folder();
    char link[1024];
    snprintf(link, sizeof link, "%s/sub/back", dir);
    assert_int_equal(symlink("..", link), 0);
    ot_pathlist l = {0};
    ot_error err;
    unsigned flags = OT_WORKBOOKS_RECURSIVE | OT_WORKBOOKS_SKIP_LOCKS | OT_WORKBOOKS_FOLLOW_LINKS;
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, flags, &err), OT_OK);
    char names[512];
    names_of(&l, dir, names, sizeof names);
    assert_string_equal(names, "a.xlsm b.XLSX c.xls sub/d.xlsx");
    assert_int_equal(l.n_skipped, 1);
    assert_true(l.skipped[0].problem);
    assert_non_null(strstr(l.skipped[0].path, "sub/back"));
    assert_non_null(strstr(l.skipped[0].why, "loop"));
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

static void test_folders_nested_too_deep_are_reported_and_the_rest_listed(void **state)
{
    (void)state;
    char *dir = make_folder();
    char path[2048];
    snprintf(path, sizeof path, "%s/deep", dir);
    for (int i = 0; i < 34; i++) {
        assert_int_equal(mkdir(path, 0700), 0);
        strcat(path, "/d");
    }
    ot_pathlist l = {0};
    ot_error err;
    unsigned flags = OT_WORKBOOKS_RECURSIVE | OT_WORKBOOKS_SKIP_LOCKS;
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, flags, &err), OT_OK);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.n_skipped, 1);
    assert_true(l.skipped[0].problem);
    assert_non_null(strstr(l.skipped[0].why, "nested more than 32 deep"));
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

static void test_fifo_named_like_a_workbook_is_skipped(void **state)
{
    (void)state;
    char *dir = make_folder();
    char fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/pipe.xlsx", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    ot_pathlist l = {0};
    ot_error err;
    assert_int_equal(ot_pathlist_add_workbooks(&l, dir, OT_WORKBOOKS_SKIP_LOCKS, &err), OT_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.n_skipped, 1);
    assert_true(l.skipped[0].problem);
    assert_string_equal(l.skipped[0].why, "not a regular file: it is a FIFO (named pipe)");
    ot_pathlist_free(&l);
    rm_rf(dir);
    free(dir);
}

/* Drops the capabilities that let root open any folder (the tests run as root in CI,
 * where chmod 000 alone blocks nothing). True when done or not needed. */
static bool lose_dac_override(void)
{
    if (geteuid() != 0) return true;
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0) return false;
    d[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
    return syscall(SYS_capset, &h, d) == 0;
}

/* In a child process (which can give up root's override for good): lists dir, whose
 * sub-folder "sub" is unreadable, and checks the rest is listed and sub reported. */
static int list_with_unreadable_sub(const char *dir)
{
    if (!lose_dac_override()) return 3;
    ot_pathlist l = {0};
    ot_error err;
    if (ot_pathlist_add_workbooks(&l, dir, OT_WORKBOOKS_RECURSIVE, &err) != OT_OK) return 4;
    bool ok = l.n == 4 && l.n_skipped == 1 && l.skipped[0].problem &&
              strstr(l.skipped[0].why, "cannot open folder: Permission denied") &&
              strstr(l.skipped[0].path, "/sub");
    ot_pathlist_free(&l);
    return ok ? 0 : 5;
}

static void test_unreadable_subfolder_is_reported_and_the_rest_listed(void **state)
{
    (void)state;
    char *dir = make_folder();
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(chmod(sub, 0), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) _exit(list_with_unreadable_sub(dir));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(chmod(sub, 0700), 0);
    rm_rf(dir);
    free(dir);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_folder),
        cmocka_unit_test(test_recursive_without_locks),
        cmocka_unit_test(test_trailing_slash_and_missing_folder),
        cmocka_unit_test(test_workbook_names),
        cmocka_unit_test(test_symlink_to_a_file_outside_is_skipped_unless_followed),
        cmocka_unit_test(test_link_loop_is_reported_and_the_rest_listed),
        cmocka_unit_test(test_folders_nested_too_deep_are_reported_and_the_rest_listed),
        cmocka_unit_test(test_fifo_named_like_a_workbook_is_skipped),
        cmocka_unit_test(test_unreadable_subfolder_is_reported_and_the_rest_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
