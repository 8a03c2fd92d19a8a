/* campaign_select.c - campaign names to campaigns (campaign_select.h). */
#include "app/campaign_select.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "campaign/campaign.h"

static bool parse_name(const char *name, int *year, char family[16])
{
    *year = 0;
    family[0] = '\0';
    if (!name || !*name) return true;
    char *end;
    long y = strtol(name, &end, 10);
    if (end == name || y < 2000 || y > 9999) return false;
    *year = (int)y;
    if (!*end) return true;
    if (*end != '/' || !end[1] || strlen(end + 1) >= 16) return false;
    snprintf(family, 16, "%s", end + 1);
    for (char *p = family; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return true;
}

ot_code ot_app_campaign_select(ot_app *app, const char *name, ot_campaign_ref *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    int year;
    char family[16];
    if (!parse_name(name, &year, family))
        return ot_fail(err, OT_E_USAGE,
                       "'%s' names no campaign: give a reporting year, or a year and a template "
                       "family such as 2025/CMRT",
                       name);
    ot_campaign_info c;
    ot_code rc = ot_campaign_get(ot_app_workspace(app), year, &c, err);
    if (rc != OT_OK) return rc;
    size_t n = strlen(family);
    if (n && (strncasecmp(c.template_name, family, n) != 0 || c.template_name[n] != ' '))
        return ot_fail(err, OT_E_NOT_FOUND, "no %d campaign of the %s family (the %d campaign asks for %s)",
                       year, family, c.year, c.template_name);
    out->id = c.id;
    out->year = c.year;
    snprintf(out->template_name, sizeof out->template_name, "%s", c.template_name);
    snprintf(out->due_date, sizeof out->due_date, "%s", c.due_date);
    return OT_OK;
}
