/* integrity.h - the database's own consistency check as a typed result: `audit verify`
 * and `vault verify` run it first, so a damaged database is reported before anything
 * read from it is trusted. */
#ifndef OT_APP_INTEGRITY_H
#define OT_APP_INTEGRITY_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"

typedef struct ot_integrity_result {
    char **problems; /* what the check found, one sentence each (malloc'd) */
    size_t count;    /* 0: the database is consistent */
} ot_integrity_result;

/* Runs the full check (store.h ot_db_check_integrity) on the app's connection. An error
 * only when the check could not run. */
ot_code ot_app_check_integrity(ot_app *app, ot_integrity_result *res, ot_error *err);
/* {"ok": bool, "problems": [text...]}. */
json_t *ot_integrity_result_to_json(const ot_integrity_result *res);
void ot_integrity_result_free(ot_integrity_result *res);

#endif
