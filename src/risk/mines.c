/* mines.c - what a declaration says about where a smelter's ore comes from: the
 * mine-country cell of its Smelter List row and the Mine List rows (EMRT 2.x, AMRT) that
 * name it. Mine List rows point at smelters by name only, so the links are a name
 * comparison; the Mine List is normalised and sorted once per declaration, so linking
 * every row costs O((smelters + mines) log mines) even for a 2 500 x 2 500 file. */
#include <stdlib.h>
#include <string.h>

#include "refdata/normalize.h"
#include "risk/risk_internal.h"
#include "util/arena.h"
#include "util/text.h"

typedef struct mine_key {
    const char *key;     /* normalised smelter name the mine row gives */
    const char *metal;   /* as typed, NULL = not given */
    const char *country; /* the mine's country */
} mine_key;

struct ot_mine_links {
    const ot_declaration *d;
    ot_arena arena;
    mine_key *keys;
    size_t count;
};

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const mine_key *)a)->key, ((const mine_key *)b)->key);
}

/* The Smelter Look-up's special rows name no smelter. */
static bool names_a_smelter(const char *name)
{
    return !ot_risk_blank(name) && !ot_text_equal_loose(name, "Smelter not listed") &&
           !ot_text_equal_loose(name, "Smelter not yet identified");
}

ot_code ot_risk_mine_links_new(const ot_declaration *d, ot_mine_links **out, ot_error *err)
{
    ot_mine_links *l = calloc(1, sizeof *l);
    if (!l) return ot_fail(err, OT_E_NOMEM, "out of memory linking the Mine List");
    ot_arena_init(&l->arena, 0);
    l->d = d;
    size_t n = d ? d->mine_count : 0;
    l->keys = n ? calloc(n, sizeof *l->keys) : NULL;
    if (n && !l->keys) {
        ot_risk_mine_links_free(l);
        return ot_fail(err, OT_E_NOMEM, "out of memory linking the Mine List");
    }
    ot_norm_name norm;
    for (size_t m = 0; m < n; m++) {
        const ot_mine_row *row = &d->mines[m];
        const char *name = row->col[OT_MN_SMELTER_NAME].value;
        if (ot_risk_blank(row->col[OT_MN_COUNTRY].value) || !names_a_smelter(name)) continue;
        ot_normalize_name(name, &norm);
        const char *key = norm.full_key[0] ? ot_arena_strdup(&l->arena, norm.full_key) : NULL;
        if (!key) continue; /* nothing comparable (or out of memory: the row is not linked) */
        l->keys[l->count++] =
            (mine_key){key, row->col[OT_MN_METAL].value, row->col[OT_MN_COUNTRY].value};
    }
    if (l->count) qsort(l->keys, l->count, sizeof *l->keys, key_cmp);
    *out = l;
    return OT_OK;
}

/* Appends the countries of the mine rows naming `name` (under `metal`) to out. */
static size_t add_named(const ot_mine_links *l, const char *name, const char *metal,
                        const char **out, size_t n, size_t max)
{
    if (!names_a_smelter(name) || !l->count) return n;
    ot_norm_name norm;
    ot_normalize_name(name, &norm);
    if (!norm.full_key[0]) return n;
    mine_key probe = {norm.full_key, NULL, NULL};
    const mine_key *hit = bsearch(&probe, l->keys, l->count, sizeof *l->keys, key_cmp);
    if (!hit) return n;
    while (hit > l->keys && strcmp(hit[-1].key, norm.full_key) == 0)
        hit--;
    for (; hit < l->keys + l->count && strcmp(hit->key, norm.full_key) == 0 && n < max; hit++) {
        if (metal && hit->metal && !ot_text_equal_loose(metal, hit->metal)) continue;
        bool dup = false; /* the same mine row found through another name of the smelter */
        for (size_t k = 0; k < n && !dup; k++)
            dup = out[k] == hit->country;
        if (!dup) out[n++] = hit->country;
    }
    return n;
}

size_t ot_risk_mine_countries(const ot_mine_links *l, size_t i, const char *standard_name,
                              const char **out, size_t max)
{
    if (!l || !l->d || i >= l->d->smelter_count || !out) return 0;
    const ot_smelter_row *row = &l->d->smelters[i];
    size_t n = 0;
    const char *own = row->col[OT_SM_MINE_COUNTRY].value;
    if (!ot_risk_blank(own) && n < max) out[n++] = own;
    const char *metal = row->col[OT_SM_METAL].value;
    n = add_named(l, row->col[OT_SM_NAME].value, metal, out, n, max);
    n = add_named(l, row->col[OT_SM_LOOKUP_NAME].value, metal, out, n, max);
    n = add_named(l, standard_name, metal, out, n, max);
    return n;
}

void ot_risk_mine_links_free(ot_mine_links *l)
{
    if (!l) return;
    free(l->keys);
    ot_arena_free(&l->arena);
    free(l);
}
