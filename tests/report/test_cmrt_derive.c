/* test_cmrt_derive.c - the rules that derive the company's CMRT answers from what its
 * suppliers declared (docs/cmrt-export.md), on facts written by hand: a metal nobody uses
 * is No with Q2-Q8 blank; a covered-countries "No" needs every supplier to answer No and
 * everyone to respond, a reported mine country in a covered country makes it Yes; the
 * response-rate bucket; "all smelters identified" only with nothing missing; "all
 * information reported" No while an unresolved name could not be listed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "report/cmrt_derive.h"

static const char *ans(const ot_cmrt_derived *d, int role)
{
    return d->m.q[role].answer ? d->m.q[role].answer : "(blank)";
}

static void response_buckets(void **state)
{
    (void)state;
    assert_string_equal(ot_cmrt_response_bucket(0, 0), "None");
    assert_string_equal(ot_cmrt_response_bucket(0, 5), "None");
    assert_string_equal(ot_cmrt_response_bucket(5, 5), "100%");
    assert_string_equal(ot_cmrt_response_bucket(91, 100), "Greater than 90%");
    assert_string_equal(ot_cmrt_response_bucket(9, 10), "Greater than 75%"); /* 90% is not > 90% */
    assert_string_equal(ot_cmrt_response_bucket(51, 100), "Greater than 50%");
    assert_string_equal(ot_cmrt_response_bucket(1, 2), "50% or less");
}

static void answers_follow_the_rules(void **state)
{
    (void)state;
    ot_cmrt_facts f = {.suppliers = 3, .responded = 3, .metal_count = 3};
    ot_cmrt_metal_facts *tin = &f.metals[0], *gold = &f.metals[1], *ta = &f.metals[2];
    tin->metal = "Tin";
    tin->said[OT_Q_INTENTIONAL][OT_SAID_YES] = 2;
    tin->said[OT_Q_REMAINS][OT_SAID_YES] = 2;
    tin->said[OT_Q_COVERED_COUNTRIES][OT_SAID_NO] = 2;
    tin->said[OT_Q_CAHRA][OT_SAID_NO] = 2;
    tin->said[OT_Q_RECYCLED][OT_SAID_NO] = 1;
    tin->said[OT_Q_RECYCLED][OT_SAID_UNKNOWN] = 1;
    tin->said[OT_Q_ALL_SMELTERS][OT_SAID_YES] = 2;
    tin->smelters = 4;
    gold->metal = "Gold";
    gold->said[OT_Q_INTENTIONAL][OT_SAID_YES] = 1;
    gold->said[OT_Q_REMAINS][OT_SAID_YES] = 1;
    gold->said[OT_Q_COVERED_COUNTRIES][OT_SAID_NO] = 1;
    gold->said[OT_Q_CAHRA][OT_SAID_UNKNOWN] = 1;
    gold->said[OT_Q_ALL_SMELTERS][OT_SAID_YES] = 1;
    gold->origin_covered = 1; /* a mine in a covered country outweighs the supplier's No */
    gold->unresolved = 2;
    gold->unresolved_typed = 1;
    ta->metal = "Tantalum";
    ta->said[OT_Q_INTENTIONAL][OT_SAID_NO] = 3;
    ot_cmrt_derived d[3];
    ot_cmrt_derive(&f, d);

    assert_string_equal(ans(&d[0], OT_Q_INTENTIONAL), "Yes");
    assert_string_equal(ans(&d[0], OT_Q_COVERED_COUNTRIES), "No");
    assert_string_equal(ans(&d[0], OT_Q_CAHRA), "No");
    assert_string_equal(ans(&d[0], OT_Q_RECYCLED), "No");
    assert_string_equal(ans(&d[0], OT_Q_RESPONSE_RATE), "100%");
    assert_string_equal(ans(&d[0], OT_Q_ALL_SMELTERS), "Yes");
    assert_string_equal(ans(&d[0], OT_Q_ALL_INFO_REPORTED), "Yes");

    assert_string_equal(ans(&d[1], OT_Q_COVERED_COUNTRIES), "Yes");
    assert_string_equal(ans(&d[1], OT_Q_CAHRA), "Unknown");
    assert_string_equal(ans(&d[1], OT_Q_ALL_SMELTERS), "No");      /* names unresolved */
    assert_string_equal(ans(&d[1], OT_Q_ALL_INFO_REPORTED), "No"); /* one not listable */
    assert_non_null(strstr(d[1].why[OT_Q_ALL_INFO_REPORTED], "1 unresolved"));

    assert_string_equal(ans(&d[2], OT_Q_INTENTIONAL), "No");
    for (int r = OT_Q_REMAINS; r <= OT_Q_ALL_INFO_REPORTED; r++)
        assert_string_equal(ans(&d[2], r), "(blank)");

    /* one supplier silent: no "No" to a risk question, no complete smelter list */
    f.suppliers = 4;
    ot_cmrt_derive(&f, d);
    assert_string_equal(ans(&d[0], OT_Q_COVERED_COUNTRIES), "Unknown");
    assert_string_equal(ans(&d[0], OT_Q_RESPONSE_RATE), "Greater than 50%");
    assert_string_equal(ans(&d[0], OT_Q_ALL_SMELTERS), "No");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(response_buckets),
        cmocka_unit_test(answers_follow_the_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
