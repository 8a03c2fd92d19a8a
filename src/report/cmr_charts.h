/* cmr_charts.h - the charts of the Conflict Minerals Report, drawn from the figures the
 * report prints (report/figures.h) into its document (report/document.h). */
#ifndef OT_REPORT_CMR_CHARTS_H
#define OT_REPORT_CMR_CHARTS_H

#include "report/document.h"
#include "report/figures.h"

/* Identified smelters by metal and RMAP status (stacked bars; from the appendix rows). */
void cmr_chart_status_by_metal(ot_doc *d, const ot_cmr_figures *f);
/* Identified smelters by location, the largest twelve and the rest (bars). */
void cmr_chart_smelters_by_country(ot_doc *d, const ot_cmr_figures *f);
/* Suppliers requested / answered / valid over the campaign (lines; f->timeline). Nothing
 * when the campaign has fewer than two dates to draw. */
void cmr_chart_response_timeline(ot_doc *d, const ot_cmr_figures *f);

#endif
