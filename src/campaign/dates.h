/* dates.h - calendar dates as day numbers, for scoping ("no purchase in 5 years") and
 * follow-up schedules ("14 days after the request"). Dates are proleptic Gregorian,
 * written as ISO "YYYY-MM-DD"; a day number counts days since 1970-01-01. Campaign
 * decisions are taken per calendar day, so no time zone enters except for "today",
 * which is the UTC date unless a caller overrides it (--today in the CLI, for tests). */
#ifndef OT_CAMPAIGN_DATES_H
#define OT_CAMPAIGN_DATES_H

#include <stdbool.h>
#include <stdint.h>

/* Parses "YYYY-MM-DD" (exactly; month and day checked). */
bool ot_date_parse(const char *iso, int32_t *day);
/* Writes "YYYY-MM-DD" into out[11]. */
void ot_date_format(int32_t day, char out[11]);
/* Today's UTC date. */
int32_t ot_date_today(void);
/* The same month and day `years` earlier (29 February becomes 28 February). */
int32_t ot_date_minus_years(int32_t day, int years);

#endif
