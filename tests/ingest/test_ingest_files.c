/* What `oretrace ingest` takes from a folder it is given, through the real CLI on a real
 * workspace: regular files only. A symbolic link to a file outside (/etc/passwd) is
 * skipped with a note and never reaches the vault; a FIFO is refused at once (runs are
 * under `timeout 10`, so a regression fails instead of hanging); a link loop and a
 * sub-folder that cannot be opened are reported while the other files are ingested; a
 * file name with control characters is escaped in what a person reads. */
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

#include <jansson.h>

#include "campaign/campaign.h"
#include "store/workspace.h"
#include "testutil.h"
#include "util/fileio.h"
#include "workspace_util.h"

typedef struct fixture {
    char *dir;    /* the workspace */
    char in[600]; /* the folder given to ingest */
} fixture;

static void copy_fixture(const char *name, const char *to_dir, const char *as)
{
    size_t len;
    char *data = slurp(src_path(name), &len);
    assert_non_null(data);
    char to[1200];
    snprintf(to, sizeof to, "%s/%s", to_dir, as);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ot_workspace *ws = open_temp_workspace(&f->dir, NULL);
    ot_campaign_info c;
    ot_error err;
    assert_int_equal(ot_campaign_create(ws, 2025, "CMRT-6.5", "2026-03-31", "test",
                                        iso_day("2026-01-05"), &c, &err),
                     OT_OK);
    ot_workspace_close(ws);
    snprintf(f->in, sizeof f->in, "%s/returned", f->dir);
    assert_int_equal(mkdir(f->in, 0700), 0);
    copy_fixture("tests/fixtures/cmrt65_valid_company.xlsx", f->in, "valid.xlsx");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    close_temp_workspace(NULL, f->dir);
    free(f);
    return 0;
}

static int64_t count(const fixture *f, const char *sql)
{
    ot_workspace *ws;
    ot_error err;
    assert_int_equal(ot_workspace_open(f->dir, &ws, &err), OT_OK);
    int64_t n = db_int(ws->db, sql);
    ot_workspace_close(ws);
    return n;
}

/* The entry of the "skipped" list whose path ends in tail, or NULL. */
static json_t *skipped_entry(json_t *out, const char *tail)
{
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(out, "skipped"), i, e)
    {
        const char *p = json_string_value(json_object_get(e, "path"));
        if (p && strlen(p) >= strlen(tail) && !strcmp(p + strlen(p) - strlen(tail), tail)) return e;
    }
    return NULL;
}

static void links_and_fifos_in_a_folder_are_not_taken(void **state)
{
    fixture *f = *state;
    char path[1200];
    snprintf(path, sizeof path, "%s/passwd.xlsx", f->in);
    assert_int_equal(symlink("/etc/passwd", path), 0);
    snprintf(path, sizeof path, "%s/pipe.xlsx", f->in);
    assert_int_equal(mkfifo(path, 0600), 0);
    char args[1400], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "ingest --json --workspace '%s' '%s'", f->dir, f->in);
    assert_int_equal(run_cli_under("timeout 10", args, &out, &err), 2); /* the FIFO */
    json_t *j = parse_json(out);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "ingested")),
                     1);
    json_t *link = skipped_entry(j, "/passwd.xlsx"), *pipe = skipped_entry(j, "/pipe.xlsx");
    assert_non_null(link);
    assert_true(json_is_false(json_object_get(link, "problem")));
    assert_non_null(pipe);
    assert_true(json_is_true(json_object_get(pipe, "problem")));
    assert_string_equal(json_string_value(json_object_get(pipe, "why")),
                        "not a regular file: it is a FIFO (named pipe)");
    assert_non_null(strstr(err, "passwd.xlsx: skipped, a symbolic link: not followed"));
    json_decref(j);
    free(out);
    free(err);
    /* nothing of /etc/passwd is kept */
    size_t len;
    char *passwd = slurp("/etc/passwd", &len), sha[65], sql[200];
    ot_sha256_hex(passwd, len, sha);
    free(passwd);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM vault_file WHERE sha256 = '%s'", sha);
    assert_int_equal(count(f, sql), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM vault_file"), 1);
}

static void fifo_named_on_the_command_line_is_refused(void **state)
{
    fixture *f = *state;
    char fifo[1200];
    snprintf(fifo, sizeof fifo, "%s/f.xlsx", f->dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char args[2600], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "ingest --workspace '%s' '%s' '%s/valid.xlsx'", f->dir, fifo,
             f->in);
    assert_int_equal(run_cli_under("timeout 10", args, &out, &err), 2);
    assert_non_null(
        strstr(out, "f.xlsx: not stored: not a regular file: it is a FIFO (named pipe)"));
    assert_non_null(strstr(out, "2 files: 1 ingested (1 valid"));
    free(out);
    free(err);
}

static void link_loop_is_reported_and_the_rest_ingested(void **state)
{
    fixture *f = *state;
    char sub[1200], link[1300];
    snprintf(sub, sizeof sub, "%s/sub", f->in);
    assert_int_equal(mkdir(sub, 0700), 0);
    copy_fixture("tests/fixtures/cmrt64_valid_products.xlsx", sub, "deeper.xlsx");
    snprintf(link, sizeof link, "%s/again", sub);
    assert_int_equal(symlink("..", link), 0);
    char args[1400], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "ingest --follow-symlinks --workspace '%s' '%s'", f->dir, f->in);
    assert_int_equal(run_cli_under("timeout 10", args, &out, &err), 2);
    assert_non_null(
        strstr(err, "sub/again: skipped, a loop: it leads back into a folder above it"));
    assert_non_null(strstr(out, "2 files: 2 ingested"));
    free(out);
    free(err);
}

static void unreadable_subfolder_is_reported_and_the_rest_ingested(void **state)
{
    fixture *f = *state;
    /* root opens any folder; without the override capabilities it cannot (CI runs as
     * root). setpriv (util-linux) drops them for the run. */
    const char *wrapper = "timeout 10";
    if (geteuid() == 0) {
        if (system("setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null") != 0)
            skip(); /* running as root without setpriv: chmod 000 cannot lock root out */
        wrapper = "timeout 10 setpriv --bounding-set -dac_override,-dac_read_search";
    }
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/locked", f->in);
    assert_int_equal(mkdir(sub, 0700), 0);
    copy_fixture("tests/fixtures/cmrt64_valid_products.xlsx", sub, "hidden.xlsx");
    assert_int_equal(chmod(sub, 0), 0);
    char args[1400], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "ingest --workspace '%s' '%s'", f->dir, f->in);
    int rc = run_cli_under(wrapper, args, &out, &err);
    assert_int_equal(chmod(sub, 0700), 0);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "locked: skipped, cannot open folder: Permission denied"));
    assert_non_null(strstr(out, "1 files: 1 ingested (1 valid"));
    free(out);
    free(err);
}

static void control_characters_in_a_file_name_are_escaped(void **state)
{
    fixture *f = *state;
    copy_fixture("tests/fixtures/cmrt65_defect_missing_company_name.xlsx", f->in,
                 "bad\x1b]0;owned\a\nline.xlsx");
    char args[1400], *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "ingest --workspace '%s' '%s'", f->dir, f->in);
    assert_int_equal(run_cli_under("timeout 10", args, &out, &err), 3);
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\a'));
    assert_non_null(strstr(out, "/bad\\u001b]0;owned\\u0007\\nline.xlsx: invalid CMRT 6.5"));
    free(out);
    free(err);
    snprintf(args, sizeof args, "campaign files --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, &err), 0);
    assert_null(strchr(out, '\x1b'));
    assert_non_null(strstr(out, " bad\\u001b]0;owned\\u0007\\nline.xlsx\n"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(links_and_fifos_in_a_folder_are_not_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(fifo_named_on_the_command_line_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(link_loop_is_reported_and_the_rest_ingested, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unreadable_subfolder_is_reported_and_the_rest_ingested,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(control_characters_in_a_file_name_are_escaped, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
