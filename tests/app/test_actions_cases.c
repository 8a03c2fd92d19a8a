/* Corrective actions through the real CLI on a real workspace (app/actions.h): an action
 * written for a supplier is stored open with its owner and due date (the kind's default
 * days when none is given), listed and filtered; closing needs a note and is refused twice;
 * reopening keeps the history; every change is one audit entry; bad input gives one line
 * and a stable exit status; the CLI's --json is the use case's to_json; and the open
 * actions asked of a supplier are listed in its reminders, closed ones and other
 * suppliers' are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/actions.h"
#include "app/app.h"
#include "app/campaign.h"
#include "testutil.h"
#include "util/jsonout.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "V-1,Harbor Point Electronics,US,direct,2025-05-01,yes,Megan,megan@harborpoint.example\n"
    "V-2,Rheinland Teile,DE,direct,2025-05-01,yes,Juergen,j@rheinland.example\n";

/* A workspace with a 2025 campaign whose requests went out on 2026-01-05. */
static int setup(void **state)
{
    char *dir = NULL;
    ot_workspace *ws = open_temp_workspace(&dir, "company_name = Buyer Corp\n"
                                                 "contact_email = compliance@buyer.example\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    ot_campaign_new_request nreq = {
        .year = 2025, .due_date = "2026-03-31", .today = iso_day("2026-01-05"), .actor = "test"};
    ot_campaign_new_result made;
    assert_int_equal(ot_app_campaign_new(app, &nreq, &made, &err), OT_OK);
    ot_campaign_send_request sreq = {.today = iso_day("2026-01-05"), .actor = "test"};
    ot_campaign_send_result sent;
    assert_int_equal(ot_app_campaign_send(app, &sreq, &sent, &err), OT_OK);
    assert_int_equal(sent.report.written, 2);
    ot_campaign_send_result_free(&sent);
    ot_app_close(app);
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    close_temp_workspace(NULL, *state);
    return 0;
}

/* `oretrace ARGS --workspace DIR`: its exit status; stdout parsed as JSON lines into
 * *lines when not NULL; stderr into *err_text when not NULL. */
static int cli(const char *dir, json_t **lines, char **err_text, const char *args)
{
    char *out = NULL, *err = NULL;
    int rc = run_clif(&out, &err, "%s --workspace '%s'", args, dir);
    if (lines) *lines = parse_json_lines(out);
    if (err_text)
        *err_text = err;
    else
        free(err);
    free(out);
    return rc;
}

static json_t *one(const char *dir, const char *args)
{
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL, args), 0);
    assert_int_equal(json_array_size(lines), 1);
    json_t *o = json_incref(json_array_get(lines, 0));
    json_decref(lines);
    return o;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void written_action_is_stored_open_with_defaults(void **state)
{
    const char *dir = *state;
    json_t *a = one(dir, "actions add --supplier V-1 --kind ACT-CONFIRM-SMELTER "
                         "--smelter CID000004 --owner alice --today 2026-01-10 --json");
    assert_string_equal(str(a, "type"), "action");
    assert_string_equal(str(a, "status"), "open");
    assert_string_equal(str(a, "supplier_id"), "V-1");
    assert_string_equal(str(a, "supplier_name"), "Harbor Point Electronics");
    assert_string_equal(str(a, "kind"), "ACT-CONFIRM-SMELTER");
    assert_string_equal(str(a, "smelter_id"), "CID000004");
    assert_string_equal(str(a, "owner"), "alice");
    assert_string_equal(str(a, "due_date"), "2026-02-09"); /* the kind's 30 days */
    assert_non_null(strstr(str(a, "text"), "Confirm this smelter"));
    assert_int_equal(json_array_size(json_object_get(a, "history")), 1);
    json_decref(a);

    a = one(dir, "actions add --supplier V-2 --text 'Send the RMAP certificate' "
                 "--due 2026-02-01 --today 2026-01-10 --json");
    assert_string_equal(str(a, "kind"), "ACT-OTHER");
    assert_string_equal(str(a, "text"), "Send the RMAP certificate");
    assert_string_equal(str(a, "due_date"), "2026-02-01");
    json_decref(a);

    /* listed, filtered by supplier and status; overdue once the due date has passed */
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL, "actions list --today 2026-02-05 --json"), 0);
    assert_int_equal(json_array_size(lines), 2);
    assert_false(json_is_true(json_object_get(json_array_get(lines, 0), "overdue")));
    assert_true(json_is_true(json_object_get(json_array_get(lines, 1), "overdue")));
    json_decref(lines);
    assert_int_equal(cli(dir, &lines, NULL, "actions list --supplier V-2 --json"), 0);
    assert_int_equal(json_array_size(lines), 1);
    assert_string_equal(str(json_array_get(lines, 0), "supplier_id"), "V-2");
    json_decref(lines);
    assert_int_equal(cli(dir, &lines, NULL, "actions list --closed --json"), 0);
    assert_int_equal(json_array_size(lines), 0);
    json_decref(lines);
}

static void close_needs_a_note_and_reopen_keeps_history(void **state)
{
    const char *dir = *state;
    char *err = NULL;
    assert_int_equal(cli(dir, NULL, &err, "actions close 1"), 1);
    assert_non_null(strstr(err, "--note"));
    free(err);
    json_t *a = one(dir, "actions close 1 --note 'smelter confirmed' --today 2026-01-20 --json");
    assert_string_equal(str(a, "status"), "closed");
    assert_string_equal(str(a, "closed_on"), "2026-01-20");
    assert_string_equal(str(a, "close_note"), "smelter confirmed");
    json_decref(a);
    /* closing twice is refused, with the reason, and changes nothing */
    assert_int_equal(cli(dir, NULL, &err, "actions close 1 --note again"), 4);
    assert_non_null(strstr(err, "closed already"));
    free(err);
    a = one(dir, "actions reopen 1 --note 'wrong ID after all' --due 2026-03-01 "
                 "--today 2026-01-25 --json");
    assert_string_equal(str(a, "status"), "open");
    assert_string_equal(str(a, "due_date"), "2026-03-01");
    assert_int_equal(json_integer_value(json_object_get(a, "reopened")), 1);
    json_t *h = json_object_get(a, "history");
    assert_int_equal(json_array_size(h), 3);
    assert_string_equal(str(json_array_get(h, 1), "event"), "closed");
    assert_string_equal(str(json_array_get(h, 1), "note"), "smelter confirmed");
    assert_string_equal(str(json_array_get(h, 2), "event"), "reopened");
    json_decref(a);
    assert_int_equal(cli(dir, NULL, &err, "actions reopen 1"), 4);
    assert_non_null(strstr(err, "open already"));
    free(err);

    /* one audit entry per change, about the action */
    json_t *lines;
    assert_int_equal(
        cli(dir, &lines, NULL, "audit show --subject corrective_action:1 --limit 0 --json"), 0);
    const char *want[] = {"action_add", "action_close", "action_reopen"};
    assert_int_equal(json_array_size(lines), 4); /* + the head_hash line */
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(str(json_array_get(lines, i), "action"), want[i]);
    json_decref(lines);
}

static void bad_input_is_one_line_and_a_stable_status(void **state)
{
    const char *dir = *state;
    struct {
        const char *args, *says;
        int status;
    } cases[] = {
        {"actions add --supplier V-9 --text x", "no supplier 'V-9'", 4},
        {"actions add --supplier V-1 --kind ACT-NOTHING", "unknown action kind", 1},
        {"actions add --supplier V-1 --text x --due 2026-02-30", "not a date", 1},
        {"actions add --supplier V-1", "needs its text", 1},
        {"actions add", "PROPOSAL", 1},
        {"actions add SOME-KEY --supplier V-1", "either PROPOSAL", 1},
        {"actions close x1 --note n", "not an action id", 1},
        {"actions close 99 --note n", "no corrective action 99", 4},
        {"actions list --open --closed", "exclude each other", 1},
        {"actions list --campaign 2019", "2019", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err = NULL;
        int rc = cli(dir, NULL, &err, cases[i].args);
        if (rc != cases[i].status || !strstr(err, cases[i].says))
            fail_msg("%s: status %d, said: %s", cases[i].args, rc, err);
        free(err);
    }
    json_t *lines;
    assert_int_equal(cli(dir, &lines, NULL, "actions list --json"), 0);
    assert_int_equal(json_array_size(lines), 2); /* nothing was added by the above */
    json_decref(lines);
}

static void cli_json_is_the_use_case_s(void **state)
{
    const char *dir = *state;
    ot_app *app;
    ot_error err;
    assert_int_equal(ot_app_open(dir, &app, &err), OT_OK);
    ot_actions_list_request req = {.campaign = "2025/CMRT", .today = iso_day("2026-02-05")};
    ot_actions_list_result res;
    assert_int_equal(ot_app_actions_list(app, &req, &res, &err), OT_OK);
    json_t *want = ot_actions_list_result_to_json(&res);
    ot_actions_list_result_free(&res);
    ot_app_close(app);
    json_t *got;
    assert_int_equal(cli(dir, &got, NULL, "actions list --today 2026-02-05 --json"), 0);
    assert_true(json_equal(got, want));
    json_decref(got);
    json_decref(want);
}

/* The .eml's text with quoted-printable soft line breaks removed. */
static char *letter(const char *dir, const char *name)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/outbox/2025/%s", dir, name);
    char *eml = slurp(path, NULL);
    assert_non_null(eml);
    char *w = eml;
    for (const char *r = eml; *r; r++) {
        if (r[0] == '=' && r[1] == '\r' && r[2] == '\n')
            r += 2;
        else if (r[0] == '=' && r[1] == '\n')
            r += 1;
        else
            *w++ = *r;
    }
    *w = '\0';
    return eml;
}

static void open_actions_are_listed_in_the_supplier_s_reminders(void **state)
{
    const char *dir = *state;
    json_t *a = one(dir, "actions add --supplier V-1 --text 'Close me' --today 2026-01-10 --json");
    char close[128];
    snprintf(close, sizeof close, "actions close %lld --note done --json",
             (long long)json_integer_value(json_object_get(a, "id")));
    json_decref(a);
    json_decref(one(dir, close));
    assert_int_equal(cli(dir, NULL, NULL, "campaign remind --due --today 2026-01-20"), 0);
    char *eml = letter(dir, "V-1-reminder-1.eml");
    /* action 1 (reopened, due 2026-03-01) is listed with its due date and smelter; the
     * closed one is not */
    assert_non_null(strstr(eml, "open points of our due diligence"));
    assert_non_null(strstr(eml, "by 2026-03-01: Confirm this smelter"));
    assert_non_null(strstr(eml, "(smelter CID000004)"));
    assert_null(strstr(eml, "Close me"));
    assert_null(strstr(eml, "RMAP certificate")); /* V-2's */
    free(eml);
    eml = letter(dir, "V-2-reminder-1.eml");
    assert_non_null(strstr(eml, "by 2026-02-01: Send the RMAP certificate"));
    assert_null(strstr(eml, "Confirm this smelter"));
    free(eml);
}

int main(void)
{
    /* in order: each test continues on the workspace the one before left */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(written_action_is_stored_open_with_defaults),
        cmocka_unit_test(close_needs_a_note_and_reopen_keeps_history),
        cmocka_unit_test(bad_input_is_one_line_and_a_stable_status),
        cmocka_unit_test(cli_json_is_the_use_case_s),
        cmocka_unit_test(open_actions_are_listed_in_the_supplier_s_reminders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
