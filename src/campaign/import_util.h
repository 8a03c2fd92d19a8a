/* import_util.h - what the vendor-list and BOM importers share (internal to campaign;
 * ingest uses the audit and array helpers): reading a CSV with named columns into per-row
 * value arrays, collecting skipped-row problems with their line numbers, column maps,
 * yes/no values and audit entries with a JSON detail. */
#ifndef OT_CAMPAIGN_IMPORT_UTIL_H
#define OT_CAMPAIGN_IMPORT_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "campaign/suppliers.h"
#include "store/store.h"

#define OT_IMPORT_MAX_COLS 16

typedef struct ot_import_reader ot_import_reader;

/* values[i] is the row's value for wanted column i, NULL when the file lacks it. */
typedef ot_code (*ot_import_row_fn)(const ot_import_reader *in, size_t line,
                                    const char *const *values, void *ctx, ot_error *err);

struct ot_import_reader {
    const char *path;
    const char *const *names; /* wanted column names (after mapping) */
    const bool *required;
    size_t n;
    int col[OT_IMPORT_MAX_COLS]; /* header index of each wanted column, -1 = absent */
    size_t header_fields;
    bool header_seen;
    ot_import_row_fn fn;
    void *ctx;
    ot_supplier_import_report *rep;
};

/* Reads path, in encoding (NULL: UTF-8, UTF-16 with a byte-order mark; util/encoding.h;
 * text that is not valid in it, or holds a NUL byte, fails the import with the line and
 * sets rep->encoding_refused): the first record is the header; every later record is
 * checked for field count, quoting and control characters (a line break in a value),
 * then handed to fn. A missing required column fails the import. */
ot_code ot_import_read(const char *path, const char *encoding, const char *const *names,
                       const bool *required, size_t n, ot_import_row_fn fn, void *ctx,
                       ot_import_reader *in, ot_supplier_import_report *rep, ot_error *err);

/* Records that the row at line is skipped, and why; returns false (for `return`). */
bool ot_import_skip_row(ot_import_reader *in, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a problem that skips no single row (the caller counts what it skips). */
void ot_import_warn(ot_import_reader *in, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sorts the problems by line. */
void ot_import_reader_finish(ot_import_reader *in, ot_supplier_import_report *rep);

/* 1 for yes/y/true/1/active, 0 for no/n/false/0/inactive, -1 otherwise. */
int ot_parse_yes_no(const char *s);

/* Parses "std=Their Name,std2=Other" into out[] (indexed like std_names). */
ot_code ot_column_map_parse(const char *spec, const char *const *std_names, size_t n,
                            char (*out)[128], ot_error *err);

/* Makes room for one more element in a malloc'd array of *cap elements holding n;
 * false (array unchanged) when out of memory. */
bool ot_grow(void **array, size_t *cap, size_t n, size_t elem);

/* ot_audit_append with detail serialised from a JSON object. */
ot_code ot_audit_json(ot_db *db, const char *actor, const char *action, const char *subject_type,
                      const char *subject_id, json_t *detail, ot_error *err);

#endif
