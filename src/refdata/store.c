/* store.c - the in-memory reference store: records, indexes, look-ups by ID, statuses. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata/refdata_internal.h"
#include "util/date.h"
#include "util/text.h"

/* ---- string map -------------------------------------------------------------------- */

/* Eight bytes per step (keys are words and names, hashed on every look-up). */
static uint64_t hash_str(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    for (; n >= 8; n -= 8, s += 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29); /* the table uses the low bits: fold the high ones in */
}

static bool strmap_grow(ot_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = calloc(cap, sizeof *keys);
    size_t *vals = calloc(cap, sizeof *vals);
    uint32_t *hashes = calloc(cap, sizeof *hashes);
    if (!keys || !vals || !hashes) {
        free(keys);
        free(vals);
        free(hashes);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = m->hashes[i] & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
        hashes[j] = m->hashes[i];
    }
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    m->keys = keys;
    m->vals = vals;
    m->hashes = hashes;
    m->cap = cap;
    return true;
}

bool strmap_put(ot_strmap *m, const char *key, size_t val)
{
    /* at most half full: a look-up that misses ends after about two probes */
    if ((m->count + 1) * 2 > m->cap && !strmap_grow(m)) return false;
    uint32_t h = (uint32_t)hash_str(key);
    size_t j = h & (m->cap - 1);
    while (m->keys[j]) {
        if (m->hashes[j] == h && strcmp(m->keys[j], key) == 0) {
            m->vals[j] = val;
            return true;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->hashes[j] = h;
    m->count++;
    return true;
}

bool strmap_get(const ot_strmap *m, const char *key, size_t *val)
{
    if (!m->cap) return false;
    uint32_t h = (uint32_t)hash_str(key);
    size_t j = h & (m->cap - 1);
    while (m->keys[j]) {
        if (m->hashes[j] == h && strcmp(m->keys[j], key) == 0) {
            if (val) *val = m->vals[j];
            return true;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return false;
}

void strmap_free(ot_strmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    memset(m, 0, sizeof *m);
}

/* ---- lifetime ---------------------------------------------------------------------- */

ot_code ot_refdata_new(ot_refdata **out, ot_error *err)
{
    *out = NULL;
    ot_refdata *rd = calloc(1, sizeof *rd);
    if (!rd) return ot_fail(err, OT_E_NOMEM, "out of memory creating the reference store");
    ot_arena_init(&rd->arena, 0);
    *out = rd;
    return OT_OK;
}

void ot_refdata_free(ot_refdata *rd)
{
    if (!rd) return;
    free(rd->smelters);
    free(rd->aliases);
    free(rd->events);
    free(rd->sources);
    free(rd->source_metals);
    free(rd->status);
    free(rd->legacy);
    rd_clear_notes(rd);
    free(rd->audit);
    strmap_free(&rd->by_id);
    strmap_free(&rd->by_legacy);
    strmap_free(&rd->alias_set);
    ot_arena_free(&rd->arena);
    free(rd);
}

const char *rd_str(ot_refdata *rd, const char *s)
{
    if (!s) s = "";
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    char *copy = ot_arena_strndup(&rd->arena, s, n);
    return copy ? copy : "";
}

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t ncap_ = (cap) ? (cap)*2 : 64;                                                   \
            void *p_ = realloc((arr), ncap_ * sizeof *(arr));                                      \
            if (!p_) return false;                                                                 \
            (arr) = p_;                                                                            \
            (cap) = ncap_;                                                                         \
        }                                                                                          \
    } while (0)

static bool grow_smelters(ot_refdata *rd)
{
    GROW(rd->smelters, rd->n_smelters, rd->cap_smelters);
    return true;
}

size_t rd_add_smelter(ot_refdata *rd, const ot_smelter *s)
{
    if (!grow_smelters(rd)) return SIZE_MAX;
    size_t i = rd->n_smelters;
    rd->smelters[i] = *s;
    if (!strmap_put(&rd->by_id, s->id, i)) return SIZE_MAX;
    rd->n_smelters++;
    return i;
}

/* "ID\x1fname" with ASCII letters lowercased, in the arena. */
static const char *alias_key(ot_refdata *rd, const char *id, const char *name)
{
    size_t a = strlen(id), b = strlen(name);
    char *k = ot_arena_alloc(&rd->arena, a + b + 2);
    if (!k) return NULL;
    memcpy(k, id, a);
    k[a] = '\x1f';
    for (size_t i = 0; i < b; i++)
        k[a + 1 + i] = (char)tolower((unsigned char)name[i]);
    k[a + b + 1] = '\0';
    return k;
}

static bool grow_aliases(ot_refdata *rd)
{
    GROW(rd->aliases, rd->n_aliases, rd->cap_aliases);
    return true;
}

bool rd_add_alias(ot_refdata *rd, const char *smelter_id, const char *name, const char *source,
                  const char *date)
{
    if (!date) date = "";
    const char *n = rd_str(rd, name);
    if (!*n) return false;
    char probe[600];
    size_t a = strlen(smelter_id), b = strlen(n);
    if (a + b + 2 <= sizeof probe) {
        memcpy(probe, smelter_id, a);
        probe[a] = '\x1f';
        for (size_t i = 0; i < b; i++)
            probe[a + 1 + i] = (char)tolower((unsigned char)n[i]);
        probe[a + b + 1] = '\0';
        size_t at;
        if (strmap_get(&rd->alias_set, probe, &at)) {
            if (strcmp(date, rd->aliases[at].last_seen) > 0)
                rd->aliases[at].last_seen = rd_str(rd, date);
            return false;
        }
    }
    const char *key = alias_key(rd, smelter_id, n);
    if (!key || !grow_aliases(rd)) return false;
    size_t i = rd->n_aliases;
    rd->aliases[i] =
        (ot_refdata_alias){rd_str(rd, smelter_id), n, rd_str(rd, source), rd_str(rd, date)};
    if (!strmap_put(&rd->alias_set, key, i)) return false;
    rd->n_aliases++;
    return true;
}

static bool grow_events(ot_refdata *rd)
{
    GROW(rd->events, rd->n_events, rd->cap_events);
    return true;
}

bool rd_add_event(ot_refdata *rd, const char *date, const char *source, const char *id,
                  ot_event_kind kind, const char *old_value, const char *new_value)
{
    if (!grow_events(rd)) return false;
    rd->events[rd->n_events++] =
        (ot_refdata_event){rd_str(rd, date),      rd_str(rd, source),   rd_str(rd, id), kind,
                           rd_str(rd, old_value), rd_str(rd, new_value)};
    return true;
}

static bool grow_legacy(ot_refdata *rd)
{
    GROW(rd->legacy, rd->n_legacy, rd->cap_legacy);
    return true;
}

bool rd_add_legacy(ot_refdata *rd, const char *legacy_id, const char *smelter_id,
                   const char *source)
{
    if (strmap_get(&rd->by_legacy, legacy_id, NULL)) return false;
    if (!grow_legacy(rd)) return false;
    size_t i = rd->n_legacy;
    rd->legacy[i] = (legacy_map){rd_str(rd, legacy_id), rd_str(rd, smelter_id), rd_str(rd, source)};
    if (!strmap_put(&rd->by_legacy, rd->legacy[i].legacy_id, i)) return false;
    rd->n_legacy++;
    return true;
}

bool rd_add_source(ot_refdata *rd, const ot_refdata_source *src, const char *metals)
{
    if (rd->n_sources == rd->cap_sources) {
        size_t cap = rd->cap_sources ? rd->cap_sources * 2 : 16;
        ot_refdata_source *p = realloc(rd->sources, cap * sizeof *p);
        if (!p) return false;
        rd->sources = p;
        const char **m = realloc(rd->source_metals, cap * sizeof *m);
        if (!m) return false;
        rd->source_metals = m;
        rd->cap_sources = cap;
    }
    size_t i = rd->n_sources++;
    rd->sources[i] =
        (ot_refdata_source){rd_str(rd, src->label), rd_str(rd, src->kind), rd_str(rd, src->as_of),
                            rd_str(rd, src->sha256), src->rows};
    rd->source_metals[i] = rd_str(rd, metals);
    return true;
}

const char *rd_source_metals(const ot_refdata *rd, size_t i)
{
    return i < rd->n_sources ? rd->source_metals[i] : "";
}

ot_smelter *rd_smelter_mut(ot_refdata *rd, const char *id)
{
    size_t i;
    return strmap_get(&rd->by_id, id, &i) ? &rd->smelters[i] : NULL;
}

/* ---- statuses ---------------------------------------------------------------------- */

static bool grow_status(ot_refdata *rd)
{
    GROW(rd->status, rd->n_status, rd->cap_status);
    return true;
}

bool rd_push_status(ot_refdata *rd, const ot_status_entry *e)
{
    if (!grow_status(rd)) return false;
    rd->status[rd->n_status++] = *e;
    return true;
}

static int status_cmp(const void *a, const void *b)
{
    const ot_status_entry *x = a, *y = b;
    int c = strcmp(x->smelter_id, y->smelter_id);
    if (c) return c;
    c = strcmp(x->as_of, y->as_of);
    if (c) return c;
    return strcmp(x->source, y->source);
}

void rd_sort_status(ot_refdata *rd)
{
    if (rd->n_status) qsort(rd->status, rd->n_status, sizeof *rd->status, status_cmp);
}

/* First index whose smelter_id is not less than id. */
static size_t status_lower_bound(const ot_refdata *rd, const char *id)
{
    size_t lo = 0, hi = rd->n_status;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(rd->status[mid].smelter_id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

ot_code ot_refdata_add_status(ot_refdata *rd, const char *smelter_id, ot_rmap_status status,
                              const char *as_of, const char *source, ot_error *err)
{
    char date[OT_DATE_LEN];
    if (!as_of || !ot_refdata_parse_date(as_of, date))
        return ot_fail(err, OT_E_INVALID, "status date '%s' is not a date", as_of ? as_of : "");
    char id[32];
    if (!ot_refdata_canonical_id(smelter_id, id))
        return ot_fail(err, OT_E_INVALID, "'%s' is not a smelter ID", smelter_id ? smelter_id : "");
    const char *src = source ? source : "";
    for (size_t i = status_lower_bound(rd, id);
         i < rd->n_status && strcmp(rd->status[i].smelter_id, id) == 0; i++)
        if (strcmp(rd->status[i].as_of, date) == 0 && strcmp(rd->status[i].source, src) == 0) {
            rd->status[i].status = status; /* the same list again: keep its latest word */
            return OT_OK;
        }
    ot_status_entry e = {rd_str(rd, id), status, rd_str(rd, date), rd_str(rd, src)};
    if (!rd_push_status(rd, &e)) return ot_fail(err, OT_E_NOMEM, "out of memory");
    size_t i = rd->n_status - 1; /* keep sorted: move the new entry into place */
    while (i > 0 && status_cmp(&rd->status[i - 1], &e) > 0) {
        rd->status[i] = rd->status[i - 1];
        i--;
    }
    rd->status[i] = e;
    return OT_OK;
}

static const ot_status_entry *status_of_id(const ot_refdata *rd, const char *id, const char *date)
{
    size_t lo = status_lower_bound(rd, id);
    const ot_status_entry *best = NULL;
    for (size_t i = lo; i < rd->n_status && strcmp(rd->status[i].smelter_id, id) == 0; i++) {
        if (date && *date && strcmp(rd->status[i].as_of, date) > 0) break;
        best = &rd->status[i];
    }
    return best;
}

const ot_status_entry *ot_refdata_status(const ot_refdata *rd, const char *smelter_id,
                                         const char *date)
{
    char id[32];
    if (!smelter_id || !ot_refdata_canonical_id(smelter_id, id)) return NULL;
    const ot_status_entry *best = status_of_id(rd, id, date);
    /* Statuses published under IDs since merged into this one. */
    for (size_t i = 0; i < rd->n_smelters; i++) {
        const ot_smelter *s = &rd->smelters[i];
        if (s->state != OT_SMELTER_MERGED || !s->successor_id) continue;
        if (strcmp(s->successor_id, id) != 0) continue;
        const ot_status_entry *e = status_of_id(rd, s->id, date);
        if (e && (!best || strcmp(e->as_of, best->as_of) > 0)) best = e;
    }
    return best;
}

/* ---- reading ----------------------------------------------------------------------- */

size_t ot_refdata_smelter_count(const ot_refdata *rd)
{
    return rd->n_smelters;
}
const ot_smelter *ot_refdata_smelter_at(const ot_refdata *rd, size_t i)
{
    return i < rd->n_smelters ? &rd->smelters[i] : NULL;
}
size_t ot_refdata_alias_count(const ot_refdata *rd)
{
    return rd->n_aliases;
}
const ot_refdata_alias *ot_refdata_alias_at(const ot_refdata *rd, size_t i)
{
    return i < rd->n_aliases ? &rd->aliases[i] : NULL;
}
size_t ot_refdata_event_count(const ot_refdata *rd)
{
    return rd->n_events;
}
const ot_refdata_event *ot_refdata_event_at(const ot_refdata *rd, size_t i)
{
    return i < rd->n_events ? &rd->events[i] : NULL;
}
size_t ot_refdata_source_count(const ot_refdata *rd)
{
    return rd->n_sources;
}
const ot_refdata_source *ot_refdata_source_at(const ot_refdata *rd, size_t i)
{
    return i < rd->n_sources ? &rd->sources[i] : NULL;
}
size_t ot_refdata_legacy_count(const ot_refdata *rd)
{
    return rd->n_legacy;
}
void ot_refdata_legacy_at(const ot_refdata *rd, size_t i, const char **legacy_id,
                          const char **smelter_id)
{
    *legacy_id = i < rd->n_legacy ? rd->legacy[i].legacy_id : NULL;
    *smelter_id = i < rd->n_legacy ? rd->legacy[i].smelter_id : NULL;
}
size_t ot_refdata_status_count(const ot_refdata *rd)
{
    return rd->n_status;
}
const ot_status_entry *ot_refdata_status_at(const ot_refdata *rd, size_t i)
{
    return i < rd->n_status ? &rd->status[i] : NULL;
}

bool ot_refdata_canonical_id(const char *typed, char out[32])
{
    out[0] = '\0';
    if (!typed) return false;
    char s[32];
    size_t n = 0;
    for (const char *p = typed; *p && n + 1 < sizeof s; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == 0xa0) continue;
        if (c >= 0x80) return false;
        s[n++] = (char)toupper(c);
    }
    s[n] = '\0';
    if (n == 0) return false;
    /* "CID002763", "CID2763", "2763" */
    const char *digits = strncmp(s, "CID", 3) == 0 ? s + 3 : s;
    size_t nd = strspn(digits, "0123456789");
    if (nd > 0 && nd <= 6 && digits[nd] == '\0') {
        snprintf(out, 32, "CID%06ld", strtol(digits, NULL, 10));
        return true;
    }
    /* legacy "1JPN072": metal digit, ISO alpha-3, number */
    if (n >= 5 && n <= 10 && isdigit((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
        isalpha((unsigned char)s[2]) && isalpha((unsigned char)s[3]) &&
        strspn(s + 4, "0123456789") == n - 4) {
        memcpy(out, s, n + 1);
        return true;
    }
    /* anything else from a list's ID column: keep it, upper-cased, if it is plain */
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return false;
    if (n < 4) return false;
    memcpy(out, s, n + 1);
    return true;
}

const ot_smelter *ot_refdata_find(const ot_refdata *rd, const char *id)
{
    char canon[32];
    if (!ot_refdata_canonical_id(id, canon)) return NULL;
    size_t i;
    if (strmap_get(&rd->by_id, canon, &i)) return &rd->smelters[i];
    if (strmap_get(&rd->by_legacy, canon, &i) &&
        strmap_get(&rd->by_id, rd->legacy[i].smelter_id, &i))
        return &rd->smelters[i];
    return NULL;
}

const ot_smelter *ot_refdata_resolve_current(const ot_refdata *rd, const ot_smelter *s)
{
    for (int hops = 0; s && s->state == OT_SMELTER_MERGED && s->successor_id && hops < 16; hops++) {
        size_t i;
        if (!strmap_get(&rd->by_id, s->successor_id, &i)) break;
        s = &rd->smelters[i];
    }
    return s;
}

const char *ot_smelter_state_name(ot_smelter_state s)
{
    switch (s) {
    case OT_SMELTER_CURRENT:
        return "current";
    case OT_SMELTER_RETIRED:
        return "retired";
    case OT_SMELTER_MERGED:
        return "merged";
    }
    return "current";
}

static const char *const event_names[OT_EVENT__COUNT] = {
    "added",  "renamed",    "country-changed", "retired",
    "merged", "reinstated", "legacy-id",       "listed-earlier",
};

const char *ot_event_kind_name(ot_event_kind k)
{
    return k < OT_EVENT__COUNT ? event_names[k] : "unknown";
}

bool rd_event_kind_parse(const char *s, ot_event_kind *out);
bool rd_event_kind_parse(const char *s, ot_event_kind *out)
{
    for (int k = 0; k < OT_EVENT__COUNT; k++)
        if (strcmp(s, event_names[k]) == 0) {
            *out = (ot_event_kind)k;
            return true;
        }
    return false;
}

/* ---- dates ------------------------------------------------------------------------- */

bool ot_refdata_parse_date(const char *text, char out[OT_DATE_LEN])
{
    int32_t day;
    out[0] = '\0';
    if (!ot_date_parse_loose(text, &day)) return false;
    ot_date_format(day, out);
    return true;
}
