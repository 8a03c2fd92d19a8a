/* app_util.c - see app_internal.h. */
#include <stdlib.h>

#include "app/app_internal.h"
#include "store/audit.h"

const char *ot_app_actor(const char *requested)
{
    return requested && *requested ? requested : ot_audit_os_actor();
}

const char *ot_app_keep(ot_arena *a, const char *s, bool *ok)
{
    if (!s) return NULL;
    const char *copy = ot_arena_strdup(a, s);
    if (!copy) *ok = false;
    return copy;
}

bool ot_app_grow(void **array, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*array, c * elem);
    if (!p) return false;
    *array = p;
    *cap = c;
    return true;
}
