/* match.h - use case "match": resolve smelter names as suppliers type them to RMI smelter
 * IDs (which smelter, how, how sure, its RMAP status, the runner-up candidates), one
 * name at a time or a TSV batch; and a match result as JSON, the one shape every front
 * end prints (inspect's "resolution" objects are the same). */
#ifndef OT_APP_MATCH_H
#define OT_APP_MATCH_H

#include <jansson.h>

#include "app/app.h"
#include "app/reference.h"

/* The result as a JSON object: smelter_id (null when unresolved), standard_name, metal,
 * country, status and status_as_of (the RMAP status known on `date`, NULL = the latest),
 * state, method, confidence, matched_name, notes, why, candidates. NULL when out of
 * memory. */
json_t *ot_match_to_json(const ot_refdata *rd, const ot_match_input *in, const ot_match_result *r,
                         const char *date);

/* ---- one name ---------------------------------------------------------------------- */

typedef struct ot_match_request {
    ot_reference *reference; /* the list; NULL = opened from app (the result keeps it) */
    ot_match_input input;    /* what the supplier typed */
    const char *date;        /* "YYYY-MM-DD": the RMAP status known then; NULL = latest */
    double threshold;        /* resolution threshold; 0 = the matcher's (evaluation only:
                                it changes the reference's matcher) */
} ot_match_request;

typedef struct ot_match_outcome {
    const ot_refdata *refdata; /* what the result points into */
    ot_match_input input;
    ot_match_result match;
    const char *date;
    ot_reference *owned; /* the reference opened for this call, if any */
} ot_match_outcome;

ot_code ot_app_match(ot_app *app, const ot_match_request *req, ot_match_outcome *res,
                     ot_error *err);
/* One object: ot_match_to_json of the outcome. */
json_t *ot_match_outcome_to_json(const ot_match_outcome *res);
void ot_match_outcome_free(ot_match_outcome *res);

/* ---- a TSV batch ------------------------------------------------------------------ */

/* Progress of a batch: done of total look-ups (total = rows x repeat). */
typedef void (*ot_match_progress_fn)(size_t done, size_t total, void *ctx);

typedef struct ot_match_batch_request {
    ot_reference *reference; /* required */
    /* The TSV text: a header row naming the columns (metal, name, country, smelter_id,
     * lookup_name; a few spellings each, others ignored) and one row per name. Given as
     * data/len (e.g. standard input), else read from path (at most 64 MiB). name is the
     * file's name in messages. */
    const char *name, *path;
    const char *data;
    size_t len;
    const char *date;              /* as in ot_match_request */
    double threshold;              /* as in ot_match_request */
    long repeat;                   /* match the batch this many times (benchmarks); 0 = once */
    ot_match_progress_fn progress; /* may be NULL */
    void *ctx;
} ot_match_batch_request;

typedef struct ot_match_batch_result {
    const ot_refdata *refdata;
    const char *date;
    size_t n;               /* rows */
    ot_match_input *inputs; /* point into text */
    ot_match_result *matches;
    double match_ms, match_cpu_ms; /* wall and CPU time of the matching alone */
    char *text;                    /* the TSV, owned */
} ot_match_batch_result;

/* Fails with OT_E_IO when the file cannot be read, OT_E_INVALID when it has no header
 * naming a name or ID column. */
ot_code ot_app_match_batch(ot_app *app, const ot_match_batch_request *req,
                           ot_match_batch_result *res, ot_error *err);
/* An array, one object per row in input order: ot_match_to_json and "row" (1-based). */
json_t *ot_match_batch_to_json(const ot_match_batch_result *res);
void ot_match_batch_free(ot_match_batch_result *res);

#endif
