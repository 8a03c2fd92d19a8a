/* campaign_internal.h - request rows and their status, shared between campaign.c,
 * messages.c and ingest (src/ingest: a received file moves its request's status). */
#ifndef OT_CAMPAIGN_INTERNAL_H
#define OT_CAMPAIGN_INTERNAL_H

#include <jansson.h>

#include "campaign/campaign.h"
#include "util/strbuf.h"

/* Creates missing request rows (with tokens) for every supplier and moves requests not
 * yet sent between not_contacted and out_of_scope as the scope says. Runs inside the
 * caller's transaction. */
ot_code ot_campaign_sync(ot_workspace *ws, int64_t campaign_id, const char *actor, int32_t today,
                         ot_error *err);

/* Sets a request's status, logs it with the day and appends an audit entry (action:
 * OT_AUDIT_STATUS when NULL; detail: extra fields, may be NULL). Caller's transaction. */
ot_code ot_request_change_status(ot_db *db, int64_t request_id, const char *status, int32_t today,
                                 const char *note, const char *actor, const char *action,
                                 json_t *detail, ot_error *err);

/* What a supplier must correct in a file, as letter paragraphs: each validation error
 * and campaign finding with its cell, message, fix and code; for an unreadable file, why
 * it could not be read. Appended to out. */
ot_code ot_correction_findings_text(ot_db *db, int64_t submission_id, ot_strbuf *out,
                                    ot_error *err);

#endif
