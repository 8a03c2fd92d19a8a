/* pathlist.c - see pathlist.h. */
#include "pathlist.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

bool ot_pathlist_add(ot_pathlist *l, const char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **p = realloc(l->items, cap * sizeof *p);
        if (!p) return false;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n] = strdup(path);
    return l->items[l->n] ? (l->n++, true) : false;
}

void ot_pathlist_free(ot_pathlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    *l = (ot_pathlist){0};
}

bool ot_is_workbook_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".xlsx") == 0 || strcasecmp(dot, ".xlsm") == 0 ||
                   strcasecmp(dot, ".xls") == 0);
}

static bool wanted_name(const char *name, unsigned flags)
{
    if ((flags & OT_WORKBOOKS_SKIP_LOCKS) && strncmp(name, "~$", 2) == 0) return false;
    return ot_is_workbook_name(name);
}

/* dir + "/" + name (no second slash when dir ends with one); NULL when out of memory. */
static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return path;
}

static ot_code walk(ot_pathlist *l, const char *dir, unsigned flags, int depth, ot_error *err);

/* One folder entry: a sub-folder to walk (when recursive) or a workbook to keep. */
static ot_code add_entry(ot_pathlist *l, const char *dir, const char *name, unsigned flags,
                         int depth, ot_error *err)
{
    char *path = join_path(dir, name);
    if (!path) return ot_fail(err, OT_E_NOMEM, "out of memory listing %s", dir);
    ot_code rc = OT_OK;
    struct stat st;
    bool found = stat(path, &st) == 0; /* false: vanished, or a dangling link */
    if (found && S_ISDIR(st.st_mode) && (flags & OT_WORKBOOKS_RECURSIVE))
        rc = walk(l, path, flags, depth + 1, err);
    else if (found && S_ISREG(st.st_mode) && wanted_name(name, flags) && !ot_pathlist_add(l, path))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory listing %s", dir);
    free(path);
    return rc;
}

static ot_code walk(ot_pathlist *l, const char *dir, unsigned flags, int depth, ot_error *err)
{
    if (depth > 32) return ot_fail(err, OT_E_TOO_LARGE, "%s: folders nested too deep", dir);
    DIR *dh = opendir(dir);
    if (!dh) return ot_fail(err, OT_E_IO, "%s: cannot open folder: %s", dir, strerror(errno));
    ot_code rc = OT_OK;
    for (struct dirent *e; rc == OT_OK && (e = readdir(dh));)
        if (e->d_name[0] != '.') rc = add_entry(l, dir, e->d_name, flags, depth, err);
    closedir(dh);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ot_code ot_pathlist_add_workbooks(ot_pathlist *l, const char *dir, unsigned flags, ot_error *err)
{
    size_t first = l->n;
    ot_code rc = walk(l, dir, flags, 0, err);
    if (l->n > first) qsort(l->items + first, l->n - first, sizeof *l->items, cmp_str);
    return rc;
}
