/* Files from outside given to `inspect` and `validate`, through the real CLI and the
 * repository's own fixtures: a FIFO named like a workbook is refused at once instead of
 * hanging the command (each run is under `timeout 10`, so a regression fails rather than
 * hangs the suite); a symbolic link in a folder is skipped with a note unless
 * --follow-symlinks; control characters in a file name never reach the terminal or the
 * Subject: line of a feedback letter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static void copy_fixture(const char *name, const char *dir, const char *as)
{
    size_t len;
    char *data = slurp(src_path(name), &len);
    assert_non_null(data);
    char to[1024];
    snprintf(to, sizeof to, "%s/%s", dir, as);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

static void count_lines(const char *text, size_t *lines)
{
    *lines = 0;
    for (const char *p = text; *p; p++)
        *lines += *p == '\n';
}

static void fifo_named_like_a_workbook_is_refused_not_waited_on(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/f.xlsx", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    const char *cmds[] = {"validate", "inspect", "inspect --json"};
    for (size_t i = 0; i < 3; i++) {
        char args[1200], *out = NULL, *err = NULL;
        snprintf(args, sizeof args, "%s '%s'", cmds[i], fifo);
        assert_int_equal(run_cli_under("timeout 10", args, &out, &err), 2); /* 124: it hung */
        char both[4096];
        snprintf(both, sizeof both, "%s%s", out, err);
        assert_non_null(strstr(both, "not a regular file: it is a FIFO (named pipe)"));
        free(out);
        free(err);
    }
    rm_rf(dir);
    free(dir);
}

static void symlink_in_a_folder_is_skipped_with_a_note(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    copy_fixture("tests/fixtures/cmrt65_valid_company.xlsx", dir, "valid.xlsx");
    char link[1024];
    snprintf(link, sizeof link, "%s/passwd.xlsx", dir);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "validate '%s'", dir), 0);
    assert_non_null(strstr(out, "valid.xlsx: VALID"));
    assert_null(strstr(out, "passwd"));
    assert_non_null(strstr(out, "1 file: 1 valid"));
    assert_non_null(strstr(err, "passwd.xlsx: skipped, a symbolic link: not followed "
                                "(--follow-symlinks follows links)"));
    free(out);
    free(err);
    /* followed when asked: /etc/passwd is then read, and is no workbook */
    assert_int_equal(run_clif(&out, &err, "validate --follow-symlinks '%s'", dir), 2);
    assert_non_null(strstr(out, "passwd.xlsx: UNREADABLE"));
    free(out);
    free(err);
    rm_rf(dir);
    free(dir);
}

static void control_characters_in_a_file_name_are_escaped(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    /* a name that would clear the screen and forge a report line */
    const char *evil = "x\x1b[2J\nFAKE: VALID\r.xlsx";
    copy_fixture("tests/fixtures/cmrt65_defect_missing_company_name.xlsx", dir, evil);
    char *out = NULL, *err = NULL;
    assert_int_equal(run_clif(&out, &err, "inspect '%s'", dir), 0);
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\r'));
    assert_non_null(strstr(out, "/x\\u001b[2J\\nFAKE: VALID\\r.xlsx\n  template:  CMRT 6.5\n"));
    free(out);
    free(err);

    char letters[1024];
    snprintf(letters, sizeof letters, "%s/letters", dir);
    assert_int_equal(run_clif(&out, &err, "validate --feedback '%s' '%s'", letters, dir), 3);
    size_t lines;
    count_lines(out, &lines);
    assert_int_equal(lines, 3); /* the file, its one finding, the totals: nothing forged */
    assert_null(strchr(out, '\x1b'));
    assert_non_null(strstr(out, "\\nFAKE: VALID\\r.xlsx: INVALID (1 error)"));
    free(out);
    free(err);

    /* the letter's Subject: is one line, and the body names the file escaped */
    char path[1200];
    snprintf(path, sizeof path, "%s/x__2J_FAKE__VALID_.txt", letters);
    char *letter = slurp(path, NULL);
    assert_non_null(letter);
    const char *nl = strchr(letter, '\n');
    assert_non_null(nl);
    assert_int_equal(nl - letter, strlen("Subject: Corrections needed: CMRT 6.5 "
                                         "(x\\u001b[2J\\nFAKE: VALID\\r.xlsx)"));
    assert_memory_equal(
        letter, "Subject: Corrections needed: CMRT 6.5 (x\\u001b[2J\\nFAKE: VALID\\r.xlsx)\n\n",
        (size_t)(nl - letter) + 2);
    assert_null(strchr(letter, '\x1b'));
    assert_null(strchr(letter, '\r'));
    free(letter);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fifo_named_like_a_workbook_is_refused_not_waited_on),
        cmocka_unit_test(symlink_in_a_folder_is_skipped_with_a_note),
        cmocka_unit_test(control_characters_in_a_file_name_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
