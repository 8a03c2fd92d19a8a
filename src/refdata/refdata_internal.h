/* refdata_internal.h - what the refdata files share and nobody else sees: the store's
 * layout, a small string hash map, and the import batch handed from the file readers
 * (CSV, workbook) to the history logic. */
#ifndef OT_REFDATA_INTERNAL_H
#define OT_REFDATA_INTERNAL_H

#include <jansson.h>
#include <stdint.h>

#include "refdata/refdata.h"
#include "util/fileio.h"
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
    /* The store as it was before this import (store file format, deflated), so the
     * save can record it for undo (persist.c). */
    unsigned char *before;
    size_t before_zlen, before_len;
    const char *before_sha;                   /* SHA-256 of the inflated text */
    const char *kind, *as_of, *sha256, *file; /* the import's source, for the import log */
    bool partial;
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
bool rd_add_alias(ot_refdata *rd, const char *smelter_id, const char *name, const char *source,
                  const char *date);
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

/* What an import note records besides its audit entry: the source and the store's
 * text before the import (rd_state_text; taken over, freed by the note). */
typedef struct rd_import_meta {
    const char *kind, *as_of, *sha256, *file;
    bool partial;
    char *before;
    size_t before_len;
} rd_import_meta;

/* Remembers an import for the audit log and the import log, with `detail` (a JSON
 * object, whose reference is taken; NULL counts as out of memory) as the entry's detail.
 * meta->before is taken over whatever the outcome. */
ot_code rd_note_import(ot_refdata *rd, const char *action, const char *subject, json_t *detail,
                       rd_import_meta *meta, ot_error *err);
/* Frees the notes' saved states and forgets the notes (after a save, or on free). */
void rd_clear_notes(ot_refdata *rd);

/* The whole store in the store file format (persist.c), malloc'd; NULL when out of
 * memory. Two stores with the same content give the same text. */
char *rd_state_text(const ot_refdata *rd, size_t *len);

/* ---- the workspace database (persist.c, persist_undo.c) ------------------------------ */

typedef struct ot_db ot_db;
/* What the database's refdata tables hold, as store text (malloc'd); *text NULL when
 * they are empty (nothing imported: the shipped snapshot is in use). */
ot_code rd_db_state(ot_db *db, char **text, size_t *len, ot_error *err);
/* Rewrites the refdata tables with rd (NULL: empties them). In the caller's transaction. */
ot_code rd_db_write(ot_db *db, const ot_refdata *rd, ot_error *err);
/* Records the imports noted in rd (import log rows and audit entries), in the caller's
 * transaction. db_before: the database's store text before this save (NULL: empty). */
ot_code rd_log_notes(ot_db *db, const ot_refdata *rd, const char *db_before, size_t db_before_len,
                     ot_error *err);

/* Parses the store file format (persist.c). */
ot_code rd_parse(ot_refdata *rd, const char *text, size_t len, const char *name, ot_error *err);

/* ---- import batch ------------------------------------------------------------------ */

typedef struct ref_row {
    const char *metal, *alias, *standard, *country, *id, *legacy_id, *id_source;
    const char *street, *city, *state;
    uint32_t line;     /* row or line in the file, for messages */
    const char *sheet; /* the sheet it was read from (static layout text); NULL in a CSV */
} ref_row;

typedef struct ref_batch {
    ot_arena arena; /* row strings */
    ref_row *rows;
    size_t n, cap;
    char label[160];
    char kind[16];
    char as_of[OT_DATE_LEN];
    char sha256[OT_SHA256_HEX_LEN];
} ref_batch;

void batch_init(ref_batch *b);
void batch_free(ref_batch *b);
/* Copies the row's strings into the batch arena. */
bool batch_add(ref_batch *b, const ref_row *row);

/* Applies a batch to the store: additions, renames, retirements, merges, history. A
 * list that carries fewer than half of a metal's current smelters is refused unless
 * `partial`; a partial list never retires anything. */
ot_code rd_apply_batch(ot_refdata *rd, ref_batch *b, bool partial, ot_import_report *rep,
                       ot_error *err);

/* The two pseudo-entries every look-up carries per metal ("Smelter not listed", "Smelter
 * not yet identified"): no smelter, no ID. */
bool rd_is_special_row(const ref_row *r);
/* Refuses a list with a row that is not plain reference data (import_check.c): a field
 * too long, not UTF-8 text, or with control characters; a smelter row without a known
 * metal or an RMI smelter ID. The message names the file and row. */
ot_code rd_check_batch(const ref_batch *b, const char *path, ot_error *err);
/* Why a field of a list is not plain text ("is longer than 256 bytes", "is not UTF-8
 * text", "holds a control character"), or NULL when it is. */
const char *rd_field_problem(const char *s);
/* The canonical ID when `typed` is an RMI smelter ID as a list writes it: CID and six
 * digits (or just the digits), or an old-style ID such as 1JPN072. */
bool rd_list_id(const char *typed, char out[32]);

/* File readers fill the batch rows, label, kind and (templates) as_of from the file's
 * bytes (import_csv.c, import_workbook.c). */
ot_code rd_read_lookup_csv(const char *path, const unsigned char *data, size_t len, ref_batch *b,
                           ot_error *err);
ot_code rd_read_workbook(const char *path, const unsigned char *data, size_t len, ref_batch *b,
                         ot_error *err);

#endif
