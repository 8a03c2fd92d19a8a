/* ingest.h - use case "ingest": returned workbooks taken into a campaign (ingest/ingest.h):
 * the files and folders given are listed, every file kept in the vault, read, validated
 * against the workspace's smelter list, its smelters resolved, linked to its supplier and
 * counted. */
#ifndef OT_APP_INGEST_H
#define OT_APP_INGEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "ingest/ingest.h"
#include "util/arena.h"
#include "util/pathlist.h"

typedef struct ot_ingest_request {
    const char *campaign;     /* "2025/CMRT" or "2025" (each file goes to that year's
                               * campaign of its template family); NULL: the most recent */
    const char *const *paths; /* files, and folders searched recursively for workbooks */
    size_t n_paths;
    bool follow_links;       /* follow symbolic links found inside folders */
    const char *supplier_id; /* every file comes from this supplier; NULL: find out */
    unsigned threads;        /* files read at a time; 0: one per core */
    int32_t today;           /* the day status changes are recorded under */
    const char *source;      /* where the files came from: "cli" (NULL), "portal", "email" */
    const char *actor;       /* for the audit log; NULL: the operating-system user */
    /* Called on the calling thread after each file, in input order (progress, a line per
     * file); may be NULL. */
    ot_ingest_file_fn on_file;
    void *ctx;
} ot_ingest_request;

typedef struct ot_ingest_result {
    ot_campaign_info campaign;
    bool listed;       /* the paths given were found and listed: when false, the
                        * error is about them (a missing file or folder) */
    bool ran;          /* the batch ran: summary and outcomes say what was done,
                        * also when it stopped with an error */
    ot_pathlist files; /* the files taken, and the folder entries left out
                        * (files.skipped: links not followed, unreadable folders) */
    ot_ingest_summary summary;
    ot_ingest_file *outcomes; /* one per file handled, in input order; strings owned here */
    size_t n_outcomes;
    ot_arena arena;
} ot_ingest_result;

ot_code ot_app_ingest(ot_app *app, const ot_ingest_request *req, ot_ingest_result *res,
                      ot_error *err);
/* One object: campaign, summary {files, ingested, duplicates, valid, invalid, unreadable,
 * linked, unlinked, superseded, failed}, seconds {vault, read, validate, match, database,
 * total}, files [{file, sha256, duplicate, submission_id, outcome, template, errors,
 * warnings, smelters, smelters_resolved, campaign ("2025/CMRT", null: a family without
 * a campaign that year), supplier_id, link, confidence, unlinked_reason, message}], skipped
 * [{path, why, problem}]. */
json_t *ot_ingest_result_to_json(const ot_ingest_result *res);
void ot_ingest_result_free(ot_ingest_result *res);

#endif
