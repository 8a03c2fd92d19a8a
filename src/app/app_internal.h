/* app_internal.h - what the use cases share inside the application layer (not public):
 * the actor of an audited change, and copying list rows into a result that owns them. */
#ifndef OT_APP_INTERNAL_H
#define OT_APP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* The actor a request names, else the operating-system user (store/audit.h). */
const char *ot_app_actor(const char *requested);

/* A copy of s in the arena (NULL stays NULL); sets *ok false when out of memory. */
const char *ot_app_keep(ot_arena *a, const char *s, bool *ok);

/* Room for one more element in a malloc'd array of *cap elements holding n; false (the
 * array unchanged) when out of memory. */
bool ot_app_grow(void **array, size_t *cap, size_t n, size_t elem);

#endif
