/* Crash safety of the ingest write path: a process killed with SIGKILL at any point of a
 * batch leaves the database consistent (integrity check, foreign keys, audit chain, each
 * file's rows all-or-nothing) and the vault complete (every recorded file present and
 * intact), and re-running the batch completes it with no duplicates.
 *
 * The batch here follows the protocol ingest must follow (store/vault.h, 008_ingest.sql):
 * put the bytes in the vault first, then write submission, rows and the audit entry in one
 * durable transaction per file, skipping files already ingested. It drives the real store
 * (real SQLite file, real vault, real fsyncs). When ingest/ingest.c exists, its
 * function should replace model_ingest_one below so the same kills hit the real code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/store.h"
#include "store/vault.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

#define FILES 40

/* Kill switch for the child: after this many database/vault steps, SIGKILL ourselves. */
static long kill_after = -1;
static long steps;

static void step(void)
{
    if (kill_after >= 0 && ++steps >= kill_after) raise(SIGKILL);
}

static int rows_for(int i)
{
    return 3 + i % 5;
}

static void make_inbox(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/inbox", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    for (int i = 0; i < FILES; i++) {
        /* Distinct, deterministic, a few KB each: enough for writes to take some time. */
        size_t len = 4096 + (size_t)i * 97;
        char *buf = malloc(len);
        for (size_t k = 0; k < len; k++)
            buf[k] = (char)((k * 31 + (size_t)i * 7) & 0xff);
        snprintf(buf, 32, "file-%03d", i);
        snprintf(path, sizeof path, "%s/inbox/%03d.xlsx", dir, i);
        assert_int_equal(spit(path, buf, len), 0);
        free(buf);
    }
}

/* One file through the ingest protocol. Returns OT_OK also when already ingested. */
static ot_code model_ingest_one(ot_workspace *ws, const char *path, int index, ot_error *err)
{
    char sha[65];
    unsigned char *bytes = NULL;
    size_t len = 0;
    ot_code c = ot_vault_put_file(ws, path, 1 << 20, sha, &bytes, &len, err);
    step();
    if (c != OT_OK) return c;
    free(bytes); /* a real ingest parses these bytes here */
    c = ot_db_begin_durable(ws->db, err);
    if (c != OT_OK) return c;
    int64_t existing = 0;
    c = ot_db_query_int(ws->db, "SELECT COUNT(*) FROM submission WHERE sha256 = ?",
                        OT_DB_PARAMS(ot_db_text(sha)), &existing, err);
    if (c != OT_OK || existing) {
        ot_db_rollback(ws->db);
        return c;
    }
    char ts[OT_TS_LEN];
    ot_db_timestamp(ts);
    const char *name = strrchr(path, '/') + 1;
    c = ot_db_exec(ws->db,
                   "INSERT INTO submission (sha256, original_name, received_at, status, valid)"
                   " VALUES (?, ?, ?, 'read', 1)",
                   OT_DB_PARAMS(ot_db_text(sha), ot_db_text(name), ot_db_text(ts)), err);
    int64_t sub = ot_db_last_insert_id(ws->db);
    step();
    for (int r = 0; c == OT_OK && r < rows_for(index); r++) {
        c = ot_db_exec(
            ws->db,
            "INSERT INTO smelter_row (submission_id, row_no, metal, name) VALUES (?, ?, ?, ?)",
            OT_DB_PARAMS(ot_db_int(sub), ot_db_int(r + 5), ot_db_text("Tin"),
                         ot_db_text("Smelter 'X'")),
            err);
        step();
    }
    if (c == OT_OK)
        c = ot_db_exec(ws->db,
                       "INSERT INTO finding (submission_id, code, severity, message)"
                       " VALUES (?, 'TEST-CODE', 'warning', 'a finding')",
                       OT_DB_PARAMS(ot_db_int(sub)), err);
    step();
    char subject[32];
    snprintf(subject, sizeof subject, "%lld", (long long)sub);
    if (c == OT_OK)
        c = ot_audit_append(ws->db, "system", OT_AUDIT_INGEST, "submission", subject, "{}", NULL,
                            err);
    step();
    if (c == OT_OK)
        c = ot_db_commit(ws->db, err);
    else
        ot_db_rollback(ws->db);
    step();
    return c;
}

static void run_batch(const char *dir)
{
    ot_workspace *ws = NULL;
    ot_error err;
    if (ot_workspace_open(dir, &ws, &err) != OT_OK) _exit(3);
    for (int i = 0; i < FILES; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/inbox/%03d.xlsx", dir, i);
        if (model_ingest_one(ws, path, i, &err) != OT_OK) {
            fprintf(stderr, "ingest %s: %s\n", path, err.message);
            _exit(2);
        }
    }
    ot_workspace_close(ws);
}

/* Forks a batch that kills itself after `after` steps; returns when it is dead. */
static void batch_killed_after(const char *dir, long after)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        kill_after = after;
        run_batch(dir);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
}

/* Forks a whole batch and SIGKILLs it from outside once it is part-way through. */
static void batch_killed_from_outside(const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        run_batch(dir);
        _exit(0);
    }
    ot_workspace *ws = NULL;
    ot_error err;
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    int64_t done = 0;
    for (int waited = 0; waited < 2000 && done < FILES / 3; waited++) {
        struct timespec ms = {0, 5 * 1000 * 1000};
        nanosleep(&ms, NULL);
        if (ot_db_query_int(ws->db, "SELECT COUNT(*) FROM submission", OT_DB_NO_PARAMS, &done,
                            &err) != OT_OK)
            done = 0; /* busy for a moment: try again */
    }
    ot_workspace_close(ws);
    kill(pid, SIGKILL);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    /* It may, rarely, have finished first; both ways the checks below must hold. */
    assert_true(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

/* Everything a crash must never break. Returns the number of submissions. */
static int64_t check_consistent(const char *dir)
{
    ot_workspace *ws = NULL;
    ot_error err;
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    char *ok = NULL;
    assert_int_equal(ot_db_query_text(ws->db, "PRAGMA integrity_check", OT_DB_NO_PARAMS, &ok, &err),
                     OT_OK);
    assert_string_equal(ok, "ok");
    free(ok);
    ot_stmt *st;
    assert_int_equal(ot_db_prepare(ws->db, "PRAGMA foreign_key_check", &st, &err), OT_OK);
    assert_int_equal(ot_stmt_step(st, &err), OT_STEP_DONE);
    ot_stmt_finalize(st);

    ot_audit_verify_result r;
    assert_int_equal(ot_audit_verify(ws->db, &r, &err), OT_OK);
    assert_true(r.intact);
    int64_t subs = db_int(ws->db, "SELECT COUNT(*) FROM submission");
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest'"),
                     subs);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM finding"), subs);
    /* All-or-nothing per file: each submission has exactly its file's rows. */
    assert_int_equal(
        ot_db_prepare(ws->db,
                      "SELECT s.original_name, COUNT(r.id) FROM submission s"
                      " LEFT JOIN smelter_row r ON r.submission_id = s.id GROUP BY s.id",
                      &st, &err),
        OT_OK);
    while (ot_stmt_step(st, &err) == OT_STEP_ROW) {
        int index = atoi(ot_stmt_text(st, 0));
        assert_int_equal(ot_stmt_int(st, 1), rows_for(index));
    }
    ot_stmt_finalize(st);
    /* The vault holds every recorded file, intact; every submission's file is recorded. */
    ot_vault_report vr;
    assert_int_equal(ot_vault_verify(ws, 0, &vr, NULL, NULL, &err), OT_OK);
    assert_int_equal(vr.corrupt, 0);
    assert_int_equal(vr.missing, 0);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM submission s WHERE NOT EXISTS"
                                    " (SELECT 1 FROM vault_file v WHERE v.sha256 = s.sha256)"),
                     0);
    ot_workspace_close(ws);
    return subs;
}

static void killed_at_every_phase_then_resumed_without_duplicates(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    ot_error err;
    assert_int_equal(ot_workspace_init(dir, NULL, &err), OT_OK);
    make_inbox(dir);
    /* Steps per file: vault put, submission, 3..7 rows, finding, audit, commit. Kill
     * points spread over every phase of several files, batch after batch on the same
     * workspace, the way a flaky machine would. */
    const long kills[] = {1, 2, 4, 9, 11, 13, 17, 20, 23, 26};
    int64_t before = 0;
    for (size_t k = 0; k < sizeof kills / sizeof kills[0]; k++) {
        batch_killed_after(dir, kills[k]);
        int64_t now = check_consistent(dir);
        assert_true(now >= before);
        before = now;
    }
    assert_true(before > 0);
    assert_true(before < FILES);

    batch_killed_from_outside(dir);
    check_consistent(dir);

    /* Re-run to completion: every file once, nothing twice. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        run_batch(dir);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(check_consistent(dir), FILES);
    ot_workspace *ws = NULL;
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(DISTINCT sha256) FROM submission"), FILES);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM vault_file"), FILES);
    ot_workspace_close(ws);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_at_every_phase_then_resumed_without_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
