/* refdata.h - the smelter reference store: the RMI smelter and refiner list (standard
 * names, look-up aliases, countries, smelter IDs), its history across imports (renamed,
 * merged and retired facilities, legacy IDs such as 1JPN072) and RMAP audit statuses
 * with their dates.
 *
 * Where the data come from: a snapshot produced from the official RMI templates ships
 * inside the program (data/refdata.tsv); a workspace gets its own copy, in the workspace
 * database, the first time something is imported into it, each import recorded in the
 * audit log (docs/refdata.md). The database is a connection the caller holds (an open
 * workspace's): this module never turns a folder into a database path itself, so every
 * connection waits for locks as the workspace says. Imports read an RMI template's
 * "Smelter Look-up" sheet (or the
 * legacy "Standard Smelter Names" sheets), a CSV of the same columns, or an RMAP status
 * list; each import is recorded as a source with its date.
 *
 * Lifetimes: every string handed out belongs to the store and lives until
 * ot_refdata_free. A store is not safe for concurrent writes; reads may be shared. */
#ifndef OT_REFDATA_H
#define OT_REFDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/fileio.h"
#include "util/date.h"
#include "util/error.h"

typedef struct ot_refdata ot_refdata;

/* RMAP audit status, one vocabulary for every spelling public documents use. */
typedef enum {
    OT_RMAP_UNKNOWN = 0,
    OT_RMAP_CONFORMANT,
    OT_RMAP_ACTIVE,
    OT_RMAP_NON_CONFORMANT,
    OT_RMAP_NOT_ENROLLED,
    OT_RMAP_COMMUNICATION_SUSPENDED,
    OT_RMAP_OUTREACH_REQUIRED,
    OT_RMAP_DUE_DILIGENCE_REVIEW,
    OT_RMAP__COUNT
} ot_rmap_status;

/* "Conformant", "Active", "Non-Conformant", "Not Enrolled", "Communication Suspended",
 * "Outreach Required", "RMI Due Diligence Review", "Unknown". */
const char *ot_rmap_status_name(ot_rmap_status s);
/* Maps a spelling ("Full Compliant", "compliant", "CFS", "Indeterminable", "active",
 * "In Progress", "non conformant" ...) to the vocabulary. false when not recognised. */
bool ot_rmap_status_parse(const char *text, ot_rmap_status *out);

typedef enum {
    OT_SMELTER_CURRENT = 0, /* on the latest list that covers its metal */
    OT_SMELTER_RETIRED,     /* dropped from a later list without a successor */
    OT_SMELTER_MERGED,      /* replaced by another ID (merger, or legacy ID -> CID) */
} ot_smelter_state;

const char *ot_smelter_state_name(ot_smelter_state s); /* "current", "retired", "merged" */

typedef struct ot_smelter {
    const char *id;    /* "CID002763"; legacy lists: "1JPN072" */
    const char *metal; /* "Gold", "Tantalum", ... as the templates spell them */
    const char *standard_name;
    const char *country;   /* template spelling, "" when the list gives none */
    const char *id_source; /* "RMI", "CFSI", ... */
    const char *street, *city, *state_province;
    ot_smelter_state state;
    const char *successor_id; /* MERGED: the ID that replaced it; NULL otherwise */
    const char *first_source; /* label of the first source listing it */
    const char *last_source;  /* label of the latest source listing it */
    const char *last_seen;    /* as-of date of last_source, "YYYY-MM-DD" */
} ot_smelter;

typedef struct ot_refdata_alias {
    const char *smelter_id;
    const char *name;      /* a look-up name, a former standard name, a legacy alias */
    const char *source;    /* first source that listed it */
    const char *last_seen; /* as-of date of the latest list that carried it */
} ot_refdata_alias;

typedef enum {
    OT_EVENT_ADDED = 0,
    OT_EVENT_RENAMED, /* standard name changed: old_value -> new_value */
    OT_EVENT_COUNTRY_CHANGED,
    OT_EVENT_RETIRED,
    OT_EVENT_MERGED,         /* new_value = the successor ID */
    OT_EVENT_REINSTATED,     /* listed again after being retired */
    OT_EVENT_LEGACY_ID,      /* old_value = legacy ID now mapped to this smelter */
    OT_EVENT_LISTED_EARLIER, /* an older source lists it (imported after a newer one) */
    OT_EVENT__COUNT
} ot_event_kind;

const char *ot_event_kind_name(ot_event_kind k); /* "added", "renamed", ... */

typedef struct ot_refdata_event {
    const char *date; /* as-of date of the source */
    const char *source;
    const char *smelter_id;
    ot_event_kind kind;
    const char *old_value, *new_value; /* "" when not applicable */
} ot_refdata_event;

typedef struct ot_refdata_source {
    const char *label;  /* "CMRT 6.5 (RMI_CMRT_6.5.xlsx)" */
    const char *kind;   /* "template", "csv", "status" */
    const char *as_of;  /* date of the list, "YYYY-MM-DD" */
    const char *sha256; /* of the imported file */
    size_t rows;        /* data rows read */
} ot_refdata_source;

typedef struct ot_status_entry {
    const char *smelter_id;
    ot_rmap_status status;
    const char *as_of; /* "YYYY-MM-DD" */
    const char *source;
} ot_status_entry;

/* ---- opening and saving ---------------------------------------------------------- */

/* An empty store. */
ot_code ot_refdata_new(ot_refdata **out, ot_error *err);
/* The snapshot shipped inside the program. */
ot_code ot_refdata_load_snapshot(ot_refdata **out, ot_error *err);
/* A store file (docs/refdata.md format: the snapshot's, `refdata export`'s). */
ot_code ot_refdata_load_file(const char *path, ot_refdata **out, ot_error *err);
/* The store held in a workspace database (db: the caller's connection), or the shipped
 * snapshot when nothing was imported into it; *from_snapshot (may be NULL) tells which.
 * old_store: the store file an earlier oretrace kept in the workspace (ot_refdata_path),
 * read into an empty database once (the file stays); NULL for none. */
ot_code ot_refdata_load_db(ot_db *db, const char *old_store, ot_refdata **out, bool *from_snapshot,
                           ot_error *err);
/* Writes the store into the workspace database in one transaction, with an audit entry
 * (and an import-log row) for each import made since it was loaded. */
ot_code ot_refdata_save_db(const ot_refdata *rd, ot_db *db, ot_error *err);
/* For a caller without an open workspace: the store of the workspace in folder
 * `workspace` (opened and closed here, through store/workspace.h), or the shipped
 * snapshot when the folder holds none. Front ends with an application layer use
 * ot_refdata_load_db on its connection instead (app/refdata.h). */
ot_code ot_refdata_open(const char *workspace, ot_refdata **out, bool *from_snapshot,
                        ot_error *err);
/* Writes the store to any path, atomically. */
ot_code ot_refdata_save_file(const ot_refdata *rd, const char *path, ot_error *err);
/* Path of the store file earlier versions kept in a workspace (malloc'd). */
char *ot_refdata_path(const char *workspace);
void ot_refdata_free(ot_refdata *rd);

/* ---- importing ------------------------------------------------------------------- */

typedef struct ot_import_report {
    char label[160]; /* the source label recorded */
    char as_of[OT_DATE_LEN];
    bool duplicate;  /* the same file was imported before and nothing changed */
    bool backfill;   /* older than what the store has for these metals */
    bool partial;    /* imported as a partial list: nothing retired */
    bool too_small;  /* refused: far smaller than the list in force */
    bool need_date;  /* refused: the list carries no date and none was given */
    size_t rows;     /* reference rows read */
    size_t smelters; /* distinct smelter IDs in the file */
    size_t added, renamed, country_changed, retired, merged, reinstated;
    size_t aliases_added, legacy_ids;
    char metals[128];         /* metals the file covers, comma separated */
    char partial_metals[128]; /* metals of which it carries fewer than half the smelters */
} ot_import_report;

typedef struct ot_import_opts {
    const char *as_of; /* "YYYY-MM-DD" (NULL: a template's revision date; a CSV needs it) */
    bool partial;      /* a partial list: adds and updates smelters, never retires any */
} ot_import_opts;

/* Imports a smelter reference list: a genuine RMI template (.xlsx/.xls, read with the
 * same refusals of hostile files as `inspect`: its "Smelter Look-up" sheet, or legacy
 * "Standard Smelter Names") or a look-up CSV with the columns of ../shared/refdata/ CSV
 * files. Every row must be plain reference data (known metal, RMI smelter ID, short
 * fields, no control characters). The list is dated by opts->as_of, else a template's
 * revision date; a CSV without a date, or a date after today, is refused. Smelters of the
 * file's metals that the file no longer lists are retired, or merged when one of their
 * names now belongs to another ID; a list carrying fewer than half of a metal's current
 * smelters is refused (OT_E_INVALID, rep->too_small) unless opts->partial. A file dated
 * before the store's latest list for its metals only adds what the store does not know
 * (history). A file that changes nothing (imported before) records nothing. */
ot_code ot_refdata_import_with(ot_refdata *rd, const char *path, const ot_import_opts *opts,
                               ot_import_report *rep, ot_error *err);
/* ot_refdata_import_with without the partial option. */
ot_code ot_refdata_import(ot_refdata *rd, const char *path, const char *as_of,
                          ot_import_report *rep, ot_error *err);

typedef struct ot_status_import_report {
    char label[160];
    size_t rows;             /* data rows read */
    size_t imported;         /* status entries stored */
    size_t by_name;          /* rows without an ID, resolved by metal + name + country */
    size_t unknown_ids;      /* stored, but the ID is not in the reference list */
    size_t unmatched;        /* rows skipped: no ID and the name did not resolve */
    size_t skipped_bad;      /* rows skipped: malformed CSV, no status, bad date */
    char first_problem[256]; /* "line 7: ..." for the first skipped row */
    bool need_date;          /* refused: no as_of column and no date given */
    char as_of[OT_DATE_LEN]; /* the newest status date of the list, "" when none stored */
} ot_status_import_report;

/* Imports an RMAP status list (CSV). Columns (header names, case-insensitive):
 * smelter_id (or metal + name + country), status, as_of, optional source. A row
 * without as_of takes default_as_of (required then). Unknown status spellings reject the
 * file with the line number. */
ot_code ot_refdata_import_status(ot_refdata *rd, const char *path, const char *default_as_of,
                                 ot_status_import_report *rep, ot_error *err);

/* Adds one status entry (used by the importer and by tests). */
ot_code ot_refdata_add_status(ot_refdata *rd, const char *smelter_id, ot_rmap_status status,
                              const char *as_of, const char *source, ot_error *err);

/* ---- the import log and undo (workspace database) ---------------------------------- */

/* One import (reference list or status list) saved into a workspace. */
typedef struct ot_refdata_import_entry {
    long long id;    /* IMPORT_ID */
    char label[160]; /* the source label */
    char kind[16];   /* template, csv, status */
    char as_of[OT_DATE_LEN];
    char sha256[OT_SHA256_HEX_LEN];
    char file[256]; /* the file as given */
    bool partial;
    char imported_at[32]; /* ISO-8601 UTC */
    char imported_by[64];
    char undone_at[32]; /* "" while in force */
    char undone_by[64];
} ot_refdata_import_entry;

/* The workspace database's imports, oldest first (malloc'd array, *n entries). */
ot_code ot_refdata_imports(ot_db *db, ot_refdata_import_entry **out, size_t *n, ot_error *err);

typedef struct ot_refdata_undo_report {
    ot_refdata_import_entry import; /* the import undone */
    bool to_snapshot;               /* nothing imported before it: the shipped snapshot is used */
    size_t smelters, sources;       /* in the store restored */
} ot_refdata_undo_report;

/* Undoes import `id`: the workspace's reference data (smelters, names, aliases, history,
 * statuses, sources) become exactly what they were before it, in one transaction with an
 * audit entry (refdata.undo). Only the latest import still in force can be undone
 * (undo later ones first: OT_E_CONFLICT names them); an import already undone, or a store
 * changed since the import other than by an import, is refused (OT_E_CONFLICT); an
 * unknown id is OT_E_NOT_FOUND. */
ot_code ot_refdata_undo(ot_db *db, long long id, ot_refdata_undo_report *rep, ot_error *err);

/* ---- reading ---------------------------------------------------------------------- */

size_t ot_refdata_smelter_count(const ot_refdata *rd);
const ot_smelter *ot_refdata_smelter_at(const ot_refdata *rd, size_t i);
/* By smelter ID or legacy ID; accepts "CID2763", "cid 002763", "2763". NULL if unknown. */
const ot_smelter *ot_refdata_find(const ot_refdata *rd, const char *id);
/* Follows successor links of merged IDs to the ID in use today. */
const ot_smelter *ot_refdata_resolve_current(const ot_refdata *rd, const ot_smelter *s);
/* Writes the canonical form of a typed ID ("cid 2763" -> "CID002763", "1jpn072" ->
 * "1JPN072") into out[32]; false when it does not look like a smelter ID. */
bool ot_refdata_canonical_id(const char *typed, char out[32]);

size_t ot_refdata_alias_count(const ot_refdata *rd);
const ot_refdata_alias *ot_refdata_alias_at(const ot_refdata *rd, size_t i);
size_t ot_refdata_event_count(const ot_refdata *rd);
const ot_refdata_event *ot_refdata_event_at(const ot_refdata *rd, size_t i);
size_t ot_refdata_source_count(const ot_refdata *rd);
const ot_refdata_source *ot_refdata_source_at(const ot_refdata *rd, size_t i);
/* Legacy IDs mapped to an ID (e.g. "1JPN072" for "CID000019"). */
size_t ot_refdata_legacy_count(const ot_refdata *rd);
void ot_refdata_legacy_at(const ot_refdata *rd, size_t i, const char **legacy_id,
                          const char **smelter_id);
size_t ot_refdata_status_count(const ot_refdata *rd);
const ot_status_entry *ot_refdata_status_at(const ot_refdata *rd, size_t i);

/* The RMAP status of a smelter as of a date: the latest entry dated on or before `date`
 * ("YYYY-MM-DD"; NULL = the latest known). Entries of IDs merged into this one count.
 * NULL when nothing is known. */
const ot_status_entry *ot_refdata_status(const ot_refdata *rd, const char *smelter_id,
                                         const char *date);

/* A list's date as lists write it ("2025-04-25", "25-Apr-2025", "April 25, 2025",
 * "December 21st 2012", "4/25/2025" US order; util/date.h ot_date_parse_loose) as
 * "YYYY-MM-DD". */
bool ot_refdata_parse_date(const char *text, char out[OT_DATE_LEN]);

#endif
