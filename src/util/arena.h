/* arena.h - bump allocator for data whose lifetime is one file (one workbook, one
 * declaration). Everything allocated from an arena is freed at once by ot_arena_free.
 * A byte budget bounds what a hostile file can make us allocate. */
#ifndef OT_ARENA_H
#define OT_ARENA_H

#include <stddef.h>

typedef struct ot_arena_block ot_arena_block;

typedef struct ot_arena {
    ot_arena_block *head;
    size_t used;   /* bytes handed out, all blocks */
    size_t budget; /* 0 = unlimited */
} ot_arena;

void ot_arena_init(ot_arena *a, size_t budget);
/* Returns NULL when out of memory or over budget. Memory is 16-byte aligned. */
void *ot_arena_alloc(ot_arena *a, size_t n);
/* Copies n bytes and appends a NUL. */
char *ot_arena_strndup(ot_arena *a, const char *s, size_t n);
char *ot_arena_strdup(ot_arena *a, const char *s);
void ot_arena_free(ot_arena *a);

#endif
