/* campaign_select.h - the one place a campaign name as people write it ("2025", or
 * "2025/CMRT": the year's campaign of that template family) becomes a campaign, for the
 * use cases that read a campaign's figures (rollup, and the reports built on it).
 * It defers to campaign/campaign.h's ot_campaign_find, the one rule for selectors. */
#ifndef OT_APP_CAMPAIGN_SELECT_H
#define OT_APP_CAMPAIGN_SELECT_H

#include <stdint.h>

#include "app/app.h"
#include "util/date.h"

typedef struct ot_campaign_ref {
    int64_t id;
    int year;
    char family[8];         /* "CMRT", "EMRT", "CRT", "AMRT" */
    char template_name[32]; /* "CMRT 6.5" */
    char due_date[OT_DATE_LEN];
} ot_campaign_ref;

/* The campaign `name` names (NULL or "": the most recent). OT_E_USAGE when the text is
 * not a year or YEAR/FAMILY; OT_E_NOT_FOUND when there is no such campaign. */
ot_code ot_app_campaign_select(ot_app *app, const char *name, ot_campaign_ref *out, ot_error *err);

#endif
