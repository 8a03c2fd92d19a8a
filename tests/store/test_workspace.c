/* A workspace: init creates database, vault, outbox and a documented config; re-running
 * init never overwrites the config or repeats its audit entry; opening a folder without one
 * is "not found" in words naming no command (the CLI adds "run oretrace init", tested in
 * test_cli_store.c); the config file parses as documented; the
 * retention report counts what must be kept and until when. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/audit.h"
#include "store/retention.h"
#include "store/vault.h"
#include "store/workspace.h"
#include "testutil.h"

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *in(const char *dir, const char *name)
{
    static char buf[4][4200];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

static void init_creates_everything_and_is_safe_to_repeat(void **state)
{
    (void)state;
    char *tmp = make_temp_dir();
    char dir[4200]; /* parents are created too */
    snprintf(dir, sizeof dir, "%s/program/2025", tmp);
    ot_workspace_init_info info;
    ot_error err;
    assert_int_equal(ot_workspace_init(dir, &info, &err), OT_OK);
    assert_true(info.created_dir && info.created_db && info.created_config);
    assert_true(info.migrations_applied > 0);
    assert_true(is_dir(in(dir, "vault")));
    assert_true(is_dir(in(dir, "outbox")));
    assert_true(ot_workspace_exists(dir));

    /* The person edits the config; init again keeps their edit. */
    const char *conf = in(dir, "oretrace.conf");
    size_t len = 0;
    char *text = slurp(conf, &len);
    assert_non_null(strstr(text, "retention_years = 5"));
    assert_non_null(strstr(text, "reminder_days = 14, 28, 42"));
    free(text);
    const char *mine = "company_name = Acme Corp\nretention_years = 7\n";
    assert_int_equal(spit(conf, mine, strlen(mine)), 0);
    assert_int_equal(ot_workspace_init(dir, &info, &err), OT_OK);
    assert_false(info.created_dir || info.created_db || info.created_config);
    assert_int_equal(info.migrations_applied, 0);
    text = slurp(conf, NULL);
    assert_string_equal(text, mine);
    free(text);

    ot_workspace *ws = NULL;
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    assert_string_equal(ws->config.company_name, "Acme Corp");
    assert_int_equal(ws->config.retention_years, 7);
    /* One "init" entry however often init runs, and the chain verifies. */
    int64_t n = 0;
    assert_int_equal(ot_db_query_int(ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
                                     OT_DB_PARAMS(ot_db_text(OT_AUDIT_INIT)), &n, &err),
                     OT_OK);
    assert_int_equal(n, 1);
    ot_audit_verify_result r;
    assert_int_equal(ot_audit_verify(ws->db, &r, &err), OT_OK);
    assert_true(r.intact);
    ot_workspace_close(ws);
    rm_rf(tmp);
    free(tmp);
}

static void opening_where_there_is_no_workspace_is_not_found(void **state)
{
    (void)state;
    char *tmp = make_temp_dir();
    ot_workspace *ws = NULL;
    ot_error err;
    assert_int_equal(ot_workspace_open(tmp, &ws, &err), OT_E_NOT_FOUND);
    assert_null(ws);
    /* in the words of the domain: the front end says which command creates one */
    assert_non_null(strstr(err.message, "no oretrace workspace"));
    assert_null(strstr(err.message, "oretrace init"));
    assert_null(strstr(err.message, "--workspace"));
    assert_non_null(strstr(err.message, tmp));
    /* Nothing was created by trying. */
    assert_false(ot_workspace_exists(tmp));
    assert_false(is_dir(in(tmp, "vault")));
    rm_rf(tmp);
    free(tmp);
}

static void default_config_parses_to_documented_defaults(void **state)
{
    (void)state;
    ot_config c;
    ot_error err;
    ot_strbuf text = {0};
    ot_config_default_text(&text);
    assert_int_equal(ot_config_parse(ot_sb_str(&text), "default", &c, &err), OT_OK);
    ot_sb_free(&text);
    assert_string_equal(c.company_name, "");
    assert_int_equal(c.retention_years, 5);
    assert_true(c.reminder_count >= 3);
    assert_int_equal(c.reminder_days[0], 14);
    assert_int_equal(c.reminder_days[2], 42);
    assert_int_equal(c.escalation_count, 2);
    assert_string_equal(c.escalations[0].role, "buyer");
    assert_true(c.escalations[0].day > c.reminder_days[c.reminder_count - 1]);
    assert_string_equal(c.escalations[1].role, "senior_officer");
    assert_int_equal(c.exclude_category_count, 2);
    assert_string_equal(c.exclude_categories[0], "service");
    assert_string_equal(c.exclude_categories[1], "indirect");
    assert_int_equal(c.inactive_years, 5);
    assert_true(c.reporting_year >= 2024);
    ot_config_free(&c);

    /* An empty file means all defaults too. */
    assert_int_equal(ot_config_parse("", "empty", &c, &err), OT_OK);
    assert_int_equal(c.retention_years, 5);
    assert_int_equal(c.reminder_count, 3);
    ot_config_free(&c);
}

static void config_values_and_unknown_keys_are_read(void **state)
{
    (void)state;
    const char *text = "# comment\n"
                       "  company_name =  Müller & Söhne GmbH = AG  \r\n"
                       "reporting_year=2024\n"
                       "reminder_days = 7,14, 21 ,35\n"
                       "escalation = buyer:40\n"
                       "exclude_categories =\n"
                       "campaign.due_days = 30\n";
    ot_config c;
    ot_error err;
    assert_int_equal(ot_config_parse(text, "t.conf", &c, &err), OT_OK);
    assert_string_equal(c.company_name, "Müller & Söhne GmbH = AG");
    assert_int_equal(c.reporting_year, 2024);
    assert_int_equal(c.reminder_count, 4);
    assert_int_equal(c.reminder_days[3], 35);
    assert_int_equal(c.escalation_count, 1);
    assert_int_equal(c.escalations[0].day, 40);
    assert_int_equal(c.exclude_category_count, 0); /* set empty on purpose: nothing excluded */
    assert_string_equal(ot_config_get(&c, "campaign.due_days"), "30");
    assert_null(ot_config_get(&c, "nope"));
    ot_config_free(&c);
}

static void bad_config_lines_name_file_line_and_value(void **state)
{
    (void)state;
    struct {
        const char *text, *expect;
    } cases[] = {
        {"company_name = x\nthis line has no equals\n", "bad.conf:2"},
        {"retention_years = five\n", "five"},
        {"retention_years = 0\n", "retention_years"},
        {"reminder_days = 14, 7\n", "increasing"},
        {"escalation = buyer\n", "role:day"},
        {"bad key = 1\n", "bad key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_config c;
        ot_error err;
        assert_int_equal(ot_config_parse(cases[i].text, "bad.conf", &c, &err), OT_E_INVALID);
        assert_non_null(strstr(err.message, cases[i].expect));
        assert_non_null(strstr(err.message, "bad.conf"));
    }
}

static void retention_report_counts_and_dates(void **state)
{
    (void)state;
    char *tmp = make_temp_dir();
    ot_error err;
    assert_int_equal(ot_workspace_init(tmp, NULL, &err), OT_OK);
    ot_workspace *ws = NULL;
    assert_int_equal(ot_workspace_open(tmp, &ws, &err), OT_OK);
    char sha[65];
    assert_int_equal(ot_vault_put(ws, "new file", 8, "n.xlsx", sha, &err), OT_OK);

    ot_retention_report r;
    assert_int_equal(ot_retention_report_make(ws->db, 5, "2030-06-01T00:00:00.000Z", &r, &err),
                     OT_OK);
    assert_string_equal(r.cutoff, "2025-06-01T00:00:00.000Z");
    assert_int_equal(r.class_count, 3);
    const ot_retention_class *vault = &r.classes[0], *audit = &r.classes[2];
    assert_string_equal(vault->name, "vault_files");
    assert_int_equal(vault->count, 1);
    assert_int_equal(audit->count, 1); /* the init entry */
    assert_int_equal(r.classes[1].count, 0);
    assert_string_equal(r.classes[1].oldest, "");

    /* A file first seen in 2020 must be kept until 2025 and is past retention in 2030;
     * today's file is not. (Inserted by hand: the vault never backdates.) */
    assert_int_equal(
        ot_db_exec(ws->db, "INSERT INTO vault_file (sha256, size, first_seen) VALUES (?, 1, ?)",
                   OT_DB_PARAMS(ot_db_text("1111111111111111111111111111111111111111"
                                           "111111111111111111111111"),
                                ot_db_text("2020-03-15T10:00:00.000Z")),
                   &err),
        OT_OK);
    assert_int_equal(ot_retention_report_make(ws->db, 5, "2030-06-01T00:00:00.000Z", &r, &err),
                     OT_OK);
    assert_int_equal(vault->count, 2);
    assert_string_equal(vault->oldest, "2020-03-15T10:00:00.000Z");
    assert_string_equal(vault->keep_oldest_until, "2025-03-15T10:00:00.000Z");
    assert_int_equal(vault->past_retention, 1);
    /* As of now, nothing received today is deletable. */
    assert_int_equal(ot_retention_report_make(ws->db, ws->config.retention_years, NULL, &r, &err),
                     OT_OK);
    assert_int_equal(r.classes[2].past_retention, 0);
    ot_workspace_close(ws);
    rm_rf(tmp);
    free(tmp);

    char out[OT_TS_LEN];
    ot_iso_add_years("2024-02-29T12:00:00.000Z", 5, out);
    assert_string_equal(out, "2029-02-28T12:00:00.000Z");
    ot_iso_add_years("2024-02-29T12:00:00.000Z", 4, out);
    assert_string_equal(out, "2028-02-29T12:00:00.000Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_creates_everything_and_is_safe_to_repeat),
        cmocka_unit_test(opening_where_there_is_no_workspace_is_not_found),
        cmocka_unit_test(default_config_parses_to_documented_defaults),
        cmocka_unit_test(config_values_and_unknown_keys_are_read),
        cmocka_unit_test(bad_config_lines_name_file_line_and_value),
        cmocka_unit_test(retention_report_counts_and_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
