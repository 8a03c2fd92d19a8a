/* A workspace whose database or audit log was damaged, cut short or replaced, through the
 * built binary as a user would meet it: an emptied, foreign or missing oretrace.db is
 * refused by every command (never silently recreated; only `init` creates, and only new
 * workspaces); `audit verify` finds entries removed from the end of the log and a replaced
 * database through audit.head, entries that are not UTF-8 text, and damage found by
 * SQLite's integrity check; `vault verify` reports files no row references, leftover
 * temp files and strangers, and `--clean-temp` removes the temp files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/store.h"
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

/* Runs `oretrace <args> --workspace DIR` and returns its exit status; out/err captured
 * (freed by the caller) when not NULL. */
static int cli_ws(const char *dir, char **out, char **err, const char *args)
{
    char *o = NULL, *e = NULL;
    int rc = run_clif(&o, &e, "%s --workspace '%s'", args, dir);
    if (out)
        *out = o;
    else
        free(o);
    if (err)
        *err = e;
    else
        free(e);
    return rc;
}

/* `oretrace init` in a new temp folder, plus two campaigns: 3 audit entries in all. */
static char *workspace_with_entries(void)
{
    char *dir = make_temp_dir();
    assert_int_equal(run_clif(NULL, NULL, "init '%s'", dir), 0);
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2024"), 0);
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2025"), 0);
    return dir;
}

static void drop(char *dir)
{
    rm_rf(dir);
    free(dir);
}

static off_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Every command that works on the workspace must refuse it, exit 4, name the problem and
 * leave the database file as it found it. */
static void assert_refused_everywhere(const char *dir, const char *why)
{
    static const char *const cmds[] = {
        "audit verify",   "audit show",      "vault verify",      "retention report",
        "suppliers list", "campaign status", "campaign new 2026", "init"};
    off_t before = file_size(in(dir, "oretrace.db"));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out = NULL, *err = NULL;
        int rc = cli_ws(dir, &out, &err, cmds[i]);
        if (rc != 4 || !strstr(err, why) || !strstr(err, "oretrace init"))
            fail_msg("`%s` gave %d: %s%s", cmds[i], rc, out, err);
        free(out);
        free(err);
        assert_int_equal(file_size(in(dir, "oretrace.db")), before);
    }
}

static void an_emptied_database_is_refused_not_recreated(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    assert_int_equal(truncate(in(dir, "oretrace.db"), 0), 0);
    unlink(in(dir, "oretrace.db-wal"));
    assert_refused_everywhere(dir, "is empty (0 bytes)");
    /* ingest and refdata import too (they open the workspace on their own) */
    char *err = NULL;
    assert_int_equal(run_clif(NULL, &err, "ingest --workspace '%s' '%s'", dir,
                              src_path("tests/fixtures/crt221_valid.xlsx")),
                     4);
    assert_non_null(strstr(err, "is empty"));
    free(err);
    assert_int_equal(cli_ws(dir, NULL, &err, "refdata import /nonexistent.csv"), 4);
    assert_non_null(strstr(err, "is empty"));
    free(err);
    assert_int_equal(file_size(in(dir, "oretrace.db")), 0);
    drop(dir);
}

static void a_database_without_the_schema_is_refused(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    /* another program's SQLite database put in its place */
    unlink(in(dir, "oretrace.db"));
    unlink(in(dir, "oretrace.db-wal"));
    unlink(in(dir, "oretrace.db-shm"));
    raw_sql(in(dir, "oretrace.db"),
            "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hi');");
    assert_refused_everywhere(dir, "holds no oretrace schema");
    /* and a file that is no database at all */
    assert_int_equal(spit(in(dir, "oretrace.db"), "hello, world\n", 13), 0);
    assert_refused_everywhere(dir, "not a database");
    drop(dir);
}

static void a_missing_database_is_a_usage_error_unless_the_workspace_lost_it(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char *err = NULL;
    /* no workspace at all: exit 1, run init */
    assert_int_equal(cli_ws(dir, NULL, &err, "audit verify"), 1);
    assert_non_null(strstr(err, "oretrace init"));
    free(err);
    /* refdata import used to create one: now it wants init too, and creates nothing */
    assert_int_equal(cli_ws(dir, NULL, &err, "refdata import /nonexistent.csv"), 1);
    assert_non_null(strstr(err, "oretrace init"));
    free(err);
    assert_int_equal(access(in(dir, "oretrace.db"), F_OK), -1);
    drop(dir);

    /* a workspace whose database was deleted: audit.head remembers it */
    dir = workspace_with_entries();
    unlink(in(dir, "oretrace.db"));
    unlink(in(dir, "oretrace.db-wal"));
    unlink(in(dir, "oretrace.db-shm"));
    assert_int_equal(cli_ws(dir, NULL, &err, "audit verify"), 4);
    assert_non_null(strstr(err, "is missing"));
    assert_non_null(strstr(err, "with 3 audit entries"));
    free(err);
    assert_int_equal(run_clif(NULL, &err, "init '%s'", dir), 4);
    assert_non_null(strstr(err, "restore the database from a backup"));
    free(err);
    assert_int_equal(access(in(dir, "oretrace.db"), F_OK), -1);
    drop(dir);
}

/* `audit verify --json` on dir: exit status, and the parsed output in *j. */
static int verify_json(const char *dir, json_t **j)
{
    char *out = NULL;
    int rc = cli_ws(dir, &out, NULL, "audit verify --json");
    *j = parse_json(out);
    free(out);
    return rc;
}

static const char *head_state(json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "head_file"), "state"));
}

static void a_deleted_tail_of_the_log_is_detected(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    json_t *j;
    assert_int_equal(verify_json(dir, &j), 0);
    assert_string_equal(head_state(j), "ok");
    json_decref(j);
    /* the last two entries removed, as a person with the sqlite3 shell could */
    raw_sql(in(dir, "oretrace.db"),
            "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 1;");
    char *out = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 4);
    assert_non_null(strstr(out, "TAMPERED"));
    assert_non_null(strstr(out, "records 3 entries but the log has only 1"));
    free(out);
    assert_int_equal(verify_json(dir, &j), 4);
    assert_string_equal(head_state(j), "ahead");
    assert_true(json_is_false(json_object_get(j, "intact")));
    json_decref(j);
    /* a write after the cut does not paper over it: the head is never moved back */
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2027"), 0);
    assert_int_equal(verify_json(dir, &j), 4);
    json_decref(j);
    /* the whole log emptied */
    raw_sql(in(dir, "oretrace.db"), "DELETE FROM audit_log;");
    assert_int_equal(verify_json(dir, &j), 4);
    assert_string_equal(head_state(j), "ahead");
    json_decref(j);
    drop(dir);
}

static void copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = slurp(from, &len);
    assert_non_null(data);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

static void a_replaced_database_is_detected(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    char *other = workspace_with_entries(); /* the same commands: as many entries */
    assert_int_equal(cli_ws(other, NULL, NULL, "campaign new 2030"), 0);
    /* a copy of the database taken now, restored after more work */
    char *saved = make_temp_dir();
    copy_file(in(dir, "oretrace.db"), in(saved, "old.db"));
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2026"), 0);

    copy_file(in(saved, "old.db"), in(dir, "oretrace.db"));
    json_t *j;
    assert_int_equal(verify_json(dir, &j), 4);
    assert_string_equal(head_state(j), "ahead");
    json_decref(j);

    /* another workspace's database, with a longer log of its own */
    copy_file(in(other, "oretrace.db"), in(dir, "oretrace.db"));
    char *out = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 4);
    assert_non_null(strstr(out, "the database was replaced"));
    free(out);
    assert_int_equal(verify_json(dir, &j), 4);
    assert_string_equal(head_state(j), "mismatch");
    json_decref(j);
    drop(saved);
    drop(other);
    drop(dir);
}

/* The head file written with the log's entry n (as a crash right after the commit of
 * entry n + 1 would leave it). */
static void write_head_at(const char *dir, int64_t n)
{
    ot_db *db;
    ot_error err;
    assert_int_equal(ot_db_open(in(dir, "oretrace.db"), &db, &err), OT_OK);
    char *hash = NULL;
    assert_int_equal(ot_db_query_text(db, "SELECT hash FROM audit_log WHERE id = ?",
                                      OT_DB_PARAMS(ot_db_int(n)), &hash, &err),
                     OT_OK);
    ot_db_close(db);
    char text[256];
    int len = snprintf(text, sizeof text, "oretrace audit head v1\nentries %lld\nhash %s\n",
                       (long long)n, hash);
    free(hash);
    assert_int_equal(spit(in(dir, "audit.head"), text, (size_t)len), 0);
}

static void a_head_behind_the_log_is_fine_and_catches_up(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    write_head_at(dir, 2);
    char *out = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 0);
    assert_non_null(strstr(out, "1 behind the log"));
    free(out);
    /* the next write brings it up to date */
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2026"), 0);
    char *head = slurp(in(dir, "audit.head"), NULL);
    assert_non_null(strstr(head, "entries 4\n"));
    free(head);
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 0);
    assert_non_null(strstr(out, "matches the log"));
    free(out);
    drop(dir);
}

static void a_missing_head_is_reported_and_init_writes_a_new_one(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    assert_int_equal(unlink(in(dir, "audit.head")), 0);
    /* writes do not recreate it behind the user's back */
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2026"), 0);
    assert_int_equal(access(in(dir, "audit.head"), F_OK), -1);
    char *out = NULL, *err = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 4);
    assert_non_null(strstr(out, "audit.head is missing"));
    free(out);
    assert_int_equal(run_clif(&out, NULL, "init '%s'", dir), 0);
    assert_non_null(strstr(out, "for the 4 entries"));
    free(out);
    assert_int_equal(cli_ws(dir, NULL, NULL, "audit verify"), 0);

    /* damaged: reported, and left alone by writers */
    assert_int_equal(spit(in(dir, "audit.head"), "junk\n", 5), 0);
    assert_int_equal(cli_ws(dir, NULL, NULL, "campaign new 2027"), 0);
    assert_int_equal(cli_ws(dir, &out, &err, "audit verify"), 4);
    assert_non_null(strstr(out, "not an audit head file"));
    free(out);
    free(err);
    drop(dir);
}

static void a_workspace_from_before_the_head_gets_one_with_a_note(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    /* what an earlier oretrace left: no migration 009 (audit_head), no head file */
    raw_sql(in(dir, "oretrace.db"), "DELETE FROM schema_version WHERE version = 9;"
                                    "DELETE FROM workspace_meta WHERE key = 'audit_head_file';");
    assert_int_equal(unlink(in(dir, "audit.head")), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(cli_ws(dir, &out, &err, "audit verify"), 0);
    assert_non_null(strstr(err, "note: this workspace was made by an earlier oretrace"));
    assert_non_null(strstr(err, "for the 3 entries"));
    free(out);
    free(err);
    char *head = slurp(in(dir, "audit.head"), NULL);
    assert_non_null(head);
    assert_non_null(strstr(head, "entries 3\n"));
    free(head);
    /* said once: the next command has nothing to note */
    assert_int_equal(cli_ws(dir, NULL, &err, "audit verify"), 0);
    assert_null(strstr(err, "note:"));
    free(err);
    drop(dir);
}

/* Appends an entry whose hash is right for the text up to the first NUL of detail
 * (all the hash reads), with detail bound as given. */
static void append_entry(const char *dir, ot_db_value detail, const char *detail_as_hashed)
{
    ot_db *db;
    ot_error err;
    assert_int_equal(ot_db_open(in(dir, "oretrace.db"), &db, &err), OT_OK);
    int64_t last = db_int(db, "SELECT MAX(id) FROM audit_log");
    char *prev = NULL;
    assert_int_equal(ot_db_query_text(db, "SELECT hash FROM audit_log WHERE id = ?",
                                      OT_DB_PARAMS(ot_db_int(last)), &prev, &err),
                     OT_OK);
    const char *ts = "2025-05-05T10:00:00.000Z";
    char hash[65];
    ot_audit_hash(last + 1, ts, "os:mallory", "import", NULL, NULL, detail_as_hashed, prev, hash);
    assert_int_equal(ot_db_exec(db,
                                "INSERT INTO audit_log (id, ts, actor, action, detail, prev_hash,"
                                " hash) VALUES (?, ?, 'os:mallory', 'import', ?, ?, ?)",
                                OT_DB_PARAMS(ot_db_int(last + 1), ot_db_text(ts), detail,
                                             ot_db_text(prev), ot_db_text(hash)),
                                &err),
                     OT_OK);
    free(prev);
    ot_db_close(db);
}

static void assert_bad_entry(const char *dir, const char *reason)
{
    json_t *j;
    assert_int_equal(verify_json(dir, &j), 4);
    assert_int_equal(json_integer_value(json_object_get(j, "first_bad_id")), 4);
    const char *got = json_string_value(json_object_get(j, "reason"));
    if (!got || !strstr(got, reason)) fail_msg("reason '%s', expected '%s'", got, reason);
    json_decref(j);
}

static void an_entry_that_is_not_utf8_text_fails_verification(void **state)
{
    (void)state;
    /* text hiding bytes after a NUL: the hash sees only "{}" */
    char *dir = workspace_with_entries();
    append_entry(dir, ot_db_text_n("{}\0{\"hidden\":1}", 15), "{}");
    assert_bad_entry(dir, "detail contains a NUL byte");
    drop(dir);
    /* the same bytes as a BLOB */
    dir = workspace_with_entries();
    append_entry(dir, ot_db_blob("{}", 2), "{}");
    assert_bad_entry(dir, "detail is not text (a BLOB)");
    drop(dir);
    /* invalid UTF-8 */
    dir = workspace_with_entries();
    append_entry(dir, ot_db_text("{\"name\":\"\xff\xfe\"}"), "{\"name\":\"\xff\xfe\"}");
    assert_bad_entry(dir, "detail is not valid UTF-8");
    drop(dir);
    /* a well-formed entry appended the same way passes: the checks above are the cause */
    dir = workspace_with_entries();
    append_entry(dir, ot_db_text("{\"name\":\"Gr\xc3\xbcn\"}"), "{\"name\":\"Gr\xc3\xbcn\"}");
    json_t *j;
    assert_int_equal(verify_json(dir, &j), 0);
    json_decref(j);
    drop(dir);
}

static void the_integrity_check_runs_in_both_verifications(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    /* a name row for a received file that has no row (raw connections do not enforce
     * foreign keys) */
    raw_sql(in(dir, "oretrace.db"),
            "INSERT INTO vault_name VALUES ('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e"
            "73043362938b9824', 'ghost.xlsx', '2025-01-01T00:00:00.000Z');");
    char *out = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "audit verify"), 4);
    assert_non_null(strstr(out, "vault_name row 1 refers to a vault_file row that does not exist"));
    free(out);
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify"), 4);
    assert_non_null(strstr(out, "Database integrity: PROBLEMS"));
    free(out);
    drop(dir);

    /* an index that no longer matches its table (its definition changed under it):
     * PRAGMA quick_check says "ok" here, only the full integrity_check compares every
     * index with its table */
    dir = workspace_with_entries();
    raw_sql(in(dir, "oretrace.db"),
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_master SET sql = 'CREATE INDEX audit_log_ts ON audit_log (actor)'"
            " WHERE name = 'audit_log_ts';");
    json_t *j;
    assert_int_equal(verify_json(dir, &j), 4);
    json_t *db = json_object_get(j, "database_integrity");
    assert_true(json_is_false(json_object_get(db, "ok")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(db, "problems"), 0)),
                        "row 1 missing from index audit_log_ts");
    json_decref(j);
    drop(dir);
}

/* A file in the vault no row references, written as an interrupted ingest leaves it. */
static void put_stray_file(const char *dir)
{
    const char *sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    char sub[4200], path[4300];
    snprintf(sub, sizeof sub, "%s/vault/2c", dir);
    mkdir(sub, 0755);
    snprintf(path, sizeof path, "%s/%s", sub, sha + 2);
    assert_int_equal(spit(path, "hello", 5), 0);
}

/* A temp file in the vault, last written `age` seconds ago. */
static void put_temp_file(const char *dir, const char *name, int age)
{
    char sub[4200], path[4300];
    snprintf(sub, sizeof sub, "%s/vault/ab", dir);
    mkdir(sub, 0755);
    snprintf(path, sizeof path, "%s/%s", sub, name);
    assert_int_equal(spit(path, "partial", 7), 0);
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= age;
    tv[1] = tv[0];
    assert_int_equal(utimes(path, tv), 0);
}

static void vault_verify_reports_strays_and_cleans_temp_files(void **state)
{
    (void)state;
    char *dir = workspace_with_entries();
    char *out = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify"), 0);
    assert_non_null(strstr(out, "Database integrity: ok"));
    free(out);

    put_stray_file(dir);
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify"), 4);
    assert_non_null(strstr(out, "unrecorded   2cf24dba"));
    free(out);
    assert_int_equal(unlink(in(dir, "vault/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e7304"
                                    "3362938b9824")),
                     0);

    /* a temp file left by a write that never finished; a young one may be a write going
     * on now and is left alone */
    put_temp_file(dir, ".tmp-Old123", 3600);
    put_temp_file(dir, ".tmp-New456", 0);
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify"), 4);
    assert_non_null(strstr(out, "temp         ab/.tmp-Old123"));
    assert_null(strstr(out, "New456"));
    assert_non_null(strstr(out, "--clean-temp"));
    free(out);
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify --clean-temp"), 0);
    assert_non_null(strstr(out, "Removed 1 leftover temp files"));
    free(out);
    assert_int_equal(access(in(dir, "vault/ab/.tmp-Old123"), F_OK), -1);
    assert_int_equal(access(in(dir, "vault/ab/.tmp-New456"), F_OK), 0);
    assert_int_equal(unlink(in(dir, "vault/ab/.tmp-New456")), 0);

    /* something oretrace never writes there */
    assert_int_equal(spit(in(dir, "vault/notes.txt"), "x", 1), 0);
    json_t *j = NULL;
    assert_int_equal(cli_ws(dir, &out, NULL, "vault verify --json"), 4);
    j = parse_json(out);
    free(out);
    assert_int_equal(json_integer_value(json_object_get(j, "unexpected")), 1);
    json_t *p = json_array_get(json_object_get(j, "problems"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "path")), "notes.txt");
    json_decref(j);
    drop(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_emptied_database_is_refused_not_recreated),
        cmocka_unit_test(a_database_without_the_schema_is_refused),
        cmocka_unit_test(a_missing_database_is_a_usage_error_unless_the_workspace_lost_it),
        cmocka_unit_test(a_deleted_tail_of_the_log_is_detected),
        cmocka_unit_test(a_replaced_database_is_detected),
        cmocka_unit_test(a_head_behind_the_log_is_fine_and_catches_up),
        cmocka_unit_test(a_missing_head_is_reported_and_init_writes_a_new_one),
        cmocka_unit_test(a_workspace_from_before_the_head_gets_one_with_a_note),
        cmocka_unit_test(an_entry_that_is_not_utf8_text_fails_verification),
        cmocka_unit_test(the_integrity_check_runs_in_both_verifications),
        cmocka_unit_test(vault_verify_reports_strays_and_cleans_temp_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
