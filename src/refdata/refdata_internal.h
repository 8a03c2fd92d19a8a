/* refdata_internal.h - what the refdata files share and nobody else sees: the store's
 * layout, a small string hash map, and the import batch handed from the file readers
 * (CSV, workbook) to the history logic. */
#ifndef OT_REFDATA_INTERNAL_H
#define OT_REFDATA_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "refdata/refdata.h"
#include "util/arena.h"

/* String -> index map with open addressing; keys are not copied (arena strings). */
typedef struct ot_strmap {
    const char **keys;
    size_t *vals;
    uint32_t *hashes; /* compared before the strings: a miss rarely costs a strcmp */
    size_t cap, count;
} ot_strmap;

bool strmap_put(ot_strmap *m, const char *key, size_t val); /* false: out of memory */
bool strmap_get(const ot_strmap *m, const char *key, size_t *val);
void strmap_free(ot_strmap *m);

typedef struct legacy_map {
    const char *legacy_id, *smelter_id, *source;
} legacy_map;

typedef struct rd_audit_note {
    const char *action;  /* "refdata.import", "refdata.status_import" */
    const char *subject; /* the source label */
    const char *detail;  /* JSON object text */
} rd_audit_note;

struct ot_refdata {
    ot_arena arena; /* every string */
    ot_smelter *smelters;
    size_t n_smelters, cap_smelters;
    ot_refdata_alias *aliases;
    size_t n_aliases, cap_aliases;
    ot_refdata_event *events;
    size_t n_events, cap_events;
    ot_refdata_source *sources;
    const char **source_metals; /* parallel to sources: comma-separated metals */
    size_t n_sources, cap_sources;
    ot_status_entry *status; /* sorted by (smelter_id, as_of) */
    size_t n_status, cap_status;
    legacy_map *legacy;
    size_t n_legacy, cap_legacy;
    ot_strmap by_id;     /* smelter id -> index */
    ot_strmap by_legacy; /* legacy id -> legacy index */
    ot_strmap alias_set; /* "ID\x1fname" (ASCII-lowercased) -> alias index */
    /* imports made since the store was opened, written to the audit log by the next save
     * in the same transaction as the data (persist.c) */
    rd_audit_note *audit;
    size_t n_audit, cap_audit;
};

/* Arena copy ("" for NULL), trimmed of surrounding spaces. */
const char *rd_str(ot_refdata *rd, const char *s);

/* Adds a smelter (id must be new); returns its index or SIZE_MAX when out of memory. */
size_t rd_add_smelter(ot_refdata *rd, const ot_smelter *s);
/* Adds an alias unless the smelter already has it (compared case-insensitively), and
 * moves its last_seen forward to `date`. Returns true when added. */
bool rd_add_alias(ot_refdata *rd, const char *smelter_id, const char *name,
                  const char *source, const char *date);
bool rd_add_event(ot_refdata *rd, const char *date, const char *source, const char *id,
                  ot_event_kind kind, const char *old_value, const char *new_value);
bool rd_add_legacy(ot_refdata *rd, const char *legacy_id, const char *smelter_id,
                   const char *source);
bool rd_add_source(ot_refdata *rd, const ot_refdata_source *src, const char *metals);
const char *rd_source_metals(const ot_refdata *rd, size_t i);
/* Raw status append (persist.c); ot_refdata_add_status dedups and keeps order. */
bool rd_push_status(ot_refdata *rd, const ot_status_entry *e);
void rd_sort_status(ot_refdata *rd);
ot_smelter *rd_smelter_mut(ot_refdata *rd, const char *id);

/* Remembers an import for the audit log, with `detail` (a JSON object, whose reference
 * is taken; NULL counts as out of memory) as the entry's detail. */
ot_code rd_note_audit(ot_refdata *rd, const char *action, const char *subject, json_t *detail,
                      ot_error *err);

/* Parses the store file format (persist.c). */
ot_code rd_parse(ot_refdata *rd, const char *text, size_t len, const char *name,
                 ot_error *err);

/* ---- import batch ------------------------------------------------------------------ */

typedef struct ref_row {
    const char *metal, *alias, *standard, *country, *id, *legacy_id, *id_source;
    const char *street, *city, *state;
    uint32_t line; /* row or line in the file, for messages */
} ref_row;

typedef struct ref_batch {
    ot_arena arena; /* row strings */
    ref_row *rows;
    size_t n, cap;
    char label[160];
    char kind[16];
    char as_of[11];
    char sha256[65];
} ref_batch;

void batch_init(ref_batch *b);
void batch_free(ref_batch *b);
/* Copies the row's strings into the batch arena. */
bool batch_add(ref_batch *b, const ref_row *row);

/* Applies a batch to the store: additions, renames, retirements, merges, history. */
ot_code rd_apply_batch(ot_refdata *rd, ref_batch *b, ot_import_report *rep, ot_error *err);

/* File readers fill the batch rows and label/as_of (import_csv.c, import_workbook.c). */
ot_code rd_read_lookup_csv(const char *path, ref_batch *b, ot_error *err);
ot_code rd_read_workbook(const char *path, ref_batch *b, ot_error *err);

/* Today's date as "YYYY-MM-DD" (UTC). */
void rd_today(char out[11]);

#endif
