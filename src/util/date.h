/* date.h - calendar dates: the one place oretrace reads, writes and counts days.
 *
 * Dates are proleptic Gregorian and written ISO "YYYY-MM-DD". A day number counts days
 * since 1970-01-01 (negative before it); adding n days is adding n to the day number.
 * Decisions are taken per calendar day, so no time zone enters except for "today", which
 * is the UTC date (callers let a person override it, for tests and re-runs).
 *
 * The accepted years are OT_DATE_MIN_YEAR..OT_DATE_MAX_YEAR (1900..9999) for every
 * parser: 1900 is where Excel's date serials start (no template cell holds an earlier
 * date) and 9999 the last year with four digits, which keeps ISO dates and timestamps
 * sorting correctly as text (the database compares them so). Arithmetic (day numbers,
 * ot_date_add_years) works outside the range; only parsing refuses it. */
#ifndef OT_UTIL_DATE_H
#define OT_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OT_DATE_MIN_YEAR 1900
#define OT_DATE_MAX_YEAR 9999
/* "YYYY-MM-DD" and its NUL. */
#define OT_DATE_LEN 11
/* An ISO-8601 UTC timestamp "YYYY-MM-DDTHH:MM:SS.mmmZ" and its NUL. */
#define OT_TS_LEN 25

/* ---- the calendar ------------------------------------------------------------------ */

bool ot_date_is_leap(int year);
/* Days in the month (1..12) of the year; 0 for a month outside 1..12. */
int ot_date_month_days(int year, int month);
/* A real day (month 1..12, day within the month) with the year in the accepted range. */
bool ot_date_valid(int year, int month, int day);
/* The day number of a civil date (any year; month 1..12, day 1..31). */
int32_t ot_date_from_civil(int year, int month, int day);
/* The civil date of a day number. */
void ot_date_to_civil(int32_t day, int *year, int *month, int *mday);
/* The same month and day `years` later (earlier when negative); 29 February becomes
 * 28 February in a year that is not a leap year. */
int32_t ot_date_add_years(int32_t day, int years);
/* Month 1..12 of an English month name of n bytes: the three-letter abbreviation, the
 * full name or "Sept", in any case; 0 otherwise. */
int ot_date_month_from_name(const char *s, size_t n);

/* ---- reading ----------------------------------------------------------------------- */

/* Exactly "YYYY-MM-DD" (four, two and two digits), a real day in the accepted range. */
bool ot_date_parse(const char *iso, int32_t *day);
/* "YYYY-MM-DD" at the start of s, whatever follows (a timestamp's date). */
bool ot_date_parse_prefix(const char *s, int32_t *day);
/* A date as people type it into a template cell: ISO "YYYY-MM-DD" (a time part may
 * follow after a space or 'T'), "DD.MM.YYYY", or day, month name and four-digit year
 * separated by '-', '/' or ' ' ("05-Mar-2025", "1/JAN/2026"). Surrounding spaces are
 * ignored. A numeric "03/05/2025" is refused: its month order is ambiguous. */
bool ot_date_parse_text(const char *text, int32_t *day);
/* A date somewhere in a line of free text, as lists state their revision date: a month
 * name anywhere with a day ("April 25, 2025", "December 21st 2012"; the 1st without a
 * day: "April 2025"), ISO "2025-04-25", "25.04.2025", or "4/25/2025" (month first,
 * unless the first number cannot be a month). */
bool ot_date_parse_loose(const char *text, int32_t *day);

/* ---- writing and today ------------------------------------------------------------- */

/* Writes "YYYY-MM-DD" (a day before year 0 or after 9999 is written as the nearest of
 * 0000-01-01 and 9999-12-31, so the text always has ten characters). */
void ot_date_format(int32_t day, char out[OT_DATE_LEN]);
/* Today's UTC date, as a day number and as text. */
int32_t ot_date_today(void);
void ot_date_today_iso(char out[OT_DATE_LEN]);

/* Adds years to the date of an ISO timestamp (or date), keeping the rest of the text:
 * "2024-02-29T12:00:00.000Z" + 5 = "2029-02-28T12:00:00.000Z". out is "" when iso does
 * not start with a date. */
void ot_iso_add_years(const char *iso, int years, char out[OT_TS_LEN]);

/* ---- Excel serial day numbers ------------------------------------------------------ */

/* Excel's serials count days from 1900-01-01 = 1 and include the fictitious 1900-02-29
 * (60); a workbook in the 1904 system counts from 1904-01-01 = 0.
 * The day of an Excel serial (its fraction, the time, is dropped); false outside
 * 1..2958465, for 60 in the 1900 system and for a date outside the accepted range. */
bool ot_date_from_excel_serial(double serial, bool date1904, int32_t *day);
/* The Excel serial of a day (the inverse of ot_date_from_excel_serial). */
double ot_date_to_excel_serial(int32_t day, bool date1904);
/* ot_date_from_excel_serial written as "YYYY-MM-DD". */
bool ot_excel_serial_to_iso(double serial, bool date1904, char out[OT_DATE_LEN]);

#endif
