/* retention.h - what the workspace keeps and until when.
 *
 * Nothing received or decided may be deleted before the retention period (config
 * retention_years, default 5) has passed since it was recorded. oretrace itself deletes
 * none of these records (triggers refuse it for the vault and the audit log); this
 * report tells a person, per record class, how many there are, the oldest and newest,
 * the date until which they must be kept, and how many are past their period. */
#ifndef OT_RETENTION_H
#define OT_RETENTION_H

#include <stdint.h>

#include "store/store.h"
#include "util/date.h"

#define OT_RETENTION_CLASSES 8

typedef struct ot_retention_class {
    const char *name;        /* "vault_files", "submissions", "audit_log" */
    const char *description; /* for people */
    int64_t count;
    char oldest[OT_TS_LEN]; /* "" when count == 0 */
    char newest[OT_TS_LEN];
    char keep_oldest_until[OT_TS_LEN]; /* oldest + years: nothing is deletable before */
    char keep_all_until[OT_TS_LEN];    /* newest + years */
    int64_t past_retention;            /* records older than the period (could be deleted) */
} ot_retention_class;

typedef struct ot_retention_report {
    int years;
    char as_of[OT_TS_LEN];
    char cutoff[OT_TS_LEN]; /* as_of - years: records before it are past retention */
    size_t class_count;
    ot_retention_class classes[OT_RETENTION_CLASSES];
} ot_retention_report;

/* Fills the report. as_of: an ISO-8601 UTC timestamp to compute at (NULL = now). */
ot_code ot_retention_report_make(ot_db *db, int years, const char *as_of, ot_retention_report *rep,
                                 ot_error *err);

#endif
