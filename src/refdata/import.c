/* import.c - applying a reference list to the store, with history.
 *
 * A list (one import batch) is grouped by smelter ID and compared with what the store
 * holds for the same metals:
 *   - an ID not seen before is added;
 *   - a changed standard name is a rename (the old name stays as an alias, so suppliers
 *     who still type it are understood), a changed country is recorded;
 *   - an ID the store has as current but the list no longer carries is merged when one of
 *     its names now belongs to another ID of the same metal, retired otherwise;
 *   - a legacy ID mapped to a CID (CMRT 3.01) merges the legacy record into the CID.
 * A list older than the store's latest for a metal (imported out of order) only adds
 * what is missing: unknown IDs come in as retired, old names as aliases. A list that
 * carries fewer than half of a metal's current smelters is refused unless it is imported
 * as partial, and a partial list retires nothing, so a short or forged list cannot wipe
 * out the reference list. Each import remembers the store as it was before, so it can
 * be undone (persist.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "refdata/normalize.h"
#include "refdata/refdata_internal.h"
#include "util/fileio.h"
#include "util/text.h"

#define MAX_METALS 32

void batch_init(ref_batch *b)
{
    memset(b, 0, sizeof *b);
    ot_arena_init(&b->arena, 0);
}

void batch_free(ref_batch *b)
{
    free(b->rows);
    ot_arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}

static const char *bstr(ref_batch *b, const char *s)
{
    if (!s) return NULL;
    return ot_arena_strdup(&b->arena, s);
}

bool batch_add(ref_batch *b, const ref_row *row)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        ref_row *p = realloc(b->rows, cap * sizeof *p);
        if (!p) return false;
        b->rows = p;
        b->cap = cap;
    }
    b->rows[b->n++] = (ref_row){bstr(b, row->metal),
                                bstr(b, row->alias),
                                bstr(b, row->standard),
                                bstr(b, row->country),
                                bstr(b, row->id),
                                bstr(b, row->legacy_id),
                                bstr(b, row->id_source),
                                bstr(b, row->street),
                                bstr(b, row->city),
                                bstr(b, row->state),
                                row->line,
                                row->sheet};
    return true;
}

/* ---- grouping ---------------------------------------------------------------------- */

typedef struct group {
    const char *id, *metal, *standard, *country, *id_source, *street, *city, *state;
    const char *legacy_id;
    size_t names_from, names_to; /* range in the names array, filled after grouping */
} group;

typedef struct name_ref {
    size_t group;
    const char *name;
} name_ref;

typedef struct grouping {
    group *g;
    size_t n, cap;
    name_ref *names;
    size_t n_names, cap_names;
    ot_strmap by_id;
    ot_strmap by_legacy; /* old-style IDs the list maps to its CIDs (CMRT 3.01) */
    const char *metals[MAX_METALS];
    size_t n_metals;
} grouping;

static void grouping_free(grouping *gr)
{
    free(gr->g);
    free(gr->names);
    strmap_free(&gr->by_id);
    strmap_free(&gr->by_legacy);
}

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* Metal as the templates spell it ("Gold (Au)" -> "Gold"); other minerals kept as typed. */
static const char *batch_metal(ref_batch *b, const char *typed)
{
    const char *m = ot_metal_canonical(typed, NULL);
    if (m) return m;
    if (!typed) return NULL;
    while (*typed == ' ')
        typed++;
    return *typed ? bstr(b, typed) : NULL;
}

static bool add_name(grouping *gr, size_t gi, const char *name)
{
    if (!nz(name)) return true;
    if (gr->n_names == gr->cap_names) {
        size_t cap = gr->cap_names ? gr->cap_names * 2 : 512;
        name_ref *p = realloc(gr->names, cap * sizeof *p);
        if (!p) return false;
        gr->names = p;
        gr->cap_names = cap;
    }
    gr->names[gr->n_names++] = (name_ref){gi, name};
    return true;
}

static int name_ref_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    return x->group < y->group ? -1 : x->group > y->group;
}

static ot_code group_rows(ref_batch *b, grouping *gr, ot_error *err)
{
    for (size_t i = 0; i < b->n; i++) {
        const ref_row *r = &b->rows[i];
        char id[32];
        if (rd_is_special_row(r) || !rd_list_id(r->id, id)) continue;
        const char *metal = batch_metal(b, r->metal);
        if (!metal) continue;
        size_t gi;
        if (!strmap_get(&gr->by_id, id, &gi)) {
            if (gr->n == gr->cap) {
                size_t cap = gr->cap ? gr->cap * 2 : 256;
                group *p = realloc(gr->g, cap * sizeof *p);
                if (!p) return ot_fail(err, OT_E_NOMEM, "out of memory");
                gr->g = p;
                gr->cap = cap;
            }
            gi = gr->n++;
            memset(&gr->g[gi], 0, sizeof gr->g[gi]);
            gr->g[gi].id = bstr(b, id);
            gr->g[gi].metal = metal;
            if (!strmap_put(&gr->by_id, gr->g[gi].id, gi))
                return ot_fail(err, OT_E_NOMEM, "out of memory");
            bool seen = false;
            for (size_t m = 0; m < gr->n_metals; m++)
                if (strcmp(gr->metals[m], metal) == 0) seen = true;
            if (!seen && gr->n_metals < MAX_METALS) gr->metals[gr->n_metals++] = metal;
        }
        group *g = &gr->g[gi];
        if (!g->standard) g->standard = nz(r->standard);
        if (!g->country) g->country = nz(r->country);
        if (!g->id_source) g->id_source = nz(r->id_source);
        if (!g->street) g->street = nz(r->street);
        if (!g->city) g->city = nz(r->city);
        if (!g->state) g->state = nz(r->state);
        char legacy[32];
        if (!g->legacy_id && nz(r->legacy_id) && rd_list_id(r->legacy_id, legacy))
            g->legacy_id = bstr(b, legacy);
        if (!add_name(gr, gi, r->standard) || !add_name(gr, gi, r->alias))
            return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < gr->n; i++)
        if (gr->g[i].legacy_id && !strmap_put(&gr->by_legacy, gr->g[i].legacy_id, i))
            return ot_fail(err, OT_E_NOMEM, "out of memory");
    /* names grouped per ID, in file order within a group (stable by construction) */
    if (gr->n_names) qsort(gr->names, gr->n_names, sizeof *gr->names, name_ref_cmp);
    for (size_t i = 0; i < gr->n; i++)
        gr->g[i].names_from = gr->g[i].names_to = 0;
    for (size_t i = 0; i < gr->n_names;) {
        size_t j = i;
        while (j < gr->n_names && gr->names[j].group == gr->names[i].group)
            j++;
        gr->g[gr->names[i].group].names_from = i;
        gr->g[gr->names[i].group].names_to = j;
        i = j;
    }
    return OT_OK;
}

/* ---- applying ---------------------------------------------------------------------- */

static bool list_has(const char *csv, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = csv; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && strncmp(p, item, n) == 0) return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

/* Latest as-of date of a reference list (not a status list) covering the metal. */
static const char *latest_list_date(const ot_refdata *rd, const char *metal)
{
    const char *best = NULL;
    for (size_t i = 0; i < rd->n_sources; i++) {
        const ot_refdata_source *s = &rd->sources[i];
        if (strcmp(s->kind, "status") == 0) continue;
        if (!list_has(rd_source_metals(rd, i), metal)) continue;
        if (!best || strcmp(s->as_of, best) > 0) best = s->as_of;
    }
    return best;
}

typedef struct apply_ctx {
    ot_refdata *rd;
    ref_batch *b;
    grouping *gr;
    ot_import_report *rep;
    const char *label, *as_of;
    bool advancing[MAX_METALS];
} apply_ctx;

static int metal_index(const grouping *gr, const char *metal)
{
    for (size_t i = 0; i < gr->n_metals; i++)
        if (strcmp(gr->metals[i], metal) == 0) return (int)i;
    return -1;
}

static bool same_text(const char *a, const char *b)
{
    return ot_text_equal_loose(a ? a : "", b ? b : "");
}

static bool apply_group(apply_ctx *c, const group *g)
{
    ot_refdata *rd = c->rd;
    bool adv = c->advancing[metal_index(c->gr, g->metal)];
    ot_smelter *s = rd_smelter_mut(rd, g->id);
    if (!s) {
        ot_smelter n = {rd_str(rd, g->id),
                        rd_str(rd, g->metal),
                        rd_str(rd, g->standard),
                        rd_str(rd, g->country),
                        rd_str(rd, g->id_source),
                        rd_str(rd, g->street),
                        rd_str(rd, g->city),
                        rd_str(rd, g->state),
                        adv ? OT_SMELTER_CURRENT : OT_SMELTER_RETIRED,
                        NULL,
                        rd_str(rd, c->label),
                        rd_str(rd, c->label),
                        rd_str(rd, c->as_of)};
        if (!*n.standard_name && g->names_to > g->names_from)
            n.standard_name = rd_str(rd, c->gr->names[g->names_from].name);
        if (rd_add_smelter(rd, &n) == SIZE_MAX) return false;
        if (!rd_add_event(rd, c->as_of, c->label, g->id,
                          adv ? OT_EVENT_ADDED : OT_EVENT_LISTED_EARLIER, "", n.standard_name))
            return false;
        c->rep->added++;
    } else if (adv) {
        if (nz(g->standard) && !same_text(s->standard_name, g->standard)) {
            rd_add_alias(rd, s->id, s->standard_name, s->last_source, s->last_seen);
            if (!rd_add_event(rd, c->as_of, c->label, s->id, OT_EVENT_RENAMED, s->standard_name,
                              g->standard))
                return false;
            s->standard_name = rd_str(rd, g->standard);
            c->rep->renamed++;
        }
        if (nz(g->country) && !same_text(s->country, g->country)) {
            if (ot_country_differs(s->country, g->country)) {
                if (!rd_add_event(rd, c->as_of, c->label, s->id, OT_EVENT_COUNTRY_CHANGED,
                                  s->country, g->country))
                    return false;
                c->rep->country_changed++;
            }
            s->country = rd_str(rd, g->country);
        }
        if (nz(g->id_source)) s->id_source = rd_str(rd, g->id_source);
        if (nz(g->street)) s->street = rd_str(rd, g->street);
        if (nz(g->city)) s->city = rd_str(rd, g->city);
        if (nz(g->state)) s->state_province = rd_str(rd, g->state);
        if (s->state != OT_SMELTER_CURRENT) {
            if (!rd_add_event(rd, c->as_of, c->label, s->id, OT_EVENT_REINSTATED, "", ""))
                return false;
            s->state = OT_SMELTER_CURRENT;
            s->successor_id = NULL;
            c->rep->reinstated++;
        }
        s->last_source = rd_str(rd, c->label);
        s->last_seen = rd_str(rd, c->as_of);
    } else {
        /* An older list: fill gaps, remember the name it had then. */
        if (nz(g->standard) && !same_text(s->standard_name, g->standard))
            if (!rd_add_event(rd, c->as_of, c->label, s->id, OT_EVENT_RENAMED, g->standard,
                              s->standard_name))
                return false;
        if (!*s->country && nz(g->country)) s->country = rd_str(rd, g->country);
        if (!*s->city && nz(g->city)) s->city = rd_str(rd, g->city);
        if (!*s->state_province && nz(g->state)) s->state_province = rd_str(rd, g->state);
        s->first_source = rd_str(rd, c->label);
    }
    for (size_t i = g->names_from; i < g->names_to; i++)
        if (rd_add_alias(rd, g->id, c->gr->names[i].name, c->label, c->as_of))
            c->rep->aliases_added++;
    if (g->legacy_id && strcmp(g->legacy_id, g->id) != 0) {
        if (rd_add_legacy(rd, g->legacy_id, g->id, c->label)) {
            c->rep->legacy_ids++;
            if (!rd_add_event(rd, c->as_of, c->label, g->id, OT_EVENT_LEGACY_ID, g->legacy_id,
                              g->id))
                return false;
        }
        ot_smelter *old = rd_smelter_mut(rd, g->legacy_id);
        if (old && old->state != OT_SMELTER_MERGED) {
            old->state = OT_SMELTER_MERGED;
            old->successor_id = rd_str(rd, g->id);
            if (!rd_add_event(rd, c->as_of, c->label, old->id, OT_EVENT_MERGED, old->id, g->id))
                return false;
            c->rep->merged++;
        }
    }
    return true;
}

/* Normalised-name key -> group, for finding where a dropped ID's names went. */
static bool build_name_keys(apply_ctx *c, ot_strmap *keys)
{
    for (size_t i = 0; i < c->gr->n_names; i++) {
        ot_norm_name nn;
        ot_normalize_name(c->gr->names[i].name, &nn);
        if (nn.full_key_len < 4) continue;
        const group *g = &c->gr->g[c->gr->names[i].group];
        size_t need = strlen(g->metal) + nn.full_key_len + 2;
        char *k = ot_arena_alloc(&c->b->arena, need);
        if (!k) return false;
        snprintf(k, need, "%s\x1f%s", g->metal, nn.full_key);
        size_t prev;
        if (strmap_get(keys, k, &prev) && prev != c->gr->names[i].group)
            strmap_put(keys, k, SIZE_MAX); /* two IDs share the name: no successor */
        else if (!strmap_put(keys, k, c->gr->names[i].group))
            return false;
    }
    return true;
}

static const group *successor_for(apply_ctx *c, const ot_strmap *keys, const ot_smelter *s)
{
    const group *found = NULL;
    for (size_t i = 0; i < c->rd->n_aliases + 1; i++) {
        const char *name;
        if (i == c->rd->n_aliases)
            name = s->standard_name;
        else if (strcmp(c->rd->aliases[i].smelter_id, s->id) == 0)
            name = c->rd->aliases[i].name;
        else
            continue;
        ot_norm_name nn;
        ot_normalize_name(name, &nn);
        char k[OT_NORM_TEXT + 40];
        snprintf(k, sizeof k, "%s\x1f%s", s->metal, nn.full_key);
        size_t gi;
        if (nn.full_key_len >= 4 && strmap_get(keys, k, &gi) && gi != SIZE_MAX) {
            if (found && found != &c->gr->g[gi]) return NULL; /* ambiguous */
            found = &c->gr->g[gi];
        }
    }
    return found;
}

static ot_code retire_missing(apply_ctx *c, const bool *was_current, ot_error *err)
{
    ot_strmap keys = {0};
    if (!build_name_keys(c, &keys)) {
        strmap_free(&keys);
        return ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    for (size_t mi = 0; mi < c->gr->n_metals; mi++) {
        if (!c->advancing[mi]) continue;
        const char *metal = c->gr->metals[mi];
        for (size_t i = 0; i < c->rd->n_smelters; i++) {
            ot_smelter *s = &c->rd->smelters[i];
            if (!was_current[i] || s->state != OT_SMELTER_CURRENT) continue;
            if (strcmp(s->metal, metal) != 0 || strmap_get(&c->gr->by_id, s->id, NULL)) continue;
            const group *succ = successor_for(c, &keys, s);
            bool ok;
            if (succ) {
                s->state = OT_SMELTER_MERGED;
                s->successor_id = rd_str(c->rd, succ->id);
                ok = rd_add_event(c->rd, c->as_of, c->label, s->id, OT_EVENT_MERGED, s->id,
                                  succ->id);
                c->rep->merged++;
            } else {
                s->state = OT_SMELTER_RETIRED;
                ok = rd_add_event(c->rd, c->as_of, c->label, s->id, OT_EVENT_RETIRED,
                                  s->standard_name, "");
                c->rep->retired++;
            }
            if (!ok) {
                strmap_free(&keys);
                return ot_fail(err, OT_E_NOMEM, "out of memory");
            }
        }
    }
    strmap_free(&keys);
    return OT_OK;
}

/* A list far smaller than the one in force for a metal (it carries fewer than half of
 * the metal's current smelters) would retire the rest: refused, unless it is imported
 * as partial, which retires nothing. Only lists that become the latest for the metal
 * count; an older list only adds history. */
static ot_code check_size(apply_ctx *c, bool partial, ot_error *err)
{
    for (size_t mi = 0; mi < c->gr->n_metals; mi++) {
        if (!c->advancing[mi]) continue;
        const char *metal = c->gr->metals[mi];
        size_t current = 0, carried = 0;
        for (size_t i = 0; i < c->rd->n_smelters; i++) {
            const ot_smelter *s = &c->rd->smelters[i];
            if (s->state != OT_SMELTER_CURRENT || strcmp(s->metal, metal) != 0) continue;
            current++;
            /* listed under its ID, or under the CID that replaces its old-style ID */
            carried += strmap_get(&c->gr->by_id, s->id, NULL) ||
                       strmap_get(&c->gr->by_legacy, s->id, NULL);
        }
        if (carried * 2 >= current) continue;
        size_t l = strlen(c->rep->partial_metals);
        snprintf(c->rep->partial_metals + l, sizeof c->rep->partial_metals - l, "%s%s",
                 l ? "," : "", metal);
        if (partial) continue;
        c->rep->too_small = true;
        return ot_fail(err, OT_E_INVALID,
                       "%s lists %zu of the %zu %s smelters in force, fewer than half: "
                       "refused as a partial list (imported as partial it would add and "
                       "update smelters but retire none)",
                       c->label, carried, current, metal);
    }
    return OT_OK;
}

/* Groups the rows and decides, per metal, whether the list is the newest (advancing). */
static ot_code plan_batch(ot_refdata *rd, ref_batch *b, grouping *gr, apply_ctx *c,
                          ot_import_report *rep, ot_error *err)
{
    ot_code rc = group_rows(b, gr, err);
    if (rc == OT_OK && gr->n == 0)
        rc = ot_fail(err, OT_E_INVALID, "%s: no smelter rows with a smelter ID found", b->label);
    if (rc != OT_OK) return rc;
    rep->smelters = gr->n;
    *c = (apply_ctx){rd, b, gr, rep, b->label, b->as_of, {0}};
    for (size_t m = 0; m < gr->n_metals; m++) {
        const char *latest = latest_list_date(rd, gr->metals[m]);
        c->advancing[m] = !latest || strcmp(b->as_of, latest) >= 0;
        if (!c->advancing[m]) rep->backfill = true;
        size_t l = strlen(rep->metals);
        snprintf(rep->metals + l, sizeof rep->metals - l, "%s%s", l ? "," : "", gr->metals[m]);
    }
    return OT_OK;
}

static ot_code apply_groups(apply_ctx *c, bool partial, ot_error *err)
{
    ot_refdata *rd = c->rd;
    bool *was_current = calloc(rd->n_smelters + 1, sizeof *was_current);
    if (!was_current) return ot_fail(err, OT_E_NOMEM, "out of memory");
    for (size_t i = 0; i < rd->n_smelters; i++)
        was_current[i] = rd->smelters[i].state == OT_SMELTER_CURRENT;
    size_t n_before = rd->n_smelters;
    ot_code rc = OT_OK;
    for (size_t i = 0; i < c->gr->n && rc == OT_OK; i++)
        if (!apply_group(c, &c->gr->g[i])) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    if (rc == OT_OK && !partial) {
        /* smelters added by this batch were not current before it */
        bool *wc = realloc(was_current, (rd->n_smelters + 1) * sizeof *wc);
        if (!wc)
            rc = ot_fail(err, OT_E_NOMEM, "out of memory");
        else {
            was_current = wc;
            for (size_t i = n_before; i < rd->n_smelters; i++)
                was_current[i] = false;
            rc = retire_missing(c, was_current, err);
        }
    }
    free(was_current);
    return rc;
}

ot_code rd_apply_batch(ot_refdata *rd, ref_batch *b, bool partial, ot_import_report *rep,
                       ot_error *err)
{
    snprintf(rep->label, sizeof rep->label, "%s", b->label);
    memcpy(rep->as_of, b->as_of, sizeof rep->as_of);
    rep->rows = b->n;
    rep->partial = partial;
    grouping gr = {0};
    apply_ctx c;
    ot_code rc = plan_batch(rd, b, &gr, &c, rep, err);
    if (rc == OT_OK) rc = check_size(&c, partial, err);
    if (rc == OT_OK) rc = apply_groups(&c, partial, err);
    if (rc == OT_OK) {
        ot_refdata_source src = {b->label, b->kind, b->as_of, b->sha256, b->n};
        if (!rd_add_source(rd, &src, rep->metals)) rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    }
    grouping_free(&gr);
    return rc;
}

/* ---- entry point ------------------------------------------------------------------- */

/* A workbook by its bytes, or by its name (then the reader says what is wrong with it). */
static bool looks_like_workbook(const char *path, const unsigned char *d, size_t n)
{
    static const unsigned char zip[4] = {'P', 'K', 3, 4};
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if ((n >= 4 && memcmp(d, zip, 4) == 0) || (n >= 8 && memcmp(d, ole, 8) == 0)) return true;
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".xlsx") == 0 || strcasecmp(dot, ".xls") == 0 ||
                   strcasecmp(dot, ".xlsm") == 0);
}

/* The audit entry the next save writes for this import: source and counts. */
static ot_code note_import(ot_refdata *rd, const ot_import_report *r, const ref_batch *b,
                           const char *path, char *before, size_t before_len, ot_error *err)
{
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
        "s:I, s:I}",
        "source", r->label, "as_of", r->as_of, "metals", r->metals, "backfill", (int)r->backfill,
        "partial", (int)r->partial, "rows", (json_int_t)r->rows, "smelters",
        (json_int_t)r->smelters, "added", (json_int_t)r->added, "renamed", (json_int_t)r->renamed,
        "country_changed", (json_int_t)r->country_changed, "retired", (json_int_t)r->retired,
        "merged", (json_int_t)r->merged, "reinstated", (json_int_t)r->reinstated, "aliases_added",
        (json_int_t)r->aliases_added, "legacy_ids", (json_int_t)r->legacy_ids);
    rd_import_meta meta = {b->kind, b->as_of, b->sha256, path, r->partial, before, before_len};
    return rd_note_import(rd, "refdata.import", r->label, j, &meta, err);
}

/* The list's date: the given one, else the template's revision date; never after today
 * (a list cannot be dated in the future, and a later date would outrank the real list). */
static ot_code list_date(ref_batch *b, const char *given, const char *path, ot_import_report *rep,
                         ot_error *err)
{
    if (*given) memcpy(b->as_of, given, sizeof b->as_of);
    if (!*b->as_of) {
        rep->need_date = true;
        return ot_fail(err, OT_E_INVALID,
                       "%s carries no date (%s): the date of the list must be given", path,
                       strcmp(b->kind, "csv") == 0 ? "a look-up CSV never does"
                                                   : "no revision date in Declaration!J3");
    }
    char today[OT_DATE_LEN];
    ot_date_today_iso(today);
    if (strcmp(b->as_of, today) > 0)
        return ot_fail(err, OT_E_INVALID, "%s: the list is dated %s, after today (%s)", path,
                       b->as_of, today);
    return OT_OK;
}

/* A file imported again leaves the store as it was: drops the source it added and says so. */
static bool undo_if_same(ot_refdata *rd, const char *before, size_t before_len,
                         ot_import_report *rep)
{
    size_t last = rd->n_sources - 1;
    const char *sha = rd->sources[last].sha256;
    size_t earlier = SIZE_MAX;
    for (size_t i = 0; i < last && earlier == SIZE_MAX; i++)
        if (*sha && strcmp(rd->sources[i].sha256, sha) == 0) earlier = i;
    if (earlier == SIZE_MAX) return false;
    rd->n_sources--; /* the state without this import's source record */
    size_t len;
    char *after = rd_state_text(rd, &len);
    bool same = after && len == before_len && memcmp(after, before, len) == 0;
    free(after);
    if (!same) {
        rd->n_sources++;
        return false;
    }
    rep->duplicate = true;
    snprintf(rep->label, sizeof rep->label, "%s", rd->sources[earlier].label);
    return true;
}

ot_code ot_refdata_import_with(ot_refdata *rd, const char *path, const ot_import_opts *opts,
                               ot_import_report *rep, ot_error *err)
{
    memset(rep, 0, sizeof *rep);
    static const ot_import_opts none = {0};
    if (!opts) opts = &none;
    char date[OT_DATE_LEN] = "";
    if (opts->as_of && *opts->as_of && !ot_refdata_parse_date(opts->as_of, date))
        return ot_fail(err, OT_E_USAGE, "as-of date '%s' is not a date (use YYYY-MM-DD)",
                       opts->as_of);
    unsigned char *data;
    size_t len;
    ot_code rc = ot_read_file(path, 64u << 20, &data, &len, err);
    if (rc != OT_OK) return rc;
    ref_batch b;
    batch_init(&b);
    ot_sha256_hex(data, len, b.sha256);
    rc = looks_like_workbook(path, data, len) ? rd_read_workbook(path, data, len, &b, err)
                                              : rd_read_lookup_csv(path, data, len, &b, err);
    free(data);
    if (rc == OT_OK) rc = list_date(&b, date, path, rep, err);
    if (rc == OT_OK) rc = rd_check_batch(&b, path, err);
    size_t before_len = 0;
    char *before = NULL;
    if (rc == OT_OK && !(before = rd_state_text(rd, &before_len)))
        rc = ot_fail(err, OT_E_NOMEM, "out of memory");
    if (rc == OT_OK) rc = rd_apply_batch(rd, &b, opts->partial, rep, err);
    if (rc == OT_OK && !undo_if_same(rd, before, before_len, rep)) {
        rc = note_import(rd, rep, &b, path, before, before_len, err);
        before = NULL; /* taken over by the note */
    }
    free(before);
    batch_free(&b);
    return rc;
}

ot_code ot_refdata_import(ot_refdata *rd, const char *path, const char *as_of,
                          ot_import_report *rep, ot_error *err)
{
    ot_import_opts opts = {as_of, false};
    return ot_refdata_import_with(rd, path, &opts, rep, err);
}
