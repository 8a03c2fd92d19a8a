/* common.c - small helpers the risk sources share: blank tests, ISO dates as day
 * numbers (for status ages), bounded text building for reasons. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "risk/risk_internal.h"

bool ot_risk_blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

bool ot_risk_iso_days(const char *iso, long *days)
{
    unsigned y, m, d;
    char tail;
    if (!iso || strlen(iso) != 10 || sscanf(iso, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        return false;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return false;
    *days = days_from_civil((long)y, m, d);
    return true;
}

void ot_risk_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

void ot_risk_appendf(char *buf, size_t cap, const char *fmt, ...)
{
    size_t used = strnlen(buf, cap);
    if (used + 1 >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, cap - used, fmt, ap);
    va_end(ap);
}
