/* rollup_internal.h - what the roll-up's source files share (rollup.c computes, the
 * rollup_*.c files load stored rows, rebuild supplier programs and read the stored risk
 * lists): the roll-up value itself, a string table that interns every text it hands out,
 * and growable arrays. Not for use outside src/report/rollup*.c. */
#ifndef OT_REPORT_ROLLUP_INTERNAL_H
#define OT_REPORT_ROLLUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/rollup.h"
#include "store/store.h"
#include "util/arena.h"

/* ---- interned strings and small maps ------------------------------------------------ */

/* An open-addressing hash table of byte keys, each with a value the caller uses (an
 * index). Keys are copied into the arena once; the copy is NUL-terminated, so a key that
 * is a text doubles as the interned string. */
typedef struct rl_entry {
    const char *key;
    size_t len;
    uint64_t hash;
    size_t value;
} rl_entry;

typedef struct rl_table {
    ot_arena *arena;
    rl_entry *slots;
    size_t cap, count;
} rl_table;

void rl_table_init(rl_table *t, ot_arena *arena);
void rl_table_free(rl_table *t);
/* The entry of key (added with value SIZE_MAX when new: *added true). NULL when out of
 * memory. */
rl_entry *rl_table_get(rl_table *t, const void *key, size_t len, bool *added);
/* The entry of key, NULL when absent (never adds). */
const rl_entry *rl_table_find(const rl_table *t, const void *key, size_t len);
/* The interned copy of s (NULL stays NULL). */
const char *rl_intern(rl_table *t, const char *s);

/* Appends one zeroed element to a growable array; NULL when out of memory. */
void *rl_push(void **items, size_t *n, size_t *cap, size_t size);

/* ---- the roll-up ------------------------------------------------------------------- */

/* One supplier's distinct way of reporting a smelter (metal, country, name as typed and
 * countries of origin): a smelter named by thousands of rows has a handful of these. */
typedef ot_risk_report rl_report;

typedef struct rl_smelter {
    ot_rollup_smelter pub;
    const ot_smelter *ref; /* the reference list's entry, NULL when not on it any more */
    const char *row_name, *row_country; /* stored resolution, when ref is NULL */
    size_t *suppliers;                  /* supplier indices, ascending, no repeats */
    size_t nsup, capsup;
    int64_t *subs; /* their current submissions, like suppliers */
    size_t capsubs;
    rl_report *reports;
    size_t nrep, caprep;
    const char **mine_texts; /* distinct country-of-origin cells as reported */
    size_t nmine, capmine;
    bool in_cahra;
} rl_smelter;

struct ot_rollup {
    ot_arena arena;
    rl_table strings; /* every text handed out */
    rl_table ids;     /* smelter ID -> index in smelters */
    rl_table keys;    /* report keys, unresolved-name keys: deduplication */
    rl_smelter *smelters;
    size_t nsmelters, capsmelters;
    ot_rollup_unresolved *unresolved;
    size_t nunresolved, capunresolved;
    ot_rollup_supplier *suppliers;
    size_t nsuppliers, capsuppliers;
    ot_rollup_summary summary;
    ot_risk_params params;
    char as_of[OT_DATE_LEN];
    ot_refdata *rd;
    ot_cahra_list *cahra;
    ot_watch_list *watch;
    ot_risklist_info cahra_info, watch_info; /* id 0: none imported */
};

/* Loads the in-scope suppliers of the campaign with their current submission as of
 * r->as_of (rollup_load.c). */
ot_code rl_load_suppliers(ot_db *db, ot_rollup *r, int64_t campaign_id, ot_error *err);
/* Reads the Smelter List (and Mine List) rows of every included supplier's current
 * submission into smelters and unresolved rows (rollup_rows.c). */
ot_code rl_load_rows(ot_db *db, ot_rollup *r, bool valid_only, ot_error *err);
/* Program strength of every supplier from its stored answers (rollup_program.c). */
ot_code rl_load_programs(ot_db *db, ot_rollup *r, ot_error *err);
/* The CAHRA and watch lists the workspace holds, none when not imported
 * (rollup_lists.c). */
ot_code rl_load_lists(ot_db *db, ot_rollup *r, ot_error *err);

#endif
