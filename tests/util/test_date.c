/* The date module every stage uses (util/date.h): the leap-year rule, day numbers over the
 * whole accepted range 1900..9999, invalid and out-of-range dates refused, years added the
 * way retention and scoping count them (29 February -> 28 February), Excel serials in both
 * date systems, and the date forms people type into templates and lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

static int32_t day_of(const char *iso)
{
    int32_t d = 0;
    if (!ot_date_parse(iso, &d)) fail_msg("'%s' was refused", iso);
    return d;
}

static const char *iso_of(int32_t day)
{
    static char out[OT_DATE_LEN];
    ot_date_format(day, out);
    return out;
}

static void the_gregorian_leap_year_rule(void **state)
{
    (void)state;
    assert_true(ot_date_is_leap(2024));
    assert_true(ot_date_is_leap(2000)); /* divisible by 400 */
    assert_true(ot_date_is_leap(2400));
    assert_false(ot_date_is_leap(1900)); /* divisible by 100 only */
    assert_false(ot_date_is_leap(2100));
    assert_false(ot_date_is_leap(2025));
    assert_int_equal(ot_date_month_days(2024, 2), 29);
    assert_int_equal(ot_date_month_days(1900, 2), 28);
    assert_int_equal(ot_date_month_days(2025, 4), 30);
    assert_int_equal(ot_date_month_days(2025, 12), 31);
    assert_int_equal(ot_date_month_days(2025, 13), 0);
    assert_int_equal(ot_date_month_days(2025, 0), 0);
}

static void day_numbers_count_from_1970(void **state)
{
    (void)state;
    assert_int_equal(day_of("1970-01-01"), 0);
    assert_int_equal(day_of("1969-12-31"), -1);
    assert_int_equal(day_of("2000-03-01"), 11017);
    assert_int_equal(day_of("1900-01-01"), -25567);
    assert_int_equal(day_of("2025-03-01") - day_of("2025-02-28"), 1);
    assert_int_equal(day_of("2024-03-01") - day_of("2024-02-28"), 2);
    /* adding days is adding to the day number, across months and years */
    assert_string_equal(iso_of(day_of("2024-02-28") + 1), "2024-02-29");
    assert_string_equal(iso_of(day_of("2025-12-31") + 1), "2026-01-01");
    assert_string_equal(iso_of(day_of("2026-01-15") + 60), "2026-03-16");
    assert_string_equal(iso_of(day_of("2026-03-01") - 1), "2026-02-28");
}

static void the_accepted_range_is_1900_to_9999(void **state)
{
    (void)state;
    int32_t d;
    assert_true(ot_date_parse("1900-01-01", &d));
    assert_true(ot_date_parse("9999-12-31", &d));
    assert_false(ot_date_parse("1899-12-31", &d));
    assert_false(ot_date_parse("0000-01-01", &d));
    assert_false(ot_date_parse("10000-01-01", &d));
    assert_true(ot_date_valid(OT_DATE_MIN_YEAR, 1, 1));
    assert_true(ot_date_valid(OT_DATE_MAX_YEAR, 12, 31));
    assert_false(ot_date_valid(OT_DATE_MIN_YEAR - 1, 12, 31));
    assert_false(ot_date_valid(OT_DATE_MAX_YEAR + 1, 1, 1));
    /* the text forms share the range */
    assert_false(ot_date_parse_text("31.12.1899", &d));
    assert_true(ot_date_parse_text("31.12.9999", &d));
    assert_false(ot_date_parse_loose("April 25, 1899", &d));
    assert_true(ot_date_parse_loose("April 25, 2300", &d));
    /* formatting never writes more than ten characters, even far outside the range */
    assert_string_equal(iso_of(ot_date_from_civil(9999, 12, 31) + 1000), "9999-12-31");
    assert_string_equal(iso_of(ot_date_from_civil(-5, 6, 1)), "0000-01-01");
}

static void invalid_dates_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2025-02-29",  "2100-02-29",  "2025-13-01", "2025-00-10",  "2025-04-31",
        "2025-01-00",  "2025-1-01",   "2025-01-1",  "2025-01-011", "2025/01/01",
        " 2025-01-01", "2025-01-01 ", "+025-01-01", "2025-01-0a",  "",
        "2025",        "2025-01",
    };
    int32_t d = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (ot_date_parse(bad[i], &d)) fail_msg("'%s' was accepted", bad[i]);
    assert_false(ot_date_parse(NULL, &d));
    assert_int_equal(d, 42); /* a refused date leaves the output alone */
    assert_true(ot_date_parse("2024-02-29", &d));
    assert_true(ot_date_parse("2000-02-29", &d));
    /* a timestamp's date */
    assert_true(ot_date_parse_prefix("2024-02-29T12:00:00.000Z", &d));
    assert_int_equal(d, day_of("2024-02-29"));
    assert_false(ot_date_parse_prefix("2025-02-29T12:00:00.000Z", &d));
}

/* Every day of the range: written and read back, and one after the other as a calendar
 * counted by hand (so the day-number algorithm is checked against the month lengths). */
static void every_day_of_the_range_round_trips(void **state)
{
    (void)state;
    int32_t first = day_of("1900-01-01"), last = day_of("9999-12-31");
    int y = 1900, m = 1, d = 1;
    for (int32_t day = first; day <= last; day++) {
        int cy, cm, cd;
        ot_date_to_civil(day, &cy, &cm, &cd);
        if (cy != y || cm != m || cd != d)
            fail_msg("day %d is %04d-%02d-%02d, expected %04d-%02d-%02d", (int)day, cy, cm, cd, y,
                     m, d);
        if (ot_date_from_civil(y, m, d) != day) fail_msg("%04d-%02d-%02d", y, m, d);
        char iso[OT_DATE_LEN];
        ot_date_format(day, iso);
        int32_t back;
        if (!ot_date_parse(iso, &back) || back != day) fail_msg("%s does not read back", iso);
        if (++d > ot_date_month_days(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 10000);
}

static void adding_years_keeps_the_day_or_falls_back_to_28_february(void **state)
{
    (void)state;
    int32_t leap_day = day_of("2024-02-29");
    assert_string_equal(iso_of(ot_date_add_years(leap_day, 1)), "2025-02-28");
    assert_string_equal(iso_of(ot_date_add_years(leap_day, 4)), "2028-02-29");
    assert_string_equal(iso_of(ot_date_add_years(leap_day, -5)), "2019-02-28");
    assert_string_equal(iso_of(ot_date_add_years(day_of("2000-02-29"), 100)), "2100-02-28");
    assert_string_equal(iso_of(ot_date_add_years(day_of("2000-02-29"), 400)), "2400-02-29");
    assert_string_equal(iso_of(ot_date_add_years(day_of("2025-06-30"), -5)), "2020-06-30");
    assert_string_equal(iso_of(ot_date_add_years(day_of("2025-03-01"), 0)), "2025-03-01");
    /* timestamps (retention): the time of day stays */
    char out[OT_TS_LEN];
    ot_iso_add_years("2024-02-29T12:00:00.000Z", 5, out);
    assert_string_equal(out, "2029-02-28T12:00:00.000Z");
    ot_iso_add_years("2024-02-29T12:00:00.000Z", 4, out);
    assert_string_equal(out, "2028-02-29T12:00:00.000Z");
    ot_iso_add_years("2026-01-15T08:30:00.000Z", -5, out);
    assert_string_equal(out, "2021-01-15T08:30:00.000Z");
    ot_iso_add_years("2026-01-15", 5, out);
    assert_string_equal(out, "2031-01-15");
    ot_iso_add_years("yesterday", 5, out);
    assert_string_equal(out, "");
}

static void today_is_the_utc_date_of_the_clock(void **state)
{
    (void)state;
    int32_t before = (int32_t)(time(NULL) / 86400);
    int32_t today = ot_date_today();
    char iso[OT_DATE_LEN];
    ot_date_today_iso(iso);
    int32_t after = (int32_t)(time(NULL) / 86400);
    assert_true(today >= before && today <= after);
    int32_t parsed;
    assert_true(ot_date_parse(iso, &parsed));
    assert_true(parsed >= before && parsed <= after);
}

static void excel_serials_become_iso_dates_in_both_date_systems(void **state)
{
    (void)state;
    char d[OT_DATE_LEN];
    assert_true(ot_excel_serial_to_iso(39082, false, d));
    assert_string_equal(d, "2006-12-31");
    assert_true(ot_excel_serial_to_iso(46112.75, false, d)); /* the time of day is dropped */
    assert_string_equal(d, "2026-03-31");
    assert_true(ot_excel_serial_to_iso(1, false, d));
    assert_string_equal(d, "1900-01-01");
    assert_true(ot_excel_serial_to_iso(59, false, d));
    assert_string_equal(d, "1900-02-28");
    assert_true(ot_excel_serial_to_iso(61, false, d));
    assert_string_equal(d, "1900-03-01");
    assert_false(ot_excel_serial_to_iso(60, false, d)); /* Excel's fictitious 1900-02-29 */
    assert_true(ot_excel_serial_to_iso(2958465, false, d));
    assert_string_equal(d, "9999-12-31");
    /* the 1904 system is 1462 days behind */
    assert_true(ot_excel_serial_to_iso(39082 - 1462, true, d));
    assert_string_equal(d, "2006-12-31");
    assert_true(ot_excel_serial_to_iso(1, true, d));
    assert_string_equal(d, "1904-01-02");
    assert_false(ot_excel_serial_to_iso(2958465, true, d)); /* would be past 9999 */
    assert_false(ot_excel_serial_to_iso(0, false, d));
    assert_false(ot_excel_serial_to_iso(-5, false, d));
    assert_false(ot_excel_serial_to_iso(1e12, false, d));
    assert_false(ot_excel_serial_to_iso(NAN, false, d));
    /* and back, for the reader of .xls files */
    assert_int_equal((int)ot_date_to_excel_serial(day_of("2006-12-31"), false), 39082);
    assert_int_equal((int)ot_date_to_excel_serial(day_of("1900-02-28"), false), 59);
    assert_int_equal((int)ot_date_to_excel_serial(day_of("1900-03-01"), false), 61);
    assert_int_equal((int)ot_date_to_excel_serial(day_of("2006-12-31"), true), 39082 - 1462);
    for (int32_t s = 61; s < 80000; s += 7) {
        int32_t day;
        assert_true(ot_date_from_excel_serial(s, false, &day));
        assert_int_equal((int32_t)ot_date_to_excel_serial(day, false), s);
    }
}

/* Effective dates typed as text: the forms suppliers use are read, anything else is
 * refused (the raw text then stays for a finding to quote). */
static void template_text_forms_become_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text, *iso;
    } ok[] = {
        {"05-Mar-2025", "2025-03-05"},       {"5-mar-2025", "2025-03-05"},
        {"31/Dec/2024", "2024-12-31"},       {"1/JAN/2026", "2026-01-01"},
        {"2025-03-05", "2025-03-05"},        {"2024-06-05 00:00:00", "2024-06-05"},
        {"05.03.2025", "2025-03-05"},        {" 29-Feb-2024 ", "2024-02-29"},
        {"12-September-2023", "2023-09-12"}, {"12-Sept-2023", "2023-09-12"},
        {"5 May 2025", "2025-05-05"},        {"2024-06-05T10:00", "2024-06-05"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int32_t day;
        if (!ot_date_parse_text(ok[i].text, &day)) fail_msg("'%s' was refused", ok[i].text);
        assert_string_equal(iso_of(day), ok[i].iso);
    }
}

static void other_template_text_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "29-Feb-2025", /* not a leap year */
        "31-Apr-2025", /* April has 30 days */
        "2025-13-01",  /* no month 13 */
        "03/05/2025",  /* ambiguous numeric month order: not a template form */
        "Q1 2025",     "next Monday", "", "05-Mar-25", "5-Mrz-2025", "05.03.2025 extra",
        "5-Marc-2025", "05-Mar/2025",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t day;
        if (ot_date_parse_text(bad[i], &day))
            fail_msg("'%s' was accepted as %s", bad[i], iso_of(day));
    }
    int32_t day;
    assert_false(ot_date_parse_text(NULL, &day));
}

/* The revision dates of reference lists, written in a line of text. */
static void list_dates_are_found_in_free_text(void **state)
{
    (void)state;
    static const struct {
        const char *text, *iso;
    } ok[] = {
        {"2025-04-25", "2025-04-25"},         {"April 25, 2025", "2025-04-25"},
        {"December 21st 2012", "2012-12-21"}, {"15-Mar-2025", "2025-03-15"},
        {"April 2025", "2025-04-01"},         {"25.04.2025", "2025-04-25"},
        {"4/25/2025", "2025-04-25"},          {"25/4/2025", "2025-04-25"},
        {"Sept. 3rd, 2024", "2024-09-03"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int32_t day;
        if (!ot_date_parse_loose(ok[i].text, &day)) fail_msg("'%s' was refused", ok[i].text);
        assert_string_equal(iso_of(day), ok[i].iso);
    }
    static const char *const bad[] = {"2025-02-30", "soon", "", "13/13/2025", "25 2025"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t day;
        if (ot_date_parse_loose(bad[i], &day)) fail_msg("'%s' was accepted", bad[i]);
    }
}

static void month_names_in_english(void **state)
{
    (void)state;
    assert_int_equal(ot_date_month_from_name("jan", 3), 1);
    assert_int_equal(ot_date_month_from_name("SEPT", 4), 9);
    assert_int_equal(ot_date_month_from_name("December", 8), 12);
    assert_int_equal(ot_date_month_from_name("Marc", 4), 0);
    assert_int_equal(ot_date_month_from_name("Ma", 2), 0);
    assert_int_equal(ot_date_month_from_name(NULL, 3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_gregorian_leap_year_rule),
        cmocka_unit_test(day_numbers_count_from_1970),
        cmocka_unit_test(the_accepted_range_is_1900_to_9999),
        cmocka_unit_test(invalid_dates_are_refused),
        cmocka_unit_test(every_day_of_the_range_round_trips),
        cmocka_unit_test(adding_years_keeps_the_day_or_falls_back_to_28_february),
        cmocka_unit_test(today_is_the_utc_date_of_the_clock),
        cmocka_unit_test(excel_serials_become_iso_dates_in_both_date_systems),
        cmocka_unit_test(template_text_forms_become_dates),
        cmocka_unit_test(other_template_text_is_refused),
        cmocka_unit_test(list_dates_are_found_in_free_text),
        cmocka_unit_test(month_names_in_english),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
