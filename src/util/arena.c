/* arena.c - bump allocator with a byte budget. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ot_arena_block {
    ot_arena_block *next;
    size_t size, pos;
    _Alignas(16) unsigned char data[];
};

enum { BLOCK_MIN = 64 * 1024 };

void ot_arena_init(ot_arena *a, size_t budget)
{
    a->head = NULL;
    a->used = 0;
    a->budget = budget;
}

void *ot_arena_alloc(ot_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) return NULL;
    if (a->budget && (a->used + need > a->budget || a->used + need < a->used)) return NULL;
    ot_arena_block *b = a->head;
    if (!b || b->size - b->pos < need) {
        size_t size = need > BLOCK_MIN ? need : BLOCK_MIN;
        b = malloc(sizeof *b + size);
        if (!b) return NULL;
        b->size = size;
        b->pos = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->pos;
    b->pos += need;
    a->used += need;
    return p;
}

char *ot_arena_strndup(ot_arena *a, const char *s, size_t n)
{
    char *p = ot_arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ot_arena_strdup(ot_arena *a, const char *s)
{
    return s ? ot_arena_strndup(a, s, strlen(s)) : NULL;
}

void ot_arena_free(ot_arena *a)
{
    ot_arena_block *b = a->head;
    while (b) {
        ot_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}
