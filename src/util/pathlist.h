/* pathlist.h - growing lists of file paths, and the workbooks (.xlsx, .xlsm, .xls) a
 * folder holds.
 *
 * The commands that take FILE|DIR... (inspect, validate, ingest) all turn a folder into
 * the sorted list of workbooks in it; this is the one place that does it. What a folder
 * holds is not trusted: only regular files are listed; a symbolic link inside it is
 * left out (it may lead anywhere, e.g. to /etc/passwd) unless links are to be followed;
 * a sub-folder that cannot be opened, a link loop or folders nested too deep are
 * recorded as skipped entries and the rest is still listed. */
#ifndef OT_PATHLIST_H
#define OT_PATHLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* A folder entry that was left out, and why. */
typedef struct ot_path_skip {
    char *path;    /* malloc'd */
    char why[200]; /* "a symbolic link: not followed", "cannot open folder: Permission denied" */
    bool problem;  /* true: it could not be searched or read (counts as unreadable input);
                    * false: left out as asked (a symbolic link not followed) */
} ot_path_skip;

typedef struct ot_pathlist {
    char **items; /* malloc'd copies, owned by the list */
    size_t n, cap;
    ot_path_skip *skipped; /* sorted by path within each folder listing */
    size_t n_skipped, skipped_cap;
} ot_pathlist;

/* Appends a copy of path. False when out of memory (the list is unchanged). */
bool ot_pathlist_add(ot_pathlist *l, const char *path);

/* Frees the paths, the skipped entries and the arrays; the list is empty again. */
void ot_pathlist_free(ot_pathlist *l);

/* True when the name ends in .xlsx, .xlsm or .xls (any case). */
bool ot_is_workbook_name(const char *name);

enum {
    OT_WORKBOOKS_RECURSIVE = 1 << 0,    /* also look in sub-folders (at most 32 deep) */
    OT_WORKBOOKS_SKIP_LOCKS = 1 << 1,   /* leave out Excel's "~$name.xlsx" lock files */
    OT_WORKBOOKS_FOLLOW_LINKS = 1 << 2, /* follow symbolic links found in folders (a link
                                         * back to a folder above is a skipped loop) */
};

/* Appends the workbooks in folder dir (regular files with a workbook name, hidden names
 * left out), sorted by path. flags: OT_WORKBOOKS_*. Entries left out are appended to
 * l->skipped: symbolic links with a workbook name or to a folder (unless followed),
 * workbook names that are not regular files (a FIFO, a device), sub-folders that cannot
 * be opened, link loops, folders nested too deep. Only dir itself failing to open is an
 * error: OT_E_IO ("DIR: cannot open folder: why"). */
ot_code ot_pathlist_add_workbooks(ot_pathlist *l, const char *dir, unsigned flags, ot_error *err);

#endif
