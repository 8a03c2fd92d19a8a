/* risklists.h (app) - use cases "risk countries import|list" and "risk watchlist
 * import|list": the CAHRA list and the watch list the roll-up's red flags use
 * (report/risklists.h; formats in docs/risk.md). An import replaces the list in force
 * and keeps the earlier ones; it is audited. */
#ifndef OT_APP_RISKLISTS_H
#define OT_APP_RISKLISTS_H

#include <jansson.h>

#include "app/app.h"
#include "report/risklists.h"

typedef struct ot_risklist_import_request {
    ot_risklist_kind kind;
    const char *file;
    const char *source; /* for rows without a source; NULL: each row must give one */
    const char *as_of;  /* for rows without a date (YYYY-MM-DD); NULL: each row must */
    const char *actor;  /* NULL: the operating-system user */
} ot_risklist_import_request;

typedef struct ot_risklist_import_result {
    ot_risklist_info import;
} ot_risklist_import_result;

ot_code ot_app_risklist_import(ot_app *app, const ot_risklist_import_request *req,
                               ot_risklist_import_result *res, ot_error *err);
/* One object: list ("cahra" / "watch"), import_id, file, sha256, source, as_of, entries,
 * imported_at, imported_by. */
json_t *ot_risklist_import_result_to_json(const ot_risklist_import_result *res);

typedef struct ot_risklist_list_request {
    ot_risklist_kind kind;
} ot_risklist_list_request;

typedef struct ot_risklist_list_result {
    ot_risklist_kind kind;
    ot_risklist_info current;  /* id 0: none imported */
    ot_cahra_list *cahra;      /* the list in force (kind CAHRA), NULL when none */
    ot_watch_list *watch;      /* the list in force (kind WATCH), NULL when none */
    ot_risklist_info *history; /* every import, newest first */
    size_t history_count;
} ot_risklist_list_result;

ot_code ot_app_risklist_list(ot_app *app, const ot_risklist_list_request *req,
                             ot_risklist_list_result *res, ot_error *err);
/* JSON lines, one per entry of the list in force: CAHRA import_id, country, alpha2, region,
 * source, as_of, line; watch import_id, smelter_id, name, metal, reason, source, date,
 * line. None when no list was imported. */
json_t *ot_risklist_list_result_to_json(const ot_risklist_list_result *res);
void ot_risklist_list_result_free(ot_risklist_list_result *res);

#endif
