/* date.c - calendar dates (see date.h): the Gregorian rules, day numbers (Howard
 * Hinnant's days_from_civil / civil_from_days), the date forms oretrace reads, today's
 * UTC date and Excel serials. */
#include "util/date.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- the calendar ------------------------------------------------------------------ */

bool ot_date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int ot_date_month_days(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && ot_date_is_leap(year) ? 29 : days[month - 1];
}

bool ot_date_valid(int year, int month, int day)
{
    return year >= OT_DATE_MIN_YEAR && year <= OT_DATE_MAX_YEAR && day >= 1 &&
           day <= ot_date_month_days(year, month);
}

int32_t ot_date_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                            /* 0..399 */
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    /* 0..146096 */
    return (int32_t)(era * 146097 + doe - 719468);
}

void ot_date_to_civil(int32_t day, int *year, int *month, int *mday)
{
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

int32_t ot_date_add_years(int32_t day, int years)
{
    int y, m, d;
    ot_date_to_civil(day, &y, &m, &d);
    y += years;
    if (d > ot_date_month_days(y, m)) d = ot_date_month_days(y, m);
    return ot_date_from_civil(y, m, d);
}

static const char *const month_names[12] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};

int ot_date_month_from_name(const char *s, size_t n)
{
    if (!s || n < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(month_names[m]);
        if ((n == 3 || n == full || (m == 8 && n == 4)) && n <= full &&
            strncasecmp(s, month_names[m], n) == 0)
            return m + 1;
    }
    return 0;
}

/* Free text: any word of three letters or more that starts like a month ("Sept.", "Apr"). */
static int month_from_word(const char *s, size_t n)
{
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s, month_names[m], 3) == 0) return m + 1;
    return 0;
}

/* ---- ISO dates --------------------------------------------------------------------- */

bool ot_date_parse_prefix(const char *s, int32_t *day)
{
    if (!s) return false;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i])) return false;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!ot_date_valid(y, m, d)) return false;
    *day = ot_date_from_civil(y, m, d);
    return true;
}

bool ot_date_parse(const char *iso, int32_t *day)
{
    int32_t d;
    if (!ot_date_parse_prefix(iso, &d) || iso[10] != '\0') return false;
    *day = d;
    return true;
}

void ot_date_format(int32_t day, char out[OT_DATE_LEN])
{
    const int32_t first = ot_date_from_civil(0, 1, 1), last = ot_date_from_civil(9999, 12, 31);
    if (day < first) day = first;
    if (day > last) day = last;
    int y, m, d;
    ot_date_to_civil(day, &y, &m, &d);
    /* the clamp bounds every field; the modulo tells the compiler so */
    snprintf(out, OT_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

/* ---- dates typed into templates ---------------------------------------------------- */

/* Reads 1..max_digits digits (at least min_digits) not followed by another digit. */
static bool read_int(const char **p, int min_digits, int max_digits, int *out)
{
    int n = 0, v = 0;
    while (isdigit((unsigned char)**p) && n < max_digits) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min_digits && !isdigit((unsigned char)**p);
}

static bool finish_date(const char *rest, int y, int m, int d, int32_t *day)
{
    /* allow a time part after an ISO date ("2024-06-05 00:00:00", "...T00:00") */
    if (*rest && *rest != ' ' && *rest != 'T') return false;
    if (!ot_date_valid(y, m, d)) return false;
    *day = ot_date_from_civil(y, m, d);
    return true;
}

bool ot_date_parse_text(const char *text, int32_t *day)
{
    if (!text) return false;
    while (isspace((unsigned char)*text))
        text++;
    const char *p = text;
    int a, b, c;
    if (!read_int(&p, 1, 4, &a)) return false;
    if (p - text == 4 && *p == '-') { /* YYYY-MM-DD */
        p++;
        if (!read_int(&p, 1, 2, &b) || *p++ != '-' || !read_int(&p, 1, 2, &c)) return false;
        return finish_date(p, a, b, c, day);
    }
    if (p - text > 2) return false;
    if (*p == '.') { /* DD.MM.YYYY */
        p++;
        if (!read_int(&p, 1, 2, &b) || *p++ != '.' || !read_int(&p, 4, 4, &c)) return false;
        return *p == '\0' && finish_date(p, c, b, a, day);
    }
    if (*p != '-' && *p != '/' && *p != ' ') return false; /* DD-MMM-YYYY, D/MMM/YYYY */
    char sep = *p++;
    const char *mstart = p;
    while (isalpha((unsigned char)*p))
        p++;
    int month = ot_date_month_from_name(mstart, (size_t)(p - mstart));
    if (!month || *p++ != sep || !read_int(&p, 4, 4, &c)) return false;
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0' && finish_date(p, c, month, a, day);
}

/* ---- dates in free text ------------------------------------------------------------ */

#define LOOSE_WORDS 8

/* The words of a text: runs of digits and runs of letters; everything else separates.
 * An ordinal suffix belongs to its number ("21st" is the number 21). */
typedef struct words {
    const char *w[LOOSE_WORDS];
    size_t len[LOOSE_WORDS], n;
} words;

static bool ordinal_suffix(const char *p, size_t n)
{
    return n == 2 && (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
                      strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0);
}

static void split_words(const char *text, words *ws)
{
    ws->n = 0;
    for (const char *p = text; *p && ws->n < LOOSE_WORDS;) {
        if (!isalnum((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *s = p;
        bool digit = isdigit((unsigned char)*p);
        while (*p && isalnum((unsigned char)*p) && (bool)isdigit((unsigned char)*p) == digit)
            p++;
        ws->w[ws->n] = s;
        ws->len[ws->n++] = (size_t)(p - s);
        if (digit && isalpha((unsigned char)*p)) {
            const char *q = p;
            while (isalpha((unsigned char)*q))
                q++;
            if (ordinal_suffix(p, (size_t)(q - p))) p = q;
        }
    }
}

/* Numbers only: ISO (year first), D.M.Y when the text has dots, else M/D/Y (swapped when
 * the first cannot be a month). */
static void numeric_date(const char *text, const int nums[], const size_t numlen[], int nn, int *y,
                         int *m, int *d)
{
    if (nn < 3) return;
    if (numlen[0] == 4) {
        *y = nums[0];
        *m = nums[1];
        *d = nums[2];
    } else if (numlen[2] == 4) {
        bool dotted = strchr(text, '.') != NULL;
        *d = dotted ? nums[0] : nums[1];
        *m = dotted ? nums[1] : nums[0];
        *y = nums[2];
        if (*m > 12 && *d <= 12) {
            int t = *m;
            *m = *d;
            *d = t;
        }
    }
}

bool ot_date_parse_loose(const char *text, int32_t *day)
{
    if (!text) return false;
    words ws;
    split_words(text, &ws);
    int y = 0, m = 0, d = 0, nums[LOOSE_WORDS], nn = 0;
    size_t numlen[LOOSE_WORDS];
    for (size_t i = 0; i < ws.n; i++) {
        if (isdigit((unsigned char)ws.w[i][0])) {
            nums[nn] = (int)strtol(ws.w[i], NULL, 10);
            numlen[nn++] = ws.len[i];
        } else if (!m) {
            m = month_from_word(ws.w[i], ws.len[i]);
        }
    }
    if (m) { /* month written as a word: one number is the day, a 4-digit one the year */
        for (int i = 0; i < nn; i++) {
            if (numlen[i] == 4 && !y)
                y = nums[i];
            else if (numlen[i] <= 2 && !d)
                d = nums[i];
        }
        if (!d) d = 1; /* "April 2025" */
    } else {
        numeric_date(text, nums, numlen, nn, &y, &m, &d);
    }
    if (!ot_date_valid(y, m, d)) return false;
    *day = ot_date_from_civil(y, m, d);
    return true;
}

/* ---- today and timestamps ---------------------------------------------------------- */

int32_t ot_date_today(void)
{
    time_t now = time(NULL);
    /* floor division: a clock before 1970 still gives the right day */
    return (int32_t)(now >= 0 ? now / 86400 : -((-now + 86399) / 86400));
}

void ot_date_today_iso(char out[OT_DATE_LEN])
{
    ot_date_format(ot_date_today(), out);
}

void ot_iso_add_years(const char *iso, int years, char out[OT_TS_LEN])
{
    int32_t day;
    out[0] = '\0';
    if (!ot_date_parse_prefix(iso, &day)) return;
    char date[OT_DATE_LEN];
    ot_date_format(ot_date_add_years(day, years), date);
    snprintf(out, OT_TS_LEN, "%s%s", date, iso + 10);
}

/* ---- Excel serials ----------------------------------------------------------------- */

bool ot_date_from_excel_serial(double serial, bool date1904, int32_t *day)
{
    if (!(serial >= 1 && serial <= 2958465)) return false; /* 2958465 = 9999-12-31 */
    int32_t n = (int32_t)floor(serial), d;
    if (date1904) {
        d = ot_date_from_civil(1904, 1, 1) + n;
    } else if (n == 60) {
        return false; /* Excel's 1900-02-29, a day that never was */
    } else {
        d = ot_date_from_civil(1899, 12, n < 60 ? 31 : 30) + n;
    }
    int y, m, md;
    ot_date_to_civil(d, &y, &m, &md);
    if (y > OT_DATE_MAX_YEAR) return false;
    *day = d;
    return true;
}

double ot_date_to_excel_serial(int32_t day, bool date1904)
{
    if (date1904) return (double)(day - ot_date_from_civil(1904, 1, 1));
    int32_t n = day - ot_date_from_civil(1899, 12, 30);
    if (day < ot_date_from_civil(1900, 3, 1)) n -= 1; /* before the fictitious 29 February */
    return (double)n;
}

bool ot_excel_serial_to_iso(double serial, bool date1904, char out[OT_DATE_LEN])
{
    int32_t day;
    if (!ot_date_from_excel_serial(serial, date1904, &day)) return false;
    ot_date_format(day, out);
    return true;
}
