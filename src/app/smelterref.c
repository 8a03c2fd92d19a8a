/* smelterref.c - ot_smelter_ref over an ot_refdata store: ID -> metal through the
 * store's own lookup; (metal, look-up name) -> ID through a sorted index of every
 * standard name and alias, built once. */
#include "app/smelterref.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct name_entry {
    char *key;      /* lower-case "metal\x1fname", spaces collapsed */
    const char *id; /* owned by the store */
} name_entry;

struct ot_smelterref {
    const ot_refdata *rd;
    ot_smelter_ref ref;
    name_entry *names;
    size_t name_count;
    const char *metals[32]; /* metals the store lists smelters for */
    size_t metal_count;
};

static char *make_key(const char *metal, const char *name)
{
    size_t n = strlen(metal) + strlen(name) + 2;
    char *k = malloc(n), *o = k;
    if (!k) return NULL;
    const char *parts[2] = {metal, name};
    for (int p = 0; p < 2; p++) {
        const char *s = parts[p];
        while (*s == ' ')
            s++;
        bool space = false;
        for (; *s; s++) {
            if (isspace((unsigned char)*s)) {
                space = true;
                continue;
            }
            if (space && o > k && o[-1] != '\x1f') *o++ = ' ';
            space = false;
            *o++ = (char)tolower((unsigned char)*s);
        }
        if (p == 0) *o++ = '\x1f';
    }
    *o = '\0';
    return k;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const name_entry *)a)->key, ((const name_entry *)b)->key);
}

static size_t metals_of_id(void *self, const char *id, const char **metals, size_t max)
{
    ot_smelterref *a = self;
    const ot_smelter *s = ot_refdata_find(a->rd, id);
    if (!s || !s->metal || !*s->metal) return 0;
    if (max > 0) metals[0] = s->metal;
    return 1;
}

static const char *id_of_name(void *self, const char *metal, const char *name)
{
    ot_smelterref *a = self;
    char *key = make_key(metal, name);
    if (!key) return NULL;
    name_entry probe = {key, NULL};
    name_entry *hit = bsearch(&probe, a->names, a->name_count, sizeof *a->names, cmp_entry);
    free(key);
    return hit ? hit->id : NULL;
}

static bool covers_metal(void *self, const char *metal)
{
    ot_smelterref *a = self;
    for (size_t i = 0; i < a->metal_count; i++)
        if (strcasecmp(a->metals[i], metal) == 0) return true;
    return false;
}

static bool add_name(ot_smelterref *a, size_t *cap, const char *metal, const char *name,
                     const char *id)
{
    if (!metal || !*metal || !name || !*name) return true;
    if (a->name_count == *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        name_entry *p = realloc(a->names, c * sizeof *p);
        if (!p) return false;
        a->names = p;
        *cap = c;
    }
    char *key = make_key(metal, name);
    if (!key) return false;
    a->names[a->name_count++] = (name_entry){key, id};
    return true;
}

ot_smelterref *ot_smelterref_new(const ot_refdata *rd)
{
    ot_smelterref *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->rd = rd;
    a->ref = (ot_smelter_ref){a, metals_of_id, id_of_name, covers_metal};
    size_t cap = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < ot_refdata_smelter_count(rd); i++) {
        const ot_smelter *s = ot_refdata_smelter_at(rd, i);
        ok = add_name(a, &cap, s->metal, s->standard_name, s->id);
        if (s->metal && *s->metal && !covers_metal(a, s->metal) && a->metal_count < 32)
            a->metals[a->metal_count++] = s->metal;
    }
    for (size_t i = 0; ok && i < ot_refdata_alias_count(rd); i++) {
        const ot_refdata_alias *al = ot_refdata_alias_at(rd, i);
        const ot_smelter *s = ot_refdata_find(rd, al->smelter_id);
        if (s) ok = add_name(a, &cap, s->metal, al->name, s->id);
    }
    if (!ok) {
        ot_smelterref_free(a);
        return NULL;
    }
    qsort(a->names, a->name_count, sizeof *a->names, cmp_entry);
    return a;
}

const ot_smelter_ref *ot_smelterref_get(const ot_smelterref *a)
{
    return a ? &a->ref : NULL;
}

void ot_smelterref_free(ot_smelterref *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->name_count; i++)
        free(a->names[i].key);
    free(a->names);
    free(a);
}
