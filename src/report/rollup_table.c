/* rollup_table.c - the roll-up's string table and growable arrays (rollup_internal.h).
 * 1.5 million smelter rows come down to a few thousand distinct texts, so every text is
 * copied once and compared by pointer afterwards. */
#include <stdlib.h>
#include <string.h>

#include "report/rollup_internal.h"

static uint64_t hash_bytes(const void *key, size_t len)
{
    /* FNV-1a, then a final mix so that the low bits spread well */
    const unsigned char *p = key;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

void rl_table_init(rl_table *t, ot_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
}

void rl_table_free(rl_table *t)
{
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static bool grow(rl_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    rl_entry *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].key) continue;
        size_t j = (size_t)t->slots[i].hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return true;
}

rl_entry *rl_table_get(rl_table *t, const void *key, size_t len, bool *added)
{
    if (added) *added = false;
    if ((t->count + 1) * 2 > t->cap && !grow(t)) return NULL;
    uint64_t h = hash_bytes(key, len);
    size_t j = (size_t)h & (t->cap - 1);
    while (t->slots[j].key) {
        rl_entry *e = &t->slots[j];
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return e;
        j = (j + 1) & (t->cap - 1);
    }
    char *copy = ot_arena_strndup(t->arena, key, len);
    if (!copy) return NULL;
    rl_entry *e = &t->slots[j];
    *e = (rl_entry){.key = copy, .len = len, .hash = h, .value = SIZE_MAX};
    t->count++;
    if (added) *added = true;
    return e;
}

const rl_entry *rl_table_find(const rl_table *t, const void *key, size_t len)
{
    if (!t->cap) return NULL;
    uint64_t h = hash_bytes(key, len);
    for (size_t j = (size_t)h & (t->cap - 1); t->slots[j].key; j = (j + 1) & (t->cap - 1)) {
        const rl_entry *e = &t->slots[j];
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return e;
    }
    return NULL;
}

const char *rl_intern(rl_table *t, const char *s)
{
    if (!s) return NULL;
    rl_entry *e = rl_table_get(t, s, strlen(s), NULL);
    return e ? e->key : NULL;
}

void *rl_push(void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        void *p = realloc(*items, c * size);
        if (!p) return NULL;
        *items = p;
        *cap = c;
    }
    void *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}
