/* Exit codes and messages under faults, through the built binary with real faults: a full
 * disk (a small tmpfs, when this machine lets a test mount one), a file-size limit
 * (RLIMIT_FSIZE, which fails writes with EFBIG like a full quota) hit first in the vault
 * and then in the database, and a second process holding the database's write lock.
 * Storage failures are exit 4 with the system's cause and stop the batch; nothing after
 * them is reported as unreadable or "out of memory". A writer waits for the lock, says
 * so once, and gives up after lock_wait_seconds with exit 4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "workspace_util.h"

static const char *in(const char *dir, const char *name)
{
    static char buf[4][4200];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

/* A workspace with a campaign, made by the CLI in dir/ws. */
static void make_workspace(const char *dir)
{
    assert_int_equal(run_clif(NULL, NULL, "init '%s/ws'", dir), 0);
    assert_int_equal(run_clif(NULL, NULL, "campaign new 2025 --workspace '%s/ws'", dir), 0);
}

static void copy_fixture(const char *name, const char *to)
{
    size_t len = 0;
    char *data = slurp(src_path(name), &len);
    assert_non_null(data);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

/* Starts the CLI with argv (NULL-terminated, argv[0] unused), stdout and stderr going to
 * dir/out and dir/err, under a file-size limit when fsize > 0 (SIGXFSZ ignored, so a
 * write past it fails with EFBIG instead of killing the process). */
static pid_t start_cli(const char *dir, rlim_t fsize, char *const argv[])
{
    char out[4200], err[4200];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(127);
        if (fsize) {
            struct rlimit rl = {fsize, fsize};
            signal(SIGXFSZ, SIG_IGN);
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(127);
        }
        execv(ORETRACE_BIN, argv);
        _exit(127);
    }
    return pid;
}

static int wait_cli(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_limited(const char *dir, rlim_t fsize, char *const argv[])
{
    return wait_cli(start_cli(dir, fsize, argv));
}

/* No file may be blamed for the workspace's failure (ingest --json output in dir/out):
 * none reported as unreadable or "out of memory", at most the one file that hit the fault
 * reported without an outcome. The cause is on stderr. Returns the files reported. */
static json_t *assert_batch_stopped_cleanly(const char *dir, const char *cause)
{
    char *out = slurp(in(dir, "out"), NULL), *err = slurp(in(dir, "err"), NULL);
    if (!strstr(err, cause) || !strstr(err, "stopped at"))
        fail_msg("stderr lacks '%s':\n%s\nstdout:\n%s", cause, err, out);
    json_t *j = parse_json(out);
    free(out);
    free(err);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(j, "summary"), "unreadable")), 0);
    json_t *files = json_incref(json_object_get(j, "files"));
    json_decref(j);
    size_t i, without_outcome = 0;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *msg = json_string_value(json_object_get(f, "message"));
        assert_true(!msg || !strstr(msg, "out of memory"));
        without_outcome += json_is_null(json_object_get(f, "outcome")) &&
                           !json_is_true(json_object_get(f, "duplicate"));
    }
    assert_true(without_outcome <= 1);
    return files;
}

static void a_file_size_limit_in_the_vault_stops_the_batch_with_exit_4(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    make_workspace(dir);
    char files[4200];
    snprintf(files, sizeof files, "%s/in", dir);
    mkdir(files, 0755);
    /* sorted a, b, c: b is larger than the limit, a and c are not */
    copy_fixture("tests/fixtures/emrt13_valid.xlsx", in(files, "a.xlsx"));
    copy_fixture("tests/fixtures/cmrt65_defect_email_without_at.xlsx", in(files, "b.xlsx"));
    copy_fixture("tests/fixtures/crt221_valid.xlsx", in(files, "c.xlsx"));
    char ws[4200];
    snprintf(ws, sizeof ws, "%s/ws", dir);
    char *argv[] = {"oretrace", "ingest", "--json", "--workspace", ws, files, NULL};
    assert_int_equal(run_limited(dir, 900 * 1024, argv), 4);
    json_t *done = assert_batch_stopped_cleanly(dir, "File too large");
    /* a.xlsx ingested; b.xlsx named on stderr; c.xlsx never looked at, so not blamed */
    assert_int_equal(json_array_size(done), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(done, 0), "outcome")),
                        "valid");
    json_decref(done);
    /* the workspace is consistent, and the same batch completes once there is room */
    assert_int_equal(run_clif(NULL, NULL, "audit verify --workspace '%s'", ws), 0);
    assert_int_equal(run_limited(dir, 0, argv), 3); /* b.xlsx is an invalid submission */
    rm_rf(dir);
    free(dir);
}

static void a_full_database_stops_the_batch_without_blaming_later_files(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    make_workspace(dir);
    char files[4200], ws[4200];
    snprintf(files, sizeof files, "%s/in", dir);
    snprintf(ws, sizeof ws, "%s/ws", dir);
    mkdir(files, 0755);
    /* every file fits under the limit; the database's write-ahead log grows past it */
    static const char *const names[] = {"cmrt601_valid_tin_only",
                                        "cmrt61_valid_products",
                                        "cmrt622_valid_text_date",
                                        "cmrt631_valid_user_defined",
                                        "cmrt64_valid_products",
                                        "crt221_valid",
                                        "emrt13_valid",
                                        "cmrt65_defect_answer_not_in_dropdown",
                                        "cmrt65_defect_authorizer_same",
                                        "cmrt65_defect_bad_smelter_id_format",
                                        "cmrt65_defect_country_not_in_list",
                                        "cmrt65_defect_duplicate_smelter_row",
                                        "cmrt65_defect_effective_date_unparseable",
                                        "cmrt65_defect_email_without_at",
                                        "cmrt65_defect_formula_injection",
                                        "cmrt65_defect_formula_injection_at",
                                        "cmrt65_defect_formula_injection_plus",
                                        "cmrt65_defect_missing_company_name",
                                        "cmrt65_defect_missing_contact_email",
                                        "cmrt65_defect_smelter_for_unused_metal",
                                        "cmrt65_defect_no_smelters_q7_yes"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char from[256], to[4300];
        snprintf(from, sizeof from, "tests/fixtures/%s.xlsx", names[i]);
        snprintf(to, sizeof to, "%s/%02zu.xlsx", files, i);
        copy_fixture(from, to);
    }
    char *argv[] = {"oretrace", "ingest", "--json", "--workspace", ws, files, NULL};
    assert_int_equal(run_limited(dir, 1300 * 1024, argv), 4);
    json_t *done = assert_batch_stopped_cleanly(dir, "cannot commit");
    assert_true(json_array_size(done) < sizeof names / sizeof names[0]);
    json_decref(done);
    char *err = slurp(in(dir, "err"), NULL);
    assert_non_null(
        strstr(err, "(File too large)")); /* the system's cause, not "disk I/O error" alone */
    free(err);
    assert_int_equal(run_clif(NULL, NULL, "audit verify --workspace '%s'", ws), 0);
    rm_rf(dir);
    free(dir);
}

/* A real full disk: a 3 MiB tmpfs in a private mount namespace (unshare -rm), where the
 * workspace lives. Skipped where user namespaces or mounting are not allowed. */
static void a_full_disk_stops_the_batch_with_exit_4(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    if (system("unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt' >/dev/null 2>&1") != 0) {
        printf("skipped: this machine does not let a test mount a tmpfs (unshare -rm)\n");
        rm_rf(dir);
        free(dir);
        skip();
    }
    char files[4200];
    snprintf(files, sizeof files, "%s/in", dir);
    mkdir(files, 0755);
    mkdir(in(dir, "mnt"), 0755);
    static const char *const names[] = {"cmrt601_valid_tin_only", "cmrt61_valid_products",
                                        "crt221_valid", "emrt13_valid", "cmrt64_valid_products"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char from[256], to[4300];
        snprintf(from, sizeof from, "tests/fixtures/%s.xlsx", names[i]);
        snprintf(to, sizeof to, "%s/%zu.xlsx", files, i);
        copy_fixture(from, to);
    }
    const char *bin = ORETRACE_BIN;
    char cmd[16384];
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && unshare -rm sh -c 'mount -t tmpfs -o size=3m tmpfs mnt &&"
        " \"%s\" init mnt/ws >/dev/null && \"%s\" campaign new 2025 --workspace mnt/ws"
        " >/dev/null && { \"%s\" ingest --json --workspace mnt/ws in >out 2>err; echo $? >rc; } &&"
        " \"%s\" audit verify --workspace mnt/ws >verify'",
        dir, bin, bin, bin, bin);
    assert_int_equal(system(cmd), 0);
    char *rc = slurp(in(dir, "rc"), NULL);
    assert_string_equal(rc, "4\n");
    free(rc);
    char *err = slurp(in(dir, "err"), NULL);
    if (!strstr(err, "No space left on device") && !strstr(err, "database or disk is full"))
        fail_msg("no disk-full cause in: %s", err);
    free(err);
    json_decref(assert_batch_stopped_cleanly(dir, "stopped at"));
    rm_rf(dir);
    free(dir);
}

/* ---- the write lock held by another process -------------------------------------- */

typedef struct holder {
    pid_t pid;
    int release; /* write end: a byte (or closing it) lets the holder commit */
} holder;

/* A process with a raw SQLite connection that holds BEGIN IMMEDIATE on db until told. */
static holder hold_write_lock(const char *db)
{
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    /* close-on-exec: the CLI started later must not keep the holder's pipe open */
    for (int i = 0; i < 2; i++) {
        fcntl(ready[i], F_SETFD, FD_CLOEXEC);
        fcntl(go[i], F_SETFD, FD_CLOEXEC);
    }
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        close(go[1]);
        sqlite3 *h = NULL;
        char c = 'L';
        if (sqlite3_open(db, &h) != SQLITE_OK ||
            sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            _exit(3);
        if (write(ready[1], &c, 1) != 1) _exit(3);
        if (read(go[0], &c, 1) < 0) _exit(3);
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(h);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    return (holder){pid, go[1]};
}

static void release(holder *h)
{
    assert_int_equal(write(h->release, "R", 1), 1);
    close(h->release);
    int status;
    assert_int_equal(waitpid(h->pid, &status, 0), h->pid);
}

/* Waits until the CLI has said it is waiting (true) or has exited (false, *rc set). */
static bool cli_says_waiting(const char *dir, pid_t cli, int *rc)
{
    for (;;) {
        char *err = slurp(in(dir, "err"), NULL);
        bool said = err && strstr(err, "waiting up to");
        free(err);
        if (said) return true;
        int status;
        if (waitpid(cli, &status, WNOHANG) == cli) {
            *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return false;
        }
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static void a_writer_waits_for_the_lock_and_says_so(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    make_workspace(dir);
    char ws[4200], file[4300];
    snprintf(ws, sizeof ws, "%s/ws", dir);
    snprintf(file, sizeof file, "%s", src_path("tests/fixtures/crt221_valid.xlsx"));
    holder h = hold_write_lock(in(ws, "oretrace.db"));
    char *argv[] = {"oretrace", "ingest", "--workspace", ws, file, NULL};
    pid_t cli = start_cli(dir, 0, argv);
    int rc = -1;
    if (!cli_says_waiting(dir, cli, &rc)) {
        release(&h);
        char *err = slurp(in(dir, "err"), NULL);
        fail_msg("exited %d without saying it waits: %s", rc, err);
    }
    release(&h);
    rc = wait_cli(cli);
    char *err = slurp(in(dir, "err"), NULL);
    if (rc != 0) fail_msg("exit %d after the lock was released: %s", rc, err);
    char who[64];
    snprintf(who, sizeof who, "held by process %ld", (long)h.pid);
    assert_non_null(strstr(err, "oretrace ingest: waiting up to 60 s for the database"));
    assert_non_null(strstr(err, who));
    assert_null(strstr(strstr(err, "waiting up to") + 1, "waiting up to")); /* said once */
    free(err);
    char *out = slurp(in(dir, "out"), NULL);
    assert_non_null(strstr(out, "1 files: 1 ingested"));
    free(out);
    rm_rf(dir);
    free(dir);
}

static void the_wait_is_bounded_by_lock_wait_seconds(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    make_workspace(dir);
    char ws[4200], file[4300];
    snprintf(ws, sizeof ws, "%s/ws", dir);
    snprintf(file, sizeof file, "%s", src_path("tests/fixtures/crt221_valid.xlsx"));
    append_config(ws, "lock_wait_seconds = 1\n");
    holder h = hold_write_lock(in(ws, "oretrace.db"));
    char *argv[] = {"oretrace", "ingest", "--workspace", ws, file, NULL};
    int rc = run_limited(dir, 0, argv); /* the holder keeps the lock until then */
    release(&h);
    assert_int_equal(rc, 4);
    char *err = slurp(in(dir, "err"), NULL);
    assert_non_null(strstr(err, "waiting up to 1 s"));
    assert_non_null(strstr(err, "the database is locked"));
    assert_non_null(strstr(err, "gave up after 1 s (lock_wait_seconds in oretrace.conf"));
    free(err);
    rm_rf(dir);
    free(dir);
}

/* refdata import writes through the workspace's connection, so it too waits only as long
 * as the workspace says (it used to open its own connections, which waited 60 s). */
static void refdata_import_waits_only_lock_wait_seconds(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    make_workspace(dir);
    char ws[4200], file[4300];
    snprintf(ws, sizeof ws, "%s/ws", dir);
    snprintf(file, sizeof file, "%s", vendored_path("refdata/cmrt-6.5-smelter-lookup.csv"));
    append_config(ws, "lock_wait_seconds = 1\n");
    holder h = hold_write_lock(in(ws, "oretrace.db"));
    char *argv[] = {"oretrace",    "refdata", "import", "--as-of", "2025-04-25",
                    "--workspace", ws,        file,     NULL};
    int rc = run_limited(dir, 0, argv);
    release(&h);
    char *err = slurp(in(dir, "err"), NULL);
    if (rc != 4 || !strstr(err, "gave up after 1 s")) fail_msg("exit %d: %s", rc, err);
    free(err);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_size_limit_in_the_vault_stops_the_batch_with_exit_4),
        cmocka_unit_test(a_full_database_stops_the_batch_without_blaming_later_files),
        cmocka_unit_test(a_full_disk_stops_the_batch_with_exit_4),
        cmocka_unit_test(a_writer_waits_for_the_lock_and_says_so),
        cmocka_unit_test(the_wait_is_bounded_by_lock_wait_seconds),
        cmocka_unit_test(refdata_import_waits_only_lock_wait_seconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
