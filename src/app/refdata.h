/* refdata.h (app) - use cases of the smelter reference data: "refdata import",
 * "refdata status-import", "refdata show", "refdata sources", "refdata undo" and
 * "refdata export"; and the store every other use case reads.
 *
 * The reference data in use are the workspace's (its database, through the app's
 * connection), or the snapshot shipped in the program when nothing was imported into
 * it. The reading use cases (show, sources, export, and ot_app_refdata) also take a NULL
 * app: no workspace, the shipped snapshot. Importing and undoing need a workspace. */
#ifndef OT_APP_REFDATA_H
#define OT_APP_REFDATA_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "refdata/match.h"
#include "refdata/refdata.h"
#include "report/reresolve.h"

/* The store in use (free with ot_refdata_free); *from_snapshot (may be NULL) tells
 * whether it is the shipped snapshot. */
ot_code ot_app_refdata(ot_app *app, ot_refdata **rd, bool *from_snapshot, ot_error *err);

/* ---- refdata import --------------------------------------------------------------- */

typedef struct ot_refdata_import_request {
    char *const *files; /* reference lists: RMI templates or look-up CSVs, oldest first */
    size_t file_count;
    const char *as_of; /* the lists' date (NULL: a template's revision date) */
    bool partial;      /* knowingly partial lists: add and update, retire nothing */
    bool fresh;        /* start from an empty store instead of the one in use */
} ot_refdata_import_request;

typedef struct ot_refdata_import_file {
    const char *file; /* as the request gave it */
    ot_import_report report;
} ot_refdata_import_file;

typedef struct ot_refdata_import_result {
    ot_refdata_import_file *files; /* one per file imported, in order */
    size_t count;
    /* When a file was refused (nothing is saved then: the store stays as it was): */
    const char *refused_file;
    bool too_small; /* far smaller than the list in force; `partial` would take it */
    bool need_date; /* the list carries no date; `as_of` must give it */
    ot_reresolve_report reresolved; /* stored Smelter List rows resolved again after it */
} ot_refdata_import_result;

/* Imports every file into the store in use (or an empty one) and saves it in one
 * transaction, each import in the audit log and the import log. */
ot_code ot_app_refdata_import(ot_app *app, const ot_refdata_import_request *req,
                              ot_refdata_import_result *res, ot_error *err);
/* JSON lines, one per file: file, source, as_of, duplicate, backfill, metals, rows,
 * smelters, added, renamed, country_changed, retired, merged, reinstated, aliases_added,
 * legacy_ids, partial, partial_metals, rows_reresolved (stored Smelter List rows whose
 * resolution the whole batch changed). */
json_t *ot_refdata_import_result_to_json(const ot_refdata_import_result *res);
void ot_refdata_import_result_free(ot_refdata_import_result *res);

/* ---- refdata status-import -------------------------------------------------------- */

typedef struct ot_refdata_status_import_request {
    const char *file;  /* an RMAP status list (CSV) */
    const char *as_of; /* date of rows without one (NULL: every row must have one) */
    int32_t today;     /* the day the list's age is counted to; 0: today (UTC) */
} ot_refdata_status_import_request;

typedef struct ot_refdata_status_import_result {
    const char *file;
    ot_status_import_report report; /* report.need_date: refused for want of a date */
    /* The list's age: its newest status date (report.as_of) to today. Older than the
     * configuration's status_list_max_age_days: stale, and the warning is recorded in the
     * audit log (action refdata.status_old). */
    long age_days;
    int max_age_days;
    bool stale;
} ot_refdata_status_import_result;

ot_code ot_app_refdata_status_import(ot_app *app, const ot_refdata_status_import_request *req,
                                     ot_refdata_status_import_result *res, ot_error *err);
/* One object: file, source, rows, imported, by_name, unknown_ids, unmatched, skipped,
 * first_problem, as_of, age_days, max_age_days, stale. */
json_t *ot_refdata_status_import_result_to_json(const ot_refdata_status_import_result *res);

/* ---- refdata show ----------------------------------------------------------------- */

typedef struct ot_refdata_show_request {
    const char *what;  /* a smelter ID (any spelling, or a legacy ID) or a name */
    const char *metal; /* with a name: the metal (NULL: any) */
    const char *date;  /* RMAP status as known on this date (NULL: the latest) */
} ot_refdata_show_request;

typedef struct ot_refdata_show_result {
    ot_refdata *rd;                 /* owned: everything below points into it */
    const ot_smelter *smelter;      /* NULL when nothing is called `what` */
    const ot_status_entry *status;  /* on the date; NULL when none is known */
    const ot_refdata_alias **names; /* its names, and those of IDs merged into it */
    size_t name_count;
    const char **legacy_ids; /* legacy IDs mapped to it */
    size_t legacy_count;
    const ot_refdata_event **history; /* its history and that of IDs merged into it, in
                                         store order */
    size_t history_count;
    /* Not found (OT_E_NOT_FOUND): the closest smelters, and whether the name fits
     * several metals (giving the metal would tell them apart). */
    const ot_smelter *candidates[OT_MATCH_MAX_CANDIDATES];
    size_t candidate_count;
    bool several_metals;
} ot_refdata_show_result;

/* OT_E_NOT_FOUND when no smelter is called `what` (the result still holds the closest
 * ones: free it in any case). */
ot_code ot_app_refdata_show(ot_app *app, const ot_refdata_show_request *req,
                            ot_refdata_show_result *res, ot_error *err);
/* One object: smelter_id, metal, standard_name, country, city, state_province, street,
 * id_source, state, successor_id, first_source, last_source, last_seen, status,
 * status_as_of, status_source, names [{name, listed_under, source}], legacy_ids,
 * history [{date, event, smelter_id, old, new, source}]. */
json_t *ot_refdata_show_result_to_json(const ot_refdata_show_result *res);
void ot_refdata_show_result_free(ot_refdata_show_result *res);

/* ---- refdata sources -------------------------------------------------------------- */

/* One list the reference data were built from, or an import no longer in force. */
typedef struct ot_refdata_source_line {
    const char *source, *kind, *as_of, *sha256;
    long long rows;                        /* -1 for an import no longer in force */
    const ot_refdata_import_entry *import; /* NULL: shipped with oretrace */
    bool in_force;
} ot_refdata_source_line;

typedef struct ot_refdata_sources_result {
    ot_refdata *rd;                   /* owned */
    ot_refdata_import_entry *imports; /* owned: the import log, oldest first */
    size_t import_count;
    ot_refdata_source_line *lines; /* the sources in force (store order), then the
                                      imports no longer in force */
    size_t count;
    bool from_snapshot; /* nothing imported is in force */
    size_t smelters, current, names, statuses;
    bool undoable; /* some import is still in force */
} ot_refdata_sources_result;

ot_code ot_app_refdata_sources(ot_app *app, ot_refdata_sources_result *res, ot_error *err);
/* JSON lines, one per line of the result: source, kind, as_of, rows, sha256, import_id,
 * file, partial, imported_at, imported_by, in_force, undone_at. */
json_t *ot_refdata_sources_result_to_json(const ot_refdata_sources_result *res);
void ot_refdata_sources_result_free(ot_refdata_sources_result *res);

/* ---- refdata undo ----------------------------------------------------------------- */

typedef struct ot_refdata_undo_request {
    long long import_id;
} ot_refdata_undo_request;

typedef ot_refdata_undo_report ot_refdata_undo_result;

ot_code ot_app_refdata_undo(ot_app *app, const ot_refdata_undo_request *req,
                            ot_refdata_undo_result *res, ot_error *err);
/* One object: import_id, source, kind, as_of, undone_at, undone_by, restored ("snapshot"
 * or "store"), smelters, sources. */
json_t *ot_refdata_undo_result_to_json(const ot_refdata_undo_result *res);

/* ---- refdata export --------------------------------------------------------------- */

typedef struct ot_refdata_export_request {
    const char *file; /* written atomically, in the snapshot's format (docs/refdata.md) */
} ot_refdata_export_request;

ot_code ot_app_refdata_export(ot_app *app, const ot_refdata_export_request *req, ot_error *err);

#endif
