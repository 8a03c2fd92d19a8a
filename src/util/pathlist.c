/* pathlist.c - see pathlist.h. */
#include "pathlist.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fileio.h"

#define MAX_DEPTH 32

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
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    for (size_t i = 0; i < l->n_skipped; i++)
        free(l->skipped[i].path);
    free(l->items);
    free(l->skipped);
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
    if (path)
        snprintf(path, n, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return path;
}

/* One listing: the folders on the way down (to recognise a loop) and what it adds. */
typedef struct walker {
    ot_pathlist *l;
    unsigned flags;
    struct stat above[MAX_DEPTH + 1];
    int depth; /* folders in above[] */
    ot_error *err;
} walker;

static ot_code skip(walker *w, const char *path, bool problem, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ot_code skip(walker *w, const char *path, bool problem, const char *fmt, ...)
{
    ot_pathlist *l = w->l;
    if (l->n_skipped == l->skipped_cap) {
        size_t cap = l->skipped_cap ? l->skipped_cap * 2 : 8;
        ot_path_skip *p = realloc(l->skipped, cap * sizeof *p);
        if (!p) return ot_fail(w->err, OT_E_NOMEM, "out of memory listing %s", path);
        l->skipped = p;
        l->skipped_cap = cap;
    }
    ot_path_skip *s = &l->skipped[l->n_skipped];
    s->path = strdup(path);
    if (!s->path) return ot_fail(w->err, OT_E_NOMEM, "out of memory listing %s", path);
    s->problem = problem;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->why, sizeof s->why, fmt, ap);
    va_end(ap);
    l->n_skipped++;
    return OT_OK;
}

static ot_code walk(walker *w, const char *dir, const struct stat *st);

/* A sub-folder: searched unless it is one of the folders above it (a loop through a
 * link or a bind mount) or one level too deep. */
static ot_code enter(walker *w, const char *path, const struct stat *st)
{
    for (int i = 0; i < w->depth; i++)
        if (w->above[i].st_dev == st->st_dev && w->above[i].st_ino == st->st_ino)
            return skip(w, path, true, "a loop: it leads back into a folder above it");
    if (w->depth > MAX_DEPTH)
        return skip(w, path, true, "folders nested more than %d deep: not searched", MAX_DEPTH);
    return walk(w, path, st);
}

/* One folder entry: a sub-folder to walk (when recursive) or a workbook to keep. */
static ot_code add_entry(walker *w, const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    if (!path) return ot_fail(w->err, OT_E_NOMEM, "out of memory listing %s", dir);
    bool recursive = w->flags & OT_WORKBOOKS_RECURSIVE, wanted = wanted_name(name, w->flags);
    ot_code rc = OT_OK;
    struct stat st;
    bool found = lstat(path, &st) == 0; /* false: vanished since the folder was read */
    if (found && S_ISLNK(st.st_mode)) {
        struct stat target;
        bool resolves = stat(path, &target) == 0;
        bool relevant = wanted || (recursive && resolves && S_ISDIR(target.st_mode));
        if (!(w->flags & OT_WORKBOOKS_FOLLOW_LINKS)) {
            found = false;
            if (relevant) rc = skip(w, path, false, "a symbolic link: not followed");
        } else if (!resolves) {
            found = false;
            if (wanted) rc = skip(w, path, true, "a symbolic link to nothing: %s", strerror(errno));
        } else {
            st = target;
        }
    }
    if (!found || rc != OT_OK) {
        /* nothing more to do */
    } else if (S_ISDIR(st.st_mode)) {
        if (recursive) rc = enter(w, path, &st);
    } else if (wanted && !S_ISREG(st.st_mode)) {
        rc = skip(w, path, true, "not a regular file: it is %s", ot_file_kind(st.st_mode));
    } else if (wanted && !ot_pathlist_add(w->l, path)) {
        rc = ot_fail(w->err, OT_E_NOMEM, "out of memory listing %s", dir);
    }
    free(path);
    return rc;
}

static ot_code walk(walker *w, const char *dir, const struct stat *st)
{
    DIR *dh = opendir(dir);
    if (!dh && w->depth == 0)
        return ot_fail(w->err, OT_E_IO, "%s: cannot open folder: %s", dir, strerror(errno));
    if (!dh) return skip(w, dir, true, "cannot open folder: %s", strerror(errno));
    w->above[w->depth++] = *st;
    ot_code rc = OT_OK;
    errno = 0;
    struct dirent *e;
    while (rc == OT_OK && (e = readdir(dh))) {
        if (e->d_name[0] != '.') rc = add_entry(w, dir, e->d_name);
        errno = 0;
    }
    if (rc == OT_OK && errno)
        rc = skip(w, dir, true, "folder not read to the end: %s", strerror(errno));
    w->depth--;
    closedir(dh);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_skip(const void *a, const void *b)
{
    return strcmp(((const ot_path_skip *)a)->path, ((const ot_path_skip *)b)->path);
}

ot_code ot_pathlist_add_workbooks(ot_pathlist *l, const char *dir, unsigned flags, ot_error *err)
{
    size_t first = l->n, first_skip = l->n_skipped;
    walker *w = calloc(1, sizeof *w);
    if (!w) return ot_fail(err, OT_E_NOMEM, "out of memory listing %s", dir);
    *w = (walker){.l = l, .flags = flags, .err = err};
    struct stat st;
    ot_code rc = stat(dir, &st) == 0
                     ? walk(w, dir, &st)
                     : ot_fail(err, OT_E_IO, "%s: cannot open folder: %s", dir, strerror(errno));
    free(w);
    if (l->n > first) qsort(l->items + first, l->n - first, sizeof *l->items, cmp_str);
    if (l->n_skipped > first_skip)
        qsort(l->skipped + first_skip, l->n_skipped - first_skip, sizeof *l->skipped, cmp_skip);
    return rc;
}
