/* ingest_internal.h - the parts of ingest shared between ingest.c, link.c and
 * ingest_store.c (not public). */
#ifndef OT_INGEST_INTERNAL_H
#define OT_INGEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ingest/ingest.h"
#include "util/fileio.h"
#include "refdata/match.h"
#include "store/store.h"
#include "template/declaration.h"
#include "validate/findings.h"

/* ---- linking (link.c) ---- */

typedef struct ot_linker ot_linker;

typedef struct ot_link {
    int64_t request_id;
    const char *supplier_key; /* owned by the linker */
    const char *method;       /* option, token, email, unique_id, name */
    double confidence;
} ot_link;

ot_code ot_linker_load(ot_db *db, int64_t campaign_id, ot_linker **out, ot_error *err);
void ot_linker_free(ot_linker *l);
bool ot_linker_by_key(const ot_linker *l, const char *supplier_key, ot_link *out);
bool ot_linker_by_request(const ot_linker *l, int64_t request_id, ot_link *out);
/* The rules of ingest.h after the explicit option; d may be NULL (unreadable file). */
bool ot_linker_find(const ot_linker *l, const char *file_name, const ot_declaration *d,
                    ot_link *out);

/* ---- one parsed file, ready to be written (ingest.c -> ingest_store.c) ---- */

typedef struct ot_parsed {
    const char *path, *name; /* name: the file's last path component */
    char sha256[OT_SHA256_HEX_LEN];
    const char *status; /* read, unreadable, not_template */
    ot_code error_code;
    char error_message[384];
    ot_declaration *decl; /* NULL unless read */
    ot_findings findings;
    ot_match_result *matches; /* one per smelter row, NULL without refdata */
    bool declined;            /* every metal answered No to question 1 */
    double read_s, validate_s, match_s;
} ot_parsed;

/* Writes submission, declaration, answers, rows and findings (caller's transaction);
 * *submission_id receives the new row's id. */
ot_code ot_ingest_store_parsed(ot_db *db, const ot_parsed *p, const ot_refdata *rd,
                               const char *source, const char *received_at, int64_t *submission_id,
                               ot_error *err);

/* Ties a submission to the campaign and (when link is not NULL) its request: its
 * campaign findings, superseding earlier files of that request and moving the request's
 * status. A held-back file (hold_back: unreadable, linked by a person) is kept with the
 * supplier but never becomes current. OT_E_CONFLICT for a file of another template family
 * than the campaign's. Caller's transaction. *superseded receives how many earlier files
 * this one superseded. */
ot_code ot_ingest_attach(ot_db *db, int64_t campaign_id, int64_t submission_id, const char *outcome,
                         bool no_3tg, const ot_link *link, bool hold_back, const char *received_at,
                         const char *actor, int32_t today, size_t *superseded, ot_error *err);

/* Brings a request up to date with its files: the newest file that is not held back is
 * current, the others superseded; the status follows the current file (responded_valid,
 * corrected, responded_outdated, responded_invalid), or becomes fallback_status when the
 * request has no file (NULL: unchanged). detail: extra audit fields, may be NULL. */
ot_code ot_ingest_refresh_request(ot_db *db, int64_t request_id, const char *fallback_status,
                                  json_t *detail, const char *actor, int32_t today,
                                  size_t *superseded, ot_error *err);

#endif
