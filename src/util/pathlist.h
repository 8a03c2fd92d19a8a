/* pathlist.h - growing lists of file paths, and the workbooks (.xlsx, .xlsm, .xls) a
 * folder holds.
 *
 * The commands that take FILE|DIR... (inspect, validate, ingest) all turn a folder into
 * the sorted list of workbooks in it; this is the one place that does it. */
#ifndef OT_PATHLIST_H
#define OT_PATHLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct ot_pathlist {
    char **items; /* malloc'd copies, owned by the list */
    size_t n, cap;
} ot_pathlist;

/* Appends a copy of path. False when out of memory (the list is unchanged). */
bool ot_pathlist_add(ot_pathlist *l, const char *path);

/* Frees the paths and the array; the list is empty again. */
void ot_pathlist_free(ot_pathlist *l);

/* True when the name ends in .xlsx, .xlsm or .xls (any case). */
bool ot_is_workbook_name(const char *name);

enum {
    OT_WORKBOOKS_RECURSIVE = 1 << 0,  /* also look in sub-folders (at most 32 deep) */
    OT_WORKBOOKS_SKIP_LOCKS = 1 << 1, /* leave out Excel's "~$name.xlsx" lock files */
};

/* Appends the workbooks in folder dir (regular files with a workbook name, hidden names
 * left out), sorted by path. flags: OT_WORKBOOKS_*. An unreadable folder is OT_E_IO
 * ("DIR: cannot open folder: why"). */
ot_code ot_pathlist_add_workbooks(ot_pathlist *l, const char *dir, unsigned flags, ot_error *err);

#endif
