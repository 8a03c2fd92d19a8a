/* Campaigns on a real workspace: requests written as .eml files that parse back, the
 * follow-up schedule run over many days (idempotent, escalation after the reminders,
 * answered suppliers skipped), and the status figures, through the library and the CLI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "campaign/campaign.h"
#include "util/date.h"
#include "campaign/suppliers.h"
#include "campaign/token.h"
#include "store/workspace.h"
#include "testutil.h"
#include "workspace_util.h"

typedef struct fixture {
    char *dir;
    ot_workspace *ws;
    ot_campaign_info c;
} fixture;

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email,contact_"
    "role\n"
    "S-1,Acme,US,direct,2025-10-02,yes,Ann Lee,ann@acme.example,sales\n"
    "S-1,Acme,US,direct,2025-10-02,yes,Bob Ray,bob@acme.example,quality\n"
    "S-2,CleanCo,DE,service,2025-01-01,yes,Carl,carl@clean.example,\n"
    "S-3,Müller GmbH,DE,Electronic components,2025-03-03,yes,Jürgen Müller,j@mueller.example,\n"
    "S-4,NoMail,FR,direct,2025-03-03,yes,Nobody,,\n"
    "S-5,Fifth,JP,direct,2025-05-05,yes,Eri,eri@fifth.example,\n";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ws = open_temp_workspace(
        &f->dir, "company_name = Buyer Corp\ncontact_name = Jane Compliance\n"
                 "contact_email = compliance@buyer.example\n"
                 "reminder_days = 14, 28, 42\nescalation = buyer:49, senior_officer:63\n"
                 "buyer_email = purchasing@buyer.example\nbuyer_name = Pat Buyer\n");
    import_vendors(f->ws, vendors, iso_day("2026-01-05"));
    ot_error err;
    assert_int_equal(ot_campaign_create(f->ws, 2025, "CMRT-6.5", "2026-03-31", "test",
                                        iso_day("2026-01-05"), &f->c, &err),
                     OT_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    close_temp_workspace(f->ws, f->dir);
    free(f);
    return 0;
}

static char *eml(const fixture *f, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/outbox/2025/%s", f->dir, name);
    return slurp(path, NULL);
}

static size_t outbox_count(const fixture *f)
{
    char path[600];
    snprintf(path, sizeof path, "%s/outbox/2025", f->dir);
    DIR *d = opendir(path);
    if (!d) return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, ".eml") && !strstr(e->d_name, ".tmp")) n++;
    closedir(d);
    return n;
}

/* Unfolded value of a header, malloc'd. */
static char *header(const char *msg, const char *name)
{
    size_t n = strlen(name);
    const char *end = strstr(msg, "\r\n\r\n");
    for (const char *p = msg; p && p < end; p = strstr(p, "\r\n"), p = p ? p + 2 : p) {
        if (strncmp(p, name, n) != 0 || p[n] != ':') continue;
        p += n + 1;
        while (*p == ' ')
            p++;
        char *out = malloc(strlen(p) + 1), *o = out;
        while (*p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ')) {
            if (p[0] == '\r' && p[1] == '\n')
                p += 2;
            else
                *o++ = *p++;
        }
        *o = '\0';
        return out;
    }
    return NULL;
}

static const char *const status_of = "SELECT r.status FROM request r JOIN supplier s ON s.id = "
                                     "r.supplier_id WHERE s.supplier_key = ?";

static void send_writes_one_parseable_eml_per_in_scope_supplier(void **state)
{
    fixture *f = *state;
    ot_send_report rep;
    ot_error err;
    assert_int_equal(ot_campaign_send(f->ws, &f->c, "test", iso_day("2026-01-05"), &rep, &err),
                     OT_OK);
    assert_int_equal(rep.written, 3); /* S-1, S-3, S-5; S-2 out of scope; S-4 has no e-mail */
    assert_int_equal(rep.no_contact, 1);
    assert_string_equal(rep.problems[0].supplier_id, "S-4");
    ot_send_report_free(&rep);
    assert_int_equal(outbox_count(f), 3);

    char *msg = eml(f, "S-1-request.eml");
    assert_non_null(msg);
    char *to = header(msg, "To"), *from = header(msg, "From"),
         *tok = header(msg, "X-Oretrace-Token");
    char *subj = header(msg, "Subject"), *ct = header(msg, "Content-Type"),
         *date = header(msg, "Date");
    char *mid = header(msg, "Message-ID"), *mime = header(msg, "MIME-Version");
    assert_string_equal(to, "Ann Lee <ann@acme.example>, Bob Ray <bob@acme.example>");
    assert_string_equal(from, "Jane Compliance <compliance@buyer.example>");
    assert_string_equal(ct, "text/plain; charset=UTF-8");
    assert_string_equal(mime, "1.0");
    assert_non_null(date);
    assert_true(mid[0] == '<' && strstr(mid, "@buyer.example>"));
    /* the token in the header is the request's, and the subject carries it too */
    char *db_token =
        db_text_for(f->ws->db,
                    "SELECT r.token FROM request r JOIN supplier s ON s.id = r.supplier_id "
                    "WHERE s.supplier_key = ?",
                    "S-1");
    assert_string_equal(tok, db_token);
    char found[OT_TOKEN_LEN + 1];
    assert_true(ot_token_find(subj, found));
    assert_string_equal(found, db_token);
    /* the body names the period, the template, the due date and the rule */
    const char *body = strstr(msg, "\r\n\r\n");
    assert_non_null(strstr(body, "2025-01-01 to 2025-12-31"));
    assert_non_null(strstr(body, "CMRT 6.5"));
    assert_non_null(strstr(body, "2026-03-31"));
    assert_non_null(strstr(body, "Rule 13p-1"));
    free(to), free(from), free(tok), free(subj), free(ct), free(date), free(mid), free(mime);
    free(db_token);
    free(msg);

    /* a supplier with a non-ASCII name gets an encoded To display name */
    msg = eml(f, "S-3-request.eml");
    to = header(msg, "To");
    assert_string_equal(to, "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <j@mueller.example>");
    free(to);
    free(msg);

    char *st = db_text_for(f->ws->db, status_of, "S-1");
    assert_string_equal(st, "requested");
    free(st);
    st = db_text_for(f->ws->db, status_of, "S-2");
    assert_string_equal(st, "out_of_scope");
    free(st);
    st = db_text_for(f->ws->db, status_of, "S-4");
    assert_string_equal(st, "not_contacted");
    free(st);
    assert_int_equal(
        db_int_for(f->ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "send"), 3);

    /* sending again writes nothing new */
    assert_int_equal(ot_campaign_send(f->ws, &f->c, "test", iso_day("2026-01-06"), &rep, &err),
                     OT_OK);
    assert_int_equal(rep.written, 0);
    ot_send_report_free(&rep);
    assert_int_equal(outbox_count(f), 3);
    /* the user's template is on disk to edit */
    char tpath[600];
    snprintf(tpath, sizeof tpath, "%s/templates/request.txt", f->dir);
    char *t = slurp(tpath, NULL);
    assert_non_null(t);
    assert_non_null(strstr(t, "{{token}}"));
    free(t);
}

static size_t remind(fixture *f, const char *today)
{
    ot_send_report rep;
    ot_error err;
    assert_int_equal(ot_campaign_remind(f->ws, &f->c, "test", iso_day(today), &rep, &err), OT_OK);
    size_t n = rep.written;
    ot_send_report_free(&rep);
    return n;
}

static void reminders_are_idempotent_then_escalate(void **state)
{
    fixture *f = *state;
    ot_send_report rep;
    ot_error err;
    assert_int_equal(ot_campaign_send(f->ws, &f->c, "test", iso_day("2026-01-05"), &rep, &err),
                     OT_OK);
    ot_send_report_free(&rep);

    assert_int_equal(remind(f, "2026-01-18"), 0); /* day 13: nothing due */
    assert_int_equal(remind(f, "2026-01-19"), 3); /* day 14: reminder 1 */
    assert_int_equal(remind(f, "2026-01-19"), 0); /* same day again: nothing twice */
    assert_int_equal(remind(f, "2026-01-25"), 0);
    char *st = db_text_for(f->ws->db, status_of, "S-1");
    assert_string_equal(st, "reminded");
    free(st);

    /* S-5 answers; it gets nothing more */
    assert_int_equal(ot_campaign_set_status(f->ws, &f->c, "S-5", "responded_valid", "file received",
                                            "test", iso_day("2026-01-30"), NULL, &err),
                     OT_OK);
    assert_int_equal(remind(f, "2026-02-02"), 2); /* day 28 */
    assert_int_equal(remind(f, "2026-02-16"), 2); /* day 42 */
    assert_int_equal(remind(f, "2026-02-22"), 0);
    assert_int_equal(remind(f, "2026-02-23"), 2); /* day 49: escalation to the buyer */
    st = db_text_for(f->ws->db, status_of, "S-1");
    assert_string_equal(st, "escalated");
    free(st);
    char *msg = eml(f, "S-1-escalation-1-buyer.eml");
    assert_non_null(msg);
    char *cc = header(msg, "Cc");
    assert_string_equal(cc, "Pat Buyer <purchasing@buyer.example>");
    free(cc);
    free(msg);
    /* a run missed for weeks catches up one step, not several */
    assert_int_equal(remind(f, "2026-06-01"), 2);
    assert_int_equal(remind(f, "2026-06-02"), 0);
    assert_int_equal(db_int_for(f->ws->db,
                                "SELECT COUNT(*) FROM request_message m JOIN request r ON "
                                "r.id = m.request_id JOIN supplier s ON s.id = r.supplier_id "
                                "WHERE s.supplier_key = ?",
                                "S-1"),
                     6); /* request, 3 reminders, 2 escalations */
    assert_int_equal(db_int_for(f->ws->db,
                                "SELECT COUNT(*) FROM request_message m JOIN request r ON "
                                "r.id = m.request_id JOIN supplier s ON s.id = r.supplier_id "
                                "WHERE s.supplier_key = ?",
                                "S-5"),
                     2); /* request and reminder 1 */
    /* each step logged with its date */
    assert_int_equal(db_int_for(f->ws->db,
                                "SELECT COUNT(*) FROM request_status_log l JOIN request r ON "
                                "r.id = l.request_id JOIN supplier s ON s.id = r.supplier_id "
                                "WHERE s.supplier_key = ?",
                                "S-1"),
                     6);
    assert_int_equal(
        db_int_for(f->ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "escalate"), 4);
}

static void status_counts_match_the_requests_and_files(void **state)
{
    fixture *f = *state;
    ot_send_report rep;
    ot_error err;
    assert_int_equal(ot_campaign_send(f->ws, &f->c, "test", iso_day("2026-01-05"), &rep, &err),
                     OT_OK);
    ot_send_report_free(&rep);
    assert_int_equal(ot_campaign_set_status(f->ws, &f->c, "S-1", "responded_valid", NULL, "test",
                                            iso_day("2026-01-20"), NULL, &err),
                     OT_OK);
    assert_int_equal(ot_campaign_set_status(f->ws, &f->c, "S-3", "responded_invalid", NULL, "test",
                                            iso_day("2026-01-21"), NULL, &err),
                     OT_OK);
    assert_int_equal(ot_campaign_set_status(f->ws, &f->c, "S-9", "declined", NULL, "test",
                                            iso_day("2026-01-21"), NULL, &err),
                     OT_E_NOT_FOUND);
    assert_int_equal(ot_campaign_set_status(f->ws, &f->c, "S-1", "happy", NULL, "test",
                                            iso_day("2026-01-21"), NULL, &err),
                     OT_E_USAGE);
    /* three files tied to the campaign: one valid (S-1), one invalid (S-3), one unlinked */
    ot_db *db = f->ws->db;
    assert_int_equal(
        ot_db_exec(db,
                   "INSERT INTO campaign_file (submission_id, campaign_id, request_id, "
                   "outcome, received_at) SELECT 1, ?, r.id, 'valid', 'x' FROM request r "
                   "JOIN supplier s ON s.id = r.supplier_id WHERE s.supplier_key = 'S-1'",
                   OT_DB_PARAMS(ot_db_int(f->c.id)), &err),
        OT_OK);
    assert_int_equal(
        ot_db_exec(db,
                   "INSERT INTO campaign_file (submission_id, campaign_id, request_id, "
                   "outcome, received_at, superseded_by) SELECT 2, ?, r.id, 'invalid', "
                   "'x', 1 FROM request r JOIN supplier s ON s.id = r.supplier_id "
                   "WHERE s.supplier_key = 'S-3'",
                   OT_DB_PARAMS(ot_db_int(f->c.id)), &err),
        OT_OK);
    assert_int_equal(ot_db_exec(db,
                                "INSERT INTO campaign_file (submission_id, campaign_id, outcome, "
                                "received_at) VALUES (3, ?, 'unreadable', 'x')",
                                OT_DB_PARAMS(ot_db_int(f->c.id)), &err),
                     OT_OK);

    ot_campaign_status s;
    assert_int_equal(ot_campaign_status_get(f->ws, &f->c, &s, &err), OT_OK);
    assert_int_equal(s.total.suppliers, 5);
    assert_int_equal(s.total.out_of_scope, 1);
    assert_int_equal(s.total.not_contacted, 1);
    assert_int_equal(s.total.surveyed, 3);
    assert_int_equal(s.total.responded, 2);
    assert_int_equal(s.total.valid, 1);
    assert_int_equal(s.total.invalid, 1);
    assert_int_equal(s.total.no_response, 1);
    assert_true(ot_campaign_response_rate(&s.total) > 66.6 &&
                ot_campaign_response_rate(&s.total) < 66.7);
    assert_int_equal(s.n_categories, 3);
    assert_string_equal(s.by_category[0].category, "direct");
    assert_int_equal(s.by_category[0].c.surveyed, 2);
    assert_int_equal(s.by_category[0].c.responded, 1);
    assert_string_equal(s.by_category[1].category, "electronic components");
    assert_int_equal(s.by_category[1].c.invalid, 1);
    assert_int_equal(s.submissions.received, 3);
    assert_int_equal(s.submissions.valid, 1);
    assert_int_equal(s.submissions.invalid, 1);
    assert_int_equal(s.submissions.unreadable, 1);
    assert_int_equal(s.submissions.unlinked, 1);
    assert_int_equal(s.submissions.superseded, 1);
    ot_campaign_status_free(&s);

    /* the CLI's JSON carries the documented keys with the same figures */
    ot_workspace_close(f->ws);
    f->ws = NULL;
    char args[700], *out = NULL;
    snprintf(args, sizeof args, "campaign status --json --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, NULL), 0);
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one object, one line */
    json_t *j = parse_json(out);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "surveyed")), 3);
    assert_int_equal(json_integer_value(json_object_get(j, "responded")), 2);
    assert_true(json_real_value(json_object_get(j, "response_rate")) > 66.6);
    assert_int_equal(json_integer_value(json_object_get(j, "escalated")), 0);
    assert_non_null(json_object_get(json_object_get(j, "by_category"), "direct"));
    json_t *sub = json_object_get(j, "submissions");
    const char *keys[] = {"received", "valid", "invalid", "unreadable", "unlinked", "superseded"};
    const int want[] = {3, 1, 1, 1, 1, 1};
    for (int i = 0; i < 6; i++)
        assert_int_equal(json_integer_value(json_object_get(sub, keys[i])), want[i]);
    json_decref(j);
    free(out);
    assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
}

static void cli_runs_a_campaign_from_the_vendor_list(void **state)
{
    fixture *f = *state;
    ot_workspace_close(f->ws);
    f->ws = NULL;
    char args[900], *out = NULL, *err_text = NULL;
    snprintf(args, sizeof args, "campaign new 2025 --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, &err_text), 4); /* exists already */
    assert_non_null(strstr(err_text, "exists already"));
    free(out), free(err_text);
    snprintf(args, sizeof args, "campaign send --today 2026-01-05 --json --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, NULL), 0);
    assert_non_null(strstr(out, "\"written\":3"));
    free(out);
    snprintf(args, sizeof args, "campaign remind --today 2026-01-19 --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, &err_text), 1); /* --due is required */
    free(out), free(err_text);
    snprintf(args, sizeof args, "campaign remind --due --today 2026-01-19 --workspace '%s'",
             f->dir);
    assert_int_equal(run_cli(args, &out, NULL), 0);
    assert_non_null(strstr(out, "3 follow-ups"));
    free(out);
    snprintf(args, sizeof args, "campaign suppliers --status reminded --json --workspace '%s'",
             f->dir);
    assert_int_equal(run_cli(args, &out, NULL), 0);
    json_t *rem = parse_json_lines(out); /* one supplier a line */
    assert_int_equal(json_array_size(rem), 3);
    json_t *first = json_array_get(rem, 0);
    assert_string_equal(json_string_value(json_object_get(first, "supplier_id")), "S-1");
    assert_int_equal(json_integer_value(json_object_get(first, "reminders")), 1);
    assert_string_equal(json_string_value(json_object_get(first, "status_date")), "2026-01-19");
    assert_string_equal(json_string_value(json_object_get(first, "requested_on")), "2026-01-05");
    json_decref(rem);
    free(out);
    snprintf(args, sizeof args, "suppliers list --in-scope --json --workspace '%s'", f->dir);
    assert_int_equal(run_cli(args, &out, NULL), 0);
    json_t *j = parse_json_lines(out); /* one supplier a line */
    assert_int_equal(json_array_size(j), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "reason")),
                        "in: direct supplier, last purchase 2025-10-02");
    json_decref(j);
    free(out);
    snprintf(args, sizeof args, "campaign --help");
    assert_int_equal(run_cli(args, &out, NULL), 0);
    assert_non_null(strstr(out, "remind"));
    free(out);
    ot_error err;
    assert_int_equal(ot_workspace_open(f->dir, &f->ws, &err), OT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(send_writes_one_parseable_eml_per_in_scope_supplier, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reminders_are_idempotent_then_escalate, setup, teardown),
        cmocka_unit_test_setup_teardown(status_counts_match_the_requests_and_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(cli_runs_a_campaign_from_the_vendor_list, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
