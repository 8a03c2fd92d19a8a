/* campaign_select.c - campaign names to campaigns (campaign_select.h). */
#include "app/campaign_select.h"

#include <stdio.h>
#include <string.h>

#include "campaign/campaign.h"

ot_code ot_app_campaign_select(ot_app *app, const char *name, ot_campaign_ref *out, ot_error *err)
{
    memset(out, 0, sizeof *out);
    ot_campaign_info c;
    ot_code rc = ot_campaign_find(ot_app_workspace(app), name, &c, err);
    if (rc != OT_OK) return rc;
    out->id = c.id;
    out->year = c.year;
    snprintf(out->family, sizeof out->family, "%s", c.family);
    snprintf(out->template_name, sizeof out->template_name, "%s", c.template_name);
    snprintf(out->due_date, sizeof out->due_date, "%s", c.due_date);
    return OT_OK;
}
