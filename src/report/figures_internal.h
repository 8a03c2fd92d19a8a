/* figures_internal.h - the parts of ot_cmr_figures_compute (not public). Forward
 * declarations only: campaign/campaign.h and risk/risk.h (through rollup.h) both define
 * ot_response_rate, so no file can include the two. */
#ifndef OT_REPORT_FIGURES_INTERNAL_H
#define OT_REPORT_FIGURES_INTERNAL_H

#include "report/figures.h"

struct ot_workspace;
struct ot_campaign_info;
struct ot_rollup;

/* The inquiry's figures from the campaign (figures_campaign.c). */
ot_code cmr_figures_from_campaign(struct ot_workspace *ws, const struct ot_campaign_info *c,
                                  ot_cmr_figures *f, ot_error *err);
/* Suppliers, smelters, origins and the appendix from the roll-up (figures_rollup.c). */
ot_code cmr_figures_from_rollup(const struct ot_rollup *r, ot_cmr_figures *f, ot_error *err);
/* The campaign a selector names (ot_cmr_figures_compute says which), its id, year and
 * name into f->inputs, and its inquiry figures (figures_campaign.c). */
ot_code cmr_figures_from_selector(struct ot_workspace *ws, const char *selector, ot_cmr_figures *f,
                                  ot_error *err);

/* The response timeline of a campaign (figures_campaign.c). */
ot_code cmr_timeline_from_campaign(struct ot_workspace *ws, int64_t campaign_id, ot_cmr_timeline *t,
                                   ot_error *err);

#endif
