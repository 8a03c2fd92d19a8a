/* report.h - use cases "report conclude" and "report init-text": the user's recorded
 * replacement of the derived RCOI conclusion (report/cmr.h), and the narrative text files
 * of the report written into a workspace that lacks them (report/narrative.h).
 * "report cmr" and "report verify" are in app/report_cmr.h. */
#ifndef OT_APP_REPORT_H
#define OT_APP_REPORT_H

#include <jansson.h>

#include "app/app.h"
#include "report/cmr.h"

/* ---- report conclude ------------------------------------------------------------------ */

typedef struct ot_report_conclude_request {
    const char *campaign;      /* as ot_cmr_find_campaign takes it; NULL: the most recent */
    const char *conclusion;    /* no_necessary_3tg, rcoi_negative, dd_required, or derived */
    const char *outcome;       /* with dd_required: no_cc_or_scrap, conflict_free,
                                  undetermined (NULL: undetermined) */
    const char *justification; /* required: the report prints it */
    const char *actor;         /* NULL: the operating-system user */
} ot_report_conclude_request;

typedef struct ot_report_conclude_result {
    int year;
    char campaign[24];         /* "2025/CMRT" */
    ot_rcoi_override recorded; /* present false: the campaign follows the rule again */
} ot_report_conclude_result;

ot_code ot_app_report_conclude(ot_app *app, const ot_report_conclude_request *req,
                               ot_report_conclude_result *res, ot_error *err);
/* One object: campaign, conclusion ("derived" when the rule applies again), outcome,
 * justification, actor, decided_at. */
json_t *ot_report_conclude_result_to_json(const ot_report_conclude_result *res);

/* ---- report init-text ----------------------------------------------------------------- */

typedef struct ot_report_init_text_result {
    size_t written; /* text files written (the others existed and were left alone) */
    size_t total;
} ot_report_init_text_result;

ot_code ot_app_report_init_text(ot_app *app, ot_report_init_text_result *res, ot_error *err);
/* One object: folder, written, total. */
json_t *ot_report_init_text_result_to_json(const ot_report_init_text_result *res);

#endif
