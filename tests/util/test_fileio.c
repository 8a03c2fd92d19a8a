/* Reading a whole file refuses what is not a regular file before reading from it: a FIFO
 * named like a workbook (which would make every command wait forever for a writer), a
 * device, a folder. The FIFO case runs under alarm(10) so a regression fails the test
 * instead of hanging the suite. */
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
#include "util/fileio.h"

static void refuses(const char *path, const char *why)
{
    unsigned char *data = (unsigned char *)"untouched";
    size_t len = 99;
    ot_error err;
    alarm(10); /* a blocking open or read ends the test with SIGALRM */
    assert_int_equal(ot_read_file(path, 1 << 20, &data, &len, &err), OT_E_IO);
    alarm(0);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(err.message, why);
}

static void fifo_device_and_folder_are_refused_without_blocking(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/f.xlsx", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    refuses(fifo, "not a regular file: it is a FIFO (named pipe)");
    refuses("/dev/null", "not a regular file: it is a device");
    refuses(dir, "not a regular file: it is a folder");
    rm_rf(dir);
    free(dir);
}

static void regular_file_and_missing_file(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    assert_int_equal(spit(path, "a,b\n", 4), 0);
    unsigned char *data;
    size_t len;
    ot_error err;
    assert_int_equal(ot_read_file(path, 1 << 20, &data, &len, &err), OT_OK);
    assert_int_equal(len, 4);
    assert_memory_equal(data, "a,b\n", 5); /* NUL-terminated */
    free(data);
    snprintf(path, sizeof path, "%s/none.csv", dir);
    assert_int_equal(ot_read_file(path, 1 << 20, &data, &len, &err), OT_E_IO);
    assert_string_equal(err.message, "cannot open: No such file or directory");
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fifo_device_and_folder_are_refused_without_blocking),
        cmocka_unit_test(regular_file_and_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
