/* RMAP statuses: the spellings public lists use map onto one vocabulary; a status list
 * imports by ID or by name, and a status is read as of a date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/refdata.h"
#include "store/workspace.h"
#include "testutil.h"

static void test_vocabulary(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ot_rmap_status want;
    } cases[] = {
        {"Conformant", OT_RMAP_CONFORMANT},
        {"Full Compliant", OT_RMAP_CONFORMANT},
        {"  compliant ", OT_RMAP_CONFORMANT},
        {"CFS Compliant", OT_RMAP_CONFORMANT},
        {"Conflict-Free", OT_RMAP_CONFORMANT},
        {"Active", OT_RMAP_ACTIVE},
        {"In Progress", OT_RMAP_ACTIVE},
        {"Non-Conformant", OT_RMAP_NON_CONFORMANT},
        {"non conformant", OT_RMAP_NON_CONFORMANT},
        {"Not Enrolled", OT_RMAP_NOT_ENROLLED},
        {"Communication Suspended", OT_RMAP_COMMUNICATION_SUSPENDED},
        {"Outreach Required", OT_RMAP_OUTREACH_REQUIRED},
        {"RMI Due Diligence Review", OT_RMAP_DUE_DILIGENCE_REVIEW},
        {"Indeterminable", OT_RMAP_UNKNOWN},
        {"Unknown", OT_RMAP_UNKNOWN},
        {"CONFORMANT", OT_RMAP_CONFORMANT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_rmap_status s = OT_RMAP__COUNT;
        if (!ot_rmap_status_parse(cases[i].text, &s))
            fail_msg("'%s' not recognised", cases[i].text);
        assert_int_equal(s, cases[i].want);
    }
    ot_rmap_status s;
    assert_false(ot_rmap_status_parse("Maybe", &s));
    assert_false(ot_rmap_status_parse("", &s));
    /* every name reads back as itself */
    for (int k = 0; k < OT_RMAP__COUNT; k++) {
        assert_true(ot_rmap_status_parse(ot_rmap_status_name((ot_rmap_status)k), &s));
        assert_int_equal(s, k);
    }
}

static void test_status_list_import_and_dates(void **state)
{
    (void)state;
    char *dir = make_temp_dir();
    char by_id[4200], by_name[4200], bad[4200], nodate[4200];
    snprintf(by_id, sizeof by_id, "%s/status-ids.csv", dir);
    snprintf(by_name, sizeof by_name, "%s/status-names.csv", dir);
    snprintf(bad, sizeof bad, "%s/bad.csv", dir);
    snprintf(nodate, sizeof nodate, "%s/nodate.csv", dir);
    const char *ids = "Smelter ID,Status,As of,Source\n"
                      "CID000401,Full Compliant,2024-01-15,CFSI list Jan 2024\n"
                      "CID000401,Conformant,2025-02-01,\n"
                      "cid 113,Active,15-Mar-2025,\n"
                      "1JPN072,Compliant,2024-06-30,\n"
                      "CID999998,Active,2025-01-01,\n";
    const char *names = "metal,name,country,status,as_of\n"
                        "Gold,Aurubis AG,Germany,Non Conformant,2025-03-20\n"
                        "Gold,Quite Unheard Of Refinery,,Active,2025-03-20\n";
    assert_int_equal(spit(by_id, ids, strlen(ids)), 0);
    assert_int_equal(spit(by_name, names, strlen(names)), 0);

    ot_refdata *rd;
    ot_error err = {0};
    assert_int_equal(ot_refdata_load_snapshot(&rd, &err), OT_OK);
    ot_status_import_report rep;
    assert_int_equal(ot_refdata_import_status(rd, by_id, NULL, &rep, &err), OT_OK);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.imported, 5);
    assert_int_equal(rep.unknown_ids, 1);
    assert_int_equal(ot_refdata_import_status(rd, by_name, NULL, &rep, &err), OT_OK);
    assert_int_equal(rep.by_name, 1);
    assert_int_equal(rep.unmatched, 1);
    assert_non_null(strstr(rep.first_problem, "line 3"));

    const ot_status_entry *e = ot_refdata_status(rd, "CID000401", NULL);
    assert_non_null(e);
    assert_int_equal(e->status, OT_RMAP_CONFORMANT);
    assert_string_equal(e->as_of, "2025-02-01");
    e = ot_refdata_status(rd, "CID000401", "2024-06-01"); /* as known then */
    assert_string_equal(e->as_of, "2024-01-15");
    assert_string_equal(e->source, "CFSI list Jan 2024");
    assert_null(ot_refdata_status(rd, "CID000401", "2023-12-31"));
    e = ot_refdata_status(rd, "CID000113", "2025-03-19");
    assert_int_equal(e->status, OT_RMAP_ACTIVE);
    e = ot_refdata_status(rd, "CID000113", NULL);
    assert_int_equal(e->status, OT_RMAP_NON_CONFORMANT);
    /* a status filed under a legacy ID counts for the CID it became */
    e = ot_refdata_status(rd, "CID000019", NULL);
    assert_non_null(e);
    assert_int_equal(e->status, OT_RMAP_CONFORMANT);

    /* an unknown spelling rejects the whole file, naming the line; nothing is stored */
    size_t before = ot_refdata_status_count(rd);
    const char *badtext =
        "smelter_id,status,as_of\nCID000401,Active,2025-05-01\nCID000113,Sort of,2025-05-01\n";
    assert_int_equal(spit(bad, badtext, strlen(badtext)), 0);
    assert_int_equal(ot_refdata_import_status(rd, bad, NULL, &rep, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "line 3"));
    assert_non_null(strstr(err.message, "Sort of"));
    assert_int_equal(ot_refdata_status_count(rd), before);
    /* without a date column the list's date must be given */
    const char *nd = "smelter_id,status\nCID000401,Active\n";
    assert_int_equal(spit(nodate, nd, strlen(nd)), 0);
    assert_int_equal(ot_refdata_import_status(rd, nodate, NULL, &rep, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "no date given"));
    assert_true(rep.need_date); /* the front end says how to give one */
    assert_int_equal(ot_refdata_import_status(rd, nodate, "2025-06-30", &rep, &err), OT_OK);
    assert_int_equal(ot_refdata_status(rd, "CID000401", NULL)->status, OT_RMAP_ACTIVE);

    /* statuses survive the workspace database */
    ot_workspace *ws;
    assert_int_equal(ot_workspace_init(dir, NULL, &err), OT_OK);
    assert_int_equal(ot_workspace_open(dir, &ws, &err), OT_OK);
    assert_int_equal(ot_refdata_save_db(rd, ws->db, &err), OT_OK);
    ot_refdata *back;
    assert_int_equal(ot_refdata_load_db(ws->db, NULL, &back, NULL, &err), OT_OK);
    ot_workspace_close(ws);
    assert_int_equal(ot_refdata_status_count(back), ot_refdata_status_count(rd));
    assert_string_equal(ot_refdata_status(back, "CID000401", "2024-06-01")->as_of, "2024-01-15");
    ot_refdata_free(back);
    ot_refdata_free(rd);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_status_list_import_and_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
