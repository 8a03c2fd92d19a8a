/* The vault keeps every received file byte for byte under its SHA-256: identical bytes
 * are stored once, content is checked on every read and on collision, damage and
 * unrecorded files are found, and a file is in the vault before a caller gets to parse it. */
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
#include <dirent.h>

#include "store/vault.h"
#include "store/workspace.h"
#include "util/fileio.h"
#include "testutil.h"
#include "workspace_util.h"

typedef temp_workspace fixture;

/* Files under vault/xx/ with a 62-hex-digit name. */
static int stored_files(const char *vault)
{
    int n = 0;
    DIR *top = opendir(vault);
    struct dirent *d;
    while (top && (d = readdir(top))) {
        if (strlen(d->d_name) != 2) continue;
        char sub[4200];
        snprintf(sub, sizeof sub, "%s/%s", vault, d->d_name);
        DIR *in = opendir(sub);
        struct dirent *e;
        while (in && (e = readdir(in)))
            if (strlen(e->d_name) == 62) n++;
        if (in) closedir(in);
    }
    if (top) closedir(top);
    return n;
}

static void identical_bytes_are_stored_once_under_their_hash(void **state)
{
    fixture *f = *state;
    const char data[] = "PK\x03\x04 pretend workbook \0 with a NUL";
    char sha1[65], sha2[65], expect[65];
    ot_error err;
    ot_sha256_hex(data, sizeof data, expect);
    assert_int_equal(ot_vault_put(f->ws, data, sizeof data, "acme CMRT.xlsx", sha1, &err), OT_OK);
    assert_string_equal(sha1, expect);
    assert_int_equal(ot_vault_put(f->ws, data, sizeof data, "acme CMRT (1).xlsx", sha2, &err),
                     OT_OK);
    assert_string_equal(sha2, sha1);
    assert_int_equal(stored_files(f->ws->vault_dir), 1);
    assert_int_equal(db_int(f->ws->db, "SELECT COUNT(*) FROM vault_file"), 1);
    assert_int_equal(db_int(f->ws->db, "SELECT size FROM vault_file"), (int64_t)sizeof data);
    /* Both names it arrived under are remembered. */
    assert_int_equal(db_int(f->ws->db, "SELECT COUNT(*) FROM vault_name"), 2);

    /* Stored at vault/<2 hex>/<62 hex>, byte for byte, read-only. */
    char path[4200];
    ot_vault_path(f->ws, sha1, path, sizeof path);
    char expect_path[4200];
    snprintf(expect_path, sizeof expect_path, "%s/vault/%.2s/%s", f->dir, sha1, sha1 + 2);
    assert_string_equal(path, expect_path);
    size_t len = 0;
    char *disk = slurp(path, &len);
    assert_non_null(disk);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(disk, data, sizeof data);
    free(disk);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0222, 0);

    unsigned char *back = NULL;
    assert_int_equal(ot_vault_get(f->ws, sha1, &back, &len, &err), OT_OK);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(back, data, sizeof data);
    free(back);

    /* Different bytes, different file. */
    assert_int_equal(ot_vault_put(f->ws, "other", 5, "b.xlsx", sha2, &err), OT_OK);
    assert_string_not_equal(sha1, sha2);
    assert_int_equal(stored_files(f->ws->vault_dir), 2);
}

static void a_file_is_in_the_vault_before_the_caller_parses_it(void **state)
{
    fixture *f = *state;
    char src[4200];
    snprintf(src, sizeof src, "%s/incoming.xlsx", f->dir);
    const char data[] = "supplier bytes";
    assert_int_equal(spit(src, data, sizeof data - 1), 0);
    char sha[65];
    unsigned char *bytes = NULL;
    size_t len = 0;
    ot_error err;
    assert_int_equal(ot_vault_put_file(f->ws, src, 1 << 20, sha, &bytes, &len, &err), OT_OK);
    /* What the caller gets to parse is exactly what is now stored. */
    char path[4200];
    ot_vault_path(f->ws, sha, path, sizeof path);
    size_t disk_len = 0;
    char *disk = slurp(path, &disk_len);
    assert_non_null(disk);
    assert_int_equal(disk_len, len);
    assert_memory_equal(disk, bytes, len);
    free(disk);
    free(bytes);
    char *name = NULL;
    assert_int_equal(ot_db_query_text(f->ws->db, "SELECT original_name FROM vault_name",
                                      OT_DB_NO_PARAMS, &name, &err),
                     OT_OK);
    assert_string_equal(name, "incoming.xlsx");
    free(name);
    /* Over the size limit: refused before anything is stored. */
    assert_int_equal(ot_vault_put_file(f->ws, src, 3, sha, &bytes, &len, &err), OT_E_TOO_LARGE);
    assert_null(bytes);
}

static void overwrite(const char *path, const char *text)
{
    chmod(path, 0644);
    assert_int_equal(spit(path, text, strlen(text)), 0);
}

static void damage_is_detected_on_read_verify_and_repaired_by_a_new_put(void **state)
{
    fixture *f = *state;
    const char data[] = "original bytes";
    char sha[65];
    ot_error err;
    assert_int_equal(ot_vault_put(f->ws, data, sizeof data, "x.xlsx", sha, &err), OT_OK);
    char path[4200];
    ot_vault_path(f->ws, sha, path, sizeof path);
    overwrite(path, "bit rot");

    unsigned char *back = NULL;
    size_t len;
    assert_int_equal(ot_vault_get(f->ws, sha, &back, &len, &err), OT_E_CORRUPT);
    assert_null(back);
    ot_vault_report r;
    assert_int_equal(ot_vault_verify(f->ws, 0, &r, NULL, NULL, &err), OT_OK);
    assert_int_equal(r.corrupt, 1);
    assert_int_equal(r.files_ok, 0);

    /* Receiving the same file again restores it; the damaged copy is set aside, not lost. */
    assert_int_equal(ot_vault_put(f->ws, data, sizeof data, "x.xlsx", sha, &err), OT_OK);
    assert_int_equal(ot_vault_get(f->ws, sha, &back, &len, &err), OT_OK);
    assert_memory_equal(back, data, sizeof data);
    free(back);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/%.2s", f->ws->vault_dir, sha);
    int damaged = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".damaged-")) damaged++;
    if (d) closedir(d);
    assert_int_equal(damaged, 1);
    assert_int_equal(ot_vault_verify(f->ws, 0, &r, NULL, NULL, &err), OT_OK);
    assert_int_equal(r.corrupt, 0);
    assert_int_equal(r.files_ok, 1);
}

typedef struct seen {
    int missing, unrecorded;
} seen;

static void note(const char *sha, const char *kind, void *ctx)
{
    (void)sha;
    seen *s = ctx;
    if (strcmp(kind, "missing") == 0) s->missing++;
    if (strcmp(kind, "unrecorded") == 0) s->unrecorded++;
}

static void rolled_back_puts_keep_the_file_and_verify_finds_gaps(void **state)
{
    fixture *f = *state;
    ot_error err;
    char sha[65];
    /* The caller's transaction rolls back: the row goes, the bytes stay (never lose a
     * received file), and verify reports the file as unrecorded. */
    assert_int_equal(ot_db_begin(f->ws->db, &err), OT_OK);
    assert_int_equal(ot_vault_put(f->ws, "abc", 3, "a.xlsx", sha, &err), OT_OK);
    ot_db_rollback(f->ws->db);
    assert_int_equal(db_int(f->ws->db, "SELECT COUNT(*) FROM vault_file"), 0);
    assert_int_equal(stored_files(f->ws->vault_dir), 1);

    /* A row whose file vanished is reported missing. */
    char sha2[65];
    assert_int_equal(ot_vault_put(f->ws, "def", 3, "b.xlsx", sha2, &err), OT_OK);
    char path[4200];
    ot_vault_path(f->ws, sha2, path, sizeof path);
    assert_int_equal(unlink(path), 0);

    seen s = {0};
    ot_vault_report r;
    assert_int_equal(ot_vault_verify(f->ws, 0, &r, note, &s, &err), OT_OK);
    assert_int_equal(r.unrecorded, 1);
    assert_int_equal(r.missing, 1);
    assert_int_equal(s.unrecorded, 1);
    assert_int_equal(s.missing, 1);

    /* Putting the same bytes again records the unrecorded file. */
    assert_int_equal(ot_vault_put(f->ws, "abc", 3, "a.xlsx", sha, &err), OT_OK);
    assert_int_equal(ot_vault_verify(f->ws, 0, &r, NULL, NULL, &err), OT_OK);
    assert_int_equal(r.unrecorded, 0);
}

static void vault_rows_cannot_be_deleted(void **state)
{
    fixture *f = *state;
    ot_error err;
    char sha[65];
    assert_int_equal(ot_vault_put(f->ws, "keep me", 7, "k.xlsx", sha, &err), OT_OK);
    assert_int_equal(ot_db_exec(f->ws->db, "DELETE FROM vault_file", OT_DB_NO_PARAMS, &err),
                     OT_E_CONFLICT);
    assert_int_equal(ot_db_exec(f->ws->db, "DELETE FROM vault_name", OT_DB_NO_PARAMS, &err),
                     OT_E_CONFLICT);
    assert_int_equal(ot_db_exec(f->ws->db, "UPDATE vault_file SET size = 0", OT_DB_NO_PARAMS, &err),
                     OT_E_CONFLICT);
    assert_int_equal(db_int(f->ws->db, "SELECT COUNT(*) FROM vault_file"), 1);
    /* Nor can the submission read from a received file. */
    assert_int_equal(ot_db_exec(f->ws->db,
                                "INSERT INTO submission (sha256, received_at, status)"
                                " VALUES (?, 'now', 'read')",
                                OT_DB_PARAMS(ot_db_text(sha)), &err),
                     OT_OK);
    assert_int_equal(ot_db_exec(f->ws->db, "DELETE FROM submission", OT_DB_NO_PARAMS, &err),
                     OT_E_CONFLICT);
    assert_non_null(strstr(err.message, "retention"));
}

static void bad_hashes_are_rejected(void **state)
{
    fixture *f = *state;
    unsigned char *b = NULL;
    size_t len;
    ot_error err;
    assert_int_equal(ot_vault_get(f->ws, "../../etc/passwd", &b, &len, &err), OT_E_USAGE);
    assert_int_equal(
        ot_vault_get(f->ws, "0000000000000000000000000000000000000000000000000000000000000000", &b,
                     &len, &err),
        OT_E_NOT_FOUND);
    assert_false(
        ot_vault_sha_valid("ABCDEF0000000000000000000000000000000000000000000000000000000000"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(identical_bytes_are_stored_once_under_their_hash,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(a_file_is_in_the_vault_before_the_caller_parses_it,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(damage_is_detected_on_read_verify_and_repaired_by_a_new_put,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(rolled_back_puts_keep_the_file_and_verify_finds_gaps,
                                        setup_temp_workspace, teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(vault_rows_cannot_be_deleted, setup_temp_workspace,
                                        teardown_temp_workspace),
        cmocka_unit_test_setup_teardown(bad_hashes_are_rejected, setup_temp_workspace,
                                        teardown_temp_workspace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
