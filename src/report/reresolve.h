/* reresolve.h - keeps the smelter resolutions stored on Smelter List rows current when
 * the reference data change (a new RMI list imported, an import undone): every stored
 * row is matched again against the reference data now in force, and the rows whose
 * smelter, method or standard name/country changed are updated (the reported columns
 * never change), in one transaction with an audit entry (smelter_row.reresolve).
 *
 * 1.5 million rows carry few distinct (metal, typed ID, look-up name, name, country)
 * combinations, so each combination is matched once. */
#ifndef OT_REPORT_RERESOLVE_H
#define OT_REPORT_RERESOLVE_H

#include <stddef.h>

#include "refdata/refdata.h"
#include "store/store.h"
#include "util/error.h"

typedef struct ot_reresolve_report {
    size_t rows;               /* stored rows read */
    size_t distinct;           /* distinct inputs matched */
    size_t changed;            /* rows whose resolution changed */
    size_t newly_resolved;     /* ... of which resolved now and not before */
    size_t no_longer_resolved; /* ... resolved before, not any more */
} ot_reresolve_report;

/* Resolves every stored row again against rd (the reference data in force) and saves the
 * changes. actor: for the audit entry. */
ot_code ot_smelter_rows_reresolve(ot_db *db, const ot_refdata *rd, const char *actor,
                                  ot_reresolve_report *rep, ot_error *err);

#endif
