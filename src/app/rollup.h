/* rollup.h (app) - use case "rollup": the company's picture of one campaign (every
 * smelter its suppliers' current submissions name, with RMAP status, red flags and risk;
 * the names that resolved to no smelter; the counts a filing quotes), computed by
 * report/rollup.h at the time of the call.
 *
 * A campaign is named as people name it: "2025" or "2025/CMRT" (campaign_select.h). */
#ifndef OT_APP_ROLLUP_H
#define OT_APP_ROLLUP_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "app/campaign_select.h"
#include "report/rollup.h"

typedef struct ot_rollup_request {
    const char *campaign; /* "2025", "2025/CMRT"; NULL: the most recent */
    const char *as_of;    /* YYYY-MM-DD: files received by then, statuses in force then;
                             NULL: today */
    bool valid_only;      /* only suppliers whose current submission is valid */
} ot_rollup_request;

typedef struct ot_rollup_result {
    ot_campaign_ref campaign;
    bool valid_only;
    ot_rollup *rollup;
} ot_rollup_result;

ot_code ot_app_rollup(ot_app *app, const ot_rollup_request *req, ot_rollup_result *res,
                      ot_error *err);
/* JSON lines, one per consolidated smelter: smelter_id, metal, standard_name, country,
 * country_iso, rmap_status, status_as_of, suppliers, supplier_ids, submission_ids,
 * mine_countries, red_flags (codes), red_flag_reasons, risk. */
json_t *ot_rollup_result_to_json(const ot_rollup_result *res);
/* JSON lines, one per unresolved row: metal, name, country, smelter_id_input,
 * supplier_id, submission_id, row, reason. */
json_t *ot_rollup_unresolved_to_json(const ot_rollup_result *res);
/* One object: campaign, template, as_of, valid_only, the summary counts, by_status,
 * by_risk, suppliers_by_program, status_list_as_of, cahra_list and watch_list (null when
 * the workspace holds none). */
json_t *ot_rollup_summary_to_json(const ot_rollup_result *res);
void ot_rollup_result_free(ot_rollup_result *res);

#endif
