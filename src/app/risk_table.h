/* risk_table.h - use case "risk": per in-scope supplier of a campaign, what its answer
 * says for the due diligence (program strength, declaration scope, completeness of its
 * own inquiry, the outcome of its current file), the red-flag smelters it names, the gaps
 * that propose corrective actions (risk/actions.h) and the actions open with it. Computed
 * from the roll-up (report/rollup.h) at the time of the call, with the stored actions
 * (campaign/actions.h).
 *
 * A campaign is named as people name it: "2025" or "2025/CMRT" (campaign_select.h). */
#ifndef OT_APP_RISK_TABLE_H
#define OT_APP_RISK_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/campaign_select.h"
#include "report/rollup.h"

typedef struct ot_risk_table_request {
    const char *campaign; /* "2025", "2025/CMRT"; NULL: the most recent */
    int32_t today;        /* for overdue actions; 0: today (UTC) */
} ot_risk_table_request;

/* One supplier's row beside its roll-up entry. */
typedef struct ot_risk_table_row {
    const ot_rollup_supplier *supplier;
    unsigned gaps;                     /* bit 1u << ot_supplier_gap each (risk/actions.h) */
    const char **red_flag_smelter_ids; /* medium or high risk, sorted; in the result */
    size_t n_red_flag_smelters;
    size_t actions_open, actions_overdue;
} ot_risk_table_row;

typedef struct ot_risk_table_result {
    ot_campaign_ref campaign;
    ot_rollup *rollup;
    ot_risk_table_row *rows; /* by supplier_id */
    size_t n;
    void *storage_; /* internal */
} ot_risk_table_result;

ot_code ot_app_risk_table(ot_app *app, const ot_risk_table_request *req, ot_risk_table_result *res,
                          ot_error *err);
/* An array, one object per in-scope supplier: supplier_id, name, category, campaign,
 * request_status, outcome (valid, invalid, unreadable, none), template, program (strong,
 * weak, unknown), program_why, scope (company, product, user_defined, unknown),
 * completeness (complete, incomplete, not_applicable, unknown), lowest_response,
 * smelter_rows, red_flag_smelters (count), red_flag_smelter_ids, errors, warnings,
 * findings [{code, action}] (the gaps: SP-...), actions_open, actions_overdue. */
json_t *ot_risk_table_result_to_json(const ot_risk_table_result *res);
void ot_risk_table_result_free(ot_risk_table_result *res);

#endif
