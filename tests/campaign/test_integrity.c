/* Campaign integrity through the real CLI on a real workspace (issue 10): campaigns keyed
 * by year and template family, --campaign YEAR/FAMILY, unknown template versions refused,
 * files routed and superseded per family, answers dated before the period or of an older
 * template version kept but outstanding, the figures a report quotes, and hand links and
 * marks that are audited and can be undone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"
#include "workspace_util.h"

typedef struct fixture {
    char *dir;
} fixture;

static const char *const vendors =
    "supplier_id,name,country,category,last_purchase,active,contact_name,contact_email\n"
    "S-1,Acme,US,direct,2025-10-02,yes,Ann Lee,ann@acme.example\n"
    "S-2,Bolt,DE,direct,2025-10-02,yes,Bo,bo@bolt.example\n"
    "S-3,Quiet,GB,direct,2025-10-02,yes,Owen,owen@quiet.example\n"
    "S-4,NoMail,FR,direct,2025-03-03,yes,Nobody,\n"
    "S-5,Refuser,JP,direct,2025-05-05,yes,Eri,eri@refuser.example\n"
    "S-6,CleanCo,DE,service,2025-01-01,yes,Carl,carl@clean.example\n";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ot_workspace *ws = open_temp_workspace(
        &f->dir, "company_name = Buyer Corp\ncontact_name = Jane Compliance\n"
                 "contact_email = compliance@buyer.example\nresponse_days = 30\n"
                 "reminder_days = 14, 28, 42\nescalation = buyer:49\n");
    import_vendors(ws, vendors, iso_day("2026-01-05"));
    ot_workspace_close(ws);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    close_temp_workspace(NULL, f->dir);
    free(f);
    return 0;
}

/* Runs `oretrace ARGS --workspace DIR`; returns the exit status, output in *out and *err
 * (each may be NULL: then freed). */
static int cli(const fixture *f, char **out, char **err, const char *fmt, ...)
{
    char args[1500];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(args + n, sizeof args - (size_t)n, " --workspace '%s'", f->dir);
    char *o = NULL, *e = NULL;
    int rc = run_cli(args, &o, &e);
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

/* The JSON object of a one-line --json command. */
static json_t *cli_json(const fixture *f, const char *fmt, const char *arg)
{
    char cmd[600], *out = NULL;
    snprintf(cmd, sizeof cmd, fmt, arg);
    int rc = cli(f, &out, NULL, "%s --json", cmd);
    assert_true(rc == 0 || rc == 2 || rc == 3);
    json_t *j = parse_json_lines(out);
    free(out);
    assert_non_null(j);
    return j;
}

static const char *text(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static json_int_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The supplier's row of `campaign suppliers` in a campaign. */
static json_t *supplier_row(const fixture *f, const char *campaign, const char *supplier)
{
    json_t *rows = cli_json(f, "campaign suppliers --campaign %s", campaign);
    json_t *found = NULL;
    for (size_t i = 0; i < json_array_size(rows); i++)
        if (!strcmp(text(json_array_get(rows, i), "supplier_id"), supplier))
            found = json_incref(json_array_get(rows, i));
    json_decref(rows);
    assert_non_null(found);
    return found;
}

static void assert_supplier(const fixture *f, const char *campaign, const char *supplier,
                            const char *status)
{
    json_t *r = supplier_row(f, campaign, supplier);
    assert_string_equal(text(r, "status"), status);
    json_decref(r);
}

/* Ingests one fixture for a supplier; returns the file id. */
static json_int_t ingest_for(const fixture *f, const char *campaign, const char *supplier,
                             const char *fixture_name, json_t **file_out)
{
    char cmd[900];
    snprintf(cmd, sizeof cmd, "ingest --campaign %s --supplier %s --today 2026-02-01 '%s'",
             campaign, supplier, src_path(fixture_name));
    json_t *j = cli_json(f, "%s", cmd);
    json_t *file = json_array_get(json_object_get(json_array_get(j, 0), "files"), 0);
    json_int_t id = num(file, "submission_id");
    if (file_out) *file_out = json_incref(file);
    json_decref(j);
    return id;
}

static void year_runs_a_cmrt_and_an_emrt_campaign(void **state)
{
    fixture *f = *state;
    char *out = NULL, *err = NULL;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.5 --today 2026-01-05"),
                     0);
    assert_int_equal(cli(f, &out, NULL, "campaign new 2025 --template EMRT-2.1 --today 2026-01-05"),
                     0);
    assert_non_null(strstr(out, "2025/EMRT"));
    free(out);
    assert_int_equal(cli(f, NULL, &err, "campaign new 2025 --template emrt-2.1"), 4);
    assert_non_null(strstr(err, "exists already"));
    free(err);
    /* a version no layout knows is refused, naming the ones that exist */
    assert_int_equal(cli(f, NULL, &err, "campaign new 2026 --template CMRT-9.9"), 1);
    assert_non_null(strstr(err, "CMRT-9.9"));
    assert_non_null(strstr(err, "known CMRT versions: 6.5, 6.4, 6.31"));
    free(err);

    json_t *list = cli_json(f, "campaign list%s", "");
    assert_int_equal(json_array_size(list), 2);
    json_t *emrt = json_array_get(list, 1);
    assert_string_equal(text(emrt, "name"), "2025/EMRT");
    assert_string_equal(text(emrt, "template"), "EMRT 2.1");
    assert_int_equal(num(emrt, "suppliers_in_scope"), 5);
    assert_int_equal(num(emrt, "surveyed"), 0);
    json_decref(list);
    assert_int_equal(cli(f, &out, NULL, "campaign list"), 0);
    assert_non_null(strstr(out, "2025/CMRT"));
    free(out);

    /* YEAR alone is ambiguous now: a usage error naming the choices */
    assert_int_equal(cli(f, NULL, &err, "campaign status --campaign 2025"), 1);
    assert_non_null(strstr(err, "2025/CMRT"));
    assert_non_null(strstr(err, "2025/EMRT"));
    free(err);
    json_t *st = cli_json(f, "campaign status --campaign %s", "2025/emrt");
    assert_string_equal(text(json_array_get(st, 0), "family"), "EMRT");
    json_decref(st);
    assert_int_equal(cli(f, NULL, &err, "campaign status --campaign 2025/XYZ"), 1);
    free(err);

    /* each campaign writes its own requests; EMRT files carry the family in their name */
    assert_int_equal(cli(f, NULL, NULL, "campaign send --campaign 2025/EMRT --today 2026-01-05"),
                     0);
    char path[700];
    snprintf(path, sizeof path, "%s/outbox/2025/S-1-EMRT-request.eml", f->dir);
    char *eml = slurp(path, NULL);
    assert_non_null(eml);
    assert_non_null(strstr(eml, "EMRT 2.1"));
    free(eml);
    snprintf(path, sizeof path, "%s/outbox/2025/S-1-request.eml", f->dir);
    assert_null(slurp(path, NULL));
    assert_int_equal(cli(f, NULL, NULL, "campaign send --campaign 2025/CMRT --today 2026-01-05"),
                     0);
    eml = slurp(path, NULL);
    assert_non_null(eml);
    free(eml);
}

/* The case: a supplier's valid CMRT must stay its 3TG answer when its EMRT
 * arrives; the EMRT answers the EMRT campaign, or none. */
static void emrt_file_does_not_supersede_the_cmrt(void **state)
{
    fixture *f = *state;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.4 --today 2026-01-05"),
                     0);
    cli(f, NULL, NULL, "campaign send --today 2026-01-05");
    json_int_t cmrt =
        ingest_for(f, "2025", "S-1", "tests/fixtures/cmrt64_valid_products.xlsx", NULL);
    assert_supplier(f, "2025/CMRT", "S-1", "responded_valid");

    json_t *file = NULL;
    json_int_t emrt =
        ingest_for(f, "2025", "S-1", "tests/fixtures/emrt21_valid_deleted_minerals.xlsx", &file);
    assert_true(json_is_null(json_object_get(file, "supplier_id")));
    assert_true(json_is_null(json_object_get(file, "campaign")));
    assert_string_equal(text(file, "unlinked_reason"), "no EMRT campaign for 2025");
    json_decref(file);
    json_t *row = supplier_row(f, "2025/CMRT", "S-1");
    assert_string_equal(text(row, "status"), "responded_valid");
    assert_int_equal(num(row, "current_file"), cmrt);
    json_decref(row);

    /* once the EMRT campaign exists, the file is linked to it; never to the CMRT one */
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template EMRT-2.1 --today 2026-01-06"),
                     0);
    char *err = NULL;
    assert_int_equal(
        cli(f, NULL, &err, "campaign link %lld S-1 --campaign 2025/CMRT", (long long)emrt), 4);
    assert_non_null(strstr(err, "is an EMRT, not an answer to a CMRT campaign"));
    free(err);
    assert_int_equal(cli(f, NULL, NULL,
                         "campaign link %lld S-1 --campaign 2025/EMRT --note 'EMRT "
                         "arrived before its campaign'",
                         (long long)emrt),
                     0);
    assert_supplier(f, "2025/EMRT", "S-1", "responded_valid");
    row = supplier_row(f, "2025/CMRT", "S-1");
    assert_string_equal(text(row, "status"), "responded_valid");
    assert_int_equal(num(row, "current_file"), cmrt);
    json_decref(row);
    json_t *st = cli_json(f, "campaign status --campaign %s", "2025/CMRT");
    assert_int_equal(num(json_object_get(json_array_get(st, 0), "submissions"), "superseded"), 0);
    json_decref(st);

    /* with both campaigns, one ingest routes each file to its family's campaign */
    char cmd[900];
    snprintf(cmd, sizeof cmd, "ingest --campaign 2025 --supplier S-2 --today 2026-02-02 '%s' '%s'",
             src_path("tests/fixtures/cmrt631_valid_user_defined.xlsx"),
             src_path("tests/fixtures/emrt13_valid.xlsx"));
    json_t *j = cli_json(f, "%s", cmd);
    json_t *files = json_object_get(json_array_get(j, 0), "files");
    assert_string_equal(text(json_array_get(files, 0), "campaign"), "2025/CMRT");
    assert_string_equal(text(json_array_get(files, 1), "campaign"), "2025/EMRT");
    assert_string_equal(text(json_array_get(files, 1), "supplier_id"), "S-2");
    json_decref(j);
}

static json_t *status_of(const fixture *f, const char *campaign)
{
    json_t *st = cli_json(f, "campaign status --campaign %s", campaign);
    json_t *o = json_incref(json_array_get(st, 0));
    json_decref(st);
    return o;
}

/* A valid CMRT 6.01 dated 2023: kept and read, but no answer for 2025 until a current one
 * arrives. */
static void outdated_answer_is_kept_but_outstanding(void **state)
{
    fixture *f = *state;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.5 --today 2026-01-05"),
                     0);
    cli(f, NULL, NULL, "campaign send --today 2026-01-05");
    json_int_t old =
        ingest_for(f, "2025/CMRT", "S-1", "tests/fixtures/cmrt601_valid_tin_only.xlsx", NULL);
    assert_supplier(f, "2025", "S-1", "responded_outdated");
    json_t *files = cli_json(f, "campaign files --campaign %s", "2025");
    json_t *file = json_array_get(files, 0);
    assert_int_equal(num(file, "file_id"), old);
    assert_string_equal(text(file, "outcome"), "valid");
    json_t *g = json_object_get(file, "campaign_findings");
    assert_int_equal(json_array_size(g), 2);
    json_t *date = json_array_get(g, 0);
    assert_string_equal(text(date, "code"), "CAMPAIGN-DATE-BEFORE-PERIOD");
    assert_string_equal(text(date, "message"), "declaration dated 2023-03-01, before the 2025 "
                                               "reporting period");
    assert_string_equal(text(date, "cell"), "D22");
    assert_non_null(text(date, "fix"));
    assert_string_equal(text(json_array_get(g, 1), "code"), "CAMPAIGN-VERSION-OLDER");
    assert_non_null(
        strstr(text(json_array_get(g, 1), "message"), "CMRT 6.01 is older than CMRT 6.5"));
    json_decref(files);
    char *out = NULL;
    assert_int_equal(cli(f, &out, NULL, "campaign files"), 0);
    assert_non_null(strstr(out, "declaration dated 2023-03-01, before the 2025 reporting period"));
    free(out);
    json_t *st = status_of(f, "2025");
    assert_int_equal(num(st, "outdated"), 1);
    assert_int_equal(num(st, "valid"), 0);
    assert_int_equal(num(st, "responded"), 1);
    assert_int_equal(num(st, "outstanding"), 5); /* every supplier in scope */
    json_decref(st);

    /* the current declaration arrives: valid, and the figures follow */
    ingest_for(f, "2025", "S-1", "tests/fixtures/cmrt65_valid_company.xlsx", NULL);
    assert_supplier(f, "2025", "S-1", "corrected");
    st = status_of(f, "2025");
    assert_int_equal(num(st, "outdated"), 0);
    assert_int_equal(num(st, "valid"), 1);
    assert_int_equal(num(st, "outstanding"), 4);
    json_decref(st);
}

/* Surveyed counts requests sent; no e-mail = not contacted with the reason; refusals and
 * "no 3TG" are separate figures. */
static void figures_separate_surveyed_declined_and_no_3tg(void **state)
{
    fixture *f = *state;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.5 --today 2026-01-05"),
                     0);
    assert_int_equal(cli(f, NULL, NULL, "campaign send --today 2026-01-05"), 0);
    assert_int_equal(cli(f, NULL, NULL, "campaign mark S-5 declined --note 'refused in writing'"),
                     0);
    ingest_for(f, "2025", "S-3", "tests/fixtures/cmrt65_valid_no_3tg.xlsx", NULL);
    ingest_for(f, "2025", "S-1", "tests/fixtures/cmrt65_valid_company.xlsx", NULL);
    ingest_for(f, "2025", "S-2", "tests/fixtures/cmrt65_defect_missing_contact_email.xlsx", NULL);
    assert_supplier(f, "2025", "S-3", "responded_valid");

    json_t *st = status_of(f, "2025");
    assert_int_equal(num(st, "suppliers_in_scope"), 5);
    assert_int_equal(num(st, "surveyed"), 4);
    assert_int_equal(num(st, "not_contacted"), 1);
    assert_int_equal(num(json_object_get(st, "not_contacted_reasons"), "no_contact_email"), 1);
    assert_int_equal(num(st, "responded"), 4);
    assert_int_equal(num(st, "valid"), 2);
    assert_int_equal(num(st, "no_3tg"), 1);
    assert_int_equal(num(st, "invalid"), 1);
    assert_int_equal(num(st, "declined"), 1);
    assert_int_equal(num(st, "outstanding"), 2); /* S-2 invalid, S-4 never contacted */
    assert_true(json_real_value(json_object_get(st, "response_rate")) == 100.0);
    assert_int_equal(num(st, "reminders_sent"), 0);
    assert_int_equal(num(st, "corrections_sent"), 0);
    json_decref(st);
    json_t *row = supplier_row(f, "2025", "S-4");
    assert_string_equal(text(row, "status"), "not_contacted");
    assert_string_equal(text(row, "not_contacted_reason"), "no contact e-mail in the vendor list");
    json_decref(row);
}

/* Hand links and marks: noted, audited, undone; an unreadable file never becomes current. */
static void link_and_mark_are_audited_and_undone(void **state)
{
    fixture *f = *state;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.5 --today 2026-01-05"),
                     0);
    cli(f, NULL, NULL, "campaign send --today 2026-01-05");
    json_int_t good =
        ingest_for(f, "2025", "S-1", "tests/fixtures/cmrt65_valid_company.xlsx", NULL);
    /* a scanned letter: unreadable, unlinked */
    char path[700];
    snprintf(path, sizeof path, "%s/scanned-letter.xlsx", f->dir);
    assert_int_equal(spit(path, "%PDF-1.4 not a workbook", 23), 0);
    json_t *j = cli_json(f, "ingest --today 2026-02-01 '%s'", path);
    json_t *file = json_array_get(json_object_get(json_array_get(j, 0), "files"), 0);
    json_int_t scan = num(file, "submission_id");
    assert_true(json_is_null(json_object_get(file, "supplier_id")));
    json_decref(j);

    char *out = NULL;
    assert_int_equal(
        cli(f, &out, NULL, "campaign link %lld S-1 --note 'their cover letter'", (long long)scan),
        0);
    assert_non_null(strstr(out, "never its current file"));
    free(out);
    json_t *row = supplier_row(f, "2025", "S-1");
    assert_string_equal(text(row, "status"), "responded_valid");
    assert_int_equal(num(row, "current_file"), good);
    assert_int_equal(num(row, "files"), 2);
    json_decref(row);

    /* a wrong link to S-2, then undone: S-2 back to requested, the file unlinked again */
    json_int_t other = 0;
    j = cli_json(f, "ingest --today 2026-02-01 %s",
                 src_path("tests/fixtures/cmrt61_valid_products.xlsx"));
    other = num(json_array_get(json_object_get(json_array_get(j, 0), "files"), 0), "submission_id");
    json_decref(j);
    assert_int_equal(
        cli(f, NULL, NULL, "campaign link %lld S-2 --note 'looked like Bolt'", (long long)other),
        0);
    assert_supplier(f, "2025", "S-2", "responded_outdated"); /* CMRT 6.1 of 2024 */
    assert_int_equal(
        cli(f, &out, NULL, "campaign unlink %lld --note 'not Bolt after all'", (long long)other),
        0);
    assert_non_null(strstr(out, "S-2"));
    free(out);
    assert_supplier(f, "2025", "S-2", "requested");
    json_t *unl = cli_json(f, "campaign files --unlinked%s", "");
    assert_int_equal(json_array_size(unl), 1);
    assert_int_equal(num(json_array_get(unl, 0), "file_id"), other);
    json_decref(unl);
    char *err = NULL;
    assert_int_equal(cli(f, NULL, &err, "campaign unlink %lld", (long long)other), 4);
    assert_non_null(strstr(err, "no link made by hand"));
    free(err);

    /* mark: every listed status, including non_responsive; and back again */
    assert_int_equal(
        cli(f, &out, NULL, "campaign mark S-5 non_responsive --note 'three reminders'"), 0);
    assert_non_null(strstr(out, "non_responsive (was requested)"));
    free(out);
    assert_int_equal(cli(f, NULL, NULL, "campaign mark S-5 requested --note 'they called back'"),
                     0);
    assert_supplier(f, "2025", "S-5", "requested");
    assert_int_equal(cli(f, NULL, &err, "campaign mark S-5 happy"), 1);
    assert_non_null(strstr(err, "non_responsive"));
    free(err);

    ot_error e;
    ot_workspace *ws = NULL;
    assert_int_equal(ot_workspace_open(f->dir, &ws, &e), OT_OK);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'override' AND "
                                    "detail LIKE '%they called back%'"),
                     1);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'override' AND "
                                    "detail LIKE '%not Bolt after all%'"),
                     1);
    assert_int_equal(db_int(ws->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'override' AND "
                                    "detail LIKE '%their cover letter%'"),
                     1);
    ot_workspace_close(ws);
}

/* An .eml of the outbox with its quoted-printable body decoded (NULL when missing). */
static char *outbox_text(const fixture *f, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/outbox/2025/%s", f->dir, name);
    char *raw = slurp(path, NULL);
    if (!raw) return NULL;
    char *out = malloc(strlen(raw) + 1), *o = out;
    for (const char *p = raw; *p;) {
        if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
            p += 3;
        } else if (p[0] == '=' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    free(raw);
    return out;
}

/* A supplier whose current file is invalid gets a correction request through the outbox,
 * signed by the workspace's contact, naming the findings, the token and a new due date;
 * the reminder schedule then runs from that day. */
static void invalid_file_is_chased_with_a_correction_request(void **state)
{
    fixture *f = *state;
    assert_int_equal(cli(f, NULL, NULL, "campaign new 2025 --template CMRT-6.5 --today 2026-01-05"),
                     0);
    assert_int_equal(cli(f, NULL, NULL, "campaign send --today 2026-01-05"), 0);
    ingest_for(f, "2025", "S-2", "tests/fixtures/cmrt65_defect_missing_contact_email.xlsx", NULL);
    assert_supplier(f, "2025", "S-2", "responded_invalid");
    assert_null(outbox_text(f, "S-2-correction-1.eml"));

    json_t *j = cli_json(f, "campaign remind --due --today %s", "2026-02-01");
    assert_int_equal(num(json_array_get(j, 0), "corrections"), 1);
    json_decref(j);
    char *msg = outbox_text(f, "S-2-correction-1.eml");
    assert_non_null(msg);
    json_t *row = supplier_row(f, "2025", "S-2");
    assert_non_null(strstr(msg, text(row, "token")));
    assert_string_equal(text(row, "due_date"), "2026-03-03"); /* 2026-02-01 + response_days */
    assert_int_equal(num(row, "corrections"), 1);
    json_decref(row);
    assert_non_null(strstr(msg, "Correction needed"));
    assert_non_null(strstr(msg, "Declaration!D16"));
    assert_non_null(strstr(msg, "Contact e-mail is empty"));
    assert_non_null(strstr(msg, "[CMRT-REQ-CONTACT-EMAIL]"));
    assert_non_null(strstr(msg, "Fix: "));
    assert_non_null(strstr(msg, "by 2026-03-03"));
    assert_non_null(strstr(msg, "Jane Compliance\r\nBuyer Corp\r\ncompliance@buyer.example"));
    assert_null(strstr(msg, "Supplier Compliance Team"));
    free(msg);
    /* the same day again: nothing twice */
    j = cli_json(f, "campaign remind --due --today %s", "2026-02-01");
    assert_int_equal(num(json_array_get(j, 0), "corrections"), 0);
    json_decref(j);
    /* reminder_days = 14: counted from the correction request */
    cli(f, NULL, NULL, "campaign remind --due --today 2026-02-14");
    assert_null(outbox_text(f, "S-2-correction-1-reminder-1.eml"));
    cli(f, NULL, NULL, "campaign remind --due --today 2026-02-15");
    msg = outbox_text(f, "S-2-correction-1-reminder-1.eml");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "Reminder 1: Correction needed"));
    assert_non_null(strstr(msg, "[CMRT-REQ-CONTACT-EMAIL]"));
    free(msg);
    json_t *st = status_of(f, "2025");
    assert_int_equal(num(st, "corrections_sent"), 1);
    assert_true(num(st, "reminders_sent") >= 2); /* S-2's, and the others' first */
    json_decref(st);

    /* the corrected file arrives: no more correction reminders */
    ingest_for(f, "2025", "S-2", "tests/fixtures/cmrt65_valid_company.xlsx", NULL);
    assert_supplier(f, "2025", "S-2", "corrected");
    cli(f, NULL, NULL, "campaign remind --due --today 2026-03-01");
    assert_null(outbox_text(f, "S-2-correction-1-reminder-2.eml"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(year_runs_a_cmrt_and_an_emrt_campaign, setup, teardown),
        cmocka_unit_test_setup_teardown(emrt_file_does_not_supersede_the_cmrt, setup, teardown),
        cmocka_unit_test_setup_teardown(outdated_answer_is_kept_but_outstanding, setup, teardown),
        cmocka_unit_test_setup_teardown(figures_separate_surveyed_declined_and_no_3tg, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(link_and_mark_are_audited_and_undone, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_file_is_chased_with_a_correction_request, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
