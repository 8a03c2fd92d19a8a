/* Reading oretrace.conf: every key of the table is checked by its type, a bad value is
 * one line naming the file, the line, the key, what it must be and what it is (a URL is
 * not repeated, it may carry a password), and good values land in the typed fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/config.h"
#include "testutil.h"

static void bad_values_name_the_line_the_key_and_the_type(void **state)
{
    (void)state;
    struct {
        const char *text, *expect;
    } cases[] = {
        {"company_name = x\n\n# note\nresponse_days = soon\n",
         "w.conf:4: response_days must be a whole number 1-3650, not 'soon'"},
        {"response_days = 0\n", "w.conf:1: response_days must be a whole number 1-3650"},
        {"reporting_year = 25\n", "w.conf:1: reporting_year must be a year 2000-2200, not '25'"},
        {"exclude_inactive = maybe\n", "exclude_inactive must be yes or no, not 'maybe'"},
        {"scope_route = vendors\n", "scope_route must be auto, vendor, bom or both, not 'vendors'"},
        {"contact_email = jane\n", "w.conf:1: contact_email must be an e-mail address, not 'jane'"},
        {"buyer_email = Pat <pat@x.example>\n", "buyer_email must be an e-mail address"},
        {"policy_url = www.acme.example/policy\n",
         "w.conf:1: policy_url must be a URL starting with https:// or http://"},
        {"portal_url = https://\n", "portal_url must be a URL"},
        {"reminder_days = 14, 14\n", "reminder_days must be increasing day numbers 1-3650"},
        {"escalation = legal team:70\n", "escalation must be role:day steps"},
        {"escalation = buyer:0\n", "not 'buyer:0'"},
        {"reminder_days = 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n",
         "w.conf:1: reminder_days has more than 16 entries"},
        {"escalation = buyer:49, legal:70\n\nlegal_email = counsel\n",
         "w.conf:3: legal_email must be an e-mail address, not 'counsel'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ot_config c;
        ot_error err = {0};
        assert_int_equal(ot_config_parse(cases[i].text, "w.conf", &c, &err), OT_E_INVALID);
        if (!strstr(err.message, cases[i].expect))
            fail_msg("%s: got \"%s\", expected \"%s\"", cases[i].text, err.message,
                     cases[i].expect);
    }
}

static void a_url_with_a_password_is_not_repeated(void **state)
{
    (void)state;
    ot_config c;
    ot_error err = {0};
    assert_int_equal(
        ot_config_parse("smtp_url = mail.example.com:s3cret@host\n", "w.conf", &c, &err),
        OT_E_INVALID);
    assert_non_null(
        strstr(err.message, "w.conf:1: smtp_url must be a URL starting with smtps:// or smtp://"));
    assert_null(strstr(err.message, "s3cret"));
}

static void good_values_fill_the_typed_fields(void **state)
{
    (void)state;
    const char *text = "policy_url = https://acme.example/policy\n"
                       "portal_url = HTTPS://portal.acme.example/upload?c=1\n"
                       "smtp_url = smtps://u:p@mail.acme.example:465\n"
                       "contact_email = compliance@acme.example\n"
                       "exclude_inactive = No\n"
                       "scope_route = BOM\n"
                       "response_days = 30\n"
                       "response_days = 45\n" /* the last line wins */
                       "reporting_year = 2024\n"
                       "escalation = legal:70, buyer_2:80\n"
                       "legal_email = counsel@acme.example\n"
                       "senior_officer_name = Dana Chief\n"
                       "lock_wait_seconds = 0\n";
    ot_config c;
    ot_error err = {0};
    assert_int_equal(ot_config_parse(text, "w.conf", &c, &err), OT_OK);
    assert_string_equal(c.policy_url, "https://acme.example/policy");
    assert_string_equal(c.portal_url, "HTTPS://portal.acme.example/upload?c=1");
    assert_string_equal(c.contact_email, "compliance@acme.example");
    assert_false(c.exclude_inactive);
    assert_string_equal(c.scope_route, "bom");
    assert_int_equal(c.response_days, 45);
    assert_int_equal(c.reporting_year, 2024);
    assert_int_equal(c.escalation_count, 2);
    assert_string_equal(c.escalations[1].role, "buyer_2");
    assert_int_equal(c.escalations[1].day, 80);
    assert_string_equal(ot_config_get(&c, "legal_email"), "counsel@acme.example");
    assert_string_equal(c.senior_officer_name, "Dana Chief");
    assert_string_equal(c.buyer_email, "");
    assert_int_equal(c.lock_wait_seconds, 0);
    ot_config_free(&c);
}

static void empty_values_take_the_default_except_lists(void **state)
{
    (void)state;
    ot_config c;
    ot_error err = {0};
    assert_int_equal(ot_config_parse("response_days =\nreporting_year =\nexclude_inactive =\n"
                                     "scope_route =\nreminder_days =\nexclude_categories =\n",
                                     "w.conf", &c, &err),
                     OT_OK);
    assert_int_equal(c.response_days, 60);
    assert_int_equal(c.reporting_year, ot_config_last_year());
    assert_true(c.exclude_inactive);
    assert_string_equal(c.scope_route, "auto");
    assert_int_equal(c.reminder_count, 0);
    assert_int_equal(c.exclude_category_count, 0);
    assert_int_equal(c.escalation_count, 2); /* not written: the default */
    ot_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_values_name_the_line_the_key_and_the_type),
        cmocka_unit_test(a_url_with_a_password_is_not_repeated),
        cmocka_unit_test(good_values_fill_the_typed_fields),
        cmocka_unit_test(empty_values_take_the_default_except_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
