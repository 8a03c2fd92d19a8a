/* The reference store in the workspace database: imports made in separate sessions build
 * one history there, each import is in the audit log with its source and counts, a
 * workspace with nothing imported reads the shipped snapshot, and the store file an
 * earlier oretrace kept in WORKSPACE/refdata/ is taken over once. */
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

#include "refdata/refdata.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/workspace.h"
#include "testutil.h"

#define HEADER                                                                                     \
    "metal,lookup_name,standard_name,country,smelter_id,id_source,street,city,state_province\n"
#define FILLERS                                                                                    \
    "Gold,Filler One,Filler One,CHINA,CID900011,RMI,,,\n"                                          \
    "Gold,Filler Two,Filler Two,CHINA,CID900012,RMI,,,\n"                                          \
    "Gold,Filler Three,Filler Three,CHINA,CID900013,RMI,,,\n"                                      \
    "Gold,Filler Four,Filler Four,CHINA,CID900014,RMI,,,\n"                                        \
    "Gold,Filler Five,Filler Five,CHINA,CID900015,RMI,,,\n"

static const char *old_list = HEADER
    "Gold,Kirishima Old Name Refinery,Kirishima Old Name Refinery,JAPAN,CID900001,RMI,,,\n"
    "Gold,Vanishing Gold Works,Vanishing Gold Works,CHINA,CID900002,RMI,,,\n"
    "Gold,Absorbed Bullion Plant,Absorbed Bullion Plant,CHINA,CID900003,RMI,,,\n"
    "Gold,Survivor Precious Metals,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n" FILLERS;

static const char *new_list =
    HEADER "Gold,Kirishima New Name Refinery,Kirishima New Name Refinery,JAPAN,CID900001,RMI,,,\n"
           "Gold,Survivor Precious Metals,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n"
           "Gold,Absorbed Bullion Plant,Survivor Precious Metals,CHINA,CID900004,RMI,,,\n" FILLERS;

static const char *sub(const char *name)
{
    static char path[4][4200];
    static int slot;
    char *p = path[slot++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", test_dir, name);
    return p;
}

static const char *write_file(const char *name, const char *text)
{
    const char *p = sub(name);
    assert_int_equal(spit(p, text, strlen(text)), 0);
    return p;
}

/* One import session as `oretrace refdata import [--fresh]` runs it: open the workspace,
 * load its store (or start empty), import, save, close. */
static void import_session(const char *dir, const char *file, const char *as_of, bool fresh)
{
    ot_workspace *ws;
    ot_refdata *rd;
    ot_error err = {0};
    ot_import_report rep;
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    if (fresh)
        assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    else
        assert_int_equal(ot_refdata_load_db(ws->db, NULL, &rd, NULL, &err), OT_OK);
    assert_int_equal(ot_refdata_import(rd, file, as_of, &rep, &err), OT_OK);
    assert_int_equal(ot_refdata_save_db(rd, ws->db, &err), OT_OK);
    ot_refdata_free(rd);
    ot_workspace_close(ws);
}

static bool has_event(const ot_refdata *rd, const char *id, ot_event_kind kind, const char *date)
{
    for (size_t i = 0; i < ot_refdata_event_count(rd); i++) {
        const ot_refdata_event *e = ot_refdata_event_at(rd, i);
        if (strcmp(e->smelter_id, id) == 0 && e->kind == kind && strcmp(e->date, date) == 0)
            return true;
    }
    return false;
}

static ot_db *open_db(const char *ws)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", ws, OT_WS_DB_NAME);
    ot_db *db;
    ot_error err = {0};
    assert_int_equal(ot_db_open(path, &db, &err), OT_OK);
    return db;
}

static int64_t count(ot_db *db, const char *sql, const char *param)
{
    int64_t n = -1;
    ot_error err = {0};
    assert_int_equal(ot_db_query_int(db, sql, OT_DB_PARAMS(ot_db_text(param)), &n, &err), OT_OK);
    return n;
}

static void test_history_across_two_sessions_lives_in_the_database(void **state)
{
    (void)state;
    char ws[4200];
    snprintf(ws, sizeof ws, "%s", sub("ws-history"));
    /* a workspace made by `oretrace init`: nothing imported yet, the snapshot is read */
    ot_error err = {0};
    assert_int_equal(ot_workspace_init(ws, NULL, &err), OT_OK);
    ot_refdata *rd;
    bool snap = false;
    assert_int_equal(ot_refdata_open(ws, &rd, &snap, &err), OT_OK);
    assert_true(snap);
    ot_refdata *shipped;
    assert_int_equal(ot_refdata_load_snapshot(&shipped, &err), OT_OK);
    assert_int_equal(ot_refdata_smelter_count(rd), ot_refdata_smelter_count(shipped));
    assert_true(ot_refdata_smelter_count(rd) > 600);
    ot_refdata_free(shipped);
    ot_refdata_free(rd);

    /* two imports, each its own session, the first starting from an empty store */
    import_session(ws, write_file("old.csv", old_list), "2020-01-01", true);
    import_session(ws, write_file("new.csv", new_list), "2021-03-01", false);

    snap = true;
    assert_int_equal(ot_refdata_open(ws, &rd, &snap, &err), OT_OK);
    assert_false(snap);
    assert_int_equal(ot_refdata_source_count(rd), 2);
    assert_string_equal(ot_refdata_find(rd, "CID900001")->standard_name,
                        "Kirishima New Name Refinery");
    assert_true(has_event(rd, "CID900001", OT_EVENT_RENAMED, "2021-03-01"));
    assert_int_equal(ot_refdata_find(rd, "CID900002")->state, OT_SMELTER_RETIRED);
    assert_true(has_event(rd, "CID900002", OT_EVENT_RETIRED, "2021-03-01"));
    assert_int_equal(ot_refdata_find(rd, "CID900003")->state, OT_SMELTER_MERGED);
    assert_string_equal(ot_refdata_find(rd, "CID900003")->successor_id, "CID900004");
    assert_true(has_event(rd, "CID900001", OT_EVENT_ADDED, "2020-01-01"));
    /* the old name, kept as an alias, came back from the database */
    bool old_name = false;
    for (size_t i = 0; i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *a = ot_refdata_alias_at(rd, i);
        if (strcmp(a->smelter_id, "CID900001") == 0 &&
            strcmp(a->name, "Kirishima Old Name Refinery") == 0)
            old_name = true;
    }
    assert_true(old_name);
    ot_refdata_free(rd);

    /* the data are in the database, not in a file */
    struct stat st;
    assert_int_not_equal(stat(sub("ws-history/refdata/refdata.tsv"), &st), 0);
    ot_db *db = open_db(ws);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM refdata_smelter WHERE smelter_id = ?", "CID900003"), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM refdata_event WHERE kind = ?", "renamed"), 1);
    ot_db_close(db);
}

static void test_import_is_in_the_audit_log(void **state)
{
    (void)state;
    char ws[4200];
    snprintf(ws, sizeof ws, "%s", sub("ws-audit"));
    ot_error err = {0};
    assert_int_equal(ot_workspace_init(ws, NULL, &err), OT_OK);
    import_session(ws, write_file("a-old.csv", old_list), "2020-01-01", true);
    import_session(ws, write_file("a-new.csv", new_list), "2021-03-01", false);
    /* the same file again changes nothing and logs nothing */
    import_session(ws, sub("a-new.csv"), "2021-03-01", false);
    const char *st = "smelter_id,status,as_of\nCID900004,Full Compliant,2025-02-01\n";
    ot_refdata *rd;
    ot_status_import_report srep;
    ot_workspace *w;
    assert_int_equal(ot_workspace_open(ws, &w, &err), OT_OK);
    assert_int_equal(ot_refdata_load_db(w->db, NULL, &rd, NULL, &err), OT_OK);
    assert_int_equal(ot_refdata_import_status(rd, write_file("st.csv", st), NULL, &srep, &err),
                     OT_OK);
    assert_int_equal(ot_refdata_save_db(rd, w->db, &err), OT_OK);
    assert_int_equal(ot_refdata_save_db(rd, w->db, &err),
                     OT_OK); /* a second save logs nothing new */
    ot_refdata_free(rd);
    ot_workspace_close(w);

    ot_db *db = open_db(ws);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "refdata.import"),
                     2);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "refdata.status_import"), 1);
    char *detail = NULL;
    assert_int_equal(
        ot_db_query_text(db, "SELECT detail FROM audit_log WHERE action = ? ORDER BY id DESC",
                         OT_DB_PARAMS(ot_db_text("refdata.import")), &detail, &err),
        OT_OK);
    json_t *j = json_loads(detail, 0, NULL);
    assert_non_null(j);
    assert_non_null(strstr(json_string_value(json_object_get(j, "source")), "a-new.csv"));
    assert_string_equal(json_string_value(json_object_get(j, "as_of")), "2021-03-01");
    assert_int_equal(json_integer_value(json_object_get(j, "renamed")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "retired")), 1);
    assert_int_equal(json_integer_value(json_object_get(j, "merged")), 1);
    json_decref(j);
    free(detail);
    ot_audit_verify_result v;
    assert_int_equal(ot_audit_verify(db, &v, &err), OT_OK);
    assert_true(v.intact);
    ot_db_close(db);
}

static void test_files_of_an_earlier_version_are_taken_over_once(void **state)
{
    (void)state;
    char ws[4200];
    snprintf(ws, sizeof ws, "%s", sub("ws-old"));
    ot_error err = {0};
    assert_int_equal(ot_workspace_init(ws, NULL, &err), OT_OK);
    /* what an earlier oretrace left: WORKSPACE/refdata/refdata.tsv */
    ot_refdata *rd;
    ot_import_report rep;
    assert_int_equal(ot_refdata_new(&rd, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, write_file("o-old.csv", old_list), "2020-01-01", &rep, &err), OT_OK);
    assert_int_equal(
        ot_refdata_import(rd, write_file("o-new.csv", new_list), "2021-03-01", &rep, &err), OT_OK);
    assert_int_equal(mkdir(sub("ws-old/refdata"), 0777), 0);
    char file[4200];
    snprintf(file, sizeof file, "%s", sub("ws-old/refdata/refdata.tsv"));
    assert_int_equal(ot_refdata_save_file(rd, file, &err), OT_OK);
    size_t smelters = ot_refdata_smelter_count(rd), events = ot_refdata_event_count(rd);
    ot_refdata_free(rd);

    bool snap = true;
    assert_int_equal(ot_refdata_open(ws, &rd, &snap, &err), OT_OK);
    assert_false(snap);
    assert_int_equal(ot_refdata_smelter_count(rd), smelters);
    assert_int_equal(ot_refdata_event_count(rd), events);
    assert_string_equal(ot_refdata_find(rd, "CID900003")->successor_id, "CID900004");
    ot_refdata_free(rd);
    /* the file is left in place; the database holds the data and says where they came from */
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    ot_db *db = open_db(ws);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "refdata.migrate_files"), 1);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM refdata_smelter WHERE smelter_id = ?", "CID900001"), 1);
    ot_db_close(db);

    /* once: later changes to the old file are not read again */
    const char *junk = "not a store\n";
    assert_int_equal(spit(file, junk, strlen(junk)), 0);
    assert_int_equal(ot_refdata_open(ws, &rd, &snap, &err), OT_OK);
    assert_false(snap);
    assert_int_equal(ot_refdata_smelter_count(rd), smelters);
    ot_refdata_free(rd);
    db = open_db(ws);
    assert_int_equal(
        count(db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "refdata.migrate_files"), 1);
    ot_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_across_two_sessions_lives_in_the_database),
        cmocka_unit_test(test_import_is_in_the_audit_log),
        cmocka_unit_test(test_files_of_an_earlier_version_are_taken_over_once),
    };
    return cmocka_run_group_tests(tests, setup_test_dir, teardown_test_dir);
}
