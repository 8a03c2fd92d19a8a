/* risklists.h - the CAHRA list and the watch list a workspace holds (migration 011):
 * importing one (the CSV formats of docs/risk.md, read by the risk module's parsers),
 * the list in force (the newest import of its kind) and the history of imports.
 *
 * An import stores the file as read, its SHA-256, the defaults given for rows without a
 * source or date, and the parsed entries, in one transaction with an audit entry
 * (risk.cahra_import / risk.watch_import). The list in force is read back from the stored
 * text with the same parser, so the roll-up and the listing see exactly what was
 * checked at import. No import: no list (the roll-up then uses none and says so). */
#ifndef OT_REPORT_RISKLISTS_H
#define OT_REPORT_RISKLISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "risk/risk.h"
#include "store/store.h"
#include "util/date.h"
#include "util/error.h"
#include "util/fileio.h"

typedef enum { OT_RISKLIST_CAHRA = 0, OT_RISKLIST_WATCH } ot_risklist_kind;

const char *ot_risklist_kind_name(ot_risklist_kind k); /* "cahra", "watch" */

/* One import of a list. */
typedef struct ot_risklist_info {
    int64_t id;
    ot_risklist_kind kind;
    char file[256]; /* as given */
    char sha256[OT_SHA256_HEX_LEN];
    char source[160];        /* default source given, "" when none */
    char as_of[OT_DATE_LEN]; /* default date given, "" when none */
    size_t entries;
    char imported_at[32];
    char imported_by[64];
} ot_risklist_info;

/* Reads and checks the CSV at path (one bad row refuses the whole list, OT_E_INVALID
 * with its line) and makes it the list in force of its kind. source / as_of: for rows
 * without their own (may be NULL: the column is then required). */
ot_code ot_risklist_import(ot_db *db, ot_risklist_kind kind, const char *path, const char *source,
                           const char *as_of, const char *actor, ot_risklist_info *out,
                           ot_error *err);

/* The list in force; *cahra / *watch NULL (and info->id 0) when none was imported. info
 * may be NULL. Free the list with the risk module's free. */
ot_code ot_risklist_cahra(ot_db *db, ot_cahra_list **cahra, ot_risklist_info *info, ot_error *err);
ot_code ot_risklist_watch(ot_db *db, ot_watch_list **watch, ot_risklist_info *info, ot_error *err);

/* Every import of a kind, newest first (malloc'd array of *n). */
ot_code ot_risklist_history(ot_db *db, ot_risklist_kind kind, ot_risklist_info **out, size_t *n,
                            ot_error *err);

#endif
