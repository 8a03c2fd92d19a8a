/* The settings campaigns read from oretrace.conf do what docs/workspace.md says:
 * policy_url is cited in the request letter (and offered to templates as {{policy_url}}),
 * portal_url makes the upload link, reporting_year is the year of a campaign created
 * without one and response_days sets its due date, and the escalation contacts come from
 * the default roles' keys and from <role>_email / <role>_name of a role the user added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "campaign/campaign.h"
#include "util/date.h"
#include "campaign/letter.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "S-1,Acme,US,direct,2025-10-02,yes,Ann Lee,ann@acme.example\n";

static const char *const sender = "company_name = Buyer Corp\n"
                                  "contact_email = compliance@buyer.example\n";

/* A workspace with the vendor list, config lines appended, and campaign 2025 sent on
 * 2026-01-05 (due 2026-03-31). */
static ot_workspace *sent_campaign(char **dir, const char *config, ot_campaign_info *c)
{
    char lines[1024];
    snprintf(lines, sizeof lines, "%s%s", sender, config);
    ot_workspace *ws = open_temp_workspace(dir, lines);
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_error err;
    assert_int_equal(
        ot_campaign_create(ws, 2025, NULL, "2026-03-31", "test", iso_day("2026-01-05"), c, &err),
        OT_OK);
    ot_send_report rep;
    assert_int_equal(ot_campaign_send(ws, c, "test", iso_day("2026-01-05"), &rep, &err), OT_OK);
    assert_int_equal(rep.written, 1);
    ot_send_report_free(&rep);
    return ws;
}

static char *outbox_file(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/outbox/2025/%s", dir, name);
    char *text = slurp(path, NULL);
    if (!text) fail_msg("%s was not written", path);
    return text;
}

static void the_request_cites_the_policy_and_the_portal(void **state)
{
    (void)state;
    char *dir;
    ot_campaign_info c;
    ot_workspace *ws = sent_campaign(&dir,
                                     "policy_url = https://buyer.example/3tg-policy\n"
                                     "portal_url = https://portal.buyer.example/up\n",
                                     &c);
    char *msg = outbox_file(dir, "S-1-request.eml");
    assert_non_null(
        strstr(msg, "(calendar year 2025).\r\n"
                    "Our conflict minerals sourcing policy: https://buyer.example/3tg-policy\r\n"
                    "\r\nWhat to fill in"));
    assert_non_null(strstr(msg, "Upload it at https://portal.buyer.example/up"));
    free(msg);
    close_temp_workspace(ws, dir);

    /* without a policy the paragraph ends as before: no empty line, no dangling text */
    ws = sent_campaign(&dir, "", &c);
    msg = outbox_file(dir, "S-1-request.eml");
    assert_non_null(strstr(msg, "(calendar year 2025).\r\n\r\nWhat to fill in"));
    assert_null(strstr(msg, "sourcing policy"));
    assert_non_null(strstr(msg, "Reply to this e-mail with the completed file attached"));
    free(msg);
    close_temp_workspace(ws, dir);
}

static void a_template_can_use_the_policy_url(void **state)
{
    (void)state;
    char *dir;
    ot_workspace *ws = open_temp_workspace(&dir, "contact_email = compliance@buyer.example\n"
                                                 "policy_url = https://buyer.example/p\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_error err;
    assert_int_equal(ot_letter_ensure_files(dir, &err), OT_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/templates/request.txt", dir);
    const char *tmpl = "Subject: Our policy {{policy_url}} ({{token}})\n\nSee {{policy_url}}.\n";
    assert_int_equal(spit(path, tmpl, strlen(tmpl)), 0);
    ot_campaign_info c;
    assert_int_equal(
        ot_campaign_create(ws, 2025, NULL, NULL, "test", iso_day("2026-01-05"), &c, &err), OT_OK);
    ot_send_report rep;
    assert_int_equal(ot_campaign_send(ws, &c, "test", iso_day("2026-01-05"), &rep, &err), OT_OK);
    ot_send_report_free(&rep);
    char *msg = outbox_file(dir, "S-1-request.eml");
    assert_non_null(strstr(msg, "\r\nSubject: Our policy https://buyer.example/p (OT-"));
    assert_non_null(strstr(msg, "\r\n\r\nSee https://buyer.example/p."));
    free(msg);
    close_temp_workspace(ws, dir);
}

static void a_campaign_without_a_year_is_for_the_reporting_year(void **state)
{
    (void)state;
    char *dir;
    ot_workspace *ws = open_temp_workspace(&dir, "reporting_year = 2023\nresponse_days = 10\n");
    ot_campaign_info c;
    ot_error err;
    assert_int_equal(ot_campaign_create(ws, 0, NULL, NULL, "test", iso_day("2026-01-05"), &c, &err),
                     OT_OK);
    assert_int_equal(c.year, 2023);
    assert_string_equal(c.due_date, "2026-01-15");
    close_temp_workspace(ws, dir);

    /* not set: the last calendar year, due after the default 60 days */
    ws = open_temp_workspace(&dir, NULL);
    assert_int_equal(ot_campaign_create(ws, 0, NULL, NULL, "test", iso_day("2026-01-05"), &c, &err),
                     OT_OK);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    assert_int_equal(c.year, tm.tm_year + 1900 - 1);
    assert_string_equal(c.due_date, "2026-03-06");
    close_temp_workspace(ws, dir);
}

/* The Cc header of an outbox file ("" when none). */
static void cc_of(const char *dir, const char *name, char *out, size_t size)
{
    char *msg = outbox_file(dir, name);
    const char *cc = strstr(msg, "\r\nCc: ");
    const char *end = cc ? strstr(cc + 2, "\r\n") : NULL;
    snprintf(out, size, "%.*s", cc && end ? (int)(end - cc - 6) : 0, cc ? cc + 6 : "");
    free(msg);
}

static void escalations_copy_the_configured_contacts(void **state)
{
    (void)state;
    char *dir;
    ot_campaign_info c;
    ot_workspace *ws =
        sent_campaign(&dir,
                      "reminder_days = 7\n"
                      "escalation = senior_officer:14, legal:21\n"
                      "senior_officer_name = Dana Chief\n"
                      "senior_officer_email = dana@buyer.example\n"
                      "legal_name = Lee Counsel\nlegal_email = counsel@buyer.example\n",
                      &c);
    const char *days[] = {"2026-01-12", "2026-01-19", "2026-01-26"};
    for (size_t i = 0; i < 3; i++) {
        ot_send_report rep;
        ot_error err;
        assert_int_equal(ot_campaign_remind(ws, &c, "test", iso_day(days[i]), &rep, &err), OT_OK);
        assert_int_equal(rep.written, 1);
        ot_send_report_free(&rep);
    }
    char cc[256];
    cc_of(dir, "S-1-escalation-1-senior_officer.eml", cc, sizeof cc);
    assert_string_equal(cc, "Dana Chief <dana@buyer.example>");
    cc_of(dir, "S-1-escalation-2-legal.eml", cc, sizeof cc);
    assert_string_equal(cc, "Lee Counsel <counsel@buyer.example>");
    close_temp_workspace(ws, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_request_cites_the_policy_and_the_portal),
        cmocka_unit_test(a_template_can_use_the_policy_url),
        cmocka_unit_test(a_campaign_without_a_year_is_for_the_reporting_year),
        cmocka_unit_test(escalations_copy_the_configured_contacts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
