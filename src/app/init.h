/* init.h - use case "init": create a program workspace, or bring one up to date (folders,
 * database migrated, config file, audit head). The only use case that needs no open
 * workspace, since it makes one. */
#ifndef OT_APP_INIT_H
#define OT_APP_INIT_H

#include <jansson.h>

#include <stddef.h>

#include "store/workspace.h"

typedef struct ot_init_request {
    const char *dir; /* the workspace folder */
} ot_init_request;

typedef struct ot_init_result {
    const char *dir;             /* the request's folder */
    ot_workspace_init_info info; /* what was created, migrated or written */
    size_t texts_written;        /* report texts written into report-text/ (report/narrative.h) */
} ot_init_result;

/* Safe to run again: creates only what is missing, never overwrites the config file,
 * refuses an emptied or replaced database and a lost one (store/workspace.h). */
ot_code ot_app_init(const ot_init_request *req, ot_init_result *res, ot_error *err);
/* One object: workspace, created_folder, created_database, created_config,
 * migrations_applied, schema_version, wrote_audit_head, report_texts_written. */
json_t *ot_init_result_to_json(const ot_init_result *res);

#endif
