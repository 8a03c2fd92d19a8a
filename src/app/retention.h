/* retention.h - use case "retention report": what the workspace keeps and until when. */
#ifndef OT_APP_RETENTION_H
#define OT_APP_RETENTION_H

#include <jansson.h>

#include "app/app.h"
#include "store/retention.h"

typedef struct ot_retention_request {
    const char *as_of; /* ISO-8601 UTC timestamp to compute at; NULL = now */
} ot_retention_request;

typedef ot_retention_report ot_retention_result;

ot_code ot_app_retention_report(ot_app *app, const ot_retention_request *req,
                                ot_retention_result *res, ot_error *err);
/* One object: retention_years, as_of, cutoff, classes [{class, description, count,
 * oldest, newest, keep_oldest_until, keep_all_until, past_retention}]. */
json_t *ot_retention_result_to_json(const ot_retention_result *res);

#endif
