/* audit.h - the append-only, hash-chained audit log.
 *
 * Every state change (import, send, reminder, ingest, status change, a person's
 * override) is one audit_log row. Each row's hash is SHA-256 over a canonical
 * serialisation of its fields and the previous row's hash, so editing, removing or
 * reordering a row breaks the chain at that row; ot_audit_verify finds the first break.
 * Triggers forbid UPDATE and DELETE, so tampering needs a raw edit of the database,
 * which verify detects. Every field must be UTF-8 text without NUL bytes (the hash reads
 * text up to its first NUL, so anything hidden after one, or a BLOB, fails verification).
 *
 * Removing rows from the END of the chain cannot be detected from the chain alone, so the
 * head (entry count and hash of the last entry) is also kept in a file beside the
 * database, audit.head (OT_AUDIT_HEAD_NAME):
 *     oretrace audit head v1
 *     entries 12
 *     hash 3f5c...(64 hex digits; 64 zeros for an empty log)
 * It is rewritten atomically (temp file, fsync, rename, fsync of the folder) after every
 * commit that appended entries, holding the database's write lock so writers of several
 * processes update it in commit order, and only forward: when the log no longer contains
 * the recorded head, the file is left as it is for ot_audit_check_head to report. The
 * commit is made durable before (ot_db_after_commit), so after an OS crash the file
 * never names entries the database lost. It may lag behind the log (a crash between the
 * commit and the rewrite): a head that the log reaches and continues is intact; one the
 * log does not reach, or whose entry has another hash, means entries were removed from
 * the end or the database was replaced. `oretrace init` writes the first one; a workspace
 * from before the file existed gets one when first opened (workspace.c).
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
#include "util/fileio.h"

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
ot_code ot_audit_append(ot_db *db, const char *actor, const char *action, const char *subject_type,
                        const char *subject_id, const char *detail_json, int64_t *id_out,
                        ot_error *err);

/* Appending also registers the head-file rewrite to run after the commit. */

typedef struct ot_audit_verify_result {
    bool intact;
    int64_t entries;      /* rows walked */
    int64_t first_bad_id; /* 0 when intact */
    char reason[160];     /* why first_bad_id is bad ("hash mismatch", "prev_hash ...") */
    char head_hash[OT_SHA256_HEX_LEN]; /* hash of the last row ("" when empty) */
} ot_audit_verify_result;

/* Walks the whole chain in id order. Returns OT_OK when the walk completed; whether the
 * chain is intact is in the result. */
ot_code ot_audit_verify(ot_db *db, ot_audit_verify_result *res, ot_error *err);

/* ---- reading entries -------------------------------------------------------------- */

/* One entry as stored. The strings are malloc'd (ot_audit_entries_free); subject_type and
 * subject_id are NULL when the entry names no subject. */
typedef struct ot_audit_entry {
    int64_t id;
    char *ts, *actor, *action, *subject_type, *subject_id, *detail, *hash;
} ot_audit_entry;

/* Which entries to list: NULL fields match anything. */
typedef struct ot_audit_filter {
    const char *subject_type, *subject_id, *action;
    int64_t limit; /* at most the last `limit` matching entries; 0: all */
} ot_audit_filter;

/* The last filter->limit entries matching the filter, oldest first (malloc'd array of *n;
 * NULL filter: every entry). */
ot_code ot_audit_list(ot_db *db, const ot_audit_filter *filter, ot_audit_entry **out, size_t *n,
                      ot_error *err);
void ot_audit_entries_free(ot_audit_entry *entries, size_t n);

/* ---- the head file ---------------------------------------------------------------- */

#define OT_AUDIT_HEAD_NAME "audit.head"

typedef struct ot_audit_head {
    int64_t entries;
    char hash[OT_SHA256_HEX_LEN]; /* hash of entry `entries`; 64 zeros when entries == 0 */
} ot_audit_head;

/* The head file of the database db (its folder + OT_AUDIT_HEAD_NAME); false when the
 * database has no file (in memory). */
bool ot_audit_head_path(ot_db *db, char *out, size_t size);
/* Reads a head file: OT_E_NOT_FOUND when there is none, OT_E_CORRUPT when it is not one. */
ot_code ot_audit_head_read(const char *path, ot_audit_head *head, ot_error *err);
/* The head of the log in the database now. */
ot_code ot_audit_head_of_log(ot_db *db, ot_audit_head *head, ot_error *err);
/* Writes the head file for the log as it is now, unless one exists (*written says
 * which; head, may be NULL, receives what the file holds now). No transaction may be
 * open: this takes the write lock. For `oretrace init` and first opening of a workspace
 * made before the file existed. */
ot_code ot_audit_head_create(ot_db *db, bool *written, ot_audit_head *head, ot_error *err);

/* Whether this database keeps a head file (migration 009 recorded it in workspace_meta);
 * false for a database made before, or one without workspace_meta. */
ot_code ot_audit_head_kept(ot_db *db, bool *kept, ot_error *err);

typedef enum {
    OT_AUDIT_HEAD_OK,        /* the log reaches the recorded head and continues it */
    OT_AUDIT_HEAD_NONE,      /* no file, and this database never kept one */
    OT_AUDIT_HEAD_MISSING,   /* the database keeps a head file, but it is gone */
    OT_AUDIT_HEAD_MALFORMED, /* the file is not a head file */
    OT_AUDIT_HEAD_AHEAD,     /* it records more entries than the log has */
    OT_AUDIT_HEAD_MISMATCH,  /* the log's entry at its position has another hash */
} ot_audit_head_state;

typedef struct ot_audit_head_check {
    ot_audit_head_state state;
    ot_audit_head file;  /* what the file says (OK, AHEAD, MISMATCH) */
    int64_t log_entries; /* entries in the log */
    char path[4200];
} ot_audit_head_check;

/* Compares the head file with the log. Reads the file first, so a writer committing in
 * between can only make the log longer than the file, never shorter. Returns OT_OK when
 * the comparison ran; the verdict is in res->state. */
ot_code ot_audit_check_head(ot_db *db, ot_audit_head_check *res, ot_error *err);

/* The hash a row with these fields must have (exposed for tests and for verify). */
void ot_audit_hash(int64_t id, const char *ts, const char *actor, const char *action,
                   const char *subject_type, const char *subject_id, const char *detail,
                   const char *prev_hash, char out[OT_SHA256_HEX_LEN]);

/* The actor for work done by the local operating-system user running this process:
 * "os:" + login name ("os:unknown" when there is none), in a static buffer. The web
 * module uses "web:<login>" instead; automatic jobs "system". */
const char *ot_audit_os_actor(void);

#endif
