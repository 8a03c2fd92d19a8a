/* report_cmr.h - use cases "report cmr" and "report verify": the Form SD and the Conflict
 * Minerals Report written as EDGAR HTML with evidence.json beside them, and the evidence
 * checked against the workspace as it is now (report/cmr.h, report/evidence.h). */
#ifndef OT_APP_REPORT_CMR_H
#define OT_APP_REPORT_CMR_H

#include <jansson.h>

#include "app/app.h"
#include "report/evidence.h"

typedef struct ot_report_cmr_request {
    const char *campaign; /* "2025/CMRT", "2025" (its CMRT campaign), NULL: the most recent */
    const char *out_dir;  /* where the files go (created) */
    const char *as_of;    /* "YYYY-MM-DD"; NULL: today */
    const char *today;    /* the signature date, "YYYY-MM-DD"; NULL: today */
} ot_report_cmr_request;

typedef struct ot_report_cmr_result {
    int year;
    char campaign[24]; /* "2025/CMRT" */
    char as_of[OT_DATE_LEN];
    char form_sd[33], cmr[33]; /* file names; cmr "" when no CMR was required */
    char pdf[48];              /* the unofficial PDF copy of both */
    ot_rcoi_conclusion conclusion;
    ot_dd_outcome outcome;
    bool overridden;
} ot_report_cmr_result;

/* OT_E_INVALID naming the missing filer_* key; narrative errors name file and line. */
ot_code ot_app_report_cmr(ot_app *app, const ot_report_cmr_request *req, ot_report_cmr_result *res,
                          ot_error *err);
/* One object: campaign, year, as_of, form_sd, cmr (null when none), pdf, evidence, conclusion,
 * outcome, overridden. */
json_t *ot_report_cmr_result_to_json(const ot_report_cmr_result *res);

typedef struct ot_report_verify_request {
    const char *dir; /* the folder holding evidence.json */
} ot_report_verify_request;

typedef struct ot_report_verify_result {
    int year;
    char campaign[24];
    char as_of[OT_DATE_LEN];
    ot_evidence_diff diff;
} ot_report_verify_result;

ot_code ot_app_report_verify(ot_app *app, const ot_report_verify_request *req,
                             ot_report_verify_result *res, ot_error *err);
/* One object: campaign, as_of, figures_checked, smelters_checked, changed, changes
 * [{what, before, after}]. */
json_t *ot_report_verify_result_to_json(const ot_report_verify_result *res);
void ot_report_verify_result_free(ot_report_verify_result *res);

#endif
