/* export.h - use cases "export xlsx" and "export csv": the campaign's data for auditors
 * (report/export.h) - consolidated smelter list, suppliers with their status and program
 * strength, findings of the current submissions, corrective actions, unresolved smelter
 * names - from the
 * roll-up (app/rollup.h) at an evaluation date, as one XLSX workbook or a folder of CSV
 * files. Reading only: nothing in the workspace changes. */
#ifndef OT_APP_EXPORT_H
#define OT_APP_EXPORT_H

#include <jansson.h>

#include "app/app.h"
#include "app/campaign_select.h"
#include "report/export.h"
#include "util/date.h"

typedef enum { OT_EXPORT_FORMAT_XLSX = 0, OT_EXPORT_FORMAT_CSV } ot_export_format;

typedef struct ot_export_request {
    const char *campaign; /* "2025", "2025/CMRT"; NULL: the most recent */
    ot_export_format format;
    const char *out;   /* the workbook (xlsx) or folder (csv); NULL: oretrace-export-YEAR.xlsx
                          or oretrace-export-YEAR in the current folder */
    const char *as_of; /* YYYY-MM-DD: files received by then, statuses in force then;
                          NULL: today */
} ot_export_request;

typedef struct ot_export_result {
    ot_campaign_ref campaign;
    ot_export_format format;
    char as_of[OT_DATE_LEN];
    char path[4096]; /* what was written */
    size_t rows[OT_EXPORT__COUNT];
} ot_export_result;

ot_code ot_app_export(ot_app *app, const ot_export_request *req, ot_export_result *res,
                      ot_error *err);
/* One object: campaign, template, format, as_of, path, rows {smelters, suppliers,
 * findings, actions, unresolved} (rows written below each table's header). */
json_t *ot_export_result_to_json(const ot_export_result *res);

#endif
