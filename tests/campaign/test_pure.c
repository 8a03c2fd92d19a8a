/* The campaign rules that need no database: scoping decisions and their reasons, the
 * follow-up schedule, upload tokens, letter templates and the .eml writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/followup.h"
#include "campaign/letter.h"
#include "campaign/mail.h"
#include "campaign/scoping.h"
#include "campaign/token.h"
#include "workspace_util.h"

static void category_spellings_fold_to_the_rule_names(void **state)
{
    (void)state;
    char c[OT_CATEGORY_LEN];
    const char *service[] = {"services", "Service", "SERVICE", "  Services ", "svc"};
    for (size_t i = 0; i < 5; i++) {
        ot_category_normalize(service[i], c);
        assert_string_equal(c, "service");
    }
    ot_category_normalize("Indirect  Materials", c);
    assert_string_equal(c, "indirect");
    ot_category_normalize("Direct material", c);
    assert_string_equal(c, "direct");
    ot_category_normalize("Electronic Components", c);
    assert_string_equal(c, "electronic components");
    ot_category_normalize(NULL, c);
    assert_string_equal(c, "");
}

static void vendor_rules_exclude_services_indirect_inactive_and_dormant(void **state)
{
    (void)state;
    ot_scope_rules r;
    ot_scope_rules_default(&r, iso_day("2025-06-30"));
    ot_scope_decision d;

    ot_scope_vendor(&r, &(ot_vendor_facts){"Services", "2025-01-10", 1}, &d);
    assert_false(d.in);
    assert_string_equal(d.reason, "out: category service");

    ot_scope_vendor(&r, &(ot_vendor_facts){"Indirect material", "2025-01-10", 1}, &d);
    assert_false(d.in);
    assert_string_equal(d.reason, "out: category indirect");

    ot_scope_vendor(&r, &(ot_vendor_facts){"direct", "2019-03-01", 1}, &d);
    assert_false(d.in);
    assert_string_equal(d.reason, "out: no purchase since 2019-03-01 (> 5 years)");

    /* exactly five years back is still within the window */
    ot_scope_vendor(&r, &(ot_vendor_facts){"direct", "2020-06-30", -1}, &d);
    assert_true(d.in);

    ot_scope_vendor(&r, &(ot_vendor_facts){"direct", "2025-10-02", 0}, &d);
    assert_false(d.in);
    assert_string_equal(d.reason, "out: marked inactive in the vendor list");

    ot_scope_vendor(&r, &(ot_vendor_facts){"Direct", "2025-10-02", 1}, &d);
    assert_true(d.in);
    assert_string_equal(d.reason, "in: direct supplier, last purchase 2025-10-02");

    ot_scope_vendor(&r, &(ot_vendor_facts){"Cable assemblies", NULL, -1}, &d);
    assert_true(d.in);
    assert_string_equal(d.reason, "in: cable assemblies supplier, no last purchase date");
}

static void vendor_rules_follow_configuration(void **state)
{
    (void)state;
    ot_scope_rules r;
    ot_scope_rules_default(&r, iso_day("2025-06-30"));
    assert_true(ot_scope_set_excluded(&r, "service"));
    r.inactive_years = 10;
    ot_scope_decision d;
    ot_scope_vendor(&r, &(ot_vendor_facts){"indirect", "2019-03-01", 1}, &d);
    assert_true(d.in);
    r.inactive_years = 0;
    ot_scope_vendor(&r, &(ot_vendor_facts){"direct", "1999-03-01", 1}, &d);
    assert_true(d.in);
}

static void bom_route_names_the_part_and_product(void **state)
{
    (void)state;
    ot_bom_part parts[] = {
        {"X", "Widget X", "P-200", OT_3TG_NO, true},
        {"X", "Widget X", "P-100", OT_3TG_YES, true},
    };
    char why[OT_REASON_LEN];
    assert_true(ot_product_covered(parts, 2, why));
    assert_string_equal(why, "covered: part P-100 contains 3TG");

    ot_scope_decision d;
    ot_scope_bom(parts, 2, &d);
    assert_true(d.in);
    assert_string_equal(d.reason,
                        "in: supplies part P-100 of covered product Widget X (contains 3TG)");

    ot_bom_part unknown[] = {{"Y", "", "P-7", OT_3TG_UNKNOWN, true}};
    assert_true(ot_product_covered(unknown, 1, why));
    assert_string_equal(why, "covered: 3TG content of part P-7 unknown");
    ot_scope_bom(unknown, 1, &d);
    assert_true(d.in);
    assert_string_equal(d.reason,
                        "in: supplies part P-7 of covered product Y (3TG content unknown)");

    ot_bom_part none[] = {{"Z", "Zed", "P-9", OT_3TG_NO, false}};
    assert_false(ot_product_covered(none, 1, why));
    ot_scope_bom(none, 1, &d);
    assert_false(d.in);
    assert_string_equal(d.reason, "out: supplies only parts without 3TG (1 BOM row)");
    ot_scope_bom(NULL, 0, &d);
    assert_false(d.in);
}

static void routes_combine_as_configured(void **state)
{
    (void)state;
    ot_scope_rules r;
    ot_scope_rules_default(&r, iso_day("2025-06-30"));
    ot_scope_decision vin = {true, "in: direct supplier, last purchase 2025-01-01"};
    ot_scope_decision bout = {false, "out: supplies only parts without 3TG (1 BOM row)"};
    ot_scope_decision out;

    ot_scope_combine(&r, false, &vin, NULL, &out); /* auto without BOM: vendor list */
    assert_true(out.in);
    ot_scope_combine(&r, true, &vin, &bout, &out); /* auto with BOM: BOM */
    assert_false(out.in);
    assert_string_equal(out.reason, bout.reason);
    r.route = OT_ROUTE_BOTH;
    ot_scope_combine(&r, true, &vin, &bout, &out);
    assert_true(out.in);
    r.route = OT_ROUTE_VENDOR;
    ot_scope_combine(&r, true, &vin, &bout, &out);
    assert_true(out.in);
    ot_scope_route route;
    assert_true(ot_scope_route_parse(" BOM ", &route));
    assert_int_equal(route, OT_ROUTE_BOM);
    assert_false(ot_scope_route_parse("bill", &route));
}

static void three_tg_values_parse_leniently(void **state)
{
    (void)state;
    ot_3tg v;
    assert_true(ot_3tg_parse("Yes", &v));
    assert_int_equal(v, OT_3TG_YES);
    assert_true(ot_3tg_parse(" no ", &v));
    assert_int_equal(v, OT_3TG_NO);
    assert_true(ot_3tg_parse("", &v));
    assert_int_equal(v, OT_3TG_UNKNOWN);
    assert_false(ot_3tg_parse("maybe", &v));
}

static void followup_steps_come_due_one_at_a_time(void **state)
{
    (void)state;
    const int rem[] = {14, 28, 42};
    const char *roles[] = {"buyer", "senior officer"};
    const int esc[] = {49, 63};
    ot_followup_plan p;
    ot_error err;
    assert_int_equal(ot_followup_plan_make(rem, 3, roles, esc, 2, &p, &err), OT_OK);
    assert_int_equal(p.count, 5);
    int32_t sent = iso_day("2026-01-05");
    assert_null(ot_followup_due(&p, sent, 0, sent + 13));
    const ot_followup_step *s = ot_followup_due(&p, sent, 0, sent + 14);
    assert_non_null(s);
    assert_int_equal(s->kind, OT_FOLLOWUP_REMINDER);
    assert_int_equal(s->kind_number, 1);
    /* a late run catches up one step, not all that are overdue */
    s = ot_followup_due(&p, sent, 1, sent + 60);
    assert_int_equal(s->kind_number, 2);
    s = ot_followup_due(&p, sent, 3, sent + 60);
    assert_int_equal(s->kind, OT_FOLLOWUP_ESCALATION);
    char label[64];
    ot_followup_label(s, label);
    assert_string_equal(label, "escalation-1-buyer");
    s = ot_followup_due(&p, sent, 4, sent + 63);
    ot_followup_label(s, label);
    assert_string_equal(label, "escalation-2-senior_officer");
    assert_null(ot_followup_due(&p, sent, 5, sent + 400));

    const int bad_esc[] = {40};
    assert_int_equal(ot_followup_plan_make(rem, 3, roles, bad_esc, 1, &p, &err), OT_E_INVALID);
}

static void tokens_are_unique_and_found_in_retyped_text(void **state)
{
    (void)state;
    char a[OT_TOKEN_LEN + 1], b[OT_TOKEN_LEN + 1], found[OT_TOKEN_LEN + 1];
    ot_error err;
    assert_int_equal(ot_token_new(a, &err), OT_OK);
    assert_int_equal(ot_token_new(b, &err), OT_OK);
    assert_int_equal(strlen(a), OT_TOKEN_LEN);
    assert_string_not_equal(a, b);
    assert_memory_equal(a, "OT-", 3);

    char name[128];
    snprintf(name, sizeof name, "Acme CMRT 6.5 %s final.xlsx", a);
    assert_true(ot_token_find(name, found));
    assert_string_equal(found, a);

    /* lower case with O for 0 and l for 1 still finds the same token */
    char typed[OT_TOKEN_LEN + 1];
    strcpy(typed, "ot-0123456789ABCDEFGHJKMNPQ");
    strcat(typed, "RS");
    for (char *p = typed + 3; *p; p++) {
        if (*p == '0')
            *p = 'o';
        else if (*p == '1')
            *p = 'l';
        else if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    }
    assert_true(ot_token_find(typed, found));
    assert_string_equal(found, "OT-0123456789ABCDEFGHJKMNPQRS");
    assert_false(ot_token_find("OT-TOO-SHORT", found));
    assert_false(ot_token_find("XOT-0123456789ABCDEFGHJKMNPQRS", found));
    assert_false(ot_token_find("OT-0123456789ABCDEFGHJKMNPQRST", found)); /* 27 chars */
}

static void letters_render_placeholders_and_reject_typos(void **state)
{
    (void)state;
    ot_letter_var vars[] = {
        {"supplier_name", "Müller GmbH"}, {"reporting_year", "2025"},
        {"due_date", "2026-03-31"},       {"token", "OT-X"},
        {"contact_name", NULL},
    };
    ot_strbuf subj = {0}, body = {0};
    ot_error err;
    const char *t = "# comment\nSubject: Declaration {{reporting_year}} for {{ supplier_name }}\n\n"
                    "Dear {{contact_name}},\nplease answer by {{due_date}} ({{token}}).\n";
    assert_int_equal(ot_letter_render(t, "request.txt", vars, 5, &subj, &body, &err), OT_OK);
    assert_string_equal(ot_sb_str(&subj), "Declaration 2025 for Müller GmbH");
    assert_string_equal(ot_sb_str(&body), "Dear ,\nplease answer by 2026-03-31 (OT-X).\n");
    ot_sb_reset(&subj);
    ot_sb_reset(&body);

    const char *typo = "Subject: x\n\nline one\nline {{due_dat}}\n";
    assert_int_equal(ot_letter_render(typo, "request.txt", vars, 5, &subj, &body, &err),
                     OT_E_INVALID);
    assert_non_null(strstr(err.message, "request.txt line 4"));
    assert_non_null(strstr(err.message, "{{due_dat}}"));
    ot_sb_reset(&subj);
    ot_sb_reset(&body);
    assert_int_equal(ot_letter_render("no subject\n", "r", vars, 5, &subj, &body, &err),
                     OT_E_INVALID);

    /* the shipped defaults render with every placeholder known */
    for (int k = 0; k < OT_LETTER__COUNT; k++) {
        ot_sb_reset(&subj);
        ot_sb_reset(&body);
        assert_int_equal(ot_letter_render(ot_letter_default_text((ot_letter_kind)k), "default",
                                          vars, 5, &subj, &body, &err),
                         OT_OK);
        assert_non_null(strstr(ot_sb_str(&subj), "2025"));
        assert_non_null(strstr(ot_sb_str(&body), "OT-X"));
    }
    ot_sb_free(&subj);
    ot_sb_free(&body);
}

/* ---- .eml: decode what was written and compare with what was meant ---------------- */

static int unhex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Quoted-printable decoding (RFC 2045 6.7), CRLF -> LF. */
static char *qp_decode(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
            s += 3;
        } else if (s[0] == '=') {
            assert_true(unhex(s[1]) >= 0 && unhex(s[2]) >= 0);
            *o++ = (char)(unhex(s[1]) * 16 + unhex(s[2]));
            s += 3;
        } else if (s[0] == '\r' && s[1] == '\n') {
            *o++ = '\n';
            s += 2;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static int b64val(char c)
{
    const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(t, c);
    return p && c ? (int)(p - t) : -1;
}

/* Decodes an unfolded header value made of =?UTF-8?B?...?= words separated by spaces. */
static char *rfc2047_decode(const char *v)
{
    char *out = calloc(1, strlen(v) + 1), *o = out;
    while (*v) {
        if (*v == ' ') {
            v++;
            continue;
        }
        assert_int_equal(strncmp(v, "=?UTF-8?B?", 10), 0);
        v += 10;
        unsigned acc = 0;
        int bits = 0;
        for (; *v != '?'; v++) {
            if (*v == '=') continue;
            acc = acc << 6 | (unsigned)b64val(*v);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                *o++ = (char)(acc >> bits & 0xFF);
            }
        }
        assert_int_equal(strncmp(v, "?=", 2), 0);
        v += 2;
    }
    return out;
}

/* Value of header `name` with folding undone (CRLF + space -> space), malloc'd. */
static char *header(const char *msg, const char *name)
{
    size_t n = strlen(name);
    const char *end = strstr(msg, "\r\n\r\n");
    for (const char *p = msg; p && p < end; p = strstr(p, "\r\n"), p = p ? p + 2 : p) {
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            p += n + 1;
            while (*p == ' ')
                p++;
            char *out = malloc(strlen(p) + 1), *o = out;
            while (*p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ')) {
                if (p[0] == '\r' && p[1] == '\n') {
                    p += 2;
                    continue;
                }
                *o++ = *p++;
            }
            *o = '\0';
            return out;
        }
    }
    return NULL;
}

static void eml_has_rfc5322_headers_and_decodes_back(void **state)
{
    (void)state;
    const char *subject = "Konfliktmineralien-Erklärung 2025 für Müller & Söhne GmbH – "
                          "bitte bis 31. März antworten (東京)";
    ot_strbuf body_text = {0};
    ot_sb_puts(&body_text, "Sehr geehrte Frau Größe,\n\n");
    ot_sb_puts(&body_text, ".a line starting with a dot and = sign\n");
    for (int i = 0; i < 30; i++)
        ot_sb_puts(&body_text, "long line with ümlauts ");
    ot_sb_puts(&body_text, "\ntrailing space \n");
    ot_mail_address from = {"Compliance, ACME", "compliance@acme.example"};
    ot_mail_address to[] = {{"Jürgen Müller", "j.mueller@mueller.example"},
                            {NULL, "qa@mueller.example"}};
    ot_mail_address cc[] = {{"Buyer", "buyer@acme.example"}};
    ot_mail_header extra[] = {{"X-Oretrace-Token", "OT-ABC"}};
    char mid[128];
    ot_error err;
    assert_int_equal(ot_mail_new_message_id("acme.example", mid, sizeof mid, &err), OT_OK);
    ot_mail m = {.from = from,
                 .to = to,
                 .n_to = 2,
                 .cc = cc,
                 .n_cc = 1,
                 .subject = subject,
                 .body = ot_sb_str(&body_text),
                 .date = 1759399200,
                 .message_id = mid,
                 .extra = extra,
                 .n_extra = 1};
    ot_strbuf out = {0};
    assert_int_equal(ot_mail_format(&m, &out, &err), OT_OK);
    const char *msg = ot_sb_str(&out);

    /* every line ends in CRLF, is 7-bit and at most 78 characters */
    for (const char *p = msg; *p;) {
        const char *crlf = strstr(p, "\r\n");
        assert_non_null(crlf);
        assert_true(crlf - p <= 78);
        for (const char *q = p; q < crlf; q++) {
            assert_true((unsigned char)*q < 0x80);
            assert_true(*q != '\r' && *q != '\n');
        }
        p = crlf + 2;
    }
    char *date = header(msg, "Date");
    assert_string_equal(date, "Thu, 02 Oct 2025 10:00:00 +0000");
    char *f = header(msg, "From");
    assert_string_equal(f, "\"Compliance, ACME\" <compliance@acme.example>");
    char *toh = header(msg, "To");
    assert_non_null(strstr(toh, "<j.mueller@mueller.example>, qa@mueller.example"));
    char *subj = header(msg, "Subject");
    char *decoded = rfc2047_decode(subj);
    assert_string_equal(decoded, subject);
    char *midh = header(msg, "Message-ID");
    char expect[140];
    snprintf(expect, sizeof expect, "<%s>", mid);
    assert_string_equal(midh, expect);
    char *ct = header(msg, "Content-Type");
    assert_string_equal(ct, "text/plain; charset=UTF-8");
    char *cte = header(msg, "Content-Transfer-Encoding");
    assert_string_equal(cte, "quoted-printable");
    char *mime = header(msg, "MIME-Version");
    assert_string_equal(mime, "1.0");
    char *tok = header(msg, "X-Oretrace-Token");
    assert_string_equal(tok, "OT-ABC");
    char *body = qp_decode(strstr(msg, "\r\n\r\n") + 4);
    assert_string_equal(body, ot_sb_str(&body_text));

    free(date), free(f), free(toh), free(subj), free(decoded), free(midh), free(ct), free(cte);
    free(mime), free(tok), free(body);
    ot_sb_free(&out);
    ot_sb_free(&body_text);
}

static void eml_refuses_header_injection_and_bad_addresses(void **state)
{
    (void)state;
    ot_mail_address to = {NULL, "a@b.example"};
    ot_mail m = {.from = {NULL, "me@x.example"},
                 .to = &to,
                 .n_to = 1,
                 .subject = "hi\r\nBcc: victim@evil.example",
                 .body = "x",
                 .message_id = "1@x"};
    ot_strbuf out = {0};
    ot_error err;
    assert_int_equal(ot_mail_format(&m, &out, &err), OT_E_INVALID);
    m.subject = "ok";
    to.email = "not an address";
    ot_sb_reset(&out);
    assert_int_equal(ot_mail_format(&m, &out, &err), OT_E_INVALID);
    assert_non_null(strstr(err.message, "not an address"));
    ot_sb_free(&out);
    assert_true(ot_mail_address_valid("first.last+tag@sub.example.com"));
    assert_false(ot_mail_address_valid("a@b"));
    assert_false(ot_mail_address_valid("a b@c.example"));
    assert_false(ot_mail_address_valid("a@@c.example"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(category_spellings_fold_to_the_rule_names),
        cmocka_unit_test(vendor_rules_exclude_services_indirect_inactive_and_dormant),
        cmocka_unit_test(vendor_rules_follow_configuration),
        cmocka_unit_test(bom_route_names_the_part_and_product),
        cmocka_unit_test(routes_combine_as_configured),
        cmocka_unit_test(three_tg_values_parse_leniently),
        cmocka_unit_test(followup_steps_come_due_one_at_a_time),
        cmocka_unit_test(tokens_are_unique_and_found_in_retyped_text),
        cmocka_unit_test(letters_render_placeholders_and_reject_typos),
        cmocka_unit_test(eml_has_rfc5322_headers_and_decodes_back),
        cmocka_unit_test(eml_refuses_header_injection_and_bad_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
