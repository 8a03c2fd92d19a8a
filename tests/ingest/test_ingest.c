/* Ingesting returned workbooks into a campaign, on real files (the shared samples and the
 * repo's fixtures) and a real workspace: each linking rule, the unlinked queue, unreadable
 * files kept and counted, re-runs that add nothing, a later file superseding an earlier
 * one, linking by hand, and a batch killed with SIGKILL that a re-run completes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "campaign/campaign.h"
#include "ingest/ingest.h"
#include "util/date.h"
#include "campaign/suppliers.h"
#include "refdata/refdata.h"
#include "store/audit.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

typedef struct fixture {
    char *dir;
    char in[600];
    ot_workspace *ws;
    ot_campaign_info c;
    ot_refdata *rd;
} fixture;

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-002,Cascadia Med,US,direct,2025-05-01,yes,Kev,orders@cascadia-medelec.com\n"
    "V-003,Osaka Kiban Technologies Co Ltd,JP,direct,2025-05-01,yes,Sato,sato@example.jp\n"
    "V-004,Lindqvist Sensorteknik,SE,direct,2025-05-01,yes,Maja,maja@example.se\n"
    "SUP-79691,Aomori,JP,direct,2025-05-01,yes,Mei,mei@example.jp\n"
    "V-009,Kestrel,DE,direct,2025-05-01,yes,K,k@kestrel.example\n"
    "V-014,Hanbit,KR,direct,2025-05-01,yes,Park,p@hanbit.example\n";

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = slurp(from, &len);
    assert_non_null(data);
    assert_int_equal(spit(to, data, len), 0);
    free(data);
}

static char *token_of(fixture *f, const char *supplier)
{
    return db_text_for(f->ws->db,
                       "SELECT r.token FROM request r JOIN supplier s ON s.id = r.supplier_id "
                       "WHERE s.supplier_key = ?",
                       supplier);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ws = open_temp_workspace(&f->dir, "company_name = Buyer Corp\n"
                                         "contact_email = compliance@buyer.example\n");
    import_vendors(f->ws, vendors, iso_day("2026-01-05"));
    ot_error err;
    assert_int_equal(ot_campaign_create(f->ws, 2025, "CMRT-6.5", "2026-03-31", "test",
                                        iso_day("2026-01-05"), &f->c, &err),
                     OT_OK);
    ot_send_report sr;
    assert_int_equal(ot_campaign_send(f->ws, &f->c, "test", iso_day("2026-01-05"), &sr, &err),
                     OT_OK);
    ot_send_report_free(&sr);
    assert_int_equal(ot_refdata_load_snapshot(&f->rd, &err), OT_OK);

    /* the returned files: the shared samples, the Kestrel one named with its token, and
     * a file that is no workbook at all */
    snprintf(f->in, sizeof f->in, "%s/returned", f->dir);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.xlsx '%s'/", f->in,
             shared_path("samples"), f->in);
    assert_int_equal(system(cmd), 0);
    char *tok = token_of(f, "V-009");
    char from[800], to[800];
    snprintf(from, sizeof from, "%s/009_kestrelwerk-elektronik-gmbh.xlsx", f->in);
    snprintf(to, sizeof to, "%s/Kestrel CMRT reply %s.xlsx", f->in, tok);
    assert_int_equal(rename(from, to), 0);
    free(tok);
    snprintf(to, sizeof to, "%s/scanned-letter.xlsx", f->in);
    assert_int_equal(spit(to, "%PDF-1.4 not a workbook", 23), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ot_refdata_free(f->rd);
    close_temp_workspace(f->ws, f->dir);
    free(f);
    return 0;
}

static ot_code ingest(fixture *f, const char *folder, const char *supplier, ot_ingest_summary *sum)
{
    ot_pathlist l = {0};
    ot_error err;
    const char *args[] = {folder};
    assert_int_equal(ot_ingest_collect(args, 1, false, &l, &err), OT_OK);
    ot_db *vault_db; /* the vault thread's own connection */
    assert_int_equal(ot_db_open(f->ws->db_path, &vault_db, &err), OT_OK);
    ot_ingest_options o = {.supplier_id = supplier,
                           .threads = 2,
                           .today = iso_day("2026-02-01"),
                           .refdata = f->rd,
                           .vault_db = vault_db};
    ot_code rc = ot_ingest(f->ws, &f->c, (const char *const *)l.items, l.n, &o, "test", NULL, NULL,
                           sum, &err);
    ot_db_close(vault_db);
    ot_pathlist_free(&l);
    return rc;
}

static char *link_of(fixture *f, const char *file_name)
{
    return db_text_for(f->ws->db,
                       "SELECT COALESCE(sup.supplier_key, '-') || ' ' || "
                       "COALESCE(cf.link_method, '-') FROM submission s JOIN "
                       "campaign_file cf ON cf.submission_id = s.id LEFT JOIN request r ON "
                       "r.id = cf.request_id LEFT JOIN supplier sup ON sup.id = "
                       "r.supplier_id WHERE s.original_name = ?",
                       file_name);
}

static void assert_link(fixture *f, const char *file, const char *want)
{
    char *got = link_of(f, file);
    assert_string_equal(got, want);
    free(got);
}

static char *status_of(fixture *f, const char *supplier)
{
    return db_text_for(f->ws->db,
                       "SELECT r.status FROM request r JOIN supplier s ON "
                       "s.id = r.supplier_id WHERE s.supplier_key = ?",
                       supplier);
}

static void assert_status(fixture *f, const char *supplier, const char *want)
{
    char *got = status_of(f, supplier);
    assert_string_equal(got, want);
    free(got);
}

static int64_t count(fixture *f, const char *sql)
{
    return db_int(f->ws->db, sql);
}

static void files_are_linked_by_each_rule_and_all_counted(void **state)
{
    fixture *f = *state;
    ot_ingest_summary sum;
    assert_int_equal(ingest(f, f->in, NULL, &sum), OT_OK);
    assert_int_equal(sum.files, 13);
    assert_int_equal(sum.ingested, 13);
    assert_int_equal(sum.unreadable, 1);
    assert_int_equal(sum.valid + sum.invalid + sum.unreadable, 13);
    assert_int_equal(sum.linked, 5);
    assert_int_equal(sum.unlinked, 8);

    char tokname[200];
    char *tok = token_of(f, "V-009");
    snprintf(tokname, sizeof tokname, "Kestrel CMRT reply %s.xlsx", tok);
    free(tok);
    assert_link(f, tokname, "V-009 token");
    assert_link(f, "002_cascadia-medical-electronics.xlsx", "V-002 email");
    assert_link(f, "011_aomori-denshi-kogyo-k-k.xlsx", "SUP-79691 unique_id");
    assert_link(f, "003_osaka-kiban-technologies-co-.xlsx", "V-003 name");
    assert_link(f, "004_lindqvist-sensorteknik-ab.xlsx", "V-004 name");
    /* "Hanbit" alone is too far from "Hanbit Microsystems": no guess, queued */
    assert_link(f, "014_hanbit-microsystems-co-ltd.xlsx", "- -");
    assert_link(f, "scanned-letter.xlsx", "- -");

    /* everything is stored: the unreadable file too, with why */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM submission"), 13);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM submission WHERE status = 'unreadable' AND "
                              "error_message IS NOT NULL"),
                     1);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM declaration"), 12);
    assert_true(count(f, "SELECT COUNT(*) FROM smelter_row") > 50);
    assert_true(count(f, "SELECT COUNT(*) FROM smelter_row WHERE smelter_id IS NOT NULL") > 20);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest'"), 13);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM vault_file"), 13);

    /* each linked supplier's status follows its file */
    char *v3 = status_of(f, "V-003");
    int64_t v3_valid = count(f, "SELECT s.valid FROM submission s WHERE s.original_name = "
                                "'003_osaka-kiban-technologies-co-.xlsx'");
    /* a valid CMRT 6.31 dated 2023: kept, but no current answer for 2025 */
    assert_string_equal(v3, v3_valid ? "responded_outdated" : "responded_invalid");
    free(v3);
    assert_status(f, "V-014", "requested");

    ot_campaign_status st;
    ot_error err;
    assert_int_equal(ot_campaign_status_get(f->ws, &f->c, &st, &err), OT_OK);
    /* the three EMRT files went to no campaign (there is no 2025 EMRT campaign) */
    assert_int_equal(st.submissions.received, 10);
    assert_int_equal(st.submissions.unlinked, 5);
    assert_int_equal(st.submissions.unreadable, 1);
    assert_int_equal(st.submissions.valid + st.submissions.invalid, 9);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM submission s JOIN declaration d ON "
                              "d.submission_id = s.id WHERE d.family = 'EMRT' AND NOT EXISTS "
                              "(SELECT 1 FROM campaign_file c WHERE c.submission_id = s.id)"),
                     3);
    assert_int_equal(st.submissions.superseded, 0);
    assert_int_equal(st.total.responded, 5);
    ot_campaign_status_free(&st);
}

static void rerun_adds_nothing(void **state)
{
    fixture *f = *state;
    ot_ingest_summary sum;
    assert_int_equal(ingest(f, f->in, NULL, &sum), OT_OK);
    int64_t audit = count(f, "SELECT COUNT(*) FROM audit_log");
    assert_int_equal(ingest(f, f->in, NULL, &sum), OT_OK);
    assert_int_equal(sum.duplicates, 13);
    assert_int_equal(sum.ingested, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM submission"), 13);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM campaign_file"), 10); /* + 3 EMRT */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audit);
    ot_audit_verify_result v;
    ot_error err;
    assert_int_equal(ot_audit_verify(f->ws->db, &v, &err), OT_OK);
    assert_true(v.intact);
}

static void later_file_supersedes_and_status_follows_it(void **state)
{
    fixture *f = *state;
    ot_ingest_summary sum;
    assert_int_equal(ingest(f, f->in, NULL, &sum), OT_OK);
    int64_t v4_valid = count(f, "SELECT valid FROM submission WHERE original_name = "
                                "'004_lindqvist-sensorteknik-ab.xlsx'");
    /* a second file from V-004, named as such by the user */
    char dir[700], to[800];
    snprintf(dir, sizeof dir, "%s/second", f->dir);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(to, sizeof to, "%s/lindqvist-v2.xlsx", dir);
    copy_file(src_path("tests/fixtures/cmrt65_valid_company.xlsx"), to);
    assert_int_equal(ingest(f, dir, "V-004", &sum), OT_OK);
    assert_int_equal(sum.superseded, 1);
    assert_link(f, "lindqvist-v2.xlsx", "V-004 option");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM campaign_file f JOIN submission s ON "
                              "s.id = f.superseded_by WHERE s.original_name = 'lindqvist-v2.xlsx'"),
                     1);
    int64_t v2_valid =
        count(f, "SELECT valid FROM submission WHERE original_name = 'lindqvist-v2.xlsx'");
    char *st = status_of(f, "V-004");
    if (!v2_valid)
        assert_string_equal(st, "responded_invalid");
    else
        assert_string_equal(st, v4_valid ? "responded_valid" : "corrected");
    free(st);
    ot_campaign_status s;
    ot_error err;
    assert_int_equal(ot_campaign_status_get(f->ws, &f->c, &s, &err), OT_OK);
    assert_int_equal(s.submissions.received, 11);
    assert_int_equal(s.submissions.superseded, 1);
    ot_campaign_status_free(&s);
    /* an unknown --supplier stops before anything is stored */
    assert_int_equal(ingest(f, dir, "NOPE", &sum), OT_E_NOT_FOUND);
}

static void unlinked_file_is_linked_by_hand(void **state)
{
    fixture *f = *state;
    ot_ingest_summary sum;
    assert_int_equal(ingest(f, f->in, NULL, &sum), OT_OK);
    int64_t id = count(f, "SELECT id FROM submission WHERE original_name = "
                          "'014_hanbit-microsystems-co-ltd.xlsx'");
    ot_error err;
    bool held = true;
    assert_int_equal(
        ot_ingest_link(f->ws, &f->c, id, "V-014", NULL, "test", iso_day("2026-02-02"), &held, &err),
        OT_OK);
    assert_link(f, "014_hanbit-microsystems-co-ltd.xlsx", "V-014 person");
    char *st = status_of(f, "V-014");
    assert_true(strncmp(st, "responded_", 10) == 0);
    free(st);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM campaign_file WHERE request_id IS NULL"), 4);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'override'"), 1);
    assert_int_equal(ot_ingest_link(f->ws, &f->c, 99999, "V-014", NULL, "test",
                                    iso_day("2026-02-02"), &held, &err),
                     OT_E_NOT_FOUND);
    assert_int_equal(
        ot_ingest_link(f->ws, &f->c, id, "V-404", NULL, "test", iso_day("2026-02-02"), &held, &err),
        OT_E_NOT_FOUND);
}

/* Runs `oretrace ingest` on folder in a child killed with SIGKILL after delay_ms. */
static void ingest_killed(const fixture *f, const char *folder, long delay_ms)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(ORETRACE_BIN, "oretrace", "ingest", "--workspace", f->dir, "--threads", "2", folder,
              (char *)NULL);
        _exit(127);
    }
    struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
}

static void killed_batch_is_completed_by_a_rerun(void **state)
{
    fixture *f = *state;
    /* more files: the samples plus every fixture workbook of the repo */
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s'/*.xlsx '%s'/", src_path("tests/fixtures"), f->in);
    assert_int_equal(system(cmd), 0);
    ot_pathlist l = {0};
    ot_error err;
    const char *args[] = {f->in};
    assert_int_equal(ot_ingest_collect(args, 1, false, &l, &err), OT_OK);
    size_t n = l.n;
    ot_pathlist_free(&l);
    ot_workspace_close(f->ws);
    f->ws = NULL;
    const long delays[] = {150, 400, 900, 1600};
    for (size_t k = 0; k < 4; k++) {
        ingest_killed(f, f->in, delays[k]);
        /* after every kill: the database is intact and its audit chain unbroken */
        assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
        char *ok = NULL;
        assert_int_equal(
            ot_db_query_text(f->ws->db, "PRAGMA integrity_check", OT_DB_NO_PARAMS, &ok, &err),
            OT_OK);
        assert_string_equal(ok, "ok");
        free(ok);
        ot_audit_verify_result v;
        assert_int_equal(ot_audit_verify(f->ws->db, &v, &err), OT_OK);
        assert_true(v.intact);
        /* whole files or nothing: every submission has its campaign row (but files of a
         * family without a campaign) and its audit entry */
        assert_int_equal(count(f, "SELECT COUNT(*) FROM submission s WHERE NOT EXISTS (SELECT 1 "
                                  "FROM campaign_file c WHERE c.submission_id = s.id) AND NOT "
                                  "EXISTS (SELECT 1 FROM declaration d WHERE d.submission_id = "
                                  "s.id AND d.family <> 'CMRT')"),
                         0);
        assert_int_equal(count(f, "SELECT COUNT(*) FROM submission"),
                         count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest'"));
        if (getenv("OT_TEST_VERBOSE"))
            fprintf(stderr, "after kill at %ld ms: %lld files stored\n", delays[k],
                    (long long)count(f, "SELECT COUNT(*) FROM submission"));
        ot_workspace_close(f->ws);
        f->ws = NULL;
    }
    /* the re-run completes the batch, each distinct file exactly once */
    char line[900], *out = NULL;
    snprintf(line, sizeof line, "ingest --workspace '%s' '%s'", f->dir, f->in);
    int rc = run_cli(line, &out, NULL);
    assert_true(rc == 0 || rc == 2 || rc == 3);
    free(out);
    assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
    int64_t distinct = count(f, "SELECT COUNT(DISTINCT sha256) FROM vault_file");
    assert_true(distinct >= (int64_t)n - 2); /* identical fixture bytes count once */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM submission"), distinct);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM campaign_file"),
                     distinct -
                         count(f, "SELECT COUNT(*) FROM declaration WHERE family <> 'CMRT'"));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest'"), distinct);
}

static void cli_reports_every_file_as_json(void **state)
{
    fixture *f = *state;
    ot_workspace_close(f->ws);
    f->ws = NULL;
    char line[900], *out = NULL;
    snprintf(line, sizeof line, "ingest --json --campaign 2025 --workspace '%s' '%s'", f->dir,
             f->in);
    assert_int_equal(run_cli(line, &out, NULL), 2); /* the unreadable file */
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "files")), 13);
    json_t *sum = json_object_get(j, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "unlinked")), 8);
    assert_non_null(json_object_get(j, "seconds"));
    json_decref(j);
    free(out);
    snprintf(line, sizeof line, "campaign files --unlinked --json --workspace '%s'", f->dir);
    assert_int_equal(run_cli(line, &out, NULL), 0);
    j = parse_json_lines(out); /* one file a line; the EMRT files are in no campaign */
    assert_int_equal(json_array_size(j), 5);
    json_decref(j);
    free(out);
    snprintf(line, sizeof line, "ingest --workspace '%s' /nonexistent/folder", f->dir);
    char *err_text = NULL;
    assert_int_equal(run_cli(line, &out, &err_text), 2);
    assert_non_null(strstr(err_text, "/nonexistent/folder"));
    free(out);
    free(err_text);
    ot_error err;
    assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
}

int main(int argc, char **argv)
{
    (void)argc;
    skip_program_without_shared(argv[0], "the supplier samples");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(files_are_linked_by_each_rule_and_all_counted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rerun_adds_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(later_file_supersedes_and_status_follows_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unlinked_file_is_linked_by_hand, setup, teardown),
        cmocka_unit_test_setup_teardown(killed_batch_is_completed_by_a_rerun, setup, teardown),
        cmocka_unit_test_setup_teardown(cli_reports_every_file_as_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
