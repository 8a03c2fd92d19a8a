/* audit.h - the append-only, hash-chained audit log.
 *
 * Every state change (import, send, reminder, ingest, status change, a person's
 * override) is one audit_log row. Each row's hash is SHA-256 over a canonical
 * serialisation of its fields and the previous row's hash, so editing, removing or
 * reordering a row breaks the chain at that row; ot_audit_verify finds the first break.
 * Triggers forbid UPDATE and DELETE, so tampering needs a raw edit of the database,
 * which verify detects. (Removing rows from the END of the chain cannot be detected from
 * the chain alone; `oretrace audit show` prints the head hash so it can be noted
 * elsewhere, e.g. in the annual report.)
 *
 * Canonical serialisation (version 1): the ASCII string "oretrace-audit-v1\n" followed,
 * for each of id, ts, actor, action, subject_type, subject_id, detail, prev_hash, by
 * "<byte length>:<bytes>\n" (NULL = "-\n"); the hash is its lowercase hex SHA-256. The
 * first row's prev_hash is 64 zeros. */
#ifndef OT_AUDIT_H
#define OT_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Actions used across modules (free text is allowed; these keep names consistent). */
#define OT_AUDIT_INIT "init"
#define OT_AUDIT_IMPORT "import"
#define OT_AUDIT_SEND "send"
#define OT_AUDIT_REMINDER "reminder"
#define OT_AUDIT_ESCALATE "escalate"
#define OT_AUDIT_INGEST "ingest"
#define OT_AUDIT_STATUS "status"
#define OT_AUDIT_OVERRIDE "override"

/* Appends one entry. MUST run inside the caller's open transaction (ot_db_begin), so the
 * entry commits or rolls back together with the change it records: OT_E_USAGE when no
 * transaction is open. actor: who ("os:<user>", "web:<login>", "system"); action: see
 * above; subject_type/subject_id: what ("supplier", "42"); detail_json: a JSON object
 * text or NULL ("{}"). id_out (may be NULL) receives the new row id. */
ot_code ot_audit_append(ot_db *db, const char *actor, const char *action,
                        const char *subject_type, const char *subject_id,
                        const char *detail_json, int64_t *id_out, ot_error *err);

typedef struct ot_audit_verify_result {
    bool intact;
    int64_t entries;      /* rows walked */
    int64_t first_bad_id; /* 0 when intact */
    char reason[160];     /* why first_bad_id is bad ("hash mismatch", "prev_hash ...") */
    char head_hash[65];   /* hash of the last row ("" when empty) */
} ot_audit_verify_result;

/* Walks the whole chain in id order. Returns OT_OK when the walk completed; whether the
 * chain is intact is in the result. */
ot_code ot_audit_verify(ot_db *db, ot_audit_verify_result *res, ot_error *err);

/* The hash a row with these fields must have (exposed for tests and for verify). */
void ot_audit_hash(int64_t id, const char *ts, const char *actor, const char *action,
                   const char *subject_type, const char *subject_id, const char *detail,
                   const char *prev_hash, char out[65]);

/* The actor for work done by the local operating-system user running this process:
 * "os:" + login name ("os:unknown" when there is none), in a static buffer. The web
 * module uses "web:<login>" instead; automatic jobs "system". */
const char *ot_audit_os_actor(void);

#endif
